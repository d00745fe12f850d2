//! Authenticator Plus's export: a password-protected ZIP (legacy ZipCrypto, deflate) holding
//! `Accounts.txt`, one `otpauth://` link per line (read by [`super::otpauth_list`]). Its other
//! backup, `authplus.db`, is an SQLCipher database: no maintained pure-Rust SQLCipher reader
//! exists and we do not write our own, so it is not read (export `Accounts.txt` instead).
//! ZipCrypto is weak and checks the password with one byte only: a wrong password that passes
//! the check fails the CRC-32 at the end and is reported as a wrong password too.
//! Loses: categories and icons (not in the links). Read as Aegis's `AuthenticatorPlusImporter`.

use std::io::{Cursor, Read};

use zeroize::Zeroizing;

use super::common::{self, bad};
use super::otpauth_list::OtpauthList;
use super::{ImportResult, Importer};
use crate::error::{ImportReason, Result};

/// Human name in messages.
pub(crate) const NAME: &str = "Authenticator Plus";
const ENTRY: &str = "Accounts.txt";
/// Largest `Accounts.txt` inflated (a link is ~150 bytes; this stops ZIP bombs).
const MAX_TEXT: u64 = 4 * 1024 * 1024;

/// The Authenticator Plus ZIP export.
pub struct AuthenticatorPlus;

impl Importer for AuthenticatorPlus {
    const ID: &'static str = "authenticator-plus";
    const ENCRYPTABLE: bool = true;
    const SCANNABLE: bool = false;

    fn read(bytes: &[u8], password: Option<&str>) -> Result<ImportResult> {
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
            .map_err(|_| bad(NAME, ImportReason::NotZip))?;
        let encrypted = archive
            .index_for_name(ENTRY)
            .and_then(|i| archive.by_index_raw(i).ok().map(|f| f.encrypted()))
            .ok_or_else(|| bad(NAME, ImportReason::NoAccountsTxt))?;
        let file = match (encrypted, password) {
            (false, _) => archive.by_name(ENTRY),
            (true, password) => {
                let password = common::need_password(NAME, password)?;
                archive.by_name_decrypt(ENTRY, password.as_bytes())
            }
        };
        let file = file.map_err(|e| match e {
            zip::result::ZipError::InvalidPassword => common::wrong_password(NAME),
            _ => bad(NAME, ImportReason::AccountsTxtUnreadable),
        })?;
        let mut text = Zeroizing::new(Vec::new());
        file.take(MAX_TEXT + 1)
            .read_to_end(&mut text)
            .map_err(|_| match encrypted {
                true => common::wrong_password(NAME),
                false => bad(NAME, ImportReason::AccountsTxtDamaged),
            })?;
        if text.len() as u64 > MAX_TEXT {
            return Err(common::unsupported(NAME, ImportReason::AccountsTxtTooLarge));
        }
        OtpauthList::read(&text, None)
    }
}

/// Is this a ZIP whose first entry is `Accounts.txt`? (Names are stored in clear.)
pub(crate) fn looks_like(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
        && bytes
            .windows(ENTRY.len())
            .take(1024)
            .any(|w| w == ENTRY.as_bytes())
}
