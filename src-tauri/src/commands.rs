//! The Tauri commands: each validates nothing itself and calls one use case.

use std::path::{Path, PathBuf};

use commonpot_app::{
    AmountView, AssociationChange, BallotChoice, BallotSource, Books, DemoOptions, Env,
    LedgerQuery, MemberChange, NewAssociation, NewCollection, NewContribution, NewDecision,
    NewMeeting, NewMember, NewProject, NewShift, Paper, PaperOutcome, Passphrase, PrintOptions,
    ProjectChange, ProtectionChange, TallyView,
};
use tauri::State;

use crate::dto::*;
use crate::session::{Result, Session};

#[tauri::command]
#[specta::specta]
pub fn start(session: State<'_, Session>) -> StartDto {
    let default_file = commonpot_app::default_data_file().display().to_string();
    let Some(path) = session.last_file() else {
        return StartDto {
            default_file,
            opened: None,
            reopen_error: None,
            locked_file: None,
        };
    };
    if commonpot_app::is_protected(&path) {
        return StartDto {
            default_file,
            opened: None,
            reopen_error: None,
            locked_file: Some(path.display().to_string()),
        };
    }
    match Env::from_process().and_then(|env| Books::open(&path, env)) {
        Ok(books) => {
            let opened = AssociationDto::new(&books, &path);
            session.replace(books, path);
            StartDto {
                default_file,
                opened: Some(opened),
                reopen_error: None,
                locked_file: None,
            }
        }
        Err(e) => StartDto {
            default_file,
            opened: None,
            reopen_error: Some(e.into()),
            locked_file: None,
        },
    }
}

#[tauri::command]
#[specta::specta]
pub fn create_association(
    session: State<'_, Session>,
    association: NewAssociationDto,
) -> Result<AssociationDto> {
    let path = association
        .path
        .map(PathBuf::from)
        .unwrap_or_else(commonpot_app::default_data_file);
    let books = Books::create(
        &path,
        NewAssociation {
            name: association.name,
            currency: association.currency,
            locale: Some(association.locale),
            device_name: None,
        },
        Env::from_process()?,
    )?;
    let dto = AssociationDto::new(&books, &path);
    session.replace(books, path);
    Ok(dto)
}

/// Opens the demo association, creating it beside the default file the first time.
#[tauri::command]
#[specta::specta]
pub fn open_demo(session: State<'_, Session>) -> Result<AssociationDto> {
    let path = commonpot_app::default_data_file().with_file_name("demo-association.sqlite");
    if !path.exists() {
        commonpot_app::build_demo(&path, DemoOptions::default())?;
    }
    open_path(&session, path, None)
}

/// Opens an association file; a protected one needs its passphrase (refused with the code
/// `locked` without it, or with a wrong one).
#[tauri::command]
#[specta::specta]
pub fn open_file(
    session: State<'_, Session>,
    path: String,
    passphrase: Option<String>,
) -> Result<AssociationDto> {
    open_path(
        &session,
        PathBuf::from(path),
        passphrase.map(Passphrase::new),
    )
}

fn open_path(
    session: &Session,
    path: PathBuf,
    passphrase: Option<Passphrase>,
) -> Result<AssociationDto> {
    let books = Books::open(&path, Env::from_process()?.with_passphrase(passphrase))?;
    let dto = AssociationDto::new(&books, &path);
    session.replace(books, path);
    Ok(dto)
}

#[tauri::command]
#[specta::specta]
pub fn overview(session: State<'_, Session>) -> Result<OverviewDto> {
    session.with(|books, path| {
        let locale = books.association().locale.clone();
        let summary = books.summary()?;
        let latest = books.ledger(&LedgerQuery {
            limit: Some(8),
            newest_first: true,
            ..LedgerQuery::default()
        })?;
        let balance = summary.balance();
        Ok(OverviewDto {
            association: AssociationDto::new(books, path),
            projects: summary
                .projects
                .iter()
                .filter(|p| p.project.status == commonpot_core::ProjectStatus::Open)
                .map(|p| ProjectDto::new(p, &locale))
                .collect(),
            raised: AmountView::new(summary.raised, &locale),
            spent: AmountView::new(summary.spent, &locale),
            balance: AmountView::new(balance, &locale),
            general_fund: AmountView::new(summary.general_fund, &locale),
            entry_count: u32::try_from(summary.entry_count).unwrap_or(u32::MAX),
            digest: summary.digest,
            latest: latest
                .iter()
                .map(|l| LedgerLineDto::new(l, &locale))
                .collect(),
        })
    })
}

#[tauri::command]
#[specta::specta]
pub fn projects(session: State<'_, Session>) -> Result<Vec<ProjectDto>> {
    session.with(|books, _| {
        let locale = books.association().locale.clone();
        Ok(books
            .projects()?
            .iter()
            .map(|p| ProjectDto::new(p, &locale))
            .collect())
    })
}

#[tauri::command]
#[specta::specta]
pub fn add_project(session: State<'_, Session>, project: NewProjectDto) -> Result<String> {
    session.with(|books, _| {
        let id = books.add_project(NewProject {
            title: project.title,
            goal: project.goal,
            description: project.description,
            deadline: project.deadline,
            code: project.code,
            status: None,
        })?;
        Ok(id.to_string())
    })
}

#[tauri::command]
#[specta::specta]
pub fn set_project_status(
    session: State<'_, Session>,
    project: String,
    status: String,
) -> Result<String> {
    session.with(|books, _| Ok(books.set_project_status(&project, &status)?.to_string()))
}

#[tauri::command]
#[specta::specta]
pub fn members(session: State<'_, Session>) -> Result<Vec<MemberDto>> {
    session.with(|books, _| Ok(books.members()?.into_iter().map(MemberDto::from).collect()))
}

#[tauri::command]
#[specta::specta]
pub fn add_member(session: State<'_, Session>, member: NewMemberDto) -> Result<String> {
    session.with(|books, _| {
        let id = books.add_member(NewMember {
            name: member.name,
            email: member.email,
            number: member.number,
            joined_on: None,
        })?;
        Ok(id.to_string())
    })
}

/// Reads an amount as typed, with the association's rules, for the form to show the error
/// next to the field before anything is saved.
#[tauri::command]
#[specta::specta]
pub fn check_amount(session: State<'_, Session>, text: String) -> Result<AmountView> {
    session.with(|books, _| {
        let amount = books.parse_amount(commonpot_app::Field::Amount, &text)?;
        Ok(AmountView::new(amount, &books.association().locale))
    })
}

#[tauri::command]
#[specta::specta]
pub fn record_contribution(
    session: State<'_, Session>,
    contribution: NewContributionDto,
) -> Result<String> {
    session.with(|books, _| {
        let recorded = books.record_contribution(NewContribution {
            project: contribution.project,
            amount: contribution.amount,
            channel: contribution.channel,
            member: contribution.member,
            collector: contribution.collector,
            received: None,
            note: contribution.note,
            id: None,
            collection: contribution.collection,
        })?;
        Ok(recorded.id.to_string())
    })
}

#[tauri::command]
#[specta::specta]
pub fn reverse_entry(session: State<'_, Session>, id: String, reason: String) -> Result<String> {
    session.with(|books, _| Ok(books.reverse(&id, &reason)?.to_string()))
}

#[tauri::command]
#[specta::specta]
pub fn ledger(session: State<'_, Session>, query: LedgerQueryDto) -> Result<Vec<LedgerLineDto>> {
    session.with(|books, _| {
        let locale = books.association().locale.clone();
        let lines = books.ledger(&LedgerQuery {
            project: query.project,
            member: query.member,
            limit: Some(u64::from(query.limit.clamp(1, 500))),
            collection: query.collection,
            channel: query.channel,
            from: query.from,
            to: query.to,
            text: query.text,
            newest_first: true,
        })?;
        Ok(lines
            .iter()
            .map(|l| LedgerLineDto::new(l, &locale))
            .collect())
    })
}

/// The notes and coins of the association's currency, largest first.
#[tauri::command]
#[specta::specta]
pub fn denominations(session: State<'_, Session>) -> Result<Vec<AmountView>> {
    session.with(|books, _| {
        let locale = books.association().locale.clone();
        Ok(books
            .denominations()
            .into_iter()
            .map(|d| AmountView::new(d, &locale))
            .collect())
    })
}

#[tauri::command]
#[specta::specta]
pub fn open_collections(session: State<'_, Session>) -> Result<Vec<CollectionDto>> {
    session.with(|books, _| {
        let locale = books.association().locale.clone();
        Ok(books
            .open_collections()?
            .iter()
            .map(|c| CollectionDto::new(c, &locale))
            .collect())
    })
}

#[tauri::command]
#[specta::specta]
pub fn open_collection(
    session: State<'_, Session>,
    collection: NewCollectionDto,
) -> Result<CollectionDto> {
    session.with(|books, _| {
        let id = books.open_collection(NewCollection {
            collector: collection.collector,
            place: collection.place,
            project: collection.project,
        })?;
        Ok(CollectionDto::new(
            &books.collection(&id.to_string())?,
            &books.association().locale,
        ))
    })
}

#[tauri::command]
#[specta::specta]
pub fn collection(session: State<'_, Session>, id: String) -> Result<CollectionDto> {
    session.with(|books, _| {
        Ok(CollectionDto::new(
            &books.collection(&id)?,
            &books.association().locale,
        ))
    })
}

/// Reverses the last gift of an open collection, with the reason "entered by mistake".
#[tauri::command]
#[specta::specta]
pub fn undo_last(session: State<'_, Session>, collection: String) -> Result<String> {
    session.with(|books, _| Ok(books.undo_last_in(&collection)?.to_string()))
}

fn cash_lines(lines: Vec<CashLineDto>) -> Vec<(String, u32)> {
    lines
        .into_iter()
        .map(|l| (l.denomination, l.count))
        .collect()
}

/// The counted cash beside what was entered, for the closing form to show as it is typed.
#[tauri::command]
#[specta::specta]
pub fn count_cash(
    session: State<'_, Session>,
    collection: String,
    counts: Vec<CashLineDto>,
) -> Result<CashCountDto> {
    session.with(|books, _| {
        let check = books.check_count(&collection, &cash_lines(counts))?;
        let locale = &books.association().locale;
        Ok(CashCountDto {
            counted: AmountView::new(check.counted, locale),
            entered: AmountView::new(check.entered, locale),
            difference: AmountView::new(check.difference, locale),
            matches: check.matches(),
        })
    })
}

#[tauri::command]
#[specta::specta]
pub fn close_collection(
    session: State<'_, Session>,
    collection: String,
    counts: Vec<CashLineDto>,
    note: String,
) -> Result<CollectionDto> {
    session.with(|books, _| {
        books.close_collection(&collection, &cash_lines(counts), &note)?;
        Ok(CollectionDto::new(
            &books.collection(&collection)?,
            &books.association().locale,
        ))
    })
}

#[tauri::command]
#[specta::specta]
pub fn settings(session: State<'_, Session>) -> Result<SettingsDto> {
    session.with(|books, path| Ok(SettingsDto::new(books.association(), path)))
}

#[tauri::command]
#[specta::specta]
pub fn update_settings(
    session: State<'_, Session>,
    change: SettingsChangeDto,
) -> Result<SettingsDto> {
    session.with(|books, path| {
        books.update_association(AssociationChange {
            name: Some(change.name),
            locale: Some(change.locale),
            max_amount: Some(change.max_amount),
            iban: Some(change.iban),
            bic: Some(change.bic),
            creditor: Some(change.creditor),
            backup_folder: Some(change.backup_folder),
            language: Some(change.language),
            disclosure_threshold: Some(change.disclosure_threshold),
            receipt_text: Some(change.receipt_text),
            backups_kept: Some(change.backups_kept),
        })?;
        Ok(SettingsDto::new(books.association(), path))
    })
}

/// Writes a backup now; returns the file written.
#[tauri::command]
#[specta::specta]
pub fn backup_now(session: State<'_, Session>) -> Result<String> {
    session.with(|books, _| Ok(books.backup_now()?.display().to_string()))
}

#[tauri::command]
#[specta::specta]
pub fn update_member(
    session: State<'_, Session>,
    member: String,
    change: MemberChangeDto,
) -> Result<MemberDto> {
    session.with(|books, _| {
        let m = books.update_member(
            &member,
            MemberChange {
                name: Some(change.name),
                email: Some(change.email),
            },
        )?;
        Ok(MemberDto::from(m))
    })
}

#[tauri::command]
#[specta::specta]
pub fn update_project(
    session: State<'_, Session>,
    project: String,
    change: ProjectChangeDto,
) -> Result<ProjectDto> {
    session.with(|books, _| {
        let p = books.update_project(
            &project,
            ProjectChange {
                title: Some(change.title),
                description: Some(change.description),
                goal: Some(change.goal),
                deadline: Some(change.deadline),
            },
        )?;
        Ok(ProjectDto::new(&p, &books.association().locale))
    })
}

// ----- participation -----

#[tauri::command]
#[specta::specta]
pub fn meetings(session: State<'_, Session>) -> Result<Vec<MeetingDto>> {
    session.with(|books, _| {
        Ok(books
            .meetings()?
            .into_iter()
            .map(|(id, date, title, present)| MeetingDto {
                id: id.to_string(),
                date: date.to_string(),
                title,
                present,
            })
            .collect())
    })
}

#[tauri::command]
#[specta::specta]
pub fn add_meeting(session: State<'_, Session>, meeting: NewMeetingDto) -> Result<String> {
    session.with(|books, _| {
        let id = books.add_meeting(NewMeeting {
            date: meeting.date,
            title: meeting.title,
            attendees: meeting.attendees,
            by: meeting.by,
        })?;
        Ok(id.to_string())
    })
}

#[tauri::command]
#[specta::specta]
pub fn add_shift(session: State<'_, Session>, shift: NewShiftDto) -> Result<String> {
    session.with(|books, _| {
        let id = books.add_shift(NewShift {
            member: shift.member,
            date: shift.date,
            what: shift.what,
            by: shift.by,
        })?;
        Ok(id.to_string())
    })
}

// ----- decisions -----

#[tauri::command]
#[specta::specta]
pub fn decisions(session: State<'_, Session>) -> Result<Vec<DecisionSummaryDto>> {
    session.with(|books, _| {
        Ok(books
            .decisions()?
            .into_iter()
            .map(DecisionSummaryDto::from)
            .collect())
    })
}

fn decision_dto(
    books: &Books,
    id: &str,
) -> std::result::Result<DecisionDto, commonpot_app::AppError> {
    let d = books.decision(id)?;
    let voters = if d.opened_at.is_some() {
        books.voters(&d)?
    } else {
        Vec::new()
    };
    Ok(DecisionDto::new(&d, voters, &books.association().locale))
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

fn choice(choice: Option<&str>, approve: Vec<String>) -> BallotChoice {
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

/// Prints a document and saves it where the save dialog said (on a big association the meeting
/// statement reads every contribution, so this runs off the window's thread).
#[tauri::command]
#[specta::specta]
pub async fn save_report(session: State<'_, Session>, print: PrintDto) -> Result<SavedReportDto> {
    session.with(|books, _| {
        let options = PrintOptions {
            paper: if print.paper == "letter" {
                Paper::Letter
            } else {
                Paper::A4
            },
            generated_at: None,
        };
        let bytes = match &print.report {
            ReportDto::Meeting { from, to } => books.report_meeting(from, to, &options)?,
            ReportDto::Project { project } => books.report_project(project, &options)?,
            ReportDto::Member { member, year } => books.report_member(member, year, &options)?,
            ReportDto::CashSheet { collection } => books.report_cash_sheet(collection, &options)?,
            ReportDto::Ballots { decision, count } => {
                books.report_ballots(decision, *count, &options)?
            }
            ReportDto::Poster { project } => books.report_poster(project, &options)?,
        };
        let path = PathBuf::from(&print.path);
        books.write_document(commonpot_app::Field::OutputFile, &path, &bytes)?;
        Ok(SavedReportDto {
            path: print.path.clone(),
            kilobytes: bytes.len().div_ceil(1024) as u32,
        })
    })
}

/// The laptops this file knows, their gaps, and the latest imports.
#[tauri::command]
#[specta::specta]
pub fn laptops(session: State<'_, Session>) -> Result<LaptopsDto> {
    session.with(|books, _| {
        let role = match books.role()? {
            commonpot_app::Role::Organiser => "organiser",
            commonpot_app::Role::Volunteer => "volunteer",
        };
        let devices = books
            .devices()?
            .iter()
            .map(|d| DeviceDto {
                id: d.id.to_string(),
                name: d.name.clone(),
                this_laptop: d.is_local,
                last_seq: d.last_seq as u32,
                not_handed_over: d.not_handed_over as u32,
                gaps: d.gaps.iter().map(Into::into).collect(),
            })
            .collect();
        let imports = books
            .import_log(20)?
            .iter()
            .map(|l| ImportLogDto {
                imported_at: commonpot_core::entry::instant_text(l.imported_at),
                file: l.file.clone(),
                device: l.device.clone(),
                added: l.added as u32,
                skipped: l.skipped as u32,
                conflicts: l.conflicts as u32,
                refused: l.refused as u32,
            })
            .collect();
        Ok(LaptopsDto {
            role: role.into(),
            devices,
            imports,
        })
    })
}

/// Writes a volunteer's kit to `path`, encrypted under `passphrase` when one is given (a
/// protected association's kits need one).
#[tauri::command]
#[specta::specta]
pub fn make_kit(
    session: State<'_, Session>,
    volunteer: String,
    path: String,
    passphrase: Option<String>,
) -> Result<KitDto> {
    let passphrase = passphrase.filter(|p| !p.is_empty()).map(Passphrase::new);
    session.with(|books, _| {
        let kit = books.export_kit(&volunteer, Path::new(&path), passphrase.as_ref())?;
        Ok(KitDto {
            volunteer: kit.volunteer,
            projects: kit.projects as u32,
            members: kit.members as u32,
            decisions: kit.decisions as u32,
        })
    })
}

/// Imports a bundle (or, with `dry_run`, reports what it would do).
#[tauri::command]
#[specta::specta]
pub async fn import_bundle(
    session: State<'_, Session>,
    path: String,
    dry_run: bool,
) -> Result<BundleReportDto> {
    session.with(|books, _| Ok((&books.import_bundle(Path::new(&path), dry_run)?).into()))
}

/// Writes this laptop's new entries to `path`: "Hand over my collections"; with `all`,
/// everything it holds again (when a bundle was lost on the way).
#[tauri::command]
#[specta::specta]
pub fn hand_over(session: State<'_, Session>, path: String, all: bool) -> Result<HandedOverDto> {
    session.with(|books, _| {
        let b = books.export_bundle(Path::new(&path), all)?;
        Ok(HandedOverDto {
            path: path.clone(),
            entries: b.entries as u32,
            members: b.members as u32,
            from: b.range.map(|r| r.0 as u32),
            to: b.range.map(|r| r.1 as u32),
        })
    })
}

/// Opens a volunteer's kit: creates this laptop's file from it (in the data folder unless
/// `path` names one), or refreshes that file from a newer kit, and opens it.
#[tauri::command]
#[specta::specta]
pub fn open_kit(
    session: State<'_, Session>,
    kit: String,
    path: Option<String>,
    passphrase: Option<String>,
) -> Result<AssociationDto> {
    let path = path.map(PathBuf::from).unwrap_or_else(|| {
        commonpot_app::default_data_file().with_file_name("volunteer-laptop.sqlite")
    });
    let env = Env::from_process()?.with_passphrase(passphrase.map(Passphrase::new));
    let (books, _) = Books::open_kit(&path, Path::new(&kit), env)?;
    let dto = AssociationDto::new(&books, &path);
    session.replace(books, path);
    Ok(dto)
}

/// How many waiting bank lines the Bank screen lists at once.
const QUEUE_SHOWN: usize = 500;

/// The Bank screen: balances, the queue, the latest matched lines, the saved CSV profiles.
#[tauri::command]
#[specta::specta]
pub fn bank(session: State<'_, Session>) -> Result<BankDto> {
    session.with(|books, _| {
        let o = books.bank_overview()?;
        Ok(BankDto {
            accounts: o
                .accounts
                .iter()
                .map(|a| BankAccountDto {
                    account: a.account.clone(),
                    balance: a.balance.text.clone(),
                    date: a.date.to_string(),
                    statement_id: a.statement_id.clone(),
                })
                .collect(),
            ledger_balance: o.ledger_balance.text,
            matched_count: o.matched as u32,
            queued_count: o.queued as u32,
            assigned_count: o.assigned as u32,
            last_import: o.last_import.map(commonpot_core::entry::instant_text),
            profiles: books.bank_profiles()?.into_iter().map(|p| p.name).collect(),
            // The oldest waiting lines; the count says how many there are in all.
            queue: books
                .bank_queue()?
                .iter()
                .take(QUEUE_SHOWN)
                .map(Into::into)
                .collect(),
            matched: books.bank_matched(50)?.iter().map(Into::into).collect(),
        })
    })
}

/// Imports a bank statement file: `profile` names the CSV profile; none reads camt.053.
#[tauri::command]
#[specta::specta]
pub async fn import_bank_file(
    session: State<'_, Session>,
    path: String,
    profile: Option<String>,
    dry_run: bool,
) -> Result<BankImportDto> {
    session.with(|books, _| {
        let format = match profile {
            Some(name) => commonpot_app::BankFormat::Csv(name),
            None => commonpot_app::BankFormat::Camt,
        };
        let report = books.import_bank_file(Path::new(&path), &format, dry_run)?;
        let file = Path::new(&path)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or(path.clone());
        Ok(BankImportDto::new(file, &report))
    })
}

/// Saves a CSV column profile.
#[tauri::command]
#[specta::specta]
pub fn add_bank_profile(
    session: State<'_, Session>,
    name: String,
    delimiter: String,
    decimal: String,
    date_format: String,
    columns: String,
    encoding: String,
) -> Result<String> {
    session.with(|books, _| {
        let p = books.add_bank_profile(
            &name,
            &delimiter,
            &decimal,
            &date_format,
            &columns,
            Some(&encoding),
        )?;
        Ok(p.name)
    })
}

/// Says what a waiting bank line is; returns the entry it became.
#[tauri::command]
#[specta::specta]
pub fn assign_bank_line(
    session: State<'_, Session>,
    line: u32,
    project: String,
    member: Option<String>,
    remember: bool,
) -> Result<String> {
    session.with(|books, _| {
        let id =
            books.assign_bank_line(&line.to_string(), &project, member.as_deref(), remember)?;
        Ok(id.to_string())
    })
}

/// The payment reference and code of a project (or a member's gifts to it), to show large.
#[tauri::command]
#[specta::specta]
pub fn payment_code(
    session: State<'_, Session>,
    reference: String,
    member: Option<String>,
    amount: Option<String>,
) -> Result<PaymentCodeDto> {
    session.with(|books, _| {
        let r = books.payment_reference(&reference, member.as_deref())?;
        let svg = books.payment_code_svg(&r, amount.as_deref())?;
        let a = books.association();
        Ok(PaymentCodeDto {
            reference: r.reference.clone(),
            grouped: r.grouped.clone(),
            project_code: r.project.as_ref().map(|p| p.0.clone()),
            project_title: r.project.as_ref().map(|p| p.1.clone()),
            member: r.member.clone(),
            iban: a
                .iban
                .as_deref()
                .map(commonpot_core::payment::in_fours)
                .unwrap_or_default(),
            holder: books.account_holder(),
            svg,
        })
    })
}

/// Writes everything held about a member to `path`: a PDF when it ends in `.pdf`, else JSON.
#[tauri::command]
#[specta::specta]
pub fn export_member(
    session: State<'_, Session>,
    member: String,
    path: String,
) -> Result<MemberExportedDto> {
    session.with(|books, _| {
        let e = books.export_member(&member, Path::new(&path))?;
        Ok(MemberExportedDto {
            path: path.clone(),
            name: e.name,
            lines: e.contributions as u32,
            kilobytes: e.bytes.div_ceil(1024) as u32,
        })
    })
}

/// Erases a member's name and contact details for good (they become "Former member #N");
/// `confirmed` must be true.
#[tauri::command]
#[specta::specta]
pub fn erase_member(
    session: State<'_, Session>,
    member: String,
    confirmed: bool,
) -> Result<MemberErasedDto> {
    session.with(|books, _| {
        let e = books.erase_member(&member, confirmed)?;
        Ok(MemberErasedDto {
            pseudonym: e.pseudonym,
            mentions: e.mentions as u32,
        })
    })
}

/// Closes the open file, runs `work` on its path with its passphrase, and opens it again
/// (with `reopen_with` when the work changed the passphrase).
fn with_file_closed<T>(
    session: &Session,
    work: impl FnOnce(
        &Path,
        Option<Passphrase>,
    ) -> std::result::Result<(T, Option<Passphrase>), commonpot_app::AppError>,
) -> Result<(T, AssociationDto)> {
    let (books, path) = session.take().ok_or_else(crate::session::nothing_open)?;
    let current = books.passphrase().cloned();
    drop(books);
    let outcome = work(&path, current.clone());
    let reopen_with = match &outcome {
        Ok((_, new)) => new.clone(),
        Err(_) => current,
    };
    let books = Books::open(&path, Env::from_process()?.with_passphrase(reopen_with))?;
    let dto = AssociationDto::new(&books, &path);
    session.replace(books, path);
    Ok((outcome?.0, dto))
}

/// Puts the books of the backup at `backup` in place of the open file (checked first; the
/// books replaced are kept beside the file), then reopens it.
#[tauri::command]
#[specta::specta]
pub async fn restore_backup(session: State<'_, Session>, backup: String) -> Result<RestoredDto> {
    let (restored, association) = with_file_closed(&session, |path, passphrase| {
        let env = Env::from_process()?.with_passphrase(passphrase.clone());
        let r = Books::restore(path, Path::new(&backup), env)?;
        Ok((r, passphrase))
    })?;
    Ok(RestoredDto {
        entries: restored.entries as u32,
        digest: restored.digest,
        kept: restored.kept.map(|k| k.display().to_string()),
        association,
    })
}

/// Sets (`action` "set"), changes ("change") or removes ("remove") the passphrase of the open
/// file, `next` being the new one. Changing and removing need the current passphrase typed
/// again.
#[tauri::command]
#[specta::specta]
pub async fn change_passphrase(
    session: State<'_, Session>,
    action: String,
    current: Option<String>,
    next: Option<String>,
) -> Result<AssociationDto> {
    let (_, association) = with_file_closed(&session, |path, open_with| {
        let typed = current.filter(|c| !c.is_empty()).map(Passphrase::new);
        if action != "set" && (typed.is_none() || typed != open_with) {
            return Err(commonpot_app::AppError::invalid(
                commonpot_app::Field::Passphrase,
                commonpot_core::Text::new(commonpot_core::Key::StoreWrongPassphrase)
                    .arg("path", path.display()),
            ));
        }
        let change = match (action.as_str(), next.map(Passphrase::new)) {
            ("set", Some(p)) => ProtectionChange::Set(p),
            ("change", Some(p)) => ProtectionChange::Change(p),
            ("remove", _) => ProtectionChange::Remove,
            _ => {
                return Err(commonpot_app::AppError::invalid(
                    commonpot_app::Field::NewPassphrase,
                    commonpot_core::Text::new(commonpot_core::Key::PassphraseTooShort)
                        .arg("min", commonpot_app::MIN_PASSPHRASE),
                ));
            }
        };
        let after = match &change {
            ProtectionChange::Set(p) | ProtectionChange::Change(p) => Some(p.clone()),
            ProtectionChange::Remove => None,
        };
        Books::change_protection(
            path,
            change,
            Env::from_process()?.with_passphrase(open_with),
        )?;
        Ok(((), after))
    })?;
    Ok(association)
}
