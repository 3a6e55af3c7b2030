//! A file protected by a passphrase, through the command as a script drives it: no member's
//! name in any byte of the folder (the file, its WAL, its temporary files, its backups), a
//! missing or wrong passphrase refused with exit 2 and nothing changed, the passphrase
//! changed and removed with every figure the same.

use std::path::Path;

use crate::support::Books;

const NAME: &str = "Henrietta Quastenberg";
const EMAIL: &str = "henrietta.q@example.org";
const FIRST: &str = "correct horse battery";
const SECOND: &str = "staple in the drawer";

/// Every byte of every file in the folder (and below it).
fn folder_bytes(dir: &Path) -> Vec<u8> {
    let mut bytes = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            bytes.extend(folder_bytes(&path));
        } else if path.extension().is_none_or(|e| e != "json" && e != "pdf") {
            bytes.extend(std::fs::read(&path).unwrap());
        }
    }
    bytes
}

fn holds(bytes: &[u8], needle: &str) -> bool {
    bytes.windows(needle.len()).any(|w| w == needle.as_bytes())
}

fn file_state(path: &Path) -> Vec<u8> {
    let mut bytes = std::fs::read(path).unwrap();
    for suffix in ["-wal", "-shm"] {
        bytes.extend(std::fs::read(format!("{}{suffix}", path.display())).unwrap_or_default());
    }
    bytes
}

#[test]
fn a_protected_file_shows_no_name_refuses_wrong_passphrases_and_keeps_every_figure() {
    let b = Books::with_members_and_projects();
    b.run(&[
        "member", "add", "--name", NAME, "--number", "77", "--email", EMAIL,
    ])
    .ok();
    for amount in ["12,50", "30"] {
        b.run(&[
            "contribute",
            "--project",
            "TREES",
            "--amount",
            amount,
            "--channel",
            "cash",
            "--member",
            "77",
        ])
        .ok();
    }
    let summary = b.summary();
    assert!(
        holds(&folder_bytes(b.dir.path()), NAME),
        "the name is there before"
    );

    // No new passphrase, or one too short: refused, the file stays as it was.
    b.run(&["passphrase", "set"])
        .refused("COMMONPOT_NEW_PASSPHRASE");
    b.run_with(
        &[("COMMONPOT_NEW_PASSPHRASE", "short")],
        &["passphrase", "set"],
    )
    .refused("at least 8 characters");
    b.run(&["passphrase", "remove"])
        .refused("is not protected by a passphrase");
    assert_eq!(b.summary(), summary);

    let out = b
        .run_with(
            &[("COMMONPOT_NEW_PASSPHRASE", FIRST)],
            &["passphrase", "set"],
        )
        .ok();
    assert!(out.contains("protected"), "{out}");
    assert!(!holds(&folder_bytes(b.dir.path()), NAME));
    assert!(!holds(&folder_bytes(b.dir.path()), EMAIL));

    // Without the passphrase, or with a wrong one: exit 2, a clear message, nothing changed.
    let before = file_state(&b.db);
    b.run(&["summary"]).refused("COMMONPOT_PASSPHRASE");
    b.run_with(
        &[("COMMONPOT_PASSPHRASE", "not the passphrase")],
        &["summary"],
    )
    .refused("the passphrase does not open");
    b.run_with(
        &[("COMMONPOT_PASSPHRASE", "not the passphrase")],
        &[
            "contribute",
            "--project",
            "TREES",
            "--amount",
            "5",
            "--channel",
            "cash",
            "--member",
            "77",
        ],
    )
    .refused("the passphrase does not open");
    assert_eq!(
        file_state(&b.db),
        before,
        "a refused passphrase changed the file"
    );

    // With it, the books read and write as before; the WAL and temporary files hold no name.
    let unlock = [("COMMONPOT_PASSPHRASE", FIRST)];
    let read = |vars: &[(&str, &str)]| b.run_with(vars, &["summary", "--json"]).json();
    assert_eq!(read(&unlock), summary);
    b.run_with(
        &unlock,
        &[
            "contribute",
            "--project",
            "BENCH",
            "--amount",
            "7",
            "--channel",
            "cash",
            "--member",
            "77",
        ],
    )
    .ok();
    b.run_with(
        &unlock,
        &[
            "member",
            "add",
            "--name",
            "Quirin Obermaier",
            "--number",
            "78",
        ],
    )
    .ok();
    let listed = b.run_with(&unlock, &["member", "list"]).ok();
    assert!(listed.contains(NAME) && listed.contains("Quirin Obermaier"));
    b.run_with(&unlock, &["verify"]).ok();
    let bytes = folder_bytes(b.dir.path());
    for secret in [
        NAME,
        EMAIL,
        "Quirin Obermaier",
        "Zoë Müller",
        "zoe@example.org",
    ] {
        assert!(!holds(&bytes, secret), "{secret} is readable in the folder");
    }
    let grown = read(&unlock);
    assert_ne!(grown["digest"], summary["digest"]);

    // A backup of a protected file is protected with the same passphrase.
    let backup = b.path("backup.sqlite");
    b.run_with(&unlock, &["backup", "--out", backup.to_str().unwrap()])
        .ok();
    assert!(!holds(&std::fs::read(&backup).unwrap(), NAME));
    let backup_arg = ["--db", backup.to_str().unwrap(), "summary", "--json"];
    crate::support::run_in_with(b.dir.path(), &[], &backup_arg).refused("passphrase");
    let opened = crate::support::run_in_with(b.dir.path(), &unlock, &backup_arg).json();
    assert_eq!(opened["digest"], grown["digest"]);

    // Changing: the old passphrase is needed, the new one must differ and be long enough.
    b.run_with(
        &[
            ("COMMONPOT_PASSPHRASE", "not the passphrase"),
            ("COMMONPOT_NEW_PASSPHRASE", SECOND),
        ],
        &["passphrase", "change"],
    )
    .refused("the passphrase does not open");
    b.run_with(
        &[
            ("COMMONPOT_PASSPHRASE", FIRST),
            ("COMMONPOT_NEW_PASSPHRASE", FIRST),
        ],
        &["passphrase", "change"],
    )
    .refused("the new passphrase is the old one");
    b.run_with(
        &[("COMMONPOT_NEW_PASSPHRASE", SECOND)],
        &["passphrase", "set"],
    )
    .refused("already protected");
    assert_eq!(read(&unlock), grown);
    b.run_with(
        &[
            ("COMMONPOT_PASSPHRASE", FIRST),
            ("COMMONPOT_NEW_PASSPHRASE", SECOND),
        ],
        &["passphrase", "change"],
    )
    .ok();
    b.run_with(&unlock, &["summary"])
        .refused("the passphrase does not open");
    let unlock = [("COMMONPOT_PASSPHRASE", SECOND)];
    assert_eq!(read(&unlock), grown);
    assert!(!holds(&folder_bytes(b.dir.path()), NAME));

    // The backup (still under the first passphrase) restores into a new file.
    let restored = b.path("restored.sqlite");
    crate::support::run_in_with(
        b.dir.path(),
        &[("COMMONPOT_PASSPHRASE", FIRST)],
        &[
            "--db",
            restored.to_str().unwrap(),
            "restore",
            backup.to_str().unwrap(),
        ],
    )
    .ok();
    let restored_summary = crate::support::run_in_with(
        b.dir.path(),
        &[("COMMONPOT_PASSPHRASE", FIRST)],
        &["--db", restored.to_str().unwrap(), "summary", "--json"],
    )
    .json();
    assert_eq!(restored_summary["digest"], grown["digest"]);
    assert!(!holds(&std::fs::read(&restored).unwrap(), NAME));

    // Removing it stores the books unencrypted again, every figure the same.
    b.run(&["passphrase", "remove"])
        .refused("COMMONPOT_PASSPHRASE");
    b.run_with(&unlock, &["passphrase", "remove"]).ok();
    assert_eq!(b.summary(), grown);
    b.run(&["verify"]).ok();
    assert!(holds(&folder_bytes(b.dir.path()), "Quirin Obermaier"));
}

#[test]
fn a_file_that_is_no_database_is_still_told_apart_from_a_protected_one() {
    let b = Books::empty();
    std::fs::write(&b.db, "date;amount\n".repeat(200)).unwrap();
    b.run(&["summary"]).refused("not an SQLite database");
}

/// The bytes of a kit or bundle with its gzip payload unpacked: what anyone who finds the
/// file can read without a key.
fn readable(path: &Path) -> Vec<u8> {
    use std::io::Read;
    let bytes = std::fs::read(path).unwrap();
    let newline = bytes.iter().position(|&b| b == b'\n').unwrap();
    let mut payload = Vec::new();
    flate2::read::GzDecoder::new(&bytes[newline + 1..])
        .read_to_end(&mut payload)
        .unwrap();
    let mut all = bytes[..newline].to_vec();
    all.extend(payload);
    all
}

#[test]
fn a_protected_association_sends_encrypted_kits_and_every_bundle_is_encrypted() {
    let b = Books::with_members_and_projects();
    b.run(&["member", "add", "--name", NAME, "--number", "77"])
        .ok();
    let organiser = [("COMMONPOT_PASSPHRASE", FIRST)];
    b.run_with(
        &[("COMMONPOT_NEW_PASSPHRASE", FIRST)],
        &["passphrase", "set"],
    )
    .ok();
    let kit = b.path("stall.cpkit");
    let kit_arg = kit.to_str().unwrap();

    // A protected association's kit needs a passphrase of its own.
    b.run_with(
        &organiser,
        &["kit", "export", "--volunteer", "Stall", "--out", kit_arg],
    )
    .refused("COMMONPOT_NEW_PASSPHRASE");
    assert!(!kit.exists());
    b.run_with(
        &[
            ("COMMONPOT_PASSPHRASE", FIRST),
            ("COMMONPOT_NEW_PASSPHRASE", SECOND),
        ],
        &["kit", "export", "--volunteer", "Stall", "--out", kit_arg],
    )
    .ok();
    let inside = readable(&kit);
    for secret in [NAME, "Zoë Müller", "TREES"] {
        assert!(!holds(&inside, secret), "{secret} is readable in the kit");
    }

    // Opening it: without the passphrase, or a wrong one, nothing is made.
    let laptop = b.path("laptop.sqlite");
    let on_laptop = |vars: &[(&str, &str)], args: &[&str]| {
        let mut all = vec!["--db", laptop.to_str().unwrap()];
        all.extend_from_slice(args);
        crate::support::run_in_with(b.dir.path(), vars, &all)
    };
    on_laptop(&[], &["kit", "open", kit_arg]).refused("COMMONPOT_PASSPHRASE");
    on_laptop(
        &[("COMMONPOT_PASSPHRASE", "not the passphrase")],
        &["kit", "open", kit_arg],
    )
    .refused("does not open the kit");
    assert!(!laptop.exists(), "a refused kit made a file");
    let volunteer = [("COMMONPOT_PASSPHRASE", SECOND)];
    on_laptop(&volunteer, &["kit", "open", kit_arg]).ok();
    // The laptop's file is protected by the kit's passphrase from its first byte.
    assert!(!holds(&std::fs::read(&laptop).unwrap(), NAME));
    on_laptop(&[], &["member", "list"]).refused("COMMONPOT_PASSPHRASE");
    assert!(
        on_laptop(&volunteer, &["member", "list"])
            .ok()
            .contains(NAME)
    );
    on_laptop(
        &volunteer,
        &[
            "contribute",
            "--project",
            "TREES",
            "--amount",
            "5",
            "--channel",
            "cash",
            "--member",
            "77",
        ],
    )
    .ok();
    on_laptop(&volunteer, &["member", "add", "--name", "Quirin Obermaier"]).ok();

    // The bundle's body is encrypted: the names it carries are not readable in it.
    let bundle = b.path("stall.cpbundle");
    on_laptop(
        &volunteer,
        &["bundle", "export", "--out", bundle.to_str().unwrap()],
    )
    .ok();
    let inside = readable(&bundle);
    assert!(
        holds(&inside, "Stall"),
        "the header (the laptop's name) stays readable"
    );
    for secret in [NAME, "Quirin Obermaier", "TREES"] {
        assert!(
            !holds(&inside, secret),
            "{secret} is readable in the bundle"
        );
    }
    let report = b
        .run_with(
            &organiser,
            &["bundle", "import", bundle.to_str().unwrap(), "--json"],
        )
        .json();
    assert_eq!(report["added"], 1, "{report}");
    assert!(
        b.run_with(&organiser, &["member", "list"])
            .ok()
            .contains("Quirin Obermaier")
    );
}

#[test]
fn the_passphrase_is_not_changed_while_another_process_has_the_file_open() {
    use std::io::{BufRead, BufReader, Write};
    let b = Books::with_members_and_projects();
    let before = std::fs::read(&b.db).unwrap();
    // Another process (the SQLite shell, as a window would) has the file open.
    let mut shell = std::process::Command::new("sqlite3")
        .arg(&b.db)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("sqlite3 is installed (cargo xtask test installs it)");
    let mut input = shell.stdin.take().unwrap();
    writeln!(input, "SELECT count(*) FROM member;").unwrap();
    let mut line = String::new();
    BufReader::new(shell.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    assert_eq!(line.trim(), "2", "the shell opened the file");
    b.run_with(
        &[("COMMONPOT_NEW_PASSPHRASE", FIRST)],
        &["passphrase", "set"],
    )
    .refused("is open in another window or process");
    assert_eq!(
        std::fs::read(&b.db).unwrap(),
        before,
        "the file was changed"
    );
    drop(input);
    shell.wait().unwrap();
    b.run_with(
        &[("COMMONPOT_NEW_PASSPHRASE", FIRST)],
        &["passphrase", "set"],
    )
    .ok();
    b.run_with(&[("COMMONPOT_PASSPHRASE", FIRST)], &["verify"])
        .ok();
}
