//! Bringing accounts in: every source (a link, a text list, later QR images and other apps'
//! exports) becomes an [`ImportResult`] of accounts plus per-entry errors, then a [`Plan`] that
//! flags accounts already in the vault, then one save. Formats live in one module each.

pub mod aegis;
pub mod andotp;
pub mod authenticator_plus;
pub mod authy;
pub mod battle_net;
pub mod bitwarden;
mod common;
pub mod detect;
pub mod duo;
pub mod ente;
mod fields;
pub mod freeotp;
mod freeotp_backup;
pub mod lastpass;
pub mod microsoft;
pub mod otpauth_list;
mod prefs;
pub mod proton;
pub mod raivo;
pub mod secretstream;
mod sqlite;
pub mod steam;
pub mod stratum;
pub mod totp_authenticator;
pub mod twofas;

pub use common::ImportFailure;
pub use detect::{detect, detect_with_password, read_any, read_detected, Format};

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
