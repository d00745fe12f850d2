//! The vault file's bytes (docs/vault-format.md, versions 1 and 2): header with key slots,
//! encrypted payload, trailing SHA-256. Parsing checks every length and bound before use; this
//! module finds the data key through a slot ([`super::slot`]) but knows nothing of entries, files
//! or locks.

use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use super::crypto::{self, Key, Purpose, RecoveryKey, SealedKey, NONCE_LEN, TAG_LEN};
use super::slot::Refusal;
pub use super::slot::{Slot, SlotKind};
use crate::error::{Damage, Error, Result, SlotProblem};

/// First 8 bytes of every vault.
pub const MAGIC: &[u8; 8] = b"LOCKSTEP";
/// The format version this build writes; it also reads [`VERSION_1`].
pub const VERSION: u16 = 2;
/// The first format version, still read (and written back for vaults not yet upgraded).
pub const VERSION_1: u16 = 1;
/// Version 2 with more than one password slot (a vault with members): the same bytes and
/// derivations, written only when there are members, so that a Lockstep that knows one password
/// slot reports an unsupported version instead of a damaged file.
pub const VERSION_3: u16 = 3;
/// Most slots in one vault.
pub const MAX_SLOTS: usize = 32;
/// Largest payload ciphertext accepted (64 MiB).
pub const MAX_PAYLOAD: usize = 64 * 1024 * 1024;
const CHECKSUM_LEN: usize = 32;

/// A parsed vault file: header fields and the still-encrypted payload.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Envelope {
    /// Random id fixed at `init`.
    pub vault_id: [u8; 16],
    /// Format 2: the random id of the data key that seals this file (new with every data key).
    /// `None` for a format-1 file.
    pub key_id: Option<[u8; 16]>,
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
            .ok_or(Error::CorruptVault(Damage::Truncated))?;
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
    /// Format 1: encrypts `plaintext` under `data_key` with a fresh nonce, binding the whole
    /// header. A payload over [`MAX_PAYLOAD`] is [`Error::VaultTooLarge`].
    pub fn seal(
        vault_id: [u8; 16],
        slots: Vec<Slot>,
        data_key: &Key,
        plaintext: &[u8],
    ) -> Result<Envelope> {
        Self::seal_any(vault_id, None, slots, data_key, plaintext)
    }

    /// Format 2: like [`Envelope::seal`], for the data key whose id is `key_id`; the slots must
    /// be format-2 slots holding that key.
    pub fn seal_v2(
        vault_id: [u8; 16],
        key_id: [u8; 16],
        slots: Vec<Slot>,
        data_key: &Key,
        plaintext: &[u8],
    ) -> Result<Envelope> {
        Self::seal_any(vault_id, Some(key_id), slots, data_key, plaintext)
    }

    fn seal_any(
        vault_id: [u8; 16],
        key_id: Option<[u8; 16]>,
        slots: Vec<Slot>,
        data_key: &Key,
        plaintext: &[u8],
    ) -> Result<Envelope> {
        let size = plaintext.len().saturating_add(TAG_LEN);
        if size > MAX_PAYLOAD {
            return Err(Error::VaultTooLarge {
                size,
                limit: MAX_PAYLOAD,
            });
        }
        if slots.is_empty()
            || slots.len() > MAX_SLOTS
            || slots.iter().any(|s| s.is_v2() != key_id.is_some())
        {
            return Err(Error::Slot(SlotProblem::DoNotFit));
        }
        let mut env = Envelope {
            vault_id,
            key_id,
            slots,
            payload_nonce: crypto::random()?,
            ciphertext: Vec::new(),
        };
        let header = env.header();
        env.ciphertext = crypto::seal(
            data_key,
            &env.payload_nonce,
            env.payload_purpose(),
            &header,
            plaintext,
        );
        Ok(env)
    }

    /// The format version of this file: 1 without a key id; with one, 3 when it has more than
    /// one password slot (members), else 2.
    pub fn version(&self) -> u16 {
        version_for(self.key_id.is_some(), &self.slots)
    }

    fn payload_purpose(&self) -> Purpose {
        if self.key_id.is_some() {
            Purpose::PayloadV2
        } else {
            Purpose::Payload
        }
    }

    /// Bytes from the magic through the last slot: the payload's AAD context.
    fn header(&self) -> Vec<u8> {
        let mut h = Vec::with_capacity(27 + self.slots.len() * 110);
        h.extend_from_slice(MAGIC);
        h.extend_from_slice(&self.version().to_be_bytes());
        h.extend_from_slice(&self.vault_id);
        if let Some(key_id) = &self.key_id {
            h.extend_from_slice(key_id);
        }
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
                Error::CorruptVault(Damage::Truncated)
            } else if bytes.is_empty() {
                Error::CorruptVault(Damage::Empty)
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
        if !(VERSION_1..=VERSION_3).contains(&version) {
            return Err(Error::UnsupportedVersion {
                found: version,
                supported: VERSION_3,
            });
        }
        if bytes.len() < CHECKSUM_LEN + 10 {
            return Err(Error::CorruptVault(Damage::Truncated));
        }
        let (body, sum) = bytes.split_at(bytes.len() - CHECKSUM_LEN);
        if Sha256::digest(body).as_slice() != sum {
            return Err(Error::CorruptVault(Damage::Checksum));
        }
        let mut r = Reader {
            bytes: body,
            pos: r.pos,
        };
        let vault_id = r.array()?;
        let key_id = if version != VERSION_1 {
            Some(r.array()?)
        } else {
            None
        };
        let count = usize::from(r.u8()?);
        if count == 0 || count > MAX_SLOTS {
            return Err(Error::CorruptVault(Damage::SlotCount));
        }
        let mut slots = Vec::with_capacity(count);
        for _ in 0..count {
            let type_byte = r.u8()?;
            let id = r.array()?;
            let len = usize::from(r.u16()?);
            let kind = SlotKind::parse(type_byte, r.take(len)?)?;
            slots.push(if version != VERSION_1 {
                let public = r.array()?;
                let secret_nonce = r.array()?;
                let wrapped_secret = r.array()?;
                let key = SealedKey {
                    ephemeral: r.array()?,
                    nonce: r.array()?,
                    wrapped: r.array()?,
                };
                Slot::from_v2(id, kind, public, secret_nonce, wrapped_secret, key)
            } else {
                Slot::from_v1(id, kind, r.array()?, r.array()?)
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
        let passwords_ok = if version == VERSION_3 {
            passwords > 1
        } else {
            passwords == 1
        };
        if !passwords_ok || recoveries > 1 {
            return Err(Error::CorruptVault(Damage::SlotMix));
        }
        let payload_nonce = r.array()?;
        let len = r.u32()? as usize;
        if !(TAG_LEN..=MAX_PAYLOAD).contains(&len) {
            return Err(Error::CorruptVault(Damage::PayloadLength));
        }
        let ciphertext = r.take(len)?.to_vec();
        if r.pos != body.len() {
            return Err(Error::CorruptVault(Damage::ExtraBytes));
        }
        Ok(Envelope {
            vault_id,
            key_id,
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
            self.payload_purpose(),
            &self.header(),
            &self.ciphertext,
        )
        .ok_or(Error::CorruptVault(Damage::PayloadAuth))
    }

    /// Unwraps the data key with a password (Argon2id on the password slot).
    pub fn unlock_password(&self, password: &[u8]) -> Result<Key> {
        Ok(self.unlock_password_slot(password)?.0)
    }

    /// The data key, the id of the password slot the password opens and its slot key (kept to
    /// upgrade a format-1 vault). Every password slot (one per member) is tried in file order,
    /// each with its own salt and cost: a wrong password costs one Argon2id run per member.
    pub(crate) fn unlock_password_slot(&self, password: &[u8]) -> Result<(Key, [u8; 16], Key)> {
        let mut any = false;
        for slot in &self.slots {
            let SlotKind::Password { salt, kdf } = &slot.kind else {
                continue;
            };
            any = true;
            let slot_key = crypto::derive_password_key(password, salt, *kdf)?;
            match self.open_slot(slot, &slot_key, Error::WrongPassword) {
                Ok(data_key) => return Ok((data_key, slot.id, slot_key)),
                Err(Error::WrongPassword) => continue,
                Err(e) => return Err(e),
            }
        }
        Err(if any {
            Error::WrongPassword
        } else {
            Error::Slot(SlotProblem::NoPassword)
        })
    }

    /// Unwraps the data key with the recovery key.
    pub fn unlock_recovery(&self, recovery: &RecoveryKey) -> Result<Key> {
        Ok(self.unlock_recovery_slot(recovery)?.0)
    }

    /// The data key, the recovery slot's id and its slot key.
    pub(crate) fn unlock_recovery_slot(
        &self,
        recovery: &RecoveryKey,
    ) -> Result<(Key, [u8; 16], Key)> {
        let slot = self
            .slots
            .iter()
            .find(|s| matches!(s.kind, SlotKind::Recovery { .. }))
            .ok_or(Error::Slot(SlotProblem::NoRecoveryKey))?;
        let SlotKind::Recovery { salt } = &slot.kind else {
            unreachable!("filtered on Recovery above")
        };
        let slot_key = crypto::derive_recovery_key(recovery, salt);
        let data_key = self.open_slot(slot, &slot_key, Error::WrongRecoveryKey)?;
        Ok((data_key, slot.id, slot_key))
    }

    fn open_slot(&self, slot: &Slot, slot_key: &Key, wrong: Error) -> Result<Key> {
        slot.open(&self.vault_id, self.key_id.as_ref(), slot_key)
            .map_err(|r| match r {
                Refusal::WrongKey => wrong,
                Refusal::Damaged => Error::CorruptVault(Damage::WrongDataKey),
            })
    }

    /// Unwraps the data key through the slot with `id` and a key from elsewhere (the keyring).
    pub fn unlock_slot(&self, id: &[u8; 16], slot_key: &Key) -> Option<Key> {
        self.slots
            .iter()
            .find(|s| &s.id == id)?
            .open(&self.vault_id, self.key_id.as_ref(), slot_key)
            .ok()
    }
}

/// The version a file with these slots is written as: 1 without a key id; with one, 3 when it
/// has more than one password slot, else 2.
pub(crate) fn version_for(has_key_id: bool, slots: &[Slot]) -> u16 {
    let passwords = slots
        .iter()
        .filter(|s| matches!(s.kind, SlotKind::Password { .. }))
        .count();
    match (has_key_id, passwords > 1) {
        (false, _) => VERSION_1,
        (true, false) => VERSION,
        (true, true) => VERSION_3,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vault::crypto::KdfParams;
    use std::path::Path;

    const CHEAP: KdfParams = KdfParams::CHEAPEST;

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
        bytes[9] = 4;
        assert!(matches!(
            Envelope::parse(&bytes, Path::new("v")),
            Err(Error::UnsupportedVersion {
                found: 4,
                supported: 3
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
