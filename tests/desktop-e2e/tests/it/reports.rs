//! Printing from the window, as a new user would: the demo association's overview, project and
//! member screens offer "Print / save PDF"; the statement the window's command saves is a PDF
//! whose text carries the association and the digest the overview shows.
//!
//! The native save dialog is outside what WebDriver can drive, so the test calls the same
//! command the button calls, with the path a person would have chosen; the button's use of the
//! dialog is covered by the front end's own test (SavePdf.test.ts).

use std::process::Command;

use desktop_e2e::App;

fn pdf_text(path: &std::path::Path) -> String {
    let out = Command::new("pdftotext")
        .args(["-layout", path.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext (poppler-utils) is installed by `cargo xtask test`");
    assert!(
        out.status.success(),
        "pdftotext failed on {}",
        path.display()
    );
    String::from_utf8(out.stdout).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn statements_are_printed_from_the_overview_project_and_member_screens() {
    let home = tempfile::tempdir().unwrap();
    let app = App::launch(home.path()).await;
    app.wait_for_text("h1", "Welcome to Commonpot").await;
    app.click("[data-testid=open-demo]").await;
    app.wait_for_text("[data-testid=association-name]", "Lindenhof")
        .await;
    app.wait_for_text("h1", "Übersicht").await;

    // The overview offers the meeting statement for a period: this year so far, unless changed.
    let from = app
        .script("return document.querySelector('[data-testid=meeting-from]').value")
        .await;
    assert!(
        from.as_str().is_some_and(|d| d.ends_with("-01-01")),
        "{from}"
    );
    app.wait_for_text("[data-testid=print-meeting]", "Drucken / als PDF speichern")
        .await;
    app.screenshot("r-01-overview-print").await;
    let digest = app.text("[data-testid=digest]").await;

    let out = home.path().join("Finanzbericht.pdf");
    let script = format!(
        r#"const done = arguments[arguments.length - 1];
           window.__TAURI_INTERNALS__
             .invoke('save_report', {{ print: {{ report: {{ kind: 'meeting', from: '2025-11-01', to: '2026-10-31' }}, paper: 'a4', path: {path:?} }} }})
             .then((saved) => done(saved), (e) => done({{ error: e }}));"#,
        path = out.to_str().unwrap()
    );
    let saved = app.script_async(&script).await;
    assert!(saved.get("error").is_none(), "save_report refused: {saved}");
    assert_eq!(saved["path"], out.to_str().unwrap());
    let text = pdf_text(&out);
    assert!(
        text.contains("Lindenhof Neighbourhood Association"),
        "{text}"
    );
    assert!(
        text.contains("Finanzbericht") && text.contains("Seite 1 von"),
        "{text}"
    );
    assert!(
        text.contains(&digest),
        "the overview's digest {digest} is printed"
    );

    // A refusal comes back with its field, as every command's does.
    let refused = app
        .script_async(
            r#"const done = arguments[arguments.length - 1];
               window.__TAURI_INTERNALS__
                 .invoke('save_report', { print: { report: { kind: 'meeting', from: '2026-02-01', to: '2026-01-01' }, paper: 'a4', path: '/tmp/never.pdf' } })
                 .then((saved) => done(saved), (e) => done(e));"#,
        )
        .await;
    assert_eq!(refused["field"], "to", "{refused}");
    assert_eq!(refused["key"], "report.period", "{refused}");

    // The project page offers the public statement and the poster.
    app.click("[data-testid=nav-projects]").await;
    app.click_in_row("tr", "Playground renovation", "button.link")
        .await;
    app.wait_for_text("[data-testid=print-project]", "Projektbericht")
        .await;
    app.wait_for_text("[data-testid=print-poster]", "Spendenplakat")
        .await;
    app.screenshot("r-02-project-print").await;

    // The member page offers the statement for a year.
    app.click("[data-testid=nav-members]").await;
    app.click_in_row("[data-testid=member-row]", "M-0007", "button.link")
        .await;
    app.wait_for_text("[data-testid=print-member]", "Drucken")
        .await;
    app.screenshot("r-03-member-print").await;
    app.resize(1024, 600).await;
    app.screenshot("r-04-member-print-1024x600").await;
    app.assert_fits_sideways().await;
    app.quit().await;
}
