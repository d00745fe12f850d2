//! Lockstep's desktop window: a Tauri 2 builder over `lockstep-core`. Commands live in
//! [`commands`], the unlocked vault and auto-lock clock in [`state`], the tray in [`tray`].
#![forbid(unsafe_code)]

mod camera;
mod clipboard;
mod commands;
mod desktop;
mod dialog;
pub mod error;
mod events;
mod i18n;
mod icons;
mod palette;
pub mod problem;
pub mod settings;
pub mod state;

/// The app's WebKit setup, for the probes under `examples/` that measure a window in it.
#[cfg(target_os = "linux")]
pub use desktop::prepare_webkit;
mod tray;
mod watch;

/// Event sent to the window when another process changed the vault (payload: none).
pub const CHANGED_EVENT: &str = "vault-changed";
/// Event sent to the window when the vault was locked from Rust (auto-lock, tray, suspend).
pub const LOCKED_EVENT: &str = "locked";
/// Event sent to the window when a merge of the sync folder brought something in (payload:
/// [`state::SyncNews`]).
pub const SYNCED_EVENT: &str = "vault-synced";

/// Tauri's async commands run on one tokio worker thread, not one per core (Tauri's default):
/// they only wait (for the vault, which they lock, and for `spawn_blocking`, where every slow
/// task goes), and each idle worker still costs its stack and, once it allocates, a malloc arena
/// of its own (docs/performance.md). Before anything uses Tauri's runtime; a runtime that cannot
/// be built leaves Tauri's own.
fn one_async_worker() {
    match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
    {
        Ok(runtime) => {
            tauri::async_runtime::set(runtime.handle().clone());
            // It runs until the process ends, as Tauri's own would.
            std::mem::forget(runtime);
        }
        Err(e) => eprintln!("lockstep: cannot start the async runtime: {e}"),
    }
}

/// Builds and runs the app.
pub fn run() {
    if let Err(why) = lockstep_core::process::harden() {
        eprintln!("lockstep: {why}");
    }
    let pick = palette::asked_for(std::env::args_os().map(|a| a.to_string_lossy().into_owned()));
    // `--pick` with Lockstep running: handed over before GTK and WebKit start.
    #[cfg(target_os = "linux")]
    if pick && palette::hand_over() {
        return;
    }
    #[cfg(target_os = "linux")]
    desktop::prepare_webkit();
    one_async_worker();
    let state = match state::AppState::from_env() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("lockstep: {e}");
            std::process::exit(2);
        }
    };
    let result = tauri::Builder::default()
        // A second start shows the running window, or with `--pick` opens its palette.
        .plugin(tauri_plugin_single_instance::init(|app, args, _cwd| {
            if palette::asked_for(&args) {
                palette::open(app, palette::activation_token(&args));
            } else {
                tray::show_window(app);
            }
        }))
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .on_window_event(desktop::on_window_event)
        // Used from Rust only (commands open their own dialogs); the window gets no permission.
        .plugin(tauri_plugin_dialog::init())
        .manage(state)
        .manage(palette::Palette::default())
        .manage(camera::CameraScan::default())
        .manage(events::Events::default())
        .register_uri_scheme_protocol(icons::SCHEME, icons::respond)
        .invoke_handler(tauri::generate_handler![
            commands::status,
            commands::next_events,
            commands::create_vault,
            commands::unlock,
            commands::restore_vault,
            commands::search,
            commands::password_strength,
            commands::export_formats,
            commands::lock,
            commands::activity,
            commands::codes,
            commands::copy_code,
            commands::hotp_next,
            commands::preview_text,
            commands::preview_file,
            commands::cancel_import,
            commands::preview_image,
            commands::preview_clipboard,
            commands::scan_screen,
            commands::camera_start,
            commands::camera_stop,
            commands::preview_manual,
            commands::commit_import,
            commands::update_entry,
            commands::delete_entry,
            commands::undo_delete,
            commands::move_entry,
            commands::reveal_entry,
            commands::get_settings,
            commands::set_settings,
            commands::change_password,
            commands::rotate_recovery,
            commands::members,
            commands::add_member,
            commands::remove_member,
            commands::remember_device,
            commands::forget_device,
            commands::list_backups,
            commands::backup_now,
            commands::plan_restore_file,
            commands::plan_restore_auto,
            commands::commit_restore,
            commands::backup_health,
            commands::verify_backup,
            commands::snooze_backup_reminder,
            commands::export_accounts,
            commands::sync_status,
            commands::sync_start,
            commands::sync_now,
            commands::sync_off,
            commands::sync_unlock_copies,
            commands::join_synced,
            commands::palette_is_open,
            commands::palette_items,
            commands::palette_shown,
            commands::palette_close,
            commands::icon_glyph,
            commands::icon_search,
            commands::icon_from_picture,
            commands::icon_packs,
            commands::import_icon_pack,
            commands::remove_icon_pack,
        ])
        .setup(move |app| {
            icons::locate(app.handle());
            if let Err(e) = tray::create(app.handle()) {
                eprintln!("lockstep: no tray icon: {e}");
            }
            // Nothing to do to the window in a dev build off Linux.
            #[cfg(any(target_os = "linux", not(debug_assertions)))]
            if let Some(w) = tauri::Manager::get_webview_window(app, "main") {
                #[cfg(target_os = "linux")]
                desktop::tune_webview(&w);
                #[cfg(not(debug_assertions))]
                let _ = w.set_content_protected(true);
            }
            watch::spawn(app.handle().clone());
            desktop::watch_suspend(app.handle().clone());
            let shortcut = tauri::Manager::state::<state::AppState>(app)
                .settings()
                .global_shortcut;
            if let Err(e) = desktop::apply_shortcut(app.handle(), &shortcut) {
                eprintln!("lockstep: {e}");
            }
            // Started by `lockstep-app --pick` with no Lockstep running: only the palette.
            if pick {
                palette::open_at_start(app.handle());
            }
            Ok(())
        })
        .build(tauri::generate_context!())
        .map(|app| {
            app.run(|app, event| match event {
                // The window's own place and shape are what the window-state plugin saves.
                tauri::RunEvent::ExitRequested { .. } => palette::close(app),
                // A code copied a moment ago must not outlive the app on the clipboard.
                tauri::RunEvent::Exit => clipboard::forget(),
                _ => {}
            })
        });
    if let Err(e) = result {
        eprintln!("lockstep: the window could not start: {e}");
        std::process::exit(1);
    }
}
