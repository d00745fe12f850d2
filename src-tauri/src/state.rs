//! The app's state: the vault file, the unlocked vault (or none), the pending import preview,
//! settings and the idle clock. No Tauri types here, so it is tested without a window. Locking
//! drops the [`Unlocked`] vault, whose data key and secrets zeroize on drop. Backups, restore and
//! export are in [`backups`]; automatic backups are taken here, around every change.

mod backups;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use lockstep_core::import::{otpauth_list::OtpauthList, ImportResult, Importer, Plan};
use lockstep_core::vault::store::Stamp;
use lockstep_core::vault::{self, now};
use lockstep_core::{backup, otp, Account, Credential, Entry, KdfParams, Store, Unlocked};
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use zeroize::Zeroizing;

use crate::error::{Error, Result};
use crate::settings::Settings;

pub use backups::{BackupView, ExportTarget, Exported};

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
    last_activity: Mutex<Instant>,
}

/// An unlocked vault and what goes with it; dropped as a whole on lock.
struct Session {
    unlocked: Unlocked,
    stamp: Stamp,
    /// Size and modification time when `stamp` was taken: an unchanged file is not re-hashed.
    seen: Option<(u64, std::time::SystemTime)>,
    /// The import preview awaiting "Add N accounts" (secrets stay here, never in the webview).
    pending: Vec<Account>,
    /// HOTP codes the user asked for, shown until the next lock.
    hotp_shown: HashMap<Uuid, String>,
    /// The opened backup whose restore plan is on screen, awaiting "Restore".
    restore: Option<backups::PendingRestore>,
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
}

/// One row of the codes list: metadata and codes, never the secret.
#[derive(Debug, Serialize)]
pub struct CodeView {
    pub id: Uuid,
    pub kind: &'static str,
    pub issuer: String,
    pub account: String,
    pub tags: Vec<String>,
    pub note: String,
    pub favorite: bool,
    pub icon: Option<String>,
    pub digits: u8,
    pub period: u32,
    /// Current code (HOTP: the last code asked for, or empty).
    pub code: String,
    /// Code of the next period (TOTP/Steam), empty for HOTP.
    pub next: String,
    /// Seconds left in the period at `at` (0 for HOTP).
    pub remaining: u32,
}

/// Codes at one instant.
#[derive(Debug, Serialize)]
pub struct Codes {
    /// Unix seconds the codes were computed for.
    pub at: u64,
    pub entries: Vec<CodeView>,
}

/// One account of the import preview.
#[derive(Debug, Serialize)]
pub struct PreviewItem {
    pub index: usize,
    pub issuer: String,
    pub account: String,
    pub kind: &'static str,
    /// Already in the vault (or repeated in the source): unticked by default.
    pub duplicate: bool,
}

/// The import preview.
#[derive(Debug, Serialize)]
pub struct Preview {
    pub accounts: Vec<PreviewItem>,
    pub errors: Vec<lockstep_core::import::ImportError>,
}

/// The manual "add account" form.
#[derive(Deserialize)]
pub struct ManualForm {
    pub issuer: String,
    pub account: String,
    pub secret: Zeroizing<String>,
    /// totp | hotp | steam
    pub kind: String,
    pub algorithm: String,
    /// Wider than the vault's `u8` so that 262 is refused, not wrapped to 6.
    pub digits: u32,
    pub period: u32,
    pub counter: u64,
}

impl std::fmt::Debug for ManualForm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ManualForm")
            .field("issuer", &self.issuer)
            .field("account", &self.account)
            .field("secret", &"[redacted]")
            .finish_non_exhaustive()
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

/// The editable fields of an entry.
#[derive(Debug, Deserialize)]
pub struct EntryPatch {
    pub issuer: String,
    pub account: String,
    pub tags: Vec<String>,
    pub note: String,
    pub favorite: bool,
    pub icon: Option<String>,
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
            last_activity: Mutex::new(Instant::now()),
        }))
    }

    /// The vault at `LOCKSTEP_VAULT` or the platform default.
    pub fn from_env() -> Result<Self> {
        let path = match std::env::var_os("LOCKSTEP_VAULT") {
            Some(p) if !p.is_empty() => PathBuf::from(p),
            _ => Store::default_path()
                .ok_or_else(|| Error::System("no home directory for the vault".into()))?,
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

    /// Read-modify-write of the vault file under its lock (reloading first, so the CLI's changes
    /// are kept), then remembers the new stamp. The file as it was is copied to the backups
    /// folder first when the last automatic backup is a day old (as the CLI does).
    fn edit<T>(&self, change: impl FnOnce(&mut Unlocked) -> lockstep_core::Result<T>) -> Result<T> {
        self.edit_backed(None, change)
    }

    /// [`AppState::edit`] for a destructive or bulk change: an automatic backup named for
    /// `reason` (delete, import, passwd) is always taken, under the lock, before saving.
    fn edit_backed<T>(
        &self,
        reason: Option<&str>,
        change: impl FnOnce(&mut Unlocked) -> lockstep_core::Result<T>,
    ) -> Result<T> {
        let store = self.0.store.clone();
        let keep = self.settings().keep();
        self.with_open(|s| {
            let out = store.update_open(&mut s.unlocked, |u| {
                let out = change(u)?;
                match reason {
                    Some(r) => backup::auto_backup(&store, r, keep)?,
                    None => backup::auto_backup_if_due(&store, now(), keep)?,
                };
                Ok(out)
            })?;
            s.stamp = store.stamp()?;
            Ok(out)
        })
    }

    /// Records user activity (for auto-lock).
    pub fn touch(&self) {
        *self
            .0
            .last_activity
            .lock()
            .unwrap_or_else(|p| p.into_inner()) = Instant::now();
    }

    /// Idle time since the last activity.
    pub fn idle(&self) -> Duration {
        self.0
            .last_activity
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .elapsed()
    }

    pub fn status(&self) -> Status {
        let store = &self.0.store;
        let remembered = store
            .read()
            .map(|(env, _)| vault::has_live_keyring_slot(&env, now()))
            .unwrap_or(false);
        Status {
            exists: store.exists(),
            unlocked: self.is_unlocked(),
            remembered,
            path: store.path().display().to_string(),
        }
    }

    pub fn is_unlocked(&self) -> bool {
        self.session().is_some()
    }

    /// Creates the vault and opens it; returns the recovery key to show once.
    pub fn create(&self, password: &str) -> Result<Zeroizing<String>> {
        let (unlocked, recovery) = self.0.store.create(password, KdfParams::DEFAULT)?;
        self.open_session(unlocked)?;
        Ok(recovery.to_display())
    }

    /// Opens the vault with a credential; optionally remembers this device.
    pub fn unlock(&self, credential: &Credential, remember: bool) -> Result<()> {
        let (env, _) = self.0.store.read()?;
        let unlocked = Unlocked::open(&env, credential, now())?;
        self.open_session(unlocked)?;
        self.daily_backup();
        if remember {
            self.remember()?;
        }
        Ok(())
    }

    /// The daily automatic backup, after unlock. Best effort: a full disk must not keep the vault
    /// closed, so a failure is only reported on stderr (a path and a reason, never a secret).
    fn daily_backup(&self) {
        let keep = self.settings().keep();
        if let Err(e) = backup::auto_backup_if_due(&self.0.store, now(), keep) {
            eprintln!("lockstep: no automatic backup was made: {e}");
        }
    }

    fn open_session(&self, unlocked: Unlocked) -> Result<()> {
        let stamp = self.0.store.stamp()?;
        self.touch();
        *self.session() = Some(Session {
            unlocked,
            stamp,
            seen: None,
            pending: Vec::new(),
            hotp_shown: HashMap::new(),
            restore: None,
        });
        Ok(())
    }

    /// Drops the unlocked vault. Returns whether it was open.
    pub fn lock(&self) -> bool {
        self.session().take().is_some()
    }

    /// If another process saved the vault, re-reads it with the in-memory key. Returns whether
    /// anything changed.
    pub fn reload_if_changed(&self) -> Result<bool> {
        let mut guard = self.session();
        let Some(s) = guard.as_mut() else {
            return Ok(false);
        };
        let seen = std::fs::metadata(self.0.store.path())
            .ok()
            .and_then(|m| Some((m.len(), m.modified().ok()?)));
        if seen.is_some() && seen == s.seen {
            return Ok(false);
        }
        s.seen = seen;
        let stamp = self.0.store.stamp()?;
        if stamp == s.stamp {
            return Ok(false);
        }
        let (env, stamp) = self.0.store.read()?;
        s.unlocked.reload(&env)?;
        s.stamp = stamp;
        Ok(true)
    }

    /// Every entry's codes at `at`.
    pub fn codes(&self, at: u64) -> Result<Codes> {
        let guard = self.session();
        let s = guard.as_ref().ok_or_else(Error::locked)?;
        let entries = s
            .unlocked
            .vault
            .entries
            .iter()
            .map(|e| view(e, at, s.hotp_shown.get(&e.id)))
            .collect();
        Ok(Codes { at, entries })
    }

    /// Favorites' names and ids, for the tray.
    pub fn favorites(&self) -> Vec<(Uuid, String)> {
        let guard = self.session();
        guard
            .as_ref()
            .map(|s| {
                s.unlocked
                    .vault
                    .entries
                    .iter()
                    .filter(|e| e.favorite)
                    .map(|e| (e.id, e.display_name()))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The code to copy for an entry now (HOTP: the last one shown; none shown → advance).
    pub fn code_to_copy(&self, id: Uuid) -> Result<Zeroizing<String>> {
        let shown = self.with_open(|s| {
            let e = find(&s.unlocked, id)?;
            Ok(match e.kind {
                otp::Kind::Hotp => s.hotp_shown.get(&id).cloned(),
                _ => Some(e.otp().code_at(now())),
            })
        })?;
        match shown {
            Some(code) => Ok(Zeroizing::new(code)),
            None => self.hotp_next(id).map(Zeroizing::new),
        }
    }

    /// HOTP: computes the code of the saved counter and advances it in the file.
    pub fn hotp_next(&self, id: Uuid) -> Result<String> {
        let code = self.edit(|u| {
            let e = u
                .vault
                .entries
                .iter_mut()
                .find(|e| e.id == id)
                .ok_or(lockstep_core::Error::NoMatch(id.to_string()))?;
            if e.kind != otp::Kind::Hotp {
                return Err(lockstep_core::Error::WrongKind(
                    "only HOTP accounts have a next code",
                ));
            }
            let code = e.otp().hotp(e.counter);
            e.counter = e.counter.wrapping_add(1);
            e.modified = now();
            Ok(code)
        })?;
        self.with_open(|s| {
            s.hotp_shown.insert(id, code.clone());
            Ok(code)
        })
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

    /// Reads an opened file: another app's export (format detected; `password` for encrypted
    /// ones) or a list of links.
    pub fn preview_file(&self, bytes: &[u8], password: Option<&str>) -> Result<Preview> {
        let result = lockstep_core::import::detect::read_any(bytes, None, password)?;
        self.preview(result)
    }

    /// Every QR code in a picture (pasted, opened or dropped) into a preview.
    pub fn preview_image(&self, source: &str, bytes: &[u8]) -> Result<Preview> {
        let found = lockstep_core::qr::scan_bytes(source, bytes)?;
        self.preview_found(found)
    }

    /// The clipboard (a picture, or text with links) or every monitor, into a preview.
    pub fn preview_capture(&self, source: &lockstep_core::qr::Source) -> Result<Preview> {
        let found = lockstep_core::qr::scan(source)?;
        self.preview_found(found)
    }

    fn preview_found(&self, found: Vec<lockstep_core::qr::Found>) -> Result<Preview> {
        if found.is_empty() {
            return Err(Error::BadInput("no QR code found in the picture".into()));
        }
        self.preview(lockstep_core::qr::to_import(found))
    }

    /// Builds one account from the manual form into a preview.
    pub fn preview_manual(&self, form: &ManualForm) -> Result<Preview> {
        let account = form_account(form)?;
        self.preview(ImportResult {
            accounts: vec![account],
            ..ImportResult::default()
        })
    }

    /// Any source's accounts → the preview (duplicates flagged); kept until committed.
    pub fn preview(&self, result: ImportResult) -> Result<Preview> {
        self.reload_if_changed()?;
        self.with_open(|s| {
            let plan = Plan::new(&s.unlocked.vault, result);
            let accounts = plan
                .accounts
                .iter()
                .enumerate()
                .map(|(index, p)| PreviewItem {
                    index,
                    issuer: p.account.issuer.clone(),
                    account: p.account.account.clone(),
                    kind: p.account.otp.kind.as_str(),
                    duplicate: p.duplicate_of.is_some(),
                })
                .collect();
            s.pending = plan.accounts.into_iter().map(|p| p.account).collect();
            Ok(Preview {
                accounts,
                errors: plan.errors,
            })
        })
    }

    /// Adds the ticked accounts of the preview. Returns how many were added.
    pub fn commit_import(&self, indices: &[usize]) -> Result<usize> {
        let chosen: Vec<Account> = self.with_open(|s| {
            let pending = std::mem::take(&mut s.pending);
            Ok(pending
                .into_iter()
                .enumerate()
                .filter(|(i, _)| indices.contains(i))
                .map(|(_, a)| a)
                .collect())
        })?;
        let count = chosen.len();
        self.edit_backed(Some("import"), |u| {
            let at = now();
            for account in chosen {
                u.vault.push(Entry::from_account(account, at)?);
            }
            Ok(count)
        })
    }

    pub fn update_entry(&self, id: Uuid, patch: EntryPatch) -> Result<()> {
        self.edit(|u| {
            let e = u
                .vault
                .entries
                .iter_mut()
                .find(|e| e.id == id)
                .ok_or(lockstep_core::Error::NoMatch(id.to_string()))?;
            e.issuer = patch.issuer.trim().to_owned();
            e.account = patch.account.trim().to_owned();
            e.tags = patch.tags;
            e.note = patch.note;
            e.favorite = patch.favorite;
            e.icon = patch.icon;
            e.modified = now();
            u.vault.sort();
            Ok(())
        })
    }

    /// Drag to reorder: `id` goes to display index `to` (clamped within favorites or the rest).
    pub fn move_entry(&self, id: Uuid, to: usize) -> Result<()> {
        self.edit(|u| u.vault.move_entry(id, to).map(|_| ()))
    }

    /// The entry's `otpauth://` link and a QR code of it as a PNG data URL, for "Show QR": the
    /// one path by which a secret reaches the webview, on the user's explicit request.
    pub fn reveal(&self, id: Uuid) -> Result<Reveal> {
        let guard = self.session();
        let s = guard.as_ref().ok_or_else(Error::locked)?;
        let entry = find(&s.unlocked, id)?;
        let uri = lockstep_core::uri::format(&entry.to_account());
        let png = Zeroizing::new(lockstep_core::qr::render::png(&uri, 6)?);
        let mut data_url = Zeroizing::new(String::from("data:image/png;base64,"));
        data_encoding::BASE64.encode_append(&png, &mut data_url);
        let secret = entry.secret.to_base32();
        Ok(Reveal {
            uri,
            secret,
            qr: data_url,
        })
    }

    pub fn delete_entry(&self, id: Uuid) -> Result<()> {
        self.edit_backed(Some("delete"), |u| {
            let before = u.vault.entries.len();
            u.vault.entries.retain(|e| e.id != id);
            if u.vault.entries.len() == before {
                return Err(lockstep_core::Error::NoMatch(id.to_string()));
            }
            Ok(())
        })
    }

    pub fn change_password(&self, password: &str) -> Result<()> {
        self.edit_backed(Some("passwd"), |u| {
            u.set_password(password, KdfParams::DEFAULT)
        })
    }

    pub fn rotate_recovery(&self) -> Result<Zeroizing<String>> {
        self.edit(|u| u.rotate_recovery().map(|k| k.to_display()))
    }

    pub fn remember(&self) -> Result<()> {
        self.edit(|u| u.remember(now().saturating_add(REMEMBER_FOR)))
    }

    pub fn forget(&self) -> Result<()> {
        self.edit(|u| u.forget().map(|_| ()))
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
                .map_err(|e| Error::System(format!("cannot save the settings: {e}")))?;
        }
        *self.0.settings.lock().unwrap_or_else(|p| p.into_inner()) = settings.clone();
        Ok(settings)
    }
}

fn find(u: &Unlocked, id: Uuid) -> Result<&Entry> {
    u.vault
        .entries
        .iter()
        .find(|e| e.id == id)
        .ok_or_else(Error::not_found)
}

fn view(e: &Entry, at: u64, hotp_shown: Option<&String>) -> CodeView {
    let params = e.otp();
    let (code, next) = match e.kind {
        otp::Kind::Hotp => (hotp_shown.cloned().unwrap_or_default(), String::new()),
        _ => (params.code_at(at), params.next_code_at(at)),
    };
    CodeView {
        id: e.id,
        kind: e.kind.as_str(),
        issuer: e.issuer.clone(),
        account: e.account.clone(),
        tags: e.tags.clone(),
        note: e.note.clone(),
        favorite: e.favorite,
        icon: e.icon.clone(),
        digits: e.digits,
        period: e.period,
        code,
        next,
        remaining: params.remaining(at),
    }
}

/// The manual form as an otpauth account, through the same parser as links (one set of rules).
fn form_account(form: &ManualForm) -> Result<Account> {
    let secret: String = form
        .secret
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect::<String>()
        .to_ascii_uppercase();
    let secret = Zeroizing::new(secret);
    let kind = match form.kind.as_str() {
        "totp" | "hotp" | "steam" => form.kind.as_str(),
        other => return Err(lockstep_core::Error::UnknownOtpType(other.to_owned()).into()),
    };
    let account = Account {
        issuer: form.issuer.trim().to_owned(),
        account: form.account.trim().to_owned(),
        otp: lockstep_core::OtpParams {
            kind: match kind {
                "hotp" => otp::Kind::Hotp,
                "steam" => otp::Kind::Steam,
                _ => otp::Kind::Totp,
            },
            secret: lockstep_core::Secret::from_base32(&secret)?,
            algorithm: otp::Algorithm::parse(&form.algorithm)?,
            digits: if kind == "steam" {
                5
            } else {
                u8::try_from(form.digits)
                    .map_err(|_| lockstep_core::Error::BadDigits(form.digits.to_string()))?
            },
            period: form.period,
            counter: form.counter,
        },
    };
    account.otp.validate()?;
    Ok(account)
}

#[cfg(test)]
mod tests {
    use super::*;

    const LINK: &str = "otpauth://totp/ACME:me@example.com?secret=JBSWY3DPEHPK3PXP&issuer=ACME";

    fn state(dir: &tempfile::TempDir) -> AppState {
        AppState::new(Store::new(dir.path().join("v.lockstep")), None)
    }

    fn cheap() -> KdfParams {
        KdfParams {
            m_kib: KdfParams::MIN_M_KIB,
            t: 1,
            p: 1,
        }
    }

    fn created(dir: &tempfile::TempDir) -> AppState {
        let st = state(dir);
        let (u, _) = st.0.store.create("correct horse", cheap()).unwrap();
        st.open_session(u).unwrap();
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
        let other = Store::new(dir.path().join("v.lockstep"));
        other
            .update(
                &Credential::Password(Zeroizing::new("correct horse".into())),
                |u| {
                    u.vault.push(Entry::from_account(
                        lockstep_core::uri::parse(LINK).unwrap(),
                        1,
                    )?);
                    Ok(())
                },
            )
            .unwrap();
        assert!(st.reload_if_changed().unwrap());
        assert_eq!(st.codes(0).unwrap().entries.len(), 1);
        assert!(st.lock());
        assert!(matches!(st.codes(0), Err(Error::Locked(_))));
    }

    #[test]
    fn manual_form_goes_through_the_core_rules() {
        let dir = tempfile::tempdir().unwrap();
        let st = created(&dir);
        let mut form = ManualForm {
            issuer: "X".into(),
            account: "y".into(),
            secret: Zeroizing::new("jbsw y3dp ehpk 3pxp".into()),
            kind: "totp".into(),
            algorithm: "SHA256".into(),
            digits: 8,
            period: 60,
            counter: 0,
        };
        assert_eq!(st.preview_manual(&form).unwrap().accounts.len(), 1);
        form.digits = 262;
        assert!(matches!(st.preview_manual(&form), Err(Error::BadInput(_))));
        form.digits = 6;
        form.secret = Zeroizing::new("not base32!".into());
        assert!(matches!(st.preview_manual(&form), Err(Error::BadInput(_))));
    }

    #[test]
    fn wrong_password_is_its_own_kind() {
        let dir = tempfile::tempdir().unwrap();
        let st = created(&dir);
        st.lock();
        let e = st
            .unlock(
                &Credential::Password(Zeroizing::new("nope nope".into())),
                false,
            )
            .unwrap_err();
        assert!(matches!(e, Error::WrongPassword(_)));
        let json = serde_json::to_value(&e).unwrap();
        assert_eq!(json["kind"], "wrong_password");
    }
}
