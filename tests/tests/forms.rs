//! Everyday polish in the real window (issue 20, items 1, 4 and 9), read off the screen as a
//! person would: an error appears under the control that caused it and inside the window
//! (bounding boxes from the page's layout), the control keeps what was chosen, password fields
//! show and hide, warn about Caps Lock and say why a new password is refused; "Deleted" has an
//! Undo that brings the account back with its codes; "Copied" names the account and covers no
//! code; the delete button is red, the settings icon a gear, the ring warns in its last 5 s; a
//! backup is offered a dated name. Screenshots go to target/e2e/ and, under `cargo xtask test`,
//! to docs/screenshots/forms-*.png.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use lockstep_e2e::{
    clipboard, config_or_skip, make_vault, visible_windows, App, Config, Home, Rect, T,
};
use serde_json::json;

const PASSWORD: &str = "correct horse battery staple";
const STRONG: &str = "a brand new passphrase for the laptop";
const GITHUB: &str = "otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub";
const PROTON: &str = "otpauth://totp/Proton:alice@proton.me?secret=GEZDGNBVGY3TQOJQ&issuer=Proton";

/// The small and the wide window of the README's screenshots.
const SMALL: (u32, u32) = (340, 420);
const WIDE: (u32, u32) = (1280, 800);

/// Saves a screenshot; under `cargo xtask test` also as docs/screenshots/forms-<what>.png.
fn shot(app: &App, what: &str) {
    std::thread::sleep(Duration::from_millis(400)); // let WebKit paint
    let path = app.screenshot(what);
    if std::env::var_os("LOCKSTEP_E2E_README").is_some() {
        let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/screenshots");
        let _ = std::fs::create_dir_all(&docs);
        std::fs::copy(&path, docs.join(format!("forms-{what}.png")))
            .expect("copy the screenshot into docs/");
    }
}

/// The app over a new vault holding `links` (light theme), unlocked, in a `size` window. The
/// app comes first in the pair: it ends before its home is removed.
fn unlocked(cfg: &Config, name: &str, links: &[&str], size: (u32, u32)) -> (App, Home) {
    let home = Home::new();
    make_vault(&home.vault(), PASSWORD, links);
    home.write_settings(json!({ "theme": "light" }));
    let app = App::start(cfg, &home, name);
    app.unlock_with(PASSWORD);
    app.set_window_size(size.0, size.1);
    (app, home)
}

/// [`shot`] at the size the window has, then again at 1280×800 as `<what>-wide`.
fn shots(app: &App, what: &str) {
    shot(app, what);
    app.set_window_size(WIDE.0, WIDE.1);
    shot(app, &format!("{what}-wide"));
}

/// Settings → Backups, restore and export.
fn open_backups(app: &App) {
    app.click(&app.find("[data-testid=open-settings]"));
    app.click(&app.find("[data-testid=open-backups]"));
}

/// A measurement for the report: printed, and appended to target/e2e/forms-measured.txt.
fn note(line: &str) {
    use std::io::Write;
    eprintln!("{line}");
    if let Ok(mut f) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(lockstep_e2e::screenshot_dir().join("forms-measured.txt"))
    {
        let _ = writeln!(f, "{line}");
    }
}

fn rect(app: &App, css: &str) -> Rect {
    app.rect(css)
        .unwrap_or_else(|| panic!("{css} is not on the page"))
}

/// Waits for the error `css` to say something with `says` in it (any case); returns its text
/// after checking that it lies inside the window and just under `control` (within 120 px below
/// its bottom, overlapping it horizontally).
fn error_under(app: &App, css: &str, control: &str, says: &str) -> String {
    let el = app.find(css);
    app.until(&format!("{css} says something"), T, |a| {
        !a.text(&el).trim().is_empty()
    });
    std::thread::sleep(Duration::from_millis(200)); // the scroll into view
    let e = rect(app, css);
    let c = rect(app, control);
    assert!(e.in_view(), "{css} is outside the window: {e:?}");
    let gap = e.top - c.bottom;
    assert!(
        (-1.0..=120.0).contains(&gap),
        "{css} is {gap} px below {control}: {e:?} {c:?}"
    );
    assert!(
        e.left < c.right && c.left < e.right,
        "{css} is not under {control}"
    );
    note(&format!(
        "{css}: {gap:.0} px under {control}, inside the {}×{} window",
        e.view_width, e.view_height
    ));
    let text = app.text(&el);
    assert!(text.to_lowercase().contains(says), "{css}: {text}");
    text
}

/// The chosen file's name in a file input, as the page holds it ("" when none).
fn chosen_file(app: &App, css: &str) -> String {
    app.js(
        "const i = document.querySelector(arguments[0]); return i && i.files.length ? i.files[0].name : ''",
        json!([css]),
    )
    .as_str()
    .unwrap_or_default()
    .to_owned()
}

fn value_of(app: &App, css: &str) -> String {
    app.js(
        "const i = document.querySelector(arguments[0]); return i ? i.value : null",
        json!([css]),
    )
    .as_str()
    .unwrap_or_default()
    .to_owned()
}

fn computed(app: &App, css: &str, property: &str) -> String {
    app.js(
        "const e = document.querySelector(arguments[0]); return e ? getComputedStyle(e).getPropertyValue(arguments[1]) : ''",
        json!([css, property]),
    )
    .as_str()
    .unwrap_or_default()
    .trim()
    .to_owned()
}

/// A file that is not a Lockstep backup nor any app's export.
fn not_a_backup(home: &Home) -> std::path::PathBuf {
    let f = home.dir.path().join("notes.lockstep");
    std::fs::write(&f, "shopping: milk, eggs\n").expect("write a text file");
    f
}

fn xdotool(args: &[&str]) -> String {
    let out = Command::new("xdotool")
        .args(args)
        .stderr(Stdio::null())
        .output()
        .expect("run xdotool");
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

/// The Caps Lock warning of the password field `field` (its data-testid) appears when Caps Lock
/// is on: pressed on the X keyboard (xdotool) and a key typed into the focused field.
fn caps_lock_warns(app: &App, field: &str) {
    let warning = format!("[data-field={field}] [data-testid=caps-lock]");
    let hidden = |a: &App| a.attr(&a.find(&warning), "hidden").is_some();
    assert!(hidden(app), "no Caps Lock warning before Caps Lock");
    app.click(&app.find(&format!("[data-testid={field}]")));
    let before = value_of(app, &format!("[data-testid={field}]"));
    let window = visible_windows("^Lockstep$")
        .into_iter()
        .next()
        .expect("the window");
    xdotool(&["windowfocus", "--sync", &window]);
    xdotool(&["key", "Caps_Lock"]);
    xdotool(&["key", "x"]);
    let seen = {
        let start = std::time::Instant::now();
        loop {
            if !hidden(app) {
                break true;
            }
            if start.elapsed() > Duration::from_secs(3) {
                break false;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    };
    let typed = value_of(app, &format!("[data-testid={field}]"));
    xdotool(&["key", "Caps_Lock"]); // off again, for whatever comes next
    assert!(
        seen,
        "Caps Lock on, a key typed ({before:?} → {typed:?}): no warning"
    );
    assert_eq!(
        typed,
        format!("{before}X"),
        "the key typed with Caps Lock on"
    );
    shot(app, "caps-lock");
    // Typing with Caps Lock off again hides it.
    xdotool(&["key", "BackSpace"]);
    app.until("the warning goes", T, |a| hidden(a));
}

#[test]
fn forms_first_run_says_why_a_password_is_refused_and_where_a_restore_failed() {
    let cfg = config_or_skip!();
    let home = Home::new();
    let app = App::start(&cfg, &home, "forms_first_run");
    app.set_window_size(SMALL.0, SMALL.1);
    let field = app.find("[data-testid=create-password]");
    app.type_into(&field, "password1");
    // Why, and what would pass, under the field; the button stays off.
    let advice = "[data-field=create-password] [data-testid=password-advice]";
    app.until("the reason under the field", T, |a| {
        a.attr(&a.find(advice), "hidden").is_none()
    });
    let said = app.text(&app.find(advice));
    assert!(said.contains("Not accepted"), "{said}");
    assert!(said.contains("To pass:"), "{said}");
    let a = rect(&app, advice);
    let f = rect(&app, "[data-testid=create-password]");
    assert!(
        a.in_view() && a.top >= f.bottom && a.top - f.bottom < 60.0,
        "{a:?} {f:?}"
    );
    assert!(app
        .attr(&app.find("[data-testid=create-submit]"), "disabled")
        .is_some());
    note(&format!("first run, \"password1\": {said}"));
    shot(&app, "first-run-weak");

    // Show / hide: the button has a name, the text stays.
    let toggle = app.find("[data-field=create-password] [data-testid=reveal-password]");
    assert_eq!(
        app.attr(&toggle, "aria-label").as_deref(),
        Some("Show password")
    );
    app.click(&toggle);
    assert_eq!(app.attr(&field, "type").as_deref(), Some("text"));
    assert_eq!(
        app.attr(&toggle, "aria-label").as_deref(),
        Some("Hide password")
    );
    assert_eq!(value_of(&app, "[data-testid=create-password]"), "password1");
    shot(&app, "first-run-shown");
    app.click(&toggle);
    assert_eq!(app.attr(&field, "type").as_deref(), Some("password"));
    caps_lock_warns(&app, "create-password");

    // Restoring from a file that is not a backup: the error is under the file, which stays.
    let file = not_a_backup(&home);
    app.click(&app.find("[data-testid=choose-restore]"));
    app.type_into(
        &app.find("[data-testid=restore-file]"),
        &file.display().to_string(),
    );
    app.type_into(&app.find("[data-testid=restore-secret]"), PASSWORD);
    app.click(&app.find("[data-testid=restore-submit]"));
    error_under(
        &app,
        "[data-testid=restore-file-error]",
        "[data-testid=restore-file-name]",
        "backup",
    );
    assert_eq!(
        chosen_file(&app, "[data-testid=restore-file]"),
        "notes.lockstep"
    );
    assert_eq!(value_of(&app, "[data-testid=restore-secret]"), PASSWORD);
    assert!(!home.vault().exists(), "nothing was created");
    shots(&app, "first-run-restore-error");
}

/// Settings → Backups at the smallest window: the restore error sits under the file field
/// (which keeps its file), an export's weak password is refused under its field.
#[test]
fn forms_backup_and_export_errors_sit_under_their_fields() {
    let cfg = config_or_skip!();
    let (app, home) = unlocked(&cfg, "forms_backups", &[GITHUB, PROTON], SMALL);
    open_backups(&app);
    let file = not_a_backup(&home);
    app.type_into(
        &app.find("[data-testid=restore-file]"),
        &file.display().to_string(),
    );
    error_under(
        &app,
        "[data-testid=restore-error]",
        "[data-testid=restore-file]",
        "backup",
    );
    assert_eq!(
        chosen_file(&app, "[data-testid=restore-file]"),
        "notes.lockstep"
    );
    shots(&app, "restore-not-a-backup");
    app.set_window_size(SMALL.0, SMALL.1);

    // An encrypted export with a weak password: why, under the field, before any dialog.
    app.click(&app.find("[data-testid=export-format] option[value=aegis-encrypted]"));
    app.type_into(&app.find("[data-testid=export-password]"), "password1");
    app.type_into(&app.find("[data-testid=export-password2]"), "password1");
    app.click(&app.find("[data-testid=export-run]"));
    error_under(
        &app,
        "[data-testid=export-password-error]",
        "[data-field=export-password] [data-testid=password-advice]",
        "not accepted",
    );
    assert_eq!(value_of(&app, "[data-testid=export-password]"), "password1");
    shot(&app, "export-weak");
    assert!(
        visible_windows("Export accounts").is_empty(),
        "no save dialog"
    );
}

/// Settings → Password: a weak new password is refused under its field with the reason; a wrong
/// current password under the current one; every field keeps its text.
#[test]
fn forms_settings_password_errors_sit_under_their_fields() {
    let cfg = config_or_skip!();
    let (app, _home) = unlocked(&cfg, "forms_settings", &[GITHUB], SMALL);
    app.click(&app.find("[data-testid=open-settings]"));
    app.type_into(
        &app.find("[data-testid=settings-new-password]"),
        "password1",
    );
    app.type_into(
        &app.find("[data-testid=settings-confirm-password]"),
        "password1",
    );
    let advice = "[data-field=settings-new-password] [data-testid=password-advice]";
    app.until("the reason under the field", T, |a| {
        a.attr(&a.find(advice), "hidden").is_none()
    });
    app.click(&app.find("[data-testid=change-password]"));
    error_under(
        &app,
        "[data-testid=settings-new-password-error]",
        advice,
        "not accepted",
    );
    assert!(app.text(&app.find(advice)).contains("To pass:"));
    shot(&app, "settings-weak");

    // A strong new password with a wrong current one: the error is under the current field.
    for (field, text) in [
        ("current-password", "not my password at all"),
        ("settings-new-password", STRONG),
        ("settings-confirm-password", STRONG),
    ] {
        let el = app.find(&format!("[data-testid={field}]"));
        app.clear(&el);
        app.type_into(&el, text);
    }
    app.until("the strong password scored", T, |a| {
        a.attr(&a.find(advice), "hidden").is_some()
    });
    app.click(&app.find("[data-testid=change-password]"));
    error_under(
        &app,
        "[data-testid=current-password-error]",
        "[data-testid=current-password]",
        "password",
    );
    assert_eq!(
        value_of(&app, "[data-testid=settings-new-password]"),
        STRONG
    );
    assert_eq!(
        value_of(&app, "[data-testid=current-password]"),
        "not my password at all"
    );
    shots(&app, "settings-wrong-current");
}

/// Add → a file no app exported: the error is under the file field.
#[test]
fn forms_an_import_error_sits_under_the_file_field() {
    let cfg = config_or_skip!();
    let (app, home) = unlocked(&cfg, "forms_import", &[GITHUB], SMALL);
    app.click(&app.find("[data-testid=add]"));
    let file = home.dir.path().join("notes.txt");
    std::fs::write(&file, "shopping: milk, eggs\n").expect("write");
    app.type_into(
        &app.find("[data-testid=add-file]"),
        &file.display().to_string(),
    );
    error_under(
        &app,
        "[data-testid=add-file-error]",
        "[data-testid=add-file]",
        "",
    );
    assert_eq!(chosen_file(&app, "[data-testid=add-file]"), "notes.txt");
    shot(&app, "import-error");
}

/// The code the CLI computes for `link` at Unix time `at` (`code --uri`, no vault; the CLI's
/// warning about a secret in its arguments is expected here).
fn cli_code(cli: &Path, link: &str, at: u64) -> String {
    let out = Command::new(cli)
        .args(["code", "--at", &at.to_string(), "--uri", link])
        .stderr(Stdio::null())
        .output()
        .expect("run the CLI");
    assert!(out.status.success(), "lockstep code --uri");
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// "Copied" names the account and covers no code; the gear; the red delete button; "Deleted"
/// with Undo, which brings the account back with the CLI's codes for its secret; the ring's
/// warning colour and seconds in the last 5 s.
#[test]
fn forms_copy_delete_undo_gear_and_ring() {
    let cfg = config_or_skip!(cli);
    let cli = cfg.cli.clone().expect("checked above");
    let (app, _home) = unlocked(&cfg, "forms_codes", &[GITHUB, PROTON], SMALL);
    app.until("two entries", T, |a| a.entry_ids().len() == 2);
    let ids = app.entry_ids();
    let github = ids[0].clone();

    // The settings button's icon is the gear.
    assert_eq!(
        app.attr(&app.find("[data-testid=open-settings] svg"), "data-icon")
            .as_deref(),
        Some("gear")
    );

    // Copy: the toast names the account and covers none of the codes.
    app.click(&app.find(&format!("[data-entry-id=\"{github}\"] button.main")));
    let toast = app.find("[data-testid=toast]");
    assert!(
        app.text(&toast).contains("GitHub (alice)"),
        "{}",
        app.text(&toast)
    );
    let t = rect(&app, "[data-testid=toast]");
    assert!(t.in_view());
    let mut lowest = 0.0_f64;
    for id in &ids {
        let code = rect(
            &app,
            &format!("[data-entry-id=\"{id}\"] [data-testid=code]"),
        );
        assert!(
            !t.overlaps(&code),
            "the toast {t:?} covers the code {code:?}"
        );
        lowest = lowest.max(code.bottom);
    }
    note(&format!(
        "copied toast {:?}: y {:.0}–{:.0}; the lowest code ends at y {lowest:.0}",
        app.text(&toast),
        t.top,
        t.bottom
    ));
    shot(&app, "copied");

    // Delete: the confirmation's button is red.
    app.click(&app.find(&format!(
        "[data-entry-id=\"{github}\"] [data-testid=delete]"
    )));
    let red = computed(&app, "[data-testid=confirm-delete]", "background-color");
    assert_eq!(red, "rgb(198, 40, 40)", "the delete button's colour");
    shot(&app, "delete-confirm");
    app.click(&app.find("[data-testid=confirm-delete]"));
    app.until("one entry", T, |a| a.entry_ids().len() == 1);
    let toast = app.find("[data-testid=toast]");
    assert!(
        app.text(&toast).contains("Deleted GitHub (alice)"),
        "{}",
        app.text(&toast)
    );
    let undo = app.find("[data-testid=toast-action]");
    assert_eq!(app.text(&undo), "Undo");
    shot(&app, "deleted-undo");
    app.click(&undo);
    app.until("the account is back", T, |a| a.entry_ids().len() == 2);
    assert_eq!(app.entry_ids(), ids, "back in its place, with its id");
    // Its code is the one the CLI computes for its secret (read twice around a boundary).
    let ok = (0..3).any(|_| {
        let before = unix_now();
        let shown = app.code_of(&github);
        let after = unix_now();
        let expect = [
            cli_code(&cli, GITHUB, before),
            cli_code(&cli, GITHUB, after),
        ];
        if !expect.contains(&shown) {
            std::thread::sleep(Duration::from_secs(1));
            return false;
        }
        note(&format!(
            "undo: GitHub shows {shown}, the CLI computes {}",
            expect[0]
        ));
        true
    });
    assert!(ok, "the restored account's code differs from the CLI's");

    // The ring: the accent colour, then the warning colour with the seconds in the last 5 s.
    let ring = format!("[data-entry-id=\"{github}\"] [data-testid=ring]");
    let remaining = |a: &App| -> u64 {
        a.attr(&a.find(&ring), "data-remaining")
            .and_then(|s| s.parse().ok())
            .unwrap_or(0)
    };
    app.until("a calm second", Duration::from_secs(35), |a| {
        a.js(
            "window.dispatchEvent(new PointerEvent('pointermove'))",
            json!([]),
        );
        remaining(a) > 6
    });
    let calm = computed(&app, &format!("{ring} .arc"), "stroke");
    app.until("the last 5 s", Duration::from_secs(35), |a| {
        a.js(
            "window.dispatchEvent(new PointerEvent('pointermove'))",
            json!([]),
        );
        (1..=5).contains(&remaining(a))
    });
    let left = remaining(&app);
    let warn = computed(&app, &format!("{ring} .arc"), "stroke");
    let digits = app.text(&app.find(&format!("{ring} [data-testid=ring-seconds]")));
    let label = app.attr(&app.find(&ring), "aria-label").unwrap_or_default();
    assert_eq!(warn, "rgb(180, 83, 9)", "the warning colour (calm: {calm})");
    assert_ne!(calm, warn);
    assert!(
        digits.parse::<u64>().is_ok_and(|d| d <= 5),
        "digits {digits:?}"
    );
    assert!(
        label.ends_with("seconds left") || label == "1 second left",
        "{label}"
    );
    note(&format!(
        "ring: {calm} → {warn} with {left} s left, digits {digits:?}, label {label:?}"
    ));
    shots(&app, "ring-warning");
}

/// "Back up now" offers `lockstep-backup-YYYY-MM-DD.lockstep` (today, UTC): read from the native
/// dialog's name field (select all, copy, read the clipboard), then the dialog is cancelled.
#[test]
fn forms_a_backup_is_offered_a_dated_name() {
    let cfg = config_or_skip!();
    let (app, _home) = unlocked(&cfg, "forms_backup_name", &[GITHUB], WIDE);
    open_backups(&app);
    app.click(&app.find("[data-testid=backup-now]"));
    let start = std::time::Instant::now();
    let dialog = loop {
        if let Some(id) = visible_windows("Back up the vault").into_iter().next() {
            break id;
        }
        assert!(start.elapsed() < Duration::from_secs(20), "no save dialog");
        std::thread::sleep(Duration::from_millis(200));
    };
    std::thread::sleep(Duration::from_millis(800));
    xdotool(&["windowfocus", "--sync", &dialog]);
    xdotool(&["key", "--clearmodifiers", "ctrl+a"]);
    xdotool(&["key", "--clearmodifiers", "ctrl+c"]);
    let today = Command::new("date")
        .args(["-u", "+%F"])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .expect("date");
    let expected = format!("lockstep-backup-{today}.lockstep");
    let mut offered = String::new();
    for _ in 0..40 {
        offered = clipboard();
        if offered == expected {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    shot(&app, "backup-dialog");
    xdotool(&["key", "Escape"]);
    assert_eq!(offered, expected, "the name the save dialog offers");
    note(&format!("the save dialog offers {offered}"));
}
