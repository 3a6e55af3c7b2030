//! `cargo xtask bench --desktop`: the Commonpot app beside a bare Tauri 2 window built the same
//! way, measured in one run on one machine. Launch to first paint and to interactive (from the
//! WebDriver request that starts the app), memory of the app and its WebKit processes after
//! opening a large association, saving a contribution through IPC, and the Ledger screen's
//! queries through IPC. Prints a Markdown table; it is a benchmark, not a test.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use commonpot_app::{DemoOptions, build_demo};
use desktop_e2e::App;

const LAUNCHES: usize = 5;
const SAVES: usize = 200;

fn env_path(name: &str) -> PathBuf {
    let path = PathBuf::from(
        std::env::var_os(name)
            .unwrap_or_else(|| panic!("{name} is not set; run `cargo xtask bench --desktop`")),
    );
    assert!(path.exists(), "{} does not exist", path.display());
    path
}

fn ms(d: Duration) -> String {
    format!("{:.0} ms", d.as_secs_f64() * 1e3)
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// Waits until `script` returns true in the window; the time since the app was asked for.
async fn until(app: &App, script: &str) -> Duration {
    let limit = Instant::now() + Duration::from_secs(60);
    loop {
        if app.script(script).await.as_bool() == Some(true) {
            return app.started.elapsed();
        }
        assert!(Instant::now() < limit, "{script} never became true");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

const PAINTED: &str = "return performance.getEntriesByType('paint').length > 0 || document.body.hasAttribute('data-ready')";
const READY: &str = "return document.body.hasAttribute('data-ready')";

/// Resident and proportional memory, in KiB, of the processes running `binary` and their
/// descendants (WebKit's web and network processes).
fn memory_kib(binary: &Path) -> (u64, u64) {
    let mut pids: Vec<u32> = Vec::new();
    let all: Vec<u32> = std::fs::read_dir("/proc")
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().to_str()?.parse().ok())
        .collect();
    let parent = |pid: u32| -> Option<u32> {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
        stat.rsplit_once(')')?
            .1
            .split_whitespace()
            .nth(1)?
            .parse()
            .ok()
    };
    for &pid in &all {
        if std::fs::read_link(format!("/proc/{pid}/exe"))
            .ok()
            .as_deref()
            == Some(binary)
        {
            pids.push(pid);
        }
    }
    let mut grew = true;
    while grew {
        grew = false;
        for &pid in &all {
            if !pids.contains(&pid) && parent(pid).is_some_and(|p| pids.contains(&p)) {
                pids.push(pid);
                grew = true;
            }
        }
    }
    let mut rss = 0;
    let mut pss = 0;
    for pid in pids {
        let Ok(text) = std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup")) else {
            continue;
        };
        for line in text.lines() {
            let kib = || {
                line.split_whitespace()
                    .nth(1)
                    .and_then(|v| v.parse::<u64>().ok())
                    .unwrap_or(0)
            };
            if line.starts_with("Rss:") {
                rss += kib();
            } else if line.starts_with("Pss:") {
                pss += kib();
            }
        }
    }
    (rss, pss)
}

struct Launch {
    paint: Duration,
    ready: Duration,
    rss: u64,
    pss: u64,
}

async fn launch(binary: &Path, home: &Path) -> (App, Launch) {
    let app = App::launch_binary(binary, home).await;
    let paint = until(&app, PAINTED).await;
    let ready = until(&app, READY).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let (rss, pss) = memory_kib(binary);
    (
        app,
        Launch {
            paint,
            ready,
            rss,
            pss,
        },
    )
}

fn row(what: &str, figure: String, target: &str, ok: Option<bool>) {
    let verdict = match ok {
        Some(true) => "met",
        Some(false) => "NOT met",
        None => "",
    };
    println!("| {what} | {figure} | {target} | {verdict} |");
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let entries: u64 = std::env::var("COMMONPOT_BENCH_ENTRIES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let commonpot = env_path("COMMONPOT_DESKTOP_BINARY");
    let bare = env_path("COMMONPOT_BARE_WINDOW_BINARY");

    // The association the app reopens at start: a demo of `entries` contributions.
    let home = tempfile::tempdir().unwrap();
    let data = home.path().join("data/org.commonpot.app");
    std::fs::create_dir_all(&data).unwrap();
    let file = data.join("big.sqlite");
    eprintln!("building a demo association of {entries} contributions…");
    build_demo(
        &file,
        DemoOptions {
            contributions: entries,
            ..DemoOptions::default()
        },
    )
    .unwrap();
    std::fs::write(data.join("last-file"), file.display().to_string()).unwrap();

    let mut bare_runs = Vec::new();
    let mut app_runs = Vec::new();
    for _ in 0..LAUNCHES {
        let bare_home = tempfile::tempdir().unwrap();
        let (window, run) = launch(&bare, bare_home.path()).await;
        window.quit().await;
        bare_runs.push(run);
        let (window, run) = launch(&commonpot, home.path()).await;
        window.quit().await;
        app_runs.push(run);
    }
    let med = |runs: &[Launch], f: fn(&Launch) -> Duration| median(runs.iter().map(f).collect());
    let kib = |runs: &[Launch], f: fn(&Launch) -> u64| {
        let mut v: Vec<u64> = runs.iter().map(f).collect();
        v.sort();
        v[v.len() / 2]
    };
    let (bare_paint, app_paint) = (med(&bare_runs, |r| r.paint), med(&app_runs, |r| r.paint));
    let (bare_ready, app_ready) = (med(&bare_runs, |r| r.ready), med(&app_runs, |r| r.ready));
    let (bare_rss, app_rss) = (kib(&bare_runs, |r| r.rss), kib(&app_runs, |r| r.rss));
    let (bare_pss, app_pss) = (kib(&bare_runs, |r| r.pss), kib(&app_runs, |r| r.pss));
    let ratio = |a: f64, b: f64| a / b;

    println!("| measurement | figure | target | |");
    println!("| --- | --- | --- | --- |");
    let paint_ratio = ratio(app_paint.as_secs_f64(), bare_paint.as_secs_f64());
    row(
        "launch to first paint (median of 5, from the WebDriver request)",
        format!(
            "bare window {}, Commonpot {} = {paint_ratio:.2} ×",
            ms(bare_paint),
            ms(app_paint)
        ),
        "≤ 1.5 ×",
        Some(paint_ratio <= 1.5),
    );
    let ready_ratio = ratio(app_ready.as_secs_f64(), bare_ready.as_secs_f64());
    row(
        &format!("launch to interactive, Commonpot reopening {entries} entries"),
        format!(
            "bare window {}, Commonpot {} = {ready_ratio:.2} ×",
            ms(bare_ready),
            ms(app_ready)
        ),
        "≤ 1.5 ×",
        Some(ready_ratio <= 1.5),
    );
    let rss_ratio = ratio(app_rss as f64, bare_rss as f64);
    let pss_ratio = ratio(app_pss as f64, bare_pss as f64);
    row(
        "memory after load (app + WebKit processes)",
        format!(
            "RSS {} MiB vs {} MiB = {rss_ratio:.2} ×; PSS {} MiB vs {} MiB = {pss_ratio:.2} ×",
            app_rss / 1024,
            bare_rss / 1024,
            app_pss / 1024,
            bare_pss / 1024
        ),
        "≤ 1.3 ×",
        Some(rss_ratio <= 1.3 && pss_ratio <= 1.3),
    );

    // Saving and the ledger, through IPC from inside the window.
    let app = App::launch_binary(&commonpot, home.path()).await;
    until(&app, READY).await;
    let saves = app
        .script_async(&format!(
            "const done = arguments[arguments.length - 1];
             (async () => {{
               const invoke = window.__TAURI_INTERNALS__.invoke;
               const times = [];
               for (let i = 0; i < {SAVES}; i++) {{
                 const t = performance.now();
                 await invoke('record_contribution', {{ contribution: {{ project: 'PLAYGROUND', amount: '2,50', channel: 'cash',
                   member: null, collector: null, note: null, collection: null }} }});
                 times.push(performance.now() - t);
               }}
               done(times);
             }})().catch((e) => done(String(e)));"
        ))
        .await;
    let mut times: Vec<f64> = saves
        .as_array()
        .unwrap_or_else(|| panic!("saving failed: {saves}"))
        .iter()
        .filter_map(|v| v.as_f64())
        .collect();
    times.sort_by(f64::total_cmp);
    let p = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
    row(
        &format!("save a contribution through IPC on {entries} entries ({SAVES} saves)"),
        format!("p50 {:.2} ms, p95 {:.2} ms", p(0.5), p(0.95)),
        "p95 < 30 ms",
        Some(p(0.95) < 30.0),
    );
    let ledger = app
        .script_async(
            "const done = arguments[arguments.length - 1];
             (async () => {
               const invoke = window.__TAURI_INTERNALS__.invoke;
               const base = { project: null, member: null, collection: null, channel: null, from: null, to: null, text: null, limit: 50 };
               const cases = [['first page', {}], ['project BOOKS', { project: 'BOOKS' }], ['member M-0050', { member: 'M-0050' }],
                              ['channel other', { channel: 'other' }], ['one day', { from: '2026-03-14', to: '2026-03-14' }],
                              ['text', { text: 'Thank you' }]];
               const out = [];
               for (const [name, filter] of cases) {
                 await invoke('ledger', { query: { ...base, ...filter } });
                 const t = performance.now();
                 await invoke('ledger', { query: { ...base, ...filter } });
                 out.push([name, performance.now() - t]);
               }
               done(out);
             })().catch((e) => done(String(e)));",
        )
        .await;
    let cases = ledger
        .as_array()
        .unwrap_or_else(|| panic!("the ledger failed: {ledger}"));
    let slowest = cases
        .iter()
        .filter_map(|c| c[1].as_f64())
        .fold(0.0, f64::max);
    row(
        &format!("Ledger screen queries through IPC on {entries} entries"),
        cases
            .iter()
            .map(|c| {
                format!(
                    "{} {:.1} ms",
                    c[0].as_str().unwrap_or("?"),
                    c[1].as_f64().unwrap_or(0.0)
                )
            })
            .collect::<Vec<_>>()
            .join("; "),
        "each < 100 ms",
        Some(slowest < 100.0),
    );
    app.quit().await;
}
