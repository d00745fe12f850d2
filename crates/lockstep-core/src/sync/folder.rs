//! The sync folder on disk (docs/sync.md): which files in it are vault copies, which are
//! conflict copies a sync tool made, this device's own file, and this device's sync settings
//! (kept with the rollback records, outside the synced folder).

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::error::{Damage, Error, Result, SyncProblem};

/// Largest file read from the folder (a vault of thousands of accounts is well under 1 MiB).
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// Ending of every vault copy in the folder.
pub const EXTENSION: &str = "lockstep";

/// This device's sync settings for one vault.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Config {
    /// The folder shared with the other devices.
    pub folder: PathBuf,
    /// This device's id: its file in the folder is `<device>.lockstep`.
    pub device: Uuid,
    /// This device's name, shown on the others.
    pub name: String,
}

impl Config {
    /// This device's own file in the folder.
    pub fn own_file(&self) -> PathBuf {
        self.folder.join(format!("{}.{EXTENSION}", self.device))
    }
}

/// One vault copy found in the folder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    /// Its path.
    pub path: PathBuf,
    /// A copy made by a sync tool when two devices wrote one file (Syncthing's
    /// `.sync-conflict-`, Nextcloud's and Dropbox's "conflicted copy").
    pub conflict: bool,
    /// The device id in its name (`<device>.lockstep`), when it has one.
    pub device: Option<Uuid>,
}

/// Is `name` a conflict copy made by a sync tool?
pub fn is_conflict_copy(name: &str) -> bool {
    let lower = name.to_lowercase();
    lower.contains(".sync-conflict-") || lower.contains("conflicted copy")
}

/// The vault copies in `folder`, sorted by name: files ending in `.lockstep`, not hidden (sync
/// tools and Lockstep write temporary files with a leading dot).
pub fn list(folder: &Path) -> Result<Vec<Found>> {
    let rd = std::fs::read_dir(folder).map_err(Error::io("cannot read the sync folder", folder))?;
    let mut out = Vec::new();
    for e in rd.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || !name.ends_with(&format!(".{EXTENSION}")) {
            continue;
        }
        if !e.file_type().is_ok_and(|t| t.is_file()) {
            continue;
        }
        let conflict = is_conflict_copy(&name);
        let stem = &name[..name.len() - EXTENSION.len() - 1];
        out.push(Found {
            path: e.path(),
            conflict,
            device: if conflict {
                None
            } else {
                Uuid::parse_str(stem).ok()
            },
        });
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(out)
}

/// Reads a copy, refusing one over [`MAX_FILE_BYTES`].
pub fn read(path: &Path) -> Result<Vec<u8>> {
    let len = std::fs::metadata(path)
        .map_err(Error::io("cannot read", path))?
        .len();
    if len > MAX_FILE_BYTES {
        return Err(Error::CorruptVault(Damage::SyncFileTooLarge));
    }
    std::fs::read(path).map_err(Error::io("cannot read", path))
}

/// Reads a copy and parses its envelope: the bytes (to copy as they are) and the envelope.
pub fn load(path: &Path) -> Result<(Vec<u8>, crate::vault::Envelope)> {
    let bytes = read(path)?;
    let env = crate::vault::Envelope::parse(&bytes, path)?;
    Ok((bytes, env))
}

/// [`list`], newest first and conflict copies last: the order to try copies in when any one
/// will do (joining, or taking new keys after a password change elsewhere).
pub fn newest_first(folder: &Path) -> Result<Vec<Found>> {
    let mut found = list(folder)?;
    found.sort_by_key(|f| (f.conflict, std::cmp::Reverse(written(&f.path))));
    Ok(found)
}

/// When the file was last written (Unix seconds), if known.
pub fn written(path: &Path) -> Option<u64> {
    let m = std::fs::metadata(path).ok()?.modified().ok()?;
    Some(m.duration_since(std::time::UNIX_EPOCH).ok()?.as_secs())
}

/// This computer's name, for a device that was given none.
pub fn default_name() -> String {
    for var in ["LOCKSTEP_DEVICE_NAME", "HOSTNAME", "COMPUTERNAME"] {
        if let Some(v) = std::env::var(var).ok().filter(|v| !v.trim().is_empty()) {
            return v.trim().to_owned();
        }
    }
    std::fs::read_to_string("/etc/hostname")
        .ok()
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "this computer".into())
}

/// Checks a device name: trimmed, 1 to 64 characters, no control characters.
pub fn check_name(name: &str) -> Result<String> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 64 || name.chars().any(char::is_control) {
        return Err(Error::SyncFolder(SyncProblem::BadDeviceName));
    }
    Ok(name.to_owned())
}

/// The settings of the vault `vault_id` at `place` on this device, if it syncs.
pub fn load_config(vault_id: &[u8; 16], place: &Path) -> Option<Config> {
    let path = crate::session::state_file(vault_id, place, "sync.json")?;
    let text = std::fs::read(path).ok()?;
    serde_json::from_slice(&text).ok()
}

/// Saves (or with `None` removes) this device's settings for the vault.
pub fn save_config(vault_id: &[u8; 16], place: &Path, config: Option<&Config>) -> Result<()> {
    let path = crate::session::state_file(vault_id, place, "sync.json")
        .ok_or(Error::SyncFolder(SyncProblem::NoStateFolder))?;
    match config {
        Some(c) => {
            let json = serde_json::to_vec_pretty(c)
                .map_err(|_| Error::SyncFolder(SyncProblem::SettingsUnwritable))?;
            crate::vault::store::write_private_atomic(&path, &json)
        }
        None => match std::fs::remove_file(&path) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(Error::io("cannot remove", &path)(e)),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conflict_copies_of_the_common_sync_tools_are_recognised() {
        for name in [
            "5b0e.sync-conflict-20261202-101500-ABCDEFG.lockstep",
            "5b0e (conflicted copy 2026-12-02 101500).lockstep",
            "5b0e (Alice's conflicted copy 2026-12-02).lockstep",
        ] {
            assert!(is_conflict_copy(name), "{name}");
        }
        assert!(!is_conflict_copy(
            "5b0e5b0e-0000-4000-8000-000000000000.lockstep"
        ));
    }

    #[test]
    fn list_takes_vault_copies_only() {
        let dir = tempfile::tempdir().unwrap();
        let dev = Uuid::new_v4();
        for name in [
            format!("{dev}.lockstep"),
            format!("{dev}.sync-conflict-20261202-101500-ABCDEFG.lockstep"),
            ".syncthing.x.lockstep.tmp".into(),
            format!(".{dev}.lockstep.tmp-12"),
            "notes.txt".into(),
        ] {
            std::fs::write(dir.path().join(name), b"x").unwrap();
        }
        let found = list(dir.path()).unwrap();
        assert_eq!(found.len(), 2);
        assert_eq!(found.iter().filter(|f| f.conflict).count(), 1);
        assert_eq!(
            found.iter().find(|f| !f.conflict).unwrap().device,
            Some(dev)
        );
    }
}
