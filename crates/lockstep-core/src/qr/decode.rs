//! Finding and reading every QR code in a grayscale picture. The first passes use rxing, a Rust
//! port of zxing-cpp's QR reader (local block thresholds and a finder-pattern scan: fast even on a
//! 4K screenshot full of text), as is and inverted, then on a half-size copy, then with its local
//! contrast raised (photos in uneven light) at full and half size, then (small pictures) enlarged
//! 3× for codes of under 2 pixels a module. Only when those read nothing do the last passes run,
//! within a short time budget so a picture without a code fails fast: rqrr with its own row
//! threshold, then rxing on our 2D adaptive and global (Otsu) thresholds.
//! Owns no file handling and no meaning of the payloads.

use std::borrow::Cow;
use std::collections::HashSet;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::{Duration, Instant};

use image::GrayImage;
use rxing::common::HybridBinarizer;
use rxing::multi::MultipleBarcodeReader;
use rxing::qrcode::cpp_port::QrReader;
use rxing::{BarcodeFormat, BinaryBitmap, DecodeHints, Luma8Source};
use zeroize::Zeroizing;

use super::pixels::{
    adaptive_threshold, halve, invert, local_contrast, mean, otsu, pixels, to_black_on_white,
    triple,
};

/// Above this many pixels a screenshot is first scanned at half size by rqrr (1920×1200 and up).
const HALVE_ABOVE: u32 = 2_200_000;
/// Images larger than this are always scanned downscaled (work and memory stay bounded).
const MAX_WORK_PIXELS: u32 = 12_000_000;
/// rxing also reads a half-size copy when the picture's shorter side is at least this.
const RXING_HALF_FROM: u32 = 400;
/// rxing also reads a 3× enlarged copy of pictures up to this many pixels (18 MP enlarged).
const RXING_TRIPLE_UP_TO: u32 = 2_000_000;
/// After this long no further (dearer) pass starts: a picture with no code fails in bounded time.
const BUDGET: Duration = Duration::from_millis(300);

/// A point in a picture, in its pixels (x to the right, y down).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Point {
    /// Pixels from the left edge.
    pub x: f32,
    /// Pixels from the top edge.
    pub y: f32,
}

/// One code read: its text, and where it is.
#[derive(Debug)]
pub struct Code {
    /// The code's text exactly as read (holds secrets: never log it).
    pub payload: Zeroizing<String>,
    /// The code's four corners in the picture's pixels, in the code's own order: top left, top
    /// right, bottom right, bottom left (so a code held upside down has its "top left" at the
    /// bottom right of the picture). `None` when the reader gave no position.
    pub corners: Option<[Point; 4]>,
}

impl Code {
    /// The same code in a picture `factor` times the size of the one it was read in.
    fn scaled(mut self, factor: f32) -> Code {
        if let Some(corners) = &mut self.corners {
            for p in corners {
                p.x *= factor;
                p.y *= factor;
            }
        }
        self
    }
}

/// What one pass saw.
#[derive(Default)]
pub(crate) struct PassResult {
    /// Codes read.
    pub(crate) codes: Vec<Code>,
}

impl PassResult {
    /// The pass's corners mapped into a picture `factor` times the size of the pass's picture.
    pub(crate) fn scaled(self, factor: f32) -> PassResult {
        PassResult {
            codes: self.codes.into_iter().map(|c| c.scaled(factor)).collect(),
        }
    }
}

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
fn pass_rxing_pair(pair: [GrayImage; 2]) -> [PassResult; 2] {
    let [first, second] = &pair;
    std::thread::scope(|scope| {
        let other = scope.spawn(|| pass_rxing(second));
        let mine = pass_rxing(first);
        // pass_rxing catches rxing's panics, so the thread cannot fail; nothing read if it did.
        [mine, other.join().unwrap_or_default()]
    })
}

/// rqrr with its own binarisation (a running row average).
fn pass_native(img: GrayImage) -> PassResult {
    let (w, h) = (img.width() as usize, img.height() as usize);
    let raw = img.as_raw();
    catch_unwind(AssertUnwindSafe(|| {
        read_grids!(rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| {
            raw[y * w + x]
        }))
    }))
    .unwrap_or_default()
}

/// Collects codes across passes, without repeated payloads, in the order found.
struct Collector {
    codes: Vec<Code>,
    start: Instant,
    /// The size of the caller's picture over that of the working copy (corners are mapped back).
    scale: f32,
}

impl Collector {
    /// Adds a pass's payloads; true when the search can stop: something was read. (rqrr often
    /// "locates" false grids in text, so waiting for every located grid to read would run every
    /// pass on ordinary screenshots; several real codes are nearly always read in the same pass.)
    fn add(&mut self, r: PassResult) -> bool {
        let complete = !r.codes.is_empty();
        for code in r.scaled(self.scale).codes {
            if !self.codes.iter().any(|q| *q.payload == *code.payload) {
                self.codes.push(code);
            }
        }
        complete
    }

    /// Adds the payloads of two passes run together; true when either read something.
    fn add_pair(&mut self, [a, b]: [PassResult; 2]) -> bool {
        let first = self.add(a);
        self.add(b) || first
    }

    fn out_of_time(&self) -> bool {
        self.start.elapsed() > BUDGET
    }
}

/// Every QR code in the picture, in the order found, without repeated payloads. Never panics; a
/// picture without a code returns an empty list after a bounded amount of work.
pub fn decode_gray(img: &GrayImage) -> Vec<Code> {
    let mut c = Collector {
        codes: Vec::new(),
        start: Instant::now(),
        scale: 1.0,
    };
    if pixels(img) == 0 {
        return c.codes;
    }
    // The working copy: big pictures are halved until they fit the work bound.
    let mut work = Cow::Borrowed(img);
    while pixels(&work) > MAX_WORK_PIXELS {
        work = Cow::Owned(halve(&work));
        c.scale *= 2.0;
    }
    let big = pixels(&work) > HALVE_ABOVE;
    // A mostly dark picture (dark theme) is tried inverted first.
    let dark = mean(&work) < 100;
    let ordered = |img: &GrayImage| {
        if dark {
            [invert(img), img.clone()]
        } else {
            [img.clone(), invert(img)]
        }
    };

    // 1. rxing on the picture, as is and inverted (both at once); then on a half-size copy
    //    (blurred codes and large modules binarise better smaller, as zxing-cpp's own
    //    downscaling does).
    if c.add_pair(pass_rxing_pair(ordered(&work))) {
        return c.codes;
    }
    let half = halve(&work);
    if work.width().min(work.height()) >= RXING_HALF_FROM
        && c.add_pair(pass_rxing_pair(ordered(&half)).map(|r| r.scaled(2.0)))
    {
        return c.codes;
    }
    // Photos: a phone screen or page in uneven light, glare or low contrast, its local contrast
    // raised (rxing's binarizer takes blocks of few gray levels for flat ones).
    let raised = local_contrast(&work);
    if c.add_pair(pass_rxing_pair(ordered(&raised))) {
        return c.codes;
    }
    if work.width().min(work.height()) >= RXING_HALF_FROM
        && c.add_pair(pass_rxing_pair(ordered(&halve(&raised))).map(|r| r.scaled(2.0)))
    {
        return c.codes;
    }
    // Modules of 1–2 pixels (a browser scaling a dense code by 1.25 or 1.5 without smoothing):
    // a smooth 3× enlargement gives the finder-pattern scan whole pixels to count.
    if pixels(&work) <= RXING_TRIPLE_UP_TO
        && c.add_pair(pass_rxing_pair(ordered(&triple(&work))).map(|r| r.scaled(1.0 / 3.0)))
    {
        return c.codes;
    }

    // 2. rqrr as is (on the half-size copy of big screenshots), and inverted. (Neither these nor
    //    the later rqrr passes read anything in our corpus that rxing missed; they are a cheap
    //    second opinion, bounded by the budget.)
    let (first, factor) = if big {
        (half, 2.0)
    } else {
        (work.clone().into_owned(), 1.0)
    };
    for img in ordered(&first) {
        if c.out_of_time() || c.add(pass_native(img).scaled(factor)) {
            return c.codes;
        }
    }
    if big {
        for img in ordered(&work) {
            if c.out_of_time() || c.add(pass_native(img)) {
                return c.codes;
            }
        }
    }

    // 3. Binarised ourselves (adaptive, then global Otsu) and read by rxing, each polarity. (The
    //    same pictures read by rqrr could take a second on a page of text, and the 2× enlarged
    //    rqrr passes read nothing the 3× rxing pass missed.)
    for binarise in [adaptive_threshold as fn(&GrayImage) -> GrayImage, otsu] {
        if c.out_of_time() {
            break;
        }
        let black_on_white = to_black_on_white(&binarise(&work));
        if c.add_pair(pass_rxing_pair([
            black_on_white.clone(),
            invert(&black_on_white),
        ])) {
            break;
        }
    }
    c.codes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_and_degenerate_pictures_find_nothing() {
        assert!(decode_gray(&GrayImage::new(0, 0)).is_empty());
        assert!(decode_gray(&GrayImage::new(1, 1)).is_empty());
        assert!(decode_gray(&GrayImage::from_pixel(300, 200, image::Luma([255]))).is_empty());
        let noise = GrayImage::from_fn(257, 131, |x, y| {
            image::Luma([((x * 7919 + y * 104729) % 251) as u8])
        });
        assert!(decode_gray(&noise).is_empty());
    }
}
