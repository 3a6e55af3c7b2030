use crate::support::{Books, run_in};

#[test]
fn an_organiser_keeps_the_books_through_the_command() {
    let books = Books::new();
    assert_eq!(
        books.run(&["member", "list"]).ok(),
        "No members yet. Register one with: commonpot member add --name \"…\""
    );

    let zoe = books
        .run(&[
            "member",
            "add",
            "--name",
            "Zoë Müller",
            "--email",
            "zoe@example.org",
            "--number",
            "7",
        ])
        .ok();
    assert_eq!(zoe.len(), 36, "member add prints the new id: {zoe}");
    let lukasz = books
        .run(&["member", "add", "--name", "Łukasz Wójcik"])
        .ok();
    let members = books.run(&["member", "list", "--json"]).json();
    let names: Vec<&str> = members
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Łukasz Wójcik", "Zoë Müller"]);
    assert_eq!(members[1]["number"], "7");
    assert_eq!(members[1]["email"], "zoe@example.org");

    let trees = books
        .run(&[
            "project",
            "add",
            "--title",
            "Street trees",
            "--goal",
            "1.000,00",
            "--deadline",
            "2027-03-31",
        ])
        .ok();
    assert_eq!(trees.len(), 36);
    books
        .run(&[
            "project", "add", "--title", "Bench", "--goal", "500,00", "--code", "bench",
        ])
        .ok();

    // REF by code, by id prefix and by full id; members by number and by id prefix.
    let c1 = books
        .run(&[
            "contribute",
            "--project",
            "STREET-TREES",
            "--amount",
            "2,50",
            "--channel",
            "cash",
            "--member",
            "7",
        ])
        .ok();
    books
        .run(&[
            "contribute",
            "--project",
            &trees[..24],
            "--amount",
            "100",
            "--channel",
            "transfer",
            "--member",
            &lukasz[..24],
        ])
        .ok();
    books
        .run(&[
            "contribute",
            "--project",
            &trees,
            "--amount",
            "7.50",
            "--channel",
            "card",
            "--received",
            "2026-03-14T10:30",
            "--note",
            "Stall",
        ])
        .ok();
    books
        .run(&[
            "contribute",
            "--project",
            "BENCH",
            "--amount",
            "20",
            "--channel",
            "mobile",
            "--collector",
            "7",
        ])
        .ok();
    books
        .run(&[
            "contribute",
            "--project",
            "general",
            "--amount",
            "5",
            "--channel",
            "other",
        ])
        .ok();
    let expense = books
        .run(&[
            "expense",
            "add",
            "--project",
            "BENCH",
            "--amount",
            "12,30",
            "--payee",
            "Hardware store",
            "--paid",
            "2026-03-15",
            "--note",
            "Screws",
        ])
        .ok();

    let projects = books.run(&["project", "list", "--json"]).json();
    let t = &projects[0];
    assert_eq!(t["code"], "STREET-TREES");
    assert_eq!(t["goal"], "1000.00");
    assert_eq!(t["raised"], "110.00");
    assert_eq!(t["spent"], "0.00");
    assert_eq!(t["balance"], "110.00");
    assert_eq!(t["contributors"], 2);
    assert_eq!(t["progress_percent"], "11");
    assert_eq!(t["deadline"], "2027-03-31");
    let b = &projects[1];
    assert_eq!(
        (
            b["code"].as_str(),
            b["raised"].as_str(),
            b["spent"].as_str(),
            b["balance"].as_str()
        ),
        (Some("BENCH"), Some("20.00"), Some("12.30"), Some("7.70"))
    );
    assert_eq!(b["anonymous_gifts"], 1);

    let table = books.run(&["project", "list"]).ok();
    assert!(
        table.contains("1.000,00"),
        "amounts print in the association's locale:\n{table}"
    );

    // Undo by reversal: the figures drop, the entry stays in the ledger.
    let reversal = books
        .run(&["reverse", &c1[..28], "--reason", "entered twice by mistake"])
        .ok();
    books
        .run(&[
            "reverse",
            &expense,
            "--reason",
            "paid from the wrong project",
        ])
        .ok();
    let projects = books.run(&["project", "list", "--json"]).json();
    assert_eq!(projects[0]["raised"], "107.50");
    assert_eq!(
        projects[0]["contributors"], 1,
        "Zoë's only gift to the trees was reversed"
    );
    assert_eq!(projects[1]["spent"], "0.00");

    let ledger = books.run(&["ledger", "--json"]).json();
    let ledger = ledger.as_array().unwrap();
    assert_eq!(ledger.len(), 8);
    assert_eq!(ledger[0]["id"], c1.as_str());
    assert_eq!(ledger[0]["reversed_by"], reversal.as_str());
    assert_eq!(ledger[0]["amount"], "2.50");
    let last = &ledger[7];
    assert_eq!(
        (last["kind"].as_str(), last["amount"].as_str()),
        (Some("reversal"), Some("12.30"))
    );
    let only_zoe = books.run(&["ledger", "--member", "7", "--json"]).json();
    assert_eq!(
        only_zoe.as_array().unwrap().len(),
        2,
        "her gift and its reversal: {only_zoe}"
    );
    let general = books
        .run(&["ledger", "--project", "general", "--json"])
        .json();
    assert_eq!(general.as_array().unwrap().len(), 1);
    let bench = books
        .run(&["ledger", "--project", "bench", "--json"])
        .json();
    assert_eq!(bench.as_array().unwrap().len(), 3);

    let summary = books.summary();
    assert_eq!(summary["raised"], "132.50");
    assert_eq!(summary["spent"], "0.00");
    assert_eq!(summary["general_fund"], "5.00");
    assert_eq!(summary["entry_count"], 8);
    let cash = summary["channels"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["channel"] == "cash")
        .unwrap()
        .clone();
    assert_eq!(
        (cash["raised"].as_str(), cash["contributions"].as_u64()),
        (Some("0.00"), Some(0))
    );
    assert_eq!(summary["digest"].as_str().unwrap().len(), 64);

    let verified = books.run(&["verify"]).ok();
    assert!(verified.starts_with("ok: 8 entries"), "{verified}");

    // A backup taken now is a complete, checkable association of its own.
    let backup = books.path("backup.sqlite");
    books
        .run(&["backup", "--out", backup.to_str().unwrap()])
        .ok();
    let copy = Books {
        dir: tempfile::tempdir().unwrap(),
        db: backup,
    };
    assert_eq!(copy.digest(), books.digest());
    copy.run(&["verify"]).ok();
}

#[test]
fn the_member_ledger_shows_what_the_member_gave() {
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
            "--member",
            "M1",
        ])
        .ok();
    books
        .run(&[
            "contribute",
            "--project",
            "TREES",
            "--amount",
            "6",
            "--channel",
            "cash",
            "--collector",
            "M1",
        ])
        .ok();
    let lines = books.run(&["ledger", "--member", "M1", "--json"]).json();
    assert_eq!(
        lines.as_array().unwrap().len(),
        1,
        "collecting money is not giving it: {lines}"
    );
}

#[test]
fn contribute_with_an_id_is_idempotent_and_names_what_differs() {
    let books = Books::with_members_and_projects();
    let id = "01900000-0000-7000-8000-000000000001";
    let args = [
        "contribute",
        "--project",
        "TREES",
        "--amount",
        "5",
        "--channel",
        "cash",
        "--id",
        id,
        "--received",
        "2026-01-02T10:00",
    ];
    assert_eq!(books.run(&args).ok(), id);
    let digest = books.digest();
    let again = books.run(&args);
    assert!(
        again.stderr.contains("already recorded"),
        "{}",
        again.stderr
    );
    assert_eq!(again.ok(), id);
    assert_eq!(
        books.digest(),
        digest,
        "the same contribution again changes nothing"
    );
    // Leaving out the time means the time of the first attempt.
    books
        .run(&[
            "contribute",
            "--project",
            "TREES",
            "--amount",
            "5",
            "--channel",
            "cash",
            "--id",
            id,
        ])
        .ok();

    books
        .run(&[
            "contribute",
            "--project",
            "BENCH",
            "--amount",
            "6",
            "--channel",
            "cash",
            "--id",
            id,
        ])
        .refused("different project, amount");
    books
        .run(&[
            "contribute",
            "--project",
            "TREES",
            "--amount",
            "5",
            "--channel",
            "cash",
            "--id",
            "not-a-uuid",
        ])
        .refused("--id");
    books
        .run(&[
            "contribute",
            "--project",
            "TREES",
            "--amount",
            "5",
            "--channel",
            "cash",
            "--id",
            "00000000-0000-0000-0000-000000000000",
        ])
        .refused("nil UUID");
    assert_eq!(books.digest(), digest);
    assert_eq!(books.summary()["entry_count"], 1);

    // A script may bring ids of its own, such as random UUIDv4s.
    let v4 = [
        "contribute",
        "--project",
        "TREES",
        "--amount",
        "1",
        "--channel",
        "cash",
        "--id",
        "6f9619ff-8b86-4011-b42d-00c04fc964ff",
    ];
    books.run(&v4).ok();
    books.run(&v4).ok();
    assert_eq!(books.summary()["entry_count"], 2);
    books.run(&["verify"]).ok();
}

#[test]
fn csv_export_then_import_reproduces_the_digest() {
    let books = Books::with_members_and_projects();
    // The receiving association has the same members and projects: a copy taken now.
    let receiver = books.path("receiver.sqlite");
    books
        .run(&["backup", "--out", receiver.to_str().unwrap()])
        .ok();
    books
        .run(&[
            "contribute",
            "--project",
            "TREES",
            "--amount",
            "2,50",
            "--channel",
            "cash",
            "--member",
            "M1",
            "--received",
            "2026-02-01T09:15",
        ])
        .ok();
    books
        .run(&[
            "contribute",
            "--project",
            "general",
            "--amount",
            "10",
            "--channel",
            "transfer",
            "--member",
            "M2",
            "--note",
            "Danke, \"Nachbarn\"",
        ])
        .ok();
    books
        .run(&[
            "contribute",
            "--project",
            "BENCH",
            "--amount",
            "3",
            "--channel",
            "cash",
            "--collector",
            "M2",
        ])
        .ok();
    let csv = books.path("out.csv");
    assert_eq!(
        books
            .run(&["export", "contributions", "--out", csv.to_str().unwrap()])
            .ok(),
        format!("exported 3 contributions to {}", csv.display())
    );
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(
        text.starts_with("id,received,project,member,amount,channel,collector,note\n"),
        "{text}"
    );
    assert!(
        text.contains(",2026-02-01T09:15:00Z,TREES,M1,2.50,cash,,\n"),
        "{text}"
    );

    let copy = Books {
        dir: tempfile::tempdir().unwrap(),
        db: receiver,
    };
    let dry = copy
        .run(&[
            "import",
            "contributions",
            csv.to_str().unwrap(),
            "--dry-run",
        ])
        .ok();
    assert!(dry.starts_with("would import 3 contributions"), "{dry}");
    assert_eq!(copy.summary()["entry_count"], 0, "a dry run saves nothing");
    copy.run(&["import", "contributions", csv.to_str().unwrap()])
        .ok();
    assert_eq!(copy.digest(), books.digest());
    // Importing the same file again adds nothing.
    let again = copy
        .run(&["import", "contributions", csv.to_str().unwrap()])
        .ok();
    assert!(
        again.contains("imported 0 contributions") && again.contains("3 already recorded"),
        "{again}"
    );
    assert_eq!(copy.digest(), books.digest());
}

#[test]
fn the_default_file_is_the_desktop_apps_file_in_the_data_folder() {
    let books = Books::empty();
    run_in(
        books.dir.path(),
        &[
            "init",
            "--name",
            "Default",
            "--currency",
            "CHF",
            "--locale",
            "de-CH",
        ],
    )
    .ok();
    let expected = books
        .dir
        .path()
        .join("xdg-data/org.commonpot.app/commonpot.sqlite");
    assert!(expected.exists(), "{} was not created", expected.display());
    run_in(books.dir.path(), &["member", "add", "--name", "Anna"]).ok();
    let summary: serde_json::Value =
        serde_json::from_str(&run_in(books.dir.path(), &["summary", "--json"]).ok()).unwrap();
    assert_eq!(summary["association"], "Default");
    assert_eq!(summary["currency"], "CHF");
}

#[test]
fn the_demo_is_the_same_for_the_same_seed() {
    let a = Books::empty();
    let out = a
        .run(&[
            "demo",
            "--members",
            "12",
            "--contributions",
            "300",
            "--seed",
            "7",
        ])
        .ok();
    assert!(
        out.contains("12 members, 8 projects, 300 contributions"),
        "{out}"
    );
    let b = Books::empty();
    b.run(&[
        "demo",
        "--members",
        "12",
        "--contributions",
        "300",
        "--seed",
        "7",
    ])
    .ok();
    assert_eq!(a.digest(), b.digest());
    let c = Books::empty();
    c.run(&[
        "demo",
        "--members",
        "12",
        "--contributions",
        "300",
        "--seed",
        "8",
    ])
    .ok();
    assert_ne!(a.digest(), c.digest());

    let members = a.run(&["member", "list", "--json"]).json();
    let names: Vec<&str> = members
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["name"].as_str().unwrap())
        .collect();
    for name in [
        "Zoë Müller",
        "Łukasz Wójcik",
        "Ελένη Παπαδοπούλου",
        "김민준",
    ] {
        assert!(names.contains(&name), "{name} is missing from {names:?}");
    }
    let summary = a.summary();
    let statuses: Vec<&str> = summary["projects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["status"].as_str().unwrap())
        .collect();
    for status in ["proposed", "open", "funded", "done", "cancelled"] {
        assert!(
            statuses.contains(&status),
            "no {status} project in {statuses:?}"
        );
    }
    for channel in summary["channels"].as_array().unwrap() {
        assert_ne!(
            channel["contributions"], 0,
            "no contributions through {}",
            channel["channel"]
        );
    }
    a.run(&["verify"]).ok();
    a.run(&["demo"]).refused("already exists");
}

#[test]
fn an_association_set_up_alike_imports_to_the_same_digest() {
    // Entries name projects by code and members by number in their hashes, so a second
    // association set up with the same codes and numbers reproduces the first one's digest.
    let first = Books::with_members_and_projects();
    first
        .run(&[
            "contribute",
            "--project",
            "TREES",
            "--amount",
            "2,50",
            "--channel",
            "cash",
            "--member",
            "M1",
            "--collector",
            "M2",
        ])
        .ok();
    first
        .run(&[
            "contribute",
            "--project",
            "general",
            "--amount",
            "10",
            "--channel",
            "transfer",
            "--member",
            "M2",
        ])
        .ok();
    first
        .run(&[
            "contribute",
            "--project",
            "BENCH",
            "--amount",
            "3",
            "--channel",
            "mobile",
            "--note",
            "Sommerfest",
        ])
        .ok();
    let csv = first.path("contributions.csv");
    first
        .run(&["export", "contributions", "--out", csv.to_str().unwrap()])
        .ok();

    let second = Books::with_members_and_projects();
    second
        .run(&["import", "contributions", csv.to_str().unwrap()])
        .ok();
    assert_eq!(second.digest(), first.digest());
    second.run(&["verify"]).ok();
}

#[test]
fn settings_and_project_stages_change_through_the_command() {
    let books = Books::with_members_and_projects();
    let shown = books.run(&["association", "show", "--json"]).json();
    assert_eq!(
        (
            shown["name"].as_str(),
            shown["currency"].as_str(),
            shown["locale"].as_str()
        ),
        (Some("Lindenhof"), Some("EUR"), Some("de-DE"))
    );
    assert_eq!(shown["max_amount"], "100000.00");

    books
        .run(&[
            "contribute",
            "--project",
            "TREES",
            "--amount",
            "150",
            "--channel",
            "cash",
        ])
        .ok();
    books
        .run(&["association", "set", "--max-amount", "100"])
        .ok();
    books
        .run(&[
            "contribute",
            "--project",
            "TREES",
            "--amount",
            "150",
            "--channel",
            "cash",
        ])
        .refused("maximum single amount of 100,00 EUR");
    books
        .run(&[
            "association",
            "set",
            "--locale",
            "en-GB",
            "--name",
            "Lindenhof e.V.",
        ])
        .ok();
    let shown = books.run(&["association", "show", "--json"]).json();
    assert_eq!(
        (
            shown["name"].as_str(),
            shown["locale"].as_str(),
            shown["max_amount"].as_str()
        ),
        (Some("Lindenhof e.V."), Some("en-GB"), Some("100.00"))
    );
    books
        .run(&[
            "association",
            "set",
            "--iban",
            "de44 5001 0517 5407 3249 31",
            "--bic",
            "genodef1m04",
            "--creditor",
            "Lindenhof e.V.",
        ])
        .ok();
    let shown = books.run(&["association", "show", "--json"]).json();
    assert_eq!(
        (
            shown["iban"].as_str(),
            shown["bic"].as_str(),
            shown["creditor"].as_str()
        ),
        (
            Some("DE44500105175407324931"),
            Some("GENODEF1M04"),
            Some("Lindenhof e.V.")
        )
    );
    books
        .run(&["association", "set", "--iban", "DE45500105175407324931"])
        .refused("--iban: \"DE45500105175407324931\" is not a valid IBAN");
    books
        .run(&["association", "set", "--bic", "DEUT1EFF"])
        .refused("--bic");
    books
        .run(&["association", "set", "--creditor", &"x".repeat(71)])
        .refused("at most 70");
    books
        .run(&["association", "set", "--language", "fr"])
        .refused("--language");
    books.run(&["association", "set", "--iban", ""]).ok();
    assert!(books.run(&["association", "show", "--json"]).json()["iban"].is_null());
    books
        .run(&["association", "set", "--locale", "xx-YY"])
        .refused("--locale");
    books
        .run(&["association", "set", "--max-amount", "0"])
        .refused("--max-amount");
    // Settings of printed statements: the disclosure threshold (default 5) and a receipt text.
    let shown = books.run(&["association", "show", "--json"]).json();
    assert_eq!(shown["disclosure_threshold"], 5);
    assert!(shown["receipt_text"].is_null());
    books
        .run(&[
            "association",
            "set",
            "--disclosure-threshold",
            "3",
            "--receipt-text",
            "Wir bestätigen den Erhalt.",
        ])
        .ok();
    let shown = books.run(&["association", "show", "--json"]).json();
    assert_eq!(shown["disclosure_threshold"], 3);
    assert_eq!(shown["receipt_text"], "Wir bestätigen den Erhalt.");
    for bad in ["0", "drei", "1001"] {
        books
            .run(&["association", "set", "--disclosure-threshold", bad])
            .refused("--disclosure-threshold");
    }
    books
        .run(&["association", "set", "--receipt-text", ""])
        .ok();
    assert!(books.run(&["association", "show", "--json"]).json()["receipt_text"].is_null());

    assert_eq!(
        books.run(&["project", "status", "TREES", "funded"]).ok(),
        "TREES is now funded"
    );
    books.run(&["project", "status", "BENCH", "cancelled"]).ok();
    books
        .run(&[
            "contribute",
            "--project",
            "BENCH",
            "--amount",
            "5",
            "--channel",
            "cash",
        ])
        .refused("cancelled");
    books
        .run(&["project", "status", "BENCH", "closed"])
        .refused("\"closed\" is not a project status");
    let projects = books.run(&["project", "list", "--json"]).json();
    assert_eq!(
        (
            projects[0]["status"].as_str(),
            projects[1]["status"].as_str()
        ),
        (Some("funded"), Some("cancelled"))
    );
}

#[test]
fn the_ledger_filters_and_details_change_without_touching_the_books() {
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
            "--received",
            "2026-01-10T10:00",
            "--note",
            "Sommerfest 100%",
        ])
        .ok();
    books
        .run(&[
            "contribute",
            "--project",
            "TREES",
            "--amount",
            "7",
            "--channel",
            "card",
            "--received",
            "2026-02-10T10:00",
        ])
        .ok();
    books
        .run(&[
            "expense",
            "add",
            "--project",
            "BENCH",
            "--amount",
            "3",
            "--payee",
            "Tischlerei Holz",
            "--paid",
            "2026-02-11",
        ])
        .ok();
    let count = |args: &[&str]| {
        let mut all = vec!["ledger", "--json"];
        all.extend_from_slice(args);
        books.run(&all).json().as_array().unwrap().len()
    };
    assert_eq!(count(&[]), 3);
    assert_eq!(count(&["--channel", "card"]), 1);
    assert_eq!(count(&["--from", "2026-02-01"]), 2);
    assert_eq!(count(&["--to", "2026-01-31"]), 1);
    assert_eq!(count(&["--from", "2026-02-11", "--to", "2026-02-11"]), 1);
    assert_eq!(count(&["--search", "tischlerei"]), 1);
    assert_eq!(
        count(&["--search", "100%"]),
        1,
        "% is searched for, not a wildcard"
    );
    assert_eq!(count(&["--search", "_"]), 0);
    books
        .run(&["ledger", "--from", "10.02.2026"])
        .refused("--from");

    let digest = books.digest();
    books
        .run(&[
            "member",
            "set",
            "M1",
            "--email",
            "zoe.mueller@example.org",
            "--name",
            "Zoë Müller-Weiß",
        ])
        .ok();
    books
        .run(&[
            "project",
            "set",
            "TREES",
            "--title",
            "Zwölf Straßenbäume",
            "--goal",
            "5.000,00",
            "--deadline",
            "",
        ])
        .ok();
    books
        .run(&["member", "set", "M1", "--email", "nope"])
        .refused("--email");
    books
        .run(&["project", "set", "TREES", "--goal", "0"])
        .refused("--goal");
    let members = books.run(&["member", "list", "--json"]).json();
    let zoe = members
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["number"] == "M1")
        .unwrap()
        .clone();
    assert_eq!(
        (zoe["name"].as_str(), zoe["email"].as_str()),
        (Some("Zoë Müller-Weiß"), Some("zoe.mueller@example.org"))
    );
    let projects = books.run(&["project", "list", "--json"]).json();
    assert_eq!(
        (
            projects[0]["title"].as_str(),
            projects[0]["goal"].as_str(),
            projects[0]["code"].as_str()
        ),
        (Some("Zwölf Straßenbäume"), Some("5000.00"), Some("TREES"))
    );
    assert_eq!(
        books.digest(),
        digest,
        "names, addresses and goals are not entries: the digest stays"
    );
    books.run(&["verify"]).ok();
}
