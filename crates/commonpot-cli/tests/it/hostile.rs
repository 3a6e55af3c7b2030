//! Careless and hostile paths: an output never replaces the books or writes through a link, a
//! file that is not an association's is never written to, read-only books can still be read.

use std::path::{Path, PathBuf};

use crate::support::{Books, run_in};

fn s(path: &Path) -> &str {
    path.to_str().expect("utf-8 path")
}

/// Every command that writes a file at `--out`, as the arguments before it.
fn writers(out: &Path) -> Vec<Vec<String>> {
    let out = s(out).to_string();
    let forms: &[&[&str]] = &[
        &[
            "report",
            "meeting",
            "--from",
            "2025-01-01",
            "--to",
            "2026-12-01",
            "--out",
        ],
        &["export", "contributions", "--out"],
        &["member", "export", "M1", "--out"],
        &["bundle", "export", "--out"],
        &["kit", "export", "--volunteer", "Stall laptop", "--out"],
        &["backup", "--out"],
    ];
    forms
        .iter()
        .map(|form| {
            let mut args: Vec<String> = form.iter().map(|a| a.to_string()).collect();
            args.push(out.clone());
            args
        })
        .collect()
}

/// `report meeting` of the whole period into `out`.
fn meeting_report(books: &Books, out: &Path) -> crate::support::Run {
    books.run(&[
        "report",
        "meeting",
        "--from",
        "2025-01-01",
        "--to",
        "2026-12-01",
        "--out",
        s(out),
    ])
}

fn books_with_entries() -> Books {
    let books = Books::with_members_and_projects();
    books
        .run(&[
            "contribute",
            "--project",
            "TREES",
            "--amount",
            "5",
            "--channel",
            "cash",
        ])
        .ok();
    books
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "xdg-data")
        .collect();
    names.sort();
    names
}

#[test]
fn no_output_replaces_the_books_or_their_companion_files() {
    let books = books_with_entries();
    let digest = books.digest();
    let wal = PathBuf::from(format!("{}-wal", s(&books.db)));
    let shm = PathBuf::from(format!("{}-shm", s(&books.db)));
    let through_dot = books.dir.path().join(".").join("books.sqlite");
    let before = files_in(books.dir.path());
    for target in [&books.db, &wal, &shm, &through_dot] {
        for args in writers(target) {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            books.run(&args).refused("books file itself");
        }
    }
    assert_eq!(books.digest(), digest);
    books.run(&["verify"]).ok();
    assert_eq!(files_in(books.dir.path()), before, "nothing left behind");
}

#[test]
fn an_output_through_a_link_into_a_folder_or_onto_a_device_is_refused() {
    let books = books_with_entries();
    let elsewhere = books.path("elsewhere.txt");
    std::fs::write(&elsewhere, "a file the link points at").unwrap();
    let link = books.path("link.out");
    std::os::unix::fs::symlink(&elsewhere, &link).unwrap();
    let to_books = books.path("books-link.out");
    std::os::unix::fs::symlink(&books.db, &to_books).unwrap();
    let folder = books.path("folder");
    std::fs::create_dir(&folder).unwrap();
    let digest = books.digest();
    for (target, why) in [
        (link.as_path(), "symbolic link"),
        (to_books.as_path(), "symbolic link"),
        (folder.as_path(), "is a folder"),
        (Path::new("/dev/null"), "not an ordinary file"),
    ] {
        for args in writers(target) {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            books.run(&args).refused(why);
        }
    }
    assert_eq!(
        std::fs::read_to_string(&elsewhere).unwrap(),
        "a file the link points at"
    );
    assert_eq!(books.digest(), digest);
    assert!(std::fs::read_dir(&folder).unwrap().next().is_none());
}

#[test]
fn an_output_never_replaces_another_association_or_another_kind_of_file() {
    let books = books_with_entries();
    let other = Books::new();
    let other_digest = other.digest();
    let notes = books.path("notes.pdf");
    std::fs::write(&notes, "the chair's notes, not a PDF").unwrap();
    for args in writers(&other.db) {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let line = books.run(&args).refused(s(&other.db));
        assert!(
            line.contains("not replaced") || line.contains("not of"),
            "{line}"
        );
    }
    assert_eq!(other.digest(), other_digest);
    meeting_report(&books, &notes).refused("not a PDF file");
    assert_eq!(
        std::fs::read_to_string(&notes).unwrap(),
        "the chair's notes, not a PDF"
    );

    // The same kind of file is replaced, whole: a second backup of the same books, a new report.
    let backup = books.path("backup.sqlite");
    books.run(&["backup", "--out", s(&backup)]).ok();
    books
        .run(&[
            "contribute",
            "--project",
            "BENCH",
            "--amount",
            "2",
            "--channel",
            "cash",
        ])
        .ok();
    books.run(&["backup", "--out", s(&backup)]).ok();
    let restored = run_in(books.dir.path(), &["--db", s(&backup), "summary", "--json"]).json();
    assert_eq!(restored["digest"], books.summary()["digest"]);
    let report = books.path("meeting.pdf");
    for _ in 0..2 {
        meeting_report(&books, &report).ok();
    }
    assert!(std::fs::read(&report).unwrap().starts_with(b"%PDF"));
}

#[test]
fn an_unrelated_partial_file_beside_the_output_is_left_alone() {
    let books = books_with_entries();
    let partial = books.path("meeting.pdf.partial");
    std::fs::write(&partial, "someone else's download").unwrap();
    let out = books.path("meeting.pdf");
    meeting_report(&books, &out).ok();
    assert_eq!(
        std::fs::read_to_string(&partial).unwrap(),
        "someone else's download"
    );
    assert_eq!(
        files_in(books.dir.path()),
        ["books.sqlite", "meeting.pdf", "meeting.pdf.partial"]
    );
}

/// A file that is not an association's: byte for byte the same after every command.
#[test]
fn an_empty_or_foreign_file_is_never_written_to() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.sqlite");
    std::fs::write(&empty, b"").unwrap();
    let foreign = dir.path().join("photos.sqlite");
    let made = std::process::Command::new("sqlite3")
        .arg(&foreign)
        .arg("CREATE TABLE photo (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO photo VALUES (1, 'x');")
        .status()
        .expect("sqlite3 runs");
    assert!(made.success());
    let text = dir.path().join("notes.sqlite");
    std::fs::write(&text, "not a database at all\n").unwrap();
    for file in [&empty, &foreign, &text] {
        let before = std::fs::read(file).unwrap();
        for args in [
            vec!["summary"],
            vec!["verify"],
            vec!["member", "add", "--name", "Ana", "--number", "M9"],
            vec![
                "project", "add", "--title", "Trees", "--goal", "10", "--code", "T",
            ],
        ] {
            let mut all = vec!["--db", s(file)];
            all.extend(args);
            let run = run_in(dir.path(), &all);
            assert_eq!(run.status, 2, "{file:?} {all:?}: {}", run.stderr);
            assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
        }
        assert_eq!(std::fs::read(file).unwrap(), before, "{file:?} was changed");
        for companion in ["-wal", "-shm", "-journal"] {
            let companion = PathBuf::from(format!("{}{companion}", s(file)));
            assert!(!companion.exists(), "{companion:?} was left behind");
        }
    }
    // An empty file becomes books only when asked to.
    run_in(
        dir.path(),
        &[
            "--db",
            s(&empty),
            "init",
            "--name",
            "Lindenhof",
            "--currency",
            "EUR",
        ],
    )
    .ok();
    run_in(dir.path(), &["--db", s(&empty), "verify"]).ok();
}

/// Runs the command with `dir` mounted read-only (as a backup stick would be), in a mount
/// namespace of its own; a user who is not root gets the same from the file's permissions.
fn run_read_only(dir: &Path, args: &[&str]) -> crate::support::Run {
    use std::os::unix::fs::PermissionsExt;
    let root =
        std::fs::metadata("/proc/self").map(|m| std::os::unix::fs::MetadataExt::uid(&m) == 0);
    if root.unwrap_or(false) {
        let d = s(dir);
        let script =
            format!("mount --bind '{d}' '{d}' && mount -o remount,bind,ro '{d}' && exec \"$@\"");
        let mut all = vec![
            "-m",
            "sh",
            "-c",
            script.as_str(),
            "sh",
            crate::support::binary(),
        ];
        all.extend_from_slice(args);
        crate::support::run_program_in(dir, "unshare", &all)
    } else {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
        }
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o555)).unwrap();
        let mut all = vec![];
        all.extend_from_slice(args);
        let run = crate::support::run_program_in(dir, crate::support::binary(), &all);
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755)).unwrap();
        run
    }
}

/// Books on read-only media: summarised and verified, every change refused with one line, the
/// file unchanged.
#[test]
fn read_only_books_are_read_and_verified_but_never_changed() {
    let books = books_with_entries();
    let stick = tempfile::tempdir().unwrap();
    let copy = stick.path().join("backup.sqlite");
    books.run(&["backup", "--out", s(&copy)]).ok();
    let before = std::fs::read(&copy).unwrap();
    let summary = run_read_only(stick.path(), &["--db", s(&copy), "summary", "--json"]).json();
    assert_eq!(summary["digest"], books.summary()["digest"]);
    run_read_only(stick.path(), &["--db", s(&copy), "verify"]).ok();
    run_read_only(
        stick.path(),
        &[
            "--db",
            s(&copy),
            "contribute",
            "--project",
            "TREES",
            "--amount",
            "5",
            "--channel",
            "cash",
        ],
    )
    .refused("read-only");
    assert_eq!(std::fs::read(&copy).unwrap(), before);
    assert_eq!(files_in(stick.path()), ["backup.sqlite"]);
}

/// gzip of `mib` MiB of zeros: a decompression bomb about a thousandth of its inflated size.
fn bomb(mib: usize) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let block = vec![0u8; 1024 * 1024];
    for _ in 0..mib {
        std::io::Write::write_all(&mut gz, &block).unwrap();
    }
    gz.finish().unwrap()
}

/// `magic`'s first line with a true checksum, then `compressed`: a file that passes the check
/// for damage, as a forger would make it.
fn sealed(magic: &str, compressed: &[u8]) -> Vec<u8> {
    use sha2::Digest;
    let sha: String = sha2::Sha256::digest(compressed)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    [format!("{magic} 1 sha256={sha}\n").as_bytes(), compressed].concat()
}

#[test]
fn a_bundle_or_kit_that_inflates_to_gigabytes_is_refused_without_taking_the_memory() {
    let b = books_with_entries();
    let before = b.digest();
    let inflated = bomb(300);
    assert!(inflated.len() < 1_000_000, "{}", inflated.len());
    let kit = b.path("bomb.cpkit");
    std::fs::write(&kit, sealed("COMMONPOT-KIT", &inflated)).unwrap();
    let laptop = b.path("laptop.commonpot");
    crate::support::run_in(b.dir.path(), &["--db", s(&laptop), "kit", "open", s(&kit)])
        .refused("unpacks to more than 256 MB");
    assert!(!laptop.exists(), "no laptop file was made");
    // A bundle's signature is checked before it is inflated at all.
    let bundle = b.path("bomb.cpbundle");
    std::fs::write(&bundle, sealed("COMMONPOT-BUNDLE", &inflated)).unwrap();
    b.run(&["bundle", "import", s(&bundle)])
        .refused("was changed after it was made");
    assert_eq!(b.digest(), before);
}

#[test]
fn a_file_larger_than_any_real_one_of_its_kind_is_refused_before_it_is_read() {
    let b = books_with_entries();
    let before = b.digest();
    let huge = b.path("huge.csv");
    let file = std::fs::File::create(&huge).unwrap();
    // Sparse: 100 MB on paper, nothing on the disk.
    file.set_len(100 * 1024 * 1024).unwrap();
    for args in [
        vec!["bank", "import", s(&huge), "--camt"],
        vec!["import", "contributions", s(&huge)],
    ] {
        b.run(&args).refused("more than any real file of its kind");
    }
    assert_eq!(b.digest(), before);
}

/// Runs the command with a standard output whose reader has already gone away, as
/// `commonpot ledger | head -1` leaves it once `head` has its line.
fn run_into_closed_pipe(b: &Books, args: &[&str]) -> std::process::Output {
    let mut child = std::process::Command::new(crate::support::binary())
        .arg("--db")
        .arg(&b.db)
        .args(args)
        .current_dir(b.dir.path())
        .env("COMMONPOT_NOW", "2026-12-01T09:00:00Z")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    child.wait_with_output().unwrap()
}

#[test]
fn a_reader_that_stops_reading_ends_the_command_quietly() {
    let b = books_with_entries();
    for args in [
        vec!["ledger"],
        vec!["ledger", "--json"],
        vec!["member", "list"],
        vec!["summary"],
    ] {
        let out = run_into_closed_pipe(&b, &args);
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        assert_eq!(String::from_utf8_lossy(&out.stderr), "", "{args:?}");
    }
    // Work that prints is still done whole when nobody reads what it prints.
    let before = b.summary()["entry_count"].as_u64().unwrap();
    let out = run_into_closed_pipe(
        &b,
        &[
            "contribute",
            "--project",
            "general",
            "--amount",
            "3",
            "--channel",
            "cash",
        ],
    );
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(b.summary()["entry_count"].as_u64().unwrap(), before + 1);
}

#[test]
fn a_usage_error_is_one_line_and_the_usage_with_exit_2() {
    let b = books_with_entries();
    for args in [
        vec!["--bogus"],
        vec!["contribution"],
        vec!["export", "contributions"],
        vec!["contribute", "--amount"],
    ] {
        let run = b.run(&args);
        assert_eq!(run.status, 2, "{args:?}: {}", run.stderr);
        let lines: Vec<&str> = run.stderr.lines().collect();
        assert_eq!(lines.len(), 2, "{args:?}: {:?}", run.stderr);
        assert!(lines[0].starts_with("error: "), "{args:?}: {}", lines[0]);
        assert!(
            lines[1].starts_with("usage: commonpot"),
            "{args:?}: {}",
            lines[1]
        );
        assert_eq!(run.stdout, "", "{args:?}");
    }
}

#[test]
fn an_exported_formula_is_neutralised_and_reads_back_unchanged() {
    let b = Books::with_members_and_projects();
    let notes = [
        "=HYPERLINK(\"http://x\",\"Spende\")",
        "-5 back to M1",
        "'tis the season",
        "@cash",
    ];
    for note in notes {
        b.run(&[
            "contribute",
            "--project",
            "TREES",
            "--amount",
            "5",
            "--channel",
            "cash",
            &format!("--note={note}"),
        ])
        .ok();
    }
    let out = b.path("export.csv");
    b.run(&["export", "contributions", "--out", s(&out)]).ok();
    let csv = std::fs::read_to_string(&out).unwrap();
    for cell in ["'=HYPERLINK", "'-5 back", "'@cash"] {
        assert!(csv.contains(cell), "{cell} in {csv}");
    }
    assert!(csv.contains(",''tis the season"), "{csv}");
    // Read back into another laptop's books with the same codes and numbers: the same notes.
    let other = Books::with_members_and_projects();
    other.run(&["import", "contributions", s(&out)]).ok();
    let ledger = other.run(&["ledger", "--json"]).json();
    let mut read: Vec<String> = ledger
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["text"].as_str().unwrap().to_string())
        .collect();
    read.sort();
    let mut expected: Vec<String> = notes.iter().map(|n| n.to_string()).collect();
    expected.sort();
    assert_eq!(read, expected);
    assert_eq!(
        other.digest(),
        b.digest(),
        "the same entries, the same digest"
    );
}

/// A real kit, inflated, changed by `forge` and sealed again with a true checksum, as someone
/// with the file but not the association's secrets would.
fn forged_kit(b: &Books, name: &str, forge: impl Fn(&str) -> String) -> PathBuf {
    let kit = b.path("real.cpkit");
    b.run(&[
        "kit",
        "export",
        "--volunteer",
        "Stall laptop",
        "--out",
        s(&kit),
    ])
    .ok();
    let bytes = std::fs::read(&kit).unwrap();
    let newline = bytes.iter().position(|&b| b == b'\n').unwrap();
    let mut json = String::new();
    std::io::Read::read_to_string(
        &mut flate2::read::GzDecoder::new(&bytes[newline + 1..]),
        &mut json,
    )
    .unwrap();
    let changed = forge(&json);
    assert_ne!(changed, json, "the forgery changed something");
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    std::io::Write::write_all(&mut gz, changed.as_bytes()).unwrap();
    let path = b.path(name);
    std::fs::write(&path, sealed("COMMONPOT-KIT", &gz.finish().unwrap())).unwrap();
    path
}

#[test]
fn a_forged_kit_is_refused_whole_and_leaves_no_file() {
    let b = books_with_entries();
    let cases = [
        (
            "escape.cpkit",
            forged_kit(&b, "escape.cpkit", |j| {
                j.replacen("\"Zoë Müller\"", "\"Zoë\\u001b[2J Müller\"", 1)
            }),
            "control characters",
        ),
        (
            "negative.cpkit",
            forged_kit(&b, "negative.cpkit", |j| {
                let at = j.find("\"max_amount_minor\":").unwrap() + "\"max_amount_minor\":".len();
                let end = at + j[at..].find([',', '}']).unwrap();
                format!("{}-500{}", &j[..at], &j[end..])
            }),
            "max_amount_minor",
        ),
        (
            "device.cpkit",
            forged_kit(&b, "device.cpkit", |j| {
                j.replacen("\"Stall laptop\"", "\"Stall\\u0007laptop\"", 1)
            }),
            "control characters",
        ),
        (
            "iban.cpkit",
            forged_kit(&b, "iban.cpkit", |j| {
                j.replacen("\"iban\":null", "\"iban\":\"DE00 not an account\"", 1)
            }),
            "the setting iban",
        ),
        (
            "threshold.cpkit",
            forged_kit(&b, "threshold.cpkit", |j| {
                let key = "\"disclosure_threshold\":";
                let at = j.find(key).unwrap() + key.len();
                let end = at + j[at..].find([',', '}']).unwrap();
                format!("{}0{}", &j[..at], &j[end..])
            }),
            "the setting disclosure-threshold",
        ),
    ];
    for (name, kit, needle) in cases {
        let laptop = b.path(&format!("{name}.sqlite"));
        run_in(b.dir.path(), &["--db", s(&laptop), "kit", "open", s(&kit)]).refused(needle);
        assert!(!laptop.exists(), "{name}: a laptop file was left");
    }
}

/// An 18- and a 30-digit number, and counts past `u32`, given to every reader a person or a
/// file can reach: each is refused with exit 2, naming its field or line, and nothing changes.
#[test]
fn extreme_numbers_are_refused_by_every_reader_naming_the_field() {
    let b = books_with_entries();
    let before = b.digest();
    let huge = [
        "123456789012345678",
        "123456789012345678901234567890",
        "1e30",
        "-5",
    ];
    for amount in huge {
        // Given as --flag=value, so that "-5" is read as a value.
        for (args, field) in [
            (
                vec!["contribute", "--project", "TREES", "--channel", "cash"],
                "--amount",
            ),
            (
                vec!["expense", "add", "--project", "TREES", "--payee", "Nursery"],
                "--amount",
            ),
            (vec!["project", "add", "--title", "Big"], "--goal"),
            (vec!["association", "set"], "--max-amount"),
        ] {
            let value = format!("{field}={amount}");
            let mut args = args;
            args.push(&value);
            let said = b.run(&args).refused("");
            assert!(said.contains(field), "{args:?}: {said}");
        }
        let csv = b.path("huge.csv");
        std::fs::write(
            &csv,
            format!("id,received,project,member,amount,channel,collector,note\n,2026-05-01,TREES,,{amount},cash,,\n"),
        )
        .unwrap();
        let said = b
            .run(&["import", "contributions", s(&csv)])
            .refused("line 2");
        assert!(said.contains("amount"), "{said}");
    }
    let id = b
        .run(&[
            "collection",
            "open",
            "--collector",
            "M1",
            "--place",
            "Markt",
            "--project",
            "TREES",
        ])
        .ok();
    for counts in [
        vec!["--count", "500=4294967296"],
        vec!["--count", "500=4294967295", "--count", "500=1"],
        vec!["--count", "500=4294967295"],
    ] {
        let mut args = vec!["collection", "close", &id];
        args.extend(counts.iter().copied());
        let said = b.run(&args).refused("");
        assert!(said.contains("--count"), "{counts:?}: {said}");
    }
    b.run(&[
        "collection",
        "close",
        &id,
        "--count",
        "500=2",
        "--note",
        "two notes",
    ])
    .ok();
    b.run(&["verify"]).ok();
    assert_ne!(b.digest(), before, "only the good close was saved");
}
