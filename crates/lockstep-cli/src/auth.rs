//! Getting the secret that opens the vault: the password (TTY prompt without echo,
//! `LOCKSTEP_PASSWORD`, or `--password-stdin`), the recovery key (`--use-recovery-key`,
//! `LOCKSTEP_RECOVERY_KEY`), or a remembered device (keyring slot, tried when no password is given).

use std::io::{BufRead, IsTerminal};
use std::path::PathBuf;
use std::time::Duration;

use lockstep_core::backup;
use lockstep_core::vault::{self, Credential, Envelope, RecoveryKey, Store};

use crate::error::{input, Result};
use zeroize::Zeroizing;

use crate::cli::Cli;

/// The options every command shares.
pub struct Ctx {
    pub store: Store,
    password_stdin: bool,
    use_recovery_key: bool,
    stdin_used: std::cell::Cell<bool>,
    /// Automatic backups to keep.
    pub keep_backups: usize,
}

impl Ctx {
    pub fn new(cli: &Cli) -> Result<Ctx> {
        let path = match &cli.vault {
            Some(p) => p.clone(),
            None => Store::default_path().ok_or(input(
                "no home folder found; give the vault with --vault PATH",
            ))?,
        };
        Ok(Ctx {
            store: Store::new(path).with_lock_timeout(Duration::from_secs(cli.lock_timeout)),
            password_stdin: cli.password_stdin,
            use_recovery_key: cli.use_recovery_key,
            stdin_used: std::cell::Cell::new(false),
            keep_backups: usize::from(cli.keep_backups),
        })
    }

    pub fn vault_path(&self) -> PathBuf {
        self.store.path().to_owned()
    }

    /// Whether standard input is reserved for the password.
    pub fn stdin_is_password(&self) -> bool {
        self.password_stdin
    }

    /// One line of standard input (for --password-stdin); each call reads the next line.
    fn stdin_line(&self) -> Result<Zeroizing<String>> {
        let mut line = Zeroizing::new(String::new());
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .map_err(|_| input("could not read the password from standard input"))?;
        self.stdin_used.set(true);
        let trimmed = Zeroizing::new(line.trim_end_matches(['\n', '\r']).to_owned());
        if trimmed.is_empty() {
            return Err(input("standard input gave an empty password"));
        }
        Ok(trimmed)
    }

    /// The current password, from --password-stdin, LOCKSTEP_PASSWORD or a prompt.
    pub fn password(&self, prompt: &str) -> Result<Zeroizing<String>> {
        if self.password_stdin {
            return self.stdin_line();
        }
        if let Ok(pw) = std::env::var("LOCKSTEP_PASSWORD") {
            return Ok(Zeroizing::new(pw));
        }
        prompt_tty(prompt)
    }

    fn explicit_password(&self) -> bool {
        self.password_stdin || std::env::var_os("LOCKSTEP_PASSWORD").is_some()
    }

    /// A new password: LOCKSTEP_NEW_PASSWORD, the next stdin line, or asked twice on the terminal.
    /// `init` reads it like the current password (LOCKSTEP_PASSWORD / --password-stdin).
    pub fn new_password(&self, for_init: bool) -> Result<Zeroizing<String>> {
        if for_init && (self.password_stdin || std::env::var_os("LOCKSTEP_PASSWORD").is_some()) {
            return self.password("");
        }
        if !for_init {
            if let Ok(pw) = std::env::var("LOCKSTEP_NEW_PASSWORD") {
                return Ok(Zeroizing::new(pw));
            }
            if self.password_stdin {
                return self.stdin_line();
            }
        }
        let first = prompt_tty("New password: ")?;
        vault::check_new_password(&first)?;
        let second = prompt_tty("Repeat the new password: ")?;
        if first != second {
            return Err(input("the two passwords differ"));
        }
        Ok(first)
    }

    /// How to open this vault: recovery key if asked, else the given password, else this
    /// device's keyring slot if it works, else a password prompt.
    pub fn credential(&self, env: &Envelope) -> Result<Credential> {
        if self.use_recovery_key || std::env::var_os("LOCKSTEP_RECOVERY_KEY").is_some() {
            let text = match std::env::var("LOCKSTEP_RECOVERY_KEY") {
                Ok(k) => Zeroizing::new(k),
                Err(_) => prompt_tty("Recovery key: ")?,
            };
            return Ok(Credential::Recovery(RecoveryKey::parse(&text)?));
        }
        if !self.explicit_password()
            && vault::has_live_keyring_slot(env, vault::now())
            && vault::Unlocked::open(env, &Credential::Keyring, vault::now()).is_ok()
        {
            return Ok(Credential::Keyring);
        }
        Ok(Credential::Password(self.password("Password: ")?))
    }

    /// The credential for the vault file as it is now.
    pub fn open_credential(&self) -> Result<Credential> {
        let (env, _) = self.store.read()?;
        self.credential(&env)
    }

    /// Reads the vault, opening it with the right credential.
    pub fn unlock(&self) -> Result<vault::Unlocked> {
        let (env, _) = self.store.read()?;
        let cred = self.credential(&env)?;
        Ok(vault::Unlocked::open(&env, &cred, vault::now())?)
    }

    /// Read-modify-write under the lock with the right credential. The file as it was is copied
    /// to the backups folder first when the last automatic backup is a day old.
    pub fn update<T>(
        &self,
        change: impl FnOnce(&mut vault::Unlocked) -> lockstep_core::Result<T>,
    ) -> Result<T> {
        self.update_if(|u| change(u).map(|out| (out, true)))
    }

    /// Like [`Ctx::update`] for a destructive or bulk change (`reason`: delete, passwd, ...):
    /// an automatic backup of the file as it was is always taken, under the lock.
    pub fn update_with_backup<T>(
        &self,
        reason: &str,
        change: impl FnOnce(&mut vault::Unlocked) -> lockstep_core::Result<T>,
    ) -> Result<T> {
        let cred = self.open_credential()?;
        Ok(self.store.update(&cred, |u| {
            let out = change(u)?;
            backup::auto_backup(&self.store, reason, self.keep_backups)?;
            Ok(out)
        })?)
    }

    /// Read-modify-write that saves only when `change` reports a change (then with the daily
    /// automatic backup, like [`Ctx::update`]).
    pub fn update_if<T>(
        &self,
        change: impl FnOnce(&mut vault::Unlocked) -> lockstep_core::Result<(T, bool)>,
    ) -> Result<T> {
        let cred = self.open_credential()?;
        Ok(self.store.update_if(&cred, |u| {
            let (out, changed) = change(u)?;
            if changed {
                backup::auto_backup_if_due(&self.store, vault::now(), self.keep_backups)?;
            }
            Ok((out, changed))
        })?)
    }

    /// A password for something other than the vault (an import or export file), from `env_var`
    /// or a prompt on the terminal.
    pub fn other_password(&self, env_var: &str, what: &str) -> Result<Zeroizing<String>> {
        if let Ok(pw) = std::env::var(env_var) {
            return Ok(Zeroizing::new(pw));
        }
        prompt_tty(&format!("Password for {what}: ")).map_err(|_| {
            input(format!(
                "the password for {what} is needed: set {env_var} or run in a terminal"
            ))
        })
    }

    /// Asks a yes/no question on the terminal; `false` when there is none.
    pub fn confirm(&self, question: &str) -> bool {
        if !std::io::stdin().is_terminal() || self.stdin_used.get() {
            return false;
        }
        eprint!("{question} [y/N] ");
        let mut answer = String::new();
        std::io::stdin().lock().read_line(&mut answer).is_ok()
            && matches!(answer.trim(), "y" | "Y" | "yes")
    }
}

fn prompt_tty(prompt: &str) -> Result<Zeroizing<String>> {
    if !std::io::stdin().is_terminal() {
        return Err(input(
            "no password given: set LOCKSTEP_PASSWORD, pass --password-stdin, or run in a terminal",
        ));
    }
    rpassword::prompt_password(prompt)
        .map(Zeroizing::new)
        .map_err(|_| input("could not read the password from the terminal"))
}
