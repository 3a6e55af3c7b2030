//! Crash safety: a writing process is killed with SIGKILL at random moments — during single
//! saves, a 100,000-line CSV import, a bundle import and a backup — and after every kill the
//! file must pass `PRAGMA integrity_check` and `verify`, hold every save that was
//! acknowledged before the kill, and hold all of an import or none of it.
//!
//! The writer is this test binary itself, started again with `COMMONPOT_CRASH_CHILD` set: it
//! prints a line after each acknowledged save, which the parent reads from the pipe.
//!
//! Run by `cargo xtask test` in release:
//! `cargo test --release -p commonpot-app --test crash -- --ignored --nocapture`.
//! `COMMONPOT_CRASH_KILLS=N` (1,000 by default) and `COMMONPOT_CRASH_SEED=N` for longer runs
//! and replays.

mod common;

use std::collections::HashSet;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use commonpot_app::{Books, Env, NewContribution, NewExpense};
use commonpot_store::Connection;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

const CHILD: &str = "COMMONPOT_CRASH_CHILD";
const CSV_LINES: usize = 100_000;
const BUNDLE_ENTRIES: usize = 5_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Work {
    Saves,
    CsvImport,
    BundleImport,
    Backup,
}

impl Work {
    fn name(self) -> &'static str {
        match self {
            Work::Saves => "saves",
            Work::CsvImport => "csv",
            Work::BundleImport => "bundle",
            Work::Backup => "backup",
        }
    }
}

/// The writer, when this binary was started as one; a no-op otherwise.
#[test]
#[ignore = "started by crash_loop as the process it kills"]
fn child() {
    let Ok(work) = std::env::var(CHILD) else {
        return;
    };
    let db = PathBuf::from(std::env::var("COMMONPOT_CRASH_DB").unwrap());
    let input = std::env::var("COMMONPOT_CRASH_INPUT").map(PathBuf::from);
    let mut books = Books::open(&db, Env::system()).unwrap();
    let mut out = std::io::stdout().lock();
    writeln!(out, "open").unwrap();
    out.flush().unwrap();
    match work.as_str() {
        "saves" => {
            for i in 0u64.. {
                if i % 9 == 8 {
                    books
                        .record_expense(NewExpense {
                            project: "TREES".into(),
                            amount: "1,25".into(),
                            payee: "Nursery".into(),
                            ..NewExpense::default()
                        })
                        .unwrap();
                    writeln!(out, "expense").unwrap();
                } else {
                    let recorded = books
                        .record_contribution(NewContribution {
                            project: "TREES".into(),
                            amount: format!("{},{:02}", 1 + i % 40, i % 100),
                            channel: "cash".into(),
                            ..NewContribution::default()
                        })
                        .unwrap();
                    writeln!(out, "saved {}", recorded.id).unwrap();
                }
                out.flush().unwrap();
            }
        }
        "csv" => {
            let report = books.import_contributions(&input.unwrap(), false).unwrap();
            writeln!(out, "done {}", report.added).unwrap();
        }
        "bundle" => {
            let report = books.import_bundle(&input.unwrap(), false).unwrap();
            writeln!(out, "done {}", report.added).unwrap();
        }
        "backup" => {
            let dest = input.unwrap();
            for i in 0.. {
                books.backup(&dest).unwrap();
                writeln!(out, "backup {i}").unwrap();
                out.flush().unwrap();
            }
        }
        other => panic!("unknown work {other}"),
    }
    out.flush().unwrap();
}

fn spawn(work: Work, db: &Path, input: Option<&Path>) -> Child {
    let mut command = Command::new(std::env::current_exe().unwrap());
    command
        .args(["child", "--exact", "--ignored", "--nocapture", "--quiet"])
        .env(CHILD, work.name())
        .env("COMMONPOT_CRASH_DB", db)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit());
    if let Some(input) = input {
        command.env("COMMONPOT_CRASH_INPUT", input);
    }
    command.spawn().unwrap()
}

/// Starts `work`, kills it with SIGKILL after `delay` (or lets it finish first), and returns
/// the lines it printed: what it acknowledged before it died.
fn run_and_kill(work: Work, db: &Path, input: Option<&Path>, delay: Duration) -> Vec<String> {
    let mut child = spawn(work, db, input);
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    // The delay counts from the moment the file is open, so that it falls into the work.
    let mut lines = Vec::new();
    match rx.recv_timeout(Duration::from_secs(30)) {
        Ok(line) => lines.push(line),
        Err(_) => panic!("the {} writer did not open its file", work.name()),
    }
    // Collect what it acknowledges until the moment of the kill, or until it ends by itself.
    let deadline = Instant::now() + delay;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            break;
        }
        match rx.recv_timeout(left) {
            Ok(line) => lines.push(line),
            Err(mpsc::RecvTimeoutError::Timeout) => break,
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        }
    }
    child.kill().unwrap(); // SIGKILL (nothing, when it has ended)
    child.wait().unwrap();
    reader.join().unwrap();
    lines.extend(rx.try_iter());
    lines
}

/// `PRAGMA integrity_check` and `verify`, and the number of entries.
#[track_caller]
fn check(db: &Path, context: &str) -> u64 {
    let conn = Connection::open(db).unwrap();
    let integrity: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(integrity, "ok", "{context}: integrity_check");
    drop(conn);
    let books = Books::open(db, Env::system()).unwrap();
    let report = books.verify().unwrap();
    assert!(
        report.problems.is_empty(),
        "{context}: verify found {:?}",
        report.problems
    );
    books.summary().unwrap().entry_count
}

fn present(db: &Path, ids: &HashSet<String>) -> usize {
    let conn = Connection::open(db).unwrap();
    let mut statement = conn.prepare("SELECT id FROM contribution").unwrap();
    let stored: HashSet<String> = statement
        .query_map([], |r| r.get::<_, Vec<u8>>(0))
        .unwrap()
        .map(|id| uuid::Uuid::from_slice(&id.unwrap()).unwrap().to_string())
        .collect();
    ids.iter().filter(|id| stored.contains(*id)).count()
}

fn new_association(path: &Path) -> Books {
    common::street_association(path, "Crash Street")
}

/// A 100,000-line contributions CSV and a bundle of 5,000 entries from a volunteer laptop.
fn inputs(dir: &Path, template: &Path) -> (PathBuf, PathBuf) {
    let csv = dir.join("contributions.csv");
    let mut text = String::from("id,received,project,member,amount,channel,collector,note\n");
    for i in 0..CSV_LINES {
        let id = uuid::Uuid::from_u128(0x0190_0000_0000_7000_8000_0000_0000_0000 | i as u128);
        text.push_str(&format!(
            "{id},2026-05-0{} 10:00,TREES,{},{},{},,\n",
            1 + i % 9,
            if i % 3 == 0 { "1" } else { "" },
            format_args!("{}.{:02}", 1 + i % 50, i % 100),
            ["cash", "transfer", "card"][i % 3]
        ));
    }
    std::fs::write(&csv, text).unwrap();

    let bundle = common::laptop_bundle(dir, template, BUNDLE_ENTRIES);
    (csv, bundle)
}

#[test]
#[ignore = "run in release by cargo xtask test: cargo test --release -p commonpot-app --test crash -- --ignored"]
fn crash_loop() {
    let kills: usize = std::env::var("COMMONPOT_CRASH_KILLS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1000);
    let seed: u64 = std::env::var("COMMONPOT_CRASH_SEED")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(20261127);
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let dir = tempfile::tempdir().unwrap();
    let template = dir.path().join("template.sqlite");
    drop(new_association(&template));
    let (csv, bundle) = inputs(dir.path(), &template);
    let saves_db = dir.path().join("saves.sqlite");
    std::fs::copy(&template, &saves_db).unwrap();

    // How long an import runs uninterrupted, so that kills fall across all of it.
    let timed = |work: Work, input: &Path| {
        let db = dir.path().join("timing.sqlite");
        std::fs::copy(&template, &db).unwrap();
        let started = Instant::now();
        let lines = run_and_kill(work, &db, Some(input), Duration::from_secs(60));
        assert!(lines.iter().any(|l| l.starts_with("done")), "{lines:?}");
        let taken = started.elapsed();
        std::fs::remove_file(&db).unwrap();
        taken
    };
    let csv_time = timed(Work::CsvImport, &csv);
    let bundle_time = timed(Work::BundleImport, &bundle);
    let base = check(&template, "template");

    let mut acknowledged: HashSet<String> = HashSet::new();
    let mut tally: std::collections::BTreeMap<&str, (usize, usize)> = Default::default();
    let started = Instant::now();
    for kill in 0..kills {
        let work = match kill % 20 {
            0 => Work::CsvImport,
            1 => Work::BundleImport,
            2 | 3 => Work::Backup,
            _ => Work::Saves,
        };
        let context = format!("kill {kill} (seed {seed}, {})", work.name());
        let finished = match work {
            Work::Saves => {
                let delay = Duration::from_micros(rng.random_range(0..40_000));
                let lines = run_and_kill(work, &saves_db, None, delay);
                let saved: Vec<String> = lines
                    .iter()
                    .filter_map(|l| l.strip_prefix("saved ").map(str::to_string))
                    .collect();
                acknowledged.extend(saved);
                check(&saves_db, &context);
                assert_eq!(
                    present(&saves_db, &acknowledged),
                    acknowledged.len(),
                    "{context}: an acknowledged save is missing"
                );
                false
            }
            Work::CsvImport | Work::BundleImport => {
                let (input, size, time) = if work == Work::CsvImport {
                    (&csv, CSV_LINES as u64, csv_time)
                } else {
                    (&bundle, BUNDLE_ENTRIES as u64, bundle_time)
                };
                let db = dir.path().join("import.sqlite");
                std::fs::copy(&template, &db).unwrap();
                let delay = time.mul_f64(rng.random_range(0.0..1.1));
                let lines = run_and_kill(work, &db, Some(input), delay);
                let done = lines.iter().any(|l| l.starts_with("done"));
                let added = check(&db, &context) - base;
                assert!(
                    added == 0 || added == size,
                    "{context}: the import is half applied ({added} of {size} entries)"
                );
                assert!(!done || added == size, "{context}: acknowledged, not saved");
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
                }
                added == size
            }
            Work::Backup => {
                let dest = dir.path().join("backup.sqlite");
                let delay = Duration::from_micros(rng.random_range(0..60_000));
                let lines = run_and_kill(work, &saves_db, Some(&dest), delay);
                check(&saves_db, &context);
                let made = lines.iter().any(|l| l.starts_with("backup"));
                if dest.exists() {
                    check(&dest, &format!("{context}: the backup"));
                    std::fs::remove_file(&dest).unwrap();
                } else {
                    assert!(!made, "{context}: an acknowledged backup is missing");
                }
                made
            }
        };
        let entry = tally.entry(work.name()).or_default();
        entry.0 += 1;
        entry.1 += usize::from(finished);
    }
    let entries = check(&saves_db, "at the end");
    println!(
        "crash loop: {kills} kills (seed {seed}) in {:.1} s; every check passed",
        started.elapsed().as_secs_f64()
    );
    println!("work      kills  finished before the kill");
    for (work, (n, finished)) in &tally {
        println!("{work:<8} {n:>6} {finished:>7}");
    }
    println!(
        "saves: {} acknowledged, all present; the file holds {entries} entries; \
         CSV import {:.0} ms and bundle import {:.0} ms uninterrupted",
        acknowledged.len(),
        csv_time.as_secs_f64() * 1000.0,
        bundle_time.as_secs_f64() * 1000.0
    );
    assert!(
        kills == 0 || !acknowledged.is_empty(),
        "no save was ever acknowledged"
    );
}
