//! Decisions: creating and opening them, ballots on the laptop and on paper, the result.

use commonpot_app::{
    BallotChoice, BallotSource, Books, DecisionSummary, NewDecision, PaperOutcome, TallyView,
};
use tauri::State;

use crate::dto::{
    BallotDto, DecisionDto, NewDecisionDto, PaperDifferenceDto, PaperEntryDto, PaperOutcomeDto,
};
use crate::session::{Result, Session};

#[tauri::command]
#[specta::specta]
pub fn decisions(session: State<'_, Session>) -> Result<Vec<DecisionSummary>> {
    session.with(|books, _| books.decisions())
}

pub(crate) fn decision_dto(
    books: &Books,
    id: &str,
) -> std::result::Result<DecisionDto, commonpot_app::AppError> {
    let d = books.decision(id)?;
    let voters = if d.opened_at.is_some() {
        books.voters(&d)?
    } else {
        Vec::new()
    };
    DecisionDto::new(&d, voters, &books.association().locale)
}

#[tauri::command]
#[specta::specta]
pub fn decision(session: State<'_, Session>, id: String) -> Result<DecisionDto> {
    session.with(|books, _| decision_dto(books, &id))
}

#[tauri::command]
#[specta::specta]
pub fn create_decision(session: State<'_, Session>, decision: NewDecisionDto) -> Result<String> {
    session.with(|books, _| {
        let id = books.create_decision(NewDecision {
            title: decision.title,
            method: decision.method,
            budget: decision.budget,
            pool: decision.pool,
            cap: decision.cap,
            options: Some(decision.options),
            weights: decision.weights,
            quorum: decision.quorum,
            threshold: decision.threshold,
            window_months: None,
        })?;
        Ok(id.to_string())
    })
}

/// Opens voting now and freezes the weights (on a big association this takes seconds).
#[tauri::command]
#[specta::specta]
pub async fn open_decision(session: State<'_, Session>, id: String) -> Result<DecisionDto> {
    session.with(|books, _| {
        books.open_decision(&id, None)?;
        decision_dto(books, &id)
    })
}

#[tauri::command]
#[specta::specta]
pub fn cast_ballot(session: State<'_, Session>, ballot: BallotDto) -> Result<DecisionDto> {
    session.with(|books, _| {
        let choice = choice(ballot.choice.as_deref(), ballot.approve);
        let source = if ballot.paper {
            BallotSource::Paper
        } else {
            BallotSource::Laptop
        };
        books.cast_ballot(&ballot.decision, &ballot.member, choice, source)?;
        decision_dto(books, &ballot.decision)
    })
}

pub(crate) fn choice(choice: Option<&str>, approve: Vec<String>) -> BallotChoice {
    match choice {
        Some("yes") => BallotChoice::Yes,
        Some("no") => BallotChoice::No,
        Some("abstain") => BallotChoice::Abstain,
        _ => BallotChoice::Approve(approve),
    }
}

/// One volunteer's entry of a numbered paper ballot (double entry).
#[tauri::command]
#[specta::specta]
pub fn enter_paper(session: State<'_, Session>, entry: PaperEntryDto) -> Result<PaperOutcomeDto> {
    session.with(|books, _| {
        let outcome = books.enter_paper(
            &entry.decision,
            &entry.paper,
            entry.pass,
            &entry.member,
            choice(entry.choice.as_deref(), entry.approve),
        )?;
        Ok(PaperOutcomeDto {
            outcome: match outcome {
                PaperOutcome::Waiting => "waiting",
                PaperOutcome::Cast => "cast",
                PaperOutcome::Differs => "differs",
            }
            .into(),
            decision: decision_dto(books, &entry.decision)?,
        })
    })
}

#[tauri::command]
#[specta::specta]
pub fn paper_differences(
    session: State<'_, Session>,
    id: String,
) -> Result<Vec<PaperDifferenceDto>> {
    session.with(|books, _| {
        Ok(books
            .paper_differences(&id)?
            .into_iter()
            .map(PaperDifferenceDto::from)
            .collect())
    })
}

/// The organiser's reading of a paper ballot whose entries differ: it counts as given.
#[tauri::command]
#[specta::specta]
pub fn settle_paper(session: State<'_, Session>, entry: PaperEntryDto) -> Result<DecisionDto> {
    session.with(|books, _| {
        books.settle_paper(
            &entry.decision,
            &entry.paper,
            &entry.member,
            choice(entry.choice.as_deref(), entry.approve),
        )?;
        decision_dto(books, &entry.decision)
    })
}

#[tauri::command]
#[specta::specta]
pub fn tally(session: State<'_, Session>, id: String) -> Result<TallyView> {
    session.with(|books, _| {
        let t = books.tally(&id)?;
        let a = books.association();
        Ok(TallyView::new(&t, a.currency, &a.locale))
    })
}

#[tauri::command]
#[specta::specta]
pub fn close_decision(session: State<'_, Session>, id: String) -> Result<TallyView> {
    session.with(|books, _| {
        let t = books.close_decision(&id)?;
        let a = books.association();
        Ok(TallyView::new(&t, a.currency, &a.locale))
    })
}
