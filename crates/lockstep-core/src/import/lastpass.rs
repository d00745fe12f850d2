//! LastPass Authenticator's JSON export (Settings → Transfer accounts → Export accounts to file,
//! Android and iOS, `version` 1–3): `{deviceName, accounts: [{issuerName, originalIssuerName,
//! userName, originalUserName, secret, algorithm, digits, timeStep, isFavorite, folderData:
//! {folderId, position}, …}], folders: [{id, name, isOpened}], version}`. Every account is TOTP.
//! Favourites are kept. Loses: folders and order; push-notification (LastPass sign-in) accounts have no secret and
//! are reported per entry. Written from proton-pass-common's LastPass parser and its iOS fixture.

use serde::Deserialize;
use serde_json::Value;
use zeroize::Zeroizing;

use super::common::{self, bad, Params};
use super::fields;
use super::{Extras, ImportResult, Importer};
use crate::error::{ImportReason, Result};
use crate::otp::Kind;
use crate::uri::Account;

/// Human name in messages.
pub(crate) const NAME: &str = "LastPass Authenticator";

/// The LastPass Authenticator JSON export.
pub struct LastPass;

impl Importer for LastPass {
    const ID: &'static str = "lastpass";
    const ENCRYPTABLE: bool = false;
    const SCANNABLE: bool = false;

    fn read(bytes: &[u8], _password: Option<&str>) -> Result<ImportResult> {
        let root = common::json(NAME, bytes)?;
        let accounts = root
            .get("accounts")
            .and_then(Value::as_array)
            .ok_or_else(|| bad(NAME, ImportReason::NoList { key: "accounts" }))?;
        let mut result = ImportResult::default();
        for (i, value) in accounts.iter().enumerate() {
            let entry =
                Entry::deserialize(value).map_err(|_| bad(NAME, ImportReason::AccountFields));
            let name = entry
                .as_ref()
                .map(|e| e.issuer_name.clone())
                .unwrap_or_default();
            let read = entry.and_then(|e| {
                let favorite = e.is_favorite;
                read_entry(e).map(|a| (a, favorite))
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

/// Is this JSON a LastPass Authenticator export? (`accounts` list of objects with `issuerName`.)
pub(crate) fn looks_like(v: &Value) -> bool {
    v.get("accounts")
        .and_then(Value::as_array)
        .and_then(|a| a.first())
        .is_some_and(|a| a.get("issuerName").is_some() && a.get("userName").is_some())
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Entry {
    #[serde(default)]
    issuer_name: String,
    #[serde(default)]
    user_name: String,
    #[serde(default, deserialize_with = "fields::secret_opt")]
    secret: Option<Zeroizing<String>>,
    #[serde(default)]
    algorithm: Option<String>,
    #[serde(default)]
    digits: Option<i64>,
    #[serde(default)]
    time_step: Option<i64>,
    #[serde(default)]
    is_favorite: bool,
}

fn read_entry(e: Entry) -> Result<Account> {
    let secret = common::lenient_secret(e.secret.as_deref().map_or("", |s| s.as_str()))?;
    let otp = Params {
        algorithm: e.algorithm.as_deref(),
        digits: e.digits,
        period: e.time_step,
        counter: None,
    }
    .build(Kind::Totp, secret)?;
    Ok(Account {
        issuer: e.issuer_name.trim().to_owned(),
        account: e.user_name.trim().to_owned(),
        otp,
    })
}
