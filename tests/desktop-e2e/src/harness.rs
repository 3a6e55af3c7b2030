//! Starts Xvfb and tauri-driver, launches the app through WebDriver, and wraps the few
//! interactions the scenarios need. Every process started here is ended when dropped.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};

const WAIT: Duration = Duration::from_secs(20);

/// WebDriver's codes for the keys the scenarios press.
pub const ENTER: &str = "\u{E007}";
pub const TAB: &str = "\u{E004}";
pub const ESCAPE: &str = "\u{E00C}";
/// Select all and delete: empties a field as a person would.
pub const CLEAR: &str = "\u{E009}a\u{E009}\u{E017}";

struct Process(Child);

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub struct App {
    client: Client,
    /// When the WebDriver session that launches the app was asked for.
    pub started: Instant,
    _driver: Process,
    _display: Process,
    /// The virtual display, for answering native dialogs with xdotool.
    display: String,
    shots: PathBuf,
    /// One app at a time per test process: they share the virtual display's number.
    _turn: tokio::sync::MutexGuard<'static, ()>,
}

static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// The Commonpot app under test.
pub fn binary() -> PathBuf {
    let path = std::env::var_os("COMMONPOT_DESKTOP_BINARY").map(PathBuf::from).unwrap_or_else(|| {
        panic!("COMMONPOT_DESKTOP_BINARY is not set: run the desktop tests with `cargo xtask test`, which builds the app")
    });
    assert!(
        path.exists(),
        "{} does not exist: build it with `cargo xtask test`",
        path.display()
    );
    path
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn wait_for_port(port: u16) {
    let start = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            start.elapsed() < WAIT,
            "tauri-driver did not listen on port {port}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Starts Xvfb on `:number` once the previous server of that number is gone, and waits
/// until it takes connections.
fn start_display(number: u16) -> Process {
    let socket = PathBuf::from(format!("/tmp/.X11-unix/X{number}"));
    let lock = PathBuf::from(format!("/tmp/.X{number}-lock"));
    let start = Instant::now();
    while lock.exists() && start.elapsed() < Duration::from_secs(5) {
        std::thread::sleep(Duration::from_millis(100));
    }
    let xvfb = Command::new("Xvfb")
        .args([
            format!(":{number}").as_str(),
            "-screen",
            "0",
            "1280x800x24",
            "-nolisten",
            "tcp",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("Xvfb is installed (cargo xtask test installs it)");
    let xvfb = Process(xvfb);
    let start = Instant::now();
    while std::os::unix::net::UnixStream::connect(&socket).is_err() {
        assert!(
            start.elapsed() < WAIT,
            "Xvfb did not open display :{number}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    xvfb
}

/// Starts tauri-driver on a free port with `home` as the app's home and data folder.
fn start_driver(display: &str, home: &Path) -> (Process, u16) {
    let port = free_port();
    let native_port = free_port();
    let driver = Command::new(tauri_driver())
        .args([
            "--port",
            &port.to_string(),
            "--native-port",
            &native_port.to_string(),
        ])
        .args(["--native-driver", "/usr/bin/WebKitWebDriver"])
        .env("DISPLAY", display)
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_CACHE_HOME", home.join("cache"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("tauri-driver is installed (cargo xtask test installs it)");
    let driver = Process(driver);
    wait_for_port(port);
    (driver, port)
}

impl App {
    /// Launches the app with `home` as its home and data folder, so each test starts fresh.
    pub async fn launch(home: &Path) -> App {
        App::launch_binary(&binary(), home).await
    }

    /// Launches any Tauri app binary the same way (the benchmark's bare window too).
    ///
    /// Asking for the session is tried up to three times with a fresh tauri-driver: on a
    /// loaded machine WebKitWebDriver now and then drops the first request before the app
    /// is up, which says nothing about the app.
    pub async fn launch_binary(application: &Path, home: &Path) -> App {
        let turn = ONE_AT_A_TIME.lock().await;
        let display_number = 90 + (std::process::id() % 8) as u16;
        let display = format!(":{display_number}");
        let xvfb = start_display(display_number);

        let mut capabilities = serde_json::Map::new();
        capabilities.insert(
            "tauri:options".into(),
            serde_json::json!({ "application": application.display().to_string() }),
        );
        let mut attempt = 1;
        let (client, driver, started) = loop {
            let (driver, port) = start_driver(&display, home);
            let started = Instant::now();
            let session =
                ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
                    .capabilities(capabilities.clone())
                    .connect(&format!("http://127.0.0.1:{port}"))
                    .await;
            match session {
                Ok(client) => break (client, driver, started),
                Err(e) if attempt < 3 => {
                    eprintln!(
                        "attempt {attempt} at a WebDriver session failed ({e}); trying again"
                    );
                    attempt += 1;
                    drop(driver);
                    std::thread::sleep(Duration::from_secs(1));
                }
                Err(e) => panic!("a WebDriver session with the app, three attempts: {e}"),
            }
        };
        let shots = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../test-output/desktop");
        std::fs::create_dir_all(&shots).unwrap();
        App {
            client,
            started,
            _driver: driver,
            _display: xvfb,
            display,
            shots,
            _turn: turn,
        }
    }

    async fn find(&self, css: &str) -> fantoccini::elements::Element {
        self.client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("{css} did not appear: {e}"))
    }

    pub async fn click(&self, css: &str) {
        self.find(css)
            .await
            .click()
            .await
            .unwrap_or_else(|e| panic!("cannot click {css}: {e}"));
    }

    /// Replaces the text of an input as typed keys.
    pub async fn fill(&self, css: &str, text: &str) {
        let field = self.find(css).await;
        field.clear().await.unwrap();
        if text.is_empty() {
            return;
        }
        field
            .send_keys(text)
            .await
            .unwrap_or_else(|e| panic!("cannot type into {css}: {e}"));
    }

    /// Types keys into the element, which gets the focus, without clearing it first.
    pub async fn type_keys(&self, css: &str, keys: &str) {
        let field = self.find(css).await;
        field
            .send_keys(keys)
            .await
            .unwrap_or_else(|e| panic!("cannot type into {css}: {e}"));
    }

    pub async fn select(&self, css: &str, value: &str) {
        let field = self.find(css).await;
        field
            .select_by_value(value)
            .await
            .unwrap_or_else(|e| panic!("cannot choose {value} in {css}: {e}"));
    }

    /// Clicks `button` inside the first `row` whose text contains `needle`.
    pub async fn click_in_row(&self, row: &str, needle: &str, button: &str) {
        self.find(row).await;
        for candidate in self.client.find_all(Locator::Css(row)).await.unwrap() {
            if candidate.text().await.unwrap_or_default().contains(needle)
                && let Ok(b) = candidate.find(Locator::Css(button)).await
            {
                b.click().await.unwrap();
                return;
            }
        }
        panic!("no {row} with {needle:?} has a {button}");
    }

    pub async fn text(&self, css: &str) -> String {
        self.find(css).await.text().await.unwrap()
    }

    pub async fn count(&self, css: &str) -> usize {
        self.client.find_all(Locator::Css(css)).await.unwrap().len()
    }

    /// Waits until some element matching `css` contains `needle`.
    pub async fn wait_for_text(&self, css: &str, needle: &str) {
        let start = Instant::now();
        loop {
            let elements = self
                .client
                .find_all(Locator::Css(css))
                .await
                .unwrap_or_default();
            for e in elements {
                if e.text().await.unwrap_or_default().contains(needle) {
                    return;
                }
            }
            if start.elapsed() > WAIT {
                let body = self
                    .client
                    .find(Locator::Css("body"))
                    .await
                    .unwrap()
                    .text()
                    .await
                    .unwrap_or_default();
                panic!("no {css} showed {needle:?} within {WAIT:?}; the window shows:\n{body}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Saves a PNG of the window after two animation frames, so that it is not stale.
    pub async fn screenshot(&self, name: &str) {
        self.client
            .execute_async("const done = arguments[0]; requestAnimationFrame(() => requestAnimationFrame(() => done()));", vec![])
            .await
            .unwrap();
        let png = self.client.screenshot().await.unwrap();
        std::fs::write(self.shots.join(format!("{name}.png")), png).unwrap();
    }

    /// Resizes the window, as on a small laptop screen.
    pub async fn resize(&self, width: u32, height: u32) {
        self.client
            .set_window_size(width, height)
            .await
            .unwrap_or_else(|e| panic!("cannot resize: {e}"));
    }

    /// Fails when the page is wider than the window (something sticks out sideways).
    pub async fn assert_fits_sideways(&self) {
        let overflow = self
            .script("return document.documentElement.scrollWidth > window.innerWidth")
            .await;
        assert_eq!(
            overflow,
            serde_json::Value::Bool(false),
            "nothing sticks out sideways"
        );
    }

    /// Answers the native file dialog titled `title` that the last click opened, as a person
    /// would: types the whole path into it and presses Enter (xdotool on the virtual display).
    pub async fn answer_file_dialog(&self, title: &str, path: &Path) {
        let xdotool = |args: &[&str]| {
            let out = Command::new("xdotool")
                .args(args)
                .env("DISPLAY", &self.display)
                .output()
                .expect("xdotool is installed (cargo xtask test installs it)");
            String::from_utf8_lossy(&out.stdout).trim().to_string()
        };
        let start = Instant::now();
        let window = loop {
            let found = xdotool(&["search", "--onlyvisible", "--name", &format!("^{title}$")]);
            if let Some(id) = found.lines().last().filter(|l| !l.is_empty()) {
                break id.to_string();
            }
            assert!(start.elapsed() < WAIT, "no dialog \"{title}\" opened");
            tokio::time::sleep(Duration::from_millis(200)).await;
        };
        // GTK takes a moment to be ready for keys after it shows the dialog; what it missed
        // is typed again, up to three times.
        let closed = |attempt_start: Instant, within: Duration| async move {
            loop {
                if xdotool(&["search", "--onlyvisible", "--name", &format!("^{title}$")]).is_empty()
                {
                    return true;
                }
                if attempt_start.elapsed() > within {
                    return false;
                }
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
        };
        for attempt in 1..=3 {
            xdotool(&["windowfocus", "--sync", &window]);
            tokio::time::sleep(Duration::from_millis(500 * attempt)).await;
            // A save dialog has its name selected; in an open dialog a typed "/" opens the
            // location field. Either way the whole path replaces what is there.
            xdotool(&["key", "--clearmodifiers", "ctrl+a"]);
            xdotool(&["type", "--delay", "20", path.to_str().expect("utf-8 path")]);
            tokio::time::sleep(Duration::from_millis(400)).await;
            // The file chooser may complete what was typed ("….sqlite" → "….sqlite-wal"): the
            // completion is selected text, which Delete removes.
            xdotool(&["key", "Delete"]);
            xdotool(&["key", "Return"]);
            if closed(Instant::now(), Duration::from_secs(4)).await {
                return;
            }
        }
        self.screenshot_display("dialog-did-not-close");
        panic!(
            "the dialog \"{title}\" did not close (the display is in test-output/desktop/dialog-did-not-close.png when xwd is installed)"
        );
    }

    /// Saves the whole virtual display (native dialogs included) as PNG, when xwd and
    /// ImageMagick are at hand; for finding out why a dialog did not behave.
    pub fn screenshot_display(&self, name: &str) {
        let png = self.shots.join(format!("{name}.png"));
        let _ = Command::new("sh")
            .arg("-c")
            .arg(format!(
                "xwd -root -silent | /usr/bin/convert xwd:- '{}'",
                png.display()
            ))
            .env("DISPLAY", &self.display)
            .status();
    }

    /// Runs a script in the window and returns its result.
    pub async fn script(&self, script: &str) -> serde_json::Value {
        self.client
            .execute(script, vec![])
            .await
            .unwrap_or_else(|e| panic!("script failed: {e}"))
    }

    /// Runs an asynchronous script (its last argument is the callback) and returns its result.
    pub async fn script_async(&self, script: &str) -> serde_json::Value {
        self.client
            .execute_async(script, vec![])
            .await
            .unwrap_or_else(|e| panic!("script failed: {e}"))
    }

    /// Fails when a process of the app — the binary and every process under it (WebKit's web
    /// and network processes) — holds a TCP or UDP socket that is not on the loopback
    /// interface: the app must never open a network connection.
    pub fn assert_no_network(&self) {
        let stat = |pid: &str| std::fs::read_to_string(format!("/proc/{pid}/stat")).ok();
        let mut parents = Vec::new();
        let mut ours = std::collections::HashSet::new();
        for entry in std::fs::read_dir("/proc").unwrap().flatten() {
            let pid = entry.file_name().to_string_lossy().into_owned();
            let Some(line) = stat(&pid) else { continue };
            // "pid (comm) state ppid …"; comm may hold spaces, so split after its ")".
            let Some((head, tail)) = line.rsplit_once(')') else {
                continue;
            };
            let comm = head.split_once('(').map_or("", |x| x.1);
            let ppid = tail.split_whitespace().nth(1).unwrap_or("0").to_string();
            if comm.starts_with("commonpot-deskt") {
                ours.insert(pid.clone());
            }
            parents.push((pid, ppid));
        }
        assert!(!ours.is_empty(), "the app's process was not found");
        loop {
            let before = ours.len();
            for (pid, ppid) in &parents {
                if ours.contains(ppid) {
                    ours.insert(pid.clone());
                }
            }
            if ours.len() == before {
                break;
            }
        }
        let mut inodes = std::collections::HashSet::new();
        for pid in &ours {
            let Ok(fds) = std::fs::read_dir(format!("/proc/{pid}/fd")) else {
                continue;
            };
            for fd in fds.flatten() {
                if let Ok(target) = std::fs::read_link(fd.path()) {
                    let target = target.to_string_lossy().into_owned();
                    if let Some(inode) = target
                        .strip_prefix("socket:[")
                        .and_then(|t| t.strip_suffix(']'))
                    {
                        inodes.insert(inode.to_string());
                    }
                }
            }
        }
        // /proc/net addresses are hex "HOST:PORT", IPv4 hosts in little-endian byte order.
        let parts = |a: &str| {
            let (host, port) = a.split_once(':').unwrap_or((a, ""));
            (host.to_string(), port.to_string())
        };
        let zero = |h: &str| h.chars().all(|c| c == '0');
        let loopback = |h: &str| {
            (h.len() == 8 && h.ends_with("7F"))
                || h == "00000000000000000000000001000000"
                || (h.len() == 32 && h.starts_with("0000000000000000FFFF0000") && h.ends_with("7F"))
        };
        for table in ["tcp", "tcp6", "udp", "udp6"] {
            let text = std::fs::read_to_string(format!("/proc/net/{table}")).unwrap_or_default();
            for line in text.lines().skip(1) {
                let fields: Vec<&str> = line.split_whitespace().collect();
                if fields.len() < 10 || !inodes.contains(fields[9]) {
                    continue;
                }
                let ((local, local_port), (remote, _)) = (parts(fields[1]), parts(fields[2]));
                // Connected: only to this machine. Not connected: bound to loopback or not at all.
                let fine = if zero(&remote) {
                    loopback(&local) || (zero(&local) && zero(&local_port))
                } else {
                    loopback(&remote)
                };
                assert!(
                    fine,
                    "the app has a {table} socket {} → {}",
                    fields[1], fields[2]
                );
            }
        }
    }

    /// Calls a command as the window would, for the set-up a scenario does not look at;
    /// `args` is a JavaScript object literal. A refusal fails the test.
    pub async fn invoke(&self, cmd: &str, args: &str) -> serde_json::Value {
        let result = self
            .script_async(&format!(
                r#"const done = arguments[arguments.length - 1];
                   window.__TAURI_INTERNALS__.invoke({cmd:?}, {args})
                     .then((r) => done(r), (e) => done({{ error: e }}));"#
            ))
            .await;
        assert!(result.get("error").is_none(), "{cmd}: {result}");
        result
    }

    pub async fn quit(self) {
        self.client.close().await.unwrap();
    }
}

fn tauri_driver() -> PathBuf {
    let cargo_bin = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .map(|c| c.join("bin/tauri-driver"));
    match cargo_bin {
        Some(path) if path.exists() => path,
        _ => PathBuf::from("tauri-driver"),
    }
}
