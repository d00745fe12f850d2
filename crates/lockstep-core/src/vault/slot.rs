//! Key slots (docs/vault-format.md, "Slots"): each is one way to reach the data key. A format-1
//! slot wraps the data key under its slot key. A format-2 slot holds an X25519 key pair: the
//! secret half is wrapped under the slot key and the data key is wrapped to the public half, so a
//! new data key can be given to every slot without its password or recovery key. No file layout
//! beyond one slot's bytes, no files, no entries.

use super::crypto::{
    self, KdfParams, Key, Purpose, RecoveryKey, SealedKey, KEY_LEN, NONCE_LEN, SALT_LEN, TAG_LEN,
};
use crate::error::{Damage, Error, Result, SlotProblem};

const WRAPPED_LEN: usize = KEY_LEN + TAG_LEN;

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

    pub(crate) fn parse(type_byte: u8, p: &[u8]) -> Result<Self> {
        let len_err = Error::CorruptVault(Damage::SlotLength);
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

/// How the slot holds the data key.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Seal {
    /// Format 1: the data key under the slot key.
    V1 {
        nonce: [u8; NONCE_LEN],
        wrapped: [u8; WRAPPED_LEN],
    },
    /// Format 2: an X25519 secret under the slot key, the data key to its public key.
    V2 {
        public: [u8; KEY_LEN],
        secret_nonce: [u8; NONCE_LEN],
        wrapped_secret: [u8; WRAPPED_LEN],
        key: SealedKey,
    },
}

/// Why a slot did not give the data key.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// The slot key is not this slot's (a wrong credential, or a damaged slot).
    WrongKey,
    /// The slot key opened the slot's secret but the data key did not unwrap: the slot is
    /// authentic to the credential yet does not hold this file's data key.
    Damaged,
}

/// One way to unwrap the data key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Slot {
    /// Random id (names the keyring item for keyring slots).
    pub id: [u8; 16],
    /// Type and parameters.
    pub kind: SlotKind,
    seal: Seal,
}

impl Slot {
    /// Format 1: wraps `data_key` under `slot_key` in a new slot.
    pub fn new(
        vault_id: &[u8; 16],
        kind: SlotKind,
        slot_key: &Key,
        data_key: &Key,
    ) -> Result<Slot> {
        let mut slot = Slot {
            id: crypto::random()?,
            kind,
            seal: Seal::V1 {
                nonce: crypto::random()?,
                wrapped: [0; WRAPPED_LEN],
            },
        };
        let context = slot.context(vault_id);
        if let Seal::V1 { nonce, wrapped } = &mut slot.seal {
            let sealed = crypto::seal(slot_key, nonce, Purpose::Slot, &context, data_key.expose());
            wrapped.copy_from_slice(&sealed);
        }
        Ok(slot)
    }

    /// Format 1: a password slot with fresh salt.
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

    /// Format 1: a recovery slot with fresh salt.
    pub fn recovery(vault_id: &[u8; 16], recovery: &RecoveryKey, data_key: &Key) -> Result<Slot> {
        let salt = crypto::random()?;
        let slot_key = crypto::derive_recovery_key(recovery, &salt);
        Slot::new(vault_id, SlotKind::Recovery { salt }, &slot_key, data_key)
    }

    /// Format 2: a new slot with a new X25519 key pair whose secret is wrapped under `slot_key`,
    /// holding `data_key` (whose id is `key_id`).
    pub fn new_v2(
        vault_id: &[u8; 16],
        key_id: &[u8; 16],
        kind: SlotKind,
        slot_key: &Key,
        data_key: &Key,
    ) -> Result<Slot> {
        Slot::with_id_v2(
            crypto::random()?,
            vault_id,
            key_id,
            kind,
            slot_key,
            data_key,
        )
    }

    fn with_id_v2(
        id: [u8; 16],
        vault_id: &[u8; 16],
        key_id: &[u8; 16],
        kind: SlotKind,
        slot_key: &Key,
        data_key: &Key,
    ) -> Result<Slot> {
        let secret = Key::random()?;
        let public = crypto::x25519_public(&secret);
        let mut slot = Slot {
            id,
            kind,
            seal: Seal::V2 {
                public,
                secret_nonce: crypto::random()?,
                wrapped_secret: [0; WRAPPED_LEN],
                // Replaced by `rewrap` below; a placeholder that opens nothing.
                key: SealedKey {
                    ephemeral: [0; KEY_LEN],
                    nonce: [0; NONCE_LEN],
                    wrapped: [0; WRAPPED_LEN],
                },
            },
        };
        let context = slot.context(vault_id);
        if let Seal::V2 {
            secret_nonce,
            wrapped_secret,
            ..
        } = &mut slot.seal
        {
            let sealed = crypto::seal(
                slot_key,
                secret_nonce,
                Purpose::SlotSecret,
                &context,
                secret.expose(),
            );
            wrapped_secret.copy_from_slice(&sealed);
        }
        slot.rewrap(vault_id, key_id, data_key)?;
        Ok(slot)
    }

    /// Format 2: a password slot with fresh salt.
    pub fn password_v2(
        vault_id: &[u8; 16],
        key_id: &[u8; 16],
        password: &[u8],
        kdf: KdfParams,
        data_key: &Key,
    ) -> Result<Slot> {
        let salt = crypto::random()?;
        let slot_key = crypto::derive_password_key(password, &salt, kdf)?;
        Slot::new_v2(
            vault_id,
            key_id,
            SlotKind::Password { salt, kdf },
            &slot_key,
            data_key,
        )
    }

    /// Format 2: a recovery slot with fresh salt.
    pub fn recovery_v2(
        vault_id: &[u8; 16],
        key_id: &[u8; 16],
        recovery: &RecoveryKey,
        data_key: &Key,
    ) -> Result<Slot> {
        let salt = crypto::random()?;
        let slot_key = crypto::derive_recovery_key(recovery, &salt);
        Slot::new_v2(
            vault_id,
            key_id,
            SlotKind::Recovery { salt },
            &slot_key,
            data_key,
        )
    }

    /// Format 2 of this format-1 slot, for the same credential (same id, type and parameters, so
    /// the same slot key), holding `data_key`. Needs the slot key: the credential was used.
    pub(crate) fn upgraded(
        &self,
        vault_id: &[u8; 16],
        key_id: &[u8; 16],
        slot_key: &Key,
        data_key: &Key,
    ) -> Result<Slot> {
        Slot::with_id_v2(
            self.id,
            vault_id,
            key_id,
            self.kind.clone(),
            slot_key,
            data_key,
        )
    }

    /// Is this a format-2 slot?
    pub fn is_v2(&self) -> bool {
        matches!(self.seal, Seal::V2 { .. })
    }

    /// Format 2: wraps a new data key to this slot's public key; no credential is needed.
    pub(crate) fn rewrap(
        &mut self,
        vault_id: &[u8; 16],
        key_id: &[u8; 16],
        data_key: &Key,
    ) -> Result<()> {
        let context = self.key_context(vault_id, key_id);
        match &mut self.seal {
            Seal::V2 { public, key, .. } => {
                *key = crypto::seal_to_public(public, &context, data_key)?;
                Ok(())
            }
            Seal::V1 { .. } => Err(Error::Slot(SlotProblem::V1NeedsCredential)),
        }
    }

    /// The slot's AAD context: vault id, type, slot id, params length, params (format 2: and
    /// the slot's public key).
    fn context(&self, vault_id: &[u8; 16]) -> Vec<u8> {
        let params = self.kind.params();
        let mut c = Vec::with_capacity(16 + 1 + 16 + 2 + params.len() + KEY_LEN);
        c.extend_from_slice(vault_id);
        c.push(self.kind.type_byte());
        c.extend_from_slice(&self.id);
        c.extend_from_slice(&(params.len() as u16).to_be_bytes()); // params are at most 28 bytes
        c.extend_from_slice(&params);
        if let Seal::V2 { public, .. } = &self.seal {
            c.extend_from_slice(public);
        }
        c
    }

    /// Format 2: the wrapped data key's AAD context: vault id, key id, slot id.
    fn key_context(&self, vault_id: &[u8; 16], key_id: &[u8; 16]) -> Vec<u8> {
        let mut c = Vec::with_capacity(48);
        c.extend_from_slice(vault_id);
        c.extend_from_slice(key_id);
        c.extend_from_slice(&self.id);
        c
    }

    /// Unwraps the data key with this slot's key. `key_id` is the file's (format 2; `None` for
    /// format 1).
    pub(crate) fn open(
        &self,
        vault_id: &[u8; 16],
        key_id: Option<&[u8; 16]>,
        slot_key: &Key,
    ) -> Result<Key, Refusal> {
        let context = self.context(vault_id);
        match (&self.seal, key_id) {
            (Seal::V1 { nonce, wrapped }, None) => {
                let plain = crypto::open(slot_key, nonce, Purpose::Slot, &context, wrapped)
                    .ok_or(Refusal::WrongKey)?;
                let bytes: [u8; KEY_LEN] =
                    plain.as_slice().try_into().map_err(|_| Refusal::WrongKey)?;
                Ok(Key::from_bytes(bytes))
            }
            (
                Seal::V2 {
                    public,
                    secret_nonce,
                    wrapped_secret,
                    key,
                },
                Some(key_id),
            ) => {
                let plain = crypto::open(
                    slot_key,
                    secret_nonce,
                    Purpose::SlotSecret,
                    &context,
                    wrapped_secret,
                )
                .ok_or(Refusal::WrongKey)?;
                let bytes: [u8; KEY_LEN] =
                    plain.as_slice().try_into().map_err(|_| Refusal::WrongKey)?;
                let secret = Key::from_bytes(bytes);
                crypto::open_from_public(&secret, public, &self.key_context(vault_id, key_id), key)
                    .ok_or(Refusal::Damaged)
            }
            _ => Err(Refusal::Damaged),
        }
    }

    /// Unwraps the data key of a format-1 slot; `None` if it is the wrong key.
    pub fn unwrap_key(&self, vault_id: &[u8; 16], slot_key: &Key) -> Option<Key> {
        self.open(vault_id, None, slot_key).ok()
    }

    /// The slot's bytes.
    pub(crate) fn write(&self, out: &mut Vec<u8>) {
        let params = self.kind.params();
        out.push(self.kind.type_byte());
        out.extend_from_slice(&self.id);
        out.extend_from_slice(&(params.len() as u16).to_be_bytes());
        out.extend_from_slice(&params);
        match &self.seal {
            Seal::V1 { nonce, wrapped } => {
                out.extend_from_slice(nonce);
                out.extend_from_slice(wrapped);
            }
            Seal::V2 {
                public,
                secret_nonce,
                wrapped_secret,
                key,
            } => {
                out.extend_from_slice(public);
                out.extend_from_slice(secret_nonce);
                out.extend_from_slice(wrapped_secret);
                out.extend_from_slice(&key.ephemeral);
                out.extend_from_slice(&key.nonce);
                out.extend_from_slice(&key.wrapped);
            }
        }
    }

    /// A format-1 slot from its parsed fields.
    pub(crate) fn from_v1(
        id: [u8; 16],
        kind: SlotKind,
        nonce: [u8; NONCE_LEN],
        wrapped: [u8; WRAPPED_LEN],
    ) -> Slot {
        Slot {
            id,
            kind,
            seal: Seal::V1 { nonce, wrapped },
        }
    }

    /// A format-2 slot from its parsed fields.
    pub(crate) fn from_v2(
        id: [u8; 16],
        kind: SlotKind,
        public: [u8; KEY_LEN],
        secret_nonce: [u8; NONCE_LEN],
        wrapped_secret: [u8; WRAPPED_LEN],
        key: SealedKey,
    ) -> Slot {
        Slot {
            id,
            kind,
            seal: Seal::V2 {
                public,
                secret_nonce,
                wrapped_secret,
                key,
            },
        }
    }
}
