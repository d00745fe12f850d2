//! How fast the camera pipeline decodes: plays a camera source (`LOCKSTEP_CAMERA_SOURCE`, e.g. a
//! clip from tools/camera_clip.py) for N seconds through `qr::camera::watch` and prints frames
//! decoded a second, the median and p95 decode time per frame, and the frames with a code read.
//! Usage: LOCKSTEP_CAMERA_SOURCE=DIR cargo run --example camera_rate -- [SECONDS]

use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use lockstep_core::qr::camera::{watch, Camera, Collector};

fn main() {
    let seconds: u64 = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(10);
    let mut camera = match Camera::open(None) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("camera_rate: {e}");
            std::process::exit(2);
        }
    };
    let stop = AtomicBool::new(false);
    let mut times: Vec<Duration> = Vec::new();
    let (mut read, mut size) = (0usize, (0, 0));
    let started = Instant::now();
    // A new collector after each complete export, so the clip keeps playing to the end.
    while started.elapsed() < Duration::from_secs(seconds) {
        let mut collector = Collector::new();
        let until = started + Duration::from_secs(seconds);
        let r = watch(&mut camera, &mut collector, Some(until), &stop, |looked| {
            times.push(looked.decode_time);
            read += usize::from(looked.codes > 0);
            size = (looked.frame.width, looked.frame.height);
        });
        if let Err(e) = r {
            eprintln!("camera_rate: {e}");
            std::process::exit(2);
        }
    }
    let elapsed = started.elapsed().as_secs_f64();
    times.sort();
    let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
    if times.is_empty() {
        eprintln!("camera_rate: no frames");
        std::process::exit(1);
    }
    println!(
        "{}x{}: {} frames in {elapsed:.1} s = {:.1} frames/s decoded; decode median {:.1} ms, p95 {:.1} ms (at most {:.0} frames/s); a code read in {read}",
        size.0,
        size.1,
        times.len(),
        times.len() as f64 / elapsed,
        at(0.5).as_secs_f64() * 1e3,
        at(0.95).as_secs_f64() * 1e3,
        1.0 / at(0.5).as_secs_f64().max(1e-6),
    );
}
