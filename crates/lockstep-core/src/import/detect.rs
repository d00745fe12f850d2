//! Which peer format a file is in ([`detect`]), and the one entry point the CLI and the app call
//! ([`read_any`]). Detection looks at structure only (JSON keys, XML root, CSV header, link
//! parameters, a binary header), never at secrets; docs/import-formats.md lists the rules.

use super::aegis::{self, Aegis};
use super::andotp::{self, AndOtp};
use super::bitwarden::{self, Bitwarden};
use super::ente::{self, Ente};
use super::freeotp::{self, FreeOtp};
use super::otpauth_list::OtpauthList;
use super::proton::{self, Proton};
use super::twofas::{self, TwoFas};
use super::{ImportOptions, ImportResult, Importer};
use crate::error::{ImportFailure, Result};
use crate::migration::GoogleMigration;

/// Largest import file read (real exports are kilobytes; this stops absurd input early).
pub const MAX_IMPORT_BYTES: usize = 32 * 1024 * 1024;

/// A peer export format Lockstep reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Format {
    /// Aegis JSON backup, plain or encrypted.
    Aegis,
    /// 2FAS `.2fas`, plain or encrypted.
    TwoFas,
    /// Ente Auth plain text or encrypted export.
    Ente,
    /// Bitwarden JSON or CSV (unencrypted).
    Bitwarden,
    /// andOTP JSON, plain or encrypted.
    AndOtp,
    /// FreeOTP `tokens.xml` or FreeOTP+ JSON.
    FreeOtp,
    /// Proton Authenticator JSON, plain or encrypted.
    Proton,
    /// A plain list of `otpauth://` links (also FreeOTP+'s and Aegis's plain-text exports).
    OtpauthList,
    /// Google Authenticator export links (`otpauth-migration://`), one per line.
    GoogleMigration,
}

impl Format {
    /// Every format, in the order `--format` help lists them.
    pub const ALL: [Format; 9] = [
        Format::Aegis,
        Format::TwoFas,
        Format::Ente,
        Format::Bitwarden,
        Format::AndOtp,
        Format::FreeOtp,
        Format::Proton,
        Format::OtpauthList,
        Format::GoogleMigration,
    ];

    /// Stable id for `--format`.
    pub fn id(self) -> &'static str {
        match self {
            Format::Aegis => Aegis::ID,
            Format::TwoFas => TwoFas::ID,
            Format::Ente => Ente::ID,
            Format::Bitwarden => Bitwarden::ID,
            Format::AndOtp => AndOtp::ID,
            Format::FreeOtp => FreeOtp::ID,
            Format::Proton => Proton::ID,
            Format::OtpauthList => OtpauthList::ID,
            Format::GoogleMigration => GoogleMigration::ID,
        }
    }

    /// Name for people.
    pub fn name(self) -> &'static str {
        match self {
            Format::Aegis => aegis::NAME,
            Format::TwoFas => twofas::NAME,
            Format::Ente => ente::NAME,
            Format::Bitwarden => bitwarden::NAME,
            Format::AndOtp => andotp::NAME,
            Format::FreeOtp => "FreeOTP / FreeOTP+",
            Format::Proton => proton::NAME,
            Format::OtpauthList => "otpauth:// link list",
            Format::GoogleMigration => "Google Authenticator export",
        }
    }

    /// Whether files of this format can be encrypted (so a password may be asked for).
    pub fn encryptable(self) -> bool {
        match self {
            Format::Aegis => Aegis::ENCRYPTABLE,
            Format::TwoFas => TwoFas::ENCRYPTABLE,
            Format::Ente => Ente::ENCRYPTABLE,
            Format::Bitwarden => Bitwarden::ENCRYPTABLE,
            Format::AndOtp => AndOtp::ENCRYPTABLE,
            Format::FreeOtp => FreeOtp::ENCRYPTABLE,
            Format::Proton => Proton::ENCRYPTABLE,
            Format::OtpauthList => OtpauthList::ENCRYPTABLE,
            Format::GoogleMigration => GoogleMigration::ENCRYPTABLE,
        }
    }

    /// Parses a `--format` value (ids, plus a few spellings people use).
    pub fn parse(name: &str) -> Result<Format> {
        let n = name.trim().to_ascii_lowercase().replace(['_', ' '], "-");
        let found = match n.as_str() {
            "aegis" => Format::Aegis,
            "2fas" | "twofas" => Format::TwoFas,
            "ente" | "ente-auth" => Format::Ente,
            "bitwarden" | "bitwarden-json" | "bitwarden-csv" => Format::Bitwarden,
            "andotp" => Format::AndOtp,
            "freeotp" | "freeotp+" | "freeotp-plus" | "freeotpplus" => Format::FreeOtp,
            "proton" | "proton-authenticator" => Format::Proton,
            "otpauth" | "uri" | "uris" | "otpauth-list" | "text" => Format::OtpauthList,
            "google-migration" | "google" | "google-authenticator" => Format::GoogleMigration,
            _ => {
                return Err(ImportFailure::NoSuchFormat {
                    name: name.to_owned(),
                    known: known(),
                }
                .into())
            }
        };
        Ok(found)
    }

    /// Reads a file of this format.
    pub fn read(self, bytes: &[u8], password: Option<&str>) -> Result<ImportResult> {
        self.read_with(bytes, &ImportOptions::with_password(password))
    }

    /// Reads a file of this format with a password and a cancel flag.
    pub fn read_with(self, bytes: &[u8], options: &ImportOptions<'_>) -> Result<ImportResult> {
        match self {
            Format::Aegis => Aegis::read_with(bytes, options),
            Format::TwoFas => TwoFas::read_with(bytes, options),
            Format::Ente => Ente::read_with(bytes, options),
            Format::Bitwarden => Bitwarden::read_with(bytes, options),
            Format::AndOtp => AndOtp::read_with(bytes, options),
            Format::FreeOtp => FreeOtp::read_with(bytes, options),
            Format::Proton => Proton::read_with(bytes, options),
            Format::OtpauthList => OtpauthList::read_with(bytes, options),
            Format::GoogleMigration => GoogleMigration::read_with(bytes, options),
        }
    }
}

/// The ids `--format` accepts, comma-separated.
pub fn known() -> String {
    Format::ALL
        .iter()
        .map(|f| f.id())
        .collect::<Vec<_>>()
        .join(", ")
}

/// A structural test on parsed JSON.
type Check = fn(&serde_json::Value) -> bool;

/// Recognises a peer export by its structure; `None` when nothing matches.
pub fn detect(bytes: &[u8]) -> Option<Format> {
    let bytes = super::common::strip_bom(bytes);
    if freeotp::looks_like_file(bytes) {
        return Some(Format::FreeOtp);
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        let trimmed = text.trim_start();
        if trimmed.starts_with('{') || trimmed.starts_with('[') {
            if let Ok(v) = serde_json::from_str(trimmed).map(super::common::SecretJson) {
                let checks: [(Check, Format); 7] = [
                    (aegis::looks_like, Format::Aegis),
                    (twofas::looks_like, Format::TwoFas),
                    (ente::looks_like_encrypted, Format::Ente),
                    (proton::looks_like, Format::Proton),
                    (bitwarden::looks_like_json, Format::Bitwarden),
                    (freeotp::looks_like_json, Format::FreeOtp),
                    (andotp::looks_like_json, Format::AndOtp),
                ];
                return checks.iter().find(|(check, _)| check(&v)).map(|(_, f)| *f);
            }
        }
        if bitwarden::looks_like_csv(text) {
            return Some(Format::Bitwarden);
        }
        if ente::looks_like_plain(text) {
            return Some(Format::Ente);
        }
        if text
            .lines()
            .any(|l| crate::migration::is_migration(l.trim()))
        {
            return Some(Format::GoogleMigration);
        }
        if text.lines().any(|l| {
            l.trim_start()
                .get(..10)
                .is_some_and(|p| p.eq_ignore_ascii_case("otpauth://"))
        }) {
            return Some(Format::OtpauthList);
        }
    }
    andotp::looks_like_encrypted(bytes).then_some(Format::AndOtp)
}

/// Reads a peer export: `format` is a `--format` id (`None` or `"auto"` detects it); `password`
/// is needed for encrypted files. Errors say whether the password is missing or wrong
/// ([`ImportFailure::MissingPassword`], [`ImportFailure::WrongPassword`]) or the format unknown.
pub fn read_any(
    bytes: &[u8],
    format: Option<&str>,
    password: Option<&str>,
) -> Result<ImportResult> {
    read_detected(bytes, format, password).map(|(_, result)| result)
}

/// [`read_any`], also saying which format was read (for "7 accounts from an Aegis backup").
pub fn read_detected(
    bytes: &[u8],
    format: Option<&str>,
    password: Option<&str>,
) -> Result<(Format, ImportResult)> {
    read_detected_with(bytes, format, &ImportOptions::with_password(password))
}

/// [`read_detected`] with [`ImportOptions`]: the app passes a cancel flag for a long import.
pub fn read_detected_with(
    bytes: &[u8],
    format: Option<&str>,
    options: &ImportOptions<'_>,
) -> Result<(Format, ImportResult)> {
    if bytes.len() > MAX_IMPORT_BYTES {
        return Err(ImportFailure::Unsupported {
            format: "import",
            reason: format!("files over {} MiB", MAX_IMPORT_BYTES >> 20),
        }
        .into());
    }
    let format = match format
        .map(str::trim)
        .filter(|f| !f.eq_ignore_ascii_case("auto") && !f.is_empty())
    {
        Some(name) => Format::parse(name)?,
        None => detect(bytes).ok_or_else(|| ImportFailure::UnknownFormat { known: known() })?,
    };
    Ok((format, format.read_with(bytes, options)?))
}
