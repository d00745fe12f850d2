//! QR codes in pictures: where pictures come from ([`Source`]: files, folders, stdin, the
//! clipboard, the screen; the camera in [`camera`]), reading every code in one ([`decode`], guarded by [`load`]) or in a
//! live camera frame's gray plane ([`scan_luma`], [`frame`]: fast, with each code's corners for
//! the preview), what a code's text means ([`payload`]), and drawing codes for other apps to scan
//! ([`render`]). Owns no vault logic and no capture device: results are accounts for the import
//! preview.

pub mod camera;
#[cfg(feature = "capture")]
pub mod clipboard;
pub mod decode;
pub mod frame;
pub mod load;
mod passes;
pub mod payload;
mod pixels;
pub mod render;
#[cfg(feature = "capture")]
pub mod screen;

use std::path::{Path, PathBuf};

use zeroize::Zeroizing;

use crate::error::{Error, Result};
use crate::import::{ImportError, ImportResult};
use crate::uri::Account;

pub use decode::Point;
pub use frame::scan_luma;
pub use load::MAX_PIXELS;

/// Where pictures (or, for the clipboard, text) come from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// An image file, or a folder whose image files are all scanned (not recursively).
    Path(PathBuf),
    /// Image bytes on standard input (`-` on the command line).
    Stdin,
    /// The clipboard: an image, or text holding otpauth links.
    Clipboard,
    /// Every monitor.
    Screen,
}

impl Source {
    /// `-` means standard input, anything else a path.
    pub fn from_arg(arg: &str) -> Source {
        if arg == "-" {
            Source::Stdin
        } else {
            Source::Path(PathBuf::from(arg))
        }
    }
}

/// One QR code found: where, its raw text, and the accounts it carries. Its `Debug` leaves the
/// payload out (it is an otpauth link or a Google export, secrets and all).
pub struct Found {
    /// The file path, `stdin`, `clipboard` or `screen N`.
    pub source: String,
    /// The code's text exactly as read (holds secrets: never log it).
    pub payload: Zeroizing<String>,
    /// Accounts in it (1 for otpauth://, any number for a Google export, 0 for other text).
    pub accounts: Vec<Account>,
    /// Entries of the code that could not be used (e.g. an MD5 account in a Google export).
    pub errors: Vec<ImportError>,
    /// For a Google export: this code's place in it, as (index from 0, count).
    pub batch: Option<(u32, u32)>,
    /// For a Google export: the id its codes share (the payload's `batch_id`).
    pub export_id: Option<i32>,
    /// Where the code is in the picture, in its pixels: the code's top-left, top-right,
    /// bottom-right and bottom-left corners ([`decode::Code::corners`]); `None` for text that
    /// was not read from a picture (clipboard text) or when the reader gave no position.
    pub corners: Option<[Point; 4]>,
}

impl std::fmt::Debug for Found {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Found")
            .field("source", &self.source)
            .field("payload", &format_args!("<{} bytes>", self.payload.len()))
            .field("accounts", &self.accounts)
            .field("errors", &self.errors)
            .field("batch", &self.batch)
            .field("export_id", &self.export_id)
            .field("corners", &self.corners)
            .finish()
    }
}

impl Found {
    /// Reads a payload's meaning ([`payload::classify`]) and records where it came from.
    pub fn new(source: &str, payload: Zeroizing<String>) -> Found {
        let meaning = payload::classify(&payload);
        Found {
            source: source.to_owned(),
            payload,
            accounts: meaning.result.accounts,
            errors: meaning.result.errors,
            batch: meaning.batch,
            export_id: meaning.export_id,
            corners: None,
        }
    }

    /// A code read from a picture: its payload's meaning and its corners.
    pub fn read(source: &str, code: decode::Code) -> Found {
        Found {
            corners: code.corners,
            ..Found::new(source, code.payload)
        }
    }
}

/// Image file extensions a folder scan picks up (case-insensitive).
pub const IMAGE_EXTENSIONS: [&str; 6] = ["png", "jpg", "jpeg", "webp", "bmp", "gif"];

/// Expands folders into their image files (sorted by name, not recursive); files, stdin,
/// clipboard and screen pass through. A missing path is an error here, before any scanning.
pub fn expand(sources: &[Source]) -> Result<Vec<Source>> {
    let mut out = Vec::new();
    for s in sources {
        match s {
            Source::Path(p) if p.is_dir() => {
                let mut files: Vec<PathBuf> = std::fs::read_dir(p)
                    .map_err(Error::io("cannot list the folder", p))?
                    .filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|f| f.is_file() && is_image_name(f))
                    .collect();
                files.sort();
                out.extend(files.into_iter().map(Source::Path));
            }
            Source::Path(p) if !p.exists() => {
                return Err(Error::Io {
                    action: "cannot open",
                    path: p.clone(),
                    source: std::io::ErrorKind::NotFound.into(),
                })
            }
            other => out.push(other.clone()),
        }
    }
    Ok(out)
}

fn is_image_name(p: &Path) -> bool {
    p.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| IMAGE_EXTENSIONS.iter().any(|x| x.eq_ignore_ascii_case(e)))
}

/// Every QR code in one source. Folders must be [`expand`]ed first (a folder here is an error).
/// An image without a code gives an empty list, not an error.
pub fn scan(source: &Source) -> Result<Vec<Found>> {
    match source {
        Source::Path(p) => {
            let bytes = read_file(p)?;
            scan_bytes(&p.display().to_string(), &bytes)
        }
        Source::Stdin => {
            let bytes = read_limited(std::io::stdin().lock(), Path::new("-"))?;
            scan_bytes("stdin", &bytes)
        }
        #[cfg(feature = "capture")]
        Source::Clipboard => clipboard::scan(),
        #[cfg(feature = "capture")]
        Source::Screen => screen::scan(),
        #[cfg(not(feature = "capture"))]
        Source::Clipboard | Source::Screen => Err(Error::ScreenCapture(
            "this build of Lockstep has no clipboard or screen support (cargo feature \"capture\")"
                .into(),
        )),
    }
}

/// Every QR code in encoded image bytes (PNG, JPEG, WebP, BMP, GIF); `source` names them.
pub fn scan_bytes(source: &str, bytes: &[u8]) -> Result<Vec<Found>> {
    if let Some(gray) = load::decode_gray_direct(source, bytes)? {
        let codes = decode::decode_gray(&gray);
        return Ok(codes.into_iter().map(|c| Found::read(source, c)).collect());
    }
    let image = load::decode(source, bytes)?;
    Ok(scan_image(source, &image))
}

/// Every QR code in a decoded picture (e.g. a screen capture or clipboard image).
pub fn scan_image(source: &str, image: &image::DynamicImage) -> Vec<Found> {
    let mut codes = decode::decode_gray(&load::to_gray(image, false));
    if codes.is_empty() && load::has_alpha(image) {
        // Light codes drawn on a transparent background.
        codes = decode::decode_gray(&load::to_gray(image, true));
    }
    codes.into_iter().map(|c| Found::read(source, c)).collect()
}

/// All accounts and per-entry errors of the codes found, for the import preview
/// ([`crate::import::Plan::new`]). Codes of other text are ignored.
pub fn to_import(found: Vec<Found>) -> ImportResult {
    let mut result = ImportResult::default();
    for f in found {
        result.accounts.extend(f.accounts);
        result
            .errors
            .extend(f.errors.into_iter().map(|e| e.in_source(&f.source)));
    }
    result
}

fn read_file(path: &Path) -> Result<Vec<u8>> {
    let file = std::fs::File::open(path).map_err(Error::io("cannot open", path))?;
    read_limited(file, path)
}

fn read_limited(reader: impl std::io::Read, path: &Path) -> Result<Vec<u8>> {
    use std::io::Read;
    let mut bytes = Vec::new();
    reader
        .take(load::MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(Error::io("cannot read", path))?;
    if bytes.len() as u64 > load::MAX_FILE_BYTES {
        return Err(Error::BadImage {
            source_name: path.display().to_string(),
            reason: format!("the file is larger than {} MiB", load::MAX_FILE_BYTES >> 20),
        });
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_leaves_the_payload_and_secret_out() {
        let link = "otpauth://totp/ACME:me@example.com?secret=JBSWY3DPEHPK3PXP&issuer=ACME";
        let found = Found::new("shot.png", Zeroizing::new(link.to_owned()));
        assert_eq!(found.accounts.len(), 1, "the link parses to one account");
        let shown = format!("{found:?}");
        assert!(!shown.contains("JBSWY3DPEHPK3PXP"), "{shown}");
        assert!(!shown.contains("otpauth://"), "{shown}");
        assert!(
            shown.contains(&format!("<{} bytes>", link.len())),
            "{shown}"
        );
        assert!(shown.contains("shot.png"), "{shown}");
    }
}
