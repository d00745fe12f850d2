//! Microsoft Authenticator for Android: its app database `databases/PhoneFactor` (SQLite, table
//! `accounts`), copied off a rooted phone or from an unencrypted device backup. Rows with
//! `account_type` 0 are TOTP with a base32 `oath_secret_key`; `account_type` 1 are Microsoft
//! personal accounts with a base64 key and 8 digits; other types (work accounts that only
//! approve push notifications) have no code and are skipped. Every code is SHA1/30 s: the app
//! stores no algorithm, digits or period, so accounts added with other parameters (or Steam/HOTP)
//! come out as TOTP/SHA1/6/30 — the format's loss, as Aegis's `MicrosoftAuthImporter` reads it.
//! Also lost: order (`ux_position`) and the push-notification registrations. Read with `rusqlite`
//! (see [`super::sqlite`]).

use zeroize::Zeroizing;

use super::common::{self, bad, Params};
use super::sqlite;
use super::{ImportError, ImportResult, Importer};
use crate::error::{EncodedPart, EntrySkipped, Error, ImportReason, Result};
use crate::otp::{Kind, Secret};
use crate::uri::Account;

/// Human name in messages.
pub(crate) const NAME: &str = "Microsoft Authenticator";
const TYPE_TOTP: i64 = 0;
const TYPE_MICROSOFT: i64 = 1;

/// Microsoft Authenticator's `PhoneFactor` database.
pub struct MicrosoftAuthenticator;

impl Importer for MicrosoftAuthenticator {
    const ID: &'static str = "microsoft-authenticator";
    const ENCRYPTABLE: bool = false;
    const SCANNABLE: bool = false;

    fn read(bytes: &[u8], _password: Option<&str>) -> Result<ImportResult> {
        let conn = sqlite::open(NAME, bytes)?;
        let query = "SELECT account_type, oath_secret_key, name, username FROM accounts";
        let no_table = |_| bad(NAME, ImportReason::NoAccountsTable);
        let mut stmt = conn.prepare(query).map_err(no_table)?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, Option<i64>>(0)?,
                    r.get::<_, Option<String>>(1)?.map(Zeroizing::new),
                    r.get::<_, Option<String>>(2)?.unwrap_or_default(),
                    r.get::<_, Option<String>>(3)?.unwrap_or_default(),
                ))
            })
            .map_err(no_table)?;
        let mut result = ImportResult::default();
        for (i, row) in rows.enumerate() {
            let (kind, secret, issuer, user) = match row {
                Ok(r) => r,
                Err(_) => {
                    result.errors.push(ImportError::skipped(
                        common::context(i, ""),
                        EntrySkipped::RowTypes,
                    ));
                    continue;
                }
            };
            let secret = secret.unwrap_or_default();
            let read = match kind {
                Some(TYPE_TOTP) => {
                    common::lenient_secret(&secret).and_then(|s| account(s, 6, &issuer, &user))
                }
                Some(TYPE_MICROSOFT) => common::base64(NAME, EncodedPart::TheKey, &secret)
                    .map_err(|_| Error::BadSecret)
                    .map(Zeroizing::new)
                    .and_then(|b| Secret::from_bytes(b.to_vec()))
                    .and_then(|s| account(s, 8, &issuer, &user)),
                _ => continue, // push-only accounts make no codes
            };
            match read {
                Ok(a) => result.accounts.push(a),
                Err(e) => result
                    .errors
                    .push(common::entry_error(common::context(i, &issuer), e)),
            }
        }
        Ok(result)
    }
}

/// Is this Microsoft Authenticator's database? (SQLite with an `oath_secret_key` column.)
pub(crate) fn looks_like(bytes: &[u8]) -> bool {
    sqlite::looks_like(bytes, "oath_secret_key")
}

fn account(secret: Secret, digits: i64, issuer: &str, user: &str) -> Result<Account> {
    let otp = Params {
        digits: Some(digits),
        ..Params::default()
    }
    .build(Kind::Totp, secret)?;
    Ok(Account {
        issuer: issuer.trim().to_owned(),
        account: user.trim().to_owned(),
        otp,
    })
}
