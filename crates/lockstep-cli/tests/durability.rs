//! The vault survives what happens to real programs: killed mid-save, two writers at once.
//! Every check opens the file with lockstep-core, independently of the process that wrote it.

mod common;

use std::collections::BTreeSet;
use std::path::Path;
use std::time::Duration;

use data_encoding::BASE32_NOPAD;
use lockstep_core::{Credential, Store};
use rand::{Rng, SeedableRng};
use zeroize::Zeroizing;

/// The kill test measures how long an add takes; a concurrent test hammering its own vault
/// would skew that, so the tests of this file take turns.
static TURN: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn turn() -> std::sync::MutexGuard<'static, ()> {
    TURN.lock().unwrap_or_else(|p| p.into_inner())
}

/// Secrets (base32) of every entry in the vault, opened in-process.
fn secrets(vault: &Path) -> BTreeSet<String> {
    let u = Store::new(vault)
        .unlock(&Credential::Password(Zeroizing::new(
            common::PASSWORD.into(),
        )))
        .expect("the vault opens");
    u.vault
        .entries
        .iter()
        .map(|e| e.secret.to_base32().to_string())
        .collect()
}

fn unique_secret(tag: u64) -> String {
    BASE32_NOPAD.encode(&[b"lockstep-test-".as_slice(), &tag.to_be_bytes()].concat())
}

#[test]
fn sigkill_at_random_moments_never_breaks_the_vault_or_loses_a_finished_add() {
    let _turn = turn();
    let (_dir, vault, _) = common::new_vault();
    let mut rng = rand::rngs::StdRng::seed_from_u64(0x6b11);
    // Kill after a random delay in [0, window). The window adapts (longer after a kill, shorter
    // after a finished add) so kills keep landing across the whole add, save included, however
    // fast or loaded this machine is.
    common::ok(
        &vault,
        &[
            "add",
            &format!("otpauth://totp/Cal:0?secret={}", unique_secret(u64::MAX)),
        ],
    );
    let mut window = Duration::from_millis(50);
    let mut committed: BTreeSet<String> = secrets(&vault);
    let (mut killed, mut finished) = (0, 0);
    for i in 0..300u64 {
        let secret = unique_secret(i);
        let mut child = common::cmd(
            &vault,
            &["add", &format!("otpauth://totp/Kill:{i}?secret={secret}")],
        )
        .stdout(std::process::Stdio::null())
        .spawn()
        .expect("spawn");
        std::thread::sleep(window.mul_f64(rng.gen_range(0.0..1.0)));
        let _ = child.kill(); // SIGKILL; fails harmlessly if it already exited
        let status = child.wait().expect("wait");
        if status.success() {
            committed.insert(secret);
            finished += 1;
            window = window.mul_f64(0.9).max(Duration::from_millis(1));
        } else {
            killed += 1;
            window = window.mul_f64(1.1).min(Duration::from_secs(5));
        }
        let now = secrets(&vault);
        let lost: Vec<_> = committed.difference(&now).collect();
        assert!(
            lost.is_empty(),
            "after kill #{i}, entries whose add returned are gone: {lost:?}"
        );
        // A killed add may or may not have landed; what landed stays.
        committed = now;
    }
    assert!(
        killed >= 30 && finished >= 30,
        "the kill timing must hit both sides: {killed} killed, {finished} finished"
    );
    // No temp files are left behind once a later save has run.
    common::ok(
        &vault,
        &[
            "add",
            &format!("otpauth://totp/Last:x?secret={}", unique_secret(1 << 40)),
        ],
    );
    let leftovers: Vec<_> = std::fs::read_dir(vault.parent().expect("dir"))
        .expect("read dir")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".tmp-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn two_add_loops_at_once_lose_no_entry() {
    let _turn = turn();
    let (_dir, vault, _) = common::new_vault();
    let run_loop = |side: u64| {
        let vault = vault.clone();
        std::thread::spawn(move || {
            let mut mine = Vec::new();
            for i in 0..25u64 {
                let secret = unique_secret(side * 1000 + i);
                common::ok(
                    &vault,
                    &[
                        "add",
                        &format!("otpauth://totp/Loop{side}:{i}?secret={secret}"),
                    ],
                );
                mine.push(secret);
            }
            mine
        })
    };
    let (a, b) = (run_loop(1), run_loop(2));
    let mut want: BTreeSet<String> = a.join().expect("loop 1").into_iter().collect();
    want.extend(b.join().expect("loop 2"));
    assert_eq!(want.len(), 50);
    assert_eq!(secrets(&vault), want);
}

#[test]
fn the_vault_file_never_holds_a_secret_or_a_name_in_plain_text() {
    let _turn = turn();
    let (_dir, vault, _) = common::new_vault();
    let raw: &[u8] = b"very-secret-key-material!";
    let b32 = BASE32_NOPAD.encode(raw);
    common::ok(
        &vault,
        &[
            "add",
            &format!("otpauth://totp/Telavox:anna@example.com?secret={b32}"),
        ],
    );
    common::ok(
        &vault,
        &[
            "add",
            "--issuer",
            "B3Networks",
            "--account",
            "bob",
            "--secret",
            &b32.to_lowercase(),
            "--hotp",
            "--counter",
            "3",
        ],
    );
    let bytes = std::fs::read(&vault).expect("read vault");
    let hex: String = raw.iter().map(|b| format!("{b:02x}")).collect();
    for needle in [
        raw,
        b32.as_bytes(),
        b32.to_lowercase().as_bytes(),
        hex.as_bytes(),
        b"Telavox",
        b"anna@example.com",
        b"B3Networks",
    ] {
        assert!(
            !bytes.windows(needle.len()).any(|w| w == needle),
            "found {:?} in the vault file",
            String::from_utf8_lossy(needle)
        );
    }
}

#[test]
fn a_writer_that_holds_the_lock_too_long_gets_a_clear_busy_error_and_nothing_changes() {
    let _turn = turn();
    let (_dir, vault, _) = common::new_vault();
    let before = std::fs::read(&vault).expect("read");
    let store = Store::new(&vault);
    let _held = store.lock().expect("take the lock");
    let out = common::cmd(
        &vault,
        &[
            "add",
            &format!("otpauth://totp/Busy:x?secret={}", unique_secret(7)),
        ],
    )
    .env("LOCKSTEP_LOCK_TIMEOUT", "1")
    .output()
    .expect("run");
    assert_eq!(out.status.code(), Some(2));
    // The last line: a link given as an argument is first warned about (its secret shows in ps).
    assert_eq!(
        String::from_utf8_lossy(&out.stderr).trim().lines().last().unwrap_or(""),
        "error: the vault is locked by another process (waited 1 s); try again"
    );
    assert_eq!(std::fs::read(&vault).expect("read"), before);
}

#[test]
fn hotp_code_advances_the_saved_counter() {
    let _turn = turn();
    let (_dir, vault, _) = common::new_vault();
    // RFC 4226 appendix D key, counter 0: 755224, then 287082, 359152.
    common::ok(
        &vault,
        &[
            "add",
            "otpauth://hotp/Rfc:4226?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&counter=0",
        ],
    );
    for want in ["755224", "287082", "359152"] {
        let out: serde_json::Value =
            serde_json::from_str(&common::ok(&vault, &["code", "rfc", "--json"])).expect("json");
        assert_eq!(out[0]["code"], want);
    }
    assert_eq!(common::list(&vault)[0]["counter"], 3);
}

#[test]
fn recovery_key_resets_the_password_and_rotation_retires_the_old_key() {
    let _turn = turn();
    let (_dir, vault, key) = common::new_vault();
    common::ok(
        &vault,
        &["add", "otpauth://totp/A:a?secret=JBSWY3DPEHPK3PXP"],
    );
    // Forgot the password: the recovery key opens the vault and sets a new one.
    let out = common::cmd(
        &vault,
        &[
            "--use-recovery-key",
            "passwd",
            "--kdf-memory",
            "8",
            "--kdf-iterations",
            "1",
        ],
    )
    .env_remove("LOCKSTEP_PASSWORD")
    .env("LOCKSTEP_RECOVERY_KEY", &key)
    .env("LOCKSTEP_NEW_PASSWORD", "a brand new password")
    .output()
    .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        common::run(&vault, &["list"]).status.code(),
        Some(2),
        "the old password must stop working"
    );
    let with_new = common::cmd(&vault, &["list", "--json"])
        .env("LOCKSTEP_PASSWORD", "a brand new password")
        .output()
        .expect("run");
    assert!(with_new.status.success());
    // Rotate: the new key works, the old one does not.
    let rotated = common::cmd(&vault, &["recovery-key", "--rotate", "--json"])
        .env("LOCKSTEP_PASSWORD", "a brand new password")
        .output()
        .expect("run");
    let new_key = serde_json::from_slice::<serde_json::Value>(&rotated.stdout).expect("json")
        ["recovery_key"]
        .as_str()
        .expect("key")
        .to_owned();
    let with = |k: &str| {
        common::cmd(&vault, &["list"])
            .env_remove("LOCKSTEP_PASSWORD")
            .env("LOCKSTEP_RECOVERY_KEY", k)
            .output()
            .expect("run")
    };
    assert!(with(&new_key).status.success());
    let old = with(&key);
    assert_eq!(old.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&old.stderr).trim(),
        "error: wrong recovery key"
    );
}
