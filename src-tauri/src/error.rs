//! The app's error as the UI sees it: `{ "kind": "...", "message": "..." }`, where `kind` is one
//! of a few cases the UI branches on and `message` is the core's sentence for a person.

use serde::Serialize;

/// What a command can fail with. Serialised as `{ kind, message }` (see `ui/src/lib/api.ts`).
#[derive(Debug, thiserror::Error, Serialize)]
#[serde(tag = "kind", content = "message", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Error {
    /// The password does not open the vault.
    #[error("{0}")]
    WrongPassword(String),
    /// The recovery key does not open the vault, or is not a recovery key.
    #[error("{0}")]
    WrongRecoveryKey(String),
    /// The new password is too weak.
    #[error("{0}")]
    WeakPassword(String),
    /// The command needs an unlocked vault.
    #[error("{0}")]
    Locked(String),
    /// The vault needs its password to open (this device is not remembered).
    #[error("{0}")]
    PasswordNeeded(String),
    /// The change needs the current password (or recovery key) first.
    #[error("{0}")]
    ConfirmPassword(String),
    /// An encrypted export needs its password, or the one given is wrong.
    #[error("{0}")]
    ImportPassword(String),
    /// A backup of another vault needs the password it was made with, or the one given is wrong.
    #[error("{0}")]
    BackupPassword(String),
    /// A backup file is damaged, or is not a Lockstep backup.
    #[error("{0}")]
    Backup(String),
    /// A link, secret or form field is not valid.
    #[error("{0}")]
    BadInput(String),
    /// No account with that id (it may have been deleted from the CLI).
    #[error("{0}")]
    NotFound(String),
    /// No vault exists yet, or one already exists when creating.
    #[error("{0}")]
    Vault(String),
    /// Another process holds the vault lock.
    #[error("{0}")]
    Busy(String),
    /// The OS keyring (remember this device) failed.
    #[error("{0}")]
    Keyring(String),
    /// Anything else the system did: files, clipboard, random numbers.
    #[error("{0}")]
    System(String),
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
        Error::of(e.category(), e.to_string())
    }
}

impl Error {
    /// The UI's error for a core category. Exhaustive: a new category in the core fails to
    /// compile here until the app (and the test below, the UI) knows it.
    fn of(category: lockstep_core::Category, message: String) -> Error {
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

impl From<tauri::Error> for Error {
    fn from(e: tauri::Error) -> Self {
        Error::System(e.to_string())
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
                let e = Error::of(*c, String::new());
                serde_json::to_value(&e).unwrap()["kind"].as_str().unwrap().to_owned()
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
}
