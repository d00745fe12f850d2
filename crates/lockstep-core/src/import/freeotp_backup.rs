//! FreeOTP 2.x backups (`externalBackup.xml`, despite the name a Java-serialised
//! `HashMap<String, String>`): `masterKey` holds `{mAlgorithm: PBKDF2withHmacSHA1|SHA256|SHA512,
//! mIterations, mSalt, mEncryptedKey}`; `kek = PBKDF2(password, mSalt, mIterations, 32)` opens the
//! AES-256-GCM master key (AAD = its `mToken`, nonce from the DER `mParameters`). Each token has
//! `<uuid>` = `{key: <JSON of an encrypted key>}` (the secret, AAD = `mToken`) and `<uuid>-token` =
//! plaintext metadata (issuer, label, algo, digits, period, counter, type). Written from the format
//! as Aegis's importer reads it; tested on FreeOTP 2.x backups from Android API 23–34.
//! Loses: token images and colours.

use serde_json::Value;
use zeroize::Zeroizing;

use super::common::{self, bad, int, text, Params, Prf};
use super::freeotp::{signed_bytes, token_kind, NAME};
use super::ImportResult;
use crate::error::{Error, Result};
use crate::otp::Secret;
use crate::uri::Account;

const TC_NULL: u8 = 0x70;
const TC_REFERENCE: u8 = 0x71;
const TC_STRING: u8 = 0x74;
const TC_ENDBLOCKDATA: u8 = 0x78;
const TC_BLOCKDATA: u8 = 0x77;
const TC_LONGSTRING: u8 = 0x7c;
/// Handle of the first string after the map's class descriptor and the map itself.
const FIRST_STRING_HANDLE: u32 = 0x7e_0002;
/// Most map entries read (real backups hold tens).
const MAX_ENTRIES: u32 = 10_000;

/// Reads a FreeOTP 2.x backup.
pub(crate) fn read(bytes: &[u8], password: Option<&str>) -> Result<ImportResult> {
    let map = java_string_map(bytes)?;
    let get = |k: &str| {
        map.iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.as_str())
    };
    let master_json: Value = serde_json::from_str(
        get("masterKey").ok_or_else(|| bad(NAME, "the backup has no masterKey"))?,
    )
    .map_err(|_| bad(NAME, "masterKey is not JSON"))?;
    let password = common::need_password(NAME, password)?;
    let master = open_master_key(&master_json, password)?;

    let mut result = ImportResult::default();
    for (uuid, meta) in map
        .iter()
        .filter_map(|(k, v)| k.strip_suffix("-token").map(|u| (u, v)))
    {
        let meta: Value = serde_json::from_str(meta).unwrap_or(Value::Null);
        let context = common::context(
            result.accounts.len() + result.errors.len(),
            &text(&meta, "issuerExt"),
        );
        match read_token(&meta, get(uuid), &master) {
            Ok(a) => result.accounts.push(a),
            Err(e) => result.errors.push(common::entry_error(context, e)),
        }
    }
    Ok(result)
}

fn open_master_key(m: &Value, password: &str) -> Result<Zeroizing<Vec<u8>>> {
    let prf = match text(m, "mAlgorithm").to_ascii_uppercase().as_str() {
        "PBKDF2WITHHMACSHA1" => Prf::Sha1,
        "PBKDF2WITHHMACSHA256" => Prf::Sha256,
        "PBKDF2WITHHMACSHA512" => Prf::Sha512,
        other => {
            return Err(common::unsupported(
                NAME,
                format!("key derivation \"{other}\""),
            ))
        }
    };
    let salt = m
        .get("mSalt")
        .and_then(signed_bytes)
        .ok_or_else(|| bad(NAME, "the master key has no salt"))?;
    let iterations = m.get("mIterations").and_then(int).unwrap_or(0);
    let kek = common::pbkdf2(NAME, prf, password.as_bytes(), &salt, iterations)?;
    let encrypted = m
        .get("mEncryptedKey")
        .ok_or_else(|| bad(NAME, "the master key is missing"))?;
    decrypt(encrypted, kek.as_ref()).ok_or_else(|| common::wrong_password(NAME))
}

/// Opens an encrypted key object `{mCipher, mCipherText, mParameters, mToken}` with `key`.
fn decrypt(k: &Value, key: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
    if !text(k, "mCipher").eq_ignore_ascii_case("AES/GCM/NoPadding") {
        return None;
    }
    let ciphertext = Zeroizing::new(k.get("mCipherText").and_then(signed_bytes)?);
    let params = k.get("mParameters").and_then(signed_bytes)?;
    // DER GCMParameters: SEQUENCE { OCTET STRING nonce, INTEGER tag length }; older Android
    // (API 23) writes the bare OCTET STRING.
    let nonce = match params.as_slice() {
        [0x30, _, 0x04, n, rest @ ..] | [0x04, n, rest @ ..] if rest.len() >= usize::from(*n) => {
            &rest[..usize::from(*n)]
        }
        _ => return None,
    };
    common::aes_gcm_open(key, nonce, &ciphertext, text(k, "mToken").as_bytes())
}

fn read_token(meta: &Value, secret_entry: Option<&str>, master: &[u8]) -> Result<Account> {
    let wrapper: Value = secret_entry
        .and_then(|s| serde_json::from_str(s).ok())
        .ok_or(Error::MissingSecret)?;
    let key: Value = wrapper
        .get("key")
        .and_then(Value::as_str)
        .and_then(|s| serde_json::from_str(s).ok())
        .ok_or(Error::MissingSecret)?;
    let raw = decrypt(&key, master).ok_or_else(|| {
        bad(
            NAME,
            "a token's secret does not decrypt with the master key",
        )
    })?;
    let secret = Secret::from_bytes(raw.to_vec())?;
    let algorithm = text(meta, "algo");
    let params = Params {
        algorithm: Some(algorithm.as_str()),
        digits: meta.get("digits").and_then(int),
        period: meta.get("period").and_then(int),
        counter: meta.get("counter").and_then(int),
    };
    let otp = params.build(token_kind(meta)?, secret)?;
    let mut issuer = text(meta, "issuerExt");
    if issuer.is_empty() {
        issuer = text(meta, "issuerInt");
    }
    Ok(Account {
        issuer,
        account: text(meta, "label"),
        otp,
    })
}

/// The string pairs of a serialised `java.util.HashMap<String, String>`.
fn java_string_map(bytes: &[u8]) -> Result<Vec<(String, String)>> {
    let corrupt = || bad(NAME, "the Java-serialised map is damaged");
    // The class descriptor ends with TC_ENDBLOCKDATA TC_NULL (no superclass); then the fields
    // (loadFactor, maybe threshold) and a block of 8 bytes: capacity, size.
    let desc_end = bytes
        .windows(2)
        .position(|w| w == [TC_ENDBLOCKDATA, TC_NULL])
        .ok_or_else(corrupt)?
        + 2;
    let window = bytes.get(desc_end..).ok_or_else(corrupt)?;
    let block = window
        .windows(2)
        .take(16)
        .position(|w| w == [TC_BLOCKDATA, 0x08])
        .ok_or_else(corrupt)?;
    let mut pos = desc_end + block + 2;
    let size_bytes: [u8; 4] = bytes
        .get(pos + 4..pos + 8)
        .and_then(|s| s.try_into().ok())
        .ok_or_else(corrupt)?;
    let size = u32::from_be_bytes(size_bytes);
    if size > MAX_ENTRIES {
        return Err(corrupt());
    }
    pos += 8;
    let mut strings: Vec<String> = Vec::new();
    let mut next = |pos: &mut usize| -> Result<String> {
        let tag = *bytes.get(*pos).ok_or_else(corrupt)?;
        *pos += 1;
        let len = match tag {
            TC_STRING => u64::from(u16::from_be_bytes(
                bytes
                    .get(*pos..*pos + 2)
                    .and_then(|s| s.try_into().ok())
                    .ok_or_else(corrupt)?,
            )),
            TC_LONGSTRING => u64::from_be_bytes(
                bytes
                    .get(*pos..*pos + 8)
                    .and_then(|s| s.try_into().ok())
                    .ok_or_else(corrupt)?,
            ),
            TC_REFERENCE => {
                let h = u32::from_be_bytes(
                    bytes
                        .get(*pos..*pos + 4)
                        .and_then(|s| s.try_into().ok())
                        .ok_or_else(corrupt)?,
                );
                *pos += 4;
                let i = h.checked_sub(FIRST_STRING_HANDLE).ok_or_else(corrupt)?;
                return strings.get(i as usize).cloned().ok_or_else(corrupt);
            }
            _ => return Err(corrupt()),
        };
        *pos += if tag == TC_STRING { 2 } else { 8 };
        let len = usize::try_from(len).map_err(|_| corrupt())?;
        let end = pos
            .checked_add(len)
            .filter(|&e| e <= bytes.len())
            .ok_or_else(corrupt)?;
        // Java writes "modified UTF-8"; tokens and keys are ASCII JSON, so lossy decoding is exact.
        let s = String::from_utf8_lossy(&bytes[*pos..end]).into_owned();
        *pos = end;
        strings.push(s.clone());
        Ok(s)
    };
    let mut out = Vec::with_capacity(size as usize);
    for _ in 0..size {
        let k = next(&mut pos)?;
        let v = next(&mut pos)?;
        out.push((k, v));
    }
    Ok(out)
}
