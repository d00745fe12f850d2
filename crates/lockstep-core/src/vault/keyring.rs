//! "Remember this device": the secret half of a keyring slot lives in the OS keyring (Secret
//! Service on Linux, Keychain on macOS, Credential Manager on Windows) through the `keyring` crate.
//! Items are named `lockstep` / `<vault id>:<slot id>` in hex. This module only moves keys in and out.

use zeroize::Zeroizing;

use super::crypto::{Key, KEY_LEN};
use crate::error::{Error, Result};

/// Service name of every Lockstep keyring item.
pub const SERVICE: &str = "lockstep";

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The keyring user name for a slot.
pub fn item_name(vault_id: &[u8; 16], slot_id: &[u8; 16]) -> String {
    format!("{}:{}", hex(vault_id), hex(slot_id))
}

fn entry(vault_id: &[u8; 16], slot_id: &[u8; 16]) -> Result<keyring::Entry> {
    keyring::Entry::new(SERVICE, &item_name(vault_id, slot_id))
        .map_err(|e| Error::Keyring(e.to_string()))
}

/// Stores a slot key.
pub fn store(vault_id: &[u8; 16], slot_id: &[u8; 16], key: &Key) -> Result<()> {
    let text = Zeroizing::new(hex(key.expose()));
    entry(vault_id, slot_id)?
        .set_password(&text)
        .map_err(|e| Error::Keyring(e.to_string()))
}

/// Fetches a slot key; `Ok(None)` when the keyring has no such item (revoked or never stored).
pub fn load(vault_id: &[u8; 16], slot_id: &[u8; 16]) -> Result<Option<Key>> {
    let text = match entry(vault_id, slot_id)?.get_password() {
        Ok(t) => Zeroizing::new(t),
        Err(keyring::Error::NoEntry) => return Ok(None),
        Err(e) => return Err(Error::Keyring(e.to_string())),
    };
    if text.len() != KEY_LEN * 2 || !text.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Ok(None);
    }
    let mut bytes = Zeroizing::new([0u8; KEY_LEN]);
    for (i, b) in bytes.iter_mut().enumerate() {
        *b = u8::from_str_radix(&text[2 * i..2 * i + 2], 16)
            .map_err(|_| Error::Keyring("malformed item".into()))?;
    }
    Ok(Some(Key::from_bytes(*bytes)))
}

/// Deletes a slot key; a missing item is not an error.
pub fn delete(vault_id: &[u8; 16], slot_id: &[u8; 16]) -> Result<()> {
    match entry(vault_id, slot_id)?.delete_credential() {
        Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
        Err(e) => Err(Error::Keyring(e.to_string())),
    }
}
