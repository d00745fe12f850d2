//! The readers one pass runs on a gray picture: rxing (zxing-cpp's QR detector ported to Rust) and
//! rqrr, each under `catch_unwind`, giving the codes read and their corners. Owns no choice of
//! passes (that is [`super::decode`]) and no meaning of the payloads.

use std::collections::HashSet;
use std::panic::{catch_unwind, AssertUnwindSafe};

use image::GrayImage;
use rxing::common::HybridBinarizer;
use rxing::multi::MultipleBarcodeReader;
use rxing::qrcode::cpp_port::QrReader;
use rxing::{BarcodeFormat, BinaryBitmap, DecodeHints, Luma8Source};
use zeroize::Zeroizing;

use super::decode::{Code, PassResult, Point};

fn payload_text(bytes: &[u8]) -> Zeroizing<String> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Zeroizing::new(s.to_owned()),
        // QR's default byte mode is ISO-8859-1.
        Err(_) => Zeroizing::new(bytes.iter().map(|&b| char::from(b)).collect()),
    }
}

/// Locates grids in a prepared rqrr image and reads each (a macro because rqrr does not export
/// the buffer type its constructors return).
macro_rules! read_grids {
    ($prepared:expr) => {{
        let mut prepared = $prepared;
        let grids = prepared.detect_grids();
        let mut result = PassResult::default();
        for grid in grids {
            let mut bytes = Zeroizing::new(Vec::new());
            if grid.decode_to(&mut *bytes).is_ok() && !bytes.is_empty() {
                result.codes.push(Code {
                    payload: payload_text(&bytes),
                    corners: Some(grid.bounds.map(|p| Point {
                        x: p.x as f32,
                        y: p.y as f32,
                    })),
                });
            }
        }
        result
    }};
}

/// rxing's zxing-cpp QR reader: `HybridBinarizer` (thresholds per 8×8 block from the 5×5 blocks
/// around it), a 1:1:3:1:1 finder-pattern scan of every third row, then sampling and decoding of
/// every plausible set of three finder patterns. Reads every code in the picture.
pub(crate) fn pass_rxing(img: &GrayImage) -> PassResult {
    let (w, h) = img.dimensions();
    pass_rxing_luma(w, h, img.as_raw())
}

/// [`pass_rxing`] on a borrowed buffer of `w × h` gray bytes, row by row.
pub(crate) fn pass_rxing_luma(w: u32, h: u32, luma: &[u8]) -> PassResult {
    catch_unwind(AssertUnwindSafe(|| {
        let Ok(source) = Luma8Source::new_with_slice(luma, w, h) else {
            return PassResult::default();
        };
        let mut bitmap = BinaryBitmap::new(HybridBinarizer::new(source));
        let hints = DecodeHints {
            PossibleFormats: Some(HashSet::from([BarcodeFormat::QR_CODE])),
            TryHarder: Some(true),
            ..DecodeHints::default()
        };
        let results = QrReader
            .decode_multiple_with_hints(&mut bitmap, &hints)
            .unwrap_or_default();
        PassResult {
            codes: results
                .iter()
                .filter(|r| !r.getText().is_empty())
                .map(|r| Code {
                    payload: Zeroizing::new(r.getText().to_owned()),
                    // rxing 0.9's grid sampler lists the corners top left, top right,
                    // bottom left, bottom right (zxing-cpp's order is round the square);
                    // frame::tests pin the order we give.
                    corners: match r.getPoints() {
                        [tl, tr, bl, br] => {
                            Some([tl, tr, br, bl].map(|p| Point { x: p.x, y: p.y }))
                        }
                        _ => None,
                    },
                })
                .collect(),
        }
    }))
    .unwrap_or_default()
}

/// [`pass_rxing`] on two pictures at once (the picture and its inverse: the two cores we have),
/// results in the pictures' order.
pub(crate) fn pass_rxing_pair(first: &GrayImage, second: &GrayImage) -> [PassResult; 2] {
    std::thread::scope(|scope| {
        let other = scope.spawn(|| pass_rxing(second));
        let mine = pass_rxing(first);
        // pass_rxing catches rxing's panics, so the thread cannot fail; nothing read if it did.
        [mine, other.join().unwrap_or_default()]
    })
}

/// rqrr with its own binarisation (a running row average).
pub(crate) fn pass_native(img: GrayImage) -> PassResult {
    let (w, h) = (img.width() as usize, img.height() as usize);
    let raw = img.as_raw();
    catch_unwind(AssertUnwindSafe(|| {
        read_grids!(rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| {
            raw[y * w + x]
        }))
    }))
    .unwrap_or_default()
}
