//! The commands the window calls: thin wrappers that parse arguments, call [`AppState`] (and so
//! the core), and map the result. One permission each (see build.rs and capabilities/main.json).
//! Commands that run Argon2 or touch the keyring are async and run off the main thread.

use lockstep_core::export::{ExportFormat, FormatInfo};
use lockstep_core::icons::{pack::PackInfo, Glyph, Offer};
use lockstep_core::policy::Strength;
use lockstep_core::session::{
    BackupHealth, Exported, MemberView, Preview, RestoreMode, RestoreReport, Verification,
};
use lockstep_core::session::{Credential, KdfParams, RecoveryKey};
use serde::Deserialize;
use tauri::{AppHandle, State};
use uuid::Uuid;
use zeroize::Zeroizing;

use crate::camera::CameraScan;
use crate::error::{Error, Result};
use crate::palette::{self, Palette};
use crate::problem::AppProblem;
use crate::settings::Settings;
use crate::state::{
    AppState, BackupView, Codes, EntryPatch, ManualForm, PickItem, Reveal, Status, SyncNews,
    SyncView, Unlocked,
};
use crate::{clipboard, dialog, tray};

/// How the unlock screen opens the vault.
#[derive(Deserialize)]
#[serde(tag = "with", content = "secret", rename_all = "snake_case")]
pub enum UnlockWith {
    Password(Zeroizing<String>),
    RecoveryKey(Zeroizing<String>),
}

/// Runs blocking work (KDF, keyring, file lock) on a worker thread.
async fn blocking<T: Send + 'static>(f: impl FnOnce() -> Result<T> + Send + 'static) -> Result<T> {
    tauri::async_runtime::spawn_blocking(f)
        .await
        .map_err(|e| Error::System(AppProblem::TaskFailed(e.to_string()).into()))?
}

/// Changes the vault on a worker thread, then refreshes the tray (its favourites may change).
async fn change<T: Send + 'static>(
    app: &AppHandle,
    state: &State<'_, AppState>,
    f: impl FnOnce(AppState) -> Result<T> + Send + 'static,
) -> Result<T> {
    let st = state.inner().clone();
    let out = blocking(move || f(st)).await?;
    tray::refresh(app);
    Ok(out)
}

/// The window's events after number `after`, answered when there is one (events.rs); with no
/// number, at once with the current one.
#[tauri::command]
pub(crate) async fn next_events(
    events: State<'_, crate::events::Events>,
    after: Option<u64>,
) -> Result<crate::events::Batch> {
    Ok(events.next(after).await)
}

#[tauri::command]
pub(crate) fn status(state: State<'_, AppState>) -> Status {
    state.status()
}

#[tauri::command]
pub(crate) async fn create_vault(
    app: AppHandle,
    state: State<'_, AppState>,
    password: Zeroizing<String>,
) -> Result<String> {
    let st = state.inner().clone();
    let key = blocking(move || st.create(password, KdfParams::DEFAULT)).await?;
    tray::refresh(&app);
    Ok(key.to_string())
}

/// Opens the vault: with the password or recovery key given, or (`with` absent) as the core
/// decides, with this device's remembered key, answering `password_needed` when there is none.
#[tauri::command]
pub(crate) async fn unlock(
    app: AppHandle,
    state: State<'_, AppState>,
    with: Option<UnlockWith>,
    remember: bool,
) -> Result<Unlocked> {
    let st = state.inner().clone();
    let out = blocking(move || {
        let credential = match with {
            Some(UnlockWith::Password(pw)) => Some(Credential::Password(pw)),
            Some(UnlockWith::RecoveryKey(text)) => {
                Some(Credential::Recovery(RecoveryKey::parse(&text)?))
            }
            None => None,
        };
        st.unlock(credential, remember)
    })
    .await?;
    tray::refresh(&app);
    Ok(out)
}

/// The welcome screen's "Restore from a backup": the backup (base64) becomes this computer's
/// vault, opened with its password or recovery key.
#[tauri::command]
pub(crate) async fn restore_vault(
    app: AppHandle,
    state: State<'_, AppState>,
    data: String,
    with: UnlockWith,
    remember: bool,
) -> Result<Unlocked> {
    let bytes = file_bytes(&data)?;
    let st = state.inner().clone();
    let out = blocking(move || {
        let credential = || -> Result<Credential> {
            Ok(match &with {
                UnlockWith::Password(pw) => Credential::Password(pw.clone()),
                UnlockWith::RecoveryKey(text) => Credential::Recovery(RecoveryKey::parse(text)?),
            })
        };
        st.restore_new(&bytes, credential, remember)
    })
    .await?;
    tray::refresh(&app);
    Ok(out)
}

#[tauri::command]
pub(crate) fn lock(app: AppHandle, state: State<'_, AppState>) {
    state.lock();
    clipboard::forget();
    tray::refresh(&app);
}

#[tauri::command]
pub(crate) fn activity(state: State<'_, AppState>) {
    state.touch();
}

#[tauri::command]
pub(crate) fn codes(state: State<'_, AppState>) -> Result<Codes> {
    state.codes(lockstep_core::session::now())
}

/// The ids of the entries matching a search, by the core's one rule.
#[tauri::command]
pub(crate) fn search(state: State<'_, AppState>, query: String) -> Result<Vec<Uuid>> {
    state.search(&query)
}

/// How strong a new password is, by the core's policy (the meter only shows it).
#[tauri::command]
pub(crate) fn password_strength(password: Zeroizing<String>) -> Strength {
    AppState::strength(&password)
}

/// Every export format with its properties, for the export form.
#[tauri::command]
pub(crate) fn export_formats() -> Vec<FormatInfo> {
    ExportFormat::ALL.iter().map(|f| f.info()).collect()
}

/// Copies an entry's code, or with `next` the next period's ("Copy next" in the row's menu).
#[tauri::command]
pub(crate) fn copy_code(state: State<'_, AppState>, id: Uuid, next: Option<bool>) -> Result<()> {
    let code = if next == Some(true) {
        state.next_code_to_copy(id)?
    } else {
        state.code_to_copy(id)?
    };
    clipboard::copy(code, state.settings().clipboard_seconds)
}

#[tauri::command]
pub(crate) async fn hotp_next(state: State<'_, AppState>, id: Uuid) -> Result<String> {
    let st = state.inner().clone();
    blocking(move || st.hotp_next(id)).await
}

#[tauri::command]
pub(crate) fn preview_text(state: State<'_, AppState>, text: Zeroizing<String>) -> Result<Preview> {
    state.preview_text(&text)
}

/// A file the webview opened, sent as base64 (no file-system permission is granted).
fn file_bytes(data: &str) -> Result<Zeroizing<Vec<u8>>> {
    data_encoding::BASE64
        .decode(data.as_bytes())
        .map(Zeroizing::new)
        .map_err(|_| Error::BadInput(AppProblem::FileUnreadable.into()))
}

/// An opened file, as base64 (the webview reads it; no file-system permission is granted).
#[tauri::command]
pub(crate) async fn preview_file(
    state: State<'_, AppState>,
    data: String,
    password: Option<Zeroizing<String>>,
) -> Result<Preview> {
    let bytes = file_bytes(&data)?;
    let st = state.inner().clone();
    blocking(move || st.preview_file(&bytes, password.as_deref().map(String::as_str))).await
}

/// "Cancel" while an encrypted export is being opened: it stops before its next key derivation.
#[tauri::command]
pub(crate) fn cancel_import(state: State<'_, AppState>) {
    state.cancel_import();
}

/// A picture (pasted, opened or dropped), as base64: every QR code in it.
#[tauri::command]
pub(crate) async fn preview_image(state: State<'_, AppState>, data: String) -> Result<Preview> {
    let bytes = data_encoding::BASE64
        .decode(data.as_bytes())
        .map_err(|_| Error::BadInput(AppProblem::PictureUnreadable.into()))?;
    let st = state.inner().clone();
    blocking(move || st.preview_image(&bytes)).await
}

/// Ctrl+V: the clipboard's picture (or links), read in Rust.
#[tauri::command]
pub(crate) async fn preview_clipboard(state: State<'_, AppState>) -> Result<Preview> {
    let st = state.inner().clone();
    blocking(move || st.preview_capture(&lockstep_core::qr::Source::Clipboard)).await
}

/// "Scan screen": every monitor.
#[tauri::command]
pub(crate) async fn scan_screen(state: State<'_, AppState>) -> Result<Preview> {
    let st = state.inner().clone();
    blocking(move || st.preview_capture(&lockstep_core::qr::Source::Screen)).await
}

/// "Scan with camera": reads frames until the codes are complete; what it sees, the preview and
/// errors come as `camera-*` events (see `camera.rs`).
#[tauri::command]
pub(crate) async fn camera_start(
    app: AppHandle,
    state: State<'_, AppState>,
    scan: State<'_, CameraScan>,
) -> Result<()> {
    scan.start(app, state.inner().clone())
}

/// Stops the camera (the dialog closed); returns once it is off.
#[tauri::command]
pub(crate) async fn camera_stop(scan: State<'_, CameraScan>) -> Result<()> {
    scan.stop();
    Ok(())
}

#[tauri::command]
pub(crate) fn preview_manual(state: State<'_, AppState>, form: ManualForm) -> Result<Preview> {
    state.preview_manual(&form)
}

#[tauri::command]
pub(crate) async fn commit_import(
    app: AppHandle,
    state: State<'_, AppState>,
    indices: Vec<usize>,
) -> Result<usize> {
    change(&app, &state, move |st| st.commit_import(&indices)).await
}

#[tauri::command]
pub(crate) async fn update_entry(
    app: AppHandle,
    state: State<'_, AppState>,
    id: Uuid,
    patch: EntryPatch,
) -> Result<()> {
    change(&app, &state, move |st| st.update_entry(id, patch)).await
}

#[tauri::command]
pub(crate) async fn delete_entry(
    app: AppHandle,
    state: State<'_, AppState>,
    id: Uuid,
) -> Result<()> {
    change(&app, &state, move |st| st.delete_entry(id)).await
}

/// "Undo" after a delete: the entry comes back from the automatic backup taken before it, read
/// in Rust (the webview sends the id only, never the secret).
#[tauri::command]
pub(crate) async fn undo_delete(
    app: AppHandle,
    state: State<'_, AppState>,
    id: Uuid,
) -> Result<()> {
    change(&app, &state, move |st| st.undo_delete(id)).await
}

/// Drag to reorder: the entry goes to display index `to`.
#[tauri::command]
pub(crate) async fn move_entry(
    app: AppHandle,
    state: State<'_, AppState>,
    id: Uuid,
    to: usize,
) -> Result<()> {
    change(&app, &state, move |st| st.move_entry(id, to)).await
}

/// "Show QR": the entry's link, secret and QR code, on the user's explicit request only.
#[tauri::command]
pub(crate) fn reveal_entry(state: State<'_, AppState>, id: Uuid) -> Result<Reveal> {
    state.touch();
    state.reveal(id)
}

#[tauri::command]
pub(crate) fn get_settings(state: State<'_, AppState>) -> Settings {
    state.settings()
}

/// Saves the settings; a changed global shortcut is registered first, so a shortcut that
/// cannot be registered is refused and the old settings stay. The tray's menu follows the
/// language.
#[tauri::command]
pub(crate) fn set_settings(
    app: AppHandle,
    state: State<'_, AppState>,
    settings: Settings,
) -> Result<Settings> {
    let earlier = state.settings();
    let before = earlier.global_shortcut;
    let wanted = settings.clone().clamped().global_shortcut;
    if wanted != before {
        if let Err(e) = crate::desktop::apply_shortcut(&app, &wanted) {
            let _ = crate::desktop::apply_shortcut(&app, &before);
            return Err(e);
        }
    }
    let saved = state.set_settings(settings)?;
    // The tray's words follow the language; rebuilding its menu on every save (a D-Bus round
    // trip through the tray host, on the main thread) held up window events such as a close.
    if saved.language != earlier.language {
        tray::refresh(&app);
    }
    Ok(saved)
}

/// A new password; `current` is the password (or recovery key) now, needed unless it was given
/// in the last minutes.
#[tauri::command]
pub(crate) async fn change_password(
    state: State<'_, AppState>,
    current: Option<Zeroizing<String>>,
    password: Zeroizing<String>,
) -> Result<()> {
    let st = state.inner().clone();
    blocking(move || st.change_password(current, password)).await
}

#[tauri::command]
pub(crate) async fn rotate_recovery(
    state: State<'_, AppState>,
    current: Option<Zeroizing<String>>,
) -> Result<String> {
    let st = state.inner().clone();
    let key = blocking(move || st.rotate_recovery(current)).await?;
    Ok(key.to_string())
}

/// The vault's members (name, when added, whether it is you), the owner first.
#[tauri::command]
pub(crate) fn members(state: State<'_, AppState>) -> Result<Vec<MemberView>> {
    state.members()
}

/// Adds a member with their own password; `current` as for `change_password`.
#[tauri::command]
pub(crate) async fn add_member(
    state: State<'_, AppState>,
    current: Option<Zeroizing<String>>,
    name: String,
    password: Zeroizing<String>,
) -> Result<Vec<MemberView>> {
    let st = state.inner().clone();
    blocking(move || st.add_member(current, name, password)).await
}

/// Removes a member (a new data key); `current` as for `change_password`.
#[tauri::command]
pub(crate) async fn remove_member(
    state: State<'_, AppState>,
    current: Option<Zeroizing<String>>,
    name: String,
) -> Result<Vec<MemberView>> {
    let st = state.inner().clone();
    blocking(move || st.remove_member(current, name)).await
}

#[tauri::command]
pub(crate) async fn remember_device(state: State<'_, AppState>) -> Result<()> {
    let st = state.inner().clone();
    blocking(move || st.remember()).await
}

#[tauri::command]
pub(crate) async fn forget_device(state: State<'_, AppState>) -> Result<()> {
    let st = state.inner().clone();
    blocking(move || st.forget()).await
}

#[tauri::command]
pub(crate) fn list_backups(state: State<'_, AppState>) -> Result<Vec<BackupView>> {
    state.list_backups()
}

/// "Back up now": the native save dialog, then an encrypted backup there (`None`: cancelled).
#[tauri::command]
pub(crate) async fn backup_now(
    app: AppHandle,
    state: State<'_, AppState>,
) -> Result<Option<Exported>> {
    let st = state.inner().clone();
    blocking(
        move || match dialog::for_export(&app, "Back up the vault", ExportFormat::Lockstep)? {
            Some(out) => st.export_to(ExportFormat::Lockstep, &out, None).map(Some),
            None => Ok(None),
        },
    )
    .await
}

/// Restore, step 1 for a backup file the webview opened (base64): the plan, kept in the state.
#[tauri::command]
pub(crate) async fn plan_restore_file(
    state: State<'_, AppState>,
    data: String,
    password: Option<Zeroizing<String>>,
    mode: RestoreMode,
) -> Result<RestoreReport> {
    let bytes = file_bytes(&data)?;
    let st = state.inner().clone();
    blocking(move || st.plan_restore_bytes(&bytes, password, mode)).await
}

/// Restore, step 1 for an automatic backup, named by its file name only.
#[tauri::command]
pub(crate) async fn plan_restore_auto(
    state: State<'_, AppState>,
    name: String,
    password: Option<Zeroizing<String>>,
    mode: RestoreMode,
) -> Result<RestoreReport> {
    let st = state.inner().clone();
    blocking(move || st.plan_restore_auto(&name, password, mode)).await
}

/// Restore, step 2: applies the plan shown (after an automatic backup of the vault).
#[tauri::command]
pub(crate) async fn commit_restore(
    app: AppHandle,
    state: State<'_, AppState>,
) -> Result<RestoreReport> {
    change(&app, &state, |st| st.commit_restore()).await
}

/// Backup health: the last backup outside the vault's folder and whether to remind.
#[tauri::command]
pub(crate) async fn backup_health(state: State<'_, AppState>) -> Result<BackupHealth> {
    let st = state.inner().clone();
    blocking(move || st.backup_health()).await
}

/// "Later" on the backup reminder: not again for a week.
#[tauri::command]
pub(crate) async fn snooze_backup_reminder(state: State<'_, AppState>) -> Result<()> {
    let st = state.inner().clone();
    blocking(move || st.snooze_backup_reminder()).await
}

/// "Check this backup" for a file the webview opened (base64): counts of matching, missing and
/// differing accounts. Changes nothing.
#[tauri::command]
pub(crate) async fn verify_backup(
    state: State<'_, AppState>,
    data: String,
    password: Option<Zeroizing<String>>,
) -> Result<Verification> {
    let bytes = file_bytes(&data)?;
    let st = state.inner().clone();
    blocking(move || st.verify_backup_bytes(&bytes, password)).await
}

/// Export: checks the password, the "unencrypted" confirmation and (for plain formats) the
/// current password first, then the native save (or folder) dialog, then writes there (`None`:
/// cancelled).
#[tauri::command]
pub(crate) async fn export_accounts(
    app: AppHandle,
    state: State<'_, AppState>,
    target: ExportFormat,
    password: Option<Zeroizing<String>>,
    plain_confirmed: bool,
    current: Option<Zeroizing<String>>,
) -> Result<Option<Exported>> {
    let st = state.inner().clone();
    blocking(move || {
        let pw = password.as_deref().map(String::as_str);
        st.check_export(target, pw, plain_confirmed, current)?;
        match dialog::for_export(&app, "Export accounts", target)? {
            Some(out) => st.export_to(target, &out, pw).map(Some),
            None => Ok(None),
        }
    })
    .await
}

/// Settings → Sync: off, or the folder, this device and the other devices' copies.
#[tauri::command]
pub(crate) fn sync_status(state: State<'_, AppState>) -> Result<SyncView> {
    state.sync_status()
}

/// "Choose folder…": the native folder dialog, then syncing through the folder as `name`
/// (default: this computer's name). `None`: cancelled.
#[tauri::command]
pub(crate) async fn sync_start(
    app: AppHandle,
    state: State<'_, AppState>,
    name: Option<String>,
) -> Result<Option<SyncNews>> {
    let st = state.inner().clone();
    blocking(
        move || match dialog::pick_folder(&app, "Choose the sync folder")? {
            Some(dir) => st.sync_start(&dir, name.as_deref()).map(Some),
            None => Ok(None),
        },
    )
    .await
}

#[tauri::command]
pub(crate) async fn sync_now(app: AppHandle, state: State<'_, AppState>) -> Result<SyncNews> {
    let st = state.inner().clone();
    let news = blocking(move || st.sync_now()).await?;
    tray::refresh(&app);
    Ok(news)
}

#[tauri::command]
pub(crate) fn sync_off(state: State<'_, AppState>) -> Result<()> {
    state.sync_off()
}

/// Opens the copies sealed under a password changed on another device, with that password.
#[tauri::command]
pub(crate) async fn sync_unlock_copies(
    app: AppHandle,
    state: State<'_, AppState>,
    password: Zeroizing<String>,
) -> Result<SyncNews> {
    let st = state.inner().clone();
    let news = blocking(move || st.sync_unlock_copies(password)).await?;
    tray::refresh(&app);
    Ok(news)
}

/// The welcome screen's "Join a synced vault": the native folder dialog, then the vault there
/// becomes this computer's and opens with `password`. `None`: cancelled.
#[tauri::command]
pub(crate) async fn join_synced(
    app: AppHandle,
    state: State<'_, AppState>,
    password: Zeroizing<String>,
    remember: bool,
) -> Result<Option<Unlocked>> {
    let st = state.inner().clone();
    let app2 = app.clone();
    let out = blocking(
        move || match dialog::pick_folder(&app2, "Choose the synced folder")? {
            Some(dir) => st.join_synced(&dir, password, remember).map(Some),
            None => Ok(None),
        },
    )
    .await?;
    tray::refresh(&app);
    Ok(out)
}

/// Whether the quick pick is open (the page asks when it loads, in case it missed the event).
#[tauri::command]
pub(crate) fn palette_is_open(palette: State<'_, Palette>) -> bool {
    palette.is_open()
}

/// The quick pick's list: every account's names, no codes (a pick copies with `copy_code`).
#[tauri::command]
pub(crate) fn palette_items(state: State<'_, AppState>) -> Result<Vec<PickItem>> {
    state.pick_items()
}

/// The page drew the palette: milliseconds since it was asked for (docs/performance.md).
#[tauri::command]
pub(crate) fn palette_shown(app: AppHandle) -> Option<f64> {
    palette::shown(&app)
}

/// Esc, a pick or a click elsewhere: the window goes back to what it was.
#[tauri::command]
pub(crate) fn palette_close(app: AppHandle) {
    palette::close(&app);
}

/// A row's bundled logo, drawn inline by the window: name, colour and path data.
#[tauri::command]
pub(crate) fn icon_glyph(slug: String) -> Option<Glyph> {
    lockstep_core::icons::glyph(&slug)
}

/// The icon picker: bundled and pack icons whose name contains `query`.
#[tauri::command]
pub(crate) fn icon_search(state: State<'_, AppState>, query: String) -> Vec<Offer> {
    state.icon_search(&query)
}

/// "Use a picture…": a PNG or JPEG the webview opened (base64), as an `icon` value.
#[tauri::command]
pub(crate) async fn icon_from_picture(
    state: State<'_, AppState>,
    name: String,
    data: String,
) -> Result<String> {
    let bytes = file_bytes(&data)?;
    let st = state.inner().clone();
    blocking(move || st.icon_from_picture(&name, &bytes)).await
}

/// Settings → Icon packs: the installed packs.
#[tauri::command]
pub(crate) fn icon_packs(state: State<'_, AppState>) -> Vec<PackInfo> {
    state.icon_packs()
}

/// Settings → Icon packs → Import: an Aegis icon pack ZIP the webview opened (base64). The
/// list is told to load again (its logos may change).
#[tauri::command]
pub(crate) async fn import_icon_pack(
    app: AppHandle,
    state: State<'_, AppState>,
    data: String,
) -> Result<PackInfo> {
    let bytes = file_bytes(&data)?;
    let st = state.inner().clone();
    let info = blocking(move || st.import_icon_pack(&bytes)).await?;
    crate::events::send(&app, crate::CHANGED_EVENT, ());
    Ok(info)
}

/// Settings → Icon packs → Remove (the list loads again, as after an import).
#[tauri::command]
pub(crate) fn remove_icon_pack(
    app: AppHandle,
    state: State<'_, AppState>,
    uuid: Uuid,
) -> Result<Vec<PackInfo>> {
    let left = state.remove_icon_pack(uuid)?;
    crate::events::send(&app, crate::CHANGED_EVENT, ());
    Ok(left)
}
