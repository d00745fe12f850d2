//! Copying a code: writes it to the system clipboard from Rust (the webview has no clipboard
//! permission), then clears it after the configured delay if it still holds that code.

use std::time::Duration;

use tauri::{AppHandle, Runtime};
use tauri_plugin_clipboard_manager::ClipboardExt;
use zeroize::Zeroizing;

use crate::error::{Error, Result};

/// Puts `code` on the clipboard; clears it after `clear_after` seconds (0 = never) if unchanged.
pub fn copy<R: Runtime>(
    app: &AppHandle<R>,
    code: Zeroizing<String>,
    clear_after: u32,
) -> Result<()> {
    app.clipboard()
        .write_text(code.as_str())
        .map_err(|e| Error::System(format!("cannot write to the clipboard: {e}")))?;
    if clear_after == 0 {
        return Ok(());
    }
    let app = app.clone();
    std::thread::spawn(move || {
        std::thread::sleep(Duration::from_secs(u64::from(clear_after)));
        let still_ours = app
            .clipboard()
            .read_text()
            .map(|now| Zeroizing::new(now) == code)
            .unwrap_or(false);
        if still_ours {
            let _ = app.clipboard().clear();
        }
    });
    Ok(())
}
