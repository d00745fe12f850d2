//! Issue 15, members: one vault, a password each. Every member opens the vault with their own
//! password alone (checked from the file, by the Rust reader and by `tools/read_vault.py`, the
//! second reader written from docs/vault-format.md); removing a member makes a new data key, so
//! their password opens nothing written afterwards while the backup taken before still opens
//! with it; a password change replaces only that member's slot; refused changes write nothing.

mod common;

use std::fs;
use std::path::Path;

use lockstep_core::backup;
use lockstep_core::session::{self, Change, MemberView, Options, Session};
use lockstep_core::vault::{KdfParams, RecoveryKey, Store};
use lockstep_core::Credential;
use zeroize::Zeroizing;

use common::python;

const CHEAP: KdfParams = KdfParams::CHEAPEST;
const OWNER_PW: &str = "Owner-Harbour-Lamp-31";
const ANN_PW: &str = "Ann-Copper-Kettle-58";
const BOB_PW: &str = "Bob-Violet-Meadow-74";

fn pw(p: &str) -> Credential {
    Credential::Password(Zeroizing::new(p.to_owned()))
}

fn state_dir() {
    // Rollback records of these tests stay in a folder of their own.
    static DIR: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    let dir = DIR.get_or_init(|| tempfile::tempdir().unwrap());
    std::env::set_var("LOCKSTEP_STATE_DIR", dir.path());
}

/// A vault with one account, its owner and the members named, opened as the owner.
fn vault(dir: &Path, members: &[(&str, &str)]) -> (Store, RecoveryKey, Session) {
    state_dir();
    let store = Store::new(dir.join("vault.lockstep"));
    let recovery = session::create(&store, OWNER_PW, CHEAP).unwrap();
    let mut s = Session::open(store.clone(), Some(pw(OWNER_PW)), Options::default()).unwrap();
    let account = lockstep_core::uri::parse(
        "otpauth://totp/Portal:team%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=Portal",
    )
    .unwrap();
    s.apply(Change::Add(Box::new(account))).unwrap();
    for (name, password) in members {
        s.apply(Change::AddMember {
            name: (*name).into(),
            password: Zeroizing::new((*password).into()),
        })
        .unwrap();
    }
    (store, recovery, s)
}

fn issuers(store: &Store, credential: &Credential) -> Vec<String> {
    let u = store.unlock(credential).unwrap();
    u.vault.entries.iter().map(|e| e.issuer.clone()).collect()
}

/// The format version in a file's header (bytes 8..10, docs/vault-format.md "Layout").
fn version(path: &Path) -> u16 {
    u16::from_be_bytes(fs::read(path).unwrap()[8..10].try_into().unwrap())
}

/// The members of a vault with Ann and Bob, as Ann's session lists them: (name, has a date
/// added, is you).
const SEEN_BY_ANN: [(&str, bool, bool); 3] = [
    ("owner", false, false),
    ("Ann", true, true),
    ("Bob", true, false),
];

fn names(members: &[MemberView]) -> Vec<(&str, bool, bool)> {
    members
        .iter()
        .map(|m| (m.name.as_str(), m.added.is_some(), m.is_you))
        .collect()
}

#[test]
fn each_member_opens_alone_and_a_removed_member_opens_nothing_written_after() {
    let dir = tempfile::tempdir().unwrap();
    let (store, recovery, mut owner) = vault(dir.path(), &[("Ann", ANN_PW), ("  Bob ", BOB_PW)]);
    assert_eq!(
        names(&owner.members()),
        [
            ("owner", false, true),
            ("Ann", true, false),
            ("Bob", true, false)
        ]
    );

    // More than one password slot: version 3, which a Lockstep without members refuses as a
    // version it does not know instead of calling the file damaged.
    assert_eq!(version(store.path()), 3);
    // Each password alone opens the file, with the same entries; so does the recovery key.
    let portal = vec!["Portal".to_owned()];
    for p in [OWNER_PW, ANN_PW, BOB_PW] {
        assert_eq!(issuers(&store, &pw(p)), portal, "{p}");
        let v = python(store.path(), &["--password", p]).expect("the Python reader opens it");
        assert_eq!(v["entries"][0]["issuer"], "Portal");
    }
    let rk = || Credential::Recovery(RecoveryKey::parse(&recovery.to_display()).unwrap());
    assert_eq!(issuers(&store, &rk()), portal);
    // The names are in the encrypted payload, as the spec says (read by the second reader).
    let v = python(store.path(), &["--password", BOB_PW]).unwrap();
    let listed: Vec<&str> = v["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["name"].as_str().unwrap())
        .collect();
    assert_eq!(listed, ["Ann", "Bob"]);
    assert!(!fs::read(store.path())
        .unwrap()
        .windows(3)
        .any(|w| w == b"Ann"));

    // Ann opens her own session and sees herself.
    let ann = Session::open(store.clone(), Some(pw(ANN_PW)), Options::default()).unwrap();
    assert_eq!(names(&ann.members()), SEEN_BY_ANN);
    drop(ann);

    let before = dir.path().join("before-removal.lockstep");
    fs::copy(store.path(), &before).unwrap();
    let old_key = python(&before, &["--password", ANN_PW, "--show-keys"]).unwrap()["data_key"]
        .as_str()
        .unwrap()
        .to_owned();

    let applied = owner
        .apply(Change::RemoveMember { name: "ANN".into() })
        .unwrap();
    let backup_path = applied
        .backup
        .expect("removing a member takes a backup first");
    assert_eq!(
        backup::list_backups(&store).unwrap()[0].reason,
        "memberremove"
    );
    assert_eq!(
        names(&owner.members()),
        [("owner", false, true), ("Bob", true, false)]
    );

    // The removed password opens nothing written after the removal, by either reader, and the
    // data key it gave before does not open the new file either.
    let err = store.unlock(&pw(ANN_PW)).unwrap_err();
    assert_eq!(err.kind(), "wrong_password", "{err}");
    let err = python(store.path(), &["--password", ANN_PW]).unwrap_err();
    assert!(err.contains("wrong_password"), "{err}");
    let err = python(store.path(), &["--data-key", &old_key]).unwrap_err();
    assert!(err.contains("corrupt_vault"), "{err}");
    // What was written before still opens with it: the copy and the automatic backup.
    assert_eq!(issuers(&Store::new(&before), &pw(ANN_PW)), portal);
    let bytes = fs::read(&backup_path).unwrap();
    assert_eq!(
        backup::open_backup(&bytes, &pw(ANN_PW))
            .unwrap()
            .vault
            .entries
            .len(),
        1
    );
    // Everyone else still opens the new file.
    for c in [pw(OWNER_PW), pw(BOB_PW), rk()] {
        assert_eq!(issuers(&store, &c), portal);
    }
    let v = python(store.path(), &["--password", BOB_PW]).unwrap();
    assert_eq!(v["members"].as_array().unwrap().len(), 1);
}

/// `passwd` in session `s`: `old` then fails on the file, and each of `open` opens it (by both
/// readers).
fn change_password(s: &mut Session, old: &str, new: &str, open: &[&str]) {
    s.apply(Change::SetPassword {
        password: Zeroizing::new(new.into()),
        kdf: CHEAP,
    })
    .unwrap();
    let store = s.store().clone();
    assert_eq!(store.unlock(&pw(old)).unwrap_err().kind(), "wrong_password");
    for p in open {
        store.unlock(&pw(p)).unwrap();
        python(store.path(), &["--password", p]).unwrap();
    }
}

#[test]
fn a_password_change_replaces_only_that_members_slot() {
    let dir = tempfile::tempdir().unwrap();
    let (store, recovery, owner) = vault(dir.path(), &[("Ann", ANN_PW), ("Bob", BOB_PW)]);
    drop(owner);
    let new_ann = "Ann-Silver-Lighthouse-92";
    let mut ann = Session::open(store.clone(), Some(pw(ANN_PW)), Options::default()).unwrap();
    change_password(&mut ann, ANN_PW, new_ann, &[new_ann, OWNER_PW, BOB_PW]);
    // Her name follows her new slot, and she is still "you".
    assert_eq!(names(&ann.members()), SEEN_BY_ANN);
    drop(ann);

    // Opened with the recovery key, a new password is the owner's; the members keep theirs.
    let rk = Credential::Recovery(RecoveryKey::parse(&recovery.to_display()).unwrap());
    let mut s = Session::open(store.clone(), Some(rk), Options::default()).unwrap();
    let new_owner = "Owner-Granite-Compass-17";
    change_password(&mut s, OWNER_PW, new_owner, &[new_owner, new_ann, BOB_PW]);
    assert_eq!(
        names(&s.members()),
        [
            ("owner", false, false),
            ("Ann", true, false),
            ("Bob", true, false)
        ]
    );
}

#[test]
fn refused_member_changes_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (store, recovery, mut owner) = vault(dir.path(), &[("Ann", ANN_PW)]);
    let file = fs::read(store.path()).unwrap();
    let backups = backup::list_backups(&store).unwrap().len();
    let add = |name: &str, password: &str| Change::AddMember {
        name: name.into(),
        password: Zeroizing::new(password.into()),
    };
    let cases = [
        (add("", BOB_PW), "bad_member_name"),
        (add("   ", BOB_PW), "bad_member_name"),
        (add(&"x".repeat(65), BOB_PW), "bad_member_name"),
        (add("tab\there", BOB_PW), "bad_member_name"),
        (add(" aNN ", BOB_PW), "member_exists"),
        (add("Owner", BOB_PW), "member_exists"),
        (add("Bob", "password"), "weak_password"),
        (
            Change::RemoveMember {
                name: "Carol".into(),
            },
            "no_such_member",
        ),
        (
            Change::RemoveMember {
                name: "owner".into(),
            },
            "member_removal_refused",
        ),
    ];
    for (change, kind) in cases {
        let what = format!("{change:?}");
        let err = owner.apply(change).unwrap_err();
        assert_eq!(err.kind(), kind, "{what}: {err}");
        assert_eq!(
            fs::read(store.path()).unwrap(),
            file,
            "{what} wrote the file"
        );
    }
    assert_eq!(
        owner
            .apply(add(&"é".repeat(64), BOB_PW))
            .map(|_| ())
            .map_err(|e| e.kind()),
        Ok(()),
        "64 characters is the limit, not over it"
    );
    let file = fs::read(store.path()).unwrap();
    let backups = backups + 1;
    assert_eq!(backup::list_backups(&store).unwrap().len(), backups);

    // The last password slot cannot go, even for the recovery key.
    let rk = Credential::Recovery(RecoveryKey::parse(&recovery.to_display()).unwrap());
    let mut s = Session::open(store.clone(), Some(rk), Options::default()).unwrap();
    s.apply(Change::RemoveMember { name: "ann".into() })
        .unwrap();
    s.apply(Change::RemoveMember {
        name: "é".repeat(64),
    })
    .unwrap();
    let file_after = fs::read(store.path()).unwrap();
    assert_ne!(file_after, file);
    let err = s
        .apply(Change::RemoveMember {
            name: "owner".into(),
        })
        .unwrap_err();
    assert_eq!(err.kind(), "member_removal_refused", "{err}");
    assert_eq!(fs::read(store.path()).unwrap(), file_after);
    assert_eq!(names(&s.members()), [("owner", false, false)]);
    assert_eq!(
        version(store.path()),
        2,
        "one password slot again: version 2"
    );
}

#[test]
fn a_wrong_password_fails_against_every_member() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _, _) = vault(dir.path(), &[("Ann", ANN_PW), ("Bob", BOB_PW)]);
    let err = store.unlock(&pw("Nobody-Knows-This-1")).unwrap_err();
    assert_eq!(err.kind(), "wrong_password", "{err}");
    let err = Session::open(store.clone(), Some(pw("nope")), Options::default()).unwrap_err();
    assert_eq!(err.kind(), "wrong_password", "{err}");
}

/// The version names the slot count: version 2 with two password slots, or version 3 with one,
/// is refused as damaged (step 9 of "Reading a vault") by both readers, even with its checksum
/// made right.
#[test]
fn the_version_and_the_number_of_password_slots_must_agree() {
    use sha2::{Digest, Sha256};
    let dir = tempfile::tempdir().unwrap();
    let relabel = |from: &Path, version: u8, name: &str| {
        let mut bytes = fs::read(from).unwrap();
        bytes[9] = version;
        let body = bytes.len() - 32;
        let sum = Sha256::digest(&bytes[..body]);
        bytes[body..].copy_from_slice(&sum);
        let out = dir.path().join(name);
        fs::write(&out, bytes).unwrap();
        out
    };
    let one = tempfile::tempdir().unwrap();
    let (alone, _, _) = vault(one.path(), &[]);
    assert_eq!(version(alone.path()), 2);
    let two = tempfile::tempdir().unwrap();
    let (with_ann, _, _) = vault(two.path(), &[("Ann", ANN_PW)]);
    assert_eq!(version(with_ann.path()), 3);
    for file in [
        relabel(alone.path(), 3, "one-slot-as-v3.lockstep"),
        relabel(with_ann.path(), 2, "two-slots-as-v2.lockstep"),
    ] {
        let err = Store::new(&file).unlock(&pw(OWNER_PW)).unwrap_err();
        assert_eq!(err.kind(), "corrupt_vault", "{}: {err}", file.display());
        let err = python(&file, &["--password", OWNER_PW]).unwrap_err();
        assert!(err.contains("corrupt_vault"), "{}: {err}", file.display());
    }
}
