//! The session's side of syncing through a folder ([`crate::sync`], docs/sync.md): turning sync
//! on and off, merging the other devices' copies (on open, on request, when the folder changes),
//! writing this device's copy after each save, joining a vault another device put in the folder,
//! and the folder's status. The merge rules themselves are [`crate::sync::merge`].

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::Serialize;
use uuid::Uuid;

use super::{Notice, Session};
use crate::backup::{self, EntryRef};
use crate::error::{Error, Result, SyncProblem};
use crate::sync::{self, folder, Config, SyncMeta};
use crate::vault::store::write_private_atomic;
use crate::vault::{self, Credential, Entry, Envelope, Store, Unlocked};

/// What came in from one device.
#[derive(Clone, Debug, Default, Serialize)]
pub struct DeviceChanges {
    /// The device's name (or its file's name, for a copy that carries none).
    pub device: String,
    /// Entries it added.
    pub added: Vec<EntryRef>,
    /// Entries it changed.
    pub updated: Vec<EntryRef>,
    /// Entries it deleted (or merged as the same account added twice).
    pub removed: Vec<EntryRef>,
}

/// What a merge of the folder did.
#[derive(Clone, Debug, Default, Serialize)]
pub struct SyncReport {
    /// Changes that came in, by device.
    pub changes: Vec<DeviceChanges>,
    /// Copies this device cannot open yet: written after the password changed on their device.
    /// Unlocking with the new password merges them.
    pub locked: Vec<String>,
    /// Files skipped, with why (another vault's, damaged, unreadable).
    pub skipped: Vec<String>,
    /// Conflict copies merged and moved into the backups folder.
    pub tidied: Vec<PathBuf>,
    /// The device whose newer password or keys this device took, if any.
    pub keys_from: Option<String>,
}

impl SyncReport {
    /// Nothing came in.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty() && self.keys_from.is_none()
    }
}

/// One device's copy in the folder.
#[derive(Clone, Debug, Serialize)]
pub struct DeviceStatus {
    /// Its id (from the file's name).
    pub id: Option<Uuid>,
    /// Its name.
    pub name: String,
    /// Its file.
    pub file: PathBuf,
    /// When the file was last written (Unix seconds).
    pub written: Option<u64>,
    /// This device's own copy.
    pub this_device: bool,
    /// Whether this device can open it now.
    pub readable: bool,
    /// A conflict copy made by a sync tool (merged and tidied at the next merge).
    pub conflict: bool,
}

/// The sync folder and the devices in it.
#[derive(Clone, Debug, Serialize)]
pub struct SyncStatus {
    /// The folder.
    pub folder: PathBuf,
    /// This device's id.
    pub device: Uuid,
    /// This device's name.
    pub name: String,
    /// Every copy in the folder.
    pub devices: Vec<DeviceStatus>,
}

/// A session's sync settings and the state its next save is compared with.
pub(super) struct SyncState {
    pub config: Config,
    /// The entries as last read or saved: a save stamps what differs as this device's change.
    pub base: Vec<Entry>,
    /// The credentials as last read or saved.
    pub base_keys: (Option<[u8; 16]>, Vec<[u8; 16]>),
    /// The vault in memory differs from the file (sync just started, credentials taken from
    /// another device): the next merge saves even if nothing came in.
    pub dirty: bool,
}

/// Milliseconds since the Unix epoch.
fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Makes a vault that another device put in `folder` this computer's vault (there must be none
/// at `store`): the first copy that opens with `credential` is written to `store`, and this
/// device starts syncing through the folder as `name` (default: the computer's name). The next
/// [`Session::open`] merges every copy. Returns the vault's id.
pub fn join_folder(
    store: &Store,
    folder_path: &Path,
    credential: &Credential,
    name: Option<&str>,
) -> Result<[u8; 16]> {
    if store.path().exists() {
        return Err(Error::VaultExists(store.path().to_owned()));
    }
    let name = folder::check_name(&name.map_or_else(folder::default_name, str::to_owned))?;
    let found = folder::newest_first(folder_path)?;
    if found.is_empty() {
        return Err(Error::SyncFolder(SyncProblem::NothingToJoin {
            folder: folder_path.to_owned(),
        }));
    }
    let at = vault::now();
    let mut last = Error::WrongPassword;
    for f in &found {
        let Ok((bytes, env)) = folder::load(&f.path) else {
            continue;
        };
        match Unlocked::open(&env, credential, at) {
            Ok(_) => {
                let guard = store.lock()?;
                if store.path().exists() {
                    return Err(Error::VaultExists(store.path().to_owned()));
                }
                write_private_atomic(store.path(), &bytes)?;
                drop(guard);
                let config = Config {
                    folder: folder_path.to_owned(),
                    device: Uuid::new_v4(),
                    name,
                };
                folder::save_config(&env.vault_id, store.path(), Some(&config))?;
                return Ok(env.vault_id);
            }
            Err(e @ (Error::WrongPassword | Error::WrongRecoveryKey)) => last = e,
            Err(_) => {}
        }
    }
    Err(last)
}

/// Opens the vault from a copy in the sync folder when the local file no longer opens with
/// `credential` because the password changed on another device: the copy gives the new keys, and
/// the local file's entries are merged into it (it opens with the keys the copy carries).
pub(super) fn open_from_folder(
    config: &Config,
    local: &Envelope,
    credential: &Credential,
    at: u64,
) -> Option<Unlocked> {
    for f in folder::newest_first(&config.folder).ok()? {
        let Ok((_, env)) = folder::load(&f.path) else {
            continue;
        };
        if env.vault_id != local.vault_id {
            continue;
        }
        if let Ok(mut u) = Unlocked::open(&env, credential, at) {
            // The local file must open with the keys the copy carries, or its changes would be
            // lost: when both devices changed the password, this one needs its own password
            // first, then [`Session::sync_with`] the other.
            let mine = u.open_same_vault(local).ok()?;
            {
                u.learn_keys(&mine);
                u.vault.generation = u.vault.generation.max(mine.vault.generation);
                // Keep this device's clocks and deletions, then take the copy's in.
                let theirs = std::mem::replace(&mut u.vault, mine.vault.clone());
                sync::join(&mut u.vault, &theirs);
                if let Some(meta) = u.vault.sync.as_mut() {
                    meta.keys = meta
                        .keys
                        .max(theirs.sync.as_ref().map(|m| m.keys).unwrap_or_default());
                }
            }
            return Some(u);
        }
    }
    None
}

impl Session {
    /// Loads this device's sync settings for the open vault (on open).
    pub(super) fn sync_init(&mut self) {
        if let Some(config) = folder::load_config(&self.unlocked.vault_id, self.store.path()) {
            self.sync = Some(SyncState {
                config,
                base: Vec::new(),
                base_keys: (None, Vec::new()),
                dirty: false,
            });
            self.sync_loaded();
        }
    }

    /// After the vault was read: remembers it as the state the next save is compared with, and
    /// gives it sync clocks if it has none (or has another device's).
    pub(super) fn sync_loaded(&mut self) {
        let Some(state) = self.sync.as_mut() else {
            return;
        };
        let config = &state.config;
        let vault = &mut self.unlocked.vault;
        match vault.sync.as_mut() {
            None => {
                vault.sync = Some(SyncMeta::start(
                    vault,
                    config.device,
                    &config.name,
                    now_ms(),
                ));
                state.dirty = true;
            }
            Some(meta) if meta.device != config.device || meta.name != config.name => {
                meta.device = config.device;
                meta.name.clone_from(&config.name);
                state.dirty = true;
            }
            Some(_) => {}
        }
        state.base = vault.entries.clone();
        state.base_keys = self.unlocked.keys_fingerprint();
        self.unlocked.shared = true;
    }

    /// Before a save: records what changed since the vault was read as this device's changes.
    pub(super) fn sync_stamp(&mut self) {
        let Some(state) = self.sync.as_ref() else {
            return;
        };
        let ms = now_ms();
        let fingerprint = self.unlocked.keys_fingerprint();
        let vault = &mut self.unlocked.vault;
        let mut meta = vault.sync.take().unwrap_or_else(|| {
            SyncMeta::start(
                &crate::vault::Vault::default(),
                state.config.device,
                &state.config.name,
                ms,
            )
        });
        // An entry coming back under an id that was deleted (a restore, an undo) comes back as a
        // new entry: a delete is never undone by a copy that missed it, so neither by this one.
        let base: std::collections::HashSet<Uuid> = state.base.iter().map(|b| b.id).collect();
        for e in vault.entries.iter_mut() {
            if meta.deleted.contains_key(&e.id) && !base.contains(&e.id) {
                e.id = Uuid::new_v4();
            }
        }
        sync::stamp(&mut meta, &state.base, &vault.entries, ms);
        if fingerprint != state.base_keys {
            meta.keys = meta.next(ms);
        }
        meta.device = state.config.device;
        meta.name.clone_from(&state.config.name);
        vault.sync = Some(meta);
    }

    /// After a save: the saved state is the new base, and this device's copy in the folder is
    /// replaced by the vault file.
    pub(super) fn sync_saved(&mut self) {
        let Some(state) = self.sync.as_mut() else {
            return;
        };
        state.base = self.unlocked.vault.entries.clone();
        state.base_keys = self.unlocked.keys_fingerprint();
        state.dirty = false;
        if let Err(e) = self.publish() {
            self.notices.push(Notice::SyncWriteFailed {
                detail: e.to_string(),
            });
        }
    }

    /// Copies the vault file to this device's file in the folder, unless it is the same already.
    fn publish(&self) -> Result<()> {
        let Some(state) = self.sync.as_ref() else {
            return Ok(());
        };
        let bytes = std::fs::read(self.store.path())
            .map_err(Error::io("cannot read", self.store.path()))?;
        let own = state.config.own_file();
        if std::fs::read(&own).is_ok_and(|b| b == bytes) {
            return Ok(());
        }
        write_private_atomic(&own, &bytes)
    }

    /// Whether this vault syncs through a folder on this device.
    pub fn sync_config(&self) -> Option<&Config> {
        self.sync.as_ref().map(|s| &s.config)
    }

    /// The entry `id` was merged into, as the same account added on two devices (sync).
    pub fn merged_into(&self, id: Uuid) -> Option<Uuid> {
        self.unlocked.vault.sync.as_ref()?.deleted.get(&id)?.dup_of
    }

    /// What the merge made when the session opened, if the vault syncs (taken once).
    pub fn take_sync_report(&mut self) -> Option<SyncReport> {
        self.sync_report.take()
    }

    /// Starts syncing this vault through `folder_path` (created if missing) as `name` (default:
    /// this computer's name), then merges what the folder holds. Refuses a folder with another
    /// vault's copies, and the vault's own folder.
    pub fn start_sync(&mut self, folder_path: &Path, name: Option<&str>) -> Result<SyncReport> {
        let name = folder::check_name(&name.map_or_else(folder::default_name, str::to_owned))?;
        crate::vault::store::create_private_dir(folder_path)?;
        let folder_path = folder_path
            .canonicalize()
            .map_err(Error::io("cannot open the sync folder", folder_path))?;
        let vault_dir = self
            .store
            .target()?
            .parent()
            .and_then(|p| p.canonicalize().ok());
        if vault_dir.as_deref() == Some(folder_path.as_path()) {
            return Err(Error::SyncFolder(SyncProblem::VaultsOwnFolder));
        }
        for f in folder::list(&folder_path)? {
            if let Ok((_, env)) = folder::load(&f.path) {
                if env.vault_id != self.unlocked.vault_id {
                    return Err(Error::SyncFolder(SyncProblem::AnotherVault {
                        folder: folder_path.clone(),
                        file: file_name(&f.path),
                    }));
                }
            }
        }
        let device = self
            .sync
            .as_ref()
            .map_or_else(Uuid::new_v4, |s| s.config.device);
        let config = Config {
            folder: folder_path,
            device,
            name,
        };
        folder::save_config(&self.unlocked.vault_id, self.store.path(), Some(&config))?;
        self.sync = Some(SyncState {
            config,
            base: Vec::new(),
            base_keys: (None, Vec::new()),
            dirty: true,
        });
        self.sync_now_with(None)
    }

    /// Stops syncing on this device. The folder and the other devices' copies stay; this
    /// device's copy stays too, until it is deleted by hand.
    pub fn stop_sync(&mut self) -> Result<()> {
        folder::save_config(&self.unlocked.vault_id, self.store.path(), None)?;
        self.sync = None;
        Ok(())
    }

    /// Merges what the folder holds now, saves if anything came in, and writes this device's
    /// copy. [`Error::SyncFolder`] when the vault does not sync.
    pub fn sync_now(&mut self) -> Result<SyncReport> {
        self.sync_now_with(None)
    }

    /// [`Session::sync_now`], opening the copies that were sealed after the password changed on
    /// another device ([`SyncReport::locked`]) with that device's password: the newer
    /// credentials become this vault's, and nothing of either side is lost.
    pub fn sync_with(&mut self, credential: &Credential) -> Result<SyncReport> {
        self.sync_now_with(Some(credential))
    }

    /// [`Session::sync_now`], with a credential to open copies sealed after the credentials
    /// changed on another device.
    pub(super) fn sync_now_with(&mut self, credential: Option<&Credential>) -> Result<SyncReport> {
        let Some(state) = self.sync.as_ref() else {
            return Err(Error::SyncFolder(SyncProblem::NotSyncing));
        };
        let config = state.config.clone();
        let dirty = state.dirty;
        let guard = self.store.lock()?;
        if !dirty {
            let (env, _) = self.store.read()?;
            self.unlocked.reload(&env)?;
        }
        self.sync_loaded();
        let mut changed = self.sync.as_ref().is_some_and(|s| s.dirty);
        let at = vault::now();
        let mut report = SyncReport::default();
        let mut tidy = Vec::new();
        for f in folder::list(&config.folder)? {
            let name = file_name(&f.path);
            let env = match folder::load(&f.path) {
                Ok((_, env)) => env,
                Err(e) => {
                    report.skipped.push(format!("{name}: {e}"));
                    continue;
                }
            };
            if env.vault_id != self.unlocked.vault_id {
                report
                    .skipped
                    .push(format!("{name}: a copy of another vault"));
                continue;
            }
            let other = match self.unlocked.open_sibling(&env, credential, at) {
                Ok(u) => u,
                Err(Error::CredentialsChanged) => {
                    report.locked.push(name);
                    continue;
                }
                Err(e) => {
                    report.skipped.push(format!("{name}: {e}"));
                    continue;
                }
            };
            let theirs = other.vault.sync.as_ref();
            let device = theirs
                .map(|m| m.name.clone())
                .filter(|n| !n.is_empty())
                .unwrap_or_else(|| name.clone());
            let their_keys = theirs.map(|m| m.keys).unwrap_or_default();
            let our_keys = (self.unlocked.vault.sync.as_ref())
                .map(|m| m.keys)
                .unwrap_or_default();
            if their_keys > our_keys {
                if other.key_id() != self.unlocked.key_id() {
                    report.keys_from = Some(device.clone());
                }
                self.unlocked.adopt_keys(&other);
                if let Some(meta) = self.unlocked.vault.sync.as_mut() {
                    meta.keys = their_keys;
                }
                changed = true;
            } else if self.unlocked.learn_keys(&other) {
                changed = true;
            }
            let before: HashMap<Uuid, EntryRef> = self
                .unlocked
                .vault
                .entries
                .iter()
                .map(|e| (e.id, EntryRef::of(e)))
                .collect();
            let joined = sync::join(&mut self.unlocked.vault, &other.vault);
            if !joined.is_empty() {
                changed = true;
                let find = |id: &Uuid| {
                    self.unlocked
                        .vault
                        .entries
                        .iter()
                        .find(|e| e.id == *id)
                        .map(EntryRef::of)
                };
                let mut dc = DeviceChanges {
                    device: device.clone(),
                    ..DeviceChanges::default()
                };
                dc.added = joined.added.iter().filter_map(find).collect();
                dc.updated = joined.updated.iter().filter_map(find).collect();
                dc.removed = joined
                    .removed
                    .iter()
                    .filter_map(|id| before.get(id).cloned())
                    .collect();
                match report.changes.iter_mut().find(|c| c.device == device) {
                    Some(c) => {
                        c.added.extend(dc.added);
                        c.updated.extend(dc.updated);
                        c.removed.extend(dc.removed);
                    }
                    None => report.changes.push(dc),
                }
            }
            if f.conflict {
                tidy.push(f.path);
            }
        }
        if let Some(state) = self.sync.as_mut() {
            // What came in is not this device's change: the save stamps nothing of it.
            state.base = self.unlocked.vault.entries.clone();
            state.base_keys = self.unlocked.keys_fingerprint();
        }
        if changed {
            self.save(&guard)?;
        } else {
            self.publish()?;
        }
        drop(guard);
        for path in tidy {
            match self.tidy(&path) {
                Ok(to) => report.tidied.push(to),
                Err(e) => report.skipped.push(format!("{}: {e}", file_name(&path))),
            }
        }
        Ok(report)
    }

    /// Moves a merged conflict copy into the backups folder.
    fn tidy(&self, path: &Path) -> Result<PathBuf> {
        let dir = backup::backups_dir(&self.store);
        backup::check_backups_dir(&dir)?;
        crate::vault::store::create_private_dir(&dir)?;
        let to = dir.join(format!("sync-conflict-{}", file_name(path)));
        if std::fs::rename(path, &to).is_err() {
            // Another file system: copy, then remove.
            let bytes = folder::read(path)?;
            write_private_atomic(&to, &bytes)?;
            std::fs::remove_file(path).map_err(Error::io("cannot remove", path))?;
        }
        Ok(to)
    }

    /// The folder, this device and every copy in the folder, with when each was last written.
    pub fn sync_status(&self) -> Result<SyncStatus> {
        let Some(state) = self.sync.as_ref() else {
            return Err(Error::SyncFolder(SyncProblem::NotSyncing));
        };
        let config = &state.config;
        let at = vault::now();
        let mut devices = Vec::new();
        for f in folder::list(&config.folder)? {
            let opened = folder::load(&f.path)
                .ok()
                .map(|(_, env)| env)
                .filter(|env| env.vault_id == self.unlocked.vault_id)
                .and_then(|env| self.unlocked.open_sibling(&env, None, at).ok());
            let this_device = !f.conflict && f.device == Some(config.device);
            let name = opened
                .as_ref()
                .and_then(|u| u.vault.sync.as_ref())
                .map(|m| m.name.clone())
                .filter(|n| !n.is_empty())
                .unwrap_or_else(|| file_name(&f.path));
            devices.push(DeviceStatus {
                id: f.device,
                name: if this_device {
                    config.name.clone()
                } else {
                    name
                },
                written: folder::written(&f.path),
                this_device,
                readable: opened.is_some(),
                conflict: f.conflict,
                file: f.path,
            });
        }
        Ok(SyncStatus {
            folder: config.folder.clone(),
            device: config.device,
            name: config.name.clone(),
            devices,
        })
    }
}
