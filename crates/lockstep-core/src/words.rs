//! Errors as data for a message catalog: a stable code for each case of [`Error`] whose sentence
//! is made of values (names, numbers, paths) and reasons chosen in our code
//! ([`crate::reasons`]), and those values by name. The app sends them beside the English
//! sentence, and the window words them in the reader's language (`ui/src/lib/errors.ts`,
//! `error.code.<code>`). Cases whose sentence carries text from outside our code (a system
//! error, the keyring's message) have none here and stay a detail after a translated lead; the
//! CLI keeps printing `Display`.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::{json, Value};

use crate::error::{
    BackupsDirProblem, EntrySkipped, Error, IconPackProblem, IconProblem, ImportFailure,
    ImportProblem, ImportReason, KindMismatch, MemberNameProblem, MigrationProblem,
    PasswordProblem, Pending, ProtectedPlace, RemovalRefusal, SlotProblem, SyncProblem, UriProblem,
};
use crate::policy::MIN_CHARS;
use crate::vault::format::MAX_SLOTS;
use crate::vault::members::MAX_NAME_CHARS;

/// An error's code and values, serialised as `{ "code": "...", "params": { ... } }`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Words {
    /// One of [`codes`].
    pub code: &'static str,
    /// The values the sentence names (strings and numbers), by placeholder name.
    pub params: BTreeMap<&'static str, Value>,
}

/// The codes of the cases whose words are their own (each case's one code, or the import
/// failure's), not a reason enum's.
const CASE_CODES: [&str; 47] = [
    "not_otpauth",
    "unknown_otp_type",
    "missing_secret",
    "bad_secret",
    "unknown_algorithm",
    "bad_digits",
    "bad_period",
    "bad_counter",
    "missing_counter",
    "wrong_password",
    "wrong_recovery_key",
    "malformed_recovery_key",
    "not_a_vault",
    "unsupported_version",
    "unsupported_slot",
    "vault_missing",
    "vault_exists",
    "vault_busy",
    "member_exists",
    "no_such_member",
    "no_match",
    "ambiguous",
    "duplicate",
    "random",
    "image_too_large",
    "not_an_image",
    "empty_image",
    "camera_unavailable",
    "camera_timeout",
    "camera_incomplete",
    "qr_too_long",
    "password_needed",
    "backup_password_needed",
    "wrong_backup_password",
    "vault_too_large",
    "credentials_changed",
    "import_unknown_format",
    "import_missing_password",
    "import_wrong_password",
    "import_cancelled",
    "import_bad_content",
    "import_unsupported",
    "import_too_costly",
    "import_no_such_format",
    "field_too_long",
    "corrupt_vault",
    "corrupt_backup",
];

/// Every code [`Error::words`] gives, once each (the app's test checks each has catalog words):
/// the cases' own codes, then each reason enum's; last, a skipped import entry's
/// ([`EntrySkipped`]).
pub fn codes() -> Vec<&'static str> {
    let mut codes = CASE_CODES.to_vec();
    codes.extend(UriProblem::ALL.iter().map(|r| r.code()));
    codes.extend(PasswordProblem::ALL.iter().map(|r| r.code()));
    codes.extend(MemberNameProblem::ALL.iter().map(|r| r.code()));
    codes.extend(RemovalRefusal::ALL.iter().map(|r| r.code()));
    codes.extend(KindMismatch::ALL.iter().map(|r| r.code()));
    codes.extend(Pending::ALL.iter().map(|r| r.code()));
    codes.extend(ProtectedPlace::ALL.iter().map(|r| r.code()));
    codes.extend(MigrationProblem::ALL.iter().map(|r| r.code()));
    codes.extend(BackupsDirProblem::CODES);
    codes.extend(SyncProblem::CODES);
    codes.extend(ImportProblem::CODES);
    codes.extend(SlotProblem::ALL.iter().map(|r| r.code()));
    codes.extend(IconPackProblem::CODES);
    codes.extend(IconProblem::CODES);
    codes.extend(EntrySkipped::CODES);
    codes
}

impl EntrySkipped {
    /// The skipped entry's code and values (its `ImportError`'s words).
    pub fn words(&self) -> Words {
        Words {
            code: self.code(),
            params: self.values().into_iter().collect(),
        }
    }
}

fn words<const N: usize>(code: &'static str, params: [(&'static str, Value); N]) -> Option<Words> {
    Some(Words {
        code,
        params: params.into_iter().collect(),
    })
}

impl Error {
    /// This error as a code and values for a catalog, when its sentence is made of values and
    /// our own reasons (see the module's docs); `None` for the cases that carry text from
    /// outside our code.
    pub fn words(&self) -> Option<Words> {
        let path = |p: &std::path::Path| json!(p.display().to_string());
        match self {
            Error::NotOtpauth => words("not_otpauth", []),
            Error::UnknownOtpType(v) => words("unknown_otp_type", [("value", json!(v))]),
            Error::MissingSecret => words("missing_secret", []),
            Error::BadSecret => words("bad_secret", []),
            Error::UnknownAlgorithm(v) => words("unknown_algorithm", [("value", json!(v))]),
            Error::BadDigits(v) => words("bad_digits", [("value", json!(v))]),
            Error::BadPeriod(v) => words("bad_period", [("value", json!(v))]),
            Error::BadCounter(v) => words("bad_counter", [("value", json!(v))]),
            Error::MissingCounter => words("missing_counter", []),
            Error::WrongPassword => words("wrong_password", []),
            Error::WrongRecoveryKey => words("wrong_recovery_key", []),
            Error::MalformedRecoveryKey => words("malformed_recovery_key", []),
            Error::NotAVault(p) => words("not_a_vault", [("path", path(p))]),
            Error::UnsupportedVersion { found, supported } => words(
                "unsupported_version",
                [("found", json!(found)), ("supported", json!(supported))],
            ),
            Error::UnsupportedSlot(s) => words("unsupported_slot", [("slot", json!(s))]),
            Error::VaultMissing(p) => words("vault_missing", [("path", path(p))]),
            Error::VaultExists(p) => words("vault_exists", [("path", path(p))]),
            Error::VaultBusy(s) => words("vault_busy", [("count", json!(s))]),
            Error::MemberExists(n) => words("member_exists", [("name", json!(n))]),
            Error::NoSuchMember(n) => words("no_such_member", [("name", json!(n))]),
            Error::NoMatch(q) => words("no_match", [("query", json!(q))]),
            Error::Ambiguous { query, count } => words(
                "ambiguous",
                [("query", json!(query)), ("count", json!(count))],
            ),
            Error::Duplicate(n) => words("duplicate", [("name", json!(n))]),
            Error::Random => words("random", []),
            Error::ImageTooLarge {
                source_name,
                w,
                h,
                limit,
            } => words(
                "image_too_large",
                [
                    ("source", json!(source_name)),
                    ("width", json!(w)),
                    ("height", json!(h)),
                    ("limit", json!(limit)),
                ],
            ),
            Error::NotAnImage(s) => words("not_an_image", [("source", json!(s))]),
            Error::EmptyImage(s) => words("empty_image", [("source", json!(s))]),
            Error::CameraUnavailable => words("camera_unavailable", []),
            Error::CameraTimeout { seconds } => {
                words("camera_timeout", [("seconds", json!(seconds))])
            }
            Error::CameraIncomplete {
                seconds,
                read,
                total,
                missing,
            } => words(
                "camera_incomplete",
                [
                    ("seconds", json!(seconds)),
                    ("read", json!(read)),
                    ("total", json!(total)),
                    ("missing", json!(missing)),
                ],
            ),
            Error::QrTooLong(n) => words("qr_too_long", [("bytes", json!(n))]),
            Error::PasswordNeeded => words("password_needed", []),
            Error::BackupPasswordNeeded => words("backup_password_needed", []),
            Error::WrongBackupPassword => words("wrong_backup_password", []),
            Error::VaultTooLarge { size, limit } => words(
                "vault_too_large",
                [("size", json!(size)), ("limit", json!(limit))],
            ),
            Error::CredentialsChanged => words("credentials_changed", []),
            Error::ImportFailed(f) => f.words(),
            // The reasons chosen in code (`crate::reasons`): one code per reason, its values
            // beside it.
            Error::MalformedUri(p) => words(p.code(), []),
            Error::IconPack(p) => match p {
                IconPackProblem::TooLarge { mb } => words(p.code(), [("mb", json!(mb))]),
                IconPackProblem::ManifestInvalid(e) | IconPackProblem::Unwritable(e) => {
                    words(p.code(), [("detail", json!(e))])
                }
                IconPackProblem::BadPath { name } => words(p.code(), [("name", json!(name))]),
                IconPackProblem::TooManyIcons { count, max } => {
                    words(p.code(), [("count", json!(count)), ("max", json!(max))])
                }
                _ => words(p.code(), []),
            },
            Error::BadIcon { source_name, why } => {
                let source = ("source", json!(source_name));
                match why {
                    IconProblem::TooLarge { mb } => words(why.code(), [source, ("mb", json!(mb))]),
                    IconProblem::Unreadable(e) | IconProblem::Unwritable(e) => {
                        words(why.code(), [source, ("detail", json!(e))])
                    }
                    _ => words(why.code(), [source]),
                }
            }
            Error::Slot(p) => match p {
                SlotProblem::TooMany => words(p.code(), [("max", json!(MAX_SLOTS))]),
                _ => words(p.code(), []),
            },
            Error::CorruptVault(d) => words("corrupt_vault", [("reason", json!(d.code()))]),
            Error::CorruptBackup(d) => words("corrupt_backup", [("reason", json!(d.code()))]),
            Error::Import(p) => match p {
                ImportProblem::UnknownExportFormat { name, known } => {
                    words(p.code(), [("name", json!(name)), ("known", json!(known))])
                }
                ImportProblem::SessionWritten { format } => {
                    words(p.code(), [("format", json!(format))])
                }
                _ => words(p.code(), []),
            },
            Error::WeakPassword(p) => match p {
                PasswordProblem::TooShort => words(p.code(), [("min", json!(MIN_CHARS))]),
                _ => words(p.code(), []),
            },
            Error::BadMemberName(p) => match p {
                MemberNameProblem::TooLong => words(p.code(), [("max", json!(MAX_NAME_CHARS))]),
                _ => words(p.code(), []),
            },
            Error::MemberRemovalRefused(r) => words(r.code(), []),
            Error::WrongKind(k) => words(k.code(), []),
            Error::NothingPending(p) => words(p.code(), []),
            Error::BadMigration(p) => words(p.code(), []),
            Error::ProtectedPath { path: p, what } => words(what.code(), [("path", path(p))]),
            Error::FieldTooLong { field, len, limit } => words(
                "field_too_long",
                [
                    ("field", json!(field.code())),
                    ("len", json!(len)),
                    ("limit", json!(limit)),
                ],
            ),
            Error::UnsafeBackupsDir { path: p, why } => match why {
                BackupsDirProblem::NotAFolder => words(why.code(), [("path", path(p))]),
                BackupsDirProblem::OtherOwner { owner, me } => words(
                    why.code(),
                    [
                        ("path", path(p)),
                        ("owner", json!(owner)),
                        ("me", json!(me)),
                    ],
                ),
                BackupsDirProblem::WritableByOthers { mode } => words(
                    why.code(),
                    [("path", path(p)), ("mode", json!(format!("{mode:03o}")))],
                ),
            },
            Error::SyncFolder(p) => match p {
                SyncProblem::NothingToJoin { folder } | SyncProblem::NothingOpens { folder } => {
                    words(p.code(), [("folder", path(folder))])
                }
                SyncProblem::AnotherVault { folder, file } => {
                    words(p.code(), [("folder", path(folder)), ("file", json!(file))])
                }
                _ => words(p.code(), []),
            },
            // Text from outside our code (the OS's, the keyring's, a decoder's or Argon2's
            // message): a translated lead comes before it in the window. ConfirmIdentity's
            // phrase names an action; the window shows its generic `confirm_password` sentence.
            Error::KdfParamsOutOfBounds(_)
            | Error::Keyring(_)
            | Error::Io { .. }
            | Error::BadImage { .. }
            | Error::Clipboard(_)
            | Error::ScreenCapture(_)
            | Error::Camera(_)
            | Error::ConfirmIdentity(_) => None,
        }
    }
}

/// A refused export's words: the format's name, the reason's code as `why` (worded by
/// `error.code.import_reason.<why>`) and the reason's values beside them.
fn refused(code: &'static str, format: &'static str, reason: &ImportReason) -> Option<Words> {
    let mut params: BTreeMap<&'static str, Value> =
        [("format", json!(format)), ("why", json!(reason.code()))].into();
    params.extend(reason.values());
    Some(Words { code, params })
}

impl ImportFailure {
    /// As [`Error::words`]: the format is a product name, the reason a code with its values.
    pub fn words(&self) -> Option<Words> {
        match self {
            ImportFailure::UnknownFormat { known } => {
                words("import_unknown_format", [("known", json!(known))])
            }
            ImportFailure::NoSuchFormat { name, known } => words(
                "import_no_such_format",
                [("name", json!(name)), ("known", json!(known))],
            ),
            ImportFailure::MissingPassword { format } => {
                words("import_missing_password", [("format", json!(format))])
            }
            ImportFailure::WrongPassword { format } => {
                words("import_wrong_password", [("format", json!(format))])
            }
            ImportFailure::Cancelled { format } => {
                words("import_cancelled", [("format", json!(format))])
            }
            ImportFailure::BadContent { format, reason } => {
                refused("import_bad_content", format, reason)
            }
            ImportFailure::Unsupported { format, reason } => {
                refused("import_unsupported", format, reason)
            }
            ImportFailure::TooCostly { format, reason } => {
                refused("import_too_costly", format, reason)
            }
        }
    }
}

#[cfg(test)]
mod tests;
