//! Participation and decisions through the command, as an organiser would run a meeting: every
//! contract form of meetings, shifts, weights, decisions and ballots, and their refusals.

use crate::support::{Books, day};

/// M1 attended a meeting, worked a shift and gave this month (3 points: 1 + √3 = 2.732);
/// M2 attended the meeting only (1 point: weight 2).
fn with_participation() -> Books {
    let books = Books::with_members_and_projects();
    let ago = day(-10);
    books
        .run(&[
            "meeting",
            "add",
            "--date",
            &ago,
            "--title",
            "Spring meeting",
            "--attendees",
            "M1,M2",
        ])
        .ok();
    books
        .run(&[
            "shift",
            "add",
            "--member",
            "M1",
            "--date",
            &ago,
            "--what",
            "Stall at the fair",
            "--by",
            "M2",
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
            "cash",
            "--member",
            "M1",
        ])
        .ok();
    books
}

#[test]
fn participation_is_booked_by_someone_else_and_becomes_a_weight() {
    let books = with_participation();
    let ago = day(-3);
    books
        .run(&[
            "shift", "add", "--member", "M1", "--date", &ago, "--what", "x", "--by", "M1",
        ])
        .refused("--by: M1 cannot book their own participation");
    books
        .run(&[
            "meeting",
            "add",
            "--date",
            &ago,
            "--title",
            "T",
            "--attendees",
            "M1,M9",
        ])
        .refused("--attendees: no member with the number or id \"M9\"");
    books
        .run(&[
            "meeting",
            "add",
            "--date",
            &ago,
            "--title",
            "T",
            "--attendees",
            "M1,M1",
        ])
        .refused("M1 is named twice");
    books
        .run(&[
            "meeting",
            "add",
            "--date",
            &day(5),
            "--title",
            "T",
            "--attendees",
            "M1",
        ])
        .refused("is in the future");

    let w = books.run(&["weights", "--at", &day(1), "--json"]).json();
    assert_eq!(w["rule"], "sqrt cap=3");
    let weights = w["weights"].as_array().unwrap();
    assert_eq!(weights[0]["member"], "M1");
    assert_eq!(weights[0]["points"], 3);
    assert_eq!(weights[0]["giving_months"], 1);
    assert_eq!(weights[0]["weight"], "2.732");
    assert_eq!(weights[1]["member"], "M2");
    assert_eq!(weights[1]["weight"], "2");
    let equal = books
        .run(&["weights", "--at", &day(1), "--rule", "equal", "--json"])
        .json();
    assert_eq!(equal["weights"][0]["weight"], "1");
    // Before the meeting nobody has points; every registered member weighs at least 1.
    let before = books.run(&["weights", "--at", &day(-20), "--json"]).json();
    assert_eq!(before["weights"][0]["points"], 0);
    assert_eq!(before["weights"][0]["weight"], "1");
    books
        .run(&["weights", "--at", &day(1), "--rule", "votes"])
        .refused("is not a weight rule");
}

#[test]
fn a_motion_is_voted_weighted_and_frozen() {
    let books = with_participation();
    let id = books
        .run(&[
            "decision",
            "create",
            "--title",
            "Join the city's tree programme",
            "--method",
            "motion",
            "--quorum",
            "50%",
            "--threshold",
            "simple",
        ])
        .ok();
    books
        .run(&[
            "ballot",
            "cast",
            "--decision",
            &id,
            "--member",
            "M1",
            "--yes",
        ])
        .refused("has not been opened");
    books.run(&["decision", "open", &id]).ok();
    books
        .run(&["decision", "open", &id])
        .refused("already open");
    // Participation after opening changes nothing for this decision.
    books
        .run(&[
            "meeting",
            "add",
            "--date",
            &day(0),
            "--title",
            "Extra",
            "--attendees",
            "M2",
        ])
        .ok();
    books
        .run(&[
            "ballot",
            "cast",
            "--decision",
            &id,
            "--member",
            "M1",
            "--yes",
        ])
        .ok();
    books
        .run(&[
            "ballot",
            "cast",
            "--decision",
            &id,
            "--member",
            "M1",
            "--no",
        ])
        .refused("M1 has already voted on this decision");
    books
        .run(&[
            "ballot",
            "cast",
            "--decision",
            &id,
            "--member",
            "M2",
            "--approve",
            "TREES",
        ])
        .refused("a motion takes yes, no or abstain");
    books
        .run(&[
            "ballot",
            "cast",
            "--decision",
            &id,
            "--member",
            "M2",
            "--no",
        ])
        .ok();
    // Someone registered after voting opened has no vote in it.
    books
        .run(&["member", "add", "--name", "Late", "--number", "M5"])
        .ok();
    books
        .run(&[
            "ballot",
            "cast",
            "--decision",
            &id,
            "--member",
            "M5",
            "--yes",
        ])
        .refused("M5 was registered after voting opened");

    let t = books.run(&["decision", "tally", &id, "--json"]).json();
    assert_eq!(t["method"], "motion");
    assert_eq!(t["provisional"], true);
    assert_eq!(t["yes"], "2.732");
    assert_eq!(t["no"], "2");
    assert_eq!(t["abstain"], "0");
    assert_eq!(t["turnout"], "1");
    assert_eq!(t["passed"], true);
    assert_eq!(t["weights"][1]["weight"], "2", "frozen when voting opened");

    let closed = books.run(&["decision", "close", &id, "--json"]).json();
    assert_eq!(closed["provisional"], false);
    assert_eq!(closed["passed"], true);
    books
        .run(&[
            "ballot",
            "cast",
            "--decision",
            &id,
            "--member",
            "M2",
            "--yes",
        ])
        .refused("voting on this decision is closed");
    books.run(&["decision", "close", &id]).refused("closed");
    let again = books.run(&["decision", "tally", &id, "--json"]).json();
    assert_eq!(again, closed, "the frozen result reads back the same");
    let text = books.run(&["decision", "tally", &id]).ok();
    assert!(
        text.contains("PASSED") && text.contains("a tie does not pass"),
        "{text}"
    );
}

#[test]
fn budget_decisions_choose_projects_greedy_and_by_equal_shares() {
    let books = with_participation();
    let mut ids = Vec::new();
    for method in ["greedy", "equal-shares"] {
        let id = books
            .run(&[
                "decision",
                "create",
                "--title",
                "What do we fund?",
                "--method",
                method,
                "--budget",
                "1000",
                "--options",
                "TREES=600,BENCH",
            ])
            .ok();
        books.run(&["decision", "open", &id]).ok();
        books
            .run(&[
                "ballot",
                "cast",
                "--decision",
                &id,
                "--member",
                "M1",
                "--approve",
                "BENCH",
            ])
            .ok();
        books
            .run(&[
                "ballot",
                "cast",
                "--decision",
                &id,
                "--member",
                "M2",
                "--approve",
                "PLAYGROUND",
            ])
            .refused(
                "\"PLAYGROUND\" is not an option of this decision; the options are TREES, BENCH",
            );
        books
            .run(&[
                "ballot",
                "cast",
                "--decision",
                &id,
                "--member",
                "M2",
                "--yes",
            ])
            .refused("this decision takes the projects a member approves");
        books
            .run(&[
                "ballot",
                "cast",
                "--decision",
                &id,
                "--member",
                "M2",
                "--approve",
                "TREES",
            ])
            .ok();
        ids.push(id);
    }
    // Greedy: BENCH has more weighted approval (2.732 against 2) and fits; TREES no longer does.
    let g = books.run(&["decision", "close", &ids[0], "--json"]).json();
    assert_eq!(g["funded"], serde_json::json!(["BENCH"]));
    assert_eq!(g["spent"], "900.00");
    // Equal shares: neither group alone can pay at first; Add1 raises the shares until the
    // tree supporter's share buys TREES (600); BENCH would then overspend, so it stops.
    let m = books.run(&["decision", "close", &ids[1], "--json"]).json();
    assert_eq!(m["funded"], serde_json::json!(["TREES"]));
    assert_eq!(m["spent"], "600.00");
    assert_eq!(m["options"][0]["step"], "equal shares");

    books
        .run(&["decision", "create", "--title", "x", "--method", "greedy"])
        .refused("--budget: a greedy decision needs this");
    books
        .run(&["decision", "create", "--title", "x", "--method", "vote"])
        .refused("\"vote\" is not a method");
    books
        .run(&[
            "decision", "create", "--title", "x", "--method", "motion", "--budget", "5",
        ])
        .refused("--budget: a motion decision does not take this");
    books
        .run(&[
            "decision",
            "create",
            "--title",
            "x",
            "--method",
            "greedy",
            "--budget",
            "5",
            "--options",
            "TREES,TREES",
        ])
        .refused("is named twice");
}

#[test]
fn ballots_import_all_or_nothing() {
    let books = with_participation();
    books
        .run(&["member", "add", "--name", "Ada", "--number", "M3"])
        .ok();
    let id = books
        .run(&[
            "decision",
            "create",
            "--title",
            "Fund",
            "--method",
            "greedy",
            "--budget",
            "1000",
            "--options",
            "TREES,BENCH",
        ])
        .ok();
    books.run(&["decision", "open", &id]).ok();
    let bad = books.dir.path().join("bad.csv");
    std::fs::write(&bad, "member,choice\nM1,BENCH;TREES\nM2,SLIDE\n").unwrap();
    books
        .run(&["ballot", "import", "--decision", &id, bad.to_str().unwrap()])
        .refused("line 3, field choice: \"SLIDE\" is not an option");
    let twice = books.dir.path().join("twice.csv");
    std::fs::write(&twice, "member,choice\nM1,BENCH\nM1,TREES\n").unwrap();
    books
        .run(&[
            "ballot",
            "import",
            "--decision",
            &id,
            twice.to_str().unwrap(),
        ])
        .refused("line 3, field member: M1 has already voted");
    let t = books.run(&["decision", "tally", &id, "--json"]).json();
    assert_eq!(t["ballots"], 0, "nothing of a refused file was saved");

    let good = books.dir.path().join("good.csv");
    std::fs::write(&good, "member,choice\nM1,BENCH;TREES\nM2,TREES\nM3,\n").unwrap();
    let out = books
        .run(&[
            "ballot",
            "import",
            "--decision",
            &id,
            good.to_str().unwrap(),
        ])
        .ok();
    assert_eq!(out, "3 ballots imported");
    let t = books.run(&["decision", "tally", &id, "--json"]).json();
    assert_eq!(t["ballots"], 3);
    assert_eq!(t["options"][0]["support"], "4.732");
    books
        .run(&[
            "ballot",
            "cast",
            "--decision",
            &id,
            "--member",
            "M3",
            "--approve",
            "TREES",
        ])
        .refused("M3 has already voted");
}

#[test]
fn quadratic_matching_counts_people_not_money() {
    let books = with_participation();
    let id = books
        .run(&[
            "decision",
            "create",
            "--title",
            "Council grant",
            "--method",
            "quadratic",
            "--pool",
            "100",
            "--options",
            "TREES,BENCH",
            "--cap",
            "0.8",
        ])
        .ok();
    books.run(&["decision", "open", &id]).ok();
    books
        .run(&[
            "ballot",
            "cast",
            "--decision",
            &id,
            "--member",
            "M1",
            "--yes",
        ])
        .refused("counts contributions, not ballots");
    let give = |project: &str, amount: &str, member: Option<&str>| {
        let mut args = vec![
            "contribute",
            "--project",
            project,
            "--amount",
            amount,
            "--channel",
            "cash",
        ];
        if let Some(m) = member {
            args.extend(["--member", m]);
        }
        books.run(&args).ok();
    };
    // TREES: two people, 4 and 9 → (2 + 3)² − 13 = 12. BENCH: 4 and 9 from the cash box,
    // which counts as one contributor → no match.
    give("TREES", "4", Some("M1"));
    give("TREES", "9", Some("M2"));
    give("BENCH", "4", None);
    give("BENCH", "9", None);
    let t = books.run(&["decision", "close", &id, "--json"]).json();
    assert_eq!(t["matches"]["TREES"], "80.00", "capped at 80 % of the pool");
    assert_eq!(t["matches"]["BENCH"], "0.00");
    assert_eq!(t["unallocated"], "20.00");
    assert_eq!(t["arithmetic"][0]["raw"], "12");
    assert_eq!(t["arithmetic"][1]["contributors"], 1);
}

#[test]
fn paper_ballots_typed_twice_count_when_both_entries_agree() {
    let books = with_participation();
    books
        .run(&["member", "add", "--name", "Ada", "--number", "M3"])
        .ok();
    let id = books
        .run(&[
            "decision",
            "create",
            "--title",
            "Fund",
            "--method",
            "greedy",
            "--budget",
            "1000",
            "--options",
            "TREES,BENCH",
        ])
        .ok();
    books
        .run(&[
            "decision",
            "open",
            &id,
            "--at",
            &format!("{}T00:00", day(2)),
        ])
        .refused("is in the future");
    // Opened at midnight: the members who joined today may vote.
    books
        .run(&[
            "decision",
            "open",
            &id,
            "--at",
            &format!("{}T00:00", day(0)),
        ])
        .ok();
    let enter = |paper: &str, pass: &str, member: &str, approve: &str| {
        books.run(&[
            "ballot",
            "enter",
            "--decision",
            &id,
            "--paper",
            paper,
            "--pass",
            pass,
            "--member",
            member,
            "--approve",
            approve,
        ])
    };
    // Paper 1: both volunteers read it the same way.
    assert!(enter("1", "1", "M1", "BENCH").ok().contains("entered once"));
    enter("1", "1", "M1", "BENCH").refused("paper ballot 1 already has its entry 1");
    assert!(
        enter("1", "2", "M1", "BENCH")
            .ok()
            .contains("both entries agree")
    );
    enter("1", "2", "M1", "TREES").refused("paper ballot 1 has already been counted");
    // Paper 2: they differ on the project; paper 3 has one entry only.
    enter("2", "1", "M2", "TREES").ok();
    assert!(enter("2", "2", "M2", "BENCH").ok().contains("differ"));
    enter("3", "1", "M3", "TREES").ok();
    books
        .run(&[
            "ballot",
            "enter",
            "--decision",
            &id,
            "--paper",
            "4",
            "--pass",
            "3",
            "--member",
            "M3",
            "--approve",
            "TREES",
        ])
        .refused("the entry is 1 (first volunteer) or 2 (second volunteer)");

    let differences = books
        .run(&["ballot", "differences", "--decision", &id, "--json"])
        .json();
    assert_eq!(differences.as_array().unwrap().len(), 2, "{differences}");
    assert_eq!(differences[0]["paper"], "2");
    assert_eq!(differences[0]["first"]["choice"], "TREES");
    assert_eq!(differences[0]["second"]["choice"], "BENCH");
    assert_eq!(differences[1]["second"], serde_json::Value::Null);
    // Until they count, the result counts only paper 1 and closing is refused.
    let t = books.run(&["decision", "tally", &id, "--json"]).json();
    assert_eq!(t["ballots"], 1);
    books
        .run(&["decision", "close", &id])
        .refused("2 paper ballots (2, 3) wait for their second entry or differ");

    books
        .run(&[
            "ballot",
            "settle",
            "--decision",
            &id,
            "--paper",
            "2",
            "--member",
            "M2",
            "--approve",
            "TREES",
        ])
        .ok();
    books
        .run(&[
            "ballot",
            "settle",
            "--decision",
            &id,
            "--paper",
            "9",
            "--member",
            "M3",
            "--approve",
            "TREES",
        ])
        .refused("no paper ballot 9");
    enter("3", "2", "M3", "TREES").ok();
    let differences = books
        .run(&["ballot", "differences", "--decision", &id])
        .ok();
    assert_eq!(differences, "every paper ballot entered twice agrees");
    let t = books.run(&["decision", "close", &id, "--json"]).json();
    assert_eq!(t["ballots"], 3);
    assert_eq!(
        t["options"][0]["support"], "3",
        "TREES: M2 (weight 2) and M3 (no points, weight 1)"
    );
    // M1's gift today came after voting opened at midnight: 2 points, not 3.
    assert_eq!(t["options"][1]["support"], "2.4142", "BENCH: M1");
}
