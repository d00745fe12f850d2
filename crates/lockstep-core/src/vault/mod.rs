//! The encrypted vault: [`model`] (entries), [`crypto`] (keys, AEAD, KDFs), [`format`] (the file's
//! bytes), [`keyring`] (remembered devices) and [`store`] (the file on disk: lock, atomic save,
//! change detection). [`Unlocked`] is a vault opened in memory with its data key.

pub mod crypto;
pub mod format;
pub mod keyring;
pub mod model;
pub mod store;

use std::fmt;

use zeroize::Zeroizing;

pub use crypto::{KdfParams, Key, RecoveryKey};
pub use format::{Envelope, Slot, SlotKind};
pub use model::{Entry, Vault};
pub use store::Store;

use crate::error::{Error, Result};

/// How to open a vault.
pub enum Credential {
    /// The password.
    Password(Zeroizing<String>),
    /// The recovery key printed at `init`.
    Recovery(RecoveryKey),
    /// A remembered-device slot whose key is in the OS keyring.
    Keyring,
}

impl fmt::Debug for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Credential::Password(_) => "Credential::Password([redacted])",
            Credential::Recovery(_) => "Credential::Recovery([redacted])",
            Credential::Keyring => "Credential::Keyring",
        })
    }
}

/// Current Unix time in seconds.
pub fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// A vault opened in memory: its header, its data key and its entries.
pub struct Unlocked {
    /// Random id fixed at creation.
    pub vault_id: [u8; 16],
    /// Key slots (re-written on every save).
    pub slots: Vec<Slot>,
    data_key: Key,
    /// The entries.
    pub vault: Vault,
}

impl fmt::Debug for Unlocked {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Unlocked")
            .field("slots", &self.slots.len())
            .field("entries", &self.vault.entries.len())
            .finish_non_exhaustive()
    }
}

impl Unlocked {
    /// A new, empty vault with a password slot and a recovery slot; returns the recovery key.
    pub fn create(password: &str, kdf: KdfParams) -> Result<(Unlocked, RecoveryKey)> {
        check_new_password(password)?;
        let vault_id = crypto::random()?;
        let data_key = Key::random()?;
        let recovery = RecoveryKey::generate()?;
        let slots = vec![
            Slot::password(&vault_id, password.as_bytes(), kdf, &data_key)?,
            Slot::recovery(&vault_id, &recovery, &data_key)?,
        ];
        Ok((
            Unlocked {
                vault_id,
                slots,
                data_key,
                vault: Vault::default(),
            },
            recovery,
        ))
    }

    /// Opens an envelope with a credential.
    pub fn open(env: &Envelope, credential: &Credential, at: u64) -> Result<Unlocked> {
        let data_key = match credential {
            Credential::Password(pw) => env.unlock_password(pw.as_bytes())?,
            Credential::Recovery(rk) => env.unlock_recovery(rk)?,
            Credential::Keyring => unlock_with_keyring(env, at)?,
        };
        Self::open_with_key(env, data_key)
    }

    /// Opens an envelope with a data key already known (reload after another process saved).
    pub fn open_with_key(env: &Envelope, data_key: Key) -> Result<Unlocked> {
        let plain = env.open_payload(&data_key)?;
        let vault = Vault::from_payload(&plain)?;
        Ok(Unlocked {
            vault_id: env.vault_id,
            slots: env.slots.clone(),
            data_key,
            vault,
        })
    }

    /// Re-reads entries from a newer envelope of the same vault, keeping this data key.
    pub fn reload(&mut self, env: &Envelope) -> Result<()> {
        if env.vault_id != self.vault_id {
            return Err(Error::Slot("the file now holds a different vault"));
        }
        *self = Self::open_with_key(env, self.data_key.clone())?;
        Ok(())
    }

    /// Opens another file of this same vault, such as a backup of it, with the data key in
    /// memory: the data key lives as long as the vault, whatever password sealed the file.
    /// A file of another vault is [`Error::Slot`]; a tampered one [`Error::CorruptVault`].
    pub fn open_same_vault(&self, env: &Envelope) -> Result<Unlocked> {
        if env.vault_id != self.vault_id {
            return Err(Error::Slot("the file belongs to another vault"));
        }
        Self::open_with_key(env, self.data_key.clone())
    }

    /// Encrypts the entries with a fresh nonce. Expired keyring slots are dropped first.
    pub fn seal(&mut self, at: u64) -> Result<Envelope> {
        self.prune_expired(at);
        let mut plain = Zeroizing::new(Vec::with_capacity(64 + self.vault.entries.len() * 400));
        serde_json::to_writer(&mut *plain, &self.vault)
            .map_err(|_| Error::Slot("the entries could not be serialised"))?;
        Envelope::seal(self.vault_id, self.slots.clone(), &self.data_key, &plain)
    }

    /// Replaces the password slot (same data key).
    pub fn set_password(&mut self, password: &str, kdf: KdfParams) -> Result<()> {
        check_new_password(password)?;
        let slot = Slot::password(&self.vault_id, password.as_bytes(), kdf, &self.data_key)?;
        self.slots
            .retain(|s| !matches!(s.kind, SlotKind::Password { .. }));
        self.slots.insert(0, slot);
        Ok(())
    }

    /// Replaces the recovery slot with a new recovery key; the old one stops working.
    pub fn rotate_recovery(&mut self) -> Result<RecoveryKey> {
        let recovery = RecoveryKey::generate()?;
        let slot = Slot::recovery(&self.vault_id, &recovery, &self.data_key)?;
        self.slots
            .retain(|s| !matches!(s.kind, SlotKind::Recovery { .. }));
        self.slots.push(slot);
        Ok(recovery)
    }

    /// Remembers this device until `expires`: a keyring slot whose key goes to the OS keyring.
    /// Replaces earlier keyring slots of this vault.
    pub fn remember(&mut self, expires: u64) -> Result<()> {
        let slot_key = Key::random()?;
        let slot = Slot::new(
            &self.vault_id,
            SlotKind::Keyring { expires },
            &slot_key,
            &self.data_key,
        )?;
        keyring::store(&self.vault_id, &slot.id, &slot_key)?;
        if let Err(e) = self.forget() {
            let _ = keyring::delete(&self.vault_id, &slot.id);
            return Err(e);
        }
        self.slots.push(slot);
        Ok(())
    }

    /// Drops every keyring slot and its keyring item. Returns how many there were.
    pub fn forget(&mut self) -> Result<usize> {
        let ids: Vec<[u8; 16]> = self
            .slots
            .iter()
            .filter(|s| matches!(s.kind, SlotKind::Keyring { .. }))
            .map(|s| s.id)
            .collect();
        for id in &ids {
            keyring::delete(&self.vault_id, id)?;
        }
        self.slots
            .retain(|s| !matches!(s.kind, SlotKind::Keyring { .. }));
        Ok(ids.len())
    }

    /// Expiry of the remembered-device slot, if any.
    pub fn remembered_until(&self) -> Option<u64> {
        self.slots.iter().find_map(|s| match s.kind {
            SlotKind::Keyring { expires } => Some(expires),
            _ => None,
        })
    }

    fn prune_expired(&mut self, at: u64) {
        let vault_id = self.vault_id;
        self.slots.retain(|s| match s.kind {
            SlotKind::Keyring { expires } if expires <= at => {
                // Best effort: the slot is useless once expired whether or not the item goes.
                let _ = keyring::delete(&vault_id, &s.id);
                false
            }
            _ => true,
        });
    }
}

/// Does the envelope have a keyring slot still valid at `at`?
pub fn has_live_keyring_slot(env: &Envelope, at: u64) -> bool {
    env.slots
        .iter()
        .any(|s| matches!(s.kind, SlotKind::Keyring { expires } if expires > at))
}

fn unlock_with_keyring(env: &Envelope, at: u64) -> Result<Key> {
    let mut last_err = Error::Slot("this device is not remembered (run `lockstep remember`)");
    for slot in env
        .slots
        .iter()
        .filter(|s| matches!(s.kind, SlotKind::Keyring { expires } if expires > at))
    {
        match keyring::load(&env.vault_id, &slot.id) {
            Ok(Some(key)) => {
                if let Some(dk) = env.unlock_slot(&slot.id, &key) {
                    return Ok(dk);
                }
                last_err = Error::Slot("the keyring item for this device does not match the vault");
            }
            Ok(None) => {
                last_err = Error::Slot(
                    "this device's keyring item is gone (run `lockstep remember` again)",
                )
            }
            Err(e) => last_err = e,
        }
    }
    Err(last_err)
}

/// The minimum we ask of a new password in the core; the app adds a strength meter on top.
pub fn check_new_password(password: &str) -> Result<()> {
    if password.chars().count() < 8 {
        return Err(Error::WeakPassword(
            "the password must be at least 8 characters long",
        ));
    }
    Ok(())
}

impl Vault {
    /// The entries of a decrypted payload (the JSON of docs/vault-format.md), checked against
    /// the format's ranges and sorted for display. What every open of a vault file goes through.
    pub fn from_payload(plain: &[u8]) -> Result<Vault> {
        let mut vault: Vault = serde_json::from_slice(plain)
            .map_err(|_| Error::CorruptVault("the decrypted payload is not a valid entry list"))?;
        // The ranges of docs/vault-format.md; out-of-range digits would panic in code generation.
        if vault.entries.iter().any(|e| e.otp().validate().is_err()) {
            return Err(Error::CorruptVault(
                "an entry has code parameters out of range (digits or period)",
            ));
        }
        vault.sort();
        Ok(vault)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CHEAP: KdfParams = KdfParams {
        m_kib: 8 * 1024,
        t: 1,
        p: 1,
    };

    /// A payload written by another implementation (or a bug) with code parameters outside the
    /// format's ranges is refused on open, not left to panic later in code generation.
    #[test]
    fn entries_with_out_of_range_code_parameters_are_refused_on_open() {
        let (mut u, _) = Unlocked::create("correct horse", CHEAP).unwrap();
        let account = crate::uri::parse("otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP").unwrap();
        u.vault.push(Entry::from_account(account, 1).unwrap());
        let env = u.seal(1).unwrap();
        Unlocked::open_with_key(&env, u.data_key.clone()).unwrap();
        for (digits, period) in [(64, 30), (0, 30), (5, 30), (6, 0)] {
            u.vault.entries[0].digits = digits;
            u.vault.entries[0].period = period;
            let env = u.seal(1).unwrap();
            let err = Unlocked::open_with_key(&env, u.data_key.clone()).unwrap_err();
            assert_eq!(
                err.kind(),
                "corrupt_vault",
                "digits {digits} period {period}"
            );
        }
    }
}
