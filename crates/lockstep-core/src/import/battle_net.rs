//! Battle.net Authenticator for Android: its preferences file
//! `shared_prefs/com.blizzard.messenger.authenticator_preferences.xml` (the Battle.net app since
//! the authenticator moved into it). `AUTHENTICATOR_DEVICE_SECRET` is the 20-byte key written as
//! 40 hex characters, and `AUTHENTICATOR_SERIAL` the serial (`US-1234-…`), each XORed with a fixed
//! 57-byte mask and hex-encoded (`AUTHENTICATOR_CREDENTIALS_ENCRYPTION_TYPE` = `MASK`). Codes are
//! TOTP, SHA1, 8 digits, 30 s; issuer "Battle.net", account = the serial. Loses: the region and
//! the restore code (not in the file). Read as Aegis's `BattleNetImporter` does; the mask is the
//! one the old Battle.net Mobile Authenticator used and Aegis and other tools publish.

use zeroize::Zeroizing;

use super::common::{self, bad, Params};
use super::prefs;
use super::{ImportResult, Importer, Place};
use crate::error::{Error, ImportReason, Result};
use crate::otp::{Kind, Secret};
use crate::uri::Account;

/// Human name in messages.
pub(crate) const NAME: &str = "Battle.net Authenticator";
const SECRET_KEY: &str = "com.blizzard.messenger.AUTHENTICATOR_DEVICE_SECRET";
const SERIAL_KEY: &str = "com.blizzard.messenger.AUTHENTICATOR_SERIAL";
const MASK: [u8; 57] = [
    0x39, 0x8e, 0x27, 0xfc, 0x50, 0x27, 0x6a, 0x65, 0x60, 0x65, 0xb0, 0xe5, 0x25, 0xf4, 0xc0, 0x6c,
    0x04, 0xc6, 0x10, 0x75, 0x28, 0x6b, 0x8e, 0x7a, 0xed, 0xa5, 0x9d, 0xa9, 0x81, 0x3b, 0x5d, 0xd6,
    0xc8, 0x0d, 0x2f, 0xb3, 0x80, 0x68, 0x77, 0x3f, 0xa5, 0x9b, 0xa4, 0x7c, 0x17, 0xca, 0x6c, 0x64,
    0x79, 0x01, 0x5c, 0x1d, 0x5b, 0x8b, 0x8f, 0x6b, 0x9a,
];

/// The Battle.net authenticator preferences file.
pub struct BattleNet;

impl Importer for BattleNet {
    const ID: &'static str = "battle-net";
    const ENCRYPTABLE: bool = false;
    const SCANNABLE: bool = false;

    fn read(bytes: &[u8], _password: Option<&str>) -> Result<ImportResult> {
        let text = std::str::from_utf8(common::strip_bom(bytes))
            .map_err(|_| bad(NAME, ImportReason::FileNotText))?;
        let prefs = prefs::parse(text).ok_or_else(|| bad(NAME, ImportReason::NotAndroidPrefs))?;
        let secret = prefs::get(&prefs, SECRET_KEY)
            .ok_or_else(|| bad(NAME, ImportReason::NoDeviceSecret))?;
        let serial = prefs::get(&prefs, SERIAL_KEY).unwrap_or_default();
        let mut result = ImportResult::default();
        match read_account(secret, serial) {
            Ok(a) => result.accounts.push(a),
            Err(e) => result
                .errors
                .push(common::entry_error(Place::Authenticator, e)),
        }
        Ok(result)
    }
}

/// Is this text Battle.net's authenticator preferences?
pub(crate) fn looks_like(text: &str) -> bool {
    prefs::looks_like(text) && text.contains(SECRET_KEY)
}

fn unmask(hex: &str) -> Option<Zeroizing<Vec<u8>>> {
    let bytes = Zeroizing::new(
        data_encoding::HEXLOWER_PERMISSIVE
            .decode(hex.trim().as_bytes())
            .ok()?,
    );
    if bytes.len() > MASK.len() {
        return None;
    }
    Some(Zeroizing::new(
        bytes.iter().zip(MASK).map(|(b, m)| b ^ m).collect(),
    ))
}

fn read_account(secret: &str, serial: &str) -> Result<Account> {
    let hex = unmask(secret).ok_or(Error::BadSecret)?;
    let key = Zeroizing::new(
        data_encoding::HEXLOWER_PERMISSIVE
            .decode(&hex)
            .map_err(|_| Error::BadSecret)?,
    );
    let otp = Params {
        digits: Some(8),
        ..Params::default()
    }
    .build(Kind::Totp, Secret::from_bytes(key.to_vec())?)?;
    let account = match serial {
        "" => String::new(),
        s => unmask(s)
            .and_then(|b| String::from_utf8(b.to_vec()).ok())
            .ok_or_else(|| bad(NAME, ImportReason::SerialNotMaskedHex))?,
    };
    Ok(Account {
        issuer: "Battle.net".into(),
        account,
        otp,
    })
}
