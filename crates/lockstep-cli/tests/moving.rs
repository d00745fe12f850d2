//! Moving between apps and machines through the real `lockstep` binary: every export format
//! imports back with the same codes; backups restore by replace and merge; a damaged backup or a
//! wrong password leaves the vault byte-for-byte unchanged; automatic backups rotate.

mod common;

use std::path::{Path, PathBuf};

const T: &str = "1700000000";

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../lockstep-core/tests/fixtures/peers")
        .join(rel)
}

/// (issuer, account, code at T) for every entry, sorted: what a person compares.
fn codes(vault: &Path) -> Vec<(String, String, String)> {
    let out: Vec<serde_json::Value> =
        serde_json::from_str(&common::ok(vault, &["code", "--json", "--at", T])).expect("json");
    let mut v: Vec<_> = out
        .iter()
        .map(|e| {
            (
                e["issuer"].as_str().unwrap_or("").to_owned(),
                e["account"].as_str().unwrap_or("").to_owned(),
                e["code"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect();
    v.sort();
    v
}

fn seeded() -> (tempfile::TempDir, PathBuf) {
    let (dir, vault, _) = common::new_vault();
    common::ok(
        &vault,
        &[
            "import",
            fixture("aegis/aegis_plain.json")
                .to_str()
                .expect("utf-8 path"),
        ],
    );
    (dir, vault)
}

#[test]
fn every_export_format_imports_back_with_the_same_codes() {
    let (dir, a) = seeded();
    let want = codes(&a);
    assert!(want.len() >= 5, "{want:?}");
    for format in ["aegis", "aegis-encrypted", "otpauth", "lockstep"] {
        let file = dir.path().join(format!("export-{format}"));
        let out = common::cmd(
            &a,
            &[
                "export",
                "--format",
                format,
                "--out",
                file.to_str().expect("utf-8"),
            ],
        )
        .env("LOCKSTEP_EXPORT_PASSWORD", "export password")
        .output()
        .expect("run");
        assert!(
            out.status.success(),
            "{format}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let bytes = std::fs::read(&file).expect("written");
        if format == "aegis" || format == "otpauth" {
            assert!(
                String::from_utf8_lossy(&out.stderr).contains("clear text"),
                "{format}: plain exports warn"
            );
        } else {
            assert!(
                !String::from_utf8_lossy(&bytes).contains(&want[0].0),
                "{format}: names must be encrypted"
            );
        }
        let (_d, b, _) = common::new_vault();
        let args: Vec<&str> = if format == "lockstep" {
            vec!["restore", file.to_str().expect("utf-8"), "--replace"]
        } else {
            vec!["import", file.to_str().expect("utf-8")]
        };
        let out = common::cmd(&b, &args)
            .env("LOCKSTEP_IMPORT_PASSWORD", "export password")
            .env("LOCKSTEP_BACKUP_PASSWORD", common::PASSWORD)
            .output()
            .expect("run");
        assert!(
            out.status.success(),
            "{format}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(codes(&b), want, "{format} round trip");
    }
}

#[test]
fn an_encrypted_import_without_its_password_is_a_clear_error_and_changes_nothing() {
    let (_dir, vault, _) = common::new_vault();
    let before = std::fs::read(&vault).expect("read");
    let enc = fixture("aegis/aegis_encrypted.json");
    let out = common::run(&vault, &["import", enc.to_str().expect("utf-8")]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("LOCKSTEP_IMPORT_PASSWORD"));
    let out = common::cmd(&vault, &["import", enc.to_str().expect("utf-8")])
        .env("LOCKSTEP_IMPORT_PASSWORD", "not it")
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("wrong password"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(std::fs::read(&vault).expect("read"), before);
    let ok = common::cmd(&vault, &["import", enc.to_str().expect("utf-8")])
        .env("LOCKSTEP_IMPORT_PASSWORD", "test")
        .output()
        .expect("run");
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
}

#[test]
fn restore_replace_and_merge() {
    let (dir, vault) = seeded();
    let full = codes(&vault);
    let backup = dir.path().join("b.lockstep");
    common::ok(
        &vault,
        &["backup", "--out", backup.to_str().expect("utf-8")],
    );
    // Change the vault: delete one, add one.
    common::ok(&vault, &["rm", "--yes", &full[0].0]);
    common::ok(
        &vault,
        &["add", "otpauth://totp/NewCo:me?secret=KRSXG5CTMVRXEZLU"],
    );
    let b = backup.to_str().expect("utf-8");
    // Dry run changes nothing.
    let before = std::fs::read(&vault).expect("read");
    let plan = common::ok(&vault, &["restore", b, "--merge", "--dry-run"]);
    assert!(plan.contains("Would add 1,"), "{plan}");
    assert_eq!(std::fs::read(&vault).expect("read"), before);
    // Merge: the deleted one comes back, the new one stays.
    common::ok(&vault, &["restore", b, "--merge"]);
    let merged = codes(&vault);
    assert_eq!(merged.len(), full.len() + 1);
    assert!(full.iter().all(|c| merged.contains(c)));
    // Replace: exactly the backup.
    common::ok(&vault, &["restore", b, "--replace"]);
    assert_eq!(codes(&vault), full);
}

#[test]
fn damaged_backup_and_wrong_password_leave_the_vault_unchanged() {
    let (dir, vault) = seeded();
    let backup = dir.path().join("b.lockstep");
    common::ok(
        &vault,
        &["backup", "--out", backup.to_str().expect("utf-8")],
    );
    common::ok(
        &vault,
        &["add", "otpauth://totp/NewCo:me?secret=KRSXG5CTMVRXEZLU"],
    );
    let before = std::fs::read(&vault).expect("read");
    let backups_before = common::ok(&vault, &["backup", "--list", "--json"]);
    // Damaged: one byte flipped.
    let mut bytes = std::fs::read(&backup).expect("read");
    bytes[200] ^= 0x40;
    let damaged = dir.path().join("damaged.lockstep");
    std::fs::write(&damaged, &bytes).expect("write");
    let out = common::run(
        &vault,
        &["restore", damaged.to_str().expect("utf-8"), "--replace"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("damaged"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Made under another password, and the wrong one given.
    let other = dir.path().join("other.lockstep");
    common::ok(&vault, &["backup", "--out", other.to_str().expect("utf-8")]);
    // A second vault with its own password, so the backup needs LOCKSTEP_BACKUP_PASSWORD.
    let (_d2, v2, _) = common::new_vault();
    let changed = common::cmd(
        &v2,
        &["passwd", "--kdf-memory", "8", "--kdf-iterations", "1"],
    )
    .env("LOCKSTEP_NEW_PASSWORD", "second vault password")
    .output()
    .expect("run");
    assert!(changed.status.success());
    let before2 = std::fs::read(&v2).expect("read");
    let out = common::cmd(
        &v2,
        &["restore", other.to_str().expect("utf-8"), "--replace"],
    )
    .env("LOCKSTEP_PASSWORD", "second vault password")
    .env("LOCKSTEP_BACKUP_PASSWORD", "wrong password")
    .output()
    .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("wrong password"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(std::fs::read(&v2).expect("read"), before2);
    // And with the right backup password it restores.
    let out = common::cmd(
        &v2,
        &["restore", other.to_str().expect("utf-8"), "--replace"],
    )
    .env("LOCKSTEP_PASSWORD", "second vault password")
    .env("LOCKSTEP_BACKUP_PASSWORD", common::PASSWORD)
    .output()
    .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(std::fs::read(&vault).expect("read"), before);
    assert_eq!(
        common::ok(&vault, &["backup", "--list", "--json"]),
        backups_before,
        "failed restores take no automatic backup"
    );
}

#[test]
fn automatic_backups_rotate_to_the_newest_n() {
    let (_dir, vault) = seeded();
    for e in codes(&vault).iter().take(5) {
        let out = common::cmd(&vault, &["rm", "--yes", &e.0])
            .env("LOCKSTEP_KEEP_BACKUPS", "3")
            .output()
            .expect("run");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let list: Vec<serde_json::Value> =
        serde_json::from_str(&common::ok(&vault, &["backup", "--list", "--json"])).expect("json");
    assert_eq!(list.len(), 3, "{list:?}");
    assert!(list.iter().all(|b| b["reason"] == "delete"));
    // Each backup is a vault file that opens with the password and is one entry larger than the next.
    let sizes: Vec<usize> = list
        .iter()
        .map(|b| codes(Path::new(b["path"].as_str().expect("path"))).len())
        .collect();
    assert_eq!(
        sizes.windows(2).map(|w| w[1] - w[0]).collect::<Vec<_>>(),
        [1, 1],
        "{sizes:?}"
    );
}
