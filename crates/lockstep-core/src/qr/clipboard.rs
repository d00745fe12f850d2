//! The clipboard as a QR source (arboard): an image copied or a screenshot taken to the clipboard
//! is scanned; text holding `otpauth://` or `otpauth-migration://` links is read as if each link
//! were a scanned code. Owns only reading the clipboard.

use std::borrow::Cow;

use image::{DynamicImage, RgbaImage};
use zeroize::Zeroizing;

use super::{load, payload, scan_image, Found};
use crate::error::{Error, Result};

/// The name results carry as their source.
pub const SOURCE: &str = "clipboard";

fn clipboard_error(e: arboard::Error) -> Error {
    Error::Clipboard(match e {
        arboard::Error::ClipboardNotSupported => {
            "no clipboard is available (is a graphical session running, with DISPLAY or WAYLAND_DISPLAY set?)".into()
        }
        arboard::Error::ClipboardOccupied => "another program is holding the clipboard; try again".into(),
        other => format!("it cannot be read ({other})"),
    })
}

/// Every QR code in the clipboard's image, or every link in its text. An image without a code gives
/// an empty list; a clipboard with neither an image nor text is an error.
pub fn scan() -> Result<Vec<Found>> {
    let mut clipboard = arboard::Clipboard::new().map_err(clipboard_error)?;
    let image_error = match clipboard.get_image() {
        Ok(img) => {
            let (w, h) = (u32::try_from(img.width), u32::try_from(img.height));
            let (Ok(w), Ok(h)) = (w, h) else {
                return Err(Error::Clipboard("the image is too large".into()));
            };
            load::check_size(SOURCE, w, h)?;
            let rgba = RgbaImage::from_raw(w, h, Cow::into_owned(img.bytes)).ok_or_else(|| {
                Error::Clipboard("the image data is shorter than its size says".into())
            })?;
            return Ok(scan_image(SOURCE, &DynamicImage::ImageRgba8(rgba)));
        }
        Err(e @ (arboard::Error::ClipboardNotSupported | arboard::Error::ClipboardOccupied)) => {
            return Err(clipboard_error(e))
        }
        // No image (or one arboard cannot convert): the text may still hold links.
        Err(e) => e,
    };
    match clipboard.get_text() {
        Ok(text) => Ok(scan_text(&Zeroizing::new(text))),
        Err(arboard::Error::ContentNotAvailable) => match image_error {
            arboard::Error::ContentNotAvailable => Err(Error::Clipboard(
                "it holds neither an image nor text".into(),
            )),
            other => Err(clipboard_error(other)),
        },
        Err(e) => Err(clipboard_error(e)),
    }
}

/// The links in pasted text, one [`Found`] each (any whitespace separates them).
pub fn scan_text(text: &str) -> Vec<Found> {
    text.split_whitespace()
        .filter(|w| payload::is_link(w))
        .map(|w| Found::new(SOURCE, Zeroizing::new(w.to_owned())))
        .collect()
}
