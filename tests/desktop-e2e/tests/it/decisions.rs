//! Deciding together in the window, as a new user would: a meeting's attendance gives one
//! member more weight, then a motion and a budget decision are voted with the keyboard and
//! closed, and the result screens show the weighted counts.

use desktop_e2e::{App, ENTER};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn members_vote_a_motion_and_a_budget_in_the_window() {
    let home = tempfile::tempdir().unwrap();
    let app = App::launch(home.path()).await;
    app.wait_for_text("h1", "Welcome to Commonpot").await;
    app.fill("#association-name", "Repair Café Eastside").await;
    app.select("#association-locale", "en-GB").await;
    app.click("[data-testid=create-association]").await;
    app.wait_for_text("h1", "Overview").await;

    app.click("[data-testid=nav-projects]").await;
    for (title, goal, code) in [
        ("Soldering station", "600", "SOLDER"),
        ("Sewing machine", "900", "SEW"),
    ] {
        app.fill("[data-testid=project-title]", title).await;
        app.fill("[data-testid=project-goal]", goal).await;
        app.fill("[data-testid=project-code]", code).await;
        app.click("[data-testid=project-save]").await;
        app.wait_for_text("[data-testid=notice]", title).await;
    }
    app.click("[data-testid=nav-members]").await;
    for (name, number) in [
        ("Ana Costa", "R1"),
        ("Ben Okafor", "R2"),
        ("Chloé Martin", "R3"),
        ("Dara Nwosu", "R4"),
    ] {
        app.fill("[data-testid=member-name]", name).await;
        app.fill("[data-testid=member-number]", number).await;
        app.click("[data-testid=member-save]").await;
        app.wait_for_text("[data-testid=notice]", name).await;
    }

    // Ana and Ben came to the meeting: 1 point each, weight 2; Chloé has weight 1.
    app.click("[data-testid=nav-participation]").await;
    app.wait_for_text(".empty", "No meetings recorded yet")
        .await;
    // Chloé books the attendance; she cannot book her own.
    app.type_keys("#booker", &format!("chlo{ENTER}")).await;
    app.fill("[data-testid=meeting-title]", "Autumn meeting")
        .await;
    app.click("[data-testid=present-R1]").await;
    app.click("[data-testid=present-R2]").await;
    app.click("[data-testid=meeting-save]").await;
    app.wait_for_text("[data-testid=notice]", "with 2 present")
        .await;
    app.screenshot("d-01-participation").await;

    // A motion: Ana yes, Ben and Chloé no → yes 2, no 3: not carried.
    app.click("[data-testid=nav-decisions]").await;
    app.wait_for_text(".empty", "No decisions yet").await;
    app.fill("[data-testid=decision-title]", "Open on Sundays too")
        .await;
    app.click("[data-testid=decision-create]").await;
    app.wait_for_text("[data-testid=decision-heading]", "Open on Sundays too")
        .await;
    app.click("[data-testid=decision-open]").await;
    app.wait_for_text("[data-testid=decision-state]", "voting open")
        .await;
    for (who, vote) in [("ana", "yes"), ("ben", "no"), ("chlo", "no")] {
        app.type_keys("#ballot-member", &format!("{who}{ENTER}"))
            .await;
        app.click(&format!("[data-testid=vote-{vote}]")).await;
        app.click("[data-testid=ballot-record]").await;
        app.wait_for_text("[data-testid=notice]", "recorded").await;
    }
    app.wait_for_text("[data-testid=tally-state]", "3 ballots")
        .await;
    app.screenshot("d-02-motion-voting").await;
    app.click("[data-testid=decision-close]").await;
    app.click("[data-testid=close-confirm]").await;
    app.wait_for_text("[data-testid=tally-state]", "Final result")
        .await;
    app.wait_for_text("[data-testid=tally-verdict]", "not carried")
        .await;
    assert_eq!(app.text("[data-testid=tally-yes]").await, "2");
    assert_eq!(app.text("[data-testid=tally-no]").await, "3");
    app.screenshot("d-03-motion-result").await;

    // A budget of 1,000 by most support: SEW (Ana 2 + Chloé 1 + Dara 1 = 4) before SOLDER
    // (Ben 2); SOLDER no longer fits after SEW's 900.
    app.click("[data-testid=nav-overview]").await;
    app.click("[data-testid=nav-decisions]").await;
    app.fill("[data-testid=decision-title]", "What do we buy this year?")
        .await;
    app.select("[data-testid=decision-method]", "greedy").await;
    app.fill("[data-testid=decision-budget]", "1000").await;
    app.click("[data-testid=option-SOLDER]").await;
    app.click("[data-testid=option-SEW]").await;
    app.click("[data-testid=decision-create]").await;
    app.wait_for_text("[data-testid=decision-heading]", "What do we buy")
        .await;
    app.click("[data-testid=decision-open]").await;
    app.wait_for_text("[data-testid=decision-state]", "voting open")
        .await;
    for (who, codes) in [
        ("ana", &["SEW"][..]),
        ("ben", &["SOLDER"][..]),
        ("chlo", &["SEW"][..]),
    ] {
        app.type_keys("#ballot-member", &format!("{who}{ENTER}"))
            .await;
        for code in codes {
            app.click(&format!("[data-testid=approve-{code}]")).await;
        }
        app.click("[data-testid=ballot-record]").await;
        app.wait_for_text("[data-testid=notice]", "recorded").await;
    }
    // Dara's paper ballot 7 is typed twice; the two volunteers read it differently, so it
    // waits for the organiser, who compares with the paper and counts the second reading.
    app.click("[data-testid=double-entry]").await;
    for (pass, code) in [("1", "SOLDER"), ("2", "SEW")] {
        app.fill("[data-testid=paper-number]", "7").await;
        app.click(&format!("[data-testid=pass-{pass}]")).await;
        app.type_keys("#ballot-member", &format!("dara{ENTER}"))
            .await;
        app.click(&format!("[data-testid=approve-{code}]")).await;
        app.click("[data-testid=ballot-record]").await;
        app.wait_for_text("[data-testid=notice]", "Paper ballot 7")
            .await;
    }
    app.wait_for_text("[data-testid=notice]", "differ").await;
    app.wait_for_text("[data-testid=unsettled]", "Dara Nwosu")
        .await;
    app.screenshot("d-04-paper-differs").await;
    app.click("[data-testid=decision-close]").await;
    app.click("[data-testid=close-confirm]").await;
    app.wait_for_text(
        "[data-testid=error]",
        "wait for their second entry or differ",
    )
    .await;
    app.click("[data-testid=settle-7-2]").await;
    app.wait_for_text("[data-testid=notice]", "Paper ballot 7 counts")
        .await;
    assert_eq!(app.count("[data-testid=unsettled-paper]").await, 0);
    app.click("[data-testid=double-entry]").await;
    // A second ballot for the same member is refused, with the reason.
    app.type_keys("#ballot-member", &format!("ana{ENTER}"))
        .await;
    app.click("[data-testid=approve-SOLDER]").await;
    app.click("[data-testid=ballot-record]").await;
    app.wait_for_text("[data-testid=error]", "has already voted")
        .await;
    app.click("[data-testid=decision-close]").await;
    app.click("[data-testid=close-confirm]").await;
    app.wait_for_text("[data-testid=tally-state]", "Final result")
        .await;
    app.wait_for_text("[data-testid=funded-SEW]", "funded")
        .await;
    assert_eq!(app.text("[data-testid=funded-SOLDER]").await, "not funded");
    app.wait_for_text(
        "[data-testid=tally-spent]",
        "900.00 of the budget of 1,000.00",
    )
    .await;
    app.wait_for_text("[data-testid=tally-state]", "4 ballots")
        .await;
    app.screenshot("d-05-budget-result").await;

    // The smallest screen the app is made for: nothing sticks out sideways.
    app.resize(1024, 600).await;
    app.screenshot("d-06-budget-result-1024x600").await;
    app.assert_fits_sideways().await;
    app.click("[data-testid=nav-participation]").await;
    app.screenshot("d-07-participation-1024x600").await;
    app.quit().await;
}
