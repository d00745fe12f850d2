use image::imageops::{self, FilterType};
use image::GrayImage;
use rxing::common::{GlobalHistogramBinarizer, HybridBinarizer};
use rxing::multi::MultipleBarcodeReader;
use rxing::qrcode::cpp_port::QrReader;
use rxing::{BarcodeFormat, BinaryBitmap, DecodeHints, Luma8Source};
use std::collections::HashSet;

fn run(name: &str, img: &GrayImage, global: bool) {
    let t = std::time::Instant::now();
    let (w, h) = img.dimensions();
    let hints = DecodeHints {
        PossibleFormats: Some(HashSet::from([BarcodeFormat::QR_CODE])),
        TryHarder: Some(true),
        ..DecodeHints::default()
    };
    let src = Luma8Source::new_with_slice(img.as_raw(), w, h).unwrap();
    let n = if global {
        QrReader.decode_multiple_with_hints(
            &mut BinaryBitmap::new(GlobalHistogramBinarizer::new(src)),
            &hints,
        )
    } else {
        QrReader
            .decode_multiple_with_hints(&mut BinaryBitmap::new(HybridBinarizer::new(src)), &hints)
    }
    .map(|v| v.len())
    .unwrap_or(0);
    println!("  {name:30} global={global} -> {n} in {:?}", t.elapsed());
}

fn main() {
    for path in std::env::args().skip(1) {
        println!("{path}");
        let t = std::time::Instant::now();
        let img = image::open(&path).unwrap();
        let g = img.to_luma8();
        println!("  load+gray {:?}", t.elapsed());
        let mut inv = g.clone();
        imageops::invert(&mut inv);
        let (w, h) = g.dimensions();
        for (pn, p) in [("norm", &g), ("inv", &inv)] {
            for global in [false, true] {
                run(&format!("{pn} 1x"), p, global);
                for (sn, f, s) in [
                    ("nearest", FilterType::Nearest, 2u32),
                    ("tri", FilterType::Triangle, 2),
                    ("cubic", FilterType::CatmullRom, 2),
                    ("tri3", FilterType::Triangle, 3),
                ] {
                    let up = imageops::resize(p, w * s, h * s, f);
                    run(&format!("{pn} {sn} x{s}"), &up, global);
                }
                let half = imageops::resize(p, w / 2, h / 2, FilterType::Triangle);
                run(&format!("{pn} half"), &half, global);
            }
        }
    }
}
