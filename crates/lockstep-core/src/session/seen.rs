//! What this device last saw of each vault file: the highest generation it read or wrote there,
//! so that an older genuine copy put back in the vault's place (rolling back HOTP counters,
//! bringing deleted accounts back) is noticed. Records are per vault *and* place (a copy of the
//! vault opened elsewhere, such as a backup, is its own history). Kept outside the vault's folder,
//! which may be synced or shared: in `LOCKSTEP_STATE_DIR` if set, else the platform's local data
//! folder, one small file per vault and place.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

/// The folder of records.
fn dir() -> Option<PathBuf> {
    if let Some(d) = std::env::var_os("LOCKSTEP_STATE_DIR").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(d));
    }
    directories::ProjectDirs::from("", "", "lockstep").map(|d| d.data_local_dir().join("seen"))
}

fn file(vault_id: &[u8; 16], place: &Path) -> Option<PathBuf> {
    state_file(vault_id, place, "")
}

/// This device's file about the vault `vault_id` at `place` in the state folder: the rollback
/// record (`suffix` empty) or another one (`sync.json`: the sync settings).
pub fn state_file(vault_id: &[u8; 16], place: &Path, suffix: &str) -> Option<PathBuf> {
    let place = place.canonicalize().unwrap_or_else(|_| place.to_owned());
    let mut h = Sha256::new();
    h.update(vault_id);
    h.update(place.as_os_str().as_encoded_bytes());
    let name: String = h.finalize()[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    Some(if suffix.is_empty() {
        dir()?.join(name)
    } else {
        dir()?.join(format!("{name}.{suffix}"))
    })
}

/// The highest generation this device has seen of the vault at `place`, if any.
pub fn load(vault_id: &[u8; 16], place: &Path) -> Option<u64> {
    let text = std::fs::read_to_string(file(vault_id, place)?).ok()?;
    text.trim().parse().ok()
}

/// Records `generation` if it is higher than the one recorded. Best effort: a device that cannot
/// write its record only loses the warning, never the vault.
pub fn record(vault_id: &[u8; 16], place: &Path, generation: u64) {
    if load(vault_id, place).is_some_and(|g| g >= generation) {
        return;
    }
    if let Some(path) = file(vault_id, place) {
        let _ = crate::vault::store::write_private_atomic(&path, generation.to_string().as_bytes());
    }
}
