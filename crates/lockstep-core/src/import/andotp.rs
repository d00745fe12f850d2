//! andOTP's backups (the app is unmaintained, but many people still hold its files): plain JSON
//! (a list of `{secret, issuer, label, digits, type, algorithm, period, counter, tags, ...}`) and
//! the encrypted `.json.aes`: `iterations (u32 BE) ‖ salt (12) ‖ nonce (12) ‖ ciphertext ‖ tag
//! (16)` with key = PBKDF2-HMAC-SHA1(password, salt, iterations, 32 bytes) and AES-256-GCM. The
//! older encrypted format (`nonce ‖ ciphertext ‖ tag`, key = SHA-256(password)) is read too.
//! No real andOTP export is in our fixtures: tests use files built from this description (see
//! `tests/fixtures/peers/andotp/make_fixtures.py`). Tags are kept; loses thumbnails and usage statistics.

use serde_json::Value;
use sha2::Digest;

use super::common::{self, bad, int, text, Params, Prf};
use super::extras;
use super::{ImportOptions, ImportResult, Importer};
use crate::error::{Error, ImportReason, Result};
use crate::otp::Kind;
use crate::uri::Account;

/// Human name in messages.
pub(crate) const NAME: &str = "andOTP";
const SALT_LEN: usize = 12;
const NONCE_LEN: usize = 12;
const TAG_LEN: usize = 16;
/// Iterations andOTP picks from (140 000 – 160 000); detection accepts a wider band.
const PLAUSIBLE_ITERATIONS: std::ops::RangeInclusive<u32> = 1_000..=1_000_000;
/// Most PBKDF2 iterations andOTP writes: it picks a random count in
/// `[PBKDF2_MIN_ITERATIONS, PBKDF2_MAX_ITERATIONS]` = [140 000, 160 000] (andOTP
/// `Utilities/Constants.java`, used by `EncryptionHelper.generateSymmetricKeyPBKDF2`). A file asking
/// for more was not written by andOTP and is refused before the derivation runs.
const MAX_ITERATIONS: u32 = 160_000;

/// andOTP plain or encrypted backup.
pub struct AndOtp;

impl Importer for AndOtp {
    const ID: &'static str = "andotp";
    const ENCRYPTABLE: bool = true;
    const SCANNABLE: bool = false;

    fn read(bytes: &[u8], password: Option<&str>) -> Result<ImportResult> {
        Self::read_with(bytes, &ImportOptions::with_password(password))
    }

    fn read_with(bytes: &[u8], options: &ImportOptions<'_>) -> Result<ImportResult> {
        let trimmed = common::strip_bom(bytes).trim_ascii_start();
        if trimmed.starts_with(b"[") {
            return read_entries(&*common::json(NAME, bytes)?);
        }
        let plain = decrypt(bytes, options)?;
        let entries = common::secret_json(&plain)
            .ok_or_else(|| bad(NAME, ImportReason::DecryptedBackupNotJson))?;
        read_entries(&entries)
    }
}

/// Is this JSON andOTP's plain backup (a list of objects with `secret`, `type` and `label`)?
pub(crate) fn looks_like_json(v: &Value) -> bool {
    v.as_array().and_then(|a| a.first()).is_some_and(|e| {
        e.get("secret").is_some() && e.get("type").is_some() && e.get("label").is_some()
    })
}

/// Could these bytes be andOTP's encrypted backup (no magic: a plausible iteration count and size)?
pub(crate) fn looks_like_encrypted(bytes: &[u8]) -> bool {
    bytes.len() > 4 + SALT_LEN + NONCE_LEN + TAG_LEN
        && PLAUSIBLE_ITERATIONS.contains(&u32::from_be_bytes([
            bytes[0], bytes[1], bytes[2], bytes[3],
        ]))
}

/// Does `password` decrypt these bytes as either encrypted format? (The GCM tag proves it.) Used
/// on files nothing else recognised, so the current format is only tried with an iteration count
/// in andOTP's band: an unknown file must not buy millions of PBKDF2 rounds.
pub(crate) fn opens_with(bytes: &[u8], password: &str) -> bool {
    if looks_like_encrypted(bytes) {
        return decrypt(
            bytes,
            &ImportOptions {
                password: Some(password),
                ..ImportOptions::default()
            },
        )
        .is_ok();
    }
    let key: zeroize::Zeroizing<[u8; 32]> =
        zeroize::Zeroizing::new(sha2::Sha256::digest(password.as_bytes()).into());
    bytes.len() >= NONCE_LEN + TAG_LEN
        && common::aes_gcm_open(key.as_ref(), &bytes[..NONCE_LEN], &bytes[NONCE_LEN..], b"")
            .is_some()
}

fn decrypt(bytes: &[u8], options: &ImportOptions<'_>) -> Result<zeroize::Zeroizing<Vec<u8>>> {
    if bytes.len() < NONCE_LEN + TAG_LEN {
        return Err(bad(NAME, ImportReason::TooShortForEncrypted));
    }
    let password = common::need_password(NAME, options.password)?;
    // Current format: iterations ‖ salt ‖ nonce ‖ sealed. A count above what andOTP writes is
    // never derived; the file may still be in the old format (its nonce read as a count).
    let mut refused = None;
    if bytes.len() >= 4 + SALT_LEN + NONCE_LEN + TAG_LEN {
        let iterations = u32::from_be_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]);
        if iterations > MAX_ITERATIONS && PLAUSIBLE_ITERATIONS.contains(&iterations) {
            refused = Some(iterations);
        }
        if (1..=MAX_ITERATIONS).contains(&iterations) {
            options.checkpoint(NAME)?;
            let salt = &bytes[4..4 + SALT_LEN];
            let nonce = &bytes[4 + SALT_LEN..4 + SALT_LEN + NONCE_LEN];
            let key = common::pbkdf2(
                NAME,
                Prf::Sha1,
                password.as_bytes(),
                salt,
                i64::from(iterations),
            )?;
            if let Some(plain) =
                common::aes_gcm_open(key.as_ref(), nonce, &bytes[4 + SALT_LEN + NONCE_LEN..], b"")
            {
                return Ok(plain);
            }
        }
    }
    // Old format (before andOTP 0.6.3): nonce ‖ sealed under SHA-256(password).
    let key: zeroize::Zeroizing<[u8; 32]> =
        zeroize::Zeroizing::new(sha2::Sha256::digest(password.as_bytes()).into());
    common::aes_gcm_open(key.as_ref(), &bytes[..NONCE_LEN], &bytes[NONCE_LEN..], b"").ok_or_else(
        || match refused {
            Some(n) => common::too_costly(
                NAME,
                ImportReason::AndOtpIterations {
                    iterations: n,
                    max: MAX_ITERATIONS,
                },
            ),
            None => common::wrong_password(NAME),
        },
    )
}

fn read_entries(root: &Value) -> Result<ImportResult> {
    let entries = root
        .as_array()
        .ok_or_else(|| bad(NAME, ImportReason::BackupNotEntryList))?;
    let mut result = ImportResult::default();
    for (i, e) in entries.iter().enumerate() {
        match read_entry(e) {
            Ok(a) => result.push(a, extras::andotp(e)),
            Err(err) => result.errors.push(common::entry_error(
                common::context(i, &text(e, "issuer")),
                err,
            )),
        }
    }
    Ok(result)
}

fn read_entry(e: &Value) -> Result<Account> {
    let kind = match text(e, "type").to_ascii_uppercase().as_str() {
        "TOTP" | "" => Kind::Totp,
        "HOTP" => Kind::Hotp,
        "STEAM" => Kind::Steam,
        other => return Err(Error::UnknownOtpType(crate::error::echo(other))),
    };
    let secret = common::lenient_secret(&common::secret_text(e, "secret"))?;
    let algorithm = text(e, "algorithm");
    let params = Params {
        algorithm: Some(algorithm.as_str()),
        digits: e.get("digits").and_then(int),
        period: e.get("period").and_then(int),
        counter: e.get("counter").and_then(int),
    };
    let otp = params.build(kind, secret)?;
    let mut issuer = text(e, "issuer");
    let mut account = text(e, "label");
    // Backups from before andOTP 0.7 have no issuer field: "Issuer - account" or "Issuer:account".
    if issuer.is_empty() {
        if let Some((i, a)) = account
            .split_once(':')
            .or_else(|| account.split_once(" - "))
        {
            (issuer, account) = (i.trim().to_owned(), a.trim().to_owned());
        }
    }
    Ok(Account {
        issuer,
        account,
        otp,
    })
}
