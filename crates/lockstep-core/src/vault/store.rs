//! The vault file on disk: where it lives, the advisory lock that serialises writers (CLI and app),
//! atomic saves (temp file, fsync, rename, fsync directory) and change detection for readers that
//! keep a vault open. A vault path that is a symbolic link is followed: the lock and the save
//! happen beside the file it points to, and the link stays a link. No crypto here beyond calling
//! [`Unlocked`].

use std::fs::{self, File, OpenOptions, TryLockError};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};

use super::{Credential, Envelope, KdfParams, RecoveryKey, Unlocked};
use crate::error::{Error, Result};

/// File name of the vault inside the data directory.
pub const FILE_NAME: &str = "vault.lockstep";
/// How long a writer waits for another to finish, by default.
pub const DEFAULT_LOCK_TIMEOUT: Duration = Duration::from_secs(10);

/// Identity of a version of the vault file (SHA-256 of its bytes), for change detection.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stamp([u8; 32]);

/// The vault file at a path.
#[derive(Clone, Debug)]
pub struct Store {
    path: PathBuf,
    lock_timeout: Duration,
}

/// Held while a process reads-modifies-writes the vault; dropping it releases the lock.
#[derive(Debug)]
pub struct LockGuard {
    _file: File,
}

impl Store {
    /// The vault at `path`.
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Store {
            path: path.into(),
            lock_timeout: DEFAULT_LOCK_TIMEOUT,
        }
    }

    /// The platform's data directory (`~/.local/share/lockstep/vault.lockstep` on Linux).
    pub fn default_path() -> Option<PathBuf> {
        directories::ProjectDirs::from("", "", "lockstep").map(|d| d.data_dir().join(FILE_NAME))
    }

    /// Sets how long to wait for another process's lock.
    pub fn with_lock_timeout(mut self, timeout: Duration) -> Self {
        self.lock_timeout = timeout;
        self
    }

    /// The vault file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Does a vault file exist?
    pub fn exists(&self) -> bool {
        self.path.is_file()
    }

    /// The file the vault path names: the path itself, or, when it is a symbolic link (say into
    /// a synced folder), the file the link points to, following links up to 40 deep. The target
    /// need not exist yet (a link made before `init`).
    pub fn target(&self) -> Result<PathBuf> {
        resolve_links(&self.path)
    }

    /// `<target>.lock`, beside the file the vault path resolves to, so every path (or link) to one
    /// vault shares one lock.
    fn lock_path(target: &Path) -> PathBuf {
        let mut name = target
            .file_name()
            .map(|n| n.to_os_string())
            .unwrap_or_default();
        name.push(".lock");
        target.with_file_name(name)
    }

    /// Takes the writers' lock, waiting up to the timeout. The lock file is `<vault>.lock` beside
    /// the vault file (beside the link's target when the vault path is a symbolic link), created
    /// owner-only (0600).
    pub fn lock(&self) -> Result<LockGuard> {
        let target = self.target()?;
        create_private_dir(&parent_dir(&target))?;
        let lock_path = Self::lock_path(&target);
        let mut o = OpenOptions::new();
        o.create(true).truncate(false).write(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut o, 0o600);
        let file = o
            .open(&lock_path)
            .map_err(Error::io("cannot open the lock file", &lock_path))?;
        #[cfg(unix)]
        {
            // A lock file made by an earlier Lockstep is 0644: make it private too (best effort:
            // the lock works either way, and it holds no data).
            use std::os::unix::fs::PermissionsExt;
            if file
                .metadata()
                .is_ok_and(|m| m.permissions().mode() & 0o077 != 0)
            {
                let _ = file.set_permissions(fs::Permissions::from_mode(0o600));
            }
        }
        let start = Instant::now();
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(LockGuard { _file: file }),
                Err(TryLockError::WouldBlock) if start.elapsed() < self.lock_timeout => {
                    std::thread::sleep(Duration::from_millis(15))
                }
                Err(TryLockError::WouldBlock) => {
                    return Err(Error::VaultBusy(self.lock_timeout.as_secs()))
                }
                Err(TryLockError::Error(e)) => return Err(Error::io("cannot lock", lock_path)(e)),
            }
        }
    }

    /// Reads and checks the file (no key needed), with its stamp.
    pub fn read(&self) -> Result<(Envelope, Stamp)> {
        let bytes = match fs::read(&self.path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(Error::VaultMissing(self.path.clone()))
            }
            Err(e) => return Err(Error::io("cannot read", &self.path)(e)),
        };
        let stamp = Stamp(Sha256::digest(&bytes).into());
        Ok((Envelope::parse(&bytes, &self.path)?, stamp))
    }

    /// The current file's stamp, to see whether another process saved since `read`.
    pub fn stamp(&self) -> Result<Stamp> {
        let bytes = fs::read(&self.path).map_err(Error::io("cannot read", &self.path))?;
        Ok(Stamp(Sha256::digest(&bytes).into()))
    }

    /// Opens the vault with a credential (no lock: saves are atomic, so readers see whole files).
    pub fn unlock(&self, credential: &Credential) -> Result<Unlocked> {
        let (env, _) = self.read()?;
        Unlocked::open(&env, credential, super::now())
    }

    /// Creates a new vault; refuses to overwrite one.
    pub fn create(&self, password: &str, kdf: KdfParams) -> Result<(Unlocked, RecoveryKey)> {
        let guard = self.lock()?;
        if self.path.exists() {
            return Err(Error::VaultExists(self.path.clone()));
        }
        let (mut unlocked, recovery) = Unlocked::create(password, kdf)?;
        self.save(&guard, &mut unlocked)?;
        Ok((unlocked, recovery))
    }

    /// Read-modify-write under the lock: opens the current file with `credential`, runs `change`,
    /// and saves if it returns `Ok`. Nothing is written when `change` fails.
    pub fn update<T>(
        &self,
        credential: &Credential,
        change: impl FnOnce(&mut Unlocked) -> Result<T>,
    ) -> Result<T> {
        let guard = self.lock()?;
        let mut unlocked = self.unlock(credential)?;
        let out = change(&mut unlocked)?;
        self.save(&guard, &mut unlocked)?;
        Ok(out)
    }

    /// Like [`Store::update`], but `change` says whether it changed anything; nothing is written
    /// when it did not (a read that may turn into a write, such as advancing an HOTP counter).
    pub fn update_if<T>(
        &self,
        credential: &Credential,
        change: impl FnOnce(&mut Unlocked) -> Result<(T, bool)>,
    ) -> Result<T> {
        let guard = self.lock()?;
        let mut unlocked = self.unlock(credential)?;
        let (out, changed) = change(&mut unlocked)?;
        if changed {
            self.save(&guard, &mut unlocked)?;
        }
        Ok(out)
    }

    /// Like [`Store::update`] for a process that already holds the vault open (the app): reloads
    /// the entries if another process saved since, then applies `change` and saves.
    pub fn update_open<T>(
        &self,
        unlocked: &mut Unlocked,
        change: impl FnOnce(&mut Unlocked) -> Result<T>,
    ) -> Result<T> {
        let guard = self.lock()?;
        let (env, _) = self.read()?;
        unlocked.reload(&env)?;
        let out = change(unlocked)?;
        self.save(&guard, unlocked)?;
        Ok(out)
    }

    /// Encrypts and writes atomically. The caller proves it holds the lock.
    pub fn save(&self, _guard: &LockGuard, unlocked: &mut Unlocked) -> Result<()> {
        let bytes = unlocked.seal(super::now())?.to_bytes();
        self.write_atomic(&bytes)
    }

    /// Replaces the file with `bytes` so that a crash at any instant leaves the old or the new file.
    /// A symbolic link is followed: the temp file goes beside the target, which it replaces.
    fn write_atomic(&self, bytes: &[u8]) -> Result<()> {
        let target = self.target()?;
        let dir = parent_dir(&target);
        create_private_dir(&dir)?;
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| FILE_NAME.into());
        let prefix = format!(".{name}.tmp-");
        // Under the lock no one else is writing: any temp file left is from a killed writer.
        if let Ok(rd) = fs::read_dir(&dir) {
            for e in rd.flatten() {
                if e.file_name().to_string_lossy().starts_with(&prefix) {
                    let _ = fs::remove_file(e.path());
                }
            }
        }
        write_private_atomic(&target, bytes)
    }
}

fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    }
}

/// Follows `path` while it is a symbolic link (a relative link is relative to its folder).
fn resolve_links(path: &Path) -> Result<PathBuf> {
    let mut p = path.to_owned();
    for _ in 0..40 {
        match fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => {
                let to = fs::read_link(&p).map_err(Error::io("cannot read the link", &p))?;
                p = if to.is_absolute() {
                    to
                } else {
                    parent_dir(&p).join(to)
                };
            }
            _ => return Ok(p),
        }
    }
    Err(Error::io("cannot follow the links of", path)(
        std::io::Error::other("too many levels of symbolic links"),
    ))
}

/// Replaces `path` with `bytes` (owner-only permissions) through a temp file in the same folder,
/// fsync, rename and fsync of the folder: a crash at any instant leaves the old or the new file.
pub fn write_private_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    };
    create_private_dir(&dir)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| FILE_NAME.into());
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let _ = fs::remove_file(&tmp); // a leftover of an earlier run of this same pid number
    let result = (|| {
        let mut f = open_private_new(&tmp)?;
        f.write_all(bytes)
            .map_err(Error::io("cannot write", &tmp))?;
        f.sync_all().map_err(Error::io("cannot flush", &tmp))?;
        drop(f);
        fs::rename(&tmp, path).map_err(Error::io("cannot replace", path))?;
        sync_dir(&dir)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

pub(crate) fn create_private_dir(dir: &Path) -> Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut b = fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut b, 0o700);
    b.create(dir)
        .map_err(Error::io("cannot create the folder", dir))
}

fn open_private_new(path: &Path) -> Result<File> {
    let mut o = OpenOptions::new();
    o.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut o, 0o600);
    o.open(path).map_err(Error::io("cannot create", path))
}

fn sync_dir(dir: &Path) -> Result<()> {
    #[cfg(unix)]
    File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(Error::io("cannot flush the folder", dir))?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}
