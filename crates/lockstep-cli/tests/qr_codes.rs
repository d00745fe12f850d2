//! QR codes through the real binary: what `lockstep qr --png` and `export --format google-qr`
//! draw is read back by Lockstep's decoder and by zxing-cpp (an independent decoder, via Python),
//! and a Google export moves accounts into a fresh vault with the same codes. Importing the same
//! image twice adds nothing the second time.

mod common;

use std::path::Path;
use std::process::Command;

/// Texts of every QR code zxing-cpp finds in an image.
fn zxing(image: &Path) -> Vec<String> {
    let script = "import sys, zxingcpp\nfrom PIL import Image\nfor r in zxingcpp.read_barcodes(Image.open(sys.argv[1])):\n    print(r.text)";
    let out = Command::new("python3")
        .args(["-c", script])
        .arg(image)
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "zxing-cpp (python3 -m pip install zxing-cpp pillow): {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .expect("utf-8")
        .lines()
        .map(str::to_owned)
        .collect()
}

fn scan_json(image: &Path) -> Vec<serde_json::Value> {
    let out = Command::new(common::bin())
        .args(["scan", "--json"])
        .arg(image)
        .output()
        .expect("run");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("json")
}

fn codes(vault: &Path) -> Vec<(String, String, String)> {
    let out: Vec<serde_json::Value> = serde_json::from_str(&common::ok(
        vault,
        &["code", "--json", "--at", "1700000000"],
    ))
    .expect("json");
    let mut v: Vec<_> = out
        .iter()
        .map(|e| {
            (
                e["issuer"].to_string(),
                e["account"].to_string(),
                e["code"].to_string(),
            )
        })
        .collect();
    v.sort();
    v
}

#[test]
fn qr_png_holds_the_accounts_link_for_both_decoders() {
    let (dir, vault, _) = common::new_vault();
    common::ok(&vault, &["add", "otpauth://totp/Telavox:anna%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=Telavox&digits=8&algorithm=SHA256"]);
    let link = common::ok(&vault, &["show", "telavox", "--reveal"])
        .trim()
        .to_owned();
    let png = dir.path().join("code.png");
    common::ok(
        &vault,
        &["qr", "telavox", "--png", png.to_str().expect("utf-8")],
    );
    assert_eq!(zxing(&png), std::slice::from_ref(&link));
    let found = scan_json(&png);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["payload"], link.as_str());
    assert_eq!(found[0]["accounts"][0]["issuer"], "Telavox");
}

#[test]
fn google_export_batches_are_read_by_zxing_and_import_into_a_fresh_vault() {
    let (dir, a, _) = common::new_vault();
    // 23 accounts: Google puts at most 10 in one code, so 3 codes.
    for i in 0..23u32 {
        let secret =
            data_encoding::BASE32_NOPAD.encode(format!("lockstep-google-{i:03}").as_bytes());
        let (kind, extra) = if i % 5 == 0 {
            ("hotp", format!("&counter={i}"))
        } else {
            ("totp", String::new())
        };
        let alg = ["SHA1", "SHA256", "SHA512"][i as usize % 3];
        common::ok(&a, &["add", &format!("otpauth://{kind}/Portal{i}:user{i}?secret={secret}&algorithm={alg}&digits={}{extra}", if i % 2 == 0 { 6 } else { 8 })]);
    }
    let want = codes(&a);
    let out_dir = dir.path().join("google");
    common::ok(
        &a,
        &[
            "export",
            "--format",
            "google-qr",
            "--out",
            out_dir.to_str().expect("utf-8"),
        ],
    );
    let mut pngs: Vec<_> = std::fs::read_dir(&out_dir)
        .expect("dir")
        .flatten()
        .map(|e| e.path())
        .collect();
    pngs.sort();
    assert_eq!(pngs.len(), 3, "{pngs:?}");
    for png in &pngs {
        let ours = scan_json(png);
        assert_eq!(ours.len(), 1);
        assert_eq!(
            zxing(png),
            [ours[0]["payload"].as_str().expect("payload").to_owned()],
            "{}",
            png.display()
        );
        assert!(ours[0]["payload"]
            .as_str()
            .expect("payload")
            .starts_with("otpauth-migration://offline?data="));
    }
    let (_d, b, _) = common::new_vault();
    let first = common::ok(&b, &["import", out_dir.to_str().expect("utf-8")]);
    assert!(first.contains("Added 23 accounts"), "{first}");
    assert_eq!(codes(&b), want);
    // The same images again: nothing new.
    let again = common::run(&b, &["import", pngs[0].to_str().expect("utf-8")]);
    let again_text = String::from_utf8_lossy(&again.stdout);
    assert!(
        again_text.contains("Added 0 accounts; 10 already in the vault"),
        "{again_text}"
    );
    assert_eq!(codes(&b), want);
}

/// A picture made by segno (lockstep-core's fixtures/qr/make.py).
fn core_fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../lockstep-core/tests/fixtures/qr")
        .join(name)
}

#[test]
fn a_4k_screenshot_without_a_code_is_reported_as_none_found_quickly() {
    let start = std::time::Instant::now();
    let out = Command::new(common::bin())
        .args(["scan", "--json"])
        .arg(core_fixture("no_code_4k.png"))
        .output()
        .expect("run");
    let took = start.elapsed();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let found: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).expect("json");
    assert!(found.is_empty(), "{found:?}");
    // Release builds take ~0.3 s; this debug build runs Lockstep's own pixel loops unoptimised.
    // Before the time budget was cut, a code-less 4K page cost 2.5 s of scanning alone.
    assert!(took < std::time::Duration::from_secs(4), "took {took:?}");
}

#[test]
fn a_dark_4k_screenshot_with_a_code_of_two_pixels_a_module_is_read() {
    let want = "otpauth://totp/GitHub:bob?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=GitHub&algorithm=SHA256&digits=8";
    let found = scan_json(&core_fixture("dark_4k_2px.png"));
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["payload"], want);
    assert_eq!(zxing(&core_fixture("dark_4k_2px.png")), [want]);
}
