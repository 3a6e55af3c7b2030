//! Members' rights: everything the file holds about one member, read for an export, and the
//! erasure of their name and contact details. Amounts, counts and entries stay; the member
//! becomes "Former member #N" under the same key, id and number (the ledger's content hashes
//! name members by number or id, never by name, so the books verify as before).

use chrono::NaiveDate;
use commonpot_core::MemberId;
use rusqlite::{Connection, params};

use crate::Result;
use crate::read::parse_date;
use crate::write::Write;

/// What the file holds about one member besides their record and their gifts.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MemberData {
    /// Date and title of each meeting attended.
    pub meetings: Vec<(NaiveDate, String)>,
    /// Date and description of each volunteer shift.
    pub shifts: Vec<(NaiveDate, String)>,
    /// Title of each decision the member cast a ballot in, with when and how it was cast.
    pub ballots: Vec<(String, String, String)>,
    /// Cash collections the member collected: when opened, where.
    pub collections: Vec<(String, String)>,
    /// Bank lines matched or assigned to the member: booking date, counterparty, IBAN, text.
    pub bank_lines: Vec<(NaiveDate, String, String, String)>,
    /// Accounts remembered as the member's.
    pub accounts: Vec<String>,
    /// The device that registered the member.
    pub registered_by: Option<String>,
}

pub fn member_data(conn: &Connection, member: MemberId) -> Result<MemberData> {
    let key: i64 = conn.query_row(
        "SELECT key FROM member WHERE id = ?1",
        [member.uuid()],
        |r| r.get(0),
    )?;
    let pairs = |sql: &str| -> Result<Vec<(String, String)>> {
        let mut stmt = conn.prepare(sql)?;
        let rows = stmt.query_map([key], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    };
    let dated = |rows: Vec<(String, String)>| -> Result<Vec<(NaiveDate, String)>> {
        rows.into_iter()
            .map(|(d, t)| Ok((parse_date(&d)?, t)))
            .collect()
    };
    let mut data = MemberData {
        meetings: dated(pairs(
            "SELECT m.held_on, m.title FROM attendance a JOIN meeting m ON m.id = a.meeting_id
             WHERE a.member_key = ?1 ORDER BY m.held_on",
        )?)?,
        shifts: dated(pairs(
            "SELECT worked_on, what FROM shift WHERE member_key = ?1 ORDER BY worked_on",
        )?)?,
        collections: pairs(
            "SELECT recorded_at, place FROM collection WHERE collector_key = ?1 ORDER BY recorded_at",
        )?,
        accounts: pairs("SELECT iban, confirmed_at FROM bank_counterparty WHERE member_key = ?1")?
            .into_iter()
            .map(|(iban, _)| iban)
            .collect(),
        ..MemberData::default()
    };
    let mut stmt = conn.prepare(
        "SELECT d.title, b.recorded_at, b.choice FROM ballot b JOIN decision d ON d.id = b.decision_id
         WHERE b.member_key = ?1 ORDER BY b.recorded_at",
    )?;
    data.ballots = stmt
        .query_map([key], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut stmt = conn.prepare(
        "SELECT booking_date, counterparty, counterparty_iban, remittance FROM bank_line
         WHERE suggested_member = ?1 ORDER BY booking_date, key",
    )?;
    let lines: Vec<(String, String, String, String)> = stmt
        .query_map([key], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<rusqlite::Result<_>>()?;
    data.bank_lines = lines
        .into_iter()
        .map(|(d, a, b, c)| Ok((parse_date(&d)?, a, b, c)))
        .collect::<Result<_>>()?;
    data.registered_by = conn.query_row(
        "SELECT d.name FROM member m LEFT JOIN device d ON d.key = m.registered_by WHERE m.key = ?1",
        [key],
        |r| r.get(0),
    )?;
    Ok(data)
}

/// The file's key of a member: the N of "Former member #N".
pub fn member_key(conn: &Connection, member: MemberId) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT key FROM member WHERE id = ?1",
        [member.uuid()],
        |r| r.get(0),
    )?)
}

/// How often a text is in the free-text fields of the append-only tables (notes, titles,
/// places, descriptions), which an erasure cannot change.
pub fn mentions(conn: &Connection, text: &str) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT (SELECT count(*) FROM contribution WHERE instr(note, ?1) > 0)
              + (SELECT count(*) FROM expense WHERE instr(note, ?1) > 0 OR instr(payee, ?1) > 0)
              + (SELECT count(*) FROM reversal WHERE instr(reason, ?1) > 0)
              + (SELECT count(*) FROM meeting WHERE instr(title, ?1) > 0)
              + (SELECT count(*) FROM shift WHERE instr(what, ?1) > 0)
              + (SELECT count(*) FROM collection WHERE instr(place, ?1) > 0)",
        [text],
        |r| r.get(0),
    )?)
}

impl Write<'_> {
    /// Replaces a member's name with `pseudonym` and removes their e-mail address, the
    /// counterparty names, accounts and texts of the bank lines that were theirs or name them,
    /// the accounts remembered as theirs, and their old name in device names, the import log
    /// and the frozen tallies of closed decisions.
    pub fn erase_member(
        &mut self,
        member: MemberId,
        old_name: &str,
        pseudonym: &str,
    ) -> Result<()> {
        let key = member_key(self, member)?;
        self.execute(
            "UPDATE member SET name = ?2, email = NULL WHERE key = ?1",
            params![key, pseudonym],
        )?;
        // Bank lines in any state: theirs by match or suggestion, or naming them anywhere.
        self.execute(
            "UPDATE bank_line SET counterparty = '', counterparty_iban = '', remittance = '', detail = ''
             WHERE suggested_member = ?1
                OR entry_id IN (SELECT id FROM contribution WHERE member_key = ?1)
                OR instr(counterparty, ?2) > 0 OR instr(remittance, ?2) > 0 OR instr(detail, ?2) > 0",
            params![key, old_name],
        )?;
        self.execute("DELETE FROM bank_counterparty WHERE member_key = ?1", [key])?;
        // A laptop named after its volunteer ("Jana Nowak's laptop").
        self.execute(
            "UPDATE device SET name = replace(name, ?1, ?2) WHERE instr(name, ?1) > 0",
            params![old_name, pseudonym],
        )?;
        // The import log and the frozen tallies are JSON: the name as JSON writes it.
        let quoted = |t: &str| {
            let json = serde_json::to_string(t).expect("a string serialises");
            json[1..json.len() - 1].to_string()
        };
        let (old_json, new_json) = (quoted(old_name), quoted(pseudonym));
        self.execute(
            "UPDATE import_log SET report = replace(replace(report, ?1, ?2), ?3, ?4)
             WHERE instr(report, ?1) > 0 OR instr(report, ?3) > 0",
            params![old_name, pseudonym, old_json, new_json],
        )?;
        // A closed decision's frozen tally lists who could vote. Erasure is the one change its
        // append-only guard lets through: lifted and put back inside this transaction, for the
        // name only (every figure of the tally stays).
        self.execute_batch("DROP TRIGGER decision_close_append_only_update")?;
        self.execute(
            "UPDATE decision_close SET result = replace(result, ?1, ?2) WHERE instr(result, ?1) > 0",
            params![old_json, new_json],
        )?;
        self.execute_batch(
            "CREATE TRIGGER decision_close_append_only_update BEFORE UPDATE ON decision_close
             BEGIN SELECT RAISE(ABORT, 'decisions are append-only'); END;",
        )?;
        Ok(())
    }
}
