//! Which peer format a file is in ([`detect`]), and the one entry point the CLI and the app call
//! ([`read_any`]). Detection looks at structure only (JSON keys, XML root, CSV header, link
//! parameters, a binary header), never at secrets; docs/import-formats.md lists the rules.

use super::aegis::{self, Aegis};
use super::andotp::{self, AndOtp};
use super::authenticator_plus::{self, AuthenticatorPlus};
use super::authy::{self, Authy};
use super::battle_net::{self, BattleNet};
use super::bitwarden::{self, Bitwarden};
use super::duo::{self, Duo};
use super::ente::{self, Ente};
use super::freeotp::{self, FreeOtp};
use super::lastpass::{self, LastPass};
use super::microsoft::{self, MicrosoftAuthenticator};
use super::otpauth_list::OtpauthList;
use super::proton::{self, Proton};
use super::raivo::{self, Raivo};
use super::steam::{self, Steam};
use super::stratum::{self, Stratum};
use super::totp_authenticator::{self, TotpAuthenticator};
use super::twofas::{self, TwoFas};
use super::{ImportOptions, ImportResult, Importer};
use crate::error::{ImportFailure, ImportReason, Result};
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
    /// Authenticator Pro / Stratum backup, plain or encrypted.
    Stratum,
    /// Steam Guard `.maFile` (Steam Desktop Authenticator) or the Steam app's `Steamguard-*` file.
    Steam,
    /// Battle.net Authenticator's Android preferences file.
    BattleNet,
    /// Microsoft Authenticator's Android database (`PhoneFactor`, SQLite).
    MicrosoftAuthenticator,
    /// Authenticator Plus's password-protected ZIP export (`Accounts.txt`).
    AuthenticatorPlus,
    /// Authy: Android preferences (plain or with the backup password) or an export tool's JSON.
    Authy,
    /// LastPass Authenticator JSON export.
    LastPass,
    /// Raivo OTP JSON export (`raivo-otp-export.json`).
    Raivo,
    /// Duo Mobile for Android `accounts.json`.
    Duo,
    /// TOTP Authenticator encrypted backup.
    TotpAuthenticator,
}

impl Format {
    /// Every format, in the order `--format` help lists them.
    pub const ALL: [Format; 19] = [
        Format::Aegis,
        Format::TwoFas,
        Format::Ente,
        Format::Bitwarden,
        Format::AndOtp,
        Format::FreeOtp,
        Format::Proton,
        Format::OtpauthList,
        Format::GoogleMigration,
        Format::Stratum,
        Format::Steam,
        Format::BattleNet,
        Format::MicrosoftAuthenticator,
        Format::AuthenticatorPlus,
        Format::Authy,
        Format::LastPass,
        Format::Raivo,
        Format::Duo,
        Format::TotpAuthenticator,
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
            Format::Stratum => Stratum::ID,
            Format::Steam => Steam::ID,
            Format::BattleNet => BattleNet::ID,
            Format::MicrosoftAuthenticator => MicrosoftAuthenticator::ID,
            Format::AuthenticatorPlus => AuthenticatorPlus::ID,
            Format::Authy => Authy::ID,
            Format::LastPass => LastPass::ID,
            Format::Raivo => Raivo::ID,
            Format::Duo => Duo::ID,
            Format::TotpAuthenticator => TotpAuthenticator::ID,
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
            Format::Stratum => stratum::NAME,
            Format::Steam => steam::NAME,
            Format::BattleNet => battle_net::NAME,
            Format::MicrosoftAuthenticator => microsoft::NAME,
            Format::AuthenticatorPlus => authenticator_plus::NAME,
            Format::Authy => authy::NAME,
            Format::LastPass => lastpass::NAME,
            Format::Raivo => raivo::NAME,
            Format::Duo => duo::NAME,
            Format::TotpAuthenticator => totp_authenticator::NAME,
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
            Format::Stratum => Stratum::ENCRYPTABLE,
            Format::Steam => Steam::ENCRYPTABLE,
            Format::BattleNet => BattleNet::ENCRYPTABLE,
            Format::MicrosoftAuthenticator => MicrosoftAuthenticator::ENCRYPTABLE,
            Format::AuthenticatorPlus => AuthenticatorPlus::ENCRYPTABLE,
            Format::Authy => Authy::ENCRYPTABLE,
            Format::LastPass => LastPass::ENCRYPTABLE,
            Format::Raivo => Raivo::ENCRYPTABLE,
            Format::Duo => Duo::ENCRYPTABLE,
            Format::TotpAuthenticator => TotpAuthenticator::ENCRYPTABLE,
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
            // WinAuth's text export is a link list.
            "otpauth" | "uri" | "uris" | "otpauth-list" | "text" | "winauth" => Format::OtpauthList,
            "google-migration" | "google" | "google-authenticator" => Format::GoogleMigration,
            "stratum" | "authenticator-pro" | "authenticatorpro" => Format::Stratum,
            "steam" | "mafile" | "steam-guard" => Format::Steam,
            "battle-net" | "battlenet" | "battle.net" | "blizzard" => Format::BattleNet,
            "microsoft-authenticator" | "microsoft" | "phonefactor" => {
                Format::MicrosoftAuthenticator
            }
            "authenticator-plus" | "authenticatorplus" | "authplus" => Format::AuthenticatorPlus,
            "authy" | "twilio-authy" => Format::Authy,
            "lastpass" | "lastpass-authenticator" => Format::LastPass,
            "raivo" | "raivo-otp" => Format::Raivo,
            "duo" | "duo-mobile" => Format::Duo,
            "totp-authenticator" | "totpauthenticator" => Format::TotpAuthenticator,
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
            Format::Stratum => Stratum::read_with(bytes, options),
            Format::Steam => Steam::read_with(bytes, options),
            Format::BattleNet => BattleNet::read_with(bytes, options),
            Format::MicrosoftAuthenticator => MicrosoftAuthenticator::read_with(bytes, options),
            Format::AuthenticatorPlus => AuthenticatorPlus::read_with(bytes, options),
            Format::Authy => Authy::read_with(bytes, options),
            Format::LastPass => LastPass::read_with(bytes, options),
            Format::Raivo => Raivo::read_with(bytes, options),
            Format::Duo => Duo::read_with(bytes, options),
            Format::TotpAuthenticator => TotpAuthenticator::read_with(bytes, options),
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
    if stratum::looks_like_file(bytes) {
        return Some(Format::Stratum);
    }
    if microsoft::looks_like(bytes) {
        return Some(Format::MicrosoftAuthenticator);
    }
    if authenticator_plus::looks_like(bytes) {
        return Some(Format::AuthenticatorPlus);
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        let trimmed = text.trim_start();
        if trimmed.starts_with('{') || trimmed.starts_with('[') {
            if let Ok(v) = serde_json::from_str(trimmed).map(super::common::SecretJson) {
                let checks: [(Check, Format); 13] = [
                    (aegis::looks_like, Format::Aegis),
                    (twofas::looks_like, Format::TwoFas),
                    (ente::looks_like_encrypted, Format::Ente),
                    (proton::looks_like, Format::Proton),
                    (bitwarden::looks_like_json, Format::Bitwarden),
                    (freeotp::looks_like_json, Format::FreeOtp),
                    (andotp::looks_like_json, Format::AndOtp),
                    (raivo::looks_like, Format::Raivo),
                    (duo::looks_like, Format::Duo),
                    (lastpass::looks_like, Format::LastPass),
                    (authy::looks_like_json, Format::Authy),
                    (stratum::looks_like_json, Format::Stratum),
                    (steam::looks_like, Format::Steam),
                ];
                return checks.iter().find(|(check, _)| check(&v)).map(|(_, f)| *f);
            }
        }
        if battle_net::looks_like(text) {
            return Some(Format::BattleNet);
        }
        if authy::looks_like_prefs(text) {
            return Some(Format::Authy);
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
    if totp_authenticator::looks_like_default(bytes) {
        return Some(Format::TotpAuthenticator);
    }
    andotp::looks_like_encrypted(bytes).then_some(Format::AndOtp)
}

/// For a file [`detect`] does not recognise, the headerless encrypted format `password` opens:
/// TOTP Authenticator, then andOTP (current and old). Authenticated decryption (a GCM tag, or
/// PKCS#7 padding plus the expected JSON) proves the format, so a wrong guess is never read.
pub fn detect_with_password(bytes: &[u8], password: &str) -> Option<Format> {
    if totp_authenticator::opens_with(bytes, password) {
        return Some(Format::TotpAuthenticator);
    }
    andotp::opens_with(bytes, password).then_some(Format::AndOtp)
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
            reason: ImportReason::FilesTooLarge {
                mib: MAX_IMPORT_BYTES >> 20,
            },
        }
        .into());
    }
    let format = match format
        .map(str::trim)
        .filter(|f| !f.eq_ignore_ascii_case("auto") && !f.is_empty())
    {
        Some(name) => Format::parse(name)?,
        None => detect(bytes)
            .or_else(|| {
                options
                    .password
                    .and_then(|p| detect_with_password(bytes, p))
            })
            .ok_or_else(|| ImportFailure::UnknownFormat { known: known() })?,
    };
    Ok((format, format.read_with(bytes, options)?))
}
