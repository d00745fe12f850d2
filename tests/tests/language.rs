//! The window's language: started with a Swedish system locale (LANG/LANGUAGE of the app
//! process) it speaks Swedish on the unlock, codes and settings screens, including the password
//! advice that Rust sends as data (zxcvbn's warning and suggestion, worded by the catalog);
//! choosing Deutsch in Settings changes the text at once and is kept after a restart. The
//! expected words are written here, not read from the catalogs. Screenshots:
//! docs/screenshots/sv-codes.png and sv-settings.png. Skipped unless LOCKSTEP_E2E_APP is set
//! (`cargo xtask test` sets it).

use lockstep_e2e::sample::{BANK, GITHUB, PASSWORD, PROTON};
use lockstep_e2e::{config_or_skip, keys, make_vault, screenshot_dir, App, Home, T};
use serde_json::{json, Value};

/// A Swedish system: the locale variables as a Swedish desktop session sets them. LC_ALL and
/// LC_MESSAGES are emptied so the runner's own locale does not win over LANG.
fn swedish_home() -> Home {
    let mut home = Home::new();
    home.extra_env.extend([
        ("LANG", "sv_SE.UTF-8".to_owned()),
        ("LANGUAGE", "sv".to_owned()),
        ("LC_ALL", String::new()),
        ("LC_MESSAGES", String::new()),
    ]);
    make_vault(&home.vault(), PASSWORD, &[GITHUB, PROTON, BANK]);
    home
}

/// The trimmed text of the first element matching `css`.
fn text_of(app: &App, css: &str) -> String {
    app.text(&app.find(css)).trim().to_owned()
}

fn attr_of(app: &App, css: &str, name: &str) -> String {
    app.attr(&app.find(css), name).unwrap_or_default()
}

fn page_lang(app: &App) -> String {
    app.js("return document.documentElement.lang", json!([]))
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

#[test]
fn the_window_follows_a_swedish_system_and_the_language_setting() {
    let cfg = config_or_skip!();
    let home = swedish_home();
    let app = App::start(&cfg, &home, "language");

    // What WebKitGTK itself reports, kept beside the screenshots (ARCHITECTURE.md, "UI text"):
    // the window's choice comes from the locale Rust reads, whatever this says.
    let webkit = app.js("return [...navigator.languages]", json!([]));
    let _ = std::fs::write(
        screenshot_dir().join("language-navigator-languages.txt"),
        webkit.to_string(),
    );

    // The unlock screen, before any setting is read from an open vault.
    app.until("the Swedish unlock screen", T, |a| {
        text_of(a, "h1") == "Lås upp Lockstep"
    });
    assert_eq!(text_of(&app, "[data-testid=unlock-submit]"), "Lås upp");
    app.unlock_with(PASSWORD);
    app.until("three accounts", T, |a| a.entry_ids().len() == 3);

    // The codes screen.
    assert_eq!(page_lang(&app), "sv");
    assert_eq!(
        attr_of(&app, "[data-testid=search]", "placeholder"),
        "Sök (skriv var som helst, Ctrl+F)"
    );
    assert_eq!(
        attr_of(&app, "[data-testid=add]", "aria-label"),
        "Lägg till konton"
    );
    assert_eq!(attr_of(&app, "[data-testid=lock]", "title"), "Lås (Ctrl+L)");
    let ring = attr_of(&app, "[data-testid=ring]", "aria-label");
    assert!(
        ring.ends_with("sekunder kvar") || ring.ends_with("sekund kvar"),
        "{ring}"
    );
    app.docs_screenshot("sv-codes");

    // A list of links with a line the core cannot read: where and why, sent as codes
    // (`import::Place::Line`, `UriProblem::MissingType`; in English "line 2: malformed otpauth
    // link: the OTP type is missing") and worded in Swedish by the catalog.
    app.click(&app.find("[data-testid=add]"));
    // The add dialog is loaded when first opened: wait for its field before the script fills it.
    app.find("[data-testid=add-link]");
    let links =
        "otpauth://totp/Ny?secret=JBSWY3DPEHPK3PXP\notpauth:///Trasig?secret=JBSWY3DPEHPK3PXP";
    app.js(
        "const t = document.querySelector('[data-testid=add-link]');
         t.value = arguments[0]; t.dispatchEvent(new Event('input', { bubbles: true }));",
        json!([links]),
    );
    app.click(&app.find("[data-testid=add-preview]"));
    app.until("the preview's unreadable line", T, |a| {
        !a.all("[data-testid=preview-entry-error]").is_empty()
    });
    assert_eq!(
        text_of(&app, "[data-testid=preview-entry-error]"),
        "Rad 2: Otpauth-länken är felaktig: kodtypen (totp, hotp eller steam) saknas."
    );
    assert_eq!(app.all("[data-testid=preview-item]").len(), 1);
    app.screenshot("sv-preview-error");
    app.press(&[keys::ESCAPE]);
    app.until("the add dialog closed", T, |a| {
        a.all("[data-testid=add-dialog]").is_empty()
    });

    // Settings: Swedish, with the language setting on "system".
    app.click(&app.find("[data-testid=open-settings]"));
    app.until("the Swedish settings", T, |a| {
        text_of(a, "#settings-title") == "Inställningar"
    });
    assert_eq!(text_of(&app, "label[for=s-language]"), "Språk");
    assert_eq!(text_of(&app, "label[for=s-theme]"), "Tema");
    assert_eq!(text_of(&app, "[data-testid=settings-close]"), "Stäng");
    let options = app.js(
        "return [...document.querySelectorAll('[data-testid=setting-language] option')]
            .map(o => [o.value, o.textContent.trim()])",
        json!([]),
    );
    assert_eq!(
        options,
        json!([
            ["system", "Systemets språk"],
            ["en", "English"],
            ["sv", "Svenska"],
            ["de", "Deutsch"]
        ])
    );
    assert_eq!(
        app.js(
            "return document.querySelector('[data-testid=setting-language]').value",
            json!([])
        ),
        json!("system")
    );
    app.docs_screenshot("sv-settings");

    // A weak new password: why and what would pass, from the core's advice (`policy::Warning::
    // Common`, `Suggestion::AnotherWord` for "password1"), in Swedish. In English these were
    // zxcvbn's own sentences, composed in Rust.
    let advice = "[data-field=settings-new-password] [data-testid=password-advice]";
    app.type_into(
        &app.find("[data-testid=settings-new-password]"),
        "password1",
    );
    app.until("the Swedish advice", T, |a| {
        a.attr(&a.find(advice), "hidden").is_none()
    });
    let said = app.text(&app.find(advice));
    assert!(
        said.starts_with("Godtas inte: Det här är ett mycket vanligt lösenord."),
        "{said}"
    );
    assert_eq!(
        text_of(&app, "[data-testid=password-pass]"),
        "För att godtas: Lägg till ett eller två ord till. Ovanliga ord är bättre."
    );
    app.screenshot("sv-password-advice");

    // Deutsch: the open dialog and the list behind it change at once, and the file keeps it.
    app.click(&app.find("[data-testid=setting-language] option[value=de]"));
    app.until("the German settings", T, |a| {
        text_of(a, "#settings-title") == "Einstellungen"
    });
    assert_eq!(text_of(&app, "label[for=s-language]"), "Sprache");
    assert_eq!(page_lang(&app), "de");
    // The advice under the new password follows at once.
    app.until("the German advice", T, |a| {
        a.text(&a.find(advice))
            .starts_with("Nicht akzeptiert: Das ist ein sehr häufiges Passwort.")
    });
    assert_eq!(
        text_of(&app, "[data-testid=password-pass]"),
        "So wird es akzeptiert: Fügen Sie ein oder zwei Wörter hinzu. Ungewöhnliche Wörter sind besser."
    );
    assert_eq!(
        attr_of(&app, "[data-testid=search]", "placeholder"),
        "Suchen (einfach tippen, Strg+F)"
    );
    app.until("the setting saved", T, |_| {
        std::fs::read(home.settings())
            .ok()
            .and_then(|b| serde_json::from_slice::<Value>(&b).ok())
            .is_some_and(|v| v["language"] == "de")
    });
    app.screenshot("de-settings");
    drop(app);

    // Started again on the same Swedish system: German, from the setting.
    let app = App::start(&cfg, &home, "language-again");
    app.until("the German unlock screen", T, |a| {
        text_of(a, "h1") == "Lockstep entsperren"
    });
    app.unlock_with(PASSWORD);
    app.until("three accounts", T, |a| a.entry_ids().len() == 3);
    assert_eq!(
        attr_of(&app, "[data-testid=add]", "aria-label"),
        "Konten hinzufügen"
    );
    app.click(&app.find("[data-testid=open-settings]"));
    app.until("the German settings", T, |a| {
        text_of(a, "#settings-title") == "Einstellungen"
    });
    assert_eq!(
        app.js(
            "return document.querySelector('[data-testid=setting-language]').value",
            json!([])
        ),
        json!("de")
    );
    app.screenshot("de-settings-after-restart");
}
