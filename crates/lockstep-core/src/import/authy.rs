//! Authy (Twilio), which has no export: what people extract from it.
//! * Android preferences, `shared_prefs/com.authy.storage.tokens.authenticator.xml` (key
//!   `com.authy.storage.tokens.authenticator.key`) and `…tokens.authy.xml` (key
//!   `….authy.key`): a JSON list of tokens. Third-party tokens have `decryptedSecret` (base32) or,
//!   when the backup password is set, `encryptedSecret` + `salt`; Authy's own tokens have
//!   `secretSeed` (hex) and make 10-second codes.
//! * The JSON the common desktop/iOS export tools save (the `api.authy.com` response captured by
//!   Authy-iOS-MiTM and similar): `{authenticator_tokens: [{encrypted_seed, salt, unique_iv,
//!   key_derivation_iterations, digits, name, original_name, issuer, account_type, …}]}`, or the
//!   same list decrypted as `decrypted_authenticator_tokens` with `decrypted_seed`.
//!
//! Encryption (per token): key = PBKDF2-HMAC-SHA1(password, salt as UTF-8, iterations, 32) with
//! iterations = `key_derivation_iterations` (1 000 when absent; Authy writes 1 000 or 100 000, and
//! more is refused before deriving), secret = AES-256-CBC/PKCS#7(key, iv, base64(encrypted)),
//! iv = `unique_iv` (16 bytes, hex or base64) or zero. Codes are TOTP/SHA1/30 s with the stored
//! digits. Names follow Aegis's `AuthyImporter`. Loses: logos, colours, Authy's own account
//! registration (Authy-native tokens keep working only while Authy's server accepts them).

use aes::cipher::{block_padding::Pkcs7, BlockDecryptMut, KeyIvInit};
use serde::Deserialize;
use serde_json::Value;
use zeroize::Zeroizing;

use super::common::{self, bad, Params, Prf};
use super::{fields, prefs};
use super::{ImportResult, Importer};
use crate::error::{EncodedPart, Error, ImportReason, Result};
use crate::otp::{Kind, Secret};
use crate::uri::Account;

/// Human name in messages.
pub(crate) const NAME: &str = "Authy";
const PREF_KEYS: [&str; 2] = [
    "com.authy.storage.tokens.authenticator.key",
    "com.authy.storage.tokens.authy.key",
];
/// PBKDF2 iterations when a token does not say (Authy before 2021).
const DEFAULT_ITERATIONS: i64 = 1_000;
/// Most iterations Authy writes.
const MAX_ITERATIONS: i64 = 100_000;

/// Authy tokens from its Android preferences or an export tool's JSON.
pub struct Authy;

impl Importer for Authy {
    const ID: &'static str = "authy";
    const ENCRYPTABLE: bool = true;
    const SCANNABLE: bool = false;

    fn read(bytes: &[u8], password: Option<&str>) -> Result<ImportResult> {
        let text = std::str::from_utf8(common::strip_bom(bytes))
            .map_err(|_| bad(NAME, ImportReason::FileNotText))?;
        let tokens: Vec<Value> = if prefs::looks_like(text) {
            let prefs =
                prefs::parse(text).ok_or_else(|| bad(NAME, ImportReason::PrefsUnparsable))?;
            let mut tokens = Vec::new();
            for key in PREF_KEYS {
                if let Some(list) = prefs::get(&prefs, key) {
                    let list: Vec<Value> = serde_json::from_str(list)
                        .map_err(|_| bad(NAME, ImportReason::TokenListNotJson))?;
                    tokens.extend(list);
                }
            }
            tokens
        } else {
            let root = common::json(NAME, bytes)?;
            ["authenticator_tokens", "decrypted_authenticator_tokens"]
                .iter()
                .find_map(|k| root.get(k).and_then(Value::as_array).cloned())
                .ok_or_else(|| {
                    bad(
                        NAME,
                        ImportReason::NoList {
                            key: "authenticator_tokens",
                        },
                    )
                })?
        };
        let tokens: Vec<Result<Token>> = tokens
            .into_iter()
            .map(|t| Token::deserialize(t).map_err(|_| bad(NAME, ImportReason::TokenFields)))
            .collect();
        let encrypted = tokens
            .iter()
            .flatten()
            .filter(|t| t.plain_secret.is_none() && t.seed.is_none() && t.encrypted.is_some())
            .count();
        let password = match encrypted {
            0 => None,
            _ => Some(common::need_password(NAME, password)?),
        };
        let mut result = ImportResult::default();
        let mut wrong = 0;
        for (i, token) in tokens.into_iter().enumerate() {
            let name = token
                .as_ref()
                .map(|t| t.name.clone().unwrap_or_default())
                .unwrap_or_default();
            match token.and_then(|t| read_token(t, password)) {
                Ok(a) => result.accounts.push(a),
                Err(e) => {
                    if e.kind() == "import_wrong_password" {
                        wrong += 1;
                    }
                    result
                        .errors
                        .push(common::entry_error(common::context(i, &name), e));
                }
            }
        }
        // The password is wrong for every encrypted token: ask again rather than import half.
        if wrong > 0 && wrong == encrypted {
            return Err(common::wrong_password(NAME));
        }
        Ok(result)
    }
}

/// Is this text Authy's preferences, or JSON holding Authy's token list?
pub(crate) fn looks_like_prefs(text: &str) -> bool {
    prefs::looks_like(text) && PREF_KEYS.iter().any(|k| text.contains(k))
}

/// Is this JSON an Authy token dump?
pub(crate) fn looks_like_json(v: &Value) -> bool {
    ["authenticator_tokens", "decrypted_authenticator_tokens"]
        .iter()
        .any(|k| v.get(k).is_some_and(Value::is_array))
}

/// A token, in either spelling (Android camelCase, API snake_case).
#[derive(Deserialize)]
struct Token {
    #[serde(default, alias = "decryptedSecret", alias = "decrypted_seed")]
    #[serde(deserialize_with = "fields::secret_opt")]
    plain_secret: Option<Zeroizing<String>>,
    #[serde(default, alias = "secretSeed", alias = "secret_seed")]
    #[serde(deserialize_with = "fields::secret_opt")]
    seed: Option<Zeroizing<String>>,
    #[serde(default, alias = "encryptedSecret", alias = "encrypted_seed")]
    encrypted: Option<String>,
    #[serde(default)]
    salt: Option<String>,
    #[serde(default)]
    unique_iv: Option<String>,
    #[serde(default)]
    key_derivation_iterations: Option<i64>,
    #[serde(default)]
    digits: Option<i64>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default, alias = "originalName")]
    original_name: Option<String>,
    #[serde(default, alias = "originalIssuer", alias = "issuer")]
    original_issuer: Option<String>,
    #[serde(default, alias = "accountType")]
    account_type: Option<String>,
}

fn read_token(t: Token, password: Option<&str>) -> Result<Account> {
    let (secret, period) = if let Some(seed) = &t.seed {
        let bytes = Zeroizing::new(
            data_encoding::HEXLOWER_PERMISSIVE
                .decode(seed.trim().as_bytes())
                .map_err(|_| Error::BadSecret)?,
        );
        (Secret::from_bytes(bytes.to_vec())?, 10)
    } else if let Some(plain) = &t.plain_secret {
        (common::lenient_secret(plain)?, 30)
    } else if let (Some(sealed), Some(password)) = (&t.encrypted, password) {
        (decrypt(&t, sealed, password)?, 30)
    } else {
        return Err(Error::MissingSecret);
    };
    let otp = Params {
        digits: t.digits,
        period: Some(period),
        ..Params::default()
    }
    .build(Kind::Totp, secret)?;
    let (issuer, account) = names(&t);
    Ok(Account {
        issuer,
        account,
        otp,
    })
}

fn decrypt(t: &Token, sealed: &str, password: &str) -> Result<Secret> {
    let iterations = t.key_derivation_iterations.unwrap_or(DEFAULT_ITERATIONS);
    if !(1..=MAX_ITERATIONS).contains(&iterations) {
        return Err(common::unsupported(
            NAME,
            ImportReason::AuthyIterations {
                iterations,
                max: MAX_ITERATIONS,
            },
        ));
    }
    let salt = t.salt.as_deref().unwrap_or_default();
    let iv = match t
        .unique_iv
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        None => [0u8; 16],
        Some(s) => data_encoding::HEXLOWER_PERMISSIVE
            .decode(s.as_bytes())
            .ok()
            .or_else(|| common::base64(NAME, EncodedPart::UniqueIv, s).ok())
            .and_then(|b| <[u8; 16]>::try_from(b).ok())
            .ok_or_else(|| bad(NAME, ImportReason::UniqueIv))?,
    };
    let ciphertext = common::base64(NAME, EncodedPart::EncryptedSecret, sealed)?;
    let key = common::pbkdf2(
        NAME,
        Prf::Sha1,
        password.as_bytes(),
        salt.as_bytes(),
        iterations,
    )?;
    let cipher = cbc::Decryptor::<aes::Aes256>::new_from_slices(key.as_ref(), &iv)
        .map_err(|_| bad(NAME, ImportReason::KeyOrIvLength))?;
    let plain = Zeroizing::new(
        cipher
            .decrypt_padded_vec_mut::<Pkcs7>(&ciphertext)
            .map_err(|_| common::wrong_password(NAME))?,
    );
    let text = std::str::from_utf8(&plain).map_err(|_| common::wrong_password(NAME))?;
    common::lenient_secret(text).map_err(|_| common::wrong_password(NAME))
}

/// Issuer and account as Aegis derives them from Authy's fields.
fn names(t: &Token) -> (String, String) {
    let mut name = t.name.clone().unwrap_or_default();
    if t.seed.is_some() {
        return (name.trim().to_owned(), String::new());
    }
    let original = t.original_name.clone().unwrap_or_default();
    let (issuer, separator) = match t.original_issuer.as_deref().filter(|s| !s.is_empty()) {
        Some(i) => (i.to_owned(), ""),
        None => match (original.split_once(':'), name.split_once(" - ")) {
            (Some((i, _)), _) => (i.to_owned(), ":"),
            (None, Some((i, _))) => (i.to_owned(), " - "),
            (None, None) => {
                let kind = t.account_type.clone().unwrap_or_default();
                let mut chars = kind.chars();
                let capital = chars
                    .next()
                    .map(|c| c.to_uppercase().chain(chars).collect())
                    .unwrap_or_default();
                (capital, "")
            }
        },
    };
    if !issuer.is_empty() {
        name = name.replace(&format!("{issuer}{separator}"), "");
    }
    let account = name.strip_prefix(": ").unwrap_or(&name).trim().to_owned();
    (issuer.trim().to_owned(), account)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn huge_iteration_counts_are_refused_before_deriving() {
        let file = br#"{"authenticator_tokens":[{"encrypted_seed":"AAAAAAAAAAAAAAAAAAAAAA==",
            "salt":"s","key_derivation_iterations":4000000000,"digits":6,"name":"x"}]}"#;
        let r = Authy::read(file, Some("pw")).unwrap();
        assert!(r.errors[0].message.contains("4000000000"), "{:?}", r.errors);
    }

    #[test]
    fn names_follow_aegis() {
        let t: Token = serde_json::from_str(
            r#"{"name":"Google - me@x","originalName":"","accountType":"google"}"#,
        )
        .unwrap();
        assert_eq!(names(&t), ("Google".into(), "me@x".into()));
        let t: Token =
            serde_json::from_str(r#"{"name":"me","originalName":"","accountType":"github"}"#)
                .unwrap();
        assert_eq!(names(&t), ("Github".into(), "me".into()));
    }
}
