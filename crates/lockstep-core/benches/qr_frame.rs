//! Live camera frames (docs/performance.md, "Camera frames"): `qr::scan_luma` on 1280×720 gray
//! frames of a phone screen or a printed page, straight, tilted 20–32° with sensor noise, blur
//! and glare, a Google export, and a frame without a code (fixtures/qr/frames). The camera
//! preview needs at least 10 of these a second on 2 cores.
//! Run with `cargo bench -p lockstep-core --bench qr_frame` (or `cargo xtask bench`).

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, Criterion};
use lockstep_core::qr;

const FRAMES: [&str; 5] = [
    "frame_screen_straight.jpg",
    "frame_screen_tilted_noisy.jpg",
    "frame_screen_google3.jpg",
    "frame_paper_glare.jpg",
    "frame_screen_no_code.jpg",
];

fn scan_frames(c: &mut Criterion) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/qr/frames");
    let mut g = c.benchmark_group("qr_frame_1280x720");
    for name in FRAMES {
        let img = image::open(dir.join(name))
            .expect("a fixture frame")
            .to_luma8();
        let (w, h) = img.dimensions();
        let plane = img.into_raw();
        g.bench_function(name.trim_end_matches(".jpg"), |b| {
            b.iter(|| qr::scan_luma("camera", w, h, black_box(&plane)).expect("a frame"))
        });
    }
    g.finish();
}

criterion_group!(benches, scan_frames);
criterion_main!(benches);
