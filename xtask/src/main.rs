//! Project automation, so that a newcomer needs only cargo:
//!
//! - `cargo xtask run`   builds Commonpot, creates the demo association and prints its summary;
//! - `cargo xtask test`  installs the system packages the tests need, then runs every check;
//! - `cargo xtask bench` measures the ledger against raw SQLite and prints a table.
//!
//! Missing Debian packages are installed with apt-get (through sudo when not root).

mod bench;

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("run") => run(),
        Some("test") => test(),
        Some("bench") => bench::bench(&args[1..]),
        _ => {
            eprintln!("usage: cargo xtask run | test | bench [--entries N]");
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
    eprintln!("$ {program} {}", args.join(" "));
    let status = Command::new(program)
        .args(args)
        .current_dir(root())
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

/// What building needs: a C compiler for the bundled SQLite.
const BUILD_PACKAGES: &[&str] = &["gcc", "libc6-dev"];

fn run() -> Result<()> {
    ensure_packages(BUILD_PACKAGES)?;
    sh(
        "cargo",
        &["build", "--release", "--package", "commonpot-cli"],
    )?;
    let binary = target_dir().join("release").join("commonpot");
    let demo_dir = target_dir().join("demo");
    std::fs::create_dir_all(&demo_dir)?;
    let db = demo_dir.join("demo-association.sqlite");
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
    }
    let db = db
        .to_str()
        .context("the target folder's path is not UTF-8")?;
    let binary = binary
        .to_str()
        .context("the target folder's path is not UTF-8")?;
    sh(binary, &["--db", db, "demo"])?;
    sh(binary, &["--db", db, "summary"])?;
    eprintln!("\nThe demo association is in {db}; try: {binary} --db {db} project list");
    Ok(())
}

fn test() -> Result<()> {
    ensure_packages(BUILD_PACKAGES)?;
    // sqlite3: the tamper test changes an entry behind Commonpot's back with the SQLite shell.
    ensure_packages(&["sqlite3"])?;
    sh("cargo", &["fmt", "--all", "--check"])?;
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
    sh("cargo", &["test", "--workspace", "--all-targets"])?;
    Ok(())
}
