//! The Bank screen, as a new user would use it: a camt.053 statement chosen in the native
//! open dialog is imported; a gift with the project's reference is matched; the rest waits
//! in the queue, and a waiting transfer is assigned with the project's number and Enter; a
//! project's payment code is shown large for a meeting and closed with Escape.

use desktop_e2e::{App, ENTER};

fn statement(reference: &str) -> String {
    let entry = |n: u32, amount: &str, credit: bool, name: &str, text: &str| {
        let (indicator, party) = if credit {
            ("CRDT", "Dbtr")
        } else {
            ("DBIT", "Cdtr")
        };
        format!(
            "<Ntry><Amt Ccy=\"EUR\">{amount}</Amt><CdtDbtInd>{indicator}</CdtDbtInd><Sts>BOOK</Sts>\
<BookgDt><Dt>2026-11-0{n}</Dt></BookgDt><AcctSvcrRef>E{n}</AcctSvcrRef><NtryDtls><TxDtls>\
<RltdPties><{party}><Nm>{name}</Nm></{party}></RltdPties><RmtInf><Ustrd>{text}</Ustrd></RmtInf>\
</TxDtls></NtryDtls></Ntry>\n"
        )
    };
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\"><BkToCstmrStmt>\
<GrpHdr><MsgId>M</MsgId><CreDtTm>2026-11-30T06:00:00</CreDtTm></GrpHdr><Stmt><Id>2026-11</Id>\
<Acct><Id><IBAN>DE44500105175407324931</IBAN></Id><Ccy>EUR</Ccy></Acct>\
<Bal><Tp><CdOrPrtry><Cd>PRCD</Cd></CdOrPrtry></Tp><Amt Ccy=\"EUR\">200.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-10-31</Dt></Dt></Bal>\
<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy=\"EUR\">222.50</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-11-30</Dt></Dt></Bal>\n\
{}{}{}</Stmt></BkToCstmrStmt></Document>\n",
        entry(
            2,
            "15.00",
            true,
            "Zoë Müller",
            &format!("Spende {reference}")
        ),
        entry(3, "12.50", true, "A. Passant", "Danke für den Spielplatz"),
        entry(4, "5.00", false, "Sparkasse", "Kontoführung"),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_statement_is_imported_and_a_waiting_transfer_assigned_with_two_keys() {
    let home = tempfile::tempdir().unwrap();
    let app = App::launch(home.path()).await;
    app.wait_for_text("h1", "Welcome to Commonpot").await;
    app.fill("#association-name", "Nachbarschaftsverein Lindenhof")
        .await;
    app.select("#association-locale", "de-DE").await;
    app.click("[data-testid=create-association]").await;
    app.wait_for_text("h1", "Übersicht").await;
    for (title, code) in [("Spielplatz", "SPIEL"), ("Straßenbäume", "BAUM")] {
        app.invoke("add_project",
            &format!(
                "{{ project: {{ title: '{title}', goal: '1.500,00', code: '{code}', deadline: null, description: null }} }}"
            ),
        )
        .await;
    }
    app.invoke("update_settings",
        r#"{ change: { name: 'Nachbarschaftsverein Lindenhof', locale: 'de-DE', maxAmount: '100.000,00',
             settings: [{ setting: 'iban', value: 'DE44500105175407324931' }] } }"#,
    )
    .await;
    let code = app
        .invoke(
            "payment_code",
            "{ reference: 'SPIEL', member: null, amount: null }",
        )
        .await;
    let file = home.path().join("Kontoauszug-November.xml");
    std::fs::write(
        &file,
        statement(&code["grouped"].as_str().unwrap().to_lowercase()),
    )
    .unwrap();

    app.click("[data-testid=nav-bank]").await;
    app.wait_for_text("h1", "Bank").await;
    app.wait_for_text(".empty", "Keine Bankzeile wartet").await;
    app.screenshot("b-01-bank-empty").await;
    app.click("[data-testid=import-statement]").await;
    app.answer_file_dialog("Kontoauszug importieren", &file)
        .await;
    app.wait_for_text("[data-testid=report-matched]", "1").await;
    assert_eq!(app.text("[data-testid=report-queued]").await, "2");
    app.wait_for_text("[data-testid=bank-report]", "geht auf")
        .await;
    app.wait_for_text("[data-testid=bank-balance]", "222,50")
        .await;
    app.wait_for_text("[data-testid=bank-matched]", "Referenz")
        .await;
    assert_eq!(app.count("[data-testid=queue-line]").await, 2);
    app.screenshot("b-02-imported").await;

    // The stranger's 12,50: the first waiting line. 2 is BAUM, then Enter.
    app.click("[data-testid=queue-line]").await;
    app.type_keys("[data-testid=queue-list]", "2").await;
    app.wait_for_text("[data-testid=assign-project]", "BAUM – Straßenbäume")
        .await;
    app.screenshot("b-03-assigning").await;
    app.type_keys("[data-testid=queue-list]", ENTER).await;
    app.wait_for_text("[data-testid=notice]", "zugeordnet")
        .await;
    app.wait_for_text("h2", "Zur Prüfung: 1").await;
    // The fee waits as an expense to record.
    app.wait_for_text("[data-testid=assign-project]", "Wird eine Ausgabe von")
        .await;

    // Importing the same file again adds nothing.
    app.click("[data-testid=import-statement]").await;
    app.answer_file_dialog("Kontoauszug importieren", &file)
        .await;
    app.wait_for_text("[data-testid=report-known]", "3").await;
    assert_eq!(app.text("[data-testid=report-matched]").await, "0");

    // The payment code, large, for the meeting.
    app.select("[data-testid=code-project]", "SPIEL").await;
    app.click("[data-testid=show-code]").await;
    app.wait_for_text(
        "[data-testid=code-reference]",
        code["grouped"].as_str().unwrap(),
    )
    .await;
    app.screenshot("b-04-payment-code").await;
    app.type_keys("[data-testid=code-overlay] button", desktop_e2e::ESCAPE)
        .await;
    assert_eq!(app.count("[data-testid=code-overlay]").await, 0);

    // Importing, assigning and showing the code opened no network connection.
    app.assert_no_network();

    app.resize(1024, 600).await;
    app.screenshot("b-05-bank-1024x600").await;
    app.assert_fits_sideways().await;
    app.quit().await;
}
