//! Every peer export fixture imported through the real binary (`lockstep import FILE`, format
//! detected, password from `LOCKSTEP_IMPORT_PASSWORD`) lands in the vault with exactly the
//! accounts of its EXPECTED.json: read back with `lockstep export --format otpauth`. The core's
//! `import_peers.rs` checks the readers; this checks the command a person runs, and is one of the
//! tests `cargo xtask test windows` runs against `lockstep.exe` under Wine.

mod common;

use std::path::{Path, PathBuf};

use serde_json::Value;

#[path = "../../lockstep-core/tests/expected/mod.rs"]
mod expected;
use expected::{got_from, want_from, Want};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../lockstep-core/tests/fixtures")
}

/// (file, password, expected entries) of every fixture present in `set`/EXPECTED.json.
fn cases(set: &str) -> Vec<(PathBuf, Option<String>, Vec<Want>)> {
    let dir = fixtures().join(set);
    let text = std::fs::read(dir.join("EXPECTED.json")).expect("EXPECTED.json");
    let expected: Value = serde_json::from_slice(&text).expect("EXPECTED.json is JSON");
    let files = expected["files"].as_object().expect("files");
    files
        .iter()
        .map(|(rel, spec)| (dir.join(rel), spec))
        // EXPECTED.json also describes files of formats Lockstep does not import (not copied).
        .filter(|(path, _)| path.is_file())
        .map(|(path, spec)| {
            let password = spec["password"].as_str().map(str::to_owned);
            let mut want: Vec<Want> = spec["entries"]
                .as_array()
                .expect("entries")
                .iter()
                .map(want_from)
                .collect();
            want.sort();
            (path, password, want)
        })
        .collect()
}

/// Imports `file` into a new vault and reads every account back from an otpauth export.
fn import_and_read_back(file: &Path, password: Option<&str>) -> Vec<Want> {
    let (dir, vault, _) = common::new_vault();
    let name = file.to_str().expect("utf-8 path");
    let mut import = common::cmd(&vault, &["import", name]);
    if let Some(p) = password {
        import.env("LOCKSTEP_IMPORT_PASSWORD", p);
    }
    let out = import.output().expect("lockstep runs");
    assert!(
        out.status.success(),
        "import {name}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let links = dir.path().join("links.txt");
    common::ok(
        &vault,
        &[
            "export",
            "--format",
            "otpauth",
            "--out",
            links.to_str().expect("utf-8 path"),
        ],
    );
    let text = std::fs::read_to_string(&links).expect("export written");
    let mut got: Vec<Want> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| got_from(&lockstep_core::uri::parse(l).expect("an exported link parses")))
        .collect();
    got.sort();
    got
}

fn check_set(set: &str) {
    let cases = cases(set);
    assert!(
        cases.len() >= 8,
        "{set}: only {} fixtures found",
        cases.len()
    );
    // A few at a time: each case is three processes (init, import, export), slow under Wine.
    for chunk in cases.chunks(4) {
        std::thread::scope(|s| {
            for (file, password, want) in chunk {
                s.spawn(move || {
                    let got = import_and_read_back(file, password.as_deref());
                    assert_eq!(&got, want, "{}", file.display());
                });
            }
        });
    }
}

#[test]
fn peer_exports_import_with_their_expected_accounts() {
    check_set("peers");
}

#[test]
fn built_exports_import_with_their_expected_accounts() {
    check_set("built");
}
