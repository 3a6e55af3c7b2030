//! Participation (meetings, attendance, shifts) and decisions (definition, frozen weights,
//! ballots, frozen result): the rows of migration 0004, written in a [`Write`] and read from
//! any connection.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use commonpot_core::Decimal;
use commonpot_core::entry::{date_text, instant_text};
use commonpot_core::weights::Participation;
use commonpot_core::{Amount, Currency, EntryMeta, MemberId, ProjectId};
use rusqlite::{Connection, OptionalExtension, params};
use uuid::Uuid;

use crate::read::{Found, find_by_prefix, parse_date, parse_instant};
use crate::write::Write;
use crate::{Result, StoreError};

/// The participation tables, each guarded against UPDATE and DELETE.
pub(crate) const TABLES: &[&str] = &[
    "meeting",
    "attendance",
    "shift",
    "decision",
    "decision_option",
    "decision_open",
    "decision_weight",
    "ballot",
    "paper_entry",
    "decision_close",
];

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecisionRecord {
    pub id: Uuid,
    pub title: String,
    /// motion | greedy | equal-shares | quadratic
    pub method: String,
    pub budget: Option<Decimal>,
    pub pool: Option<Decimal>,
    pub cap: Option<Decimal>,
    pub quorum: Option<Decimal>,
    pub threshold: Option<String>,
    /// The weight rule's stored form ("sqrt cap=3").
    pub rule: String,
    pub window_months: u32,
    pub created_at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecisionOption {
    pub project: ProjectId,
    pub code: String,
    pub title: String,
    /// The cost written in the decision; the project's goal when none was.
    pub cost: Amount,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decision {
    pub record: DecisionRecord,
    pub options: Vec<DecisionOption>,
    pub opened_at: Option<DateTime<Utc>>,
    pub window_from: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    /// The frozen result (JSON) once closed.
    pub result: Option<String>,
}

/// A member's frozen points and weight in one decision.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FrozenWeight {
    pub member: MemberId,
    /// Number, or id when the member has none.
    pub reference: String,
    pub name: String,
    pub participation: Participation,
    pub weight: Decimal,
}

fn meta_params(meta: &EntryMeta) -> (Uuid, i64, String) {
    (
        meta.device.uuid(),
        meta.device_seq,
        instant_text(meta.recorded_at),
    )
}

const DEVICE_KEY: &str = "(SELECT key FROM device WHERE id = ?2)";
const MEMBER_KEY: &str = "(SELECT key FROM member WHERE id = ";

impl Write<'_> {
    pub fn insert_meeting(
        &mut self,
        id: Uuid,
        held_on: NaiveDate,
        title: &str,
        recorded_by: Option<MemberId>,
        attendees: &[MemberId],
        meta: &EntryMeta,
    ) -> Result<()> {
        let (device, seq, at) = meta_params(meta);
        self.execute(
            &format!(
                "INSERT INTO meeting (id, device_key, device_seq, recorded_at, held_on, title, recorded_by)
                 VALUES (?1, {DEVICE_KEY}, ?3, ?4, ?5, ?6, {MEMBER_KEY}?7))"
            ),
            params![id, device, seq, at, date_text(held_on), title, recorded_by.map(|m| m.uuid())],
        )?;
        let mut stmt = self.prepare_cached(&format!(
            "INSERT INTO attendance (meeting_id, member_key) VALUES (?1, {MEMBER_KEY}?2))"
        ))?;
        for m in attendees {
            stmt.execute(params![id, m.uuid()])?;
        }
        Ok(())
    }

    pub fn insert_shift(
        &mut self,
        id: Uuid,
        member: MemberId,
        worked_on: NaiveDate,
        what: &str,
        recorded_by: Option<MemberId>,
        meta: &EntryMeta,
    ) -> Result<()> {
        let (device, seq, at) = meta_params(meta);
        self.execute(
            &format!(
                "INSERT INTO shift (id, device_key, device_seq, recorded_at, member_key, worked_on, what, recorded_by)
                 VALUES (?1, {DEVICE_KEY}, ?3, ?4, {MEMBER_KEY}?5), ?6, ?7, {MEMBER_KEY}?8))"
            ),
            params![
                id,
                device,
                seq,
                at,
                member.uuid(),
                date_text(worked_on),
                what,
                recorded_by.map(|m| m.uuid())
            ],
        )?;
        Ok(())
    }

    /// A decision with its options: (project, cost written in the decision).
    pub fn insert_decision(
        &mut self,
        d: &DecisionRecord,
        options: &[(ProjectId, Option<Amount>)],
        meta: &EntryMeta,
    ) -> Result<()> {
        let (device, seq, at) = meta_params(meta);
        let text = |v: Option<Decimal>| v.map(|d| d.to_string());
        self.execute(
            &format!(
                "INSERT INTO decision (id, device_key, device_seq, recorded_at, title, method, budget, pool, cap,
                     quorum, threshold, rule, window_months)
                 VALUES (?1, {DEVICE_KEY}, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)"
            ),
            params![
                d.id,
                device,
                seq,
                at,
                d.title,
                d.method,
                text(d.budget),
                text(d.pool),
                text(d.cap),
                text(d.quorum),
                d.threshold,
                d.rule,
                d.window_months
            ],
        )?;
        let mut stmt = self.prepare_cached(
            "INSERT INTO decision_option (decision_id, position, project_key, cost)
             VALUES (?1, ?2, (SELECT key FROM project WHERE id = ?3), ?4)",
        )?;
        for (position, (project, cost)) in options.iter().enumerate() {
            stmt.execute(params![
                d.id,
                position as i64,
                project.uuid(),
                cost.map(|c| c.to_string())
            ])?;
        }
        Ok(())
    }

    pub fn insert_decision_open(
        &mut self,
        decision: Uuid,
        opened_at: DateTime<Utc>,
        window_from: DateTime<Utc>,
        weights: &[(MemberId, Participation, Decimal)],
        meta: &EntryMeta,
    ) -> Result<()> {
        let (device, seq, at) = meta_params(meta);
        self.execute(
            &format!(
                "INSERT INTO decision_open (decision_id, device_key, device_seq, recorded_at, opened_at, window_from)
                 VALUES (?1, {DEVICE_KEY}, ?3, ?4, ?5, ?6)"
            ),
            params![
                decision,
                device,
                seq,
                at,
                instant_text(opened_at),
                instant_text(window_from)
            ],
        )?;
        let mut stmt = self.prepare_cached(&format!(
            "INSERT INTO decision_weight (decision_id, member_key, meetings, shifts, giving_months, weight)
             VALUES (?1, {MEMBER_KEY}?2), ?3, ?4, ?5, ?6)"
        ))?;
        for (member, p, weight) in weights {
            stmt.execute(params![
                decision,
                member.uuid(),
                p.meetings,
                p.shifts,
                p.giving_months,
                weight.to_string()
            ])?;
        }
        Ok(())
    }

    /// A ballot; `paper` is the number of the paper ballot it was typed from.
    #[allow(clippy::too_many_arguments)]
    pub fn insert_ballot(
        &mut self,
        id: Uuid,
        decision: Uuid,
        member: MemberId,
        choice: &str,
        source: &str,
        paper: Option<&str>,
        meta: &EntryMeta,
    ) -> Result<()> {
        let (device, seq, at) = meta_params(meta);
        self.execute(
            &format!(
                "INSERT INTO ballot (id, device_key, device_seq, recorded_at, decision_id, member_key, choice, source, paper)
                 VALUES (?1, {DEVICE_KEY}, ?3, ?4, ?5, {MEMBER_KEY}?6), ?7, ?8, ?9)"
            ),
            params![id, device, seq, at, decision, member.uuid(), choice, source, paper],
        )?;
        Ok(())
    }

    /// One pass of typing a paper ballot.
    #[allow(clippy::too_many_arguments)]
    pub fn insert_paper_entry(
        &mut self,
        id: Uuid,
        decision: Uuid,
        paper: &str,
        pass: u8,
        member: MemberId,
        choice: &str,
        meta: &EntryMeta,
    ) -> Result<()> {
        let (device, seq, at) = meta_params(meta);
        self.execute(
            &format!(
                "INSERT INTO paper_entry (id, device_key, device_seq, recorded_at, decision_id, paper, pass, member_key, choice)
                 VALUES (?1, {DEVICE_KEY}, ?3, ?4, ?5, ?6, ?7, {MEMBER_KEY}?8), ?9)"
            ),
            params![id, device, seq, at, decision, paper, pass, member.uuid(), choice],
        )?;
        Ok(())
    }

    pub fn insert_decision_close(
        &mut self,
        decision: Uuid,
        closed_at: DateTime<Utc>,
        result: &str,
        meta: &EntryMeta,
    ) -> Result<()> {
        let (device, seq, at) = meta_params(meta);
        self.execute(
            &format!(
                "INSERT INTO decision_close (decision_id, device_key, device_seq, recorded_at, closed_at, result)
                 VALUES (?1, {DEVICE_KEY}, ?3, ?4, ?5, ?6)"
            ),
            params![decision, device, seq, at, instant_text(closed_at), result],
        )?;
        Ok(())
    }
}

/// One member's participation from `from` up to and including `to`, counted as
/// [`participation`] counts it, through the member's own index entries.
pub fn participation_of(
    conn: &Connection,
    member: MemberId,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Participation> {
    let key: Option<i64> = conn
        .query_row(
            "SELECT key FROM member WHERE id = ?1",
            [member.uuid()],
            |r| r.get(0),
        )
        .optional()?;
    let Some(key) = key else {
        return Ok(Participation::default());
    };
    let (from_day, to_day) = (date_text(from.date_naive()), date_text(to.date_naive()));
    let count = |sql: &str, a: &str, b: &str| -> Result<u32> {
        Ok(conn.query_row(sql, params![key, a, b], |r| r.get(0))?)
    };
    Ok(Participation {
        meetings: count(
            "SELECT count(*) FROM attendance a JOIN meeting g ON g.id = a.meeting_id
             WHERE a.member_key = ?1 AND g.held_on >= ?2 AND g.held_on <= ?3",
            &from_day,
            &to_day,
        )?,
        shifts: count(
            "SELECT count(*) FROM shift s WHERE s.member_key = ?1 AND s.worked_on >= ?2 AND s.worked_on <= ?3",
            &from_day,
            &to_day,
        )?,
        giving_months: count(
            "SELECT count(DISTINCT substr(c.received_at, 1, 7)) FROM contribution c
             WHERE c.member_key = ?1 AND c.received_at >= ?2 AND c.received_at <= ?3
               AND NOT EXISTS (SELECT 1 FROM reversal r WHERE r.reversed_id = c.id)",
            &instant_text(from),
            &instant_text(to),
        )?,
    })
}

/// Each member's participation from `from` up to and including `to`: meetings attended,
/// shifts worked and calendar months (UTC) in which they made a contribution that was not
/// reversed.
pub fn participation(
    conn: &Connection,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<HashMap<MemberId, Participation>> {
    let mut out: HashMap<MemberId, Participation> = HashMap::new();
    let (from_day, to_day) = (date_text(from.date_naive()), date_text(to.date_naive()));
    let mut count = |sql: &str, a: &str, b: &str, set: fn(&mut Participation, u32)| -> Result<()> {
        let mut stmt = conn.prepare(sql)?;
        let mut rows = stmt.query(params![a, b])?;
        while let Some(r) = rows.next()? {
            let member = MemberId::from_uuid(r.get(0)?);
            set(out.entry(member).or_default(), r.get(1)?);
        }
        Ok(())
    };
    count(
        "SELECT m.id, count(*) FROM attendance a JOIN meeting g ON g.id = a.meeting_id
         JOIN member m ON m.key = a.member_key
         WHERE g.held_on >= ?1 AND g.held_on <= ?2 GROUP BY m.id",
        &from_day,
        &to_day,
        |p, n| p.meetings = n,
    )?;
    count(
        "SELECT m.id, count(*) FROM shift s JOIN member m ON m.key = s.member_key
         WHERE s.worked_on >= ?1 AND s.worked_on <= ?2 GROUP BY m.id",
        &from_day,
        &to_day,
        |p, n| p.shifts = n,
    )?;
    count(
        "SELECT m.id, count(DISTINCT substr(c.received_at, 1, 7)) FROM contribution c
         JOIN member m ON m.key = c.member_key
         WHERE c.received_at >= ?1 AND c.received_at <= ?2
           AND NOT EXISTS (SELECT 1 FROM reversal r WHERE r.reversed_id = c.id)
         GROUP BY m.id",
        &instant_text(from),
        &instant_text(to),
        |p, n| p.giving_months = n,
    )?;
    Ok(out)
}

/// Every registered member, with their reference and name, in number order: the electorate
/// frozen when voting opens.
pub fn electorate(conn: &Connection) -> Result<Vec<(MemberId, String, String)>> {
    let mut stmt = conn.prepare(
        "SELECT id, coalesce(number, lower(hex(id))), name FROM member
         ORDER BY number IS NULL, number, name, id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((MemberId::from_uuid(r.get(0)?), r.get(1)?, r.get(2)?))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn find_decision(conn: &Connection, reference: &str) -> Result<Found<Uuid>> {
    find_by_prefix(conn, "decision", reference.trim())
}

fn decimal(text: Option<String>) -> Result<Option<Decimal>> {
    text.map(|t| {
        t.parse::<Decimal>()
            .map_err(|_| StoreError::Damaged(format!("\"{t}\" is not a decimal")))
    })
    .transpose()
}

pub fn decision(conn: &Connection, id: Uuid, currency: Currency) -> Result<Option<Decision>> {
    let found = conn
        .query_row(
            "SELECT title, method, budget, pool, cap, quorum, threshold, rule, window_months, recorded_at
             FROM decision WHERE id = ?1",
            [id],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, Option<String>>(4)?,
                    r.get::<_, Option<String>>(5)?,
                    r.get::<_, Option<String>>(6)?,
                    r.get::<_, String>(7)?,
                    r.get::<_, u32>(8)?,
                    r.get::<_, String>(9)?,
                ))
            },
        )
        .optional()?;
    let Some((title, method, budget, pool, cap, quorum, threshold, rule, window, created)) = found
    else {
        return Ok(None);
    };
    let record = DecisionRecord {
        id,
        title,
        method,
        budget: decimal(budget)?,
        pool: decimal(pool)?,
        cap: decimal(cap)?,
        quorum: decimal(quorum)?,
        threshold,
        rule,
        window_months: window,
        created_at: parse_instant(&created)?,
    };
    let mut stmt = conn.prepare_cached(
        "SELECT p.id, p.code, p.title, o.cost, p.goal_minor FROM decision_option o
         JOIN project p ON p.key = o.project_key WHERE o.decision_id = ?1 ORDER BY o.position",
    )?;
    let mut options = Vec::new();
    let mut rows = stmt.query([id])?;
    while let Some(r) = rows.next()? {
        let cost = match decimal(r.get(3)?)? {
            Some(c) => Amount::from_decimal(c, currency)
                .ok_or_else(|| StoreError::Damaged(format!("option cost {c}")))?,
            None => Amount::from_minor(r.get(4)?, currency),
        };
        options.push(DecisionOption {
            project: ProjectId::from_uuid(r.get(0)?),
            code: r.get(1)?,
            title: r.get(2)?,
            cost,
        });
    }
    let opened: Option<(String, String)> = conn
        .query_row(
            "SELECT opened_at, window_from FROM decision_open WHERE decision_id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let closed: Option<(String, String)> = conn
        .query_row(
            "SELECT closed_at, result FROM decision_close WHERE decision_id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    Ok(Some(Decision {
        record,
        options,
        opened_at: opened.as_ref().map(|o| parse_instant(&o.0)).transpose()?,
        window_from: opened.as_ref().map(|o| parse_instant(&o.1)).transpose()?,
        closed_at: closed.as_ref().map(|c| parse_instant(&c.0)).transpose()?,
        result: closed.map(|c| c.1),
    }))
}

/// A decision as listed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecisionSummary {
    pub id: Uuid,
    pub title: String,
    pub method: String,
    pub opened: bool,
    pub closed: bool,
}

/// Every decision, newest first.
pub fn decisions(conn: &Connection) -> Result<Vec<DecisionSummary>> {
    let mut stmt = conn.prepare(
        "SELECT d.id, d.title, d.method,
                EXISTS (SELECT 1 FROM decision_open o WHERE o.decision_id = d.id),
                EXISTS (SELECT 1 FROM decision_close c WHERE c.decision_id = d.id)
         FROM decision d ORDER BY d.id DESC",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(DecisionSummary {
            id: r.get(0)?,
            title: r.get(1)?,
            method: r.get(2)?,
            opened: r.get(3)?,
            closed: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn frozen_weights(conn: &Connection, decision: Uuid) -> Result<Vec<FrozenWeight>> {
    let mut stmt = conn.prepare_cached(
        "SELECT m.id, coalesce(m.number, lower(hex(m.id))), m.name, w.meetings, w.shifts, w.giving_months, w.weight
         FROM decision_weight w JOIN member m ON m.key = w.member_key
         WHERE w.decision_id = ?1 ORDER BY m.number IS NULL, m.number, m.name, m.id",
    )?;
    let mut rows = stmt.query([decision])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(FrozenWeight {
            member: MemberId::from_uuid(r.get(0)?),
            reference: r.get(1)?,
            name: r.get(2)?,
            participation: Participation {
                meetings: r.get(3)?,
                shifts: r.get(4)?,
                giving_months: r.get(5)?,
            },
            weight: decimal(Some(r.get(6)?))?.expect("given"),
        });
    }
    Ok(out)
}

/// Ballots of a decision: (member, choice as stored).
pub fn ballots(conn: &Connection, decision: Uuid) -> Result<Vec<(MemberId, String)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT m.id, b.choice FROM ballot b JOIN member m ON m.key = b.member_key
         WHERE b.decision_id = ?1 ORDER BY b.id",
    )?;
    let rows = stmt.query_map([decision], |r| {
        Ok((MemberId::from_uuid(r.get(0)?), r.get(1)?))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// One pass of a paper ballot as typed: (member, member's reference, choice as stored).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PaperPass {
    pub member: MemberId,
    pub reference: String,
    pub name: String,
    pub choice: String,
}

/// A numbered paper ballot: its two passes as typed, and whether a ballot was cast from it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Paper {
    pub passes: [Option<PaperPass>; 2],
    pub cast: bool,
}

/// Every paper ballot of a decision, by number.
pub fn paper_entries(
    conn: &Connection,
    decision: Uuid,
) -> Result<std::collections::BTreeMap<String, Paper>> {
    let mut stmt = conn.prepare_cached(
        "SELECT e.paper, e.pass, m.id, coalesce(m.number, lower(hex(m.id))), m.name, e.choice,
                EXISTS (SELECT 1 FROM ballot b WHERE b.decision_id = e.decision_id AND b.paper = e.paper)
         FROM paper_entry e JOIN member m ON m.key = e.member_key
         WHERE e.decision_id = ?1",
    )?;
    let mut rows = stmt.query([decision])?;
    let mut out: std::collections::BTreeMap<String, Paper> = std::collections::BTreeMap::new();
    while let Some(r) = rows.next()? {
        let paper: String = r.get(0)?;
        let pass: i64 = r.get(1)?;
        let entry = out.entry(paper).or_default();
        entry.passes[usize::from(pass == 2)] = Some(PaperPass {
            member: MemberId::from_uuid(r.get(2)?),
            reference: r.get(3)?,
            name: r.get(4)?,
            choice: r.get(5)?,
        });
        entry.cast = r.get(6)?;
    }
    Ok(out)
}

/// Every project some decision chooses among.
pub fn option_projects(conn: &Connection) -> Result<Vec<ProjectId>> {
    let mut stmt = conn.prepare(
        "SELECT DISTINCT p.id FROM decision_option o JOIN project p ON p.key = o.project_key",
    )?;
    let rows = stmt.query_map([], |r| r.get::<_, Uuid>(0))?;
    Ok(rows
        .map(|r| r.map(ProjectId::from_uuid))
        .collect::<rusqlite::Result<_>>()?)
}

pub fn is_closed(conn: &Connection, decision: Uuid) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM decision_close WHERE decision_id = ?1)")?
        .query_row([decision], |r| r.get(0))?)
}

pub fn is_opened(conn: &Connection, decision: Uuid) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM decision_open WHERE decision_id = ?1)")?
        .query_row([decision], |r| r.get(0))?)
}

/// Whether `member` was registered when voting on `decision` opened (has a frozen weight).
pub fn is_entitled(conn: &Connection, decision: Uuid, member: MemberId) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM decision_weight WHERE decision_id = ?1
                AND member_key = (SELECT key FROM member WHERE id = ?2))",
        )?
        .query_row(params![decision, member.uuid()], |r| r.get(0))?)
}

pub fn has_ballot(conn: &Connection, decision: Uuid, member: MemberId) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM ballot WHERE decision_id = ?1
                AND member_key = (SELECT key FROM member WHERE id = ?2))",
        )?
        .query_row(params![decision, member.uuid()], |r| r.get(0))?)
}

/// Contributions received from `from` to `to` (both included: the round closes at `to`) to
/// `project`, not reversed: (giver, amount).
pub fn round_contributions(
    conn: &Connection,
    project: ProjectId,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    currency: Currency,
) -> Result<Vec<(Option<MemberId>, Amount)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT m.id, c.amount_minor FROM contribution c
         LEFT JOIN member m ON m.key = c.member_key
         WHERE c.project_key = (SELECT key FROM project WHERE id = ?1)
           AND c.received_at >= ?2 AND c.received_at <= ?3
           AND NOT EXISTS (SELECT 1 FROM reversal r WHERE r.reversed_id = c.id)",
    )?;
    let rows = stmt.query_map(
        params![project.uuid(), instant_text(from), instant_text(to)],
        |r| {
            Ok((
                r.get::<_, Option<Uuid>>(0)?.map(MemberId::from_uuid),
                Amount::from_minor(r.get(1)?, currency),
            ))
        },
    )?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Meetings, newest first: (id, held on, title, number of attendees).
pub fn meetings(conn: &Connection) -> Result<Vec<(Uuid, NaiveDate, String, u32)>> {
    let mut stmt = conn.prepare(
        "SELECT g.id, g.held_on, g.title, (SELECT count(*) FROM attendance a WHERE a.meeting_id = g.id)
         FROM meeting g ORDER BY g.held_on DESC, g.id DESC",
    )?;
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push((
            r.get(0)?,
            parse_date(&r.get::<_, String>(1)?)?,
            r.get(2)?,
            r.get(3)?,
        ));
    }
    Ok(out)
}
