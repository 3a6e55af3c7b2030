//! The desktop app as a new user meets it, in a real WebKit window under Xvfb, driven through
//! WebDriver. `cargo xtask test` builds the release app and points COMMONPOT_DESKTOP_BINARY at
//! it; screenshots go to `test-output/desktop/` in the workspace, to be looked at.

use desktop_e2e::{App, CLEAR, ENTER, TAB};

mod bank;
mod decisions;
mod laptops;
mod reports;
mod trust;

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
    app.wait_for_text("[data-testid=project-goal-error]", "mehrdeutig")
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

    // A cash collection, entered with the keyboard alone.
    app.click("[data-testid=nav-collection]").await;
    app.type_keys("[data-testid=collection-collector]", &format!("luk{ENTER}"))
        .await;
    app.fill("[data-testid=collection-place]", "Stand am Lindenplatz")
        .await;
    app.select("[data-testid=collection-project]", "SPIEL")
        .await;
    app.screenshot("06-collection-open").await;
    app.click("[data-testid=collection-open]").await;
    app.wait_for_text(
        "[data-testid=collection-heading]",
        "Stand am Lindenplatz · Łukasz Wójcik",
    )
    .await;
    for amount in ["2,50", "5", "20"] {
        app.type_keys("[data-testid=gift-amount]", &format!("{amount}{ENTER}"))
            .await;
    }
    // One giver wants a receipt: picked by type-ahead, then Enter records the gift.
    app.type_keys("[data-testid=gift-amount]", &format!("10{TAB}"))
        .await;
    app.type_keys("[data-testid=gift-member]", &format!("zoe{ENTER}"))
        .await;
    app.type_keys("[data-testid=gift-member]", ENTER).await;
    app.type_keys("[data-testid=gift-amount]", &format!("1,50{ENTER}"))
        .await;
    app.wait_for_text("[data-testid=collection-count]", "5 Spenden")
        .await;
    app.wait_for_text("[data-testid=collection-total]", "39,00")
        .await;
    app.wait_for_text("[data-testid=ledger-table]", "Zoë Müller")
        .await;
    // A typo is explained at the field and nothing is recorded.
    app.type_keys("[data-testid=gift-amount]", &format!("{CLEAR}2.505{ENTER}"))
        .await;
    app.wait_for_text("[data-testid=gift-amount-error]", "mehrdeutig")
        .await;
    app.fill("[data-testid=gift-amount]", "").await;
    app.click("[data-testid=gift-undo]").await;
    app.wait_for_text("[data-testid=collection-count]", "4 Spenden")
        .await;
    app.wait_for_text("[data-testid=collection-total]", "37,50")
        .await;
    app.screenshot("07-collection-entries").await;

    // The box holds 37,00: closing is refused until the difference is explained.
    for (denomination, count) in [("20.00", "1"), ("10.00", "1"), ("5.00", "1"), ("2.00", "1")] {
        app.fill(&format!("[data-testid=\"count-{denomination}\"]"), count)
            .await;
    }
    app.wait_for_text("[data-testid=cash-tally]", "-0,50").await;
    app.click("[data-testid=collection-close]").await;
    app.wait_for_text(
        "[data-testid=close-note-error]",
        "erklären Sie sie in einer Notiz",
    )
    .await;
    app.screenshot("08-collection-count-refused").await;
    app.fill("[data-testid=close-note]", "50 Cent fehlen, Münze verloren")
        .await;
    app.click("[data-testid=collection-close]").await;
    app.wait_for_text("[data-testid=notice]", "gezählt 37,00")
        .await;

    app.click("[data-testid=nav-overview]").await;
    app.wait_for_text("[data-testid=raised-SPIEL]", "37,50")
        .await;
    app.wait_for_text("[data-testid=progress-SPIEL]", "2 % des Ziels")
        .await;
    app.screenshot("09-overview").await;

    // The 20 is reversed from the ledger, after a confirmation with a reason.
    app.click("[data-testid=nav-ledger]").await;
    app.click_in_row("[data-testid=ledger-line]", "20,00", "button")
        .await;
    app.wait_for_text("[data-testid=reverse-dialog]", "20,00")
        .await;
    app.fill("[data-testid=reverse-reason]", "doppelt gebucht")
        .await;
    app.screenshot("10-reverse-dialog").await;
    app.click("[data-testid=reverse-confirm]").await;
    app.wait_for_text("[data-testid=ledger-table]", "doppelt gebucht")
        .await;
    app.screenshot("11-ledger").await;
    app.click("[data-testid=nav-overview]").await;
    app.wait_for_text("[data-testid=raised-SPIEL]", "17,50")
        .await;
    let digest = app.text("[data-testid=digest]").await;
    assert_eq!(digest.len(), 64, "{digest}");

    // The project's own page shows its figures and its ledger; its title can be changed.
    app.click("[data-testid=nav-projects]").await;
    app.click_in_row("tr", "Spielplatz am Lindenplatz", "button.link")
        .await;
    app.wait_for_text("p.hint", "Kürzel SPIEL").await;
    app.wait_for_text("[data-testid=ledger-table]", "doppelt gebucht")
        .await;
    app.screenshot("12-project-page").await;

    // Settings: a mistyped IBAN is refused by its check digits, then a backup is written.
    app.click("[data-testid=nav-settings]").await;
    app.fill("[data-testid=settings-iban]", "DE45 5001 0517 5407 3249 31")
        .await;
    app.click("[data-testid=settings-save]").await;
    app.wait_for_text("[data-testid=error]", "keine gültige IBAN")
        .await;
    app.fill("[data-testid=settings-iban]", "DE44 5001 0517 5407 3249 31")
        .await;
    app.click("[data-testid=settings-save]").await;
    app.wait_for_text("[data-testid=notice]", "Einstellungen gespeichert")
        .await;
    app.click("[data-testid=backup-now]").await;
    app.wait_for_text("[data-testid=notice]", "Gesichert nach")
        .await;
    app.screenshot("13-settings").await;
    let backups = home.path().join("data/org.commonpot.app/backups");
    assert_eq!(
        std::fs::read_dir(&backups).unwrap().count(),
        1,
        "one backup in {}",
        backups.display()
    );
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
    app.screenshot("14-after-restart").await;

    // The smallest screen the app is made for.
    app.resize(1024, 600).await;
    app.screenshot("15-overview-1024x600").await;
    app.click("[data-testid=nav-collection]").await;
    app.wait_for_text("h1", "Sammlung").await;
    app.screenshot("16-collection-1024x600").await;
    app.assert_fits_sideways().await;
    app.quit().await;
}
