//! Contributions in and out as CSV, one format both ways:
//! `id,received,project,member,amount,channel,collector,note`. Amounts use a point; `project`
//! is a project code (empty for the general fund); `member` and `collector` a member number or
//! id. An import reads and checks the whole file before it writes anything, then writes every
//! line in one transaction.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use commonpot_core::entry::instant_text;
use commonpot_core::{Channel, Contribution, EntryId, MemberId};
use commonpot_store::{self as store, ProjectKey};

use crate::books::{Books, parse_entry_id};
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

impl Books {
    pub fn import_contributions(&mut self, path: &Path, dry_run: bool) -> Result<ImportReport> {
        let bytes = std::fs::read(path)
            .map_err(|e| AppError::Io(format!("cannot read {}: {e}", path.display())))?;
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(true)
            .from_reader(bytes.as_slice());
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

        let now = self.now();
        let currency = self.association().currency;
        let max = self.association().max_amount;
        let newest_existing = store::newest_entry_id(self.store().conn())?;
        let mut projects: HashMap<String, Option<commonpot_core::ProjectId>> = HashMap::new();
        let mut members: HashMap<String, MemberId> = HashMap::new();
        let mut seen: HashSet<EntryId> = HashSet::new();
        let mut rows: Vec<Contribution> = Vec::new();
        let mut report = ImportReport {
            dry_run,
            ..ImportReport::default()
        };

        for record in reader.records() {
            let record = record.map_err(|e| csv_error(e.position().map_or(0, |p| p.line()), &e))?;
            let line = record.position().map_or(0, |p| p.line());
            report.lines += 1;
            if record.len() != CSV_HEADER.len() {
                return Err(AppError::ImportLine {
                    line,
                    field: "line".into(),
                    message: format!("has {} fields, expected {}", record.len(), CSV_HEADER.len()),
                });
            }
            let at = |field: &'static str| move |e: AppError| line_error(line, field, e);
            let get = |i: usize| record.get(i).unwrap_or("").trim();

            let project_ref = get(2);
            let project = match projects.get(project_ref) {
                Some(p) => *p,
                None => {
                    let key = if project_ref.is_empty() {
                        ProjectKey::GeneralFund
                    } else {
                        self.find_project("project", project_ref)
                            .map_err(at("project"))?
                    };
                    let p = match key {
                        ProjectKey::GeneralFund => None,
                        ProjectKey::Project(id) => {
                            if store::project_status(self.store().conn(), id)?
                                == Some(commonpot_core::ProjectStatus::Cancelled)
                            {
                                return Err(line_error(
                                    line,
                                    "project",
                                    AppError::Refused(format!(
                                        "the project \"{project_ref}\" is cancelled"
                                    )),
                                ));
                            }
                            Some(id)
                        }
                    };
                    projects.insert(project_ref.to_string(), p);
                    p
                }
            };
            let mut member_at = |field: &'static str, text: &str| -> Result<Option<MemberId>> {
                if text.is_empty() {
                    return Ok(None);
                }
                if let Some(id) = members.get(text) {
                    return Ok(Some(*id));
                }
                let id = self.find_member(field, text).map_err(at(field))?;
                members.insert(text.to_string(), id);
                Ok(Some(id))
            };
            let member = member_at("member", get(3))?;
            let collector = member_at("collector", get(6))?;
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
                input::plain_amount("amount", get(4), currency, max).map_err(at("amount"))?;
            let channel = get(5)
                .parse::<Channel>()
                .map_err(|e| line_error(line, "channel", AppError::invalid("channel", e)))?;
            let note =
                input::optional_text("note", record.get(7).unwrap_or("")).map_err(at("note"))?;
            let id = match get(0) {
                "" => EntryId::from_uuid(self.new_id(now)),
                text => parse_entry_id("id", text).map_err(at("id"))?,
            };
            if !seen.insert(id) {
                return Err(line_error(
                    line,
                    "id",
                    AppError::invalid("id", format!("{id} appears twice in this file")),
                ));
            }
            let c = Contribution {
                id,
                project,
                member,
                amount,
                channel,
                received_at,
                collector,
                note,
            };
            if newest_existing
                .as_deref()
                .is_some_and(|newest| id.to_string().as_str() <= newest)
            {
                if let Some(existing) = store::contribution(self.store().conn(), currency, id)? {
                    let differing = existing.differing_fields(&c);
                    if differing.is_empty() {
                        report.already_present += 1;
                        continue;
                    }
                    return Err(line_error(
                        line,
                        "id",
                        AppError::Refused(format!(
                            "{id} is already recorded with a different {}",
                            differing.join(", ")
                        )),
                    ));
                }
                if let store::Found::One((_, kind)) =
                    store::find_entry(self.store().conn(), &id.to_string())?
                {
                    return Err(line_error(
                        line,
                        "id",
                        AppError::Refused(format!("{id} is already the id of an {kind}")),
                    ));
                }
            }
            rows.push(c);
        }
        report.added = rows.len() as u64;
        if dry_run || rows.is_empty() {
            return Ok(report);
        }
        // In id order, the running digest extends instead of being recomputed.
        rows.sort_unstable_by_key(|c| c.id);
        self.store_mut().write(|w| {
            for c in &rows {
                let meta = w.next_meta(now)?;
                w.insert_contribution(c, &meta)?;
            }
            Ok::<_, AppError>(())
        })?;
        Ok(report)
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
