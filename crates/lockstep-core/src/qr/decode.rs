//! Finding and reading every QR code in a grayscale picture. The first passes use rxing, a Rust
//! port of zxing-cpp's QR reader (local block thresholds and a finder-pattern scan: fast even on a
//! 4K screenshot full of text), as is and inverted, then on a half-size copy, then (small
//! pictures) enlarged 3× for codes of under 2 pixels a module. Only when those read nothing do
//! the last passes run, within a short time budget so a picture without a code fails fast: rqrr
//! with its own row threshold, then rxing on our 2D adaptive and global (Otsu) thresholds.
//! Owns no file handling and no meaning of the payloads.

use std::borrow::Cow;
use std::collections::HashSet;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::{Duration, Instant};

use image::imageops;
use image::GrayImage;
use rxing::common::HybridBinarizer;
use rxing::multi::MultipleBarcodeReader;
use rxing::qrcode::cpp_port::QrReader;
use rxing::{BarcodeFormat, BinaryBitmap, DecodeHints, Luma8Source};
use zeroize::Zeroizing;

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

fn invert(img: &GrayImage) -> GrayImage {
    let mut out = img.clone();
    imageops::invert(&mut out);
    out
}

/// A picture of 1 (black) and 0 (white) as 8-bit gray: 0 and 255.
fn to_black_on_white(bits: &GrayImage) -> GrayImage {
    let mut out = bits.clone();
    out.pixels_mut()
        .for_each(|p| p.0[0] = if p.0[0] == 1 { 0 } else { 255 });
    out
}

/// Half size by 2×2 averaging (fast, and keeps thin modules as gray rather than dropping them).
fn halve(img: &GrayImage) -> GrayImage {
    halve_luma(img.width(), img.height(), img.as_raw())
}

/// [`halve`] of a borrowed buffer of `w × h` gray bytes (`w, h > 0`, `luma.len() == w × h`).
pub(crate) fn halve_luma(w: u32, h: u32, src: &[u8]) -> GrayImage {
    let (width, height) = (w as usize, h as usize);
    GrayImage::from_fn((w / 2).max(1), (h / 2).max(1), |x, y| {
        let (x, y) = ((x * 2) as usize, (y * 2) as usize);
        let at = |dx: usize, dy: usize| {
            let i = (y + dy).min(height - 1) * width + (x + dx).min(width - 1);
            u32::from(src[i])
        };
        image::Luma([((at(0, 0) + at(1, 0) + at(0, 1) + at(1, 1) + 2) / 4) as u8])
    })
}

/// Three times larger by linear interpolation (each new pixel a third or two thirds of the way
/// between its neighbours' centres). Integer arithmetic; `imageops::resize` takes ~1 s for this.
fn triple(img: &GrayImage) -> GrayImage {
    let (w, h) = (img.width() as usize, img.height() as usize);
    if w == 0 || h == 0 {
        return img.clone();
    }
    let src = img.as_raw();
    // a third of the way from `a` to `b`, rounded
    let third = |a: u8, b: u8| ((2 * u16::from(a) + u16::from(b) + 1) / 3) as u8;
    let mut wide = vec![0u8; w * 3 * h];
    for (row, out) in src.chunks_exact(w).zip(wide.chunks_exact_mut(w * 3)) {
        for x in 0..w {
            let (left, right) = (row[x.saturating_sub(1)], row[(x + 1).min(w - 1)]);
            out[3 * x] = third(row[x], left);
            out[3 * x + 1] = row[x];
            out[3 * x + 2] = third(row[x], right);
        }
    }
    let stride = w * 3;
    let mut tall = vec![0u8; stride * h * 3];
    for y in 0..h {
        let (up, down) = (y.saturating_sub(1), (y + 1).min(h - 1));
        for x in 0..stride {
            let (here, above, below) = (
                wide[y * stride + x],
                wide[up * stride + x],
                wide[down * stride + x],
            );
            tall[(3 * y) * stride + x] = third(here, above);
            tall[(3 * y + 1) * stride + x] = here;
            tall[(3 * y + 2) * stride + x] = third(here, below);
        }
    }
    GrayImage::from_raw(img.width() * 3, img.height() * 3, tall).expect("a buffer of 3w × 3h bytes")
}

fn mean(img: &GrayImage) -> u64 {
    let raw = img.as_raw();
    // Every 7th pixel is plenty for a brightness estimate.
    let sample: Vec<u64> = raw.iter().step_by(7).map(|&v| u64::from(v)).collect();
    sample.iter().sum::<u64>() / (sample.len() as u64).max(1)
}

fn pixels(img: &GrayImage) -> u32 {
    img.width().saturating_mul(img.height())
}

/// Black where a pixel is clearly darker than the mean of the square around it (side ~1/8 of the
/// picture's shorter side). Robust to uneven light, gradients, coloured backgrounds and blur.
fn adaptive_threshold(img: &GrayImage) -> GrayImage {
    let (w, h) = (img.width() as usize, img.height() as usize);
    let side = ((w.min(h) / 8) | 1).clamp(15, 255);
    let r = side / 2;
    // Integral image; u64 so any size within MAX_WORK_PIXELS is safe.
    let iw = w + 1;
    let mut integral = vec![0u64; iw * (h + 1)];
    let src = img.as_raw();
    for y in 0..h {
        let mut row = 0u64;
        for x in 0..w {
            row += u64::from(src[y * w + x]);
            integral[(y + 1) * iw + x + 1] = integral[y * iw + x + 1] + row;
        }
    }
    let mut out = GrayImage::new(img.width(), img.height());
    let dst: &mut [u8] = &mut out;
    for y in 0..h {
        let (y0, y1) = (y.saturating_sub(r), (y + r + 1).min(h));
        for x in 0..w {
            let (x0, x1) = (x.saturating_sub(r), (x + r + 1).min(w));
            let sum = integral[y1 * iw + x1] + integral[y0 * iw + x0]
                - integral[y0 * iw + x1]
                - integral[y1 * iw + x0];
            let area = ((y1 - y0) * (x1 - x0)) as u64;
            // Dark if below 90 % of the local mean.
            dst[y * w + x] = u8::from(u64::from(src[y * w + x]) * area * 10 < sum * 9);
        }
    }
    out
}

/// Black below the Otsu threshold of the whole picture.
fn otsu(img: &GrayImage) -> GrayImage {
    let mut hist = [0u64; 256];
    img.as_raw().iter().for_each(|&v| hist[usize::from(v)] += 1);
    let total: u64 = hist.iter().sum();
    let sum_all: f64 = hist
        .iter()
        .enumerate()
        .map(|(i, &c)| i as f64 * c as f64)
        .sum();
    let (mut best, mut best_t, mut w_b, mut sum_b) = (0.0f64, 127u8, 0u64, 0.0f64);
    for (t, &c) in hist.iter().enumerate() {
        w_b += c;
        if w_b == 0 {
            continue;
        }
        let w_f = total - w_b;
        if w_f == 0 {
            break;
        }
        sum_b += t as f64 * c as f64;
        let m_b = sum_b / w_b as f64;
        let m_f = (sum_all - sum_b) / w_f as f64;
        let between = w_b as f64 * w_f as f64 * (m_b - m_f) * (m_b - m_f);
        if between > best {
            best = between;
            best_t = t as u8;
        }
    }
    let mut out = img.clone();
    out.pixels_mut()
        .for_each(|p| p.0[0] = u8::from(p.0[0] <= best_t));
    out
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

    #[test]
    fn tripling_interpolates_between_pixel_centres() {
        let img = GrayImage::from_raw(2, 1, vec![0, 255]).expect("2 pixels");
        let up = triple(&img);
        assert_eq!(up.dimensions(), (6, 3));
        assert_eq!(&up.as_raw()[..6], &[0, 0, 85, 170, 255, 255]);
        assert_eq!(up.as_raw()[..6], up.as_raw()[12..]);
        assert_eq!(triple(&GrayImage::new(1, 1)).dimensions(), (3, 3));
    }

    #[test]
    fn thresholds_mark_dark_pixels_as_one() {
        let img = GrayImage::from_fn(64, 64, |x, _| image::Luma([if x < 32 { 20 } else { 230 }]));
        let o = otsu(&img);
        assert_eq!((o.get_pixel(0, 0).0[0], o.get_pixel(63, 0).0[0]), (1, 0));
        let a = adaptive_threshold(&img);
        assert_eq!((a.get_pixel(30, 10).0[0], a.get_pixel(34, 10).0[0]), (1, 0));
    }
}
