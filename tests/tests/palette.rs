//! The quick pick in the real window: `lockstep-app --pick` run as a second process (what a
//! desktop's custom shortcut runs, the Wayland way) and the global shortcut pressed on the X
//! server (xdotool) open the palette over the app (the second process's startup id reaching the
//! running app's window); typing, the arrow keys and Enter put the right
//! code on the clipboard (computed here by RFC 6238, not by the core) and close it; Esc closes it;
//! a locked vault asks for the password first, or opens with this device's remembered key. The
//! time from the shortcut to the palette's first frame is measured and written to
//! target/e2e/palette-latency.txt (docs/performance.md). Skipped unless LOCKSTEP_E2E_APP and
//! LOCKSTEP_E2E_CLI are set (`cargo xtask test`).

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use hmac::{Hmac, Mac};
use lockstep_e2e::sample::{BANK, GITHUB, PASSWORD, PROTON};
use lockstep_e2e::{
    clipboard, config_or_skip, keys, make_vault, run_cli, running, screenshot_dir, visible_windows,
    App, Config, Home, T,
};
use serde_json::json;

/// An RFC 6238 code (HMAC-SHA1) of a base32 `secret` at Unix time `at`.
fn totp(secret: &str, digits: u32, period: u64, at: u64) -> String {
    let key = data_encoding::BASE32_NOPAD
        .decode(secret.trim_end_matches('=').as_bytes())
        .expect("a base32 test secret");
    let mut mac = Hmac::<sha1::Sha1>::new_from_slice(&key).expect("HMAC takes any key");
    mac.update(&(at / period).to_be_bytes());
    let h = mac.finalize().into_bytes();
    let o = usize::from(h[19] & 0xf);
    let bin = u32::from_be_bytes([h[o], h[o + 1], h[o + 2], h[o + 3]]) & 0x7fff_ffff;
    format!(
        "{:0width$}",
        bin % 10u32.pow(digits),
        width = digits as usize
    )
}

/// A sample link's code at `at`, from the link's own secret, digits and period.
fn code_of(link: &str, at: u64) -> String {
    let query = link.split_once('?').map_or("", |(_, q)| q);
    let param = |name: &str| {
        query
            .split('&')
            .find_map(|kv| kv.strip_prefix(name)?.strip_prefix('='))
    };
    let digits = param("digits").map_or(6, |d| d.parse().expect("digits"));
    let period = param("period").map_or(30, |p| p.parse().expect("period"));
    totp(param("secret").expect("a secret"), digits, period, at)
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

fn unix_ms() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
}

/// Waits until the clipboard holds `link`'s code (of now or of a second ago, in case a period
/// ended meanwhile).
fn until_clipboard_holds(app: &App, link: &str) {
    app.until("the picked code on the clipboard", T, |_| {
        let c = clipboard();
        let now = unix_now();
        c == code_of(link, now) || c == code_of(link, now.saturating_sub(2))
    });
}

/// `lockstep-app --pick` as a second process, as a desktop's shortcut runs it; it hands over to
/// the running app and exits.
fn run_pick(cfg: &Config, home: &Home) {
    run_pick_with(cfg, home, &[]);
}

/// [`run_pick`] with more environment (the desktop's activation token).
fn run_pick_with(cfg: &Config, home: &Home, env: &[(&str, &str)]) {
    let mut cmd = Command::new(&cfg.app);
    cmd.arg("--pick");
    for (k, v) in home.envs() {
        cmd.env(k, v);
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    let status = cmd
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("run lockstep-app --pick");
    assert!(status.success(), "lockstep-app --pick failed: {status}");
}

/// The X window's `_NET_STARTUP_ID` (xprop), if set.
fn startup_id(window: &str) -> Option<String> {
    let out = Command::new("xprop")
        .args(["-id", window, "_NET_STARTUP_ID"])
        .stderr(Stdio::null())
        .output()
        .expect("run xprop (cargo xtask test installs it)");
    let text = String::from_utf8_lossy(&out.stdout);
    let value = text.split_once(" = ")?.1.trim();
    Some(value.strip_prefix('"')?.strip_suffix('"')?.to_owned())
}

fn palette_open(app: &App) -> bool {
    !app.all("[data-testid=palette]").is_empty()
}

fn until_closed(app: &App) {
    app.until("the palette closed", T, |a| !palette_open(a));
}

/// The page's viewport size.
fn viewport(app: &App) -> (f64, f64) {
    let v = app.js("return [window.innerWidth, window.innerHeight]", json!([]));
    (v[0].as_f64().unwrap_or(0.0), v[1].as_f64().unwrap_or(0.0))
}

/// The issuer of the selected row.
fn selected_issuer(app: &App) -> String {
    let row = app.find("[data-testid=palette-item][aria-selected=true] .issuer");
    app.text(&row)
}

/// Opens the palette with `trigger` and waits for its first frame; returns the milliseconds
/// from just before the trigger to that frame (the page's clock), and from the open request to
/// it as the app measured (Rust's clock).
fn timed_open(app: &App, trigger: impl Fn()) -> (f64, f64) {
    app.js(
        "delete document.documentElement.dataset.paletteShownAt; \
         delete document.documentElement.dataset.paletteMs",
        json!([]),
    );
    let start = unix_ms();
    trigger();
    app.until("the palette's first frame", T, |a| {
        a.js(
            "return document.documentElement.dataset.paletteMs || null",
            json!([]),
        )
        .is_string()
    });
    let v = app.js(
        "const d = document.documentElement.dataset; return [Number(d.paletteShownAt), Number(d.paletteMs)]",
        json!([]),
    );
    let (at, rust) = (
        v[0].as_f64().unwrap_or(f64::NAN),
        v[1].as_f64().unwrap_or(f64::NAN),
    );
    (at - start, rust)
}

/// "median / max" of a list of milliseconds.
fn summary(samples: &mut [f64]) -> String {
    samples.sort_by(f64::total_cmp);
    let list: Vec<String> = samples.iter().map(|s| format!("{s:.0}")).collect();
    format!(
        "median {:.0} ms, max {:.0} ms over {} opens ({})",
        samples[samples.len() / 2],
        samples[samples.len() - 1],
        samples.len(),
        list.join(", ")
    )
}

fn record_latency(line: &str) {
    println!("{line}");
    let path = screenshot_dir().join("palette-latency.txt");
    if let Ok(mut f) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
    {
        let _ = writeln!(f, "{line}");
    }
}

#[test]
fn palette_totp_helper_matches_rfc_6238() {
    // RFC 6238, appendix B: the SHA1 seed "12345678901234567890", T = 59 and 1111111109.
    let seed = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
    assert_eq!(totp(seed, 8, 30, 59), "94287082");
    assert_eq!(totp(seed, 8, 30, 1_111_111_109), "07081804");
}

#[test]
fn palette_from_pick_copies_the_typed_account_and_closes() {
    let cfg = config_or_skip!();
    let home = Home::new();
    make_vault(&home.vault(), PASSWORD, &[GITHUB, PROTON, BANK]);
    let app = App::start(&cfg, &home, "palette-pick");
    app.resize(420, 640);
    app.unlock_with(PASSWORD);
    app.until("three entries", T, |a| a.entry_ids().len() == 3);
    let before = viewport(&app);

    // `lockstep-app --pick` while the app runs, started as a desktop starts a shortcut's command
    // (with a startup id): the palette, with the search field focused.
    let token = format!("lockstep-e2e-{}_TIME4242", std::process::id());
    run_pick_with(&cfg, &home, &[("DESKTOP_STARTUP_ID", token.as_str())]);
    app.find("[data-testid=palette] [data-testid=palette-item]");
    // The running app's window got the token the second process was started with: GTK sets it as
    // the X window's _NET_STARTUP_ID (on Wayland the same call activates through xdg-activation).
    app.until("the window carries the startup id", T, |_| {
        visible_windows("^Lockstep$")
            .iter()
            .any(|id| startup_id(id).as_deref() == Some(token.as_str()))
    });
    app.until("the search field focused", T, |a| {
        a.focused_testid().as_deref() == Some("palette-search")
    });
    let (w, h) = viewport(&app);
    assert!(
        (w - 480.0).abs() <= 40.0 && (h - 420.0).abs() <= 40.0,
        "palette size {w}×{h}"
    );
    assert_eq!(app.all("[data-testid=palette-item]").len(), 3);
    // No code reaches the palette: only names.
    let text = app.text(&app.find("[data-testid=palette]"));
    for link in [GITHUB, PROTON, BANK] {
        assert!(!text.contains(&code_of(link, unix_now())), "{text}");
    }

    // A few letters (the core's search), Enter: Proton's code, and the palette is gone.
    app.type_keys("prot");
    app.until("only Proton listed", T, |a| {
        a.all("[data-testid=palette-item]").len() == 1
    });
    app.docs_screenshot("palette");
    assert_eq!(selected_issuer(&app), "Proton");
    app.press(&[keys::ENTER]);
    until_closed(&app);
    until_clipboard_holds(&app, PROTON);
    app.until("the window back to its size", T, |a| {
        let (w, h) = viewport(a);
        (w - before.0).abs() <= 2.0 && (h - before.1).abs() <= 2.0
    });
    app.find("[data-testid=add]");

    // Typed and Enter at once: the pick waits for the search's answer.
    run_pick(&cfg, &home);
    app.find("[data-testid=palette-item]");
    app.type_keys("bank");
    app.press(&[keys::ENTER]);
    until_closed(&app);
    until_clipboard_holds(&app, BANK);

    // The arrow keys move the selection: Down, Down, Up from the first row is the second.
    run_pick(&cfg, &home);
    app.find("[data-testid=palette-item]");
    assert_eq!(selected_issuer(&app), "GitHub");
    app.press(&[keys::DOWN]);
    app.press(&[keys::DOWN]);
    app.press(&[keys::UP]);
    assert_eq!(selected_issuer(&app), "Proton");
    app.press(&[keys::ENTER]);
    until_closed(&app);
    until_clipboard_holds(&app, PROTON);

    // Esc closes without copying anything new.
    let held = clipboard();
    run_pick(&cfg, &home);
    app.find("[data-testid=palette-item]");
    app.type_keys("git");
    app.press(&[keys::ESCAPE]);
    until_closed(&app);
    assert_eq!(clipboard(), held);
    app.find("[data-testid=add]");

    // Latency: from starting `lockstep-app --pick` to the palette's first frame.
    let (mut wall, mut rust) = (Vec::new(), Vec::new());
    for _ in 0..10 {
        let (w, r) = timed_open(&app, || run_pick(&cfg, &home));
        wall.push(w);
        rust.push(r);
        app.press(&[keys::ESCAPE]);
        until_closed(&app);
        std::thread::sleep(Duration::from_millis(300));
    }
    record_latency(&format!(
        "--pick, start of the second process to first frame: {}",
        summary(&mut wall)
    ));
    record_latency(&format!(
        "--pick, the running app's open request to first frame: {}",
        summary(&mut rust)
    ));
}

#[test]
fn palette_asks_for_the_password_when_locked() {
    let cfg = config_or_skip!();
    let home = Home::new();
    make_vault(&home.vault(), PASSWORD, &[GITHUB, PROTON, BANK]);
    let app = App::start(&cfg, &home, "palette-locked");
    app.find("[data-testid=unlock-password]");

    run_pick(&cfg, &home);
    let field = app.find("[data-testid=palette-password]");
    assert!(app.all("[data-testid=palette-item]").is_empty());
    app.type_into(&field, "not the password");
    app.press(&[keys::ENTER]);
    // The error's element may be drawn a moment before its words.
    app.until("the wrong password refused", T, |a| {
        let error = a.find("[data-testid=palette-error]");
        a.text(&error).contains("Wrong password")
    });
    app.screenshot("wrong-password");
    app.clear(&field);
    app.type_into(&field, PASSWORD);
    app.press(&[keys::ENTER]);
    app.until("the list after the password", T, |a| {
        a.all("[data-testid=palette-item]").len() == 3
    });
    app.until("the search field focused", T, |a| {
        a.focused_testid().as_deref() == Some("palette-search")
    });
    app.type_keys("octo");
    app.press(&[keys::ENTER]);
    until_closed(&app);
    until_clipboard_holds(&app, GITHUB);
    // The window behind is open too.
    app.find("[data-testid=add]");
}

#[test]
fn palette_opens_a_remembered_vault_without_the_password() {
    let cfg = config_or_skip!(cli);
    let cli = cfg.cli.clone().expect("checked above");
    let home = Home::new();
    make_vault(&home.vault(), PASSWORD, &[GITHUB, PROTON]);
    run_cli(&cli, &home, PASSWORD, &["remember"]);
    let app = App::start(&cfg, &home, "palette-remembered");
    // The window opened the vault with the remembered key at start; lock it.
    app.click(&app.find("[data-testid=lock]"));
    app.find("[data-testid=unlock-password]");

    run_pick(&cfg, &home);
    app.until("the list, without a password", T, |a| {
        a.all("[data-testid=palette-item]").len() == 2
    });
    assert!(app.all("[data-testid=palette-password]").is_empty());
    app.type_keys("proton");
    app.press(&[keys::ENTER]);
    until_closed(&app);
    until_clipboard_holds(&app, PROTON);
    run_cli(&cli, &home, PASSWORD, &["forget"]);
}

#[test]
fn palette_alone_when_started_by_pick() {
    let cfg = config_or_skip!();
    let home = Home::new();
    make_vault(&home.vault(), PASSWORD, &[GITHUB, PROTON]);
    let app = App::start_with_args(&cfg, &home, "palette-start", &["--pick"]);
    let field = app.find("[data-testid=palette-password]");
    let (w, h) = viewport(&app);
    assert!(
        (w - 480.0).abs() <= 40.0 && (h - 420.0).abs() <= 40.0,
        "palette size {w}×{h}"
    );
    app.type_into(&field, PASSWORD);
    app.press(&[keys::ENTER]);
    app.until("the list", T, |a| {
        a.all("[data-testid=palette-item]").len() == 2
    });
    app.type_keys("github");
    app.press(&[keys::ENTER]);
    until_closed(&app);
    until_clipboard_holds(&app, GITHUB);
    // The window is hidden again and the app keeps running for the next pick.
    app.until("the window hidden", T, |_| {
        visible_windows("^Lockstep$").is_empty()
    });
    assert!(running(&cfg.app.display().to_string()));
    run_pick(&cfg, &home);
    app.find("[data-testid=palette-item]");
    assert!(!visible_windows("^Lockstep$").is_empty());
    app.press(&[keys::ESCAPE]);
    until_closed(&app);
    app.until("the window hidden again", T, |_| {
        visible_windows("^Lockstep$").is_empty()
    });
}

#[test]
fn palette_from_the_global_shortcut_on_x11() {
    let cfg = config_or_skip!();
    let home = Home::new();
    make_vault(&home.vault(), PASSWORD, &[GITHUB, PROTON, BANK]);
    let xdotool_key = || {
        let status = Command::new("xdotool")
            .args(["key", "ctrl+shift+k"])
            .status()
            .expect("xdotool runs (apt xdotool)");
        assert!(status.success());
    };
    // Off by default; set in Settings (the plugin is added then), then from the saved settings
    // at the next start.
    for (run, name) in ["palette-shortcut-set", "palette-shortcut-restart"]
        .iter()
        .enumerate()
    {
        let app = App::start(&cfg, &home, name);
        app.resize(420, 640);
        app.unlock_with(PASSWORD);
        app.until("three entries", T, |a| a.entry_ids().len() == 3);
        if run == 0 {
            app.click(&app.find("[data-testid=open-settings]"));
            let field = app.find("[data-testid=setting-shortcut]");
            let label = app.find("label[for=s-shortcut]");
            assert!(
                app.text(&label).contains("quick pick"),
                "{}",
                app.text(&label)
            );
            app.type_into(&field, "Ctrl+Shift+K");
            app.click(&app.find("[data-testid=settings-close]"));
        }
        // The key press goes to the X server (xdotool, XTEST), not to the page.
        app.until("the palette from the shortcut", T, |a| {
            xdotool_key();
            std::thread::sleep(Duration::from_millis(300));
            palette_open(a)
        });
        app.find("[data-testid=palette-item]");
        app.type_keys("bank");
        app.press(&[keys::ENTER]);
        until_closed(&app);
        until_clipboard_holds(&app, BANK);

        if run == 1 {
            let (mut wall, mut rust) = (Vec::new(), Vec::new());
            for _ in 0..10 {
                let (w, r) = timed_open(&app, xdotool_key);
                wall.push(w);
                rust.push(r);
                app.press(&[keys::ESCAPE]);
                until_closed(&app);
                std::thread::sleep(Duration::from_millis(300));
            }
            record_latency(&format!(
                "global shortcut (X11), xdotool key to first frame: {}",
                summary(&mut wall)
            ));
            record_latency(&format!(
                "global shortcut (X11), the app's shortcut event to first frame: {}",
                summary(&mut rust)
            ));
        }
    }
}
