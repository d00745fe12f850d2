//! Backup health: when this device last wrote a backup outside the vault's own folder, whether
//! to remind the person to make one, and checking a chosen backup against the vault. The record
//! is this device's (`<hash>.backup.json` in the state folder, beside the rollback record) and
//! best effort: a device that cannot write it only loses the reminder, never the vault.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::Session;
use crate::backup::{self, Verification};
use crate::error::Result;

const DAY: u64 = 24 * 60 * 60;
/// After this long without a backup outside the vault's folder, the app reminds.
pub const REMIND_AFTER: u64 = 30 * DAY;
/// "Later" on the reminder puts it off this long.
const SNOOZE: u64 = 7 * DAY;
const SUFFIX: &str = "backup.json";

/// What this device remembers of its backups of one vault.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
struct Record {
    /// When this device first looked (the reminder counts from here when there is no backup).
    since: u64,
    /// The last backup written outside the vault's folder, and where.
    #[serde(default)]
    last: Option<u64>,
    #[serde(default)]
    path: Option<PathBuf>,
    /// "Later" was chosen: no reminder before this time.
    #[serde(default)]
    snoozed_until: Option<u64>,
}

/// How the vault's backups stand on this device.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BackupHealth {
    /// Unix seconds of the last backup written outside the vault's own folder, if any.
    pub last: Option<u64>,
    /// Where it was written.
    pub path: Option<PathBuf>,
    /// No such backup for [`REMIND_AFTER`] (counted from the first look when there is none).
    pub due: bool,
    /// `due`, and not put off with "Later".
    pub remind: bool,
}

impl Record {
    fn health(&self, now: u64) -> BackupHealth {
        let from = self.last.unwrap_or(0).max(self.since);
        let due = now.saturating_sub(from) >= REMIND_AFTER;
        BackupHealth {
            last: self.last,
            path: self.path.clone(),
            due,
            remind: due && self.snoozed_until.is_none_or(|until| now >= until),
        }
    }
}

/// Whether `out` lies outside the folder that holds the vault `vault` (a copy in the vault's
/// folder, or in its backups folder, dies with the disk or the folder: it does not count).
fn outside(vault: &Path, out: &Path) -> bool {
    // The folder a file is in, resolved (a bare file name is in the current folder).
    let folder = |file: &Path| {
        let dir = file.parent().filter(|p| !p.as_os_str().is_empty());
        let dir = dir.unwrap_or(Path::new("."));
        dir.canonicalize().unwrap_or_else(|_| dir.to_owned())
    };
    !folder(out).starts_with(folder(vault))
}

impl Session {
    fn health_file(&self) -> Option<PathBuf> {
        super::state_file(&self.unlocked.vault_id, self.store.path(), SUFFIX)
    }

    /// This device's record, or a new one counting from `now` (`true`: there was none).
    fn health_record(&self, now: u64) -> (Record, bool) {
        let read = self
            .health_file()
            .and_then(|path| std::fs::read(path).ok())
            .and_then(|text| serde_json::from_slice(&text).ok());
        match read {
            Some(r) => (r, false),
            None => (
                Record {
                    since: now,
                    ..Default::default()
                },
                true,
            ),
        }
    }

    fn save_health(&self, record: &Record) {
        let Some(path) = self.health_file() else {
            return;
        };
        if let Some(dir) = path.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        if let Ok(json) = serde_json::to_vec_pretty(record) {
            let _ = crate::vault::store::write_private_atomic(&path, &json);
        }
    }

    /// How the vault's backups stand at `now`. The first call on a device starts the count.
    pub fn backup_health(&self, now: u64) -> BackupHealth {
        let (r, fresh) = self.health_record(now);
        if fresh {
            self.save_health(&r);
        }
        r.health(now)
    }

    /// "Later": no reminder for a week from `now`.
    pub fn snooze_backup_reminder(&self, now: u64) {
        let (mut r, _) = self.health_record(now);
        r.snoozed_until = Some(now + SNOOZE);
        self.save_health(&r);
    }

    /// Notes a backup just written to `out` when it lies outside the vault's folder.
    pub(super) fn note_backup(&self, out: &Path) {
        if !outside(self.store.path(), out) {
            return;
        }
        let now = crate::vault::now();
        let (mut r, _) = self.health_record(now);
        r.last = Some(now);
        r.path = Some(out.canonicalize().unwrap_or_else(|_| out.to_owned()));
        r.snoozed_until = None;
        self.save_health(&r);
    }

    /// Opens the backup `bytes` with the current credentials (a backup of this vault opens with
    /// its keys; another vault's needs `password`) and compares it with the vault. Changes
    /// nothing.
    pub fn verify_backup(
        &mut self,
        bytes: &[u8],
        password: Option<Zeroizing<String>>,
    ) -> Result<Verification> {
        self.refresh()?;
        let opened = self.open_backup(bytes, password)?;
        Ok(backup::verify(&self.unlocked.vault, &opened.vault))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const T0: u64 = 1_800_000_000;

    #[test]
    fn reminds_thirty_days_after_the_last_backup_or_the_first_look() {
        let fresh = Record {
            since: T0,
            ..Default::default()
        };
        assert!(!fresh.health(T0 + REMIND_AFTER - 1).due);
        assert!(fresh.health(T0 + REMIND_AFTER).due);
        let backed_up = Record {
            since: T0,
            last: Some(T0 + 20 * DAY),
            ..Default::default()
        };
        assert!(!backed_up.health(T0 + 40 * DAY).due);
        assert!(backed_up.health(T0 + 50 * DAY).remind);
    }

    #[test]
    fn later_puts_the_reminder_off_but_keeps_it_due() {
        let r = Record {
            since: T0,
            snoozed_until: Some(T0 + 40 * DAY),
            ..Default::default()
        };
        let h = r.health(T0 + 35 * DAY);
        assert!(h.due && !h.remind);
        assert!(r.health(T0 + 40 * DAY).remind);
    }

    #[test]
    fn only_a_backup_outside_the_vault_folder_counts() {
        let dir = tempfile::tempdir().unwrap();
        let vault_dir = dir.path().join("lockstep");
        std::fs::create_dir_all(vault_dir.join("backups")).unwrap();
        let other = dir.path().join("usb");
        std::fs::create_dir_all(&other).unwrap();
        let vault = vault_dir.join("vault.lockstep");
        assert!(!outside(&vault, &vault_dir.join("copy.lockstep")));
        assert!(!outside(
            &vault,
            &vault_dir.join("backups").join("b.lockstep")
        ));
        assert!(outside(&vault, &other.join("b.lockstep")));
        // A sibling folder whose name starts like the vault's is still outside.
        let sibling = dir.path().join("lockstep-old");
        std::fs::create_dir_all(&sibling).unwrap();
        assert!(outside(&vault, &sibling.join("b.lockstep")));
    }
}
