//! Proton Authenticator's export: plain JSON `{version: 1, entries: [{id, content: {uri,
//! entry_type, name}, note}]}` where `uri` is an `otpauth://` or `steam://` link, and the
//! password-protected `{version: 1, salt, content}` with key = Argon2id v1.3 (m = 19 MiB, t = 2,
//! p = 1, 32 bytes) over the base64 salt, and `content` = base64(nonce (12) ‖ AES-256-GCM
//! ciphertext ‖ tag) with AAD `proton.authenticator.export.v1`; the plaintext is the plain JSON.
//! Notes are kept; nothing else is lost. The Steam entries' account is the entry's `name`.

use serde_json::Value;

use super::common::{self, bad, int, text};
use super::extras;
use super::{ImportOptions, ImportResult, Importer};
use crate::error::{EncodedPart, ImportReason, Result};
use crate::uri::Account;

/// Human name in messages.
pub(crate) const NAME: &str = "Proton Authenticator";
/// AAD of the password-protected export.
const AAD: &[u8] = b"proton.authenticator.export.v1";
/// Argon2id cost fixed by Proton Authenticator (not stored in the file, so a file cannot ask for
/// more work).
const M_KIB: u64 = 19 * 1024;
const T: u64 = 2;

/// Proton Authenticator export.
pub struct Proton;

impl Importer for Proton {
    const ID: &'static str = "proton";
    const ENCRYPTABLE: bool = true;
    const SCANNABLE: bool = false;

    fn read(bytes: &[u8], password: Option<&str>) -> Result<ImportResult> {
        Self::read_with(bytes, &ImportOptions::with_password(password))
    }

    fn read_with(bytes: &[u8], options: &ImportOptions<'_>) -> Result<ImportResult> {
        let root = common::json(NAME, bytes)?;
        match root.get("version").and_then(int) {
            Some(1) => {}
            Some(v) => {
                return Err(common::unsupported(
                    NAME,
                    ImportReason::ExportVersion { version: v },
                ))
            }
            None => return Err(bad(NAME, ImportReason::NoVersion)),
        }
        if root.get("entries").is_some() {
            return read_entries(&root);
        }
        let salt = common::base64(NAME, EncodedPart::Salt, &text(&root, "salt"))?;
        let content = common::base64(NAME, EncodedPart::Content, &text(&root, "content"))?;
        if content.len() < 12 + 16 {
            return Err(bad(NAME, ImportReason::ContentTooShort));
        }
        let password = common::need_password(NAME, options.password)?;
        options.checkpoint(NAME)?;
        let key = common::argon2id(NAME, password.as_bytes(), &salt, M_KIB, T, 1)?;
        let (nonce, sealed) = content.split_at(12);
        let plain = common::aes_gcm_open(key.as_ref(), nonce, sealed, AAD)
            .ok_or_else(|| common::wrong_password(NAME))?;
        let inner = common::secret_json(&plain)
            .ok_or_else(|| bad(NAME, ImportReason::DecryptedExportNotJson))?;
        read_entries(&inner)
    }
}

/// Is this JSON a Proton Authenticator export (plain or encrypted)?
pub(crate) fn looks_like(v: &Value) -> bool {
    let plain = v
        .get("entries")
        .and_then(Value::as_array)
        .is_some_and(|e| e.first().is_none_or(|x| x.get("content").is_some()));
    let sealed = v.get("salt").is_some() && v.get("content").is_some_and(Value::is_string);
    v.get("version").is_some() && (plain || sealed)
}

fn read_entries(root: &Value) -> Result<ImportResult> {
    let entries = root
        .get("entries")
        .and_then(Value::as_array)
        .ok_or_else(|| bad(NAME, ImportReason::NoList { key: "entries" }))?;
    let mut result = ImportResult::default();
    for (i, e) in entries.iter().enumerate() {
        let content = e.get("content").unwrap_or(&Value::Null);
        let name = text(content, "name");
        let link = common::secret_text(content, "uri");
        let read = match common::parse_steam_link(&link) {
            Some(steam) => steam.map(|otp| Account {
                issuer: "Steam".into(),
                account: name.clone(),
                otp,
            }),
            None => common::parse_uri(&link),
        };
        match read {
            Ok(a) => result.push(a, extras::proton(e)),
            Err(err) => result
                .errors
                .push(common::entry_error(common::context(i, &name), err)),
        }
    }
    Ok(result)
}
