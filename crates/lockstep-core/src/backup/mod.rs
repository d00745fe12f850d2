//! Lockstep's own backups: a backup is a vault file (same envelope and slots, docs/vault-format.md)
//! sealed at the time it was made, so it opens with the password and recovery key of that time.
//! This module makes them ([`backup`]), opens them ([`open_backup`]), restores them by replace or
//! merge ([`plan_restore`], [`restore`], [`restore_bytes`]), and keeps automatic copies in a
//! `backups` folder beside the vault ([`auto_backup`], [`auto_backup_if_due`], [`list_backups`]),
//! and checks one against the vault ([`verify`]).
//! It does not prompt, print or choose which password to try: the CLI and the app do.

use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::error::{BackupsDirProblem, Damage, Error, Result};
use crate::vault::{self, Credential, Entry, Envelope, Store, Unlocked, Vault};

mod verify;
pub use verify::{verify, Verification};

/// Folder of automatic backups, beside the vault file.
pub const BACKUP_DIR: &str = "backups";
/// How many automatic backups are kept by default.
pub const KEEP_DEFAULT: usize = 10;
/// Seconds between two "daily" automatic backups.
pub const DAILY: u64 = 24 * 60 * 60;
/// Name prefix of automatic backups (rotation never touches other files).
const PREFIX: &str = "lockstep-backup-";
/// Extension of backups.
const EXT: &str = ".lockstep";

/// The bytes of a backup of the open vault: its envelope sealed now, with the current slots.
pub fn backup(unlocked: &mut Unlocked) -> Result<Vec<u8>> {
    Ok(unlocked.seal(vault::now())?.to_bytes())
}

/// Writes a backup of the open vault to `out` (owner-only permissions), replacing a file there.
pub fn write_backup(unlocked: &mut Unlocked, out: &Path) -> Result<()> {
    let bytes = backup(unlocked)?;
    write_private(out, &bytes)
}

/// Opens backup bytes with a credential (the password or recovery key valid when it was made).
/// A damaged or foreign file is [`Error::CorruptBackup`]; a wrong password [`Error::WrongPassword`].
pub fn open_backup(bytes: &[u8], credential: &Credential) -> Result<Unlocked> {
    let env = Envelope::parse(bytes, Path::new("backup")).map_err(as_backup_error)?;
    Unlocked::open(&env, credential, vault::now()).map_err(as_backup_error)
}

/// Opens backup bytes for a process that holds the vault open (the app): a backup of this same
/// vault opens with the data keys in memory (the current one or an earlier one, by the backup's
/// key id), whatever password it was sealed under; any other backup, or one sealed under a newer
/// data key than this process knows, needs `credential` (`None`: [`Error::WrongPassword`], so
/// the caller asks for one).
pub fn open_backup_for(
    bytes: &[u8],
    current: &Unlocked,
    credential: Option<&Credential>,
) -> Result<Unlocked> {
    let env = Envelope::parse(bytes, Path::new("backup")).map_err(as_backup_error)?;
    if env.vault_id == current.vault_id {
        match current.open_same_vault(&env) {
            // Sealed under a data key this process never held (after a change of credential it
            // has not seen): only the credential of its time opens it.
            Err(Error::CredentialsChanged) => {}
            other => return other.map_err(as_backup_error),
        }
    }
    match credential {
        Some(c) => Unlocked::open(&env, c, vault::now()).map_err(as_backup_error),
        None => Err(Error::WrongPassword),
    }
}

fn as_backup_error(e: Error) -> Error {
    match e {
        Error::CorruptVault(why) => Error::CorruptBackup(why),
        Error::NotAVault(_) => Error::CorruptBackup(Damage::NotLockstep),
        other => other,
    }
}

/// What a restore does to the vault.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RestoreMode {
    /// The vault's accounts become exactly the backup's.
    Replace,
    /// Adds the backup's accounts the vault lacks; for one in both keeps the newer (`modified`).
    Merge,
}

/// An account named in a restore report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EntryRef {
    /// The entry id (the vault's, when the account is in both).
    pub id: Uuid,
    /// Service name.
    pub issuer: String,
    /// Account name.
    pub account: String,
}

impl EntryRef {
    /// The entry's reference.
    pub fn of(e: &Entry) -> Self {
        EntryRef {
            id: e.id,
            issuer: e.issuer.clone(),
            account: e.account.clone(),
        }
    }

    /// How people see the account named ([`crate::uri::display_name`]).
    pub fn display_name(&self) -> String {
        crate::uri::display_name(&self.issuer, &self.account)
    }
}

/// What a restore did, or would do (`--dry-run`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct RestoreReport {
    /// Accounts of the backup the vault did not have.
    pub added: Vec<EntryRef>,
    /// Accounts in both where the backup's version won (newer, or `--replace`).
    pub updated: Vec<EntryRef>,
    /// Accounts in both where the vault's version stayed (newer or identical).
    pub kept: Vec<EntryRef>,
    /// Vault accounts not in the backup, removed (`--replace` only).
    pub removed: Vec<EntryRef>,
}

/// Index in `vault` of the same account as `e`: same id, or same secret and issuer/account.
fn counterpart(vault: &[Entry], e: &Entry) -> Option<usize> {
    vault.iter().position(|v| v.id == e.id).or_else(|| {
        vault
            .iter()
            .position(|v| v.same_account(&e.issuer, &e.account, &e.secret))
    })
}

/// The vault after restoring `backup` into `current`, and the report. Pure: nothing is saved.
pub fn plan_restore(current: &Vault, backup: &Vault, mode: RestoreMode) -> (Vault, RestoreReport) {
    let mut report = RestoreReport::default();
    let mut out = current.clone();
    let mut matched = vec![false; current.entries.len()];
    let mut added = Vec::new();
    for b in &backup.entries {
        match counterpart(&current.entries, b) {
            Some(i) if !matched[i] => {
                matched[i] = true;
                let mine = &current.entries[i];
                let take_backup = match mode {
                    RestoreMode::Replace => b != mine,
                    RestoreMode::Merge => b.modified > mine.modified,
                };
                if take_backup {
                    // Keep the vault's id so references (CLI history, app state) stay valid.
                    out.entries[i] = Entry {
                        id: mine.id,
                        ..b.clone()
                    };
                    report.updated.push(EntryRef::of(&out.entries[i]));
                } else {
                    report.kept.push(EntryRef::of(mine));
                }
            }
            _ => {
                let mut e = b.clone();
                if out
                    .entries
                    .iter()
                    .chain(&added)
                    .any(|x: &Entry| x.id == e.id)
                {
                    e.id = Uuid::new_v4(); // a repeat inside the backup: keep both, ids unique
                }
                report.added.push(EntryRef::of(&e));
                added.push(e);
            }
        }
    }
    if mode == RestoreMode::Replace {
        let mut i = 0;
        out.entries.retain(|e| {
            let keep = matched[i];
            i += 1;
            if !keep {
                report.removed.push(EntryRef::of(e));
            }
            keep
        });
    }
    for e in added {
        match mode {
            RestoreMode::Replace => out.entries.push(e), // keep the backup's own order
            RestoreMode::Merge => {
                out.push(e);
            }
        }
    }
    out.sort();
    (out, report)
}

/// Restores an opened backup into the vault at `store` (opened with `credential`): under the
/// vault lock, makes an automatic backup of the current file, then applies [`plan_restore`] and
/// saves once. Nothing is written if any step fails.
pub fn restore(
    store: &Store,
    credential: &Credential,
    backup: &Vault,
    mode: RestoreMode,
    keep: usize,
) -> Result<RestoreReport> {
    store.update(credential, |unlocked| {
        let (vault, report) = plan_restore(&unlocked.vault, backup, mode);
        auto_backup(store, "restore", keep)?;
        unlocked.vault = vault;
        Ok(report)
    })
}

/// [`restore`] for a process that holds the vault open (the app): under the vault lock, reloads
/// `unlocked` if another process saved, makes an automatic backup of the current file, applies
/// [`plan_restore`] and saves once. Nothing is written if any step fails.
pub fn restore_open(
    store: &Store,
    unlocked: &mut Unlocked,
    backup: &Vault,
    mode: RestoreMode,
    keep: usize,
) -> Result<RestoreReport> {
    store.update_open(unlocked, |u| {
        let (vault, report) = plan_restore(&u.vault, backup, mode);
        auto_backup(store, "restore", keep)?;
        u.vault = vault;
        Ok(report)
    })
}

/// Opens `bytes` with `backup_credential` first — a damaged file or wrong password fails here,
/// before the vault is touched — then [`restore`]s. `dry_run` only reports.
pub fn restore_bytes(
    store: &Store,
    credential: &Credential,
    bytes: &[u8],
    backup_credential: &Credential,
    mode: RestoreMode,
    dry_run: bool,
    keep: usize,
) -> Result<RestoreReport> {
    let opened = open_backup(bytes, backup_credential)?;
    if dry_run {
        let current = store.unlock(credential)?;
        return Ok(plan_restore(&current.vault, &opened.vault, mode).1);
    }
    restore(store, credential, &opened.vault, mode, keep)
}

/// One automatic backup file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BackupInfo {
    /// Where it is.
    pub path: PathBuf,
    /// When it was made, Unix seconds (from its name).
    pub created: u64,
    /// Why it was made (`restore`, `import`, `delete`, `passwd`, `daily`, ...).
    pub reason: String,
    /// Size in bytes.
    pub size: u64,
}

/// The `backups` folder beside the vault file.
pub fn backups_dir(store: &Store) -> PathBuf {
    match store.path().parent() {
        Some(p) if !p.as_os_str().is_empty() => p.join(BACKUP_DIR),
        _ => PathBuf::from(BACKUP_DIR),
    }
}

/// Refuses an existing backups folder that is not private to this user (Unix): one owned by
/// another user, or writable by group or others, could have backups read, planted or replaced.
/// [`Error::UnsafeBackupsDir`] names the folder and what to do. A missing folder is fine: it is
/// created 0700.
pub fn check_backups_dir(dir: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let m = match fs::metadata(dir) {
            Ok(m) => m,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(Error::io("cannot inspect", dir)(e)),
        };
        let unsafe_dir = |why: BackupsDirProblem| {
            Err(Error::UnsafeBackupsDir {
                path: dir.to_owned(),
                why,
            })
        };
        if !m.is_dir() {
            return unsafe_dir(BackupsDirProblem::NotAFolder);
        }
        let me = rustix::process::geteuid().as_raw();
        if m.uid() != me {
            return unsafe_dir(BackupsDirProblem::OtherOwner { owner: m.uid(), me });
        }
        if m.mode() & 0o022 != 0 {
            return unsafe_dir(BackupsDirProblem::WritableByOthers {
                mode: m.mode() & 0o777,
            });
        }
    }
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

/// Copies the current vault file into the backups folder (`reason` goes in the name), then keeps
/// only the newest `keep`. No key is needed: the copy is as encrypted as the vault. `None` when
/// there is no vault file yet.
pub fn auto_backup(store: &Store, reason: &str, keep: usize) -> Result<Option<PathBuf>> {
    let bytes = match fs::read(store.path()) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Error::io("cannot read", store.path())(e)),
    };
    let dir = backups_dir(store);
    check_backups_dir(&dir)?;
    create_private_dir(&dir)?;
    let reason: String = reason
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .take(24)
        .collect::<String>()
        .to_ascii_lowercase();
    let reason = if reason.is_empty() {
        "manual".to_owned()
    } else {
        reason
    };
    // Names order the backups, so each gets a later millisecond than every existing one, even
    // when two are made within the same millisecond for different reasons.
    let newest = fs::read_dir(&dir)
        .map_err(Error::io("cannot list", &dir))?
        .flatten()
        .filter_map(|e| parse_name(&e.file_name().to_string_lossy()).map(|(m, _)| m))
        .max();
    let millis = match newest {
        Some(n) if n >= now_millis() => n + 1,
        _ => now_millis(),
    };
    let path = dir.join(format!("{PREFIX}{}-{reason}{EXT}", stamp(millis)));
    write_private(&path, &bytes)?;
    rotate(store, keep.max(1))?;
    Ok(Some(path))
}

/// Makes a `daily` automatic backup if the newest one is older than a day (or there is none).
pub fn auto_backup_if_due(store: &Store, now: u64, keep: usize) -> Result<Option<PathBuf>> {
    let newest = list_backups(store)?.first().map(|b| b.created);
    if newest.is_some_and(|t| now.saturating_sub(t) < DAILY && t <= now) {
        return Ok(None);
    }
    auto_backup(store, "daily", keep)
}

/// The automatic backups, newest first.
pub fn list_backups(store: &Store) -> Result<Vec<BackupInfo>> {
    let dir = backups_dir(store);
    check_backups_dir(&dir)?;
    let rd = match fs::read_dir(&dir) {
        Ok(rd) => rd,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io("cannot list", &dir)(e)),
    };
    let mut out = Vec::new();
    for e in rd.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let Some((millis, reason)) = parse_name(&name) else {
            continue;
        };
        let size = e.metadata().map(|m| m.len()).unwrap_or(0);
        out.push((
            millis,
            BackupInfo {
                path: e.path(),
                created: millis / 1000,
                reason,
                size,
            },
        ));
    }
    out.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| b.1.path.cmp(&a.1.path)));
    Ok(out.into_iter().map(|(_, b)| b).collect())
}

fn rotate(store: &Store, keep: usize) -> Result<()> {
    for old in list_backups(store)?.into_iter().skip(keep) {
        fs::remove_file(&old.path).map_err(Error::io("cannot remove the old backup", &old.path))?;
    }
    Ok(())
}

fn now_millis() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}

/// `YYYY-MM-DD` (UTC) for Unix seconds: the day in a backup's default file name.
pub(crate) fn date(secs: u64) -> String {
    let (y, m, d) = civil_from_days((secs / 86_400) as i64);
    format!("{y:04}-{m:02}-{d:02}")
}

/// `YYYYMMDDTHHMMSSmmmZ` (UTC) for Unix milliseconds.
fn stamp(millis: u64) -> String {
    let secs = millis / 1000;
    let (y, m, d) = civil_from_days((secs / 86_400) as i64);
    let s = secs % 86_400;
    format!(
        "{y:04}{m:02}{d:02}T{:02}{:02}{:02}{:03}Z",
        s / 3600,
        s / 60 % 60,
        s % 60,
        millis % 1000
    )
}

/// (Unix milliseconds, reason) from an automatic backup's file name.
fn parse_name(name: &str) -> Option<(u64, String)> {
    let rest = name.strip_prefix(PREFIX)?.strip_suffix(EXT)?;
    let (ts, reason) = rest.split_once('-')?;
    let b = ts.as_bytes();
    if b.len() != 19 || b[8] != b'T' || b[18] != b'Z' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| {
        ts.get(r)
            .filter(|s| s.bytes().all(|c| c.is_ascii_digit()))
            .and_then(|s| s.parse::<u64>().ok())
    };
    let (y, mo, d) = (num(0..4)?, num(4..6)?, num(6..8)?);
    let (h, mi, s, ms) = (num(9..11)?, num(11..13)?, num(13..15)?, num(15..18)?);
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || s > 60 {
        return None;
    }
    // Bounded above: the casts are lossless.
    let days = u64::try_from(days_from_civil(y as i64, mo as i64, d as i64)).ok()?;
    Some((
        ((days * 86_400) + h * 3600 + mi * 60 + s) * 1000 + ms,
        reason.to_owned(),
    ))
}

/// Days since 1970-01-01 → (year, month, day), proleptic Gregorian (H. Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32; // 1..=31
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32; // 1..=12
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// (year, month, day) → days since 1970-01-01.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

use crate::vault::store::{create_private_dir, write_private_atomic as write_private};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backup_names_round_trip_their_time() {
        for millis in [
            0u64,
            1_742_298_622_123,
            951_782_400_000, /* 2000-02-29 */
            4_102_444_799_999,
        ] {
            let name = format!("{PREFIX}{}-import{EXT}", stamp(millis));
            assert_eq!(
                parse_name(&name),
                Some((millis, "import".to_owned())),
                "{name}"
            );
        }
        assert_eq!(stamp(1_742_298_622_123), "20250318T115022123Z");
        assert_eq!(
            parse_name("lockstep-backup-2025XX18T115022123Z-x.lockstep"),
            None
        );
        assert_eq!(parse_name("notes.txt"), None);
    }
}
