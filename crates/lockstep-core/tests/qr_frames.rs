//! Live camera frames through `qr::scan_luma`: 1280×720 webcam-like frames of a phone screen or
//! a printed page, tilted and noisy (fixtures/qr/frames, made with segno by
//! bench/make_photo_corpus.py --frames). The expected payloads and the code's corners come from
//! the generator (the corners are where its perspective transform put the symbol).

#![cfg(feature = "qr")]

use std::collections::BTreeMap;
use std::path::PathBuf;

use lockstep_core::qr;
use serde_json::Value;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/qr/frames")
}

/// The frame's gray plane, as a camera pipeline would hand it over.
fn luma(name: &str) -> (u32, u32, Vec<u8>) {
    let img = image::open(dir().join(name))
        .expect("a fixture frame")
        .to_luma8();
    (img.width(), img.height(), img.into_raw())
}

#[test]
fn every_frame_gives_its_payloads_and_where_the_code_is() {
    let text = std::fs::read_to_string(dir().join("expected.json")).expect("expected.json");
    let expected: BTreeMap<String, Value> = serde_json::from_str(&text).expect("parses");
    assert!(expected.len() >= 5);
    for (name, want) in expected {
        let (w, h, plane) = luma(&name);
        let found = qr::scan_luma("camera", w, h, &plane).expect("a well-formed frame");
        let want_payloads: Vec<&str> = want["payloads"]
            .as_array()
            .expect("payloads")
            .iter()
            .filter_map(Value::as_str)
            .collect();
        let got: Vec<&str> = found.iter().map(|f| f.payload.as_str()).collect();
        assert_eq!(got, want_payloads, "{name}");
        let Some(corners) = want["corners"].as_array() else {
            continue;
        };
        let got = found[0].corners.expect("rxing gives the position");
        for (i, (g, w)) in got.iter().zip(corners).enumerate() {
            let (x, y) = (w[0].as_f64().expect("x"), w[1].as_f64().expect("y"));
            let off = (f64::from(g.x) - x).hypot(f64::from(g.y) - y);
            assert!(
                off < 6.0,
                "{name}: corner {i} at {g:?}, expected ({x}, {y})"
            );
        }
    }
}

#[test]
fn a_google_export_frame_carries_its_accounts_and_batch() {
    let (w, h, plane) = luma("frame_screen_google3.jpg");
    let found = qr::scan_luma("camera", w, h, &plane).expect("a well-formed frame");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].accounts.len(), 3);
    assert_eq!(found[0].batch, Some((0, 1)));
}
