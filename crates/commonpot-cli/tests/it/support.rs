use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A scratch folder with an association file in it.
pub struct Books {
    pub dir: tempfile::TempDir,
    pub db: PathBuf,
}

pub struct Run {
    pub status: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    fn from(output: Output) -> Run {
        Run {
            status: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    #[track_caller]
    pub fn ok(self) -> String {
        assert_eq!(
            self.status, 0,
            "expected success, stderr: {}\nstdout: {}",
            self.stderr, self.stdout
        );
        self.stdout.trim().to_string()
    }

    /// Refused: exit 2 and one line on stderr that contains `needle`.
    #[track_caller]
    pub fn refused(self, needle: &str) -> String {
        assert_eq!(
            self.status, 2,
            "expected exit 2, stdout: {}\nstderr: {}",
            self.stdout, self.stderr
        );
        let lines: Vec<&str> = self.stderr.lines().collect();
        assert_eq!(
            lines.len(),
            1,
            "expected one line on stderr, got {:?}",
            self.stderr
        );
        assert!(
            self.stderr.contains(needle),
            "{:?} does not mention {needle:?}",
            self.stderr
        );
        self.stderr
    }

    pub fn json(self) -> serde_json::Value {
        serde_json::from_str(&self.ok()).expect("--json prints JSON")
    }
}

/// The moment every scenario starts at. Each run of the command in a test is one second
/// later than the one before (counted per test thread), so that what a scenario records and
/// prints is the same on every day it runs: the command takes its clock from `COMMONPOT_NOW`.
pub const CLOCK_START: &str = "2026-12-01T09:00:00Z";

thread_local! {
    static RUNS: std::cell::Cell<i64> = const { std::cell::Cell::new(0) };
}

fn clock_start() -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::parse_from_rfc3339(CLOCK_START)
        .expect("CLOCK_START is RFC 3339")
        .to_utc()
}

/// The next moment of this test's clock, as `COMMONPOT_NOW` takes it.
fn tick() -> String {
    let n = RUNS.with(|runs| {
        let n = runs.get();
        runs.set(n + 1);
        n
    });
    (clock_start() + chrono::Duration::seconds(n)).to_rfc3339()
}

/// The scenarios' today plus `offset` days, as YYYY-MM-DD.
pub fn day(offset: i64) -> String {
    (clock_start().date_naive() + chrono::Duration::days(offset)).to_string()
}

pub fn binary() -> &'static str {
    env!("CARGO_BIN_EXE_commonpot")
}

pub fn run_in(dir: &Path, args: &[&str]) -> Run {
    run_in_with(dir, &[], args)
}

/// Runs the command with extra environment variables (the passphrases of protected files).
pub fn run_in_with(dir: &Path, vars: &[(&str, &str)], args: &[&str]) -> Run {
    run_program_with(dir, binary(), vars, args)
}

/// Runs `program` (the command, or a wrapper that starts it) as [`run_in`] runs the command.
pub fn run_program_in(dir: &Path, program: &str, args: &[&str]) -> Run {
    run_program_with(dir, program, &[], args)
}

fn run_program_with(dir: &Path, program: &str, vars: &[(&str, &str)], args: &[&str]) -> Run {
    let output = Command::new(program)
        .args(args)
        .current_dir(dir)
        .env("XDG_DATA_HOME", dir.join("xdg-data"))
        .env("HOME", dir)
        .env_remove("COMMONPOT_PASSPHRASE")
        .env_remove("COMMONPOT_NEW_PASSPHRASE")
        .env("COMMONPOT_NOW", tick())
        .envs(vars.iter().copied())
        .output()
        .expect("the commonpot binary runs");
    Run::from(output)
}

impl Books {
    /// An empty scratch folder; `init` has not run.
    pub fn empty() -> Books {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("books.sqlite");
        Books { dir, db }
    }

    /// A German-locale association in euros.
    pub fn new() -> Books {
        let books = Books::empty();
        books
            .run(&[
                "init",
                "--name",
                "Lindenhof",
                "--currency",
                "EUR",
                "--locale",
                "de-DE",
            ])
            .ok();
        books
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn run(&self, args: &[&str]) -> Run {
        self.run_with(&[], args)
    }

    pub fn run_with(&self, vars: &[(&str, &str)], args: &[&str]) -> Run {
        let mut all = vec!["--db", self.db.to_str().expect("utf-8 path")];
        all.extend_from_slice(args);
        run_in_with(self.dir.path(), vars, &all)
    }

    /// Saves the bank CSV profile "giro": semicolons, decimal commas, dd.mm.yyyy, and the
    /// columns date, name, IBAN, amount, text.
    pub fn add_giro_profile(&self) {
        self.run(&[
            "bank",
            "profile",
            "add",
            "giro",
            "--delimiter",
            ";",
            "--decimal",
            ",",
            "--date-format",
            "%d.%m.%Y",
            "--columns",
            "date=1,amount=4,name=2,iban=3,text=5",
        ])
        .ok();
    }

    pub fn summary(&self) -> serde_json::Value {
        self.run(&["summary", "--json"]).json()
    }

    pub fn digest(&self) -> String {
        self.summary()["digest"]
            .as_str()
            .expect("digest")
            .to_string()
    }

    /// Members M1, M2 and projects TREES (goal 4.500) and BENCH (goal 900).
    pub fn with_members_and_projects() -> Books {
        let books = Books::new();
        books
            .run(&[
                "member",
                "add",
                "--name",
                "Zoë Müller",
                "--number",
                "M1",
                "--email",
                "zoe@example.org",
            ])
            .ok();
        books
            .run(&["member", "add", "--name", "김민준", "--number", "M2"])
            .ok();
        books
            .run(&[
                "project",
                "add",
                "--title",
                "Street trees",
                "--goal",
                "4.500,00",
                "--code",
                "TREES",
            ])
            .ok();
        books
            .run(&[
                "project", "add", "--title", "Bench", "--goal", "900", "--code", "BENCH",
            ])
            .ok();
        books
    }
}
