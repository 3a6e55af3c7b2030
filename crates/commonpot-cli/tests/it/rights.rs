//! Members' rights through the command: everything held about a member exported as JSON, and
//! their erasure — the name and e-mail gone from every byte of the file, every figure the same.

use crate::support::Books;

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

/// The file and its companions, as bytes.
fn file_bytes(books: &Books) -> Vec<u8> {
    let mut bytes = Vec::new();
    for suffix in ["", "-wal", "-shm"] {
        let path = format!("{}{suffix}", books.db.display());
        if let Ok(b) = std::fs::read(&path) {
            bytes.extend(b);
        }
    }
    bytes
}

#[test]
fn a_member_is_exported_then_erased_without_a_trace_and_every_figure_stays() {
    let b = Books::with_members_and_projects();
    let name = "Henrietta Quastenberg";
    let email = "henrietta.q@example.org";
    b.run(&[
        "member", "add", "--name", name, "--number", "77", "--email", email,
    ])
    .ok();
    for (amount, project) in [("12,50", "TREES"), ("30", "BENCH"), ("5", "general")] {
        b.run(&[
            "contribute",
            "--project",
            project,
            "--amount",
            amount,
            "--channel",
            "cash",
            "--member",
            "77",
        ])
        .ok();
    }
    b.run(&[
        "meeting",
        "add",
        "--date",
        "2026-11-20",
        "--title",
        "Autumn meeting",
        "--attendees",
        "77,M1",
        "--by",
        "M2",
    ])
    .ok();
    b.run(&[
        "shift",
        "add",
        "--member",
        "77",
        "--date",
        "2026-11-21",
        "--what",
        "Stall at the fair",
        "--by",
        "M1",
    ])
    .ok();
    // A transfer from her account, matched by her name.
    b.add_giro_profile();
    let csv = b.path("giro.csv");
    std::fs::write(&csv, "Datum;Name;IBAN;Betrag;Text\n02.11.2026;QUASTENBERG, HENRIETTA;DE44500105175407324931;20,00;Spende\n").unwrap();
    assert_eq!(
        b.run(&[
            "bank",
            "import",
            csv.to_str().unwrap(),
            "--csv",
            "giro",
            "--json"
        ])
        .json()["matched"],
        1
    );

    let out = b.path("henrietta.json");
    b.run(&["member", "export", "77", "--out", out.to_str().unwrap()])
        .ok();
    let export: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(export["member"]["name"], name);
    assert_eq!(export["member"]["email"], email);
    assert_eq!(export["contributions"].as_array().unwrap().len(), 4);
    assert_eq!(export["meetings_attended"][0]["title"], "Autumn meeting");
    assert_eq!(export["shifts"][0]["what"], "Stall at the fair");
    assert_eq!(export["bank_lines"][0]["iban"], "DE44500105175407324931");

    // The same data as a PDF a member can read.
    let pdf = b.path("henrietta.pdf");
    let printed = b
        .run(&["member", "export", "77", "--out", pdf.to_str().unwrap()])
        .ok();
    assert!(printed.contains("4 ledger lines"), "{printed}");
    crate::reports::qpdf_check(&pdf);
    let text = crate::reports::text(&pdf);
    for expected in [
        "Gespeicherte Daten eines Mitglieds",
        name,
        email,
        "12,50",
        "Autumn meeting",
        "Stall at the fair",
        "DE44500105175407324931",
        "QUASTENBERG, HENRIETTA",
        "Beitrag",
        "Besuchte Versammlungen",
    ] {
        assert!(
            text.contains(expected),
            "{expected} is not in the PDF:\n{text}"
        );
    }

    let summary = b.summary();
    let projects = b.run(&["project", "list", "--json"]).json();
    let statement = |file: &str| {
        let pdf = b.path(file);
        b.run(&[
            "report",
            "meeting",
            "--from",
            "2026-01-01",
            "--to",
            "2026-12-31",
            "--out",
            pdf.to_str().unwrap(),
            "--generated-at",
            "2026-12-31T18:00",
        ])
        .ok();
        std::fs::read(pdf).unwrap()
    };
    let before = statement("before.pdf");
    assert!(contains(&file_bytes(&b), name));

    b.run(&["member", "erase", "77"]).refused("--confirm");
    assert!(
        b.run(&["member", "list"]).ok().contains(name),
        "nothing erased without --confirm"
    );
    let erased = b.run(&["member", "erase", "77", "--confirm"]).ok();
    assert!(erased.contains("Former member #"), "{erased}");

    let bytes = file_bytes(&b);
    for trace in [
        name,
        "Henrietta",
        "Quastenberg",
        "QUASTENBERG",
        email,
        "DE44500105175407324931",
    ] {
        assert!(!contains(&bytes, trace), "{trace} is still in the file");
    }
    assert_eq!(
        b.summary(),
        summary,
        "every total, count and the digest stay"
    );
    assert_eq!(b.run(&["project", "list", "--json"]).json(), projects);
    assert_eq!(
        statement("after.pdf"),
        before,
        "the meeting statement is byte for byte the same"
    );
    assert!(b.run(&["verify"]).ok().starts_with("ok:"));
    let list = b.run(&["member", "list"]).ok();
    assert!(
        list.contains("Former member #") && !list.contains(name),
        "{list}"
    );
    // The erased member's gifts still count for them (number 77), under the new name.
    let ledger = b.run(&["ledger", "--member", "77", "--json"]).json();
    assert_eq!(ledger.as_array().unwrap().len(), 4);
    b.run(&["member", "export", "77", "--out", pdf.to_str().unwrap()])
        .ok();
    let text = crate::reports::text(&pdf);
    assert!(
        text.contains("Former member #") && !text.contains("Henrietta"),
        "{text}"
    );
    b.run(&["member", "export", "nobody", "--out", out.to_str().unwrap()])
        .refused("nobody");
}

/// Erasure reaches every place the file holds the name outside the ledger's own texts: a
/// laptop named after the member, bank lines waiting in the queue, the import log and a closed
/// decision's frozen tally; the command lists what it could not change and what lies outside.
#[test]
fn erasure_reaches_laptops_queued_bank_lines_logs_and_frozen_tallies() {
    let b = Books::with_members_and_projects();
    let name = "Henrietta Quastenberg";
    b.run(&["member", "add", "--name", name, "--number", "77"])
        .ok();
    // Her laptop, named after her; its bundle brings the name into the import log.
    let laptop_name = format!("{name}s Laptop");
    let kit = b.path("h.cpkit");
    b.run(&[
        "kit",
        "export",
        "--volunteer",
        &laptop_name,
        "--out",
        kit.to_str().unwrap(),
    ])
    .ok();
    let laptop = b.path("h.sqlite");
    let on_laptop = |args: &[&str]| {
        let mut all = vec!["--db", laptop.to_str().unwrap()];
        all.extend_from_slice(args);
        crate::support::run_in(b.dir.path(), &all)
    };
    on_laptop(&["kit", "open", kit.to_str().unwrap()]).ok();
    on_laptop(&[
        "contribute",
        "--project",
        "TREES",
        "--amount",
        "5",
        "--channel",
        "cash",
        "--member",
        "77",
    ])
    .ok();
    let bundle = b.path("h.cpbundle");
    on_laptop(&["bundle", "export", "--out", bundle.to_str().unwrap()]).ok();
    b.run(&["bundle", "import", bundle.to_str().unwrap()]).ok();
    // A transfer for her from someone else's account: it waits in the queue, naming her.
    b.add_giro_profile();
    let csv = b.path("giro.csv");
    std::fs::write(
        &csv,
        format!("Datum;Name;IBAN;Betrag;Text\n03.11.2026;Paul Ohnesorg;DE02120300000000202051;15,00;Geschenk fuer {name}\n"),
    )
    .unwrap();
    let report = b
        .run(&[
            "bank",
            "import",
            csv.to_str().unwrap(),
            "--csv",
            "giro",
            "--json",
        ])
        .json();
    assert_eq!(report["queued"], 1, "{report}");
    // A closed motion: its frozen tally lists every member who could vote.
    let decision = b
        .run(&[
            "decision",
            "create",
            "--title",
            "New bench",
            "--method",
            "motion",
        ])
        .ok();
    b.run(&["decision", "open", &decision]).ok();
    b.run(&[
        "ballot",
        "cast",
        "--decision",
        &decision,
        "--member",
        "77",
        "--yes",
    ])
    .ok();
    let closed = b.run(&["decision", "close", &decision, "--json"]).json();
    assert!(
        closed.to_string().contains(name),
        "the tally names her: {closed}"
    );
    // Her name in a note of the ledger, which no one may change.
    b.run(&[
        "contribute",
        "--project",
        "BENCH",
        "--amount",
        "2",
        "--channel",
        "cash",
        &format!("--note=im Namen von {name}"),
    ])
    .ok();
    assert!(contains(&file_bytes(&b), name));

    let summary = b.summary();
    let said = b.run(&["member", "erase", "77", "--confirm"]).ok();
    assert!(said.contains("1 notes, titles or places"), "{said}");
    assert!(
        said.contains("backups") && said.contains("laptops"),
        "{said}"
    );

    // Only the ledger note still holds it: every other place is cleared.
    let bytes = file_bytes(&b);
    let count = bytes
        .windows(name.len())
        .filter(|w| *w == name.as_bytes())
        .count();
    assert_eq!(count, 1, "the name stands only in the one note");
    assert_eq!(
        b.summary(),
        summary,
        "every total, count and the digest stay"
    );
    b.run(&["verify"]).ok();
    let devices = b.run(&["devices", "--json"]).json().to_string();
    assert!(!devices.contains("Quastenberg"), "{devices}");
    let tally = b.run(&["decision", "tally", &decision, "--json"]).json();
    assert!(!tally.to_string().contains("Quastenberg"), "{tally}");
    assert_eq!(
        tally["ballots"], closed["ballots"],
        "the frozen figures stay"
    );
}
