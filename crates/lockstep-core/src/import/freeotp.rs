//! FreeOTP and FreeOTP+. FreeOTP (v1) keeps its tokens in Android shared preferences,
//! `tokens.xml`: a `<map>` of `<string name="issuer:label">` values, each an XML-escaped JSON token
//! `{algo, counter, digits, issuerExt, issuerInt, label, period, secret: [signed bytes], type}`,
//! plus a `tokenOrder` list. FreeOTP+ exports the same tokens as JSON `{tokenOrder, tokens: [...]}`
//! and as a plain `otpauth://` list (read by [`super::otpauth_list`]). Counters are taken as stored.
//! No FreeOTP+ JSON export is in our fixtures: tests use one built from this description.
//! FreeOTP 2.x encrypted backups are read by the `freeotp_backup` module. Loses: token images and
//! colours.

use serde_json::Value;

use super::common::{self, bad, int, text, Params};
use super::{ImportResult, Importer};
use crate::error::{Error, Result};
use crate::otp::{Kind, Secret};
use crate::uri::Account;

/// Human name in messages.
pub(crate) const NAME: &str = "FreeOTP";
/// Java serialisation stream magic: FreeOTP 2.x backups start with it.
const JAVA_MAGIC: &[u8] = &[0xac, 0xed, 0x00, 0x05];

/// FreeOTP `tokens.xml` or FreeOTP+ JSON export.
pub struct FreeOtp;

impl Importer for FreeOtp {
    const ID: &'static str = "freeotp";
    const ENCRYPTABLE: bool = true;
    const SCANNABLE: bool = false;

    fn read(bytes: &[u8], password: Option<&str>) -> Result<ImportResult> {
        if bytes.starts_with(JAVA_MAGIC) {
            return super::freeotp_backup::read(bytes, password);
        }
        let bytes = common::strip_bom(bytes);
        let trimmed = bytes.trim_ascii_start();
        let tokens: Vec<(String, Value)> = if trimmed.starts_with(b"{") {
            let root = common::json(NAME, bytes)?;
            let list = root
                .get("tokens")
                .and_then(Value::as_array)
                .ok_or_else(|| bad(NAME, "there is no tokens list"))?;
            list.iter()
                .enumerate()
                .map(|(i, t)| (common::context(i, &text(t, "issuerExt")), t.clone()))
                .collect()
        } else {
            let text =
                std::str::from_utf8(bytes).map_err(|_| bad(NAME, "the file is not UTF-8 text"))?;
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
}

/// Is this JSON a FreeOTP+ export?
pub(crate) fn looks_like_json(v: &Value) -> bool {
    v.get("tokens").is_some_and(Value::is_array) && v.get("tokenOrder").is_some()
}

/// Is this FreeOTP's `tokens.xml` or a FreeOTP 2.x backup?
pub(crate) fn looks_like_file(bytes: &[u8]) -> bool {
    if bytes.starts_with(JAVA_MAGIC) {
        return bytes.windows(9).any(|w| w == b"masterKey");
    }
    std::str::from_utf8(bytes).is_ok_and(|t| t.contains("<map") && t.contains("tokenOrder"))
}

/// The JSON tokens of a shared-preferences file, in `tokenOrder` when it names them.
fn xml_tokens(text: &str) -> Result<Vec<(String, Value)>> {
    if !text.contains("<map") {
        return Err(bad(NAME, "there is no <map> of tokens"));
    }
    let mut named: Vec<(String, Value)> = Vec::new();
    let mut order: Vec<String> = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("<string") {
        rest = &rest[start + 7..];
        let Some(close) = rest.find('>') else { break };
        let attrs = &rest[..close];
        let name = attrs
            .split_once("name=\"")
            .and_then(|(_, n)| n.split_once('"'))
            .map(|(n, _)| unescape(n))
            .unwrap_or_default();
        rest = &rest[close + 1..];
        let Some(end) = rest.find("</string>") else {
            break;
        };
        let value = unescape(&rest[..end]);
        rest = &rest[end + 9..];
        let parsed: Value = serde_json::from_str(&value).unwrap_or(Value::Null);
        if name == "tokenOrder" {
            order = parsed
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|v| v.as_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default();
        } else {
            named.push((name, parsed));
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
        .map(|(name, v)| (format!("token \"{name}\""), v))
        .collect())
}

/// Replaces the five XML entities and numeric character references.
fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let Some(semi) = rest.find(';').filter(|&i| i <= 10) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..semi];
        let c = match entity {
            "quot" => Some('"'),
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "apos" => Some('\''),
            _ => entity
                .strip_prefix("#x")
                .map(|h| u32::from_str_radix(h, 16))
                .or_else(|| entity.strip_prefix('#').map(str::parse))
                .and_then(|n| n.ok())
                .and_then(char::from_u32),
        };
        match c {
            Some(c) => {
                out.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// A token's kind from its `type` (absent: TOTP).
pub(crate) fn token_kind(t: &Value) -> Result<Kind> {
    Ok(match text(t, "type").to_ascii_uppercase().as_str() {
        "TOTP" | "" => Kind::Totp,
        "HOTP" => Kind::Hotp,
        "STEAM" => Kind::Steam,
        other => return Err(Error::UnknownOtpType(other.to_owned())),
    })
}

/// A Java `byte[]` as JSON (signed, -128..=127; 0..=255 accepted too), range-checked before the cast.
pub(crate) fn signed_bytes(v: &Value) -> Option<Vec<u8>> {
    v.as_array()?
        .iter()
        .map(|b| int(b).filter(|n| (-128..=255).contains(n)).map(|n| n as u8))
        .collect()
}

fn read_token(t: &Value) -> Result<Account> {
    if !t.is_object() {
        return Err(bad(NAME, "a token is not a JSON object"));
    }
    let kind = token_kind(t)?;
    let raw = t.get("secret").ok_or(Error::MissingSecret)?;
    let bytes = zeroize::Zeroizing::new(signed_bytes(raw).ok_or(Error::BadSecret)?);
    let secret = Secret::from_bytes(bytes.to_vec())?;
    let algorithm = text(t, "algo");
    let params = Params {
        algorithm: Some(algorithm.as_str()),
        digits: t.get("digits").and_then(int),
        period: t.get("period").and_then(int),
        counter: t.get("counter").and_then(int),
    };
    let otp = params.build(kind, secret)?;
    let mut issuer = text(t, "issuerExt");
    if issuer.is_empty() {
        issuer = text(t, "issuerInt");
    }
    Ok(Account {
        issuer,
        account: text(t, "label"),
        otp,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unescape_handles_entities_and_stray_ampersands() {
        assert_eq!(
            unescape("a&quot;b&amp;c&#65;&#x42;&bogus d & e"),
            "a\"b&cAB&bogus d & e"
        );
    }
}
