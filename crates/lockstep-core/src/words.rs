//! Errors as data for a message catalog: a stable code for each case of [`Error`] whose sentence
//! is made only of values (names, numbers, paths), and those values by name. The app sends them
//! beside the English sentence, and the window words them in the reader's language
//! (`ui/src/lib/errors.ts`, `error.code.<code>`). Cases whose sentence carries free English text
//! (a system error, a decoder's reason) have none here and stay a detail after a translated lead;
//! the CLI keeps printing `Display`.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::{json, Value};

use crate::error::{Error, ImportFailure};

/// An error's code and values, serialised as `{ "code": "...", "params": { ... } }`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Words {
    /// One of [`CODES`].
    pub code: &'static str,
    /// The values the sentence names (strings and numbers), by placeholder name.
    pub params: BTreeMap<&'static str, Value>,
}

/// Every code [`Error::words`] gives (the app's test checks each has catalog words).
pub const CODES: [&str; 44] = [
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
];

fn words<const N: usize>(code: &'static str, params: [(&'static str, Value); N]) -> Option<Words> {
    Some(Words {
        code,
        params: params.into_iter().collect(),
    })
}

impl Error {
    /// This error as a code and values for a catalog, when its sentence is made of values only
    /// (see the module's docs); `None` for the cases that carry free English text.
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
            // Free English text inside: a phrase chosen in code, a system's or decoder's
            // message, a field's English name. A translated lead comes before it in the window.
            Error::CorruptVault(_)
            | Error::MalformedUri(_)
            | Error::KdfParamsOutOfBounds(_)
            | Error::Slot(_)
            | Error::WeakPassword(_)
            | Error::BadMemberName(_)
            | Error::MemberRemovalRefused(_)
            | Error::WrongKind(_)
            | Error::Keyring(_)
            | Error::Import(_)
            | Error::Io { .. }
            | Error::CorruptBackup(_)
            | Error::BadMigration(_)
            | Error::BadImage { .. }
            | Error::Clipboard(_)
            | Error::ScreenCapture(_)
            | Error::Camera(_)
            | Error::ConfirmIdentity(_)
            | Error::ProtectedPath { .. }
            | Error::NothingPending(_)
            | Error::FieldTooLong { .. }
            | Error::UnsafeBackupsDir { .. }
            | Error::SyncFolder(_)
            | Error::IconPack(_)
            | Error::BadIcon(_) => None,
        }
    }
}

impl ImportFailure {
    /// As [`Error::words`]: the format is a product name, the reason (where there is one) the
    /// importer's English phrase.
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
            ImportFailure::BadContent { format, reason } => words(
                "import_bad_content",
                [("format", json!(format)), ("reason", json!(reason))],
            ),
            ImportFailure::Unsupported { format, reason } => words(
                "import_unsupported",
                [("format", json!(format)), ("reason", json!(reason))],
            ),
            ImportFailure::TooCostly { format, reason } => words(
                "import_too_costly",
                [("format", json!(format)), ("reason", json!(reason))],
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    /// One error of every case that has words, with each one's code and values checked against
    /// the English sentence `Display` gives (written here).
    #[test]
    fn every_code_is_given_once_and_carries_the_values_of_its_sentence() {
        let p = PathBuf::from("/v/vault.lockstep");
        let cases: Vec<Error> = vec![
            Error::NotOtpauth,
            Error::UnknownOtpType("totpx".into()),
            Error::MissingSecret,
            Error::BadSecret,
            Error::UnknownAlgorithm("SHA3".into()),
            Error::BadDigits("5".into()),
            Error::BadPeriod("0".into()),
            Error::BadCounter("-1".into()),
            Error::MissingCounter,
            Error::WrongPassword,
            Error::WrongRecoveryKey,
            Error::MalformedRecoveryKey,
            Error::NotAVault(p.clone()),
            Error::UnsupportedVersion {
                found: 9,
                supported: 2,
            },
            Error::UnsupportedSlot(7),
            Error::VaultMissing(p.clone()),
            Error::VaultExists(p.clone()),
            Error::VaultBusy(10),
            Error::MemberExists("Ann".into()),
            Error::NoSuchMember("Bo".into()),
            Error::NoMatch("git".into()),
            Error::Ambiguous {
                query: "g".into(),
                count: 3,
            },
            Error::Duplicate("GitHub (me)".into()),
            Error::Random,
            Error::ImageTooLarge {
                source_name: "a.png".into(),
                w: 20000,
                h: 20000,
                limit: 100,
            },
            Error::NotAnImage("a.txt".into()),
            Error::EmptyImage("b.png".into()),
            Error::CameraUnavailable,
            Error::CameraTimeout { seconds: 60 },
            Error::CameraIncomplete {
                seconds: 60,
                read: 1,
                total: 3,
                missing: "2, 3".into(),
            },
            Error::QrTooLong(5000),
            Error::PasswordNeeded,
            Error::BackupPasswordNeeded,
            Error::WrongBackupPassword,
            Error::VaultTooLarge { size: 10, limit: 5 },
            Error::CredentialsChanged,
            ImportFailure::UnknownFormat {
                known: "a, b".into(),
            }
            .into(),
            ImportFailure::MissingPassword { format: "Aegis" }.into(),
            ImportFailure::WrongPassword { format: "Aegis" }.into(),
            ImportFailure::Cancelled { format: "Aegis" }.into(),
            ImportFailure::BadContent {
                format: "Aegis",
                reason: "no db".into(),
            }
            .into(),
            ImportFailure::Unsupported {
                format: "Aegis",
                reason: "version 9".into(),
            }
            .into(),
            ImportFailure::TooCostly {
                format: "Aegis",
                reason: "n = 2^30".into(),
            }
            .into(),
            ImportFailure::NoSuchFormat {
                name: "x".into(),
                known: "a, b".into(),
            }
            .into(),
        ];
        let codes: Vec<&str> = cases.iter().map(|e| e.words().unwrap().code).collect();
        assert_eq!(codes, CODES);
        // Every value a sentence shows is among the params (the English sentence is Display).
        for e in &cases {
            let w = e.words().unwrap();
            let sentence = e.to_string();
            for (name, value) in &w.params {
                let shown = value
                    .as_str()
                    .map(str::to_owned)
                    .unwrap_or_else(|| value.to_string());
                assert!(
                    sentence.contains(&shown),
                    "{}: {name}={shown} in {sentence:?}",
                    w.code
                );
            }
        }
        assert_eq!(
            serde_json::to_value(
                Error::Ambiguous {
                    query: "g".into(),
                    count: 3
                }
                .words()
            )
            .unwrap(),
            json!({"code": "ambiguous", "params": {"query": "g", "count": 3}})
        );
        assert_eq!(
            Error::Io {
                action: "reading",
                path: p,
                source: std::io::Error::other("x")
            }
            .words(),
            None
        );
    }
}
