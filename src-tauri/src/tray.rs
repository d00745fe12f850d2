//! The tray icon: show/hide the window, lock, and quick copy of favorites' current codes.
//! The menu is rebuilt whenever the vault opens, closes or changes, and when the language
//! setting changes; its labels come from the window's message catalogs ([`crate::i18n`]).

use tauri::menu::{Menu, MenuBuilder, MenuItem, PredefinedMenuItem};
use tauri::tray::TrayIconBuilder;
use tauri::{AppHandle, Manager, Wry};
use uuid::Uuid;

use crate::state::AppState;
use crate::{clipboard, i18n, LOCKED_EVENT};

const TRAY_ID: &str = "main";
const COPY_PREFIX: &str = "copy:";

/// Creates the tray icon. Failing (no tray host, e.g. under Xvfb) is not fatal.
pub fn create(app: &AppHandle) -> tauri::Result<()> {
    let menu = build_menu(app)?;
    let mut builder = TrayIconBuilder::with_id(TRAY_ID)
        .tooltip("Lockstep")
        .menu(&menu)
        .on_menu_event(|app, event| on_menu(app, event.id().as_ref()));
    if let Some(icon) = app.default_window_icon() {
        builder = builder.icon(icon.clone());
    }
    builder.build(app)?;
    Ok(())
}

/// Rebuilds the menu (favorites change with the vault).
pub fn refresh(app: &AppHandle) {
    if let (Some(tray), Ok(menu)) = (app.tray_by_id(TRAY_ID), build_menu(app)) {
        let _ = tray.set_menu(Some(menu));
    }
}

fn build_menu(app: &AppHandle) -> tauri::Result<Menu<Wry>> {
    let state = app.state::<AppState>();
    let unlocked = state.is_unlocked();
    let lang = i18n::resolve(&state.settings().language, &i18n::system_locales());
    let mut menu = MenuBuilder::new(app)
        .item(&MenuItem::with_id(
            app,
            "toggle",
            i18n::tr(lang, "tray.toggle", &[]),
            true,
            None::<&str>,
        )?)
        .item(&MenuItem::with_id(
            app,
            "lock",
            i18n::tr(lang, "tray.lock", &[]),
            unlocked,
            None::<&str>,
        )?);
    let favorites = state.favorites();
    if !favorites.is_empty() {
        menu = menu.item(&PredefinedMenuItem::separator(app)?);
        for (id, name) in favorites {
            let label = i18n::tr(lang, "tray.copy", &[("name", &name)]);
            menu = menu.item(&MenuItem::with_id(
                app,
                format!("{COPY_PREFIX}{id}"),
                label,
                true,
                None::<&str>,
            )?);
        }
    }
    menu.item(&PredefinedMenuItem::separator(app)?)
        .item(&MenuItem::with_id(
            app,
            "quit",
            i18n::tr(lang, "tray.quit", &[]),
            true,
            None::<&str>,
        )?)
        .build()
}

fn on_menu(app: &AppHandle, id: &str) {
    let state = app.state::<AppState>();
    match id {
        "toggle" => toggle_window(app),
        "lock" => {
            state.lock();
            clipboard::forget();
            crate::events::send(app, LOCKED_EVENT, ());
            refresh(app);
        }
        "quit" => app.exit(0),
        other => {
            let Some(id) = other
                .strip_prefix(COPY_PREFIX)
                .and_then(|s| Uuid::parse_str(s).ok())
            else {
                return;
            };
            if let Ok(code) = state.code_to_copy(id) {
                let _ = clipboard::copy(code, state.settings().clipboard_seconds);
            }
        }
    }
}

/// Shows and focuses the main window, or hides it when visible.
pub fn toggle_window(app: &AppHandle) {
    if let Some(w) = app.get_webview_window("main") {
        if w.is_visible().unwrap_or(false) {
            let _ = w.hide();
        } else {
            show_window(app);
        }
    }
}

/// Shows, unminimises and focuses the main window.
pub fn show_window(app: &AppHandle) {
    if let Some(w) = app.get_webview_window("main") {
        let _ = w.show();
        let _ = w.unminimize();
        let _ = w.set_focus();
    }
}
