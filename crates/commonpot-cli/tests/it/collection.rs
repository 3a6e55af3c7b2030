//! A volunteer's cash collection through the command: open, enter gifts, undo one, close by
//! counting the box.

use crate::support::Books;

#[test]
fn a_collection_is_opened_filled_undone_and_closed_by_counting() {
    let books = Books::with_members_and_projects();
    books.run(&["collection", "list"]).ok();
    let id = books
        .run(&[
            "collection",
            "open",
            "--collector",
            "M2",
            "--place",
            "Stall am Lindenplatz",
            "--project",
            "TREES",
        ])
        .ok();
    let listed = books.run(&["collection", "list", "--json"]).json();
    assert_eq!(
        (listed[0]["id"].as_str(), listed[0]["project"].as_str()),
        (Some(id.as_str()), Some("TREES"))
    );

    for (amount, member) in [
        ("2,50", None),
        ("5", Some("M1")),
        ("10", None),
        ("0,50", None),
    ] {
        let mut args = vec![
            "contribute",
            "--project",
            "TREES",
            "--amount",
            amount,
            "--channel",
            "cash",
            "--collection",
            &id,
        ];
        if let Some(m) = member {
            args.extend(["--member", m]);
        }
        books.run(&args).ok();
    }
    let undone = books.run(&["collection", "undo", &id]).ok();
    let ledger = books.run(&["ledger", "--json"]).json();
    let last = ledger.as_array().unwrap().last().unwrap();
    assert_eq!(
        (
            last["id"].as_str(),
            last["text"].as_str(),
            last["amount"].as_str()
        ),
        (
            Some(undone.as_str()),
            Some("entered by mistake"),
            Some("-0.50")
        )
    );

    let shown = books.run(&["collection", "show", &id, "--json"]).json();
    assert_eq!(
        (shown["entered"].as_str(), shown["entered_count"].as_u64()),
        (Some("17.50"), Some(3))
    );

    // 10 + 5 + 2,50 entered; the box holds 10 + 5 + 0,50: two euros are missing.
    let digest = books.digest();
    let mut short: Vec<&str> = vec!["collection", "close", &id];
    short.extend(["--count", "10=1", "--count", "5=1", "--count", "0,50=1"]);
    books.run(&short).refused(
        "counted 15,50 but 17,50 were entered, a difference of -2,00; explain it in a note",
    );
    books
        .run(&["collection", "close", &id, "--count", "3=1"])
        .refused("3,00 is not a note or coin of EUR");
    books
        .run(&["collection", "close", &id, "--count", "20"])
        .refused("is not DENOMINATION=COUNT");
    assert_eq!(books.digest(), digest, "refused closes change nothing");
    short.extend(["--note", "a 2-euro coin fell into the flower bed"]);
    let closed = books.run(&short).ok();
    assert_eq!(
        closed,
        "closed: counted 15,50, entered 17,50 (a 2-euro coin fell into the flower bed)"
    );

    let shown = books.run(&["collection", "show", &id, "--json"]).json();
    assert_eq!(
        (
            shown["closed"].as_bool(),
            shown["counted"].as_str(),
            shown["counts"].as_str()
        ),
        (Some(true), Some("15.50"), Some("10.00x1;5.00x1;0.50x1"))
    );
    books
        .run(&["collection", "close", &id, "--note", "again"])
        .refused("already closed");
    books.run(&["collection", "undo", &id]).refused("closed");
    books
        .run(&[
            "contribute",
            "--project",
            "TREES",
            "--amount",
            "1",
            "--channel",
            "cash",
            "--collection",
            &id,
        ])
        .refused("is closed");
    assert_eq!(
        books
            .run(&["collection", "list", "--json"])
            .json()
            .as_array()
            .unwrap()
            .len(),
        0
    );

    // A matching count needs no note.
    let second = books
        .run(&[
            "collection",
            "open",
            "--collector",
            "M1",
            "--place",
            "Hoffest",
        ])
        .ok();
    books
        .run(&[
            "contribute",
            "--project",
            "general",
            "--amount",
            "20",
            "--channel",
            "cash",
            "--collection",
            &second,
        ])
        .ok();
    books
        .run(&["collection", "close", &second, "--count", "10=2"])
        .ok();
    books.run(&["verify"]).ok();
}
