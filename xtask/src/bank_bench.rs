//! `cargo xtask bench --bank`: importing a camt.053 statement of 70,000 entries (under the
//! 32 MB the app reads of a bank file; 100,000 entries made 42.9 MB, which it refuses) into an
//! association of 1,000 members and 50 projects — most transfers carry a project's or a
//! member's reference, some come from accounts confirmed before, some only name a member,
//! some match nothing, a few are debits — beside the least the same work needs in SQLite in
//! the same process: raw inserts of as many contributions and bank lines in one transaction.
//! Target: under 3 s. Prints a Markdown table.

use std::fmt::Write as _;
use std::time::{Duration, Instant};

use anyhow::Result;
use commonpot_app::{
    AssociationChange, BankFormat, Books, Env, NewAssociation, NewMember, NewProject, Setting,
};
use rusqlite::{Connection, params};

use crate::measure::{median, ms};

const ENTRIES: usize = 70_000;
const MEMBERS: usize = 1_000;
const PROJECTS: usize = 50;
const TARGET: Duration = Duration::from_secs(3);

/// A member's name: 40 first names by 25 family names, all far enough apart.
fn member_name(i: usize) -> String {
    const FIRST: [&str; 40] = [
        "Anna", "Bernd", "Clara", "Dieter", "Emil", "Frieda", "Gustav", "Hanna", "Ingrid", "Jonas",
        "Karla", "Ludwig", "Mira", "Norbert", "Olga", "Paul", "Quirin", "Rosa", "Stefan", "Tilda",
        "Ulrich", "Vera", "Walter", "Xenia", "Yusuf", "Zora", "Agnes", "Boris", "Carmen", "Dorian",
        "Elif", "Fabian", "Greta", "Hugo", "Irma", "Jakob", "Kemal", "Leonie", "Malte", "Nuria",
    ];
    const FAMILY: [&str; 25] = [
        "Schmidt",
        "Kowalczyk",
        "Yilmaz",
        "Becker",
        "Hoffmann",
        "Nguyen",
        "Wagner",
        "Rossi",
        "Lindqvist",
        "Okafor",
        "Petrov",
        "Haddad",
        "Fischer",
        "Moreau",
        "Novak",
        "Jansen",
        "Castillo",
        "Brandt",
        "Takahashi",
        "Ziegler",
        "Oduya",
        "Kaminski",
        "Ferreira",
        "Lange",
        "Vogel",
    ];
    format!("{} {}", FIRST[i % 40], FAMILY[i / 40 % 25])
}

/// A German IBAN with correct check digits for account number `n`.
fn iban(n: usize) -> String {
    let bban = format!("37040044{n:010}");
    let numeric = format!("{bban}131400");
    let rest = numeric
        .bytes()
        .fold(0u64, |acc, b| (acc * 10 + u64::from(b - b'0')) % 97);
    format!("DE{:02}{bban}", 98 - rest)
}

/// The statement: one `<Stmt>` whose balances add up.
fn statement(references: &[String], member_refs: &[String]) -> String {
    let mut entries = String::with_capacity(ENTRIES * 400);
    let mut balance: i64 = 100_000;
    for i in 0..ENTRIES {
        let cents = 100 + (i as i64 * 37) % 4_900;
        let debit = i % 50 == 49;
        balance += if debit { -cents } else { cents };
        let member = (i / 10) % MEMBERS;
        let (name, account, text) = match i % 10 {
            // A project's reference in the unstructured text, split as banks split it.
            0..=4 => (
                format!("Giver {i}"),
                iban(500_000 + i),
                format!("Spende {}", references[i % PROJECTS].to_lowercase()),
            ),
            // A member's reference: the account is remembered for the next transfers.
            5 | 6 => (
                member_name(member),
                iban(member),
                format!("Beitrag {}", member_refs[member]),
            ),
            // A member's account again, without a reference.
            7 => (format!("M. {member}"), iban(member), "Dauerauftrag".into()),
            // Only the name.
            8 => (
                format!("Member {member}"),
                iban(900_000 + i),
                "Danke".into(),
            ),
            _ => (format!("Passant {i}"), iban(800_000 + i), "Danke".into()),
        };
        let (indicator, party, party_account) = if debit {
            ("DBIT", "Cdtr", "CdtrAcct")
        } else {
            ("CRDT", "Dbtr", "DbtrAcct")
        };
        writeln!(
            entries,
            "<Ntry><Amt Ccy=\"EUR\">{}.{:02}</Amt><CdtDbtInd>{indicator}</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>\
<BookgDt><Dt>2026-11-{:02}</Dt></BookgDt><AcctSvcrRef>B{i:08}</AcctSvcrRef><NtryDtls><TxDtls>\
<Refs><EndToEndId>NOTPROVIDED</EndToEndId></Refs><RltdPties><{party}><Pty><Nm>{name}</Nm></Pty></{party}>\
<{party_account}><Id><IBAN>{account}</IBAN></Id></{party_account}></RltdPties><RmtInf><Ustrd>{text}</Ustrd></RmtInf>\
</TxDtls></NtryDtls></Ntry>",
            cents / 100,
            cents % 100,
            1 + i % 28
        )
        .expect("writing to a string");
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.08\">\
<BkToCstmrStmt><GrpHdr><MsgId>BENCH</MsgId><CreDtTm>2026-11-30T06:00:00</CreDtTm></GrpHdr><Stmt><Id>BENCH-1</Id>\
<Acct><Id><IBAN>DE89370400440532013000</IBAN></Id><Ccy>EUR</Ccy></Acct>\
<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy=\"EUR\">1000.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-10-31</Dt></Dt></Bal>\
<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy=\"EUR\">{}.{:02}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-11-30</Dt></Dt></Bal>\n\
{entries}</Stmt></BkToCstmrStmt></Document>\n",
        balance / 100,
        balance % 100
    )
}

pub fn bench() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let base = dir.path().join("base.sqlite");
    let mut books = Books::create(
        &base,
        NewAssociation {
            name: "Bench association".into(),
            currency: "EUR".into(),
            locale: Some("de-DE".into()),
            device_name: Some("Organiser".into()),
        },
        Env::system(),
    )?;
    books.update_association(
        AssociationChange::default().setting(Setting::Iban, "DE89370400440532013000"),
    )?;
    let mut member_refs = Vec::new();
    for i in 0..MEMBERS {
        books.add_member(NewMember {
            name: member_name(i),
            number: Some(format!("{}", 1000 + i)),
            ..NewMember::default()
        })?;
    }
    let mut references = Vec::new();
    for p in 0..PROJECTS {
        let code = format!("P{p:02}");
        books.add_project(NewProject {
            title: format!("Project {p}"),
            goal: "100000".into(),
            code: Some(code.clone()),
            ..NewProject::default()
        })?;
        references.push(books.payment_reference(&code, None)?.reference);
    }
    for i in 0..MEMBERS {
        let code = format!("P{:02}", i % PROJECTS);
        member_refs.push(
            books
                .payment_reference(&code, Some(&format!("{}", 1000 + i)))?
                .reference,
        );
    }
    drop(books);
    let xml = statement(&references, &member_refs);
    let file = dir.path().join("statement.xml");
    std::fs::write(&file, &xml)?;

    let mut run = 0;
    let mut last = None;
    let import = median(|| {
        run += 1;
        let copy = dir.path().join(format!("copy{run}.sqlite"));
        std::fs::copy(&base, &copy)?;
        let mut books = Books::open(&copy, Env::system())?;
        let start = Instant::now();
        let report = books.import_bank_file(&file, &BankFormat::Camt, false)?;
        let took = start.elapsed();
        anyhow::ensure!(
            (report.matched + report.queued) as usize == ENTRIES,
            "{} matched, {} queued",
            report.matched,
            report.queued
        );
        last = Some(report);
        Ok(took)
    })?;
    let report = last.expect("five runs");
    let again = {
        let copy = dir.path().join(format!("copy{run}.sqlite"));
        let mut books = Books::open(&copy, Env::system())?;
        let start = Instant::now();
        let known = books.import_bank_file(&file, &BankFormat::Camt, false)?;
        anyhow::ensure!(known.known as usize == ENTRIES);
        start.elapsed()
    };
    let parse = median(|| {
        let start = Instant::now();
        let doc = roxmltree::Document::parse(&xml)?;
        std::hint::black_box(doc.descendants().count());
        Ok(start.elapsed())
    })?;
    let raw_insert = median(|| {
        run += 1;
        let conn = Connection::open(dir.path().join(format!("raw{run}.sqlite")))?;
        conn.execute_batch(
            "PRAGMA page_size = 16384; PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;
             CREATE TABLE contribution (
                 id BLOB PRIMARY KEY, device_key INTEGER NOT NULL, device_seq INTEGER NOT NULL,
                 recorded_at TEXT NOT NULL, content_hash BLOB NOT NULL, project_key INTEGER, member_key INTEGER,
                 amount_minor INTEGER NOT NULL, channel TEXT NOT NULL, received_at TEXT NOT NULL,
                 collector_key INTEGER, note TEXT NOT NULL) STRICT, WITHOUT ROWID;
             CREATE TABLE bank_line (key INTEGER PRIMARY KEY, identity TEXT NOT NULL UNIQUE,
                 booking_date TEXT NOT NULL, amount_minor INTEGER NOT NULL, counterparty TEXT NOT NULL,
                 iban TEXT NOT NULL, remittance TEXT NOT NULL, entry_id BLOB) STRICT;",
        )?;
        let start = Instant::now();
        conn.execute_batch("BEGIN")?;
        {
            let mut contribution = conn.prepare(
                "INSERT INTO contribution VALUES (?1, 1, ?2, '2026-11-26T10:00:00Z', ?3, 1, 7, 250, 'transfer',
                                                  '2026-11-01T12:00:00Z', NULL, 'bank: B00000001')",
            )?;
            let mut line = conn.prepare(
                "INSERT INTO bank_line (identity, booking_date, amount_minor, counterparty, iban, remittance, entry_id)
                 VALUES (?1, '2026-11-01', 250, 'Giver', 'DE89370400440532013000', 'Spende', ?2)",
            )?;
            for seq in 0..ENTRIES as i64 {
                let id = uuid::Uuid::now_v7();
                contribution.execute(params![id, seq + 1, [7u8; 32].as_slice()])?;
                line.execute(params![
                    format!("DE89370400440532013000|ref|B{seq:08}|0|1"),
                    id
                ])?;
            }
        }
        conn.execute_batch("COMMIT")?;
        Ok(start.elapsed())
    })?;

    let floor = parse + raw_insert;
    let verdict = if import < TARGET { "met" } else { "NOT met" };
    println!(
        "| camt.053, {ENTRIES} entries ({:.1} MB), {MEMBERS} members, {PROJECTS} projects | baseline (same process) | Commonpot | ratio | target < 3 s |",
        xml.len() as f64 / 1e6
    );
    println!("|---|---|---|---|---|");
    println!(
        "| import ({} matched, {} queued) | {} (XML parse {} + raw INSERTs of contributions and bank lines {}) | {} | {:.1} × | {verdict} |",
        report.matched,
        report.queued,
        ms(floor),
        ms(parse),
        ms(raw_insert),
        ms(import),
        import.as_secs_f64() / floor.as_secs_f64(),
    );
    println!(
        "| the same file again (all {ENTRIES} known) | | {} | | |",
        ms(again)
    );
    Ok(())
}
