//! Queries for printed statements: money in and out around a period, the expenses of a
//! period or a project, a project's gifts by month and channel, closed decisions.
//!
//! Sums leave out reversed entries by subtracting what was reversed (reversals are few)
//! instead of checking every entry against the reversal table.

use chrono::NaiveDate;
use commonpot_core::entry::date_text;
use commonpot_core::{Amount, Channel, Currency};
use rusqlite::{Connection, params};
use uuid::Uuid;

use crate::read::parse_word;
use crate::{Result, StoreError};

/// Contributions before, within and after a period, per channel (not reversed).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PeriodFlows {
    /// (channel, amount, gifts) received within the period.
    pub channels: Vec<(Channel, Amount, u64)>,
    pub received_before: i64,
    pub received_within: i64,
    pub spent_before: i64,
    pub spent_within: i64,
}

/// What came in and went out before and within `from..=to` (days, UTC).
///
/// One pass over the contributions, added up here: SQLite would sort a million rows to group
/// them by channel, which takes several times as long as reading them.
pub fn period_flows(
    conn: &Connection,
    currency: Currency,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<PeriodFlows> {
    let (from, until) = (date_text(from), date_text(to.succ_opt().unwrap_or(to)));
    // (amount, gifts) per channel within the period, and the amount before it.
    let mut within = vec![(0i64, 0i64); Channel::ALL.len()];
    let mut before = 0i64;
    let mut add = |sql: &str, sign: i64| -> Result<()> {
        let mut stmt = conn.prepare(sql)?;
        let mut rows = stmt.query(params![from, until])?;
        while let Some(r) = rows.next()? {
            let amount: i64 = r.get(2)?;
            if r.get::<_, bool>(1)? {
                before += sign * amount;
                continue;
            }
            let word = r.get_ref(0)?.as_str().map_err(rusqlite::Error::from)?;
            let Some(i) = Channel::ALL.iter().position(|c| c.as_str() == word) else {
                // The store writes only channel words; `verify` reports any other value.
                return Err(StoreError::Damaged(format!(
                    "a contribution has the channel \"{word}\", which is not one of Commonpot's"
                )));
            };
            within[i].0 += sign * amount;
            within[i].1 += sign;
        }
        Ok(())
    };
    add(
        "SELECT c.channel, c.received_at < ?1, c.amount_minor FROM contribution c WHERE c.received_at < ?2",
        1,
    )?;
    add(
        "SELECT c.channel, c.received_at < ?1, c.amount_minor FROM reversal r
         JOIN contribution c ON c.id = r.reversed_id
         WHERE r.reversed_kind = 'contribution' AND c.received_at < ?2",
        -1,
    )?;
    let mut out = PeriodFlows {
        received_before: before,
        ..PeriodFlows::default()
    };
    for (channel, (amount, n)) in Channel::ALL.iter().zip(within) {
        out.received_within += amount;
        out.channels
            .push((*channel, Amount::from_minor(amount, currency), n as u64));
    }
    let spent = |sql: &str| -> Result<(i64, i64)> {
        Ok(conn.query_row(sql, params![from, until], |r| Ok((r.get(0)?, r.get(1)?)))?)
    };
    let sums_sql = "SELECT COALESCE(sum(CASE WHEN e.paid_on < ?1 THEN e.amount_minor END), 0),
                           COALESCE(sum(CASE WHEN e.paid_on >= ?1 AND e.paid_on < ?2 THEN e.amount_minor END), 0)";
    let all = spent(&format!("{sums_sql} FROM expense e"))?;
    let reversed = spent(&format!(
        "{sums_sql} FROM reversal r JOIN expense e ON e.id = r.reversed_id WHERE r.reversed_kind = 'expense'"
    ))?;
    out.spent_before = all.0 - reversed.0;
    out.spent_within = all.1 - reversed.1;
    Ok(out)
}

/// An expense that is not reversed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExpenseRecord {
    pub paid_on: NaiveDate,
    pub project_code: String,
    pub project_title: String,
    pub payee: String,
    pub note: String,
    pub amount: Amount,
}

/// Expenses paid within `from..=to`, or all of one project's, oldest first.
pub fn expenses(
    conn: &Connection,
    currency: Currency,
    project: Option<Uuid>,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Result<Vec<ExpenseRecord>> {
    let mut stmt = conn.prepare(
        "SELECT e.paid_on, p.code, p.title, e.payee, e.note, e.amount_minor FROM expense e
         JOIN project p ON p.key = e.project_key
         WHERE (?1 IS NULL OR p.id = ?1) AND (?2 IS NULL OR e.paid_on >= ?2) AND (?3 IS NULL OR e.paid_on <= ?3)
           AND NOT EXISTS (SELECT 1 FROM reversal r WHERE r.reversed_id = e.id)
         ORDER BY e.paid_on, e.id",
    )?;
    let mut rows = stmt.query(params![project, from.map(date_text), to.map(date_text)])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(ExpenseRecord {
            paid_on: crate::read::parse_date(&r.get::<_, String>(0)?)?,
            project_code: r.get(1)?,
            project_title: r.get(2)?,
            payee: r.get(3)?,
            note: r.get(4)?,
            amount: Amount::from_minor(r.get(5)?, currency),
        });
    }
    Ok(out)
}

/// One gift to a project as a public statement groups it: month ("2026-11"), channel, who
/// gave (a member key; none when anonymous) and how much, in minor units.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProjectGift {
    pub month: String,
    pub channel: Channel,
    pub giver: Option<i64>,
    pub amount_minor: i64,
}

/// Every gift to a project that is not reversed.
pub fn project_gifts(conn: &Connection, project: Uuid) -> Result<Vec<ProjectGift>> {
    let mut stmt = conn.prepare(
        "SELECT substr(c.received_at, 1, 7), c.channel, c.member_key, c.amount_minor FROM contribution c
         WHERE c.project_key = (SELECT key FROM project WHERE id = ?1)
           AND NOT EXISTS (SELECT 1 FROM reversal r WHERE r.reversed_id = c.id)",
    )?;
    let mut rows = stmt.query([project])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(ProjectGift {
            month: r.get(0)?,
            channel: parse_word(&r.get::<_, String>(1)?)?,
            giver: r.get(2)?,
            amount_minor: r.get(3)?,
        });
    }
    Ok(out)
}

/// Decisions closed within `from..=to`, oldest first.
pub fn decisions_closed_between(
    conn: &Connection,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<Uuid>> {
    let until = date_text(to.succ_opt().unwrap_or(to));
    let mut stmt = conn.prepare(
        "SELECT decision_id FROM decision_close WHERE closed_at >= ?1 AND closed_at < ?2 ORDER BY closed_at",
    )?;
    let rows = stmt.query_map(params![date_text(from), until], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<Vec<Uuid>>>()?)
}

/// A member's gift that is not reversed, for their statement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemberGift {
    pub received_at: String,
    /// The project's code; none for the general fund.
    pub project: Option<String>,
    pub channel: Channel,
    pub amount: Amount,
}

/// A member's gifts received within `from..=to`, oldest first.
pub fn member_gifts(
    conn: &Connection,
    currency: Currency,
    member: Uuid,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<MemberGift>> {
    let mut stmt = conn.prepare(
        "SELECT c.received_at, p.code, c.channel, c.amount_minor FROM contribution c
         LEFT JOIN project p ON p.key = c.project_key
         WHERE c.member_key = (SELECT key FROM member WHERE id = ?1)
           AND c.received_at >= ?2 AND c.received_at < ?3
           AND NOT EXISTS (SELECT 1 FROM reversal r WHERE r.reversed_id = c.id)
         ORDER BY c.received_at, c.id",
    )?;
    let mut rows = stmt.query(params![
        member,
        date_text(from),
        date_text(to.succ_opt().unwrap_or(to))
    ])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(MemberGift {
            received_at: r.get(0)?,
            project: r.get(1)?,
            channel: parse_word(&r.get::<_, String>(2)?)?,
            amount: Amount::from_minor(r.get(3)?, currency),
        });
    }
    Ok(out)
}
