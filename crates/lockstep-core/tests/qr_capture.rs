//! The clipboard and screen sources against a real X server: a QR code is put on the X11
//! clipboard with xclip, and shown on the screen with ImageMagick's `display`, then read back
//! through arboard and xcap. Runs when DISPLAY is set (`cargo xtask test` starts Xvfb); needs the
//! apt packages xclip and imagemagick.

#![cfg(feature = "capture")]

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use lockstep_core::qr::{self, Source};

/// The X server is shared: one test at a time.
static X: Mutex<()> = Mutex::new(());

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/qr")
        .join(name)
}

fn expected_payload(name: &str) -> String {
    let text = std::fs::read_to_string(fixture("expected.json")).expect("expected.json");
    let v: serde_json::Value = serde_json::from_str(&text).expect("parses");
    v[name]["payloads"][0]
        .as_str()
        .expect("one payload")
        .to_owned()
}

/// Whether to run: DISPLAY set. A missing tool is a failure then, naming the package.
fn x11(tool: &str, package: &str) -> bool {
    if std::env::var_os("DISPLAY").is_none_or(|d| d.is_empty()) {
        eprintln!("skipped: DISPLAY is not set (run under `cargo xtask test`, which starts Xvfb)");
        return false;
    }
    let ok = Command::new("sh")
        .args(["-c", &format!("command -v {tool}")])
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    assert!(ok, "`{tool}` is missing: install the apt package {package}");
    true
}

/// Kills the helper process when the test ends, pass or fail.
struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Retries `f` until it returns Some or 10 s pass (X clients take a moment to map and serve).
fn eventually<T>(mut f: impl FnMut() -> Option<T>) -> Option<T> {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(10) {
        if let Some(v) = f() {
            return Some(v);
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    None
}

#[test]
fn screen_capture_reads_a_code_shown_on_the_x_display() {
    if !x11("display", "imagemagick") {
        return;
    }
    let _x = X.lock().unwrap_or_else(|e| e.into_inner());
    let _window = Killed(
        Command::new("display")
            .args(["-geometry", "+200+150", "-title", "lockstep-qr-test"])
            .arg(fixture("dark_mode.png"))
            .spawn()
            .expect("display starts"),
    );
    let want = expected_payload("dark_mode.png");
    let found = eventually(|| {
        let found = qr::scan(&Source::Screen).ok()?;
        found.iter().any(|f| *f.payload == want).then_some(found)
    })
    .expect("the code shown on the screen is read within 10 s");
    assert_eq!(found[0].accounts.len(), 1);
    assert!(found[0].source.starts_with("screen"));
}

#[test]
fn clipboard_image_and_text_are_read() {
    if !x11("xclip", "xclip") {
        return;
    }
    let _x = X.lock().unwrap_or_else(|e| e.into_inner());
    // An image on the clipboard, as a screenshot tool puts it there.
    let png = fixture("colored.png");
    let want = expected_payload("colored.png");
    let status = Command::new("xclip")
        .args(["-selection", "clipboard", "-t", "image/png", "-i"])
        .arg(&png)
        .status()
        .expect("xclip runs");
    assert!(status.success());
    let found = eventually(|| qr::scan(&Source::Clipboard).ok().filter(|f| !f.is_empty()))
        .expect("the clipboard image is read within 10 s");
    assert_eq!(
        found
            .iter()
            .map(|f| f.payload.to_string())
            .collect::<Vec<_>>(),
        [want]
    );
    assert_eq!(found[0].source, "clipboard");

    // Text with a link.
    let link = expected_payload("inverted.png");
    let mut xclip = Command::new("xclip")
        .args(["-selection", "clipboard", "-i"])
        .stdin(Stdio::piped())
        .spawn()
        .expect("xclip runs");
    {
        use std::io::Write;
        let mut stdin = xclip.stdin.take().expect("piped stdin");
        writeln!(stdin, "here it is: {link}").expect("writes");
    }
    assert!(xclip.wait().expect("xclip ends").success());
    let found = eventually(|| match qr::scan(&Source::Clipboard) {
        Ok(f) if f.iter().any(|f| *f.payload == link) => Some(f),
        other => {
            eprintln!("not yet: {:?}", other.map(|f| f.len()));
            None
        }
    })
    .expect("the clipboard text is read within 10 s");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].accounts[0].issuer, "Bank");
}
