//! Camera frames on Windows (Media Foundation) and macOS (AVFoundation) through `nokhwa`, whose
//! capture object is not `Send`: one thread opens the camera, asks for the format
//! [`device::choose`] picks, and keeps the newest raw frame in a slot; [`Native::frame`] turns
//! it gray ([`device::to_frame`]). Dropping a [`Native`] stops that thread and the stream (the
//! camera's light goes out). Owns no decoding.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use nokhwa::utils::{
    ApiBackend, CameraFormat, CameraIndex, FrameFormat, RequestedFormat, RequestedFormatType,
    Resolution,
};

use super::device::{self, Layout, Offer};
use super::Frame;
use crate::error::{Error, Result};

/// Every layout [`device::to_frame`] reads (nokhwa decodes nothing here: its MJPEG decoder
/// is a C library, and zune-jpeg already gives a JPEG's luma plane).
const FORMATS: &[FrameFormat] = &[
    FrameFormat::NV12,
    FrameFormat::YUYV,
    FrameFormat::GRAY,
    FrameFormat::MJPEG,
    FrameFormat::RAWRGB,
    FrameFormat::RAWBGR,
];
/// Longest wait for the system to open the camera (macOS asks the person the first time).
const OPEN_WAIT: Duration = Duration::from_secs(120);

fn layout(f: FrameFormat) -> Layout {
    match f {
        FrameFormat::MJPEG => Layout::Mjpeg,
        FrameFormat::YUYV => Layout::Yuyv,
        FrameFormat::NV12 => Layout::Nv12,
        FrameFormat::GRAY => Layout::Gray,
        FrameFormat::RAWRGB => Layout::Rgb,
        FrameFormat::RAWBGR => Layout::Bgr,
    }
}

fn frame_format(l: Layout) -> FrameFormat {
    match l {
        Layout::Mjpeg => FrameFormat::MJPEG,
        Layout::Yuyv => FrameFormat::YUYV,
        Layout::Nv12 => FrameFormat::NV12,
        Layout::Gray => FrameFormat::GRAY,
        Layout::Rgb => FrameFormat::RAWRGB,
        Layout::Bgr => FrameFormat::RAWBGR,
    }
}

/// One frame as the camera gave it.
struct Raw {
    layout: Layout,
    width: u32,
    height: u32,
    data: Vec<u8>,
}

/// What the capture thread and the reader share.
#[derive(Default)]
struct Shared {
    /// The newest frame not yet read, or why the camera stopped.
    slot: Mutex<Option<Result<Raw>>>,
    ready: Condvar,
    stop: AtomicBool,
}

/// A running camera.
pub struct Native {
    shared: Arc<Shared>,
    thread: Option<JoinHandle<()>>,
    what: String,
}

impl Native {
    /// Starts camera `device` (the first when `None`).
    pub fn open(device: Option<u32>) -> Result<Native> {
        let index = device.unwrap_or(0);
        let shared = Arc::new(Shared::default());
        let (opened, answer) = mpsc::channel();
        let thread_shared = shared.clone();
        let thread = std::thread::Builder::new()
            .name("camera capture".into())
            .spawn(move || capture(index, &opened, &thread_shared))
            .map_err(|e| Error::Camera(format!("the camera could not start ({e})")))?;
        let mut native = Native {
            shared,
            thread: Some(thread),
            what: "the camera".into(),
        };
        match answer.recv_timeout(OPEN_WAIT) {
            Ok(Ok(name)) => {
                native.what = format!("the camera \"{name}\"");
                Ok(native)
            }
            Ok(Err(e)) => Err(e),
            // The thread ended without a word (a panic inside the capture library).
            Err(mpsc::RecvTimeoutError::Disconnected) => Err(Error::Camera(
                "the camera could not be started (the capture library failed)".into(),
            )),
            Err(mpsc::RecvTimeoutError::Timeout) => Err(Error::Camera(format!(
                "the camera did not open within {} s",
                OPEN_WAIT.as_secs()
            ))),
        }
    }

    /// The newest frame, waiting at most `wait`; `None` when none came in that time.
    pub fn frame(&mut self, wait: Duration) -> Result<Option<Frame>> {
        let slot = self.shared.slot.lock().unwrap_or_else(|p| p.into_inner());
        let (mut slot, _) = self
            .shared
            .ready
            .wait_timeout_while(slot, wait, |s| s.is_none())
            .unwrap_or_else(|p| p.into_inner());
        let taken = slot.take();
        drop(slot);
        match taken {
            None => {
                if self.thread.as_ref().is_some_and(|t| t.is_finished()) {
                    return Err(Error::Camera(format!("{} stopped", self.what)));
                }
                Ok(None)
            }
            Some(Err(e)) => Err(e),
            Some(Ok(raw)) => {
                device::to_frame(&self.what, raw.layout, raw.width, raw.height, &raw.data).map(Some)
            }
        }
    }
}

impl Drop for Native {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// The capture thread: opens the camera, says so (its name) or why not on `opened`, then puts
/// every frame in the slot until told to stop.
fn capture(index: u32, opened: &mpsc::Sender<Result<String>>, shared: &Shared) {
    let mut camera = match open_camera(index) {
        Ok(c) => c,
        Err(e) => {
            let _ = opened.send(Err(e));
            return;
        }
    };
    let _ = opened.send(Ok(camera.info().human_name()));
    while !shared.stop.load(Ordering::Relaxed) {
        let got = camera.frame().map_err(|e| device::explain(&e.to_string()));
        let failed = got.is_err();
        let raw = got.map(|buffer| {
            let r = buffer.resolution();
            Raw {
                layout: layout(buffer.source_frame_format()),
                width: r.width(),
                height: r.height(),
                data: buffer.buffer().to_vec(),
            }
        });
        *shared.slot.lock().unwrap_or_else(|p| p.into_inner()) = Some(raw);
        shared.ready.notify_all();
        if failed {
            break;
        }
    }
    let _ = camera.stop_stream();
}

fn open_camera(index: u32) -> Result<nokhwa::Camera> {
    authorize()?;
    let cameras = nokhwa::query(ApiBackend::Auto).map_err(|e| device::explain(&e.to_string()))?;
    if cameras.is_empty() {
        return Err(Error::Camera("no camera found".into()));
    }
    if index as usize >= cameras.len() {
        let names: Vec<String> = cameras
            .iter()
            .enumerate()
            .map(|(i, c)| format!("{i}: {}", c.human_name()))
            .collect();
        return Err(Error::Camera(format!(
            "there is no camera {index} (cameras: {})",
            names.join(", ")
        )));
    }
    let any = RequestedFormat::with_formats(RequestedFormatType::None, FORMATS);
    let mut camera = nokhwa::Camera::new(CameraIndex::Index(index), any)
        .map_err(|e| device::explain(&e.to_string()))?;
    let offers: Vec<Offer> = camera
        .compatible_camera_formats()
        .unwrap_or_default()
        .into_iter()
        .filter(|f| FORMATS.contains(&f.format()))
        .map(|f| Offer {
            layout: layout(f.format()),
            width: f.width(),
            height: f.height(),
            fps: f.frame_rate(),
        })
        .collect();
    if let Some(best) = device::choose(&offers) {
        let exact = CameraFormat::new(
            Resolution::new(best.width, best.height),
            frame_format(best.layout),
            best.fps,
        );
        // When the camera refuses it, the format it opened with stays.
        let _ = camera.set_camera_requset(RequestedFormat::with_formats(
            RequestedFormatType::Exact(exact),
            FORMATS,
        ));
    }
    camera
        .open_stream()
        .map_err(|e| device::explain(&e.to_string()))?;
    Ok(camera)
}

/// macOS: the person's permission to use the camera (asked once; the answer is kept by the
/// system). Elsewhere nothing to ask.
fn authorize() -> Result<()> {
    if !cfg!(target_os = "macos") || nokhwa::nokhwa_check() {
        return Ok(());
    }
    let (tx, rx) = mpsc::channel();
    nokhwa::nokhwa_initialize(move |granted| {
        let _ = tx.send(granted);
    });
    match rx.recv_timeout(OPEN_WAIT) {
        Ok(true) => Ok(()),
        _ => Err(Error::Camera(
            "access to the camera was refused (allow it in System Settings → Privacy & \
             Security → Camera, then try again)"
                .into(),
        )),
    }
}
