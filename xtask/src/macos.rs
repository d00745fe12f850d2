//! Test phase `macos`: `cargo check --all-targets` for aarch64-apple-darwin and
//! x86_64-apple-darwin of every crate but the desktop app, with lockstep-core's `camera` feature
//! named (so the camera's macOS capture, nokhwa over AVFoundation, is checked even if the
//! default features change). Linking for macOS needs Apple's SDK,
//! which only a Mac has, so nothing is linked; and the app is not even checked: one of Tauri's
//! dependencies (`objc2-exception-helper`) compiles Objective-C against that SDK in its build
//! script. The release workflow builds and tests both on a macOS runner.
//!
//! Build scripts still compile C for the target even when nothing is linked (lockstep-core's
//! bundled SQLite), and that needs the SDK's headers too; so the Apple targets' C compiler is a
//! stand-in that writes empty objects ([`STAND_IN_CC`]): all Rust code is checked, SQLite's C
//! code is not compiled for macOS here.

use crate::util::{cargo, err, header, run, scratch_dir, Res};
use std::time::Instant;

/// The stand-in C compiler: an empty file for `-o FILE`; any other call (cc-rs's probes of the
/// compiler family) fails, so cc-rs takes it for a GCC-like compiler.
const STAND_IN_CC: &str = r#"#!/bin/sh
# xtask macos: `cargo check` links nothing; C code for Apple targets would need Apple's SDK.
while [ $# -gt 0 ]; do
    if [ "$1" = "-o" ]; then : > "$2"; exit 0; fi
    shift
done
exit 1
"#;

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
    let cc = scratch_dir()?.join("macos-cc");
    std::fs::write(&cc, STAND_IN_CC).or_else(|e| err(format!("{}: {e}", cc.display())))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&cc, std::fs::Permissions::from_mode(0o755))
            .or_else(|e| err(format!("{}: {e}", cc.display())))?;
    }
    let mut cmd = cargo();
    cmd.args([
        "check",
        "--workspace",
        "--all-targets",
        "--exclude",
        "lockstep-app",
        "--features",
        "lockstep-core/camera",
    ]);
    for t in &targets {
        cmd.args(["--target", t]);
        cmd.env(format!("CC_{}", t.replace('-', "_")), &cc);
    }
    header(&format!(
        "cargo check for {} (every crate, the camera's AVFoundation capture included, but \
         {NOT_CHECKED}; nothing is linked, and C code gets a stand-in compiler)",
        targets.join(" and ")
    ));
    run(&mut cmd, "cargo check (macOS)")?;
    header(&format!(
        "macos: checked in {:.0} s; NOT checked: {NOT_CHECKED}",
        start.elapsed().as_secs_f64()
    ));
    Ok(())
}
