//! Issue 13, finding 1: a change of credential (password, recovery key, forgotten device) seals
//! the vault under a new data key. The old credential, run against a file written after the
//! change, opens nothing: neither directly nor through the data key an old file (an old backup)
//! gives with it. Checked with the Rust reader and with `tools/read_vault.py`, the second reader
//! written from docs/vault-format.md. The vault still opens its own older files without their
//! credentials, and a process holding the vault open learns that the credentials changed.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use lockstep_core::backup;
use lockstep_core::vault::{Envelope, KdfParams, RecoveryKey, Store, Unlocked};
use lockstep_core::{uri, Credential, Entry};
use proptest::prelude::*;
use zeroize::Zeroizing;

use common::python;

const CHEAP: KdfParams = KdfParams::CHEAPEST;

fn pw(p: &str) -> Credential {
    Credential::Password(Zeroizing::new(p.to_owned()))
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// The data key a credential gives from a file, by the Python reader (`--show-keys`).
fn python_data_key(file: &Path, flag: &str, secret: &str) -> String {
    let v = python(file, &[flag, secret, "--show-keys"]).expect("the old file opens");
    v["data_key"].as_str().expect("a data key").to_owned()
}

#[derive(Clone, Copy, Debug)]
enum Change {
    Passwd,
    RotateRecovery,
    Forget,
}

/// A vault in `dir` with entries named after `names`, a remembered device when `remember`.
fn make_vault(dir: &Path, password: &str, names: &[String]) -> (Store, RecoveryKey) {
    let store = Store::new(dir.join("vault.lockstep"));
    let (_, recovery) = store.create(password, CHEAP).unwrap();
    store
        .update(&pw(password), |u| {
            for (i, n) in names.iter().enumerate() {
                let link = format!("otpauth://totp/{n}:a{i}?secret=JBSWY3DPEHPK3PXP&issuer={n}");
                u.vault.push(Entry::from_account(uri::parse(&link)?, 1)?);
            }
            Ok(())
        })
        .unwrap();
    (store, recovery)
}

fn copy(path: &Path, to: &Path) -> PathBuf {
    fs::copy(path, to).unwrap();
    to.to_owned()
}

/// The keyring of these tests: the keyring crate's in-process mock (no OS keyring here).
fn mock_keyring() {
    keyring::set_default_credential_builder(keyring::mock::default_credential_builder());
}

fn check_change(change: Change, old_pw: &str, new_pw: &str, names: &[String]) {
    mock_keyring();
    let dir = tempfile::tempdir().unwrap();
    let (store, old_rk) = make_vault(dir.path(), old_pw, names);
    if matches!(change, Change::Forget) {
        store.update(&pw(old_pw), |u| u.remember(u64::MAX)).unwrap();
    }
    let old_file = copy(store.path(), &dir.path().join("old-backup.lockstep"));
    let old_rk_text = old_rk.to_display();
    let old_env = Envelope::parse(&fs::read(&old_file).unwrap(), &old_file).unwrap();
    let old_key = old_env.unlock_password(old_pw.as_bytes()).unwrap();
    // The app holds the vault open across the change made by another process.
    let mut app = store.unlock(&pw(old_pw)).unwrap();

    let mut new_rk = None;
    store
        .update(&pw(old_pw), |u| {
            match change {
                Change::Passwd => u.set_password(new_pw, CHEAP)?,
                Change::RotateRecovery => new_rk = Some(u.rotate_recovery()?),
                Change::Forget => assert_eq!(u.forget()?, 1),
            }
            Ok(())
        })
        .unwrap();
    let new_file = store.path().to_owned();
    let new_env = Envelope::parse(&fs::read(&new_file).unwrap(), &new_file).unwrap();
    let current_pw = if matches!(change, Change::Passwd) {
        new_pw
    } else {
        old_pw
    };

    // The old data key (old file + old credential) opens nothing written after the change: Rust.
    assert_eq!(
        Unlocked::open_with_key(&new_env, old_key.clone())
            .unwrap_err()
            .kind(),
        "corrupt_vault",
        "{change:?}: the old data key still opens the new file"
    );
    // ... and Python, from the old file with the old credential of each kind.
    for (flag, secret) in [
        ("--password", old_pw),
        ("--recovery-key", old_rk_text.as_str()),
    ] {
        let key = python_data_key(&old_file, flag, secret);
        assert_eq!(key, hex(old_key.expose()));
        let err = python(&new_file, &["--data-key", &key]).unwrap_err();
        assert!(
            err.starts_with("error: corrupt_vault:"),
            "{change:?}: {err}"
        );
    }
    // The credential that changed opens nothing of the new file directly.
    match change {
        Change::Passwd => {
            assert_eq!(
                store.unlock(&pw(old_pw)).unwrap_err().kind(),
                "wrong_password"
            );
            let err = python(&new_file, &["--password", old_pw]).unwrap_err();
            assert!(err.starts_with("error: wrong_password:"), "{err}");
        }
        Change::RotateRecovery => {
            let cred = Credential::Recovery(old_rk.clone());
            assert_eq!(
                store.unlock(&cred).unwrap_err().kind(),
                "wrong_recovery_key"
            );
            let err = python(&new_file, &["--recovery-key", &old_rk_text]).unwrap_err();
            assert!(err.starts_with("error: wrong_recovery_key:"), "{err}");
        }
        Change::Forget => {
            assert!(new_env
                .slots
                .iter()
                .all(|s| !matches!(s.kind, lockstep_core::vault::SlotKind::Keyring { .. })));
        }
    }
    // The credentials still valid open the new file in both readers, with the same entries.
    let rk_now = new_rk.unwrap_or(old_rk);
    let rk_now_text = rk_now.to_display();
    let u = store.unlock(&pw(current_pw)).unwrap();
    store.unlock(&Credential::Recovery(rk_now)).unwrap();
    assert_eq!(u.vault.entries.len(), names.len());
    for (flag, secret) in [
        ("--password", current_pw),
        ("--recovery-key", rk_now_text.as_str()),
    ] {
        let v = python(&new_file, &[flag, secret, "--show-keys"]).unwrap();
        assert_eq!(v["entries"].as_array().unwrap().len(), names.len());
        assert_ne!(v["data_key"].as_str().unwrap(), hex(old_key.expose()));
    }
    // The vault opens its own older file without the old credential.
    let older = u.open_same_vault(&old_env).unwrap();
    assert_eq!(older.vault, u.vault);
    let bytes = fs::read(&old_file).unwrap();
    backup::open_backup_for(&bytes, &u, None).unwrap();
    // The process that held the vault open is told to ask again, and a backup sealed after the
    // change needs the credential of its time.
    let (env, _) = store.read().unwrap();
    assert_eq!(app.reload(&env).unwrap_err().kind(), "credentials_changed");
    let newer = fs::read(&new_file).unwrap();
    assert_eq!(
        backup::open_backup_for(&newer, &app, None)
            .unwrap_err()
            .kind(),
        "wrong_password"
    );
    backup::open_backup_for(&newer, &app, Some(&pw(current_pw))).unwrap();
}

fn names() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec("[A-Za-z][A-Za-z0-9]{0,11}", 0..4)
}

/// Passwords the policy accepts (a fixed uncommon phrase, then random letters).
fn password() -> impl Strategy<Value = String> {
    "[a-z]{1,8}".prop_map(|s| format!("Tidal-Quartz-{s}-9"))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 4, ..ProptestConfig::default() })]

    #[test]
    fn after_passwd_the_old_password_opens_nothing_new(
        old in password(), new in "[a-z]{1,8}", names in names()
    ) {
        check_change(Change::Passwd, &old, &format!("Amber-Lantern-{new}-7"), &names);
    }

    #[test]
    fn after_rotating_the_recovery_key_the_old_one_opens_nothing_new(
        old in password(), names in names()
    ) {
        check_change(Change::RotateRecovery, &old, "unused unused", &names);
    }

    #[test]
    fn after_forget_the_old_keyring_key_opens_nothing_new(
        old in password(), names in names()
    ) {
        check_change(Change::Forget, &old, "unused unused", &names);
    }
}

/// After several changes, the vault still opens each of its earlier files, matched by key id.
#[test]
fn every_earlier_file_opens_with_the_current_vault_alone() {
    mock_keyring();
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = make_vault(dir.path(), "Tidal-Quartz-first-9", &["A".into()]);
    let mut files = vec![copy(store.path(), &dir.path().join("b0"))];
    let mut password = "Tidal-Quartz-first-9".to_owned();
    for i in 1..=4 {
        let next = format!("Amber-Lantern-number-{i}");
        store
            .update(&pw(&password), |u| {
                u.vault.push(Entry::from_account(
                    uri::parse(&format!("otpauth://totp/I{i}:x?secret=JBSWY3DPEHPK3PXP"))?,
                    i,
                )?);
                match i % 3 {
                    0 => u.set_password(&next, CHEAP),
                    1 => u.rotate_recovery().map(drop),
                    _ => u.remember(u64::MAX).and_then(|()| u.forget().map(drop)),
                }
            })
            .unwrap();
        if i % 3 == 0 {
            password = next;
        }
        files.push(copy(store.path(), &dir.path().join(format!("b{i}"))));
    }
    let now = store.unlock(&pw(&password)).unwrap();
    assert!(now.previous_key_count() >= 4);
    let mut key_ids = Vec::new();
    for (i, f) in files.iter().enumerate() {
        let env = Envelope::parse(&fs::read(f).unwrap(), f).unwrap();
        key_ids.push(env.key_id);
        let old = now.open_same_vault(&env).unwrap();
        assert_eq!(old.vault.entries.len(), i + 1, "{}", f.display());
    }
    key_ids.dedup();
    assert_eq!(key_ids.len(), files.len(), "every change made a new key id");
}

/// A vault made by a format-1 Lockstep (the `v1_small` vector), through the session the CLI and
/// the app use: a change of password keeps format 1 (the recovery slot's key is not at hand);
/// `recovery-key --rotate` after a password unlock moves it to format 2 under a new data key,
/// which the format-1 data key does not open, in Rust or in Python, while the vault still opens
/// its format-1 backups.
#[test]
fn a_format_1_vault_moves_to_format_2_at_a_recovery_key_rotation() {
    use lockstep_core::session::{Change, Options, Session};
    let dir = tempfile::tempdir().unwrap();
    let vectors = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors");
    let v1 = vectors.join("v1_small.lockstep");
    let text = fs::read_to_string(vectors.join("v1_small.txt")).unwrap();
    let header = |key: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(&format!("{key}: ")))
            .unwrap()
            .to_owned()
    };
    let (password, v1_key) = (header("password"), header("data key"));
    let version = |p: &Path| u16::from_be_bytes(fs::read(p).unwrap()[8..10].try_into().unwrap());

    // A new password on the format-1 vault: still format 1, same data key.
    let a = copy(&v1, &dir.path().join("a.lockstep"));
    let mut s = Session::open(Store::new(&a), Some(pw(&password)), Options::default()).unwrap();
    s.apply(Change::SetPassword {
        password: Zeroizing::new("Amber-Lantern-upgrade-7".into()),
        kdf: CHEAP,
    })
    .unwrap();
    assert_eq!(version(&a), 1);

    // A new recovery key after a password unlock: format 2, a new data key.
    let b = copy(&v1, &dir.path().join("b.lockstep"));
    let mut s = Session::open(Store::new(&b), Some(pw(&password)), Options::default()).unwrap();
    let applied = s.apply(Change::RotateRecovery).unwrap();
    let new_rk = applied.recovery_key.expect("a new recovery key");
    assert_eq!(version(&b), 2);
    let err = python(&b, &["--data-key", &v1_key]).unwrap_err();
    assert!(err.starts_with("error: corrupt_vault:"), "{err}");
    let env = Envelope::parse(&fs::read(&b).unwrap(), &b).unwrap();
    let now = Unlocked::open(&env, &pw(&password), 0).unwrap();
    assert_eq!(now.previous_key_count(), 1);
    let v1_env = Envelope::parse(&fs::read(&v1).unwrap(), &v1).unwrap();
    now.open_same_vault(&v1_env).unwrap();
    let py = python(&b, &["--recovery-key", &new_rk.to_display()]).unwrap();
    assert_eq!(py["version"], 2);
    let err = python(&b, &["--recovery-key", &header("recovery key")]).unwrap_err();
    assert!(err.starts_with("error: wrong_recovery_key:"), "{err}");
}
