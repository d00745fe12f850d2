//! Raivo OTP (iOS) export: `raivo-otp-export.json`, the file inside the password-protected ZIP
//! Raivo writes (unzip it first: the ZIP uses WinZip AES, which Lockstep does not read). A list of
//! `{issuer, account, secret, algorithm, digits, kind: TOTP|HOTP, timer, counter, pinned,
//! iconType, iconValue}` where every value is a string. Pinned accounts become favourites. Loses: icons.
//! Written from Raivo's `Password` model as Ente Auth's and 2FAS's Raivo importers read it.

use serde::Deserialize;
use serde_json::Value;
use zeroize::Zeroizing;

use super::common::{self, bad, int, Params};
use super::fields;
use super::{Extras, ImportResult, Importer};
use crate::error::{Error, ImportReason, Result};
use crate::otp::Kind;
use crate::uri::Account;

/// Human name in messages.
pub(crate) const NAME: &str = "Raivo OTP";

/// Raivo OTP's JSON export.
pub struct Raivo;

impl Importer for Raivo {
    const ID: &'static str = "raivo";
    const ENCRYPTABLE: bool = false;
    const SCANNABLE: bool = false;

    fn read(bytes: &[u8], _password: Option<&str>) -> Result<ImportResult> {
        let root = common::json(NAME, bytes)?;
        let list = root
            .as_array()
            .ok_or_else(|| bad(NAME, ImportReason::ExportNotAccountList))?;
        let mut result = ImportResult::default();
        for (i, value) in list.iter().enumerate() {
            let entry =
                Entry::deserialize(value).map_err(|_| bad(NAME, ImportReason::AccountFields));
            let name = entry.as_ref().map(|e| e.issuer.clone()).unwrap_or_default();
            let read = entry.and_then(|e| {
                let pinned = matches!(&e.pinned, Some(Value::Bool(true)))
                    || matches!(&e.pinned, Some(Value::String(s)) if s == "true");
                read_entry(e).map(|a| (a, pinned))
            });
            match read {
                Ok((a, favorite)) => result.push(
                    a,
                    Extras {
                        favorite,
                        ..Extras::default()
                    },
                ),
                Err(e) => result
                    .errors
                    .push(common::entry_error(common::context(i, &name), e)),
            }
        }
        Ok(result)
    }
}

/// Is this JSON Raivo's export? (A list whose first object has `kind`, `timer` and `secret`.)
pub(crate) fn looks_like(v: &Value) -> bool {
    v.as_array().and_then(|a| a.first()).is_some_and(|e| {
        e.get("kind").is_some() && e.get("timer").is_some() && e.get("secret").is_some()
    })
}

#[derive(Deserialize)]
struct Entry {
    #[serde(default)]
    issuer: String,
    #[serde(default)]
    account: String,
    #[serde(deserialize_with = "fields::secret")]
    secret: Zeroizing<String>,
    #[serde(default)]
    algorithm: Option<String>,
    #[serde(default)]
    digits: Option<Value>,
    #[serde(default)]
    kind: Option<String>,
    #[serde(default)]
    timer: Option<Value>,
    #[serde(default)]
    counter: Option<Value>,
    #[serde(default)]
    pinned: Option<Value>,
}

fn read_entry(e: Entry) -> Result<Account> {
    let kind = match e.kind.as_deref().map(str::to_ascii_uppercase).as_deref() {
        None | Some("TOTP") => Kind::Totp,
        Some("HOTP") => Kind::Hotp,
        Some(other) => return Err(Error::UnknownOtpType(other.to_owned())),
    };
    let secret = common::lenient_secret(&e.secret)?;
    let otp = Params {
        algorithm: e.algorithm.as_deref(),
        digits: e.digits.as_ref().and_then(int),
        period: e.timer.as_ref().and_then(int),
        counter: e.counter.as_ref().and_then(int),
    }
    .build(kind, secret)?;
    Ok(Account {
        issuer: e.issuer.trim().to_owned(),
        account: e.account.trim().to_owned(),
        otp,
    })
}
