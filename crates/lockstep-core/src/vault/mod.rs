//! The encrypted vault: [`model`] (entries), [`crypto`] (keys, AEAD, KDFs), [`format`] (the file's
//! bytes), [`slot`] (key slots), [`payload`] (the decrypted JSON), [`keyring`] (remembered
//! devices), [`members`] (a password each) and [`store`] (the file on disk: lock, atomic save, change detection). [`Unlocked`]
//! ([`unlocked`]) is a vault opened in memory with its data keys.

pub mod crypto;
pub mod format;
pub mod keyring;
pub mod members;
pub mod model;
pub mod payload;
pub mod slot;
pub mod store;
pub mod unlocked;

use std::fmt;

use zeroize::Zeroizing;

pub use crypto::{KdfParams, Key, RecoveryKey};
pub use format::{Envelope, Slot, SlotKind};
pub use members::{Member, MemberInfo};
pub use model::{Entry, Vault};
pub use store::Store;
pub use unlocked::Unlocked;

use crate::error::{Error, Result, SlotProblem};

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

/// Does the envelope have a keyring slot still valid at `at`?
pub fn has_live_keyring_slot(env: &Envelope, at: u64) -> bool {
    env.slots
        .iter()
        .any(|s| matches!(s.kind, SlotKind::Keyring { expires } if expires > at))
}

pub(crate) fn unlock_with_keyring(env: &Envelope, at: u64) -> Result<Key> {
    let mut last_err = Error::Slot(SlotProblem::NotRemembered);
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
                last_err = Error::Slot(SlotProblem::KeyringMismatch);
            }
            Ok(None) => last_err = Error::Slot(SlotProblem::KeyringGone),
            Err(e) => last_err = e,
        }
    }
    Err(last_err)
}

/// The password policy ([`crate::policy::check_new_password`]), for every new password.
pub fn check_new_password(password: &str) -> Result<()> {
    crate::policy::check_new_password(password)
}
