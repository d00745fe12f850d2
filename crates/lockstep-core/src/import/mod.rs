//! Bringing accounts in: every source (a link, a text list, later QR images and other apps'
//! exports) becomes an [`ImportResult`] of accounts plus per-entry errors, then a [`Plan`] that
//! flags accounts already in the vault, then one save. Formats live in one module each.

pub mod aegis;
pub mod andotp;
pub mod bitwarden;
mod common;
pub mod detect;
pub mod ente;
pub mod freeotp;
pub mod otpauth_list;
pub mod proton;
pub mod secretstream;
pub mod source;
pub mod twofas;

pub use crate::error::ImportFailure;
pub use detect::{detect, read_any, read_detected, read_detected_with, Format};
pub use source::{read_source, read_source_with, Read};

use std::sync::atomic::{AtomicBool, Ordering};

use serde::Serialize;

use crate::uri::Account;
use crate::vault::{Entry, Vault};

/// One entry of a source that could not be read, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ImportError {
    /// Where in the source (e.g. "line 3").
    pub context: String,
    /// What was wrong, as a sentence.
    pub message: String,
}

/// What a source yielded: the accounts read and the entries that could not be.
#[derive(Clone, Debug, Default)]
pub struct ImportResult {
    /// Accounts read.
    pub accounts: Vec<Account>,
    /// Entries skipped, with reasons.
    pub errors: Vec<ImportError>,
}

/// What describes an import format, for the CLI and the app to choose flows without matching names.
pub trait Importer {
    /// Stable id, as given to `--format`.
    const ID: &'static str;
    /// Whether the format can be encrypted and so may need a password.
    const ENCRYPTABLE: bool;
    /// Whether it usually arrives as a QR code.
    const SCANNABLE: bool;
    /// Reads a source.
    fn read(bytes: &[u8], password: Option<&str>) -> crate::Result<ImportResult>;
    /// Reads a source with a password and a cancel flag; encrypted formats check the flag before
    /// every key derivation. The default ignores the flag (plain formats do no slow work).
    fn read_with(bytes: &[u8], options: &ImportOptions<'_>) -> crate::Result<ImportResult> {
        Self::read(bytes, options.password)
    }
}

/// How to read an encrypted export: its password, and a flag the app sets to stop a long import.
#[derive(Clone, Copy, Default)]
pub struct ImportOptions<'a> {
    /// The password the export was made with, if it is encrypted.
    pub password: Option<&'a str>,
    /// Set to `true` (from any thread) to stop before the next key derivation; the import then
    /// fails with [`ImportFailure::Cancelled`].
    pub cancel: Option<&'a AtomicBool>,
}

impl<'a> ImportOptions<'a> {
    /// Options with a password and no cancel flag.
    pub fn with_password(password: Option<&'a str>) -> Self {
        ImportOptions {
            password,
            cancel: None,
        }
    }

    /// `Cancelled` if the flag is set: called before each key derivation.
    pub(crate) fn checkpoint(&self, format: &'static str) -> crate::Result<()> {
        match self.cancel {
            Some(flag) if flag.load(Ordering::Relaxed) => {
                Err(ImportFailure::Cancelled { format }.into())
            }
            _ => Ok(()),
        }
    }
}

impl std::fmt::Debug for ImportOptions<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ImportOptions")
            .field("password", &self.password.map(|_| "[redacted]"))
            .field("cancel", &self.cancel)
            .finish()
    }
}

/// An account of the source and, if the vault already has it, the existing entry's index.
#[derive(Debug)]
pub struct PlannedAccount {
    /// The account read.
    pub account: Account,
    /// Index in the vault of the same account (same secret and issuer/account), if any.
    pub duplicate_of: Option<usize>,
}

/// The import preview: what will be added and what is already there.
#[derive(Debug, Default)]
pub struct Plan {
    /// Every account read, in source order.
    pub accounts: Vec<PlannedAccount>,
    /// Entries that could not be read.
    pub errors: Vec<ImportError>,
}

impl Plan {
    /// Flags accounts the vault already has, and repeats within the source itself.
    pub fn new(vault: &Vault, result: ImportResult) -> Plan {
        let mut accounts: Vec<PlannedAccount> = Vec::with_capacity(result.accounts.len());
        for account in result.accounts {
            let mut duplicate_of =
                vault.duplicate_of(&account.issuer, &account.account, &account.otp.secret);
            let repeat = accounts.iter().any(|p| {
                p.account.otp.secret == account.otp.secret
                    && p.account.issuer.eq_ignore_ascii_case(&account.issuer)
                    && p.account.account.eq_ignore_ascii_case(&account.account)
            });
            if repeat && duplicate_of.is_none() {
                duplicate_of = Some(usize::MAX);
            }
            accounts.push(PlannedAccount {
                account,
                duplicate_of,
            });
        }
        Plan {
            accounts,
            errors: result.errors,
        }
    }

    /// Accounts that will be added.
    pub fn new_accounts(&self) -> impl Iterator<Item = &Account> {
        self.accounts
            .iter()
            .filter(|p| p.duplicate_of.is_none())
            .map(|p| &p.account)
    }

    /// Adds the new accounts to the vault; returns how many.
    pub fn apply(self, vault: &mut Vault, now: u64) -> crate::Result<usize> {
        let mut added = 0;
        for p in self
            .accounts
            .into_iter()
            .filter(|p| p.duplicate_of.is_none())
        {
            vault.push(Entry::from_account(p.account, now)?);
            added += 1;
        }
        Ok(added)
    }
}
