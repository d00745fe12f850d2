//! Backups open with the credentials of their time; restore replaces or merges and reports what
//! it did; a damaged backup or a wrong password changes nothing, byte for byte; automatic backups
//! rotate to the newest N.

use std::path::Path;

use lockstep_core::backup::{self, RestoreMode};
use lockstep_core::vault::{Credential, KdfParams, Store};
use lockstep_core::{uri, Entry, Error, Vault};
use zeroize::Zeroizing;

const CHEAP: KdfParams = KdfParams::CHEAPEST;
const PW: &str = "correct horse";

fn pw(p: &str) -> Credential {
    Credential::Password(Zeroizing::new(p.to_owned()))
}

fn entry(link: &str, modified: u64) -> Entry {
    let mut e = Entry::from_account(uri::parse(link).unwrap(), modified).unwrap();
    e.modified = modified;
    e
}

const A: &str = "otpauth://totp/Alpha:a@x?secret=JBSWY3DPEHPK3PXP&issuer=Alpha";
const B: &str = "otpauth://totp/Beta:b@x?secret=KUVJJOM753IHTNDSZVCNKL7GII&issuer=Beta";
const C: &str = "otpauth://totp/Gamma:c@x?secret=7ELGJSGXNCCTV3O6LKJWYFV2RA&issuer=Gamma";

/// A vault at `dir/vault.lockstep` holding `entries`.
fn vault_with(dir: &Path, entries: Vec<Entry>) -> Store {
    let store = Store::new(dir.join("vault.lockstep"));
    store.create(PW, CHEAP).unwrap();
    store
        .update(&pw(PW), |u| {
            for e in entries {
                u.vault.push(e);
            }
            Ok(())
        })
        .unwrap();
    store
}

fn names(v: &Vault) -> Vec<String> {
    let mut n: Vec<String> = v.entries.iter().map(|e| e.issuer.clone()).collect();
    n.sort();
    n
}

#[test]
fn a_backup_opens_with_the_password_and_recovery_key_of_its_time() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::new(dir.path().join("vault.lockstep"));
    let (mut unlocked, recovery) = store.create(PW, CHEAP).unwrap();
    unlocked.vault.push(entry(A, 10));
    let bytes = backup::backup(&mut unlocked).unwrap();
    // Change the vault's password afterwards: the backup still opens with the old one.
    unlocked.set_password("a new password", CHEAP).unwrap();
    let opened = backup::open_backup(&bytes, &pw(PW)).unwrap();
    assert_eq!(names(&opened.vault), ["Alpha"]);
    let by_recovery = backup::open_backup(&bytes, &Credential::Recovery(recovery)).unwrap();
    assert_eq!(by_recovery.vault, opened.vault);
    assert!(matches!(
        backup::open_backup(&bytes, &pw("a new password")),
        Err(Error::WrongPassword)
    ));
    // Written to a file, owner-only.
    let out = dir.path().join("manual.lockstep");
    backup::write_backup(&mut unlocked, &out).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&out).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
}

#[test]
fn replace_makes_the_vault_exactly_the_backup() {
    let dir = tempfile::tempdir().unwrap();
    let a = entry(A, 10);
    let store = vault_with(dir.path(), vec![a.clone(), entry(B, 10)]);
    let backup_vault = Vault {
        entries: vec![
            Entry {
                issuer: "Alpha renamed".into(),
                modified: 5,
                ..a
            },
            entry(C, 10),
        ],
        ..Vault::default()
    };
    let report = backup::restore(&store, &pw(PW), &backup_vault, RestoreMode::Replace, 10).unwrap();
    assert_eq!(report.updated.len(), 1);
    assert_eq!(
        report
            .added
            .iter()
            .map(|e| e.issuer.as_str())
            .collect::<Vec<_>>(),
        ["Gamma"]
    );
    assert_eq!(
        report
            .removed
            .iter()
            .map(|e| e.issuer.as_str())
            .collect::<Vec<_>>(),
        ["Beta"]
    );
    assert_eq!(
        names(&store.unlock(&pw(PW)).unwrap().vault),
        ["Alpha renamed", "Gamma"]
    );
    // The vault as it was is in the automatic backups.
    let list = backup::list_backups(&store).unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].reason, "restore");
    let before = backup::open_backup(&std::fs::read(&list[0].path).unwrap(), &pw(PW)).unwrap();
    assert_eq!(names(&before.vault), ["Alpha", "Beta"]);
}

#[test]
fn merge_adds_missing_accounts_and_keeps_the_newer_of_each_pair() {
    let dir = tempfile::tempdir().unwrap();
    let a = entry(A, 100);
    let b = entry(B, 300);
    let store = vault_with(dir.path(), vec![a.clone(), b.clone()]);
    let backup_vault = Vault {
        entries: vec![
            // Same id, newer in the backup: updated.
            Entry {
                note: "from backup".into(),
                modified: 200,
                ..a.clone()
            },
            // Same secret and issuer/account but another id, older in the backup: kept.
            Entry {
                id: uuid::Uuid::new_v4(),
                note: "stale".into(),
                modified: 50,
                ..b.clone()
            },
            // Missing from the vault: added.
            entry(C, 10),
        ],
        ..Vault::default()
    };
    let (planned, report) = backup::plan_restore(
        &store.unlock(&pw(PW)).unwrap().vault,
        &backup_vault,
        RestoreMode::Merge,
    );
    let done = backup::restore(&store, &pw(PW), &backup_vault, RestoreMode::Merge, 10).unwrap();
    assert_eq!(report, done, "the plan is what restore does");
    let issuers = |v: &[backup::EntryRef]| v.iter().map(|e| e.issuer.clone()).collect::<Vec<_>>();
    assert_eq!(
        (
            issuers(&done.added),
            issuers(&done.updated),
            issuers(&done.kept)
        ),
        (
            vec!["Gamma".into()],
            vec!["Alpha".into()],
            vec!["Beta".into()]
        )
    );
    assert!(done.removed.is_empty());
    let after = store.unlock(&pw(PW)).unwrap().vault;
    assert_eq!(names(&after), ["Alpha", "Beta", "Gamma"]);
    let find = |issuer: &str| {
        after
            .entries
            .iter()
            .find(|e| e.issuer == issuer)
            .unwrap()
            .clone()
    };
    assert_eq!(
        (find("Alpha").note.as_str(), find("Alpha").id),
        ("from backup", a.id)
    );
    assert_eq!((find("Beta").note.as_str(), find("Beta").id), ("", b.id));
    assert_eq!(names(&planned), names(&after));
}

#[test]
fn a_damaged_backup_or_wrong_password_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let store = vault_with(dir.path(), vec![entry(A, 10)]);
    let mut other = vault_with(&dir.path().join("other"), vec![entry(C, 10)])
        .unlock(&pw(PW))
        .unwrap();
    let good = backup::backup(&mut other).unwrap();
    let before = std::fs::read(store.path()).unwrap();

    let mut flipped = good.clone();
    let mid = flipped.len() / 2;
    flipped[mid] ^= 0x40;
    let cases: Vec<(Vec<u8>, &str, &str)> = vec![
        (flipped, PW, "corrupt_backup"),
        (good[..good.len() - 7].to_vec(), PW, "corrupt_backup"),
        (
            b"PK\x03\x04 not a backup at all".to_vec(),
            PW,
            "corrupt_backup",
        ),
        (Vec::new(), PW, "corrupt_backup"),
        (good.clone(), "wrong password", "wrong_password"),
    ];
    for (bytes, password, kind) in cases {
        for mode in [RestoreMode::Replace, RestoreMode::Merge] {
            let err =
                backup::restore_bytes(&store, &pw(PW), &bytes, &pw(password), mode, false, 10)
                    .unwrap_err();
            assert_eq!(err.kind(), kind, "{err}");
            assert_eq!(
                std::fs::read(store.path()).unwrap(),
                before,
                "the vault changed"
            );
        }
    }
    assert!(
        backup::list_backups(&store).unwrap().is_empty(),
        "no automatic backup for a restore that did not happen"
    );
    // A dry run reports but writes nothing either.
    let report = backup::restore_bytes(
        &store,
        &pw(PW),
        &good,
        &pw(PW),
        RestoreMode::Merge,
        true,
        10,
    )
    .unwrap();
    assert_eq!(report.added.len(), 1);
    assert_eq!(std::fs::read(store.path()).unwrap(), before);
    // And the real thing works.
    backup::restore_bytes(
        &store,
        &pw(PW),
        &good,
        &pw(PW),
        RestoreMode::Merge,
        false,
        10,
    )
    .unwrap();
    assert_eq!(
        names(&store.unlock(&pw(PW)).unwrap().vault),
        ["Alpha", "Gamma"]
    );
}

#[test]
fn automatic_backups_keep_the_newest_n_and_run_daily() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::new(dir.path().join("vault.lockstep"));
    assert_eq!(
        backup::auto_backup(&store, "import", 10).unwrap(),
        None,
        "no vault yet, nothing to copy"
    );
    let store = vault_with(dir.path(), vec![entry(A, 10)]);
    std::fs::create_dir_all(backup::backups_dir(&store)).unwrap();
    std::fs::write(backup::backups_dir(&store).join("my notes.txt"), b"keep me").unwrap();
    let mut made = Vec::new();
    for i in 0..13 {
        made.push(
            backup::auto_backup(&store, if i % 2 == 0 { "import" } else { "delete" }, 10)
                .unwrap()
                .unwrap(),
        );
    }
    let list = backup::list_backups(&store).unwrap();
    assert_eq!(list.len(), 10);
    assert_eq!(list[0].path, made[12], "newest first");
    assert_eq!(list[9].path, made[3]);
    assert!(!made[2].exists() && made[3].exists());
    assert!(
        backup::backups_dir(&store).join("my notes.txt").exists(),
        "rotation only touches its own files"
    );
    assert_eq!(
        std::fs::read(&list[0].path).unwrap(),
        std::fs::read(store.path()).unwrap()
    );
    assert!(list
        .iter()
        .all(|b| b.reason == "import" || b.reason == "delete"));

    let now = list[0].created;
    assert_eq!(
        backup::auto_backup_if_due(&store, now + 60, 10).unwrap(),
        None,
        "one was made a minute ago"
    );
    let daily = backup::auto_backup_if_due(&store, now + backup::DAILY + 1, 3)
        .unwrap()
        .unwrap();
    let list = backup::list_backups(&store).unwrap();
    assert_eq!(list.len(), 3);
    assert_eq!(list[0].path, daily);
    assert_eq!(list[0].reason, "daily");
}

#[test]
fn the_open_vault_opens_its_own_backups_without_a_password_and_restores_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let store = vault_with(dir.path(), vec![entry(A, 10), entry(B, 10)]);
    let mut open = store.unlock(&pw(PW)).unwrap();
    let own = backup::backup(&mut open).unwrap();
    // The password changes after the backup: the data key does not, so it still opens.
    open.set_password("a different passphrase", CHEAP).unwrap();
    let opened = backup::open_backup_for(&own, &open, None).unwrap();
    assert_eq!(names(&opened.vault), ["Alpha", "Beta"]);

    // Another vault's backup needs its password: none → wrong_password, nothing guessed.
    let mut other = vault_with(&dir.path().join("other"), vec![entry(C, 10)])
        .unlock(&pw(PW))
        .unwrap();
    let foreign = backup::backup(&mut other).unwrap();
    let err = backup::open_backup_for(&foreign, &open, None).unwrap_err();
    assert_eq!(err.kind(), "wrong_password");
    let err = backup::open_backup_for(&foreign, &open, Some(&pw("nope nope"))).unwrap_err();
    assert_eq!(err.kind(), "wrong_password");
    let foreign = backup::open_backup_for(&foreign, &open, Some(&pw(PW))).unwrap();
    // A flipped byte in our own backup is damage, not a password problem.
    let mut flipped = own.clone();
    let mid = flipped.len() / 2;
    flipped[mid] ^= 0x40;
    let err = backup::open_backup_for(&flipped, &open, None).unwrap_err();
    assert_eq!(err.kind(), "corrupt_backup");

    // Restore in place: an automatic backup first, then the vault is exactly the backup.
    let mut open = store.unlock(&pw(PW)).unwrap();
    let report =
        backup::restore_open(&store, &mut open, &foreign.vault, RestoreMode::Replace, 10).unwrap();
    assert_eq!((report.added.len(), report.removed.len()), (1, 2));
    assert_eq!(names(&open.vault), ["Gamma"]);
    assert_eq!(names(&store.unlock(&pw(PW)).unwrap().vault), ["Gamma"]);
    let auto = backup::list_backups(&store).unwrap();
    assert_eq!(auto.len(), 1);
    assert_eq!(auto[0].reason, "restore");
}

/// "Undo" of a delete: the entry comes back from the automatic backup taken just before the
/// delete, with its id, secret and place; only that entry, once, and only for a delete made in
/// this session. The code it makes is RFC 6238's for its secret (vector: SHA1, T = 59).
#[test]
fn a_delete_is_undone_from_the_backup_taken_before_it() {
    use lockstep_core::session::{Change, Options, Session};
    let dir = tempfile::tempdir().unwrap();
    let rfc = "otpauth://totp/RFC:t?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&digits=8&issuer=RFC";
    let store = vault_with(dir.path(), vec![entry(A, 10), entry(rfc, 10), entry(C, 10)]);
    let mut s = Session::open(store.clone(), Some(pw(PW)), Options::default()).unwrap();
    let before: Vec<_> = s.entries().iter().map(|e| e.id).collect();
    let id = before[1];
    let other = before[0];
    // An entry never deleted here has nothing to undo.
    assert!(matches!(s.undo_delete(id), Err(Error::NothingPending(_))));
    s.apply(Change::Delete(id)).unwrap();
    // Another change after the delete stays: only the deleted entry comes back.
    s.apply(Change::Delete(other)).unwrap();
    assert_eq!(s.entries().len(), 1);
    let back = s.undo_delete(id).unwrap();
    assert_eq!(back.added.len(), 1);
    assert_eq!(back.added[0].id, id);
    let ids: Vec<_> = s.entries().iter().map(|e| e.id).collect();
    assert_eq!(
        ids,
        [id, before[2]],
        "back in its place, the other delete kept"
    );
    assert_eq!(s.entry(id).unwrap().otp().code_at(59), "94287082");
    // Saved: a fresh session over the file sees it.
    let again = Session::open(store.clone(), Some(pw(PW)), Options::default()).unwrap();
    assert!(again.entry(id).is_ok());
    // Undone once: a second undo is refused and adds nothing.
    assert!(s.undo_delete(id).is_err());
    assert_eq!(s.entries().len(), 2);
    // The other one still undoes.
    s.undo_delete(other).unwrap();
    let ids: Vec<_> = s.entries().iter().map(|e| e.id).collect();
    assert_eq!(ids, before);
}
