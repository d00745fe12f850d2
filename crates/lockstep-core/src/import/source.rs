//! One entry point for anything a person hands to "import": a picture holding QR codes (sniffed
//! by its first bytes or its name, behind the `qr` feature) or another app's export or a list of
//! links (detected, or named with `format`). The CLI and the app both read sources through here.

use std::path::Path;

use super::{read_detected_with, ImportOptions, ImportResult};
use crate::error::Result;

/// What a source was read as, and what it yielded.
#[derive(Debug)]
pub struct Read {
    /// "an Aegis backup", "a QR code image", ...: for "7 accounts read as …".
    pub read_as: String,
    /// The accounts and the entries that could not be read.
    pub result: ImportResult,
}

/// Whether bytes (or a file name) look like a picture.
pub fn is_image(name: &Path, bytes: &[u8]) -> bool {
    const MAGIC: [&[u8]; 5] = [b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"BM", b"RIFF"];
    let by_name = name.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        ["png", "jpg", "jpeg", "gif", "bmp", "webp"]
            .iter()
            .any(|x| x.eq_ignore_ascii_case(e))
    });
    by_name || MAGIC.iter().any(|m| bytes.starts_with(m))
}

/// Reads one source. `format`: `None` or `"auto"` detects; `"qr"` scans a picture; any other
/// `--format` id reads that format. `password` opens encrypted exports (without one, an
/// encrypted export fails with the import-password error, so the shell asks and calls again).
pub fn read_source(
    name: &Path,
    bytes: &[u8],
    format: Option<&str>,
    password: Option<&str>,
) -> Result<Read> {
    read_source_with(name, bytes, format, &ImportOptions::with_password(password))
}

/// [`read_source`] with [`ImportOptions`]: the app passes a flag that stops a long import
/// (encrypted exports check it before every key derivation).
pub fn read_source_with(
    name: &Path,
    bytes: &[u8],
    format: Option<&str>,
    options: &ImportOptions<'_>,
) -> Result<Read> {
    let auto = format.is_none_or(|f| f.eq_ignore_ascii_case("auto"));
    let qr = format.is_some_and(|f| f.eq_ignore_ascii_case("qr"));
    if qr || (auto && is_image(name, bytes)) {
        return read_picture(name, bytes);
    }
    let (format, result) = read_detected_with(bytes, format, options)?;
    Ok(Read {
        read_as: format.name().to_owned(),
        result,
    })
}

#[cfg(feature = "qr")]
fn read_picture(name: &Path, bytes: &[u8]) -> Result<Read> {
    let found = crate::qr::scan_bytes(&name.display().to_string(), bytes)?;
    Ok(Read {
        read_as: "a QR code image".into(),
        result: crate::qr::to_import(found),
    })
}

#[cfg(not(feature = "qr"))]
fn read_picture(_name: &Path, _bytes: &[u8]) -> Result<Read> {
    Err(crate::error::Error::Import(
        crate::error::ImportProblem::NoQrReader,
    ))
}
