//! Reading QR codes from a camera: frames from a [`Camera`] (GStreamer on Linux, `capture.rs`,
//! with the portal in `portal.rs`; nokhwa on Windows and macOS, `native.rs`; a folder of JPEG
//! frames as the test source on every system, `folder.rs`), made gray alike (`device.rs`),
//! decoded one at a time ([`decode_frame`]) and collected ([`collect::Collector`]) until every
//! code started has been read, or the time runs out ([`watch`], [`read_codes`]). Both shells use
//! this loop; the app adds the preview ([`preview_jpeg`]). Owns no vault: the result goes to the
//! usual import preview.

#[cfg(all(target_os = "linux", feature = "camera"))]
mod capture;
pub mod collect;
// Its raw layouts serve `native.rs` (Windows, macOS); on Linux GStreamer converts frames itself
// and only the folder source uses `device`, but all of it is built (and unit-tested) there.
#[cfg(feature = "camera")]
#[cfg_attr(not(any(windows, target_os = "macos")), allow(dead_code))]
mod device;
#[cfg(feature = "camera")]
mod folder;
#[cfg(all(any(windows, target_os = "macos"), feature = "camera"))]
mod native;
#[cfg(all(target_os = "linux", feature = "camera"))]
mod portal;

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

pub use collect::{Collector, ExportProgress, Progress, Read};

use super::{Found, Point};
use crate::error::{Error, Result};

/// The environment variable that replaces the camera with a test source: a folder of JPEG
/// frames named `00000.jpg`, `00001.jpg`, ... (played in a loop at [`TEST_FPS`], on every
/// system) or, on Linux, a video file (GStreamer).
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

/// Whether this build can use a camera (Linux, Windows or macOS with the `camera` feature).
pub const AVAILABLE: bool = cfg!(all(
    any(target_os = "linux", windows, target_os = "macos"),
    feature = "camera"
));

/// One gray frame, row after row, one byte a pixel.
pub struct Frame {
    /// Pixels a row.
    pub width: u32,
    /// Rows.
    pub height: u32,
    /// `width × height` bytes.
    pub luma: Vec<u8>,
}

/// Every QR code in one frame, with its corners ([`crate::qr::scan_luma`]: rxing on the frame,
/// then on a half-size copy; a camera gives ten or more frames a second, so each gets a quick
/// look instead of the still-picture decoder's dearer fallbacks). A malformed frame reads nothing.
pub fn decode_frame(frame: &Frame) -> Vec<Found> {
    super::scan_luma(collect::SOURCE, frame.width, frame.height, &frame.luma).unwrap_or_default()
}

/// A small gray JPEG of the frame for a live preview (every n-th pixel, longest side at most
/// [`PREVIEW_SIDE`]), with its width and height.
pub fn preview_jpeg(frame: &Frame) -> Result<(Vec<u8>, u32, u32)> {
    let step = frame.width.max(frame.height).div_ceil(PREVIEW_SIDE).max(1);
    let (w, h) = (frame.width / step, frame.height / step);
    let stride = frame.width as usize;
    let mut small = Vec::with_capacity(w as usize * h as usize);
    for y in 0..h as usize {
        let row = y * step as usize * stride;
        for x in 0..w as usize {
            small.push(
                frame
                    .luma
                    .get(row + x * step as usize)
                    .copied()
                    .unwrap_or(0),
            );
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
    #[cfg(feature = "camera")]
    source: Source,
    #[cfg(not(feature = "camera"))]
    never: std::convert::Infallible,
}

/// Where a [`Camera`]'s frames come from.
#[cfg(feature = "camera")]
enum Source {
    /// The test source's folder of JPEG frames.
    Folder(folder::Folder),
    /// GStreamer: the portal's camera, `/dev/videoN`, or the test source's video file.
    #[cfg(target_os = "linux")]
    Gstreamer(capture::Capture),
    /// nokhwa: Media Foundation or AVFoundation.
    #[cfg(any(windows, target_os = "macos"))]
    Native(native::Native),
}

impl Camera {
    /// Starts the camera: the test source when [`SOURCE_ENV`] is set; otherwise on Linux
    /// `/dev/videoN` when `device` is given, else the desktop portal's camera (PipeWire), or
    /// `/dev/video0` when there is no portal; on Windows and macOS camera `device` (from 0) as
    /// the system lists them, else the first. [`Error::CameraUnavailable`] on systems without
    /// camera support.
    pub fn open(device: Option<u32>) -> Result<Camera> {
        #[cfg(feature = "camera")]
        {
            if let Some(path) = std::env::var_os(SOURCE_ENV).filter(|p| !p.is_empty()) {
                return Ok(Camera {
                    source: Camera::test_source(std::path::Path::new(&path))?,
                });
            }
            #[cfg(target_os = "linux")]
            let source = Source::Gstreamer(capture::Capture::open(device)?);
            #[cfg(any(windows, target_os = "macos"))]
            let source = Source::Native(native::Native::open(device)?);
            #[cfg(not(any(target_os = "linux", windows, target_os = "macos")))]
            let source = {
                let _ = device;
                return Err(Error::CameraUnavailable);
            };
            #[allow(unreachable_code)]
            Ok(Camera { source })
        }
        #[cfg(not(feature = "camera"))]
        {
            let _ = device;
            Err(Error::CameraUnavailable)
        }
    }

    /// The test source: a folder of frames on every system, a video file through GStreamer on
    /// Linux.
    #[cfg(feature = "camera")]
    fn test_source(path: &std::path::Path) -> Result<Source> {
        let what = format!("the test source {}", path.display());
        if path.is_dir() {
            return Ok(Source::Folder(folder::Folder::open(path, what)?));
        }
        if !path.is_file() {
            return Err(Error::Camera(format!(
                "{what} is neither a folder of JPEG frames nor a file"
            )));
        }
        #[cfg(target_os = "linux")]
        {
            Ok(Source::Gstreamer(capture::Capture::video_file(path, what)?))
        }
        #[cfg(not(target_os = "linux"))]
        {
            Err(Error::Camera(format!(
                "{what} is a file: a video as the test source needs GStreamer (Linux); give a \
                 folder of JPEG frames (00000.jpg, 00001.jpg, ...)"
            )))
        }
    }

    /// The newest frame, waiting at most `wait`; `None` when none came in that time.
    pub fn frame(&mut self, wait: Duration) -> Result<Option<Frame>> {
        #[cfg(feature = "camera")]
        {
            match &mut self.source {
                Source::Folder(f) => f.frame(wait),
                #[cfg(target_os = "linux")]
                Source::Gstreamer(c) => c.frame(wait),
                #[cfg(any(windows, target_os = "macos"))]
                Source::Native(n) => n.frame(wait),
            }
        }
        #[cfg(not(feature = "camera"))]
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
    /// Where each code read in it (new or not) is: corners in frame pixels, top-left,
    /// top-right, bottom-right, bottom-left of the code.
    pub corners: &'a [[Point; 4]],
    /// How many codes were read in it.
    pub codes: usize,
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
        let count = codes.len();
        let corners: Vec<[Point; 4]> = codes.iter().filter_map(|f| f.corners).collect();
        let mut news = false;
        for code in codes {
            news |= collector.add(code) == Read::New;
        }
        let progress = collector.progress();
        on_frame(Looked {
            frame: &frame,
            corners: &corners,
            codes: count,
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
        c.add(Found::new(collect::SOURCE, links[1].clone()));
        let e = timed_out(&c, Duration::from_secs(5));
        assert!(matches!(
            e,
            Error::CameraIncomplete {
                read: 1,
                total: 2,
                ..
            }
        ));
        assert!(e.to_string().contains("1 of 2"), "{e}");
        assert!(e.to_string().contains("missing: 1"), "{e}");
    }

    #[test]
    fn the_test_source_folder_plays_without_gstreamer() {
        if !cfg!(feature = "camera") {
            return;
        }
        let dir = tempfile::tempdir().expect("temp dir");
        // Two frames of a 1920×1080 picture: scaled to 1280×720 on the way.
        let img = image::GrayImage::from_fn(1920, 1080, |x, _| image::Luma([(x % 256) as u8]));
        for i in 0..2 {
            img.save(dir.path().join(format!("{i:05}.jpg")))
                .expect("writes");
        }
        std::env::set_var(SOURCE_ENV, dir.path());
        let camera = Camera::open(None);
        let missing = dir.path().join("missing");
        std::env::set_var(SOURCE_ENV, &missing);
        let no_source = Camera::open(None).err().map(|e| e.to_string());
        std::env::remove_var(SOURCE_ENV);
        assert_eq!(
            no_source.as_deref(),
            Some(
                format!(
                    "camera: the test source {} is neither a folder of JPEG frames nor a file",
                    missing.display()
                )
                .as_str()
            )
        );
        let mut camera = camera.expect("the test source opens");
        let frame = loop {
            if let Some(f) = camera.frame(Duration::from_secs(5)).expect("plays") {
                break f;
            }
        };
        assert_eq!((frame.width, frame.height), (1280, 720));
        assert_eq!(frame.luma.len(), 1280 * 720);
        // The gradient survived: dark on the left, light further right.
        assert!(
            frame.luma[2] < 20 && frame.luma[160] > 200,
            "{} {}",
            frame.luma[2],
            frame.luma[160]
        );
    }
}
