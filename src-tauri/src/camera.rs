//! "Scan with camera" in the window: one scan at a time on its own thread, running the core's loop
//! (`qr::camera::watch`) until the codes are complete or it is stopped. Each decoded frame goes
//! to the window as a small gray JPEG with where codes were read and the progress ("2 of 3 read");
//! never a payload. The collection becomes the usual import preview. The camera stops (the core's
//! `Camera` dropped: the device is released on every system) when the dialog closes
//! (`camera_stop`), the vault locks or the window is hidden.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use lockstep_core::qr::camera::{self, Camera, Collector, Ended, Progress};
use lockstep_core::session::Preview;
use serde::Serialize;
use tauri::{AppHandle, Manager};

use crate::error::{Error, Result};
use crate::problem::AppProblem;
use crate::state::AppState;

/// A decoded frame for the preview (payload: [`FrameView`]).
pub const FRAME_EVENT: &str = "camera-frame";
/// Every code was read: the import preview (payload: `Preview`).
pub const DONE_EVENT: &str = "camera-done";
/// The camera failed (payload: the `{ kind, message }` error).
pub const ERROR_EVENT: &str = "camera-error";
/// Fewest milliseconds between two preview pictures sent to the window.
const PREVIEW_EVERY: Duration = Duration::from_millis(80);
/// How often the scan looks at whether the vault is still open and the window shown.
const CHECK_EVERY: Duration = Duration::from_millis(300);

/// One decoded frame as the window sees it.
#[derive(Clone, Serialize)]
pub struct FrameView {
    /// `data:image/jpeg;base64,...` of the frame, at most 640 px on its longer side.
    pub jpeg: String,
    /// The preview's size in pixels.
    pub width: u32,
    pub height: u32,
    /// Each code read in this frame (when the reader placed it): its four corners in preview
    /// pixels.
    pub codes: Vec<Vec<[f32; 2]>>,
    /// The collection so far.
    pub progress: Progress,
}

/// The running scan, if any.
#[derive(Default)]
pub struct CameraScan(Mutex<Option<Running>>);

struct Running {
    stop: Arc<AtomicBool>,
    thread: JoinHandle<()>,
}

impl CameraScan {
    /// Starts a scan (stopping one that runs); it reports through events.
    pub fn start(&self, app: AppHandle, state: AppState) -> Result<()> {
        if !state.is_unlocked() {
            return Err(Error::locked());
        }
        self.stop();
        let stop = Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        let thread = std::thread::Builder::new()
            .name("camera".into())
            .spawn(move || run(&app, &state, &flag))
            .map_err(|e| Error::System(AppProblem::CameraNoStart(e.to_string()).into()))?;
        *self.0.lock().unwrap_or_else(|p| p.into_inner()) = Some(Running { stop, thread });
        Ok(())
    }

    /// Stops the scan and waits until the camera is off.
    pub fn stop(&self) {
        let running = self.0.lock().unwrap_or_else(|p| p.into_inner()).take();
        if let Some(r) = running {
            r.stop.store(true, Ordering::Relaxed);
            let _ = r.thread.join();
        }
    }
}

fn run(app: &AppHandle, state: &AppState, stop: &AtomicBool) {
    let mut camera = match Camera::open(None) {
        Ok(c) => c,
        Err(e) => {
            report(app, Error::from(e));
            return;
        }
    };
    let mut collector = Collector::new();
    let (mut last_check, mut last_sent) = (Instant::now(), None::<Instant>);
    let ended = camera::watch(&mut camera, &mut collector, None, stop, |looked| {
        if last_check.elapsed() >= CHECK_EVERY {
            last_check = Instant::now();
            let shown = app
                .get_webview_window("main")
                .and_then(|w| w.is_visible().ok())
                .unwrap_or(false);
            if !shown || !state.is_unlocked() {
                stop.store(true, Ordering::Relaxed);
            }
        }
        let due = last_sent.is_none_or(|t| t.elapsed() >= PREVIEW_EVERY);
        if !(due || looked.news || looked.progress.complete) {
            return;
        }
        let Ok((jpeg, width, height)) = camera::preview_jpeg(looked.frame) else {
            return;
        };
        let scale = width as f32 / looked.frame.width.max(1) as f32;
        let view = FrameView {
            jpeg: format!(
                "data:image/jpeg;base64,{}",
                data_encoding::BASE64.encode(&jpeg)
            ),
            width,
            height,
            codes: looked
                .corners
                .iter()
                .map(|c| c.iter().map(|p| [p.x * scale, p.y * scale]).collect())
                .collect(),
            progress: looked.progress.clone(),
        };
        last_sent = Some(Instant::now());
        crate::events::send(app, FRAME_EVENT, view);
    });
    // The camera goes off before the preview is built.
    drop(camera);
    match ended {
        Ok(Ended::Complete) => {
            let preview: Result<Preview> = state.preview(collector.into_import());
            match preview {
                Ok(p) => {
                    crate::events::send(app, DONE_EVENT, p);
                }
                Err(e) => report(app, e),
            }
        }
        Ok(Ended::Stopped | Ended::TimedOut) => {}
        Err(e) => report(app, Error::from(e)),
    }
}

/// Sends an error to the window as the `{ kind, message }` every command fails with.
fn report(app: &AppHandle, e: Error) {
    crate::events::send(app, ERROR_EVENT, e);
}
