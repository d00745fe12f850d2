//! Desktop integration that follows the settings: close to tray, the optional global shortcut,
//! and locking when the system suspends (logind's `PrepareForSleep` signal on the system bus).

use tauri::{AppHandle, Emitter, Manager, WindowEvent};
use tauri_plugin_global_shortcut::{GlobalShortcutExt, Shortcut, ShortcutState};

use crate::error::{Error, Result};
use crate::state::AppState;
use crate::{tray, FOCUS_SEARCH_EVENT, LOCKED_EVENT};

/// Window events: with "close to tray" on, closing hides the window and the app keeps running.
pub fn on_window_event(window: &tauri::Window, event: &WindowEvent) {
    if let WindowEvent::CloseRequested { api, .. } = event {
        if window.state::<AppState>().settings().close_to_tray {
            api.prevent_close();
            let _ = window.hide();
        }
    }
}

/// Registers the global shortcut of the settings (none when empty), replacing any earlier one.
/// A shortcut that cannot be parsed or is taken by another program is an error for the UI.
pub fn apply_shortcut(app: &AppHandle, accelerator: &str) -> Result<()> {
    let gs = app.global_shortcut();
    gs.unregister_all()
        .map_err(|e| Error::System(format!("cannot release the global shortcut: {e}")))?;
    if accelerator.is_empty() {
        return Ok(());
    }
    let shortcut: Shortcut = accelerator.parse().map_err(|e| {
        Error::BadInput(format!("“{accelerator}” is not a shortcut Lockstep understands ({e})"))
    })?;
    gs.on_shortcut(shortcut, |app, _shortcut, event| {
        if event.state() == ShortcutState::Pressed {
            tray::show_window(app);
            let _ = app.emit(FOCUS_SEARCH_EVENT, ());
        }
    })
    .map_err(|e| {
        Error::System(format!(
            "the shortcut {accelerator} could not be registered (another program may use it): {e}"
        ))
    })
}

/// Locks the vault when logind announces a suspend. Where there is no system bus or no logind
/// (containers, other platforms) the thread ends quietly: auto-lock on idle still applies.
pub fn watch_suspend(app: AppHandle) {
    let spawned = std::thread::Builder::new()
        .name("lockstep-suspend".into())
        .spawn(move || {
            if let Err(e) = listen_for_suspend(&app) {
                eprintln!("lockstep: not watching for system suspend: {e}");
            }
        });
    if let Err(e) = spawned {
        eprintln!("lockstep: cannot start the suspend watcher: {e}");
    }
}

fn listen_for_suspend(app: &AppHandle) -> zbus::Result<()> {
    let conn = zbus::blocking::Connection::system()?;
    let proxy = zbus::blocking::Proxy::new(
        &conn,
        "org.freedesktop.login1",
        "/org/freedesktop/login1",
        "org.freedesktop.login1.Manager",
    )?;
    for signal in proxy.receive_signal("PrepareForSleep")? {
        let going_to_sleep: bool = signal.body().deserialize().unwrap_or(false);
        let state = app.state::<AppState>();
        if going_to_sleep && state.settings().lock_on_suspend && state.lock() {
            let _ = app.emit(LOCKED_EVENT, ());
            tray::refresh(app);
        }
    }
    Ok(())
}
