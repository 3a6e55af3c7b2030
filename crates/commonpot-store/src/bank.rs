//! What the bank's files leave in the books: saved CSV profiles, imported statements with
//! their balances, bank lines under their stable identity with what became of them (matched,
//! queued for a person, assigned), and the counterparty accounts a person confirmed.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use commonpot_core::entry::{date_text, instant_text};
use commonpot_core::{EntryId, MemberId, ProjectId};
use rusqlite::{Connection, OptionalExtension, Row, params};
use uuid::Uuid;

use crate::Result;
use crate::read::{parse_date, parse_instant};
use crate::write::Write;

/// A CSV column profile as saved (checked by the use case before it is saved).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProfileRecord {
    pub name: String,
    pub delimiter: String,
    pub decimal: String,
    pub date_format: String,
    pub encoding: String,
    pub columns: String,
}

/// An imported statement as saved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatementRecord {
    pub imported_at: DateTime<Utc>,
    pub file: String,
    pub format: String,
    pub statement_id: String,
    pub account: String,
    pub opening: Option<(i64, NaiveDate)>,
    pub closing: Option<(i64, NaiveDate)>,
    pub lines: i64,
    pub new_lines: i64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineState {
    Matched,
    Queued,
    Assigned,
}

impl LineState {
    pub fn as_str(self) -> &'static str {
        match self {
            LineState::Matched => "matched",
            LineState::Queued => "queued",
            LineState::Assigned => "assigned",
        }
    }

    fn parse(text: &str) -> LineState {
        match text {
            "matched" => LineState::Matched,
            "assigned" => LineState::Assigned,
            _ => LineState::Queued,
        }
    }
}

/// A bank line to save.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewBankLine {
    pub identity: String,
    pub position: String,
    pub booking_date: NaiveDate,
    pub amount_minor: i64,
    pub credit: bool,
    pub reversal: bool,
    pub counterparty: String,
    pub counterparty_iban: String,
    pub remittance: String,
    pub bank_reference: String,
    pub state: LineState,
    pub reason: String,
    pub detail: String,
    pub suggested_project: Option<ProjectId>,
    pub suggested_member: Option<MemberId>,
    pub entry: Option<EntryId>,
}

/// A saved bank line with its statement and what it became.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BankLineRecord {
    pub key: i64,
    pub file: String,
    pub statement_id: String,
    pub account: String,
    pub position: String,
    pub booking_date: NaiveDate,
    pub amount_minor: i64,
    pub credit: bool,
    pub reversal: bool,
    pub counterparty: String,
    pub counterparty_iban: String,
    pub remittance: String,
    pub bank_reference: String,
    pub state: LineState,
    pub reason: String,
    pub detail: String,
    /// Id, code and title.
    pub suggested_project: Option<(ProjectId, String, String)>,
    /// Id and name.
    pub suggested_member: Option<(MemberId, String)>,
    pub entry: Option<EntryId>,
    /// The entry it became was reversed since: the line waits for a person again.
    pub entry_reversed: bool,
}

/// What a confirmed counterparty account stands for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Counterparty {
    pub member: Option<MemberId>,
    pub project: Option<ProjectId>,
    /// The line whose confirmation remembered it.
    pub line: Option<i64>,
}

/// The latest closing balance the bank stated for an account.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccountBalance {
    pub account: String,
    pub closing_minor: i64,
    pub date: NaiveDate,
    pub statement_id: String,
}

pub fn profiles(conn: &Connection) -> Result<Vec<ProfileRecord>> {
    let mut stmt = conn.prepare(
        "SELECT name, delimiter, decimal, date_format, encoding, columns
         FROM bank_profile ORDER BY name",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(ProfileRecord {
            name: r.get(0)?,
            delimiter: r.get(1)?,
            decimal: r.get(2)?,
            date_format: r.get(3)?,
            encoding: r.get(4)?,
            columns: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn profile(conn: &Connection, name: &str) -> Result<Option<ProfileRecord>> {
    Ok(profiles(conn)?
        .into_iter()
        .find(|p| p.name.eq_ignore_ascii_case(name.trim())))
}

/// Whether a line with this identity was imported before.
pub fn line_known(conn: &Connection, identity: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM bank_line WHERE identity = ?1")?
        .query_row([identity], |_| Ok(()))
        .optional()?
        .is_some())
}

pub fn counterparties(conn: &Connection) -> Result<HashMap<String, Counterparty>> {
    let mut stmt = conn.prepare(
        "SELECT c.iban, m.id, p.id, c.line_key FROM bank_counterparty c
         LEFT JOIN member m ON m.key = c.member_key
         LEFT JOIN project p ON p.key = c.project_key",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            Counterparty {
                member: r.get::<_, Option<Uuid>>(1)?.map(MemberId::from_uuid),
                project: r.get::<_, Option<Uuid>>(2)?.map(ProjectId::from_uuid),
                line: r.get(3)?,
            },
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

const LINE_COLUMNS: &str = "l.key, s.file, s.statement_id, s.account, l.position, l.booking_date,
    l.amount_minor, l.credit, l.reversal, l.counterparty, l.counterparty_iban, l.remittance,
    l.bank_reference, l.state, l.reason, l.detail, p.id, p.code, p.title, m.id, m.name, l.entry_id,
    l.entry_id IS NOT NULL AND EXISTS (SELECT 1 FROM reversal r WHERE r.reversed_id = l.entry_id)";
const LINE_FROM: &str = "FROM bank_line l JOIN bank_statement s ON s.key = l.statement_key
    LEFT JOIN project p ON p.key = l.suggested_project
    LEFT JOIN member m ON m.key = l.suggested_member";

fn line_from_row(r: &Row<'_>) -> Result<BankLineRecord> {
    let project: Option<Uuid> = r.get(16)?;
    let member: Option<Uuid> = r.get(19)?;
    Ok(BankLineRecord {
        key: r.get(0)?,
        file: r.get(1)?,
        statement_id: r.get(2)?,
        account: r.get(3)?,
        position: r.get(4)?,
        booking_date: parse_date(&r.get::<_, String>(5)?)?,
        amount_minor: r.get(6)?,
        credit: r.get(7)?,
        reversal: r.get(8)?,
        counterparty: r.get(9)?,
        counterparty_iban: r.get(10)?,
        remittance: r.get(11)?,
        bank_reference: r.get(12)?,
        state: LineState::parse(&r.get::<_, String>(13)?),
        reason: r.get(14)?,
        detail: r.get(15)?,
        suggested_project: match project {
            Some(id) => Some((ProjectId::from_uuid(id), r.get(17)?, r.get(18)?)),
            None => None,
        },
        suggested_member: match member {
            Some(id) => Some((MemberId::from_uuid(id), r.get(20)?)),
            None => None,
        },
        entry: r.get::<_, Option<Uuid>>(21)?.map(EntryId::from_uuid),
        entry_reversed: r.get(22)?,
    })
}

fn lines_where(conn: &Connection, condition: &str, limit: i64) -> Result<Vec<BankLineRecord>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {LINE_COLUMNS} {LINE_FROM} WHERE {condition} ORDER BY l.booking_date, l.key LIMIT ?1"
    ))?;
    let mut rows = stmt.query([limit])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(line_from_row(r)?);
    }
    Ok(out)
}

/// Lines that wait for a person: queued on import, or whose entry was reversed since.
pub fn queue(conn: &Connection) -> Result<Vec<BankLineRecord>> {
    lines_where(
        conn,
        "l.state = 'queued' OR (l.entry_id IS NOT NULL AND EXISTS
            (SELECT 1 FROM reversal r WHERE r.reversed_id = l.entry_id))",
        i64::MAX,
    )
}

/// The latest lines that became entries, newest last.
pub fn recent_matched(conn: &Connection, limit: i64) -> Result<Vec<BankLineRecord>> {
    let mut lines = {
        let mut stmt = conn.prepare(&format!(
            "SELECT {LINE_COLUMNS} {LINE_FROM} WHERE l.state <> 'queued'
             ORDER BY l.key DESC LIMIT ?1"
        ))?;
        let mut rows = stmt.query([limit])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            out.push(line_from_row(r)?);
        }
        out
    };
    lines.reverse();
    Ok(lines)
}

pub fn line(conn: &Connection, key: i64) -> Result<Option<BankLineRecord>> {
    Ok(lines_where(conn, &format!("l.key = {key}"), 1)?.pop())
}

/// Each account's latest stated closing balance.
pub fn balances(conn: &Connection) -> Result<Vec<AccountBalance>> {
    let mut stmt = conn.prepare(
        "SELECT account, closing_minor, closing_date, statement_id FROM bank_statement s
         WHERE closing_minor IS NOT NULL AND NOT EXISTS (
             SELECT 1 FROM bank_statement t WHERE t.account = s.account
             AND t.closing_minor IS NOT NULL
             AND (t.closing_date > s.closing_date OR t.closing_date = s.closing_date AND t.key > s.key))
         ORDER BY account",
    )?;
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(AccountBalance {
            account: r.get(0)?,
            closing_minor: r.get(1)?,
            date: parse_date(&r.get::<_, String>(2)?)?,
            statement_id: r.get(3)?,
        });
    }
    Ok(out)
}

/// How many lines were matched on import, wait for a person and were assigned by hand, and
/// when the last statement was imported.
pub fn line_counts(conn: &Connection) -> Result<(i64, i64, i64, Option<DateTime<Utc>>)> {
    // A line whose entry was reversed waits again: it counts as queued, as `queue` lists it.
    let (matched, queued, assigned): (i64, i64, i64) = conn.query_row(
        "SELECT count(*) FILTER (WHERE state = 'matched' AND NOT undone),
                count(*) FILTER (WHERE state = 'queued' OR undone),
                count(*) FILTER (WHERE state = 'assigned' AND NOT undone)
         FROM (SELECT state, entry_id IS NOT NULL
                   AND EXISTS (SELECT 1 FROM reversal r WHERE r.reversed_id = entry_id) AS undone
               FROM bank_line)",
        [],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    let last: Option<String> =
        conn.query_row("SELECT max(imported_at) FROM bank_statement", [], |r| {
            r.get(0)
        })?;
    Ok((
        matched,
        queued,
        assigned,
        last.as_deref().map(parse_instant).transpose()?,
    ))
}

impl Write<'_> {
    pub fn add_profile(&mut self, p: &ProfileRecord, at: DateTime<Utc>) -> Result<()> {
        self.execute(
            "INSERT INTO bank_profile (name, delimiter, decimal, date_format, encoding, columns, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![p.name, p.delimiter, p.decimal, p.date_format, p.encoding, p.columns, instant_text(at)],
        )?;
        Ok(())
    }

    pub fn insert_statement(&mut self, s: &StatementRecord) -> Result<i64> {
        self.execute(
            "INSERT INTO bank_statement (imported_at, file, format, statement_id, account,
                 opening_minor, opening_date, closing_minor, closing_date, lines, new_lines)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            params![
                instant_text(s.imported_at),
                s.file,
                s.format,
                s.statement_id,
                s.account,
                s.opening.map(|o| o.0),
                s.opening.map(|o| date_text(o.1)),
                s.closing.map(|c| c.0),
                s.closing.map(|c| date_text(c.1)),
                s.lines,
                s.new_lines,
            ],
        )?;
        Ok(self.last_insert_rowid())
    }

    /// How many lines the statement has, and how many of them were new to the books.
    pub fn set_statement_counts(
        &mut self,
        statement: i64,
        lines: i64,
        new_lines: i64,
    ) -> Result<()> {
        self.execute(
            "UPDATE bank_statement SET lines = ?2, new_lines = ?3 WHERE key = ?1",
            params![statement, lines, new_lines],
        )?;
        Ok(())
    }

    pub fn insert_bank_line(&mut self, statement: i64, l: &NewBankLine) -> Result<i64> {
        self.prepare_cached(
            "INSERT INTO bank_line (identity, statement_key, position, booking_date, amount_minor,
                 credit, reversal, counterparty, counterparty_iban, remittance, bank_reference,
                 state, reason, detail, suggested_project, suggested_member, entry_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14,
                 (SELECT key FROM project WHERE id = ?15), (SELECT key FROM member WHERE id = ?16), ?17)",
        )?
        .execute(params![
            l.identity,
            statement,
            l.position,
            date_text(l.booking_date),
            l.amount_minor,
            l.credit,
            l.reversal,
            l.counterparty,
            l.counterparty_iban,
            l.remittance,
            l.bank_reference,
            l.state.as_str(),
            l.reason,
            l.detail,
            l.suggested_project.map(|p| p.uuid()),
            l.suggested_member.map(|m| m.uuid()),
            l.entry.map(|e| e.uuid()),
        ])?;
        Ok(self.last_insert_rowid())
    }

    /// A person made a waiting line into `entry`.
    pub fn assign_line(
        &mut self,
        line: i64,
        entry: EntryId,
        project: Option<ProjectId>,
        member: Option<MemberId>,
    ) -> Result<()> {
        self.execute(
            "UPDATE bank_line SET state = 'assigned', reason = 'assigned', detail = '', entry_id = ?2,
                 suggested_project = (SELECT key FROM project WHERE id = ?3),
                 suggested_member = (SELECT key FROM member WHERE id = ?4)
             WHERE key = ?1",
            params![line, entry.uuid(), project.map(|p| p.uuid()), member.map(|m| m.uuid())],
        )?;
        Ok(())
    }

    /// Transfers from `iban` are for this member (and project) from now on.
    pub fn remember_counterparty(
        &mut self,
        iban: &str,
        who: &Counterparty,
        at: DateTime<Utc>,
    ) -> Result<()> {
        self.prepare_cached(
            "INSERT OR REPLACE INTO bank_counterparty (iban, member_key, project_key, confirmed_at, line_key)
             VALUES (?1, (SELECT key FROM member WHERE id = ?2), (SELECT key FROM project WHERE id = ?3), ?4, ?5)",
        )?
        .execute(params![
            iban,
            who.member.map(|m| m.uuid()),
            who.project.map(|p| p.uuid()),
            instant_text(at),
            who.line,
        ])?;
        Ok(())
    }
}
