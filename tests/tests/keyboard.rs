//! The window without a pointer: creating a vault, adding an account, copying its code, editing,
//! the row menu, deleting (and Undo), locking, unlocking and going round Settings, with nothing
//! but WebDriver key actions (Tab, Shift+Tab, Enter, Space, arrows, Esc, Delete, shortcuts). At
//! every stop the focused control must show it: an outline of 3:1 contrast or more against what
//! is behind it (tests/src/keyboard.rs). Along the way, what a screen reader is given: the list
//! and its items, dialogs with aria-modal and a name, the ring's time left, each code as digits.

use std::time::Duration;

use lockstep_e2e::keyboard::more_keys::{DELETE, SPACE};
use lockstep_e2e::sample::{GITHUB, PASSWORD};
use lockstep_e2e::{clipboard, config_or_skip, keys, App, Home, T};
use serde_json::json;

/// "492039" → "4 9 2 0 3 9", as the row should speak it (an independent spelling of the rule).
fn digits(code: &str) -> String {
    code.chars()
        .filter(|c| !c.is_whitespace())
        .map(String::from)
        .collect::<Vec<_>>()
        .join(" ")
}

fn focused(app: &App) -> String {
    app.focused_testid().unwrap_or_default()
}

/// A dialog as assistive technology sees it: role, aria-modal, and a name from its heading.
fn assert_dialog(app: &App, css: &str, name: &str) {
    let el = app.find(css);
    let role = app.attr(&el, "role").unwrap_or_default();
    assert!(
        role == "dialog" || role == "alertdialog",
        "{css}: role {role:?}"
    );
    assert_eq!(
        app.attr(&el, "aria-modal").as_deref(),
        Some("true"),
        "{css}"
    );
    let heading = app.attr(&el, "aria-labelledby").unwrap_or_default();
    let text = app
        .js(
            "const h = document.getElementById(arguments[0]); return h ? h.textContent : null",
            json!([heading]),
        )
        .as_str()
        .map(str::to_owned);
    assert_eq!(
        text.as_deref(),
        Some(name),
        "{css}: aria-labelledby={heading:?}"
    );
    assert_eq!(app.computed_label(&el), name, "{css}: its computed name");
}

#[test]
fn keyboard_only_create_add_copy_edit_menu_delete_undo_lock_unlock_settings() {
    let cfg = config_or_skip!();
    let home = Home::new();
    home.write_settings(json!({ "theme": "light" }));
    let app = App::start(&cfg, &home, "keyboard_only");

    // First run: the password field has the focus; Tab goes past its Show button to the
    // confirmation, then to "Create vault"; Enter creates.
    app.find("[data-testid=create-password]");
    app.until("the password field focused", T, |a| {
        focused(a) == "create-password"
    });
    app.visible_focus("first run");
    app.type_keys(PASSWORD);
    app.tab_to("create-confirm", false, 3);
    app.type_keys(PASSWORD);
    app.until("create enabled", T, |a| {
        a.attr(&a.find("[data-testid=create-submit]"), "disabled")
            .is_none()
    });
    app.tab_to("create-submit", false, 4);
    app.key(&[keys::ENTER]);

    // The recovery key: Tab to "I have stored it", Space ticks it, Tab to Continue, Enter.
    app.wait("[data-testid=recovery-key]", Duration::from_secs(30));
    app.tab_to("recovery-stored", false, 6);
    app.key(&[SPACE]);
    app.until("ticked", T, |a| {
        a.js("return document.activeElement.checked", json!([]))
            .as_bool()
            == Some(true)
    });
    app.tab_to("recovery-done", false, 3);
    app.key(&[keys::ENTER]);
    app.find("[data-testid=empty]");

    // Ctrl+N: the add dialog, its link field focused; Tab to Preview, Enter; in the preview,
    // Tab (kept inside the dialog) to "Add 1 account", Enter.
    app.key(&[keys::CONTROL, "n"]);
    assert_dialog(&app, "[data-testid=add-dialog]", "Add accounts");
    app.until("the link field focused", T, |a| focused(a) == "add-link");
    app.visible_focus("add dialog");
    app.type_keys(GITHUB);
    app.tab_to("add-preview", false, 8);
    app.key(&[keys::ENTER]);
    app.find("[data-testid=preview-item]");
    app.tab_to("add-confirm", false, 6);
    app.key(&[keys::ENTER]);
    let id = app.until_one_entry();
    let row = format!("[data-entry-id=\"{id}\"]");

    // What a screen reader is given: a list of items, each code as digits, the ring's time left.
    let list = app.find("[data-testid=scroller] ul");
    assert_eq!(app.computed_role(&list), "list");
    assert_eq!(app.computed_label(&list), "Accounts");
    assert_eq!(app.computed_role(&app.find(&row)), "listitem");
    let ring = app.find(&format!("{row} [data-testid=ring]"));
    assert_eq!(app.attr(&ring, "role").as_deref(), Some("timer"));
    // Both read in one script: the page sets them in the same update, and two reads a second
    // apart once saw 10 s against "9 seconds left".
    let both = app.js(
        "const r = document.querySelector(arguments[0]); \
         return [r.dataset.remaining, r.getAttribute('aria-label')];",
        json!([format!("{row} [data-testid=ring]")]),
    );
    let left = both[0].as_str().unwrap_or_default().to_owned();
    let label = both[1].as_str().unwrap_or_default().to_owned();
    assert!(
        label == format!("{left} seconds left") || label == "1 second left",
        "the ring says {label:?} with {left} s left"
    );
    assert_eq!(
        app.attr(&ring, "aria-live"),
        None,
        "the ring must not be a live region"
    );
    let main = app.find(&format!("{row} [data-testid=row-main]"));
    assert_eq!(app.computed_role(&main), "button");
    let code = app.code_of(&id);
    let name = app.computed_label(&main);
    // Visually hidden, so WebDriver's "text" (what is rendered) is empty: its text content.
    let spoken = app
        .js(
            "return document.querySelector(arguments[0]).textContent",
            json!([format!("{row} [data-testid=code-spoken]")]),
        )
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(
        [code.clone(), app.code_of(&id)]
            .iter()
            .any(|c| spoken == format!("code {}", digits(c))),
        "the code {code} is spoken as {spoken:?}"
    );
    assert!(
        name.starts_with("GitHub") && name.contains(&spoken),
        "the row's name {name:?} lacks {spoken:?}"
    );

    // Copy: Tab to the row (past Add, Settings, Lock, Search and the grip), Enter.
    app.tab_to("row-main", false, 8);
    app.key(&[keys::ENTER]);
    app.until("the code on the clipboard", T, |a| {
        let c = clipboard();
        !c.is_empty() && (c == code || c == a.code_of(&id))
    });
    app.find("[data-testid=toast]");

    // The row menu: Shift+F10, its first item focused, arrows move, Esc closes back to the row.
    app.key(&[keys::SHIFT, keys::F10]);
    app.find("[data-testid=row-menu]");
    app.until("the first item focused", T, |a| focused(a) == "menu-copy");
    app.visible_focus("row menu");
    app.key(&[keys::DOWN]);
    assert_eq!(focused(&app), "menu-copy-next");
    app.visible_focus("row menu, second item");
    app.key(&[keys::ESCAPE]);
    app.until("the menu closed, the row focused", T, |a| {
        a.all("[data-testid=row-menu]").is_empty() && focused(a) == "row-main"
    });

    // Edit: Tab to the pencil, Enter; Shift+Tab from the first field goes round to Save (the
    // focus stays in the dialog); Tab back, new name, Enter saves; the focus returns to the row
    // (the pencil that opened the dialog, or the row's main button).
    app.tab_to("edit", false, 4);
    app.key(&[keys::ENTER]);
    app.until("the issuer field focused", T, |a| {
        focused(a) == "edit-issuer"
    });
    assert_dialog(&app, "[aria-labelledby=edit-title]", "Edit account");
    app.key(&[keys::SHIFT, keys::TAB]);
    assert_eq!(
        focused(&app),
        "edit-save",
        "Shift+Tab wraps inside the dialog"
    );
    app.visible_focus("edit dialog, Save");
    app.key(&[keys::TAB]);
    assert_eq!(focused(&app), "edit-issuer", "Tab wraps inside the dialog");
    app.key(&[keys::CONTROL, "a"]);
    app.type_keys("GitHub Work");
    app.key(&[keys::ENTER]);
    let issuer = format!("{row} [data-testid=issuer]");
    let shown = |a: &App| {
        a.js(
            "const e = document.querySelector(arguments[0]); return e ? e.textContent : ''",
            json!([issuer]),
        )
        .as_str()
        .unwrap_or_default()
        .to_owned()
    };
    app.until("renamed", T, |a| shown(a) == "GitHub Work");
    app.until("the focus back on the row", T, |a| {
        ["edit", "row-main"].contains(&focused(a).as_str())
    });
    app.visible_focus("the row after editing");

    // Delete: the Delete key on the focused row; Cancel has the focus, Tab to Delete, Enter.
    app.key(&[DELETE]);
    app.until("Cancel focused", T, |a| focused(a) == "cancel-delete");
    assert_dialog(&app, "[role=alertdialog]", "Delete GitHub Work?");
    app.visible_focus("delete confirmation");
    app.key(&[keys::TAB]);
    assert_eq!(focused(&app), "confirm-delete");
    app.visible_focus("delete button");
    app.key(&[keys::ENTER]);
    app.until("no accounts", T, |a| a.entry_ids().is_empty());
    // Undo from the keyboard: the focus went to the search field (the list is empty now); past
    // the empty list's three buttons, the toast's Undo.
    app.until("the search field focused", T, |a| focused(a) == "search");
    app.tab_to("toast-action", false, 5);
    app.key(&[keys::ENTER]);
    app.until("the account back", T, |a| a.entry_ids() == [id.clone()]);

    // Settings (Ctrl+,): Tab goes round every control of the dialog and stays in it; each one
    // shows the focus. Esc closes.
    app.key(&[keys::CONTROL, ","]);
    assert_dialog(&app, "[data-testid=settings]", "Settings");
    app.until("the focus in Settings", T, |a| {
        focused(a) == "settings-close"
    });
    app.visible_focus("settings");
    let around = app.tab_to("settings-close", false, 80);
    assert!(
        around.len() > 15,
        "Tab went round Settings in {} stops: {around:?}",
        around.len()
    );
    app.key(&[keys::ESCAPE]);
    app.until("settings closed", T, |a| {
        a.all("[data-testid=settings]").is_empty()
    });

    // Lock with Ctrl+L; the password field has the focus; type, Enter unlocks.
    app.key(&[keys::CONTROL, "l"]);
    app.until("the unlock field focused", T, |a| {
        focused(a) == "unlock-password"
    });
    app.visible_focus("unlock");
    app.type_keys(PASSWORD);
    app.key(&[keys::ENTER]);
    app.until("unlocked", Duration::from_secs(20), |a| {
        a.entry_ids() == [id.clone()]
    });
    app.screenshot("done");
}
