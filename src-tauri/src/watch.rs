//! One background thread, once a second: picks up vault changes saved by another process (the
//! CLI) and tells the window, merges the sync folder when another device's copy arrived or
//! changed there (a directory listing per tick; nothing is decrypted unless a copy changed), and
//! locks the vault after the configured idle time or when another process changed its keys.

use std::time::Duration;

use tauri::{AppHandle, Manager};

use crate::state::AppState;
use crate::{tray, CHANGED_EVENT, LOCKED_EVENT, SYNCED_EVENT};

const TICK: Duration = Duration::from_secs(1);

/// Starts the watcher thread.
pub fn spawn(app: AppHandle) {
    std::thread::Builder::new()
        .name("lockstep-watch".into())
        .spawn(move || loop {
            std::thread::sleep(TICK);
            tick(&app);
        })
        .map(|_| ())
        .unwrap_or_else(|e| eprintln!("lockstep: cannot start the vault watcher: {e}"));
}

fn tick(app: &AppHandle) {
    let state = app.state::<AppState>();
    if !state.is_unlocked() {
        return;
    }
    let minutes = state.settings().auto_lock_minutes;
    if minutes > 0 && state.idle() >= Duration::from_secs(u64::from(minutes) * 60) {
        state.lock();
        crate::clipboard::forget();
        crate::events::send(app, LOCKED_EVENT, ());
        tray::refresh(app);
        return;
    }
    match state.reload_if_changed() {
        Ok(true) => {
            crate::events::send(app, CHANGED_EVENT, ());
            tray::refresh(app);
        }
        Ok(false) => {}
        // Another Lockstep changed the vault's keys (a new password, a forgotten device): the
        // key in memory opens nothing newer, so lock and ask for the credential again.
        Err(crate::error::Error::PasswordNeeded(_)) => {
            state.lock();
            crate::clipboard::forget();
            crate::events::send(app, LOCKED_EVENT, ());
            tray::refresh(app);
        }
        // The file may be mid-replace or gone for a moment; try again next tick.
        Err(_) => {}
    }
    match state.merge_if_folder_changed() {
        Ok(Some(news)) => {
            if news.changed {
                crate::events::send(app, CHANGED_EVENT, ());
                tray::refresh(app);
            }
            if !news.is_empty() {
                crate::events::send(app, SYNCED_EVENT, news);
            }
        }
        Ok(None) => {}
        // The folder may be unmounted or a copy mid-write; Settings → Sync shows the error, and
        // the next change in the folder is merged.
        Err(e) => eprintln!("lockstep: the sync folder was not merged: {e}"),
    }
}
