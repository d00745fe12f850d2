//! The one error type of `lockstep-core`. Every variant is something the user did or hit, with a
//! message they can act on; `kind()` gives a stable machine-readable name for the CLI's JSON and
//! the app's `{ kind, message }`.

use std::path::PathBuf;

/// Everything that can go wrong in Lockstep's core.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    // ----- otpauth URIs and OTP parameters -----
    /// The text is not a URI with the `otpauth` scheme.
    #[error("not an otpauth:// link (it must start with \"otpauth://\")")]
    NotOtpauth,
    /// The URI's type (host part) is not totp, hotp or steam.
    #[error("unknown OTP type \"{0}\" (expected totp, hotp or steam)")]
    UnknownOtpType(String),
    /// The URI has no `secret` parameter, or it is empty.
    #[error("the secret is missing or empty")]
    MissingSecret,
    /// The secret is not valid base32.
    #[error("the secret is not valid base32 (letters A-Z and digits 2-7)")]
    BadSecret,
    /// The hash algorithm is not one we support.
    #[error("unknown algorithm \"{0}\" (expected SHA1, SHA256 or SHA512)")]
    UnknownAlgorithm(String),
    /// The digit count is outside what authenticators use.
    #[error("digits must be between 6 and 10, got {0}")]
    BadDigits(String),
    /// The period is zero, negative or not a number.
    #[error("period must be a whole number of seconds above 0, got {0}")]
    BadPeriod(String),
    /// The HOTP counter is not a number.
    #[error("counter must be a whole number from 0 to 2^64-1, got {0}")]
    BadCounter(String),
    /// An HOTP URI lacks its counter.
    #[error("an HOTP link needs a counter parameter")]
    MissingCounter,
    /// The URI is malformed in a way not covered above (bad percent-encoding, no label...).
    #[error("malformed otpauth link: {0}")]
    MalformedUri(&'static str),

    // ----- vault -----
    /// The password does not open the vault.
    #[error("wrong password")]
    WrongPassword,
    /// The recovery key does not open the vault.
    #[error("wrong recovery key")]
    WrongRecoveryKey,
    /// The recovery key text is not of the form printed by `init`.
    #[error("that is not a recovery key (expected 8 groups of 4 letters and digits)")]
    MalformedRecoveryKey,
    /// The vault file fails its integrity checks: changed, damaged or truncated.
    #[error("the vault file is damaged: {0}")]
    CorruptVault(&'static str),
    /// The file is not a Lockstep vault at all.
    #[error("{} is not a Lockstep vault file", .0.display())]
    NotAVault(PathBuf),
    /// The vault was written by a newer Lockstep with a format we do not know.
    #[error(
        "unsupported vault format version {found} (this Lockstep reads versions up to {supported})"
    )]
    UnsupportedVersion {
        /// Version in the file.
        found: u16,
        /// Version this build reads.
        supported: u16,
    },
    /// A slot type this build does not know.
    #[error("unsupported key slot type {0}")]
    UnsupportedSlot(u8),
    /// KDF parameters in the file are outside the bounds we accept.
    #[error("key derivation parameters out of bounds: {0}")]
    KdfParamsOutOfBounds(String),
    /// No vault exists at the path.
    #[error("no vault at {} (create one with `lockstep init`)", .0.display())]
    VaultMissing(PathBuf),
    /// `init` was asked to overwrite an existing vault.
    #[error("a vault already exists at {}", .0.display())]
    VaultExists(PathBuf),
    /// Another process held the vault lock for longer than the timeout.
    #[error("the vault is locked by another process (waited {0} s); try again")]
    VaultBusy(u64),
    /// The requested slot operation is not possible (e.g. no such slot).
    #[error("{0}")]
    Slot(&'static str),
    /// The password given to init/passwd is not acceptable.
    #[error("{0}")]
    WeakPassword(&'static str),

    // ----- entries -----
    /// No entry matches the query.
    #[error("no account matches \"{0}\"")]
    NoMatch(String),
    /// More than one entry matches where one is needed.
    #[error("\"{query}\" matches {count} accounts; be more specific or use the id")]
    Ambiguous {
        /// The query.
        query: String,
        /// How many matched.
        count: usize,
    },
    /// The account is already in the vault.
    #[error("{0} is already in the vault (same secret and name)")]
    Duplicate(String),
    /// An operation needs a different kind of entry.
    #[error("{0}")]
    WrongKind(&'static str),

    // ----- keyring -----
    /// The OS keyring could not be used.
    #[error("the system keyring is not available: {0}")]
    Keyring(String),

    // ----- import -----
    /// An import file could not be read as any known format.
    #[error("{0}")]
    Import(String),

    // ----- system -----
    /// A filesystem operation failed.
    #[error("{action} {}: {source}", path.display())]
    Io {
        /// What we were doing.
        action: &'static str,
        /// The file involved.
        path: PathBuf,
        /// The OS error.
        #[source]
        source: std::io::Error,
    },
    /// The OS random number generator failed.
    #[error("the system random number generator failed")]
    Random,

    // ----- peer imports and backups (issue 6) -----
    /// A peer export file could not be read as a whole (format, password, content); see
    /// [`crate::import::ImportFailure`] for the cases, which also give the kind.
    #[error(transparent)]
    ImportFailed(crate::import::ImportFailure),
    /// A Lockstep backup file is damaged, truncated or not a backup.
    #[error("the backup file is damaged or not a Lockstep backup: {0}")]
    CorruptBackup(String),

    // ----- QR codes and Google Authenticator exports -----
    /// An `otpauth-migration://` link that cannot be decoded.
    #[error("not a valid Google Authenticator export link: {0}")]
    BadMigration(&'static str),
    /// The image's header declares more pixels than we decode.
    #[error(
        "{source_name}: the image is too large ({w} × {h} pixels; the limit is {limit} megapixels)"
    )]
    ImageTooLarge {
        /// File name or source ("clipboard", "stdin").
        source_name: String,
        /// Declared width.
        w: u32,
        /// Declared height.
        h: u32,
        /// The limit, in megapixels.
        limit: u32,
    },
    /// The bytes are not an image in a format we read (PNG, JPEG, WebP, BMP, GIF).
    #[error("{0}: not an image (PNG, JPEG, WebP, BMP or GIF expected)")]
    NotAnImage(String),
    /// The image has no pixels.
    #[error("{0}: the image is empty (zero width or height)")]
    EmptyImage(String),
    /// The image is damaged, truncated, or would need more memory than we allow.
    #[error("{source_name}: the image cannot be read: {reason}")]
    BadImage {
        /// File name or source.
        source_name: String,
        /// What the decoder reported, as a sentence.
        reason: String,
    },
    /// The clipboard could not be read, or holds neither an image nor text.
    #[error("clipboard: {0}")]
    Clipboard(String),
    /// No way to capture the screen worked; the message names what is missing.
    #[error("cannot capture the screen: {0}")]
    ScreenCapture(String),
    /// The text does not fit in one QR code.
    #[error("the text is too long for one QR code ({0} bytes)")]
    QrTooLong(usize),

    // ----- vault hardening (issue 13) -----
    /// Saving would write a vault larger than any reader accepts; nothing was written.
    #[error(
        "the vault would be too large to open again ({size} bytes of encrypted entries; the \
         limit is {limit}); nothing was saved: remove large icons or notes, or some accounts"
    )]
    VaultTooLarge {
        /// Encrypted payload size the save would have written.
        size: usize,
        /// The most a reader accepts ([`crate::vault::format::MAX_PAYLOAD`]).
        limit: usize,
    },
    /// The vault file was re-encrypted under a new data key by another process (the password or
    /// recovery key changed, or a remembered device was forgotten): the key this process holds
    /// no longer opens it, so it must lock and ask for the credential again.
    #[error(
        "the vault's password or keys were changed by another Lockstep; unlock it again with the \
         current password"
    )]
    CredentialsChanged,
    /// An account field is longer than Lockstep stores.
    #[error("the {field} is too long ({len}; the most Lockstep stores is {limit})")]
    FieldTooLong {
        /// Which field (`issuer`, `account`, `note`, `tag`, `tags`, `icon`, `secret`).
        field: &'static str,
        /// Its length (characters, items or bytes, as `limit`).
        len: usize,
        /// The limit, in the same unit.
        limit: usize,
    },
    /// The backups folder is not private to this user, so backups there could be read or
    /// replaced by others.
    #[error(
        "the backups folder {} is unsafe: {why}; make it yours and private (`chmod 700`), or \
         move it away so Lockstep creates a new one",
        path.display()
    )]
    UnsafeBackupsDir {
        /// The folder.
        path: PathBuf,
        /// What is wrong with it.
        why: String,
    },
}

impl Error {
    /// A stable, machine-readable name for the variant (`wrong_password`, `corrupt_vault`, ...).
    pub fn kind(&self) -> &'static str {
        match self {
            Error::NotOtpauth
            | Error::UnknownOtpType(_)
            | Error::MissingSecret
            | Error::BadSecret
            | Error::UnknownAlgorithm(_)
            | Error::BadDigits(_)
            | Error::BadPeriod(_)
            | Error::BadCounter(_)
            | Error::MissingCounter
            | Error::MalformedUri(_) => "bad_uri",
            Error::WrongPassword => "wrong_password",
            Error::WrongRecoveryKey => "wrong_recovery_key",
            Error::MalformedRecoveryKey => "malformed_recovery_key",
            Error::CorruptVault(_) => "corrupt_vault",
            Error::NotAVault(_) => "not_a_vault",
            Error::UnsupportedVersion { .. } => "unsupported_version",
            Error::UnsupportedSlot(_) => "unsupported_slot",
            Error::KdfParamsOutOfBounds(_) => "kdf_params_out_of_bounds",
            Error::VaultMissing(_) => "vault_missing",
            Error::VaultExists(_) => "vault_exists",
            Error::VaultBusy(_) => "vault_busy",
            Error::Slot(_) => "slot",
            Error::WeakPassword(_) => "weak_password",
            Error::NoMatch(_) => "no_match",
            Error::Ambiguous { .. } => "ambiguous",
            Error::Duplicate(_) => "duplicate",
            Error::WrongKind(_) => "wrong_kind",
            Error::Keyring(_) => "keyring",
            Error::Import(_) => "import",
            Error::Io { .. } => "io",
            Error::Random => "random",
            Error::ImportFailed(f) => f.kind(),
            Error::CorruptBackup(_) => "corrupt_backup",
            Error::BadMigration(_) => "bad_migration",
            Error::ImageTooLarge { .. } => "image_too_large",
            Error::NotAnImage(_) => "not_an_image",
            Error::EmptyImage(_) => "empty_image",
            Error::BadImage { .. } => "bad_image",
            Error::Clipboard(_) => "clipboard",
            Error::ScreenCapture(_) => "screen_capture",
            Error::QrTooLong(_) => "qr_too_long",
            Error::VaultTooLarge { .. } => "vault_too_large",
            Error::CredentialsChanged => "credentials_changed",
            Error::FieldTooLong { .. } => "field_too_long",
            Error::UnsafeBackupsDir { .. } => "unsafe_backups_dir",
        }
    }

    pub(crate) fn io(
        action: &'static str,
        path: impl Into<PathBuf>,
    ) -> impl FnOnce(std::io::Error) -> Error {
        let path = path.into();
        move |source| Error::Io {
            action,
            path,
            source,
        }
    }
}

/// Result with the core's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
