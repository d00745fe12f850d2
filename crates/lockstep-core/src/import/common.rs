//! What the peer-format importers share: constructors for the [`ImportFailure`] a whole file can
//! fail with, range checks done before any narrowing cast, lenient secret decoding, and bounded
//! key-derivation and AES-GCM helpers. No format knowledge lives here.

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use serde_json::Value;
use zeroize::{Zeroize, Zeroizing};

use super::{ImportError, Place};
use crate::error::{EncodedPart, Error, ImportFailure, ImportReason, Result};
use crate::otp::{Algorithm, Kind, OtpParams, Secret, DEFAULT_DIGITS, DEFAULT_PERIOD};
use crate::uri::{self, Account};

/// `BadContent` for `format`.
pub(crate) fn bad(format: &'static str, reason: ImportReason) -> Error {
    ImportFailure::BadContent { format, reason }.into()
}

/// `Unsupported` for `format`.
pub(crate) fn unsupported(format: &'static str, reason: ImportReason) -> Error {
    ImportFailure::Unsupported { format, reason }.into()
}

/// `TooCostly` for `format`.
pub(crate) fn too_costly(format: &'static str, reason: ImportReason) -> Error {
    ImportFailure::TooCostly { format, reason }.into()
}

/// The password, or `MissingPassword` for `format`.
pub(crate) fn need_password<'a>(
    format: &'static str,
    password: Option<&'a str>,
) -> Result<&'a str> {
    password.ok_or(Error::ImportFailed(ImportFailure::MissingPassword {
        format,
    }))
}

/// `WrongPassword` for `format`.
pub(crate) fn wrong_password(format: &'static str) -> Error {
    ImportFailure::WrongPassword { format }.into()
}

/// Parses JSON or says where it stops parsing (never what it found there: it may be a secret).
pub(crate) fn json(format: &'static str, bytes: &[u8]) -> Result<SecretJson> {
    serde_json::from_slice(strip_bom(bytes))
        .map(SecretJson)
        .map_err(|e| {
            bad(
                format,
                ImportReason::JsonUnparsable {
                    line: e.line(),
                    column: e.column(),
                },
            )
        })
}

/// A JSON tree that may hold secrets: every string and number in it is overwritten when it is
/// dropped (object keys are field names, not secrets, and are left as they are).
pub(crate) struct SecretJson(pub Value);

impl std::ops::Deref for SecretJson {
    type Target = Value;
    fn deref(&self) -> &Value {
        &self.0
    }
}

impl Drop for SecretJson {
    fn drop(&mut self) {
        scrub(&mut self.0);
    }
}

/// Overwrites every string and number of a JSON tree.
pub(crate) fn scrub(v: &mut Value) {
    match v {
        Value::String(s) => s.zeroize(),
        Value::Number(n) => *n = serde_json::Number::from(0u8),
        Value::Array(a) => a.iter_mut().for_each(scrub),
        Value::Object(o) => o.values_mut().for_each(scrub),
        Value::Null | Value::Bool(_) => {}
    }
}

/// Parses decrypted JSON into a [`SecretJson`], or `None` when it is not JSON.
pub(crate) fn secret_json(plain: &[u8]) -> Option<SecretJson> {
    serde_json::from_slice(plain).ok().map(SecretJson)
}

/// A string field that may be a secret, trimmed, in memory that is wiped on drop.
pub(crate) fn secret_text(v: &Value, key: &str) -> Zeroizing<String> {
    Zeroizing::new(
        v.get(key)
            .and_then(Value::as_str)
            .map(|s| s.trim().to_owned())
            .unwrap_or_default(),
    )
}

/// Drops a UTF-8 byte-order mark.
pub(crate) fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes)
}

/// A whole number from a JSON number or numeric string.
pub(crate) fn int(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => n.as_i64().or_else(|| {
            n.as_f64()
                .filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15)
                .map(|f| f as i64)
        }),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// A string field, trimmed; empty when absent or not a string.
pub(crate) fn text(v: &Value, key: &str) -> String {
    v.get(key)
        .and_then(Value::as_str)
        .map(|s| s.trim().to_owned())
        .unwrap_or_default()
}

/// A per-entry error.
pub(crate) fn entry_error(place: Place, e: Error) -> ImportError {
    ImportError::new(place, &e)
}

/// The `index`th entry (from 0), named `name`, for per-entry errors ("entry N (name)").
pub(crate) fn context(index: usize, name: &str) -> Place {
    Place::Entry {
        index,
        name: name.to_owned(),
    }
}

/// Base32 as peers write it, accepting what lenient decoders accept: a trailing character that
/// cannot complete a byte (lengths 8k+1, 8k+3, 8k+6) is dropped, like the partial bits of any
/// other length. Real secrets are whole bytes; some peers' test data is not.
pub(crate) fn lenient_secret(text: &str) -> Result<Secret> {
    match Secret::from_base32(text) {
        Err(Error::BadSecret) => {
            let cleaned: Zeroizing<String> = Zeroizing::new(
                text.chars()
                    .filter(|c| !c.is_whitespace() && *c != '-' && *c != '=')
                    .collect(),
            );
            if cleaned.is_ascii() && matches!(cleaned.len() % 8, 1 | 3 | 6) {
                Secret::from_base32(&cleaned[..cleaned.len() - 1])
            } else {
                Err(Error::BadSecret)
            }
        }
        other => other,
    }
}

/// Parses an otpauth link, retrying once with the secret re-encoded by [`lenient_secret`].
pub(crate) fn parse_uri(link: &str) -> Result<Account> {
    match uri::parse(link) {
        Err(Error::BadSecret) => {
            let link = link.trim();
            let Some((head, query)) = link.split_once('?') else {
                return Err(Error::BadSecret);
            };
            let mut pairs = Vec::new();
            for pair in query.split('&') {
                match pair.split_once('=') {
                    Some((k, v)) if k.eq_ignore_ascii_case("secret") => {
                        let decoded = Zeroizing::new(
                            percent_encoding::percent_decode_str(v)
                                .decode_utf8_lossy()
                                .into_owned(),
                        );
                        let secret = lenient_secret(&decoded)?;
                        pairs.push(Zeroizing::new(format!(
                            "secret={}",
                            secret.to_base32().as_str()
                        )));
                    }
                    _ => pairs.push(Zeroizing::new(pair.to_owned())),
                }
            }
            let joined: Vec<&str> = pairs.iter().map(|p| p.as_str()).collect();
            uri::parse(&format!("{head}?{}", joined.join("&")))
        }
        other => other,
    }
}

/// A `steam://SECRET` link (Bitwarden, Proton): the Steam parameters for its secret.
pub(crate) fn parse_steam_link(link: &str) -> Option<Result<OtpParams>> {
    let link = link.trim();
    let rest = link
        .get(..8)
        .filter(|p| p.eq_ignore_ascii_case("steam://"))
        .map(|_| &link[8..])?;
    Some(lenient_secret(rest).map(|secret| OtpParams {
        kind: Kind::Steam,
        secret,
        algorithm: Algorithm::Sha1,
        digits: 5,
        period: DEFAULT_PERIOD,
        counter: 0,
    }))
}

/// Code parameters as a peer stores them, before the range checks of [`Params::build`].
#[derive(Debug, Default)]
pub(crate) struct Params<'a> {
    /// Algorithm name as written; `None` for SHA1.
    pub algorithm: Option<&'a str>,
    /// Digit count; `None` for the default.
    pub digits: Option<i64>,
    /// Period; `None` for 30 s.
    pub period: Option<i64>,
    /// HOTP counter; `None` for 0.
    pub counter: Option<i64>,
}

impl Params<'_> {
    /// Checks every range before narrowing and builds the parameters. Steam is always SHA1/5/30-ish.
    pub fn build(&self, kind: Kind, secret: Secret) -> Result<OtpParams> {
        let algorithm = match self.algorithm.map(str::trim) {
            None | Some("") => Algorithm::Sha1,
            Some(a) => Algorithm::parse(a)?,
        };
        let digits = match (kind, self.digits) {
            (Kind::Steam, _) => 5,
            (_, None) => DEFAULT_DIGITS,
            (_, Some(d @ 6..=10)) => d as u8, // range checked: lossless
            (_, Some(d)) => return Err(Error::BadDigits(d.to_string())),
        };
        let period = match self.period {
            None => DEFAULT_PERIOD,
            Some(p @ 1..=0xffff_ffff) => p as u32, // range checked: lossless
            Some(p) if kind == Kind::Hotp => {
                let _ = p; // HOTP ignores the period some apps still write
                DEFAULT_PERIOD
            }
            Some(p) => return Err(Error::BadPeriod(p.to_string())),
        };
        let counter = match self.counter {
            None => 0,
            Some(c) => u64::try_from(c).map_err(|_| Error::BadCounter(c.to_string()))?,
        };
        let otp = OtpParams::new(kind, secret, algorithm, digits, period, counter);
        otp.validate()?;
        Ok(otp)
    }
}

/// AES-256-GCM open of `ciphertext‖tag`; `None` if the key, nonce length or bytes are wrong.
pub(crate) fn aes_gcm_open(
    key: &[u8],
    nonce: &[u8],
    sealed: &[u8],
    aad: &[u8],
) -> Option<Zeroizing<Vec<u8>>> {
    if nonce.len() != 12 {
        return None;
    }
    let cipher = Aes256Gcm::new_from_slice(key).ok()?;
    cipher
        .decrypt(Nonce::from_slice(nonce), Payload { msg: sealed, aad })
        .ok()
        .map(Zeroizing::new)
}

/// Most memory any peer KDF may ask of us (a hostile file must not make us allocate more).
pub(crate) const MAX_KDF_MEMORY: u64 = 1024 * 1024 * 1024;
/// Most PBKDF2 iterations accepted (peers use 10 000 – 160 000).
pub(crate) const MAX_PBKDF2_ITERATIONS: u32 = 10_000_000;

/// Argon2id (v1.3) with bounded cost; `m_kib` in KiB.
pub(crate) fn argon2id(
    format: &'static str,
    password: &[u8],
    salt: &[u8],
    m_kib: u64,
    t: u64,
    p: u32,
) -> Result<Zeroizing<[u8; 32]>> {
    if m_kib.saturating_mul(1024) > MAX_KDF_MEMORY || t == 0 || t > 64 || p == 0 || p > 16 {
        return Err(unsupported(
            format,
            ImportReason::Argon2Cost { m_kib, t, p },
        ));
    }
    // Both bounded above: lossless.
    let params =
        argon2::Params::new((m_kib as u32).max(8 * p), t as u32, p, Some(32)).map_err(|e| {
            unsupported(
                format,
                ImportReason::Argon2Params {
                    detail: e.to_string(),
                },
            )
        })?;
    let argon = argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params);
    let mut out = Zeroizing::new([0u8; 32]);
    argon
        .hash_password_into(password, salt, out.as_mut())
        .map_err(|e| {
            bad(
                format,
                ImportReason::KeyDerivation {
                    detail: e.to_string(),
                },
            )
        })?;
    Ok(out)
}

/// The HMAC hash of a PBKDF2 derivation.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Prf {
    /// HMAC-SHA1 (andOTP).
    Sha1,
    /// HMAC-SHA256 (2FAS).
    Sha256,
    /// HMAC-SHA512 (FreeOTP 2.x on newer Android).
    Sha512,
}

/// PBKDF2 with bounded iterations, 32-byte output.
pub(crate) fn pbkdf2(
    format: &'static str,
    prf: Prf,
    password: &[u8],
    salt: &[u8],
    iterations: i64,
) -> Result<Zeroizing<[u8; 32]>> {
    let rounds = u32::try_from(iterations)
        .ok()
        .filter(|r| (1..=MAX_PBKDF2_ITERATIONS).contains(r));
    let Some(rounds) = rounds else {
        return Err(unsupported(
            format,
            ImportReason::Pbkdf2Range {
                iterations,
                max: MAX_PBKDF2_ITERATIONS,
            },
        ));
    };
    let mut out = Zeroizing::new([0u8; 32]);
    match prf {
        Prf::Sha1 => pbkdf2::pbkdf2_hmac::<sha1::Sha1>(password, salt, rounds, out.as_mut()),
        Prf::Sha256 => pbkdf2::pbkdf2_hmac::<sha2::Sha256>(password, salt, rounds, out.as_mut()),
        Prf::Sha512 => pbkdf2::pbkdf2_hmac::<sha2::Sha512>(password, salt, rounds, out.as_mut()),
    }
    Ok(out)
}

/// scrypt with bounded cost (Aegis uses N = 2^15, r = 8, p = 1).
pub(crate) fn scrypt(
    format: &'static str,
    password: &[u8],
    salt: &[u8],
    n: i64,
    r: i64,
    p: i64,
) -> Result<Zeroizing<[u8; 32]>> {
    let refuse = || unsupported(format, ImportReason::ScryptCost { n, r, p });
    let n = u64::try_from(n)
        .ok()
        .filter(|n| n.is_power_of_two() && *n >= 2)
        .ok_or_else(refuse)?;
    let r = u32::try_from(r)
        .ok()
        .filter(|r| (1..=32).contains(r))
        .ok_or_else(refuse)?;
    let p = u32::try_from(p)
        .ok()
        .filter(|p| (1..=16).contains(p))
        .ok_or_else(refuse)?;
    if 128u64.saturating_mul(n).saturating_mul(u64::from(r)) > MAX_KDF_MEMORY / 4 {
        return Err(refuse());
    }
    // n is a power of two below 2^64: its log fits in a u8.
    let params = scrypt::Params::new(n.trailing_zeros() as u8, r, p, 32).map_err(|_| refuse())?;
    let mut out = Zeroizing::new([0u8; 32]);
    scrypt::scrypt(password, salt, &params, out.as_mut()).map_err(|_| refuse())?;
    Ok(out)
}

/// Decodes standard base64 (padding optional) or says which part was bad.
pub(crate) fn base64(format: &'static str, part: EncodedPart, text: &str) -> Result<Vec<u8>> {
    let t = text.trim();
    data_encoding::BASE64
        .decode(t.as_bytes())
        .or_else(|_| data_encoding::BASE64_NOPAD.decode(t.trim_end_matches('=').as_bytes()))
        .map_err(|_| bad(format, ImportReason::NotBase64 { part }))
}

/// Decodes hex (either case) or says which part was bad.
pub(crate) fn hex(format: &'static str, part: EncodedPart, text: &str) -> Result<Vec<u8>> {
    data_encoding::HEXLOWER_PERMISSIVE
        .decode(text.trim().as_bytes())
        .map_err(|_| bad(format, ImportReason::NotHex { part }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lenient_secret_drops_an_incomplete_trailing_character() {
        assert_eq!(lenient_secret("AAAAAAAAA").unwrap().expose(), &[0u8; 5]);
        assert_eq!(
            lenient_secret("secretdata").unwrap(),
            Secret::from_base32("SECRETDATA").unwrap()
        );
        assert!(lenient_secret("").is_err());
        assert!(lenient_secret("A").is_err());
        assert!(lenient_secret("1111").is_err());
    }

    #[test]
    fn params_are_range_checked_before_narrowing() {
        let s = || Secret::from_base32("JBSWY3DPEHPK3PXP").unwrap();
        assert!(matches!(
            Params {
                digits: Some(262),
                ..Default::default()
            }
            .build(Kind::Totp, s()),
            Err(Error::BadDigits(_))
        ));
        assert!(matches!(
            Params {
                period: Some(-30),
                ..Default::default()
            }
            .build(Kind::Totp, s()),
            Err(Error::BadPeriod(_))
        ));
        assert!(matches!(
            Params {
                period: Some(1 << 40),
                ..Default::default()
            }
            .build(Kind::Totp, s()),
            Err(Error::BadPeriod(_))
        ));
        assert!(matches!(
            Params {
                counter: Some(-1),
                ..Default::default()
            }
            .build(Kind::Hotp, s()),
            Err(Error::BadCounter(_))
        ));
        assert!(matches!(
            Params {
                algorithm: Some("MD5"),
                ..Default::default()
            }
            .build(Kind::Totp, s()),
            Err(Error::UnknownAlgorithm(_))
        ));
        let steam = Params {
            digits: Some(8),
            algorithm: Some("SHA512"),
            ..Default::default()
        }
        .build(Kind::Steam, s())
        .unwrap();
        assert_eq!((steam.digits, steam.algorithm), (5, Algorithm::Sha1));
    }

    #[test]
    fn kdf_costs_are_bounded() {
        assert!(scrypt("x", b"pw", b"salt", 1 << 30, 8, 1).is_err());
        assert!(scrypt("x", b"pw", b"salt", 1000, 8, 1).is_err());
        assert!(argon2id("x", b"pw", b"saltsalt", 1 << 30, 1, 1).is_err());
        assert!(pbkdf2("x", Prf::Sha256, b"pw", b"salt", i64::from(u32::MAX) + 1).is_err());
        assert!(pbkdf2("x", Prf::Sha256, b"pw", b"salt", 0).is_err());
    }
}
