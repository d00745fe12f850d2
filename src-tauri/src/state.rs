//! The app's state: the vault file, the open vault session (or none), the settings and the idle
//! clock. Every vault rule is the core session's ([`Session`]); this maps it to what the window
//! shows. No Tauri types here, so it is tested without a window. Locking drops the session,
//! whose keys and secrets zeroize on drop. Backups, restore and export are in [`backups`].

mod backups;
mod icons;
mod members;
mod pick;
mod sync;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant, SystemTime};

use lockstep_core::entry::OtpFields;
use lockstep_core::import::otpauth_list::OtpauthList;
use lockstep_core::import::{read_source, read_source_with, ImportOptions, ImportResult, Importer};
use lockstep_core::policy::{self, Strength};
use lockstep_core::session::{
    self, Change, CodeView, Notice, OpenedWith, Options, Preview, Session,
};
use lockstep_core::session::{Credential, KdfParams, RecoveryKey, Store};
use lockstep_core::uri::Account;
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use zeroize::Zeroizing;

use crate::error::{Error, Result};
use crate::problem::AppProblem;
use crate::settings::Settings;

pub use backups::BackupView;
pub use icons::LogoView;
pub use pick::PickItem;
pub use sync::{SyncNews, SyncView};

/// "Remember this device" lasts this long.
pub const REMEMBER_FOR: u64 = 30 * 24 * 3600;

/// Shared app state (cheap to clone; managed by Tauri).
#[derive(Clone)]
pub struct AppState(Arc<Inner>);

struct Inner {
    store: Store,
    session: Mutex<Option<Session>>,
    settings: Mutex<Settings>,
    settings_path: Option<PathBuf>,
    last_activity: Mutex<(Instant, SystemTime)>,
    /// Set by "Cancel" while an encrypted export is being opened (checked before each KDF run).
    import_cancel: std::sync::atomic::AtomicBool,
    /// The other devices' copies in the sync folder as the watcher last saw them.
    folder_seen: Mutex<Option<sync::FolderSeen>>,
    /// Where imported icon packs live, and their icons once read.
    packs_dir: Option<PathBuf>,
    pack_icons: Mutex<Option<Arc<Vec<lockstep_core::icons::PackIcon>>>>,
}

/// What the first screen needs to know.
#[derive(Debug, Serialize)]
pub struct Status {
    /// A vault file exists.
    pub exists: bool,
    /// It is open in this app.
    pub unlocked: bool,
    /// This device has a live "remember" slot.
    pub remembered: bool,
    /// The vault file's path.
    pub path: String,
    /// This system reports suspends to Lockstep (Linux's logind); elsewhere "lock when the
    /// computer suspends" is not available.
    pub suspend_watched: bool,
    /// The system's preferred languages (`sv-SE`, ...), most wanted first, for the window's
    /// "system" language (WebKitGTK's `navigator.languages` does not follow them).
    pub locales: Vec<String>,
}

/// What an unlock did besides opening the vault.
#[derive(Debug, Default, Serialize)]
pub struct Unlocked {
    /// How the vault was opened (a recovery-key unlock offers a new password).
    pub opened_with: Option<OpenedWith>,
    /// Things to tell the person (an older copy of the vault, a failed backup).
    pub notices: Vec<Notice>,
    /// "Remember this device" was asked for but could not be done: the keyring's error (the
    /// window's catalog says what would help, `unlock.remember_failed`).
    pub remember_failed: Option<String>,
    /// What the merge of the sync folder brought in while opening, if the vault syncs.
    pub synced: Option<SyncNews>,
}

/// Codes at one instant.
#[derive(Debug, Serialize)]
pub struct Codes {
    /// Unix seconds the codes were computed for.
    pub at: u64,
    pub entries: Vec<CodeView>,
    /// Each entry's logo (`icon:` paths), by the core's rule.
    pub logos: Vec<LogoView>,
    /// Every tag in use, by the core (the edit dialog suggests them).
    pub tags: Vec<String>,
}

/// The manual "add account" form: names, and the code fields the edit dialog sends too.
#[derive(Debug, Deserialize)]
pub struct ManualForm {
    pub issuer: String,
    pub account: String,
    /// Type, secret (required here), algorithm, digits, period, counter.
    #[serde(flatten)]
    pub otp: OtpFields,
}

impl ManualForm {
    /// The form as an account, through the core's one constructor (Steam's rules and all).
    fn to_account(&self) -> Result<Account> {
        Ok(self.otp.account(&self.issuer, &self.account, None)?)
    }
}

/// "Show QR / reveal secret": the only view that carries a secret (zeroized when dropped).
#[derive(Serialize)]
pub struct Reveal {
    /// The `otpauth://` link.
    pub uri: Zeroizing<String>,
    /// The secret in base32.
    pub secret: Zeroizing<String>,
    /// A PNG of the link's QR code, as a `data:` URL.
    pub qr: Zeroizing<String>,
}

impl std::fmt::Debug for Reveal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Reveal([redacted])")
    }
}

/// The editable fields of an entry, as the edit dialog (or a row's star) sends them.
#[derive(Debug, Deserialize)]
pub struct EntryPatch {
    pub issuer: String,
    pub account: String,
    /// As typed; the core splits at commas and normalises.
    pub tags: Vec<String>,
    pub note: String,
    pub favorite: bool,
    pub icon: Option<String>,
    /// "These change the codes": new type, secret (webview → Rust only), algorithm, digits,
    /// period or counter, checked by the core's account rules.
    #[serde(default)]
    pub otp: Option<OtpFields>,
}

impl From<EntryPatch> for lockstep_core::entry::Patch {
    fn from(p: EntryPatch) -> Self {
        lockstep_core::entry::Patch {
            issuer: Some(p.issuer),
            account: Some(p.account),
            tags: Some(p.tags),
            note: Some(p.note),
            favorite: Some(p.favorite),
            icon: Some(p.icon),
            otp: p.otp,
        }
    }
}

fn password(text: Zeroizing<String>) -> Credential {
    Credential::Password(text)
}

impl AppState {
    /// State over the vault at `store`, with settings read from `settings_path`.
    pub fn new(store: Store, settings_path: Option<PathBuf>) -> Self {
        let settings = settings_path
            .as_deref()
            .map(Settings::load)
            .unwrap_or_default();
        AppState(Arc::new(Inner {
            store,
            session: Mutex::new(None),
            settings: Mutex::new(settings),
            settings_path,
            last_activity: Mutex::new((Instant::now(), SystemTime::now())),
            import_cancel: std::sync::atomic::AtomicBool::new(false),
            folder_seen: Mutex::new(None),
            packs_dir: lockstep_core::icons::pack::default_dir(),
            pack_icons: Mutex::new(None),
        }))
    }

    /// The vault at `LOCKSTEP_VAULT` or the platform default.
    pub fn from_env() -> Result<Self> {
        let path = match std::env::var_os("LOCKSTEP_VAULT") {
            Some(p) if !p.is_empty() => PathBuf::from(p),
            _ => Store::default_path()
                .ok_or_else(|| Error::System(AppProblem::NoHomeForVault.into()))?,
        };
        Ok(Self::new(Store::new(path), Settings::default_path()))
    }

    fn session(&self) -> MutexGuard<'_, Option<Session>> {
        // A panic while holding the lock leaves plain data behind; keep going.
        self.0.session.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Runs `f` on the open session, or fails with `Locked`.
    fn with_open<T>(&self, f: impl FnOnce(&mut Session) -> Result<T>) -> Result<T> {
        self.touch();
        let mut guard = self.session();
        let session = guard.as_mut().ok_or_else(Error::locked)?;
        f(session)
    }

    /// Applies one change through the session.
    fn apply(&self, change: Change) -> Result<session::Applied> {
        self.with_open(|s| Ok(s.apply(change)?))
    }

    fn options(&self) -> Options {
        Options {
            keep_backups: self.settings().keep(),
        }
    }

    /// Records user activity (for auto-lock).
    pub fn touch(&self) {
        *self
            .0
            .last_activity
            .lock()
            .unwrap_or_else(|p| p.into_inner()) = (Instant::now(), SystemTime::now());
    }

    /// Idle time since the last activity, time asleep included: the monotonic clock stops
    /// while the machine sleeps and the wall clock may be set back, so the longer of the two.
    pub fn idle(&self) -> Duration {
        let (instant, wall) = *self
            .0
            .last_activity
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        instant
            .elapsed()
            .max(wall.elapsed().unwrap_or(Duration::ZERO))
    }

    #[cfg(test)]
    fn idle_since(&self, instant: Instant, wall: SystemTime) {
        *self.0.last_activity.lock().unwrap() = (instant, wall);
    }

    pub fn status(&self) -> Status {
        let store = &self.0.store;
        Status {
            exists: store.exists(),
            unlocked: self.is_unlocked(),
            remembered: session::remembered(store),
            path: store.path().display().to_string(),
            suspend_watched: crate::desktop::SUSPEND_WATCHED,
            locales: crate::i18n::system_locales(),
        }
    }

    pub fn is_unlocked(&self) -> bool {
        self.session().is_some()
    }

    /// Creates the vault and opens it; returns the recovery key to show once.
    pub fn create(&self, password: Zeroizing<String>, kdf: KdfParams) -> Result<Zeroizing<String>> {
        let recovery = session::create(&self.0.store, &password, kdf)?;
        self.unlock(Some(Credential::Password(password)), false)?;
        Ok(recovery.to_display())
    }

    /// Opens the vault. With no credential the core tries this device's remembered key, and
    /// answers `password_needed` when there is none. `remember` then remembers this device; if
    /// that fails (no keyring running), the vault stays open and the answer says why.
    pub fn unlock(&self, credential: Option<Credential>, remember: bool) -> Result<Unlocked> {
        let mut s = Session::open(self.0.store.clone(), credential, self.options())?;
        let mut out = Unlocked {
            opened_with: Some(s.opened_with()),
            notices: s.take_notices(),
            remember_failed: None,
            synced: s.take_sync_report().map(SyncNews::from),
        };
        if remember {
            let until = session::now().saturating_add(REMEMBER_FOR);
            if let Err(e) = s.apply(Change::Remember(until)) {
                out.remember_failed = Some(e.to_string());
            }
        }
        self.touch();
        *self.session() = Some(s);
        self.forget_folder_seen();
        Ok(out)
    }

    /// Makes a backup this computer's vault when it has none (its accounts, password and
    /// recovery key come with it), then opens it with the same credential.
    pub fn restore_new(
        &self,
        bytes: &[u8],
        credential: impl Fn() -> Result<Credential>,
        remember: bool,
    ) -> Result<Unlocked> {
        session::restore_as_new(&self.0.store, bytes, &credential()?)?;
        self.unlock(Some(credential()?), remember)
    }

    /// Drops the open vault. Returns whether it was open.
    pub fn lock(&self) -> bool {
        self.session().take().is_some()
    }

    /// If another process saved the vault, re-reads it. Returns whether anything changed.
    pub fn reload_if_changed(&self) -> Result<bool> {
        let mut guard = self.session();
        match guard.as_mut() {
            Some(s) => Ok(s.refresh()?),
            None => Ok(false),
        }
    }

    /// Every entry's codes at `at`.
    pub fn codes(&self, at: u64) -> Result<Codes> {
        let logos = self.logos()?;
        let guard = self.session();
        let s = guard.as_ref().ok_or_else(Error::locked)?;
        Ok(Codes {
            at,
            entries: s.codes(at),
            logos,
            tags: s.tags(),
        })
    }

    /// The ids of the entries matching a search, by the core's one rule.
    pub fn search(&self, query: &str) -> Result<Vec<Uuid>> {
        let guard = self.session();
        let s = guard.as_ref().ok_or_else(Error::locked)?;
        Ok(s.search(query).iter().map(|e| e.id).collect())
    }

    /// Favorites' names and ids, for the tray.
    pub fn favorites(&self) -> Vec<(Uuid, String)> {
        self.session()
            .as_ref()
            .map(|s| {
                s.entries()
                    .iter()
                    .filter(|e| e.favorite)
                    .map(|e| (e.id, e.display_name()))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The code to copy for an entry now (HOTP: the last one shown; none shown → advance).
    pub fn code_to_copy(&self, id: Uuid) -> Result<Zeroizing<String>> {
        self.with_open(|s| Ok(s.code_to_copy(id)?))
    }

    /// "Copy next": the next period's code (HOTP: a new code, using up the counter).
    pub fn next_code_to_copy(&self, id: Uuid) -> Result<Zeroizing<String>> {
        self.with_open(|s| Ok(s.next_code_to_copy(id)?))
    }

    /// HOTP: the code of the saved counter; the counter advances in the file.
    pub fn hotp_next(&self, id: Uuid) -> Result<String> {
        let mut applied = self.apply(Change::AdvanceHotp(vec![id]))?;
        let (_, code, _) = applied.codes.pop().ok_or_else(Error::not_found)?;
        Ok(code.to_string())
    }

    /// Reads pasted text (one or more otpauth links) into a preview.
    pub fn preview_text(&self, text: &str) -> Result<Preview> {
        let result = if text.lines().filter(|l| !l.trim().is_empty()).count() > 1 {
            OtpauthList::read(text.as_bytes(), None)?
        } else {
            ImportResult {
                accounts: vec![lockstep_core::uri::parse(text)?],
                ..ImportResult::default()
            }
        };
        self.preview(result)
    }

    /// Reads an opened or dropped file: another app's export (format detected; `password` for
    /// encrypted ones), a list of links, or a picture with QR codes.
    /// A long one (costly key derivations) stops at [`AppState::cancel_import`].
    pub fn preview_file(&self, bytes: &[u8], password: Option<&str>) -> Result<Preview> {
        use std::sync::atomic::Ordering;
        self.0.import_cancel.store(false, Ordering::Relaxed);
        let options = ImportOptions {
            password,
            cancel: Some(&self.0.import_cancel),
        };
        let read = read_source_with(Path::new("file"), bytes, None, &options)?;
        self.preview(read.result)
    }

    /// Stops the export being opened by [`AppState::preview_file`] before its next key
    /// derivation; it then fails as cancelled.
    pub fn cancel_import(&self) {
        self.0
            .import_cancel
            .store(true, std::sync::atomic::Ordering::Relaxed);
    }

    /// Every QR code in a picture (pasted, opened or dropped) into a preview.
    pub fn preview_image(&self, bytes: &[u8]) -> Result<Preview> {
        let read = read_source(Path::new("picture"), bytes, Some("qr"), None)?;
        self.preview_found(read.result)
    }

    /// The clipboard (a picture, or text with links) or every monitor, into a preview.
    pub fn preview_capture(&self, source: &lockstep_core::qr::Source) -> Result<Preview> {
        let found = lockstep_core::qr::scan(source)?;
        self.preview_found(lockstep_core::qr::to_import(found))
    }

    fn preview_found(&self, result: ImportResult) -> Result<Preview> {
        if result.accounts.is_empty() && result.errors.is_empty() {
            return Err(Error::BadInput(AppProblem::NoQrCode.into()));
        }
        self.preview(result)
    }

    /// Builds one account from the manual form into a preview.
    pub fn preview_manual(&self, form: &ManualForm) -> Result<Preview> {
        let account = form.to_account()?;
        self.preview(ImportResult {
            accounts: vec![account],
            ..ImportResult::default()
        })
    }

    /// Any source's accounts → the preview (duplicates flagged); kept until committed.
    pub fn preview(&self, result: ImportResult) -> Result<Preview> {
        self.with_open(|s| Ok(s.preview(result)?))
    }

    /// Adds the ticked accounts of the preview. Returns how many were added.
    pub fn commit_import(&self, indices: &[usize]) -> Result<usize> {
        self.with_open(|s| Ok(s.commit_import(Some(indices))?.added.len()))
    }

    pub fn update_entry(&self, id: Uuid, patch: EntryPatch) -> Result<()> {
        self.apply(Change::Edit {
            id,
            patch: patch.into(),
        })
        .map(drop)
    }

    /// Drag to reorder: `id` goes to display index `to` (clamped within favorites or the rest).
    pub fn move_entry(&self, id: Uuid, to: usize) -> Result<()> {
        self.apply(Change::Move { id, to }).map(drop)
    }

    /// The entry's `otpauth://` link and a QR code of it as a PNG data URL, for "Show QR": the
    /// one path by which a secret reaches the webview, on the user's explicit request.
    pub fn reveal(&self, id: Uuid) -> Result<Reveal> {
        let guard = self.session();
        let s = guard.as_ref().ok_or_else(Error::locked)?;
        let account = s.reveal(id)?;
        let uri = lockstep_core::uri::format(&account);
        let png = Zeroizing::new(lockstep_core::qr::render::png(&uri, 6)?);
        let mut data_url = Zeroizing::new(String::from("data:image/png;base64,"));
        data_encoding::BASE64.encode_append(&png, &mut data_url);
        Ok(Reveal {
            uri,
            secret: account.otp.secret.to_base32(),
            qr: data_url,
        })
    }

    pub fn delete_entry(&self, id: Uuid) -> Result<()> {
        self.apply(Change::Delete(id)).map(drop)
    }

    /// Undoes a delete made in this session, from the automatic backup taken just before it.
    pub fn undo_delete(&self, id: Uuid) -> Result<()> {
        self.with_open(|s| Ok(s.undo_delete(id)?)).map(drop)
    }

    /// Proves the current password (or recovery key) to the session, when one is given.
    fn confirm(&self, current: Option<Zeroizing<String>>) -> Result<()> {
        let Some(current) = current else {
            return Ok(());
        };
        let credential = match RecoveryKey::parse(&current) {
            Ok(key) => Credential::Recovery(key),
            Err(_) => password(current),
        };
        self.with_open(|s| Ok(s.confirm(&credential)?))
    }

    /// A new password; `current` is the password (or recovery key) now, which the core asks
    /// for unless it was given in the last minutes (a recovery-key unlock offering a new one).
    pub fn change_password(
        &self,
        current: Option<Zeroizing<String>>,
        new: Zeroizing<String>,
    ) -> Result<()> {
        self.confirm(current)?;
        self.apply(Change::SetPassword {
            password: new,
            kdf: KdfParams::DEFAULT,
        })
        .map(drop)
    }

    pub fn rotate_recovery(&self, current: Option<Zeroizing<String>>) -> Result<Zeroizing<String>> {
        self.confirm(current)?;
        let applied = self.apply(Change::RotateRecovery)?;
        applied
            .recovery_key
            .map(|k| k.to_display())
            .ok_or_else(|| Error::System(AppProblem::NoRecoveryKeyMade.into()))
    }

    pub fn remember(&self) -> Result<()> {
        let until = session::now().saturating_add(REMEMBER_FOR);
        self.apply(Change::Remember(until)).map(drop)
    }

    pub fn forget(&self) -> Result<()> {
        self.apply(Change::Forget).map(drop)
    }

    /// The strength of a new password, by the core's policy (the meter shows it).
    pub fn strength(password: &str) -> Strength {
        policy::strength(password)
    }

    pub fn settings(&self) -> Settings {
        self.0
            .settings
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    pub fn set_settings(&self, settings: Settings) -> Result<Settings> {
        let settings = settings.clamped();
        if let Some(path) = &self.0.settings_path {
            settings
                .save(path)
                .map_err(|e| Error::System(AppProblem::SettingsUnsaved(e.to_string()).into()))?;
        }
        *self.0.settings.lock().unwrap_or_else(|p| p.into_inner()) = settings.clone();
        Ok(settings)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub const LINK: &str = "otpauth://totp/ACME:me@example.com?secret=JBSWY3DPEHPK3PXP&issuer=ACME";
    pub const PW: &str = "correct horse battery staple";

    /// [`created`] with the account of [`LINK`] added; its id.
    pub fn with_link(dir: &tempfile::TempDir) -> (AppState, Uuid) {
        let st = created(dir);
        st.preview_text(LINK).unwrap();
        st.commit_import(&[0]).unwrap();
        let id = st.codes(0).unwrap().entries[0].id;
        (st, id)
    }

    /// An open app state over a new cheap-KDF vault in `dir`.
    pub fn created(dir: &tempfile::TempDir) -> AppState {
        // One state folder for the whole test process (records are per vault and place): tests
        // run in parallel, and one test's folder must not replace another's mid-test.
        static STATE: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
        let state = STATE.get_or_init(|| tempfile::tempdir().expect("a state folder"));
        std::env::set_var("LOCKSTEP_STATE_DIR", state.path());
        let st = AppState::new(Store::new(dir.path().join("v.lockstep")), None);
        st.create(Zeroizing::new(PW.into()), KdfParams::CHEAPEST)
            .unwrap();
        st
    }

    #[test]
    fn preview_flags_duplicates_and_commit_adds_the_ticked() {
        let dir = tempfile::tempdir().unwrap();
        let st = created(&dir);
        let p = st.preview_text(LINK).unwrap();
        assert_eq!(p.accounts.len(), 1);
        assert!(!p.accounts[0].duplicate);
        assert_eq!(st.commit_import(&[0]).unwrap(), 1);
        let p = st.preview_text(&format!("{LINK}\n{LINK}\n")).unwrap();
        assert!(p.accounts.iter().all(|a| a.duplicate));
        let codes = st.codes(59).unwrap();
        assert_eq!(codes.entries.len(), 1);
        let expected = lockstep_core::uri::parse(LINK).unwrap().otp.code_at(59);
        assert_eq!(codes.entries[0].code, expected);
        assert_eq!(codes.entries[0].remaining, 1);
    }

    #[test]
    fn a_change_by_another_process_is_picked_up_and_locking_forgets() {
        let dir = tempfile::tempdir().unwrap();
        let st = created(&dir);
        assert!(!st.reload_if_changed().unwrap());
        let mut other = Session::open(
            Store::new(dir.path().join("v.lockstep")),
            Some(password(Zeroizing::new(PW.into()))),
            Options::default(),
        )
        .unwrap();
        other
            .apply(Change::Add(Box::new(
                lockstep_core::uri::parse(LINK).unwrap(),
            )))
            .unwrap();
        assert!(st.reload_if_changed().unwrap());
        assert_eq!(st.codes(0).unwrap().entries.len(), 1);
        assert!(st.lock());
        assert!(matches!(st.codes(0), Err(Error::Locked(_))));
    }

    /// The app's manual form and a link go through one constructor: a Steam entry made in the
    /// form gets Steam's algorithm, length and issuer whatever the form says (issue 12's bug).
    #[test]
    fn manual_form_goes_through_the_core_rules() {
        let dir = tempfile::tempdir().unwrap();
        let st = created(&dir);
        // As the window sends it (JSON).
        let form = |issuer: &str, secret: &str, kind: &str, digits: u32| -> ManualForm {
            serde_json::from_value(serde_json::json!({
                "issuer": issuer, "account": "gamer", "secret": secret, "kind": kind,
                "algorithm": "SHA512", "digits": digits, "period": 30, "counter": 0,
            }))
            .unwrap()
        };
        let ok = form("X", "jbsw y3dp ehpk 3pxp", "totp", 8);
        assert_eq!(st.preview_manual(&ok).unwrap().accounts.len(), 1);
        for bad in [
            form("X", "jbsw y3dp ehpk 3pxp", "totp", 262),
            form("X", "not base32!", "totp", 6),
            form("X", "", "totp", 6),
        ] {
            assert!(matches!(st.preview_manual(&bad), Err(Error::BadInput(_))));
        }
        let steam = form("", "JBSWY3DPEHPK3PXP", "steam", 8);
        let p = st.preview_manual(&steam).unwrap();
        assert_eq!(p.accounts[0].issuer, "Steam");
        st.commit_import(&[0]).unwrap();
        let link = "otpauth://steam/Steam:gamer?secret=JBSWY3DPEHPK3PXP&issuer=Steam";
        let expected = lockstep_core::uri::parse(link).unwrap().otp;
        let codes = st.codes(1_700_000_000).unwrap();
        assert_eq!(codes.entries[0].code, expected.code_at(1_700_000_000));
        assert_eq!(codes.entries[0].code.len(), 5);
    }

    #[test]
    fn wrong_password_is_its_own_kind_and_no_credential_asks_for_the_password() {
        let dir = tempfile::tempdir().unwrap();
        let st = created(&dir);
        st.lock();
        let e = st
            .unlock(Some(password(Zeroizing::new("nope nope".into()))), false)
            .unwrap_err();
        assert!(matches!(e, Error::WrongPassword(_)));
        let json = serde_json::to_value(&e).unwrap();
        assert_eq!(json["kind"], "wrong_password");
        let e = st.unlock(None, false).unwrap_err();
        assert_eq!(serde_json::to_value(&e).unwrap()["kind"], "password_needed");
    }

    /// The app asks for the current password before a new one, unless it was given just now.
    #[test]
    fn a_password_change_needs_the_current_password() {
        let dir = tempfile::tempdir().unwrap();
        let st = created(&dir);
        let new = || Zeroizing::new("a different long passphrase".to_owned());
        let e = st
            .change_password(Some(Zeroizing::new("not the password".into())), new())
            .unwrap_err();
        assert!(matches!(e, Error::WrongPassword(_)), "{e:?}");
        st.change_password(Some(Zeroizing::new(PW.into())), new())
            .unwrap();
        st.lock();
        st.unlock(Some(password(new())), false).unwrap();
    }

    /// Finding 4: a long import can be cancelled from the window. An Aegis export with eight
    /// password slots at Aegis's own scrypt cost takes eight scrypt runs; "Cancel", pressed (here
    /// from another thread, again and again) while it runs, stops it before the next one.
    #[test]
    fn an_import_can_be_cancelled() {
        use std::sync::atomic::{AtomicBool, Ordering};
        use std::sync::Arc;
        let dir = tempfile::tempdir().unwrap();
        let st = created(&dir);
        let slot = serde_json::json!({
            "type": 1, "uuid": "a8325752-c1be-458a-9b3e-5e0a8154d9ec",
            "key": "00".repeat(32), "key_params": {"nonce": "00".repeat(12), "tag": "00".repeat(16)},
            "n": 1 << 15, "r": 8, "p": 1, "salt": "00".repeat(32)
        });
        let file = serde_json::json!({
            "version": 1,
            "header": {"slots": vec![slot; 8], "params": {"nonce": "00".repeat(12), "tag": "00".repeat(16)}},
            "db": "AAAA"
        })
        .to_string();
        let done = Arc::new(AtomicBool::new(false));
        let (st2, done2) = (st.clone(), done.clone());
        let canceller = std::thread::spawn(move || {
            while !done2.load(Ordering::Relaxed) {
                st2.cancel_import();
                std::thread::sleep(Duration::from_millis(1));
            }
        });
        let e = st.preview_file(file.as_bytes(), Some("pw")).unwrap_err();
        done.store(true, Ordering::Relaxed);
        canceller.join().unwrap();
        assert!(e.to_string().contains("cancel"), "{e}");
        // Not cancelled, the same file reads to its (wrong-password) end.
        let e = st.preview_file(file.as_bytes(), Some("pw")).unwrap_err();
        assert!(matches!(e, Error::ImportPassword(_)), "{e:?}");
    }

    /// A password changed by another process re-keys the vault: the window's session can no
    /// longer read it and answers `password_needed` (the watcher then locks), never stale data.
    #[test]
    fn keys_changed_elsewhere_need_the_password_again() {
        let dir = tempfile::tempdir().unwrap();
        let st = created(&dir);
        let mut other = Session::open(
            Store::new(dir.path().join("v.lockstep")),
            Some(password(Zeroizing::new(PW.into()))),
            Options::default(),
        )
        .unwrap();
        other
            .apply(Change::SetPassword {
                password: Zeroizing::new("a different long passphrase".into()),
                kdf: KdfParams::CHEAPEST,
            })
            .unwrap();
        let e = st.reload_if_changed().unwrap_err();
        assert!(matches!(e, Error::PasswordNeeded(_)), "{e:?}");
    }

    /// Issue 12's drift bugs through the window's own commands: tags are normalised by the core
    /// (they were only in TypeScript), the search is the core's rule, and the core's password
    /// policy refuses "password1" for a new vault here as in the CLI.
    #[test]
    fn tags_search_and_the_password_policy_are_the_cores() {
        let dir = tempfile::tempdir().unwrap();
        let (st, id) = with_link(&dir);
        st.update_entry(
            id,
            EntryPatch {
                issuer: " ACME ".into(),
                account: "me@example.com".into(),
                tags: vec![" Work, work ,home,, ".into()],
                note: String::new(),
                favorite: false,
                icon: None,
                otp: None,
            },
        )
        .unwrap();
        let codes = st.codes(0).unwrap();
        assert_eq!(codes.entries[0].tags, ["Work", "home"]);
        assert_eq!(codes.tags, ["home", "Work"]);
        assert_eq!(codes.entries[0].issuer, "ACME");
        assert_eq!(st.search("acme HOME").unwrap(), [id]);
        assert!(st.search("acme office").unwrap().is_empty());
        let other = tempfile::tempdir().unwrap();
        let fresh = AppState::new(Store::new(other.path().join("v.lockstep")), None);
        let e = fresh
            .create(Zeroizing::new("password1".into()), KdfParams::CHEAPEST)
            .unwrap_err();
        assert!(matches!(e, Error::WeakPassword(_)), "{e:?}");
        assert!(!other.path().join("v.lockstep").exists());
        assert!(!AppState::strength("password1").acceptable);
    }

    /// Issue 20, item 8: the edit dialog's "these change the codes" fields, as JSON from the
    /// window: a bad secret is refused with the core's message and nothing changes; a new one
    /// gives its codes (RFC 6238, SHA1, T = 59) and never comes back in the codes view.
    #[test]
    fn an_edit_can_change_the_secret_and_digits_through_the_core() {
        let dir = tempfile::tempdir().unwrap();
        let (st, id) = with_link(&dir);
        let patch = |secret: &str, digits: u32| -> EntryPatch {
            serde_json::from_value(serde_json::json!({
                "issuer": "ACME", "account": "me@example.com", "tags": [], "note": "",
                "favorite": true, "icon": null,
                "otp": {"kind": "totp", "secret": secret, "algorithm": "SHA1", "digits": digits,
                        "period": 30, "counter": 0},
            }))
            .unwrap()
        };
        let before = st.codes(59).unwrap().entries[0].code.clone();
        for (secret, digits) in [
            ("not base32!", 8),
            ("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", 262),
        ] {
            let e = st.update_entry(id, patch(secret, digits)).unwrap_err();
            assert!(matches!(e, Error::BadInput(_)), "{e:?}");
            let now = &st.codes(59).unwrap().entries[0];
            assert_eq!((now.code.as_str(), now.favorite), (before.as_str(), false));
        }
        st.update_entry(id, patch("gezd gnbv gy3t qojq gezd gnbv gy3t qojq", 8))
            .unwrap();
        let codes = st.codes(59).unwrap();
        assert_eq!(codes.entries[0].code, "94287082");
        assert!(codes.entries[0].favorite);
        let json = serde_json::to_string(&codes).unwrap();
        assert!(!json.contains("GEZDGNBV"), "{json}");
    }

    /// "Deleted" → Undo: the entry is back with its code, from the backup taken before the delete.
    #[test]
    fn a_delete_is_undone() {
        let dir = tempfile::tempdir().unwrap();
        let (st, id) = with_link(&dir);
        let before = st.codes(59).unwrap().entries.remove(0);
        assert_eq!(before.id, id);
        st.delete_entry(id).unwrap();
        assert!(st.codes(59).unwrap().entries.is_empty());
        st.undo_delete(before.id).unwrap();
        let after = st.codes(59).unwrap().entries.remove(0);
        assert_eq!((after.id, after.code), (before.id, before.code));
        assert!(st.undo_delete(before.id).is_err(), "undone once");
    }

    #[test]
    fn idle_time_counts_the_wall_clock_too() {
        let dir = tempfile::tempdir().unwrap();
        let st = created(&dir);
        // As after a suspend: the monotonic clock stood still, the wall clock went on.
        st.idle_since(
            Instant::now(),
            SystemTime::now() - Duration::from_secs(3600),
        );
        assert!(st.idle() >= Duration::from_secs(3600));
        st.touch();
        assert!(st.idle() < Duration::from_secs(5));
    }
}
