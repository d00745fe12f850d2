//! Syncing the open vault through a folder (issue 15, docs/sync.md): Settings → Sync's views and
//! actions, and the watcher's "did a copy arrive?" check. The session does every merge and
//! decides what a copy holds; this maps its status and reports to what the window shows. The
//! folder comes from the native dialog in Rust, never from the webview.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use lockstep_core::error::SyncProblem;
use lockstep_core::session::{self, Credential, SyncReport, SyncStatus};
use lockstep_core::sync::folder;
use lockstep_core::Store;
use serde::Serialize;
use zeroize::Zeroizing;

use super::AppState;
use crate::error::{Error, Result};
use crate::problem::AppProblem;

/// Settings → Sync: off, or the folder, this device and every copy in the folder.
#[derive(Debug, Default, Serialize)]
pub struct SyncView {
    /// This vault syncs through a folder on this device.
    pub on: bool,
    /// The folder.
    pub folder: Option<String>,
    /// This device's name.
    pub name: Option<String>,
    /// The other devices' copies (this device's own is left out).
    pub devices: Vec<DeviceView>,
}

/// One other device's copy in the folder.
#[derive(Debug, Serialize)]
pub struct DeviceView {
    /// Its name (or its file's name, for a copy that carries none).
    pub name: String,
    /// When it last wrote its copy (Unix seconds).
    pub written: Option<u64>,
    /// This device can open it now; `false`: it was sealed under a password changed there.
    pub readable: bool,
    /// A conflict copy made by the sync tool (merged and tidied at the next merge).
    pub conflict: bool,
}

impl From<SyncStatus> for SyncView {
    fn from(s: SyncStatus) -> Self {
        SyncView {
            on: true,
            folder: Some(s.folder.display().to_string()),
            name: Some(s.name),
            devices: s
                .devices
                .into_iter()
                .filter(|d| !d.this_device)
                .map(|d| DeviceView {
                    name: d.name,
                    written: d.written,
                    readable: d.readable,
                    conflict: d.conflict,
                })
                .collect(),
        }
    }
}

/// What a merge brought in, as data the window words in the reader's language (`sync.ts`
/// `newsText`): what came from each device, whose new password this device took, and whether the
/// list must be read again.
#[derive(Clone, Debug, Default, Serialize)]
pub struct SyncNews {
    /// What came in, one device each.
    pub devices: Vec<DeviceNews>,
    /// The device whose newer password (and keys) this device now uses, if it took them.
    pub keys_from: Option<String>,
    /// The vault changed: the list is read again.
    pub changed: bool,
    /// Copies sealed under a password changed on another device (Settings → Sync opens them).
    pub locked: usize,
    /// Files skipped, with why (the core's English sentences; not shown in the window).
    pub skipped: Vec<String>,
}

/// The accounts one device's copy added, changed and removed, by display name
/// (`uri::display_name`: "Bank (12345678)").
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct DeviceNews {
    /// The device's name.
    pub device: String,
    /// Accounts it added.
    pub added: Vec<String>,
    /// Accounts it changed.
    pub updated: Vec<String>,
    /// Accounts it deleted.
    pub removed: Vec<String>,
}

impl SyncNews {
    /// Nothing to tell.
    pub fn is_empty(&self) -> bool {
        self.devices.is_empty()
            && self.keys_from.is_none()
            && self.locked == 0
            && self.skipped.is_empty()
    }
}

fn names(refs: &[session::EntryRef]) -> Vec<String> {
    refs.iter().map(session::EntryRef::display_name).collect()
}

impl From<SyncReport> for SyncNews {
    fn from(r: SyncReport) -> Self {
        SyncNews {
            changed: !r.is_empty(),
            devices: r
                .changes
                .iter()
                .map(|c| DeviceNews {
                    device: c.device.clone(),
                    added: names(&c.added),
                    updated: names(&c.updated),
                    removed: names(&c.removed),
                })
                .collect(),
            keys_from: r.keys_from,
            locked: r.locked.len(),
            skipped: r.skipped,
        }
    }
}

/// What the watcher compares from one tick to the next: the other devices' copies, with their
/// size and time (this device's own copy is left out: writing it is not news).
pub(super) type FolderSeen = Vec<(PathBuf, u64, Option<SystemTime>)>;

fn folder_seen(config: &lockstep_core::sync::Config) -> Option<FolderSeen> {
    let found = folder::list(&config.folder).ok()?;
    Some(
        found
            .into_iter()
            .filter(|f| f.conflict || f.device != Some(config.device))
            .map(|f| {
                let meta = std::fs::metadata(&f.path).ok();
                let len = meta.as_ref().map_or(0, std::fs::Metadata::len);
                let modified = meta.and_then(|m| m.modified().ok());
                (f.path, len, modified)
            })
            .collect(),
    )
}

impl AppState {
    fn folder_seen_slot(&self) -> std::sync::MutexGuard<'_, Option<FolderSeen>> {
        self.0.folder_seen.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Settings → Sync.
    pub fn sync_status(&self) -> Result<SyncView> {
        self.with_open(|s| match s.sync_config() {
            None => Ok(SyncView::default()),
            Some(_) => Ok(s.sync_status()?.into()),
        })
    }

    /// Starts syncing through `folder` (chosen in the native dialog) as `name` (default: this
    /// computer's name), merging what the folder holds.
    pub fn sync_start(&self, folder: &Path, name: Option<&str>) -> Result<SyncNews> {
        let name = name.map(str::trim).filter(|n| !n.is_empty());
        let report = self.with_open(|s| Ok(s.start_sync(folder, name)?))?;
        self.forget_folder_seen();
        Ok(report.into())
    }

    /// "Sync now".
    pub fn sync_now(&self) -> Result<SyncNews> {
        Ok(self.with_open(|s| Ok(s.sync_now()?))?.into())
    }

    /// "Stop syncing": the folder and the copies in it stay.
    pub fn sync_off(&self) -> Result<()> {
        self.with_open(|s| Ok(s.stop_sync()?))?;
        self.forget_folder_seen();
        Ok(())
    }

    /// Opens the copies sealed after the password changed on another device, with that password.
    pub fn sync_unlock_copies(&self, password: Zeroizing<String>) -> Result<SyncNews> {
        let report = self.with_open(|s| Ok(s.sync_with(&Credential::Password(password))?))?;
        // Some copies may still need a third device's password: only opening none is an error.
        if !report.locked.is_empty() && report.is_empty() {
            return Err(Error::WrongPassword(
                AppProblem::SyncPasswordOpensNothing.into(),
            ));
        }
        Ok(report.into())
    }

    /// The watcher's tick: when another device's copy arrived or changed since the last look
    /// (or this is the first look since unlocking), merges the folder. `None`: nothing to do.
    /// Does not count as activity (the idle clock goes on).
    pub fn merge_if_folder_changed(&self) -> Result<Option<SyncNews>> {
        let mut guard = self.session();
        let Some(s) = guard.as_mut() else {
            return Ok(None);
        };
        let Some(config) = s.sync_config() else {
            return Ok(None);
        };
        // An unreadable folder (unmounted, removed) has nothing to merge; Settings → Sync says why.
        let Some(now) = folder_seen(config) else {
            return Ok(None);
        };
        let mut seen = self.folder_seen_slot();
        if seen.as_ref() == Some(&now) {
            return Ok(None);
        }
        *seen = Some(now);
        drop(seen);
        match s.sync_now() {
            Ok(report) => Ok(Some(report.into())),
            Err(e) => {
                // The vault may be busy (another process saving): try again next tick.
                self.forget_folder_seen();
                Err(e.into())
            }
        }
    }

    /// The next watcher tick looks at the folder afresh (after unlocking, starting, an error).
    pub(super) fn forget_folder_seen(&self) {
        *self.folder_seen_slot() = None;
    }

    /// The welcome screen's "Join a synced vault": the vault another device put in `folder`
    /// becomes this computer's (there must be none yet), then opens with the same password.
    pub fn join_synced(
        &self,
        folder: &Path,
        password: Zeroizing<String>,
        remember: bool,
    ) -> Result<super::Unlocked> {
        join(&self.0.store, folder, &password)?;
        self.unlock(Some(Credential::Password(password)), remember)
    }
}

fn join(store: &Store, folder: &Path, password: &Zeroizing<String>) -> Result<()> {
    session::join_folder(store, folder, &Credential::Password(password.clone()), None)
        .map(drop)
        .map_err(|e| match e {
            // The core's sentence for a folder nothing in opens, with its words; the kind
            // stays wrong_password (the window asks for the password again).
            lockstep_core::Error::WrongPassword => Error::WrongPassword(
                (&lockstep_core::Error::SyncFolder(SyncProblem::NothingOpens {
                    folder: folder.to_owned(),
                }))
                    .into(),
            ),
            e => e.into(),
        })
}

#[cfg(test)]
mod tests {
    use super::super::tests::{created, LINK, PW};
    use super::*;
    use lockstep_core::session::{Change, Options, Session};

    /// A second device: a vault joined from `folder`, opened as a session.
    fn device_b(dir: &tempfile::TempDir, folder: &Path) -> Session {
        let store = Store::new(dir.path().join("b.lockstep"));
        session::join_folder(
            &store,
            folder,
            &Credential::Password(Zeroizing::new(PW.into())),
            Some("laptop"),
        )
        .unwrap();
        Session::open(
            store,
            Some(Credential::Password(Zeroizing::new(PW.into()))),
            Options::default(),
        )
        .unwrap()
    }

    /// An open app state ("desk") syncing through `shared` in `dir`.
    fn syncing(dir: &tempfile::TempDir) -> (AppState, PathBuf) {
        let st = created(dir);
        let shared = dir.path().join("shared");
        st.sync_start(&shared, Some("desk")).unwrap();
        (st, shared)
    }

    /// B adds the test account; A's watcher check merges it.
    fn add_then_merge(b: &mut Session, st: &AppState) -> SyncNews {
        let account = lockstep_core::uri::parse(LINK).unwrap();
        b.apply(Change::Add(Box::new(account))).unwrap();
        st.merge_if_folder_changed().unwrap().unwrap()
    }

    #[test]
    fn sync_is_off_then_shows_the_folder_and_the_other_devices() {
        let dir = tempfile::tempdir().unwrap();
        let st = created(&dir);
        let view = st.sync_status().unwrap();
        assert!(!view.on);
        assert!(view.folder.is_none() && view.devices.is_empty());

        let shared = dir.path().join("shared");
        let news = st.sync_start(&shared, Some(" desk ")).unwrap();
        assert!(news.devices.is_empty(), "{news:?}");
        let view = st.sync_status().unwrap();
        assert!(view.on);
        assert_eq!(view.name.as_deref(), Some("desk"));
        assert_eq!(
            view.folder.as_deref(),
            Some(
                shared
                    .canonicalize()
                    .unwrap()
                    .display()
                    .to_string()
                    .as_str()
            )
        );
        // This device's own copy is not listed among the others.
        assert!(view.devices.is_empty(), "{:?}", view.devices);

        let _b = device_b(&dir, &shared);
        let view = st.sync_status().unwrap();
        assert_eq!(view.devices.len(), 1, "{:?}", view.devices);
        assert_eq!(view.devices[0].name, "laptop");
        assert!(view.devices[0].readable && !view.devices[0].conflict);
        assert!(view.devices[0].written.is_some());

        st.sync_off().unwrap();
        assert!(!st.sync_status().unwrap().on);
        assert!(matches!(st.sync_now(), Err(Error::BadInput(_))));
    }

    /// The watcher's check merges once per change of another device's copy, and tells what came
    /// in, by device, in the words the toast shows.
    #[test]
    fn a_copy_arriving_is_merged_once_and_told_by_device() {
        let dir = tempfile::tempdir().unwrap();
        let (st, shared) = syncing(&dir);
        // First look after starting: merges, nothing new.
        let first = st.merge_if_folder_changed().unwrap().unwrap();
        assert!(first.is_empty() && !first.changed, "{first:?}");
        assert!(st.merge_if_folder_changed().unwrap().is_none());

        let mut b = device_b(&dir, &shared);
        let news = add_then_merge(&mut b, &st);
        assert!(news.changed);
        assert_eq!(
            news.devices,
            [DeviceNews {
                device: "laptop".into(),
                added: vec!["ACME (me@example.com)".into()],
                ..DeviceNews::default()
            }]
        );
        assert_eq!(st.codes(0).unwrap().entries.len(), 1);
        // Merging wrote this device's copy: that is no news.
        assert!(st.merge_if_folder_changed().unwrap().is_none());

        // A delete here reaches the other device when it next opens the vault.
        let id = st.codes(0).unwrap().entries[0].id;
        st.delete_entry(id).unwrap();
        assert!(b.sync_now().unwrap().changes[0].removed.len() == 1);
        assert!(b.entries().is_empty());
    }

    /// A copy sealed after the password changed on the other device shows as unreadable until
    /// that password is given; a wrong one says so, the right one merges and takes the new keys.
    #[test]
    fn copies_under_a_password_changed_elsewhere_open_with_that_password() {
        let dir = tempfile::tempdir().unwrap();
        let (st, shared) = syncing(&dir);
        let mut b = device_b(&dir, &shared);
        let new_pw = "a different long passphrase";
        b.apply(Change::SetPassword {
            password: Zeroizing::new(new_pw.into()),
            kdf: lockstep_core::KdfParams::CHEAPEST,
        })
        .unwrap();
        let news = add_then_merge(&mut b, &st);
        assert_eq!(news.locked, 1, "{news:?}");
        let view = st.sync_status().unwrap();
        assert!(!view.devices[0].readable);
        let e = st
            .sync_unlock_copies(Zeroizing::new("not it at all".into()))
            .unwrap_err();
        assert!(matches!(e, Error::WrongPassword(_)), "{e:?}");
        let news = st
            .sync_unlock_copies(Zeroizing::new(new_pw.into()))
            .unwrap();
        assert_eq!(news.locked, 0);
        assert!(
            news.devices
                .iter()
                .any(|d| d.device == "laptop" && !d.added.is_empty()),
            "{news:?}"
        );
        assert_eq!(news.keys_from.as_deref(), Some("laptop"), "{news:?}");
        assert!(st.sync_status().unwrap().devices[0].readable);
        st.lock();
        st.unlock(
            Some(Credential::Password(Zeroizing::new(new_pw.into()))),
            false,
        )
        .unwrap();
    }

    #[test]
    fn the_news_names_every_kind_of_change_and_the_new_keys() {
        let entry = |issuer: &str| session::EntryRef {
            id: uuid::Uuid::new_v4(),
            issuer: issuer.into(),
            account: String::new(),
        };
        let report = SyncReport {
            changes: vec![session::DeviceChanges {
                device: "laptop".into(),
                added: vec![entry("A"), entry("B")],
                updated: vec![],
                removed: vec![entry("C")],
            }],
            locked: vec!["x.lockstep".into()],
            keys_from: Some("phone".into()),
            ..SyncReport::default()
        };
        let news = SyncNews::from(report);
        assert_eq!(
            news.devices,
            [DeviceNews {
                device: "laptop".into(),
                added: vec!["A".into(), "B".into()],
                updated: vec![],
                removed: vec!["C".into()],
            }]
        );
        assert_eq!(news.keys_from.as_deref(), Some("phone"));
        // As the window receives it (ui/src/lib/api.ts `SyncNews`).
        assert_eq!(
            serde_json::to_value(&news).unwrap(),
            serde_json::json!({
                "devices": [{"device": "laptop", "added": ["A", "B"], "updated": [], "removed": ["C"]}],
                "keys_from": "phone", "changed": true, "locked": 1, "skipped": []
            })
        );
        assert!(news.changed);
        assert_eq!(news.locked, 1);
    }

    #[test]
    fn joining_takes_the_vault_from_the_folder_and_a_wrong_password_says_so() {
        let dir = tempfile::tempdir().unwrap();
        let (st, shared) = syncing(&dir);
        st.preview_text(LINK).unwrap();
        st.commit_import(&[0]).unwrap();
        let other = tempfile::tempdir().unwrap();
        let joined = AppState::new(Store::new(other.path().join("v.lockstep")), None);
        let e = joined
            .join_synced(&shared, Zeroizing::new("not the password".into()), false)
            .unwrap_err();
        assert!(matches!(e, Error::WrongPassword(_)), "{e:?}");
        assert!(!joined.status().exists);
        let opened = joined
            .join_synced(&shared, Zeroizing::new(PW.into()), false)
            .unwrap();
        // The merge made while opening comes back with the unlock, for the window to tell.
        assert!(opened.synced.is_some());
        assert!(joined.sync_status().unwrap().on);
        assert_eq!(joined.codes(0).unwrap().entries.len(), 1);
    }
}
