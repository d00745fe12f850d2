//! Issue 13, findings 8 and 10: the vault's files on disk. A vault path that is a symbolic link
//! (into a synced folder, say) stays a link: saves replace the file it points to, atomically,
//! with the temp file and the lock beside that file. The lock file is owner-only. A backups folder
//! that is not private to the user is refused, by name, before anything is written to it.
#![cfg(unix)]

use std::fs;
use std::os::unix::fs::{symlink, MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

use lockstep_core::backup;
use lockstep_core::vault::{KdfParams, Store};
use lockstep_core::{uri, Credential, Entry};
use zeroize::Zeroizing;

const CHEAP: KdfParams = KdfParams {
    m_kib: 8192,
    t: 1,
    p: 1,
};
const PW: &str = "correct horse";

fn pw() -> Credential {
    Credential::Password(Zeroizing::new(PW.to_owned()))
}

fn add_one(store: &Store, issuer: &str) {
    store
        .update(&pw(), |u| {
            let link = format!("otpauth://totp/{issuer}:me?secret=JBSWY3DPEHPK3PXP");
            u.vault.push(Entry::from_account(uri::parse(&link)?, 1)?);
            Ok(())
        })
        .unwrap();
}

fn names(dir: &Path) -> Vec<String> {
    let mut n: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    n.sort();
    n
}

/// A vault reached through `home/vault.lockstep -> <link target>`, for a relative and an
/// absolute link, made before and after `init`.
#[test]
fn a_symlinked_vault_stays_a_link_and_its_target_is_replaced() {
    for (relative, before_init) in [(true, false), (false, false), (true, true)] {
        let root = tempfile::tempdir().unwrap();
        let synced = root.path().join("synced");
        let home = root.path().join("home");
        fs::create_dir_all(&synced).unwrap();
        fs::create_dir_all(&home).unwrap();
        let target = synced.join("vault.lockstep");
        let link = home.join("vault.lockstep");
        let link_to: PathBuf = if relative {
            Path::new("../synced/vault.lockstep").into()
        } else {
            target.clone()
        };
        if !before_init {
            Store::new(&target).create(PW, CHEAP).unwrap();
        }
        symlink(&link_to, &link).unwrap();
        let store = Store::new(&link);
        if before_init {
            store.create(PW, CHEAP).unwrap();
        }
        assert_eq!(
            store.target().unwrap().canonicalize().unwrap(),
            target.canonicalize().unwrap()
        );
        let ino_before = fs::metadata(&target).unwrap().ino();
        add_one(&store, "Alpha");
        // The target was replaced by rename (a new inode; compared after one save, since a later
        // temp file may reuse the freed one).
        assert_ne!(fs::metadata(&target).unwrap().ino(), ino_before);
        add_one(&store, "Beta");

        let meta = fs::symlink_metadata(&link).unwrap();
        assert!(
            meta.file_type().is_symlink(),
            "the link was replaced by a file"
        );
        assert_eq!(fs::read_link(&link).unwrap(), link_to);
        let through_target = Store::new(&target).unlock(&pw()).unwrap();
        assert_eq!(through_target.vault.entries.len(), 2);
        assert_eq!(fs::metadata(&target).unwrap().mode() & 0o777, 0o600);
        // No temp file anywhere; the lock lives beside the target, not beside the link.
        assert_eq!(names(&home), ["vault.lockstep"]);
        assert_eq!(names(&synced), ["vault.lockstep", "vault.lockstep.lock"]);
    }
}

/// The lock file is created owner-only, and one left 0644 by an earlier version is made so.
#[test]
fn the_lock_file_is_owner_only() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::new(dir.path().join("vault.lockstep"));
    store.create(PW, CHEAP).unwrap();
    let lock = dir.path().join("vault.lockstep.lock");
    assert_eq!(fs::metadata(&lock).unwrap().mode() & 0o777, 0o600);
    fs::set_permissions(&lock, fs::Permissions::from_mode(0o644)).unwrap();
    drop(store.lock().unwrap());
    assert_eq!(fs::metadata(&lock).unwrap().mode() & 0o777, 0o600);
}

/// A backups folder writable by others (or, when the tests run as root, owned by another user)
/// is refused with its name, and nothing is written into it.
#[test]
fn a_backups_folder_not_private_to_the_user_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::new(dir.path().join("vault.lockstep"));
    store.create(PW, CHEAP).unwrap();
    let backups = backup::backups_dir(&store);
    fs::create_dir(&backups).unwrap();
    for mode in [0o777, 0o775, 0o757] {
        fs::set_permissions(&backups, fs::Permissions::from_mode(mode)).unwrap();
        let err = backup::auto_backup(&store, "test", 10).unwrap_err();
        assert_eq!(err.kind(), "unsafe_backups_dir", "{mode:o}: {err}");
        let msg = err.to_string();
        assert!(msg.contains(&backups.display().to_string()), "{msg}");
        assert!(msg.contains("write"), "{msg}");
        assert!(names(&backups).is_empty());
        assert_eq!(
            backup::list_backups(&store).unwrap_err().kind(),
            "unsafe_backups_dir"
        );
    }
    fs::set_permissions(&backups, fs::Permissions::from_mode(0o700)).unwrap();
    backup::auto_backup(&store, "test", 10).unwrap().unwrap();
    assert_eq!(names(&backups).len(), 1);
    // Another user's folder, when we may give it away (root in CI containers).
    if fs::metadata(dir.path()).unwrap().uid() == 0 {
        std::os::unix::fs::chown(&backups, Some(65534), None).unwrap();
        let err = backup::auto_backup(&store, "test", 10).unwrap_err();
        assert_eq!(err.kind(), "unsafe_backups_dir");
        assert!(err.to_string().contains("another user"), "{err}");
    }
}
