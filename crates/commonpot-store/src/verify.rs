//! `verify`: recomputes what the store keeps derived and compares. Every content hash from its
//! entry's stored fields, the ledger digest from all content hashes, the derived figures from
//! the entries; plus SQLite's own integrity and foreign-key checks and the presence of the
//! append-only guards. Each difference is reported; nothing is repaired.

use std::collections::HashMap;
use std::fmt;

use commonpot_core::{
    Amount, Currency, EntryId, EntryKind, Expense, ProjectId, Reversal, TOTAL_MINOR_MAX,
};
use rusqlite::{Connection, OptionalExtension};
use uuid::Uuid;

use crate::read::{self, parse_date, parse_word};
use crate::{Result, StoreError};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    Integrity(String),
    ForeignKey {
        table: String,
        rowid: Option<i64>,
        parent: String,
    },
    /// An entry whose stored fields no longer hash to its stored content hash.
    ContentChanged {
        kind: EntryKind,
        id: String,
    },
    /// A collection or closing count whose stored fields no longer match its hash.
    OtherChanged(String),
    /// An entry whose fields cannot be read back (a value outside what the schema allows).
    Unreadable {
        kind: EntryKind,
        id: String,
        reason: String,
    },
    DigestMismatch {
        stored: String,
        recomputed: String,
    },
    CountMismatch {
        stored: u64,
        counted: u64,
    },
    FigureMismatch {
        what: String,
        stored: i64,
        recomputed: i64,
    },
    /// An amount no association accepts (not a positive integer up to the ceiling).
    ImpossibleAmount {
        kind: EntryKind,
        id: String,
        stored: String,
    },
    /// The live entries of one kind add up past [`TOTAL_MINOR_MAX`]: the figures cannot be formed.
    ImpossibleTotal {
        what: String,
        minor: i128,
    },
    GuardMissing(String),
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::Integrity(m) => write!(f, "SQLite integrity check: {m}"),
            Problem::ForeignKey {
                table,
                rowid,
                parent,
            } => {
                write!(
                    f,
                    "{table} row {} refers to a missing {parent}",
                    rowid.map_or("?".into(), |r| r.to_string())
                )
            }
            Problem::ContentChanged { kind, id } => {
                write!(
                    f,
                    "{kind} {id} was changed after it was recorded: its content no longer matches its hash"
                )
            }
            Problem::OtherChanged(what) => {
                write!(
                    f,
                    "{what} was changed after it was recorded: its content no longer matches its hash"
                )
            }
            Problem::Unreadable { kind, id, reason } => {
                write!(f, "{kind} {id} cannot be read: {reason}")
            }
            Problem::DigestMismatch { stored, recomputed } => {
                write!(
                    f,
                    "the saved ledger digest {stored} differs from the recomputed {recomputed}"
                )
            }
            Problem::CountMismatch { stored, counted } => {
                write!(
                    f,
                    "the saved entry count {stored} differs from the {counted} entries in the file"
                )
            }
            Problem::FigureMismatch {
                what,
                stored,
                recomputed,
            } => write!(
                f,
                "{what}: the saved figure is {stored} minor units but the entries add up to {recomputed}"
            ),
            Problem::ImpossibleAmount { kind, id, stored } => write!(
                f,
                "{kind} {id} holds the amount {stored} (minor units), which no association accepts"
            ),
            Problem::ImpossibleTotal { what, minor } => write!(
                f,
                "{what} adds up to {minor} minor units, past the {TOTAL_MINOR_MAX} the books can hold"
            ),
            Problem::GuardMissing(name) => write!(f, "the append-only guard {name} is missing"),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerifyReport {
    pub entry_count: u64,
    pub digest: String,
    pub problems: Vec<Problem>,
}

pub fn verify(conn: &Connection, currency: Currency) -> Result<VerifyReport> {
    let mut problems = Vec::new();

    let mut stmt = conn.prepare("PRAGMA integrity_check")?;
    for line in stmt.query_map([], |r| r.get::<_, String>(0))? {
        let line = line?;
        if line != "ok" {
            problems.push(Problem::Integrity(line));
        }
    }
    let mut stmt = conn.prepare("PRAGMA foreign_key_check")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        problems.push(Problem::ForeignKey {
            table: r.get(0)?,
            rowid: r.get(1)?,
            parent: r.get(2)?,
        });
    }

    for table in read::ENTRY_TABLES.iter().chain(crate::decisions::TABLES) {
        // Every entry table has its two append-only guards.
        for op in ["update", "delete"] {
            let name = format!("{table}_append_only_{op}");
            let exists: bool = conn.query_row(
                "SELECT EXISTS (SELECT 1 FROM sqlite_schema WHERE type = 'trigger' AND name = ?1)",
                [&name],
                |r| r.get(0),
            )?;
            if !exists {
                problems.push(Problem::GuardMissing(name));
            }
        }
    }

    check_contributions(conn, currency, &mut problems)?;
    check_expenses(conn, currency, &mut problems)?;
    check_reversals(conn, &mut problems)?;
    check_collections(conn, currency, &mut problems)?;

    let (digest, _) = read::recompute_digest(conn)?;
    let recomputed = digest.finish();
    let (stored_count, stored_digest) = read::ledger_digest(conn)?;
    if stored_digest != recomputed {
        problems.push(Problem::DigestMismatch {
            stored: stored_digest.to_hex(),
            recomputed: recomputed.to_hex(),
        });
    }
    if stored_count != digest.count() {
        problems.push(Problem::CountMismatch {
            stored: stored_count,
            counted: digest.count(),
        });
    }
    // With an impossible amount or total SQLite's sums would stop with an overflow.
    if check_bounds(conn, currency, &mut problems)? {
        check_figures(conn, &mut problems)?;
    }

    Ok(VerifyReport {
        entry_count: digest.count(),
        digest: recomputed.to_hex(),
        problems,
    })
}

fn check_contributions(
    conn: &Connection,
    currency: Currency,
    problems: &mut Vec<Problem>,
) -> Result<()> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {} FROM {} ORDER BY c.id",
        read::CONTRIBUTION_COLUMNS,
        read::CONTRIBUTION_FROM
    ))?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let id = r.get::<_, Uuid>(0)?.to_string();
        match read::contribution_from_row(r, currency) {
            Ok((c, stored)) => {
                if stored != Some(read::rehash_contribution(r, &c)?) {
                    problems.push(Problem::ContentChanged {
                        kind: EntryKind::Contribution,
                        id,
                    });
                }
            }
            Err(e) => problems.push(Problem::Unreadable {
                kind: EntryKind::Contribution,
                id,
                reason: e.to_string(),
            }),
        }
    }
    Ok(())
}

fn check_expenses(
    conn: &Connection,
    currency: Currency,
    problems: &mut Vec<Problem>,
) -> Result<()> {
    let mut stmt = conn.prepare(
        "SELECT e.id, p.id, e.payee, e.amount_minor, e.paid_on, e.note, e.content_hash, p.code
         FROM expense e JOIN project p ON p.key = e.project_key ORDER BY e.id",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let uuid: Uuid = r.get(0)?;
        let id = uuid.to_string();
        let parsed = (|| -> Result<(Expense, Vec<u8>, String)> {
            Ok((
                Expense {
                    id: EntryId::from_uuid(uuid),
                    project: ProjectId::from_uuid(r.get(1)?),
                    payee: r.get(2)?,
                    amount: Amount::from_minor(r.get(3)?, currency),
                    paid_on: parse_date(&r.get::<_, String>(4)?)?,
                    note: r.get(5)?,
                },
                r.get(6)?,
                r.get(7)?,
            ))
        })();
        match parsed {
            Ok((e, stored, code)) => {
                if stored != e.content_hash(&code).as_bytes() {
                    problems.push(Problem::ContentChanged {
                        kind: EntryKind::Expense,
                        id,
                    });
                }
            }
            Err(e) => problems.push(Problem::Unreadable {
                kind: EntryKind::Expense,
                id,
                reason: e.to_string(),
            }),
        }
    }
    Ok(())
}

fn check_reversals(conn: &Connection, problems: &mut Vec<Problem>) -> Result<()> {
    let mut stmt = conn.prepare(
        "SELECT v.id, v.reversed_id, v.reversed_kind, v.reason, v.content_hash,
                CASE v.reversed_kind
                    WHEN 'contribution' THEN EXISTS (SELECT 1 FROM contribution c WHERE c.id = v.reversed_id)
                    ELSE EXISTS (SELECT 1 FROM expense e WHERE e.id = v.reversed_id) END
         FROM reversal v ORDER BY v.id",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let uuid: Uuid = r.get(0)?;
        let id = uuid.to_string();
        let parsed = (|| -> Result<(Reversal, Vec<u8>, bool)> {
            Ok((
                Reversal {
                    id: EntryId::from_uuid(uuid),
                    reversed: EntryId::from_uuid(r.get(1)?),
                    reversed_kind: parse_word(&r.get::<_, String>(2)?)?,
                    reason: r.get(3)?,
                },
                r.get(4)?,
                r.get(5)?,
            ))
        })();
        match parsed {
            Ok((v, stored, target_exists)) => {
                if stored != v.content_hash().as_bytes() {
                    problems.push(Problem::ContentChanged {
                        kind: EntryKind::Reversal,
                        id: id.clone(),
                    });
                }
                if !target_exists {
                    problems.push(Problem::Unreadable {
                        kind: EntryKind::Reversal,
                        id,
                        reason: format!(
                            "the reversed {} {} is missing",
                            v.reversed_kind, v.reversed
                        ),
                    });
                }
            }
            Err(e) => problems.push(Problem::Unreadable {
                kind: EntryKind::Reversal,
                id,
                reason: e.to_string(),
            }),
        }
    }
    Ok(())
}

/// Checks every contribution and expense amount against the ceiling any association accepts and
/// adds up the live ones without overflow; false when something is out of bounds.
fn check_bounds(
    conn: &Connection,
    currency: Currency,
    problems: &mut Vec<Problem>,
) -> Result<bool> {
    let ceiling = Amount::ceiling(currency).to_minor(currency);
    let before = problems.len();
    for (kind, table, what) in [
        (EntryKind::Contribution, "contribution", "the money raised"),
        (EntryKind::Expense, "expense", "the money spent"),
    ] {
        let mut stmt = conn.prepare(&format!(
            "SELECT t.id, t.amount_minor, NOT EXISTS (SELECT 1 FROM reversal r WHERE r.reversed_id = t.id)
             FROM {table} t ORDER BY t.id"
        ))?;
        let mut rows = stmt.query([])?;
        let mut live: i128 = 0;
        while let Some(r) = rows.next()? {
            let amount = match r.get_ref(1)? {
                rusqlite::types::ValueRef::Integer(m) if (1..=ceiling).contains(&m) => m,
                other => {
                    problems.push(Problem::ImpossibleAmount {
                        kind,
                        id: r.get::<_, Uuid>(0)?.to_string(),
                        stored: shown_value(other),
                    });
                    continue;
                }
            };
            if r.get::<_, bool>(2)? {
                live += i128::from(amount);
            }
        }
        if live > i128::from(TOTAL_MINOR_MAX) {
            problems.push(Problem::ImpossibleTotal {
                what: what.into(),
                minor: live,
            });
        }
    }
    Ok(problems.len() == before)
}

fn shown_value(value: rusqlite::types::ValueRef<'_>) -> String {
    use rusqlite::types::ValueRef;
    match value {
        ValueRef::Null => "NULL".into(),
        ValueRef::Integer(i) => i.to_string(),
        ValueRef::Real(f) => f.to_string(),
        ValueRef::Text(t) => format!("\"{}\"", String::from_utf8_lossy(t)),
        ValueRef::Blob(b) => format!("a blob of {} bytes", b.len()),
    }
}

/// Compares the saved figures with a fresh GROUP BY over the entries.
fn check_figures(conn: &Connection, problems: &mut Vec<Problem>) -> Result<()> {
    let project_name = |key: &str| -> Result<String> {
        let key: i64 = key
            .parse()
            .map_err(|_| StoreError::Damaged(format!("\"{key}\" is not a project key")))?;
        if key == crate::write::NO_KEY {
            return Ok("the general fund".into());
        }
        let code: Option<String> = conn
            .query_row("SELECT code FROM project WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()?;
        Ok(format!(
            "project {}",
            code.unwrap_or_else(|| format!("#{key}"))
        ))
    };
    let compare = |what: String,
                   stored: &HashMap<String, i64>,
                   recomputed: &HashMap<String, i64>,
                   problems: &mut Vec<Problem>|
     -> Result<()> {
        let mut keys: Vec<&String> = stored.keys().chain(recomputed.keys()).collect();
        keys.sort();
        keys.dedup();
        for key in keys {
            let s = stored.get(key).copied().unwrap_or(0);
            let r = recomputed.get(key).copied().unwrap_or(0);
            if s != r {
                let (project, rest) = key.split_once('|').unwrap_or((key, ""));
                let label = if rest.is_empty() {
                    format!("{what} of {}", project_name(project)?)
                } else {
                    format!("{what} of {} ({rest})", project_name(project)?)
                };
                problems.push(Problem::FigureMismatch {
                    what: label,
                    stored: s,
                    recomputed: r,
                });
            }
        }
        Ok(())
    };
    let map = |sql: &str| -> Result<HashMap<String, i64>> {
        let mut stmt = conn.prepare(sql)?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(StoreError::from)
    };
    let live_contributions = "FROM contribution c WHERE NOT EXISTS (SELECT 1 FROM reversal r WHERE r.reversed_id = c.id)";
    compare(
        "money raised".into(),
        &map(
            "SELECT project_key || '|' || channel, raised_minor FROM contribution_total WHERE raised_minor <> 0",
        )?,
        &map(&format!(
            "SELECT COALESCE(project_key, 0) || '|' || channel, sum(amount_minor) {live_contributions} GROUP BY 1"
        ))?,
        problems,
    )?;
    compare(
        "number of contributions".into(),
        &map(
            "SELECT project_key || '|' || channel, live_count FROM contribution_total WHERE live_count <> 0",
        )?,
        &map(&format!(
            "SELECT COALESCE(project_key, 0) || '|' || channel, count(*) {live_contributions} GROUP BY 1"
        ))?,
        problems,
    )?;
    compare(
        "contributions per member".into(),
        &map(
            "SELECT project_key || '|member #' || member_key, live_count FROM contributor WHERE live_count <> 0",
        )?,
        &map(&format!(
            "SELECT COALESCE(project_key, 0) || '|member #' || COALESCE(member_key, 0), count(*) {live_contributions} GROUP BY 1"
        ))?,
        problems,
    )?;
    compare(
        "money spent".into(),
        &map(
            "SELECT CAST(project_key AS TEXT), spent_minor FROM expense_total WHERE spent_minor <> 0",
        )?,
        &map(
            "SELECT CAST(project_key AS TEXT), sum(amount_minor) FROM expense e
             WHERE NOT EXISTS (SELECT 1 FROM reversal r WHERE r.reversed_id = e.id) GROUP BY 1",
        )?,
        problems,
    )?;
    Ok(())
}

fn check_collections(
    conn: &Connection,
    currency: Currency,
    problems: &mut Vec<Problem>,
) -> Result<()> {
    let mut closes = Vec::new();
    read::for_each_collection(conn, currency, |state, stored, collector| {
        let id = state.collection.id.to_string();
        let hash = state
            .collection
            .content_hash(&collector, state.project_code.as_deref());
        if stored != hash.as_bytes() {
            problems.push(Problem::OtherChanged(format!("the cash collection {id}")));
        }
        if let Some(close) = state.close {
            closes.push(close);
        }
        Ok(())
    })?;
    for close in closes {
        let stored: Vec<u8> = conn.query_row(
            "SELECT content_hash FROM collection_close WHERE id = ?1",
            [close.id.uuid()],
            |r| r.get(0),
        )?;
        if stored != close.content_hash().as_bytes() {
            problems.push(Problem::OtherChanged(format!(
                "the closing count {}",
                close.id
            )));
        }
    }
    Ok(())
}
