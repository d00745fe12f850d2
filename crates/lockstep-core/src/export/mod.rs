//! Taking accounts out: one module per format Lockstep writes — [`aegis`] (Aegis-compatible JSON,
//! plain or encrypted so Aegis can import it) and [`otpauth`] (a plain link list). Lockstep's own
//! encrypted backup is [`crate::backup`]. Plain exports hold every secret in clear text: callers
//! warn (CLI) or ask for confirmation (app) when [`ExportFormat::is_plain`] is true.

pub mod aegis;
pub mod otpauth;

use zeroize::Zeroizing;

use crate::error::{Error, Result};
use crate::vault::Entry;

/// A format `lockstep export --format` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ExportFormat {
    /// Aegis JSON backup, unencrypted.
    Aegis,
    /// Aegis JSON backup, encrypted with a password (scrypt slot, as Aegis writes).
    AegisEncrypted,
    /// One `otpauth://` link per line.
    Otpauth,
}

impl ExportFormat {
    /// Every format, as `--format` lists them.
    pub const ALL: [ExportFormat; 3] = [
        ExportFormat::Aegis,
        ExportFormat::AegisEncrypted,
        ExportFormat::Otpauth,
    ];

    /// Stable id for `--format`.
    pub fn id(self) -> &'static str {
        match self {
            ExportFormat::Aegis => "aegis",
            ExportFormat::AegisEncrypted => "aegis-encrypted",
            ExportFormat::Otpauth => "otpauth",
        }
    }

    /// Parses a `--format` value.
    pub fn parse(name: &str) -> Result<ExportFormat> {
        let n = name.trim().to_ascii_lowercase();
        ExportFormat::ALL.into_iter().find(|f| f.id() == n || (n == "uri" && *f == ExportFormat::Otpauth)).ok_or_else(|| {
            let known: Vec<&str> = ExportFormat::ALL.iter().map(|f| f.id()).collect();
            Error::Import(format!("unknown export format \"{name}\" (one of: {}, or `lockstep backup` for Lockstep's own)", known.join(", ")))
        })
    }

    /// Whether the output holds secrets in clear text.
    pub fn is_plain(self) -> bool {
        !matches!(self, ExportFormat::AegisEncrypted)
    }

    /// Whether [`export`] needs a password for this format.
    pub fn needs_password(self) -> bool {
        matches!(self, ExportFormat::AegisEncrypted)
    }
}

/// Writes `entries` in `format`; `password` is required for encrypted formats.
pub fn export(
    entries: &[Entry],
    format: ExportFormat,
    password: Option<&str>,
) -> Result<Zeroizing<Vec<u8>>> {
    Ok(match format {
        ExportFormat::Aegis => Zeroizing::new(aegis::plain(entries).as_bytes().to_vec()),
        ExportFormat::AegisEncrypted => {
            let password =
                password.ok_or(Error::WeakPassword("an encrypted export needs a password"))?;
            Zeroizing::new(aegis::encrypted(entries, password)?.into_bytes())
        }
        ExportFormat::Otpauth => Zeroizing::new(otpauth::list(entries).as_bytes().to_vec()),
    })
}
