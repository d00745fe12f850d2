//! Regressions of the drift between the CLI and the app (issue 12) and CLI-side hardening
//! (issue 13), through the real `lockstep` binary. Expected codes come from the link parser of
//! the same account (Steam) or from RFC 6238's vector, not from the code under test's own path.

mod common;

use std::io::Write;
use std::process::{Command, Stdio};

use common::{cmd, list, new_vault, ok, run};

const LINK: &str = "otpauth://totp/ACME:me@example.com?secret=JBSWY3DPEHPK3PXP&issuer=ACME";

fn add(vault: &std::path::Path, link: &str) {
    let mut child = cmd(vault, &["add", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("run");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(link.as_bytes())
        .expect("write");
    assert!(child.wait().expect("wait").success());
}

/// `export --out <the vault>` replaced the encrypted vault with plain links (exit 0); `backup
/// --out` had the same hole. Every spelling of the vault's own files is refused, nothing changes.
#[test]
fn exports_and_backups_never_replace_the_vault_its_lock_or_its_backups() {
    let (dir, vault, _) = new_vault();
    add(&vault, LINK);
    let before = std::fs::read(&vault).expect("read");
    let link = dir.path().join("link-to-vault");
    #[cfg(unix)]
    std::os::unix::fs::symlink(&vault, &link).expect("symlink");
    let backups = dir.path().join("backups");
    std::fs::create_dir_all(&backups).expect("backups folder");
    let mut targets = vec![
        vault.clone(),
        dir.path().join("sub/../vault.lockstep"),
        dir.path().join("vault.lockstep.lock"),
        backups.join("mine.json"),
    ];
    if cfg!(unix) {
        targets.push(link);
    }
    std::fs::create_dir_all(dir.path().join("sub")).expect("sub");
    for out in &targets {
        let out = out.to_str().expect("utf-8 path");
        for args in [
            vec!["export", "--format", "otpauth", "--out", out],
            vec!["export", "--format", "aegis", "--out", out],
            vec!["export", "--format", "lockstep", "--out", out],
            vec!["backup", "--out", out],
        ] {
            let res = run(&vault, &args);
            assert_eq!(res.status.code(), Some(2), "{args:?}");
            let err = String::from_utf8_lossy(&res.stderr);
            assert!(err.contains("choose another place"), "{args:?}: {err}");
        }
    }
    assert_eq!(std::fs::read(&vault).expect("read"), before);
    assert_eq!(list(&vault).len(), 1, "the vault still opens");
    // A file elsewhere is written.
    let out = dir.path().join("links.txt");
    ok(
        &vault,
        &[
            "export",
            "--format",
            "otpauth",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert!(std::fs::read_to_string(out)
        .unwrap()
        .starts_with("otpauth://totp/"));
}

/// A Steam entry from parts gets Steam's rules whatever the options say (5 characters, SHA1,
/// issuer "Steam"), as a Steam link does: the codes of both agree.
#[test]
fn a_steam_entry_from_parts_follows_the_link_rules() {
    let (_dir, vault, _) = new_vault();
    ok(
        &vault,
        &[
            "add",
            "--steam",
            "--account",
            "gamer",
            "--algorithm",
            "SHA512",
            "--digits",
            "8",
            "--secret",
            "JBSWY3DPEHPK3PXP",
        ],
    );
    let entries = list(&vault);
    assert_eq!(entries[0]["issuer"], "Steam");
    assert_eq!(entries[0]["algorithm"], "SHA1");
    let at = "1700000000";
    let code: serde_json::Value =
        serde_json::from_str(&ok(&vault, &["code", "steam", "--json", "--at", at])).unwrap();
    let expected = ok(
        &vault,
        &[
            "code",
            "--uri",
            "otpauth://steam/Steam:gamer?secret=JBSWY3DPEHPK3PXP&issuer=Steam",
            "--at",
            at,
        ],
    );
    assert_eq!(code[0]["code"], expected.trim());
    assert_eq!(expected.trim().len(), 5);
}

/// Tags are normalised in core (split at commas, trimmed, each once whatever its case), and the
/// one search rule finds accounts by tag and by every word.
#[test]
fn tags_are_normalised_and_searched_by_the_core_rule() {
    let (_dir, vault, _) = new_vault();
    add(&vault, LINK);
    add(
        &vault,
        "otpauth://totp/GitHub:anna?secret=GEZDGNBVGY3TQOJQ&issuer=GitHub",
    );
    ok(&vault, &["edit", "ACME", "--tags", " Work, work ,home,, "]);
    let acme = list(&vault)
        .into_iter()
        .find(|e| e["issuer"] == "ACME")
        .unwrap();
    assert_eq!(acme["tags"], serde_json::json!(["Work", "home"]));
    let found: Vec<serde_json::Value> =
        serde_json::from_str(&ok(&vault, &["code", "WORK me@", "--json"])).unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["issuer"], "ACME");
}

/// The password policy is the core's, for the CLI as for the app: "password1" is refused.
#[test]
fn a_guessable_password_is_refused_by_the_cli_too() {
    let dir = tempfile::tempdir().unwrap();
    let vault = dir.path().join("v.lockstep");
    for pw in ["password1", "12345678", "qwertyuiop"] {
        let out = cmd(
            &vault,
            &["init", "--kdf-memory", "8", "--kdf-iterations", "1"],
        )
        .env("LOCKSTEP_PASSWORD", pw)
        .output()
        .unwrap();
        assert_eq!(out.status.code(), Some(2), "{pw}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("too easy to guess"),
            "{pw}"
        );
        assert!(!vault.exists());
    }
}

/// `code --uri -` reads the link from standard input (no secret on the command line), and a
/// secret given as an argument is warned about.
#[test]
fn links_on_standard_input_keep_secrets_off_the_command_line() {
    let rfc = "otpauth://totp/x?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&digits=8";
    let mut child = Command::new(common::bin())
        .args(["code", "--uri", "-", "--at", "59"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(rfc.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    // RFC 6238, appendix B: T = 59, SHA-1, 8 digits.
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "94287082");
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = Command::new(common::bin())
        .args(["code", "--uri", rfc, "--at", "59"])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "94287082");
    assert!(String::from_utf8_lossy(&out.stderr).contains("warning: the secret was given"));
}

/// `lockstep init --json | true`: the recovery key cannot be shown, so the command fails and no
/// vault whose recovery key nobody saw is left behind.
#[test]
fn init_into_a_closed_pipe_fails_and_leaves_no_vault() {
    let dir = tempfile::tempdir().unwrap();
    let vault = dir.path().join("v.lockstep");
    let mut child = cmd(
        &vault,
        &[
            "init",
            "--json",
            "--kdf-memory",
            "8",
            "--kdf-iterations",
            "1",
        ],
    )
    .stdout(Stdio::piped())
    .stderr(Stdio::piped())
    .spawn()
    .unwrap();
    drop(child.stdout.take()); // the reader is gone before anything is written
    let out = child.wait_with_output().unwrap();
    assert_ne!(out.status.code(), Some(0));
    assert!(!vault.exists(), "the vault was left behind");
    // And a closed pipe on any other command is an error too.
    let (_d, vault, _) = new_vault();
    add(&vault, LINK);
    let mut child = cmd(&vault, &["list"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    assert_eq!(child.wait().unwrap().code(), Some(2));
}

/// An older genuine copy of the vault put back in its place is noticed and warned about.
#[test]
fn an_older_copy_put_back_is_noticed() {
    let (dir, vault, _) = new_vault();
    add(&vault, LINK);
    let old = dir.path().join("old-copy");
    std::fs::copy(&vault, &old).unwrap();
    let out = run(&vault, &["list"]);
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    add(
        &vault,
        "otpauth://totp/GitHub:anna?secret=GEZDGNBVGY3TQOJQ&issuer=GitHub",
    );
    std::fs::copy(&old, &vault).unwrap();
    let out = run(&vault, &["list"]);
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("older than the one this device last saw"),
        "{err}"
    );
}

/// `lockstep restore FILE` on a computer with no vault makes the backup the vault, opened by the
/// backup's password or its recovery key; the codes are the backup's.
#[test]
fn restore_onto_a_computer_with_no_vault() {
    let (dir, vault, recovery) = new_vault();
    add(&vault, LINK);
    let backup = dir.path().join("b.lockstep");
    ok(&vault, &["backup", "--out", backup.to_str().unwrap()]);
    let codes = ok(&vault, &["code", "--json", "--at", "59"]);
    for with_recovery in [false, true] {
        let new_home = tempfile::tempdir().unwrap();
        let fresh = new_home.path().join("vault.lockstep");
        let mut c = cmd(&fresh, &["restore", backup.to_str().unwrap(), "--replace"]);
        if with_recovery {
            c.env_remove("LOCKSTEP_PASSWORD")
                .env("LOCKSTEP_RECOVERY_KEY", &recovery);
        }
        let out = c.output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(ok(&fresh, &["code", "--json", "--at", "59"]), codes);
    }
    // A wrong password leaves nothing behind.
    let new_home = tempfile::tempdir().unwrap();
    let fresh = new_home.path().join("vault.lockstep");
    let out = cmd(&fresh, &["restore", backup.to_str().unwrap(), "--merge"])
        .env("LOCKSTEP_PASSWORD", "not the password at all")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(!fresh.exists());
}

/// `backup --out FOLDER` writes `lockstep-backup-YYYY-MM-DD.lockstep` (today, UTC, as `date -u`
/// says) into it, and the file restores.
#[test]
fn a_backup_into_a_folder_gets_a_dated_name() {
    let (dir, vault, _) = common::new_vault();
    common::ok(
        &vault,
        &["add", "otpauth://totp/GitHub:me?secret=JBSWY3DPEHPK3PXP"],
    );
    let folder = dir.path().join("backups-out");
    std::fs::create_dir(&folder).unwrap();
    common::ok(&vault, &["backup", "--out", folder.to_str().unwrap()]);
    let today = std::process::Command::new("date")
        .args(["-u", "+%F"])
        .output()
        .unwrap();
    let today = String::from_utf8(today.stdout).unwrap();
    let file = folder.join(format!("lockstep-backup-{}.lockstep", today.trim()));
    assert!(
        file.is_file(),
        "{:?}",
        std::fs::read_dir(&folder).unwrap().collect::<Vec<_>>()
    );
    let plan = common::ok(
        &vault,
        &["restore", file.to_str().unwrap(), "--merge", "--dry-run"],
    );
    assert!(!plan.is_empty());
}
