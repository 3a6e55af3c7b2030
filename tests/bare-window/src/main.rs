//! A window that shows one line of text: what a Tauri 2 app costs before it does anything.
//! `cargo xtask bench --desktop` compares the Commonpot app with it.

fn main() {
    tauri::Builder::default()
        .run(tauri::generate_context!())
        .expect("the bare window could not start");
}
