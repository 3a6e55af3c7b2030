//! What must hold even when something goes wrong: tampering is found, two writers at once both
//! succeed, a backup taken during writes is whole.

use std::process::Command;

use crate::support::Books;

#[test]
fn verify_names_an_entry_changed_behind_the_apps_back() {
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
    let victim = books
        .run(&[
            "contribute",
            "--project",
            "TREES",
            "--amount",
            "20",
            "--channel",
            "cash",
        ])
        .ok();
    books
        .run(&[
            "expense",
            "add",
            "--project",
            "TREES",
            "--amount",
            "3",
            "--payee",
            "Nursery",
        ])
        .ok();
    books.run(&["verify"]).ok();

    // The append-only guard refuses the change first...
    let hex = victim.replace('-', "");
    let update = format!("UPDATE contribution SET amount_minor = 200000 WHERE id = X'{hex}';");
    let refused = sqlite3(&books, &update);
    assert!(
        !refused.status.success(),
        "the trigger must refuse an UPDATE"
    );
    assert!(String::from_utf8_lossy(&refused.stderr).contains("append-only"));
    // ...so the tamperer drops it.
    let tampered = sqlite3(
        &books,
        &format!("DROP TRIGGER contribution_append_only_update; {update}"),
    );
    assert!(
        tampered.status.success(),
        "{}",
        String::from_utf8_lossy(&tampered.stderr)
    );

    let run = books.run(&["verify"]);
    assert_eq!(run.status, 1, "{}", run.stdout);
    assert!(
        run.stdout.contains(&format!(
            "contribution {victim} was changed after it was recorded"
        )),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("append-only guard contribution_append_only_update is missing"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("money raised of project TREES"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_deleted_entry_is_found_by_the_digest() {
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
    let gone = books
        .run(&[
            "contribute",
            "--project",
            "TREES",
            "--amount",
            "6",
            "--channel",
            "cash",
        ])
        .ok();
    let delete = format!(
        "DROP TRIGGER contribution_append_only_delete; DELETE FROM contribution WHERE id = X'{}';",
        gone.replace('-', "")
    );
    assert!(sqlite3(&books, &delete).status.success());
    let run = books.run(&["verify"]);
    assert_eq!(run.status, 1);
    assert!(run.stdout.contains("saved ledger digest"), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("saved entry count 2 differs from the 1 entries"),
        "{}",
        run.stdout
    );
}

fn sqlite3(books: &Books, sql: &str) -> std::process::Output {
    Command::new("sqlite3")
        .arg(&books.db)
        .arg(sql)
        .output()
        .expect("the sqlite3 shell is installed (cargo xtask test installs it)")
}

#[test]
fn two_processes_adding_contributions_at_once_both_succeed() {
    let books = Books::with_members_and_projects();
    const EACH: usize = 30;
    std::thread::scope(|scope| {
        for (project, amount) in [("TREES", "1"), ("BENCH", "2")] {
            let books = &books;
            scope.spawn(move || {
                for _ in 0..EACH {
                    books
                        .run(&[
                            "contribute",
                            "--project",
                            project,
                            "--amount",
                            amount,
                            "--channel",
                            "cash",
                        ])
                        .ok();
                }
            });
        }
    });
    let summary = books.summary();
    assert_eq!(summary["entry_count"], 2 * EACH as u64);
    assert_eq!(summary["projects"][0]["raised"], "30.00");
    assert_eq!(summary["projects"][1]["raised"], "60.00");
    books.run(&["verify"]).ok();
}

#[test]
fn a_backup_taken_while_another_process_writes_is_whole() {
    let books = Books::with_members_and_projects();
    let backups: Vec<_> = (0..5)
        .map(|i| books.path(&format!("backup-{i}.sqlite")))
        .collect();
    std::thread::scope(|scope| {
        let writer = scope.spawn(|| {
            for _ in 0..25 {
                books
                    .run(&[
                        "contribute",
                        "--project",
                        "TREES",
                        "--amount",
                        "1",
                        "--channel",
                        "cash",
                    ])
                    .ok();
            }
        });
        for b in &backups {
            books.run(&["backup", "--out", b.to_str().unwrap()]).ok();
        }
        writer.join().unwrap();
    });
    for b in backups {
        let copy = Books {
            dir: tempfile::tempdir().unwrap(),
            db: b,
        };
        let verified = copy.run(&["verify"]).ok();
        assert!(verified.starts_with("ok:"), "{verified}");
    }
}

#[test]
fn a_backup_taken_during_writes_restores_to_books_that_verify() {
    let books = Books::with_members_and_projects();
    let backup = books.path("during.sqlite");
    std::thread::scope(|scope| {
        let writer = scope.spawn(|| {
            for _ in 0..20 {
                books
                    .run(&[
                        "contribute",
                        "--project",
                        "TREES",
                        "--amount",
                        "1",
                        "--channel",
                        "cash",
                    ])
                    .ok();
            }
        });
        std::thread::sleep(std::time::Duration::from_millis(150));
        books
            .run(&["backup", "--out", backup.to_str().unwrap()])
            .ok();
        writer.join().unwrap();
    });
    let in_backup = Books {
        dir: tempfile::tempdir().unwrap(),
        db: backup.clone(),
    };
    let backup_digest = in_backup.digest();
    let after = books.digest();
    // Restored in place: the books of the backup, verified; the later books kept beside it.
    let out = books.run(&["restore", backup.to_str().unwrap()]).ok();
    assert!(out.contains(&backup_digest), "{out}");
    assert_eq!(books.digest(), backup_digest);
    assert!(books.run(&["verify"]).ok().starts_with("ok:"));
    let kept = out
        .lines()
        .last()
        .unwrap()
        .rsplit(' ')
        .next()
        .unwrap()
        .to_string();
    let kept = Books {
        dir: tempfile::tempdir().unwrap(),
        db: kept.into(),
    };
    assert_eq!(
        kept.digest(),
        after,
        "nothing is lost: the replaced books are kept"
    );
    // Into a new file too.
    let fresh = Books::empty();
    fresh.run(&["restore", backup.to_str().unwrap()]).ok();
    assert_eq!(fresh.digest(), backup_digest);
}

#[test]
fn a_restore_refuses_a_damaged_foreign_or_missing_backup_and_changes_nothing() {
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
    let before = books.digest();
    let backup = books.path("copy.sqlite");
    books
        .run(&["backup", "--out", backup.to_str().unwrap()])
        .ok();
    let damaged = books.path("damaged.sqlite");
    std::fs::copy(&backup, &damaged).unwrap();
    let out = Command::new("sqlite3")
        .arg(&damaged)
        .arg("PRAGMA foreign_keys = OFF; DROP TRIGGER contribution_append_only_update; UPDATE contribution SET amount_minor = amount_minor + 1;")
        .output()
        .expect("sqlite3");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    books
        .run(&["restore", damaged.to_str().unwrap()])
        .refused("fails verification");
    let other = Books::new();
    books
        .run(&["restore", other.db.to_str().unwrap()])
        .refused("nothing was restored");
    books
        .run(&["restore", "nowhere.sqlite"])
        .refused("nowhere.sqlite");
    books
        .run(&["restore", books.db.to_str().unwrap()])
        .refused("the association file itself");
    let text = books.path("notes.txt");
    std::fs::write(&text, "not a database").unwrap();
    books
        .run(&["restore", text.to_str().unwrap()])
        .refused("notes.txt");
    assert_eq!(books.digest(), before);
    let leftovers: Vec<_> = std::fs::read_dir(books.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("restoring") || n.contains("before-restore"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}
