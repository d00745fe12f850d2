//! Duo Mobile for Android: its account file `files/duokit/accounts.json` (from a rooted phone or
//! an unencrypted device backup), a list of `{name, otpGenerator: {otpSecret, counter?}, …}`.
//! An account with a `counter` is HOTP, otherwise TOTP; both SHA1, 6 digits, 30 s, the only
//! parameters Duo uses for third-party accounts. Duo Push accounts (Duo's own, `pkey` without an
//! `otpGenerator`) make no codes here and are skipped. The name becomes the account; there is
//! no issuer. Loses: logos. Read as Aegis's `DuoImporter` does.

use serde::Deserialize;
use serde_json::Value;
use zeroize::Zeroizing;

use super::common::{self, bad, Params};
use super::fields;
use super::{ImportResult, Importer};
use crate::error::{ImportReason, Result};
use crate::otp::Kind;
use crate::uri::Account;

/// Human name in messages.
pub(crate) const NAME: &str = "Duo Mobile";

/// Duo Mobile's `accounts.json`.
pub struct Duo;

impl Importer for Duo {
    const ID: &'static str = "duo";
    const ENCRYPTABLE: bool = false;
    const SCANNABLE: bool = false;

    fn read(bytes: &[u8], _password: Option<&str>) -> Result<ImportResult> {
        let root = common::json(NAME, bytes)?;
        let list = root
            .as_array()
            .ok_or_else(|| bad(NAME, ImportReason::FileNotAccountList))?;
        let mut result = ImportResult::default();
        for (i, value) in list.iter().enumerate() {
            if value.get("otpGenerator").is_none() {
                continue; // a Duo Push account: no codes
            }
            let entry =
                Entry::deserialize(value).map_err(|_| bad(NAME, ImportReason::AccountFields));
            let name = entry.as_ref().map(|e| e.name.clone()).unwrap_or_default();
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

/// Is this JSON Duo's account list? (A list whose first object has `otpGenerator`.)
pub(crate) fn looks_like(v: &Value) -> bool {
    v.as_array().is_some_and(|a| {
        a.iter()
            .any(|e| e.get("otpGenerator").is_some_and(Value::is_object))
    })
}

#[derive(Deserialize)]
struct Entry {
    #[serde(default)]
    name: String,
    #[serde(rename = "otpGenerator")]
    generator: Generator,
}

#[derive(Deserialize)]
struct Generator {
    #[serde(rename = "otpSecret", deserialize_with = "fields::secret")]
    secret: Zeroizing<String>,
    #[serde(default)]
    counter: Option<i64>,
}

fn read_entry(e: Entry) -> Result<Account> {
    let secret = common::lenient_secret(&e.generator.secret)?;
    let kind = match e.generator.counter {
        Some(_) => Kind::Hotp,
        None => Kind::Totp,
    };
    let otp = Params {
        counter: e.generator.counter,
        ..Params::default()
    }
    .build(kind, secret)?;
    Ok(Account {
        issuer: String::new(),
        account: e.name.trim().to_owned(),
        otp,
    })
}
