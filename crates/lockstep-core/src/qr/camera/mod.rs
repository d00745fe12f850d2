//! Reading QR codes from a camera: frames from a [`Camera`] (GStreamer on Linux, `capture.rs`;
//! the portal in `portal.rs`), decoded one at a time ([`decode_frame`]) and collected
//! ([`collect::Collector`]) until every code started has been read, or the time runs out
//! ([`watch`], [`read_codes`]). Both shells use this loop; the app adds the preview
//! ([`preview_jpeg`]). Owns no vault: the result goes to the usual import preview.

pub mod collect;
#[cfg(all(target_os = "linux", feature = "camera"))]
mod capture;
#[cfg(all(target_os = "linux", feature = "camera"))]
mod portal;

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use zeroize::Zeroizing;

pub use collect::{Collector, ExportProgress, Progress, Read};

use crate::error::{Error, Result};

/// The environment variable that replaces the camera with a test source: a folder of JPEG
/// frames named `00000.jpg`, `00001.jpg`, ... (played in a loop at [`TEST_FPS`]) or a video file.
pub const SOURCE_ENV: &str = "LOCKSTEP_CAMERA_SOURCE";
/// Frames a second of a folder test source.
pub const TEST_FPS: u32 = 10;
/// Frames are scaled down to fit this size (aspect kept) before decoding.
pub const MAX_WIDTH: u32 = 1280;
/// See [`MAX_WIDTH`].
pub const MAX_HEIGHT: u32 = 720;
/// Longest side of the preview pictures [`preview_jpeg`] makes.
pub const PREVIEW_SIDE: u32 = 640;
/// Longest wait for one frame before the loop looks at the clock and the stop flag again.
const FRAME_WAIT: Duration = Duration::from_millis(200);

/// Whether this build can use a camera (Linux with the `camera` feature).
pub const AVAILABLE: bool = cfg!(all(target_os = "linux", feature = "camera"));

/// One gray frame, row after row, one byte a pixel.
pub struct Frame {
    /// Pixels a row.
    pub width: u32,
    /// Rows.
    pub height: u32,
    /// `width × height` bytes.
    pub luma: Vec<u8>,
}

/// A code read in a frame: its text and where it was (corners in frame pixels, clockwise from
/// the top-left of the code; empty when the decoder did not say).
pub struct Seen {
    /// The code's text (holds secrets: never log it).
    pub payload: Zeroizing<String>,
    /// Corners in frame pixels.
    pub corners: Vec<(f32, f32)>,
}

/// Every QR code in one frame, with its corners: rxing's QR reader (zxing-cpp's detector) once on
/// the frame and, when that reads nothing, once on a half-size copy (blurred codes and large
/// modules binarise better smaller). A camera gives ten or more frames a second, so one frame
/// gets a quick look instead of the still-picture decoder's dearer fallbacks.
pub fn decode_frame(frame: &Frame) -> Vec<Seen> {
    let (w, h) = (frame.width, frame.height);
    if w == 0 || h == 0 || frame.luma.len() < w as usize * h as usize {
        return Vec::new();
    }
    let found = read_qr(&frame.luma, w, h, 1.0);
    if !found.is_empty() || w.min(h) < 400 {
        return found;
    }
    let half = halve(&frame.luma, w, h);
    read_qr(&half, w / 2, h / 2, 2.0)
}

/// rxing's QR reader on one gray picture; corners scaled by `scale` into frame pixels.
fn read_qr(luma: &[u8], w: u32, h: u32, scale: f32) -> Vec<Seen> {
    use rxing::common::HybridBinarizer;
    use rxing::multi::MultipleBarcodeReader;
    use rxing::qrcode::cpp_port::QrReader;
    use rxing::{BarcodeFormat, BinaryBitmap, DecodeHints, Luma8Source};
    // A panic inside the third-party reader must not take the scan down.
    std::panic::catch_unwind(|| {
        let Ok(source) = Luma8Source::new_with_slice(luma, w, h) else {
            return Vec::new();
        };
        let mut bitmap = BinaryBitmap::new(HybridBinarizer::new(source));
        let hints = DecodeHints {
            PossibleFormats: Some(std::collections::HashSet::from([BarcodeFormat::QR_CODE])),
            TryHarder: Some(true),
            ..DecodeHints::default()
        };
        QrReader
            .decode_multiple_with_hints(&mut bitmap, &hints)
            .unwrap_or_default()
            .iter()
            .filter(|r| !r.getText().is_empty())
            .map(|r| Seen {
                payload: Zeroizing::new(r.getText().to_owned()),
                corners: r
                    .getPoints()
                    .iter()
                    .map(|p| (p.x * scale, p.y * scale))
                    .collect(),
            })
            .collect()
    })
    .unwrap_or_default()
}

/// Half size by 2×2 averaging.
fn halve(luma: &[u8], w: u32, h: u32) -> Vec<u8> {
    let (w, hw, hh) = (w as usize, (w / 2) as usize, (h / 2) as usize);
    let mut out = Vec::with_capacity(hw * hh);
    for y in 0..hh {
        let (a, b) = (&luma[2 * y * w..], &luma[(2 * y + 1) * w..]);
        for x in 0..hw {
            let sum = u16::from(a[2 * x]) + u16::from(a[2 * x + 1]) + u16::from(b[2 * x]) + u16::from(b[2 * x + 1]);
            out.push(((sum + 2) / 4) as u8);
        }
    }
    out
}

/// A small JPEG of the frame for a live preview (longest side at most [`PREVIEW_SIDE`]), and
/// the factor from frame pixels to preview pixels.
pub fn preview_jpeg(frame: &Frame) -> Result<(Vec<u8>, u32, u32)> {
    let step = frame.width.max(frame.height).div_ceil(PREVIEW_SIDE).max(1);
    let (w, h) = (frame.width / step, frame.height / step);
    let stride = frame.width as usize;
    let mut small = Vec::with_capacity(w as usize * h as usize);
    for y in 0..h as usize {
        let row = y * step as usize * stride;
        for x in 0..w as usize {
            small.push(frame.luma.get(row + x * step as usize).copied().unwrap_or(0));
        }
    }
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 70)
        .encode(&small, w, h, image::ExtendedColorType::L8)
        .map_err(|e| Error::Camera(format!("the preview could not be made ({e})")))?;
    Ok((out, w, h))
}

/// A running camera. Dropping it turns the camera off.
pub struct Camera {
    #[cfg(all(target_os = "linux", feature = "camera"))]
    inner: capture::Capture,
    #[cfg(not(all(target_os = "linux", feature = "camera")))]
    never: std::convert::Infallible,
}

impl Camera {
    /// Starts the camera: the test source when [`SOURCE_ENV`] is set; `/dev/videoN` when
    /// `device` is given; otherwise the desktop portal's camera (PipeWire), or `/dev/video0` when
    /// there is no portal. [`Error::CameraUnavailable`] on systems without camera support.
    pub fn open(device: Option<u32>) -> Result<Camera> {
        #[cfg(all(target_os = "linux", feature = "camera"))]
        {
            Ok(Camera {
                inner: capture::Capture::open(device)?,
            })
        }
        #[cfg(not(all(target_os = "linux", feature = "camera")))]
        {
            let _ = device;
            Err(Error::CameraUnavailable)
        }
    }

    /// The newest frame, waiting at most `wait`; `None` when none came in that time.
    pub fn frame(&mut self, wait: Duration) -> Result<Option<Frame>> {
        #[cfg(all(target_os = "linux", feature = "camera"))]
        {
            self.inner.frame(wait)
        }
        #[cfg(not(all(target_os = "linux", feature = "camera")))]
        {
            let _ = wait;
            match self.never {}
        }
    }
}

/// How [`watch`] ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ended {
    /// Every code started was read.
    Complete,
    /// The deadline passed first.
    TimedOut,
    /// The stop flag was raised.
    Stopped,
}

/// One decoded frame, as [`watch`] reports it.
pub struct Looked<'a> {
    /// The frame.
    pub frame: &'a Frame,
    /// The codes read in it (new or not).
    pub codes: &'a [Seen],
    /// The collection after it.
    pub progress: &'a Progress,
    /// Whether this frame added a code to the collection.
    pub news: bool,
    /// How long decoding the frame took.
    pub decode_time: Duration,
}

/// Reads frames and collects their codes until the collection is complete, `until` passes or
/// `stop` is raised; `on_frame` hears of every decoded frame.
pub fn watch(
    camera: &mut Camera,
    collector: &mut Collector,
    until: Option<Instant>,
    stop: &AtomicBool,
    mut on_frame: impl FnMut(Looked<'_>),
) -> Result<Ended> {
    loop {
        if stop.load(Ordering::Relaxed) {
            return Ok(Ended::Stopped);
        }
        let wait = match until {
            Some(t) => match t.checked_duration_since(Instant::now()) {
                Some(left) if !left.is_zero() => left.min(FRAME_WAIT),
                _ => return Ok(Ended::TimedOut),
            },
            None => FRAME_WAIT,
        };
        let Some(frame) = camera.frame(wait)? else {
            continue;
        };
        let started = Instant::now();
        let codes = decode_frame(&frame);
        let decode_time = started.elapsed();
        let mut news = false;
        for code in &codes {
            news |= collector.add(code.payload.clone()) == Read::New;
        }
        let progress = collector.progress();
        on_frame(Looked {
            frame: &frame,
            codes: &codes,
            progress: &progress,
            news,
            decode_time,
        });
        if progress.complete {
            return Ok(Ended::Complete);
        }
    }
}

/// The command line's camera scan: opens the camera, collects until complete, and gives the
/// collection; `on_news` hears of each new code. When `timeout` passes first:
/// [`Error::CameraTimeout`] if nothing was read, [`Error::CameraIncomplete`] if an export
/// is missing codes.
pub fn read_codes(
    device: Option<u32>,
    timeout: Duration,
    mut on_news: impl FnMut(&Progress),
) -> Result<Collector> {
    let mut camera = Camera::open(device)?;
    let mut collector = Collector::new();
    let stop = AtomicBool::new(false);
    let until = Instant::now() + timeout;
    let ended = watch(&mut camera, &mut collector, Some(until), &stop, |looked| {
        if looked.news {
            on_news(looked.progress);
        }
    })?;
    drop(camera);
    match ended {
        Ended::Complete | Ended::Stopped => Ok(collector),
        Ended::TimedOut => Err(timed_out(&collector, timeout)),
    }
}

/// The error for a scan whose time ran out with `collector` as it is.
pub fn timed_out(collector: &Collector, timeout: Duration) -> Error {
    let seconds = timeout.as_secs();
    match collector
        .progress()
        .exports
        .into_iter()
        .find(|e| e.read < e.total)
    {
        Some(e) => Error::CameraIncomplete {
            seconds,
            read: e.read,
            total: e.total,
            missing: e
                .missing
                .iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(", "),
        },
        None => Error::CameraTimeout { seconds },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_preview_fits_and_is_a_jpeg() {
        let frame = Frame {
            width: 1280,
            height: 720,
            luma: (0..1280 * 720).map(|i| (i % 251) as u8).collect(),
        };
        let (jpeg, w, h) = preview_jpeg(&frame).expect("encodes");
        assert_eq!((w, h), (640, 360));
        assert_eq!(&jpeg[..3], &[0xFF, 0xD8, 0xFF]);
        let back = image::load_from_memory(&jpeg).expect("decodes");
        assert_eq!((back.width(), back.height()), (640, 360));
        // An odd frame size does not read outside the frame.
        let odd = Frame {
            width: 1001,
            height: 3,
            luma: vec![128; 3003],
        };
        let (_, w, h) = preview_jpeg(&odd).expect("encodes");
        assert_eq!((w, h), (500, 1));
    }

    #[test]
    fn a_frame_gives_each_code_with_its_corners() {
        // Drawn by the qrcode crate at 5 pixels a module, its top-left corner at (200, 100).
        let link = "otpauth://totp/Ex:alice?secret=JBSWY3DPEHPK3PXP&issuer=Ex";
        let code = qrcode::QrCode::new(link.as_bytes()).expect("fits");
        let modules = code.width() as u32;
        let colors = code.to_colors();
        let (left, top, m) = (200u32, 100u32, 5u32);
        let mut frame = Frame {
            width: 800,
            height: 600,
            luma: vec![235; 800 * 600],
        };
        for (i, c) in colors.iter().enumerate() {
            if *c == qrcode::Color::Dark {
                let (mx, my) = (i as u32 % modules, i as u32 / modules);
                for y in 0..m {
                    for x in 0..m {
                        let (px, py) = (left + mx * m + x, top + my * m + y);
                        frame.luma[(py * 800 + px) as usize] = 30;
                    }
                }
            }
        }
        let seen = decode_frame(&frame);
        assert_eq!(seen.len(), 1);
        assert_eq!(seen[0].payload.as_str(), link);
        let side = (modules * m) as f32;
        assert!(seen[0].corners.len() >= 3, "{:?}", seen[0].corners);
        for &(x, y) in &seen[0].corners {
            assert!(
                (left as f32 - 3.0..=left as f32 + side + 3.0).contains(&x)
                    && (top as f32 - 3.0..=top as f32 + side + 3.0).contains(&y),
                "corner ({x}, {y}) outside the code"
            );
        }
        // Nothing in a blank or truncated frame.
        let blank = Frame { width: 640, height: 480, luma: vec![128; 640 * 480] };
        assert!(decode_frame(&blank).is_empty());
        let short = Frame { width: 640, height: 480, luma: vec![128; 10] };
        assert!(decode_frame(&short).is_empty());
    }

    #[test]
    fn a_time_out_names_what_is_missing() {
        let accounts: Vec<crate::Account> = (0..12)
            .map(|i| {
                crate::uri::parse(&format!("otpauth://totp/I:u{i}?secret=JBSWY3DPEHPK3PXP"))
                    .expect("valid link")
            })
            .collect();
        let links = crate::migration::encode(&accounts, 9).links;
        let mut c = Collector::new();
        assert!(matches!(
            timed_out(&c, Duration::from_secs(5)),
            Error::CameraTimeout { seconds: 5 }
        ));
        c.add(links[1].clone());
        let e = timed_out(&c, Duration::from_secs(5));
        assert!(matches!(e, Error::CameraIncomplete { read: 1, total: 2, .. }));
        assert!(e.to_string().contains("1 of 2"), "{e}");
        assert!(e.to_string().contains("missing: 1"), "{e}");
    }

    #[test]
    fn the_test_source_plays_through_gstreamer() {
        if !AVAILABLE {
            return;
        }
        let dir = tempfile::tempdir().expect("temp dir");
        // Two frames of a 1920×1080 picture: scaled to 1280×720 on the way.
        let img = image::GrayImage::from_fn(1920, 1080, |x, _| image::Luma([(x % 256) as u8]));
        for i in 0..2 {
            img.save(dir.path().join(format!("{i:05}.jpg"))).expect("writes");
        }
        std::env::set_var(SOURCE_ENV, dir.path());
        let camera = Camera::open(None);
        std::env::remove_var(SOURCE_ENV);
        let mut camera = camera.expect("the test source opens");
        let frame = loop {
            if let Some(f) = camera.frame(Duration::from_secs(5)).expect("plays") {
                break f;
            }
        };
        assert_eq!((frame.width, frame.height), (1280, 720));
        assert_eq!(frame.luma.len(), 1280 * 720);
        // The gradient survived: dark on the left, light further right.
        assert!(frame.luma[2] < 20 && frame.luma[160] > 200, "{} {}", frame.luma[2], frame.luma[160]);
    }
}
