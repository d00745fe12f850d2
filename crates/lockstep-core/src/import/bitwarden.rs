//! Bitwarden's unencrypted vault exports: JSON (`items[].login.totp`) and CSV (the `login_totp`
//! column). The TOTP field holds an `otpauth://` link, a `steam://SECRET` link, or a bare base32
//! secret (then the item's name is the issuer and its username the account). Items without a
//! TOTP are passwords only and are skipped silently. Bitwarden's encrypted JSON exports are refused
//! (they need the account key). Loses: everything but the TOTP (passwords, URIs, notes, folders).

use serde_json::Value;

use super::common::{self, bad, text};
use super::{ImportError, ImportResult, Importer, Place};
use crate::error::{EntrySkipped, ImportReason, Result};
use crate::otp::{Kind, OtpParams};
use crate::uri::Account;

/// Human name in messages.
pub(crate) const NAME: &str = "Bitwarden";

/// Bitwarden JSON or CSV export.
pub struct Bitwarden;

impl Importer for Bitwarden {
    const ID: &'static str = "bitwarden";
    const ENCRYPTABLE: bool = false;
    const SCANNABLE: bool = false;

    fn read(bytes: &[u8], _password: Option<&str>) -> Result<ImportResult> {
        let bytes = common::strip_bom(bytes);
        if bytes.trim_ascii_start().starts_with(b"{") {
            read_json(bytes)
        } else {
            read_csv(bytes)
        }
    }
}

/// Is this JSON a Bitwarden export?
pub(crate) fn looks_like_json(v: &Value) -> bool {
    v.get("items").is_some_and(Value::is_array) && v.get("encrypted").is_some()
}

/// Is this text a Bitwarden CSV export (its header has `login_totp`)?
pub(crate) fn looks_like_csv(text: &str) -> bool {
    text.lines().next().is_some_and(|h| {
        h.split(',')
            .any(|c| c.trim().trim_matches('"') == "login_totp")
    })
}

fn read_json(bytes: &[u8]) -> Result<ImportResult> {
    let root = common::json(NAME, bytes)?;
    if root.get("encrypted").and_then(Value::as_bool) == Some(true) {
        return Err(common::unsupported(NAME, ImportReason::BitwardenEncrypted));
    }
    let items = root
        .get("items")
        .and_then(Value::as_array)
        .ok_or_else(|| bad(NAME, ImportReason::NoList { key: "items" }))?;
    let mut result = ImportResult::default();
    for (i, item) in items.iter().enumerate() {
        let login = item.get("login").unwrap_or(&Value::Null);
        let totp = common::secret_text(login, "totp");
        if totp.is_empty() {
            continue;
        }
        let name = text(item, "name");
        match read_totp(&totp, &name, &text(login, "username")) {
            Ok(a) => result.accounts.push(a),
            Err(e) => result
                .errors
                .push(common::entry_error(common::context(i, &name), e)),
        }
    }
    Ok(result)
}

fn read_csv(bytes: &[u8]) -> Result<ImportResult> {
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(bytes);
    let headers = reader
        .headers()
        .map_err(|e| {
            bad(
                NAME,
                ImportReason::CsvHeader {
                    detail: e.to_string(),
                },
            )
        })?
        .clone();
    let col = |name: &str| headers.iter().position(|h| h.trim() == name);
    let totp_col = col("login_totp").ok_or_else(|| bad(NAME, ImportReason::NoTotpColumn))?;
    let (name_col, user_col) = (col("name"), col("login_username"));
    let mut result = ImportResult::default();
    for (i, record) in reader.records().enumerate() {
        let context = Place::Row(i + 2);
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                result.errors.push(ImportError::skipped(
                    context,
                    EntrySkipped::RowUnparsable {
                        detail: e.to_string(),
                    },
                ));
                continue;
            }
        };
        let field = |c: Option<usize>| {
            c.and_then(|c| record.get(c))
                .unwrap_or("")
                .trim()
                .to_owned()
        };
        let totp = zeroize::Zeroizing::new(field(Some(totp_col)));
        if totp.is_empty() {
            continue;
        }
        match read_totp(&totp, &field(name_col), &field(user_col)) {
            Ok(a) => result.accounts.push(a),
            Err(e) => result.errors.push(common::entry_error(context, e)),
        }
    }
    Ok(result)
}

fn read_totp(totp: &str, name: &str, username: &str) -> Result<Account> {
    if let Some(steam) = common::parse_steam_link(totp) {
        let account = if username.is_empty() {
            "Steam account"
        } else {
            username
        };
        return Ok(Account {
            issuer: "Steam".into(),
            account: account.into(),
            otp: steam?,
        });
    }
    if totp.to_ascii_lowercase().starts_with("otpauth://") {
        return common::parse_uri(totp);
    }
    let secret = common::lenient_secret(totp)?;
    let otp = OtpParams {
        kind: Kind::Totp,
        ..OtpParams::totp(secret)
    };
    Ok(Account {
        issuer: name.to_owned(),
        account: username.to_owned(),
        otp,
    })
}
