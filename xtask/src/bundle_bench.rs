//! `cargo xtask bench --bundles`: exporting and importing a bundle of 100,000 entries (a
//! volunteer laptop's cash gifts), each beside the least it must do in SQLite in the same
//! process: one pass reading the rows, and raw inserts of as many rows in one transaction.
//! Target: each under 2 s. Prints a Markdown table.

use std::io::Write as _;
use std::time::{Duration, Instant};

use anyhow::Result;
use commonpot_app::{Books, Env, NewAssociation, NewMember, NewProject};
use rusqlite::{Connection, params};

use crate::measure::{median, ms};

const ENTRIES: usize = 100_000;
const TARGET: Duration = Duration::from_secs(2);

pub fn bench() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let org_path = dir.path().join("organiser.sqlite");
    let mut org = Books::create(
        &org_path,
        NewAssociation {
            name: "Bench association".into(),
            currency: "EUR".into(),
            locale: Some("de-DE".into()),
            device_name: Some("Organiser".into()),
        },
        Env::system(),
    )?;
    for i in 0..50 {
        org.add_member(NewMember {
            name: format!("Member {i}"),
            number: Some(format!("M-{i}")),
            ..NewMember::default()
        })?;
    }
    org.add_project(NewProject {
        title: "Street trees".into(),
        goal: "50000".into(),
        code: Some("TREES".into()),
        ..NewProject::default()
    })?;
    let kit = dir.path().join("stall.cpkit");
    org.export_kit("Stall laptop", &kit, None)?;
    let laptop = dir.path().join("stall.sqlite");
    let (mut stall, _) = Books::open_kit(&laptop, &kit, Env::system())?;
    // 100,000 cash gifts recorded on the laptop, through the CSV import (one transaction).
    let csv = dir.path().join("gifts.csv");
    let mut out = std::io::BufWriter::new(std::fs::File::create(&csv)?);
    writeln!(out, "{}", commonpot_app::CSV_HEADER.join(","))?;
    for i in 0..ENTRIES {
        let member = if i % 3 == 0 {
            format!("M-{}", i % 50)
        } else {
            String::new()
        };
        writeln!(
            out,
            ",2026-06-{:02}T10:{:02}:{:02}Z,TREES,{member},{},cash,M-1,",
            1 + i % 28,
            i % 60,
            (i / 60) % 60,
            format_args!("{}.{:02}", 1 + i % 40, i % 100)
        )?;
    }
    out.flush()?;
    drop(out);
    stall.import_contributions(&csv, false)?;
    let bundle = dir.path().join("stall.cpbundle");

    // Export: the whole laptop (`--all` gives the same bundle every run).
    let export = median(|| {
        let start = Instant::now();
        stall.export_bundle(&bundle, true)?;
        Ok(start.elapsed())
    })?;
    let bundle_size = std::fs::metadata(&bundle)?.len();
    let read_pass = median(|| {
        let conn = Connection::open(&laptop)?;
        let start = Instant::now();
        let mut stmt = conn.prepare(
            "SELECT c.id, c.device_seq, c.recorded_at, c.amount_minor, c.channel, c.received_at, c.note,
                    p.id, m.id FROM contribution c LEFT JOIN project p ON p.key = c.project_key
             LEFT JOIN member m ON m.key = c.member_key",
        )?;
        let mut rows = stmt.query([])?;
        let mut n = 0usize;
        while let Some(r) = rows.next()? {
            n += r.get::<_, i64>(3)? as usize;
        }
        std::hint::black_box(n);
        Ok(start.elapsed())
    })?;

    // Import: into a fresh copy of the organiser's file each run.
    let base = dir.path().join("base.sqlite");
    org.backup(&base)?;
    drop(org);
    let mut run = 0;
    let import = median(|| {
        run += 1;
        let copy = dir.path().join(format!("copy{run}.sqlite"));
        std::fs::copy(&base, &copy)?;
        let mut books = Books::open(&copy, Env::system())?;
        let start = Instant::now();
        let report = books.import_bundle(&bundle, false)?;
        let took = start.elapsed();
        anyhow::ensure!(report.added as usize == ENTRIES, "added {}", report.added);
        Ok(took)
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
                 collector_key INTEGER, note TEXT NOT NULL) STRICT, WITHOUT ROWID;",
        )?;
        let start = Instant::now();
        conn.execute_batch("BEGIN")?;
        {
            let mut stmt = conn.prepare(
                "INSERT INTO contribution VALUES (?1, 2, ?2, '2026-11-26T10:00:00Z', ?3, 1, 7, 250, 'cash',
                                                  '2026-06-01T10:00:00Z', 1, '')",
            )?;
            for seq in 0..ENTRIES as i64 {
                stmt.execute(params![uuid::Uuid::now_v7(), seq + 1, [7u8; 32].as_slice()])?;
            }
        }
        conn.execute_batch("COMMIT")?;
        Ok(start.elapsed())
    })?;

    let verdict = |d: Duration| if d < TARGET { "met" } else { "NOT met" };
    println!("| {ENTRIES} entries | baseline (same process) | Commonpot | ratio | target < 2 s |");
    println!("|---|---|---|---|---|");
    println!(
        "| bundle export ({:.1} MB file) | {} (one SELECT pass over the rows) | {} | {:.1} × | {} |",
        bundle_size as f64 / 1e6,
        ms(read_pass),
        ms(export),
        export.as_secs_f64() / read_pass.as_secs_f64(),
        verdict(export)
    );
    println!(
        "| bundle import (into the organiser's file) | {} (raw INSERTs, one transaction) | {} | {:.1} × | {} |",
        ms(raw_insert),
        ms(import),
        import.as_secs_f64() / raw_insert.as_secs_f64(),
        verdict(import)
    );
    Ok(())
}
