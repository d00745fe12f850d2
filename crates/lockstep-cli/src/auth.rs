//! Gathering the secrets a command needs and opening the vault session with them: the password
//! (TTY prompt without echo, `LOCKSTEP_PASSWORD`, or `--password-stdin`), the recovery key
//! (`--use-recovery-key`, `LOCKSTEP_RECOVERY_KEY`), passwords of other files. Which credential
//! opens the vault, and when the current password must be given again, is the core's decision
//! ([`Session::open`], [`Change::needs_proof`]); this module only asks when told to.

use std::io::{BufRead, IsTerminal};
use std::path::PathBuf;
use std::time::Duration;

use lockstep_core::session::{
    self, Applied, BackupInfo, Change, Credential, Options, RecoveryKey, Session, Store,
};
use lockstep_core::Error;
use zeroize::Zeroizing;

use crate::cli::Cli;
use crate::error::{input, Result};

/// The options every command shares.
pub struct Ctx {
    path: PathBuf,
    lock_timeout: Duration,
    password_stdin: bool,
    use_recovery_key: bool,
    stdin_used: std::cell::Cell<bool>,
    /// The vault password once read (standard input gives it only once).
    given_password: std::cell::RefCell<Option<Zeroizing<String>>>,
    /// Automatic backups to keep.
    keep_backups: usize,
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
            path,
            lock_timeout: Duration::from_secs(cli.lock_timeout),
            password_stdin: cli.password_stdin,
            use_recovery_key: cli.use_recovery_key,
            stdin_used: std::cell::Cell::new(false),
            given_password: std::cell::RefCell::new(None),
            keep_backups: usize::from(cli.keep_backups),
        })
    }

    /// The vault file.
    pub fn store(&self) -> Store {
        Store::new(&self.path).with_lock_timeout(self.lock_timeout)
    }

    pub fn vault_path(&self) -> PathBuf {
        self.path.clone()
    }

    /// Whether standard input is reserved for the password.
    pub fn stdin_is_password(&self) -> bool {
        self.password_stdin
    }

    /// Marks standard input as read (so no confirmation is asked on it).
    pub fn used_stdin(&self) {
        self.stdin_used.set(true);
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

    /// The current password, from --password-stdin, LOCKSTEP_PASSWORD or a prompt (asked once;
    /// later calls give the same).
    pub fn password(&self, prompt: &str) -> Result<Zeroizing<String>> {
        if let Some(pw) = self.given_password.borrow().as_ref() {
            return Ok(pw.clone());
        }
        let pw = if self.password_stdin {
            self.stdin_line()?
        } else if let Ok(pw) = std::env::var("LOCKSTEP_PASSWORD") {
            Zeroizing::new(pw)
        } else {
            prompt_tty(prompt)?
        };
        *self.given_password.borrow_mut() = Some(pw.clone());
        Ok(pw)
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
        lockstep_core::policy::check_new_password(&first)?;
        let second = prompt_tty("Repeat the new password: ")?;
        if first != second {
            return Err(input("the two passwords differ"));
        }
        Ok(first)
    }

    /// The credential given on the command line or in the environment, if any (never a prompt,
    /// except for the recovery key when `--use-recovery-key` asks for it).
    fn given(&self) -> Result<Option<Credential>> {
        if self.use_recovery_key || std::env::var_os("LOCKSTEP_RECOVERY_KEY").is_some() {
            let text = match std::env::var("LOCKSTEP_RECOVERY_KEY") {
                Ok(k) => Zeroizing::new(k),
                Err(_) => prompt_tty("Recovery key: ")?,
            };
            return Ok(Some(Credential::Recovery(RecoveryKey::parse(&text)?)));
        }
        if self.password_stdin || std::env::var_os("LOCKSTEP_PASSWORD").is_some() {
            return Ok(Some(Credential::Password(self.password("Password: ")?)));
        }
        Ok(None)
    }

    /// Opens the vault session: the credential given, else what the core tries (this device),
    /// else the password from a prompt. Notices from the open, and what the sync folder brought
    /// in, go to stderr.
    pub fn open(&self) -> Result<Session> {
        let mut s = self.open_keep_sync_report()?;
        if let Some(report) = s.take_sync_report() {
            crate::cmd::sync::summary(&report);
        }
        Ok(s)
    }

    /// [`Ctx::open`], leaving the sync report in the session (for `lockstep sync`).
    pub fn open_keep_sync_report(&self) -> Result<Session> {
        let options = Options {
            keep_backups: self.keep_backups,
        };
        let mut s = match Session::open(self.store(), self.given()?, options) {
            Err(Error::PasswordNeeded) => {
                let pw = self.password("Password: ")?;
                Session::open(self.store(), Some(Credential::Password(pw)), options)?
            }
            other => other?,
        };
        for n in s.take_notices() {
            eprintln!("warning: {n}");
        }
        Ok(s)
    }

    /// Asks for the current password (or uses the recovery key given) when the core needs it
    /// proved again before `what`.
    pub fn prove(&self, s: &mut Session, what: &'static str) -> Result<()> {
        if s.proved() {
            return Ok(());
        }
        let credential = match self.given()? {
            Some(c) => c,
            None => Credential::Password(
                prompt_tty("Current password: ").map_err(|_| Error::ConfirmIdentity(what))?,
            ),
        };
        Ok(s.confirm(&credential)?)
    }

    /// Applies a change, asking for the current password first when the change needs it.
    pub fn apply(&self, s: &mut Session, change: Change) -> Result<Applied> {
        if let Some(what) = change.needs_proof() {
            self.prove(s, what)?;
        }
        Ok(s.apply(change)?)
    }

    /// The vault's credential: the one given on the command line or in the environment, else
    /// the password from a prompt.
    pub fn credential(&self) -> Result<Credential> {
        match self.given()? {
            Some(c) => Ok(c),
            None => Ok(Credential::Password(self.password("Password: ")?)),
        }
    }

    /// The credential to open a backup of this computer's missing vault: the backup's password
    /// (LOCKSTEP_BACKUP_PASSWORD, LOCKSTEP_PASSWORD or a prompt) or its recovery key.
    pub fn backup_credential(&self, file: &str) -> Result<Credential> {
        if let Some(c) = self.given()? {
            return Ok(c);
        }
        Ok(Credential::Password(
            self.other_password("LOCKSTEP_BACKUP_PASSWORD", file)?,
        ))
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

/// The automatic backups of the vault at `ctx`'s path (no password needed).
pub fn backups(ctx: &Ctx) -> Result<Vec<BackupInfo>> {
    Ok(session::backups(&ctx.store())?)
}

/// Warns that a secret came in a command-line argument, where other users can read it.
pub fn warn_secret_in_argument(instead: &str) {
    eprintln!(
        "warning: the secret was given as a command-line argument, which other users of this \
         computer can read (ps, /proc); give it on standard input instead: {instead}"
    );
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
