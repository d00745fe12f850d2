//! FreeOTP 2.x backups (`externalBackup.xml`, despite the name a Java-serialised
//! `HashMap<String, String>`): `masterKey` holds `{mAlgorithm: PBKDF2withHmacSHA1|SHA256|SHA512,
//! mIterations, mSalt, mEncryptedKey}`; `kek = PBKDF2(password, mSalt, mIterations, 32)` opens the
//! AES-256-GCM master key (AAD = its `mToken`, nonce from the DER `mParameters`). Each token has
//! `<uuid>` = `{key: <JSON of an encrypted key>}` (the secret, AAD = `mToken`) and `<uuid>-token` =
//! plaintext metadata ([`super::token`]). Written from the format as Aegis's importer reads it;
//! tested on FreeOTP 2.x backups from Android API 23–34.
//!
//! A serialised stream may refer back to a string instead of repeating it: each string is kept
//! once and referred to by index, and the JSON parsed out of the map is paid for from a budget
//! proportional to the file's size, so a small file cannot make us allocate or parse gigabytes.

use std::collections::HashMap;

use serde_json::Value;
use zeroize::Zeroizing;

use super::token::{self, signed_bytes, NAME};
use crate::error::{Error, ImportReason, Result};
use crate::import::common::{self, bad, int, text, Prf};
use crate::import::{ImportOptions, ImportResult};
use crate::otp::Secret;

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
/// PBKDF2 iterations FreeOTP writes: `MasterKey.ITERATIONS = 100000` in freeotp-android
/// (`encryptor/MasterKey.java`), the same for every Android version; more is refused unrun.
const MAX_ITERATIONS: i64 = 100_000;
/// Bytes of JSON parsed out of the map, per byte of file (each string is parsed at most twice
/// when nothing is repeated by reference), plus a constant for tiny files.
const PARSE_BUDGET_PER_BYTE: usize = 4;
const PARSE_BUDGET_BASE: usize = 64 * 1024;

/// Reads a FreeOTP 2.x backup. All JSON is parsed (within the budget) before the key derivation.
pub(super) fn read(bytes: &[u8], options: &ImportOptions<'_>) -> Result<ImportResult> {
    let map = StringMap::parse(bytes)?;
    let lookup = map.lookup();
    let mut budget = Budget(
        bytes
            .len()
            .saturating_mul(PARSE_BUDGET_PER_BYTE)
            .saturating_add(PARSE_BUDGET_BASE),
    );
    let master_json = lookup
        .get("masterKey")
        .ok_or_else(|| bad(NAME, ImportReason::NoMasterKey))?;
    let master_json = budget
        .parse(master_json)?
        .ok_or_else(|| bad(NAME, ImportReason::MasterKeyNotJson))?;
    let mut tokens = Vec::new();
    for (key, meta) in map.entries() {
        let Some(uuid) = key.strip_suffix("-token") else {
            continue;
        };
        let meta = budget.parse(meta)?.unwrap_or(Value::Null);
        let secret = match lookup.get(uuid) {
            Some(wrapper) => secret_key(&mut budget, wrapper)?,
            None => None,
        };
        tokens.push((meta, secret));
    }
    let password = common::need_password(NAME, options.password)?;
    options.checkpoint(NAME)?;
    let master = open_master_key(&master_json, password)?;

    let mut result = ImportResult::default();
    for (i, (meta, secret)) in tokens.iter().enumerate() {
        match read_token(meta, secret.as_ref(), &master) {
            Ok(a) => result.accounts.push(a),
            Err(e) => result.errors.push(common::entry_error(
                common::context(i, &text(meta, "issuerExt")),
                e,
            )),
        }
    }
    Ok(result)
}

/// What may still be spent parsing JSON out of the map, in bytes.
struct Budget(usize);

impl Budget {
    /// Parses `s` as JSON (`None` when it is not), paying its length first.
    fn parse(&mut self, s: &str) -> Result<Option<Value>> {
        self.0 = self
            .0
            .checked_sub(s.len())
            .ok_or_else(|| common::too_costly(NAME, ImportReason::RepeatedReferences))?;
        Ok(serde_json::from_str(s).ok())
    }
}

/// The encrypted key object inside a token's `{key: "<JSON>"}` wrapper.
fn secret_key(budget: &mut Budget, wrapper: &str) -> Result<Option<Value>> {
    let Some(wrapper) = budget.parse(wrapper)? else {
        return Ok(None);
    };
    match wrapper.get("key").and_then(Value::as_str) {
        Some(inner) => budget.parse(inner),
        None => Ok(None),
    }
}

fn open_master_key(m: &Value, password: &str) -> Result<Zeroizing<Vec<u8>>> {
    let prf = match text(m, "mAlgorithm").to_ascii_uppercase().as_str() {
        "PBKDF2WITHHMACSHA1" => Prf::Sha1,
        "PBKDF2WITHHMACSHA256" => Prf::Sha256,
        "PBKDF2WITHHMACSHA512" => Prf::Sha512,
        _ => return Err(common::unsupported(NAME, ImportReason::OtherKdf)),
    };
    let salt = m
        .get("mSalt")
        .and_then(signed_bytes)
        .ok_or_else(|| bad(NAME, ImportReason::MasterKeyNoSalt))?;
    let iterations = m.get("mIterations").and_then(int).unwrap_or(0);
    if iterations > MAX_ITERATIONS {
        return Err(common::too_costly(
            NAME,
            ImportReason::FreeOtpIterations {
                iterations,
                writes: MAX_ITERATIONS,
            },
        ));
    }
    let kek = common::pbkdf2(NAME, prf, password.as_bytes(), &salt, iterations)?;
    let encrypted = m
        .get("mEncryptedKey")
        .ok_or_else(|| bad(NAME, ImportReason::MasterKeyMissing))?;
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

fn read_token(meta: &Value, key: Option<&Value>, master: &[u8]) -> Result<crate::uri::Account> {
    let key = key.ok_or(Error::MissingSecret)?;
    let raw =
        decrypt(key, master).ok_or_else(|| bad(NAME, ImportReason::TokenSecretUndecryptable))?;
    token::account(meta, Secret::from_bytes(raw.to_vec())?)
}

/// A serialised `java.util.HashMap<String, String>`: every string once, and the pairs as indices
/// into them (a key repeated by reference is kept at its first pair only).
struct StringMap {
    strings: Vec<String>,
    pairs: Vec<(usize, usize)>,
}

impl StringMap {
    /// `(key, value)` of every pair, in stream order.
    fn entries(&self) -> impl Iterator<Item = (&str, &str)> {
        self.pairs
            .iter()
            .map(|(k, v)| (self.strings[*k].as_str(), self.strings[*v].as_str()))
    }

    /// Key text to value; the first pair wins. Hashes each stored key once.
    fn lookup(&self) -> HashMap<&str, &str> {
        let mut out = HashMap::with_capacity(self.pairs.len());
        for (k, v) in self.entries() {
            out.entry(k).or_insert(v);
        }
        out
    }

    /// Reads the map; allocates no more than the file's size in string bytes.
    fn parse(bytes: &[u8]) -> Result<StringMap> {
        let corrupt = || bad(NAME, ImportReason::JavaMapDamaged);
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
        // The index of the next string (a new one, or the one a back-reference names).
        let next = |pos: &mut usize, strings: &mut Vec<String>| -> Result<usize> {
            let tag = *bytes.get(*pos).ok_or_else(corrupt)?;
            *pos += 1;
            let field = |pos: usize, n: usize| bytes.get(pos..pos + n).ok_or_else(corrupt);
            let len = match tag {
                TC_STRING => u64::from(u16::from_be_bytes(
                    field(*pos, 2)?.try_into().map_err(|_| corrupt())?,
                )),
                TC_LONGSTRING => {
                    u64::from_be_bytes(field(*pos, 8)?.try_into().map_err(|_| corrupt())?)
                }
                TC_REFERENCE => {
                    let h = u32::from_be_bytes(field(*pos, 4)?.try_into().map_err(|_| corrupt())?);
                    *pos += 4;
                    let i = h.checked_sub(FIRST_STRING_HANDLE).ok_or_else(corrupt)? as usize;
                    return if i < strings.len() {
                        Ok(i)
                    } else {
                        Err(corrupt())
                    };
                }
                _ => return Err(corrupt()),
            };
            *pos += if tag == TC_STRING { 2 } else { 8 };
            let len = usize::try_from(len).map_err(|_| corrupt())?;
            let end = pos
                .checked_add(len)
                .filter(|&e| e <= bytes.len())
                .ok_or_else(corrupt)?;
            // Java writes "modified UTF-8"; tokens and keys are ASCII JSON, so lossy decoding is
            // exact.
            strings.push(String::from_utf8_lossy(&bytes[*pos..end]).into_owned());
            *pos = end;
            Ok(strings.len() - 1)
        };
        let mut pairs: Vec<(usize, usize)> = Vec::with_capacity(size as usize);
        let mut seen = std::collections::HashSet::new();
        for _ in 0..size {
            let k = next(&mut pos, &mut strings)?;
            let v = next(&mut pos, &mut strings)?;
            if seen.insert(k) {
                pairs.push((k, v));
            }
        }
        Ok(StringMap { strings, pairs })
    }

    /// Bytes held in strings.
    #[cfg(test)]
    fn string_bytes(&self) -> usize {
        self.strings.iter().map(String::len).sum()
    }
}

impl Drop for StringMap {
    fn drop(&mut self) {
        use zeroize::Zeroize;
        self.strings.iter_mut().for_each(Zeroize::zeroize);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A map of `masterKey`, one token whose value is `big`, and `repeats` tokens referring back
    /// to it.
    fn repeating_map(big: &str, repeats: usize) -> Vec<u8> {
        let mut out = vec![0xac, 0xed, 0x00, 0x05, 0x73, 0x72, 0x78, 0x70];
        out.extend([0x3f, 0x40, 0, 0, 0, 0, 0, 0x0c, 0x77, 0x08, 0, 0, 0, 0x10]);
        out.extend(((repeats + 2) as u32).to_be_bytes());
        let string = |out: &mut Vec<u8>, s: &str| {
            out.push(TC_LONGSTRING);
            out.extend((s.len() as u64).to_be_bytes());
            out.extend(s.as_bytes());
        };
        string(&mut out, "masterKey");
        string(&mut out, "{}");
        string(&mut out, "t-token");
        string(&mut out, big);
        for i in 0..repeats {
            string(&mut out, &format!("t{i}-token"));
            out.push(TC_REFERENCE);
            out.extend((FIRST_STRING_HANDLE + 3).to_be_bytes());
        }
        out
    }

    #[test]
    fn back_references_share_one_string_and_parsing_is_paid_from_a_budget() {
        let big = format!("{{\"label\": \"{}\"}}", "x".repeat(100_000));
        let bytes = repeating_map(&big, 5_000);
        let map = StringMap::parse(&bytes).unwrap();
        // 5,002 pairs, yet no more string bytes than the file has (it used to be 5,000 copies).
        assert_eq!(map.pairs.len(), 5_002);
        assert!(map.string_bytes() <= bytes.len());
        // Parsing every token's description would read 500 MB of JSON: refused within the budget.
        let err = read(&bytes, &ImportOptions::default()).unwrap_err();
        assert_eq!(err.kind(), "import_too_costly", "{err}");
        // Without repetition the same content is read.
        let err = read(&repeating_map(&big, 0), &ImportOptions::default()).unwrap_err();
        assert_eq!(err.kind(), "import_missing_password", "{err}");
    }
}
