//! Everyday polish, in the real window: the empty vault is not a dead end (three ways in), and a
//! recovery-key unlock offers a new password right away, which then opens the vault.

use std::process::Command;
use std::time::Duration;

use lockstep_e2e::{config_or_skip, keys, make_vault, App, Home, T};

const PASSWORD: &str = "correct horse battery staple";
const NEW_PASSWORD: &str = "a brand new passphrase for the laptop";
const GITHUB: &str = "otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub";

#[test]
fn the_empty_vault_offers_add_import_and_scan() {
    let cfg = config_or_skip!();
    let home = Home::new();
    make_vault(&home.vault(), PASSWORD, &[]);
    let app = App::start(&cfg, &home, "empty_vault");
    app.unlock_with(PASSWORD);
    for id in ["empty-add", "empty-import", "empty-scan"] {
        app.find(&format!("[data-testid={id}]"));
    }
    app.screenshot("empty-vault");
    // "Add an account" opens the add dialog on the link field.
    app.click(&app.find("[data-testid=empty-add]"));
    app.find("[data-testid=add-link]");
    app.press(&[keys::ESCAPE]);
    app.until("dialog closed", T, |a| {
        a.all("[data-testid=add-link]").is_empty()
    });
    // "Scan a QR code on screen" scans at once: nothing but this window is on the screen.
    app.click(&app.find("[data-testid=empty-scan]"));
    let error = app.find("[data-testid=add-error]");
    app.until("the scan's answer", Duration::from_secs(20), |a| {
        a.text(&error).to_lowercase().contains("no qr code")
    });
}

#[test]
fn a_recovery_key_unlock_offers_a_new_password_and_sets_it() {
    let cfg = config_or_skip!(cli);
    let cli = cfg.cli.clone().expect("checked above");
    let home = Home::new();
    let out = Command::new(&cli)
        .args([
            "init",
            "--json",
            "--kdf-memory",
            "8",
            "--kdf-iterations",
            "1",
        ])
        .env("LOCKSTEP_VAULT", home.vault())
        .env("LOCKSTEP_PASSWORD", PASSWORD)
        .output()
        .expect("run the CLI");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("init --json");
    let recovery = v["recovery_key"].as_str().expect("recovery key").to_owned();
    lockstep_e2e::run_cli(&cli, &home, PASSWORD, &["add", GITHUB]);

    let app = App::start(&cfg, &home, "recovery_new_password");
    app.click(&app.find("[data-testid=use-recovery]"));
    app.type_into(&app.find("[data-testid=unlock-password]"), &recovery);
    app.click(&app.find("[data-testid=unlock-submit]"));
    app.find("[data-testid=new-password]");
    app.type_into(&app.find("[data-testid=new-password-1]"), NEW_PASSWORD);
    app.type_into(&app.find("[data-testid=new-password-2]"), NEW_PASSWORD);
    app.until("strength scored", T, |a| {
        a.attr(&a.find("[data-testid=strength]"), "data-score")
            .is_some_and(|s| s != "-1")
    });
    app.screenshot("recovery-new-password");
    app.click(&app.find("[data-testid=new-password-set]"));
    app.until("dialog gone", T, |a| {
        a.all("[data-testid=new-password]").is_empty()
    });
    app.until_one_entry();
    // The old password no longer opens the vault; the new one does (read by the CLI).
    let old = lockstep_e2e::cli_output(&cli, &home, PASSWORD, &["list", "--json"]);
    assert_eq!(old.status.code(), Some(2));
    let listed = lockstep_e2e::run_cli(&cli, &home, NEW_PASSWORD, &["list", "--json"]);
    assert!(listed.contains("GitHub"), "{listed}");
}
