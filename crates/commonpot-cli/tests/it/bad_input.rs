//! Every refusal exits 2 with one line that names the field, and leaves the books as they were.

use crate::support::Books;

#[test]
fn bad_amounts_are_refused_naming_the_accepted_form() {
    let books = Books::with_members_and_projects();
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
    let digest = books.digest();
    let cases = [
        ("2.505", "is ambiguous"),
        ("2,505", "has 3 decimal places but EUR has 2"),
        ("0", "is zero"),
        ("0,00", "is zero"),
        ("-5", "is negative"),
        ("1e3", "uses an exponent"),
        ("NaN", "is not a number"),
        ("", "no amount was given"),
        ("zwölf", "contains \"z\""),
        ("12€", "contains \"€\""),
        ("12 50", "contains a space"),
        ("100000,01", "maximum single amount of 100.000,00 EUR"),
        ("1.2.3,4", "not a well-formed amount"),
    ];
    for (amount, problem) in cases {
        let message = books
            .run(&[
                "contribute",
                "--project",
                "TREES",
                "--amount",
                amount,
                "--channel",
                "cash",
            ])
            .refused(problem);
        assert!(message.starts_with("error: --amount: "), "{message}");
        assert!(
            message.contains("like 2,50 or 1.234,50"),
            "names the accepted form: {message}"
        );
    }
    books
        .run(&[
            "expense",
            "add",
            "--project",
            "TREES",
            "--amount",
            "-3",
            "--payee",
            "X",
        ])
        .refused("--amount");
    assert_eq!(
        books.digest(),
        digest,
        "no refused amount changed the books"
    );
}

#[test]
fn bad_references_and_values_are_refused() {
    let books = Books::with_members_and_projects();
    let digest = books.digest();
    let contribute = |extra: &[&str]| {
        let mut args = vec!["contribute", "--amount", "5"];
        args.extend_from_slice(extra);
        books.run(&args)
    };
    contribute(&["--project", "NOPE", "--channel", "cash"])
        .refused("--project: no project with the code or id \"NOPE\"");
    contribute(&["--project", "TREES", "--channel", "cheque"])
        .refused("\"cheque\" is not a channel; use one of: cash, transfer, card, mobile, other");
    contribute(&["--project", "TREES", "--channel", "cash", "--member", "M9"]).refused(
        "--member: no member with the number or id \"M9\"; `commonpot member list` shows them",
    );
    contribute(&[
        "--project",
        "TREES",
        "--channel",
        "cash",
        "--collector",
        "nobody",
    ])
    .refused("--collector");
    contribute(&[
        "--project",
        "TREES",
        "--channel",
        "cash",
        "--received",
        "14.03.2026",
    ])
    .refused("--received: \"14.03.2026\" is not a date");
    contribute(&[
        "--project",
        "TREES",
        "--channel",
        "cash",
        "--received",
        "2999-01-01",
    ])
    .refused("in the future");
    books
        .run(&[
            "expense",
            "add",
            "--project",
            "general",
            "--amount",
            "5",
            "--payee",
            "X",
        ])
        .refused("expenses belong to a project");
    books
        .run(&[
            "expense",
            "add",
            "--project",
            "TREES",
            "--amount",
            "5",
            "--payee",
            "  ",
        ])
        .refused("--payee: must not be empty");
    books
        .run(&["member", "add", "--name", "Anna", "--number", "M1"])
        .refused("already taken");
    books
        .run(&[
            "member",
            "add",
            "--name",
            "Anna",
            "--email",
            "anna-at-example",
        ])
        .refused("not an e-mail address");
    books
        .run(&["member", "add", "--name", " "])
        .refused("--name: must not be empty");
    books
        .run(&[
            "project", "add", "--title", "X", "--goal", "10", "--code", "TREES",
        ])
        .refused("already taken");
    books
        .run(&[
            "project", "add", "--title", "X", "--goal", "10", "--code", "general",
        ])
        .refused("general fund");
    books
        .run(&["project", "add", "--title", "X", "--goal", "ten"])
        .refused("--goal");
    books
        .run(&[
            "project",
            "add",
            "--title",
            "Old fair",
            "--goal",
            "10",
            "--code",
            "FAIR",
            "--status",
            "cancelled",
        ])
        .ok();
    contribute(&["--project", "FAIR", "--channel", "cash"]).refused("cancelled");
    books
        .run(&["reverse", "0000", "--reason", "x"])
        .refused("no entry");
    books
        .run(&["init", "--name", "Again", "--currency", "EUR"])
        .refused("already holds the association");
    assert_eq!(books.digest(), digest);

    let fresh = Books::empty();
    fresh
        .run(&["summary"])
        .refused("does not exist; create an association first");
    fresh
        .run(&["init", "--name", "X", "--currency", "EURO"])
        .refused("--currency");
    fresh
        .run(&[
            "init",
            "--name",
            "X",
            "--currency",
            "EUR",
            "--locale",
            "klingon",
        ])
        .refused("--locale");
    assert!(!fresh.db.exists(), "a refused init leaves no file behind");
}

#[test]
fn a_reversal_happens_once() {
    let books = Books::with_members_and_projects();
    let id = books
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
    let reversal = books.run(&["reverse", &id, "--reason", "typo"]).ok();
    let digest = books.digest();
    books
        .run(&["reverse", &id, "--reason", "again"])
        .refused("already reversed");
    books
        .run(&["reverse", &reversal, "--reason", "undo the undo"])
        .refused("cannot be reversed");
    books
        .run(&["reverse", &id, "--reason", ""])
        .refused("--reason: must not be empty");
    assert_eq!(books.digest(), digest);
}

#[test]
fn one_bad_csv_line_aborts_the_whole_import() {
    let books = Books::with_members_and_projects();
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
    let digest = books.digest();
    let header = "id,received,project,member,amount,channel,collector,note\n";
    let good = ",2026-01-05T10:00:00Z,TREES,M1,2.50,cash,,\n";
    let cases: &[(&str, &str)] = &[
        (
            ",2026-01-05T10:00:00Z,TREES,M1,2.505,cash,,\n",
            "line 3, field amount: \"2.505\" has 3 decimal places",
        ),
        (
            ",2026-01-05T10:00:00Z,TREES,M1,\"2,50\",cash,,\n",
            "line 3, field amount: \"2,50\" contains a comma",
        ),
        (
            ",2026-01-05T10:00:00Z,TREES,M1,0,cash,,\n",
            "line 3, field amount: \"0\" is zero",
        ),
        (
            ",2026-01-05T10:00:00Z,NOPE,M1,2.50,cash,,\n",
            "line 3, field project: no project",
        ),
        (
            ",2026-01-05T10:00:00Z,TREES,M9,2.50,cash,,\n",
            "line 3, field member: no member",
        ),
        (
            ",2026-01-05T10:00:00Z,TREES,M1,2.50,cheque,,\n",
            "line 3, field channel",
        ),
        (",5.1.2026,TREES,M1,2.50,cash,,\n", "line 3, field received"),
        (
            ",,TREES,M1,2.50,cash,,\n",
            "line 3, field received: must not be empty",
        ),
        (
            "x,2026-01-05T10:00:00Z,TREES,M1,2.50,cash,,\n",
            "line 3, field id",
        ),
        (
            ",2026-01-05T10:00:00Z,TREES,M1,2.50\n",
            "line 3, field line: has 5 fields, expected 8",
        ),
    ];
    for (bad, message) in cases {
        let file = books.path("bad.csv");
        std::fs::write(&file, format!("{header}{good}{bad}{good}")).unwrap();
        let stderr = books
            .run(&["import", "contributions", file.to_str().unwrap()])
            .refused(message);
        assert!(stderr.contains("nothing was imported"), "{stderr}");
    }
    let file = books.path("header.csv");
    std::fs::write(&file, format!("date,amount\n{good}")).unwrap();
    books.run(&["import", "contributions", file.to_str().unwrap()]).refused("line 1, field header: expected \"id,received,project,member,amount,channel,collector,note\"");
    std::fs::write(&file, b"id,received,project,member,amount,channel,collector,note\n,2026-01-05T10:00:00Z,TREES,M1,2.50,cash,,Gr\xfc\xdfe\n").unwrap();
    books
        .run(&["import", "contributions", file.to_str().unwrap()])
        .refused("line 2, field line: is not UTF-8");
    let twice = "01900000-0000-7000-8000-0000000000aa,2026-01-05T10:00:00Z,TREES,M1,2.50,cash,,\n";
    std::fs::write(&file, format!("{header}{twice}{twice}")).unwrap();
    books
        .run(&["import", "contributions", file.to_str().unwrap()])
        .refused("line 3, field id: 01900000-0000-7000-8000-0000000000aa appears twice");
    books
        .run(&["import", "contributions", "missing.csv"])
        .refused("cannot read missing.csv");
    assert_eq!(books.digest(), digest, "no bad file changed the books");
}
