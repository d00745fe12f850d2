//! The vault file's bytes (docs/vault-format.md, version 1): header with key slots, encrypted
//! payload, trailing SHA-256. Parsing checks every length and bound before use; this module wraps
//! and unwraps keys but knows nothing of entries, files or locks.

use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use super::crypto::{
    self, KdfParams, Key, Purpose, RecoveryKey, KEY_LEN, NONCE_LEN, SALT_LEN, TAG_LEN,
};
use crate::error::{Error, Result};

/// First 8 bytes of every vault.
pub const MAGIC: &[u8; 8] = b"LOCKSTEP";
/// The format version this build writes and reads.
pub const VERSION: u16 = 1;
/// Most slots in one vault.
pub const MAX_SLOTS: usize = 32;
/// Largest payload ciphertext accepted (64 MiB).
pub const MAX_PAYLOAD: usize = 64 * 1024 * 1024;
const WRAPPED_LEN: usize = KEY_LEN + TAG_LEN;
const CHECKSUM_LEN: usize = 32;

/// Slot type bytes.
const TYPE_PASSWORD: u8 = 1;
const TYPE_RECOVERY: u8 = 2;
const TYPE_KEYRING: u8 = 3;

/// What a slot needs besides its wrapped key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SlotKind {
    /// Argon2id over the password.
    Password {
        /// Argon2 salt.
        salt: [u8; SALT_LEN],
        /// Argon2 cost.
        kdf: KdfParams,
    },
    /// HKDF over the recovery key.
    Recovery {
        /// HKDF salt.
        salt: [u8; SALT_LEN],
    },
    /// A random slot key kept in the OS keyring, valid until `expires` (Unix seconds).
    Keyring {
        /// Expiry, Unix seconds.
        expires: u64,
    },
}

impl SlotKind {
    fn type_byte(&self) -> u8 {
        match self {
            SlotKind::Password { .. } => TYPE_PASSWORD,
            SlotKind::Recovery { .. } => TYPE_RECOVERY,
            SlotKind::Keyring { .. } => TYPE_KEYRING,
        }
    }

    fn params(&self) -> Vec<u8> {
        match self {
            SlotKind::Password { salt, kdf } => {
                let mut v = salt.to_vec();
                v.extend_from_slice(&kdf.m_kib.to_be_bytes());
                v.extend_from_slice(&kdf.t.to_be_bytes());
                v.extend_from_slice(&kdf.p.to_be_bytes());
                v
            }
            SlotKind::Recovery { salt } => salt.to_vec(),
            SlotKind::Keyring { expires } => expires.to_be_bytes().to_vec(),
        }
    }

    fn parse(type_byte: u8, p: &[u8]) -> Result<Self> {
        let len_err = Error::CorruptVault("a key slot has the wrong length for its type");
        match type_byte {
            TYPE_PASSWORD => {
                if p.len() != SALT_LEN + 12 {
                    return Err(len_err);
                }
                let u = |i: usize| u32::from_be_bytes([p[i], p[i + 1], p[i + 2], p[i + 3]]);
                let kdf = KdfParams {
                    m_kib: u(16),
                    t: u(20),
                    p: u(24),
                };
                kdf.check()?;
                Ok(SlotKind::Password {
                    salt: p[..SALT_LEN].try_into().expect("length checked above"),
                    kdf,
                })
            }
            TYPE_RECOVERY => {
                let salt = p.try_into().map_err(|_| len_err)?;
                Ok(SlotKind::Recovery { salt })
            }
            TYPE_KEYRING => {
                let b: [u8; 8] = p.try_into().map_err(|_| len_err)?;
                Ok(SlotKind::Keyring {
                    expires: u64::from_be_bytes(b),
                })
            }
            other => Err(Error::UnsupportedSlot(other)),
        }
    }
}

/// One way to unwrap the data key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Slot {
    /// Random id (names the keyring item for keyring slots).
    pub id: [u8; 16],
    /// Type and parameters.
    pub kind: SlotKind,
    nonce: [u8; NONCE_LEN],
    wrapped: [u8; WRAPPED_LEN],
}

impl Slot {
    /// Wraps `data_key` under `slot_key` in a new slot.
    pub fn new(
        vault_id: &[u8; 16],
        kind: SlotKind,
        slot_key: &Key,
        data_key: &Key,
    ) -> Result<Slot> {
        let mut slot = Slot {
            id: crypto::random()?,
            kind,
            nonce: crypto::random()?,
            wrapped: [0; WRAPPED_LEN],
        };
        let sealed = crypto::seal(
            slot_key,
            &slot.nonce,
            Purpose::Slot,
            &slot.context(vault_id),
            data_key.expose(),
        );
        slot.wrapped.copy_from_slice(&sealed);
        Ok(slot)
    }

    /// A password slot with fresh salt.
    pub fn password(
        vault_id: &[u8; 16],
        password: &[u8],
        kdf: KdfParams,
        data_key: &Key,
    ) -> Result<Slot> {
        let salt = crypto::random()?;
        let slot_key = crypto::derive_password_key(password, &salt, kdf)?;
        Slot::new(
            vault_id,
            SlotKind::Password { salt, kdf },
            &slot_key,
            data_key,
        )
    }

    /// A recovery slot with fresh salt.
    pub fn recovery(vault_id: &[u8; 16], recovery: &RecoveryKey, data_key: &Key) -> Result<Slot> {
        let salt = crypto::random()?;
        let slot_key = crypto::derive_recovery_key(recovery, &salt);
        Slot::new(vault_id, SlotKind::Recovery { salt }, &slot_key, data_key)
    }

    /// The slot's AAD context: vault id, type, slot id, params length, params.
    fn context(&self, vault_id: &[u8; 16]) -> Vec<u8> {
        let params = self.kind.params();
        let mut c = Vec::with_capacity(16 + 1 + 16 + 2 + params.len());
        c.extend_from_slice(vault_id);
        c.push(self.kind.type_byte());
        c.extend_from_slice(&self.id);
        c.extend_from_slice(&(params.len() as u16).to_be_bytes()); // params are at most 28 bytes
        c.extend_from_slice(&params);
        c
    }

    /// Unwraps the data key with this slot's key; `None` if it is the wrong key.
    pub fn unwrap_key(&self, vault_id: &[u8; 16], slot_key: &Key) -> Option<Key> {
        let plain = crypto::open(
            slot_key,
            &self.nonce,
            Purpose::Slot,
            &self.context(vault_id),
            &self.wrapped,
        )?;
        let bytes: [u8; KEY_LEN] = plain.as_slice().try_into().ok()?;
        Some(Key::from_bytes(bytes))
    }

    fn write(&self, out: &mut Vec<u8>) {
        let params = self.kind.params();
        out.push(self.kind.type_byte());
        out.extend_from_slice(&self.id);
        out.extend_from_slice(&(params.len() as u16).to_be_bytes());
        out.extend_from_slice(&params);
        out.extend_from_slice(&self.nonce);
        out.extend_from_slice(&self.wrapped);
    }
}

/// A parsed vault file: header fields and the still-encrypted payload.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Envelope {
    /// Random id fixed at `init`.
    pub vault_id: [u8; 16],
    /// Key slots.
    pub slots: Vec<Slot>,
    payload_nonce: [u8; NONCE_LEN],
    ciphertext: Vec<u8>,
}

/// A cursor that turns every short read into a "truncated" error.
struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        let end = self
            .pos
            .checked_add(n)
            .filter(|&e| e <= self.bytes.len())
            .ok_or(Error::CorruptVault("the file is truncated"))?;
        let s = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(s)
    }
    fn array<const N: usize>(&mut self) -> Result<[u8; N]> {
        Ok(self.take(N)?.try_into().expect("take returned N bytes"))
    }
    fn u8(&mut self) -> Result<u8> {
        Ok(self.take(1)?[0])
    }
    fn u16(&mut self) -> Result<u16> {
        Ok(u16::from_be_bytes(self.array()?))
    }
    fn u32(&mut self) -> Result<u32> {
        Ok(u32::from_be_bytes(self.array()?))
    }
}

impl Envelope {
    /// Encrypts `plaintext` under `data_key` with a fresh nonce, binding the whole header.
    pub fn seal(
        vault_id: [u8; 16],
        slots: Vec<Slot>,
        data_key: &Key,
        plaintext: &[u8],
    ) -> Result<Envelope> {
        let mut env = Envelope {
            vault_id,
            slots,
            payload_nonce: crypto::random()?,
            ciphertext: Vec::new(),
        };
        let header = env.header();
        env.ciphertext = crypto::seal(
            data_key,
            &env.payload_nonce,
            Purpose::Payload,
            &header,
            plaintext,
        );
        Ok(env)
    }

    /// Bytes from the magic through the last slot: the payload's AAD context.
    fn header(&self) -> Vec<u8> {
        let mut h = Vec::with_capacity(27 + self.slots.len() * 110);
        h.extend_from_slice(MAGIC);
        h.extend_from_slice(&VERSION.to_be_bytes());
        h.extend_from_slice(&self.vault_id);
        h.push(self.slots.len() as u8); // at most MAX_SLOTS, checked by callers that add slots
        for s in &self.slots {
            s.write(&mut h);
        }
        h
    }

    /// The file's bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = self.header();
        out.extend_from_slice(&self.payload_nonce);
        out.extend_from_slice(&(self.ciphertext.len() as u32).to_be_bytes()); // below MAX_PAYLOAD
        out.extend_from_slice(&self.ciphertext);
        let sum = Sha256::digest(&out);
        out.extend_from_slice(&sum);
        out
    }

    /// Parses and checks a file: magic, version, checksum, every length and bound. `path` is for messages.
    pub fn parse(bytes: &[u8], path: &std::path::Path) -> Result<Envelope> {
        if bytes.len() < MAGIC.len() {
            return Err(if MAGIC.starts_with(bytes) && !bytes.is_empty() {
                Error::CorruptVault("the file is truncated")
            } else if bytes.is_empty() {
                Error::CorruptVault("the file is empty")
            } else {
                Error::NotAVault(path.to_owned())
            });
        }
        if &bytes[..MAGIC.len()] != MAGIC {
            return Err(Error::NotAVault(path.to_owned()));
        }
        let mut r = Reader {
            bytes,
            pos: MAGIC.len(),
        };
        let version = r.u16()?;
        if version != VERSION {
            return Err(Error::UnsupportedVersion {
                found: version,
                supported: VERSION,
            });
        }
        if bytes.len() < CHECKSUM_LEN + 10 {
            return Err(Error::CorruptVault("the file is truncated"));
        }
        let (body, sum) = bytes.split_at(bytes.len() - CHECKSUM_LEN);
        if Sha256::digest(body).as_slice() != sum {
            return Err(Error::CorruptVault(
                "its checksum does not match (the file was changed, cut short or damaged)",
            ));
        }
        let mut r = Reader {
            bytes: body,
            pos: r.pos,
        };
        let vault_id = r.array()?;
        let count = usize::from(r.u8()?);
        if count == 0 || count > MAX_SLOTS {
            return Err(Error::CorruptVault(
                "the number of key slots is out of range",
            ));
        }
        let mut slots = Vec::with_capacity(count);
        for _ in 0..count {
            let type_byte = r.u8()?;
            let id = r.array()?;
            let len = usize::from(r.u16()?);
            let kind = SlotKind::parse(type_byte, r.take(len)?)?;
            slots.push(Slot {
                id,
                kind,
                nonce: r.array()?,
                wrapped: r.array()?,
            });
        }
        let passwords = slots
            .iter()
            .filter(|s| matches!(s.kind, SlotKind::Password { .. }))
            .count();
        let recoveries = slots
            .iter()
            .filter(|s| matches!(s.kind, SlotKind::Recovery { .. }))
            .count();
        if passwords != 1 || recoveries > 1 {
            return Err(Error::CorruptVault(
                "a vault must have one password slot and at most one recovery slot",
            ));
        }
        let payload_nonce = r.array()?;
        let len = r.u32()? as usize;
        if !(TAG_LEN..=MAX_PAYLOAD).contains(&len) {
            return Err(Error::CorruptVault("the payload length is out of range"));
        }
        let ciphertext = r.take(len)?.to_vec();
        if r.pos != body.len() {
            return Err(Error::CorruptVault(
                "there are extra bytes after the payload",
            ));
        }
        Ok(Envelope {
            vault_id,
            slots,
            payload_nonce,
            ciphertext,
        })
    }

    /// Decrypts the payload with the data key.
    pub fn open_payload(&self, data_key: &Key) -> Result<Zeroizing<Vec<u8>>> {
        crypto::open(
            data_key,
            &self.payload_nonce,
            Purpose::Payload,
            &self.header(),
            &self.ciphertext,
        )
        .ok_or(Error::CorruptVault("the payload does not authenticate"))
    }

    /// Unwraps the data key with a password (Argon2id on the password slot).
    pub fn unlock_password(&self, password: &[u8]) -> Result<Key> {
        let slot = self
            .slots
            .iter()
            .find(|s| matches!(s.kind, SlotKind::Password { .. }))
            .ok_or(Error::Slot("the vault has no password slot"))?;
        let SlotKind::Password { salt, kdf } = &slot.kind else {
            unreachable!("filtered on Password above")
        };
        let slot_key = crypto::derive_password_key(password, salt, *kdf)?;
        slot.unwrap_key(&self.vault_id, &slot_key)
            .ok_or(Error::WrongPassword)
    }

    /// Unwraps the data key with the recovery key.
    pub fn unlock_recovery(&self, recovery: &RecoveryKey) -> Result<Key> {
        let slot = self
            .slots
            .iter()
            .find(|s| matches!(s.kind, SlotKind::Recovery { .. }))
            .ok_or(Error::Slot("the vault has no recovery key"))?;
        let SlotKind::Recovery { salt } = &slot.kind else {
            unreachable!("filtered on Recovery above")
        };
        let slot_key = crypto::derive_recovery_key(recovery, salt);
        slot.unwrap_key(&self.vault_id, &slot_key)
            .ok_or(Error::WrongRecoveryKey)
    }

    /// Unwraps the data key through the slot with `id` and a key from elsewhere (the keyring).
    pub fn unlock_slot(&self, id: &[u8; 16], slot_key: &Key) -> Option<Key> {
        self.slots
            .iter()
            .find(|s| &s.id == id)?
            .unwrap_key(&self.vault_id, slot_key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    const CHEAP: KdfParams = KdfParams {
        m_kib: 8192,
        t: 1,
        p: 1,
    };

    fn sample() -> (Vec<u8>, Key) {
        let id = [9u8; 16];
        let dk = Key::random().unwrap();
        let slots = vec![Slot::password(&id, b"pw", CHEAP, &dk).unwrap()];
        (
            Envelope::seal(id, slots, &dk, b"{\"entries\":[]}")
                .unwrap()
                .to_bytes(),
            dk,
        )
    }

    #[test]
    fn round_trip() {
        let (bytes, dk) = sample();
        let env = Envelope::parse(&bytes, Path::new("v")).unwrap();
        let key = env.unlock_password(b"pw").unwrap();
        assert_eq!(key, dk);
        assert_eq!(
            env.open_payload(&key).unwrap().as_slice(),
            b"{\"entries\":[]}"
        );
        assert!(matches!(
            env.unlock_password(b"nope"),
            Err(Error::WrongPassword)
        ));
        assert_eq!(env.to_bytes(), bytes);
    }

    #[test]
    fn version_and_magic_are_checked_first() {
        let (mut bytes, _) = sample();
        bytes[9] = 2;
        assert!(matches!(
            Envelope::parse(&bytes, Path::new("v")),
            Err(Error::UnsupportedVersion {
                found: 2,
                supported: 1
            })
        ));
        assert!(matches!(
            Envelope::parse(b"PK\x03\x04zipzipzip", Path::new("v")),
            Err(Error::NotAVault(_))
        ));
    }

    #[test]
    fn hostile_kdf_parameters_are_refused_before_any_work() {
        // A password slot asking for 4 GiB, with a checksum that matches: refused on read.
        let id = [1u8; 16];
        let dk = Key::random().unwrap();
        let mut slot = Slot::password(&id, b"pw", CHEAP, &dk).unwrap();
        slot.kind = SlotKind::Password {
            salt: [0; 16],
            kdf: KdfParams {
                m_kib: u32::MAX,
                t: 3,
                p: 4,
            },
        };
        let bytes = Envelope::seal(id, vec![slot], &dk, b"{}")
            .unwrap()
            .to_bytes();
        assert!(matches!(
            Envelope::parse(&bytes, Path::new("v")),
            Err(Error::KdfParamsOutOfBounds(_))
        ));
    }
}
