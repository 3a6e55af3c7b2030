//! The desktop app as a new user meets it, in a real WebKit window under Xvfb, driven through
//! WebDriver. `cargo xtask test` builds the release app and points COMMONPOT_DESKTOP_BINARY at
//! it; screenshots go to `test-output/desktop/` in the workspace, to be looked at.

mod harness;

use harness::App;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_user_creates_an_association_and_finds_it_again_after_a_restart() {
    let home = tempfile::tempdir().unwrap();
    let app = App::launch(home.path()).await;

    // First run: nothing to reopen, so the three ways in are offered.
    app.wait_for_text("h1", "Welcome to Commonpot").await;
    app.screenshot("01-first-run").await;
    app.fill("#association-name", "Nachbarschaftsverein Lindenhof")
        .await;
    app.select("#association-locale", "de-DE").await;
    app.click("[data-testid=create-association]").await;

    // The overview of an empty association says what to do next, in German.
    app.wait_for_text("h1", "Übersicht").await;
    app.wait_for_text(
        "[data-testid=association-name]",
        "Nachbarschaftsverein Lindenhof",
    )
    .await;
    app.wait_for_text(".empty", "Kein Projekt nimmt gerade Spenden an")
        .await;
    app.screenshot("02-empty-overview").await;

    // A project, with the goal typed the German way; a bad goal is explained at the field.
    app.click("[data-testid=nav-projects]").await;
    app.fill("[data-testid=project-title]", "Spielplatz am Lindenplatz")
        .await;
    app.fill("[data-testid=project-goal]", "1.500").await;
    app.fill("[data-testid=project-code]", "SPIEL").await;
    app.click("[data-testid=project-save]").await;
    app.wait_for_text("[data-testid=project-goal-error]", "ambiguous")
        .await;
    app.screenshot("03-project-goal-refused").await;
    app.fill("[data-testid=project-goal]", "1.500,00").await;
    app.click("[data-testid=project-save]").await;
    app.wait_for_text("[data-testid=notice]", "Spielplatz am Lindenplatz")
        .await;
    app.screenshot("04-projects").await;

    // Two members, one with letters beyond ASCII.
    app.click("[data-testid=nav-members]").await;
    for (name, number) in [("Zoë Müller", "M-1"), ("Łukasz Wójcik", "M-2")] {
        app.fill("[data-testid=member-name]", name).await;
        app.fill("[data-testid=member-number]", number).await;
        app.click("[data-testid=member-save]").await;
        app.wait_for_text("[data-testid=notice]", name).await;
    }
    assert_eq!(app.count("[data-testid=member-row]").await, 2);
    app.screenshot("05-members").await;

    app.click("[data-testid=nav-overview]").await;
    app.wait_for_text("[data-testid=project-SPIEL]", "1.500,00")
        .await;
    app.wait_for_text("[data-testid=progress-SPIEL]", "0 % des Ziels")
        .await;
    let digest = app.text("[data-testid=digest]").await;
    assert_eq!(digest.len(), 64, "{digest}");
    app.screenshot("06-overview").await;
    app.quit().await;

    // Relaunched, the same association opens by itself with everything in it.
    let app = App::launch(home.path()).await;
    app.wait_for_text(
        "[data-testid=association-name]",
        "Nachbarschaftsverein Lindenhof",
    )
    .await;
    app.wait_for_text("[data-testid=project-SPIEL]", "Spielplatz am Lindenplatz")
        .await;
    assert_eq!(app.text("[data-testid=digest]").await, digest);
    app.screenshot("07-after-restart").await;
    app.quit().await;
}
