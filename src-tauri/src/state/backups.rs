//! Backups, restore and export of the open vault. "Back up now" and exports write where the user
//! chose in the native dialog (the path comes from Rust, never from the webview). A restore opens
//! a backup (a file's bytes, or an automatic backup named by its file name only) through the
//! session, which keeps it while its plan is on screen. The webview gets names and counts only.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use lockstep_core::error::PasswordProblem;
use lockstep_core::session::{
    self, BackupHealth, ExportFormat, Exported, RestoreMode, RestoreReport, Verification,
};
use lockstep_core::Store;
use serde::Serialize;
use zeroize::Zeroizing;

use super::AppState;
use crate::error::{Error, Result};
use crate::problem::AppProblem;

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

impl AppState {
    /// The automatic backups beside the vault, newest first.
    pub fn list_backups(&self) -> Result<Vec<BackupView>> {
        Ok(session::backups(&self.0.store)?
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

    /// Checks what an export needs before any dialog opens: the person's explicit "yes,
    /// unencrypted" for a plain format and the current password proved (or given now), a password
    /// the policy accepts for an encrypted one.
    pub fn check_export(
        &self,
        format: ExportFormat,
        password: Option<&str>,
        plain_confirmed: bool,
        current: Option<Zeroizing<String>>,
    ) -> Result<()> {
        if format.is_plain() {
            if !plain_confirmed {
                return Err(Error::BadInput(AppProblem::ConfirmPlainExport.into()));
            }
            self.confirm(current)?;
            if !self.with_open(|s| Ok(s.proved()))? {
                return Err(lockstep_core::Error::ConfirmIdentity(
                    "export the secrets unencrypted",
                )
                .into());
            }
        }
        if format.needs_password() {
            let pw = password.ok_or(lockstep_core::Error::WeakPassword(
                PasswordProblem::ExportNeedsOne,
            ))?;
            lockstep_core::policy::check_new_password(pw)?;
        }
        Ok(())
    }

    /// Exports every account as `format` to `out` (a file, or a folder for QR codes), or writes
    /// an encrypted backup ([`ExportFormat::Lockstep`]). The caller ran `check_export` first.
    pub fn export_to(
        &self,
        format: ExportFormat,
        out: &Path,
        password: Option<&str>,
    ) -> Result<Exported> {
        self.with_open(|s| Ok(s.export(format, out, password)?))
    }

    /// Opens a backup file's bytes and plans restoring it (`mode`); the plan waits in the
    /// session for [`AppState::commit_restore`]. A backup of this vault opens with its keys;
    /// another vault's needs `password` (else the `backup_password` kind).
    pub fn plan_restore_bytes(
        &self,
        bytes: &[u8],
        password: Option<Zeroizing<String>>,
        mode: RestoreMode,
    ) -> Result<RestoreReport> {
        self.with_open(|s| Ok(s.plan_restore(bytes, password, mode)?))
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
            Error::System(
                AppProblem::BackupUnreadable {
                    path: path.clone(),
                    detail: e.to_string(),
                }
                .into(),
            )
        })?);
        self.plan_restore_bytes(&bytes, password, mode)
    }

    /// Restores the planned backup: an automatic backup of the vault first, then one save.
    pub fn commit_restore(&self) -> Result<RestoreReport> {
        self.with_open(|s| Ok(s.commit_restore()?))
    }

    /// When the last backup outside the vault's folder was made, and whether to remind.
    pub fn backup_health(&self) -> Result<BackupHealth> {
        self.with_open(|s| Ok(s.backup_health(session::now())))
    }

    /// "Later" on the backup reminder.
    pub fn snooze_backup_reminder(&self) -> Result<()> {
        self.with_open(|s| {
            s.snooze_backup_reminder(session::now());
            Ok(())
        })
    }

    /// "Check this backup": opens a backup file's bytes with the current credentials (another
    /// vault's with `password`) and compares it with the vault. Changes nothing.
    pub fn verify_backup_bytes(
        &self,
        bytes: &[u8],
        password: Option<Zeroizing<String>>,
    ) -> Result<Verification> {
        self.with_open(|s| Ok(s.verify_backup(bytes, password)?))
    }
}

/// The automatic backup called `name`: a plain file name listed by the session's backups, inside
/// the backups folder. Anything else (a path, `..`, a name not listed, a link) is refused.
pub(crate) fn resolve_backup(store: &Store, name: &str) -> Result<PathBuf> {
    let plain = !name.is_empty()
        && !name.contains(['/', '\\', '\0'])
        && Path::new(name).file_name() == Some(OsStr::new(name));
    if !plain {
        return Err(Error::BadInput(AppProblem::NotAutomaticBackup.into()));
    }
    let path = session::backups(store)?
        .into_iter()
        .map(|b| b.path)
        .find(|p| p.file_name() == Some(OsStr::new(name)))
        .ok_or_else(|| Error::NotFound(AppProblem::BackupGone.into()))?;
    let is_file = std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_file());
    if !is_file {
        return Err(Error::BadInput(AppProblem::NotAutomaticBackup.into()));
    }
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::tests::{created, LINK};

    fn auto_backup(st: &AppState) -> PathBuf {
        // A destructive change takes one: add, then delete, an account.
        st.preview_text(LINK).unwrap();
        st.commit_import(&[0]).unwrap();
        let id = st.codes(0).unwrap().entries[0].id;
        st.delete_entry(id).unwrap();
        session::backups(&st.0.store).unwrap()[0].path.clone()
    }

    #[test]
    fn a_backup_name_resolves_only_inside_the_backups_folder() {
        let dir = tempfile::tempdir().unwrap();
        let st = created(&dir);
        let made = auto_backup(&st);
        let name = made.file_name().unwrap().to_str().unwrap().to_owned();
        assert_eq!(resolve_backup(&st.0.store, &name).unwrap(), made);
        // A file beside the backups that is not one, reached by traversal or by name.
        std::fs::write(dir.path().join("secret.txt"), b"not yours").unwrap();
        let backups = session::backups_dir(&st.0.store);
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
        let backups = session::backups_dir(&st.0.store);
        std::fs::create_dir_all(&backups).unwrap();
        let name = "lockstep-backup-20250318T115022123Z-daily.lockstep";
        std::os::unix::fs::symlink(dir.path().join("v.lockstep"), backups.join(name)).unwrap();
        assert!(matches!(
            resolve_backup(&st.0.store, name),
            Err(Error::BadInput(_))
        ));
    }

    fn own_backup(st: &AppState, dir: &tempfile::TempDir) -> Vec<u8> {
        let out = dir.path().join("own.lockstep");
        st.export_to(ExportFormat::Lockstep, &out, None).unwrap();
        std::fs::read(out).unwrap()
    }

    #[test]
    fn a_restore_is_planned_then_committed_with_an_automatic_backup_first() {
        let dir = tempfile::tempdir().unwrap();
        let st = created(&dir);
        let own = own_backup(&st, &dir);
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
        // The daily one was taken when the vault was first opened.
        assert_eq!(reasons, ["restore", "import", "daily"]);
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
        let bytes = own_backup(&other, &other_dir);
        let ask = st.plan_restore_bytes(&bytes, None, RestoreMode::Merge);
        assert!(matches!(ask, Err(Error::BackupPassword(_))));
        let wrong = Some(Zeroizing::new("not it at all".to_owned()));
        let e = st.plan_restore_bytes(&bytes, wrong, RestoreMode::Merge);
        assert!(matches!(e, Err(Error::BackupPassword(_))));
        let right = Some(Zeroizing::new(crate::state::tests::PW.to_owned()));
        let plan = st
            .plan_restore_bytes(&bytes, right, RestoreMode::Merge)
            .unwrap();
        assert_eq!(plan.added.len(), 1);
    }

    #[test]
    fn exports_check_first_and_never_overwrite_the_vault() {
        let dir = tempfile::tempdir().unwrap();
        let st = created(&dir);
        assert!(st
            .check_export(ExportFormat::Aegis, None, false, None)
            .is_err());
        assert!(st
            .check_export(ExportFormat::Aegis, None, true, None)
            .is_ok());
        assert!(st
            .check_export(ExportFormat::GoogleQr, None, false, None)
            .is_err());
        assert!(st
            .check_export(ExportFormat::Lockstep, None, false, None)
            .is_ok());
        assert!(matches!(
            st.check_export(ExportFormat::AegisEncrypted, None, false, None),
            Err(Error::WeakPassword(_))
        ));
        assert!(st
            .check_export(
                ExportFormat::AegisEncrypted,
                Some("a long enough export passphrase"),
                false,
                None
            )
            .is_ok());
        let vault = dir.path().join("v.lockstep");
        let before = std::fs::read(&vault).unwrap();
        for f in [ExportFormat::Otpauth, ExportFormat::Lockstep] {
            let e = st.export_to(f, &vault, None).unwrap_err();
            assert!(matches!(e, Error::BadInput(_)), "{e:?}");
        }
        assert_eq!(std::fs::read(&vault).unwrap(), before);
        st.preview_text(LINK).unwrap();
        st.commit_import(&[0]).unwrap();
        let out = dir.path().join("links.txt");
        let done = st.export_to(ExportFormat::Otpauth, &out, None).unwrap();
        assert_eq!(done.accounts, 1);
        assert!(std::fs::read_to_string(&out)
            .unwrap()
            .starts_with("otpauth://totp/"));
    }
}
