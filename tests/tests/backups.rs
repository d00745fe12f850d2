//! Backups, restore and export in the desktop app, driven as a person would: the restore plan is
//! read off the screen before confirming, the native GTK save dialog is answered by typing a
//! path (xdotool), and what the app wrote is checked with the CLI and the core. Screenshots go to
//! target/e2e/. Skipped unless LOCKSTEP_E2E_APP and LOCKSTEP_E2E_CLI are set (`cargo xtask test`).

use std::time::Duration;

use lockstep_core::vault::now;
use lockstep_core::{backup, Credential, Store};
use lockstep_e2e::sample::{BANK, GITHUB, PASSWORD, PROTON};
use lockstep_e2e::{
    answer_file_dialog, cli_output, config_or_skip, make_vault, run_cli, App, Home, T,
};

fn password() -> Credential {
    Credential::Password(PASSWORD.to_owned().into())
}

/// Settings → Backups.
fn open_backups(app: &App) {
    app.click(&app.find("[data-testid=open-settings]"));
    app.click(&app.find("[data-testid=open-backups]"));
    app.find("[data-testid=backup-now]");
}

fn count(app: &App, testid: &str) -> usize {
    app.attr(&app.find(&format!("[data-testid={testid}]")), "data-count")
        .and_then(|c| c.parse().ok())
        .unwrap_or(usize::MAX)
}

#[test]
fn backups_restore_from_a_cli_backup_with_replace_shows_the_plan_then_restores() {
    let cfg = config_or_skip!(cli);
    let cli = cfg.cli.clone().expect("checked above");
    let home = Home::new();
    make_vault(&home.vault(), PASSWORD, &[GITHUB, PROTON]);
    let file = home.dir.path().join("two-accounts.lockstep");
    run_cli(
        &cli,
        &home,
        PASSWORD,
        &["backup", "--out", &file.display().to_string()],
    );
    run_cli(&cli, &home, PASSWORD, &["add", BANK]);

    let app = App::start(&cfg, &home, "restore_file");
    app.unlock_with(PASSWORD);
    app.until("three entries", T, |a| a.entry_ids().len() == 3);
    open_backups(&app);
    app.click(&app.find("[data-testid=restore-mode-replace]"));
    // A file input takes the path as typed text (W3C WebDriver).
    app.type_into(
        &app.find("[data-testid=restore-file]"),
        &file.display().to_string(),
    );

    // The plan comes first: Bank would go, the two others stay; nothing has changed yet.
    app.wait("[data-testid=restore-plan]", Duration::from_secs(20));
    assert_eq!(count(&app, "plan-added"), 0);
    assert_eq!(count(&app, "plan-updated"), 0);
    assert_eq!(count(&app, "plan-kept"), 2);
    assert_eq!(count(&app, "plan-removed"), 1);
    let summary = app.text(&app.find("[data-testid=plan-summary]"));
    assert!(summary.contains("removes 1"), "{summary}");
    std::thread::sleep(Duration::from_millis(400)); // let WebKit paint before the screenshot
    app.screenshot("plan");
    let store = Store::new(home.vault());
    assert_eq!(
        store.unlock(&password()).expect("open").vault.entries.len(),
        3
    );

    app.click(&app.find("[data-testid=restore-confirm]"));
    app.until("plan closed", Duration::from_secs(20), |a| {
        a.all("[data-testid=restore-plan]").is_empty()
    });
    // The automatic backups list shows the one taken before the restore.
    app.until("a restore backup listed", T, |a| {
        !a.all("[data-testid=auto-backup][data-reason=restore]")
            .is_empty()
    });
    app.screenshot("restored-backups-list");
    app.click(&app.find("[data-testid=backups-back]"));
    app.click(&app.find("[data-testid=settings-close]"));
    app.until("two entries", T, |a| a.entry_ids().len() == 2);

    // The codes on screen are the core's codes for the restored accounts.
    let restored = store.unlock(&password()).expect("open the restored vault");
    let mut issuers: Vec<&str> = restored
        .vault
        .entries
        .iter()
        .map(|e| e.issuer.as_str())
        .collect();
    issuers.sort_unstable();
    assert_eq!(issuers, ["GitHub", "Proton"]);
    for e in &restored.vault.entries {
        let before = now();
        let shown = app.code_of(&e.id.to_string());
        let after = now();
        let otp = e.otp();
        assert!(
            shown == otp.code_at(before) || shown == otp.code_at(after),
            "{}: shown {shown}, core {}",
            e.issuer,
            otp.code_at(after)
        );
    }
    app.screenshot("restored");

    // The backup taken before the restore holds the three accounts as they were.
    let before_restore = backup::list_backups(&store)
        .expect("list")
        .into_iter()
        .find(|b| b.reason == "restore")
        .expect("a backup made before the restore");
    let bytes = std::fs::read(&before_restore.path).expect("read it");
    let opened = backup::open_backup(&bytes, &password()).expect("it opens with the password");
    assert_eq!(opened.vault.entries.len(), 3);

    // That automatic backup restores from the list (merge, the default): Bank comes back.
    open_backups(&app);
    app.click(
        &app.find("[data-testid=auto-backup][data-reason=restore] [data-testid=auto-restore]"),
    );
    app.wait("[data-testid=restore-plan]", Duration::from_secs(20));
    assert_eq!(
        app.attr(&app.find("[data-testid=restore-plan]"), "data-mode")
            .as_deref(),
        Some("merge")
    );
    assert_eq!(count(&app, "plan-added"), 1);
    assert_eq!(count(&app, "plan-kept"), 2);
    assert_eq!(count(&app, "plan-removed"), 0);
    std::thread::sleep(Duration::from_millis(400));
    app.screenshot("plan-from-list");
    app.click(&app.find("[data-testid=restore-confirm]"));
    app.until("plan closed", Duration::from_secs(20), |a| {
        a.all("[data-testid=restore-plan]").is_empty()
    });
    app.click(&app.find("[data-testid=backups-back]"));
    app.click(&app.find("[data-testid=settings-close]"));
    app.until("three entries again", T, |a| a.entry_ids().len() == 3);
}

#[test]
fn backups_back_up_now_and_export_write_where_the_native_dialog_says() {
    let cfg = config_or_skip!(cli);
    let cli = cfg.cli.clone().expect("checked above");
    let home = Home::new();
    make_vault(&home.vault(), PASSWORD, &[GITHUB, PROTON]);
    let out = home.dir.path().join("out");
    std::fs::create_dir_all(&out).expect("an output folder");
    let app = App::start(&cfg, &home, "backup_export");
    app.unlock_with(PASSWORD);
    app.until("two entries", T, |a| a.entry_ids().len() == 2);
    open_backups(&app);

    // Back up now: the GTK save dialog, answered by typing the path.
    let file = out.join("by-the-app.lockstep");
    app.click(&app.find("[data-testid=backup-now]"));
    answer_file_dialog("Back up the vault", &file);
    let shown = app.wait("[data-testid=backup-result]", Duration::from_secs(20));
    assert!(app.text(&shown).contains(&file.display().to_string()));
    app.screenshot("backed-up");
    let plan = run_cli(
        &cli,
        &home,
        PASSWORD,
        &[
            "restore",
            &file.display().to_string(),
            "--replace",
            "--dry-run",
        ],
    );
    assert!(
        plan.contains("Would add 0, updated 0, kept 2, removed 0."),
        "lockstep restore --dry-run: {plan}"
    );

    // A plain export needs the explicit confirmation before its button works.
    app.click(&app.find("[data-testid=export-format] option[value=otpauth]"));
    app.find("[data-testid=export-plain-warning]");
    let run = app.find("[data-testid=export-run]");
    assert!(
        app.attr(&run, "disabled").is_some(),
        "export before confirming"
    );
    app.click(&app.find("[data-testid=export-plain-confirm]"));
    app.until("export enabled", T, |a| {
        a.attr(&a.find("[data-testid=export-run]"), "disabled")
            .is_none()
    });
    app.screenshot("plain-export-confirmed");
    let links = out.join("links.txt");
    app.click(&app.find("[data-testid=export-run]"));
    answer_file_dialog("Export accounts", &links);
    app.wait("[data-testid=export-result]", Duration::from_secs(20));
    let dry = run_cli(
        &cli,
        &home,
        PASSWORD,
        &["import", &links.display().to_string(), "--dry-run"],
    );
    assert!(
        dry.contains("Would add 0 accounts; 2 already in the vault; 0 unreadable."),
        "lockstep import --dry-run: {dry}"
    );

    // Aegis, encrypted with its own password: the CLI imports it with that password.
    app.click(&app.find("[data-testid=export-format] option[value=aegis-encrypted]"));
    let export_pw = "another long export passphrase";
    app.type_into(&app.find("[data-testid=export-password]"), export_pw);
    app.type_into(&app.find("[data-testid=export-password2]"), export_pw);
    let aegis = out.join("aegis.json");
    app.click(&app.find("[data-testid=export-run]"));
    answer_file_dialog("Export accounts", &aegis);
    app.wait("[data-testid=export-result]", Duration::from_secs(30));
    app.screenshot("exported");
    let out = std::process::Command::new(&cli)
        .args(["import", &aegis.display().to_string(), "--dry-run"])
        .env("LOCKSTEP_VAULT", home.vault())
        .env("LOCKSTEP_PASSWORD", PASSWORD)
        .env("LOCKSTEP_IMPORT_PASSWORD", export_pw)
        .output()
        .expect("run lockstep import");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("2 already in the vault"),
        "lockstep import --dry-run (aegis): {stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// This test's record of backups in the state folder (`<hash>.backup.json`), once the app made it.
fn health_record(state: &std::path::Path) -> std::path::PathBuf {
    std::fs::read_dir(state)
        .expect("the state folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.to_string_lossy().ends_with(".backup.json"))
        .expect("the app recorded when it first looked at backups")
}

/// Moves the record's clock back `days`, as if that long had passed since the first look.
fn age_record(state: &std::path::Path, days: u64) {
    let path = health_record(state);
    let mut v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&path).expect("read")).expect("json");
    v["since"] = serde_json::json!(now() - days * 86_400);
    v.as_object_mut().expect("object").remove("snoozed_until");
    std::fs::write(&path, v.to_string()).expect("write");
}

#[test]
fn backups_health_reminds_after_30_days_and_checks_a_chosen_backup() {
    let cfg = config_or_skip!(cli);
    let cli = cfg.cli.clone().expect("checked above");
    let mut home = Home::new();
    let state = home.dir.path().join("state");
    home.extra_env
        .push(("LOCKSTEP_STATE_DIR", state.display().to_string()));
    make_vault(&home.vault(), PASSWORD, &[GITHUB, PROTON]);
    // Somewhere outside the vault's folder (a USB stick).
    let usb = tempfile::tempdir().expect("another folder");
    let old = usb.path().join("two-accounts.lockstep");
    run_cli(
        &cli,
        &home,
        PASSWORD,
        &["backup", "--out", &old.display().to_string()],
    );
    run_cli(&cli, &home, PASSWORD, &["add", BANK]);

    // A first look: no reminder on a fresh record.
    {
        let app = App::start(&cfg, &home, "health_first");
        app.unlock_with(PASSWORD);
        app.until("three entries", T, |a| a.entry_ids().len() == 3);
        app.until("the record", T, |_| {
            std::fs::read_dir(&state).is_ok_and(|mut d| d.next().is_some())
        });
        std::thread::sleep(Duration::from_millis(500));
        assert!(app.all("[data-testid=backup-reminder]").is_empty());
    }

    // 31 days later: the reminder; "Later" puts it off.
    age_record(&state, 31);
    {
        let app = App::start(&cfg, &home, "health_later");
        app.unlock_with(PASSWORD);
        app.wait("[data-testid=backup-reminder]", T);
        app.click(&app.find("[data-testid=reminder-later]"));
        app.until("reminder gone", T, |a| {
            a.all("[data-testid=backup-reminder]").is_empty()
        });
        app.until("snooze recorded", T, |_| {
            std::fs::read_to_string(health_record(&state))
                .is_ok_and(|t| t.contains("snoozed_until"))
        });
    }

    age_record(&state, 31);
    let app = App::start(&cfg, &home, "health_backup");
    app.unlock_with(PASSWORD);
    app.wait("[data-testid=backup-reminder]", T);
    app.docs_screenshot("backup-reminder");
    let mut audit = lockstep_e2e::axe::Audit::new(&app);
    audit.screen("codes with the backup reminder");
    // Back up now from the reminder: the native dialog, then the reminder is gone.
    let fresh = usb.path().join("fresh.lockstep");
    app.click(&app.find("[data-testid=reminder-backup]"));
    answer_file_dialog("Back up the vault", &fresh);
    app.until(
        "reminder gone after the backup",
        Duration::from_secs(20),
        |a| a.all("[data-testid=backup-reminder]").is_empty(),
    );
    assert!(fresh.exists(), "the backup was written");

    // Settings → Backups says when and where.
    open_backups(&app);
    let health = app.wait("[data-testid=backup-health]", T);
    assert_eq!(app.attr(&health, "data-due").as_deref(), Some("false"));
    let path = app.text(&app.find("[data-testid=health-path]"));
    assert!(
        path.contains("fresh.lockstep"),
        "the path of the last backup: {path}"
    );

    // Check this backup: the old one lacks Bank, the fresh one holds all three.
    app.type_into(
        &app.find("[data-testid=verify-file]"),
        &old.display().to_string(),
    );
    app.wait("[data-testid=verify-result]", Duration::from_secs(20));
    let n = |a: &App, name: &str| {
        a.attr(&a.find("[data-testid=verify-result]"), name)
            .and_then(|v| v.parse::<usize>().ok())
    };
    app.until("old backup compared", T, |a| {
        n(a, "data-missing") == Some(1)
    });
    assert_eq!(n(&app, "data-matching"), Some(2));
    assert_eq!(n(&app, "data-differ"), Some(0));
    assert!(app
        .text(&app.find("[data-testid=verify-missing]"))
        .contains("Bank"));
    app.screenshot("backup-check");
    audit.screen("settings: backup health and a checked backup");
    audit.finish();
    app.type_into(
        &app.find("[data-testid=verify-file]"),
        &fresh.display().to_string(),
    );
    app.until("fresh backup compared", Duration::from_secs(20), |a| {
        n(a, "data-matching") == Some(3) && n(a, "data-missing") == Some(0)
    });
    // The CLI agrees.
    let out = cli_output(
        &cli,
        &home,
        PASSWORD,
        &["backup", "--verify", &old.display().to_string()],
    );
    let said = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "an incomplete backup: {said}");
    assert!(
        said.contains("2 match, 1 missing"),
        "lockstep backup --verify: {said}"
    );
}
