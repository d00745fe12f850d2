//! One FreeOTP token as JSON (`{algo, counter, digits, issuerExt, issuerInt, label, period, type,
//! ...}`), the same in `tokens.xml`, FreeOTP+ exports and FreeOTP 2.x backups: its kind, its
//! parameters and a Java `byte[]`. Knows nothing of the files around it.

use serde_json::Value;

use crate::error::{Error, Result};
use crate::import::common::{int, text, Params};
use crate::otp::{Kind, Secret};
use crate::uri::Account;

/// Human name in messages.
pub(crate) const NAME: &str = "FreeOTP";

/// A token's kind from its `type` (absent: TOTP); an unknown type is shown only as far as
/// `error::echo` allows.
pub(crate) fn kind(t: &Value) -> Result<Kind> {
    Ok(match text(t, "type").to_ascii_uppercase().as_str() {
        "TOTP" | "" => Kind::Totp,
        "HOTP" => Kind::Hotp,
        "STEAM" => Kind::Steam,
        other => return Err(Error::UnknownOtpType(crate::error::echo(other))),
    })
}

/// A Java `byte[]` as JSON (signed, -128..=127; 0..=255 accepted too), range-checked before the cast.
pub(crate) fn signed_bytes(v: &Value) -> Option<Vec<u8>> {
    v.as_array()?
        .iter()
        .map(|b| int(b).filter(|n| (-128..=255).contains(n)).map(|n| n as u8))
        .collect()
}

/// The account a token's metadata describes, with its secret.
pub(crate) fn account(meta: &Value, secret: Secret) -> Result<Account> {
    let algorithm = text(meta, "algo");
    let params = Params {
        algorithm: Some(algorithm.as_str()),
        digits: meta.get("digits").and_then(int),
        period: meta.get("period").and_then(int),
        counter: meta.get("counter").and_then(int),
    };
    let otp = params.build(kind(meta)?, secret)?;
    let mut issuer = text(meta, "issuerExt");
    if issuer.is_empty() {
        issuer = text(meta, "issuerInt");
    }
    Ok(Account {
        issuer,
        account: text(meta, "label"),
        otp,
    })
}
