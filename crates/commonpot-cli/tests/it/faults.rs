//! A full disk: the association file on a small tmpfs (mounted in a private user and mount
//! namespace with `unshare`, so no privileges are needed) that is filled up. Saves and an
//! import are refused with a clear message, nothing of them is saved, and once space is free
//! the books verify and take new entries.

use std::process::Command;

use crate::support::{Books, binary};

#[test]
fn a_full_disk_refuses_writes_keeps_the_books_whole_and_work_resumes_when_space_is_free() {
    let b = Books::with_members_and_projects();
    b.run(&[
        "contribute",
        "--project",
        "TREES",
        "--amount",
        "12,50",
        "--channel",
        "cash",
    ])
    .ok();
    let before = b.digest();
    let csv = b.path("gifts.csv");
    let mut text = String::from("id,received,project,member,amount,channel,collector,note\n");
    for i in 0..20_000 {
        text.push_str(&format!(
            ",2026-05-01,TREES,,{},cash,,gift number {i}\n",
            1 + i % 40
        ));
    }
    std::fs::write(&csv, text).unwrap();
    let mount = b.path("small-disk");
    std::fs::create_dir(&mount).unwrap();
    let note = "n".repeat(20_000);
    let script = r#"
        set -u
        mount -t tmpfs -o size=4m tmpfs "$MOUNT" || exit 90
        cp "$SOURCE" "$MOUNT/books.sqlite"
        dd if=/dev/zero of="$MOUNT/filler" bs=64k 2>/dev/null
        step() { name=$1; shift; "$BIN" --db "$MOUNT/books.sqlite" "$@" >"$MOUNT/../$name.out" 2>"$MOUNT/../$name.err"; echo "$name $?"; }
        step save contribute --project TREES --amount 5 --channel cash --note "$NOTE"
        step import import contributions "$CSV"
        rm "$MOUNT/filler"
        step summary summary --json
        step verify verify
        step resumed contribute --project TREES --amount 7 --channel cash
        step after summary --json
    "#;
    let output = Command::new("unshare")
        .args(["--user", "--map-root-user", "--mount", "sh", "-c", script])
        .env("MOUNT", &mount)
        .env("SOURCE", &b.db)
        .env("BIN", binary())
        .env("COMMONPOT_NOW", crate::support::CLOCK_START)
        .env("NOTE", &note)
        .env("CSV", &csv)
        .env("HOME", b.dir.path())
        .env("XDG_DATA_HOME", b.dir.path().join("xdg-data"))
        .output()
        .expect("unshare (util-linux) runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success() && !stdout.is_empty(),
        "the small disk could not be set up (unprivileged user namespaces are needed): {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let status = |step: &str| -> i32 {
        stdout
            .lines()
            .find_map(|l| l.strip_prefix(&format!("{step} ")))
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("no status for {step} in {stdout}"))
    };
    let read = |name: &str| std::fs::read_to_string(b.path(name)).unwrap_or_default();
    for step in ["save", "import"] {
        assert_eq!(status(step), 2, "{step}: {}", read(&format!("{step}.err")));
        let message = read(&format!("{step}.err"));
        assert!(
            message.contains("nothing of this change was saved"),
            "{step}: {message}"
        );
        assert_eq!(message.lines().count(), 1, "{message}");
    }
    assert_eq!(status("summary"), 0, "{}", read("summary.err"));
    let summary: serde_json::Value = serde_json::from_str(&read("summary.out")).unwrap();
    assert_eq!(
        summary["digest"],
        before.as_str(),
        "a refused write left something behind"
    );
    assert_eq!(status("verify"), 0, "{}", read("verify.out"));
    assert_eq!(status("resumed"), 0, "{}", read("resumed.err"));
    let after: serde_json::Value = serde_json::from_str(&read("after.out")).unwrap();
    assert_eq!(
        after["entry_count"],
        summary["entry_count"].as_u64().unwrap() + 1
    );
}

/// A write error other than a full disk: the file-size limit (`ulimit -f`, with SIGXFSZ
/// ignored) makes every write past it fail with EFBIG, as a failing disk would.
#[test]
fn a_write_error_in_the_middle_of_an_import_saves_nothing_and_says_so() {
    let b = Books::with_members_and_projects();
    let before = b.digest();
    let size = std::fs::metadata(&b.db).unwrap().len();
    let csv = b.path("gifts.csv");
    let mut text = String::from("id,received,project,member,amount,channel,collector,note\n");
    for i in 0..30_000 {
        text.push_str(&format!(
            ",2026-05-01,TREES,,{},cash,,gift number {i}\n",
            1 + i % 40
        ));
    }
    std::fs::write(&csv, text).unwrap();
    // The limit is in blocks of 512 bytes: the file may grow by about 1 MB, the import needs more.
    let blocks = (size + 1_000_000) / 512;
    let script = format!(
        r#"trap '' XFSZ; ulimit -f {blocks}; exec "$BIN" --db "$DB" import contributions "$CSV""#
    );
    let output = Command::new("sh")
        .args(["-c", &script])
        .env("BIN", binary())
        .env("COMMONPOT_NOW", crate::support::CLOCK_START)
        .env("DB", &b.db)
        .env("CSV", &csv)
        .env("HOME", b.dir.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("nothing of this change was saved"),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert_eq!(b.digest(), before, "a failed import left something behind");
    b.run(&["verify"]).ok();
    // Without the limit the same import goes through whole.
    let report = b
        .run(&["import", "contributions", csv.to_str().unwrap()])
        .ok();
    assert!(report.contains("30000"), "{report}");
}
