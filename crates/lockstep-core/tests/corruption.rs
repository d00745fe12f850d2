//! Exhaustive damage to a small vault: every single-byte change, every byte flipped behind a
//! recomputed checksum, every truncation and appended bytes are refused with the expected error
//! kind, and a refused open through `Store::update` leaves the file exactly as it was.
//! Offsets are those of docs/vault-format.md, "Layout".

use std::fs;
use std::path::{Path, PathBuf};

use lockstep_core::vault::{Envelope, KdfParams, RecoveryKey, Store};
use lockstep_core::{Credential, Entry, Error};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

const PASSWORD: &str = "correct horse battery staple";
const CHEAP: KdfParams = KdfParams::CHEAPEST;

/// A one-entry vault with a password slot and a recovery slot, in a temp dir.
struct Fixture {
    _dir: tempfile::TempDir,
    store: Store,
    bytes: Vec<u8>,
    recovery: RecoveryKey,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::new(dir.path().join("vault.lockstep"));
    let (_, recovery) = store.create(PASSWORD, CHEAP).expect("create");
    store
        .update(&password(), |u| {
            let account = lockstep_core::uri::parse(
                "otpauth://totp/Example:alice@example.com?secret=JBSWY3DPEHPK3PXP&issuer=Example",
            )?;
            u.vault.push(Entry::from_account(account, 1_700_000_000)?);
            Ok(())
        })
        .expect("add an entry");
    let bytes = fs::read(store.path()).expect("read");
    Fixture {
        _dir: dir,
        store,
        bytes,
        recovery,
    }
}

fn password() -> Credential {
    Credential::Password(Zeroizing::new(PASSWORD.to_owned()))
}

/// The fields of a file with a password slot then a recovery slot (docs/vault-format.md).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Field {
    Magic,
    Version,
    VaultId,
    /// Format 2: the data key's id (in every wrapped data key's AAD and the payload's).
    KeyId,
    SlotCount,
    /// Slot `n`'s type byte or params length: structure.
    SlotFraming(usize),
    /// Slot `n`'s id, params (salt, KDF cost), public key, secret nonce or wrapped secret: what
    /// the credential's slot key opens.
    SlotBody(usize),
    /// Slot `n`'s ephemeral key, key nonce or wrapped data key: what the slot secret opens.
    SlotDataKey(usize),
    PayloadNonce,
    PayloadLength,
    Ciphertext,
    Checksum,
}

fn field_at(bytes: &[u8], offset: usize) -> Field {
    let ct_len = u32::from_be_bytes(bytes[505..509].try_into().expect("4 bytes")) as usize;
    assert_eq!(bytes.len(), 509 + ct_len + 32, "layout of the fixture");
    match offset {
        0..8 => Field::Magic,
        8..10 => Field::Version,
        10..26 => Field::VaultId,
        26..42 => Field::KeyId,
        42 => Field::SlotCount,
        // Password slot (231 bytes): type 43, id 44..60, params len 60..62, params 62..90 (salt,
        // m, t, p), public key 90..122, secret nonce 122..134, wrapped secret 134..182,
        // ephemeral key 182..214, key nonce 214..226, wrapped data key 226..274.
        43 | 60 | 61 => Field::SlotFraming(0),
        44..182 => Field::SlotBody(0),
        182..274 => Field::SlotDataKey(0),
        // Recovery slot (219 bytes): type 274, id 275..291, params len 291..293, salt 293..309,
        // public key 309..341, secret nonce 341..353, wrapped secret 353..401, ephemeral key
        // 401..433, key nonce 433..445, wrapped data key 445..493.
        274 | 291 | 292 => Field::SlotFraming(1),
        275..401 => Field::SlotBody(1),
        401..493 => Field::SlotDataKey(1),
        493..505 => Field::PayloadNonce,
        505..509 => Field::PayloadLength,
        o if o < bytes.len() - 32 => Field::Ciphertext,
        _ => Field::Checksum,
    }
}

fn resum(mut bytes: Vec<u8>) -> Vec<u8> {
    let n = bytes.len() - 32;
    let sum = Sha256::digest(&bytes[..n]);
    bytes[n..].copy_from_slice(&sum);
    bytes
}

/// Writes `bytes` as the vault, tries a read-modify-write that would add an entry, and checks
/// the file is byte for byte what was written and no temp file is left. Returns the error.
fn update_fails_without_writing(store: &Store, bytes: &[u8], credential: &Credential) -> Error {
    fs::write(store.path(), bytes).expect("write the damaged file");
    let err = store
        .update(credential, |u| {
            u.vault.entries.clear();
            Ok(())
        })
        .expect_err("a damaged vault must not open");
    assert_eq!(
        fs::read(store.path()).expect("read back"),
        bytes,
        "a failed open changed the file ({err})"
    );
    err
}

fn leftovers(dir: &Path) -> Vec<PathBuf> {
    fs::read_dir(dir)
        .expect("list dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| {
            let n = p.file_name().map(|n| n.to_string_lossy().into_owned());
            !matches!(n.as_deref(), Some("vault.lockstep" | "vault.lockstep.lock"))
        })
        .collect()
}

/// (a) Every offset, every one of the 255 other values: refused; the checksum (or the magic and
/// version, read first) catches it before any key derivation.
#[test]
fn every_single_byte_change_is_rejected() {
    let f = fixture();
    let path = Path::new("vault.lockstep");
    for offset in 0..f.bytes.len() {
        let expected = match field_at(&f.bytes, offset) {
            Field::Magic => "not_a_vault",
            Field::Version => "unsupported_version",
            _ => "corrupt_vault",
        };
        let mut damaged = f.bytes.clone();
        for delta in 1..=255u8 {
            damaged[offset] = f.bytes[offset].wrapping_add(delta);
            let err = Envelope::parse(&damaged, path).expect_err("a changed byte must be caught");
            // Versions 1 and 3 are also read: the checksum catches a file relabelled as either.
            let expected = if matches!(u16::from_be_bytes([damaged[8], damaged[9]]), 1 | 3) {
                "corrupt_vault"
            } else {
                expected
            };
            assert_eq!(err.kind(), expected, "offset {offset} +{delta}: {err}");
            if expected == "corrupt_vault" {
                assert!(
                    err.to_string().contains("checksum"),
                    "offset {offset}: {err}"
                );
            }
        }
        // Through the store, once per offset: refused, and nothing on disk changes.
        damaged[offset] = !f.bytes[offset];
        let err = update_fails_without_writing(&f.store, &damaged, &password());
        assert_eq!(err.kind(), expected, "offset {offset} via Store: {err}");
    }
    assert_eq!(
        leftovers(f.store.path().parent().expect("dir")),
        Vec::<PathBuf>::new()
    );
}

/// (b) Each byte flipped and the checksum recomputed, as a bug or an attacker would: the
/// version check, the bounds and AES-GCM still refuse it, with both credentials.
#[test]
fn every_byte_flipped_behind_a_valid_checksum_is_rejected() {
    let f = fixture();
    let recovery = Credential::Recovery(f.recovery.clone());
    let body_len = f.bytes.len() - 32;
    for offset in 0..body_len {
        let field = field_at(&f.bytes, offset);
        let mut damaged = f.bytes.clone();
        damaged[offset] = !damaged[offset];
        let damaged = resum(damaged);
        for (credential, own_slot, wrong_key) in [
            (&password(), 0, "wrong_password"),
            (&recovery, 1, "wrong_recovery_key"),
        ] {
            let err = update_fails_without_writing(&f.store, &damaged, credential);
            let kind = err.kind();
            let ok = match field {
                Field::Magic => kind == "not_a_vault",
                Field::Version => kind == "unsupported_version",
                // The vault id is in every slot's AAD: the slot no longer unwraps.
                Field::VaultId => kind == wrong_key,
                // The key id is in the wrapped data key's AAD: the slot secret opens, the data
                // key does not.
                Field::KeyId => kind == "corrupt_vault" && err.to_string().contains("key slot"),
                // A wrong count or framing shifts every later field: some structural check fires.
                Field::SlotCount | Field::SlotFraming(_) => matches!(
                    kind,
                    "corrupt_vault" | "unsupported_slot" | "kdf_params_out_of_bounds"
                ),
                // The credential's own slot: its key or AAD changed (or the KDF cost left the
                // bounds: the salt/m/t/p bytes sit at offsets 46..74).
                Field::SlotBody(n) if n == own_slot => {
                    kind == wrong_key || (n == 0 && kind == "kdf_params_out_of_bounds")
                }
                // The credential's own slot, past its secret: the data key does not unwrap.
                Field::SlotDataKey(n) if n == own_slot => {
                    kind == "corrupt_vault" && err.to_string().contains("key slot")
                }
                // Another slot: it is in the payload's AAD, so the payload no longer opens
                // (or its KDF cost is now out of bounds, checked on parse).
                Field::SlotBody(_) | Field::SlotDataKey(_) => {
                    (kind == "corrupt_vault"
                        && err.to_string().contains("payload does not authenticate"))
                        || kind == "kdf_params_out_of_bounds"
                }
                Field::PayloadNonce | Field::Ciphertext => {
                    kind == "corrupt_vault"
                        && err.to_string().contains("payload does not authenticate")
                }
                Field::PayloadLength => kind == "corrupt_vault",
                Field::Checksum => unreachable!("only the body is flipped"),
            };
            assert!(ok, "offset {offset} ({field:?}) flipped: got {kind}: {err}");
        }
    }
    assert_eq!(
        leftovers(f.store.path().parent().expect("dir")),
        Vec::<PathBuf>::new()
    );
}

/// (c) Every truncation and appended bytes (with and without a recomputed checksum): refused as a
/// damaged file, never as "not a vault" or a wrong password.
#[test]
fn every_truncation_and_appended_bytes_are_rejected() {
    let f = fixture();
    for len in 0..f.bytes.len() {
        let err = update_fails_without_writing(&f.store, &f.bytes[..len], &password());
        assert_eq!(err.kind(), "corrupt_vault", "truncated to {len}: {err}");
        // The same cut with a checksum recomputed over what is left (long enough to hold one).
        if len >= 10 + 32 {
            let mut resummed = f.bytes[..len].to_vec();
            let sum = Sha256::digest(&resummed[..len - 32]);
            resummed[len - 32..].copy_from_slice(&sum);
            let err = update_fails_without_writing(&f.store, &resummed, &password());
            assert_eq!(
                err.kind(),
                "corrupt_vault",
                "truncated+resummed to {len}: {err}"
            );
        }
    }
    for extra in [&b"\0"[..], b"\n", &[0xff; 32], &[0u8; 4096]] {
        let mut longer = f.bytes.clone();
        longer.extend_from_slice(extra);
        let err = update_fails_without_writing(&f.store, &longer, &password());
        assert_eq!(
            err.kind(),
            "corrupt_vault",
            "{} bytes appended: {err}",
            extra.len()
        );
        assert!(err.to_string().contains("checksum"), "{err}");
        let err =
            update_fails_without_writing(&f.store, &resum_appended(&f.bytes, extra), &password());
        assert_eq!(
            err.kind(),
            "corrupt_vault",
            "{} bytes appended, resummed",
            extra.len()
        );
        assert!(err.to_string().contains("extra bytes"), "{err}");
    }
    assert_eq!(
        leftovers(f.store.path().parent().expect("dir")),
        Vec::<PathBuf>::new()
    );
}

/// The original file followed by `extra` and a checksum over both.
fn resum_appended(original: &[u8], extra: &[u8]) -> Vec<u8> {
    let mut body = original[..original.len() - 32].to_vec();
    body.extend_from_slice(extra);
    let sum = Sha256::digest(&body);
    body.extend_from_slice(&sum);
    body
}

/// The fixture itself opens with both credentials, so the refusals above are about the damage.
#[test]
fn the_undamaged_fixture_opens() {
    let f = fixture();
    for credential in [password(), Credential::Recovery(f.recovery.clone())] {
        let u = f.store.unlock(&credential).expect("opens");
        assert_eq!(u.vault.entries.len(), 1);
        assert_eq!(u.vault.entries[0].issuer, "Example");
    }
}
