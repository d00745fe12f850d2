//! Frames a second of `qr::scan_luma` on a folder of camera frames (e.g. the 1280×720 frames of
//! bench/photo-corpus, or tests/fixtures/qr/frames): every frame is turned into its gray plane
//! first, then scanned in a loop for about `--seconds` (default 10), one frame after another as a
//! camera would deliver them. Prints frames a second, the median and p95 time per frame, and how
//! many frames gave a code. Usage:
//! `cargo run --release -p lockstep-core --example frame_rate -- DIR [--size 1280x720] [--seconds S]`

use std::time::{Duration, Instant};

use lockstep_core::qr;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let value = |flag: &str| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let Some(dir) = args.first() else {
        eprintln!("usage: frame_rate DIR [--size WxH] [--seconds S]");
        std::process::exit(2);
    };
    let size = value("--size").unwrap_or_else(|| "1280x720".into());
    let seconds: f64 = value("--seconds")
        .and_then(|s| s.parse().ok())
        .unwrap_or(10.0);
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .expect("a folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "jpg"))
        .collect();
    paths.sort();
    let frames: Vec<(u32, u32, Vec<u8>)> = paths
        .iter()
        .filter_map(|p| image::open(p).ok())
        .map(|i| i.to_luma8())
        .filter(|g| format!("{}x{}", g.width(), g.height()) == size)
        .map(|g| (g.width(), g.height(), g.into_raw()))
        .collect();
    if frames.is_empty() {
        eprintln!("no {size} JPEG frames in {dir}");
        std::process::exit(2);
    }
    let mut times = Vec::new();
    let mut read = vec![false; frames.len()];
    let start = Instant::now();
    'outer: loop {
        for (i, (w, h, luma)) in frames.iter().enumerate() {
            let t = Instant::now();
            let found = qr::scan_luma("camera", *w, *h, luma).expect("a well-formed frame");
            times.push(t.elapsed());
            read[i] |= !found.is_empty();
            if start.elapsed() > Duration::from_secs_f64(seconds) {
                break 'outer;
            }
        }
    }
    let total = start.elapsed();
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!(
        "{} frames of {size} ({} distinct, {} with a code read) in {:.1} s: {:.1} frames/s; \
         median {:.1} ms, p95 {:.1} ms, max {:.1} ms; load average {}",
        times.len(),
        frames.len(),
        read.iter().filter(|r| **r).count(),
        total.as_secs_f64(),
        times.len() as f64 / total.as_secs_f64(),
        ms(times[times.len() / 2]),
        ms(times[(times.len() * 95 / 100).min(times.len() - 1)]),
        ms(times[times.len() - 1]),
        load.split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" ")
    );
}
