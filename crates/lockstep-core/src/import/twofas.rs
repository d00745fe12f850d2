//! 2FAS Authenticator's `.2fas` backup, schema versions 1–4, plain or encrypted. Encrypted files
//! carry `servicesEncrypted = base64(ciphertext‖tag) ":" base64(salt) ":" base64(iv)`, with
//! key = PBKDF2-HMAC-SHA256(password, salt, 10 000, 32 bytes) and AES-256-GCM; the plaintext is
//! the JSON list of services. Schema 1 has no code parameters (everything is TOTP/SHA1/6/30) and
//! schema 2 has no token type (HOTP accounts come out as TOTP) — both are losses of the format.
//! Groups become tags. Also lost: icons, order and the `reference` check string (we verify with the GCM tag).

use serde_json::Value;

use super::common::{self, bad, int, text, Params, Prf, SecretJson};
use super::extras;
use super::{ImportOptions, ImportResult, Importer};
use crate::error::{EncodedPart, Error, ImportReason, Result};
use crate::otp::Kind;
use crate::uri::Account;

/// Human name in messages.
pub(crate) const NAME: &str = "2FAS";
/// PBKDF2 iterations 2FAS uses: fixed by the app and not stored in the file (the file carries
/// only ciphertext, salt and IV), so a file cannot ask for more work.
const ITERATIONS: i64 = 10_000;

/// The 2FAS `.2fas` backup.
pub struct TwoFas;

impl Importer for TwoFas {
    const ID: &'static str = "2fas";
    const ENCRYPTABLE: bool = true;
    const SCANNABLE: bool = false;

    fn read(bytes: &[u8], password: Option<&str>) -> Result<ImportResult> {
        Self::read_with(bytes, &ImportOptions::with_password(password))
    }

    fn read_with(bytes: &[u8], options: &ImportOptions<'_>) -> Result<ImportResult> {
        let root = common::json(NAME, bytes)?;
        let schema = root
            .get("schemaVersion")
            .and_then(int)
            .ok_or_else(|| bad(NAME, ImportReason::NoSchemaVersion))?;
        if !(1..=4).contains(&schema) {
            return Err(common::unsupported(
                NAME,
                ImportReason::SchemaVersion { version: schema },
            ));
        }
        let sealed = text(&root, "servicesEncrypted");
        let decrypted;
        let services = if sealed.is_empty() {
            root.get("services")
                .and_then(Value::as_array)
                .ok_or_else(|| bad(NAME, ImportReason::NoList { key: "services" }))?
        } else {
            decrypted = decrypt(&sealed, options)?;
            decrypted
                .as_array()
                .ok_or_else(|| bad(NAME, ImportReason::ServicesNotList))?
        };
        let mut result = ImportResult::default();
        for (i, s) in services.iter().enumerate() {
            match read_service(s, schema) {
                Ok(a) => result.push(a, extras::twofas(s, &root)),
                Err(e) => result
                    .errors
                    .push(common::entry_error(common::context(i, &text(s, "name")), e)),
            }
        }
        Ok(result)
    }
}

/// Is this JSON a 2FAS backup?
pub(crate) fn looks_like(v: &Value) -> bool {
    v.get("schemaVersion").is_some()
        && (v.get("services").is_some() || v.get("servicesEncrypted").is_some())
}

fn decrypt(sealed: &str, options: &ImportOptions<'_>) -> Result<SecretJson> {
    let parts: Vec<&str> = sealed.split(':').collect();
    let [ciphertext, salt, iv] = parts.as_slice() else {
        return Err(bad(NAME, ImportReason::ServicesEncryptedParts));
    };
    let password = common::need_password(NAME, options.password)?;
    let ciphertext = common::base64(NAME, EncodedPart::Ciphertext, ciphertext)?;
    let salt = common::base64(NAME, EncodedPart::Salt, salt)?;
    let iv = common::base64(NAME, EncodedPart::Iv, iv)?;
    options.checkpoint(NAME)?;
    let key = common::pbkdf2(NAME, Prf::Sha256, password.as_bytes(), &salt, ITERATIONS)?;
    let plain = common::aes_gcm_open(key.as_ref(), &iv, &ciphertext, b"")
        .ok_or_else(|| common::wrong_password(NAME))?;
    common::secret_json(&plain).ok_or_else(|| bad(NAME, ImportReason::ServicesNotJson))
}

fn read_service(s: &Value, schema: i64) -> Result<Account> {
    let otp = s.get("otp").unwrap_or(&Value::Null);
    let secret = common::lenient_secret(&common::secret_text(s, "secret"))?;
    let kind = match text(otp, "tokenType").to_ascii_uppercase().as_str() {
        "" | "TOTP" => Kind::Totp,
        "HOTP" if schema >= 3 => Kind::Hotp,
        "HOTP" => Kind::Totp,
        "STEAM" => Kind::Steam,
        other => return Err(Error::UnknownOtpType(crate::error::echo(other))),
    };
    let algorithm = text(otp, "algorithm");
    let params = if schema == 1 {
        Params::default()
    } else {
        Params {
            algorithm: Some(algorithm.as_str()),
            digits: otp.get("digits").and_then(int),
            period: otp.get("period").and_then(int),
            counter: otp.get("counter").and_then(int),
        }
    };
    let otp_params = params.build(kind, secret)?;
    let mut issuer = text(s, "name");
    if issuer.is_empty() {
        issuer = text(otp, "issuer");
    }
    let mut account = text(otp, "account");
    if account.is_empty() {
        let label = text(otp, "label");
        account = label
            .split_once(':')
            .map_or(label.as_str(), |(_, a)| a)
            .trim()
            .to_owned();
    }
    Ok(Account {
        issuer,
        account,
        otp: otp_params,
    })
}
