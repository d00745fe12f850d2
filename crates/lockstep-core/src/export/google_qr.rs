//! Google Authenticator "Transfer accounts" QR codes: the accounts as `otpauth-migration://` links
//! ([`crate::migration::encode`], in batches as Google splits them), each drawn as a PNG picture.
//! Steam accounts and code shapes Google cannot show are skipped with a reason.

use zeroize::Zeroizing;

use crate::error::Result;
use crate::import::ImportError;
use crate::vault::Entry;

/// The pictures of one export: `(file name, PNG bytes)` per batch, and what was skipped.
pub struct Pictures {
    /// One PNG per batch, named `google-authenticator-I-of-N.png`.
    pub files: Vec<(String, Zeroizing<Vec<u8>>)>,
    /// Accounts written.
    pub accounts: usize,
    /// Accounts Google Authenticator cannot take, with the reason.
    pub skipped: Vec<ImportError>,
}

/// Draws the export; `batch_id` ties the batches together (random in use, fixed in tests).
#[cfg(feature = "qr")]
pub fn pictures(entries: &[Entry], batch_id: i32) -> Result<Pictures> {
    let accounts: Vec<_> = entries.iter().map(Entry::to_account).collect();
    let export = crate::migration::encode(&accounts, batch_id);
    let n = export.links.len();
    let mut files = Vec::with_capacity(n);
    for (i, link) in export.links.iter().enumerate() {
        let png = Zeroizing::new(crate::qr::render::png(link, 0)?);
        files.push((format!("google-authenticator-{}-of-{n}.png", i + 1), png));
    }
    Ok(Pictures {
        files,
        accounts: accounts.len() - export.skipped.len(),
        skipped: export.skipped,
    })
}

/// Without the `qr` feature there is no QR renderer.
#[cfg(not(feature = "qr"))]
pub fn pictures(_entries: &[Entry], _batch_id: i32) -> Result<Pictures> {
    Err(crate::error::Error::Import(
        crate::error::ImportProblem::NoQrWriter,
    ))
}
