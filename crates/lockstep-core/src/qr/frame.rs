//! Live camera frames: every QR code in one frame's luma (gray) plane, read in place, with where
//! each code is in the frame so a preview can draw it. Tuned for a stream (a few cheap passes a
//! frame, no threads: the next frame is the next try), where [`super::decode`] is tuned for one
//! picture read once. Owns no capture and no meaning of the payloads.

use crate::error::{Error, Result};

use super::decode::{self, Code};
use super::passes;
use super::pixels;
use super::{load, Found};

/// Frames whose shorter side is at least this are also read at half size when the full-size
/// pass reads nothing (blur, sensor noise and a screen's pixel grid average out).
const HALF_FROM: u32 = 400;

/// Every QR code in one camera frame: `luma` holds `width × height` gray bytes, row by row, with
/// no padding (the Y plane of a YUV frame, or any 8-bit gray picture). `source` names the frame
/// in the results (e.g. `camera`). Each [`Found`] has its payload, accounts and batch place, and
/// its corners in the frame's pixels. A frame without a code gives an empty list; a buffer of
/// the wrong length or a frame above [`load::MAX_PIXELS`] is an error. Never panics.
pub fn scan_luma(source: &str, width: u32, height: u32, luma: &[u8]) -> Result<Vec<Found>> {
    load::check_size(source, width, height)?;
    let expected = u64::from(width) * u64::from(height);
    if luma.len() as u64 != expected {
        return Err(Error::BadImage {
            source_name: source.to_owned(),
            reason: format!(
                "a {width}×{height} gray frame has {expected} bytes, this one {}",
                luma.len()
            ),
        });
    }
    Ok(decode_luma(width, height, luma)
        .into_iter()
        .map(|code| Found::read(source, code))
        .collect())
}

/// The codes in a checked frame: from a 1280×720 frame up, rxing on a half-size copy first (a
/// quarter of the work, and it reads nearly every frame a full-size pass reads), kept when every
/// code it read is large in the frame (a code held up to the camera); then rxing on the frame
/// as it is, then on the half-size copy with its local contrast raised (glare, uneven light, a
/// dim screen). Smaller frames go full size first, then half size.
fn decode_luma(width: u32, height: u32, luma: &[u8]) -> Vec<Code> {
    let short = width.min(height);
    if short < HALF_FROM {
        return passes::pass_rxing_luma(width, height, luma).codes;
    }
    let half = pixels::halve_luma(width, height, luma);
    let half_first = width.saturating_mul(height) >= decode::HALF_FIRST_FROM;
    let mut from_half = Vec::new();
    if half_first {
        from_half = passes::pass_rxing(&half).scaled(2.0).codes;
        if !from_half.is_empty() && from_half.iter().all(|code| decode::large(code, short)) {
            return from_half;
        }
    }
    let full = passes::pass_rxing_luma(width, height, luma);
    if !full.codes.is_empty() {
        return full.codes;
    }
    if !from_half.is_empty() {
        return from_half;
    }
    if !half_first {
        let read = passes::pass_rxing(&half);
        if !read.codes.is_empty() {
            return read.scaled(2.0).codes;
        }
    }
    passes::pass_rxing(&pixels::local_contrast(&half))
        .scaled(2.0)
        .codes
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `text` drawn by the `qrcode` crate (an encoder apart from the reader under test) with
    /// `px` pixels a module and a quiet zone of 4 modules.
    fn code_picture(text: &str, px: u32) -> image::GrayImage {
        qrcode::QrCode::new(text.as_bytes())
            .expect("a short link fits a QR code")
            .render::<image::Luma<u8>>()
            .module_dimensions(px, px)
            .quiet_zone(true)
            .build()
    }

    /// A frame of `w × h` mid-gray with `code` (a black-on-white gray picture) pasted at (x, y).
    fn frame_with(code: &image::GrayImage, w: u32, h: u32, x: u32, y: u32) -> Vec<u8> {
        let mut frame = image::GrayImage::from_pixel(w, h, image::Luma([128]));
        image::imageops::replace(&mut frame, code, i64::from(x), i64::from(y));
        frame.into_raw()
    }

    #[test]
    fn reads_a_code_and_where_it_is() {
        let link = "otpauth://totp/Example:alice?secret=JBSWY3DPEHPK3PXP&issuer=Example";
        let code = code_picture(link, 6);
        let (cw, ch) = code.dimensions();
        let luma = frame_with(&code, 1280, 720, 300, 100);
        let found = scan_luma("camera", 1280, 720, &luma).expect("a well-formed frame");
        assert_eq!(found.len(), 1);
        assert_eq!(*found[0].payload, link);
        assert_eq!(found[0].source, "camera");
        assert_eq!(found[0].accounts.len(), 1);
        // The corners lie on the symbol (inside the quiet zone of 4 modules of 6 pixels).
        let corners = found[0].corners.expect("rxing reports the position");
        let (left, top) = (300.0 + 24.0, 100.0 + 24.0);
        let (right, bottom) = (300.0 + cw as f32 - 24.0, 100.0 + ch as f32 - 24.0);
        let want = [(left, top), (right, top), (right, bottom), (left, bottom)];
        for (got, (x, y)) in corners.iter().zip(want) {
            assert!(
                (got.x - x).abs() <= 6.0 && (got.y - y).abs() <= 6.0,
                "corner {got:?}, expected near ({x}, {y}); all: {corners:?}"
            );
        }
    }

    #[test]
    fn a_frame_without_a_code_reads_nothing() {
        let noise: Vec<u8> = (0..1280u32 * 720)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
            .collect();
        assert!(scan_luma("camera", 1280, 720, &noise)
            .expect("a well-formed frame")
            .is_empty());
        assert!(scan_luma("camera", 1, 1, &[0])
            .expect("one pixel")
            .is_empty());
    }

    #[test]
    fn a_buffer_of_the_wrong_size_is_an_error() {
        assert!(matches!(
            scan_luma("camera", 640, 480, &[0; 640 * 479]),
            Err(Error::BadImage { .. })
        ));
        assert!(matches!(
            scan_luma("camera", 0, 480, &[]),
            Err(Error::EmptyImage(_))
        ));
        assert!(matches!(
            scan_luma("camera", 100_000, 100_000, &[]),
            Err(Error::ImageTooLarge { .. })
        ));
    }
}
