//! Camera frames on Linux through GStreamer: the xdg-desktop-portal Camera interface and
//! PipeWire (`pipewiresrc` on the remote the portal opens; this is how a sandboxed app gets the
//! camera), `v4l2src` when there is no portal or a device number is given, and a video file as
//! the test source named by `LOCKSTEP_CAMERA_SOURCE` (a folder of frames is `folder.rs`). Every source
//! ends in the same tail: gray (GRAY8), at most 1280×720, the newest frame only.
//! Owns no decoding: frames go to `camera::decode_frame`.

use std::os::fd::{AsRawFd, OwnedFd};
use std::path::{Path, PathBuf};
use std::time::Duration;

use gstreamer as gst;
use gstreamer::prelude::*;
use gstreamer_app as gst_app;
use gstreamer_video as gst_video;

use super::{Frame, MAX_HEIGHT, MAX_WIDTH};
use crate::error::{Error, Result};

/// A running capture. Dropping it stops the pipeline (state NULL: the camera turns off).
pub struct Capture {
    pipeline: gst::Pipeline,
    sink: gst_app::AppSink,
    /// The PipeWire remote the portal opened; closed only after the pipeline has stopped.
    remote: Option<OwnedFd>,
    /// What is capturing, for error messages.
    what: String,
}

fn camera_error(what: impl std::fmt::Display) -> Error {
    Error::Camera(what.to_string())
}

fn element(factory: &str) -> Result<gst::Element> {
    gst::ElementFactory::make(factory).build().map_err(|_| {
        let package = match factory {
            "pipewiresrc" => "gstreamer1.0-pipewire",
            "v4l2src" => "gstreamer1.0-plugins-good",
            _ => "gstreamer1.0-plugins-base",
        };
        camera_error(format!(
            "the GStreamer element {factory} is missing (install {package})"
        ))
    })
}

impl Capture {
    /// Starts the camera: `/dev/videoN` when `device` is given; otherwise the portal's camera,
    /// or `/dev/video0` without a portal. (The test source is chosen in `camera::Camera::open`.)
    pub fn open(device: Option<u32>) -> Result<Capture> {
        gst::init().map_err(|e| camera_error(format!("GStreamer could not start ({e})")))?;
        if let Some(n) = device {
            return Capture::v4l2(&PathBuf::from(format!("/dev/video{n}")), None);
        }
        match super::portal::open_remote() {
            Ok(fd) => Capture::pipewire(fd),
            Err(super::portal::PortalError::Refused) => Err(camera_error(
                "access to the camera was refused (allow it in your desktop's privacy settings)",
            )),
            Err(super::portal::PortalError::NoCamera) => {
                Err(camera_error("the desktop portal reports no camera"))
            }
            Err(super::portal::PortalError::Absent(why)) => {
                Capture::v4l2(Path::new("/dev/video0"), Some(why))
            }
        }
    }

    fn v4l2(device: &Path, no_portal: Option<String>) -> Result<Capture> {
        if !device.exists() {
            let portal = no_portal
                .map(|why| format!(" and the camera portal is not available ({why})"))
                .unwrap_or_default();
            return Err(camera_error(format!(
                "no camera found: {} does not exist{portal}",
                device.display()
            )));
        }
        let src = element("v4l2src")?;
        src.set_property("device", device.display().to_string());
        Capture::start(vec![src], false, None, device.display().to_string())
    }

    fn pipewire(remote: OwnedFd) -> Result<Capture> {
        let src = element("pipewiresrc")?;
        src.set_property("fd", remote.as_raw_fd());
        Capture::start(vec![src], false, Some(remote), "the camera".into())
    }

    /// The test source's video file: any video GStreamer can decode, played once at its pace.
    /// (A folder of frames is played by `folder.rs`, without GStreamer.)
    pub fn video_file(path: &Path, what: String) -> Result<Capture> {
        gst::init().map_err(|e| camera_error(format!("GStreamer could not start ({e})")))?;
        let src = element("filesrc")?;
        src.set_property("location", path.display().to_string());
        let decode = element("decodebin")?;
        Capture::start(vec![src, decode], true, None, what)
    }

    /// Links `head` (linked in order; a `decodebin` last is linked when its pad appears) to the
    /// common tail and starts playing. `sync`: deliver frames at the source's pace (files).
    fn start(
        head: Vec<gst::Element>,
        sync: bool,
        remote: Option<OwnedFd>,
        what: String,
    ) -> Result<Capture> {
        let pipeline = gst::Pipeline::new();
        let convert = element("videoconvert")?;
        let scale = element("videoscale")?;
        let caps = gst::Caps::builder("video/x-raw")
            .field("format", "GRAY8")
            .field("width", gst::IntRange::new(1, MAX_WIDTH as i32))
            .field("height", gst::IntRange::new(1, MAX_HEIGHT as i32))
            .field("pixel-aspect-ratio", gst::Fraction::new(1, 1))
            .build();
        let sink = gst_app::AppSink::builder()
            .caps(&caps)
            .max_buffers(1)
            .drop(true)
            .sync(sync)
            .build();
        let linking = |e: gst::glib::BoolError| camera_error(format!("{what}: {e}"));
        pipeline
            .add_many(head.iter())
            .and_then(|_| pipeline.add_many([&convert, &scale, sink.upcast_ref()]))
            .map_err(linking)?;
        gst::Element::link_many([&convert, &scale, sink.upcast_ref()]).map_err(linking)?;
        let last = head.last().expect("every source has at least one element");
        if head.len() > 1 {
            gst::Element::link_many(head.iter()).map_err(linking)?;
        }
        if last.factory().is_some_and(|f| f.name() == "decodebin") {
            let convert = convert.downgrade();
            last.connect_pad_added(move |_, pad| {
                let Some(convert) = convert.upgrade() else {
                    return;
                };
                let is_video = pad
                    .current_caps()
                    .and_then(|c| c.structure(0).map(|s| s.name().starts_with("video/")))
                    .unwrap_or(false);
                if let Some(sinkpad) = convert.static_pad("sink") {
                    if is_video && !sinkpad.is_linked() {
                        let _ = pad.link(&sinkpad);
                    }
                }
            });
        } else {
            last.link(&convert).map_err(linking)?;
        }
        let capture = Capture {
            pipeline,
            sink,
            remote,
            what,
        };
        capture
            .pipeline
            .set_state(gst::State::Playing)
            .map_err(|_| {
                capture.bus_error().unwrap_or_else(|| {
                    camera_error(format!("{} could not be started", capture.what))
                })
            })?;
        Ok(capture)
    }

    /// The newest frame, waiting at most `wait`; `None` when none came in that time.
    pub fn frame(&mut self, wait: Duration) -> Result<Option<Frame>> {
        let timeout =
            gst::ClockTime::from_nseconds(u64::try_from(wait.as_nanos()).unwrap_or(u64::MAX));
        let Some(sample) = self.sink.try_pull_sample(timeout) else {
            if let Some(e) = self.bus_error() {
                return Err(e);
            }
            if self.sink.is_eos() {
                return Err(camera_error(format!("{} ended", self.what)));
            }
            return Ok(None);
        };
        let (Some(buffer), Some(caps)) = (sample.buffer(), sample.caps()) else {
            return Ok(None);
        };
        let info = gst_video::VideoInfo::from_caps(caps)
            .map_err(|_| camera_error(format!("{} gave frames of an unknown shape", self.what)))?;
        let frame = gst_video::VideoFrameRef::from_buffer_ref_readable(buffer, &info)
            .map_err(|_| camera_error(format!("{} gave an unreadable frame", self.what)))?;
        let (width, height) = (info.width(), info.height());
        if width == 0 || height == 0 || width > MAX_WIDTH || height > MAX_HEIGHT {
            return Ok(None);
        }
        let stride = usize::try_from(frame.plane_stride()[0]).unwrap_or(0);
        let data = frame
            .plane_data(0)
            .map_err(|_| camera_error(format!("{} gave an unreadable frame", self.what)))?;
        let w = width as usize;
        if stride < w || data.len() < stride * (height as usize - 1) + w {
            return Ok(None);
        }
        let mut luma = Vec::with_capacity(w * height as usize);
        for row in data.chunks(stride).take(height as usize) {
            luma.extend_from_slice(&row[..w]);
        }
        Ok(Some(Frame {
            width,
            height,
            luma,
        }))
    }

    /// The first error the pipeline posted, as a sentence.
    fn bus_error(&self) -> Option<Error> {
        let bus = self.pipeline.bus()?;
        while let Some(message) = bus.pop_filtered(&[gst::MessageType::Error]) {
            if let gst::MessageView::Error(e) = message.view() {
                return Some(camera_error(format!("{}: {}", self.what, e.error())));
            }
        }
        None
    }
}

impl Drop for Capture {
    fn drop(&mut self) {
        // NULL releases the device (the camera's light goes out) before the remote is closed.
        let _ = self.pipeline.set_state(gst::State::Null);
        self.remote.take();
    }
}
