//! The vault's cryptography: the data key, the one AES-256-GCM helper (with a purpose string in
//! the AAD), Argon2id for passwords, HKDF for recovery keys, and the recovery key's text form.
//! Formulas are in docs/vault-format.md; this module does no file layout.

use std::fmt;

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use data_encoding::BASE32_NOPAD;
use hkdf::Hkdf;
use sha2::Sha256;
use zeroize::{Zeroize, Zeroizing};

use crate::error::{Damage, Error, Result};

/// AES-256 key length.
pub const KEY_LEN: usize = 32;
/// GCM nonce length.
pub const NONCE_LEN: usize = 12;
/// GCM tag length.
pub const TAG_LEN: usize = 16;
/// Salt length for both KDFs.
pub const SALT_LEN: usize = 16;
/// Recovery key length in bytes (160 bits).
pub const RECOVERY_KEY_LEN: usize = 20;

/// A 256-bit key (data key or slot key). Zeroized on drop, never printed.
#[derive(Clone, PartialEq, Eq)]
pub struct Key(Zeroizing<[u8; KEY_LEN]>);

impl Key {
    /// A fresh random key.
    pub fn random() -> Result<Self> {
        let mut k = Zeroizing::new([0u8; KEY_LEN]);
        getrandom::getrandom(k.as_mut()).map_err(|_| Error::Random)?;
        Ok(Key(k))
    }

    /// Wraps existing bytes.
    pub fn from_bytes(bytes: [u8; KEY_LEN]) -> Self {
        Key(Zeroizing::new(bytes))
    }

    /// The raw key.
    pub fn expose(&self) -> &[u8; KEY_LEN] {
        &self.0
    }
}

impl fmt::Debug for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Key([redacted])")
    }
}

/// Random bytes from the OS.
pub fn random<const N: usize>() -> Result<[u8; N]> {
    let mut b = [0u8; N];
    getrandom::getrandom(&mut b).map_err(|_| Error::Random)?;
    Ok(b)
}

/// What a ciphertext is for; its label goes first in the AAD so one kind can never pass as another.
#[derive(Clone, Copy, Debug)]
pub enum Purpose {
    /// A slot's wrapped data key.
    Slot,
    /// The vault payload.
    Payload,
    /// Format 2: a slot's wrapped X25519 secret (under the credential's slot key).
    SlotSecret,
    /// Format 2: the data key wrapped to a slot's X25519 public key.
    DataKey,
    /// Format 2: the vault payload.
    PayloadV2,
}

impl Purpose {
    /// The domain-separation label.
    pub fn label(self) -> &'static [u8] {
        match self {
            Purpose::Slot => b"lockstep.slot.v1",
            Purpose::Payload => b"lockstep.payload.v1",
            Purpose::SlotSecret => b"lockstep.slot.v2",
            Purpose::DataKey => b"lockstep.datakey.v2",
            Purpose::PayloadV2 => b"lockstep.payload.v2",
        }
    }
}

fn aad(purpose: Purpose, context: &[u8]) -> Vec<u8> {
    let mut a = Vec::with_capacity(purpose.label().len() + context.len());
    a.extend_from_slice(purpose.label());
    a.extend_from_slice(context);
    a
}

/// AES-256-GCM encrypt; returns ciphertext‖tag.
pub fn seal(
    key: &Key,
    nonce: &[u8; NONCE_LEN],
    purpose: Purpose,
    context: &[u8],
    plaintext: &[u8],
) -> Vec<u8> {
    let cipher = Aes256Gcm::new_from_slice(key.expose()).expect("the key is 32 bytes");
    cipher
        .encrypt(
            Nonce::from_slice(nonce),
            Payload {
                msg: plaintext,
                aad: &aad(purpose, context),
            },
        )
        .expect("AES-GCM encryption only fails on inputs over 64 GiB")
}

/// AES-256-GCM decrypt; `None` when the key, AAD or bytes are wrong.
pub fn open(
    key: &Key,
    nonce: &[u8; NONCE_LEN],
    purpose: Purpose,
    context: &[u8],
    sealed: &[u8],
) -> Option<Zeroizing<Vec<u8>>> {
    let cipher = Aes256Gcm::new_from_slice(key.expose()).expect("the key is 32 bytes");
    cipher
        .decrypt(
            Nonce::from_slice(nonce),
            Payload {
                msg: sealed,
                aad: &aad(purpose, context),
            },
        )
        .ok()
        .map(Zeroizing::new)
}

/// Argon2id cost, as stored in a password slot.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KdfParams {
    /// Memory in KiB.
    pub m_kib: u32,
    /// Passes.
    pub t: u32,
    /// Lanes.
    pub p: u32,
}

impl KdfParams {
    /// m = 64 MiB, t = 3, p = 4.
    pub const DEFAULT: KdfParams = KdfParams {
        m_kib: 64 * 1024,
        t: 3,
        p: 4,
    };
    /// Least memory accepted when creating or reading a vault.
    pub const MIN_M_KIB: u32 = 8 * 1024;
    /// The cheapest parameters accepted (8 MiB, one pass, one lane): the one way tests and
    /// benchmarks make a vault quickly. Never for a real vault.
    pub const CHEAPEST: KdfParams = KdfParams {
        m_kib: Self::MIN_M_KIB,
        t: 1,
        p: 1,
    };
    /// Most memory accepted (256 MiB, four times the default): reading a vault or backup never
    /// costs more than Lockstep itself would write, and `init`/`passwd` write no more than this.
    pub const MAX_M_KIB: u32 = 256 * 1024;
    /// Most passes accepted (a little over three times the default).
    pub const MAX_T: u32 = 10;
    /// Most lanes accepted.
    pub const MAX_P: u32 = 8;

    /// Rejects parameters outside the bounds above. Writers and readers use the same bounds, so
    /// every vault Lockstep writes, it reads, and a hostile file costs at most one Argon2id run
    /// of 256 MiB × 10 passes (about 2–3 s on a laptop core).
    pub fn check(&self) -> Result<()> {
        let bad = |what: String| Err(Error::KdfParamsOutOfBounds(what));
        if !(Self::MIN_M_KIB..=Self::MAX_M_KIB).contains(&self.m_kib) {
            return bad(format!(
                "memory {} KiB is outside {}..={} KiB",
                self.m_kib,
                Self::MIN_M_KIB,
                Self::MAX_M_KIB
            ));
        }
        if !(1..=Self::MAX_T).contains(&self.t) {
            return bad(format!("{} passes is outside 1..={}", self.t, Self::MAX_T));
        }
        if !(1..=Self::MAX_P).contains(&self.p) {
            return bad(format!("{} lanes is outside 1..={}", self.p, Self::MAX_P));
        }
        if self.m_kib < 8 * self.p {
            return bad(format!(
                "memory must be at least 8 KiB per lane, got {} KiB for {} lanes",
                self.m_kib, self.p
            ));
        }
        Ok(())
    }
}

/// slot key = Argon2id(password, salt, m, t, p), 32 bytes, version 0x13.
pub fn derive_password_key(
    password: &[u8],
    salt: &[u8; SALT_LEN],
    params: KdfParams,
) -> Result<Key> {
    params.check()?;
    let p = argon2::Params::new(params.m_kib, params.t, params.p, Some(KEY_LEN))
        .map_err(|e| Error::KdfParamsOutOfBounds(e.to_string()))?;
    let argon = argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, p);
    let mut out = Zeroizing::new([0u8; KEY_LEN]);
    argon
        .hash_password_into(password, salt, out.as_mut())
        .map_err(|e| Error::KdfParamsOutOfBounds(e.to_string()))?;
    Ok(Key(out))
}

/// slot key = HKDF-SHA256(ikm = recovery key bytes, salt, info = "lockstep.recovery.v1").
pub fn derive_recovery_key(recovery: &RecoveryKey, salt: &[u8; SALT_LEN]) -> Key {
    let hk = Hkdf::<Sha256>::new(Some(salt), recovery.0.as_ref());
    let mut out = Zeroizing::new([0u8; KEY_LEN]);
    hk.expand(b"lockstep.recovery.v1", out.as_mut())
        .expect("32 bytes is a valid HKDF-SHA256 output length");
    Key(out)
}

/// X25519 public key of a slot secret (format 2): `X25519(secret, 9)`.
pub fn x25519_public(secret: &Key) -> [u8; KEY_LEN] {
    let s = x25519_dalek::StaticSecret::from(*secret.expose());
    x25519_dalek::PublicKey::from(&s).to_bytes()
}

/// wrap key = HKDF-SHA256(ikm = X25519 shared secret, salt = ephemeral public || slot public,
/// info = "lockstep.wrap.v2"); `None` when the shared secret is all zero (a low-order point).
fn wrap_key(
    secret: &[u8; KEY_LEN],
    their_public: &[u8; KEY_LEN],
    ephemeral_public: &[u8; KEY_LEN],
    slot_public: &[u8; KEY_LEN],
) -> Option<Key> {
    let s = x25519_dalek::StaticSecret::from(*secret);
    let shared = s.diffie_hellman(&x25519_dalek::PublicKey::from(*their_public));
    if !shared.was_contributory() {
        return None;
    }
    let mut salt = [0u8; 2 * KEY_LEN];
    salt[..KEY_LEN].copy_from_slice(ephemeral_public);
    salt[KEY_LEN..].copy_from_slice(slot_public);
    let hk = Hkdf::<Sha256>::new(Some(&salt), shared.as_bytes());
    let mut out = Zeroizing::new([0u8; KEY_LEN]);
    hk.expand(b"lockstep.wrap.v2", out.as_mut())
        .expect("32 bytes is a valid HKDF-SHA256 output length");
    Some(Key(out))
}

/// The data key sealed to a slot's public key (format 2), with a fresh ephemeral key and nonce.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SealedKey {
    /// Ephemeral X25519 public key.
    pub ephemeral: [u8; KEY_LEN],
    /// GCM nonce.
    pub nonce: [u8; NONCE_LEN],
    /// The data key's ciphertext and tag.
    pub wrapped: [u8; KEY_LEN + TAG_LEN],
}

/// Wraps `data_key` to `slot_public`: anyone holding the slot's X25519 secret can unwrap it, and
/// no one needs that secret (or the slot's password) to wrap.
pub fn seal_to_public(
    slot_public: &[u8; KEY_LEN],
    context: &[u8],
    data_key: &Key,
) -> Result<SealedKey> {
    let eph = Key::random()?;
    let ephemeral = x25519_public(&eph);
    let wk = wrap_key(eph.expose(), slot_public, &ephemeral, slot_public)
        .ok_or(Error::CorruptVault(Damage::BadPublicKey))?;
    let nonce = random()?;
    let sealed = seal(&wk, &nonce, Purpose::DataKey, context, data_key.expose());
    let mut wrapped = [0u8; KEY_LEN + TAG_LEN];
    wrapped.copy_from_slice(&sealed);
    Ok(SealedKey {
        ephemeral,
        nonce,
        wrapped,
    })
}

/// Unwraps a [`SealedKey`] with the slot's X25519 secret; `None` if anything does not match.
pub fn open_from_public(
    slot_secret: &Key,
    slot_public: &[u8; KEY_LEN],
    context: &[u8],
    sealed: &SealedKey,
) -> Option<Key> {
    let wk = wrap_key(
        slot_secret.expose(),
        &sealed.ephemeral,
        &sealed.ephemeral,
        slot_public,
    )?;
    let plain = open(
        &wk,
        &sealed.nonce,
        Purpose::DataKey,
        context,
        &sealed.wrapped,
    )?;
    let bytes: [u8; KEY_LEN] = plain.as_slice().try_into().ok()?;
    Some(Key::from_bytes(bytes))
}

/// A recovery key: 160 random bits, written as 8 groups of 4 base32 characters.
#[derive(Clone, PartialEq, Eq)]
pub struct RecoveryKey(Zeroizing<[u8; RECOVERY_KEY_LEN]>);

impl RecoveryKey {
    /// A fresh random recovery key.
    pub fn generate() -> Result<Self> {
        Ok(RecoveryKey(Zeroizing::new(random()?)))
    }

    /// Reads the printed form; case, spaces and dashes do not matter.
    pub fn parse(text: &str) -> Result<Self> {
        let mut cleaned: Zeroizing<String> = Zeroizing::new(
            text.chars()
                .filter(|c| !c.is_whitespace() && *c != '-')
                .map(|c| c.to_ascii_uppercase())
                .collect(),
        );
        let decoded = Zeroizing::new(
            BASE32_NOPAD
                .decode(cleaned.as_bytes())
                .map_err(|_| Error::MalformedRecoveryKey)?,
        );
        cleaned.zeroize();
        let bytes: [u8; RECOVERY_KEY_LEN] = decoded
            .as_slice()
            .try_into()
            .map_err(|_| Error::MalformedRecoveryKey)?;
        Ok(RecoveryKey(Zeroizing::new(bytes)))
    }

    /// `ABCD-EFGH-...` (8 groups of 4).
    pub fn to_display(&self) -> Zeroizing<String> {
        let plain = Zeroizing::new(BASE32_NOPAD.encode(self.0.as_ref()));
        let mut out = Zeroizing::new(String::with_capacity(39));
        for (i, chunk) in plain.as_bytes().chunks(4).enumerate() {
            if i > 0 {
                out.push('-');
            }
            out.push_str(std::str::from_utf8(chunk).expect("base32 output is ASCII"));
        }
        out
    }
}

impl fmt::Debug for RecoveryKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("RecoveryKey([redacted])")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seal_open_round_trip_and_rejections() {
        let key = Key::random().unwrap();
        let nonce = [7u8; NONCE_LEN];
        let sealed = seal(&key, &nonce, Purpose::Payload, b"ctx", b"hello");
        assert_eq!(
            open(&key, &nonce, Purpose::Payload, b"ctx", &sealed)
                .unwrap()
                .as_slice(),
            b"hello"
        );
        // Wrong key, wrong purpose, wrong context, flipped byte, short input.
        assert!(open(
            &Key::random().unwrap(),
            &nonce,
            Purpose::Payload,
            b"ctx",
            &sealed
        )
        .is_none());
        assert!(open(&key, &nonce, Purpose::Slot, b"ctx", &sealed).is_none());
        assert!(open(&key, &nonce, Purpose::Payload, b"ctX", &sealed).is_none());
        let mut flipped = sealed.clone();
        flipped[0] ^= 1;
        assert!(open(&key, &nonce, Purpose::Payload, b"ctx", &flipped).is_none());
        assert!(open(&key, &nonce, Purpose::Payload, b"ctx", &sealed[..10]).is_none());
    }

    // Expected value from a second implementation, the reference C code through Python's
    // argon2-cffi: `hash_secret_raw(b"password", b"somesaltsomesalt", 2, 8192, 1, 32, Type.ID, 0x13)`.
    #[test]
    fn argon2id_matches_reference_cli() {
        let key = derive_password_key(
            b"password",
            b"somesaltsomesalt",
            KdfParams {
                m_kib: 8192,
                t: 2,
                p: 1,
            },
        )
        .unwrap();
        let hex: String = key.expose().iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(
            hex,
            "fd7e44552d83db6b9c2bc9dbd6d88fe0facd11df4654ac21fe8013fd7a05ebc3"
        );
    }

    #[test]
    fn kdf_bounds_are_enforced() {
        for bad in [
            KdfParams {
                m_kib: 4096,
                t: 3,
                p: 1,
            },
            KdfParams {
                m_kib: 4 * 1024 * 1024,
                t: 3,
                p: 1,
            },
            KdfParams {
                m_kib: 65536,
                t: 0,
                p: 1,
            },
            KdfParams {
                m_kib: 65536,
                t: 1000,
                p: 1,
            },
            KdfParams {
                m_kib: 65536,
                t: 3,
                p: 0,
            },
            KdfParams {
                m_kib: 65536,
                t: 3,
                p: 255,
            },
        ] {
            assert!(
                matches!(bad.check(), Err(Error::KdfParamsOutOfBounds(_))),
                "{bad:?}"
            );
        }
        KdfParams::DEFAULT.check().unwrap();
    }

    #[test]
    fn recovery_key_text_round_trip() {
        let k = RecoveryKey::generate().unwrap();
        let text = k.to_display();
        assert_eq!(text.len(), 39);
        assert_eq!(text.matches('-').count(), 7);
        assert_eq!(RecoveryKey::parse(&text).unwrap(), k);
        assert_eq!(
            RecoveryKey::parse(&text.to_lowercase().replace('-', " ")).unwrap(),
            k
        );
        assert!(matches!(
            RecoveryKey::parse("ABCD-EFGH"),
            Err(Error::MalformedRecoveryKey)
        ));
        assert!(matches!(
            RecoveryKey::parse("not a key at all!"),
            Err(Error::MalformedRecoveryKey)
        ));
        assert_eq!(format!("{k:?}"), "RecoveryKey([redacted])");
    }
}
