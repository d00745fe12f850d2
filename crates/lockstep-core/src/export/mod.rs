//! Taking accounts out: every format Lockstep writes, as one [`ExportFormat`] with its
//! properties (plain or encrypted, file or folder), so the shells ask rather than restate them.
//! The bytes come from [`aegis`] (Aegis-compatible JSON, plain or encrypted so Aegis can import
//! it), [`otpauth`] (a plain link list), [`google_qr`] (Google Authenticator "Transfer accounts"
//! QR pictures) and, for Lockstep's own encrypted backup, [`crate::backup`]. Writing them, and
//! refusing to write over the vault, is [`crate::session::Session::export`].

pub mod aegis;
pub mod google_qr;
pub mod otpauth;

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::error::{Error, ImportProblem, PasswordProblem, Result};
use crate::vault::Entry;

/// A format `lockstep export --format` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ExportFormat {
    /// Lockstep's encrypted backup (opens with the vault's password and recovery key).
    Lockstep,
    /// Aegis JSON backup, encrypted with a password (scrypt slot, as Aegis writes).
    AegisEncrypted,
    /// Aegis JSON backup, unencrypted.
    Aegis,
    /// One `otpauth://` link per line.
    Otpauth,
    /// Google Authenticator "Transfer accounts" QR codes: PNG pictures in a folder.
    GoogleQr,
}

/// An export format as the UI lists it.
#[derive(Clone, Debug, Serialize)]
pub struct FormatInfo {
    /// `--format` id.
    pub id: ExportFormat,
    /// Name for people.
    pub label: &'static str,
    /// Holds every secret in clear text.
    pub plain: bool,
    /// Needs a password of its own.
    pub needs_password: bool,
    /// Writes a folder of files rather than one file.
    pub folder: bool,
    /// File name offered in a save dialog (empty for a folder).
    pub file_name: &'static str,
    /// Its extension.
    pub extension: &'static str,
}

impl ExportFormat {
    /// Every format, as `--format` and the app list them.
    pub const ALL: [ExportFormat; 5] = [
        ExportFormat::Lockstep,
        ExportFormat::AegisEncrypted,
        ExportFormat::Aegis,
        ExportFormat::Otpauth,
        ExportFormat::GoogleQr,
    ];

    /// Stable id for `--format`.
    pub fn id(self) -> &'static str {
        match self {
            ExportFormat::Lockstep => "lockstep",
            ExportFormat::AegisEncrypted => "aegis-encrypted",
            ExportFormat::Aegis => "aegis",
            ExportFormat::Otpauth => "otpauth",
            ExportFormat::GoogleQr => "google-qr",
        }
    }

    /// Parses a `--format` value (any case; `uri` is `otpauth`).
    pub fn parse(name: &str) -> Result<ExportFormat> {
        let n = name.trim().to_ascii_lowercase();
        ExportFormat::ALL
            .into_iter()
            .find(|f| f.id() == n || (n == "uri" && *f == ExportFormat::Otpauth))
            .ok_or_else(|| {
                let known: Vec<&str> = ExportFormat::ALL.iter().map(|f| f.id()).collect();
                Error::Import(ImportProblem::UnknownExportFormat {
                    name: name.to_owned(),
                    known: known.join(", "),
                })
            })
    }

    /// Whether the output holds secrets in clear text.
    pub fn is_plain(self) -> bool {
        !matches!(self, ExportFormat::AegisEncrypted | ExportFormat::Lockstep)
    }

    /// Whether the format needs a password of its own (Lockstep's backup uses the vault's).
    pub fn needs_password(self) -> bool {
        matches!(self, ExportFormat::AegisEncrypted)
    }

    /// Whether the output is a folder of files.
    pub fn is_folder(self) -> bool {
        self == ExportFormat::GoogleQr
    }

    /// The file name a save dialog offers for an export made at `at` (Unix seconds). A backup
    /// carries its day (UTC), `lockstep-backup-2026-12-02.lockstep`, so a folder of them reads and
    /// sorts by date; the other formats their fixed name ([`FormatInfo::file_name`]).
    pub fn file_name_at(self, at: u64) -> String {
        match self {
            ExportFormat::Lockstep => {
                format!("lockstep-backup-{}.lockstep", crate::backup::date(at))
            }
            _ => self.info().file_name.to_owned(),
        }
    }

    /// Everything the UI shows about the format.
    pub fn info(self) -> FormatInfo {
        let (label, file_name, extension) = match self {
            ExportFormat::Lockstep => (
                "Lockstep backup (encrypted with the vault password)",
                "lockstep-backup.lockstep",
                "lockstep",
            ),
            ExportFormat::AegisEncrypted => (
                "Aegis, encrypted with a password",
                "aegis-export.json",
                "json",
            ),
            ExportFormat::Aegis => ("Aegis, plain JSON", "aegis-export-plain.json", "json"),
            ExportFormat::Otpauth => ("otpauth:// links, one per line", "otpauth-links.txt", "txt"),
            ExportFormat::GoogleQr => (
                "Google Authenticator QR codes (pictures in a folder)",
                "",
                "png",
            ),
        };
        FormatInfo {
            id: self,
            label,
            plain: self.is_plain(),
            needs_password: self.needs_password(),
            folder: self.is_folder(),
            file_name,
            extension,
        }
    }
}

/// `entries` in a one-file format that needs no vault key (Aegis, otpauth); `password` is
/// required for encrypted ones. Lockstep's backup and Google QR pictures are written by the session.
pub fn export(
    entries: &[Entry],
    format: ExportFormat,
    password: Option<&str>,
) -> Result<Zeroizing<Vec<u8>>> {
    Ok(match format {
        ExportFormat::Aegis => Zeroizing::new(aegis::plain(entries).as_bytes().to_vec()),
        ExportFormat::AegisEncrypted => {
            let password = password.ok_or(Error::WeakPassword(PasswordProblem::ExportNeedsOne))?;
            Zeroizing::new(aegis::encrypted(entries, password)?.into_bytes())
        }
        ExportFormat::Otpauth => Zeroizing::new(otpauth::list(entries).as_bytes().to_vec()),
        ExportFormat::Lockstep | ExportFormat::GoogleQr => {
            return Err(Error::Import(ImportProblem::SessionWritten {
                format: format.id(),
            }))
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_say_what_they_hold() {
        let ids = |f: fn(&ExportFormat) -> bool| {
            ExportFormat::ALL
                .iter()
                .filter(|x| f(x))
                .map(|x| x.id())
                .collect::<Vec<_>>()
        };
        assert_eq!(ids(|f| f.is_plain()), ["aegis", "otpauth", "google-qr"]);
        assert_eq!(ids(|f| f.needs_password()), ["aegis-encrypted"]);
        assert_eq!(ids(|f| f.is_folder()), ["google-qr"]);
        for f in ExportFormat::ALL {
            assert_eq!(ExportFormat::parse(&f.id().to_uppercase()).unwrap(), f);
            let info = serde_json::to_value(f.info()).unwrap();
            assert_eq!(info["id"], f.id());
        }
        assert_eq!(ExportFormat::parse("uri").unwrap(), ExportFormat::Otpauth);
        // 2026-12-02 00:00:00 UTC, and its last second (date -u -d 2026-12-02 +%s).
        for at in [1_796_169_600, 1_796_169_600 + 86_399] {
            assert_eq!(
                ExportFormat::Lockstep.file_name_at(at),
                "lockstep-backup-2026-12-02.lockstep"
            );
        }
        assert_eq!(
            ExportFormat::Lockstep.file_name_at(1_796_169_600 + 86_400),
            "lockstep-backup-2026-12-03.lockstep"
        );
        assert_eq!(ExportFormat::Otpauth.file_name_at(0), "otpauth-links.txt");
        assert!(ExportFormat::parse("csv").is_err());
    }
}
