//! The desktop app, driven as a person would through WebDriver. Each test saves screenshots under
//! target/e2e/. Skipped unless LOCKSTEP_E2E_APP is set (`cargo xtask test` sets it).

use std::process::Command;
use std::time::{Duration, Instant};

use lockstep_core::vault::now;
use lockstep_e2e::sample::{BANK, GITHUB, PASSWORD, PROTON};
use lockstep_e2e::{clipboard, config_or_skip, keys, make_vault, qr_fixture, App, Home, T};
use serde_json::json;

#[test]
fn first_run_creates_the_vault_and_unlock_refuses_a_wrong_password() {
    let cfg = config_or_skip!();
    let home = Home::new();
    let app = App::start(&cfg, &home, "first_run");
    let pw = app.find("[data-testid=create-password]");
    app.type_into(&pw, "password");
    app.type_into(&app.find("[data-testid=create-confirm]"), "password");
    // A very weak password is refused: the button stays disabled.
    app.until("strength meter scored", T, |a| {
        a.attr(&a.find("[data-testid=strength]"), "data-score")
            .as_deref()
            == Some("0")
    });
    assert!(app
        .attr(&app.find("[data-testid=create-submit]"), "disabled")
        .is_some());
    app.clear(&pw);
    app.type_into(&pw, PASSWORD);
    let confirm = app.find("[data-testid=create-confirm]");
    app.clear(&confirm);
    app.type_into(&confirm, PASSWORD);
    app.until("create enabled", T, |a| {
        a.attr(&a.find("[data-testid=create-submit]"), "disabled")
            .is_none()
    });
    app.click(&app.find("[data-testid=create-submit]"));
    let key = app.wait("[data-testid=recovery-key]", Duration::from_secs(20));
    let key_text = app.text(&key);
    assert!(
        lockstep_core::vault::RecoveryKey::parse(&key_text).is_ok(),
        "shown recovery key: {key_text}"
    );
    app.screenshot("recovery-key");
    app.click(&app.find("[data-testid=recovery-stored]"));
    app.click(&app.find("[data-testid=recovery-done]"));
    app.find("[data-testid=empty]");
    assert!(home.vault().is_file());

    // Lock, then a wrong password: a clear message and the field keeps focus.
    app.click(&app.find("[data-testid=lock]"));
    let field = app.find("[data-testid=unlock-password]");
    app.type_into(&field, "not my password");
    app.press(&[keys::ENTER]);
    app.until("wrong password message", Duration::from_secs(20), |a| {
        a.text(&a.find("[data-testid=unlock-error]"))
            .contains("Wrong password")
    });
    assert_eq!(app.focused_testid().as_deref(), Some("unlock-password"));
    app.screenshot("wrong-password");
    app.clear(&field);
    app.unlock_with(PASSWORD);
    app.find("[data-testid=empty]");
}

#[test]
fn a_pasted_link_is_previewed_added_and_shows_the_cores_code() {
    let cfg = config_or_skip!();
    let home = Home::new();
    make_vault(&home.vault(), PASSWORD, &[PROTON]);
    home.write_settings(json!({"clipboard_seconds": 3, "theme": "light"}));
    let app = App::start(&cfg, &home, "add_link");
    app.unlock_with(PASSWORD);
    // The codes arrive after the header: wait for them rather than race them.
    app.until_one_entry();

    app.click(&app.find("[data-testid=add]"));
    // Two links, one already in the vault: the duplicate is flagged and unticked.
    let field = app.find("[data-testid=add-link]");
    app.type_into(&field, GITHUB);
    app.type_into(&field, keys::ENTER);
    app.type_into(&field, PROTON);
    app.click(&app.find("[data-testid=add-preview]"));
    app.find("[data-testid=duplicate]");
    let confirm = app.find("[data-testid=add-confirm]");
    assert_eq!(app.text(&confirm), "Add 1 account");
    app.screenshot("preview");
    app.click(&confirm);
    app.until("two entries", T, |a| a.entry_ids().len() == 2);

    // The code on screen is the core's code for that secret now.
    let vault = lockstep_core::Store::new(home.vault())
        .unlock(&lockstep_core::Credential::Password(
            PASSWORD.to_owned().into(),
        ))
        .expect("open the vault");
    let entry = vault
        .vault
        .entries
        .iter()
        .find(|e| e.issuer == "GitHub")
        .expect("GitHub was saved");
    let id = entry.id.to_string();
    let before = now();
    let shown = app.code_of(&id);
    let after = now();
    let otp = entry.otp();
    assert!(
        shown == otp.code_at(before) || shown == otp.code_at(after),
        "shown {shown}, core {} / {}",
        otp.code_at(before),
        otp.code_at(after)
    );
    app.screenshot("added");

    // Click copies; the clipboard holds the code, and is cleared after the configured 3 s.
    let row_button = app.find(&format!("[data-entry-id=\"{id}\"] button.main"));
    app.click(&row_button);
    app.find("[data-testid=toast]");
    let copied = clipboard();
    assert!(
        copied == otp.code_at(now()) || copied == otp.code_at(now().saturating_sub(2)),
        "clipboard: {copied:?}"
    );
    let start = Instant::now();
    app.until("clipboard cleared", Duration::from_secs(8), |_| {
        clipboard().is_empty()
    });
    assert!(start.elapsed() >= Duration::from_secs(1));
}

#[test]
fn typing_anywhere_searches_and_escape_clears() {
    let cfg = config_or_skip!();
    let home = Home::new();
    make_vault(&home.vault(), PASSWORD, &[GITHUB, PROTON, BANK]);
    let app = App::start(&cfg, &home, "search");
    app.unlock_with(PASSWORD);
    app.until("three entries", T, |a| a.entry_ids().len() == 3);
    // Focus the list, not the search box, then type.
    app.js(
        "document.activeElement && document.activeElement.blur()",
        json!([]),
    );
    app.type_keys("prot");
    app.until("one match", T, |a| a.entry_ids().len() == 1);
    assert_eq!(app.focused_testid().as_deref(), Some("search"));
    app.screenshot("filtered");
    app.press(&[keys::ESCAPE]);
    app.until("all back", T, |a| a.entry_ids().len() == 3);
    // Ctrl+F focuses search too.
    app.press(&[keys::CONTROL, "f"]);
    assert_eq!(app.focused_testid().as_deref(), Some("search"));
}

#[test]
fn a_cli_change_shows_up_within_two_seconds_without_unlocking_again() {
    let cfg = config_or_skip!();
    let Some(cli) = cfg.cli.clone() else {
        eprintln!("skipped: LOCKSTEP_E2E_CLI is not set");
        return;
    };
    let home = Home::new();
    make_vault(&home.vault(), PASSWORD, &[GITHUB]);
    let app = App::start(&cfg, &home, "cli_change");
    app.unlock_with(PASSWORD);
    app.until("one entry", T, |a| a.entry_ids().len() == 1);
    let out = Command::new(&cli)
        .args(["add", PROTON])
        .env("LOCKSTEP_VAULT", home.vault())
        .env("LOCKSTEP_PASSWORD", PASSWORD)
        .output()
        .expect("run lockstep add");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let start = Instant::now();
    app.until("the CLI's entry shows", Duration::from_secs(2), |a| {
        a.entry_ids().len() == 2
    });
    eprintln!("CLI change visible after {:?}", start.elapsed());
    app.screenshot("after-cli-add");
    // Still unlocked: no password asked.
    assert!(app.all("[data-testid=unlock-password]").is_empty());
}

#[test]
fn remember_device_unlocks_the_next_start_without_a_password() {
    let cfg = config_or_skip!();
    let home = Home::new();
    make_vault(&home.vault(), PASSWORD, &[GITHUB]);
    {
        let app = App::start(&cfg, &home, "remember_1");
        let field = app.find("[data-testid=unlock-password]");
        app.click(&app.find("[data-testid=remember]"));
        app.type_into(&field, PASSWORD);
        app.click(&app.find("[data-testid=unlock-submit]"));
        app.wait("[data-testid=add]", Duration::from_secs(20));
    }
    let app = App::start(&cfg, &home, "remember_2");
    app.wait("[data-testid=entry]", Duration::from_secs(20));
    app.screenshot("unlocked-by-keyring");
    // Lock and unlock with the password still works.
    app.click(&app.find("[data-testid=lock]"));
    app.unlock_with(PASSWORD);
    // Forget the device from the settings.
    app.click(&app.find("[data-testid=open-settings]"));
    app.click(&app.find("[data-testid=forget-device]"));
    app.until("forgotten", T, |a| {
        a.all("[data-testid=forget-device]").is_empty()
    });
    let (env, _) = lockstep_core::Store::new(home.vault())
        .read()
        .expect("read");
    assert!(!lockstep_core::vault::has_live_keyring_slot(&env, now()));
}

#[test]
fn readme_screenshots_light_and_dark() {
    let cfg = config_or_skip!();
    for theme in ["light", "dark"] {
        let home = Home::new();
        make_vault(
            &home.vault(),
            PASSWORD,
            &[
                GITHUB,
                PROTON,
                BANK,
                "otpauth://totp/Mastodon:@me@social.example?secret=MFRGGZDFMZTWQ2LK&issuer=Mastodon",
                "otpauth://hotp/VPN:office?secret=ONSWG4TFOQYTEMZU&counter=3&issuer=VPN",
            ],
        );
        home.write_settings(json!({ "theme": theme }));
        let app = App::start(&cfg, &home, &format!("readme_{theme}"));
        app.unlock_with(PASSWORD);
        app.until("five entries", T, |a| a.entry_ids().len() == 5);
        // GitHub, Proton and Mastodon show their simple-icons logos (issue 16).
        app.until("three logos", T, |a| {
            a.all("[data-testid=avatar-logo] path").len() == 3
        });
        std::thread::sleep(Duration::from_millis(400));
        let shot = app.screenshot("codes");
        let docs = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../docs/screenshots")
            .join(format!("codes-{theme}.png"));
        if std::env::var_os("LOCKSTEP_E2E_README").is_some() {
            let _ = std::fs::create_dir_all(docs.parent().expect("docs/screenshots has a parent"));
            std::fs::copy(&shot, &docs).expect("copy the screenshot into docs/");
        }
    }
}

#[test]
fn an_encrypted_aegis_export_asks_for_its_password_then_imports() {
    let cfg = config_or_skip!();
    let home = Home::new();
    make_vault(&home.vault(), PASSWORD, &[]);
    let app = App::start(&cfg, &home, "import_file");
    app.unlock_with(PASSWORD);
    app.click(&app.find("[data-testid=add]"));
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../crates/lockstep-core/tests/fixtures/peers/aegis/aegis_encrypted.json");
    let fixture = fixture.canonicalize().expect("the Aegis fixture exists");
    // A file input takes the path as typed text (W3C WebDriver).
    app.type_into(
        &app.find("[data-testid=add-file]"),
        &fixture.display().to_string(),
    );
    let pw = app.find("#file-pw");
    app.type_into(&pw, "test");
    app.press(&[keys::ENTER]);
    app.find("[data-testid=preview-item]");
    let n = app.all("[data-testid=preview-item]").len();
    assert!(
        n >= 5,
        "the Aegis fixture holds 7 accounts, preview shows {n}"
    );
    app.screenshot("preview");
    let confirm = app.find("[data-testid=add-confirm]");
    let label = app.text(&confirm);
    let ticked: usize = label
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("Add N accounts");
    app.click(&confirm);
    app.until("imported entries shown", T, |a| {
        a.entry_ids().len() == ticked
    });
}

#[test]
fn a_screenshot_in_the_clipboard_is_added_with_ctrl_v() {
    let cfg = config_or_skip!();
    let home = Home::new();
    make_vault(&home.vault(), PASSWORD, &[]);
    let app = App::start(&cfg, &home, "paste_image");
    app.unlock_with(PASSWORD);
    let status = Command::new("xclip")
        .args(["-selection", "clipboard", "-t", "image/png", "-i"])
        .arg(qr_fixture("plain.png"))
        .status()
        .expect("run xclip");
    assert!(status.success());
    app.js(
        "document.activeElement && document.activeElement.blur()",
        json!([]),
    );
    app.press(&[keys::CONTROL, "v"]);
    app.wait("[data-testid=preview-item]", Duration::from_secs(20));
    app.screenshot("preview");
    app.click(&app.find("[data-testid=add-confirm]"));
    app.until("the pasted account shows", T, |a| a.entry_ids().len() == 1);
}

#[test]
fn a_google_export_qr_image_imports_as_a_batch() {
    let cfg = config_or_skip!();
    let home = Home::new();
    make_vault(&home.vault(), PASSWORD, &[]);
    let app = App::start(&cfg, &home, "google_export");
    app.unlock_with(PASSWORD);
    app.click(&app.find("[data-testid=add]"));
    app.type_into(
        &app.find("[data-testid=add-file]"),
        &qr_fixture("google_export_1_of_2.png").display().to_string(),
    );
    app.wait("[data-testid=preview-item]", Duration::from_secs(20));
    let n = app.all("[data-testid=preview-item]").len();
    assert!(
        n >= 2,
        "a Google export carries several accounts, preview shows {n}"
    );
    app.screenshot("preview");
    app.click(&app.find("[data-testid=add-confirm]"));
    app.until("the batch shows", T, |a| a.entry_ids().len() == n);
}
