//! Native file dialogs (tauri-plugin-dialog), opened from Rust inside the command that needs
//! them and on a worker thread: the window holds no dialog permission and never names a path to
//! write to.

use std::path::PathBuf;

use tauri::{AppHandle, Manager};
use tauri_plugin_dialog::{DialogExt, FileDialogBuilder, FilePath};

use crate::error::{Error, Result};
use crate::problem::AppProblem;
use lockstep_core::export::ExportFormat;

fn builder(app: &AppHandle, title: &str) -> FileDialogBuilder<tauri::Wry> {
    let mut dialog = app.dialog().file().set_title(title);
    if let Some(window) = app.get_webview_window("main") {
        dialog = dialog.set_parent(&window);
    }
    dialog
}

fn into_path(chosen: Option<FilePath>) -> Result<Option<PathBuf>> {
    chosen
        .map(|p| {
            p.into_path()
                .map_err(|e| Error::System(AppProblem::ChosenFileUnusable(e.to_string()).into()))
        })
        .transpose()
}

/// Asks where to save a file (`name` offered, filtered on `ext`); `None` when cancelled.
/// Blocks: call it from a worker thread.
fn save_file(
    app: &AppHandle,
    title: &str,
    filter: &str,
    ext: &str,
    name: &str,
) -> Result<Option<PathBuf>> {
    into_path(
        builder(app, title)
            .add_filter(filter, &[ext])
            .set_file_name(name)
            .blocking_save_file(),
    )
}

/// Asks for a folder, starting in the home folder (not GTK's "Recent", where no folder can be
/// chosen); `None` when cancelled. Blocks: call it from a worker thread.
pub fn pick_folder(app: &AppHandle, title: &str) -> Result<Option<PathBuf>> {
    let mut dialog = builder(app, title).set_can_create_directories(true);
    if let Ok(home) = app.path().home_dir() {
        dialog = dialog.set_directory(home);
    }
    into_path(dialog.blocking_pick_folder())
}

/// Asks where `target` goes: a folder for QR codes, else a file with the format's name and
/// extension offered (a backup's name carries the day: `lockstep-backup-2026-12-02.lockstep`).
/// `None` when cancelled. Blocks: call it from a worker thread.
pub fn for_export(app: &AppHandle, title: &str, target: ExportFormat) -> Result<Option<PathBuf>> {
    let info = target.info();
    if info.folder {
        return pick_folder(app, title);
    }
    let name = target.file_name_at(lockstep_core::session::now());
    save_file(app, title, info.label, info.extension, &name)
}
