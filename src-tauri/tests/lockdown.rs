//! The desktop app's own configuration, read as shipped, against what a locked-down app allows:
//! a strict content security policy (no `unsafe-eval`, no remote origin), no global Tauri
//! object, capabilities for the one window only with no remote access and no permission
//! beyond the file dialogs and the drop event, and no filesystem, shell, HTTP or other plugin
//! that reaches outside. A change that loosens any of these fails here and must say why.

use std::path::Path;

use serde_json::Value;

fn read(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn config() -> Value {
    serde_json::from_str(&read("tauri.conf.json")).expect("tauri.conf.json is JSON")
}

/// The permissions the window needs: open and save dialogs, the file-drop event.
const ALLOWED_PERMISSIONS: &[&str] = &[
    "dialog:allow-open",
    "dialog:allow-save",
    "core:event:allow-listen",
    "core:event:allow-unlisten",
];

#[test]
fn the_content_security_policy_allows_only_the_app_itself() {
    let config = config();
    let csp = config["app"]["security"]["csp"]
        .as_str()
        .expect("a content security policy is set");
    let directives: Vec<(&str, Vec<&str>)> = csp
        .split(';')
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(|d| {
            let mut words = d.split_whitespace();
            (words.next().unwrap(), words.collect())
        })
        .collect();
    let directive = |name: &str| directives.iter().find(|(n, _)| *n == name).map(|(_, v)| v);
    assert_eq!(directive("default-src"), Some(&vec!["'self'"]), "{csp}");
    assert_eq!(directive("script-src"), Some(&vec!["'self'"]), "{csp}");
    assert_eq!(directive("object-src"), Some(&vec!["'none'"]), "{csp}");
    for (name, sources) in &directives {
        for source in sources {
            assert_ne!(*source, "'unsafe-eval'", "{name} allows eval: {csp}");
            assert_ne!(*source, "*", "{name} allows any origin: {csp}");
            let remote = source.starts_with("http")
                || source.starts_with("ws")
                || *source == "https:"
                || *source == "http:";
            // Tauri's IPC on Linux goes through this local custom-protocol origin.
            assert!(
                !remote || *source == "http://ipc.localhost",
                "{name} allows the remote origin {source}: {csp}"
            );
        }
    }
    assert!(
        directive("connect-src").is_some_and(|s| s
            .iter()
            .all(|x| *x == "ipc:" || *x == "http://ipc.localhost")),
        "connect-src reaches only the app's IPC: {csp}"
    );
}

#[test]
fn no_global_tauri_object_and_one_window() {
    let config = config();
    assert_eq!(config["app"]["withGlobalTauri"], Value::Bool(false));
    let windows = config["app"]["windows"].as_array().expect("windows");
    assert_eq!(windows.len(), 1, "one window, the one the capability names");
    assert_eq!(windows[0]["label"], "main");
    assert!(
        windows[0]
            .get("url")
            .is_none_or(|u| !u.as_str().unwrap_or("").starts_with("http")),
        "the window loads the app, not a web page"
    );
    assert_eq!(
        config["app"]["security"]["capabilities"],
        serde_json::json!(["main-window"])
    );
}

#[test]
fn capabilities_reach_no_remote_and_grant_only_what_the_window_uses() {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("capabilities");
    let mut seen = 0;
    for file in std::fs::read_dir(&folder).unwrap() {
        let path = file.unwrap().path();
        let capability: Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        seen += 1;
        assert!(
            capability.get("remote").is_none(),
            "{}: a remote block",
            path.display()
        );
        assert_eq!(
            capability["windows"],
            serde_json::json!(["main"]),
            "{}",
            path.display()
        );
        assert!(capability.get("webviews").is_none(), "{}", path.display());
        for permission in capability["permissions"].as_array().unwrap() {
            let name = permission
                .as_str()
                .or_else(|| permission["identifier"].as_str())
                .unwrap_or("?");
            assert!(
                ALLOWED_PERMISSIONS.contains(&name),
                "{}: the permission {name} is more than a command needs",
                path.display()
            );
        }
    }
    assert_eq!(seen, 1, "one capability file");
}

#[test]
fn no_plugin_reaches_the_filesystem_a_shell_or_the_network() {
    let manifest = read("Cargo.toml");
    for plugin in [
        "tauri-plugin-fs",
        "tauri-plugin-shell",
        "tauri-plugin-http",
        "tauri-plugin-opener",
        "tauri-plugin-updater",
        "tauri-plugin-websocket",
        "tauri-plugin-upload",
        "tauri-plugin-process",
    ] {
        assert!(!manifest.contains(plugin), "Cargo.toml brings {plugin}");
    }
    let ui = read("../ui/package.json");
    for plugin in [
        "plugin-fs",
        "plugin-shell",
        "plugin-http",
        "plugin-opener",
        "plugin-updater",
    ] {
        assert!(!ui.contains(plugin), "ui/package.json brings {plugin}");
    }
    // Tauri's own features: nothing that opens the app to the outside.
    for feature in [
        "devtools",
        "macos-private-api",
        "protocol-asset",
        "tray-icon",
    ] {
        assert!(
            !manifest.contains(&format!("\"{feature}\"")),
            "tauri feature {feature}"
        );
    }
}
