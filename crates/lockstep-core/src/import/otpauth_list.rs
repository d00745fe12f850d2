//! A plain text list of `otpauth://` links, one per line: Aegis's and Ente's plain exports,
//! Authenticator Plus's Accounts.txt, WinAuth, and what people paste. Blank lines and `#` comments
//! are skipped; a bad line is reported with its number and does not sink the rest.
//! Loses nothing Lockstep stores except tags, notes and icons, which the format does not carry.

use super::{ImportError, ImportResult, Importer, Place};
use crate::error::{Error, ImportProblem, Result};
use crate::uri;

/// The plain URI list format.
pub struct OtpauthList;

impl Importer for OtpauthList {
    const ID: &'static str = "otpauth";
    const ENCRYPTABLE: bool = false;
    const SCANNABLE: bool = false;

    fn read(bytes: &[u8], _password: Option<&str>) -> Result<ImportResult> {
        let text = std::str::from_utf8(bytes).map_err(|_| Error::Import(ImportProblem::NotText))?;
        let mut result = ImportResult::default();
        let mut seen_link = false;
        for (i, line) in text.lines().enumerate() {
            let line = line.trim().trim_start_matches('\u{feff}');
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            seen_link |= line.to_ascii_lowercase().starts_with("otpauth://");
            match uri::parse(line) {
                Ok(a) => result.accounts.push(a),
                Err(e) => result.errors.push(ImportError::new(Place::Line(i + 1), &e)),
            }
        }
        if !seen_link {
            return Err(Error::Import(ImportProblem::NoLinks));
        }
        Ok(result)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_good_lines_and_reports_bad_ones() {
        let text = "# exported\notpauth://totp/A:a?secret=JBSWY3DPEHPK3PXP\n\nnot a link\notpauth://totp/B:b?secret=JBSWY3DPEHPK3PXP&digits=99\r\notpauth://hotp/C:c?secret=JBSWY3DPEHPK3PXP&counter=1\n";
        let r = OtpauthList::read(text.as_bytes(), None).unwrap();
        assert_eq!(
            r.accounts
                .iter()
                .map(|a| a.issuer.as_str())
                .collect::<Vec<_>>(),
            ["A", "C"]
        );
        assert_eq!(r.errors.len(), 2);
        assert_eq!(r.errors[0].context, "line 4");
        assert!(r.errors[1].message.contains("digits"), "{:?}", r.errors[1]);
    }

    #[test]
    fn a_file_without_links_is_an_error() {
        assert!(OtpauthList::read(b"hello\nworld\n", None).is_err());
        assert!(OtpauthList::read(&[0xff, 0xfe, 0x00], None).is_err());
    }
}
