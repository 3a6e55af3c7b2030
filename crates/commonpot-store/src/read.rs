//! The read side: queries that take a `&Connection`, so they run on the store's connection
//! or inside a write transaction alike.

use std::str::FromStr;

use chrono::{DateTime, NaiveDate, Utc};
use commonpot_core::{
    Amount, Channel, ContentHash, Contribution, Currency, EntryId, EntryKind, LedgerDigest, Locale,
    MemberId, ProjectId, ProjectStatus,
};
use rusqlite::{Connection, OptionalExtension, Row, params};

use crate::records::*;
use crate::{Result, StoreError};

pub(crate) fn parse_id<T: FromStr>(text: &str) -> Result<T> {
    text.parse()
        .map_err(|_| StoreError::Damaged(format!("\"{text}\" is not an id")))
}

pub(crate) fn parse_word<T: FromStr<Err = String>>(text: &str) -> Result<T> {
    text.parse().map_err(StoreError::Damaged)
}

pub(crate) fn parse_instant(text: &str) -> Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| StoreError::Damaged(format!("\"{text}\" is not an instant")))
}

pub(crate) fn parse_date(text: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| StoreError::Damaged(format!("\"{text}\" is not a date")))
}

pub(crate) fn association(conn: &Connection) -> Result<Option<Association>> {
    let row = conn
        .query_row(
            "SELECT id, name, currency, minor_units, locale, max_amount_minor, created_at FROM association",
            [],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, i64>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, i64>(5)?,
                    r.get::<_, String>(6)?,
                ))
            },
        )
        .optional()?;
    let Some((id, name, currency, minor_units, locale, max_minor, created_at)) = row else {
        return Ok(None);
    };
    let currency =
        Currency::from_code(&currency).map_err(|e| StoreError::Damaged(e.to_string()))?;
    if i64::from(currency.minor_units()) != minor_units {
        return Err(StoreError::Damaged(format!(
            "the file records {minor_units} decimals for {currency}, which has {}",
            currency.minor_units()
        )));
    }
    Ok(Some(Association {
        id,
        name,
        locale: Locale::parse(&locale).map_err(|e| StoreError::Damaged(e.to_string()))?,
        max_amount: Amount::from_minor(max_minor, currency),
        currency,
        created_at: parse_instant(&created_at)?,
    }))
}

/// This file's own device: its id and name.
pub fn local_device(conn: &Connection) -> Result<(commonpot_core::DeviceId, String)> {
    let (id, name): (String, String) =
        conn.query_row("SELECT id, name FROM device WHERE is_local = 1", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
    Ok((parse_id(&id)?, name))
}

fn member_from_row(r: &Row<'_>) -> Result<Member> {
    Ok(Member {
        id: parse_id(&r.get::<_, String>(0)?)?,
        name: r.get(1)?,
        email: r.get(2)?,
        number: r.get(3)?,
        joined_on: parse_date(&r.get::<_, String>(4)?)?,
    })
}

pub fn members(conn: &Connection) -> Result<Vec<Member>> {
    let mut stmt = conn.prepare(
        "SELECT id, name, email, number, joined_on FROM member ORDER BY name COLLATE NOCASE, id",
    )?;
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(member_from_row(r)?);
    }
    Ok(out)
}

pub fn member(conn: &Connection, id: MemberId) -> Result<Option<Member>> {
    let mut stmt =
        conn.prepare_cached("SELECT id, name, email, number, joined_on FROM member WHERE id = ?1")?;
    let mut rows = stmt.query([id.to_string()])?;
    rows.next()?.map(member_from_row).transpose()
}

pub fn member_number_taken(conn: &Connection, number: &str) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM member WHERE number = ?1)",
        [number],
        |r| r.get(0),
    )?)
}

fn project_from_row(r: &Row<'_>, currency: Currency) -> Result<Project> {
    Ok(Project {
        id: parse_id(&r.get::<_, String>(0)?)?,
        code: r.get(1)?,
        title: r.get(2)?,
        description: r.get(3)?,
        goal: Amount::from_minor(r.get(4)?, currency),
        deadline: r
            .get::<_, Option<String>>(5)?
            .as_deref()
            .map(parse_date)
            .transpose()?,
        status: parse_word(&r.get::<_, String>(6)?)?,
    })
}

pub fn project(conn: &Connection, currency: Currency, id: ProjectId) -> Result<Option<Project>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, code, title, description, goal_minor, deadline, status FROM project WHERE id = ?1",
    )?;
    let mut rows = stmt.query([id.to_string()])?;
    rows.next()?
        .map(|r| project_from_row(r, currency))
        .transpose()
}

pub fn project_code_taken(conn: &Connection, code: &str) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM project WHERE code = ?1)",
        [code],
        |r| r.get(0),
    )?)
}

/// What a reference typed by a person matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found<T> {
    One(T),
    None,
    /// A prefix that fits more than one id.
    Several,
}

/// Lower and upper bound of the ids that start with `prefix`, when it could be an id prefix
/// (at least four characters of hex digits and hyphens).
fn prefix_range(prefix: &str) -> Option<(String, String)> {
    let lower = prefix.to_ascii_lowercase();
    let plausible = lower.len() >= 4 && lower.chars().all(|c| c.is_ascii_hexdigit() || c == '-');
    plausible.then(|| (lower.clone(), format!("{lower}~")))
}

fn find_by_prefix(conn: &Connection, table: &str, prefix: &str) -> Result<Found<String>> {
    let Some((lo, hi)) = prefix_range(prefix) else {
        return Ok(Found::None);
    };
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT id FROM {table} WHERE id >= ?1 AND id < ?2 LIMIT 2"
    ))?;
    let ids: Vec<String> = stmt
        .query_map([lo, hi], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(match ids.len() {
        0 => Found::None,
        1 => Found::One(ids.into_iter().next().expect("one")),
        _ => Found::Several,
    })
}

/// A member by number, full id or unique id prefix, in that order.
pub fn find_member(conn: &Connection, reference: &str) -> Result<Found<MemberId>> {
    let r = reference.trim();
    let by_number: Option<String> = conn
        .query_row("SELECT id FROM member WHERE number = ?1", [r], |row| {
            row.get(0)
        })
        .optional()?;
    if let Some(id) = by_number {
        return Ok(Found::One(parse_id(&id)?));
    }
    Ok(match find_by_prefix(conn, "member", r)? {
        Found::One(id) => Found::One(parse_id(&id)?),
        Found::None => Found::None,
        Found::Several => Found::Several,
    })
}

/// A project by code (any case), full id or unique id prefix, in that order.
pub fn find_project(conn: &Connection, reference: &str) -> Result<Found<ProjectId>> {
    let r = reference.trim();
    let by_code: Option<String> = conn
        .query_row("SELECT id FROM project WHERE code = ?1", [r], |row| {
            row.get(0)
        })
        .optional()?;
    if let Some(id) = by_code {
        return Ok(Found::One(parse_id(&id)?));
    }
    Ok(match find_by_prefix(conn, "project", r)? {
        Found::One(id) => Found::One(parse_id(&id)?),
        Found::None => Found::None,
        Found::Several => Found::Several,
    })
}

/// A ledger entry of any kind by full id or unique id prefix.
pub fn find_entry(conn: &Connection, reference: &str) -> Result<Found<(EntryId, EntryKind)>> {
    let mut found = Vec::new();
    for kind in [
        EntryKind::Contribution,
        EntryKind::Expense,
        EntryKind::Reversal,
    ] {
        match find_by_prefix(conn, kind.as_str(), reference.trim())? {
            Found::One(id) => found.push((parse_id(&id)?, kind)),
            Found::Several => return Ok(Found::Several),
            Found::None => {}
        }
    }
    Ok(match found.len() {
        0 => Found::None,
        1 => Found::One(found[0]),
        _ => Found::Several,
    })
}

/// The reversal of an entry, if it has one.
pub fn reversal_of(conn: &Connection, id: EntryId) -> Result<Option<EntryId>> {
    conn.query_row(
        "SELECT id FROM reversal WHERE reversed_id = ?1",
        [id.to_string()],
        |r| r.get::<_, String>(0),
    )
    .optional()?
    .as_deref()
    .map(parse_id)
    .transpose()
}

pub(crate) const CONTRIBUTION_COLUMNS: &str = "id, project_id, member_id, amount_minor, channel, received_at, collector_id, note, content_hash";

pub(crate) fn contribution_from_row(
    r: &Row<'_>,
    currency: Currency,
) -> Result<(Contribution, Option<ContentHash>)> {
    let opt_id = |i: usize| -> Result<Option<MemberId>> {
        r.get::<_, Option<String>>(i)?
            .as_deref()
            .map(parse_id)
            .transpose()
    };
    let c = Contribution {
        id: parse_id(&r.get::<_, String>(0)?)?,
        project: r
            .get::<_, Option<String>>(1)?
            .as_deref()
            .map(parse_id)
            .transpose()?,
        member: opt_id(2)?,
        amount: Amount::from_minor(r.get(3)?, currency),
        channel: parse_word(&r.get::<_, String>(4)?)?,
        received_at: parse_instant(&r.get::<_, String>(5)?)?,
        collector: opt_id(6)?,
        note: r.get(7)?,
    };
    let hash = ContentHash::from_slice(&r.get::<_, Vec<u8>>(8)?);
    Ok((c, hash))
}

pub fn contribution(
    conn: &Connection,
    currency: Currency,
    id: EntryId,
) -> Result<Option<Contribution>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {CONTRIBUTION_COLUMNS} FROM contribution WHERE id = ?1"
    ))?;
    let mut rows = stmt.query([id.to_string()])?;
    rows.next()?
        .map(|r| contribution_from_row(r, currency).map(|(c, _)| c))
        .transpose()
}

/// Every contribution in id order, one at a time (a million do not fit in a `Vec` cheaply).
pub fn for_each_contribution(
    conn: &Connection,
    currency: Currency,
    mut f: impl FnMut(Contribution) -> Result<()>,
) -> Result<()> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {CONTRIBUTION_COLUMNS} FROM contribution ORDER BY id"
    ))?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        f(contribution_from_row(r, currency)?.0)?;
    }
    Ok(())
}

const PROJECT_FIGURES: &str = "
    SELECT p.id, p.code, p.title, p.description, p.goal_minor, p.deadline, p.status,
           COALESCE((SELECT sum(raised_minor) FROM contribution_total t WHERE t.project_key = p.id), 0),
           COALESCE((SELECT spent_minor FROM expense_total e WHERE e.project_id = p.id), 0),
           (SELECT count(*) FROM contributor c WHERE c.project_key = p.id AND c.member_key <> '' AND c.live_count > 0),
           COALESCE((SELECT live_count FROM contributor c WHERE c.project_key = p.id AND c.member_key = ''), 0)
    FROM project p";

fn figures_from_row(r: &Row<'_>, currency: Currency) -> Result<ProjectWithFigures> {
    Ok(ProjectWithFigures {
        project: project_from_row(r, currency)?,
        raised: Amount::from_minor(r.get(7)?, currency),
        spent: Amount::from_minor(r.get(8)?, currency),
        contributors: r.get::<_, i64>(9)? as u64,
        anonymous_gifts: r.get::<_, i64>(10)? as u64,
    })
}

/// Every project with its figures, in the order they were created.
pub fn projects(conn: &Connection, currency: Currency) -> Result<Vec<ProjectWithFigures>> {
    let mut stmt = conn.prepare(&format!("{PROJECT_FIGURES} ORDER BY p.created_at, p.id"))?;
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(figures_from_row(r, currency)?);
    }
    Ok(out)
}

pub fn project_with_figures(
    conn: &Connection,
    currency: Currency,
    id: ProjectId,
) -> Result<Option<ProjectWithFigures>> {
    let mut stmt = conn.prepare(&format!("{PROJECT_FIGURES} WHERE p.id = ?1"))?;
    let mut rows = stmt.query([id.to_string()])?;
    rows.next()?
        .map(|r| figures_from_row(r, currency))
        .transpose()
}

/// The entry count and the ledger digest as kept by the store.
pub fn ledger_digest(conn: &Connection) -> Result<(u64, ContentHash)> {
    let (count, state): (i64, Vec<u8>) = conn.query_row(
        "SELECT entry_count, digest_state FROM ledger_state",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let digest = LedgerDigest::from_state(&state)
        .ok_or_else(|| StoreError::Damaged("the saved ledger digest state is unreadable".into()))?;
    Ok((count as u64, digest.finish()))
}

/// The entry tables, whose union is the ledger.
pub(crate) const ENTRY_TABLES: &[&str] = &["contribution", "expense", "reversal"];

/// The digest recomputed from every entry's stored content hash, and the largest id.
pub(crate) fn recompute_digest(conn: &Connection) -> Result<(LedgerDigest, String)> {
    let union = ENTRY_TABLES
        .iter()
        .map(|t| format!("SELECT id, content_hash FROM {t}"))
        .collect::<Vec<_>>()
        .join(" UNION ALL ");
    let mut stmt = conn.prepare(&format!("{union} ORDER BY id"))?;
    let mut rows = stmt.query([])?;
    let mut digest = LedgerDigest::new();
    let mut last = String::new();
    while let Some(r) = rows.next()? {
        let id: String = r.get(0)?;
        let hash = ContentHash::from_slice(&r.get::<_, Vec<u8>>(1)?).ok_or_else(|| {
            StoreError::Damaged(format!("entry {id} has a malformed content hash"))
        })?;
        digest.push(&hash);
        last = id;
    }
    Ok((digest, last))
}

pub fn summary(conn: &Connection, currency: Currency) -> Result<Summary> {
    let projects = projects(conn, currency)?;
    let general_fund: i64 = conn.query_row(
        "SELECT COALESCE(sum(raised_minor), 0) FROM contribution_total WHERE project_key = ''",
        [],
        |r| r.get(0),
    )?;
    let mut stmt = conn.prepare(
        "SELECT channel, sum(raised_minor), sum(live_count) FROM contribution_total GROUP BY channel",
    )?;
    let mut rows = stmt.query([])?;
    let mut by_channel = std::collections::HashMap::new();
    while let Some(r) = rows.next()? {
        let channel: Channel = parse_word(&r.get::<_, String>(0)?)?;
        by_channel.insert(channel, (r.get::<_, i64>(1)?, r.get::<_, i64>(2)?));
    }
    let channels: Vec<ChannelTotal> = Channel::ALL
        .iter()
        .map(|&channel| {
            let (raised, n) = by_channel.get(&channel).copied().unwrap_or((0, 0));
            ChannelTotal {
                channel,
                raised: Amount::from_minor(raised, currency),
                contributions: n as u64,
            }
        })
        .collect();
    let raised: i64 = by_channel.values().map(|v| v.0).sum();
    let spent: i64 = conn.query_row(
        "SELECT COALESCE(sum(spent_minor), 0) FROM expense_total",
        [],
        |r| r.get(0),
    )?;
    let (entry_count, digest) = ledger_digest(conn)?;
    Ok(Summary {
        projects,
        general_fund: Amount::from_minor(general_fund, currency),
        channels,
        raised: Amount::from_minor(raised, currency),
        spent: Amount::from_minor(spent, currency),
        entry_count,
        digest: digest.to_hex(),
    })
}

/// The ledger in id order (the order entries were made), each line with what it refers to.
pub fn ledger(
    conn: &Connection,
    currency: Currency,
    filter: &LedgerFilter,
) -> Result<Vec<LedgerLine>> {
    let project_condition = match filter.project {
        None => "1",
        Some(ProjectKey::GeneralFund) => "project_id IS NULL",
        Some(ProjectKey::Project(_)) => "project_id = :project",
    };
    let member_condition = if filter.member.is_some() {
        "member_id = :member"
    } else {
        "1"
    };
    let sql = format!(
        "SELECT * FROM (
           SELECT c.id, 'contribution' AS kind, c.recorded_at, c.received_at AS occurred, c.project_id, c.member_id,
                  c.channel, c.amount_minor AS signed, c.note AS text, NULL AS payee,
                  (SELECT r.id FROM reversal r WHERE r.reversed_id = c.id) AS reversed_by, NULL AS reverses
           FROM contribution c
           UNION ALL
           SELECT e.id, 'expense', e.recorded_at, e.paid_on, e.project_id, NULL, NULL, -e.amount_minor, e.note,
                  e.payee, (SELECT r.id FROM reversal r WHERE r.reversed_id = e.id), NULL
           FROM expense e
           UNION ALL
           SELECT v.id, 'reversal', v.recorded_at, v.recorded_at, COALESCE(c.project_id, e.project_id), c.member_id,
                  c.channel, COALESCE(-c.amount_minor, e.amount_minor), v.reason, e.payee, NULL, v.reversed_id
           FROM reversal v LEFT JOIN contribution c ON c.id = v.reversed_id LEFT JOIN expense e ON e.id = v.reversed_id
         )
         WHERE {project_condition} AND {member_condition}
         ORDER BY id
         LIMIT :limit"
    );
    let mut stmt = conn.prepare(&sql)?;
    let project = match filter.project {
        Some(ProjectKey::Project(p)) => Some(p.to_string()),
        _ => None,
    };
    let member = filter.member.map(|m| m.to_string());
    let limit = filter.limit.map_or(-1, |l| l as i64);
    let mut named: Vec<(&str, &dyn rusqlite::ToSql)> = vec![(":limit", &limit)];
    if let Some(p) = &project {
        named.push((":project", p));
    }
    if let Some(m) = &member {
        named.push((":member", m));
    }
    let mut rows = stmt.query(named.as_slice())?;
    let mut projects = std::collections::HashMap::<String, String>::new();
    let mut members = std::collections::HashMap::<String, String>::new();
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let project_id: Option<String> = r.get(4)?;
        let project = match project_id {
            None => None,
            Some(pid) => {
                if !projects.contains_key(&pid) {
                    let code: String =
                        conn.query_row("SELECT code FROM project WHERE id = ?1", [&pid], |x| {
                            x.get(0)
                        })?;
                    projects.insert(pid.clone(), code);
                }
                Some((parse_id(&pid)?, projects[&pid].clone()))
            }
        };
        let member_id: Option<String> = r.get(5)?;
        let member = match member_id {
            None => None,
            Some(mid) => {
                if !members.contains_key(&mid) {
                    let name: String =
                        conn.query_row("SELECT name FROM member WHERE id = ?1", [&mid], |x| {
                            x.get(0)
                        })?;
                    members.insert(mid.clone(), name);
                }
                Some((parse_id(&mid)?, members[&mid].clone()))
            }
        };
        out.push(LedgerLine {
            id: parse_id(&r.get::<_, String>(0)?)?,
            kind: parse_word(&r.get::<_, String>(1)?)?,
            recorded_at: parse_instant(&r.get::<_, String>(2)?)?,
            occurred_at: r.get(3)?,
            project,
            member,
            channel: r
                .get::<_, Option<String>>(6)?
                .as_deref()
                .map(parse_word)
                .transpose()?,
            amount: Amount::from_minor(r.get(7)?, currency),
            text: r.get(8)?,
            payee: r.get(9)?,
            reversed_by: r
                .get::<_, Option<String>>(10)?
                .as_deref()
                .map(parse_id)
                .transpose()?,
            reverses: r
                .get::<_, Option<String>>(11)?
                .as_deref()
                .map(parse_id)
                .transpose()?,
        });
    }
    Ok(out)
}

/// How many entries of each kind this file holds (counted, not taken from the saved state).
pub fn count_entries(conn: &Connection) -> Result<u64> {
    let mut total = 0i64;
    for t in ENTRY_TABLES {
        total += conn.query_row(&format!("SELECT count(*) FROM {t}"), params![], |r| {
            r.get::<_, i64>(0)
        })?;
    }
    Ok(total as u64)
}

/// The project status, checked at the use-case level.
pub fn project_status(conn: &Connection, id: ProjectId) -> Result<Option<ProjectStatus>> {
    conn.query_row(
        "SELECT status FROM project WHERE id = ?1",
        [id.to_string()],
        |r| r.get::<_, String>(0),
    )
    .optional()?
    .as_deref()
    .map(parse_word)
    .transpose()
}

/// The largest entry id in the file, of any kind: an id above it cannot be recorded yet.
pub fn newest_entry_id(conn: &Connection) -> Result<Option<String>> {
    let union = ENTRY_TABLES
        .iter()
        .map(|t| format!("SELECT max(id) AS id FROM {t}"))
        .collect::<Vec<_>>()
        .join(" UNION ALL ");
    Ok(conn.query_row(&format!("SELECT max(id) FROM ({union})"), [], |r| r.get(0))?)
}
