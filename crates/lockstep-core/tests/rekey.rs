//! Issue 13, finding 1: a change of credential (password, recovery key, forgotten device) seals
//! the vault under a new data key. The old credential, run against a file written after the
//! change, opens nothing: neither directly nor through the data key an old file (an old backup)
//! gives with it. Checked with the Rust reader and with `tools/read_vault.py`, the second reader
//! written from docs/vault-format.md. The vault still opens its own older files without their
//! credentials, and a process holding the vault open learns that the credentials changed.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use lockstep_core::backup;
use lockstep_core::vault::{Envelope, KdfParams, RecoveryKey, Store, Unlocked};
use lockstep_core::{uri, Credential, Entry};
use proptest::prelude::*;
use zeroize::Zeroizing;

const CHEAP: KdfParams = KdfParams {
    m_kib: 8192,
    t: 1,
    p: 1,
};

fn pw(p: &str) -> Credential {
    Credential::Password(Zeroizing::new(p.to_owned()))
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// Runs `tools/read_vault.py FILE ARGS...`; `Ok(stdout JSON)` or `Err(stderr)`.
fn python(file: &Path, args: &[&str]) -> Result<serde_json::Value, String> {
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

proptest! {
    #![proptest_config(ProptestConfig { cases: 4, ..ProptestConfig::default() })]

    #[test]
    fn after_passwd_the_old_password_opens_nothing_new(
        old in "[a-z ]{8,16}", new in "[A-Z0-9]{8,16}", names in names()
    ) {
        check_change(Change::Passwd, &old, &new, &names);
    }

    #[test]
    fn after_rotating_the_recovery_key_the_old_one_opens_nothing_new(
        old in "[a-z ]{8,16}", names in names()
    ) {
        check_change(Change::RotateRecovery, &old, "unused unused", &names);
    }

    #[test]
    fn after_forget_the_old_keyring_key_opens_nothing_new(
        old in "[a-z ]{8,16}", names in names()
    ) {
        check_change(Change::Forget, &old, "unused unused", &names);
    }
}

/// After several changes, the vault still opens each of its earlier files, matched by key id.
#[test]
fn every_earlier_file_opens_with_the_current_vault_alone() {
    mock_keyring();
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = make_vault(dir.path(), "first password", &["A".into()]);
    let mut files = vec![copy(store.path(), &dir.path().join("b0"))];
    let mut password = "first password".to_owned();
    for i in 1..=4 {
        let next = format!("password number {i}");
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
