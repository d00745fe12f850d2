//! One open vault for its whole life: the only way the CLI and the app touch a vault. A
//! [`Session`] opens the file with a credential (choosing which one itself), applies every change
//! as one call (reload → apply → automatic backup → save, [`Session::apply`]), previews and
//! commits imports and restores, writes exports and backups where they may go ([`paths`]), gives
//! out codes and HOTP codes, and notices an older copy put back in the vault's place ([`seen`]).
//! It prompts and prints nothing: the shells gather secrets and show results.

mod change;
mod health;
pub mod paths;
mod seen;
mod sync;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use serde::Serialize;
use uuid::Uuid;
use zeroize::Zeroizing;

pub use crate::backup::Verification;
/// What a shell needs to name a vault and its credentials (no store or crypto operations).
pub use crate::backup::KEEP_DEFAULT;
/// The backup types a shell shows (views: no keys, no file access).
pub use crate::backup::{backups_dir, BackupInfo, EntryRef, RestoreMode, RestoreReport};
pub use crate::export::{ExportFormat, FormatInfo};
pub use crate::vault::{now, Credential, KdfParams, RecoveryKey, Store};
pub use change::{Applied, BackupRule, Change};
pub use health::{BackupHealth, REMIND_AFTER};
pub(crate) use seen::state_file;
pub use sync::{join_folder, DeviceChanges, DeviceStatus, SyncReport, SyncStatus};

use crate::backup;
use crate::error::{Error, KindMismatch, PasswordProblem, Pending, Result, SlotProblem};
use crate::import::{ImportError, ImportResult, Plan, PlannedAccount};
use crate::otp::{self, Kind};
use crate::uri::Account;
use crate::vault::store::{write_private_atomic, Stamp};
use crate::vault::{self, Entry, SlotKind, Unlocked, Vault};

/// How long after the password (or recovery key) was last given a change that needs it
/// ([`Change::needs_proof`], plain exports) may go ahead without asking again.
pub const PROOF_SECS: u64 = 5 * 60;

/// How a session was opened.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OpenedWith {
    /// The password.
    Password,
    /// The recovery key (the shells offer to set a new password).
    RecoveryKey,
    /// This device's remembered key in the OS keyring.
    Device,
}

/// A member of the vault, as the shells list them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MemberView {
    /// The name (`owner` for the password `init` set).
    pub name: String,
    /// When the member was added (Unix seconds); `None` for the owner, made with the vault.
    pub added: Option<u64>,
    /// Whether this session was opened with this member's password.
    pub is_you: bool,
}

impl From<vault::MemberInfo> for MemberView {
    fn from(m: vault::MemberInfo) -> Self {
        MemberView {
            name: m.name,
            added: m.added,
            is_you: m.is_you,
        }
    }
}

/// Something the person should know that did not stop the session. Data for the window (tagged
/// by `kind`, its catalog words it); `Display` is the English sentence the CLI prints.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Notice {
    /// The vault file is older than the one this device last saw: it may be an old copy.
    RolledBack {
        /// The file's save number.
        generation: u64,
        /// The highest save number this device saw.
        seen: u64,
    },
    /// The daily automatic backup failed.
    BackupFailed {
        /// Why (the error's English sentence: paths and system errors).
        detail: String,
    },
    /// The vault came from a sync folder whose newer password this device now uses.
    KeysFromSync,
    /// The sync folder could not be merged while opening.
    SyncFailed {
        /// Why, as for `BackupFailed`.
        detail: String,
    },
    /// This device's copy could not be written to the sync folder.
    SyncWriteFailed {
        /// Why, as for `BackupFailed`.
        detail: String,
    },
    /// This device's "remember" period ended; it was forgotten.
    DeviceExpired,
}

impl std::fmt::Display for Notice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Notice::RolledBack { generation, seen } => write!(
                f,
                "this vault file is older than the one this device last saw (save {generation}, \
                 this device saw save {seen}): it may have been replaced by an old copy, with \
                 deleted accounts back and HOTP counters rewound. Check it before changing \
                 anything; the next change saves over it"
            ),
            Notice::BackupFailed { detail } => write!(f, "no automatic backup was made: {detail}"),
            Notice::KeysFromSync => {
                f.write_str("the password was changed on another device; this device now uses it")
            }
            Notice::SyncFailed { detail } => {
                write!(f, "the sync folder was not merged: {detail}")
            }
            Notice::SyncWriteFailed { detail } => write!(
                f,
                "this device's copy could not be written to the sync folder: {detail}"
            ),
            Notice::DeviceExpired => {
                f.write_str("this device's \"remember\" period ended; it was forgotten")
            }
        }
    }
}

/// The session's settings.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    /// How many automatic backups to keep.
    pub keep_backups: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            keep_backups: backup::KEEP_DEFAULT,
        }
    }
}

/// One row of a codes list: metadata and codes, never the secret.
#[derive(Clone, Debug, Serialize)]
pub struct CodeView {
    /// The entry.
    pub id: Uuid,
    /// totp, hotp or steam.
    pub kind: &'static str,
    /// Service name.
    pub issuer: String,
    /// Account name.
    pub account: String,
    /// `issuer (account)`.
    pub name: String,
    /// Tags.
    pub tags: Vec<String>,
    /// Note.
    pub note: String,
    /// Shown first.
    pub favorite: bool,
    /// Icon.
    pub icon: Option<String>,
    /// HMAC hash (the edit dialog shows it; Steam is always SHA1).
    pub algorithm: &'static str,
    /// Code length.
    pub digits: u8,
    /// Seconds per code (TOTP, Steam).
    pub period: u32,
    /// HOTP: the counter of the next code.
    pub counter: Option<u64>,
    /// Current code (HOTP: the last one given out in this session, or empty).
    pub code: String,
    /// The code in groups for reading (`123 456`).
    pub grouped: String,
    /// Code of the next period (TOTP, Steam), empty for HOTP.
    pub next: String,
    /// The next code in groups.
    pub next_grouped: String,
    /// Seconds left in the period (0 for HOTP).
    pub remaining: u32,
}

/// One account of an import preview.
#[derive(Clone, Debug, Serialize)]
pub struct PreviewItem {
    /// Index to tick for [`Session::commit_import`].
    pub index: usize,
    /// Service name.
    pub issuer: String,
    /// Account name.
    pub account: String,
    /// `issuer (account)`.
    pub name: String,
    /// totp, hotp or steam.
    pub kind: &'static str,
    /// HMAC hash.
    pub algorithm: &'static str,
    /// Code length.
    pub digits: u8,
    /// Seconds per code (TOTP, Steam).
    pub period: u32,
    /// HOTP: the counter of the next code.
    pub counter: Option<u64>,
    /// Today's code in groups (TOTP, Steam), so a wrong type or length shows before adding;
    /// empty for HOTP (showing it would not use up the counter, and mislead).
    pub code: String,
    /// Already in the vault (or repeated in the source): not added unless ticked.
    pub duplicate: bool,
}

/// An import preview.
#[derive(Clone, Debug, Serialize)]
pub struct Preview {
    /// The accounts read.
    pub accounts: Vec<PreviewItem>,
    /// The entries that could not be read, with why.
    pub errors: Vec<ImportError>,
}

/// What an export or backup wrote.
#[derive(Debug, Serialize)]
pub struct Exported {
    /// The file (or folder) written.
    pub path: PathBuf,
    /// Accounts written.
    pub accounts: usize,
    /// Files written (Google QR codes: one per batch).
    pub files: usize,
    /// Their paths.
    pub written: Vec<PathBuf>,
    /// Accounts the format cannot carry, with the reason.
    pub skipped: Vec<ImportError>,
}

/// An open vault.
pub struct Session {
    store: Store,
    options: Options,
    unlocked: Unlocked,
    stamp: Stamp,
    /// Size and modification time when `stamp` was taken: an unchanged file is not re-hashed.
    seen_file: Option<(u64, SystemTime)>,
    opened_with: OpenedWith,
    /// When the password or recovery key was last given.
    proved_at: Option<u64>,
    /// HOTP codes given out, shown until the session ends.
    hotp_shown: HashMap<Uuid, Zeroizing<String>>,
    /// The import preview awaiting commit (secrets stay here, never in a view).
    pending_import: Vec<PlannedAccount>,
    /// The opened backup whose restore plan was shown, awaiting commit.
    pending_restore: Option<(Vault, RestoreMode)>,
    /// Entries deleted in this session and the automatic backup taken just before, for
    /// [`Session::undo_delete`].
    deleted: HashMap<Uuid, PathBuf>,
    notices: Vec<Notice>,
    /// This device's sync settings, when the vault syncs through a folder.
    sync: Option<sync::SyncState>,
    /// What the merge at open brought in.
    sync_report: Option<SyncReport>,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("path", &self.store.path())
            .field("opened_with", &self.opened_with)
            .field("entries", &self.unlocked.vault.entries.len())
            .finish_non_exhaustive()
    }
}

fn file_seen(path: &Path) -> Option<(u64, SystemTime)> {
    let m = std::fs::metadata(path).ok()?;
    Some((m.len(), m.modified().ok()?))
}

/// Creates a vault at `store` with `password` (checked by the policy); returns the recovery key
/// to show once. Refuses to overwrite a vault.
pub fn create(store: &Store, password: &str, kdf: KdfParams) -> Result<RecoveryKey> {
    crate::policy::check_new_password(password)?;
    let (unlocked, recovery) = store.create(password, kdf)?;
    seen::record(&unlocked.vault_id, store.path(), unlocked.vault.generation);
    Ok(recovery)
}

/// Makes a backup file (made by `lockstep backup`, the app, or an automatic backup) this
/// computer's vault when it has none: it must open with `credential` (its password or recovery
/// key then); its accounts, credentials and recovery key come with it. Returns how many accounts.
pub fn restore_as_new(store: &Store, bytes: &[u8], credential: &Credential) -> Result<usize> {
    let opened = backup::open_backup(bytes, credential)?;
    let guard = store.lock()?;
    if store.path().exists() {
        return Err(Error::VaultExists(store.path().to_owned()));
    }
    write_private_atomic(store.path(), bytes)?;
    drop(guard);
    seen::record(&opened.vault_id, store.path(), opened.vault.generation);
    Ok(opened.vault.entries.len())
}

/// The automatic backups beside the vault at `store`, newest first (no key needed).
pub fn backups(store: &Store) -> Result<Vec<backup::BackupInfo>> {
    backup::list_backups(store)
}

/// Removes the vault file that [`create`] just made, when its recovery key could not be shown
/// (a vault whose recovery key nobody saw must not be left behind).
pub fn discard_new(store: &Store) -> Result<()> {
    let _guard = store.lock()?;
    std::fs::remove_file(store.path()).map_err(Error::io("cannot remove", store.path()))
}

/// Whether this device has a live "remember" slot for the vault at `store`.
pub fn remembered(store: &Store) -> bool {
    store
        .read()
        .map(|(env, _)| vault::has_live_keyring_slot(&env, vault::now()))
        .unwrap_or(false)
}

impl Session {
    /// Opens the vault at `store`. The credential given wins; with none, this device's remembered
    /// key is tried, and when there is none (or it fails) the answer is
    /// [`Error::PasswordNeeded`]: the shell asks for the password and calls again.
    ///
    /// On open, an expired "remember" slot is removed with its keyring item, the daily automatic
    /// backup is taken when due, and an older copy of the vault than this device has seen is
    /// reported ([`Session::notices`]).
    pub fn open(store: Store, given: Option<Credential>, options: Options) -> Result<Session> {
        let (env, stamp) = store.read()?;
        let at = vault::now();
        let config = crate::sync::folder::load_config(&env.vault_id, store.path());
        let mut from_folder = false;
        let (unlocked, opened_with) = match &given {
            Some(c) => {
                let with = match c {
                    Credential::Password(_) => OpenedWith::Password,
                    Credential::Recovery(_) => OpenedWith::RecoveryKey,
                    Credential::Keyring => OpenedWith::Device,
                };
                let unlocked = match (Unlocked::open(&env, c, at), &config) {
                    (Err(e @ (Error::WrongPassword | Error::WrongRecoveryKey)), Some(cfg)) => {
                        // The password may have changed on another device: its copy opens.
                        from_folder = true;
                        sync::open_from_folder(cfg, &env, c, at).ok_or(e)?
                    }
                    (opened, _) => opened?,
                };
                (unlocked, with)
            }
            None if vault::has_live_keyring_slot(&env, at) => {
                match Unlocked::open(&env, &Credential::Keyring, at) {
                    Ok(u) => (u, OpenedWith::Device),
                    Err(_) => return Err(Error::PasswordNeeded),
                }
            }
            None => return Err(Error::PasswordNeeded),
        };
        let expired = env
            .slots
            .iter()
            .any(|s| matches!(s.kind, SlotKind::Keyring { expires } if expires <= at));
        let mut session = Session {
            seen_file: file_seen(store.path()),
            store,
            options,
            unlocked,
            stamp,
            opened_with,
            proved_at: (opened_with != OpenedWith::Device).then_some(at),
            hotp_shown: HashMap::new(),
            pending_import: Vec::new(),
            pending_restore: None,
            deleted: HashMap::new(),
            notices: Vec::new(),
            sync: None,
            sync_report: None,
        };
        let generation = session.unlocked.vault.generation;
        match seen::load(&session.unlocked.vault_id, session.store.path()) {
            Some(g) if g > generation => session.notices.push(Notice::RolledBack {
                generation,
                seen: g,
            }),
            _ => seen::record(&session.unlocked.vault_id, session.store.path(), generation),
        }
        if let Err(e) = backup::auto_backup_if_due(&session.store, at, session.options.keep_backups)
        {
            session.notices.push(Notice::BackupFailed {
                detail: e.to_string(),
            });
        }
        session.sync_init();
        if let Some(state) = session.sync.as_mut() {
            state.dirty |= from_folder;
            match session.sync_now_with(given.as_ref()) {
                Ok(report) => {
                    if from_folder {
                        session.notices.push(Notice::KeysFromSync);
                    }
                    session.sync_report = Some(report);
                }
                Err(e) if from_folder => return Err(e),
                Err(e) => session.notices.push(Notice::SyncFailed {
                    detail: e.to_string(),
                }),
            }
        }
        if expired {
            // Saving drops the expired slot and deletes its keyring item (Unlocked::seal).
            session.save_as_is()?;
            session.notices.push(Notice::DeviceExpired);
        }
        Ok(session)
    }

    /// What happened on open that the person should know (taken once).
    pub fn take_notices(&mut self) -> Vec<Notice> {
        std::mem::take(&mut self.notices)
    }

    /// How the session was opened.
    pub fn opened_with(&self) -> OpenedWith {
        self.opened_with
    }

    /// The vault file.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The entries, in display order.
    pub fn entries(&self) -> &[Entry] {
        &self.unlocked.vault.entries
    }

    /// The entry with this id.
    pub fn entry(&self, id: Uuid) -> Result<&Entry> {
        self.entries()
            .iter()
            .find(|e| e.id == id)
            .ok_or_else(|| Error::NoMatch(id.to_string()))
    }

    /// Exactly one entry by id, id prefix or name ([`Vault::find_one`]).
    pub fn find_one(&self, query: &str) -> Result<&Entry> {
        Ok(&self.entries()[self.unlocked.vault.find_one(query)?])
    }

    /// The entries matching a search ([`crate::entry::matches`]), in display order.
    pub fn search(&self, query: &str) -> Vec<&Entry> {
        self.unlocked.vault.find(query)
    }

    /// Every tag in use, once each, sorted ([`crate::entry::all_tags`]): suggestions for an edit.
    pub fn tags(&self) -> Vec<String> {
        crate::entry::all_tags(self.entries())
    }

    /// Until when this device is remembered, if it is.
    pub fn remembered_until(&self) -> Option<u64> {
        self.unlocked.remembered_until()
    }

    /// The vault's members (a password each; docs/vault-format.md, "Members"), the owner first.
    pub fn members(&self) -> Vec<MemberView> {
        self.unlocked
            .members()
            .into_iter()
            .map(MemberView::from)
            .collect()
    }

    /// Whether the vault has a recovery key.
    pub fn has_recovery_key(&self) -> bool {
        self.unlocked
            .slots
            .iter()
            .any(|s| matches!(s.kind, SlotKind::Recovery { .. }))
    }

    /// Re-reads the vault if another process saved it (with the key in memory). Returns whether
    /// anything changed.
    pub fn refresh(&mut self) -> Result<bool> {
        let seen = file_seen(self.store.path());
        if seen.is_some() && seen == self.seen_file {
            return Ok(false);
        }
        self.seen_file = seen;
        if self.store.stamp()? == self.stamp {
            return Ok(false);
        }
        let (env, stamp) = self.store.read()?;
        self.unlocked.reload(&env)?;
        self.sync_loaded();
        self.stamp = stamp;
        seen::record(
            &self.unlocked.vault_id,
            self.store.path(),
            self.unlocked.vault.generation,
        );
        Ok(true)
    }

    /// Proves the person knows the password (or recovery key) now: needed for
    /// [`Change::needs_proof`] changes and plain exports when the session was opened by a
    /// remembered device or more than [`PROOF_SECS`] ago.
    pub fn confirm(&mut self, credential: &Credential) -> Result<()> {
        if matches!(credential, Credential::Keyring) {
            return Err(Error::ConfirmIdentity("go on"));
        }
        let (env, _) = self.store.read()?;
        let opened = Unlocked::open(&env, credential, vault::now())?;
        if opened.vault_id != self.unlocked.vault_id {
            return Err(Error::Slot(SlotProblem::DifferentVault));
        }
        if self.opened_with == OpenedWith::Device {
            // Opened by a remembered device: whoever proves with their password is "you" (a new
            // password then replaces theirs, not the owner's).
            self.unlocked.adopt_opener(&opened);
        }
        self.proved_at = Some(vault::now());
        Ok(())
    }

    /// Whether the password (or recovery key) was given within the last [`PROOF_SECS`].
    pub fn proved(&self) -> bool {
        self.proved_at
            .is_some_and(|t| vault::now().saturating_sub(t) <= PROOF_SECS)
    }

    fn require_proof(&self, what: &'static str) -> Result<()> {
        if self.proved() {
            Ok(())
        } else {
            Err(Error::ConfirmIdentity(what))
        }
    }

    /// Applies one change: under the vault's lock, re-reads the file (keeping what another
    /// process saved), applies the change, takes the automatic backup its rule asks for, saves,
    /// and returns what changed. Nothing is written when any step fails.
    pub fn apply(&mut self, change: Change) -> Result<Applied> {
        if let Some(what) = change.needs_proof() {
            self.require_proof(what)?;
        }
        if let Change::SetPassword { password, .. } | Change::AddMember { password, .. } = &change {
            crate::policy::check_new_password(password)?;
        }
        let rule = change.backup_rule();
        let deleting = match change {
            Change::Delete(id) => Some(id),
            _ => None,
        };
        // New code parameters: an HOTP code given out with the old ones is no longer shown.
        let recoded = match &change {
            Change::Edit { id, patch } if patch.otp.is_some() => Some(*id),
            _ => None,
        };
        let guard = self.store.lock()?;
        let (env, _) = self.store.read()?;
        self.unlocked.reload(&env)?;
        self.sync_loaded();
        // The sync clocks are not the change's to touch (a restore replaces the whole vault).
        let meta = self.unlocked.vault.sync.take();
        let result = change.apply_to(&mut self.unlocked, vault::now());
        if self.unlocked.vault.sync.is_none() {
            self.unlocked.vault.sync = meta;
        }
        let (mut applied, changed) = result?;
        if !changed {
            return Ok(applied);
        }
        let keep = self.options.keep_backups;
        applied.backup = match rule {
            BackupRule::Routine => backup::auto_backup_if_due(&self.store, vault::now(), keep)?,
            BackupRule::Destructive(reason) => backup::auto_backup(&self.store, reason, keep)?,
        };
        self.save(&guard)?;
        if let Some(id) = recoded {
            self.hotp_shown.remove(&id);
        }
        for (id, code, _) in &applied.codes {
            self.hotp_shown.insert(*id, code.clone());
        }
        if let (Some(id), Some(path)) = (deleting, &applied.backup) {
            self.deleted.insert(id, path.clone());
        }
        Ok(applied)
    }

    /// Undoes a delete made in this session: the entry comes back, with its id, secret, fields
    /// and place, from the automatic backup taken just before the delete (opened with the keys
    /// in memory). Nothing else in that backup is restored. Refused when the entry is back
    /// already or was not deleted in this session.
    pub fn undo_delete(&mut self, id: Uuid) -> Result<Applied> {
        let path = self
            .deleted
            .get(&id)
            .cloned()
            .ok_or(Error::NothingPending(Pending::NotDeletedHere))?;
        let bytes = Zeroizing::new(std::fs::read(&path).map_err(Error::io("cannot read", &path))?);
        let mut opened = backup::open_backup_for(&bytes, &self.unlocked, None)?;
        let at = opened
            .vault
            .entries
            .iter()
            .position(|e| e.id == id)
            .ok_or_else(|| Error::NoMatch(id.to_string()))?;
        let entry = opened.vault.entries.remove(at);
        let applied = self.apply(Change::Reinstate(Box::new(entry)))?;
        self.deleted.remove(&id);
        Ok(applied)
    }

    /// Saves the vault as it is in memory (after a reload), e.g. to drop an expired slot.
    fn save_as_is(&mut self) -> Result<()> {
        let guard = self.store.lock()?;
        let (env, _) = self.store.read()?;
        self.unlocked.reload(&env)?;
        self.sync_loaded();
        self.save(&guard)
    }

    fn save(&mut self, guard: &vault::store::LockGuard) -> Result<()> {
        let id = self.unlocked.vault_id;
        let seen = seen::load(&id, self.store.path()).unwrap_or(0);
        let before = self.unlocked.vault.generation;
        self.unlocked.vault.generation = before.max(seen).saturating_add(1);
        if self.sync.is_some() {
            self.unlocked.prune_expired(vault::now())?;
            self.sync_stamp();
        }
        if let Err(e) = self.store.save(guard, &mut self.unlocked) {
            self.unlocked.vault.generation = before;
            return Err(e);
        }
        seen::record(&id, self.store.path(), self.unlocked.vault.generation);
        self.stamp = self.store.stamp()?;
        self.seen_file = file_seen(self.store.path());
        self.sync_saved();
        Ok(())
    }

    /// Every entry's codes at `at` (HOTP: the code last given out in this session, if any).
    pub fn codes(&self, at: u64) -> Vec<CodeView> {
        self.entries()
            .iter()
            .map(|e| {
                let params = e.otp();
                let hotp = e.kind == Kind::Hotp;
                let (code, next) = if hotp {
                    let shown = self.hotp_shown.get(&e.id).map(|c| c.to_string());
                    (shown.unwrap_or_default(), String::new())
                } else {
                    (params.code_at(at), params.next_code_at(at))
                };
                CodeView {
                    id: e.id,
                    kind: e.kind.as_str(),
                    issuer: e.issuer.clone(),
                    account: e.account.clone(),
                    name: e.display_name(),
                    tags: e.tags.clone(),
                    note: e.note.clone(),
                    favorite: e.favorite,
                    icon: e.icon.clone(),
                    algorithm: e.algorithm.as_str(),
                    digits: e.digits,
                    period: e.period,
                    counter: hotp.then_some(e.counter),
                    grouped: otp::group(&code),
                    next_grouped: otp::group(&next),
                    code,
                    next,
                    remaining: if hotp { 0 } else { params.remaining(at) },
                }
            })
            .collect()
    }

    /// "Copy next": TOTP/Steam the next period's code; HOTP a new code (which uses up the
    /// counter, as the next-code button does).
    pub fn next_code_to_copy(&mut self, id: Uuid) -> Result<Zeroizing<String>> {
        let e = self.entry(id)?;
        if e.kind != Kind::Hotp {
            return Ok(Zeroizing::new(e.otp().next_code_at(vault::now())));
        }
        self.give_out_hotp(id)
    }

    /// HOTP: uses up the saved counter, giving its code.
    fn give_out_hotp(&mut self, id: Uuid) -> Result<Zeroizing<String>> {
        let mut applied = self.apply(Change::AdvanceHotp(vec![id]))?;
        applied
            .codes
            .pop()
            .map(|(_, code, _)| code)
            .ok_or(Error::WrongKind(KindMismatch::NextCodeNeedsHotp))
    }

    /// The code to copy for an entry now: TOTP/Steam the current one; HOTP the one last given
    /// out in this session, or the next one (which uses up the counter).
    pub fn code_to_copy(&mut self, id: Uuid) -> Result<Zeroizing<String>> {
        let e = self.entry(id)?;
        if e.kind != Kind::Hotp {
            return Ok(Zeroizing::new(e.otp().code_at(vault::now())));
        }
        if let Some(code) = self.hotp_shown.get(&id) {
            return Ok(code.clone());
        }
        self.give_out_hotp(id)
    }

    /// The entry's account with its secret, for "show QR" and `show --reveal`: the one way a
    /// secret leaves the session, on a person's explicit request.
    pub fn reveal(&self, id: Uuid) -> Result<Account> {
        Ok(self.entry(id)?.to_account())
    }

    /// Reads what a source yielded into a preview (duplicates flagged, unticked); it waits for
    /// [`Session::commit_import`].
    pub fn preview(&mut self, result: ImportResult) -> Result<Preview> {
        self.refresh()?;
        let plan = Plan::new(&self.unlocked.vault, result);
        let now = vault::now();
        let accounts = plan
            .accounts
            .iter()
            .enumerate()
            .map(|(index, p)| {
                let otp = &p.account.otp;
                let hotp = otp.kind == Kind::Hotp;
                PreviewItem {
                    index,
                    issuer: p.account.issuer.clone(),
                    account: p.account.account.clone(),
                    name: p.account.display_name(),
                    kind: otp.kind.as_str(),
                    algorithm: otp.algorithm.as_str(),
                    digits: otp.digits,
                    period: otp.period,
                    counter: hotp.then_some(otp.counter),
                    code: if hotp {
                        String::new()
                    } else {
                        otp::group(&otp.code_at(now))
                    },
                    duplicate: p.duplicate_of.is_some(),
                }
            })
            .collect();
        self.pending_import = plan.accounts;
        Ok(Preview {
            accounts,
            errors: plan.errors,
        })
    }

    /// Adds the previewed accounts: those at `chosen`, or with `None` every one that is not a
    /// duplicate. An automatic backup is taken first.
    pub fn commit_import(&mut self, chosen: Option<&[usize]>) -> Result<Applied> {
        let pending = std::mem::take(&mut self.pending_import);
        let accounts: Vec<PlannedAccount> = pending
            .into_iter()
            .enumerate()
            .filter(|(i, p)| match chosen {
                Some(c) => c.contains(i),
                None => p.duplicate_of.is_none(),
            })
            .map(|(_, p)| p)
            .collect();
        if accounts.is_empty() {
            return Ok(Applied::default());
        }
        self.apply(Change::Import(accounts))
    }

    /// Opens a backup and plans restoring it; the plan waits for [`Session::commit_restore`].
    /// A backup of this vault opens with its keys in memory, whatever password sealed it; a
    /// backup of another vault needs `password` ([`Error::BackupPasswordNeeded`] without one).
    pub fn plan_restore(
        &mut self,
        bytes: &[u8],
        password: Option<Zeroizing<String>>,
        mode: RestoreMode,
    ) -> Result<RestoreReport> {
        self.refresh()?;
        let opened = self.open_backup(bytes, password)?;
        let (_, report) = backup::plan_restore(&self.unlocked.vault, &opened.vault, mode);
        let mut opened = opened;
        self.pending_restore = Some((std::mem::take(&mut opened.vault), mode));
        Ok(report)
    }

    /// Opens backup bytes: a backup of this vault with the keys in memory, another vault's with
    /// `password` ([`Error::BackupPasswordNeeded`] without one, [`Error::WrongBackupPassword`]
    /// when it does not open).
    fn open_backup(&self, bytes: &[u8], password: Option<Zeroizing<String>>) -> Result<Unlocked> {
        match backup::open_backup_for(bytes, &self.unlocked, None) {
            Ok(u) => Ok(u),
            Err(Error::WrongPassword) => match password {
                None => Err(Error::BackupPasswordNeeded),
                Some(pw) => {
                    backup::open_backup(bytes, &Credential::Password(pw)).map_err(|e| match e {
                        Error::WrongPassword => Error::WrongBackupPassword,
                        e => e,
                    })
                }
            },
            Err(e) => Err(e),
        }
    }

    /// Restores the planned backup: an automatic backup of the vault first, then one save.
    pub fn commit_restore(&mut self) -> Result<RestoreReport> {
        let (backup, mode) = self
            .pending_restore
            .take()
            .ok_or(Error::NothingPending(Pending::NoRestoreChosen))?;
        self.pending_import.clear();
        let applied = self.apply(Change::Restore { backup, mode })?;
        Ok(applied.restore.unwrap_or_default())
    }

    /// Writes every account in `format` to `out` (a folder for Google QR pictures). Refuses the
    /// vault file, its lock and its backups folder ([`paths::check_output`]); a plain format
    /// needs the password proved recently; an encrypted one a `password` the policy accepts.
    pub fn export(
        &mut self,
        format: ExportFormat,
        out: &Path,
        password: Option<&str>,
    ) -> Result<Exported> {
        paths::check_output(&self.store, out)?;
        if format.is_plain() {
            self.require_proof("export the secrets unencrypted")?;
        }
        let password = if format.needs_password() {
            let pw = password.ok_or(Error::WeakPassword(PasswordProblem::ExportNeedsOne))?;
            crate::policy::check_new_password(pw)?;
            Some(pw)
        } else {
            None
        };
        self.refresh()?;
        let accounts = self.entries().len();
        match format {
            ExportFormat::Lockstep => {
                let bytes = Zeroizing::new(backup::backup(&mut self.unlocked)?);
                write_private_atomic(out, &bytes)?;
                self.note_backup(out);
            }
            ExportFormat::GoogleQr => {
                let batch_id = i32::from_be_bytes(vault::crypto::random()?) & 0x7fff_ffff;
                let pics = crate::export::google_qr::pictures(self.entries(), batch_id)?;
                let mut written = Vec::new();
                for (name, png) in &pics.files {
                    let path = out.join(name);
                    write_private_atomic(&path, png)?;
                    written.push(path);
                }
                return Ok(Exported {
                    path: out.to_owned(),
                    accounts: pics.accounts,
                    files: written.len(),
                    written,
                    skipped: pics.skipped,
                });
            }
            _ => {
                let bytes = crate::export::export(self.entries(), format, password)?;
                write_private_atomic(out, &bytes)?;
            }
        }
        Ok(Exported {
            path: out.to_owned(),
            accounts,
            files: 1,
            written: vec![out.to_owned()],
            skipped: Vec::new(),
        })
    }

    /// Writes bytes that hold secrets (a QR picture of an account) to `out`, owner-only, refusing
    /// the vault's own files as exports do.
    pub fn write_private(&self, out: &Path, bytes: &[u8]) -> Result<()> {
        paths::check_output(&self.store, out)?;
        write_private_atomic(out, bytes)
    }

    /// The automatic backups beside the vault, newest first.
    pub fn backups(&self) -> Result<Vec<backup::BackupInfo>> {
        backup::list_backups(&self.store)
    }
}
