//! Trust, as a new user would meet it: the file is protected with a passphrase in Settings
//! (no member's name left readable on disk), the next start asks for the passphrase (a wrong
//! one is refused), and a member's data is saved and the member erased from their page.

use desktop_e2e::App;

fn data_file(home: &std::path::Path) -> std::path::PathBuf {
    home.join("data/org.commonpot.app/commonpot.sqlite")
}

fn holds(path: &std::path::Path, needle: &str) -> bool {
    let bytes = std::fs::read(path).unwrap_or_default();
    bytes.windows(needle.len()).any(|w| w == needle.as_bytes())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_file_protected_in_settings_asks_for_its_passphrase_and_a_member_is_erased() {
    let home = tempfile::tempdir().unwrap();
    let app = App::launch(home.path()).await;
    app.wait_for_text("h1", "Welcome to Commonpot").await;
    app.fill("#association-name", "Lindenhof").await;
    app.select("#association-locale", "en-GB").await;
    app.click("[data-testid=create-association]").await;
    app.wait_for_text("h1", "Overview").await;
    app.invoke(
        "add_member",
        "{ member: { name: 'Henrietta Quastenberg', email: 'henrietta@example.org', number: '77' } }",
    )
    .await;
    let file = data_file(home.path());
    assert!(
        holds(&file, "Quastenberg") || holds(&file.with_extension("sqlite-wal"), "Quastenberg")
    );

    app.click("[data-testid=nav-settings]").await;
    app.wait_for_text("[data-testid=protection-state]", "not protected")
        .await;
    app.fill("[data-testid=passphrase-next]", "linden trees grow")
        .await;
    app.fill("[data-testid=passphrase-again]", "linden trees grow")
        .await;
    app.click("[data-testid=passphrase-submit]").await;
    app.wait_for_text(
        "[data-testid=protection-state]",
        "is protected by a passphrase",
    )
    .await;
    app.wait_for_text("[data-testid=notice]", "protected by the passphrase now")
        .await;
    app.screenshot("trust-protected").await;
    for path in [file.clone(), file.with_extension("sqlite-wal")] {
        assert!(
            !holds(&path, "Quastenberg"),
            "{} shows the name",
            path.display()
        );
    }
    app.assert_no_network();
    app.quit().await;

    // The next start asks for the passphrase.
    let app = App::launch(home.path()).await;
    app.wait_for_text("h1", "This association file is protected")
        .await;
    app.screenshot("trust-unlock").await;
    app.fill("#passphrase", "oak trees grow").await;
    app.click("[data-testid=unlock]").await;
    app.wait_for_text("[data-testid=error]", "does not open")
        .await;
    app.fill("#passphrase", "linden trees grow").await;
    app.click("[data-testid=unlock]").await;
    app.wait_for_text("h1", "Overview").await;

    // The member's page: their data, then their erasure after a confirmation.
    app.click("[data-testid=nav-members]").await;
    app.click("[aria-label='Open Henrietta Quastenberg']").await;
    app.wait_for_text("h1", "Henrietta Quastenberg").await;
    app.click("[data-testid=member-erase]").await;
    app.wait_for_text("[data-testid=erase-form]", "cannot be undone")
        .await;
    app.screenshot("trust-erase").await;
    app.click("[data-testid=erase-understood]").await;
    app.click("[data-testid=erase-confirm]").await;
    app.wait_for_text("h1", "Former member #").await;
    app.wait_for_text("[data-testid=notice]", "Former member #")
        .await;
    app.quit().await;
}
