//! The quick pick: a small palette in the middle of the screen, over other windows, opened by
//! the global shortcut (X11) or by `lockstep-app --pick` (a desktop's own custom shortcut; Wayland
//! allows no global key grabs). It is a mode of the main window, not a second web view
//! (ARCHITECTURE.md, "The quick pick"): opening saves the window's place and shape, makes it a
//! small undecorated window on top and tells the page ([`OPEN_EVENT`]); closing puts it back
//! (hidden again if it was hidden). What the palette lists and copies is [`crate::state`]'s.

use std::sync::Mutex;
use std::time::Instant;

use tauri::{AppHandle, LogicalSize, Manager, PhysicalPosition, PhysicalSize, Runtime};

/// The argument that opens the palette: in the running app (through the single-instance
/// plugin), or in a new one when none runs.
pub const PICK_ARG: &str = "--pick";

/// How `lockstep-app --pick` passes the running app the desktop's activation token (see
/// [`activation_token_from_env`]): `--activation-token=<token>` after `--pick`.
pub const TOKEN_ARG: &str = "--activation-token=";

/// Event sent to the page when the palette opens (payload: none): show the palette.
pub const OPEN_EVENT: &str = "palette-open";

/// The palette's size in CSS pixels (the main window's minimum height is 420).
const SIZE: (f64, f64) = (480.0, 420.0);

/// The main window as it was before the palette took it over.
struct Before {
    visible: bool,
    minimized: bool,
    maximized: bool,
    position: Option<PhysicalPosition<i32>>,
    size: Option<PhysicalSize<u32>>,
}

/// The palette's state: open (with the window as it was) or not, and when the last open was
/// asked for (the start of the latency measured in docs/performance.md).
#[derive(Default)]
pub struct Palette(Mutex<Inner>);

#[derive(Default)]
struct Inner {
    before: Option<Before>,
    asked: Option<Instant>,
    /// Milliseconds from the last open request to the palette's first frame, as the page said.
    shown_ms: Option<f64>,
}

impl Palette {
    fn guard(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Whether the palette is open (the page asks when it loads, in case it missed the event).
    pub fn is_open(&self) -> bool {
        self.guard().before.is_some()
    }
}

/// Whether the command line asks for the palette.
pub fn asked_for<I: IntoIterator<Item = S>, S: AsRef<str>>(args: I) -> bool {
    args.into_iter().skip(1).any(|a| a.as_ref() == PICK_ARG)
}

/// The token a desktop gives the program a shortcut starts, so that the window it shows may take
/// the focus: `XDG_ACTIVATION_TOKEN` (Wayland's xdg-activation: GNOME, KDE and sway refuse
/// the focus to a window without one, and say "Lockstep is ready" instead), else
/// `DESKTOP_STARTUP_ID` (X11 startup notification). `lockstep-app --pick` hands it to the
/// running app, whose window shows the palette with it ([`open`]). None when unset, empty, over
/// 512 bytes or holding a control character.
pub fn activation_token_from_env() -> Option<String> {
    ["XDG_ACTIVATION_TOKEN", "DESKTOP_STARTUP_ID"]
        .into_iter()
        .filter_map(|name| std::env::var(name).ok())
        .find_map(|token| usable_token(&token).then_some(token))
}

fn usable_token(token: &str) -> bool {
    !token.is_empty() && token.len() <= 512 && !token.chars().any(char::is_control)
}

/// The activation token in a command line handed over by `lockstep-app --pick`, if usable.
pub fn activation_token<I: IntoIterator<Item = S>, S: AsRef<str>>(args: I) -> Option<String> {
    args.into_iter()
        .skip(1)
        .find_map(|a| a.as_ref().strip_prefix(TOKEN_ARG).map(str::to_owned))
        .filter(|t| usable_token(t))
}

/// The app's identifier (tauri.conf.json), which names the single-instance plugin's D-Bus
/// service.
#[cfg(target_os = "linux")]
const IDENTIFIER: &str = "app.lockstep.desktop";

/// `lockstep-app --pick` while Lockstep runs: hands the command line to the running app the way
/// the single-instance plugin does (its D-Bus method `ExecuteCallback` on
/// `<identifier>.SingleInstance`), but before this process starts GTK and WebKit, which took
/// most of the ~400 ms a pick through the plugin cost (docs/performance.md). False when no
/// Lockstep answers: the app then starts as usual, showing only the palette.
#[cfg(target_os = "linux")]
pub fn hand_over() -> bool {
    let name = format!("{IDENTIFIER}.SingleInstance");
    let path = format!("/{}", name.replace('.', "/").replace('-', "_"));
    let Ok(bus) = zbus::blocking::Connection::session() else {
        return false;
    };
    let mut args: Vec<String> = std::env::args_os()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    args.extend(activation_token_from_env().map(|t| format!("{TOKEN_ARG}{t}")));
    let cwd = std::env::current_dir()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned();
    bus.call_method(
        Some(name.as_str()),
        path.as_str(),
        Some("org.SingleInstance.DBus"),
        "ExecuteCallback",
        &(args, cwd),
    )
    .is_ok()
}

/// Opens the palette (or brings it to the front again if open). `token`: the desktop's
/// activation token that `lockstep-app --pick` was started with ([`activation_token_from_env`]),
/// given to the window before it is shown, as GTK asks of a window another process activates.
pub fn open<R: Runtime>(app: &AppHandle<R>, token: Option<String>) {
    #[cfg(target_os = "linux")]
    if let Some(token) = token {
        let handle = app.clone();
        // GTK only on the main thread; the window calls below queue behind this one.
        let _ = app.run_on_main_thread(move || {
            use gtk::prelude::GtkWindowExt;
            if let Some(gtk) = handle
                .get_webview_window("main")
                .and_then(|w| w.gtk_window().ok())
            {
                gtk.set_startup_id(&token);
            }
        });
    }
    #[cfg(not(target_os = "linux"))]
    let _ = token;
    open_over(app, false);
}

/// Opens the palette in an app started by `lockstep-app --pick`: the window shows only the
/// palette, and is hidden when it closes (the app stays in the tray, ready for the next pick).
pub fn open_at_start<R: Runtime>(app: &AppHandle<R>) {
    open_over(app, true);
}

fn open_over<R: Runtime>(app: &AppHandle<R>, hidden_before: bool) {
    let Some(w) = app.get_webview_window("main") else {
        return;
    };
    let state = app.state::<Palette>();
    // The lock is never held across a window call: those wait for the main thread, which may be
    // running a command that asks the palette's state.
    let first = {
        let mut inner = state.guard();
        inner.asked = Some(Instant::now());
        inner.shown_ms = None;
        inner.before.is_none()
    };
    if first {
        let before = Before {
            visible: !hidden_before && w.is_visible().unwrap_or(false),
            minimized: w.is_minimized().unwrap_or(false),
            maximized: w.is_maximized().unwrap_or(false),
            position: w.outer_position().ok(),
            size: w.inner_size().ok(),
        };
        if before.maximized {
            let _ = w.unmaximize();
        }
        let _ = w.set_decorations(false);
        let _ = w.set_always_on_top(true);
        let _ = w.set_skip_taskbar(true);
        let _ = w.set_size(LogicalSize::new(SIZE.0, SIZE.1));
        // In the middle of the screen the window is on (or the primary one).
        let monitor = w
            .current_monitor()
            .ok()
            .flatten()
            .or_else(|| w.primary_monitor().ok().flatten());
        if let Some(m) = monitor {
            let scale = m.scale_factor();
            let (width, height) = ((SIZE.0 * scale) as i32, (SIZE.1 * scale) as i32);
            let (area, at) = (m.size(), m.position());
            let x = at.x + (area.width as i32 - width) / 2;
            let y = at.y + (area.height as i32 - height) / 2;
            let _ = w.set_position(PhysicalPosition::new(x, y));
        }
        state.guard().before = Some(before);
    }
    // The page draws the palette while the window maps.
    crate::events::send(app, OPEN_EVENT, ());
    let _ = w.unminimize();
    let _ = w.show();
    let _ = w.set_focus();
}

/// Closes the palette: the window gets its place, shape and decorations back, and is hidden
/// again (or minimized) if it was before. Nothing when the palette is not open.
pub fn close<R: Runtime>(app: &AppHandle<R>) {
    let taken = app.state::<Palette>().guard().before.take();
    let Some(before) = taken else {
        return;
    };
    let Some(w) = app.get_webview_window("main") else {
        return;
    };
    if !before.visible {
        let _ = w.hide();
    }
    let _ = w.set_always_on_top(false);
    let _ = w.set_skip_taskbar(false);
    let _ = w.set_decorations(true);
    if let Some(size) = before.size {
        let _ = w.set_size(size);
    }
    if let Some(position) = before.position {
        let _ = w.set_position(position);
    }
    if before.maximized {
        let _ = w.maximize();
    }
    if before.visible && before.minimized {
        let _ = w.minimize();
    }
}

/// The page drew the palette's first frame: the time since the open was asked for, in
/// milliseconds (the palette keeps it for the measurement in docs/performance.md).
pub fn shown<R: Runtime>(app: &AppHandle<R>) -> Option<f64> {
    let state = app.state::<Palette>();
    let mut inner = state.guard();
    let ms = inner.asked.map(|t| t.elapsed().as_secs_f64() * 1000.0)?;
    inner.shown_ms.get_or_insert(ms);
    inner.shown_ms
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(target_os = "linux")]
    #[test]
    fn the_hand_over_names_the_apps_identifier() {
        let config: serde_json::Value =
            serde_json::from_str(include_str!("../tauri.conf.json")).unwrap();
        assert_eq!(config["identifier"], IDENTIFIER);
    }

    #[test]
    fn only_the_pick_argument_after_the_program_asks_for_the_palette() {
        assert!(asked_for(["lockstep-app", "--pick"]));
        assert!(asked_for(["/usr/bin/lockstep-app", "--foo", "--pick"]));
        assert!(!asked_for(["lockstep-app"]));
        assert!(
            !asked_for(["--pick"]),
            "the program's own name is not an argument"
        );
        assert!(!asked_for(["lockstep-app", "--pickle", "pick"]));
    }

    #[test]
    fn the_activation_token_comes_from_its_argument_when_usable() {
        let token = "gnome-shell/Lockstep/2345-0-host_TIME81234";
        let arg = format!("{TOKEN_ARG}{token}");
        assert_eq!(
            activation_token(["lockstep-app", "--pick", arg.as_str()]).as_deref(),
            Some(token)
        );
        assert_eq!(activation_token(["lockstep-app", "--pick"]), None);
        assert_eq!(
            activation_token([arg.as_str()]),
            None,
            "the program's own name is not an argument"
        );
        let refused = [String::new(), "line\nbreak".to_owned(), "x".repeat(513)];
        for bad in refused {
            let arg = format!("{TOKEN_ARG}{bad}");
            assert_eq!(
                activation_token(["lockstep-app", "--pick", arg.as_str()]),
                None
            );
        }
        let longest = "x".repeat(512);
        let arg = format!("{TOKEN_ARG}{longest}");
        assert_eq!(
            activation_token(["lockstep-app", arg.as_str()]).as_deref(),
            Some(longest.as_str())
        );
    }
}
