//! TOTP Authenticator (Android, `com.authenticator.authservice2`) backups: base64 text of
//! AES-256-CBC/PKCS#7 with key = SHA-256(password) and a zero IV — no header, salt or KDF cost.
//! Without a user password the app encrypts with the fixed password `TotpAuthenticator`, so such
//! files are recognised by decrypting with it; a file with a user password is only recognised
//! when that password is given (padding plus the expected JSON prove it). The plaintext is a JSON
//! object whose only key is a JSON list of JSON strings `{issuer, name, key, base: 16|32|64}`:
//! every account is TOTP/SHA1/6/30. Loses: nothing else is stored. Read as Aegis's
//! `TotpAuthenticatorImporter` does.

use aes::cipher::{block_padding::Pkcs7, BlockDecryptMut, KeyIvInit};
use serde::Deserialize;
use serde_json::Value;
use sha2::Digest;
use zeroize::Zeroizing;

use super::common::{self, bad, Params};
use super::fields;
use super::{ImportResult, Importer};
use crate::error::{EncodedPart, Error, ImportReason, Result};
use crate::otp::{Kind, Secret};
use crate::uri::Account;

/// Human name in messages.
pub(crate) const NAME: &str = "TOTP Authenticator";
/// The password the app uses when the user set none.
const DEFAULT_PASSWORD: &str = "TotpAuthenticator";

/// A TOTP Authenticator backup.
pub struct TotpAuthenticator;

impl Importer for TotpAuthenticator {
    const ID: &'static str = "totp-authenticator";
    const ENCRYPTABLE: bool = true;
    const SCANNABLE: bool = false;

    fn read(bytes: &[u8], password: Option<&str>) -> Result<ImportResult> {
        let ciphertext = ciphertext(bytes).ok_or_else(|| bad(NAME, ImportReason::NotAesBlocks))?;
        let entries = match password {
            Some(p) => decrypt(&ciphertext, p).or_else(|| decrypt(&ciphertext, DEFAULT_PASSWORD)),
            None => decrypt(&ciphertext, DEFAULT_PASSWORD),
        };
        let entries = match (entries, password) {
            (Some(e), _) => e,
            (None, None) => {
                common::need_password(NAME, None)?;
                return Err(common::wrong_password(NAME));
            }
            (None, Some(_)) => return Err(common::wrong_password(NAME)),
        };
        let mut result = ImportResult::default();
        for (i, text) in entries.iter().enumerate() {
            let entry = serde_json::from_str::<Entry>(text)
                .map_err(|_| bad(NAME, ImportReason::EntryFields));
            let name = entry.as_ref().map(|e| e.issuer.clone()).unwrap_or_default();
            match entry.and_then(read_entry) {
                Ok(a) => result.accounts.push(a),
                Err(e) => result
                    .errors
                    .push(common::entry_error(common::context(i, &name), e)),
            }
        }
        Ok(result)
    }
}

/// Is this a TOTP Authenticator backup made without a user password? (It decrypts with the
/// app's fixed password into the expected JSON.)
pub(crate) fn looks_like_default(bytes: &[u8]) -> bool {
    ciphertext(bytes).is_some_and(|c| decrypt(&c, DEFAULT_PASSWORD).is_some())
}

/// Does `password` open this as a TOTP Authenticator backup? (For files no header identifies.)
pub(crate) fn opens_with(bytes: &[u8], password: &str) -> bool {
    ciphertext(bytes).is_some_and(|c| decrypt(&c, password).is_some())
}

fn ciphertext(bytes: &[u8]) -> Option<Vec<u8>> {
    let text = std::str::from_utf8(common::strip_bom(bytes)).ok()?;
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let raw = data_encoding::BASE64.decode(compact.as_bytes()).ok()?;
    (!raw.is_empty() && raw.len().is_multiple_of(16)).then_some(raw)
}

/// The list of entry JSON strings, or `None` when the password does not open it.
fn decrypt(ciphertext: &[u8], password: &str) -> Option<Vec<Zeroizing<String>>> {
    let key: Zeroizing<[u8; 32]> = Zeroizing::new(sha2::Sha256::digest(password.as_bytes()).into());
    let cipher = cbc::Decryptor::<aes::Aes256>::new_from_slices(key.as_ref(), &[0u8; 16]).ok()?;
    let plain = Zeroizing::new(cipher.decrypt_padded_vec_mut::<Pkcs7>(ciphertext).ok()?);
    let outer: serde_json::Map<String, Value> = serde_json::from_slice(&plain).ok()?;
    let (list, _) = outer.into_iter().next()?;
    let list = Zeroizing::new(list);
    let items: Vec<String> = serde_json::from_str(&list).ok()?;
    Some(items.into_iter().map(Zeroizing::new).collect())
}

#[derive(Deserialize)]
struct Entry {
    #[serde(default)]
    issuer: String,
    #[serde(default)]
    name: String,
    #[serde(deserialize_with = "fields::secret")]
    key: Zeroizing<String>,
    base: Value,
}

fn read_entry(e: Entry) -> Result<Account> {
    let key = e.key.trim();
    let secret = match common::int(&e.base) {
        Some(32) => common::lenient_secret(key)?,
        Some(16) => Secret::from_bytes(
            data_encoding::HEXLOWER_PERMISSIVE
                .decode(key.as_bytes())
                .map_err(|_| Error::BadSecret)?,
        )?,
        Some(64) => Secret::from_bytes(
            common::base64(NAME, EncodedPart::AKey, key).map_err(|_| Error::BadSecret)?,
        )?,
        _ => return Err(bad(NAME, ImportReason::KeyEncoding)),
    };
    let otp = Params::default().build(Kind::Totp, secret)?;
    Ok(Account {
        issuer: e.issuer.trim().to_owned(),
        account: e.name.trim().to_owned(),
        otp,
    })
}
