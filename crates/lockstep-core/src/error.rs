//! The one error type of `lockstep-core`. Every variant is something the user did or hit, with a
//! message they can act on; `kind()` gives a stable machine-readable name for the CLI's JSON and
//! the app's `{ kind, message }`.

use std::path::PathBuf;

pub use crate::reasons::{
    BackupsDirProblem, Damage, EncodedPart, EntrySkipped, Field, IconPackProblem, IconProblem,
    ImportProblem, ImportReason, KindMismatch, MemberNameProblem, MigrationProblem,
    PasswordProblem, Pending, ProtectedPlace, RemovalRefusal, SlotProblem, SyncProblem, UriProblem,
};

/// Everything that can go wrong in Lockstep's core.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    // ----- otpauth URIs and OTP parameters -----
    /// The text is not a URI with the `otpauth` scheme.
    #[error("not an otpauth:// link (it must start with \"otpauth://\")")]
    NotOtpauth,
    /// The URI's type (host part) is not totp, hotp or steam. The value is shortened as `echo` in this module does.
    #[error("unknown OTP type \"{0}\" (expected totp, hotp or steam)")]
    UnknownOtpType(String),
    /// The URI has no `secret` parameter, or it is empty.
    #[error("the secret is missing or empty")]
    MissingSecret,
    /// The secret is not valid base32.
    #[error("the secret is not valid base32 (letters A-Z and digits 2-7)")]
    BadSecret,
    /// The hash algorithm is not one we support. The value is shortened as `echo` in this module does.
    #[error("unknown algorithm \"{0}\" (expected SHA1, SHA256 or SHA512)")]
    UnknownAlgorithm(String),
    /// The digit count is outside what authenticators use. The value is shortened as `echo` in this module does.
    #[error("digits must be between 6 and 10, got {0}")]
    BadDigits(String),
    /// The period is zero, negative or not a number. The value is shortened as `echo` in this module does.
    #[error("period must be a whole number of seconds above 0, got {0}")]
    BadPeriod(String),
    /// The HOTP counter is not a number. The value is shortened as `echo` in this module does.
    #[error("counter must be a whole number from 0 to 2^64-1, got {0}")]
    BadCounter(String),
    /// An HOTP URI lacks its counter.
    #[error("an HOTP link needs a counter parameter")]
    MissingCounter,
    /// The URI is malformed in a way not covered above (bad percent-encoding, no label...).
    #[error("malformed otpauth link: {0}")]
    MalformedUri(UriProblem),

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
    CorruptVault(Damage),
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
    Slot(SlotProblem),
    /// The password given to init/passwd is not acceptable.
    #[error("{0}")]
    WeakPassword(PasswordProblem),

    /// A member's name breaks the naming rule (empty, too long, control characters).
    #[error("{0}")]
    BadMemberName(MemberNameProblem),
    /// A member of that name (ignoring case) is already in the vault.
    #[error("the vault already has a member named \"{0}\"")]
    MemberExists(String),
    /// No member of the vault has that name.
    #[error("the vault has no member named \"{0}\" (see `lockstep member list`)")]
    NoSuchMember(String),
    /// The member cannot be removed (the last password, or the member unlocked as).
    #[error("{0}")]
    MemberRemovalRefused(RemovalRefusal),

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
    WrongKind(KindMismatch),

    // ----- keyring -----
    /// The OS keyring could not be used.
    #[error("the system keyring is not available: {0}")]
    Keyring(String),

    // ----- import -----
    /// An import file could not be read as any known format.
    #[error("{0}")]
    Import(ImportProblem),

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
    /// [`ImportFailure`] for the cases, which also give the kind.
    #[error(transparent)]
    ImportFailed(ImportFailure),
    /// A Lockstep backup file is damaged, truncated or not a backup.
    #[error("the backup file is damaged or not a Lockstep backup: {0}")]
    CorruptBackup(Damage),

    // ----- QR codes and Google Authenticator exports -----
    /// An `otpauth-migration://` link that cannot be decoded.
    #[error("not a valid Google Authenticator export link: {0}")]
    BadMigration(MigrationProblem),
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
    /// The camera could not be started or stopped giving frames; the message says why.
    #[error("camera: {0}")]
    Camera(String),
    /// This build or system has no camera support.
    #[error("camera scanning is not available on this system yet")]
    CameraUnavailable,
    /// The camera read no QR code with an account before the time ran out.
    #[error("no QR code with an account was read from the camera in {seconds} s")]
    CameraTimeout {
        /// The time allowed.
        seconds: u64,
    },
    /// The time ran out before every code of a Google Authenticator export was read.
    #[error(
        "only {read} of {total} codes of the export were read in {seconds} s (missing: {missing}); \
         nothing was imported: show every code to the camera and try again"
    )]
    CameraIncomplete {
        /// The time allowed.
        seconds: u64,
        /// Codes of the export read.
        read: u32,
        /// Codes the export has.
        total: u32,
        /// The missing codes' numbers, from 1.
        missing: String,
    },
    /// An icon pack cannot be imported; the message says why.
    #[error("the icon pack cannot be used: {0}")]
    IconPack(IconPackProblem),
    /// A picture cannot be an entry's icon.
    #[error("{source_name}: {why}")]
    BadIcon {
        /// The picture's file name.
        source_name: String,
        /// Why.
        why: IconProblem,
    },
    /// The text does not fit in one QR code.
    #[error("the text is too long for one QR code ({0} bytes)")]
    QrTooLong(usize),

    // ----- the vault session -----
    /// No credential was given and this device is not remembered: ask for the password.
    #[error("the vault is locked: enter its password (or the recovery key)")]
    PasswordNeeded,
    /// A change that needs the current password was asked for without it (the vault was opened
    /// by a remembered device, or long ago).
    #[error("enter the current password (or the recovery key) to {0}")]
    ConfirmIdentity(&'static str),
    /// A backup of another vault was given without the password it was made with.
    #[error("this backup is of another vault: give the password it was made with")]
    BackupPasswordNeeded,
    /// The password given for a backup of another vault does not open it.
    #[error("wrong password for this backup")]
    WrongBackupPassword,
    /// An export or backup was aimed at the vault file, its lock or its backups folder.
    #[error("choose another place: {} is {what}", path.display())]
    ProtectedPath {
        /// Where the output was to go.
        path: PathBuf,
        /// What is there ("the vault file itself", ...).
        what: ProtectedPlace,
    },
    /// A commit was asked for with nothing planned (no import preview or restore plan).
    #[error("{0}")]
    NothingPending(Pending),
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
        /// Which field.
        field: Field,
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
        why: BackupsDirProblem,
    },
    // ----- sync folder (issue 15) -----
    /// The sync folder cannot be used as asked (another vault in it, nothing opens, not set up).
    #[error("{0}")]
    SyncFolder(SyncProblem),
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
            Error::BadMemberName(_) => "bad_member_name",
            Error::MemberExists(_) => "member_exists",
            Error::NoSuchMember(_) => "no_such_member",
            Error::MemberRemovalRefused(_) => "member_removal_refused",
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
            Error::IconPack(_) => "icon_pack",
            Error::BadIcon { .. } => "bad_icon",
            Error::NotAnImage(_) => "not_an_image",
            Error::EmptyImage(_) => "empty_image",
            Error::BadImage { .. } => "bad_image",
            Error::Clipboard(_) => "clipboard",
            Error::ScreenCapture(_) => "screen_capture",
            Error::QrTooLong(_) => "qr_too_long",
            Error::Camera(_) => "camera",
            Error::CameraUnavailable => "camera_unavailable",
            Error::CameraTimeout { .. } => "camera_timeout",
            Error::CameraIncomplete { .. } => "camera_incomplete",
            Error::PasswordNeeded => "password_needed",
            Error::ConfirmIdentity(_) => "confirm_identity",
            Error::BackupPasswordNeeded => "backup_password_needed",
            Error::WrongBackupPassword => "wrong_backup_password",
            Error::ProtectedPath { .. } => "protected_path",
            Error::NothingPending(_) => "nothing_pending",
            Error::VaultTooLarge { .. } => "vault_too_large",
            Error::CredentialsChanged => "credentials_changed",
            Error::FieldTooLong { .. } => "field_too_long",
            Error::UnsafeBackupsDir { .. } => "unsafe_backups_dir",
            Error::SyncFolder(_) => "sync_folder",
        }
    }

    /// The case a shell branches on (see [`Category`]): every variant has exactly one.
    pub fn category(&self) -> Category {
        use Category as C;
        match self {
            Error::WrongPassword => C::WrongPassword,
            Error::WrongRecoveryKey | Error::MalformedRecoveryKey => C::WrongRecoveryKey,
            // Another process changed the keys: the session must be opened again.
            Error::PasswordNeeded | Error::CredentialsChanged => C::PasswordNeeded,
            Error::ConfirmIdentity(_) => C::ConfirmPassword,
            Error::WeakPassword(_) => C::WeakPassword,
            Error::ImportFailed(f) => match f {
                ImportFailure::MissingPassword { .. } | ImportFailure::WrongPassword { .. } => {
                    C::ImportPassword
                }
                _ => C::BadInput,
            },
            Error::BackupPasswordNeeded | Error::WrongBackupPassword => C::BackupPassword,
            Error::CorruptBackup(_) => C::Backup,
            Error::NotOtpauth
            | Error::UnknownOtpType(_)
            | Error::MissingSecret
            | Error::BadSecret
            | Error::UnknownAlgorithm(_)
            | Error::BadDigits(_)
            | Error::BadPeriod(_)
            | Error::BadCounter(_)
            | Error::MissingCounter
            | Error::MalformedUri(_)
            | Error::Import(_)
            | Error::Duplicate(_)
            | Error::WrongKind(_)
            | Error::BadMigration(_)
            | Error::ImageTooLarge { .. }
            | Error::NotAnImage(_)
            | Error::EmptyImage(_)
            | Error::BadImage { .. }
            | Error::QrTooLong(_)
            | Error::IconPack(_)
            | Error::BadIcon { .. }
            | Error::ProtectedPath { .. }
            | Error::NothingPending(_)
            | Error::VaultTooLarge { .. }
            | Error::FieldTooLong { .. }
            | Error::SyncFolder(_)
            | Error::BadMemberName(_)
            | Error::MemberExists(_)
            | Error::MemberRemovalRefused(_) => C::BadInput,
            Error::NoMatch(_) | Error::Ambiguous { .. } | Error::NoSuchMember(_) => C::NotFound,
            Error::CameraTimeout { .. } | Error::CameraIncomplete { .. } => C::NotFound,
            Error::CorruptVault(_)
            | Error::NotAVault(_)
            | Error::UnsupportedVersion { .. }
            | Error::UnsupportedSlot(_)
            | Error::KdfParamsOutOfBounds(_)
            | Error::VaultMissing(_)
            | Error::VaultExists(_)
            | Error::Slot(_)
            | Error::UnsafeBackupsDir { .. } => C::Vault,
            Error::VaultBusy(_) => C::Busy,
            Error::Keyring(_) => C::Keyring,
            Error::Io { .. }
            | Error::Random
            | Error::Clipboard(_)
            | Error::ScreenCapture(_)
            | Error::Camera(_)
            | Error::CameraUnavailable => C::System,
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

/// Why a whole import file could not be read (also `lockstep_core::import::ImportFailure`).
/// Folded into [`Error::ImportFailed`]; its
/// [`ImportFailure::kind`] tells the CLI and the app whether to ask for a password.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ImportFailure {
    /// Auto-detection did not recognise the file.
    #[error(
        "the file is not in a format Lockstep can import; name it with --format (one of: {known})"
    )]
    UnknownFormat {
        /// The ids `--format` accepts.
        known: String,
    },
    /// `--format` named a format that does not exist.
    #[error("unknown import format \"{name}\" (one of: {known})")]
    NoSuchFormat {
        /// What was asked for.
        name: String,
        /// The ids `--format` accepts.
        known: String,
    },
    /// The export is encrypted and no password was given.
    #[error("this {format} export is encrypted; give the password it was exported with")]
    MissingPassword {
        /// Human name of the format.
        format: &'static str,
    },
    /// The password does not decrypt the export (or the encrypted part was changed).
    #[error("wrong password for this {format} export (or the file was changed after export)")]
    WrongPassword {
        /// Human name of the format.
        format: &'static str,
    },
    /// The file claims to be of the format but its structure is wrong.
    #[error("this is not a valid {format} export: {reason}")]
    BadContent {
        /// Human name of the format.
        format: &'static str,
        /// What is wrong.
        reason: ImportReason,
    },
    /// The file asks for more work or memory than any real export of its format could (a huge
    /// key-derivation cost, too many key slots, content repeated by reference); refused before
    /// doing that work.
    #[error("this {format} export is refused: {reason}")]
    TooCostly {
        /// Human name of the format.
        format: &'static str,
        /// What it asks for and what the format's own app writes.
        reason: ImportReason,
    },
    /// The import was stopped through the cancel flag of `import::ImportOptions`.
    #[error("the {format} import was cancelled")]
    Cancelled {
        /// Human name of the format.
        format: &'static str,
    },
    /// A version, cipher or parameter this build does not read.
    #[error("this {format} export uses something Lockstep does not support: {reason}")]
    Unsupported {
        /// Human name of the format.
        format: &'static str,
        /// What.
        reason: ImportReason,
    },
}

impl ImportFailure {
    /// Stable machine-readable name, used as [`Error::kind`].
    pub fn kind(&self) -> &'static str {
        match self {
            ImportFailure::UnknownFormat { .. } | ImportFailure::NoSuchFormat { .. } => {
                "import_unknown_format"
            }
            ImportFailure::MissingPassword { .. } => "import_missing_password",
            ImportFailure::WrongPassword { .. } => "import_wrong_password",
            ImportFailure::BadContent { .. } => "import_bad_content",
            ImportFailure::Unsupported { .. } => "import_unsupported",
            ImportFailure::TooCostly { .. } => "import_too_costly",
            ImportFailure::Cancelled { .. } => "import_cancelled",
        }
    }
}

impl From<ImportFailure> for Error {
    fn from(f: ImportFailure) -> Self {
        Error::ImportFailed(f)
    }
}

/// A value read from input, as an error message may show it: numbers and short words as they are
/// (`-30`, `SHA3`), anything else as its length only (`[23 characters, not shown]`). The value may have come from
/// the wrong place in a damaged link or file (a secret where the digits belong), so error text
/// never carries more than a fragment shorter than any real secret.
pub(crate) fn echo(raw: &str) -> String {
    let raw = raw.trim();
    let numeric = raw.strip_prefix('-').unwrap_or(raw);
    let number =
        !numeric.is_empty() && numeric.len() <= 20 && numeric.bytes().all(|b| b.is_ascii_digit());
    let word = raw.len() <= 8
        && raw
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
    if number || word {
        raw.to_owned()
    } else {
        format!("[{} characters, not shown]", raw.chars().count())
    }
}

/// Result with the core's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What kind of failure an [`Error`] is, for a shell to branch on: the app sends it to the UI as
/// the error's `kind`, the CLI picks a prompt or an exit code by it. Exhaustive on purpose: a new
/// category must be handled by both shells (they match it without a wildcard).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// The vault's password is wrong.
    WrongPassword,
    /// The recovery key is wrong or malformed.
    WrongRecoveryKey,
    /// The vault needs a password to open (no remembered device).
    PasswordNeeded,
    /// The change needs the current password first.
    ConfirmPassword,
    /// A new password is refused by the policy.
    WeakPassword,
    /// An encrypted import needs its password, or the one given is wrong.
    ImportPassword,
    /// A backup of another vault needs its password, or the one given is wrong.
    BackupPassword,
    /// A backup file is damaged or not a Lockstep backup.
    Backup,
    /// Something the user gave (a link, a file, a form, a path) is not acceptable.
    BadInput,
    /// No such account.
    NotFound,
    /// The vault file is missing, exists already, or is damaged or unreadable.
    Vault,
    /// Another process holds the vault.
    Busy,
    /// The OS keyring failed.
    Keyring,
    /// The system failed: files, random numbers, clipboard, screen.
    System,
}

impl Category {
    /// Every category, for the shells' exhaustiveness tests.
    pub const ALL: [Category; 14] = [
        Category::WrongPassword,
        Category::WrongRecoveryKey,
        Category::PasswordNeeded,
        Category::ConfirmPassword,
        Category::WeakPassword,
        Category::ImportPassword,
        Category::BackupPassword,
        Category::Backup,
        Category::BadInput,
        Category::NotFound,
        Category::Vault,
        Category::Busy,
        Category::Keyring,
        Category::System,
    ];
}
