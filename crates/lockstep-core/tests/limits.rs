//! Issue 13, findings 3 and 4 (vault part). Lockstep never writes what no reader accepts: a save
//! whose payload would pass the 64 MiB read cap is refused and nothing is written; entry fields
//! are capped where entries come in. A vault or backup asking for more Argon2 work than Lockstep
//! itself writes is refused on parse, before any key derivation. The limits are the numbers of
//! docs/vault-format.md, written out here rather than taken from the code under test.

use std::fs;
use std::path::Path;

use lockstep_core::backup;
use lockstep_core::vault::{Envelope, KdfParams, Store};
use lockstep_core::{uri, Credential, Entry};
use proptest::prelude::*;
use sha2::{Digest, Sha256};
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

fn account(issuer: &str, name: &str) -> lockstep_core::Account {
    let mut a = uri::parse("otpauth://totp/X:y?secret=JBSWY3DPEHPK3PXP").unwrap();
    a.issuer = issuer.to_owned();
    a.account = name.to_owned();
    a
}

/// A save whose sealed payload would exceed 67,108,864 bytes fails with `vault_too_large` and
/// leaves the file byte for byte as it was, with no temp file.
#[test]
fn a_save_over_the_read_cap_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::new(dir.path().join("vault.lockstep"));
    store.create(PW, CHEAP).unwrap();
    let before = fs::read(store.path()).unwrap();
    let err = store
        .update(&pw(), |u| {
            let e = Entry::from_account(account("Big", "notes"), 1)?;
            // 17,000 entries with a 4,096-character note: each within the limits, ~70 MB in all.
            for _ in 0..17_000 {
                u.vault.push(Entry {
                    note: "n".repeat(4096),
                    ..e.clone()
                });
            }
            Ok(())
        })
        .unwrap_err();
    assert_eq!(err.kind(), "vault_too_large", "{err}");
    assert!(err.to_string().contains("67108864"), "{err}");
    assert_eq!(fs::read(store.path()).unwrap(), before);
    let names: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}"); // the vault and its lock file
}

fn field_error(issuer_len: usize, account_len: usize) -> Option<&'static str> {
    Entry::from_account(
        account(&"é".repeat(issuer_len), &"a".repeat(account_len)),
        1,
    )
    .err()
    .map(|e| e.kind())
}

proptest! {
    /// Issuer and account names: at most 256 characters each (counted as characters, so a
    /// two-byte "é" counts once), refused above with `field_too_long`.
    #[test]
    fn names_are_capped_at_256_characters(issuer in 0usize..400, account in 0usize..400) {
        let expected = (issuer > 256 || account > 256).then_some("field_too_long");
        prop_assert_eq!(field_error(issuer, account), expected);
    }

    /// Notes (4,096 characters), tags (32 of at most 64 characters) and icons (65,536 bytes):
    /// a vault holding one over the limit is not saved.
    #[test]
    fn notes_tags_and_icons_are_capped_on_save(
        note in 4000usize..4200, tags in 0usize..40, tag_len in 50usize..80, icon in 65_000usize..66_000
    ) {
        let mut u = lockstep_core::Unlocked::create(PW, CHEAP).unwrap().0;
        let e = Entry::from_account(account("I", "a"), 1).unwrap();
        u.vault.push(Entry {
            note: "ü".repeat(note),
            tags: vec!["t".repeat(tag_len); tags],
            icon: Some("x".repeat(icon)),
            ..e
        });
        let over = note > 4096 || tags > 32 || (tags > 0 && tag_len > 64) || icon > 65_536;
        let result = backup::backup(&mut u);
        prop_assert_eq!(result.is_err(), over);
        if let Err(err) = result {
            prop_assert_eq!(err.kind(), "field_too_long");
        }
    }
}

fn resum(mut bytes: Vec<u8>) -> Vec<u8> {
    let n = bytes.len() - 32;
    let sum = Sha256::digest(&bytes[..n]);
    bytes[n..].copy_from_slice(&sum);
    bytes
}

/// A vault or backup whose password slot asks for more than Lockstep writes (memory above
/// 256 MiB, more than 10 passes or 8 lanes) is refused while parsing, with no credential and so
/// before any Argon2 run, as a vault and as a backup; the largest Lockstep writes still opens.
#[test]
fn kdf_parameters_above_what_lockstep_writes_are_refused_before_argon2() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::new(dir.path().join("vault.lockstep"));
    store.create(PW, CHEAP).unwrap();
    let good = fs::read(store.path()).unwrap();
    // Format 2: the password slot's m, t, p are at 78, 82 and 86 (docs/vault-format.md).
    assert_eq!(&good[78..90], &[0, 0, 0x20, 0, 0, 0, 0, 1, 0, 0, 0, 1]);
    for (at, value) in [
        (78, 262_145u32),
        (78, 1 << 20),
        (82, 11),
        (82, 64),
        (86, 9),
        (86, 16),
    ] {
        let mut bad = good.clone();
        bad[at..at + 4].copy_from_slice(&value.to_be_bytes());
        let bad = resum(bad);
        let err = Envelope::parse(&bad, Path::new("v")).unwrap_err();
        assert_eq!(
            err.kind(),
            "kdf_params_out_of_bounds",
            "{at} = {value}: {err}"
        );
        let err = backup::open_backup(&bad, &pw()).unwrap_err();
        assert_eq!(
            err.kind(),
            "kdf_params_out_of_bounds",
            "{at} = {value}: {err}"
        );
    }
    // The bounds themselves parse (the payload no longer authenticates, which is later).
    for (at, value) in [(78, 262_144u32), (82, 10), (86, 8)] {
        let mut edge = good.clone();
        edge[at..at + 4].copy_from_slice(&value.to_be_bytes());
        Envelope::parse(&resum(edge), Path::new("v")).unwrap();
    }
    // And Lockstep writes no more than it reads.
    for kdf in [
        KdfParams {
            m_kib: 262_145,
            t: 1,
            p: 1,
        },
        KdfParams {
            m_kib: 8192,
            t: 11,
            p: 1,
        },
        KdfParams {
            m_kib: 8192,
            t: 1,
            p: 9,
        },
    ] {
        let err = lockstep_core::Unlocked::create(PW, kdf).unwrap_err();
        assert_eq!(err.kind(), "kdf_params_out_of_bounds", "{kdf:?}");
    }
}
