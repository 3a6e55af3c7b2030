//! `cargo xtask bench --tally`: how long counting takes, beside the least any count must do
//! (one pass over the same data), in one process. Ballots and contributions are generated from
//! a fixed seed, so every run counts the same thing. Prints a Markdown table.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use anyhow::Result;
use commonpot_app::{Books, DecisionMethod, DemoOptions, Env, NewDecision, build_demo};
use commonpot_core::Decimal;
use commonpot_core::tally::{self, Approval};
use commonpot_core::weights::WeightRule;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

const VOTERS: usize = 10_000;
const PROJECTS: usize = 50;
const CONTRIBUTIONS: usize = 1_000_000;
const RUNS: usize = 5;

/// The median of `RUNS` runs of `f`.
fn median<T>(mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut times = Vec::with_capacity(RUNS);
    let mut last = None;
    for _ in 0..RUNS {
        let start = Instant::now();
        let out = f();
        times.push(start.elapsed());
        last = Some(out);
    }
    times.sort();
    (times[RUNS / 2], last.expect("ran"))
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1e3)
}

fn ballots(rng: &mut ChaCha8Rng) -> (Vec<Decimal>, Vec<Approval>, Decimal) {
    let rule = WeightRule::default();
    let costs: Vec<Decimal> = (0..PROJECTS)
        .map(|_| Decimal::from(rng.random_range(500..20_000)))
        .collect();
    let ballots = (0..VOTERS)
        .map(|_| {
            let n = rng.random_range(1..=8);
            let mut approved: Vec<usize> = (0..n)
                // Popular projects are approved more often: the square skews towards 0.
                .map(|_| {
                    let x: f64 = rng.random();
                    ((x * x) * PROJECTS as f64) as usize
                })
                .collect();
            approved.sort_unstable();
            approved.dedup();
            Approval {
                weight: rule.weight(rng.random_range(0..20)),
                approved,
            }
        })
        .collect();
    let total: Decimal = costs.iter().sum();
    (costs, ballots, (total / Decimal::from(4)).round())
}

pub fn bench() -> Result<()> {
    let mut rng = ChaCha8Rng::seed_from_u64(7);
    let (costs, approvals, budget) = ballots(&mut rng);
    let mut rows: Vec<[String; 4]> = Vec::new();

    let (baseline, _) = median(|| tally::support(PROJECTS, &approvals));
    rows.push([
        format!("baseline: one pass summing {VOTERS} ballots' weighted approvals"),
        ms(baseline),
        "—".into(),
        String::new(),
    ]);
    let (greedy, g) = median(|| tally::greedy(&costs, &approvals, budget));
    rows.push([
        format!(
            "greedy, {VOTERS} weighted approval ballots, {PROJECTS} projects ({} funded)",
            g.funded.len()
        ),
        format!(
            "{} ({:.1} × baseline)",
            ms(greedy),
            greedy.as_secs_f64() / baseline.as_secs_f64()
        ),
        "< 100 ms".into(),
        verdict(greedy < Duration::from_millis(100)),
    ]);
    let (mes, m) = median(|| tally::equal_shares(&costs, &approvals, budget, Decimal::ONE));
    rows.push([
        format!(
            "equal shares + Add1 + greedy, same ballots ({} funded, share per weight {})",
            m.funded.len(),
            m.share.unwrap_or_default().round_dp(2)
        ),
        format!(
            "{} ({:.0} × baseline)",
            ms(mes),
            mes.as_secs_f64() / baseline.as_secs_f64()
        ),
        "< 1 s".into(),
        verdict(mes < Duration::from_secs(1)),
    ]);

    // Quadratic: a million contributions from 20,000 members and the cash box.
    let contributions: Vec<(usize, Option<u32>, Decimal)> = (0..CONTRIBUTIONS)
        .map(|_| {
            let project = rng.random_range(0..PROJECTS);
            let member = (rng.random_range(0..10) != 0).then(|| rng.random_range(0..20_000));
            (
                project,
                member,
                Decimal::new(rng.random_range(100..10_000), 2),
            )
        })
        .collect();
    let (sum_pass, _) = median(|| {
        let mut sums = vec![Decimal::ZERO; PROJECTS];
        for (p, _, a) in &contributions {
            sums[*p] += *a;
        }
        sums
    });
    rows.push([
        format!("baseline: one pass summing {CONTRIBUTIONS} contributions per project"),
        ms(sum_pass),
        "—".into(),
        String::new(),
    ]);
    let (qf, q) = median(|| {
        let mut per: Vec<HashMap<Option<u32>, Decimal>> = vec![HashMap::new(); PROJECTS];
        for (p, m, a) in &contributions {
            *per[*p].entry(*m).or_default() += *a;
        }
        let projects: Vec<Vec<Decimal>> =
            per.into_iter().map(|m| m.into_values().collect()).collect();
        tally::quadratic(&projects, Decimal::from(50_000), Decimal::new(2, 1), 2)
    });
    rows.push([
        format!(
            "quadratic matching over {CONTRIBUTIONS} contributions, grouped per member ({} capped)",
            q.matches.iter().filter(|m| m.capped).count()
        ),
        format!(
            "{} ({:.1} × baseline)",
            ms(qf),
            qf.as_secs_f64() / sum_pass.as_secs_f64()
        ),
        "< 1 s".into(),
        verdict(qf < Duration::from_secs(1)),
    ]);

    // The same through the use case, reading the contributions from a demo association.
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("demo.sqlite");
    build_demo(
        &path,
        DemoOptions {
            contributions: CONTRIBUTIONS as u64,
            ..DemoOptions::default()
        },
    )?;
    let mut books = Books::open(&path, Env::system())?;
    let motion = books.create_decision(NewDecision {
        title: "Join the city's tree programme".into(),
        method: DecisionMethod::Motion,
        ..NewDecision::default()
    })?;
    let start = Instant::now();
    books.open_decision(&motion.to_string(), None)?;
    let opened = start.elapsed();
    rows.push([
        format!(
            "open a decision on a {CONTRIBUTIONS}-entry association: points and weights of every member frozen"
        ),
        ms(opened),
        "—".into(),
        String::new(),
    ]);
    let id = books.create_decision(NewDecision {
        title: "Council grant".into(),
        method: DecisionMethod::Quadratic,
        pool: Some("50000".into()),
        cap: Some("20%".into()),
        ..NewDecision::default()
    })?;
    // The round covers the demo's year of contributions.
    let year_ago = (chrono::Utc::now() - chrono::Duration::days(366))
        .format("%Y-%m-%d")
        .to_string();
    books.open_decision(&id.to_string(), Some(&year_ago))?;
    let (through, t) = median(|| books.tally(&id.to_string()).expect("tally"));
    rows.push([
        format!(
            "quadratic tally through the use case, {CONTRIBUTIONS}-entry association ({} projects)",
            t.matching.as_ref().map_or(0, |m| m.matches.len())
        ),
        ms(through),
        "< 1 s".into(),
        verdict(through < Duration::from_secs(1)),
    ]);

    println!("| measurement | figure | target | |");
    println!("| --- | --- | --- | --- |");
    for [what, figure, target, v] in rows {
        println!("| {what} | {figure} | {target} | {v} |");
    }
    Ok(())
}

fn verdict(ok: bool) -> String {
    if ok { "met".into() } else { "NOT met".into() }
}
