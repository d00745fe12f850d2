//! Backups, restore and export of the open vault. "Back up now" and exports write where the user
//! chose in the native dialog (the path comes from Rust, never from the webview). A restore opens
//! a backup (a file's bytes, or an automatic backup named by its file name only), keeps it here
//! while its plan is on screen, and commits through core. The webview gets names and counts only.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use lockstep_core::backup::{self, RestoreMode, RestoreReport};
use lockstep_core::export::{self, ExportFormat};
use lockstep_core::vault::store::write_private_atomic;
use lockstep_core::{Credential, Entry, Store, Vault};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::AppState;
use crate::error::{Error, Result};

/// An opened backup awaiting "Restore": its accounts (secrets zeroize on drop) and the mode its
/// plan was made for.
pub(super) struct PendingRestore {
    backup: Vault,
    mode: RestoreMode,
}

/// One automatic backup, as the list shows it.
#[derive(Debug, Serialize)]
pub struct BackupView {
    /// File name in the backups folder: the only thing the webview sends back to restore it.
    pub name: String,
    /// When it was made, Unix seconds.
    pub created: u64,
    /// Why it was made (daily, delete, import, passwd, restore).
    pub reason: String,
    /// Size in bytes.
    pub size: u64,
}

/// Where an export goes, as the UI names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ExportTarget {
    /// Lockstep's encrypted backup (opens with the vault's password and recovery key).
    Lockstep,
    /// Aegis JSON encrypted with a password of its own.
    AegisEncrypted,
    /// Aegis JSON, unencrypted.
    Aegis,
    /// One otpauth:// link per line, unencrypted.
    Otpauth,
    /// Google Authenticator "Transfer accounts" QR codes: PNG files in a folder, unencrypted.
    GoogleQr,
}

impl ExportTarget {
    fn format(self) -> Option<ExportFormat> {
        match self {
            ExportTarget::Aegis => Some(ExportFormat::Aegis),
            ExportTarget::AegisEncrypted => Some(ExportFormat::AegisEncrypted),
            ExportTarget::Otpauth => Some(ExportFormat::Otpauth),
            ExportTarget::Lockstep | ExportTarget::GoogleQr => None,
        }
    }

    /// Whether the output holds secrets in clear text.
    pub fn is_plain(self) -> bool {
        match self {
            ExportTarget::Lockstep => false,
            ExportTarget::GoogleQr => true,
            other => other.format().is_some_and(ExportFormat::is_plain),
        }
    }

    /// Whether the output is a folder of files (chosen with a folder dialog).
    pub fn is_folder(self) -> bool {
        self == ExportTarget::GoogleQr
    }

    /// (file name offered in the save dialog, its extension, the filter's name).
    pub fn file_name(self) -> (&'static str, &'static str, &'static str) {
        match self {
            ExportTarget::Lockstep => ("lockstep-backup.lockstep", "lockstep", "Lockstep backup"),
            ExportTarget::AegisEncrypted => ("aegis-export.json", "json", "Aegis backup"),
            ExportTarget::Aegis => ("aegis-export-plain.json", "json", "Aegis backup"),
            ExportTarget::Otpauth => ("otpauth-links.txt", "txt", "Text file"),
            ExportTarget::GoogleQr => ("", "png", "Pictures"),
        }
    }

    /// Checks what the export needs before any dialog opens: a good password for an encrypted
    /// format, and the user's explicit "yes, unencrypted" for a plain one.
    pub fn check(self, password: Option<&str>, plain_confirmed: bool) -> Result<()> {
        if self.is_plain() && !plain_confirmed {
            return Err(Error::BadInput(
                "confirm that the export holds every secret unencrypted".into(),
            ));
        }
        if self.format().is_some_and(ExportFormat::needs_password) {
            let pw = password.ok_or_else(|| {
                Error::WeakPassword("an encrypted export needs a password".into())
            })?;
            lockstep_core::vault::check_new_password(pw)?;
        }
        Ok(())
    }
}

/// What an export or "Back up now" wrote.
#[derive(Debug, Serialize)]
pub struct Exported {
    /// The file (or folder) written.
    pub path: String,
    /// Accounts written.
    pub accounts: usize,
    /// Files written (Google QR codes: one per batch of accounts).
    pub files: usize,
    /// Accounts the format cannot carry, with the reason.
    pub skipped: Vec<lockstep_core::import::ImportError>,
}

impl AppState {
    /// The automatic backups beside the vault, newest first.
    pub fn list_backups(&self) -> Result<Vec<BackupView>> {
        Ok(backup::list_backups(&self.0.store)?
            .into_iter()
            .filter_map(|b| {
                Some(BackupView {
                    name: b.path.file_name()?.to_str()?.to_owned(),
                    created: b.created,
                    reason: b.reason,
                    size: b.size,
                })
            })
            .collect())
    }

    /// Writes an encrypted backup of the open vault to `out` (chosen in the save dialog).
    pub fn backup_to(&self, out: &Path) -> Result<Exported> {
        self.not_the_vault(out)?;
        self.reload_if_changed()?;
        self.with_open(|s| {
            backup::write_backup(&mut s.unlocked, out)?;
            Ok(Exported {
                path: out.display().to_string(),
                accounts: s.unlocked.vault.entries.len(),
                files: 1,
                skipped: Vec::new(),
            })
        })
    }

    /// Exports every account as `target` to `out` (a file, or a folder for QR codes). The caller
    /// ran [`ExportTarget::check`] first.
    pub fn export_to(
        &self,
        target: ExportTarget,
        out: &Path,
        password: Option<&str>,
    ) -> Result<Exported> {
        let Some(format) = target.format() else {
            return match target {
                ExportTarget::GoogleQr => {
                    self.reload_if_changed()?;
                    let entries = self.with_open(|s| Ok(s.unlocked.vault.entries.clone()))?;
                    google_qr(&entries, out)
                }
                _ => self.backup_to(out),
            };
        };
        self.not_the_vault(out)?;
        self.reload_if_changed()?;
        let entries = self.with_open(|s| Ok(s.unlocked.vault.entries.clone()))?;
        let bytes = export::export(&entries, format, password)?;
        write_private_atomic(out, &bytes)?;
        Ok(Exported {
            path: out.display().to_string(),
            accounts: entries.len(),
            files: 1,
            skipped: Vec::new(),
        })
    }

    /// Refuses to write an export or backup over the vault file itself.
    fn not_the_vault(&self, out: &Path) -> Result<()> {
        let canon = |p: &Path| -> Option<PathBuf> {
            let dir = p.parent().filter(|d| !d.as_os_str().is_empty())?;
            Some(dir.canonicalize().ok()?.join(p.file_name()?))
        };
        let vault = self.0.store.path();
        if out == vault || (canon(out).is_some() && canon(out) == canon(vault)) {
            return Err(Error::BadInput(
                "choose another file: that one is the vault itself".into(),
            ));
        }
        Ok(())
    }

    /// Opens a backup file's bytes and plans restoring it (`mode`); the plan is kept until
    /// [`AppState::commit_restore`]. A backup of this vault opens with the key in memory; another
    /// vault's backup needs `password` (else [`Error::BackupPassword`]).
    pub fn plan_restore_bytes(
        &self,
        bytes: &[u8],
        password: Option<Zeroizing<String>>,
        mode: RestoreMode,
    ) -> Result<RestoreReport> {
        self.reload_if_changed()?;
        let own = self.with_open(
            |s| match backup::open_backup_for(bytes, &s.unlocked, None) {
                Ok(u) => Ok(Some(u)),
                Err(lockstep_core::Error::WrongPassword) => Ok(None),
                Err(e) => Err(e.into()),
            },
        )?;
        // Argon2 for another vault's backup runs outside the session lock.
        let mut opened = match (own, password) {
            (Some(u), _) => u,
            (None, None) => {
                return Err(Error::BackupPassword(
                    "This backup is of another vault: enter the password it was made with.".into(),
                ))
            }
            (None, Some(pw)) => {
                backup::open_backup(bytes, &Credential::Password(pw)).map_err(|e| match e {
                    lockstep_core::Error::WrongPassword => {
                        Error::BackupPassword("Wrong password for this backup.".into())
                    }
                    e => e.into(),
                })?
            }
        };
        let accounts = std::mem::take(&mut opened.vault);
        self.with_open(|s| {
            let (_, report) = backup::plan_restore(&s.unlocked.vault, &accounts, mode);
            s.restore = Some(PendingRestore {
                backup: accounts,
                mode,
            });
            Ok(report)
        })
    }

    /// [`AppState::plan_restore_bytes`] for the automatic backup called `name`.
    pub fn plan_restore_auto(
        &self,
        name: &str,
        password: Option<Zeroizing<String>>,
        mode: RestoreMode,
    ) -> Result<RestoreReport> {
        let path = resolve_backup(&self.0.store, name)?;
        let bytes = Zeroizing::new(std::fs::read(&path).map_err(|e| {
            Error::System(format!("cannot read the backup {}: {e}", path.display()))
        })?);
        self.plan_restore_bytes(&bytes, password, mode)
    }

    /// Restores the planned backup: an automatic backup of the vault first, then one save.
    pub fn commit_restore(&self) -> Result<RestoreReport> {
        let store = self.0.store.clone();
        let keep = self.settings().keep();
        self.with_open(|s| {
            let pending = s
                .restore
                .take()
                .ok_or_else(|| Error::BadInput("choose a backup to restore first".into()))?;
            let report =
                backup::restore_open(&store, &mut s.unlocked, &pending.backup, pending.mode, keep)?;
            s.stamp = store.stamp()?;
            s.pending.clear();
            Ok(report)
        })
    }
}

/// The automatic backup called `name`: a plain file name listed by core's `list_backups`, inside
/// the backups folder. Anything else (a path, `..`, a name not listed, a link) is refused.
pub(crate) fn resolve_backup(store: &Store, name: &str) -> Result<PathBuf> {
    let plain = !name.is_empty()
        && !name.contains(['/', '\\', '\0'])
        && Path::new(name).file_name() == Some(OsStr::new(name));
    if !plain {
        return Err(Error::BadInput("that is not an automatic backup".into()));
    }
    let path = backup::list_backups(store)?
        .into_iter()
        .map(|b| b.path)
        .find(|p| p.file_name() == Some(OsStr::new(name)))
        .ok_or_else(|| Error::NotFound("that automatic backup no longer exists".into()))?;
    let is_file = std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_file());
    if !is_file {
        return Err(Error::BadInput("that is not an automatic backup".into()));
    }
    Ok(path)
}

/// Google Authenticator "Transfer accounts" QR codes: one PNG per batch in the folder `dir`.
fn google_qr(entries: &[Entry], dir: &Path) -> Result<Exported> {
    let accounts: Vec<_> = entries.iter().map(Entry::to_account).collect();
    let batch_id = i32::from_be_bytes(lockstep_core::vault::crypto::random()?) & 0x7fff_ffff;
    let export = lockstep_core::migration::encode(&accounts, batch_id);
    let n = export.links.len();
    for (i, link) in export.links.iter().enumerate() {
        let path = dir.join(format!("google-authenticator-{}-of-{n}.png", i + 1));
        let png = Zeroizing::new(lockstep_core::qr::render::png(link, 0)?);
        write_private_atomic(&path, &png)?;
    }
    Ok(Exported {
        path: dir.display().to_string(),
        accounts: accounts.len() - export.skipped.len(),
        files: n,
        skipped: export.skipped,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use lockstep_core::KdfParams;

    const LINK: &str = "otpauth://totp/ACME:me@example.com?secret=JBSWY3DPEHPK3PXP&issuer=ACME";

    fn created(dir: &tempfile::TempDir) -> AppState {
        let st = AppState::new(Store::new(dir.path().join("v.lockstep")), None);
        let kdf = KdfParams {
            m_kib: KdfParams::MIN_M_KIB,
            t: 1,
            p: 1,
        };
        let (u, _) = st.0.store.create("correct horse", kdf).unwrap();
        st.open_session(u).unwrap();
        st
    }

    #[test]
    fn a_backup_name_resolves_only_inside_the_backups_folder() {
        let dir = tempfile::tempdir().unwrap();
        let st = created(&dir);
        let made = backup::auto_backup(&st.0.store, "delete", 10)
            .unwrap()
            .unwrap();
        let name = made.file_name().unwrap().to_str().unwrap().to_owned();
        assert_eq!(resolve_backup(&st.0.store, &name).unwrap(), made);
        // A file beside the backups that is not one, reached by traversal or by name.
        std::fs::write(dir.path().join("secret.txt"), b"not yours").unwrap();
        let backups = backup::backups_dir(&st.0.store);
        std::fs::write(backups.join("notes.lockstep"), b"x").unwrap();
        for bad in [
            "",
            ".",
            "..",
            "../v.lockstep",
            "../secret.txt",
            "/etc/passwd",
            &made.display().to_string(),
            &format!("../backups/{name}"),
            &format!("./{name}"),
            &format!("{name}/"),
            "..\\v.lockstep",
            "notes.lockstep",
            "lockstep-backup-20250318T115022123Z-daily.lockstep",
            "v.lockstep",
        ] {
            let e = resolve_backup(&st.0.store, bad).unwrap_err();
            assert!(
                matches!(e, Error::BadInput(_) | Error::NotFound(_)),
                "{bad:?}: {e:?}"
            );
        }
        // Through the state: a traversal name never reads anything.
        let e = st
            .plan_restore_auto("../v.lockstep", None, RestoreMode::Replace)
            .unwrap_err();
        assert!(matches!(e, Error::BadInput(_)), "{e:?}");
    }

    #[cfg(unix)]
    #[test]
    fn a_link_named_like_a_backup_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let st = created(&dir);
        let backups = backup::backups_dir(&st.0.store);
        std::fs::create_dir_all(&backups).unwrap();
        let name = "lockstep-backup-20250318T115022123Z-daily.lockstep";
        std::os::unix::fs::symlink(dir.path().join("v.lockstep"), backups.join(name)).unwrap();
        assert!(matches!(
            resolve_backup(&st.0.store, name),
            Err(Error::BadInput(_))
        ));
    }

    #[test]
    fn a_restore_is_planned_then_committed_with_an_automatic_backup_first() {
        let dir = tempfile::tempdir().unwrap();
        let st = created(&dir);
        let own = st
            .with_open(|s| Ok(backup::backup(&mut s.unlocked)?))
            .unwrap();
        st.preview_text(LINK).unwrap();
        st.commit_import(&[0]).unwrap(); // takes an "import" backup
        let plan = st
            .plan_restore_bytes(&own, None, RestoreMode::Replace)
            .unwrap();
        assert_eq!(plan.removed.len(), 1);
        assert_eq!(
            st.codes(0).unwrap().entries.len(),
            1,
            "a plan changes nothing"
        );
        let done = st.commit_restore().unwrap();
        assert_eq!(done.removed.len(), 1);
        assert!(st.codes(0).unwrap().entries.is_empty());
        let reasons: Vec<String> = st
            .list_backups()
            .unwrap()
            .into_iter()
            .map(|b| b.reason)
            .collect();
        assert_eq!(reasons, ["restore", "import"]);
        // Nothing pending any more.
        assert!(matches!(st.commit_restore(), Err(Error::BadInput(_))));
        // A damaged backup is its own kind and changes nothing.
        let before = std::fs::read(dir.path().join("v.lockstep")).unwrap();
        let mut bad = own.clone();
        let mid = bad.len() / 2;
        bad[mid] ^= 1;
        let e = st
            .plan_restore_bytes(&bad, None, RestoreMode::Merge)
            .unwrap_err();
        assert!(matches!(e, Error::Backup(_)), "{e:?}");
        assert_eq!(
            std::fs::read(dir.path().join("v.lockstep")).unwrap(),
            before
        );
    }

    #[test]
    fn another_vaults_backup_asks_for_its_password() {
        let dir = tempfile::tempdir().unwrap();
        let st = created(&dir);
        let other_dir = tempfile::tempdir().unwrap();
        let other = created(&other_dir);
        other.preview_text(LINK).unwrap();
        other.commit_import(&[0]).unwrap();
        let bytes = other
            .with_open(|s| Ok(backup::backup(&mut s.unlocked)?))
            .unwrap();
        let ask = st.plan_restore_bytes(&bytes, None, RestoreMode::Merge);
        assert!(matches!(ask, Err(Error::BackupPassword(_))));
        let wrong = Some(Zeroizing::new("not it at all".to_owned()));
        let e = st.plan_restore_bytes(&bytes, wrong, RestoreMode::Merge);
        assert!(matches!(e, Err(Error::BackupPassword(_))));
        let right = Some(Zeroizing::new("correct horse".to_owned()));
        let plan = st
            .plan_restore_bytes(&bytes, right, RestoreMode::Merge)
            .unwrap();
        assert_eq!(plan.added.len(), 1);
    }

    #[test]
    fn exports_check_first_and_never_overwrite_the_vault() {
        assert!(ExportTarget::Aegis.check(None, false).is_err());
        assert!(ExportTarget::Aegis.check(None, true).is_ok());
        assert!(ExportTarget::GoogleQr.check(None, false).is_err());
        assert!(ExportTarget::Lockstep.check(None, false).is_ok());
        assert!(matches!(
            ExportTarget::AegisEncrypted.check(None, false),
            Err(Error::WeakPassword(_))
        ));
        assert!(ExportTarget::AegisEncrypted
            .check(Some("a long enough export passphrase"), false)
            .is_ok());
        let dir = tempfile::tempdir().unwrap();
        let st = created(&dir);
        let vault = dir.path().join("v.lockstep");
        let before = std::fs::read(&vault).unwrap();
        for t in [ExportTarget::Otpauth, ExportTarget::Lockstep] {
            assert!(matches!(
                st.export_to(t, &vault, None),
                Err(Error::BadInput(_))
            ));
        }
        assert_eq!(std::fs::read(&vault).unwrap(), before);
        st.preview_text(LINK).unwrap();
        st.commit_import(&[0]).unwrap();
        let out = dir.path().join("links.txt");
        let done = st.export_to(ExportTarget::Otpauth, &out, None).unwrap();
        assert_eq!(done.accounts, 1);
        assert!(std::fs::read_to_string(&out)
            .unwrap()
            .starts_with("otpauth://totp/"));
    }
}
