//! Test phase `macos`: `cargo check --all-targets` for aarch64-apple-darwin and
//! x86_64-apple-darwin of every crate but the desktop app. Linking for macOS needs Apple's SDK,
//! which only a Mac has, so nothing is linked; and the app is not even checked: one of Tauri's
//! dependencies (`objc2-exception-helper`) compiles Objective-C against that SDK in its build
//! script. The release workflow builds and tests both on a macOS runner.

use crate::util::{cargo, header, run, Res};
use std::time::Instant;

const TARGETS: &[&str] = &["aarch64-apple-darwin", "x86_64-apple-darwin"];

/// What cannot be checked here, and why (printed with the phase).
const NOT_CHECKED: &str = "lockstep-app (Tauri's objc2-exception-helper compiles Objective-C \
                           against Apple's SDK, which this machine does not have)";

pub fn phase() -> Res {
    let start = Instant::now();
    let targets: Vec<&str> = TARGETS
        .iter()
        .copied()
        .filter(|t| crate::packages::ensure_rust_target(t))
        .collect();
    if targets.is_empty() {
        return Ok(());
    }
    let mut cmd = cargo();
    cmd.args([
        "check",
        "--workspace",
        "--all-targets",
        "--exclude",
        "lockstep-app",
    ]);
    for t in &targets {
        cmd.args(["--target", t]);
    }
    header(&format!(
        "cargo check for {} (every crate but {NOT_CHECKED}; nothing is linked)",
        targets.join(" and ")
    ));
    run(&mut cmd, "cargo check (macOS)")?;
    header(&format!(
        "macos: checked in {:.0} s; NOT checked: {NOT_CHECKED}",
        start.elapsed().as_secs_f64()
    ));
    Ok(())
}
