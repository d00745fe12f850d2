//! Helpers shared by the CLI integration tests: run the real `lockstep` binary on a temp vault.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

pub const PASSWORD: &str = "correct horse battery";

pub fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_lockstep")
}

/// The binary under test: `lockstep` as cargo built it, or `LOCKSTEP_TEST_EXE` started through
/// `LOCKSTEP_TEST_RUNNER` when set (`cargo xtask test windows`: `lockstep.exe` under wine64).
pub fn command() -> Command {
    let Some(exe) = std::env::var_os("LOCKSTEP_TEST_EXE") else {
        return Command::new(bin());
    };
    match std::env::var_os("LOCKSTEP_TEST_RUNNER") {
        Some(runner) => {
            let mut c = Command::new(runner);
            c.arg(exe);
            c
        }
        None => Command::new(exe),
    }
}

/// `lockstep --vault VAULT ARGS` with the test password in the environment.
pub fn cmd(vault: &Path, args: &[&str]) -> Command {
    let mut c = command();
    c.arg("--vault").arg(vault).args(args);
    c.env("LOCKSTEP_PASSWORD", PASSWORD)
        // Rollback records beside the vault's temporary folder, not in the user's home.
        .env(
            "LOCKSTEP_STATE_DIR",
            vault.parent().unwrap_or(vault).join("seen"),
        )
        .env_remove("LOCKSTEP_RECOVERY_KEY")
        .env_remove("LOCKSTEP_VAULT");
    c.stdin(Stdio::null());
    c
}

pub fn run(vault: &Path, args: &[&str]) -> Output {
    cmd(vault, args).output().expect("the lockstep binary runs")
}

/// Runs and asserts success; returns stdout.
pub fn ok(vault: &Path, args: &[&str]) -> String {
    let out = run(vault, args);
    assert!(
        out.status.success(),
        "lockstep {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8 output")
}

/// `init` with the cheapest key derivation Lockstep accepts.
pub const INIT_CHEAP: [&str; 8] = [
    "init",
    "--kdf-memory",
    "8",
    "--kdf-iterations",
    "1",
    "--kdf-parallelism",
    "1",
    "--json",
];

/// A new vault with cheap KDF parameters in a fresh temp dir; returns (dir guard, vault path, recovery key).
pub fn new_vault() -> (tempfile::TempDir, PathBuf, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    let vault = dir.path().join("vault.lockstep");
    let out = ok(&vault, &INIT_CHEAP);
    let v: serde_json::Value = serde_json::from_str(&out).expect("init --json prints JSON");
    let key = v["recovery_key"].as_str().expect("recovery_key").to_owned();
    (dir, vault, key)
}

/// `list --json` as values.
pub fn list(vault: &Path) -> Vec<serde_json::Value> {
    serde_json::from_str(&ok(vault, &["list", "--json"])).expect("list --json prints JSON")
}
