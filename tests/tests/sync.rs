//! Syncing through a folder (issue 15), with two devices: the app's vault (device A, "desk") and
//! the CLI as device B ("phone", its own HOME, state folder and vault), one shared folder. A
//! starts syncing through Settings → Sync and the native folder dialog (answered by typing, as a
//! person would); B joins with `lockstep sync --folder` and adds an account; the window says
//! "Updated from phone" and shows it within 2 s of B's copy arriving, with the CLI's code. Then
//! the window deletes an account and B no longer has it. Screenshots of Settings → Sync at the
//! smallest and a large window size go to target/e2e/ (and docs/screenshots/ under xtask).
//! Skipped unless LOCKSTEP_E2E_APP and LOCKSTEP_E2E_CLI are set (`cargo xtask test`).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use lockstep_e2e::sample::{run_cli_env, BANK, GITHUB, PASSWORD, PROTON};
use lockstep_e2e::{answer_folder_dialog, config_or_skip, make_vault, App, Home, T};
use serde_json::{json, Value};

/// Device B: the CLI with its own home, state folder and vault.
struct DeviceB {
    cli: PathBuf,
    dir: tempfile::TempDir,
}

impl DeviceB {
    fn run(&self, args: &[&str]) -> String {
        let d = self.dir.path();
        let (home, state, vault) = (d.join("home"), d.join("state"), d.join("vault.lockstep"));
        run_cli_env(
            &self.cli,
            &[
                ("HOME", home.as_os_str()),
                ("LOCKSTEP_STATE_DIR", state.as_os_str()),
                ("LOCKSTEP_VAULT", vault.as_os_str()),
                ("LOCKSTEP_PASSWORD", PASSWORD.as_ref()),
            ],
            args,
        )
    }

    fn list(&self) -> Vec<Value> {
        serde_json::from_str(&self.run(&["list", "--json"])).expect("list --json")
    }

    /// The id of B's account from `issuer`.
    fn id_of(&self, issuer: &str) -> String {
        let found = self.list().into_iter().find(|e| e["issuer"] == issuer);
        let found = found.unwrap_or_else(|| panic!("{issuer} on B"));
        found["id"].as_str().expect("an id").to_owned()
    }

    /// B's copy in the shared folder (the one that is not A's).
    fn copy_in(&self, shared: &Path, a_copy: &Path) -> PathBuf {
        std::fs::read_dir(shared)
            .expect("the shared folder")
            .flatten()
            .map(|e| e.path())
            .find(|p| p != a_copy && p.extension().is_some_and(|x| x == "lockstep"))
            .expect("B's copy in the shared folder")
    }
}

/// Device A's home (its own state folder), the shared folder in it, and device B.
fn two_devices(cli: PathBuf) -> (Home, PathBuf, DeviceB) {
    let mut home = Home::new();
    let state = home.dir.path().join("state");
    home.extra_env
        .push(("LOCKSTEP_STATE_DIR", state.display().to_string()));
    let shared = home.dir.path().join("shared");
    std::fs::create_dir_all(&shared).expect("the shared folder");
    let shared = shared.canonicalize().expect("the shared folder");
    let b = DeviceB {
        cli,
        dir: tempfile::tempdir().expect("device B's home"),
    };
    (home, shared, b)
}

fn toast(app: &App) -> String {
    app.js(
        "const t = document.querySelector('[data-testid=toast]'); return t ? t.textContent : ''",
        json!([]),
    )
    .as_str()
    .unwrap_or_default()
    .to_owned()
}

fn open_sync(app: &App) {
    app.click(&app.find("[data-testid=open-settings]"));
    app.click(&app.find("[data-testid=open-sync]"));
    app.find("[data-testid=sync]");
}

fn close_sync(app: &App) {
    app.click(&app.find("[data-testid=sync-back]"));
    app.click(&app.find("[data-testid=settings-close]"));
}

/// Saves a screenshot of what is on screen, and under xtask into docs/screenshots/ too.
fn shot(app: &App, what: &str) {
    std::thread::sleep(Duration::from_millis(600)); // let WebKit lay out and paint
    let file = app.screenshot(what);
    if std::env::var_os("LOCKSTEP_E2E_README").is_some() {
        let docs = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../docs/screenshots")
            .join(format!("{what}.png"));
        std::fs::copy(&file, &docs).expect("copy the screenshot into docs/");
    }
}

#[test]
fn sync_the_window_shows_another_devices_change_within_2_s_and_its_delete_reaches_it() {
    let cfg = config_or_skip!(cli);
    let cli = cfg.cli.clone().expect("checked above");
    let (home, shared, b) = two_devices(cli);
    make_vault(&home.vault(), PASSWORD, &[GITHUB, PROTON]);

    // A: Settings → Sync → "Choose folder…", the native dialog answered with the shared folder.
    let app = App::start(&cfg, &home, "sync");
    app.unlock_with(PASSWORD);
    app.until("two entries", T, |a| a.entry_ids().len() == 2);
    open_sync(&app);
    app.find("[data-testid=sync][data-on=false]");
    app.type_into(&app.find("[data-testid=sync-name]"), "desk");
    app.click(&app.find("[data-testid=sync-choose]"));
    answer_folder_dialog("Choose the sync folder", &shared);
    app.wait("[data-testid=sync][data-on=true]", Duration::from_secs(20));
    let folder = app.text(&app.find("[data-testid=sync-folder]"));
    assert_eq!(folder, shared.display().to_string());
    assert_eq!(
        app.text(&app.find("[data-testid=sync-this-device]")),
        "desk"
    );
    app.find("[data-testid=sync-no-devices]");
    let a_copy = std::fs::read_dir(&shared)
        .expect("the shared folder")
        .flatten()
        .map(|e| e.path())
        .next()
        .expect("A wrote its copy into the folder");
    close_sync(&app);

    // B joins with the CLI: it has A's two accounts.
    b.run(&[
        "sync",
        "--folder",
        &shared.display().to_string(),
        "--name",
        "phone",
    ]);
    assert_eq!(b.list().len(), 2);

    // B adds an account; A's window says so and shows it within 2 s of B's copy arriving.
    b.run(&["add", BANK]);
    let arrived = std::fs::metadata(b.copy_in(&shared, &a_copy))
        .and_then(|m| m.modified())
        .expect("B's copy has a time");
    let start = Instant::now();
    let told = loop {
        let t = toast(&app);
        if t.contains("Updated from phone") && app.entry_ids().len() == 3 {
            break t;
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "no \"Updated from phone\" toast and new entry; toast: {t:?}, entries: {}",
            app.entry_ids().len()
        );
        std::thread::sleep(Duration::from_millis(25));
    };
    let took = SystemTime::now()
        .duration_since(arrived)
        .unwrap_or_default();
    let said = format!("B's copy arrived → toast and entry shown in {took:?}\n");
    eprint!("sync: {said}");
    let _ = std::fs::write(lockstep_e2e::screenshot_dir().join("sync-timing.txt"), said);
    assert!(
        took < Duration::from_secs(2),
        "the window took {took:?} to show B's change"
    );
    assert!(told.contains("added Bank (12345678)"), "toast: {told}");

    // The new account's code in the window is the CLI's.
    let id = b.id_of("Bank");
    app.until("the window and B's CLI show the same code", T, |a| {
        let shown = a.code_of(&id);
        let codes: Vec<Value> =
            serde_json::from_str(&b.run(&["code", "Bank", "--json"])).expect("code --json");
        !shown.is_empty() && codes.iter().any(|c| c["code"] == shown.as_str())
    });

    // Settings → Sync lists B with when it last wrote.
    open_sync(&app);
    let device = app.find("[data-testid=sync-device][data-name=phone]");
    assert!(
        app.text(&device).contains("last wrote"),
        "{}",
        app.text(&device)
    );
    app.set_size(340, 420);
    shot(&app, "sync-340x420");
    app.set_size(1280, 800);
    shot(&app, "sync-1280x800");
    app.set_size(420, 640);
    close_sync(&app);

    // The window deletes GitHub; B no longer has it.
    let github = b.id_of("GitHub");
    let row = app.find(&format!(
        "[data-entry-id=\"{github}\"] [data-testid=delete]"
    ));
    app.click(&row);
    app.click(&app.find("[data-testid=confirm-delete]"));
    app.until("GitHub gone from the window", T, |a| {
        !a.entry_ids().contains(&github)
    });
    let left: Vec<String> = b
        .list()
        .iter()
        .filter_map(|e| e["issuer"].as_str().map(str::to_owned))
        .collect();
    assert!(
        !left.iter().any(|i| i == "GitHub"),
        "B still lists {left:?}"
    );
    assert_eq!(left.len(), 2, "{left:?}");
}

/// The welcome screen's "Join a synced vault": a computer with no vault takes the one another
/// device (the CLI) syncs through the folder, chosen in the native dialog, and writes its own
/// copy there.
#[test]
fn sync_join_a_synced_vault_from_the_welcome_screen() {
    let cfg = config_or_skip!(cli);
    let cli = cfg.cli.clone().expect("checked above");
    let (home, shared, b) = two_devices(cli);
    make_vault(&b.dir.path().join("vault.lockstep"), PASSWORD, &[GITHUB]);
    b.run(&[
        "sync",
        "--folder",
        &shared.display().to_string(),
        "--name",
        "laptop",
    ]);

    let app = App::start(&cfg, &home, "sync_join");
    app.click(&app.find("[data-testid=choose-join]"));
    app.type_into(&app.find("[data-testid=join-password]"), PASSWORD);
    app.click(&app.find("[data-testid=join-submit]"));
    answer_folder_dialog("Choose the synced folder", &shared);
    let id = b.id_of("GitHub");
    app.until("GitHub in the window", Duration::from_secs(20), |a| {
        a.entry_ids() == [id.clone()]
    });
    let copies = std::fs::read_dir(&shared)
        .expect("the shared folder")
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "lockstep"))
        .count();
    assert_eq!(copies, 2, "this computer wrote its own copy beside B's");
    assert!(home.vault().exists(), "the vault is this computer's now");
}
