//! Aegis Authenticator's JSON backup (vault version 1, database versions 1–3), plain or encrypted,
//! as described in Aegis's `docs/vault.md`: password slots (type 1) hold the master key wrapped
//! with AES-256-GCM under scrypt(password, salt, N, r, p); the database is AES-256-GCM under the
//! master key. Biometric slots (type 2) cannot be used off the phone and are skipped.
//! Groups become tags; notes, favourites and PNG/JPEG icons are kept (see `extras.rs`). Loses:
//! SVG icons. Yandex and
//! mOTP entries are reported per entry as unsupported.

use serde_json::Value;

use super::common::{self, bad, int, text, Params, SecretJson};
use super::extras;
use super::{ImportOptions, ImportResult, Importer};
use crate::error::{EncodedPart, ImportReason, Result};
use crate::otp::Kind;
use crate::uri::Account;

/// Human name in messages.
pub(crate) const NAME: &str = "Aegis";
/// Slot type of a password slot.
const SLOT_PASSWORD: i64 = 1;
/// scrypt cost Aegis writes in every password slot: N = 2^15, r = 8, p = 1 (Aegis `docs/vault.md`,
/// "Primitives": scrypt with N = 2^15, r = 8, p = 1; `CRYPTO_SCRYPT_N/r/p` in its
/// `CryptoUtils.java`). Files asking for more were not written by Aegis and are refused unrun.
const MAX_SCRYPT_N: i64 = 1 << 15;
const MAX_SCRYPT_R: i64 = 8;
const MAX_SCRYPT_P: i64 = 1;
/// Most password slots tried: Aegis has one password (a new password replaces the slot), so a
/// real file has one; a few more leave room for hand-merged files.
const MAX_PASSWORD_SLOTS: usize = 8;

/// The Aegis JSON backup.
pub struct Aegis;

impl Importer for Aegis {
    const ID: &'static str = "aegis";
    const ENCRYPTABLE: bool = true;
    const SCANNABLE: bool = false;

    fn read(bytes: &[u8], password: Option<&str>) -> Result<ImportResult> {
        Self::read_with(bytes, &ImportOptions::with_password(password))
    }

    fn read_with(bytes: &[u8], options: &ImportOptions<'_>) -> Result<ImportResult> {
        let root = common::json(NAME, bytes)?;
        if int(root.get("version").unwrap_or(&Value::Null)) != Some(1) {
            return Err(common::unsupported(NAME, ImportReason::AegisVaultVersion));
        }
        let header = root
            .get("header")
            .ok_or_else(|| bad(NAME, ImportReason::NoHeader))?;
        match root.get("db") {
            Some(db @ Value::Object(_)) => read_db(db),
            Some(Value::String(sealed)) => read_db(&*decrypt_db(header, sealed, options)?),
            _ => Err(bad(NAME, ImportReason::NoDb)),
        }
    }
}

/// Is this JSON an Aegis backup? (`version`, `header`, `db` at the top.)
pub(crate) fn looks_like(v: &Value) -> bool {
    v.get("header").is_some() && v.get("db").is_some() && v.get("version").is_some()
}

/// Unwraps the master key with the first password slot that opens, then decrypts the database.
/// Every slot's cost is checked against what Aegis writes before any key derivation runs.
fn decrypt_db(header: &Value, sealed: &str, options: &ImportOptions<'_>) -> Result<SecretJson> {
    let slots = header
        .get("slots")
        .and_then(Value::as_array)
        .ok_or_else(|| bad(NAME, ImportReason::NoKeySlots))?;
    let password_slots: Vec<&Value> = slots
        .iter()
        .filter(|s| s.get("type").and_then(int) == Some(SLOT_PASSWORD))
        .collect();
    if password_slots.is_empty() {
        return Err(common::unsupported(NAME, ImportReason::OnlyBiometricSlots));
    }
    if password_slots.len() > MAX_PASSWORD_SLOTS {
        return Err(common::too_costly(
            NAME,
            ImportReason::TooManyPasswordSlots {
                count: password_slots.len(),
                max: MAX_PASSWORD_SLOTS,
            },
        ));
    }
    let mut costs = Vec::with_capacity(password_slots.len());
    for slot in &password_slots {
        let n = slot.get("n").and_then(int).unwrap_or(0);
        let r = slot.get("r").and_then(int).unwrap_or(0);
        let p = slot.get("p").and_then(int).unwrap_or(0);
        if n > MAX_SCRYPT_N || r > MAX_SCRYPT_R || p > MAX_SCRYPT_P {
            return Err(common::too_costly(
                NAME,
                ImportReason::AegisScryptCost { n, r, p },
            ));
        }
        costs.push((n, r, p));
    }
    let password = common::need_password(NAME, options.password)?;
    let mut master = None;
    for (slot, (n, r, p)) in password_slots.iter().zip(costs) {
        let salt = common::hex(NAME, EncodedPart::SlotSalt, &text(slot, "salt"))?;
        let params = slot.get("key_params").unwrap_or(&Value::Null);
        let mut wrapped = common::hex(NAME, EncodedPart::SlotKey, &text(slot, "key"))?;
        wrapped.extend(common::hex(
            NAME,
            EncodedPart::SlotTag,
            &text(params, "tag"),
        )?);
        let nonce = common::hex(NAME, EncodedPart::SlotNonce, &text(params, "nonce"))?;
        options.checkpoint(NAME)?;
        let key = common::scrypt(NAME, password.as_bytes(), &salt, n, r, p)?;
        if let Some(k) = common::aes_gcm_open(key.as_ref(), &nonce, &wrapped, b"") {
            master = Some(k);
            break;
        }
    }
    let master = master.ok_or_else(|| common::wrong_password(NAME))?;
    let params = header.get("params").unwrap_or(&Value::Null);
    let mut ciphertext = common::base64(NAME, EncodedPart::Db, sealed)?;
    ciphertext.extend(common::hex(NAME, EncodedPart::DbTag, &text(params, "tag"))?);
    let nonce = common::hex(NAME, EncodedPart::DbNonce, &text(params, "nonce"))?;
    let plain = common::aes_gcm_open(&master, &nonce, &ciphertext, b"")
        .ok_or_else(|| bad(NAME, ImportReason::DbNotAuthentic))?;
    common::secret_json(&plain).ok_or_else(|| bad(NAME, ImportReason::DecryptedDbNotJson))
}

fn read_db(db: &Value) -> Result<ImportResult> {
    match db.get("version").and_then(int) {
        Some(1..=3) => {}
        Some(v) => {
            return Err(common::unsupported(
                NAME,
                ImportReason::DatabaseVersion { version: v },
            ))
        }
        None => return Err(bad(NAME, ImportReason::NoDatabaseVersion)),
    }
    let entries = db
        .get("entries")
        .and_then(Value::as_array)
        .ok_or_else(|| bad(NAME, ImportReason::NoEntryList))?;
    let mut result = ImportResult::default();
    for (i, e) in entries.iter().enumerate() {
        match read_entry(e) {
            Ok(a) => result.push(a, extras::aegis(e, db)),
            Err(err) => result.errors.push(common::entry_error(
                common::context(i, &text(e, "issuer")),
                err,
            )),
        }
    }
    Ok(result)
}

fn read_entry(e: &Value) -> Result<Account> {
    let kind = match text(e, "type").to_ascii_lowercase().as_str() {
        "totp" => Kind::Totp,
        "hotp" => Kind::Hotp,
        "steam" => Kind::Steam,
        other => return Err(crate::Error::UnknownOtpType(crate::error::echo(other))),
    };
    let info = e.get("info").unwrap_or(&Value::Null);
    let secret = common::lenient_secret(&common::secret_text(info, "secret"))?;
    let algorithm = text(info, "algo");
    let params = Params {
        algorithm: Some(algorithm.as_str()),
        digits: info.get("digits").and_then(int),
        period: info.get("period").and_then(int),
        counter: info.get("counter").and_then(int),
    };
    let otp = params.build(kind, secret)?;
    Ok(Account {
        issuer: text(e, "issuer"),
        account: text(e, "name"),
        otp,
    })
}
