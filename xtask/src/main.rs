//! Project automation, so that a newcomer needs only cargo:
//!
//! - `cargo xtask run` builds the desktop app and launches it;
//! - `cargo xtask test` installs what the tests need, then runs every check, the desktop app's
//!   end-to-end test included;
//! - `cargo xtask fuzz` runs the fuzz targets alone (`COMMONPOT_FUZZ_SECONDS` each, 60 s by
//!   default; `cargo xtask test` runs them too);
//! - `cargo xtask bindings` regenerates the TypeScript bindings of the desktop commands;
//! - `cargo xtask bench` measures the ledger against raw SQLite and prints a table;
//!   `cargo xtask bench --desktop` measures the desktop app beside a bare Tauri window;
//!   `cargo xtask bench --tally` times the tallies of decisions beside one pass over their data;
//!   `cargo xtask bench --reports` times printed statements on a 1,000,000-entry association;
//!   `cargo xtask bench --bundles` times exporting and importing a 100,000-entry bundle;
//!   `cargo xtask bench --bank` times importing a camt.053 statement of 100,000 entries;
//!   `cargo xtask bench --protected` runs the ledger benchmarks on an unprotected and a
//!   passphrase-protected copy of the same association.
//!
//! Missing Debian packages are installed with apt-get (through sudo when not root).

mod architecture;
mod bank_bench;
mod bench;
mod bundle_bench;
mod measure;
mod protect_bench;
mod report_bench;
mod tally_bench;

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("run") => run(),
        Some("test") => test(),
        Some("fuzz") => fuzz(),
        Some("bench") if args.get(1).map(String::as_str) == Some("--desktop") => bench_desktop(),
        Some("bench") if args.get(1).map(String::as_str) == Some("--tally") => tally_bench::bench(),
        Some("bench") if args.get(1).map(String::as_str) == Some("--reports") => {
            report_bench::bench()
        }
        Some("bench") if args.get(1).map(String::as_str) == Some("--bank") => bank_bench::bench(),
        Some("bench") if args.get(1).map(String::as_str) == Some("--bundles") => {
            bundle_bench::bench()
        }
        Some("bench") if args.get(1).map(String::as_str) == Some("--protected") => {
            protect_bench::bench(&args[2..])
        }
        Some("bench-reports-child") => report_bench::child(&args[1..]),
        Some("bench") => bench::bench(&args[1..]),
        Some("bindings") => bindings(),
        Some("architecture") => architecture::run(&root()),
        _ => {
            eprintln!(
                "usage: cargo xtask run | test | fuzz | bindings | architecture | bench [--entries N] | bench --desktop | bench --tally | bench --reports | bench --bundles | bench --bank | bench --protected [--entries N]"
            );
            std::process::exit(2);
        }
    }
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace")
        .to_path_buf()
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"))
}

/// Runs a command in the workspace root, echoing it, and fails when it fails.
fn sh(program: &str, args: &[&str]) -> Result<()> {
    sh_in(&root(), program, args)
}

fn sh_in(dir: &Path, program: &str, args: &[&str]) -> Result<()> {
    eprintln!("$ {program} {}", args.join(" "));
    let status = Command::new(program)
        .args(args)
        .current_dir(dir)
        .status()
        .with_context(|| format!("cannot start {program}"))?;
    if !status.success() {
        bail!("{program} {} failed ({status})", args.join(" "));
    }
    Ok(())
}

/// Installs the Debian packages among `packages` that are not installed yet.
fn ensure_packages(packages: &[&str]) -> Result<()> {
    let missing: Vec<&str> = packages
        .iter()
        .copied()
        .filter(|p| {
            !Command::new("dpkg-query")
                .args(["-W", "-f=${Status}", p])
                .output()
                .map(|o| String::from_utf8_lossy(&o.stdout).contains("install ok installed"))
                .unwrap_or(false)
        })
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    eprintln!("installing missing packages: {}", missing.join(" "));
    let root_user = Command::new("id")
        .arg("-u")
        .output()
        .map(|o| o.stdout == b"0\n")
        .unwrap_or(false);
    let (program, prefix): (&str, Vec<&str>) = if root_user {
        ("apt-get", vec![])
    } else {
        ("sudo", vec!["apt-get"])
    };
    let mut update = prefix.clone();
    update.extend(["update", "-qq"]);
    sh(program, &update)?;
    let mut install = prefix;
    install.extend(["install", "-y", "-qq", "--no-install-recommends"]);
    install.extend(&missing);
    sh(program, &install)
}

/// What building needs: a C compiler for the bundled SQLCipher (SQLite with encryption) and
/// OpenSSL's libcrypto, which SQLCipher encrypts with; WebKitGTK for the desktop app.
const BUILD_PACKAGES: &[&str] = &[
    "gcc",
    "libc6-dev",
    "pkg-config",
    "libssl-dev",
    "libwebkit2gtk-4.1-dev",
];

/// What the tests need besides: the SQLite shell (the tamper test changes an entry behind
/// Commonpot's back with it), a virtual display and WebKit's WebDriver for the desktop tests,
/// and the tools that read printed documents back: pdftotext and pdftoppm (poppler-utils),
/// qpdf, and zbarimg (zbar-tools) for payment codes; libfaketime, which runs the scenarios
/// again under another wall clock.
const TEST_PACKAGES: &[&str] = &[
    "sqlite3",
    "xvfb",
    "xauth",
    "webkit2gtk-driver",
    "poppler-utils",
    "qpdf",
    "zbar-tools",
    "xdotool",
    "faketime",
];

fn ui_dir() -> PathBuf {
    root().join("ui")
}

/// Installs the front end's npm packages exactly as locked, when they are missing or stale.
fn ensure_node_modules() -> Result<()> {
    let lock = ui_dir().join("package-lock.json");
    let marker = ui_dir().join("node_modules/.package-lock.json");
    let fresh = match (std::fs::metadata(&lock), std::fs::metadata(&marker)) {
        (Ok(l), Ok(m)) => m.modified()? >= l.modified()?,
        _ => false,
    };
    if !fresh {
        sh_in(&ui_dir(), "npm", &["ci", "--no-audit", "--no-fund"])?;
    }
    Ok(())
}

/// tauri-driver bridges WebDriver clients to the app; installed once into ~/.cargo/bin.
fn ensure_tauri_driver() -> Result<()> {
    let installed = Command::new("tauri-driver").arg("--help").output().is_ok()
        || dirs_cargo_bin().join("tauri-driver").exists();
    if !installed {
        sh(
            "cargo",
            &["install", "tauri-driver", "--version", "^2", "--locked"],
        )?;
    }
    Ok(())
}

fn dirs_cargo_bin() -> PathBuf {
    std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".cargo")
        })
        .join("bin")
}

/// Builds the front end, then the release app with the front end inside it.
fn build_app() -> Result<PathBuf> {
    ensure_node_modules()?;
    sh_in(&ui_dir(), "npm", &["run", "build"])?;
    sh(
        "cargo",
        &[
            "build",
            "--release",
            "--package",
            "commonpot-desktop",
            "--features",
            "custom-protocol",
        ],
    )?;
    Ok(target_dir().join("release").join("commonpot-desktop"))
}

fn run() -> Result<()> {
    ensure_packages(BUILD_PACKAGES)?;
    let app = build_app()?;
    eprintln!("$ {}", app.display());
    let status = Command::new(&app)
        .status()
        .with_context(|| format!("cannot start {}", app.display()))?;
    if !status.success() {
        bail!("the app ended with {status}");
    }
    Ok(())
}

/// Regenerates the TypeScript bindings of the desktop commands.
fn bindings() -> Result<()> {
    ensure_packages(BUILD_PACKAGES)?;
    let status = Command::new("cargo")
        .args([
            "test",
            "--release",
            "--package",
            "commonpot-desktop",
            "--lib",
            "typescript_bindings_are_current",
        ])
        .env("COMMONPOT_WRITE_BINDINGS", "1")
        .current_dir(root())
        .status()?;
    if !status.success() {
        bail!("writing the bindings failed");
    }
    eprintln!("wrote ui/src/lib/api/bindings.ts");
    Ok(())
}

fn test() -> Result<()> {
    ensure_packages(BUILD_PACKAGES)?;
    ensure_packages(TEST_PACKAGES)?;
    ensure_node_modules()?;
    ensure_tauri_driver()?;
    sh("cargo", &["fmt", "--all", "--check"])?;
    sh_in(&ui_dir(), "npm", &["run", "check"])?;
    sh_in(&ui_dir(), "npm", &["test"])?;
    sh(
        "cargo",
        &[
            "clippy",
            "--workspace",
            "--all-targets",
            "--quiet",
            "--",
            "-D",
            "warnings",
        ],
    )?;
    sh(
        "cargo",
        &[
            "test",
            "--workspace",
            "--all-targets",
            "--exclude",
            "commonpot-desktop",
            "--exclude",
            "desktop-e2e",
        ],
    )?;
    wall_clock_check()?;
    // The crash loop kills writers 1,000 times (COMMONPOT_CRASH_KILLS for more); in release,
    // where a kill lands in the work rather than in debug code around it.
    sh(
        "cargo",
        &[
            "test",
            "--release",
            "--package",
            "commonpot-app",
            "--test",
            "crash",
            "--",
            "--ignored",
            "--nocapture",
            "crash_loop",
        ],
    )?;
    fuzz()?;
    // The desktop crate is tested in release, sharing the release build of Tauri with the app.
    sh(
        "cargo",
        &["test", "--release", "--package", "commonpot-desktop"],
    )?;
    let app = build_app()?;
    let status = Command::new("cargo")
        .args(["test", "--package", "desktop-e2e"])
        .env("COMMONPOT_DESKTOP_BINARY", &app)
        .current_dir(root())
        .status()?;
    if !status.success() {
        bail!("the desktop end-to-end tests failed (screenshots in test-output/desktop/)");
    }
    Ok(())
}

/// Wall clocks far from any day the tests were written on: a leap day, and a day past the
/// year 2038 when 32-bit seconds wrap.
const OTHER_WALL_CLOCKS: &[&str] = &["2028-02-29 23:59:30", "2041-07-15 12:00:00"];

/// Runs the command's end-to-end scenarios (the printed statements' snapshots among them) again
/// under other wall clocks, set by libfaketime for the test binary and every `commonpot` it
/// starts. The scenarios fix the command's clock through `COMMONPOT_NOW`; anything that still
/// reads the wall clock (a default date, a test's "today") makes them fail here, on a day
/// when nobody is looking.
fn wall_clock_check() -> Result<()> {
    let output = Command::new("cargo")
        .args([
            "test",
            "--package",
            "commonpot-cli",
            "--test",
            "it",
            "--no-run",
            "--message-format=json",
        ])
        .current_dir(root())
        .stderr(std::process::Stdio::inherit())
        .output()?;
    if !output.status.success() {
        bail!("building the command's scenarios failed");
    }
    let messages = String::from_utf8_lossy(&output.stdout);
    // Cargo's messages, one JSON object a line: the artifact of the test target "it".
    let binary = messages
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|m| m["reason"] == "compiler-artifact" && m["target"]["name"] == "it")
        .find_map(|m| m["executable"].as_str().map(str::to_string))
        .context("cargo named no executable for the scenarios")?;
    for clock in OTHER_WALL_CLOCKS {
        eprintln!("$ faketime -f '@{clock}' {binary}");
        let status = Command::new("faketime")
            .args(["-f", &format!("@{clock}"), &binary, "--quiet"])
            // Timeouts and elapsed times keep the real monotonic clock.
            .env("FAKETIME_DONT_FAKE_MONOTONIC", "1")
            .current_dir(root().join("crates/commonpot-cli"))
            .status()
            .context("cannot start faketime")?;
        if !status.success() {
            bail!(
                "the command's scenarios fail when the wall clock reads {clock}: a test or the command reads today's date"
            );
        }
    }
    Ok(())
}

/// The cargo-fuzz targets in `fuzz/`, each run for a bounded time from its committed corpus.
const FUZZ_TARGETS: &[&str] = &[
    "amount",
    "csv_import",
    "camt053",
    "sync_files",
    "ballot_csv",
];

/// Runs every fuzz target for `COMMONPOT_FUZZ_SECONDS` (60 by default) with the nightly
/// toolchain, from the committed corpus (new inputs go to a scratch folder, so the clone stays
/// clean), and prints the executions of each. A crash fails the step and leaves its input in
/// `fuzz/artifacts/TARGET/`: it then becomes a regression test and joins the corpus.
fn fuzz() -> Result<()> {
    let seconds: u32 = std::env::var("COMMONPOT_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(60);
    let has_nightly = Command::new("rustup")
        .args(["run", "nightly", "rustc", "--version"])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if !has_nightly {
        sh(
            "rustup",
            &["toolchain", "install", "nightly", "--profile", "minimal"],
        )?;
    }
    let installed = Command::new("cargo")
        .args(["fuzz", "--version"])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if !installed {
        sh("cargo", &["install", "cargo-fuzz", "--locked"])?;
    }
    let fuzz_dir = root().join("fuzz");
    let target = target_dir().join("fuzz");
    let scratch_dir = tempfile::tempdir()?;
    let scratch = scratch_dir.path();
    let mut figures = Vec::new();
    for name in FUZZ_TARGETS {
        let corpus = fuzz_dir.join("corpus").join(name);
        let new_inputs = scratch.join(name);
        std::fs::create_dir_all(&new_inputs)?;
        let limit = format!("-max_total_time={seconds}");
        let args = [
            "+nightly",
            "fuzz",
            "run",
            "-O",
            name,
            new_inputs.to_str().expect("utf-8 path"),
            corpus.to_str().expect("utf-8 path"),
            "--",
            &limit,
            "-print_final_stats=1",
        ];
        eprintln!("$ cargo {}", args.join(" "));
        let output = Command::new("cargo")
            .args(args)
            .current_dir(&fuzz_dir)
            .env("CARGO_TARGET_DIR", &target)
            .stdout(std::process::Stdio::inherit())
            .output()
            .with_context(|| format!("cannot run the fuzz target {name}"))?;
        let log = String::from_utf8_lossy(&output.stderr);
        let runs = log
            .lines()
            .find_map(|l| l.strip_prefix("Done ").and_then(|r| r.split(' ').next()))
            .unwrap_or("?")
            .to_string();
        if !output.status.success() {
            eprintln!("{log}");
            bail!(
                "the fuzz target {name} failed; its input is in fuzz/artifacts/{name}/ — make it a regression test"
            );
        }
        let corpus_files = std::fs::read_dir(&corpus)?.count();
        figures.push((
            name,
            runs,
            corpus_files,
            std::fs::read_dir(&new_inputs)?.count(),
        ));
    }
    println!("fuzz target   executions in {seconds} s   corpus files   new inputs   crashes");
    for (name, runs, corpus, new) in figures {
        println!("{name:<13} {runs:>18}   {corpus:>12}   {new:>10}         0");
    }
    Ok(())
}

/// The desktop app beside a bare Tauri window, both release builds with their front end inside.
fn bench_desktop() -> Result<()> {
    ensure_packages(BUILD_PACKAGES)?;
    ensure_packages(TEST_PACKAGES)?;
    ensure_tauri_driver()?;
    let app = build_app()?;
    sh(
        "cargo",
        &[
            "build",
            "--release",
            "--package",
            "bare-window",
            "--features",
            "custom-protocol",
        ],
    )?;
    let bare = target_dir().join("release").join("bare-window");
    let status = Command::new("cargo")
        .args([
            "run",
            "--quiet",
            "--release",
            "--package",
            "desktop-e2e",
            "--bin",
            "desktop-bench",
        ])
        .env("COMMONPOT_DESKTOP_BINARY", &app)
        .env("COMMONPOT_BARE_WINDOW_BINARY", &bare)
        .current_dir(root())
        .status()?;
    if !status.success() {
        bail!("the desktop benchmark failed");
    }
    Ok(())
}
