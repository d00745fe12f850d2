//! What the text of a QR code means: an `otpauth://` link is one account, an
//! `otpauth-migration://` link (Google Authenticator export) any number, anything else is plain
//! text with no account. A bad link is an entry error, never an error for the whole picture.

use crate::import::{ImportError, ImportResult, Place};
use crate::{migration, uri};

/// The meaning of one payload.
#[derive(Debug, Default)]
pub struct Meaning {
    /// Accounts it carries, and entries that could not be read.
    pub result: ImportResult,
    /// For a Google export: (batch index from 0, batch count).
    pub batch: Option<(u32, u32)>,
    /// For a Google export: the id every code of one export shares (`batch_id`).
    pub export_id: Option<i32>,
}

/// Whether the text is an otpauth or otpauth-migration link (by scheme only).
pub fn is_link(text: &str) -> bool {
    let t = text.trim_start();
    migration::is_migration(t)
        || t.get(..10)
            .is_some_and(|p| p.eq_ignore_ascii_case("otpauth://"))
}

/// Classifies a payload. Plain text gives no accounts and no errors.
pub fn classify(payload: &str) -> Meaning {
    let text = payload.trim();
    let mut meaning = Meaning::default();
    if migration::is_migration(text) {
        match migration::decode(text) {
            Ok(batch) => {
                meaning.batch = Some((batch.batch_index, batch.batch_size));
                meaning.export_id = Some(batch.batch_id);
                meaning.result = batch.result;
            }
            Err(e) => meaning
                .result
                .errors
                .push(ImportError::new(Place::QrCode, &e)),
        }
    } else if is_link(text) {
        match uri::parse(text) {
            Ok(a) => meaning.result.accounts.push(a),
            Err(e) => meaning
                .result
                .errors
                .push(ImportError::new(Place::QrCode, &e)),
        }
    }
    meaning
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_the_three_kinds() {
        let one = classify("otpauth://totp/Ex:alice?secret=JBSWY3DPEHPK3PXP&issuer=Ex");
        assert_eq!(one.result.accounts.len(), 1);
        assert_eq!(one.result.accounts[0].account, "alice");
        assert!(one.batch.is_none());
        let plain = classify("https://example.com/");
        assert!(plain.result.accounts.is_empty() && plain.result.errors.is_empty());
        let bad = classify("OTPAUTH://totp/x?digits=6");
        assert_eq!((bad.result.accounts.len(), bad.result.errors.len()), (0, 1));
        let bad_export = classify("otpauth-migration://offline?data=%%%");
        assert_eq!(bad_export.result.errors.len(), 1);
    }
}
