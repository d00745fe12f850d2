//! `lockstep backup --verify FILE` through the real binary: a fresh backup holds every account;
//! after changes the counts name what a restore would lose or change; a damaged file or another
//! vault's backup with a wrong password is a clear error; the vault never changes.

mod common;

use std::path::Path;

use serde_json::Value;

const GITHUB: &str = "otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub";
const TELAVOX: &str = "otpauth://totp/Telavox:bob?secret=GEZDGNBVGY3TQOJQ&issuer=Telavox";
const B3: &str = "otpauth://totp/B3Networks:carol?secret=MFRGGZDFMZTWQ2LK&issuer=B3Networks";

fn verify(vault: &Path, file: &Path) -> (Option<i32>, Value, String) {
    let out = common::run(
        vault,
        &[
            "backup",
            "--verify",
            file.to_str().expect("utf-8"),
            "--json",
        ],
    );
    let json = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    (
        out.status.code(),
        json,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The issuers listed under `key` in a verify report, sorted.
fn issuers(report: &Value, key: &str) -> Vec<String> {
    let mut v: Vec<String> = report[key]
        .as_array()
        .unwrap_or_else(|| panic!("{key} in {report}"))
        .iter()
        .map(|e| e["issuer"].as_str().expect("issuer").to_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn a_fresh_backup_matches_and_later_changes_are_counted() {
    let (dir, vault, _) = common::new_vault();
    for link in [GITHUB, TELAVOX, B3] {
        common::ok(&vault, &["add", link]);
    }
    let file = dir.path().join("usb").join("backup.lockstep");
    std::fs::create_dir_all(file.parent().expect("parent")).expect("mkdir");
    common::ok(&vault, &["backup", "--out", file.to_str().expect("utf-8")]);

    let (code, report, err) = verify(&vault, &file);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(
        issuers(&report, "matching"),
        ["B3Networks", "GitHub", "Telavox"]
    );
    for key in ["missing", "differ", "only_in_backup"] {
        assert_eq!(issuers(&report, key), Vec::<String>::new(), "{key}");
    }
    let text = common::ok(
        &vault,
        &["backup", "--verify", file.to_str().expect("utf-8")],
    );
    assert!(text.contains("3 match, 0 missing"), "{text}");
    assert!(text.contains("every account"), "{text}");

    // After the backup: one account added, one renamed, one removed.
    common::ok(
        &vault,
        &[
            "add",
            "otpauth://totp/Proton:dan?secret=ONSWG4TFOQYTEMZU&issuer=Proton",
        ],
    );
    let telavox = common::list(&vault)
        .into_iter()
        .find(|e| e["issuer"] == "Telavox")
        .expect("Telavox listed");
    common::ok(
        &vault,
        &[
            "edit",
            telavox["id"].as_str().expect("id"),
            "--account",
            "bob@partner.example",
        ],
    );
    common::ok(&vault, &["rm", "B3Networks", "--yes"]);
    let before = std::fs::read(&vault).expect("vault");

    let (code, report, err) = verify(&vault, &file);
    assert_eq!(code, Some(1), "an incomplete backup exits 1: {err}");
    assert_eq!(issuers(&report, "matching"), ["GitHub"]);
    assert_eq!(issuers(&report, "missing"), ["Proton"]);
    assert_eq!(issuers(&report, "differ"), ["Telavox"]);
    assert_eq!(issuers(&report, "only_in_backup"), ["B3Networks"]);
    assert_eq!(
        std::fs::read(&vault).expect("vault"),
        before,
        "verify changes nothing"
    );
}

#[test]
fn a_damaged_backup_or_a_wrong_password_is_a_clear_error() {
    let (dir, vault, _) = common::new_vault();
    common::ok(&vault, &["add", GITHUB]);
    let file = dir.path().join("b.lockstep");
    common::ok(&vault, &["backup", "--out", file.to_str().expect("utf-8")]);
    let before = std::fs::read(&vault).expect("vault");

    let bytes = std::fs::read(&file).expect("backup");
    let cut = dir.path().join("cut.lockstep");
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).expect("write");
    let (code, _, err) = verify(&vault, &cut);
    assert_eq!(code, Some(2));
    assert!(err.to_lowercase().contains("backup"), "{err}");

    // Another vault's backup: its own password opens it, a wrong one does not.
    let (other_dir, other, _) = common::new_vault();
    common::ok(&other, &["add", TELAVOX]);
    let foreign = other_dir.path().join("foreign.lockstep");
    common::ok(
        &other,
        &["backup", "--out", foreign.to_str().expect("utf-8")],
    );
    // The vault's own password is tried first (the test vaults share it): it opens.
    let (code, report, err) = verify(&vault, &foreign);
    assert_eq!(code, Some(1), "{err}");
    assert_eq!(issuers(&report, "missing"), ["GitHub"]);
    assert_eq!(issuers(&report, "only_in_backup"), ["Telavox"]);
    let out = common::cmd(
        &vault,
        &["backup", "--verify", foreign.to_str().expect("utf-8")],
    )
    .env("LOCKSTEP_BACKUP_PASSWORD", "not the password")
    .output()
    .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("password"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(std::fs::read(&vault).expect("vault"), before);
}
