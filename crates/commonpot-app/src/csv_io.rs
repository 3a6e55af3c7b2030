//! Contributions in and out as CSV, one format both ways:
//! `id,received,project,member,amount,channel,collector,note`. Amounts use a point; `project`
//! is a project code (empty for the general fund); `member` and `collector` a member number or
//! id. An import reads and checks the whole file before it writes anything, then writes every
//! line in one transaction.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use commonpot_core::entry::instant_text;
use commonpot_core::{
    Channel, Contribution, EntryId, EntryKind, Locale, MemberId, ProjectId, ProjectStatus,
};
use commonpot_store::{self as store, Connection, ProjectKey};

use crate::books::{Books, parse_entry_id, resolve_member, resolve_project};
use crate::{AppError, Result, input};

pub const CSV_HEADER: [&str; 8] = [
    "id",
    "received",
    "project",
    "member",
    "amount",
    "channel",
    "collector",
    "note",
];

/// What an import did, or would do with `--dry-run`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub lines: u64,
    pub added: u64,
    /// Lines whose id was already recorded with the same content.
    pub already_present: u64,
    pub dry_run: bool,
}

/// Lines are checked in batches of this many on a second thread while the first one saves
/// the batches already checked.
const BATCH_LINES: usize = 4_096;

/// A line that passed every check that needs no database.
struct CheckedLine {
    line: u64,
    id: Option<EntryId>,
    project: Option<ProjectId>,
    member: Option<MemberId>,
    collector: Option<MemberId>,
    amount: commonpot_core::Amount,
    channel: Channel,
    received_at: chrono::DateTime<chrono::Utc>,
    note: String,
}

/// Every distinct project, member and collector named in the file, resolved once.
#[derive(Default)]
struct References {
    projects: HashMap<String, Option<ProjectId>>,
    members: HashMap<String, MemberId>,
}

impl Books {
    pub fn import_contributions(&mut self, path: &Path, dry_run: bool) -> Result<ImportReport> {
        let bytes = std::fs::read(path)
            .map_err(|e| AppError::Io(format!("cannot read {}: {e}", path.display())))?;
        let records = read_records(&bytes)?;
        let currency = self.association().currency;
        let max = self.association().max_amount;
        let now = self.now();
        let (store, env) = self.parts();
        // Checking and writing happen in one transaction: what was checked is what is written.
        store.write(|w| {
            let references = resolve_references(w, &records)?;
            let newest_existing = store::newest_entry_id(w)?;
            let mut report = ImportReport {
                lines: records.len() as u64,
                dry_run,
                ..ImportReport::default()
            };
            std::thread::scope(|scope| {
                let (sender, batches) =
                    std::sync::mpsc::sync_channel::<Result<Vec<CheckedLine>>>(4);
                let (records, references) = (&records, &references);
                scope.spawn(move || check_lines(records, references, currency, max, now, sender));
                for batch in batches {
                    for checked in batch? {
                        let id = checked
                            .id
                            .unwrap_or_else(|| EntryId::from_uuid((env.new_id)(now)));
                        let c = Contribution {
                            id,
                            project: checked.project,
                            member: checked.member,
                            amount: checked.amount,
                            channel: checked.channel,
                            received_at: checked.received_at,
                            collector: checked.collector,
                            note: checked.note,
                        };
                        // Only an id at or below the newest one recorded can already be there.
                        if checked.id.is_some()
                            && newest_existing.is_some_and(|newest| id <= newest)
                        {
                            match store::entry_kind(w, id)? {
                                None => {}
                                Some(EntryKind::Contribution) => {
                                    let existing =
                                        store::contribution(w, currency, id)?.expect("just found");
                                    let differing = existing.differing_fields(&c);
                                    if differing.is_empty() {
                                        report.already_present += 1;
                                        continue;
                                    }
                                    return Err(AppError::ImportLine {
                                        line: checked.line,
                                        field: "id".into(),
                                        message: format!(
                                            "{id} is already recorded with a different {}",
                                            differing.join(", ")
                                        ),
                                    });
                                }
                                Some(kind) => {
                                    return Err(AppError::ImportLine {
                                        line: checked.line,
                                        field: "id".into(),
                                        message: format!("{id} is already the id of an {kind}"),
                                    });
                                }
                            }
                        }
                        report.added += 1;
                        if !dry_run {
                            let meta = w.next_meta(now)?;
                            w.insert_contribution(&c, &meta)?;
                        }
                    }
                }
                Ok(report)
            })
        })
    }

    /// Writes every contribution, in id order, to `out`. Returns how many.
    pub fn export_contributions(&self, out: &Path) -> Result<u64> {
        let conn = self.store().conn();
        let currency = self.association().currency;
        let member_refs: HashMap<MemberId, String> = store::members(conn)?
            .into_iter()
            .map(|m| (m.id, m.number.clone().unwrap_or_else(|| m.id.to_string())))
            .collect();
        let project_codes: HashMap<_, _> = self
            .projects()?
            .into_iter()
            .map(|p| (p.project.id, p.project.code))
            .collect();
        let partial = out.with_extension("partial");
        let file = std::fs::File::create(&partial)
            .map_err(|e| AppError::Io(format!("cannot write {}: {e}", partial.display())))?;
        let mut writer = csv::Writer::from_writer(std::io::BufWriter::new(file));
        let io = |e: csv::Error| AppError::Io(format!("cannot write {}: {e}", out.display()));
        writer.write_record(CSV_HEADER).map_err(io)?;
        let mut count = 0u64;
        let mut failure = None;
        store::for_each_contribution(conn, currency, |c| {
            let member = |m: Option<MemberId>| {
                m.map(|m| {
                    member_refs
                        .get(&m)
                        .cloned()
                        .unwrap_or_else(|| m.to_string())
                })
            };
            let result = writer.write_record([
                c.id.to_string(),
                instant_text(c.received_at),
                c.project
                    .map(|p| project_codes[&p].clone())
                    .unwrap_or_default(),
                member(c.member).unwrap_or_default(),
                c.amount.to_string(),
                c.channel.as_str().to_string(),
                member(c.collector).unwrap_or_default(),
                c.note,
            ]);
            if let Err(e) = result {
                failure.get_or_insert(e);
            }
            count += 1;
            Ok(())
        })?;
        if let Some(e) = failure {
            return Err(io(e));
        }
        writer
            .flush()
            .map_err(|e| AppError::Io(format!("cannot write {}: {e}", out.display())))?;
        drop(writer);
        std::fs::rename(&partial, out).map_err(|e| {
            AppError::Io(format!(
                "cannot move the export into place at {}: {e}",
                out.display()
            ))
        })?;
        Ok(count)
    }
}

/// The data lines of the file with their line numbers, after checking the header and that
/// every line has all its fields.
fn read_records(bytes: &[u8]) -> Result<Vec<(u64, csv::StringRecord)>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(bytes);
    let header = reader.headers().map_err(|e| csv_error(1, &e))?.clone();
    let header: Vec<&str> = header
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').trim())
        .collect();
    if header != CSV_HEADER {
        return Err(AppError::ImportLine {
            line: 1,
            field: "header".into(),
            message: format!(
                "expected \"{}\", found \"{}\"",
                CSV_HEADER.join(","),
                header.join(",")
            ),
        });
    }
    let mut records = Vec::new();
    let mut record = csv::StringRecord::new();
    while reader
        .read_record(&mut record)
        .map_err(|e| csv_error(e.position().map_or(0, |p| p.line()), &e))?
    {
        let line = record.position().map_or(0, |p| p.line());
        if record.len() != CSV_HEADER.len() {
            return Err(AppError::ImportLine {
                line,
                field: "line".into(),
                message: format!("has {} fields, expected {}", record.len(), CSV_HEADER.len()),
            });
        }
        records.push((line, record.clone()));
    }
    Ok(records)
}

/// Resolves each distinct reference at the first line that names it.
fn resolve_references(
    conn: &Connection,
    records: &[(u64, csv::StringRecord)],
) -> Result<References> {
    let mut refs = References::default();
    for (line, record) in records {
        let project_ref = record[2].trim();
        if !refs.projects.contains_key(project_ref) {
            let project = if project_ref.is_empty() {
                None
            } else {
                match resolve_project(conn, "project", project_ref)
                    .map_err(|e| line_error(*line, "project", e))?
                {
                    ProjectKey::GeneralFund => None,
                    ProjectKey::Project(id) => {
                        if store::project_status(conn, id)? == Some(ProjectStatus::Cancelled) {
                            return Err(AppError::ImportLine {
                                line: *line,
                                field: "project".into(),
                                message: format!("the project \"{project_ref}\" is cancelled"),
                            });
                        }
                        Some(id)
                    }
                }
            };
            refs.projects.insert(project_ref.to_string(), project);
        }
        for (index, field) in [(3, "member"), (6, "collector")] {
            let text = record[index].trim();
            if !text.is_empty() && !refs.members.contains_key(text) {
                let id =
                    resolve_member(conn, field, text).map_err(|e| line_error(*line, field, e))?;
                refs.members.insert(text.to_string(), id);
            }
        }
    }
    Ok(refs)
}

/// Checks every line that needs no database, in order, sending batches of checked lines;
/// stops at the first bad line, or when the receiver has stopped listening.
fn check_lines(
    records: &[(u64, csv::StringRecord)],
    refs: &References,
    currency: commonpot_core::Currency,
    max: commonpot_core::Amount,
    now: chrono::DateTime<chrono::Utc>,
    sender: std::sync::mpsc::SyncSender<Result<Vec<CheckedLine>>>,
) {
    let plain = Locale::parse("en").expect("en is supported");
    let mut seen: HashSet<EntryId> = HashSet::with_capacity(records.len());
    for chunk in records.chunks(BATCH_LINES) {
        let checked: Result<Vec<CheckedLine>> = chunk
            .iter()
            .map(|(line, record)| {
                check_line(*line, record, refs, currency, &plain, max, now, &mut seen)
            })
            .collect();
        let failed = checked.is_err();
        if sender.send(checked).is_err() || failed {
            return;
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn check_line(
    line: u64,
    record: &csv::StringRecord,
    refs: &References,
    currency: commonpot_core::Currency,
    plain: &Locale,
    max: commonpot_core::Amount,
    now: chrono::DateTime<chrono::Utc>,
    seen: &mut HashSet<EntryId>,
) -> Result<CheckedLine> {
    let at = |field: &'static str| move |e: AppError| line_error(line, field, e);
    let get = |i: usize| record[i].trim();
    let member = |i: usize| (!get(i).is_empty()).then(|| refs.members[get(i)]);
    let received = get(1);
    if received.is_empty() {
        return Err(line_error(
            line,
            "received",
            AppError::invalid("received", "must not be empty"),
        ));
    }
    let received_at = input::moment("received", received)
        .and_then(|t| input::not_in_future("received", t, now))
        .map_err(at("received"))?;
    let amount =
        input::plain_amount("amount", get(4), currency, plain, max).map_err(at("amount"))?;
    let channel = get(5)
        .parse::<Channel>()
        .map_err(|e| line_error(line, "channel", AppError::invalid("channel", e)))?;
    let note = input::optional_text("note", &record[7]).map_err(at("note"))?;
    let id = match get(0) {
        "" => None,
        text => {
            let id = parse_entry_id("id", text).map_err(at("id"))?;
            if !seen.insert(id) {
                return Err(line_error(
                    line,
                    "id",
                    AppError::invalid("id", format!("{id} appears twice in this file")),
                ));
            }
            Some(id)
        }
    };
    Ok(CheckedLine {
        line,
        id,
        project: refs.projects[get(2)],
        member: member(3),
        collector: member(6),
        amount,
        channel,
        received_at,
        note,
    })
}

fn line_error(line: u64, field: &str, e: AppError) -> AppError {
    match e {
        AppError::Invalid { message, .. } => AppError::ImportLine {
            line,
            field: field.into(),
            message,
        },
        AppError::NotFound(message) | AppError::Refused(message) => {
            let message = message
                .split_once(": ")
                .map_or(message.clone(), |(_, m)| m.to_string());
            AppError::ImportLine {
                line,
                field: field.into(),
                message,
            }
        }
        other => other,
    }
}

fn csv_error(line: u64, e: &csv::Error) -> AppError {
    let message = match e.kind() {
        csv::ErrorKind::Utf8 { .. } => "is not UTF-8 text; save the file as UTF-8".to_string(),
        _ => e.to_string(),
    };
    AppError::ImportLine {
        line,
        field: "line".into(),
        message,
    }
}
