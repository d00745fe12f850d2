//! The app's error as the UI sees it: `{ "kind": "...", "message": "...", "words": ... }`, where
//! `kind` is one of a few cases the UI branches on, `message` the core's English sentence, and
//! `words` (when the core has them, `lockstep_core::words`) its code and values, which the window
//! words from its catalog. The app's own errors carry words too ([`crate::problem`]).

use lockstep_core::words::Words;
use serde::ser::SerializeStruct;
use serde::Serialize;

/// An error's English sentence, and its code and values for the catalog when it has them.
#[derive(Debug)]
pub struct Detail {
    message: String,
    words: Option<Words>,
}

impl From<String> for Detail {
    fn from(message: String) -> Self {
        Detail {
            message,
            words: None,
        }
    }
}

impl From<&str> for Detail {
    fn from(message: &str) -> Self {
        message.to_owned().into()
    }
}

impl From<crate::problem::AppProblem> for Detail {
    fn from(p: crate::problem::AppProblem) -> Self {
        Detail {
            message: p.to_string(),
            words: Some(p.words()),
        }
    }
}

impl From<&lockstep_core::Error> for Detail {
    fn from(e: &lockstep_core::Error) -> Self {
        Detail {
            message: e.to_string(),
            words: e.words(),
        }
    }
}

impl std::fmt::Display for Detail {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// What a command can fail with. Serialised as `{ kind, message, words }` (see
/// `ui/src/lib/api.ts`).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The password does not open the vault.
    #[error("{0}")]
    WrongPassword(Detail),
    /// The recovery key does not open the vault, or is not a recovery key.
    #[error("{0}")]
    WrongRecoveryKey(Detail),
    /// The new password is too weak.
    #[error("{0}")]
    WeakPassword(Detail),
    /// The command needs an unlocked vault.
    #[error("{0}")]
    Locked(Detail),
    /// The vault needs its password to open (this device is not remembered).
    #[error("{0}")]
    PasswordNeeded(Detail),
    /// The change needs the current password (or recovery key) first.
    #[error("{0}")]
    ConfirmPassword(Detail),
    /// An encrypted export needs its password, or the one given is wrong.
    #[error("{0}")]
    ImportPassword(Detail),
    /// A backup of another vault needs the password it was made with, or the one given is wrong.
    #[error("{0}")]
    BackupPassword(Detail),
    /// A backup file is damaged, or is not a Lockstep backup.
    #[error("{0}")]
    Backup(Detail),
    /// A link, secret or form field is not valid.
    #[error("{0}")]
    BadInput(Detail),
    /// No account with that id (it may have been deleted from the CLI).
    #[error("{0}")]
    NotFound(Detail),
    /// No vault exists yet, or one already exists when creating.
    #[error("{0}")]
    Vault(Detail),
    /// Another process holds the vault lock.
    #[error("{0}")]
    Busy(Detail),
    /// The OS keyring (remember this device) failed.
    #[error("{0}")]
    Keyring(Detail),
    /// Anything else the system did: files, clipboard, random numbers.
    #[error("{0}")]
    System(Detail),
}

impl Error {
    /// The vault is locked.
    pub fn locked() -> Self {
        Error::Locked("the vault is locked".into())
    }

    /// No entry with this id.
    pub fn not_found() -> Self {
        Error::NotFound("that account is no longer in the vault".into())
    }
}

impl From<lockstep_core::Error> for Error {
    fn from(e: lockstep_core::Error) -> Self {
        Error::of(e.category(), Detail::from(&e))
    }
}

impl Error {
    /// The kind the UI branches on.
    fn kind(&self) -> &'static str {
        match self {
            Error::WrongPassword(_) => "wrong_password",
            Error::WrongRecoveryKey(_) => "wrong_recovery_key",
            Error::WeakPassword(_) => "weak_password",
            Error::Locked(_) => "locked",
            Error::PasswordNeeded(_) => "password_needed",
            Error::ConfirmPassword(_) => "confirm_password",
            Error::ImportPassword(_) => "import_password",
            Error::BackupPassword(_) => "backup_password",
            Error::Backup(_) => "backup",
            Error::BadInput(_) => "bad_input",
            Error::NotFound(_) => "not_found",
            Error::Vault(_) => "vault",
            Error::Busy(_) => "busy",
            Error::Keyring(_) => "keyring",
            Error::System(_) => "system",
        }
    }

    fn detail(&self) -> &Detail {
        match self {
            Error::WrongPassword(d)
            | Error::WrongRecoveryKey(d)
            | Error::WeakPassword(d)
            | Error::Locked(d)
            | Error::PasswordNeeded(d)
            | Error::ConfirmPassword(d)
            | Error::ImportPassword(d)
            | Error::BackupPassword(d)
            | Error::Backup(d)
            | Error::BadInput(d)
            | Error::NotFound(d)
            | Error::Vault(d)
            | Error::Busy(d)
            | Error::Keyring(d)
            | Error::System(d) => d,
        }
    }

    /// The UI's error for a core category. Exhaustive: a new category in the core fails to
    /// compile here until the app (and the test below, the UI) knows it.
    fn of(category: lockstep_core::Category, message: Detail) -> Error {
        use lockstep_core::Category as C;
        match category {
            C::WrongPassword => Error::WrongPassword(message),
            C::WrongRecoveryKey => Error::WrongRecoveryKey(message),
            C::PasswordNeeded => Error::PasswordNeeded(message),
            C::ConfirmPassword => Error::ConfirmPassword(message),
            C::WeakPassword => Error::WeakPassword(message),
            C::ImportPassword => Error::ImportPassword(message),
            C::BackupPassword => Error::BackupPassword(message),
            C::Backup => Error::Backup(message),
            C::BadInput => Error::BadInput(message),
            C::NotFound => Error::NotFound(message),
            C::Vault => Error::Vault(message),
            C::Busy => Error::Busy(message),
            C::Keyring => Error::Keyring(message),
            C::System => Error::System(message),
        }
    }
}

impl Serialize for Error {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let d = self.detail();
        let mut out = s.serialize_struct("Error", 3)?;
        out.serialize_field("kind", self.kind())?;
        out.serialize_field("message", &d.message)?;
        out.serialize_field("words", &d.words)?;
        out.end()
    }
}

impl From<tauri::Error> for Error {
    fn from(e: tauri::Error) -> Self {
        Error::System(e.to_string().into())
    }
}

/// Result of every command.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    /// The UI's `ApiError` kinds (ui/src/lib/api.ts) are exactly the kinds this enum serialises:
    /// every core category plus the app's own `locked`. Read from the TypeScript source, so a kind
    /// added or renamed on one side only fails here.
    #[test]
    fn the_ui_knows_exactly_the_error_kinds_rust_sends() {
        let ts = include_str!("../../ui/src/lib/api.ts");
        let start = ts.find("export type ApiError").expect("ApiError in api.ts");
        let body = &ts[start..start + ts[start..].find("message: string").expect("kind list")];
        let mut ui: Vec<String> = body
            .split('\'')
            .skip(1)
            .step_by(2)
            .map(str::to_owned)
            .collect();
        ui.sort();
        let mut rust: Vec<String> = lockstep_core::Category::ALL
            .iter()
            .map(|c| {
                let e = Error::of(*c, "".into());
                serde_json::to_value(&e).unwrap()["kind"]
                    .as_str()
                    .unwrap()
                    .to_owned()
            })
            .chain(std::iter::once(
                serde_json::to_value(Error::locked()).unwrap()["kind"]
                    .as_str()
                    .unwrap()
                    .to_owned(),
            ))
            .collect();
        rust.sort();
        assert_eq!(ui, rust);
    }

    /// A core error with words sends them beside its English sentence; one without sends null.
    #[test]
    fn core_errors_carry_their_code_and_values() {
        let e: Error = lockstep_core::Error::BadDigits("5".into()).into();
        assert_eq!(
            serde_json::to_value(&e).unwrap(),
            serde_json::json!({
                "kind": "bad_input",
                "message": "digits must be between 6 and 10, got 5",
                "words": {"code": "bad_digits", "params": {"value": "5"}}
            })
        );
        let e: Error = lockstep_core::Error::Clipboard("no image".into()).into();
        assert_eq!(
            serde_json::to_value(&e).unwrap()["words"],
            serde_json::Value::Null
        );
        assert_eq!(e.to_string(), "clipboard: no image");
    }
}
