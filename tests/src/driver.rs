//! The WebDriver side: the config from the environment, starting the app under tauri-driver
//! (WebKitWebDriver) and talking W3C WebDriver over plain HTTP, one test at a time.

use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::desktop::end_processes;
use crate::home::Home;

/// How long a test waits for the window to show what it expects.
pub const T: Duration = Duration::from_secs(10);

/// The config from the environment, or skip the test (return) with a note. `config_or_skip!(cli)`
/// also needs the CLI binary.
#[macro_export]
macro_rules! config_or_skip {
    () => {
        match $crate::Config::from_env() {
            Some(c) => c,
            None => {
                eprintln!("skipped: LOCKSTEP_E2E_APP is not set (run `cargo xtask test`)");
                return;
            }
        }
    };
    (cli) => {
        match $crate::Config::from_env() {
            Some(c) if c.cli.is_some() => c,
            _ => {
                eprintln!(
                    "skipped: LOCKSTEP_E2E_APP / LOCKSTEP_E2E_CLI not set (run `cargo xtask test`)"
                );
                return;
            }
        }
    };
}

/// W3C WebDriver key codes.
pub mod keys {
    pub const ENTER: &str = "\u{E007}";
    pub const ESCAPE: &str = "\u{E00C}";
    pub const CONTROL: &str = "\u{E009}";
    pub const DOWN: &str = "\u{E015}";
    pub const UP: &str = "\u{E013}";
    pub const ALT: &str = "\u{E00A}";
    pub const SHIFT: &str = "\u{E008}";
    pub const TAB: &str = "\u{E004}";
    pub const F10: &str = "\u{E03A}";
    pub const BACKSPACE: &str = "\u{E003}";
}

/// One test at a time: one X display, one keyring, one single-instance name.
static SERIAL: Mutex<()> = Mutex::new(());

/// The paths a test needs, from the environment xtask sets.
pub struct Config {
    pub app: PathBuf,
    pub driver: PathBuf,
    pub cli: Option<PathBuf>,
}

impl Config {
    /// None (test skipped) when the app binary is not given.
    pub fn from_env() -> Option<Config> {
        let app = PathBuf::from(std::env::var_os("LOCKSTEP_E2E_APP")?);
        let driver = std::env::var_os("LOCKSTEP_E2E_DRIVER")
            .map(PathBuf::from)
            .unwrap_or_else(|| "tauri-driver".into());
        let cli = std::env::var_os("LOCKSTEP_E2E_CLI").map(PathBuf::from);
        Some(Config { app, driver, cli })
    }
}

/// Where screenshots go: `target/e2e/`.
pub fn screenshot_dir() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap_or(Path::new("."))
        .to_path_buf();
    let dir = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"))
        .join("e2e");
    let _ = std::fs::create_dir_all(&dir);
    dir
}

/// An element's box in CSS pixels, and the size of the viewport it was measured in.
#[derive(Clone, Copy, Debug)]
pub struct Rect {
    pub left: f64,
    pub top: f64,
    pub right: f64,
    pub bottom: f64,
    pub view_width: f64,
    pub view_height: f64,
}

impl Rect {
    /// Whether the box is non-empty and wholly inside the viewport (a person sees all of it).
    pub fn in_view(&self) -> bool {
        self.right > self.left
            && self.bottom > self.top
            && self.left >= 0.0
            && self.top >= 0.0
            && self.right <= self.view_width + 0.5
            && self.bottom <= self.view_height + 0.5
    }

    /// Whether two boxes overlap.
    pub fn overlaps(&self, o: &Rect) -> bool {
        self.left < o.right && o.left < self.right && self.top < o.bottom && o.top < self.bottom
    }
}

/// A running app under tauri-driver, with a WebDriver session.
pub struct App {
    driver: Child,
    /// The app binary and WebKitWebDriver's port: what to make sure is gone at the end.
    app_path: PathBuf,
    native_port: u16,
    base: String,
    session: String,
    agent: ureq::Agent,
    name: String,
    _serial: MutexGuard<'static, ()>,
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free local port")
}

impl App {
    /// Starts the app for test `name` over `home`'s vault.
    pub fn start(cfg: &Config, home: &Home, name: &str) -> App {
        App::start_with_args(cfg, home, name, &[])
    }

    /// Starts the app with command-line arguments (e.g. `--pick`).
    pub fn start_with_args(cfg: &Config, home: &Home, name: &str, args: &[&str]) -> App {
        let serial = SERIAL.lock().unwrap_or_else(|p| p.into_inner());
        let (port, native) = (free_port(), free_port());
        let mut cmd = Command::new(&cfg.driver);
        cmd.args([
            "--port",
            &port.to_string(),
            "--native-port",
            &native.to_string(),
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::inherit());
        for (k, v) in home.envs() {
            cmd.env(k, v);
        }
        for (k, v) in &home.extra_env {
            cmd.env(k, v);
        }
        let driver = cmd
            .spawn()
            .expect("start tauri-driver (cargo xtask test installs it)");
        let start = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "tauri-driver did not listen"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        let agent = ureq::AgentBuilder::new()
            .timeout(Duration::from_secs(60))
            .build();
        let base = format!("http://127.0.0.1:{port}");
        let caps = json!({"capabilities": {"alwaysMatch": {
            "tauri:options": {"application": cfg.app.display().to_string(), "args": args}
        }}});
        let mut app = App {
            driver,
            app_path: cfg.app.clone(),
            native_port: native,
            base,
            session: String::new(),
            agent,
            name: name.to_owned(),
            _serial: serial,
        };
        // tauri-driver listens before its WebKitWebDriver does: retry the first request.
        let url = format!("{}/session", app.base);
        let v = loop {
            match app.agent.post(&url).send_json(caps.clone()) {
                Ok(r) => break r.into_json::<Value>().unwrap_or(Value::Null)["value"].clone(),
                Err(ureq::Error::Transport(_)) if start.elapsed() < Duration::from_secs(30) => {
                    std::thread::sleep(Duration::from_millis(200));
                }
                Err(e) => panic!("WebDriver: cannot create a session: {e}"),
            }
        };
        app.session = v["sessionId"]
            .as_str()
            .expect("a WebDriver session id")
            .to_owned();
        app
    }

    pub(crate) fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let url = format!("{}{}", self.base, path);
        let req = self.agent.request(method, &url);
        let res = match body {
            Some(b) => req.send_json(b),
            None => req.call(),
        };
        let v: Value = match res {
            Ok(r) => r.into_json().unwrap_or(Value::Null),
            Err(ureq::Error::Status(code, r)) => {
                let v: Value = r.into_json().unwrap_or(Value::Null);
                panic!("WebDriver {method} {path}: HTTP {code}: {}", v["value"]);
            }
            Err(e) => panic!("WebDriver {method} {path}: {e}"),
        };
        v["value"].clone()
    }

    pub(crate) fn post(&self, path: &str, body: Value) -> Value {
        self.call("POST", path, Some(body))
    }

    pub(crate) fn s(&self, rest: &str) -> String {
        format!("/session/{}{rest}", self.session)
    }

    /// Runs JavaScript in the page and returns its result.
    pub fn js(&self, script: &str, args: Value) -> Value {
        self.post(
            &self.s("/execute/sync"),
            json!({"script": script, "args": args}),
        )
    }

    /// Elements matching a CSS selector, now.
    pub fn all(&self, css: &str) -> Vec<String> {
        let v = self.post(
            &self.s("/elements"),
            json!({"using": "css selector", "value": css}),
        );
        v.as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|e| e.as_object()?.values().next()?.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Waits up to `timeout` for `css` to match; returns the first element.
    pub fn wait(&self, css: &str, timeout: Duration) -> String {
        let start = Instant::now();
        loop {
            if let Some(e) = self.all(css).into_iter().next() {
                return e;
            }
            if start.elapsed() > timeout {
                self.screenshot("timeout");
                panic!("{css} did not appear within {timeout:?}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Waits up to 10 s for `css`.
    pub fn find(&self, css: &str) -> String {
        self.wait(css, Duration::from_secs(10))
    }

    /// Waits until `cond` holds (checked every 50 ms), or panics after `timeout`.
    pub fn until(&self, what: &str, timeout: Duration, mut cond: impl FnMut(&App) -> bool) {
        let start = Instant::now();
        while !cond(self) {
            if start.elapsed() > timeout {
                self.screenshot("timeout");
                panic!("{what}: not true within {timeout:?}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn click(&self, el: &str) {
        self.post(&self.s(&format!("/element/{el}/click")), json!({}));
    }

    pub fn type_into(&self, el: &str, text: &str) {
        self.post(
            &self.s(&format!("/element/{el}/value")),
            json!({ "text": text }),
        );
    }

    pub fn clear(&self, el: &str) {
        self.post(&self.s(&format!("/element/{el}/clear")), json!({}));
    }

    pub fn text(&self, el: &str) -> String {
        self.call("GET", &self.s(&format!("/element/{el}/text")), None)
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    pub fn attr(&self, el: &str, name: &str) -> Option<String> {
        self.call(
            "GET",
            &self.s(&format!("/element/{el}/attribute/{name}")),
            None,
        )
        .as_str()
        .map(str::to_owned)
    }

    /// The `data-testid` of the focused element.
    pub fn focused_testid(&self) -> Option<String> {
        self.js(
            "return document.activeElement && document.activeElement.dataset.testid || null",
            json!([]),
        )
        .as_str()
        .map(str::to_owned)
    }

    /// Presses keys on the focused element (W3C actions).
    pub fn press(&self, keys: &[&str]) {
        let mut actions = Vec::new();
        for k in keys {
            actions.push(json!({"type": "keyDown", "value": k}));
        }
        for k in keys.iter().rev() {
            actions.push(json!({"type": "keyUp", "value": k}));
        }
        self.post(
            &self.s("/actions"),
            json!({"actions": [{"type": "key", "id": "kbd", "actions": actions}]}),
        );
        self.call("DELETE", &self.s("/actions"), None);
    }

    /// Drags with the mouse: press on the centre of `el`, move `dy` px down (negative: up) in a
    /// few steps, release (W3C pointer actions, as a person drags).
    pub fn drag_by(&self, el: &str, dy: i64) {
        let origin = json!({"element-6066-11e4-a52e-4f735466cecf": el});
        let mut actions = vec![
            json!({"type": "pointerMove", "origin": origin, "x": 0, "y": 0, "duration": 0}),
            json!({"type": "pointerDown", "button": 0}),
        ];
        let steps = 6;
        for _ in 0..steps {
            actions.push(json!({"type": "pointerMove", "origin": "pointer", "x": 0, "y": dy / steps, "duration": 30}));
        }
        actions.push(json!({"type": "pointerMove", "origin": "pointer", "x": 0, "y": dy % steps, "duration": 30}));
        actions.push(json!({"type": "pointerUp", "button": 0}));
        self.post(
            &self.s("/actions"),
            json!({"actions": [{"type": "pointer", "id": "mouse", "parameters": {"pointerType": "mouse"}, "actions": actions}]}),
        );
        self.call("DELETE", &self.s("/actions"), None);
    }

    /// Types text into whatever has focus (like a person typing anywhere in the window).
    pub fn type_keys(&self, text: &str) {
        let mut actions = Vec::new();
        for c in text.chars() {
            actions.push(json!({"type": "keyDown", "value": c.to_string()}));
            actions.push(json!({"type": "keyUp", "value": c.to_string()}));
        }
        self.post(
            &self.s("/actions"),
            json!({"actions": [{"type": "key", "id": "kbd", "actions": actions}]}),
        );
    }

    /// The process id of this app's tauri-driver (its WebKitWebDriver and the app run under it).
    pub fn driver_pid(&self) -> u32 {
        self.driver.id()
    }

    /// Performs W3C input sources' actions (`[{"type": "key", "id": …, "actions": […]}]`, pauses
    /// included), then releases whatever they left pressed.
    pub fn actions(&self, sources: Value) {
        self.post(&self.s("/actions"), json!({ "actions": sources }));
        self.call("DELETE", &self.s("/actions"), None);
    }

    /// Saves a screenshot of the window as `target/e2e/<test>-<what>.png`; returns its path.
    ///
    /// The pixels come from the X server (ImageMagick's `import`, cropped to the window's rect as
    /// WebDriver reports it): what is on the screen, as a person sees it. WebKitWebDriver's own
    /// screenshot command hung for a minute in two states of the app rendered without accelerated
    /// compositing (the import preview after a drop or a screen scan), and it draws the page
    /// again rather than reading the screen.
    pub fn screenshot(&self, what: &str) -> PathBuf {
        let path = screenshot_dir().join(format!("{}-{what}.png", self.name));
        let rect = self.call("GET", &self.s("/window/rect"), None);
        let n = |k: &str| rect[k].as_f64().unwrap_or(0.0).round() as i64;
        let crop = format!("{}x{}+{}+{}", n("width"), n("height"), n("x"), n("y"));
        let status = Command::new("import")
            .args(["-window", "root", "-crop", &crop, "+repage"])
            .arg(&path)
            .status()
            .expect("ImageMagick's import runs (apt imagemagick)");
        assert!(
            status.success(),
            "import -crop {crop} {} failed",
            path.display()
        );
        path
    }

    /// Resizes the window (W3C Set Window Rect), as dragging its corner would.
    pub fn set_size(&self, width: u32, height: u32) {
        self.post(
            &self.s("/window/rect"),
            json!({"width": width, "height": height}),
        );
    }

    /// The ids shown in the codes list, in order.
    pub fn entry_ids(&self) -> Vec<String> {
        self.js(
            "return [...document.querySelectorAll('[data-testid=entry]')].map(e => e.dataset.entryId)",
            json!([]),
        )
        .as_array()
        .map(|a| a.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect())
        .unwrap_or_default()
    }

    /// Waits until exactly one entry is shown; returns its id.
    pub fn until_one_entry(&self) -> String {
        self.until("one entry", Duration::from_secs(10), |a| {
            a.entry_ids().len() == 1
        });
        self.entry_ids().remove(0)
    }

    /// The raw code shown in the row of `entry_id`.
    pub fn code_of(&self, entry_id: &str) -> String {
        self.js(
            "const r = document.querySelector(`[data-entry-id=\"${arguments[0]}\"] [data-testid=code]`); return r ? r.dataset.code : null",
            json!([entry_id]),
        )
        .as_str()
        .unwrap_or_default()
        .to_owned()
    }

    /// Resizes the window to `width` × `height` CSS pixels (W3C "set window rect"), then lets
    /// the page lay out again.
    pub fn set_window_size(&self, width: u32, height: u32) {
        self.post(
            &self.s("/window/rect"),
            json!({"width": width, "height": height}),
        );
        std::thread::sleep(Duration::from_millis(300));
    }

    /// Where the first element matching `css` is on screen, as the page lays it out, and the
    /// viewport's size; `None` when nothing matches.
    pub fn rect(&self, css: &str) -> Option<Rect> {
        let v = self.js(
            "const e = document.querySelector(arguments[0]); if (!e) return null; \
             const r = e.getBoundingClientRect(); \
             return [r.left, r.top, r.right, r.bottom, window.innerWidth, window.innerHeight];",
            json!([css]),
        );
        let a: Vec<f64> = v.as_array()?.iter().filter_map(Value::as_f64).collect();
        (a.len() == 6).then(|| Rect {
            left: a[0],
            top: a[1],
            right: a[2],
            bottom: a[3],
            view_width: a[4],
            view_height: a[5],
        })
    }

    /// Unlocks with the password through the unlock screen.
    pub fn unlock_with(&self, password: &str) {
        let field = self.find("[data-testid=unlock-password]");
        self.type_into(&field, password);
        self.click(&self.find("[data-testid=unlock-submit]"));
        self.find("[data-testid=add]");
    }
}

impl Drop for App {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let path = self.s("");
            let _ = self.agent.delete(&format!("{}{path}", self.base)).call();
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        // tauri-driver's WebKitWebDriver and the app outlive it when a session ends badly. The
        // next test's app must not find this one still holding the single-instance name (it
        // would hand over to it and exit), so both are ended here, the app gracefully first.
        end_processes(&format!("WebKitWebDriver --port={} ", self.native_port));
        end_processes(&self.app_path.display().to_string());
        std::thread::sleep(Duration::from_millis(500));
    }
}
