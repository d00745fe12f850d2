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
mod extras;
mod fields;
pub mod freeotp;
pub mod lastpass;
pub mod microsoft;
pub mod otpauth_list;
mod place;
mod prefs;
pub mod proton;
pub mod raivo;
pub mod secretstream;
pub mod source;
mod sqlite;
pub mod steam;
pub mod stratum;
pub mod totp_authenticator;
pub mod twofas;

pub use crate::error::ImportFailure;
pub use detect::{
    detect, detect_with_password, read_any, read_detected, read_detected_with, Format,
};
pub use place::Place;
pub use source::{read_source, read_source_with, Read};

use std::sync::atomic::{AtomicBool, Ordering};

use serde::Serialize;

use crate::error::{EntrySkipped, Error};
use crate::uri::Account;
use crate::vault::{Entry, Vault};
use crate::words::Words;

/// One entry of a source that could not be read, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ImportError {
    /// Where in the source (e.g. "line 3"), in English.
    pub context: String,
    /// What was wrong, as a sentence in English.
    pub message: String,
    /// `context` as a code and values for the window's catalog ([`Place::words`], with `source`
    /// when a file's name comes before it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub place: Option<Words>,
    /// `message` as a code and values ([`crate::words`]), when its error has them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub words: Option<Words>,
}

impl ImportError {
    /// The entry at `place` could not be read because of `why`.
    pub fn new(place: Place, why: &Error) -> Self {
        ImportError {
            context: place.to_string(),
            message: why.to_string(),
            place: Some(place.words()),
            words: why.words(),
        }
    }

    /// As [`ImportError::new`], for a reason with no catalog words: an account a Google
    /// Authenticator export leaves out (the window names only its place).
    pub(crate) fn phrase(place: Place, why: impl Into<String>) -> Self {
        ImportError {
            context: place.to_string(),
            message: why.into(),
            place: Some(place.words()),
            words: None,
        }
    }

    /// The entry at `place` was left out (it is in a trash, or its row does not parse).
    pub(crate) fn skipped(place: Place, why: EntrySkipped) -> Self {
        ImportError {
            context: place.to_string(),
            message: why.to_string(),
            place: Some(place.words()),
            words: Some(why.words()),
        }
    }

    /// This error as read from `source` (a file's name), which comes before its place.
    pub fn in_source(mut self, source: &str) -> Self {
        self.context = format!("{source}: {}", self.context);
        if let Some(place) = &mut self.place {
            place.params.insert("source", serde_json::json!(source));
        }
        self
    }
}

/// What a source says about an account besides its codes, carried onto the vault entry: groups,
/// categories or tags become tags; notes the note; favourite or pinned the favourite flag.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Extras {
    /// Groups, categories or tags, in the source's order, without repeats or blanks.
    pub tags: Vec<String>,
    /// Free-form note.
    pub note: String,
    /// Favourite / pinned.
    pub favorite: bool,
    /// The entry's `icon` value: a picture the source stored with the account, written again
    /// as a PNG `data:` URL (Aegis's PNG and JPEG icons; its SVG icons are not carried).
    pub icon: Option<String>,
}

impl Extras {
    /// Whether there is nothing to carry.
    pub fn is_empty(&self) -> bool {
        self.tags.is_empty() && self.note.is_empty() && !self.favorite && self.icon.is_none()
    }

    /// Adds a tag unless it is blank or already there.
    pub fn tag(&mut self, tag: &str) {
        let tag = tag.trim();
        if !tag.is_empty() && !self.tags.iter().any(|t| t == tag) {
            self.tags.push(tag.to_owned());
        }
    }
}

/// What a source yielded: the accounts read and the entries that could not be.
#[derive(Clone, Debug, Default)]
pub struct ImportResult {
    /// Accounts read.
    pub accounts: Vec<Account>,
    /// Entries skipped, with reasons.
    pub errors: Vec<ImportError>,
    /// Tags, note and favourite of accounts, by index in `accounts` (an index without an entry
    /// has none). [`ImportResult::push`] keeps the two aligned.
    pub extras: std::collections::BTreeMap<usize, Extras>,
}

impl ImportResult {
    /// Adds an account with what the source says about it.
    pub fn push(&mut self, account: Account, extras: Extras) {
        if !extras.is_empty() {
            self.extras.insert(self.accounts.len(), extras);
        }
        self.accounts.push(account);
    }

    /// Moves another source's accounts, errors and extras after these.
    pub fn append(&mut self, other: ImportResult) {
        let offset = self.accounts.len();
        self.extras
            .extend(other.extras.into_iter().map(|(i, e)| (i + offset, e)));
        self.accounts.extend(other.accounts);
        self.errors.extend(other.errors);
    }
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
    /// Tags, note and favourite the source gave it (set on the entry when added).
    pub extras: Extras,
}

impl PlannedAccount {
    /// The vault entry this account becomes, with the source's tags, note and favourite.
    pub fn into_entry(self, now: u64) -> crate::Result<Entry> {
        let mut entry = Entry::from_account(self.account, now)?;
        entry.tags = self.extras.tags;
        entry.note = self.extras.note;
        entry.favorite = self.extras.favorite;
        entry.icon = self.extras.icon;
        entry.check_limits()?;
        Ok(entry)
    }
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
        let mut extras = result.extras;
        for (i, account) in result.accounts.into_iter().enumerate() {
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
                extras: extras.remove(&i).unwrap_or_default(),
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
            vault.push(p.into_entry(now)?);
            added += 1;
        }
        Ok(added)
    }
}
