//! Helpers shared by the core's integration tests.
#![allow(dead_code)]

use std::path::Path;
use std::process::Command;

/// Runs `tools/read_vault.py FILE ARGS...` (the second reader, written from
/// docs/vault-format.md); `Ok(stdout JSON)` or `Err(stderr)`.
pub fn python(file: &Path, args: &[&str]) -> Result<serde_json::Value, String> {
    let reader = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tools/read_vault.py");
    let out = Command::new("python3")
        .arg(reader)
        .arg(file)
        .args(args)
        .output()
        .expect("python3 runs (pip install cryptography argon2-cffi)");
    if out.status.success() {
        Ok(serde_json::from_slice(&out.stdout).expect("read_vault.py prints JSON"))
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}
