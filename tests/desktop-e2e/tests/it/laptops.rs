//! Volunteers & laptops in the window, as a new user would go through it: the organiser makes
//! a kit; on the "volunteer's laptop" (a second file, opened from the kit on the first screen)
//! a collection is handed over; back in the organiser's books the bundle is imported and the
//! import's report shows what was added and what was refused.
//!
//! The native file dialogs are answered as a person would, by typing the path into them
//! (xdotool on the virtual display).

use desktop_e2e::App;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_volunteer_hands_over_and_the_organiser_imports_the_bundle() {
    let home = tempfile::tempdir().unwrap();
    let app = App::launch(home.path()).await;
    app.wait_for_text("h1", "Welcome to Commonpot").await;
    app.fill("#association-name", "Nachbarschaftsverein Lindenhof")
        .await;
    app.select("#association-locale", "de-DE").await;
    app.click("[data-testid=create-association]").await;
    app.wait_for_text("h1", "Übersicht").await;
    app.invoke(
        "add_member",
        r#"{ member: { name: 'Zoë Müller', number: 'M-1', email: null, joined: null } }"#,
    )
    .await;
    for (title, code) in [("Spielplatz", "SPIEL"), ("Café", "CAFE")] {
        app.invoke("add_project",
            &format!(
                "{{ project: {{ title: '{title}', goal: '1.500,00', code: '{code}', deadline: null, description: null }} }}"
            ),
        )
        .await;
    }

    // The organiser makes a kit for the stall.
    app.click("[data-testid=nav-laptops]").await;
    app.wait_for_text("h1", "Helfer & Laptops").await;
    app.wait_for_text("[data-testid=devices]", "(dieser Laptop)")
        .await;
    let kit = home.path().join("Stand.cpkit");
    app.fill("[data-testid=kit-volunteer]", "Stand am Markt")
        .await;
    app.click("form.card button[type=submit]").await;
    app.answer_file_dialog("Helfer-Set erstellen", &kit).await;
    app.wait_for_text(
        "[data-testid=notice]",
        "Das Set für Stand am Markt ist gespeichert",
    )
    .await;
    app.screenshot("l-01-organiser-laptops").await;
    assert!(kit.exists());
    // The café is cancelled after the kit went out: the stall still takes gifts for it, and
    // the import will refuse them.
    app.invoke(
        "set_project_status",
        "{ project: 'CAFE', status: 'cancelled' }",
    )
    .await;

    // On the volunteer's laptop: the kit opens from the first screen.
    app.click("button.switch").await;
    app.wait_for_text("[data-testid=open-kit]", "Helfer-Set öffnen")
        .await;
    app.click("[data-testid=open-kit]").await;
    app.answer_file_dialog("Helfer-Set öffnen", &kit).await;
    app.wait_for_text(
        "[data-testid=hand-over]",
        "Alles hier Erfasste ist übergeben",
    )
    .await;
    // The laptop says it is a volunteer's and offers no organiser screens.
    app.wait_for_text("[data-testid=volunteer-badge]", "Helfer-Laptop")
        .await;
    assert_eq!(app.count("[data-testid=nav-participation]").await, 0);
    assert_eq!(app.count("[data-testid=nav-settings]").await, 0);
    let collection = app
        .invoke(
            "open_collection",
            r#"{ collection: { collector: 'M-1', place: 'Markt', project: 'SPIEL' } }"#,
        )
        .await;
    for (project, amount) in [("SPIEL", "5"), ("SPIEL", "2,50"), ("CAFE", "3")] {
        app.invoke("record_contribution",
            &format!(
                "{{ contribution: {{ project: '{project}', amount: '{amount}', channel: 'cash', member: null, collector: null, note: null, collection: {} }} }}",
                collection["id"]
            ),
        )
        .await;
    }
    app.click("[data-testid=nav-overview]").await;
    app.click("[data-testid=nav-laptops]").await;
    app.wait_for_text(
        "[data-testid=hand-over]",
        "Noch nicht übergebene Einträge: 4",
    )
    .await;
    app.screenshot("l-02-volunteer-hand-over").await;
    let bundle = home.path().join("Stand-am-Markt.cpbundle");
    app.click("[data-testid=hand-over-button]").await;
    app.answer_file_dialog("Meine Sammlungen übergeben", &bundle)
        .await;
    app.wait_for_text("[data-testid=notice]", "(Einträge: 4, Mitglieder: 1)")
        .await;
    assert!(bundle.exists());

    // Back in the organiser's books, the bundle is imported.
    app.click("button.switch").await;
    let organiser = home.path().join("data/org.commonpot.app/commonpot.sqlite");
    app.click("[data-testid=open-file]").await;
    app.answer_file_dialog("Vereinsdatei öffnen", &organiser)
        .await;
    app.wait_for_text("h1", "Übersicht").await;
    app.click("[data-testid=nav-laptops]").await;
    app.wait_for_text("[data-testid=drop-zone]", "Paket einlesen")
        .await;
    app.click("[data-testid=import-bundle]").await;
    app.answer_file_dialog("Paket einlesen", &bundle).await;
    app.wait_for_text("[data-testid=import-report]", "Stand am Markt")
        .await;
    assert_eq!(app.text("[data-testid=report-added]").await, "3");
    assert_eq!(app.text("[data-testid=report-refused]").await, "1");
    app.wait_for_text("[data-testid=report-refusal]", "das am")
        .await;
    app.wait_for_text("[data-testid=report-refusal]", "abgesagt wurde")
        .await;
    app.wait_for_text("[data-testid=devices]", "Stand am Markt")
        .await;
    app.screenshot("l-03-import-report").await;

    // Imported again: nothing new, everything already here.
    app.click("[data-testid=import-bundle]").await;
    app.answer_file_dialog("Paket einlesen", &bundle).await;
    app.wait_for_text("[data-testid=report-skipped]", "3").await;
    assert_eq!(app.text("[data-testid=report-added]").await, "0");
    app.resize(1024, 600).await;
    app.screenshot("l-04-import-report-1024x600").await;
    app.assert_fits_sideways().await;
    app.quit().await;
}
