//! Steam Guard secrets: a Steam Desktop Authenticator `.maFile` (one account object with
//! `shared_secret`, `account_name`, `revocation_code`, …) and the Steam mobile app's
//! `files/Steamguard-<steamid>` (the same object, or `{accounts: {<id>: {...}}}` in newer
//! versions). `shared_secret` is base64 of the key; codes are Steam's 5 characters (SHA1, 30 s).
//! Encrypted `.maFile`s (SDA's encryption keeps salt and IV in `manifest.json`, not in the file)
//! are refused with a message to export them unencrypted. Loses: the revocation code, identity
//! secret and session data (Lockstep only makes codes). Read as Aegis's `SteamImporter` does.

use serde::Deserialize;
use serde_json::Value;
use zeroize::Zeroizing;

use super::common::{self, bad, Params};
use super::fields;
use super::{ImportResult, Importer};
use crate::error::{EncodedPart, Error, ImportReason, Result};
use crate::otp::{Kind, Secret};
use crate::uri::Account;

/// Human name in messages.
pub(crate) const NAME: &str = "Steam Guard";

/// A Steam Guard `.maFile` / `Steamguard-*` file.
pub struct Steam;

impl Importer for Steam {
    const ID: &'static str = "steam";
    const ENCRYPTABLE: bool = false;
    const SCANNABLE: bool = false;

    fn read(bytes: &[u8], _password: Option<&str>) -> Result<ImportResult> {
        let text = std::str::from_utf8(common::strip_bom(bytes))
            .map_err(|_| bad(NAME, ImportReason::FileNotText))?;
        let trimmed = text.trim();
        if !trimmed.starts_with('{') && common::base64(NAME, EncodedPart::File, trimmed).is_ok() {
            return Err(common::unsupported(NAME, ImportReason::SteamEncrypted));
        }
        let root = common::json(NAME, bytes)?;
        let accounts: Vec<&Value> = match root.get("accounts").and_then(Value::as_object) {
            Some(map) => map.values().collect(),
            None => vec![&root],
        };
        let mut result = ImportResult::default();
        for (i, value) in accounts.into_iter().enumerate() {
            let entry =
                MaFile::deserialize(value).map_err(|_| bad(NAME, ImportReason::SteamAccountFields));
            let name = entry
                .as_ref()
                .map(|e| e.account_name.clone())
                .unwrap_or_default();
            match entry.and_then(read_account) {
                Ok(a) => result.accounts.push(a),
                Err(e) => result
                    .errors
                    .push(common::entry_error(common::context(i, &name), e)),
            }
        }
        Ok(result)
    }
}

/// Is this JSON a Steam Guard file? (`shared_secret` + `account_name`, at the top or per account.)
pub(crate) fn looks_like(v: &Value) -> bool {
    let one = |a: &Value| a.get("shared_secret").is_some() && a.get("account_name").is_some();
    one(v)
        || v.get("accounts")
            .and_then(Value::as_object)
            .is_some_and(|m| m.values().next().is_some_and(one))
}

/// The fields Lockstep reads from an account.
#[derive(Deserialize)]
struct MaFile {
    #[serde(deserialize_with = "fields::secret")]
    shared_secret: Zeroizing<String>,
    account_name: String,
}

fn read_account(e: MaFile) -> Result<Account> {
    let bytes = Zeroizing::new(
        common::base64(NAME, EncodedPart::SharedSecret, &e.shared_secret)
            .map_err(|_| Error::BadSecret)?,
    );
    let secret = Secret::from_bytes(bytes.to_vec())?;
    let otp = Params::default().build(Kind::Steam, secret)?;
    Ok(Account {
        issuer: "Steam".into(),
        account: e.account_name.trim().to_owned(),
        otp,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_secret_is_an_entry_error_without_the_secret() {
        let r = Steam::read(
            br#"{"accounts":{"1":{"shared_secret":"not base64!!","account_name":"a"},
                "2":{"shared_secret":"THIl8+Jl6ugxr8x0X6eRMg==","account_name":"b"}}}"#,
            None,
        )
        .unwrap();
        assert_eq!((r.accounts.len(), r.errors.len()), (1, 1));
        assert!(!r.errors[0].message.contains("not base64"));
    }

    #[test]
    fn encrypted_mafiles_are_refused() {
        let e = Steam::read(b"q83vEjRWeJq83vEjRWeJqw==", None).unwrap_err();
        assert_eq!(e.kind(), "import_unsupported");
    }
}
