//! What merging laptops needs from the file: the entries a bundle carries, read with their
//! device and sequence number; the devices and the sequence ranges of theirs that arrived;
//! the role of the file and its signing key; and the rows a volunteer's kit copies.

use chrono::{DateTime, Utc};
use commonpot_core::entry::instant_text;
use commonpot_core::{
    CashCount, Collection, CollectionClose, ContentHash, Contribution, Currency, DeviceId, EntryId,
    EntryKind, EntryMeta, Expense, MemberId, ProjectId, Reversal,
};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, Row, params, params_from_iter};
use uuid::Uuid;

use crate::read::{
    CONTRIBUTION_COLUMNS, CONTRIBUTION_FROM, contribution_from_row, parse_date, parse_instant,
    parse_word,
};
use crate::records::Member;
use crate::write::Write;
use crate::{Result, StoreError};

/// Whose books a file is. Volunteers' laptops collect; only the organiser's file changes
/// projects, settings and decisions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Organiser,
    Volunteer,
}

/// A ballot as a bundle carries it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BallotRecord {
    pub id: Uuid,
    pub decision: Uuid,
    pub member: MemberId,
    pub choice: String,
    pub source: String,
    pub paper: Option<String>,
}

/// One entry that travels between laptops.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SyncBody {
    Collection(Collection),
    Close(CollectionClose),
    Contribution(Contribution),
    Expense(Expense),
    Reversal(Reversal),
    Ballot(BallotRecord),
}

impl SyncBody {
    pub fn id(&self) -> Uuid {
        match self {
            SyncBody::Collection(c) => c.id.uuid(),
            SyncBody::Close(c) => c.id.uuid(),
            SyncBody::Contribution(c) => c.id.uuid(),
            SyncBody::Expense(e) => e.id.uuid(),
            SyncBody::Reversal(r) => r.id.uuid(),
            SyncBody::Ballot(b) => b.id,
        }
    }

    /// The table it lives in, which is also the word bundles and reports use for it.
    pub fn table(&self) -> &'static str {
        match self {
            SyncBody::Collection(_) => "collection",
            SyncBody::Close(_) => "collection_close",
            SyncBody::Contribution(_) => "contribution",
            SyncBody::Expense(_) => "expense",
            SyncBody::Reversal(_) => "reversal",
            SyncBody::Ballot(_) => "ballot",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyncEntry {
    pub meta: EntryMeta,
    pub body: SyncBody,
}

/// Which entries to read: one device's sequence range (and what those entries refer to on
/// the same file), or everything.
#[derive(Clone, Copy, Debug)]
pub enum Selection {
    Range {
        device: DeviceId,
        from: i64,
        to: i64,
    },
    All,
}

/// A device this file knows, with the sequence ranges of it that arrived.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeviceInfo {
    pub id: DeviceId,
    pub name: String,
    pub is_local: bool,
    /// The highest sequence number made (this file's own device) or seen (the others).
    pub last_seq: i64,
    /// This file's own device: the last sequence number handed over in a bundle.
    pub exported_seq: i64,
    /// Merged ranges that arrived, ascending. This file's own device: 1..=last_seq.
    pub ranges: Vec<(i64, i64)>,
}

impl DeviceInfo {
    /// The sequence numbers below the highest one seen that never arrived.
    pub fn gaps(&self) -> Vec<(i64, i64)> {
        let mut gaps = Vec::new();
        let mut next = 1;
        for &(from, to) in &self.ranges {
            if from > next {
                gaps.push((next, from - 1));
            }
            next = next.max(to + 1);
        }
        gaps
    }
}

/// One import as the log keeps it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportLogLine {
    pub imported_at: DateTime<Utc>,
    pub file: String,
    pub device: String,
    /// The import's report as JSON, as the use case wrote it.
    pub report: String,
}

pub fn role(conn: &Connection) -> Result<Role> {
    let role: String = conn.query_row("SELECT role FROM association", [], |r| r.get(0))?;
    match role.as_str() {
        "organiser" => Ok(Role::Organiser),
        "volunteer" => Ok(Role::Volunteer),
        other => Err(StoreError::Damaged(format!("unknown role \"{other}\""))),
    }
}

/// The association's key that bundles are signed with.
pub fn sync_key(conn: &Connection) -> Result<[u8; 32]> {
    let key: Option<Vec<u8>> =
        conn.query_row("SELECT sync_key FROM association", [], |r| r.get(0))?;
    key.and_then(|k| k.try_into().ok())
        .ok_or_else(|| StoreError::Damaged("the association has no signing key".into()))
}

pub fn devices(conn: &Connection) -> Result<Vec<DeviceInfo>> {
    let mut stmt = conn.prepare(
        "SELECT key, id, name, is_local, last_seq, exported_seq FROM device ORDER BY is_local DESC, name, key",
    )?;
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let key: i64 = r.get(0)?;
        let is_local: bool = r.get(3)?;
        let last_seq: i64 = r.get(4)?;
        let ranges = if is_local {
            if last_seq > 0 {
                vec![(1, last_seq)]
            } else {
                Vec::new()
            }
        } else {
            ranges_of(conn, key)?
        };
        out.push(DeviceInfo {
            id: DeviceId::from_uuid(r.get(1)?),
            name: r.get(2)?,
            is_local,
            last_seq,
            exported_seq: r.get(5)?,
            ranges,
        });
    }
    Ok(out)
}

fn ranges_of(conn: &Connection, device_key: i64) -> Result<Vec<(i64, i64)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT from_seq, to_seq FROM device_range WHERE device_key = ?1 ORDER BY from_seq",
    )?;
    let rows = stmt.query_map([device_key], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Members as a laptop may carry them: no e-mail address. `registered_by`: only those this
/// device registered.
pub fn members_for_laptops(
    conn: &Connection,
    registered_by: Option<DeviceId>,
) -> Result<Vec<Member>> {
    let mut stmt = conn.prepare(
        "SELECT m.id, m.name, m.number, m.joined_on FROM member m
         LEFT JOIN device d ON d.key = m.registered_by
         WHERE ?1 IS NULL OR d.id = ?1 ORDER BY m.key",
    )?;
    let mut rows = stmt.query([registered_by.map(DeviceId::uuid)])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(Member {
            id: MemberId::from_uuid(r.get(0)?),
            name: r.get(1)?,
            email: None,
            number: r.get(2)?,
            joined_on: parse_date(&r.get::<_, String>(3)?)?,
        });
    }
    Ok(out)
}

/// Since when a project has been cancelled, when it is.
pub fn cancelled_since(conn: &Connection, project: ProjectId) -> Result<Option<DateTime<Utc>>> {
    let since: Option<String> = conn
        .prepare_cached(
            "SELECT COALESCE(status_since, created_at) FROM project WHERE id = ?1 AND status = 'cancelled'",
        )?
        .query_row([project.uuid()], |r| r.get(0))
        .optional()?;
    since.as_deref().map(parse_instant).transpose()
}

/// The stored content hash of an entry (`table` one of [`SyncBody::table`]'s, not a ballot).
pub fn stored_hash(conn: &Connection, table: &str, id: Uuid) -> Result<Option<ContentHash>> {
    let hash: Option<Vec<u8>> = conn
        .prepare_cached(&format!("SELECT content_hash FROM {table} WHERE id = ?1"))?
        .query_row([id], |r| r.get(0))
        .optional()?;
    Ok(hash.and_then(|h| ContentHash::from_slice(&h)))
}

/// A stored ballot.
pub fn ballot(conn: &Connection, id: Uuid) -> Result<Option<BallotRecord>> {
    conn.prepare_cached(
        "SELECT b.id, b.decision_id, m.id, b.choice, b.source, b.paper FROM ballot b
         JOIN member m ON m.key = b.member_key WHERE b.id = ?1",
    )?
    .query_row([id], ballot_from_row)
    .optional()
    .map_err(StoreError::from)
}

fn ballot_from_row(r: &Row<'_>) -> rusqlite::Result<BallotRecord> {
    Ok(BallotRecord {
        id: r.get(0)?,
        decision: r.get(1)?,
        member: MemberId::from_uuid(r.get(2)?),
        choice: r.get(3)?,
        source: r.get(4)?,
        paper: r.get(5)?,
    })
}

/// The entry that holds a device's sequence number, if any: its table and id.
pub fn entry_at_seq(conn: &Connection, device: DeviceId, seq: i64) -> Result<Option<Uuid>> {
    for table in SEQ_TABLES {
        let found: Option<Uuid> = conn
            .prepare_cached(&format!(
                "SELECT id FROM {table} WHERE device_key = (SELECT key FROM device WHERE id = ?1) AND device_seq = ?2"
            ))?
            .query_row(params![device.uuid(), seq], |r| r.get(0))
            .optional()?;
        if found.is_some() {
            return Ok(found);
        }
    }
    Ok(None)
}

/// Tables whose rows are numbered by device and sequence and keyed by `id`.
const SEQ_TABLES: &[&str] = &[
    "contribution",
    "collection",
    "collection_close",
    "expense",
    "reversal",
    "ballot",
    "meeting",
    "shift",
    "decision",
    "paper_entry",
];

/// The entries a bundle carries, in an order in which each one's references come first:
/// collections, contributions, closes, expenses, reversals, ballots.
pub fn entries(
    conn: &Connection,
    currency: Currency,
    selection: Selection,
) -> Result<Vec<SyncEntry>> {
    let (range, values): (&str, Vec<Value>) = match selection {
        Selection::All => ("1", Vec::new()),
        Selection::Range { device, from, to } => (
            "{t}.device_key = (SELECT key FROM device WHERE id = ?1) AND {t}.device_seq BETWEEN ?2 AND ?3",
            vec![
                Value::Blob(device.uuid().as_bytes().to_vec()),
                Value::Integer(from),
                Value::Integer(to),
            ],
        ),
    };
    let scoped = |alias: &str| range.replace("{t}", alias);
    let mut out = Vec::new();
    let all = matches!(selection, Selection::All);
    // A range also takes the entries its reversals cancel and the collections its gifts,
    // closes and reversed gifts were entered in, wherever they are numbered: a bundle never
    // depends on an earlier one having arrived.
    let collections = if all {
        "1".to_string()
    } else {
        format!(
            "({}) OR o.id IN (SELECT collection_id FROM contribution c WHERE {} AND collection_id IS NOT NULL
                              UNION SELECT collection_id FROM collection_close x WHERE {}
                              UNION SELECT collection_id FROM contribution t WHERE t.id IN
                                  (SELECT reversed_id FROM reversal r WHERE {}))",
            scoped("o"),
            scoped("c"),
            scoped("x"),
            scoped("r")
        )
    };
    let targets = |alias: &str| {
        if all {
            "1".to_string()
        } else {
            format!(
                "({}) OR {alias}.id IN (SELECT reversed_id FROM reversal r WHERE {})",
                scoped(alias),
                scoped("r")
            )
        }
    };
    read_rows(
        conn,
        &format!(
            "SELECT o.id, m.id, o.place, p.id, o.opened_at, d.id, o.device_seq, o.recorded_at
             FROM collection o JOIN member m ON m.key = o.collector_key
             LEFT JOIN project p ON p.key = o.project_key JOIN device d ON d.key = o.device_key
             WHERE {collections} ORDER BY o.id"
        ),
        &values,
        5,
        &mut out,
        |r| {
            Ok(SyncBody::Collection(Collection {
                id: EntryId::from_uuid(r.get(0)?),
                collector: MemberId::from_uuid(r.get(1)?),
                place: r.get(2)?,
                project: r.get::<_, Option<Uuid>>(3)?.map(ProjectId::from_uuid),
                opened_at: parse_instant(&r.get::<_, String>(4)?)?,
            }))
        },
    )?;
    read_rows(
        conn,
        &format!(
            "SELECT {CONTRIBUTION_COLUMNS}, d.id, c.device_seq, c.recorded_at FROM {CONTRIBUTION_FROM}
             JOIN device d ON d.key = c.device_key WHERE {} ORDER BY c.id",
            targets("c")
        ),
        &values,
        13,
        &mut out,
        |r| Ok(SyncBody::Contribution(contribution_from_row(r, currency)?.0)),
    )?;
    read_rows(
        conn,
        &format!(
            "SELECT x.id, x.collection_id, x.counts, x.counted_minor, x.entered_minor, x.note, d.id, x.device_seq,
                    x.recorded_at
             FROM collection_close x JOIN device d ON d.key = x.device_key WHERE {} ORDER BY x.id",
            scoped("x")
        ),
        &values,
        6,
        &mut out,
        |r| {
            let id = EntryId::from_uuid(r.get(0)?);
            Ok(SyncBody::Close(CollectionClose {
                id,
                collection: EntryId::from_uuid(r.get(1)?),
                counted: CashCount::from_text(&r.get::<_, String>(2)?, currency).ok_or_else(
                    || StoreError::Damaged(format!("the cash count of {id} is unreadable")),
                )?,
                counted_total: commonpot_core::Amount::from_minor(r.get(3)?, currency),
                entered_total: commonpot_core::Amount::from_minor(r.get(4)?, currency),
                note: r.get(5)?,
            }))
        },
    )?;
    read_rows(
        conn,
        &format!(
            "SELECT e.id, p.id, e.payee, e.amount_minor, e.paid_on, e.note, d.id, e.device_seq, e.recorded_at
             FROM expense e JOIN project p ON p.key = e.project_key JOIN device d ON d.key = e.device_key
             WHERE {} ORDER BY e.id",
            targets("e")
        ),
        &values,
        6,
        &mut out,
        |r| {
            Ok(SyncBody::Expense(Expense {
                id: EntryId::from_uuid(r.get(0)?),
                project: ProjectId::from_uuid(r.get(1)?),
                payee: r.get(2)?,
                amount: commonpot_core::Amount::from_minor(r.get(3)?, currency),
                paid_on: parse_date(&r.get::<_, String>(4)?)?,
                note: r.get(5)?,
            }))
        },
    )?;
    read_rows(
        conn,
        &format!(
            "SELECT r.id, r.reversed_id, r.reversed_kind, r.reason, d.id, r.device_seq, r.recorded_at
             FROM reversal r JOIN device d ON d.key = r.device_key WHERE {} ORDER BY r.id",
            scoped("r")
        ),
        &values,
        4,
        &mut out,
        |r| {
            Ok(SyncBody::Reversal(Reversal {
                id: EntryId::from_uuid(r.get(0)?),
                reversed: EntryId::from_uuid(r.get(1)?),
                reversed_kind: parse_word::<EntryKind>(&r.get::<_, String>(2)?)?,
                reason: r.get(3)?,
            }))
        },
    )?;
    read_rows(
        conn,
        &format!(
            "SELECT b.id, b.decision_id, m.id, b.choice, b.source, b.paper, d.id, b.device_seq, b.recorded_at
             FROM ballot b JOIN member m ON m.key = b.member_key JOIN device d ON d.key = b.device_key
             WHERE {} ORDER BY b.id",
            scoped("b")
        ),
        &values,
        6,
        &mut out,
        |r| Ok(SyncBody::Ballot(ballot_from_row(r)?)),
    )?;
    Ok(out)
}

/// Runs `sql` and reads each row's body with `body` and its device, sequence number and
/// recording time from the three columns at `meta_at`.
fn read_rows(
    conn: &Connection,
    sql: &str,
    values: &[Value],
    meta_at: usize,
    out: &mut Vec<SyncEntry>,
    body: impl Fn(&Row<'_>) -> Result<SyncBody>,
) -> Result<()> {
    let mut stmt = conn.prepare(sql)?;
    let mut rows = stmt.query(params_from_iter(values.iter()))?;
    while let Some(r) = rows.next()? {
        out.push(SyncEntry {
            body: body(r)?,
            meta: EntryMeta {
                device: DeviceId::from_uuid(r.get(meta_at)?),
                device_seq: r.get(meta_at + 1)?,
                recorded_at: parse_instant(&r.get::<_, String>(meta_at + 2)?)?,
            },
        });
    }
    Ok(())
}

pub fn import_log(conn: &Connection, limit: u32) -> Result<Vec<ImportLogLine>> {
    let mut stmt = conn.prepare(
        "SELECT l.imported_at, l.file, d.name, l.report FROM import_log l JOIN device d ON d.key = l.device_key
         ORDER BY l.key DESC LIMIT ?1",
    )?;
    let mut rows = stmt.query([limit])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(ImportLogLine {
            imported_at: parse_instant(&r.get::<_, String>(0)?)?,
            file: r.get(1)?,
            device: r.get(2)?,
            report: r.get(3)?,
        });
    }
    Ok(out)
}

/// Tables a volunteer's kit copies row by row: the decisions members can vote on at a stall.
/// Columns ending in `_key` are carried as the id of what they name.
pub const KIT_TABLES: &[&str] = &[
    "decision",
    "decision_option",
    "decision_open",
    "decision_weight",
    "decision_close",
];

/// A row copied between files: column names and values, with local keys replaced by ids.
pub type CopiedRow = Vec<(String, Value)>;

fn key_table(column: &str) -> Option<&'static str> {
    match column {
        "device_key" => Some("device"),
        "member_key" | "recorded_by" => Some("member"),
        "project_key" => Some("project"),
        _ => None,
    }
}

/// Every row of a [`KIT_TABLES`] table, in insertion order, keys as ids.
pub fn copy_rows(conn: &Connection, table: &str) -> Result<Vec<CopiedRow>> {
    assert!(KIT_TABLES.contains(&table), "only kit tables are copied");
    let columns: Vec<String> = conn
        .prepare(&format!(
            "SELECT name FROM pragma_table_info('{table}') ORDER BY cid"
        ))?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let select = columns
        .iter()
        .map(|c| match key_table(c) {
            Some(t) => format!("(SELECT id FROM {t} WHERE key = x.{c})"),
            None => format!("x.{c}"),
        })
        .collect::<Vec<_>>()
        .join(", ");
    let mut stmt = conn.prepare(&format!("SELECT {select} FROM {table} x"))?;
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let mut row = Vec::with_capacity(columns.len());
        for (i, c) in columns.iter().enumerate() {
            row.push((c.clone(), r.get::<_, Value>(i)?));
        }
        out.push(row);
    }
    Ok(out)
}

impl Write<'_> {
    /// The local key of a device, adding it under `name` when it is new.
    pub fn ensure_device(&mut self, id: DeviceId, name: &str) -> Result<i64> {
        self.execute(
            "INSERT INTO device (id, name, is_local, last_seq) VALUES (?1, ?2, 0, 0) ON CONFLICT (id) DO NOTHING",
            params![id.uuid(), name],
        )?;
        Ok(
            self.query_row("SELECT key FROM device WHERE id = ?1", [id.uuid()], |r| {
                r.get(0)
            })?,
        )
    }

    /// Records that sequence numbers `from..=to` of a device arrived, joined with the ranges
    /// they touch.
    pub fn add_range(&mut self, device: DeviceId, from: i64, to: i64) -> Result<()> {
        if to < from {
            return Ok(());
        }
        let key: i64 = self.query_row(
            "SELECT key FROM device WHERE id = ?1",
            [device.uuid()],
            |r| r.get(0),
        )?;
        let touching: Vec<(i64, i64)> = self
            .prepare_cached(
                "SELECT from_seq, to_seq FROM device_range WHERE device_key = ?1 AND from_seq <= ?3 + 1 AND to_seq >= ?2 - 1",
            )?
            .query_map(params![key, from, to], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let low = touching.iter().map(|r| r.0).fold(from, i64::min);
        let high = touching.iter().map(|r| r.1).fold(to, i64::max);
        self.execute(
            "DELETE FROM device_range WHERE device_key = ?1 AND from_seq <= ?3 + 1 AND to_seq >= ?2 - 1",
            params![key, from, to],
        )?;
        self.execute(
            "INSERT INTO device_range (device_key, from_seq, to_seq) VALUES (?1, ?2, ?3)",
            params![key, low, high],
        )?;
        self.execute(
            "UPDATE device SET last_seq = max(last_seq, ?2) WHERE key = ?1 AND is_local = 0",
            params![key, high],
        )?;
        Ok(())
    }

    /// Notes that this device's entries up to `seq` were handed over.
    pub fn set_exported_seq(&mut self, seq: i64) -> Result<()> {
        self.execute(
            "UPDATE device SET exported_seq = max(exported_seq, ?1) WHERE is_local = 1",
            [seq],
        )?;
        Ok(())
    }

    /// Makes this file a volunteer's laptop of the association whose key is `sync_key`.
    pub fn become_volunteer(&mut self, sync_key: &[u8; 32]) -> Result<()> {
        self.execute(
            "UPDATE association SET role = 'volunteer', sync_key = ?1",
            [sync_key.as_slice()],
        )?;
        Ok(())
    }

    /// A member registered on another device, as a bundle or kit brings them.
    pub fn insert_member_from(
        &mut self,
        member: &Member,
        created_at: DateTime<Utc>,
        device: DeviceId,
    ) -> Result<()> {
        self.insert_member(member, created_at)?;
        self.execute(
            "UPDATE member SET registered_by = (SELECT key FROM device WHERE id = ?2) WHERE id = ?1",
            params![member.id.uuid(), device.uuid()],
        )?;
        Ok(())
    }

    /// Replaces a volunteer laptop's copy of a member with the organiser's (name only: the
    /// number never changes, and laptops carry no e-mail address).
    pub fn refresh_member(&mut self, member: &Member) -> Result<()> {
        self.execute(
            "UPDATE member SET name = ?2 WHERE id = ?1",
            params![member.id.uuid(), member.name],
        )?;
        Ok(())
    }

    /// Replaces a volunteer laptop's copy of a project with the organiser's.
    pub fn refresh_project(&mut self, project: &crate::Project, at: DateTime<Utc>) -> Result<()> {
        self.update_project(project)?;
        self.set_project_status(project.id, project.status, at)
    }

    /// Adds a copied row unless a row with the same primary key is there.
    pub fn insert_copied_row(&mut self, table: &str, row: &CopiedRow) -> Result<()> {
        assert!(KIT_TABLES.contains(&table), "only kit tables are copied");
        let columns = row
            .iter()
            .map(|(c, _)| c.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        let values = row
            .iter()
            .enumerate()
            .map(|(i, (c, _))| match key_table(c) {
                Some(t) => format!("(SELECT key FROM {t} WHERE id = ?{})", i + 1),
                None => format!("?{}", i + 1),
            })
            .collect::<Vec<_>>()
            .join(", ");
        self.execute(
            &format!("INSERT OR IGNORE INTO {table} ({columns}) VALUES ({values})"),
            params_from_iter(row.iter().map(|(_, v)| v)),
        )?;
        Ok(())
    }

    pub fn log_import(
        &mut self,
        at: DateTime<Utc>,
        file: &str,
        device: DeviceId,
        report: &str,
    ) -> Result<()> {
        self.execute(
            "INSERT INTO import_log (imported_at, file, device_key, report)
             VALUES (?1, ?2, (SELECT key FROM device WHERE id = ?3), ?4)",
            params![instant_text(at), file, device.uuid(), report],
        )?;
        Ok(())
    }
}
