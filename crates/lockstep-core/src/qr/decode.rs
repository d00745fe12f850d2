//! Finding and reading every QR code in a grayscale picture: which passes run, in what order
//! (the readers themselves are in [`super::passes`]). The first passes use rxing, a Rust port of
//! zxing-cpp's QR reader (local block thresholds and a finder-pattern scan: fast even on a 4K
//! screenshot full of text), as is and inverted at once: on the picture and a half-size copy (the
//! half-size copy first from 1280×720 up, as is only on a light picture: a quarter of the work,
//! and what reads photos), then on the half-size copy with its local contrast raised (photos in
//! uneven light and glare), then (small pictures) enlarged 3× for codes of under 2 pixels a
//! module. Only when those read nothing do the last passes run: rxing on our 2D adaptive
//! threshold, then, within a short time budget so a picture without a code fails fast, rqrr with
//! its own row threshold and rxing on a global (Otsu) threshold. The search stops at the first
//! pass that reads a code.
//! Owns no file handling and no meaning of the payloads.

use std::borrow::Cow;
use std::time::{Duration, Instant};

use image::GrayImage;
use zeroize::Zeroizing;

use super::passes::{pass_native, pass_rxing, pass_rxing_pair};
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
/// From this many pixels (a 1280×720 webcam frame) rxing reads the half-size copy first.
pub(crate) const HALF_FIRST_FROM: u32 = 900_000;
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

/// Collects codes across passes, without repeated payloads, in the order found.
struct Collector {
    codes: Vec<Code>,
    /// The pass that read the first code (for profiling: [`decode_gray_traced`]).
    pass: &'static str,
    /// Each pass run, with the time since the start when it ended (for profiling).
    steps: Vec<(&'static str, Duration)>,
    start: Instant,
    /// The size of the caller's picture over that of the working copy (corners are mapped back).
    scale: f32,
}

impl Collector {
    /// Adds a pass's payloads; true when the search can stop: something was read. (rqrr often
    /// "locates" false grids in text, so waiting for every located grid to read would run every
    /// pass on ordinary screenshots; several real codes are nearly always read in the same pass.)
    fn add(&mut self, pass: &'static str, r: PassResult) -> bool {
        self.steps.push((pass, self.start.elapsed()));
        let complete = !r.codes.is_empty();
        if complete && self.codes.is_empty() {
            self.pass = pass;
        }
        for code in r.scaled(self.scale).codes {
            if !self.codes.iter().any(|q| *q.payload == *code.payload) {
                self.codes.push(code);
            }
        }
        complete
    }

    /// Adds the payloads of two passes run together; true when either read something.
    fn add_pair(&mut self, pass: &'static str, [a, b]: [PassResult; 2]) -> bool {
        let first = self.add(pass, a);
        self.add(pass, b) || first
    }

    fn out_of_time(&self) -> bool {
        self.start.elapsed() > BUDGET
    }
}

/// A code's mean side, from its corners, is at least a sixth of `short` (the picture's shorter
/// side). Photos in the corpus hold codes of 35–80 % of it; a code in a screenshot of a page is
/// nearer 5 %. `false` without corners.
pub(crate) fn large(code: &Code, short: u32) -> bool {
    let Some(p) = code.corners else {
        return false;
    };
    let edge = |a: Point, b: Point| (a.x - b.x).hypot(a.y - b.y);
    let side = (edge(p[0], p[1]) + edge(p[1], p[2]) + edge(p[2], p[3]) + edge(p[3], p[0])) / 4.0;
    side * 6.0 >= short as f32
}

/// Every QR code in the picture, in the order found, without repeated payloads. Never panics; a
/// picture without a code returns an empty list after a bounded amount of work.
pub fn decode_gray(img: &GrayImage) -> Vec<Code> {
    decode_gray_traced(img).0
}

/// What [`decode_gray_traced`] saw: the pass that read the codes (`none` when none did) and each
/// pass run, with the time from the start when it ended.
#[doc(hidden)]
pub struct Trace {
    /// The pass that read the first code.
    pub pass: &'static str,
    /// Each pass run (a pair run at once is two entries), in order.
    pub steps: Vec<(&'static str, Duration)>,
}

/// [`decode_gray`], and how it went: for profiling (`examples/qr_scan.rs --timings`).
#[doc(hidden)]
pub fn decode_gray_traced(img: &GrayImage) -> (Vec<Code>, Trace) {
    let mut c = Collector {
        codes: Vec::new(),
        pass: "none",
        steps: Vec::new(),
        start: Instant::now(),
        scale: 1.0,
    };
    let done = |c: Collector| {
        (
            c.codes,
            Trace {
                pass: c.pass,
                steps: c.steps,
            },
        )
    };
    if pixels(img) == 0 {
        return done(c);
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
    // The picture in the polarity to try first, then in the other one.
    let ordered = |img: &GrayImage| {
        if dark {
            [invert(img), img.clone()]
        } else {
            [img.clone(), invert(img)]
        }
    };
    // rxing on a picture as is and inverted (both at once), corners mapped back by `factor`.
    let rxing = |c: &mut Collector, pass: &'static str, img: &GrayImage, factor: f32| {
        let [first, second] = ordered(img);
        c.add_pair(
            pass,
            pass_rxing_pair(&first, &second).map(|r| r.scaled(factor)),
        )
    };

    // 1. rxing on the picture and on a half-size copy (blurred codes, sensor noise and a
    //    screen's pixel grid average out, and large modules binarise better smaller, as
    //    zxing-cpp's own downscaling does). From a webcam frame up the half-size copy goes first:
    //    it costs a quarter of the full size and reads nearly every photo; on a light picture
    //    alone as is (a second thread for the inverse would only take the core a busy machine
    //    shares, and a light picture's code is nearly always dark on light). What it reads stands
    //    alone only when every code is large in the picture (a code held up to a camera); small
    //    codes (a screenshot or page with several) are read at full size too, where a smaller
    //    one beside them may show.
    let halvable = work.width().min(work.height()) >= RXING_HALF_FROM;
    let half = halve(&work);
    let read = if pixels(&work) >= HALF_FIRST_FROM {
        // A dark picture may be a dark theme's light code or a photo of a dark screen showing
        // a dark code on white: both polarities at once.
        let first = if dark {
            rxing(&mut c, "half", &half, 2.0)
        } else {
            c.add("half", pass_rxing(&half).scaled(2.0))
        };
        if first {
            let short = img.width().min(img.height());
            if !c.codes.iter().all(|code| large(code, short)) {
                rxing(&mut c, "full", &work, 1.0);
            }
            true
        } else if dark {
            rxing(&mut c, "full", &work, 1.0)
        } else {
            // The inverse at half size beside the picture at full size, then the inverse at
            // full size.
            let [half_read, full_read] = pass_rxing_pair(&invert(&half), &work);
            let half_read = c.add("half", half_read.scaled(2.0));
            c.add("full", full_read) || half_read || c.add("full", pass_rxing(&invert(&work)))
        }
    } else {
        rxing(&mut c, "full", &work, 1.0) || (halvable && rxing(&mut c, "half", &half, 2.0))
    };
    if read {
        return done(c);
    }
    // Photos: a phone screen or page in uneven light, glare or low contrast, its local contrast
    // raised (rxing's binarizer takes blocks of few gray levels for flat ones), at half size.
    let raised = local_contrast(if halvable { &half } else { &work });
    if rxing(
        &mut c,
        "contrast",
        &raised,
        if halvable { 2.0 } else { 1.0 },
    ) {
        return done(c);
    }
    // Modules of 1–2 pixels (a browser scaling a dense code by 1.25 or 1.5 without smoothing):
    // a smooth 3× enlargement gives the finder-pattern scan whole pixels to count.
    if pixels(&work) <= RXING_TRIPLE_UP_TO && rxing(&mut c, "triple", &triple(&work), 1.0 / 3.0) {
        return done(c);
    }

    // 2. Binarised ourselves with a local (adaptive) threshold and read by rxing: a photo whose
    //    code rxing's own 8×8-block thresholds break up (strong blur across a tilt). Always up
    //    to 2.2 MP (a few ms: a busy machine must not change what is read); within the budget
    //    above that, as everything from here on.
    if !big || !c.out_of_time() {
        let black_on_white = to_black_on_white(&adaptive_threshold(&work));
        if rxing(&mut c, "adaptive", &black_on_white, 1.0) {
            return done(c);
        }
    }

    // 3. rqrr as is (on the half-size copy of big screenshots), and inverted. (Neither these nor
    //    the later passes read anything in our corpora that rxing missed; they are a cheap
    //    second opinion, bounded by the budget.)
    let (first, factor) = if big {
        (half, 2.0)
    } else {
        (work.clone().into_owned(), 1.0)
    };
    for img in ordered(&first) {
        if c.out_of_time() || c.add("rqrr", pass_native(img).scaled(factor)) {
            return done(c);
        }
    }
    if big {
        for img in ordered(&work) {
            if c.out_of_time() || c.add("rqrr", pass_native(img)) {
                return done(c);
            }
        }
    }

    // 4. A global (Otsu) threshold, read by rxing. (The same pictures read by rqrr could take a
    //    second on a page of text, and 2× enlarged rqrr passes read nothing the 3× rxing pass
    //    missed.)
    if !c.out_of_time() {
        rxing(&mut c, "otsu", &to_black_on_white(&otsu(&work)), 1.0);
    }
    done(c)
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
