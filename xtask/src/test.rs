//! `cargo xtask test`: every test of the project, on a fresh Debian machine.
//!
//! Outer process:  system packages -> Xvfb -> dbus-run-session -> (inner) -> stop Xvfb
//! Inner process:  gnome-keyring + secret-tool preflight -> each phase of TEST_PHASES
//!
//! To add a kind of test, add a `Phase` to TEST_PHASES (and its system packages to
//! packages::SYSTEM_PACKAGES). Every phase runs with DISPLAY (Xvfb), a private session
//! bus, an unlocked gnome-keyring, LOCKSTEP_KEYRING_TESTS=1 and LOCKSTEP_WAYLAND_TESTS=1 (the
//! Wayland screen test starts its own headless sway and portal, and fails rather than skips when
//! their packages are missing); they run in order and the first failing one stops the run with
//! its exit code.

use crate::util::{cargo, header, run, Res};
use crate::{app, macos, package_test, packages, session, windows, xvfb::Xvfb};

pub struct Phase {
    /// Short name for `cargo xtask test NAME...` (run only those phases).
    pub key: &'static str,
    pub name: &'static str,
    pub run: fn() -> Res,
}

pub const TEST_PHASES: &[Phase] = &[
    // First: it builds ui/dist, which the app crate embeds when `cargo test` compiles it.
    Phase {
        key: "ui",
        name: "ui: npm ci, vite build, svelte-check, vitest",
        run: app::ui_phase,
    },
    Phase {
        key: "cargo",
        name: "cargo test",
        run: cargo_test,
    },
    Phase {
        key: "e2e",
        name: "e2e (tauri-driver + WebKitWebDriver)",
        run: app::e2e_phase,
    },
    // Last: it builds the release binaries (the slowest build) and installs the .deb into a
    // throw-away Debian 12 root.
    Phase {
        key: "package",
        name: "package: .deb and .rpm, lintian, install into a Debian 12 root, use, purge",
        run: package_test::phase,
    },
    // After `cargo`, whose test binaries run lockstep.exe here; each skips (and says so) when
    // its Rust target, mingw-w64 or Wine cannot be installed.
    Phase {
        key: "windows",
        name: "windows: the workspace for x86_64-pc-windows-gnu, lockstep.exe's tests under Wine, a zip",
        run: windows::phase,
    },
    Phase {
        key: "macos",
        name: "macos: cargo check --all-targets for aarch64- and x86_64-apple-darwin (no app)",
        run: macos::phase,
    },
];

/// The group name passed to the inner process.
pub const GROUP: &str = "test";

/// Environment variable carrying the chosen phase keys to the inner process.
const ONLY: &str = "XTASK_TEST_PHASES";

/// Outer side of `cargo xtask test [PHASE...]` (no PHASE: all of them).
pub fn outer(only: &[String]) -> Res {
    if let Some(bad) = only
        .iter()
        .find(|k| !TEST_PHASES.iter().any(|p| p.key == k.as_str()))
    {
        let keys: Vec<&str> = TEST_PHASES.iter().map(|p| p.key).collect();
        return crate::util::err(format!(
            "unknown test phase {bad:?} (phases: {})",
            keys.join(", ")
        ));
    }
    packages::ensure()?;
    packages::ensure_python()?;
    let xvfb = Xvfb::start()?;
    let envs = [("DISPLAY", xvfb.display()), (ONLY, only.join(","))];
    header(&format!(
        "entering a private D-Bus session (dbus-run-session), DISPLAY={}",
        xvfb.display()
    ));
    session::run_group(GROUP, &envs)
    // `xvfb` is dropped here, stopping the X server whatever the result.
}

/// Inner side: runs inside dbus-run-session, with DISPLAY already set.
pub fn inner() -> Res {
    // Wayland clients (clipboard, screen capture) must use the Xvfb display, not a host compositor.
    std::env::remove_var("WAYLAND_DISPLAY");
    std::env::set_var("LOCKSTEP_WAYLAND_TESTS", "1");
    let scratch = session::start_keyring()?;
    let display = std::env::var("DISPLAY").unwrap_or_else(|_| "none".into());
    let mut result = Ok(());
    let only = std::env::var(ONLY).unwrap_or_default();
    let chosen = |key: &str| only.is_empty() || only.split(',').any(|k| k == key);
    for phase in TEST_PHASES.iter().filter(|p| chosen(p.key)) {
        header(&format!(
            "{} (dbus + gnome-keyring + Xvfb {display})",
            phase.name
        ));
        result = (phase.run)();
        if result.is_err() {
            break;
        }
    }
    let _ = std::fs::remove_dir_all(scratch);
    result
}

fn cargo_test() -> Res {
    // --all-targets also builds benches (as quick tests) and examples.
    run(
        cargo().args(["test", "--workspace", "--all-targets", "--no-fail-fast"]),
        "cargo test",
    )
}
