//! `cargo xtask bench --protected`: the ledger benchmarks of `cargo xtask bench` on the same
//! association twice in one run — unprotected, and protected by a passphrase (SQLCipher) —
//! with the ratio of each figure. Target: protected at most 1.3 × the unprotected time.

use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use commonpot_app::{
    Books, DemoOptions, Env, LedgerQuery, NewContribution, Passphrase, ProtectionChange, build_demo,
};

const SINGLE_SAVES: usize = 1_000;
const SUMMARY_RUNS: usize = 30;
const PASSPHRASE: &str = "benchmark passphrase";

fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1e3)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn env(protected: bool) -> Env {
    Env::system().with_passphrase(protected.then(|| Passphrase::new(PASSPHRASE)))
}

fn protect(path: &Path) -> Result<()> {
    Books::change_protection(
        path,
        ProtectionChange::Set(Passphrase::new(PASSPHRASE)),
        Env::system(),
    )?;
    Ok(())
}

struct Line {
    what: String,
    plain: Duration,
    protected: Duration,
    detail: String,
}

pub fn bench(args: &[String]) -> Result<()> {
    let entries: u64 = match args {
        [flag, n] if flag == "--entries" => n.parse().context("--entries takes a whole number")?,
        [] => 1_000_000,
        _ => anyhow::bail!("usage: cargo xtask bench --protected [--entries N]"),
    };
    let dir = tempfile::tempdir()?;
    let plain_db = dir.path().join("plain.sqlite");
    let protected_db = dir.path().join("protected.sqlite");
    let start = Instant::now();
    build_demo(
        &plain_db,
        DemoOptions {
            contributions: entries,
            ..DemoOptions::default()
        },
    )?;
    eprintln!(
        "built {entries} entries in {:.1} s",
        start.elapsed().as_secs_f64()
    );
    std::fs::copy(&plain_db, &protected_db)?;
    let start = Instant::now();
    protect(&protected_db)?;
    let encrypt = start.elapsed();
    eprintln!("protected the copy in {:.1} s", encrypt.as_secs_f64());
    let mut lines = Vec::new();

    // Opening: the protected file derives its key from the passphrase first.
    let open = |protected: bool| -> Result<Duration> {
        let path = if protected { &protected_db } else { &plain_db };
        let mut times = Vec::new();
        for _ in 0..5 {
            let start = Instant::now();
            std::hint::black_box(Books::open(path, env(protected))?);
            times.push(start.elapsed());
        }
        Ok(median(&mut times))
    };
    lines.push(Line {
        what: format!("open the file ({entries} entries)"),
        plain: open(false)?,
        protected: open(true)?,
        detail: "median of 5".into(),
    });

    // (b) Single saves, interleaved so that both see the same disk.
    let mut plain = Books::open(&plain_db, env(false))?;
    let mut protected = Books::open(&protected_db, env(true))?;
    let mut times = [Vec::new(), Vec::new()];
    for i in 0..SINGLE_SAVES {
        for (k, books) in [&mut plain, &mut protected].into_iter().enumerate() {
            let start = Instant::now();
            books.record_contribution(NewContribution {
                project: "PLAYGROUND".into(),
                amount: "2,50".into(),
                channel: "cash".into(),
                member: (i % 3 == 0).then(|| "M-0007".into()),
                ..NewContribution::default()
            })?;
            times[k].push(start.elapsed());
        }
    }
    for t in &mut times {
        t.sort();
    }
    for (name, p) in [("p50", 0.5), ("p99", 0.99)] {
        lines.push(Line {
            what: format!("(b) record a contribution, {name}"),
            plain: percentile(&times[0], p),
            protected: percentile(&times[1], p),
            detail: format!("{SINGLE_SAVES} saves each, interleaved"),
        });
    }

    // (d) The summary.
    let summary = |books: &Books| -> Result<Duration> {
        let mut runs = Vec::new();
        for _ in 0..SUMMARY_RUNS {
            let start = Instant::now();
            std::hint::black_box(books.summary()?);
            runs.push(start.elapsed());
        }
        Ok(median(&mut runs))
    };
    lines.push(Line {
        what: "(d) summary".into(),
        plain: summary(&plain)?,
        protected: summary(&protected)?,
        detail: format!("median of {SUMMARY_RUNS}"),
    });

    // (e) Ledger pages: the newest, and a member's (an index walk).
    for (name, query) in [
        ("newest page", LedgerQuery::default()),
        (
            "member M-0050",
            LedgerQuery {
                member: Some("M-0050".into()),
                ..LedgerQuery::default()
            },
        ),
        (
            "text found nowhere (a full scan)",
            LedgerQuery {
                text: Some("no such note".into()),
                ..LedgerQuery::default()
            },
        ),
    ] {
        let page = |books: &Books| -> Result<Duration> {
            let q = LedgerQuery {
                limit: Some(50),
                newest_first: true,
                ..query.clone()
            };
            books.ledger(&q)?; // warm
            let mut runs = Vec::new();
            for _ in 0..5 {
                let start = Instant::now();
                std::hint::black_box(books.ledger(&q)?);
                runs.push(start.elapsed());
            }
            Ok(median(&mut runs))
        };
        lines.push(Line {
            what: format!("(e) ledger page of 50: {name}"),
            plain: page(&plain)?,
            protected: page(&protected)?,
            detail: "median of 5".into(),
        });
    }

    // (c) CSV import of every contribution into fresh books, unprotected and protected.
    let csv = dir.path().join("contributions.csv");
    plain.export_contributions(&csv)?;
    drop(plain);
    drop(protected);
    let import = |protected: bool| -> Result<(Duration, u64)> {
        let fresh = dir.path().join(if protected {
            "fresh-protected.sqlite"
        } else {
            "fresh.sqlite"
        });
        build_demo(
            &fresh,
            DemoOptions {
                contributions: 0,
                ..DemoOptions::default()
            },
        )?;
        if protected {
            protect(&fresh)?;
        }
        let mut books = Books::open(&fresh, env(protected))?;
        let _ = std::process::Command::new("sync").status();
        let start = Instant::now();
        let report = books.import_contributions(&csv, false)?;
        Ok((start.elapsed(), report.added))
    };
    let (plain_import, added) = import(false)?;
    let (protected_import, _) = import(true)?;
    lines.push(Line {
        what: format!("(c) CSV import of {added} contributions"),
        plain: plain_import,
        protected: protected_import,
        detail: "into fresh books".into(),
    });

    println!(
        "Encrypting the copy of {entries} entries (passphrase set): {:.1} s\n",
        encrypt.as_secs_f64()
    );
    println!("| measurement | unprotected | protected | ratio | target ≤ 1.3 × | |");
    println!("| --- | --- | --- | --- | --- | --- |");
    for l in lines {
        let ratio = l.protected.as_secs_f64() / l.plain.as_secs_f64();
        let target = if l.what.starts_with("open") {
            "— (key derivation, once per opening)".to_string()
        } else if ratio <= 1.3 {
            "met".into()
        } else {
            "NOT met".into()
        };
        println!(
            "| {} | {} | {} | {:.2} × | {} | {} |",
            l.what,
            ms(l.plain),
            ms(l.protected),
            ratio,
            target,
            l.detail
        );
    }
    Ok(())
}
