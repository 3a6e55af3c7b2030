//! Contributions in and out as CSV, one format both ways:
//! `id,received,project,member,amount,channel,collector,note`. Amounts use a point; `project`
//! is a project code (empty for the general fund); `member` and `collector` a member number or
//! id. An import reads and checks the whole file before it writes anything, then writes every
//! line in one transaction.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use commonpot_core::entry::instant_text;
use commonpot_core::{
    Channel, ContentHash, Contribution, EntryId, EntryKind, Key, Locale, MemberId, ProjectId,
    ProjectStatus, Refs, Text,
};
use commonpot_store::{self as store, Connection, ProjectKey};

use crate::books::{Books, parse_entry_id, resolve_member, resolve_project};
use crate::{AppError, Field, OutputKind, Result, input};

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

/// A line that passed every check that needs no database, with its content hash.
struct CheckedLine {
    line: u64,
    /// Whether the file gave the id (which may then be recorded already).
    id_given: bool,
    contribution: Contribution,
    hash: ContentHash,
}

/// Every distinct project, member and collector named in the file, resolved once.
#[derive(Default)]
struct References {
    /// Each project as the file names it: its id and code, or none for the general fund.
    projects: HashMap<String, Option<(ProjectId, String)>>,
    /// Each member as the file names them: their id and reference (number, or id).
    members: HashMap<String, (MemberId, String)>,
}

impl Books {
    pub fn import_contributions(&mut self, path: &Path, dry_run: bool) -> Result<ImportReport> {
        let bytes = crate::limits::read(path, crate::limits::CSV_FILE_MAX)?;
        data_lines(&bytes)?;
        let currency = self.association().currency;
        let max = self.association().max_amount;
        let now = self.now();
        let (store, env) = self.parts();
        // Checking and writing happen in one transaction: what was checked is what is written.
        store.write(|w| {
            let (references, lines) = resolve_references(w, &bytes)?;
            let newest_existing = store::newest_entry_id(w)?;
            let mut report = ImportReport {
                lines,
                dry_run,
                ..ImportReport::default()
            };
            std::thread::scope(|scope| {
                let (sender, batches) =
                    std::sync::mpsc::sync_channel::<Result<Vec<CheckedLine>>>(4);
                let (bytes, references) = (&bytes[..], &references);
                let new_id = &mut env.new_id;
                scope.spawn(move || {
                    check_lines(bytes, references, currency, max, now, new_id, sender)
                });
                for batch in batches {
                    for checked in batch? {
                        let CheckedLine {
                            line,
                            id_given,
                            contribution: c,
                            hash,
                        } = checked;
                        let id = c.id;
                        // Only an id at or below the newest one recorded can already be there.
                        if id_given && newest_existing.is_some_and(|newest| id <= newest) {
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
                                        line,
                                        field: "id".into(),
                                        text: Text::new(Key::ImportConflict)
                                            .arg("id", id)
                                            .arg("fields", differing.join(", ")),
                                    });
                                }
                                Some(kind) => {
                                    return Err(AppError::ImportLine {
                                        line,
                                        field: "id".into(),
                                        text: Text::new(Key::EntryIdTaken)
                                            .arg("id", id)
                                            .arg("kind", kind),
                                    });
                                }
                            }
                        }
                        report.added += 1;
                        if !dry_run {
                            let meta = w.next_meta(now)?;
                            w.insert_hashed_contribution(&c, &hash, &meta)?;
                        }
                    }
                }
                Ok(report)
            })
        })
    }

    /// Writes every contribution, in id order, to `out`. Returns how many.
    pub fn export_contributions(&self, out: &Path) -> Result<u64> {
        self.check_output(Field::OutputFile, out, OutputKind::Csv)?;
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
        let mut partial = crate::output::temporary_beside(out)?;
        let mut writer = csv::Writer::from_writer(std::io::BufWriter::new(partial.as_file_mut()));
        let io = |e: csv::Error| AppError::io(Key::CannotWrite, out, e);
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
                neutralise(
                    c.project
                        .map(|p| project_codes[&p].clone())
                        .unwrap_or_default(),
                ),
                neutralise(member(c.member).unwrap_or_default()),
                c.amount.to_string(),
                c.channel.as_str().to_string(),
                neutralise(member(c.collector).unwrap_or_default()),
                neutralise(c.note),
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
            .map_err(|e| AppError::io(Key::CannotWrite, out, e))?;
        drop(writer);
        partial
            .as_file()
            .sync_all()
            .map_err(|e| AppError::io(Key::CannotWrite, out, e))?;
        // Checked again: the export may have taken a while.
        self.check_output(Field::OutputFile, out, OutputKind::Csv)?;
        crate::output::persist(partial, out)?;
        Ok(count)
    }
}

/// What a spreadsheet reads as the start of a formula (the spreadsheet-injection rule), and the
/// apostrophe that marks a neutralised cell.
const FORMULA_START: [char; 7] = ['=', '+', '-', '@', '\t', '\r', '\''];

/// A text cell as exported: one that a spreadsheet would run as a formula (or that begins with
/// an apostrophe) gets an apostrophe in front, which spreadsheets show as plain text.
fn neutralise(cell: String) -> String {
    if cell.starts_with(FORMULA_START) {
        format!("'{cell}")
    } else {
        cell
    }
}

/// The inverse of [`neutralise`], applied to every text cell read: an apostrophe before a
/// formula character or another apostrophe is dropped, so an export reads back unchanged; any
/// other apostrophe ("'tis") is text.
fn restore(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_START) => rest,
        _ => cell,
    }
}

/// A reader over the data lines, after checking the header.
fn data_lines(bytes: &[u8]) -> Result<csv::Reader<&[u8]>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(bytes);
    let header = reader.headers().map_err(|e| csv_error(1, &e))?;
    let header: Vec<&str> = header
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').trim())
        .collect();
    if header != CSV_HEADER {
        return Err(AppError::ImportLine {
            line: 1,
            field: "header".into(),
            text: Text::new(Key::ImportHeader)
                .arg("expected", CSV_HEADER.join(","))
                .arg("found", header.join(",")),
        });
    }
    Ok(reader)
}

/// One pass over the file: checks that every line has all its fields, and resolves each
/// distinct reference at the first line that names it. Returns them and the number of lines.
fn resolve_references(conn: &Connection, bytes: &[u8]) -> Result<(References, u64)> {
    let mut refs = References::default();
    let mut reader = data_lines(bytes)?;
    let mut record = csv::ByteRecord::new();
    let mut lines = 0;
    while reader
        .read_byte_record(&mut record)
        .map_err(|e| csv_error(e.position().map_or(0, |p| p.line()), &e))?
    {
        let line = record.position().map_or(0, |p| p.line());
        lines += 1;
        if record.len() != CSV_HEADER.len() {
            return Err(AppError::ImportLine {
                line,
                field: "line".into(),
                text: Text::new(Key::ImportFieldCount)
                    .arg("found", record.len())
                    .arg("expected", CSV_HEADER.len()),
            });
        }
        let text = |i: usize| -> Result<&str> {
            std::str::from_utf8(&record[i])
                .map(|t| restore(t.trim()))
                .map_err(|_| AppError::ImportLine {
                    line,
                    field: CSV_HEADER[i].into(),
                    text: Text::new(Key::ImportNotUtf8),
                })
        };
        let project_ref = text(2)?;
        if !refs.projects.contains_key(project_ref) {
            let project = if project_ref.is_empty() {
                None
            } else {
                match resolve_project(conn, Field::Project, project_ref)
                    .map_err(|e| line_error(line, "project", e))?
                {
                    ProjectKey::GeneralFund => None,
                    ProjectKey::Project(id) => {
                        if store::project_status(conn, id)? == Some(ProjectStatus::Cancelled) {
                            return Err(AppError::ImportLine {
                                line,
                                field: "project".into(),
                                text: Text::new(Key::ImportCancelled).arg("project", project_ref),
                            });
                        }
                        let code = store::project_code(conn, id)?.expect("just resolved");
                        Some((id, code))
                    }
                }
            };
            refs.projects.insert(project_ref.to_string(), project);
        }
        for (index, field, column) in [
            (3, Field::Member, "member"),
            (6, Field::Collector, "collector"),
        ] {
            let member_ref = text(index)?;
            if !member_ref.is_empty() && !refs.members.contains_key(member_ref) {
                let id = resolve_member(conn, field, member_ref)
                    .map_err(|e| line_error(line, column, e))?;
                let reference = store::member_reference(conn, id)?.expect("just resolved");
                refs.members.insert(member_ref.to_string(), (id, reference));
            }
        }
    }
    Ok((refs, lines))
}

/// Checks every line that needs no database, in order, sending batches of checked lines;
/// stops at the first bad line, or when the receiver has stopped listening.
fn check_lines(
    bytes: &[u8],
    refs: &References,
    currency: commonpot_core::Currency,
    max: commonpot_core::Amount,
    now: chrono::DateTime<chrono::Utc>,
    new_id: &mut (dyn FnMut(chrono::DateTime<chrono::Utc>) -> uuid::Uuid + Send),
    sender: std::sync::mpsc::SyncSender<Result<Vec<CheckedLine>>>,
) {
    let plain = Locale::parse("en").expect("en is supported");
    let mut seen: HashSet<EntryId> = HashSet::new();
    let Ok(mut reader) = data_lines(bytes) else {
        return;
    };
    let mut record = csv::StringRecord::new();
    let mut batch = Vec::with_capacity(BATCH_LINES);
    loop {
        let checked = match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let line = record.position().map_or(0, |p| p.line());
                check_line(
                    line,
                    &record,
                    refs,
                    currency,
                    &plain,
                    max,
                    now,
                    &mut seen,
                    &mut *new_id,
                )
            }
            Err(e) => Err(csv_error(e.position().map_or(0, |p| p.line()), &e)),
        };
        match checked {
            Ok(line) => batch.push(line),
            Err(e) => {
                let _ = sender.send(Err(e));
                return;
            }
        }
        if batch.len() == BATCH_LINES
            && sender
                .send(Ok(std::mem::replace(
                    &mut batch,
                    Vec::with_capacity(BATCH_LINES),
                )))
                .is_err()
        {
            return;
        }
    }
    let _ = sender.send(Ok(batch));
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
    new_id: &mut (dyn FnMut(chrono::DateTime<chrono::Utc>) -> uuid::Uuid + Send),
) -> Result<CheckedLine> {
    let at = |field: &'static str| move |e: AppError| line_error(line, field, e);
    let get = |i: usize| restore(record[i].trim());
    let member = |i: usize| (!get(i).is_empty()).then(|| &refs.members[get(i)]);
    let project = refs.projects[get(2)].as_ref();
    let (giver, collector) = (member(3), member(6));
    let received = get(1);
    if received.is_empty() {
        return Err(line_error(
            line,
            "received",
            AppError::invalid(Field::Received, Text::new(Key::TextEmpty)),
        ));
    }
    let received_at = input::moment(Field::Received, received)
        .and_then(|t| input::not_in_future(Field::Received, t, now))
        .map_err(at("received"))?;
    let amount =
        input::plain_amount(Field::Amount, get(4), currency, plain, max).map_err(at("amount"))?;
    let channel = get(5)
        .parse::<Channel>()
        .map_err(|e| line_error(line, "channel", AppError::invalid(Field::Channel, e)))?;
    let note = input::optional_text(Field::Note, restore(&record[7])).map_err(at("note"))?;
    let given = match get(0) {
        "" => None,
        text => {
            let id = parse_entry_id(Field::EntryId, text).map_err(at("id"))?;
            if !seen.insert(id) {
                return Err(line_error(
                    line,
                    "id",
                    AppError::invalid(Field::EntryId, Text::new(Key::ImportIdTwice).arg("id", id)),
                ));
            }
            Some(id)
        }
    };
    let contribution = Contribution {
        id: given.unwrap_or_else(|| EntryId::from_uuid(new_id(now))),
        project: project.map(|p| p.0),
        member: giver.map(|m| m.0),
        amount,
        channel,
        received_at,
        collector: collector.map(|m| m.0),
        note,
        collection: None,
    };
    let hash = contribution.content_hash(Refs {
        project: project.map(|p| p.1.as_str()),
        member: giver.map(|m| m.1.as_str()),
        collector: collector.map(|m| m.1.as_str()),
    });
    Ok(CheckedLine {
        line,
        id_given: given.is_some(),
        contribution,
        hash,
    })
}

fn line_error(line: u64, field: &str, e: AppError) -> AppError {
    match e {
        AppError::Invalid { text, .. }
        | AppError::NotFound { text, .. }
        | AppError::Refused { text, .. } => AppError::ImportLine {
            line,
            field: field.into(),
            text,
        },
        other => other,
    }
}

fn csv_error(line: u64, e: &csv::Error) -> AppError {
    let text = match e.kind() {
        csv::ErrorKind::Utf8 { .. } => Text::new(Key::ImportNotUtf8),
        _ => Text::new(Key::ImportUnreadable).arg("detail", e),
    };
    AppError::ImportLine {
        line,
        field: "line".into(),
        text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_formula_cell_is_neutralised_and_reads_back_unchanged() {
        for text in [
            "=HYPERLINK(\"http://x\",\"click\")",
            "+1",
            "-2",
            "@SUM(A1)",
            "\tlead",
            "'quoted",
            "''twice",
            "'=",
            "plain",
            "'tis",
            "",
        ] {
            let cell = neutralise(text.to_string());
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "{text:?} → {cell:?}"
            );
            assert_eq!(restore(&cell), text, "{cell:?}");
        }
        assert_eq!(neutralise("=1+1".into()), "'=1+1");
        assert_eq!(restore("'tis"), "'tis", "an apostrophe before text is text");
    }
}
