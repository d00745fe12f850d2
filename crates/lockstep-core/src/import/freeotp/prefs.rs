//! FreeOTP (v1) `tokens.xml`: Android shared preferences, a `<map>` of `<string name="issuer:label">`
//! values, each an XML-escaped JSON token (see [`super::token`]) whose `secret` is a Java `byte[]`,
//! plus a `tokenOrder` list. FreeOTP+ exports the same tokens as JSON `{tokenOrder, tokens: [...]}`.
//! Counters are taken as stored. No FreeOTP+ JSON export is in our fixtures: tests use one built
//! from this description.

use serde_json::Value;
use zeroize::Zeroizing;

use super::token::{self, NAME};
use crate::error::{Error, ImportReason, Result};
use crate::import::common::{self, bad, text, SecretJson};
use crate::import::{ImportResult, Place};
use crate::otp::Secret;
use crate::uri::Account;

/// Reads `tokens.xml` or a FreeOTP+ JSON export.
pub(super) fn read(bytes: &[u8]) -> Result<ImportResult> {
    let bytes = common::strip_bom(bytes);
    let trimmed = bytes.trim_ascii_start();
    let tokens: Vec<(Place, SecretJson)> = if trimmed.starts_with(b"{") {
        let root = common::json(NAME, bytes)?;
        let list = root
            .get("tokens")
            .and_then(Value::as_array)
            .ok_or_else(|| bad(NAME, ImportReason::NoList { key: "tokens" }))?;
        list.iter()
            .enumerate()
            .map(|(i, t)| {
                (
                    common::context(i, &text(t, "issuerExt")),
                    SecretJson(t.clone()),
                )
            })
            .collect()
    } else {
        let text = std::str::from_utf8(bytes).map_err(|_| bad(NAME, ImportReason::FileNotUtf8))?;
        xml_tokens(text)?
    };
    let mut result = ImportResult::default();
    for (context, token) in tokens {
        match read_token(&token) {
            Ok(a) => result.accounts.push(a),
            Err(e) => result.errors.push(common::entry_error(context, e)),
        }
    }
    Ok(result)
}

/// The JSON tokens of a shared-preferences file (read by [`crate::import::prefs`]), in
/// `tokenOrder` when it names them.
fn xml_tokens(text: &str) -> Result<Vec<(Place, SecretJson)>> {
    let prefs =
        crate::import::prefs::parse(text).ok_or_else(|| bad(NAME, ImportReason::NoTokenMap))?;
    let mut named: Vec<(String, SecretJson)> = Vec::new();
    let mut order: Vec<String> = Vec::new();
    for pref in prefs {
        let parsed = SecretJson(serde_json::from_str(&pref.value).unwrap_or(Value::Null));
        if pref.name == "tokenOrder" {
            order = parsed
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|v| v.as_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default();
        } else {
            named.push((pref.name.clone(), parsed));
        }
    }
    let mut out = Vec::with_capacity(named.len());
    for n in &order {
        if let Some(i) = named.iter().position(|(name, _)| name == n) {
            out.push(named.remove(i));
        }
    }
    out.extend(named);
    Ok(out
        .into_iter()
        .map(|(name, v)| (Place::Token(name), v))
        .collect())
}

fn read_token(t: &Value) -> Result<Account> {
    if !t.is_object() {
        return Err(bad(NAME, ImportReason::TokenNotObject));
    }
    token::kind(t)?;
    let raw = t.get("secret").ok_or(Error::MissingSecret)?;
    let bytes = Zeroizing::new(token::signed_bytes(raw).ok_or(Error::BadSecret)?);
    token::account(t, Secret::from_bytes(bytes.to_vec())?)
}
