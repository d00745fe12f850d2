//! Phone photos through `qr::scan`, as `lockstep scan PHOTO.jpg` reads them: pictures from the
//! photo corpus (bench/make_photo_corpus.py: segno's code on a phone screen, photographed tilted,
//! in uneven light with glare, blurred, noisy, JPEG), copied into fixtures/qr/photos with the
//! payload the generator encoded and what it did to the picture (expected.json).

#![cfg(feature = "qr")]

use std::collections::BTreeMap;
use std::path::PathBuf;

use lockstep_core::qr::{self, Source};
use serde_json::Value;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/qr/photos")
}

/// `photo_073`: a 3024×4032 phone photo of a screen tilted 33° at 82 % contrast, with a glare
/// spot beside the code (the one photo zxing-cpp read and Lockstep did not, until the local
/// contrast was doubled rather than tripled and computed on the half-size copy).
#[test]
fn a_phone_photo_of_a_screen_in_glare_gives_its_payload() {
    let text = std::fs::read_to_string(dir().join("expected.json")).expect("expected.json");
    let expected: BTreeMap<String, Value> = serde_json::from_str(&text).expect("parses");
    assert!(!expected.is_empty());
    for (name, want) in expected {
        let want: Vec<&str> = want["payloads"]
            .as_array()
            .expect("payloads")
            .iter()
            .filter_map(Value::as_str)
            .collect();
        let found = qr::scan(&Source::Path(dir().join(&name))).expect("a readable JPEG");
        let got: Vec<&str> = found.iter().map(|f| f.payload.as_str()).collect();
        assert_eq!(got, want, "{name}");
        assert_eq!(found[0].accounts.len(), 1, "{name}: one otpauth account");
    }
}
