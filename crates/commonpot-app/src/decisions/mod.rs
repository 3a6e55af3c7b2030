//! Participation and decisions: meetings, shifts, weights, decisions, ballots and tallies.
//!
//! A member's weight comes from taking part, never from the money they gave. Weights are
//! frozen when voting opens; the result is frozen when it closes. Every count is exact
//! (`commonpot_core::tally`) and carries the rules it followed.

use std::collections::HashSet;
use std::path::Path;

use chrono::{DateTime, Months, NaiveDate, Utc};
use commonpot_core::entry::instant_text;
use commonpot_core::tally::Threshold;
use commonpot_core::weights::{Participation, WeightRule};
use commonpot_core::{Amount, Decimal, Key, MemberId, ProjectId, ProjectStatus, Text};
use commonpot_store::decisions::{self as store, DecisionRecord, FrozenWeight};
pub use commonpot_store::decisions::{Decision, DecisionOption};
use commonpot_store::{Connection, Found, ProjectKey};
use serde::Serialize;
use uuid::Uuid;

mod tally;
mod view;
pub use tally::{
    BudgetOutcome, DecisionMethod, MatchLine, MatchingOutcome, MotionOutcome, OptionLine,
    TALLY_VERSION, Tally, WeightLine,
};
pub use view::{MatchView, OptionView, TallyView, WeightView};

use crate::books::{Books, resolve_member, resolve_project};
use crate::{AppError, Field, Result, input};

/// How many months before voting opens count for a member's points, unless a decision says.
pub const WINDOW_MONTHS: u32 = 12;

/// The largest budget or pool accepted: far above any association's, far below overflow.
const LARGEST_SUM_UNITS: i64 = 1_000_000_000_000;

pub struct NewMeeting {
    pub date: String,
    pub title: String,
    pub attendees: Vec<String>,
    /// Who books the attendance; may not be among the attendees.
    pub by: Option<String>,
}

pub struct NewShift {
    pub member: String,
    pub date: String,
    pub what: String,
    pub by: Option<String>,
}

/// Where a decision stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum DecisionState {
    /// Created; voting not opened yet.
    Draft,
    Voting,
    Closed,
}

impl DecisionState {
    pub fn of(opened: bool, closed: bool) -> DecisionState {
        match (opened, closed) {
            (_, true) => DecisionState::Closed,
            (true, false) => DecisionState::Voting,
            (false, false) => DecisionState::Draft,
        }
    }
}

/// A decision in the list of them.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct DecisionSummary {
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub id: Uuid,
    pub title: String,
    pub method: DecisionMethod,
    pub state: DecisionState,
}

#[derive(Default)]
pub struct NewDecision {
    pub title: String,
    pub method: DecisionMethod,
    pub budget: Option<String>,
    pub pool: Option<String>,
    pub cap: Option<String>,
    /// Project references, each optionally with its cost: "TREES" or "TREES=1500".
    pub options: Option<Vec<String>>,
    pub weights: Option<String>,
    pub quorum: Option<String>,
    pub threshold: Option<String>,
    pub window_months: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BallotChoice {
    Yes,
    No,
    Abstain,
    /// Option references (project codes or ids).
    Approve(Vec<String>),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BallotSource {
    Laptop,
    Paper,
    Import,
}

impl BallotSource {
    fn as_str(self) -> &'static str {
        match self {
            BallotSource::Laptop => "laptop",
            BallotSource::Paper => "paper",
            BallotSource::Import => "import",
        }
    }
}

/// What became of one pass of a paper ballot.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PaperOutcome {
    /// The first of its two entries: the ballot counts once the second agrees.
    Waiting,
    /// Both entries agree: the ballot is cast.
    Cast,
    /// The two entries differ: the organiser settles it.
    Differs,
}

/// One pass of a paper ballot as typed, for the organiser.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PaperLine {
    pub member: String,
    pub name: String,
    /// yes, no, abstain, or the approved options' codes separated by ", ".
    pub choice: String,
}

/// A paper ballot that does not count yet: one entry waiting for its second, or two that differ.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PaperDifference {
    pub paper: String,
    pub first: Option<PaperLine>,
    pub second: Option<PaperLine>,
}

/// A member entitled to vote in a decision, with their frozen weight.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Voter {
    pub member: String,
    pub name: String,
    pub weight: String,
    pub voted: bool,
}

/// A day or moment typed by a person ("2026-03-14" is its first instant, UTC).
pub fn parse_day(field: Field, text: &str) -> Result<DateTime<Utc>> {
    input::moment(field, text)
}

fn share(field: Field, text: &str) -> Result<Decimal> {
    let t = text.trim();
    let value = match t.strip_suffix('%') {
        Some(percent) => percent
            .trim()
            .replace(',', ".")
            .parse::<Decimal>()
            .ok()
            .map(|p| p / Decimal::from(100)),
        None => t.replace(',', ".").parse::<Decimal>().ok(),
    };
    match value {
        Some(v) if v >= Decimal::ZERO && v <= Decimal::ONE => Ok(v.normalize()),
        _ => Err(AppError::invalid(
            field,
            Text::new(Key::ShareMalformed).arg("text", t),
        )),
    }
}

impl Books {
    fn large_amount(&self, field: Field, text: &str) -> Result<Amount> {
        let a = self.association();
        input::amount(
            field,
            text,
            a.currency,
            &a.locale,
            Amount::from_units(LARGEST_SUM_UNITS, a.currency),
        )
    }

    fn not_by_themself(&self, by: Option<&str>, about: &[MemberId]) -> Result<Option<MemberId>> {
        let Some(by) = by else { return Ok(None) };
        let recorder = resolve_member(self.store().conn(), Field::By, by)?;
        if about.contains(&recorder) {
            return Err(AppError::refused_at(
                Field::By,
                Text::new(Key::SelfReported).arg("member", by.trim()),
            ));
        }
        Ok(Some(recorder))
    }

    pub fn add_meeting(&mut self, new: NewMeeting) -> Result<Uuid> {
        self.organiser_only("recording a meeting")?;
        let held_on = input::date(Field::Date, &new.date)?;
        let title = input::required_line(Field::Title, &new.title)?;
        let now = self.now();
        if held_on > now.date_naive() + chrono::Duration::days(1) {
            return Err(AppError::invalid(
                Field::Date,
                Text::new(Key::InFuture).arg("when", held_on),
            ));
        }
        let mut attendees = Vec::new();
        for reference in new.attendees.iter().filter(|r| !r.trim().is_empty()) {
            let id = resolve_member(self.store().conn(), Field::Attendees, reference)?;
            if attendees.contains(&id) {
                return Err(AppError::invalid(
                    Field::Attendees,
                    Text::new(Key::AttendeeTwice).arg("member", reference.trim()),
                ));
            }
            attendees.push(id);
        }
        if attendees.is_empty() {
            return Err(AppError::invalid(
                Field::Attendees,
                Text::new(Key::NoAttendees),
            ));
        }
        let by = self.not_by_themself(new.by.as_deref(), &attendees)?;
        let id = self.new_id(now);
        self.parts().0.write(|w| {
            let meta = w.next_meta(now)?;
            w.insert_meeting(id, held_on, &title, by, &attendees, &meta)?;
            Ok::<_, AppError>(())
        })?;
        Ok(id)
    }

    pub fn add_shift(&mut self, new: NewShift) -> Result<Uuid> {
        self.organiser_only("recording a shift")?;
        let member = resolve_member(self.store().conn(), Field::Member, &new.member)?;
        let worked_on = input::date(Field::Date, &new.date)?;
        let what = input::required_text(Field::What, &new.what)?;
        let now = self.now();
        if worked_on > now.date_naive() + chrono::Duration::days(1) {
            return Err(AppError::invalid(
                Field::Date,
                Text::new(Key::InFuture).arg("when", worked_on),
            ));
        }
        let by = self.not_by_themself(new.by.as_deref(), &[member])?;
        let id = self.new_id(now);
        self.parts().0.write(|w| {
            let meta = w.next_meta(now)?;
            w.insert_shift(id, member, worked_on, &what, by, &meta)?;
            Ok::<_, AppError>(())
        })?;
        Ok(id)
    }

    pub fn meetings(&self) -> Result<Vec<(Uuid, NaiveDate, String, u32)>> {
        Ok(store::meetings(self.store().conn())?)
    }

    /// Every member's weight under `rule` if voting opened at `at`.
    pub fn weights_at(&self, at: DateTime<Utc>, rule: &WeightRule) -> Result<Vec<WeightLine>> {
        Ok(self
            .compute_weights(at, rule, WINDOW_MONTHS)?
            .into_iter()
            .map(|w| WeightLine::new(&w.reference, &w.name, w.participation, w.weight))
            .collect())
    }

    /// One member's points and weight under `rule` at `at`, over the usual window.
    pub fn weight_of(
        &self,
        member: MemberId,
        at: DateTime<Utc>,
        rule: &WeightRule,
    ) -> Result<(Participation, Decimal)> {
        let from = window_start(at, WINDOW_MONTHS);
        let p = store::participation_of(self.store().conn(), member, from, at)?;
        Ok((p, rule.weight(p.points())))
    }

    fn compute_weights(
        &self,
        at: DateTime<Utc>,
        rule: &WeightRule,
        window_months: u32,
    ) -> Result<Vec<FrozenWeight>> {
        let conn = self.store().conn();
        let from = window_start(at, window_months);
        let points = store::participation(conn, from, at)?;
        Ok(store::electorate(conn)?
            .into_iter()
            .map(|(member, reference, name)| {
                let participation = points.get(&member).copied().unwrap_or_default();
                FrozenWeight {
                    member,
                    reference,
                    name,
                    participation,
                    weight: rule.weight(participation.points()),
                }
            })
            .collect())
    }

    pub fn create_decision(&mut self, new: NewDecision) -> Result<Uuid> {
        self.organiser_only("creating a decision")?;
        let title = input::required_line(Field::Title, &new.title)?;
        let method = new.method;
        let rule: WeightRule = match new.weights.as_deref() {
            Some(w) => w
                .parse()
                .map_err(|t| AppError::invalid(Field::Weights, t))?,
            None => WeightRule::default(),
        };
        let window_months = new.window_months.unwrap_or(WINDOW_MONTHS);
        if window_months == 0 || window_months > 120 {
            return Err(AppError::invalid(
                Field::WindowMonths,
                Text::new(Key::WindowMonths).arg("max", 120),
            ));
        }
        let is_budget = method.is_budget();
        let budget = match (&new.budget, is_budget) {
            (Some(b), true) => Some(self.large_amount(Field::Budget, b)?),
            (None, true) => {
                return Err(AppError::invalid(
                    Field::Budget,
                    Text::new(Key::DecisionNeeds).arg("method", method.as_str()),
                ));
            }
            (Some(_), false) => return Err(not_for(Field::Budget, method)),
            (None, false) => None,
        };
        let pool = match (&new.pool, method == DecisionMethod::Quadratic) {
            (Some(p), true) => Some(self.large_amount(Field::Pool, p)?),
            (None, true) => {
                return Err(AppError::invalid(
                    Field::Pool,
                    Text::new(Key::DecisionNeeds).arg("method", method.as_str()),
                ));
            }
            (Some(_), false) => return Err(not_for(Field::Pool, method)),
            (None, false) => None,
        };
        let cap = match (&new.cap, method == DecisionMethod::Quadratic) {
            (Some(c), true) => Some(share(Field::Cap, c)?),
            (None, true) => Some(Decimal::ONE),
            (Some(_), false) => return Err(not_for(Field::Cap, method)),
            (None, false) => None,
        };
        let (quorum, threshold) = if method == DecisionMethod::Motion {
            let quorum = new
                .quorum
                .as_deref()
                .map(|q| share(Field::Quorum, q))
                .transpose()?
                .unwrap_or(Decimal::ZERO);
            let threshold = match new.threshold.as_deref() {
                Some(t) => Threshold::parse(t).ok_or_else(|| {
                    AppError::invalid(
                        Field::Threshold,
                        Text::new(Key::ThresholdUnknown).arg("text", t.trim()),
                    )
                })?,
                None => Threshold::Simple,
            };
            (Some(quorum), Some(threshold.as_str().to_string()))
        } else {
            if new.quorum.is_some() {
                return Err(not_for(Field::Quorum, method));
            }
            if new.threshold.is_some() {
                return Err(not_for(Field::Threshold, method));
            }
            (None, None)
        };
        let options = if method == DecisionMethod::Motion {
            if new.options.as_ref().is_some_and(|o| !o.is_empty()) {
                return Err(not_for(Field::Options, method));
            }
            Vec::new()
        } else {
            self.decision_options(new.options.as_deref())?
        };
        let now = self.now();
        let record = DecisionRecord {
            id: self.new_id(now),
            title,
            method: method.as_str().to_string(),
            budget: budget.map(Amount::decimal),
            pool: pool.map(Amount::decimal),
            cap,
            quorum,
            threshold,
            rule: rule.to_string(),
            window_months,
            created_at: now,
        };
        self.parts().0.write(|w| {
            let meta = w.next_meta(now)?;
            w.insert_decision(&record, &options, &meta)?;
            Ok::<_, AppError>(())
        })?;
        Ok(record.id)
    }

    /// The options as written, or every open project when none are.
    fn decision_options(
        &self,
        given: Option<&[String]>,
    ) -> Result<Vec<(ProjectId, Option<Amount>)>> {
        let mut options: Vec<(ProjectId, Option<Amount>)> = Vec::new();
        match given.filter(|g| !g.is_empty()) {
            Some(given) => {
                for option in given {
                    let (reference, cost) = match option.split_once('=') {
                        Some((r, c)) => (r, Some(self.large_amount(Field::Options, c)?)),
                        None => (option.as_str(), None),
                    };
                    let id = match resolve_project(self.store().conn(), Field::Options, reference)?
                    {
                        ProjectKey::Project(id) => id,
                        ProjectKey::GeneralFund => {
                            return Err(AppError::invalid(
                                Field::Options,
                                Text::new(Key::GeneralFundOption),
                            ));
                        }
                    };
                    if options.iter().any(|o| o.0 == id) {
                        return Err(AppError::invalid(
                            Field::Options,
                            Text::new(Key::OptionTwice).arg("reference", reference.trim()),
                        ));
                    }
                    options.push((id, cost));
                }
            }
            None => {
                for p in self.projects()? {
                    if p.project.status == ProjectStatus::Open {
                        options.push((p.project.id, None));
                    }
                }
            }
        }
        if options.is_empty() {
            return Err(AppError::invalid(Field::Options, Text::new(Key::NoOptions)));
        }
        Ok(options)
    }

    /// Who may vote in an opened decision, with their frozen weight and whether they have.
    pub fn voters(&self, d: &Decision) -> Result<Vec<Voter>> {
        let conn = self.store().conn();
        let voted: HashSet<MemberId> = store::ballots(conn, d.record.id)?
            .into_iter()
            .map(|b| b.0)
            .collect();
        Ok(store::frozen_weights(conn, d.record.id)?
            .into_iter()
            .map(|w| Voter {
                voted: voted.contains(&w.member),
                member: w.reference,
                name: w.name,
                weight: w.weight.to_string(),
            })
            .collect())
    }

    /// Every decision, newest first.
    pub fn decisions(&self) -> Result<Vec<DecisionSummary>> {
        store::decisions(self.store().conn())?
            .into_iter()
            .map(|d| {
                Ok(DecisionSummary {
                    method: DecisionMethod::stored(d.id, &d.method)?,
                    state: DecisionState::of(d.opened, d.closed),
                    id: d.id,
                    title: d.title,
                })
            })
            .collect()
    }

    pub fn decision(&self, reference: &str) -> Result<Decision> {
        let conn = self.store().conn();
        let id = match store::find_decision(conn, reference)? {
            Found::One(id) => id,
            Found::None => {
                return Err(AppError::not_found(
                    Text::new(Key::DecisionNotFound).arg("reference", reference.trim()),
                ));
            }
            Found::Several => {
                return Err(AppError::invalid(
                    Field::SubjectDecision,
                    Text::new(Key::DecisionAmbiguous).arg("reference", reference.trim()),
                ));
            }
        };
        Ok(store::decision(conn, id, self.association().currency)?.expect("just found"))
    }

    /// Opens voting at `at` (now when absent) and freezes every member's points and weight.
    pub fn open_decision(&mut self, reference: &str, at: Option<&str>) -> Result<Decision> {
        self.organiser_only("opening a vote")?;
        let d = self.decision(reference)?;
        if d.opened_at.is_some() {
            return Err(AppError::refused(Text::new(Key::DecisionAlreadyOpen)));
        }
        let now = self.now();
        let opened_at = match at {
            Some(t) => input::not_in_future(Field::At, input::moment(Field::At, t)?, now)?,
            None => now,
        };
        let rule: WeightRule = d
            .record
            .rule
            .parse()
            .map_err(|t: Text| commonpot_store::StoreError::Damaged(t.to_string()))?;
        let weights = self.compute_weights(opened_at, &rule, d.record.window_months)?;
        let frozen: Vec<(MemberId, Participation, Decimal)> = weights
            .iter()
            .map(|w| (w.member, w.participation, w.weight))
            .collect();
        let from = window_start(opened_at, d.record.window_months);
        let id = d.record.id;
        self.parts().0.write(|w| {
            // Checked again inside the transaction: another window may have opened it.
            if store::is_opened(w, id)? {
                return Err(AppError::refused(Text::new(Key::DecisionAlreadyOpen)));
            }
            let meta = w.next_meta(now)?;
            w.insert_decision_open(id, opened_at, from, &frozen, &meta)?;
            Ok(())
        })?;
        self.decision(&id.to_string())
    }

    pub fn cast_ballot(
        &mut self,
        decision: &str,
        member: &str,
        choice: BallotChoice,
        source: BallotSource,
    ) -> Result<()> {
        let d = self.decision(decision)?;
        let member_id = resolve_member(self.store().conn(), Field::Member, member)?;
        let now = self.now();
        let stored = self.check_ballot(&d, member_id, member, &choice, now)?;
        let id = self.new_id(now);
        let decision_id = d.record.id;
        self.parts().0.write(|w| {
            refuse_if_closed(w, decision_id)?;
            if store::has_ballot(w, decision_id, member_id)? {
                return Err(AppError::refused_at(
                    Field::Member,
                    Text::new(Key::BallotTwice).arg("member", member.trim()),
                ));
            }
            let meta = w.next_meta(now)?;
            w.insert_ballot(
                id,
                decision_id,
                member_id,
                &stored,
                source.as_str(),
                None,
                &meta,
            )?;
            Ok(())
        })
    }

    /// Checks a ballot against its decision; the choice as stored.
    fn check_ballot(
        &self,
        d: &Decision,
        member: MemberId,
        reference: &str,
        choice: &BallotChoice,
        now: DateTime<Utc>,
    ) -> Result<String> {
        let Some(opened_at) = d.opened_at else {
            return Err(AppError::refused(Text::new(Key::DecisionNotOpen)));
        };
        if d.closed_at.is_some() {
            return Err(AppError::refused(Text::new(Key::DecisionClosed)));
        }
        if opened_at > now {
            return Err(AppError::refused(
                Text::new(Key::DecisionNotYetOpen).arg("at", instant_text(opened_at)),
            ));
        }
        if DecisionMethod::of(d)? == DecisionMethod::Quadratic {
            return Err(AppError::refused(Text::new(Key::BallotForMatching)));
        }
        let conn = self.store().conn();
        if !store::is_entitled(conn, d.record.id, member)? {
            return Err(AppError::refused_at(
                Field::Member,
                Text::new(Key::BallotNotEntitled).arg("member", reference.trim()),
            ));
        }
        if store::has_ballot(conn, d.record.id, member)? {
            return Err(AppError::refused_at(
                Field::Member,
                Text::new(Key::BallotTwice).arg("member", reference.trim()),
            ));
        }
        let motion = DecisionMethod::of(d)? == DecisionMethod::Motion;
        match choice {
            BallotChoice::Yes if motion => Ok("yes".into()),
            BallotChoice::No if motion => Ok("no".into()),
            BallotChoice::Abstain if motion => Ok("abstain".into()),
            BallotChoice::Approve(refs) if !motion => {
                let mut positions: Vec<usize> = Vec::new();
                for r in refs.iter().filter(|r| !r.trim().is_empty()) {
                    let found = match resolve_project(conn, Field::Approve, r) {
                        Ok(ProjectKey::Project(id)) => {
                            d.options.iter().position(|o| o.project == id)
                        }
                        Ok(ProjectKey::GeneralFund) | Err(AppError::NotFound { .. }) => None,
                        Err(e) => return Err(e),
                    };
                    let Some(position) = found else {
                        return Err(AppError::invalid(
                            Field::Approve,
                            Text::new(Key::BallotUnknownOption)
                                .arg("reference", r.trim())
                                .arg(
                                    "options",
                                    d.options
                                        .iter()
                                        .map(|o| o.code.as_str())
                                        .collect::<Vec<_>>()
                                        .join(", "),
                                ),
                        ));
                    };
                    if !positions.contains(&position) {
                        positions.push(position);
                    }
                }
                positions.sort_unstable();
                Ok(positions
                    .iter()
                    .map(usize::to_string)
                    .collect::<Vec<_>>()
                    .join(";"))
            }
            _ => Err(AppError::invalid(
                if motion { Field::Vote } else { Field::Approve },
                Text::new(if motion {
                    Key::BallotWantsMotion
                } else {
                    Key::BallotWantsApproval
                }),
            )),
        }
    }

    /// One of the two entries of a paper ballot, typed by a volunteer. The ballot is cast when
    /// the other entry agrees on member and vote; when they differ it waits for the organiser.
    pub fn enter_paper(
        &mut self,
        decision: &str,
        paper: &str,
        pass: u8,
        member: &str,
        choice: BallotChoice,
    ) -> Result<PaperOutcome> {
        self.organiser_only("typing paper ballots")?;
        let d = self.decision(decision)?;
        let paper = paper_number(paper)?;
        if !(1..=2).contains(&pass) {
            return Err(AppError::invalid(Field::Pass, Text::new(Key::PaperPass)));
        }
        let member_id = resolve_member(self.store().conn(), Field::Member, member)?;
        let now = self.now();
        let decision_id = d.record.id;
        // The paper's own state first: it says more than "already voted" would.
        let check_paper = |conn: &Connection| -> Result<[Option<store::PaperPass>; 2]> {
            let store::Paper { passes, cast } = store::paper_entries(conn, decision_id)?
                .remove(&paper)
                .unwrap_or_default();
            if cast {
                return Err(AppError::refused_at(
                    Field::Paper,
                    Text::new(Key::PaperCast).arg("paper", &paper),
                ));
            }
            if passes[usize::from(pass) - 1].is_some() {
                return Err(AppError::refused_at(
                    Field::Pass,
                    Text::new(Key::PaperPassTaken)
                        .arg("paper", &paper)
                        .arg("pass", pass),
                ));
            }
            Ok(passes)
        };
        check_paper(self.store().conn())?;
        let stored = self.check_ballot(&d, member_id, member, &choice, now)?;
        let (id, ballot_id) = (self.new_id(now), self.new_id(now));
        self.parts().0.write(|w| {
            refuse_if_closed(w, decision_id)?;
            let passes = check_paper(w)?;
            let meta = w.next_meta(now)?;
            w.insert_paper_entry(id, decision_id, &paper, pass, member_id, &stored, &meta)?;
            let Some(other) = &passes[2 - usize::from(pass)] else {
                return Ok(PaperOutcome::Waiting);
            };
            if other.member != member_id || other.choice != stored {
                return Ok(PaperOutcome::Differs);
            }
            let meta = w.next_meta(now)?;
            w.insert_ballot(
                ballot_id,
                decision_id,
                member_id,
                &stored,
                "paper",
                Some(&paper),
                &meta,
            )?;
            Ok(PaperOutcome::Cast)
        })
    }

    /// Paper ballots that do not count yet, by number.
    pub fn paper_differences(&self, decision: &str) -> Result<Vec<PaperDifference>> {
        self.differences_of(&self.decision(decision)?)
    }

    fn differences_of(&self, d: &Decision) -> Result<Vec<PaperDifference>> {
        let line = |p: &Option<store::PaperPass>| {
            p.as_ref().map(|p| PaperLine {
                member: p.reference.clone(),
                name: p.name.clone(),
                choice: choice_words(d, &p.choice),
            })
        };
        Ok(store::paper_entries(self.store().conn(), d.record.id)?
            .into_iter()
            .filter(|(_, p)| !p.cast)
            .map(|(paper, p)| PaperDifference {
                first: line(&p.passes[0]),
                second: line(&p.passes[1]),
                paper,
            })
            .collect())
    }

    /// The organiser's reading of a paper ballot whose entries differ or wait: cast as given.
    pub fn settle_paper(
        &mut self,
        decision: &str,
        paper: &str,
        member: &str,
        choice: BallotChoice,
    ) -> Result<()> {
        self.organiser_only("settling paper ballots")?;
        let d = self.decision(decision)?;
        let paper = paper_number(paper)?;
        let member_id = resolve_member(self.store().conn(), Field::Member, member)?;
        let now = self.now();
        let stored = self.check_ballot(&d, member_id, member, &choice, now)?;
        let decision_id = d.record.id;
        let id = self.new_id(now);
        self.parts().0.write(|w| {
            refuse_if_closed(w, decision_id)?;
            match store::paper_entries(w, decision_id)?.get(&paper) {
                None => {
                    return Err(AppError::not_found_at(
                        Field::Paper,
                        Text::new(Key::PaperUnknown).arg("paper", &paper),
                    ));
                }
                Some(p) if p.cast => {
                    return Err(AppError::refused_at(
                        Field::Paper,
                        Text::new(Key::PaperCast).arg("paper", &paper),
                    ));
                }
                Some(_) => {}
            }
            let meta = w.next_meta(now)?;
            w.insert_ballot(
                id,
                decision_id,
                member_id,
                &stored,
                "paper",
                Some(&paper),
                &meta,
            )?;
            Ok(())
        })
    }

    /// Ballots from a CSV file with the columns member,choice (yes, no, abstain, or option
    /// references separated by ';'). All or nothing: the first bad line is named and nothing
    /// is saved.
    pub fn import_ballots(&mut self, decision: &str, path: &Path) -> Result<usize> {
        self.organiser_only("importing ballots")?;
        let d = self.decision(decision)?;
        let bytes = crate::limits::read(path, crate::limits::CSV_FILE_MAX)?;
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(true)
            .from_reader(bytes.as_slice());
        let header: Vec<String> = reader
            .headers()
            .map_err(|e| {
                line_error(
                    1,
                    "header",
                    Text::new(Key::ImportUnreadable).arg("detail", e),
                )
            })?
            .iter()
            .map(|h| h.trim().to_ascii_lowercase())
            .collect();
        if header != ["member", "choice"] {
            return Err(line_error(
                1,
                "header",
                Text::new(Key::ImportHeader)
                    .arg("expected", "member,choice")
                    .arg("found", header.join(",")),
            ));
        }
        let now = self.now();
        let mut checked: Vec<(MemberId, String)> = Vec::new();
        let mut seen = HashSet::new();
        for (i, record) in reader.records().enumerate() {
            let line = i as u64 + 2;
            let record = record.map_err(|e| {
                line_error(
                    line,
                    "line",
                    Text::new(Key::ImportUnreadable).arg("detail", e),
                )
            })?;
            if record.len() != 2 {
                return Err(line_error(
                    line,
                    "line",
                    Text::new(Key::ImportFieldCount)
                        .arg("found", record.len())
                        .arg("expected", 2),
                ));
            }
            let member_ref = record[0].trim();
            let member = resolve_member(self.store().conn(), Field::Member, member_ref)
                .map_err(|e| line_error(line, "member", e.text()))?;
            if !seen.insert(member) {
                return Err(line_error(
                    line,
                    "member",
                    Text::new(Key::BallotTwice).arg("member", member_ref),
                ));
            }
            let written = record[1].trim();
            let choice = match written.to_ascii_lowercase().as_str() {
                "yes" => BallotChoice::Yes,
                "no" => BallotChoice::No,
                "abstain" => BallotChoice::Abstain,
                _ => BallotChoice::Approve(written.split(';').map(str::to_string).collect()),
            };
            let stored = self
                .check_ballot(&d, member, member_ref, &choice, now)
                .map_err(|e| match e {
                    AppError::Refused { field: None, text } => AppError::refused(text),
                    other => line_error(
                        line,
                        if other.field() == Some(Field::Member) {
                            "member"
                        } else {
                            "choice"
                        },
                        other.text(),
                    ),
                })?;
            checked.push((member, stored));
        }
        let decision_id = d.record.id;
        let ids: Vec<Uuid> = (0..checked.len()).map(|_| self.new_id(now)).collect();
        let count = checked.len();
        self.parts().0.write(|w| {
            refuse_if_closed(w, decision_id)?;
            for ((member, stored), id) in checked.iter().zip(ids) {
                let meta = w.next_meta(now)?;
                w.insert_ballot(id, decision_id, *member, stored, "import", None, &meta)?;
            }
            Ok::<_, AppError>(())
        })?;
        Ok(count)
    }
}

/// Checked again inside a ballot's transaction: another window may have closed the vote.
fn refuse_if_closed(conn: &Connection, decision: Uuid) -> Result<()> {
    if store::is_closed(conn, decision)? {
        return Err(AppError::refused(Text::new(Key::DecisionClosed)));
    }
    Ok(())
}

/// A paper ballot's number as written on it: up to 32 characters without spaces.
fn paper_number(text: &str) -> Result<String> {
    let t = text.trim();
    if t.is_empty() || t.chars().count() > 32 || t.chars().any(char::is_whitespace) {
        return Err(AppError::invalid(
            Field::Paper,
            Text::new(Key::PaperNumber).arg("text", t),
        ));
    }
    Ok(t.to_string())
}

/// A stored choice in words: yes, no, abstain, or option codes.
fn choice_words(d: &Decision, stored: &str) -> String {
    if DecisionMethod::parse(&d.record.method) == Some(DecisionMethod::Motion) {
        return stored.to_string();
    }
    stored
        .split(';')
        .filter_map(|p| p.parse::<usize>().ok())
        .filter_map(|p| d.options.get(p).map(|o| o.code.as_str()))
        .collect::<Vec<_>>()
        .join(", ")
}

fn window_start(at: DateTime<Utc>, months: u32) -> DateTime<Utc> {
    at.checked_sub_months(Months::new(months)).unwrap_or(at)
}

fn not_for(field: Field, method: DecisionMethod) -> AppError {
    AppError::invalid(
        field,
        Text::new(Key::NotForMethod).arg("method", method.as_str()),
    )
}

fn line_error(line: u64, field: &str, text: Text) -> AppError {
    AppError::ImportLine {
        line,
        field: field.into(),
        text,
    }
}
