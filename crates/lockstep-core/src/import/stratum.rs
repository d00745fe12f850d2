//! Authenticator Pro / Stratum backups (the app was renamed Stratum at version 1.24; the format
//! did not change): the plain JSON `{Authenticators: [...], Categories, AuthenticatorCategories,
//! CustomIcons}` and the two encrypted wrappers of that JSON, recognised by their 16-byte header:
//! `"AUTHENTICATORPRO" ‖ salt 16 ‖ iv 12 ‖ AES-256-GCM ciphertext ‖ tag` with
//! key = Argon2id v1.3(password, salt, m = 64 MiB, t = 3, p = 4, 32), and the legacy
//! `"AuthenticatorPro" ‖ salt 20 ‖ iv 16 ‖ AES-256-CBC/PKCS#7` with
//! key = PBKDF2-HMAC-SHA1(password, salt, 64 000, 32). The app fixes these costs; nothing is read
//! from the file. The app's internal SQLite database (same fields as columns) is read too.
//! Categories become tags. Loses: icons, ranking, copy counts; mOTP (Type 3) and Yandex
//! (Type 5) entries are reported per entry. Read as Aegis's `StratumImporter` reads it.

use aes::cipher::{block_padding::Pkcs7, BlockDecryptMut, KeyIvInit};
use serde::Deserialize;
use serde_json::Value;
use zeroize::Zeroizing;

use super::common::{self, bad, Params, Prf};
use super::{fields, sqlite};
use super::{Extras, ImportResult, Importer};
use crate::error::{Error, ImportReason, Result};
use crate::otp::Kind;
use crate::uri::Account;

/// Human name in messages.
pub(crate) const NAME: &str = "Authenticator Pro / Stratum";
/// Header of the current encrypted backup.
const HEADER: &[u8; 16] = b"AUTHENTICATORPRO";
/// Header of the legacy (before 1.15) encrypted backup.
const HEADER_LEGACY: &[u8; 16] = b"AuthenticatorPro";
/// Argon2id cost the app writes (fixed, not read from the file).
const ARGON2_M_KIB: u64 = 64 * 1024;
const ARGON2_T: u64 = 3;
const ARGON2_P: u32 = 4;
/// PBKDF2 iterations of the legacy backup (fixed).
const LEGACY_ITERATIONS: i64 = 64_000;

/// Authenticator Pro / Stratum backup, plain or encrypted.
pub struct Stratum;

impl Importer for Stratum {
    const ID: &'static str = "stratum";
    const ENCRYPTABLE: bool = true;
    const SCANNABLE: bool = false;

    fn read(bytes: &[u8], password: Option<&str>) -> Result<ImportResult> {
        if sqlite::looks_like(bytes, DB_MARKER) {
            return read_database(bytes);
        }
        let plain = if bytes.starts_with(HEADER) {
            decrypt(bytes, password)?
        } else if bytes.starts_with(HEADER_LEGACY) {
            decrypt_legacy(bytes, password)?
        } else {
            Zeroizing::new(common::strip_bom(bytes).to_vec())
        };
        let backup: Backup =
            serde_json::from_slice(&plain).map_err(|_| bad(NAME, ImportReason::NotStratumJson))?;
        let mut result = ImportResult::default();
        for (i, value) in backup.authenticators.iter().cloned().enumerate() {
            let entry = serde_json::from_value::<Entry>(value)
                .map_err(|_| bad(NAME, ImportReason::EntryFields));
            let name = entry
                .as_ref()
                .ok()
                .and_then(|e| e.issuer.clone())
                .unwrap_or_default();
            let read = entry.and_then(|e| {
                let tags = categories(&e, &backup);
                read_entry(e).map(|a| (a, tags))
            });
            match read {
                Ok((a, tags)) => result.push(a, tags),
                Err(e) => result
                    .errors
                    .push(common::entry_error(common::context(i, &name), e)),
            }
        }
        Ok(result)
    }
}

/// Is this a Stratum file? (An encrypted header, or the app's SQLite database.)
pub(crate) fn looks_like_file(bytes: &[u8]) -> bool {
    bytes.starts_with(HEADER)
        || bytes.starts_with(HEADER_LEGACY)
        || sqlite::looks_like(bytes, DB_MARKER)
}

/// A table only Stratum's database has.
const DB_MARKER: &str = "authenticatorcategory";

/// The app's own database (`authenticator`, `category`, `authenticatorcategory` tables: the
/// backup's fields as columns), from a rooted phone.
fn read_database(bytes: &[u8]) -> Result<ImportResult> {
    let conn = sqlite::open(NAME, bytes)?;
    let no_table = |_| bad(NAME, ImportReason::NoAuthenticatorTable);
    let mut stmt = conn
        .prepare("SELECT type, issuer, username, secret, algorithm, digits, period, counter FROM authenticator")
        .map_err(no_table)?;
    let rows: Vec<rusqlite::Result<Entry>> = stmt
        .query_map([], |r| {
            Ok(Entry {
                kind: r.get(0)?,
                issuer: r.get(1)?,
                username: r.get(2)?,
                secret: Zeroizing::new(r.get(3)?),
                algorithm: r.get::<_, Option<i64>>(4)?.unwrap_or(0),
                digits: r.get(5)?,
                period: r.get(6)?,
                counter: r.get(7)?,
            })
        })
        .map_err(no_table)?
        .collect();
    // Categories are optional: an older database may lack the tables.
    let named = conn
        .prepare("SELECT id, name FROM category")
        .and_then(|mut s| {
            s.query_map([], |r| {
                Ok(Category {
                    id: r.get(0)?,
                    name: r.get::<_, Option<String>>(1)?.unwrap_or_default(),
                })
            })?
            .collect()
        })
        .unwrap_or_default();
    let links = conn
        .prepare("SELECT categoryId, authenticatorSecret FROM authenticatorcategory")
        .and_then(|mut s| {
            s.query_map([], |r| {
                Ok(CategoryLink {
                    category_id: r.get(0)?,
                    authenticator_secret: Zeroizing::new(r.get(1)?),
                })
            })?
            .collect()
        })
        .unwrap_or_default();
    let backup = Backup {
        authenticators: Vec::new(),
        categories: named,
        links,
    };
    let mut result = ImportResult::default();
    for (i, row) in rows.into_iter().enumerate() {
        let entry = row.map_err(|_| bad(NAME, ImportReason::RowTypes));
        let name = entry
            .as_ref()
            .ok()
            .and_then(|e| e.issuer.clone())
            .unwrap_or_default();
        let read = entry.and_then(|e| {
            let tags = categories(&e, &backup);
            read_entry(e).map(|a| (a, tags))
        });
        match read {
            Ok((a, tags)) => result.push(a, tags),
            Err(e) => result
                .errors
                .push(common::entry_error(common::context(i, &name), e)),
        }
    }
    Ok(result)
}

/// Is this JSON a plain Stratum backup?
pub(crate) fn looks_like_json(v: &Value) -> bool {
    v.get("Authenticators").is_some_and(Value::is_array)
}

/// The backup document; categories and icons are not read.
#[derive(Deserialize)]
struct Backup {
    #[serde(rename = "Authenticators")]
    authenticators: Vec<Value>,
    #[serde(default, rename = "Categories")]
    categories: Vec<Category>,
    #[serde(default, rename = "AuthenticatorCategories")]
    links: Vec<CategoryLink>,
}

/// A category (becomes a tag).
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Category {
    id: String,
    name: String,
}

/// Which authenticator (by its secret) is in which category.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct CategoryLink {
    category_id: String,
    #[serde(deserialize_with = "fields::secret")]
    authenticator_secret: Zeroizing<String>,
}

/// The categories of an authenticator, as tags.
fn categories(e: &Entry, backup: &Backup) -> Extras {
    let mut x = Extras::default();
    for link in backup
        .links
        .iter()
        .filter(|l| *l.authenticator_secret == *e.secret)
    {
        if let Some(c) = backup.categories.iter().find(|c| c.id == link.category_id) {
            x.tag(&c.name);
        }
    }
    x
}

/// One authenticator, as Stratum's `Authenticator` class serialises it.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Entry {
    #[serde(rename = "Type")]
    kind: i64,
    #[serde(default)]
    issuer: Option<String>,
    #[serde(default)]
    username: Option<String>,
    #[serde(deserialize_with = "fields::secret")]
    secret: Zeroizing<String>,
    #[serde(default)]
    algorithm: i64,
    #[serde(default)]
    digits: Option<i64>,
    #[serde(default)]
    period: Option<i64>,
    #[serde(default)]
    counter: Option<i64>,
}

fn read_entry(e: Entry) -> Result<Account> {
    let kind = match e.kind {
        1 => Kind::Hotp,
        2 => Kind::Totp,
        4 => Kind::Steam,
        3 => return Err(Error::UnknownOtpType("mOTP".into())),
        5 => return Err(Error::UnknownOtpType("Yandex".into())),
        other => return Err(Error::UnknownOtpType(format!("type {other}"))),
    };
    let algorithm = match e.algorithm {
        0 => "SHA1",
        1 => "SHA256",
        2 => "SHA512",
        other => return Err(Error::UnknownAlgorithm(format!("algorithm {other}"))),
    };
    let secret = common::lenient_secret(&e.secret)?;
    let otp = Params {
        algorithm: Some(algorithm),
        digits: e.digits,
        period: e.period,
        counter: e.counter,
    }
    .build(kind, secret)?;
    Ok(Account {
        issuer: e.issuer.unwrap_or_default().trim().to_owned(),
        account: e.username.unwrap_or_default().trim().to_owned(),
        otp,
    })
}

/// `AUTHENTICATORPRO ‖ salt 16 ‖ iv 12 ‖ AES-256-GCM(ciphertext ‖ tag)`.
fn decrypt(bytes: &[u8], password: Option<&str>) -> Result<Zeroizing<Vec<u8>>> {
    const SALT: usize = 16;
    const IV: usize = 12;
    let body = &bytes[HEADER.len()..];
    if body.len() < SALT + IV + 16 {
        return Err(bad(NAME, ImportReason::EncryptedTooShort));
    }
    let password = common::need_password(NAME, password)?;
    let (salt, rest) = body.split_at(SALT);
    let (iv, sealed) = rest.split_at(IV);
    let key = common::argon2id(
        NAME,
        password.as_bytes(),
        salt,
        ARGON2_M_KIB,
        ARGON2_T,
        ARGON2_P,
    )?;
    common::aes_gcm_open(key.as_ref(), iv, sealed, b"").ok_or_else(|| common::wrong_password(NAME))
}

/// `AuthenticatorPro ‖ salt 20 ‖ iv 16 ‖ AES-256-CBC/PKCS#7`. CBC has no tag: a wrong password
/// shows as bad padding or, rarely, as garbage that is not JSON; both are reported as a wrong
/// password.
fn decrypt_legacy(bytes: &[u8], password: Option<&str>) -> Result<Zeroizing<Vec<u8>>> {
    const SALT: usize = 20;
    const IV: usize = 16;
    let body = &bytes[HEADER_LEGACY.len()..];
    if body.len() < SALT + IV + 16 || !(body.len() - SALT - IV).is_multiple_of(16) {
        return Err(bad(NAME, ImportReason::LegacyTruncated));
    }
    let password = common::need_password(NAME, password)?;
    let (salt, rest) = body.split_at(SALT);
    let (iv, sealed) = rest.split_at(IV);
    let key = common::pbkdf2(
        NAME,
        Prf::Sha1,
        password.as_bytes(),
        salt,
        LEGACY_ITERATIONS,
    )?;
    let cipher = cbc::Decryptor::<aes::Aes256>::new_from_slices(key.as_ref(), iv)
        .map_err(|_| bad(NAME, ImportReason::LegacyIvLength))?;
    let plain = cipher
        .decrypt_padded_vec_mut::<Pkcs7>(sealed)
        .map_err(|_| common::wrong_password(NAME))?;
    let plain = Zeroizing::new(plain);
    if serde_json::from_slice::<serde::de::IgnoredAny>(&plain).is_err() {
        return Err(common::wrong_password(NAME));
    }
    Ok(plain)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_types_and_algorithms_are_per_entry_errors() {
        let file = br#"{"Authenticators":[
            {"Type":2,"Issuer":"Ok","Username":"a","Secret":"JBSWY3DPEHPK3PXP","Algorithm":0,"Digits":6,"Period":30},
            {"Type":3,"Issuer":"Motp","Username":"b","Secret":"abcd","Algorithm":0,"Digits":6,"Period":10},
            {"Type":2,"Issuer":"Algo","Username":"c","Secret":"JBSWY3DPEHPK3PXP","Algorithm":9,"Digits":6,"Period":30},
            {"Type":2,"Issuer":"Digits","Username":"d","Secret":"JBSWY3DPEHPK3PXP","Algorithm":0,"Digits":262,"Period":30},
            {"Issuer":"Broken"}]}"#;
        let r = Stratum::read(file, None).unwrap();
        assert_eq!(r.accounts.len(), 1);
        assert_eq!(r.errors.len(), 4, "{:?}", r.errors);
        assert!(r.errors[2].message.contains("262"));
        assert!(!r.errors.iter().any(|e| e.message.contains("JBSWY3DP")));
    }

    #[test]
    fn short_encrypted_files_are_refused_before_any_kdf() {
        let mut f = HEADER.to_vec();
        f.extend([0u8; 20]);
        assert_eq!(
            Stratum::read(&f, Some("pw")).unwrap_err().kind(),
            "import_bad_content"
        );
        let mut f = HEADER_LEGACY.to_vec();
        f.extend([0u8; 20 + 16 + 17]);
        assert_eq!(
            Stratum::read(&f, Some("pw")).unwrap_err().kind(),
            "import_bad_content"
        );
    }
}
