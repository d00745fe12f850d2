//! The command line, declared with clap. The contract is in ARCHITECTURE.md ("CLI contract").

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Lockstep: TOTP/HOTP codes from an encrypted vault on this computer.
#[derive(Parser, Debug)]
#[command(name = "lockstep", version, max_term_width = 100)]
pub struct Cli {
    /// Vault file [default: the platform data folder, e.g. ~/.local/share/lockstep/vault.lockstep]
    #[arg(
        long,
        global = true,
        env = "LOCKSTEP_VAULT",
        value_name = "PATH",
        hide_env_values = true
    )]
    pub vault: Option<PathBuf>,
    /// Read the password from the first line of standard input
    #[arg(long, global = true)]
    pub password_stdin: bool,
    /// Unlock with the recovery key (prompt, or LOCKSTEP_RECOVERY_KEY) instead of the password
    #[arg(long, global = true)]
    pub use_recovery_key: bool,
    /// Seconds to wait for another process that is writing the vault
    #[arg(
        long,
        global = true,
        env = "LOCKSTEP_LOCK_TIMEOUT",
        default_value_t = 10,
        value_name = "SECONDS",
        hide_env_values = true
    )]
    pub lock_timeout: u64,
    /// How many automatic backups to keep beside the vault
    #[arg(long, global = true, env = "LOCKSTEP_KEEP_BACKUPS", default_value_t = 10, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub keep_backups: u16,
    #[command(subcommand)]
    pub command: Command,
}

/// `lockstep member ...`.
#[derive(Subcommand, Debug)]
pub enum MemberCommand {
    /// Add a member with their own password (LOCKSTEP_NEW_PASSWORD, or a prompt)
    Add {
        /// The member's name (1 to 64 characters, unique ignoring case)
        name: String,
    },
    /// List the members and when each was added
    List {
        /// Print JSON: [{"name", "added" (Unix seconds; null for the owner), "you"}]
        #[arg(long)]
        json: bool,
    },
    /// Remove a member: the vault gets a new key their password does not open
    Remove {
        /// The member's name (ignoring case)
        name: String,
        /// Do not ask for confirmation
        #[arg(long, short = 'y')]
        yes: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Create a new vault and print its recovery key once
    Init(InitArgs),
    /// Remember this device: unlock without a password for some days (OS keyring)
    Remember {
        /// How long to remember this device
        #[arg(long, default_value_t = 30, value_parser = clap::value_parser!(u32).range(1..=365))]
        days: u32,
    },
    /// Forget this device: the password is needed again
    Forget,
    /// Add an account from an otpauth:// link or from its parts
    Add(AddArgs),
    /// List accounts (no secrets, no codes)
    List {
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
    /// Print current codes; HOTP codes advance the saved counter
    Code(CodeArgs),
    /// Show one account; --reveal prints its otpauth:// link with the secret
    Show {
        /// Issuer, account name or id
        query: String,
        /// Print the secret link
        #[arg(long)]
        reveal: bool,
    },
    /// Print an account's QR code in the terminal, to scan with a phone
    Qr {
        /// Issuer, account name or id
        query: String,
        /// Write the QR code as a PNG image instead of printing it
        #[arg(long, value_name = "FILE")]
        png: Option<PathBuf>,
    },
    /// Delete an account
    Rm {
        /// Issuer, account name or id
        query: String,
        /// Do not ask for confirmation
        #[arg(long, short = 'y')]
        yes: bool,
    },
    /// Change an account's name, tags, note, icon or favorite mark
    Edit(EditArgs),
    /// Change the vault password (LOCKSTEP_NEW_PASSWORD, or a prompt)
    Passwd(KdfArgs),
    /// Members: one vault, a password for each person (add, list, remove)
    #[command(subcommand)]
    Member(MemberCommand),
    /// Show whether a recovery key is set; --rotate replaces it and prints the new one
    RecoveryKey {
        /// Make a new recovery key; the old one stops working
        #[arg(long)]
        rotate: bool,
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
    /// Read QR codes in images, the clipboard, the screen or the camera, and the accounts they hold
    Scan {
        /// Image files or folders; `-` reads an image from standard input
        images: Vec<String>,
        /// Capture every monitor (X11, or the desktop portal on Wayland)
        #[arg(long)]
        screen: bool,
        /// Read the clipboard (an image, or text with otpauth links)
        #[arg(long)]
        clipboard: bool,
        #[command(flatten)]
        camera: CameraArgs,
        /// Print JSON: [{"source", "payload", "accounts": [{"uri", "issuer", "account"}]}]
        #[arg(long)]
        json: bool,
    },
    /// Import accounts from other apps' exports or a list of otpauth:// links
    Import(ImportArgs),
    /// Export accounts for another app (plain formats hold every secret in clear text)
    Export {
        /// aegis, aegis-encrypted, otpauth, google-qr (PNG images into the --out folder), or lockstep (an encrypted backup)
        #[arg(long)]
        format: String,
        /// File to write
        #[arg(long)]
        out: PathBuf,
    },
    /// Write an encrypted backup, list the automatic backups, or check a backup against the vault
    ///
    /// --verify opens FILE with the vault's credentials (another vault's backup with
    /// LOCKSTEP_BACKUP_PASSWORD or a prompt) and counts the accounts that match, are missing from
    /// it or differ. Exit 0: it holds every account as the vault has it now; 1: some are missing
    /// or differ; 2: it does not open.
    Backup {
        /// File to write (a folder: lockstep-backup-YYYY-MM-DD.lockstep in it)
        #[arg(long, required_unless_present_any = ["list", "verify"], conflicts_with_all = ["list", "verify"])]
        out: Option<PathBuf>,
        /// List the automatic backups beside the vault
        #[arg(long, conflicts_with = "verify")]
        list: bool,
        /// Check FILE against the vault (nothing is changed)
        #[arg(long, value_name = "FILE")]
        verify: Option<PathBuf>,
        /// Print JSON (with --list or --verify)
        #[arg(long, conflicts_with = "out")]
        json: bool,
    },
    /// Sync this vault through a folder you already sync (Syncthing, Nextcloud, Dropbox, a share)
    ///
    /// With --folder: start syncing through DIR, or, on a computer with no vault yet, join the
    /// vault another device put there. With nothing: merge what the folder holds now and print
    /// what came in. Every command that opens the vault merges the folder first.
    Sync {
        /// Start syncing through DIR (or join the vault in it)
        #[arg(long, value_name = "DIR", conflicts_with_all = ["status", "off"])]
        folder: Option<PathBuf>,
        /// This device's name, shown on the others (default: the computer's name)
        #[arg(long, requires = "folder")]
        name: Option<String>,
        /// Show the folder, this device and the others, and when each last wrote
        #[arg(long, conflicts_with = "off")]
        status: bool,
        /// Stop syncing on this device (the folder is left as it is)
        #[arg(long)]
        off: bool,
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
    /// Restore from a backup: replace the vault, or merge the backup into it
    Restore {
        /// Backup file (from `lockstep backup` or the backups folder)
        file: PathBuf,
        /// Add what the vault lacks; for accounts in both keep the newer
        #[arg(long, conflicts_with = "replace", required_unless_present = "replace")]
        merge: bool,
        /// Make the vault's accounts exactly the backup's
        #[arg(long)]
        replace: bool,
        /// Show the plan without changing anything
        #[arg(long)]
        dry_run: bool,
    },
}

#[derive(Args, Debug)]
pub struct KdfArgs {
    /// Argon2id memory in MiB (at least 8)
    #[arg(long, default_value_t = 64, value_name = "MIB")]
    pub kdf_memory: u32,
    /// Argon2id passes
    #[arg(long, default_value_t = 3, value_name = "N")]
    pub kdf_iterations: u32,
    /// Argon2id lanes
    #[arg(long, default_value_t = 4, value_name = "N")]
    pub kdf_parallelism: u32,
}

#[derive(Args, Debug)]
pub struct InitArgs {
    #[command(flatten)]
    pub kdf: KdfArgs,
    /// Print {"recovery_key": "..."}
    #[arg(long)]
    pub json: bool,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum AlgorithmArg {
    #[value(name = "SHA1", alias = "sha1")]
    Sha1,
    #[value(name = "SHA256", alias = "sha256")]
    Sha256,
    #[value(name = "SHA512", alias = "sha512")]
    Sha512,
}

#[derive(Args, Debug)]
pub struct AddArgs {
    /// otpauth:// link, or "-" to read it from standard input (or give the parts with the options below)
    #[arg(conflicts_with_all = ["issuer", "account", "secret"], required_unless_present = "secret")]
    pub uri: Option<String>,
    /// Service name
    #[arg(long)]
    pub issuer: Option<String>,
    /// User name at the service
    #[arg(long)]
    pub account: Option<String>,
    /// Base32 secret (prefer LOCKSTEP_SECRET or `add -`: arguments are visible to other users)
    #[arg(long, env = "LOCKSTEP_SECRET", hide_env_values = true, value_parser = secret_arg)]
    pub secret: Option<zeroize::Zeroizing<String>>,
    /// Hash algorithm
    #[arg(long, value_enum, requires = "secret")]
    pub algorithm: Option<AlgorithmArg>,
    /// Code length (6-10)
    #[arg(long, requires = "secret")]
    pub digits: Option<u8>,
    /// Seconds per code
    #[arg(long, requires = "secret")]
    pub period: Option<u32>,
    /// Counter-based (HOTP) instead of time-based
    #[arg(long, requires = "secret", conflicts_with = "steam")]
    pub hotp: bool,
    /// HOTP counter of the next code
    #[arg(long, requires = "hotp")]
    pub counter: Option<u64>,
    /// Steam Guard (5 characters)
    #[arg(long, requires = "secret")]
    pub steam: bool,
}

#[derive(Args, Debug)]
pub struct CodeArgs {
    /// Case-insensitive part of the issuer or account name
    pub query: Option<String>,
    /// Compute the code of this link only (no vault)
    #[arg(long, conflicts_with = "query")]
    pub uri: Option<String>,
    /// Unix time to compute codes for (default: now)
    #[arg(long, value_name = "UNIX")]
    pub at: Option<u64>,
    /// Print JSON
    #[arg(long, conflicts_with = "uri")]
    pub json: bool,
}

#[derive(Args, Debug)]
pub struct EditArgs {
    /// Account id (or a query matching one account)
    pub id: String,
    /// New issuer
    #[arg(long)]
    pub issuer: Option<String>,
    /// New account name
    #[arg(long)]
    pub account: Option<String>,
    /// Tags, comma-separated ("" clears)
    #[arg(long)]
    pub tags: Option<String>,
    /// Note ("" clears)
    #[arg(long)]
    pub note: Option<String>,
    /// Icon: si:SLUG (a simple-icons icon), letter (no logo), a PNG data: URL; "" = automatic
    #[arg(long)]
    pub icon: Option<String>,
    /// Mark as favorite (shown first)
    #[arg(long, conflicts_with = "no_favorite")]
    pub favorite: bool,
    /// Remove the favorite mark
    #[arg(long)]
    pub no_favorite: bool,
}

#[derive(Args, Debug)]
pub struct ImportArgs {
    /// Export files, QR code images or folders of them ("-" for standard input); the format is detected
    #[arg(required_unless_present_any = ["screen", "clipboard", "camera"])]
    pub sources: Vec<PathBuf>,
    /// Also scan every monitor for QR codes
    #[arg(long)]
    pub screen: bool,
    /// Also read the clipboard: a copied image or screenshot, or otpauth:// text
    #[arg(long)]
    pub clipboard: bool,
    #[command(flatten)]
    pub camera: CameraArgs,
    /// auto, or a format id (the list comes from lockstep-core)
    #[arg(long, default_value = "auto", help = import_format_help())]
    pub format: String,
    /// Show what would be added without changing the vault
    #[arg(long)]
    pub dry_run: bool,
}

/// Reading QR codes from the camera (`scan` and `import`).
#[derive(Args, Debug, Clone, Copy)]
pub struct CameraArgs {
    /// Read QR codes from the camera until every code shown is read (all the codes of a Google
    /// Authenticator export) or the time runs out
    #[arg(long)]
    pub camera: bool,
    /// Use /dev/videoN directly instead of the desktop portal's camera
    #[arg(long, value_name = "N", requires = "camera")]
    pub device: Option<u32>,
    /// Seconds to wait for the codes
    #[arg(long, value_name = "S", default_value_t = 60, requires = "camera", value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub timeout: u64,
}

/// A secret argument, kept in memory that is wiped when dropped.
fn secret_arg(text: &str) -> Result<zeroize::Zeroizing<String>, std::convert::Infallible> {
    Ok(zeroize::Zeroizing::new(text.to_owned()))
}

/// `--format` help for import: the ids core reads, plus `qr` (QR code images).
fn import_format_help() -> String {
    format!(
        "auto, or one of: {}, qr",
        lockstep_core::import::detect::known()
    )
}
