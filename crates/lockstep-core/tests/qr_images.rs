//! QR decoding on pictures made by independent encoders: segno + Pillow (fixtures/qr/make.py,
//! committed images and expected.json) and the Rust `qrcode` crate (generated here). Hostile files
//! must fail fast with the right error kind.

#![cfg(feature = "qr")]

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use image::{DynamicImage, GrayImage, ImageFormat, Luma, Rgb, RgbImage};
use lockstep_core::qr::{self, Found, Source};
use lockstep_core::Kind;
use qrcode::QrCode;
use serde_json::Value;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/qr")
}

fn expected() -> BTreeMap<String, Value> {
    let text = std::fs::read_to_string(dir().join("expected.json")).expect("expected.json");
    serde_json::from_str(&text).expect("expected.json parses")
}

fn payloads(found: &[Found]) -> Vec<String> {
    let mut v: Vec<String> = found.iter().map(|f| f.payload.to_string()).collect();
    v.sort();
    v
}

#[test]
fn every_fixture_gives_exactly_its_payloads() {
    let mut failures = Vec::new();
    for (name, want) in expected() {
        let Some(want) = want.get("payloads").and_then(Value::as_array) else {
            continue;
        };
        let mut want: Vec<String> = want
            .iter()
            .filter_map(|p| p.as_str().map(str::to_owned))
            .collect();
        want.sort();
        let start = Instant::now();
        match qr::scan(&Source::Path(dir().join(&name))) {
            Ok(found) if payloads(&found) == want => {}
            Ok(found) => failures.push(format!("{name}: got {:?}", payloads(&found))),
            Err(e) => failures.push(format!("{name}: error {e}")),
        }
        eprintln!("{name}: {:?}", start.elapsed());
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn hostile_files_fail_fast_with_a_clear_error() {
    for (name, want) in expected() {
        let Some(kind) = want.get("error").and_then(Value::as_str) else {
            continue;
        };
        let start = Instant::now();
        let err = qr::scan(&Source::Path(dir().join(&name))).expect_err(&name);
        assert_eq!(err.kind(), kind, "{name}: {err}");
        assert!(
            err.to_string().contains(&name),
            "the message names the file: {err}"
        );
        assert!(
            start.elapsed() < Duration::from_secs(2),
            "{name} took {:?}",
            start.elapsed()
        );
    }
}

#[test]
fn google_export_batches_give_every_account() {
    let want = expected()["google_export_accounts"]
        .as_array()
        .expect("accounts")
        .clone();
    let sources = qr::expand(&[
        Source::Path(dir().join("google_export_1_of_2.png")),
        Source::Path(dir().join("google_export_2_of_2.png")),
    ])
    .expect("files exist");
    let mut accounts = Vec::new();
    for (i, s) in sources.iter().enumerate() {
        let found = qr::scan(s).expect("decodes");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].batch, Some((i as u32, 2)));
        assert!(found[0].errors.is_empty(), "{:?}", found[0].errors);
        accounts.extend(qr::to_import(found).accounts);
    }
    assert_eq!(accounts.len(), want.len());
    for (a, w) in accounts.iter().zip(&want) {
        assert_eq!(a.issuer, w["issuer"].as_str().unwrap_or_default());
        assert_eq!(a.account, w["account"].as_str().unwrap_or_default());
        assert_eq!(
            a.otp.secret.to_base32().as_str(),
            w["secret"].as_str().unwrap_or_default()
        );
        assert_eq!(
            a.otp.algorithm.as_str(),
            w["algorithm"].as_str().unwrap_or_default()
        );
        assert_eq!(
            u64::from(a.otp.digits),
            w["digits"].as_u64().unwrap_or_default()
        );
        assert_eq!(a.otp.kind.as_str(), w["kind"].as_str().unwrap_or_default());
        if a.otp.kind == Kind::Hotp {
            assert_eq!(a.otp.counter, w["counter"].as_u64().unwrap_or_default());
        }
    }
}

#[test]
fn a_folder_scans_its_images_only() {
    let tmp = tempfile::tempdir().expect("tempdir");
    std::fs::copy(dir().join("plain.png"), tmp.path().join("a.png")).expect("copy");
    std::fs::copy(dir().join("inverted.png"), tmp.path().join("b.PNG")).expect("copy");
    std::fs::write(tmp.path().join("notes.txt"), "hello").expect("write");
    let sources = qr::expand(&[Source::Path(tmp.path().to_owned())]).expect("expands");
    assert_eq!(sources.len(), 2);
    let missing =
        qr::expand(&[Source::Path(tmp.path().join("nope.png"))]).expect_err("missing file");
    assert_eq!(missing.kind(), "io");
}

// ----- pictures from the Rust `qrcode` crate -----

const LINK: &str = "otpauth://totp/ACME%20Co:jane.doe@example.org?secret=HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ&issuer=ACME%20Co&period=30";

fn code_image(text: &str, module: u32) -> GrayImage {
    let code = QrCode::new(text.as_bytes()).expect("encodes");
    code.render::<Luma<u8>>()
        .module_dimensions(module, module)
        .quiet_zone(true)
        .build()
}

fn png_bytes(img: DynamicImage, format: ImageFormat) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, format).expect("encodes");
    out.into_inner()
}

fn scan_one(name: &str, img: DynamicImage, format: ImageFormat) -> Vec<String> {
    payloads(&qr::scan_bytes(name, &png_bytes(img, format)).expect(name))
}

#[test]
fn second_encoder_module_sizes_from_one_to_twelve_pixels() {
    for module in [2, 3, 5, 12] {
        let img = DynamicImage::ImageLuma8(code_image(LINK, module));
        assert_eq!(
            scan_one("sizes", img, ImageFormat::Png),
            [LINK],
            "module {module}"
        );
    }
}

#[test]
fn second_encoder_inverted_coloured_and_jpeg() {
    let mut inv = code_image(LINK, 4);
    image::imageops::invert(&mut inv);
    assert_eq!(
        scan_one("inv", DynamicImage::ImageLuma8(inv), ImageFormat::Png),
        [LINK]
    );

    let gray = code_image(LINK, 4);
    let coloured = RgbImage::from_fn(gray.width(), gray.height(), |x, y| {
        if gray.get_pixel(x, y).0[0] < 128 {
            Rgb([120, 20, 90])
        } else {
            Rgb([200, 240, 210])
        }
    });
    assert_eq!(
        scan_one(
            "col",
            DynamicImage::ImageRgb8(coloured.clone()),
            ImageFormat::Png
        ),
        [LINK]
    );
    assert_eq!(
        scan_one("jpg", DynamicImage::ImageRgb8(coloured), ImageFormat::Jpeg),
        [LINK]
    );
}

#[test]
fn second_encoder_several_codes_and_a_large_screen() {
    let a = code_image(LINK, 3);
    let b = code_image("otpauth://hotp/X:y?secret=JBSWY3DPEHPK3PXP&counter=3", 3);
    // A 4K screenshot with two small codes far apart.
    let mut screen = GrayImage::from_pixel(3840, 2160, Luma([236]));
    image::imageops::overlay(&mut screen, &a, 300, 1700);
    image::imageops::overlay(&mut screen, &b, 3300, 200);
    let start = Instant::now();
    let got = payloads(&qr::scan_image("4k", &DynamicImage::ImageLuma8(screen)));
    let mut want = vec![
        LINK.to_owned(),
        "otpauth://hotp/X:y?secret=JBSWY3DPEHPK3PXP&counter=3".to_owned(),
    ];
    want.sort();
    assert_eq!(got, want);
    eprintln!("4k: {:?}", start.elapsed());
}

#[test]
fn exported_google_batches_decode_back() {
    let accounts: Vec<lockstep_core::Account> = (0..25)
        .map(|i| {
            lockstep_core::uri::parse(&format!(
                "otpauth://totp/Issuer{i}:user{i}?secret=JBSWY3DPEHPK3PXP{}&issuer=Issuer{i}",
                ["", "JBSWY3DP"][i % 2]
            ))
            .expect("valid link")
        })
        .collect();
    let export = lockstep_core::migration::encode(&accounts, 99);
    assert_eq!(export.links.len(), 3);
    let mut back = Vec::new();
    for link in &export.links {
        let png = qr::render::png(link, 0).expect("renders");
        let found = qr::scan_bytes("export", &png).expect("decodes");
        assert_eq!(found.len(), 1);
        back.extend(qr::to_import(found).accounts);
    }
    assert_eq!(back, accounts);
}
