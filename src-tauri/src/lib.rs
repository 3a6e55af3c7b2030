//! The Commonpot desktop shell. Every Tauri command here is one line of glue over
//! `commonpot-app`, the same use cases the `commonpot` command calls; the DTOs in [`dto`] are
//! the only types that cross IPC, and their TypeScript twins in `ui/src/lib/api/bindings.ts`
//! are generated from them (`cargo xtask bindings`), never written by hand.
//!
//! This crate holds no business rule and does no money arithmetic.

mod commands;
pub mod dto;
mod session;

use tauri_specta::{Builder, collect_commands};

/// Where the generated TypeScript bindings live, relative to this crate.
pub const BINDINGS: &str = "../ui/src/lib/api/bindings.ts";

/// Every command the front end may call, with its types.
pub fn specta_builder<R: tauri::Runtime>() -> Builder<R> {
    Builder::<R>::new()
        .disable_serde_phases()
        .constant("bookTexts", dto::book_texts())
        .commands(collect_commands![
            commands::start::start,
            commands::start::create_association,
            commands::start::open_demo,
            commands::start::open_file,
            commands::overview::overview,
            commands::projects::projects,
            commands::projects::add_project,
            commands::projects::set_project_status,
            commands::members::members,
            commands::members::add_member,
            commands::entries::check_amount,
            commands::entries::record_contribution,
            commands::entries::reverse_entry,
            commands::entries::ledger,
            commands::collections::denominations,
            commands::collections::open_collections,
            commands::collections::open_collection,
            commands::collections::collection,
            commands::collections::undo_last,
            commands::collections::count_cash,
            commands::collections::close_collection,
            commands::settings::settings,
            commands::settings::update_settings,
            commands::settings::backup_now,
            commands::members::update_member,
            commands::projects::update_project,
            commands::participation::meetings,
            commands::participation::add_meeting,
            commands::participation::add_shift,
            commands::decisions::decisions,
            commands::decisions::decision,
            commands::decisions::create_decision,
            commands::decisions::open_decision,
            commands::decisions::cast_ballot,
            commands::decisions::enter_paper,
            commands::decisions::paper_differences,
            commands::decisions::settle_paper,
            commands::decisions::tally,
            commands::decisions::close_decision,
            commands::reports::save_report,
            commands::laptops::laptops,
            commands::laptops::make_kit,
            commands::members::export_member,
            commands::members::erase_member,
            commands::settings::restore_backup,
            commands::settings::change_passphrase,
            commands::laptops::import_bundle,
            commands::laptops::hand_over,
            commands::laptops::open_kit,
            commands::bank::bank,
            commands::bank::import_bank_file,
            commands::bank::add_bank_profile,
            commands::bank::assign_bank_line,
            commands::bank::payment_code,
        ])
}

/// The TypeScript bindings as they should be committed.
pub fn typescript_bindings() -> String {
    let path = std::env::temp_dir().join(format!("commonpot-bindings-{}.ts", std::process::id()));
    specta_builder::<tauri::Wry>()
        .export(
            specta_typescript::Typescript::default()
                .header("// Generated from src-tauri by `cargo xtask bindings`. Do not edit.\n"),
            &path,
        )
        .expect("bindings export");
    let text = std::fs::read_to_string(&path).expect("bindings written");
    let _ = std::fs::remove_file(&path);
    text
}

pub fn run() {
    let builder = specta_builder::<tauri::Wry>();
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .manage(session::Session::for_this_user())
        .invoke_handler(builder.invoke_handler())
        .on_window_event(|window, event| {
            // The automatic backup (at most one a day) when the window closes.
            if let tauri::WindowEvent::CloseRequested { .. } = event {
                use tauri::Manager;
                window.state::<session::Session>().backup_on_close();
            }
        })
        .run(tauri::generate_context!())
        .expect("the Commonpot window could not start");
}

#[cfg(test)]
mod wiring {
    //! A few commands through Tauri's mock runtime: arguments, results and `{code, message}`
    //! errors as the front end receives them.

    use serde_json::{Value, json};
    use tauri::test::{
        INVOKE_KEY, MockRuntime, get_ipc_response, mock_builder, mock_context, noop_assets,
    };
    use tauri::webview::InvokeRequest;

    fn call(
        webview: &tauri::WebviewWindow<MockRuntime>,
        cmd: &str,
        body: Value,
    ) -> Result<Value, Value> {
        let request = InvokeRequest {
            cmd: cmd.into(),
            callback: tauri::ipc::CallbackFn(0),
            error: tauri::ipc::CallbackFn(1),
            url: "tauri://localhost".parse().unwrap(),
            body: tauri::ipc::InvokeBody::Json(body),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        };
        get_ipc_response(webview, request).map(|b| b.deserialize::<Value>().unwrap())
    }

    /// The app on Tauri's mock runtime, remembering its last file in `dir`, and its window.
    fn mock_window(
        dir: &std::path::Path,
    ) -> (tauri::App<MockRuntime>, tauri::WebviewWindow<MockRuntime>) {
        let app = mock_builder()
            .manage(crate::session::Session::remembering_in(
                dir.join("last-file"),
            ))
            .invoke_handler(crate::specta_builder::<MockRuntime>().invoke_handler())
            .build(mock_context(noop_assets()))
            .unwrap();
        let webview = tauri::WebviewWindowBuilder::new(&app, "main", Default::default())
            .build()
            .unwrap();
        (app, webview)
    }

    #[test]
    fn commands_reach_the_use_cases_and_errors_carry_a_code() {
        let dir = tempfile::tempdir().unwrap();
        let (_app, webview) = mock_window(dir.path());

        let err = call(&webview, "overview", json!({})).unwrap_err();
        assert_eq!(err["code"], "no_association");

        let path = dir.path().join("books.sqlite");
        let created = call(
            &webview,
            "create_association",
            json!({"association": {"name": "Lindenhof", "currency": "EUR", "locale": "de-DE", "path": path}}),
        )
        .unwrap();
        assert_eq!(
            (
                created["name"].as_str(),
                created["maxAmount"]["text"].as_str()
            ),
            (Some("Lindenhof"), Some("100.000,00"))
        );
        assert_eq!(
            std::fs::read_to_string(dir.path().join("last-file")).unwrap(),
            path.display().to_string()
        );

        call(&webview, "add_project", json!({"project": {"title": "Bäume", "goal": "1.500,00", "code": "TREES", "deadline": null, "description": null}}))
            .unwrap();
        let err = call(&webview, "check_amount", json!({"text": "2.505"})).unwrap_err();
        assert_eq!(err["code"], "invalid_input");
        assert!(
            err["message"].as_str().unwrap().contains("ambiguous"),
            "{err}"
        );
        assert_eq!(
            call(&webview, "check_amount", json!({"text": "2,50"})).unwrap(),
            json!({"value": "2.50", "text": "2,50"})
        );

        let contribution = |amount: &str| json!({"contribution": {"project": "TREES", "amount": amount, "channel": "cash", "member": null, "collector": null, "note": null, "collection": null}});
        let id = call(&webview, "record_contribution", contribution("2,50")).unwrap();
        let err = call(&webview, "record_contribution", contribution("0")).unwrap_err();
        assert_eq!(err["code"], "invalid_input");
        assert_eq!(err["field"], "amount");
        assert!(
            err["message"]
                .as_str()
                .unwrap()
                .starts_with("\"0\" is zero"),
            "{err}"
        );
        assert_eq!(err["key"], "amount.zero", "for the UI's catalogue");
        assert_eq!(err["args"]["text"], "0");
        assert_eq!(err["args"]["small"], "2,50");

        let overview = call(&webview, "overview", json!({})).unwrap();
        assert_eq!(overview["raised"], json!({"value": "2.50", "text": "2,50"}));
        assert_eq!(overview["projects"][0]["code"], "TREES");
        assert_eq!(overview["latest"][0]["id"], id);

        call(
            &webview,
            "reverse_entry",
            json!({"id": id, "reason": "entered by mistake"}),
        )
        .unwrap();
        let err = call(
            &webview,
            "reverse_entry",
            json!({"id": id, "reason": "again"}),
        )
        .unwrap_err();
        assert_eq!(err["code"], "refused");
        assert_eq!(err["key"], "reversal.already");
        assert_eq!(err["args"]["id"], id);
        let ledger = call(
            &webview,
            "ledger",
            json!({"query": {"project": null, "member": null, "collection": null, "channel": null, "from": null, "to": null, "text": null, "limit": 10}}),
        )
        .unwrap();
        assert_eq!(ledger.as_array().unwrap().len(), 2);
        assert_eq!(ledger[0]["kind"], "reversal", "newest first");

        // A budget decision through its commands: created, opened, one ballot, closed.
        call(
            &webview,
            "add_member",
            json!({"member": {"name": "Zoë", "email": null, "number": "M1"}}),
        )
        .unwrap();
        let decision = call(
            &webview,
            "create_decision",
            json!({"decision": {"title": "Fund?", "method": "greedy", "budget": "2.000,00", "pool": null, "cap": null,
                "options": ["TREES"], "weights": null, "quorum": null, "threshold": null}}),
        )
        .unwrap();
        let opened = call(&webview, "open_decision", json!({"id": decision})).unwrap();
        assert_eq!(opened["state"], "voting");
        assert_eq!(opened["voters"][0]["member"], "M1");
        let ballot = |approve: Value| json!({"ballot": {"decision": decision, "member": "M1", "choice": null, "approve": approve, "paper": false}});
        let err = call(&webview, "cast_ballot", ballot(json!(["SLIDE"]))).unwrap_err();
        assert_eq!(err["key"], "ballot.unknown_option");
        call(&webview, "cast_ballot", ballot(json!(["TREES"]))).unwrap();
        let err = call(&webview, "cast_ballot", ballot(json!(["TREES"]))).unwrap_err();
        assert_eq!(
            (err["code"].as_str(), err["key"].as_str()),
            (Some("refused"), Some("ballot.twice"))
        );
        let result = call(&webview, "close_decision", json!({"id": decision})).unwrap();
        assert_eq!(result["provisional"], false);
        assert_eq!(result["options"][0]["funded"], true);
        assert_eq!(result["spent"]["text"], "1.500,00");
        assert_eq!(result["options"][0]["costPercent"], 75);

        // Printing: every kind of document through the one command, written where asked.
        let collection = call(
            &webview,
            "open_collection",
            json!({"collection": {"collector": "M1", "place": "Stall", "project": "TREES"}}),
        )
        .unwrap();
        let reports = [
            json!({"kind": "meeting", "from": "2026-01-01", "to": "2099-12-31"}),
            json!({"kind": "project", "project": "TREES"}),
            json!({"kind": "member", "member": "M1", "year": "2026"}),
            json!({"kind": "ballots", "decision": decision, "count": 3}),
            json!({"kind": "poster", "project": "TREES"}),
            json!({"kind": "cashSheet", "collection": collection["id"]}),
        ];
        for (i, report) in reports.iter().enumerate() {
            let out = dir.path().join(format!("report-{i}.pdf"));
            let saved = call(
                &webview,
                "save_report",
                json!({"print": {"report": report, "paper": "letter", "path": out}}),
            )
            .unwrap_or_else(|e| panic!("{report}: {e}"));
            assert_eq!(saved["path"], out.display().to_string());
            assert!(
                std::fs::read(&out).unwrap().starts_with(b"%PDF-"),
                "{report}"
            );
        }
        let err = call(
            &webview,
            "save_report",
            json!({"print": {"report": {"kind": "member", "member": "M1", "year": "26"}, "paper": "a4",
                "path": dir.path().join("never.pdf")}}),
        )
        .unwrap_err();
        assert_eq!(
            (err["key"].as_str(), err["field"].as_str()),
            (Some("report.year"), Some("year"))
        );
        assert!(!dir.path().join("never.pdf").exists());
    }

    #[test]
    fn a_kit_opens_a_volunteer_laptop_whose_bundle_the_organiser_imports() {
        let dir = tempfile::tempdir().unwrap();
        let (_app, webview) = mock_window(dir.path());
        let organiser = dir.path().join("organiser.sqlite");
        call(&webview, "create_association", json!({"association": {"name": "Lindenhof", "currency": "EUR", "locale": "de-DE", "path": organiser}})).unwrap();
        call(
            &webview,
            "add_member",
            json!({"member": {"name": "Zoë", "number": "M1", "email": null, "joined": null}}),
        )
        .unwrap();
        call(&webview, "add_project", json!({"project": {"title": "Bäume", "goal": "1.500,00", "code": "TREES", "deadline": null, "description": null}})).unwrap();
        let kit = dir.path().join("stall.cpkit");
        let made = call(
            &webview,
            "make_kit",
            json!({"volunteer": "Stall laptop", "path": kit}),
        )
        .unwrap();
        assert_eq!(
            (made["members"].as_u64(), made["projects"].as_u64()),
            (Some(1), Some(1))
        );
        let laptop = dir.path().join("stall.sqlite");
        call(&webview, "open_kit", json!({"kit": kit, "path": laptop})).unwrap();
        let seen = call(&webview, "laptops", json!({})).unwrap();
        assert_eq!(seen["role"], "volunteer");
        let collection = call(
            &webview,
            "open_collection",
            json!({"collection": {"collector": "M1", "place": "Stall", "project": "TREES"}}),
        )
        .unwrap();
        call(&webview, "record_contribution", json!({"contribution": {"project": "TREES", "amount": "5", "channel": "cash", "member": null, "collector": null, "note": null, "collection": collection["id"]}})).unwrap();
        let bundle = dir.path().join("stall.cpbundle");
        let handed = call(&webview, "hand_over", json!({"path": bundle, "all": false})).unwrap();
        assert_eq!(
            (
                handed["entries"].as_u64(),
                handed["from"].as_u64(),
                handed["to"].as_u64()
            ),
            (Some(2), Some(1), Some(2))
        );
        // Nothing new since: the next hand-over is empty; "everything again" is whole.
        let again = dir.path().join("again.cpbundle");
        let empty = call(&webview, "hand_over", json!({"path": again, "all": false})).unwrap();
        assert_eq!(
            (empty["entries"].as_u64(), empty["from"].as_u64()),
            (Some(0), None)
        );
        let whole = call(&webview, "hand_over", json!({"path": again, "all": true})).unwrap();
        assert_eq!(
            (whole["entries"].as_u64(), whole["from"].as_u64()),
            (Some(2), Some(1))
        );
        let err = call(
            &webview,
            "import_bundle",
            json!({"path": bundle, "dryRun": false}),
        )
        .unwrap_err();
        assert_eq!(err["key"], "sync.volunteer_import");

        call(&webview, "open_file", json!({"path": organiser})).unwrap();
        let report = call(
            &webview,
            "import_bundle",
            json!({"path": bundle, "dryRun": false}),
        )
        .unwrap();
        assert_eq!(
            (report["added"].as_u64(), report["device"].as_str()),
            (Some(2), Some("Stall laptop"))
        );
        let seen = call(&webview, "laptops", json!({})).unwrap();
        assert_eq!(seen["role"], "organiser");
        assert_eq!(seen["imports"][0]["added"], 2);
        assert_eq!(seen["devices"][1]["name"], "Stall laptop");
    }

    #[test]
    fn a_statement_file_is_imported_queued_assigned_and_its_code_shown() {
        let dir = tempfile::tempdir().unwrap();
        let (_app, webview) = mock_window(dir.path());
        let path = dir.path().join("books.sqlite");
        call(&webview, "create_association", json!({"association": {"name": "Lindenhof", "currency": "EUR", "locale": "de-DE", "path": path}})).unwrap();
        call(&webview, "add_project", json!({"project": {"title": "Bäume", "goal": "1.500,00", "code": "TREES", "deadline": null, "description": null}})).unwrap();
        call(
            &webview,
            "update_settings",
            json!({"change": {"name": "Lindenhof", "locale": "de-DE", "maxAmount": "100.000,00",
                "settings": [{"setting": "iban", "value": "DE89370400440532013000"},
                    {"setting": "bic", "value": ""}]}}),
        )
        .unwrap();
        let profile = call(
            &webview,
            "add_bank_profile",
            json!({"name": "Giro", "delimiter": ";", "decimal": ",", "dateFormat": "%d.%m.%Y",
                "columns": "date=1,amount=4,name=2,iban=3,text=5", "encoding": "utf-8"}),
        )
        .unwrap();
        assert_eq!(profile, "Giro");
        let code = call(
            &webview,
            "payment_code",
            json!({"reference": "TREES", "member": null, "amount": null}),
        )
        .unwrap();
        let reference = code["reference"].as_str().unwrap().to_string();
        assert!(code["svg"].as_str().unwrap().starts_with("<svg"));
        assert_eq!(code["iban"], "DE89 3704 0044 0532 0130 00");
        let csv = dir.path().join("giro.csv");
        std::fs::write(
            &csv,
            format!("Datum;Name;IBAN;Betrag;Text\n01.11.2026;Jana;;5,00;Spende {reference}\n02.11.2026;Piotr;;7,00;Danke\n"),
        )
        .unwrap();
        let body = json!({"path": csv, "profile": "Giro", "dryRun": false});
        let report = call(&webview, "import_bank_file", body.clone()).unwrap();
        assert_eq!(
            (report["matched"].as_u64(), report["queued"].as_u64()),
            (Some(1), Some(1))
        );
        assert_eq!(
            call(&webview, "import_bank_file", body).unwrap()["known"],
            2
        );
        let bank = call(&webview, "bank", json!({})).unwrap();
        assert_eq!(bank["profiles"], json!(["Giro"]));
        assert_eq!(bank["queue"][0]["why"]["key"], "bank.why_none");
        assert_eq!(bank["matched"][0]["projectCode"], "TREES");
        let line = bank["queue"][0]["id"].clone();
        call(
            &webview,
            "assign_bank_line",
            json!({"line": line, "project": "TREES", "member": null, "remember": true}),
        )
        .unwrap();
        let err = call(
            &webview,
            "assign_bank_line",
            json!({"line": line, "project": "TREES", "member": null, "remember": true}),
        )
        .unwrap_err();
        assert_eq!(err["key"], "bank.line_done");
        let err = call(
            &webview,
            "import_bank_file",
            json!({"path": csv, "profile": "Nope", "dryRun": false}),
        )
        .unwrap_err();
        assert_eq!(err["key"], "bank.profile_unknown");
        assert_eq!(call(&webview, "bank", json!({})).unwrap()["queuedCount"], 0);
    }
}

#[cfg(test)]
mod tests {
    /// The committed bindings are what the commands generate. Set COMMONPOT_WRITE_BINDINGS=1
    /// (or run `cargo xtask bindings`) to rewrite them after changing a command or DTO.
    #[test]
    fn typescript_bindings_are_current() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(super::BINDINGS);
        let generated = super::typescript_bindings();
        if std::env::var_os("COMMONPOT_WRITE_BINDINGS").is_some() {
            std::fs::write(&path, &generated).expect("bindings written");
            return;
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == generated,
            "{} is out of date: run `cargo xtask bindings` and commit the result",
            path.display()
        );
    }
}
