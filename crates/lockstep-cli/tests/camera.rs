//! `scan --camera` and `import --camera` from the camera test source: a clip of a phone held up
//! to a webcam, tilted and noisy, showing a 3-part Google Authenticator export one code after
//! another (tools/camera_clip.py: payloads encoded by hand from the protobuf layout, codes drawn
//! by segno, neither Lockstep's), played as a folder of frames by `LOCKSTEP_CAMERA_SOURCE` (plain
//! Rust, no GStreamer). Codes are checked against oathtool; the time-outs leave the vault as it
//! was. `cargo xtask test windows` runs these against `lockstep.exe` under Wine too.
#![cfg(target_os = "linux")]

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use common::*;

struct Clip {
    dir: PathBuf,
    expected: serde_json::Value,
}

fn make_clip(name: &str, extra: &[&str]) -> Clip {
    static ROOT: OnceLock<tempfile::TempDir> = OnceLock::new();
    let root = ROOT.get_or_init(|| tempfile::tempdir().expect("temp dir"));
    let dir = root.path().join(name);
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tools/camera_clip.py");
    let out = Command::new("python3")
        .arg(&script)
        .arg(&dir)
        .args(["--seconds", "1.5"])
        .args(extra)
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "camera_clip.py: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let expected = std::fs::read_to_string(dir.join("expected.json")).expect("expected.json");
    Clip {
        dir,
        expected: serde_json::from_str(&expected).expect("JSON"),
    }
}

/// The 3-part export, each code shown for 1.5 s.
fn export_clip() -> &'static Clip {
    static CLIP: OnceLock<Clip> = OnceLock::new();
    CLIP.get_or_init(|| make_clip("export", &[]))
}

fn with_camera(mut c: Command, clip: &Clip) -> Output {
    c.env("LOCKSTEP_CAMERA_SOURCE", &clip.dir)
        .output()
        .expect("the lockstep binary runs")
}

fn oathtool(secret: &str, digits: u64, at: u64) -> String {
    let out = Command::new("oathtool")
        .args([
            "--totp",
            "-b",
            &format!("--digits={digits}"),
            &format!("--now=@{at}"),
            secret,
        ])
        .output()
        .expect("oathtool is installed (cargo xtask test installs it)");
    assert!(out.status.success());
    String::from_utf8(out.stdout)
        .expect("utf-8")
        .trim()
        .to_owned()
}

#[test]
fn scan_camera_reads_every_code_of_the_export() {
    let clip = export_clip();
    let (_dir, vault, _) = new_vault();
    let out = with_camera(
        cmd(&vault, &["scan", "--camera", "--timeout", "60", "--json"]),
        clip,
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("3 of 3 export codes read"), "{stderr}");
    let codes: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let payloads: Vec<&str> = codes
        .as_array()
        .expect("array")
        .iter()
        .map(|c| c["payload"].as_str().expect("payload"))
        .collect();
    let links: Vec<&str> = clip.expected["links"]
        .as_array()
        .expect("links")
        .iter()
        .map(|l| l.as_str().expect("text"))
        .collect();
    // In the export's order, whichever code the clip was showing when the scan started.
    assert_eq!(payloads, links);
    let accounts: Vec<String> = codes
        .as_array()
        .expect("array")
        .iter()
        .flat_map(|c| c["accounts"].as_array().expect("accounts").clone())
        .map(|a| a["account"].as_str().expect("account").to_owned())
        .collect();
    let want: Vec<String> = clip.expected["accounts"]
        .as_array()
        .expect("accounts")
        .iter()
        .map(|a| a["name"].as_str().expect("name").to_owned())
        .collect();
    assert_eq!(accounts, want);

    // The plain text form says which code of the export each was.
    let out = with_camera(cmd(&vault, &["scan", "--camera"]), clip);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success());
    assert!(
        text.contains("camera: 2 account(s) (export code 3 of 3)"),
        "{text}"
    );
}

#[test]
fn import_camera_adds_every_account_with_its_codes_then_flags_duplicates() {
    let clip = export_clip();
    let (_dir, vault, _) = new_vault();
    let out = with_camera(cmd(&vault, &["import", "--camera"]), clip);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("Added 6 accounts; 0 already in the vault"),
        "{stdout}"
    );

    let at = 1_800_000_000u64;
    let listed: serde_json::Value =
        serde_json::from_str(&ok(&vault, &["code", "--json", "--at", &at.to_string()]))
            .expect("JSON");
    let listed = listed.as_array().expect("array");
    for a in clip.expected["accounts"].as_array().expect("accounts") {
        let name = a["name"].as_str().expect("name");
        let entry = listed
            .iter()
            .find(|e| e["account"] == name)
            .unwrap_or_else(|| panic!("{name} was imported"));
        assert_eq!(entry["issuer"], a["issuer"]);
        let want = oathtool(
            a["secret"].as_str().expect("secret"),
            a["digits"].as_u64().expect("digits"),
            at,
        );
        assert_eq!(entry["code"].as_str(), Some(want.as_str()), "{name}");
    }

    // The same export again: the usual preview flags every account as already there.
    let out = with_camera(cmd(&vault, &["import", "--camera"]), clip);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success());
    assert_eq!(
        stdout.matches("(already in the vault, skipped)").count(),
        6,
        "{stdout}"
    );
    assert!(
        stdout.contains("Added 0 accounts; 6 already in the vault"),
        "{stdout}"
    );
}

#[test]
fn nothing_read_in_time_is_exit_1_and_changes_nothing() {
    let clip = make_clip("blank", &["--blank", "--parts", "1"]);
    let (_dir, vault, _) = new_vault();
    let before = std::fs::read(&vault).expect("vault");
    let out = with_camera(cmd(&vault, &["scan", "--camera", "--timeout", "2"]), &clip);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("no QR code with an account was read from the camera in 2 s"),
        "{stderr}"
    );
    let out = with_camera(
        cmd(&vault, &["import", "--camera", "--timeout", "2"]),
        &clip,
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(std::fs::read(&vault).expect("vault"), before);
}

#[test]
fn an_unfinished_export_is_an_error_and_imports_nothing() {
    let clip = make_clip("first-only", &["--show", "1"]);
    let (_dir, vault, _) = new_vault();
    let before = std::fs::read(&vault).expect("vault");
    let out = with_camera(
        cmd(&vault, &["import", "--camera", "--timeout", "4"]),
        &clip,
    );
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("only 1 of 3 codes of the export were read in 4 s (missing: 2, 3)"),
        "{stderr}"
    );
    assert_eq!(std::fs::read(&vault).expect("vault"), before);
}

#[test]
fn a_missing_test_source_is_a_clear_error() {
    let (_dir, vault, _) = new_vault();
    let out = cmd(&vault, &["scan", "--camera", "--timeout", "2"])
        .env(
            "LOCKSTEP_CAMERA_SOURCE",
            vault.with_extension("nothing-here"),
        )
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("camera: the test source"), "{stderr}");
    assert!(
        stderr.contains("neither a folder of JPEG frames nor a file"),
        "{stderr}"
    );
}
