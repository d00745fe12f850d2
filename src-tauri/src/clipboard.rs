//! Copying a code: written to the system clipboard from Rust (the webview has no clipboard
//! permission) marked as a secret for clipboard managers (`x-kde-passwordManagerHint`, through
//! arboard's `exclude_from_history`, so history tools such as Klipper and GPaste skip it), then
//! cleared after the configured delay, when the vault locks and when the app quits, each time
//! only if the clipboard still holds that code.

use std::sync::Mutex;
use std::time::Duration;

use zeroize::Zeroizing;

use crate::error::{Error, Result};
use crate::problem::AppProblem;

/// The clipboard handle (on X11 it owns the selection, so it lives as long as the app) and the
/// last code copied.
struct Held {
    clipboard: arboard::Clipboard,
    code: Option<Zeroizing<String>>,
}

static HELD: Mutex<Option<Held>> = Mutex::new(None);

fn with_held<T>(f: impl FnOnce(&mut Held) -> Result<T>) -> Result<T> {
    let mut guard = HELD.lock().unwrap_or_else(|p| p.into_inner());
    if guard.is_none() {
        let clipboard = arboard::Clipboard::new()
            .map_err(|e| Error::System(AppProblem::ClipboardUnopened(e.to_string()).into()))?;
        *guard = Some(Held {
            clipboard,
            code: None,
        });
    }
    f(guard.as_mut().expect("set just above"))
}

/// Puts `code` on the clipboard as a secret; clears it after `clear_after` seconds (0 = never)
/// if unchanged.
pub fn copy(code: Zeroizing<String>, clear_after: u32) -> Result<()> {
    with_held(|h| {
        let set = h.clipboard.set();
        #[cfg(any(target_os = "linux", target_os = "freebsd"))]
        let set = arboard::SetExtLinux::exclude_from_history(set);
        #[cfg(target_os = "windows")]
        let set = arboard::SetExtWindows::exclude_from_history(set);
        #[cfg(target_os = "macos")]
        let set = arboard::SetExtApple::exclude_from_history(set);
        set.text(code.as_str())
            .map_err(|e| Error::System(AppProblem::ClipboardUnwritable(e.to_string()).into()))?;
        h.code = Some(code.clone());
        Ok(())
    })?;
    if clear_after > 0 {
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_secs(u64::from(clear_after)));
            clear_if(&code);
        });
    }
    Ok(())
}

/// Clears the clipboard if it still holds `code`.
fn clear_if(code: &str) {
    let _ = with_held(|h| {
        let now = Zeroizing::new(h.clipboard.get_text().unwrap_or_default());
        if now.as_str() == code {
            let _ = h.clipboard.clear();
        }
        if h.code.as_deref().map(String::as_str) == Some(code) {
            h.code = None;
        }
        Ok(())
    });
}

/// Clears the last code copied, if the clipboard still holds it: on lock and on quit.
pub fn forget() {
    let last = HELD
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .as_mut()
        .and_then(|h| h.code.take());
    if let Some(code) = last {
        clear_if(&code);
    }
}
