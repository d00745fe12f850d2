//! "Scan with camera" in the real window, from the camera test source: a generated clip of a
//! phone held up to a webcam, tilted and noisy, showing a 3-part Google Authenticator export one
//! code after another (tools/camera_clip.py: payloads and QR codes made without Lockstep), played
//! as a folder of frames (`LOCKSTEP_CAMERA_SOURCE`). Every account arrives, the one already in the
//! vault is flagged, and the codes shown match oathtool's for the clip's secrets. Skipped unless
//! LOCKSTEP_E2E_APP is set (`cargo xtask test` sets it).

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use lockstep_e2e::sample::PASSWORD;
use lockstep_e2e::{config_or_skip, make_vault, App, Home};
use serde_json::{json, Value};

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

fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

#[test]
fn scan_with_camera_reads_a_three_part_export_from_a_phone() {
    let cfg = config_or_skip!();
    let mut home = Home::new();
    let clip = home.dir.path().join("clip");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tools/camera_clip.py");
    let out = Command::new("python3")
        .arg(&script)
        .arg(&clip)
        .args(["--seconds", "2"])
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "camera_clip.py: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let expected: Value = serde_json::from_str(
        &std::fs::read_to_string(clip.join("expected.json")).expect("expected.json"),
    )
    .expect("JSON");
    let accounts = expected["accounts"].as_array().expect("accounts").clone();
    assert_eq!(accounts.len(), 6);
    // The second account is in the vault already: the preview must flag it.
    let known = &accounts[1];
    let link = format!(
        "otpauth://totp/{0}:{1}?secret={2}&issuer={0}&digits={3}",
        known["issuer"]
            .as_str()
            .expect("issuer")
            .replace(' ', "%20"),
        known["name"].as_str().expect("name"),
        known["secret"].as_str().expect("secret"),
        known["digits"]
    );
    make_vault(&home.vault(), PASSWORD, &[&link]);
    home.extra_env
        .push(("LOCKSTEP_CAMERA_SOURCE", clip.display().to_string()));

    let app = App::start(&cfg, &home, "camera");
    app.unlock_with(PASSWORD);
    app.until_one_entry();
    app.click(&app.find("[data-testid=add]"));
    app.click(&app.find("[data-testid=scan-camera]"));
    app.wait("[data-testid=camera-frame]", Duration::from_secs(20));
    // The export is read code by code: the count shows before the last one is read.
    app.until("an export code counted", Duration::from_secs(30), |a| {
        let progress = a
            .js(
                "const p = document.querySelector('[data-testid=camera-progress]'); return p ? p.textContent : ''",
                json!([]),
            )
            .as_str()
            .unwrap_or_default()
            .to_owned();
        progress.contains("of 3 read") || !a.all("[data-testid=preview-item]").is_empty()
    });
    if app.all("[data-testid=preview-item]").is_empty() {
        app.screenshot("camera-reading");
    }
    app.until("the import preview", Duration::from_secs(60), |a| {
        a.all("[data-testid=preview-item]").len() == 6
    });
    // The camera view is gone with the preview: the camera was stopped.
    assert!(app.all("[data-testid=camera-view]").is_empty());
    assert_eq!(app.all("[data-testid=duplicate]").len(), 1);
    app.screenshot("camera-preview");
    app.click(&app.find("[data-testid=add-confirm]"));
    app.until("all six accounts listed", Duration::from_secs(15), |a| {
        a.entry_ids().len() == 6
    });

    // Every account's code, as the window shows it, against oathtool on the clip's secret.
    let rows = app.js(
        "return [...document.querySelectorAll('[data-testid=entry]')].map(e => ({
            id: e.dataset.entryId,
            text: e.textContent }))",
        json!([]),
    );
    let rows = rows.as_array().expect("rows").clone();
    for a in &accounts {
        let name = a["name"].as_str().expect("name");
        let row = rows
            .iter()
            .find(|r| r["text"].as_str().unwrap_or_default().contains(name))
            .unwrap_or_else(|| panic!("{name} is listed"));
        let id = row["id"].as_str().expect("id");
        let (secret, digits) = (
            a["secret"].as_str().expect("secret"),
            a["digits"].as_u64().expect("digits"),
        );
        let before = oathtool(secret, digits, now());
        let shown = app.code_of(id);
        let after = oathtool(secret, digits, now());
        assert!(
            shown == before || shown == after,
            "{name}: shown {shown}, oathtool {before}/{after}"
        );
    }
    app.screenshot("camera-added");
}
