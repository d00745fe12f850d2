//! `lockstep scan --screen` in a Wayland session, with real parts and no display: a headless sway
//! with two outputs shows a QR code (drawn by segno, an encoder independent of Lockstep) as the
//! wallpaper of its second output; xdg-desktop-portal with the wlroots backend takes the
//! screenshot (xdg-desktop-portal-wlr runs grim). Everything runs on a D-Bus bus of the test's
//! own, so the developer's session and its portal are never touched.
//!
//! Needs the apt packages named in `wayland::tools()`. When one is missing the test skips with a loud
//! message, unless LOCKSTEP_WAYLAND_TESTS=1 (set by `cargo xtask test`, which installs them):
//! then a missing tool is a failure.
#![cfg(target_os = "linux")] // sway, PipeWire and the desktop portal: Linux only

mod wayland;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use wayland::{Session, TIMEOUT};

/// xdg-desktop-portal-wlr 0.7 has grim write every screenshot to this fixed path.
const XDPW_SHOT: &str = "/tmp/out.png";

#[test]
fn scan_screen_reads_a_code_through_the_wayland_portal() {
    let tools = match wayland::tools() {
        Ok(tools) => tools,
        Err(missing) => return skip_or_fail(&missing),
    };
    let started = Instant::now();
    let dir = tempfile::tempdir().expect("temp dir");
    let uri = format!(
        "otpauth://totp/Wayland:run-{}?secret={}&issuer=Wayland",
        std::process::id(),
        data_encoding::BASE32_NOPAD.encode(&rand::random::<[u8; 10]>())
    );
    let qr = dir.path().join("qr.png");
    draw_qr(&tools.python, &uri, &qr);

    let session = Session::start(&tools, dir.path(), &qr);
    let ready = started.elapsed();
    let out = scan_until_found(&session, &uri);
    eprintln!(
        "wayland session up in {ready:?}; code found after {:?}",
        started.elapsed()
    );

    let found: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).expect("json");
    let code = found
        .iter()
        .find(|f| f["payload"] == uri.as_str())
        .unwrap_or_else(|| panic!("{uri} not in {found:?}"));
    assert_eq!(code["source"], "screen");
    assert_eq!(code["accounts"][0]["issuer"], "Wayland");
    assert_eq!(
        code["accounts"][0]["account"],
        format!("run-{}", std::process::id())
    );
    // The screenshot may show other secrets: Lockstep deletes the file the portal made for it.
    assert!(
        !Path::new(XDPW_SHOT).exists(),
        "the portal's screenshot {XDPW_SHOT} was left on disk"
    );
}

fn skip_or_fail(missing: &[String]) {
    let msg = format!(
        "the Wayland screen test needs: {}. `cargo xtask test` installs them.",
        missing.join(", ")
    );
    if std::env::var_os("LOCKSTEP_WAYLAND_TESTS").is_some_and(|v| v == "1") {
        panic!("{msg}");
    }
    // Straight to stderr: libtest hides what eprintln! prints in a passing test.
    let bar = "!".repeat(78);
    let _ = writeln!(
        std::io::stderr(),
        "\n{bar}\nSKIPPED scan --screen on Wayland: {msg}\n{bar}\n"
    );
}

/// Draws `text` as a QR code with segno (not with Lockstep's own encoder).
fn draw_qr(python: &Path, text: &str, png: &Path) {
    let script = "import sys, segno\nsegno.make(sys.argv[1], error='m').save(sys.argv[2], kind='png', scale=6, border=4)";
    let out = Command::new(python)
        .args(["-c", script, text])
        .arg(png)
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "segno: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Runs `lockstep scan --screen --json` as an app of the session would, until it reports `uri`
/// (the wallpaper is drawn a moment after sway starts).
fn scan_until_found(session: &Session, uri: &str) -> Output {
    let start = Instant::now();
    loop {
        let mut scan = Command::new(env!("CARGO_BIN_EXE_lockstep"));
        scan.args(["scan", "--screen", "--json"]);
        let out = run_for(session.env(&mut scan), TIMEOUT);
        match &out {
            Some(o) if o.status.success() && String::from_utf8_lossy(&o.stdout).contains(uri) => {
                return out.expect("just matched");
            }
            _ if start.elapsed() > TIMEOUT => {
                let last = match out {
                    Some(o) => format!(
                        "exit {:?}\nstdout: {}\nstderr: {}",
                        o.status.code(),
                        String::from_utf8_lossy(&o.stdout),
                        String::from_utf8_lossy(&o.stderr)
                    ),
                    None => format!("it hung for {TIMEOUT:?} (killed)"),
                };
                panic!(
                    "`lockstep scan --screen --json` did not find the code within {TIMEOUT:?}; \
                         last run: {last}{}",
                    session.logs()
                );
            }
            _ => std::thread::sleep(Duration::from_millis(100)),
        }
    }
}

/// Runs `cmd` to the end, or kills it after `limit` (None then).
fn run_for(cmd: &mut Command, limit: Duration) -> Option<Output> {
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the lockstep binary runs");
    let start = Instant::now();
    while child.try_wait().expect("wait").is_none() {
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    Some(child.wait_with_output().expect("output"))
}
