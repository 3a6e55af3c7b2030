//! `cargo xtask bench --reports`: how long printing takes on a 1,000,000-entry association,
//! beside the least each document must do in SQLite (one pass over the rows it sums or lists),
//! in the same process; and the peak memory of a process that prints one document. Prints a
//! Markdown table.

use std::io::Write as _;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use crate::measure::ms;
use anyhow::{Context, Result, bail};
use commonpot_app::{Books, DemoOptions, Env, NewMember, PrintOptions, build_demo};
use rusqlite::Connection;

const CONTRIBUTIONS: u64 = 1_000_000;
/// The member whose statement is measured: new, with no other gifts.
const MEMBER_NAME: &str = "Statement Bench";
/// Rows on the member statement measured.
const MEMBER_ROWS: usize = 10_000;
const MEMBER: &str = "B-0001";
const RUNS: usize = 5;

fn median(mut f: impl FnMut() -> Result<usize>) -> Result<(Duration, usize)> {
    let mut times = Vec::with_capacity(RUNS);
    let mut out = 0;
    for _ in 0..RUNS {
        let start = Instant::now();
        out = f()?;
        times.push(start.elapsed());
    }
    times.sort();
    Ok((times[RUNS / 2], out))
}

fn options() -> PrintOptions {
    PrintOptions {
        generated_at: Some("2026-11-26T18:00".into()),
        ..PrintOptions::default()
    }
}

/// Runs in a child process: prints one document and reports the process's peak memory.
pub fn child(args: &[String]) -> Result<()> {
    let [kind, db] = args else {
        bail!("usage: xtask bench-reports-child meeting|member DB");
    };
    let mut books = Books::open(Path::new(db), Env::system())?;
    let bytes = match kind.as_str() {
        "meeting" => books.report_meeting("2025-11-01", "2026-10-31", &options())?,
        _ => books.report_member(MEMBER, "2026", &options())?,
    };
    let status = std::fs::read_to_string("/proc/self/status")?;
    let peak = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .context("no VmHWM in /proc/self/status")?
        .trim()
        .to_string();
    println!("{} {peak}", bytes.len());
    Ok(())
}

fn peak_memory(kind: &str, db: &Path) -> Result<String> {
    let out = Command::new(std::env::current_exe()?)
        .args([
            "bench-reports-child",
            kind,
            db.to_str().context("utf-8 path")?,
        ])
        .output()?;
    if !out.status.success() {
        bail!("{}", String::from_utf8_lossy(&out.stderr));
    }
    let said = String::from_utf8(out.stdout)?;
    let peak = said
        .split_once(' ')
        .map(|(_, p)| p.trim().to_string())
        .unwrap_or_default();
    Ok(peak
        .replace(" kB", "")
        .parse::<u64>()
        .map(|kb| format!("{:.0} MiB", kb as f64 / 1024.0))
        .unwrap_or(peak))
}

pub fn bench() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("big.sqlite");
    eprintln!("building a demo association with {CONTRIBUTIONS} contributions…");
    build_demo(
        &db,
        DemoOptions {
            contributions: CONTRIBUTIONS,
            ..DemoOptions::default()
        },
    )?;
    // A new member with 10,000 contributions in 2026, imported as an organiser would.
    let csv = dir.path().join("member.csv");
    let mut f = std::io::BufWriter::new(std::fs::File::create(&csv)?);
    writeln!(
        f,
        "id,received,project,member,amount,channel,collector,note"
    )?;
    for i in 0..MEMBER_ROWS {
        writeln!(
            f,
            ",2026-{:02}-{:02}T10:00,PLAYGROUND,{MEMBER},2.50,transfer,,standing order {i}",
            1 + i % 10,
            1 + i % 28
        )?;
    }
    drop(f);
    let mut books = Books::open(&db, Env::system())?;
    books.add_member(NewMember {
        name: MEMBER_NAME.into(),
        number: Some(MEMBER.into()),
        ..NewMember::default()
    })?;
    books.import_contributions(&csv, false)?;
    let raw = Connection::open(&db)?;

    // The least a statement of the whole year must do: read every contribution once.
    let (base_meeting, _) = median(|| {
        let n: i64 = raw.query_row(
            "SELECT count(*) + sum(amount_minor) FROM contribution WHERE received_at < '2026-11-01'",
            [],
            |r| r.get(0),
        )?;
        Ok(n as usize)
    })?;
    let (meeting, meeting_bytes) = median(|| {
        Ok(books
            .report_meeting("2025-11-01", "2026-10-31", &options())?
            .len())
    })?;
    let (base_member, rows) = median(|| {
        let mut stmt = raw.prepare_cached(
            "SELECT c.received_at, p.code, c.channel, c.amount_minor FROM contribution c
             JOIN project p ON p.key = c.project_key
             WHERE c.member_key = (SELECT key FROM member WHERE number = ?1)
               AND c.received_at >= '2026-01-01' AND c.received_at < '2027-01-01'",
        )?;
        let rows = stmt.query_map([MEMBER], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, i64>(3)?,
            ))
        })?;
        Ok(rows.count())
    })?;
    let (member, member_bytes) =
        median(|| Ok(books.report_member(MEMBER, "2026", &options())?.len()))?;
    let meeting_peak = peak_memory("meeting", &db)?;
    let member_peak = peak_memory("member", &db)?;

    println!(
        "| document | baseline: one SQLite pass over its rows | Commonpot | ratio | size | peak memory | target |"
    );
    println!("|---|---|---|---|---|---|---|");
    println!(
        "| meeting statement, {CONTRIBUTIONS} contributions | {} | {} | {:.1} × | {} KB | {meeting_peak} | < 1 s: {} |",
        ms(base_meeting),
        ms(meeting),
        meeting.as_secs_f64() / base_meeting.as_secs_f64(),
        meeting_bytes / 1024,
        if meeting < Duration::from_secs(1) {
            "met"
        } else {
            "NOT MET"
        }
    );
    println!(
        "| member statement, {rows} rows | {} | {} | {:.1} × | {} KB | {member_peak} | < 1 s: {} |",
        ms(base_member),
        ms(member),
        member.as_secs_f64() / base_member.as_secs_f64(),
        member_bytes / 1024,
        if member < Duration::from_secs(1) {
            "met"
        } else {
            "NOT MET"
        }
    );
    println!(
        "\nmedians of {RUNS} runs; peak memory is the VmHWM of a process that opens the file and prints the document"
    );
    Ok(())
}
