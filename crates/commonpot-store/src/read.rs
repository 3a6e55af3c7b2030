//! The read side: queries that take a `&Connection`, so they run on the store's connection
//! or inside a write transaction alike.

use std::collections::HashMap;
use std::str::FromStr;

use chrono::{DateTime, NaiveDate, Utc};
use commonpot_core::{
    Amount, Channel, ContentHash, Contribution, Currency, DeviceId, EntryId, EntryKind,
    LedgerDigest, Locale, MemberId, ProjectId, ProjectStatus, Refs,
};
use rusqlite::types::ValueRef;
use rusqlite::{Connection, OptionalExtension, Row};
use uuid::Uuid;

use crate::records::*;
use crate::{Result, StoreError};

pub(crate) fn parse_word<T: FromStr<Err = commonpot_core::Text>>(text: &str) -> Result<T> {
    text.parse()
        .map_err(|e: commonpot_core::Text| StoreError::Damaged(e.to_string()))
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
    let mut stmt = conn.prepare("SELECT * FROM association")?;
    let columns: Vec<String> = stmt.column_names().map(String::from).collect();
    let mut rows = stmt.query([])?;
    let Some(r) = rows.next()? else {
        return Ok(None);
    };
    let currency_code: String = r.get("currency")?;
    let currency =
        Currency::from_code(&currency_code).map_err(|e| StoreError::Damaged(e.to_string()))?;
    let minor_units: i64 = r.get("minor_units")?;
    if i64::from(currency.minor_units()) != minor_units {
        return Err(StoreError::Damaged(format!(
            "the file records {minor_units} decimals for {currency}, which has {}",
            currency.minor_units()
        )));
    }
    let locale: String = r.get("locale")?;
    let mut settings = Settings::default();
    for (index, column) in columns.iter().enumerate() {
        if IDENTITY_COLUMNS.contains(&column.as_str()) {
            continue;
        }
        let value = match r.get_ref(index)? {
            ValueRef::Null => SettingValue::Absent,
            ValueRef::Integer(n) => SettingValue::Number(n),
            ValueRef::Text(t) => SettingValue::Text(
                std::str::from_utf8(t)
                    .map_err(|_| StoreError::Damaged(format!("the setting {column} is not text")))?
                    .to_string(),
            ),
            ValueRef::Real(_) | ValueRef::Blob(_) => {
                return Err(StoreError::Damaged(format!(
                    "the setting {column} is neither a number nor a text"
                )));
            }
        };
        settings.set(column, value);
    }
    Ok(Some(Association {
        id: r.get("id")?,
        name: r.get("name")?,
        locale: Locale::parse(&locale).map_err(|e| StoreError::Damaged(e.to_string()))?,
        max_amount: Amount::from_minor(r.get("max_amount_minor")?, currency),
        currency,
        created_at: parse_instant(&r.get::<_, String>("created_at")?)?,
        settings,
    }))
}

/// This file's own device: its id and name.
pub fn local_device(conn: &Connection) -> Result<(DeviceId, String)> {
    let (id, name): (Uuid, String) =
        conn.query_row("SELECT id, name FROM device WHERE is_local = 1", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
    Ok((DeviceId::from_uuid(id), name))
}

const MEMBER_COLUMNS: &str = "id, name, email, number, joined_on";

fn member_from_row(r: &Row<'_>) -> Result<Member> {
    Ok(Member {
        id: MemberId::from_uuid(r.get(0)?),
        name: r.get(1)?,
        email: r.get(2)?,
        number: r.get(3)?,
        joined_on: parse_date(&r.get::<_, String>(4)?)?,
    })
}

pub fn members(conn: &Connection) -> Result<Vec<Member>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {MEMBER_COLUMNS} FROM member ORDER BY name COLLATE NOCASE, key"
    ))?;
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(member_from_row(r)?);
    }
    Ok(out)
}

pub fn member(conn: &Connection, id: MemberId) -> Result<Option<Member>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {MEMBER_COLUMNS} FROM member WHERE id = ?1"
    ))?;
    let mut rows = stmt.query([id.uuid()])?;
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
        id: ProjectId::from_uuid(r.get(0)?),
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

/// The smallest and largest 16-byte ids whose hex form starts with `prefix` (hyphens
/// ignored), when it could be an id prefix: at least four hex digits.
fn prefix_range(prefix: &str) -> Option<(Vec<u8>, Vec<u8>)> {
    let digits: String = prefix
        .chars()
        .filter(|&c| c != '-')
        .collect::<String>()
        .to_ascii_lowercase();
    if digits.len() < 4 || digits.len() > 32 || !digits.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let low = format!("{digits:0<32}");
    let high = format!("{digits:f<32}");
    Some((hex_bytes(&low), hex_bytes(&high)))
}

fn hex_bytes(hex: &str) -> Vec<u8> {
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).expect("hex digits"))
        .collect()
}

pub(crate) fn find_by_prefix(conn: &Connection, table: &str, prefix: &str) -> Result<Found<Uuid>> {
    let Some((low, high)) = prefix_range(prefix) else {
        return Ok(Found::None);
    };
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT id FROM {table} WHERE id BETWEEN ?1 AND ?2 LIMIT 2"
    ))?;
    let ids: Vec<Uuid> = stmt
        .query_map([low, high], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(match ids.as_slice() {
        [] => Found::None,
        [one] => Found::One(*one),
        _ => Found::Several,
    })
}

/// A member by number, full id or unique id prefix, in that order.
pub fn find_member(conn: &Connection, reference: &str) -> Result<Found<MemberId>> {
    let r = reference.trim();
    let by_number: Option<Uuid> = conn
        .prepare_cached("SELECT id FROM member WHERE number = ?1")?
        .query_row([r], |row| row.get(0))
        .optional()?;
    if let Some(id) = by_number {
        return Ok(Found::One(MemberId::from_uuid(id)));
    }
    Ok(match find_by_prefix(conn, "member", r)? {
        Found::One(id) => Found::One(MemberId::from_uuid(id)),
        Found::None => Found::None,
        Found::Several => Found::Several,
    })
}

/// A project by code (any case), full id or unique id prefix, in that order.
pub fn find_project(conn: &Connection, reference: &str) -> Result<Found<ProjectId>> {
    let r = reference.trim();
    let by_code: Option<Uuid> = conn
        .prepare_cached("SELECT id FROM project WHERE code = ?1")?
        .query_row([r], |row| row.get(0))
        .optional()?;
    if let Some(id) = by_code {
        return Ok(Found::One(ProjectId::from_uuid(id)));
    }
    Ok(match find_by_prefix(conn, "project", r)? {
        Found::One(id) => Found::One(ProjectId::from_uuid(id)),
        Found::None => Found::None,
        Found::Several => Found::Several,
    })
}

/// The entry tables, whose union is the ledger.
pub(crate) const ENTRY_TABLES: &[&str] = &[
    "contribution",
    "expense",
    "reversal",
    "collection",
    "collection_close",
];

/// A ledger entry of any kind by full id or unique id prefix.
pub fn find_entry(conn: &Connection, reference: &str) -> Result<Found<(EntryId, EntryKind)>> {
    let mut found = Vec::new();
    for kind in [
        EntryKind::Contribution,
        EntryKind::Expense,
        EntryKind::Reversal,
    ] {
        match find_by_prefix(conn, kind.as_str(), reference.trim())? {
            Found::One(id) => found.push((EntryId::from_uuid(id), kind)),
            Found::Several => return Ok(Found::Several),
            Found::None => {}
        }
    }
    Ok(match found.as_slice() {
        [] => Found::None,
        [one] => Found::One(*one),
        _ => Found::Several,
    })
}

/// The kind of the entry with exactly this id, if there is one.
pub fn entry_kind(conn: &Connection, id: EntryId) -> Result<Option<EntryKind>> {
    for kind in [
        EntryKind::Contribution,
        EntryKind::Expense,
        EntryKind::Reversal,
    ] {
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT EXISTS (SELECT 1 FROM {} WHERE id = ?1)",
            kind.as_str()
        ))?;
        if stmt.query_row([id.uuid()], |r| r.get::<_, bool>(0))? {
            return Ok(Some(kind));
        }
    }
    Ok(None)
}

/// The largest entry id in the file, of any kind: an id above it cannot be recorded yet.
pub fn newest_entry_id(conn: &Connection) -> Result<Option<EntryId>> {
    let union = ENTRY_TABLES
        .iter()
        .map(|t| format!("SELECT max(id) AS id FROM {t}"))
        .collect::<Vec<_>>()
        .join(" UNION ALL ");
    let newest: Option<Uuid> =
        conn.query_row(&format!("SELECT max(id) FROM ({union})"), [], |r| r.get(0))?;
    Ok(newest.map(EntryId::from_uuid))
}

/// The reversal of an entry, if it has one.
pub fn reversal_of(conn: &Connection, id: EntryId) -> Result<Option<EntryId>> {
    Ok(conn
        .query_row(
            "SELECT id FROM reversal WHERE reversed_id = ?1",
            [id.uuid()],
            |r| r.get::<_, Uuid>(0),
        )
        .optional()?
        .map(EntryId::from_uuid))
}

/// Columns of a contribution with its references resolved to ids; rows come from
/// `CONTRIBUTION_FROM`.
pub(crate) const CONTRIBUTION_COLUMNS: &str =
    "c.id, p.id, m.id, c.amount_minor, c.channel, c.received_at, k.id, c.note,
     c.content_hash, p.code, m.number, k.number, c.collection_id";
pub(crate) const CONTRIBUTION_FROM: &str = "contribution c
    LEFT JOIN project p ON p.key = c.project_key
    LEFT JOIN member m ON m.key = c.member_key
    LEFT JOIN member k ON k.key = c.collector_key";

pub(crate) fn contribution_from_row(
    r: &Row<'_>,
    currency: Currency,
) -> Result<(Contribution, Option<ContentHash>)> {
    let c = Contribution {
        id: EntryId::from_uuid(r.get(0)?),
        project: r.get::<_, Option<Uuid>>(1)?.map(ProjectId::from_uuid),
        member: r.get::<_, Option<Uuid>>(2)?.map(MemberId::from_uuid),
        amount: Amount::from_minor(r.get(3)?, currency),
        channel: parse_word(&r.get::<_, String>(4)?)?,
        received_at: parse_instant(&r.get::<_, String>(5)?)?,
        collector: r.get::<_, Option<Uuid>>(6)?.map(MemberId::from_uuid),
        note: r.get(7)?,
        collection: r.get::<_, Option<Uuid>>(12)?.map(EntryId::from_uuid),
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
        "SELECT {CONTRIBUTION_COLUMNS} FROM {CONTRIBUTION_FROM} WHERE c.id = ?1"
    ))?;
    let mut rows = stmt.query([id.uuid()])?;
    rows.next()?
        .map(|r| contribution_from_row(r, currency).map(|(c, _)| c))
        .transpose()
}

/// The content hash of a contribution read with `CONTRIBUTION_COLUMNS`, recomputed from its
/// fields and what they refer to.
pub(crate) fn rehash_contribution(r: &Row<'_>, c: &Contribution) -> Result<ContentHash> {
    let member_ref =
        |number: Option<String>, id: Option<MemberId>| number.or_else(|| id.map(|m| m.to_string()));
    let project: Option<String> = r.get(9)?;
    let member = member_ref(r.get(10)?, c.member);
    let collector = member_ref(r.get(11)?, c.collector);
    Ok(c.content_hash(Refs {
        project: project.as_deref(),
        member: member.as_deref(),
        collector: collector.as_deref(),
    }))
}

/// Every contribution in id order, one at a time (a million do not fit in a `Vec` cheaply).
pub fn for_each_contribution(
    conn: &Connection,
    currency: Currency,
    mut f: impl FnMut(Contribution) -> Result<()>,
) -> Result<()> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {CONTRIBUTION_COLUMNS} FROM {CONTRIBUTION_FROM} ORDER BY c.id"
    ))?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        f(contribution_from_row(r, currency)?.0)?;
    }
    Ok(())
}

const PROJECT_FIGURES: &str = "
    SELECT p.id, p.code, p.title, p.description, p.goal_minor, p.deadline, p.status,
           COALESCE((SELECT sum(raised_minor) FROM contribution_total t WHERE t.project_key = p.key), 0),
           COALESCE((SELECT spent_minor FROM expense_total e WHERE e.project_key = p.key), 0),
           (SELECT count(*) FROM contributor c WHERE c.project_key = p.key AND c.member_key <> 0 AND c.live_count > 0),
           COALESCE((SELECT live_count FROM contributor c WHERE c.project_key = p.key AND c.member_key = 0), 0)
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
    let mut stmt = conn.prepare(&format!("{PROJECT_FIGURES} ORDER BY p.key"))?;
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
    let mut rows = stmt.query([id.uuid()])?;
    rows.next()?
        .map(|r| figures_from_row(r, currency))
        .transpose()
}

/// The project status, checked at the use-case level.
pub fn project_status(conn: &Connection, id: ProjectId) -> Result<Option<ProjectStatus>> {
    conn.prepare_cached("SELECT status FROM project WHERE id = ?1")?
        .query_row([id.uuid()], |r| r.get::<_, String>(0))
        .optional()?
        .as_deref()
        .map(parse_word)
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

/// The digest recomputed from every entry's stored content hash, and the largest id.
pub(crate) fn recompute_digest(conn: &Connection) -> Result<(LedgerDigest, Uuid)> {
    let union = ENTRY_TABLES
        .iter()
        .map(|t| format!("SELECT id, content_hash FROM {t}"))
        .collect::<Vec<_>>()
        .join(" UNION ALL ");
    let mut stmt = conn.prepare(&format!("{union} ORDER BY id"))?;
    let mut rows = stmt.query([])?;
    let mut digest = LedgerDigest::new();
    let mut last = Uuid::nil();
    while let Some(r) = rows.next()? {
        let id: Uuid = r.get(0)?;
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
        "SELECT COALESCE(sum(raised_minor), 0) FROM contribution_total WHERE project_key = 0",
        [],
        |r| r.get(0),
    )?;
    let mut stmt =
        conn.prepare("SELECT channel, sum(raised_minor), sum(live_count) FROM contribution_total GROUP BY channel")?;
    let mut rows = stmt.query([])?;
    let mut by_channel = HashMap::new();
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
    let project_key: Option<i64> = match filter.project {
        None => None,
        Some(ProjectKey::GeneralFund) => Some(0),
        Some(ProjectKey::Project(p)) => Some(
            conn.query_row("SELECT key FROM project WHERE id = ?1", [p.uuid()], |r| {
                r.get(0)
            })
            .optional()?
            .ok_or_else(|| StoreError::UnknownReference(format!("project {p}")))?,
        ),
    };
    let member_key: Option<i64> = match filter.member {
        None => None,
        Some(m) => Some(
            conn.query_row("SELECT key FROM member WHERE id = ?1", [m.uuid()], |r| {
                r.get(0)
            })
            .optional()?
            .ok_or_else(|| StoreError::UnknownReference(format!("member {m}")))?,
        ),
    };
    // Each kind is ordered and limited on its own, by its primary key, so that the newest
    // twenty entries of a million cost twenty rows from each table, not a sort of all.
    let order = if filter.newest_first { "DESC" } else { "ASC" };
    let sql = format!(
        "SELECT * FROM (
           SELECT * FROM (
             SELECT c.id, 'contribution' AS kind, c.recorded_at, c.received_at AS occurred,
                    COALESCE(c.project_key, 0) AS project_key, c.member_key, c.channel, c.amount_minor AS signed,
                    c.note AS text, NULL AS payee,
                    (SELECT r.id FROM reversal r WHERE r.reversed_id = c.id) AS reversed_by, NULL AS reverses
             FROM contribution c
             WHERE (:project IS NULL OR COALESCE(c.project_key, 0) = :project)
               AND (:member IS NULL OR c.member_key = :member)
               AND (:collection IS NULL OR c.collection_id = :collection)
               AND (:channel IS NULL OR c.channel = :channel)
               AND (:from IS NULL OR c.received_at >= :from) AND (:to IS NULL OR c.received_at < :to)
               AND (:text IS NULL OR c.note LIKE :text ESCAPE '\\')
             ORDER BY c.id {order} LIMIT :limit)
           UNION ALL
           SELECT * FROM (
             SELECT e.id, 'expense', e.recorded_at, e.paid_on, e.project_key, NULL, NULL, -e.amount_minor, e.note,
                    e.payee, (SELECT r.id FROM reversal r WHERE r.reversed_id = e.id), NULL
             FROM expense e
             WHERE (:project IS NULL OR e.project_key = :project) AND :member IS NULL AND :collection IS NULL
               AND :channel IS NULL
               AND (:from IS NULL OR e.paid_on >= :from) AND (:to IS NULL OR e.paid_on < :to)
               AND (:text IS NULL OR e.note LIKE :text ESCAPE '\\' OR e.payee LIKE :text ESCAPE '\\')
             ORDER BY e.id {order} LIMIT :limit)
           UNION ALL
           SELECT * FROM (
             SELECT v.id, 'reversal', v.recorded_at, v.recorded_at, COALESCE(c.project_key, e.project_key, 0),
                    c.member_key, c.channel, COALESCE(-c.amount_minor, e.amount_minor), v.reason, e.payee, NULL,
                    v.reversed_id
             FROM reversal v LEFT JOIN contribution c ON c.id = v.reversed_id
                             LEFT JOIN expense e ON e.id = v.reversed_id
             WHERE (:project IS NULL OR COALESCE(c.project_key, e.project_key, 0) = :project)
               AND (:member IS NULL OR c.member_key = :member)
               AND (:collection IS NULL OR c.collection_id = :collection)
               AND (:channel IS NULL OR c.channel = :channel)
               AND (:from IS NULL OR v.recorded_at >= :from) AND (:to IS NULL OR v.recorded_at < :to)
               AND (:text IS NULL OR v.reason LIKE :text ESCAPE '\\')
             ORDER BY v.id {order} LIMIT :limit)
         )
         ORDER BY id {order}
         LIMIT :limit"
    );
    let mut stmt = conn.prepare(&sql)?;
    let limit = filter.limit.map_or(-1, |l| l as i64);
    let mut rows = stmt.query(rusqlite::named_params! {
        ":project": project_key, ":member": member_key, ":limit": limit,
        ":collection": filter.collection.map(EntryId::uuid),
        ":channel": filter.channel.map(Channel::as_str),
        ":from": filter.from.map(commonpot_core::entry::date_text),
        // Stored instants and dates compare as text; the day after `to` bounds both.
        ":to": filter.to.and_then(|d| d.succ_opt()).map(commonpot_core::entry::date_text),
        ":text": filter.text.as_ref().map(|t| format!("%{}%", t.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_"))),
    })?;
    let mut projects: HashMap<i64, (ProjectId, String)> = HashMap::new();
    let mut members: HashMap<i64, (MemberId, String)> = HashMap::new();
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let project = match r.get::<_, i64>(4)? {
            0 => None,
            key => Some(cached(&mut projects, key, || {
                conn.query_row("SELECT id, code FROM project WHERE key = ?1", [key], |x| {
                    Ok((ProjectId::from_uuid(x.get(0)?), x.get(1)?))
                })
            })?),
        };
        let member = match r.get::<_, Option<i64>>(5)? {
            None => None,
            Some(key) => Some(cached(&mut members, key, || {
                conn.query_row("SELECT id, name FROM member WHERE key = ?1", [key], |x| {
                    Ok((MemberId::from_uuid(x.get(0)?), x.get(1)?))
                })
            })?),
        };
        out.push(LedgerLine {
            id: EntryId::from_uuid(r.get(0)?),
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
            reversed_by: r.get::<_, Option<Uuid>>(10)?.map(EntryId::from_uuid),
            reverses: r.get::<_, Option<Uuid>>(11)?.map(EntryId::from_uuid),
        });
    }
    Ok(out)
}

/// The value for `key`, looked up once.
fn cached<T: Clone>(
    cache: &mut HashMap<i64, T>,
    key: i64,
    look_up: impl FnOnce() -> rusqlite::Result<T>,
) -> Result<T> {
    if let Some(found) = cache.get(&key) {
        return Ok(found.clone());
    }
    let found = look_up()?;
    cache.insert(key, found.clone());
    Ok(found)
}

/// The code of a project: how entries' hashes and files name it.
pub fn project_code(conn: &Connection, id: ProjectId) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT code FROM project WHERE id = ?1")?
        .query_row([id.uuid()], |r| r.get(0))
        .optional()?)
}

/// A member's number, or their id when they have none: how entries' hashes and files name them.
pub fn member_reference(conn: &Connection, id: MemberId) -> Result<Option<String>> {
    let number: Option<Option<String>> = conn
        .prepare_cached("SELECT number FROM member WHERE id = ?1")?
        .query_row([id.uuid()], |r| r.get(0))
        .optional()?;
    Ok(number.map(|n| n.unwrap_or_else(|| id.to_string())))
}

const COLLECTION_QUERY: &str = "
    SELECT o.id, m.id, o.place, p.id, o.opened_at, m.name, p.code,
           (SELECT COALESCE(sum(c.amount_minor), 0) FROM contribution c
             WHERE c.collection_id = o.id AND NOT EXISTS (SELECT 1 FROM reversal r WHERE r.reversed_id = c.id)),
           (SELECT count(*) FROM contribution c
             WHERE c.collection_id = o.id AND NOT EXISTS (SELECT 1 FROM reversal r WHERE r.reversed_id = c.id)),
           x.id, x.counts, x.counted_minor, x.entered_minor, x.note, o.content_hash, m.number
    FROM collection o
    JOIN member m ON m.key = o.collector_key
    LEFT JOIN project p ON p.key = o.project_key
    LEFT JOIN collection_close x ON x.collection_id = o.id";

fn collection_from_row(r: &Row<'_>, currency: Currency) -> Result<CollectionState> {
    let collection = commonpot_core::Collection {
        id: EntryId::from_uuid(r.get(0)?),
        collector: MemberId::from_uuid(r.get(1)?),
        place: r.get(2)?,
        project: r.get::<_, Option<Uuid>>(3)?.map(ProjectId::from_uuid),
        opened_at: parse_instant(&r.get::<_, String>(4)?)?,
    };
    let close = match r.get::<_, Option<Uuid>>(9)? {
        None => None,
        Some(id) => Some(commonpot_core::CollectionClose {
            id: EntryId::from_uuid(id),
            collection: collection.id,
            counted: commonpot_core::CashCount::from_text(&r.get::<_, String>(10)?, currency)
                .ok_or_else(|| {
                    StoreError::Damaged(format!(
                        "the cash count of collection {} is unreadable",
                        collection.id
                    ))
                })?,
            counted_total: Amount::from_minor(r.get(11)?, currency),
            entered_total: Amount::from_minor(r.get(12)?, currency),
            note: r.get(13)?,
        }),
    };
    Ok(CollectionState {
        collection,
        collector_name: r.get(5)?,
        project_code: r.get(6)?,
        entered: Amount::from_minor(r.get(7)?, currency),
        entered_count: r.get::<_, i64>(8)? as u64,
        close,
    })
}

pub fn collection(
    conn: &Connection,
    currency: Currency,
    id: EntryId,
) -> Result<Option<CollectionState>> {
    let mut stmt = conn.prepare_cached(&format!("{COLLECTION_QUERY} WHERE o.id = ?1"))?;
    let mut rows = stmt.query([id.uuid()])?;
    rows.next()?
        .map(|r| collection_from_row(r, currency))
        .transpose()
}

/// Collections not closed yet, oldest first.
pub fn open_collections(conn: &Connection, currency: Currency) -> Result<Vec<CollectionState>> {
    let mut stmt = conn.prepare(&format!(
        "{COLLECTION_QUERY} WHERE x.id IS NULL ORDER BY o.id"
    ))?;
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(collection_from_row(r, currency)?);
    }
    Ok(out)
}

/// Every collection with the hash references its content hash needs, for `verify`.
pub(crate) fn for_each_collection(
    conn: &Connection,
    currency: Currency,
    mut f: impl FnMut(CollectionState, Vec<u8>, String) -> Result<()>,
) -> Result<()> {
    let mut stmt = conn.prepare(&format!("{COLLECTION_QUERY} ORDER BY o.id"))?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let state = collection_from_row(r, currency)?;
        let collector = r
            .get::<_, Option<String>>(15)?
            .unwrap_or_else(|| state.collection.collector.to_string());
        f(state, r.get(14)?, collector)?;
    }
    Ok(())
}

/// The newest contribution entered in a collection that is not reversed yet.
pub fn last_live_contribution_in(
    conn: &Connection,
    collection: EntryId,
) -> Result<Option<EntryId>> {
    Ok(conn
        .query_row(
            "SELECT c.id FROM contribution c
             WHERE c.collection_id = ?1 AND NOT EXISTS (SELECT 1 FROM reversal r WHERE r.reversed_id = c.id)
             ORDER BY c.id DESC LIMIT 1",
            [collection.uuid()],
            |r| r.get::<_, Uuid>(0),
        )
        .optional()?
        .map(EntryId::from_uuid))
}

/// A cash collection by full id or unique id prefix.
pub fn find_collection(conn: &Connection, reference: &str) -> Result<Found<EntryId>> {
    Ok(
        match find_by_prefix(conn, "collection", reference.trim())? {
            Found::One(id) => Found::One(EntryId::from_uuid(id)),
            Found::None => Found::None,
            Found::Several => Found::Several,
        },
    )
}
