//! The app's own reasons for an error (the window's and the desktop's, not the core's): each
//! `Display` is the English sentence the app has always sent, `code()` its catalog code, and
//! `words()` the code with its values, so the window words it in the reader's language as it does
//! the core's ([`lockstep_core::words`]). Where a sentence carries a system's or a library's
//! message, that message is its `detail` value and stays as it is.

use std::fmt;
use std::path::PathBuf;

use lockstep_core::words::Words;
use serde_json::{json, Value};

/// Why one of the app's own steps failed.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum AppProblem {
    /// A worker thread failed (panicked or was cancelled); the runtime's message.
    TaskFailed(String),
    /// An opened file did not arrive as base64 from the webview.
    FileUnreadable,
    /// A picture did not arrive as base64 from the webview.
    PictureUnreadable,
    /// The system gives no home directory, so the vault has no default place.
    NoHomeForVault,
    /// A picture (or the clipboard, or the screen) holds no QR code.
    NoQrCode,
    /// A new recovery key was asked for and none came back (a bug in the core).
    NoRecoveryKeyMade,
    /// The settings file could not be written; the system's message.
    SettingsUnsaved(String),
    /// The camera's thread could not be started; the system's message.
    CameraNoStart(String),
    /// The file dialog gave something that is not a path; the dialog's message.
    ChosenFileUnusable(String),
    /// A plain export without the box that says its secrets are unencrypted.
    ConfirmPlainExport,
    /// An automatic backup could not be read.
    BackupUnreadable {
        /// The backup's file.
        path: PathBuf,
        /// The system's message.
        detail: String,
    },
    /// A name that is not one of the automatic backups (a path, a link, `..`).
    NotAutomaticBackup,
    /// The automatic backup was listed but is gone now.
    BackupGone,
    /// The system gives no data folder for icon packs.
    NoPacksFolder,
    /// The global shortcut's text is not a key combination.
    BadShortcut {
        /// What was typed.
        shortcut: String,
        /// The parser's message.
        detail: String,
    },
    /// The global-shortcut plugin could not be added; its message.
    ShortcutsUnavailable(String),
    /// The global shortcut could not be registered.
    ShortcutTaken {
        /// The shortcut.
        shortcut: String,
        /// The system's message.
        detail: String,
    },
    /// The global shortcut could not be released; the system's message.
    ShortcutUnreleased(String),
    /// The clipboard could not be opened; the system's message.
    ClipboardUnopened(String),
    /// A code could not be put on the clipboard; the system's message.
    ClipboardUnwritable(String),
    /// The password given for the sync folder's newer copies opens none of them.
    SyncPasswordOpensNothing,
}

impl AppProblem {
    /// Every code these give (the i18n test checks each has catalog words).
    pub const CODES: [&'static str; 21] = [
        "app_task_failed",
        "app_file_unreadable",
        "app_picture_unreadable",
        "app_no_home_for_vault",
        "app_no_qr_code",
        "app_no_recovery_key_made",
        "app_settings_unsaved",
        "app_camera_no_start",
        "app_chosen_file_unusable",
        "app_confirm_plain_export",
        "app_backup_unreadable",
        "app_not_automatic_backup",
        "app_backup_gone",
        "app_no_packs_folder",
        "app_bad_shortcut",
        "app_shortcuts_unavailable",
        "app_shortcut_taken",
        "app_shortcut_unreleased",
        "app_clipboard_unopened",
        "app_clipboard_unwritable",
        "app_sync_password_opens_nothing",
    ];

    /// The stable code of this reason.
    pub fn code(&self) -> &'static str {
        Self::CODES[match self {
            AppProblem::TaskFailed(_) => 0,
            AppProblem::FileUnreadable => 1,
            AppProblem::PictureUnreadable => 2,
            AppProblem::NoHomeForVault => 3,
            AppProblem::NoQrCode => 4,
            AppProblem::NoRecoveryKeyMade => 5,
            AppProblem::SettingsUnsaved(_) => 6,
            AppProblem::CameraNoStart(_) => 7,
            AppProblem::ChosenFileUnusable(_) => 8,
            AppProblem::ConfirmPlainExport => 9,
            AppProblem::BackupUnreadable { .. } => 10,
            AppProblem::NotAutomaticBackup => 11,
            AppProblem::BackupGone => 12,
            AppProblem::NoPacksFolder => 13,
            AppProblem::BadShortcut { .. } => 14,
            AppProblem::ShortcutsUnavailable(_) => 15,
            AppProblem::ShortcutTaken { .. } => 16,
            AppProblem::ShortcutUnreleased(_) => 17,
            AppProblem::ClipboardUnopened(_) => 18,
            AppProblem::ClipboardUnwritable(_) => 19,
            AppProblem::SyncPasswordOpensNothing => 20,
        }]
    }

    /// This reason's code and values for the window's catalog.
    pub fn words(&self) -> Words {
        let params: Vec<(&'static str, Value)> = match self {
            AppProblem::TaskFailed(e)
            | AppProblem::SettingsUnsaved(e)
            | AppProblem::CameraNoStart(e)
            | AppProblem::ChosenFileUnusable(e)
            | AppProblem::ShortcutsUnavailable(e)
            | AppProblem::ShortcutUnreleased(e)
            | AppProblem::ClipboardUnopened(e)
            | AppProblem::ClipboardUnwritable(e) => vec![("detail", json!(e))],
            AppProblem::BackupUnreadable { path, detail } => vec![
                ("path", json!(path.display().to_string())),
                ("detail", json!(detail)),
            ],
            AppProblem::BadShortcut { shortcut, detail }
            | AppProblem::ShortcutTaken { shortcut, detail } => {
                vec![("shortcut", json!(shortcut)), ("detail", json!(detail))]
            }
            AppProblem::FileUnreadable
            | AppProblem::PictureUnreadable
            | AppProblem::NoHomeForVault
            | AppProblem::NoQrCode
            | AppProblem::NoRecoveryKeyMade
            | AppProblem::ConfirmPlainExport
            | AppProblem::NotAutomaticBackup
            | AppProblem::BackupGone
            | AppProblem::NoPacksFolder
            | AppProblem::SyncPasswordOpensNothing => vec![],
        };
        Words {
            code: self.code(),
            params: params.into_iter().collect(),
        }
    }
}

impl fmt::Display for AppProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AppProblem::TaskFailed(e) => write!(f, "background task failed: {e}"),
            AppProblem::FileUnreadable => f.write_str("the file could not be read"),
            AppProblem::PictureUnreadable => f.write_str("the picture could not be read"),
            AppProblem::NoHomeForVault => f.write_str("no home directory for the vault"),
            AppProblem::NoQrCode => f.write_str("no QR code found in the picture"),
            AppProblem::NoRecoveryKeyMade => f.write_str("no recovery key was made"),
            AppProblem::SettingsUnsaved(e) => write!(f, "cannot save the settings: {e}"),
            AppProblem::CameraNoStart(e) => write!(f, "the camera could not start: {e}"),
            AppProblem::ChosenFileUnusable(e) => write!(f, "the chosen file cannot be used: {e}"),
            AppProblem::ConfirmPlainExport => {
                f.write_str("confirm that the export holds every secret unencrypted")
            }
            AppProblem::BackupUnreadable { path, detail } => {
                write!(f, "cannot read the backup {}: {detail}", path.display())
            }
            AppProblem::NotAutomaticBackup => f.write_str("that is not an automatic backup"),
            AppProblem::BackupGone => f.write_str("that automatic backup no longer exists"),
            AppProblem::NoPacksFolder => f.write_str("no data folder for icon packs"),
            AppProblem::BadShortcut { shortcut, detail } => write!(
                f,
                "“{shortcut}” is not a shortcut Lockstep understands ({detail})"
            ),
            AppProblem::ShortcutsUnavailable(e) => {
                write!(f, "global shortcuts are not available: {e}")
            }
            AppProblem::ShortcutTaken { shortcut, detail } => write!(
                f,
                "the shortcut {shortcut} could not be registered (another program may use it): \
                 {detail}"
            ),
            AppProblem::ShortcutUnreleased(e) => {
                write!(f, "cannot release the global shortcut: {e}")
            }
            AppProblem::ClipboardUnopened(e) => write!(f, "cannot open the clipboard: {e}"),
            AppProblem::ClipboardUnwritable(e) => write!(f, "cannot write to the clipboard: {e}"),
            AppProblem::SyncPasswordOpensNothing => {
                f.write_str("that password opens no copy in the sync folder")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Error;
    use crate::state::tests::created;
    use crate::state::AppState;
    use lockstep_core::session::RestoreMode;
    use lockstep_core::Store;

    /// One of each case, in the order of [`AppProblem::CODES`] (written here).
    fn every_case() -> Vec<AppProblem> {
        vec![
            AppProblem::TaskFailed("task 7 panicked".into()),
            AppProblem::FileUnreadable,
            AppProblem::PictureUnreadable,
            AppProblem::NoHomeForVault,
            AppProblem::NoQrCode,
            AppProblem::NoRecoveryKeyMade,
            AppProblem::SettingsUnsaved("Permission denied (os error 13)".into()),
            AppProblem::CameraNoStart("Resource temporarily unavailable".into()),
            AppProblem::ChosenFileUnusable("not a local path".into()),
            AppProblem::ConfirmPlainExport,
            AppProblem::BackupUnreadable {
                path: "/b/lockstep-backup-1.lockstep".into(),
                detail: "Permission denied (os error 13)".into(),
            },
            AppProblem::NotAutomaticBackup,
            AppProblem::BackupGone,
            AppProblem::NoPacksFolder,
            AppProblem::BadShortcut {
                shortcut: "Ctrl+Banana".into(),
                detail: "unknown key Banana".into(),
            },
            AppProblem::ShortcutsUnavailable("no X11 display".into()),
            AppProblem::ShortcutTaken {
                shortcut: "Ctrl+Alt+K".into(),
                detail: "BadAccess".into(),
            },
            AppProblem::ShortcutUnreleased("BadAccess".into()),
            AppProblem::ClipboardUnopened("no display".into()),
            AppProblem::ClipboardUnwritable("the owner went away".into()),
            AppProblem::SyncPasswordOpensNothing,
        ]
    }

    /// Each case gives its own code, and every value it sends is in its English sentence.
    #[test]
    fn every_case_has_one_code_and_sends_the_values_of_its_sentence() {
        let cases = every_case();
        let codes: Vec<&str> = cases.iter().map(AppProblem::code).collect();
        assert_eq!(codes, AppProblem::CODES);
        let mut once = codes.clone();
        once.sort_unstable();
        once.dedup();
        assert_eq!(once.len(), codes.len(), "a code given twice");
        for p in &cases {
            let w = p.words();
            assert_eq!(w.code, p.code());
            let sentence = p.to_string();
            for (name, value) in &w.params {
                let shown = value.as_str().expect("every value is text");
                assert!(sentence.contains(shown), "{}: {name}={shown}", w.code);
            }
        }
        // No app code is one of the core's (the window looks both up in one map).
        let core = lockstep_core::words::codes();
        assert!(codes.iter().all(|c| !core.contains(c)));
    }

    /// The English the app sent before these had codes (written here as it was).
    #[test]
    fn the_english_is_unchanged() {
        let cases = every_case();
        assert_eq!(
            cases[10].to_string(),
            "cannot read the backup /b/lockstep-backup-1.lockstep: Permission denied (os error 13)"
        );
        assert_eq!(
            cases[14].to_string(),
            "“Ctrl+Banana” is not a shortcut Lockstep understands (unknown key Banana)"
        );
        assert_eq!(
            cases[16].to_string(),
            "the shortcut Ctrl+Alt+K could not be registered (another program may use it): \
             BadAccess"
        );
        assert_eq!(cases[4].to_string(), "no QR code found in the picture");
        assert_eq!(
            cases[6].to_string(),
            "cannot save the settings: Permission denied (os error 13)"
        );
    }

    fn sent(e: &Error) -> serde_json::Value {
        serde_json::to_value(e).unwrap()
    }

    /// Real failures reach the window with their code and values beside the English.
    #[test]
    fn failing_calls_send_their_code() {
        let dir = tempfile::tempdir().unwrap();
        let st = created(&dir);
        // A name that is a path, not one of the automatic backups.
        let e = st
            .plan_restore_auto("../v.lockstep", None, RestoreMode::Replace)
            .unwrap_err();
        assert_eq!(
            sent(&e),
            serde_json::json!({
                "kind": "bad_input",
                "message": "that is not an automatic backup",
                "words": {"code": "app_not_automatic_backup", "params": {}}
            })
        );
        // A blank picture: no QR code in it.
        let blank = include_bytes!("../../crates/lockstep-cli/tests/cmd/scan.in/blank.png");
        let e = st.preview_image(blank).unwrap_err();
        assert_eq!(sent(&e)["words"]["code"], "app_no_qr_code");
        assert_eq!(sent(&e)["message"], "no QR code found in the picture");
        // Settings whose folder would have to be made inside a file: the system's message is
        // the detail.
        let file = dir.path().join("a-file");
        std::fs::write(&file, b"x").unwrap();
        let folder = file.join("lockstep");
        let os = std::fs::create_dir_all(&folder).unwrap_err().to_string();
        let st = AppState::new(
            Store::new(dir.path().join("v.lockstep")),
            Some(folder.join("app-settings.json")),
        );
        let e = st.set_settings(st.settings()).unwrap_err();
        assert_eq!(
            sent(&e),
            serde_json::json!({
                "kind": "system",
                "message": format!("cannot save the settings: {os}"),
                "words": {"code": "app_settings_unsaved", "params": {"detail": os}}
            })
        );
    }
}
