//! FreeOTP and FreeOTP+: every file either app writes, behind one importer. FreeOTP (v1) keeps
//! its tokens in Android shared preferences (`tokens.xml`) and FreeOTP+ exports the same tokens as
//! JSON ([`prefs`]); FreeOTP 2.x writes encrypted, Java-serialised backups ([`backup`]). Both read
//! the token JSON through [`token`], which depends on neither. FreeOTP+'s plain `otpauth://` list
//! is read by [`super::otpauth_list`]. Loses: token images and colours.

mod backup;
mod prefs;
mod token;

use serde_json::Value;

use super::{ImportOptions, ImportResult, Importer};
use crate::error::Result;

/// Java serialisation stream magic: FreeOTP 2.x backups start with it.
const JAVA_MAGIC: &[u8] = &[0xac, 0xed, 0x00, 0x05];

/// FreeOTP `tokens.xml`, FreeOTP+ JSON export or FreeOTP 2.x backup.
pub struct FreeOtp;

impl Importer for FreeOtp {
    const ID: &'static str = "freeotp";
    const ENCRYPTABLE: bool = true;
    const SCANNABLE: bool = false;

    fn read(bytes: &[u8], password: Option<&str>) -> Result<ImportResult> {
        Self::read_with(bytes, &ImportOptions::with_password(password))
    }

    fn read_with(bytes: &[u8], options: &ImportOptions<'_>) -> Result<ImportResult> {
        if bytes.starts_with(JAVA_MAGIC) {
            return backup::read(bytes, options);
        }
        prefs::read(bytes)
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
