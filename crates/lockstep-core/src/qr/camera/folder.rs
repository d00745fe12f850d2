//! The camera test source on every system: a folder of JPEG frames `00000.jpg`, `00001.jpg`, ...
//! played in a loop at [`TEST_FPS`] in real time, as a camera would give them: when decoding is
//! slower than the clip, frames are skipped and the newest is given. Each frame is decoded and
//! scaled like a camera's ([`device::jpeg_gray`], [`device::fit`]). Plain Rust: no GStreamer.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::{device, Frame, TEST_FPS};
use crate::error::{Error, Result};

/// Most frames a folder source plays (an hour at 10 a second).
const MAX_FRAMES: usize = 36_000;
/// Largest frame file read.
const MAX_FRAME_BYTES: u64 = 16 * 1024 * 1024;

/// A folder of frames being played.
pub struct Folder {
    frames: Vec<PathBuf>,
    started: Instant,
    /// The number (from the start, not wrapped) of the last frame given.
    last: Option<u64>,
    what: String,
}

impl Folder {
    /// The frames `00000.jpg` onwards, up to the first number missing.
    pub fn open(path: &Path, what: String) -> Result<Folder> {
        let frames: Vec<PathBuf> = (0..MAX_FRAMES)
            .map(|i| path.join(format!("{i:05}.jpg")))
            .take_while(|p| p.is_file())
            .collect();
        if frames.is_empty() {
            return Err(Error::Camera(format!(
                "{what} holds no frames (00000.jpg, 00001.jpg, ...)"
            )));
        }
        Ok(Folder {
            frames,
            started: Instant::now(),
            last: None,
            what,
        })
    }

    /// The frame due now, waiting at most `wait` for the next one when the current one was
    /// already given; `None` when none came in that time.
    pub fn frame(&mut self, wait: Duration) -> Result<Option<Frame>> {
        let period = Duration::from_secs(1) / TEST_FPS;
        let now = self.started.elapsed();
        let mut number = (now.as_nanos() / period.as_nanos()) as u64;
        if self.last.is_some_and(|last| number <= last) {
            let next = self.last.unwrap_or(0) + 1;
            let due = period * u32::try_from(next).unwrap_or(u32::MAX);
            let until = due.saturating_sub(now);
            if until > wait {
                std::thread::sleep(wait);
                return Ok(None);
            }
            std::thread::sleep(until);
            number = next;
        }
        self.last = Some(number);
        let index = (number % self.frames.len() as u64) as usize;
        self.read(&self.frames[index]).map(Some)
    }

    fn read(&self, path: &Path) -> Result<Frame> {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let unreadable = |why: String| Error::Camera(format!("{}: {name}: {why}", self.what));
        let size = std::fs::metadata(path)
            .map_err(|e| unreadable(e.to_string()))?
            .len();
        if size > MAX_FRAME_BYTES {
            return Err(unreadable(format!("{size} bytes is too large for a frame")));
        }
        let bytes = std::fs::read(path).map_err(|e| unreadable(e.to_string()))?;
        let gray = device::jpeg_gray(&name, &bytes).map_err(|e| unreadable(e.to_string()))?;
        Ok(device::fit(gray))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write_frames(dir: &Path, shades: &[u8]) {
        for (i, &shade) in shades.iter().enumerate() {
            image::GrayImage::from_pixel(64, 48, image::Luma([shade]))
                .save(dir.join(format!("{i:05}.jpg")))
                .expect("writes");
        }
    }

    #[test]
    fn frames_play_in_order_at_ten_a_second_and_loop() {
        let dir = tempfile::tempdir().expect("temp dir");
        write_frames(dir.path(), &[0, 120, 250]);
        // A frame past a gap is not played.
        image::GrayImage::from_pixel(8, 8, image::Luma([60]))
            .save(dir.path().join("00005.jpg"))
            .expect("writes");
        let mut folder = Folder::open(dir.path(), "the test source".into()).expect("opens");
        assert_eq!(folder.frames.len(), 3);
        let started = Instant::now();
        let mut shades = Vec::new();
        while shades.len() < 7 {
            if let Some(f) = folder.frame(Duration::from_secs(1)).expect("plays") {
                assert_eq!((f.width, f.height), (64, 48));
                shades.push(f.luma[64 * 24 + 32]);
            }
        }
        let took = started.elapsed();
        // Seven frames at 10 a second: 0.6 s after the first (slack for a loaded machine).
        assert!(took >= Duration::from_millis(550), "{took:?}");
        let near = |got: u8, want: u8| got.abs_diff(want) <= 3;
        let want = [0, 120, 250, 0, 120, 250, 0];
        // A loaded machine may skip a frame, never play one out of order.
        assert!(
            shades.iter().zip(want).all(|(&g, w)| near(g, w)) || took > Duration::from_secs(1),
            "{shades:?}"
        );
    }

    #[test]
    fn a_short_wait_gives_nothing_between_frames() {
        let dir = tempfile::tempdir().expect("temp dir");
        write_frames(dir.path(), &[0]);
        let mut folder = Folder::open(dir.path(), "the test source".into()).expect("opens");
        assert!(folder
            .frame(Duration::from_millis(5))
            .expect("plays")
            .is_some());
        assert!(folder
            .frame(Duration::from_millis(5))
            .expect("plays")
            .is_none());
    }

    #[test]
    fn an_empty_folder_or_a_broken_frame_is_a_clear_error() {
        let dir = tempfile::tempdir().expect("temp dir");
        let e = Folder::open(dir.path(), "the test source".into())
            .err()
            .expect("no frames");
        assert!(e.to_string().contains("holds no frames"), "{e}");
        std::fs::write(dir.path().join("00000.jpg"), b"\xFF\xD8\xFFnot really").expect("writes");
        let mut folder = Folder::open(dir.path(), "the test source".into()).expect("opens");
        let e = folder
            .frame(Duration::from_secs(1))
            .err()
            .expect("a broken frame");
        assert!(
            e.to_string()
                .starts_with("camera: the test source: 00000.jpg: "),
            "{e}"
        );
    }
}
