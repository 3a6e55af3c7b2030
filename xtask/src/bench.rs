//! `cargo xtask bench`: the ledger's speed beside raw SQLite, measured in one process on one
//! machine, printed as a Markdown table for docs/PERFORMANCE.md. Not a test: it reports figures
//! and marks each against its target; it never fails a build.

use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use commonpot_app::{Books, DemoOptions, Env, LedgerQuery, NewContribution, build_demo};
use rusqlite::{Connection, params};

const SINGLE_SAVES: usize = 1_000;
const RAW_BULK_ROWS: usize = 100_000;
const SUMMARY_RUNS: usize = 50;

struct Row {
    what: String,
    figure: String,
    target: String,
    verdict: String,
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1e3)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

fn verdict(ok: bool) -> String {
    if ok { "met".into() } else { "NOT met".into() }
}

/// The same PRAGMAs as the store sets at open.
fn raw_connection(path: &Path) -> Result<Connection> {
    let conn = Connection::open(path)?;
    conn.execute_batch("PRAGMA page_size = 16384")?;
    conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get::<_, String>(0))?;
    conn.execute_batch(
        "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY; PRAGMA cache_size = -65536;
         CREATE TABLE contribution (
             id BLOB PRIMARY KEY, device_key INTEGER NOT NULL, device_seq INTEGER NOT NULL,
             recorded_at TEXT NOT NULL, content_hash BLOB NOT NULL, project_key INTEGER, member_key INTEGER,
             amount_minor INTEGER NOT NULL, channel TEXT NOT NULL, received_at TEXT NOT NULL,
             collector_key INTEGER, note TEXT NOT NULL) STRICT, WITHOUT ROWID;",
    )?;
    Ok(conn)
}

fn raw_insert(conn: &Connection, seq: i64) -> Result<()> {
    let id = uuid::Uuid::now_v7();
    conn.prepare_cached(
        "INSERT INTO contribution VALUES (?1, 1, ?2, '2026-11-26T10:00:00Z', ?3, 1, 7, 250, 'cash',
                                          '2026-11-26T10:00:00Z', NULL, '')",
    )?
    .execute(params![id, seq, [7u8; 32].as_slice()])?;
    Ok(())
}

/// Lets the kernel write out what earlier steps left dirty, so that one measurement does not
/// pay for the previous one's disk writes.
fn settle_disk() {
    let _ = std::process::Command::new("sync").status();
}

pub fn bench(args: &[String]) -> Result<()> {
    let entries: u64 = match args {
        [flag, n] if flag == "--entries" => n.parse().context("--entries takes a whole number")?,
        [] => 1_000_000,
        _ => anyhow::bail!("usage: cargo xtask bench [--entries N]"),
    };
    let dir = tempfile::tempdir()?;
    let mut rows = Vec::new();
    // The association of `entries` entries the use-case figures are measured on.
    let big = dir.path().join("big.sqlite");
    let start = Instant::now();
    build_demo(
        &big,
        DemoOptions {
            contributions: entries,
            ..DemoOptions::default()
        },
    )?;
    let built = start.elapsed();

    // (a) and (b), interleaved so that both see the same disk: one raw durable INSERT, then
    // one contribution through the use case, and again.
    let raw = raw_connection(&dir.path().join("raw.sqlite"))?;
    let mut books = Books::open(&big, Env::system())?;
    settle_disk();
    let mut single = Vec::with_capacity(SINGLE_SAVES);
    let mut saves = Vec::with_capacity(SINGLE_SAVES);
    for i in 0..SINGLE_SAVES {
        let start = Instant::now();
        raw.execute_batch("BEGIN IMMEDIATE")?;
        raw_insert(&raw, i as i64 + 1)?;
        raw.execute_batch("COMMIT")?;
        single.push(start.elapsed());

        let start = Instant::now();
        books.record_contribution(NewContribution {
            project: "PLAYGROUND".into(),
            amount: "2,50".into(),
            channel: "cash".into(),
            member: (i % 3 == 0).then(|| "M-0007".into()),
            ..NewContribution::default()
        })?;
        saves.push(start.elapsed());
    }
    single.sort();
    saves.sort();
    let raw_p50 = percentile(&single, 0.50);
    let raw_p99 = percentile(&single, 0.99);
    let start = Instant::now();
    raw.execute_batch("BEGIN IMMEDIATE")?;
    for seq in 0..RAW_BULK_ROWS as i64 {
        raw_insert(&raw, 1_000_000 + seq)?;
    }
    raw.execute_batch("COMMIT")?;
    let raw_bulk = start.elapsed();
    let raw_rate = RAW_BULK_ROWS as f64 / raw_bulk.as_secs_f64();
    drop(raw);
    rows.push(Row {
        what: "(a) raw INSERT, one durable transaction per row".into(),
        figure: format!("p50 {}, p99 {}", ms(raw_p50), ms(raw_p99)),
        target: "baseline".into(),
        verdict: String::new(),
    });
    rows.push(Row {
        what: format!("(a) raw INSERT, {RAW_BULK_ROWS} rows in one transaction"),
        figure: format!("{} ({:.0} rows/s)", ms(raw_bulk), raw_rate),
        target: "baseline".into(),
        verdict: String::new(),
    });
    rows.push(Row {
        what: format!("demo association with {entries} contributions"),
        figure: format!("{:.1} s", built.as_secs_f64()),
        target: "< 30 s".into(),
        verdict: verdict(built < Duration::from_secs(30)),
    });
    let p50 = percentile(&saves, 0.50);
    let p99 = percentile(&saves, 0.99);
    rows.push(Row {
        what: format!("(b) record a contribution (use case) on {entries} entries"),
        figure: format!(
            "p50 {}, p99 {} (p99 = {:.2} × raw p99, {:.2} × raw p50)",
            ms(p50),
            ms(p99),
            p99.as_secs_f64() / raw_p99.as_secs_f64(),
            p99.as_secs_f64() / raw_p50.as_secs_f64()
        ),
        target: "p99 ≤ 2 × raw and < 10 ms".into(),
        verdict: verdict(
            p99.as_secs_f64() <= 2.0 * raw_p99.as_secs_f64() && p99 < Duration::from_millis(10),
        ),
    });

    // (d) The summary.
    let mut runs = Vec::with_capacity(SUMMARY_RUNS);
    for _ in 0..SUMMARY_RUNS {
        let start = Instant::now();
        std::hint::black_box(books.summary()?);
        runs.push(start.elapsed());
    }
    runs.sort();
    let worst = *runs.last().expect("runs");
    rows.push(Row {
        what: format!("(d) summary on {entries} entries"),
        figure: format!("p50 {}, max {}", ms(percentile(&runs, 0.5)), ms(worst)),
        target: "< 200 ms".into(),
        verdict: verdict(worst < Duration::from_millis(200)),
    });

    // (e) The desktop Ledger screen's queries: the newest page, then each filter.
    let page = |q: LedgerQuery| -> Result<Duration> {
        let start = Instant::now();
        std::hint::black_box(books.ledger(&LedgerQuery {
            limit: Some(50),
            newest_first: true,
            ..q
        })?);
        Ok(start.elapsed())
    };
    let filters: Vec<(&str, LedgerQuery)> = vec![
        ("newest page", LedgerQuery::default()),
        (
            "project BOOKS",
            LedgerQuery {
                project: Some("BOOKS".into()),
                ..LedgerQuery::default()
            },
        ),
        (
            "member M-0050",
            LedgerQuery {
                member: Some("M-0050".into()),
                ..LedgerQuery::default()
            },
        ),
        (
            "channel other",
            LedgerQuery {
                channel: Some("other".into()),
                ..LedgerQuery::default()
            },
        ),
        (
            "one day in March",
            LedgerQuery {
                from: Some("2026-03-14".into()),
                to: Some("2026-03-14".into()),
                ..LedgerQuery::default()
            },
        ),
        (
            "text \"Thank you\"",
            LedgerQuery {
                text: Some("Thank you".into()),
                ..LedgerQuery::default()
            },
        ),
        (
            "text found nowhere",
            LedgerQuery {
                text: Some("no such note".into()),
                ..LedgerQuery::default()
            },
        ),
    ];
    let mut figures = Vec::new();
    let mut slowest = Duration::ZERO;
    for (name, q) in filters {
        page(q.clone())?; // warm
        let took = page(q)?;
        slowest = slowest.max(took);
        figures.push(format!("{name} {}", ms(took)));
    }
    rows.push(Row {
        what: format!("(e) ledger page of 50, newest first, on {entries} entries"),
        figure: figures.join("; "),
        target: "each < 100 ms".into(),
        verdict: verdict(slowest < Duration::from_millis(100)),
    });

    // (c) CSV import into an association with the same members and projects.
    let csv = dir.path().join("contributions.csv");
    books.export_contributions(&csv)?;
    drop(books);
    let fresh = dir.path().join("fresh.sqlite");
    build_demo(
        &fresh,
        DemoOptions {
            contributions: 0,
            ..DemoOptions::default()
        },
    )?;
    let mut books = Books::open(&fresh, Env::system())?;
    settle_disk();
    let start = Instant::now();
    let report = books.import_contributions(&csv, false)?;
    let took = start.elapsed();
    let rate = report.added as f64 / took.as_secs_f64();
    rows.push(Row {
        what: format!("(c) CSV import of {} contributions", report.added),
        figure: format!(
            "{:.2} s ({:.0} rows/s, {:.2} × raw bulk rate)",
            took.as_secs_f64(),
            rate,
            rate / raw_rate
        ),
        target: "< 5 s and ≥ 0.3 × raw".into(),
        verdict: verdict(took < Duration::from_secs(5) && rate >= 0.3 * raw_rate),
    });

    println!("| measurement | figure | target | |");
    println!("| --- | --- | --- | --- |");
    for r in rows {
        println!(
            "| {} | {} | {} | {} |",
            r.what, r.figure, r.target, r.verdict
        );
    }
    Ok(())
}
