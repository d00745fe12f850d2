//! Desktop integration that follows the settings: close to tray, the optional global shortcut
//! (it opens the quick pick), and locking when the system suspends (logind's `PrepareForSleep`
//! signal on the system bus, so Linux only: elsewhere the setting says it is not available, and
//! auto-lock on idle applies).

use tauri::{AppHandle, Manager, WindowEvent};
use tauri_plugin_global_shortcut::{GlobalShortcutExt, Shortcut, ShortcutState};

use crate::error::{Error, Result};
use crate::problem::AppProblem;
use crate::state::AppState;

/// Environment variable that keeps WebKitGTK's GPU compositing on (see [`prepare_webkit`]).
#[cfg(target_os = "linux")]
pub const GPU_ENV: &str = "LOCKSTEP_WEBKIT_COMPOSITING";

/// Before the first window (first thing in `run`, while no other thread exists), through the
/// environment WebKitGTK reads as it starts its processes, each unless the user set it already:
/// - no accelerated compositing (`WEBKIT_DISABLE_COMPOSITING_MODE=1`), unless
///   `LOCKSTEP_WEBKIT_COMPOSITING=1`: without a GPU it runs through Mesa's software GL, which
///   doubled the idle CPU and added ~60 MiB (docs/performance.md). The same through
///   WebKitSettings, once the web view exists, comes too late: the processes have set up for
///   compositing by then (~6 MiB more);
/// - no JavaScript JIT (`JSC_useJIT=0`): the page is a small list that changes a few times a
///   minute, which JavaScriptCore's interpreter runs fast enough (first codes in docs/performance.md),
///   and without JIT compilers the web process holds ~9 MiB less and never maps memory both
///   writable and executable;
/// - JavaScriptCore collects after every 2 MiB the page allocates (`JSC_largeHeapSize`), not
///   after 32 MiB, its default for a web page: a search re-renders the list at every key, and
///   what that leaves behind was otherwise kept until much later (about 1 MiB less in the web
///   process after 20 searches, docs/performance.md). A collection of this page's heap (about
///   2 MB live) takes 1–3 ms.
#[cfg(target_os = "linux")]
pub fn prepare_webkit() {
    let keep_gpu = std::env::var_os(GPU_ENV).is_some_and(|v| v == "1");
    let defaults = [
        ("WEBKIT_DISABLE_COMPOSITING_MODE", "1", !keep_gpu),
        ("JSC_useJIT", "0", true),
        ("JSC_largeHeapSize", "2097152", true),
    ];
    for (name, value, wanted) in defaults {
        if wanted && std::env::var_os(name).is_none() {
            std::env::set_var(name, value);
        }
    }
}

/// Sets WebKitGTK up for a small, mostly still window (compositing and JIT: [`prepare_webkit`]):
/// no WebGL or Web Audio, no back/forward page cache and the smallest memory cache (one local
/// page, nothing to cache).
#[cfg(target_os = "linux")]
pub fn tune_webview(window: &tauri::WebviewWindow) {
    let result = window.with_webview(move |webview| {
        use webkit2gtk::{CacheModel, SettingsExt, WebContextExt, WebViewExt};
        let view = webview.inner();
        if let Some(settings) = WebViewExt::settings(&view) {
            settings.set_enable_webgl(false);
            settings.set_enable_webaudio(false);
            settings.set_enable_page_cache(false);
        }
        if let Some(context) = view.context() {
            context.set_cache_model(CacheModel::DocumentViewer);
        }
    });
    if let Err(e) = result {
        eprintln!("lockstep: cannot tune the web view: {e}");
    }
}

/// Window events: with "close to tray" on, closing hides the window and the app keeps running.
pub fn on_window_event(window: &tauri::Window, event: &WindowEvent) {
    if let WindowEvent::CloseRequested { api, .. } = event {
        if window.state::<AppState>().settings().close_to_tray {
            api.prevent_close();
            let _ = window.hide();
        }
    }
}

/// Registers the global shortcut of the settings (none when empty), replacing any earlier one;
/// it opens the quick pick ([`crate::palette`]).
/// A shortcut that cannot be parsed or is taken by another program is an error for the UI.
///
/// The global-shortcut plugin is added the first time a shortcut is set, not at start: on X11 its
/// event thread wakes 20 times a second for as long as it exists, and the shortcut is off by
/// default.
pub fn apply_shortcut(app: &AppHandle, accelerator: &str) -> Result<()> {
    let plugged = app.try_state::<ShortcutPlugin>().is_some();
    if accelerator.is_empty() {
        return if plugged {
            release_shortcuts(app)
        } else {
            Ok(())
        };
    }
    let shortcut = accelerator.parse::<Shortcut>().map_err(|e| {
        Error::BadInput(
            AppProblem::BadShortcut {
                shortcut: accelerator.to_owned(),
                detail: e.to_string(),
            }
            .into(),
        )
    })?;
    if !plugged {
        app.plugin(tauri_plugin_global_shortcut::Builder::new().build())
            .map_err(|e| Error::System(AppProblem::ShortcutsUnavailable(e.to_string()).into()))?;
        app.manage(ShortcutPlugin);
    }
    release_shortcuts(app)?;
    app.global_shortcut()
        .on_shortcut(shortcut, |app, _shortcut, event| {
            if event.state() == ShortcutState::Pressed {
                crate::palette::open(app, None);
            }
        })
        .map_err(|e| {
            Error::System(
                AppProblem::ShortcutTaken {
                    shortcut: accelerator.to_owned(),
                    detail: e.to_string(),
                }
                .into(),
            )
        })
}

/// Unregisters every global shortcut (the plugin must have been added).
fn release_shortcuts(app: &AppHandle) -> Result<()> {
    app.global_shortcut()
        .unregister_all()
        .map_err(|e| Error::System(AppProblem::ShortcutUnreleased(e.to_string()).into()))
}

/// Marks that the global-shortcut plugin has been added (see [`apply_shortcut`]).
struct ShortcutPlugin;

/// Whether this system tells Lockstep when it suspends ([`watch_suspend`]): Linux's logind only.
pub const SUSPEND_WATCHED: bool = cfg!(target_os = "linux");

/// Locks the vault when logind announces a suspend. Where there is no system bus or no logind
/// (containers) the thread ends quietly: auto-lock on idle still applies. Off Linux nothing
/// watches (the settings screen says "not available on this system").
#[cfg(not(target_os = "linux"))]
pub fn watch_suspend(_app: AppHandle) {}

/// See the other platforms' version above.
#[cfg(target_os = "linux")]
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

#[cfg(target_os = "linux")]
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
            crate::clipboard::forget();
            crate::events::send(app, crate::LOCKED_EVENT, ());
            crate::tray::refresh(app);
        }
    }
    Ok(())
}
