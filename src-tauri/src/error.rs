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
        let message = e.to_string();
        match e.kind() {
            "wrong_password" => Error::WrongPassword(message),
            "wrong_recovery_key" | "malformed_recovery_key" => Error::WrongRecoveryKey(message),
            "weak_password" => Error::WeakPassword(message),
            "import_missing_password" | "import_wrong_password" => Error::ImportPassword(message),
            "bad_uri"
            | "import"
            | "duplicate"
            | "wrong_kind"
            | "import_unknown_format"
            | "import_bad_content"
            | "import_unsupported"
            | "import_too_costly"
            | "import_cancelled" => Error::BadInput(message),
            "no_match" | "ambiguous" => Error::NotFound(message),
            "vault_missing"
            | "vault_exists"
            | "corrupt_vault"
            | "not_a_vault"
            | "unsupported_version"
            | "unsupported_slot"
            | "kdf_params_out_of_bounds"
            | "slot" => Error::Vault(message),
            "corrupt_backup" => Error::Backup(message),
            "vault_busy" => Error::Busy(message),
            "keyring" => Error::Keyring(message),
            _ => Error::System(message),
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
