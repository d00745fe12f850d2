//! "Remember this device" against a real Secret Service (gnome-keyring under dbus-run-session,
//! started by `cargo xtask test`, which sets LOCKSTEP_KEYRING_TESTS=1). The keyring's own view is
//! read with `secret-tool`, not with our code.

mod common;

use std::process::Command;

/// The tests count items in one shared keyring, so they take turns.
static KEYRING: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn keyring_available() -> Option<std::sync::MutexGuard<'static, ()>> {
    if std::env::var_os("LOCKSTEP_KEYRING_TESTS").is_some() {
        return Some(KEYRING.lock().unwrap_or_else(|p| p.into_inner()));
    }
    eprintln!(
        "skipped: no test keyring; run through `cargo xtask test`, which starts gnome-keyring"
    );
    None
}

/// How many Lockstep items secret-tool sees for `item` (the "<vault id>:<slot id>" user name).
fn items_in_keyring() -> Vec<String> {
    let out = Command::new("secret-tool")
        .args(["search", "--all", "service", "lockstep"])
        .output()
        .expect("secret-tool runs");
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    text.lines()
        .filter_map(|l| l.strip_prefix("attribute.username = "))
        .map(str::to_owned)
        .collect()
}

fn list_without_password(vault: &std::path::Path) -> std::process::Output {
    common::cmd(vault, &["list", "--json"])
        .env_remove("LOCKSTEP_PASSWORD")
        .output()
        .expect("run")
}

#[test]
fn remember_then_forget_this_device() {
    let Some(_turn) = keyring_available() else {
        return;
    };
    let (_dir, vault, _) = common::new_vault();
    common::ok(
        &vault,
        &["add", "otpauth://totp/Telavox:anna?secret=JBSWY3DPEHPK3PXP"],
    );
    let before = items_in_keyring();

    // Without a password and without a remembered device: a clear error, exit 2.
    let out = list_without_password(&vault);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("no password given"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let said = common::ok(&vault, &["remember", "--days", "30"]);
    assert!(said.contains("remembered until"), "{said}");
    let after = items_in_keyring();
    assert_eq!(
        after.len(),
        before.len() + 1,
        "secret-tool sees one new Lockstep item: {after:?}"
    );

    // Now no password is needed on this device.
    let out = list_without_password(&vault);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let listed: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(listed[0]["issuer"], "Telavox");

    // Remembering again replaces the slot rather than piling up items.
    common::ok(&vault, &["remember", "--days", "7"]);
    assert_eq!(items_in_keyring().len(), before.len() + 1);

    // Forget: the item leaves the keyring and the password is needed again.
    let out = common::cmd(&vault, &["forget"])
        .env_remove("LOCKSTEP_PASSWORD")
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "forget unlocks through the keyring slot itself: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(items_in_keyring(), before);
    assert_eq!(list_without_password(&vault).status.code(), Some(2));
}

#[test]
fn a_keyring_item_removed_behind_our_back_falls_back_to_the_password() {
    let Some(_turn) = keyring_available() else {
        return;
    };
    let (_dir, vault, _) = common::new_vault();
    let before = items_in_keyring();
    common::ok(&vault, &["remember"]);
    let ours: Vec<String> = items_in_keyring()
        .into_iter()
        .filter(|i| !before.contains(i))
        .collect();
    assert_eq!(ours.len(), 1);
    let cleared = Command::new("secret-tool")
        .args(["clear", "service", "lockstep", "username", &ours[0]])
        .status()
        .expect("secret-tool");
    assert!(cleared.success());
    // The slot is still in the file but useless: no password means a clear error, the password still works.
    assert_eq!(list_without_password(&vault).status.code(), Some(2));
    let with_password = common::run(&vault, &["list"]);
    assert!(
        with_password.status.success(),
        "{}",
        String::from_utf8_lossy(&with_password.stderr)
    );
}

/// Finding 5: the "remember" expiry is more than a date in the file. On the first open after it,
/// whatever the command (`list` never saved before), the slot and its keyring item go.
#[test]
fn an_expired_remembered_device_is_forgotten_on_the_next_open() {
    use lockstep_core::session::{Change, Options, Session};
    use lockstep_core::vault::{now, Credential, Store};
    let Some(_turn) = keyring_available() else {
        return;
    };
    let (_dir, vault, _) = common::new_vault();
    let before = items_in_keyring();
    let mut s = Session::open(
        Store::new(&vault),
        Some(Credential::Password(zeroize::Zeroizing::new(
            common::PASSWORD.into(),
        ))),
        Options::default(),
    )
    .expect("open");
    s.apply(Change::Remember(now() + 2)).expect("remember for 2 s");
    drop(s);
    assert_eq!(items_in_keyring().len(), before.len() + 1);
    std::thread::sleep(std::time::Duration::from_secs(3));
    let out = common::run(&vault, &["list"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(items_in_keyring(), before, "the expired item is gone");
    assert_eq!(list_without_password(&vault).status.code(), Some(2));
}

/// Finding 14: a remembered device opens the vault without a password, but replacing the
/// credentials or writing the secrets out in clear still asks for the current password.
#[test]
fn a_remembered_device_still_needs_the_password_to_change_credentials() {
    let Some(_turn) = keyring_available() else {
        return;
    };
    let (dir, vault, _) = common::new_vault();
    common::ok(&vault, &["remember"]);
    let before = std::fs::read(&vault).expect("read");
    let out_file = dir.path().join("plain.txt");
    for args in [
        vec!["passwd"],
        vec!["recovery-key", "--rotate"],
        vec!["export", "--format", "otpauth", "--out", out_file.to_str().unwrap()],
    ] {
        let out = common::cmd(&vault, &args)
            .env_remove("LOCKSTEP_PASSWORD")
            .env("LOCKSTEP_NEW_PASSWORD", "another long passphrase here")
            .output()
            .expect("run");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("enter the current password"),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert_eq!(std::fs::read(&vault).expect("read"), before);
    assert!(!out_file.exists());
    // With the password given, the same commands run.
    let out = common::cmd(&vault, &["passwd"])
        .env("LOCKSTEP_NEW_PASSWORD", "another long passphrase here")
        .output()
        .expect("run");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out = common::cmd(&vault, &["forget"])
        .env("LOCKSTEP_PASSWORD", "another long passphrase here")
        .output()
        .expect("run");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}
