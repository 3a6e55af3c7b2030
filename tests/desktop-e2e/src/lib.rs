//! Drives the real desktop app: the release binary in a WebKit window under Xvfb, through
//! tauri-driver and WebKitWebDriver. The end-to-end scenarios live in `tests/it`; the desktop
//! benchmark (`cargo xtask bench --desktop`) in `src/bin/desktop-bench.rs`.

mod harness;

pub use harness::{App, CLEAR, ENTER, ESCAPE, TAB};
