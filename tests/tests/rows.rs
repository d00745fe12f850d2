//! The codes list's rows and the add and edit dialogs, in the real window (issue 20, items 6-8):
//! cut-off names shown whole on hover and keyboard focus, cards beside their codes in a wide
//! window, the star, the row menu, tags on rows and suggested, editing the secret and type,
//! Steam's short form, the import preview's parameters and codes, a pasted bare secret. Expected
//! codes come from the CLI (`lockstep code --uri -`), saved state from `lockstep list --json`.
//! Screenshots at 340×420 and 1280×800 go to docs/screenshots/rows-*.png for the README.

use std::path::{Path, PathBuf};

use lockstep_core::vault::now;
use lockstep_e2e::sample::{BANK, GITHUB, PASSWORD, PROTON};
use lockstep_e2e::{clipboard, config_or_skip, keys, make_vault, run_cli, App, Config, Home, T};
use serde_json::{json, Value};

const LONG_ISSUER: &str = "GitHub Enterprise Cloud for Example Corporation";
const LONG_ACCOUNT: &str = "alice.marie.longname-engineering@example.com";
/// RFC 6238, Appendix B: the SHA1 secret "12345678901234567890".
const RFC6238_SECRET: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

fn long_link() -> String {
    format!(
        "otpauth://totp/{}:{}?secret=MFRGGZDFMZTWQ2LK&issuer={}",
        LONG_ISSUER.replace(' ', "%20"),
        LONG_ACCOUNT,
        LONG_ISSUER.replace(' ', "%20")
    )
}

fn cli(cfg: &Config) -> PathBuf {
    cfg.cli.clone().expect("config_or_skip!(cli) checked it")
}

/// The code the CLI computes for `link` at Unix time `at` (from the link alone, not the vault).
fn cli_code(cli: &Path, home: &Home, link: &str, at: u64) -> String {
    let at = at.to_string();
    let out = run_cli(cli, home, PASSWORD, &["code", "--uri", link, "--at", &at]);
    out.trim().to_owned()
}

/// The app over a new vault holding `links`, in a window of `size`, unlocked.
fn open_app(cfg: &Config, name: &str, links: &[&str], size: (u32, u32)) -> (Home, App) {
    let home = Home::new();
    make_vault(&home.vault(), PASSWORD, links);
    let app = App::start(cfg, &home, name);
    app.resize(size.0, size.1);
    app.unlock_with(PASSWORD);
    app.until("every entry shown", T, |a| {
        a.entry_ids().len() == links.len()
    });
    (home, app)
}

/// Chooses Steam in the form whose fields start with `prefix` (`e` edit, `m` add), as a person
/// picks it from the list, and waits until the fields Steam ignores are gone.
fn choose_steam(app: &App, prefix: &str) {
    app.js(
        "const s = document.querySelector(`[data-testid=${arguments[0]}-kind]`); s.value = 'steam';
         s.dispatchEvent(new Event('change', { bubbles: true }))",
        json!([prefix]),
    );
    app.until("Steam hides algorithm, digits and period", T, |a| {
        ["algorithm", "digits", "period"]
            .iter()
            .all(|f| a.all(&format!("[data-testid={prefix}-{f}]")).is_empty())
    });
}

/// Waits until the window shows, in `id`'s row, the code the CLI computes for `link` now.
fn until_code_is(app: &App, cli: &Path, home: &Home, id: &str, link: &str) {
    app.until("the CLI's code on screen", T, |a| {
        let before = now();
        let shown = a.code_of(id);
        let after = now();
        shown == cli_code(cli, home, link, before) || shown == cli_code(cli, home, link, after)
    });
}

/// `lockstep list --json`, by issuer.
fn listed(cli: &Path, home: &Home, issuer: &str) -> Option<Value> {
    let out = run_cli(cli, home, PASSWORD, &["list", "--json"]);
    let all: Vec<Value> = serde_json::from_str(&out).expect("list --json");
    all.into_iter().find(|e| e["issuer"] == issuer)
}

/// The entry id of the row whose issuer is `issuer`.
fn id_of(app: &App, issuer: &str) -> String {
    app.js(
        "const r = [...document.querySelectorAll('[data-testid=entry]')]
            .find(e => e.querySelector('[data-testid=issuer]').textContent.trim() === arguments[0]);
         return r ? r.dataset.entryId : null",
        json!([issuer]),
    )
    .as_str()
    .unwrap_or_else(|| panic!("{issuer} is shown"))
    .to_owned()
}

fn in_row(id: &str, testid: &str) -> String {
    format!("[data-entry-id=\"{id}\"] [data-testid={testid}]")
}

/// Scrolls the dialog so that the element `css` is at the top of the window.
fn scroll_to(app: &App, css: &str) {
    app.js(
        "document.querySelector(arguments[0]).scrollIntoView({ block: 'start' })",
        json!([css]),
    );
}

fn blur(app: &App) {
    app.js(
        "document.activeElement && document.activeElement.blur()",
        json!([]),
    );
}

/// Tabs from the search field until a row's main button has keyboard focus; returns its id.
fn tab_to_a_row(app: &App) -> String {
    app.click(&app.find("[data-testid=search]"));
    for _ in 0..8 {
        app.press(&[keys::TAB]);
        if app.focused_testid().as_deref() == Some("row-main") {
            return app
                .js(
                    "return document.activeElement.closest('[data-entry-id]').dataset.entryId",
                    json!([]),
                )
                .as_str()
                .expect("the focused row's id")
                .to_owned();
        }
    }
    panic!("Tab never reached a row");
}

#[test]
fn rows_cut_off_names_show_whole_on_hover_and_focus_and_wide_windows_put_codes_beside_names() {
    let cfg = config_or_skip!();
    let long = long_link();
    let (_home, app) = open_app(
        &cfg,
        "rows_names",
        &[&long, GITHUB, PROTON, BANK],
        (340, 420),
    );
    let id = id_of(&app, LONG_ISSUER);
    let cut = app.js(
        "const s = document.querySelector(`[data-entry-id=\"${arguments[0]}\"] [data-testid=issuer]`);
         return s.scrollWidth > s.clientWidth",
        json!([id]),
    );
    assert_eq!(cut, json!(true), "at 340 px the long issuer is cut off");

    // Hover: the whole issuer and account, inside the window.
    app.hover(&app.find(&in_row(&id, "row-main")));
    let tip = app.wait("[data-testid=name-tip]", T);
    assert_eq!(
        app.text(&app.find("[data-testid=name-tip-issuer]")),
        LONG_ISSUER
    );
    assert_eq!(
        app.text(&app.find("[data-testid=name-tip-account]")),
        LONG_ACCOUNT
    );
    app.until("the tooltip inside the window", T, |a| a.in_viewport(&tip));
    eprintln!("tooltip at 340×420: {:?}", app.element_rect(&tip));
    app.docs_screenshot("rows-names-340");

    // The pointer leaves: gone. Keyboard focus (Tab) on the row: shown again, inside the window.
    app.hover(&app.find("[data-testid=search]"));
    app.until("the tooltip gone", T, |a| {
        a.all("[data-testid=name-tip]").is_empty()
    });
    let focused = tab_to_a_row(&app);
    assert_eq!(focused, id, "the long row is first");
    let tip = app.wait("[data-testid=name-tip]", T);
    assert!(app.text(&tip).contains(LONG_ACCOUNT));
    assert!(app.in_viewport(&tip), "{:?}", app.element_rect(&tip));

    // 420 px wide: still cut off, still shown whole on hover.
    app.resize(420, 640);
    blur(&app);
    app.hover(&app.find(&in_row(&id, "row-main")));
    let tip = app.wait("[data-testid=name-tip]", T);
    app.until("the tooltip inside the window at 420", T, |a| {
        a.in_viewport(&tip)
    });

    // 1280×800: cards in columns; each code sits beside its name, not a window's width away.
    app.resize(1280, 800);
    app.until("columns", T, |a| {
        a.attr(&a.find("[data-testid=scroller]"), "data-columns")
            .and_then(|c| c.parse::<u32>().ok())
            .is_some_and(|c| c >= 2)
    });
    for id in app.entry_ids() {
        let name = app.element_rect(&app.find(&in_row(&id, "issuer")));
        let code = app.element_rect(&app.find(&in_row(&id, "code")));
        let gap = code[0] - name[0];
        let mid = |r: [f64; 4]| (r[1] + r[3]) / 2.0;
        eprintln!("{id}: code starts {gap:.0} px right of its name");
        assert!((0.0..=420.0).contains(&gap), "code {gap} px from its name");
        assert!((mid(code) - mid(name)).abs() < 30.0, "same card line");
    }
    // The star works in a card too: GitHub becomes a favorite and comes first.
    let github = id_of(&app, "GitHub");
    app.click(&app.find(&in_row(&github, "star")));
    app.until("GitHub first", T, |a| {
        a.entry_ids().first() == Some(&github)
    });
    app.docs_screenshot("rows-wide-1280");
}

#[test]
fn rows_the_star_and_f_make_a_favorite_and_it_is_saved() {
    let cfg = config_or_skip!(cli);
    let cli = cli(&cfg);
    let (home, app) = open_app(&cfg, "rows_star", &[GITHUB, PROTON, BANK], (420, 640));
    let bank = id_of(&app, "Bank");
    app.click(&app.find(&in_row(&bank, "star")));
    app.until("Bank starred and first", T, |a| {
        a.attr(&a.find(&in_row(&bank, "star")), "aria-pressed")
            .as_deref()
            == Some("true")
            && a.entry_ids().first() == Some(&bank)
    });
    assert_eq!(listed(&cli, &home, "Bank").unwrap()["favorite"], true);

    // F on the focused row: Bank (first, focused by Tab) is a favorite no more.
    let focused = tab_to_a_row(&app);
    assert_eq!(focused, bank);
    app.press(&["f"]);
    app.until("Bank unstarred", T, |a| {
        a.attr(&a.find(&in_row(&bank, "star")), "aria-pressed")
            .as_deref()
            == Some("false")
    });
    assert_eq!(listed(&cli, &home, "Bank").unwrap()["favorite"], false);
    assert_eq!(
        app.value(&app.find("[data-testid=search]")),
        "",
        "F on a row does not start a search"
    );
}

#[test]
fn rows_the_row_menu_copies_copies_next_edits_stars_and_deletes() {
    let cfg = config_or_skip!(cli);
    let cli = cli(&cfg);
    let (home, app) = open_app(&cfg, "rows_menu", &[GITHUB, PROTON], (340, 420));
    let github = id_of(&app, "GitHub");

    // Right click: the menu, inside the window, with the five actions.
    app.right_click(&app.find(&in_row(&github, "row-main")));
    let menu = app.wait("[data-testid=row-menu]", T);
    assert!(app.in_viewport(&menu), "{:?}", app.element_rect(&menu));
    for action in ["copy", "copy-next", "edit", "favorite", "delete"] {
        app.find(&format!("[data-testid=menu-{action}]"));
    }
    app.docs_screenshot("rows-menu-340");
    let before = now();
    app.click(&app.find("[data-testid=menu-copy]"));
    app.until("the code in the clipboard", T, |_| {
        let c = clipboard();
        c == cli_code(&cli, &home, GITHUB, before) || c == cli_code(&cli, &home, GITHUB, now())
    });

    // Shift+F10 on the focused row, then the keyboard: Down to "Copy next code", Enter.
    let focused = tab_to_a_row(&app);
    app.press(&[keys::SHIFT, keys::F10]);
    app.wait("[data-testid=row-menu]", T);
    assert_eq!(app.focused_testid().as_deref(), Some("menu-copy"));
    app.press(&[keys::DOWN]);
    assert_eq!(app.focused_testid().as_deref(), Some("menu-copy-next"));
    let link = if focused == github { GITHUB } else { PROTON };
    let at = now();
    app.press(&[keys::ENTER]);
    app.until("the next code in the clipboard", T, |_| {
        let c = clipboard();
        c == cli_code(&cli, &home, link, at + 30) || c == cli_code(&cli, &home, link, now() + 30)
    });
    assert!(app.all("[data-testid=row-menu]").is_empty());

    // Favorite, edit, delete from the menu.
    app.right_click(&app.find(&in_row(&github, "row-main")));
    app.click(&app.find("[data-testid=menu-favorite]"));
    app.until("GitHub starred", T, |a| {
        !a.all(&format!("[data-entry-id=\"{github}\"][data-favorite=true]"))
            .is_empty()
    });
    assert_eq!(listed(&cli, &home, "GitHub").unwrap()["favorite"], true);
    app.right_click(&app.find(&in_row(&github, "row-main")));
    app.click(&app.find("[data-testid=menu-edit]"));
    assert_eq!(app.value(&app.find("[data-testid=edit-issuer]")), "GitHub");
    app.press(&[keys::ESCAPE]);
    app.until("the edit dialog closed", T, |a| {
        a.all("[data-testid=edit-issuer]").is_empty()
    });
    app.right_click(&app.find(&in_row(&github, "row-main")));
    app.click(&app.find("[data-testid=menu-delete]"));
    app.click(&app.find("[data-testid=confirm-delete]"));
    app.until("GitHub gone", T, |a| a.entry_ids() == [id_of(a, "Proton")]);
    assert!(listed(&cli, &home, "GitHub").is_none());
}

#[test]
fn rows_tags_show_on_rows_and_the_edit_dialog_suggests_the_vaults_tags() {
    let cfg = config_or_skip!(cli);
    let cli = cli(&cfg);
    let (home, app) = open_app(&cfg, "rows_tags", &[GITHUB, PROTON, BANK], (340, 420));
    // Tagged with the CLI while the window is open: the row shows them within 2 s.
    let tags = ["edit", "GitHub", "--tags", "work, code"];
    run_cli(&cli, &home, PASSWORD, &tags);
    let github = id_of(&app, "GitHub");
    app.until("GitHub's tags on its row", T, |a| {
        a.all(&in_row(&github, "row-tag")).len() == 2
    });
    let shown: Vec<String> = app
        .all(&in_row(&github, "row-tag"))
        .iter()
        .map(|t| app.text(t))
        .collect();
    assert_eq!(shown, ["work", "code"]);

    let bank = id_of(&app, "Bank");
    app.click(&app.find(&in_row(&bank, "edit")));
    let field = app.find("[data-testid=edit-tags]");
    let offered: Vec<String> = app
        .all("[data-testid=tag-suggestion]")
        .iter()
        .filter_map(|t| app.attr(t, "data-tag"))
        .collect();
    assert_eq!(offered, ["code", "work"], "the vault's tags, sorted");
    app.type_into(&field, "wo");
    app.until("only work matches", T, |a| {
        a.all("[data-testid=tag-suggestion]").len() == 1
    });
    app.docs_screenshot("rows-edit-tags-340");
    app.click(&app.find("[data-testid=tag-suggestion][data-tag=work]"));
    assert_eq!(app.value(&field), "work, ");
    app.click(&app.find("[data-testid=edit-save]"));
    app.until("Bank shows its tag", T, |a| {
        a.all(&in_row(&bank, "row-tag")).len() == 1
    });
    assert_eq!(
        listed(&cli, &home, "Bank").unwrap()["tags"],
        json!(["work"])
    );
}

#[test]
fn rows_editing_the_secret_and_length_changes_the_code_to_the_new_secrets() {
    let cfg = config_or_skip!(cli);
    let cli = cli(&cfg);
    let (home, app) = open_app(&cfg, "rows_edit_secret", &[GITHUB], (340, 420));
    let id = app.entry_ids().remove(0);
    until_code_is(&app, &cli, &home, &id, GITHUB);

    app.click(&app.find(&in_row(&id, "edit")));
    app.click(&app.find("[data-testid=edit-codes]"));
    let warning = app.find("[data-testid=edit-codes-warning]");
    assert!(app.text(&warning).contains("These change the codes"));
    let secret = app.find("[data-testid=edit-secret]");
    assert_eq!(
        app.value(&secret),
        "",
        "the current secret is not filled in"
    );
    let page = app.js("return document.documentElement.outerHTML", json!([]));
    assert!(!page
        .as_str()
        .unwrap_or_default()
        .contains("JBSWY3DPEHPK3PXP"));
    scroll_to(&app, "[data-testid=edit-codes-warning]");
    app.docs_screenshot("rows-edit-codes-340");

    // A typo is refused with the core's message; nothing changes.
    app.type_into(&secret, "not base32!");
    app.click(&app.find("[data-testid=edit-save]"));
    app.until("the error shown", T, |a| {
        !a.text(&a.find("[data-testid=edit-error]")).is_empty()
    });
    assert_eq!(
        app.text(&app.find("[data-testid=edit-error]")),
        "The secret is not valid base32 (letters A-Z and digits 2-7).",
        "the catalog's sentence for the core's bad_secret"
    );
    assert_eq!(
        listed(&cli, &home, "GitHub").unwrap()["digits"],
        6,
        "nothing saved"
    );

    // The RFC 6238 secret, 8 digits: the row shows that secret's codes.
    app.clear(&secret);
    app.type_into(&secret, &RFC6238_SECRET.to_lowercase());
    let digits = app.find("[data-testid=e-digits]");
    app.clear(&digits);
    app.type_into(&digits, "8");
    app.click(&app.find("[data-testid=edit-save]"));
    app.until("the dialog closed", T, |a| {
        a.all("[data-testid=edit-secret]").is_empty()
    });
    let new = format!("otpauth://totp/GitHub:octo?secret={RFC6238_SECRET}&digits=8");
    until_code_is(&app, &cli, &home, &id, &new);
    // The CLI's own check of the vector: 94287082 at T = 59 (RFC 6238, Appendix B).
    assert_eq!(cli_code(&cli, &home, &new, 59), "94287082");
    let saved = listed(&cli, &home, "GitHub").unwrap();
    assert_eq!(
        (saved["digits"].clone(), saved["kind"].clone()),
        (json!(8), json!("totp"))
    );
    let page = app.js("return document.documentElement.outerHTML", json!([]));
    assert!(!page.as_str().unwrap_or_default().contains(RFC6238_SECRET));
}

#[test]
fn rows_steam_forms_hide_what_steam_ignores_in_edit_and_add() {
    let cfg = config_or_skip!(cli);
    let (home, app) = open_app(&cfg, "rows_steam", &[GITHUB], (340, 420));
    let id = app.entry_ids().remove(0);
    let cli = cli(&cfg);
    app.click(&app.find(&in_row(&id, "edit")));
    app.click(&app.find("[data-testid=edit-codes]"));
    for f in ["e-algorithm", "e-digits", "e-period"] {
        app.find(&format!("[data-testid={f}]"));
    }
    choose_steam(&app, "e");
    app.find("[data-testid=e-steam-note]");
    scroll_to(&app, "[data-testid=edit-codes-fields]");
    app.docs_screenshot("rows-edit-steam-340");
    app.click(&app.find("[data-testid=edit-save]"));
    app.until("the dialog closed", T, |a| {
        a.all("[data-testid=edit-codes-fields]").is_empty()
    });
    let steam = "otpauth://steam/Steam:octo?secret=JBSWY3DPEHPK3PXP";
    until_code_is(&app, &cli, &home, &id, steam);
    assert_eq!(app.code_of(&id).len(), 5);
    assert_eq!(listed(&cli, &home, "GitHub").unwrap()["kind"], "steam");

    // The add form too.
    app.click(&app.find("[data-testid=add]"));
    app.click(&app.find("[data-testid=add-manual-tab]"));
    app.click(&app.find("[data-testid=manual-advanced]"));
    app.find("[data-testid=m-digits]");
    choose_steam(&app, "m");
}

#[test]
fn rows_the_import_preview_shows_type_digits_period_and_todays_code() {
    let cfg = config_or_skip!(cli);
    let cli = cli(&cfg);
    let (home, app) = open_app(&cfg, "rows_preview", &[], (1280, 800));
    let steam = "otpauth://steam/Steam:gamer?secret=ONSWG4TFOQYTEMZU&issuer=Steam";
    let hotp = "otpauth://hotp/VPN:office?secret=KRSXG5CTMVRXEZLU&counter=3&issuer=VPN";
    let links = [GITHUB, BANK, steam, hotp];
    app.click(&app.find("[data-testid=add]"));
    let field = app.find("[data-testid=add-link]");
    for (i, link) in links.iter().enumerate() {
        if i > 0 {
            app.type_into(&field, keys::ENTER); // one link per line
        }
        app.type_into(&field, link);
    }
    let before = now();
    app.click(&app.find("[data-testid=add-preview]"));
    app.until("four accounts previewed", T, |a| {
        a.all("[data-testid=preview-params]").len() == 4
    });
    let after = now();
    let params = app.all("[data-testid=preview-params]");
    // One code per TOTP and Steam account, in order (none for HOTP).
    let mut codes = app.all("[data-testid=preview-code]").into_iter();
    let expected = [
        ("totp", "6", "30"),
        ("totp", "8", "60"),
        ("steam", "5", "30"),
        ("hotp", "6", "30"),
    ];
    for ((el, (kind, digits, period)), link) in params.iter().zip(expected).zip(links) {
        assert_eq!(app.attr(el, "data-kind").as_deref(), Some(kind));
        assert_eq!(app.attr(el, "data-digits").as_deref(), Some(digits));
        assert_eq!(app.attr(el, "data-period").as_deref(), Some(period));
        let text = app.text(el);
        if kind == "hotp" {
            assert!(text.contains("counter 3"), "{text}");
            continue;
        }
        let code: String = app
            .text(&codes.next().expect("a code in the preview"))
            .split_whitespace()
            .collect();
        let cli_at = |t| cli_code(&cli, &home, link, t);
        assert!(
            code == cli_at(before) || code == cli_at(after),
            "{link}: preview {code}, CLI {}",
            cli_at(before)
        );
        assert!(
            text.contains(if kind == "steam" { "Steam" } else { "TOTP" }),
            "{text}"
        );
    }
    app.docs_screenshot("rows-preview-1280");
}

#[test]
fn rows_a_pasted_bare_secret_offers_the_manual_form_filled_in() {
    let cfg = config_or_skip!(cli);
    let cli = cli(&cfg);
    let (home, app) = open_app(&cfg, "rows_bare_secret", &[], (340, 420));
    app.click(&app.find("[data-testid=add]"));
    let hint = app.text(&app.find("[data-testid=file-hint]"));
    assert!(hint.contains("QR pictures"), "{hint}");
    // Pasted into the link field, as a service's setup page shows it.
    app.js(
        "const t = document.querySelector('[data-testid=add-link]'); t.focus();
         const dt = new DataTransfer(); dt.setData('text/plain', 'jbsw y3dp ehpk 3pxp');
         t.value = 'jbsw y3dp ehpk 3pxp'; t.dispatchEvent(new Event('input', { bubbles: true }));
         t.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true }));",
        json!([]),
    );
    app.wait("[data-testid=secret-offer]", T);
    app.docs_screenshot("rows-bare-secret-340");
    app.click(&app.find("[data-testid=use-as-secret]"));
    let secret = app.find("[data-testid=manual-secret]");
    assert_eq!(app.value(&secret), "JBSWY3DPEHPK3PXP");
    app.type_into(&app.find("[data-testid=manual-issuer]"), "Example");
    app.press(&[keys::ENTER]);
    app.wait("[data-testid=preview-item]", T);
    app.click(&app.find("[data-testid=add-confirm]"));
    let id = app.until_one_entry();
    until_code_is(
        &app,
        &cli,
        &home,
        &id,
        "otpauth://totp/Example:x?secret=JBSWY3DPEHPK3PXP",
    );
}
