//! The changes a session makes to an open vault, each one value ([`Change`]), with the pure
//! decisions that go with it: which automatic backup it takes first ([`Change::backup_rule`]) and
//! whether it needs the current password ([`Change::needs_proof`]).

use std::fmt;

use uuid::Uuid;
use zeroize::Zeroizing;

use crate::backup::{self, EntryRef, RestoreMode, RestoreReport};
use crate::entry::Patch;
use crate::error::{Error, KindMismatch, Result};
use crate::import::PlannedAccount;
use crate::otp::Kind;
use crate::uri::Account;
use crate::vault::{Entry, KdfParams, RecoveryKey, Unlocked, Vault};

/// One change to the vault.
pub enum Change {
    /// Adds one account; refused if the vault has it already (same secret and name).
    Add(Box<Account>),
    /// Adds accounts chosen in an import preview, with the tags, note and favourite their
    /// source gave them.
    Import(Vec<PlannedAccount>),
    /// Changes an entry's descriptive fields, or its code parameters and secret (checked as a
    /// new account would be; refused, nothing is saved).
    Edit {
        /// The entry.
        id: Uuid,
        /// What changes.
        patch: Patch,
    },
    /// Deletes an entry.
    Delete(Uuid),
    /// Moves an entry to a display index (drag to reorder).
    Move {
        /// The entry.
        id: Uuid,
        /// Its new index.
        to: usize,
    },
    /// HOTP: uses up the saved counter of each entry, giving its code.
    AdvanceHotp(Vec<Uuid>),
    /// A new password (a new data key too; docs/vault-format.md).
    SetPassword {
        /// The new password (checked by the policy).
        password: Zeroizing<String>,
        /// Its key derivation's cost.
        kdf: KdfParams,
    },
    /// A new recovery key; the old one stops working.
    RotateRecovery,
    /// A new member with their own password (a new password slot holding the current data key;
    /// docs/vault-format.md, "Members").
    AddMember {
        /// The name (trimmed; 1 to 64 characters; unique ignoring case).
        name: String,
        /// The member's password (checked by the policy).
        password: Zeroizing<String>,
    },
    /// Removes a member's password slot and makes a new data key, so their password opens
    /// nothing saved afterwards.
    RemoveMember {
        /// The member's name (ignoring case).
        name: String,
    },
    /// Remembers this device until the Unix time given.
    Remember(u64),
    /// Forgets this device.
    Forget,
    /// Puts back an entry as a backup holds it (undo of a delete): same id, fields and place.
    /// Refused when the vault has it already.
    Reinstate(Box<Entry>),
    /// Restores a backup's accounts (its plan was shown first).
    Restore {
        /// The backup's accounts.
        backup: Vault,
        /// Merge or replace.
        mode: RestoreMode,
    },
}

impl fmt::Debug for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Accounts and passwords hold secrets: only the change's name is shown.
        f.write_str(match self {
            Change::Add(_) => "Change::Add",
            Change::Import(_) => "Change::Import",
            Change::Edit { .. } => "Change::Edit",
            Change::Delete(_) => "Change::Delete",
            Change::Move { .. } => "Change::Move",
            Change::AdvanceHotp(_) => "Change::AdvanceHotp",
            Change::SetPassword { .. } => "Change::SetPassword",
            Change::RotateRecovery => "Change::RotateRecovery",
            Change::AddMember { .. } => "Change::AddMember",
            Change::RemoveMember { .. } => "Change::RemoveMember",
            Change::Remember(_) => "Change::Remember",
            Change::Forget => "Change::Forget",
            Change::Restore { .. } => "Change::Restore",
            Change::Reinstate(_) => "Change::Reinstate",
        })
    }
}

/// Which automatic backup a change takes, of the file as it was, before it is saved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BackupRule {
    /// The daily one, if the newest backup is a day old.
    Routine,
    /// Always one, named for the reason (a destructive or bulk change).
    Destructive(&'static str),
}

impl Change {
    /// The automatic backup this change takes first: deletes, imports, restores, password
    /// changes and member changes always take one; everything else the daily one when due.
    pub fn backup_rule(&self) -> BackupRule {
        match self {
            Change::Delete(_) => BackupRule::Destructive("delete"),
            Change::Import(_) => BackupRule::Destructive("import"),
            Change::Restore { .. } => BackupRule::Destructive("restore"),
            Change::SetPassword { .. } => BackupRule::Destructive("passwd"),
            Change::AddMember { .. } => BackupRule::Destructive("memberadd"),
            Change::RemoveMember { .. } => BackupRule::Destructive("memberremove"),
            Change::Add(_)
            | Change::Edit { .. }
            | Change::Move { .. }
            | Change::AdvanceHotp(_)
            | Change::Reinstate(_)
            | Change::RotateRecovery
            | Change::Remember(_)
            | Change::Forget => BackupRule::Routine,
        }
    }

    /// What the change does, when it needs the current password (or recovery key) proved
    /// recently: a remembered device alone may not replace the credentials.
    pub fn needs_proof(&self) -> Option<&'static str> {
        match self {
            Change::SetPassword { .. } => Some("change the password"),
            Change::RotateRecovery => Some("make a new recovery key"),
            Change::AddMember { .. } => Some("add a member"),
            Change::RemoveMember { .. } => Some("remove a member"),
            _ => None,
        }
    }
}

/// What a change did.
#[derive(Default)]
pub struct Applied {
    /// Entries added.
    pub added: Vec<EntryRef>,
    /// Entries changed.
    pub updated: Vec<EntryRef>,
    /// Entries removed.
    pub removed: Vec<EntryRef>,
    /// HOTP codes given out: the entry, the code, the counter it used.
    pub codes: Vec<(Uuid, Zeroizing<String>, u64)>,
    /// A new recovery key, to show once.
    pub recovery_key: Option<RecoveryKey>,
    /// A restore's report.
    pub restore: Option<RestoreReport>,
    /// Where the automatic backup taken first went, if one was.
    pub backup: Option<std::path::PathBuf>,
}

impl fmt::Debug for Applied {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Applied")
            .field("added", &self.added.len())
            .field("updated", &self.updated.len())
            .field("removed", &self.removed.len())
            .field("codes", &self.codes.len())
            .finish_non_exhaustive()
    }
}

fn index_of(vault: &Vault, id: Uuid) -> Result<usize> {
    vault
        .entries
        .iter()
        .position(|e| e.id == id)
        .ok_or_else(|| Error::NoMatch(id.to_string()))
}

impl Change {
    /// Applies the change to the open vault in memory. Returns what it did and whether anything
    /// changed (nothing is saved when not).
    pub(super) fn apply_to(self, u: &mut Unlocked, now: u64) -> Result<(Applied, bool)> {
        let mut out = Applied::default();
        match self {
            Change::Add(account) => {
                if let Some(i) =
                    u.vault
                        .duplicate_of(&account.issuer, &account.account, &account.otp.secret)
                {
                    return Err(Error::Duplicate(u.vault.entries[i].display_name()));
                }
                let e = u.vault.push(Entry::from_account(*account, now)?);
                out.added.push(EntryRef::of(e));
            }
            Change::Import(accounts) => {
                for planned in accounts {
                    let e = u.vault.push(planned.into_entry(now)?);
                    out.added.push(EntryRef::of(e));
                }
            }
            Change::Edit { id, patch } => {
                let i = index_of(&u.vault, id)?;
                patch.apply(&mut u.vault.entries[i], now)?;
                out.updated.push(EntryRef::of(&u.vault.entries[i]));
                u.vault.sort();
            }
            Change::Delete(id) => {
                let i = index_of(&u.vault, id)?;
                out.removed.push(EntryRef::of(&u.vault.entries.remove(i)));
            }
            Change::Move { id, to } => {
                u.vault.move_entry(id, to)?;
            }
            Change::AdvanceHotp(ids) => {
                for id in ids {
                    let i = index_of(&u.vault, id)?;
                    let e = &mut u.vault.entries[i];
                    if e.kind != Kind::Hotp {
                        return Err(Error::WrongKind(KindMismatch::NextCodeNeedsHotp));
                    }
                    let used = e.counter;
                    let code = Zeroizing::new(e.otp().hotp(used));
                    e.counter = used.wrapping_add(1);
                    e.modified = now;
                    out.codes.push((id, code, used));
                }
                if out.codes.is_empty() {
                    return Ok((out, false));
                }
            }
            Change::SetPassword { password, kdf } => u.set_password(&password, kdf)?,
            Change::RotateRecovery => out.recovery_key = Some(u.rotate_recovery()?),
            Change::AddMember { name, password } => u.add_member(&name, &password, now)?,
            Change::RemoveMember { name } => u.remove_member(&name)?,
            Change::Remember(until) => u.remember(until)?,
            Change::Forget => {
                if u.forget()? == 0 {
                    return Ok((out, false));
                }
            }
            Change::Reinstate(entry) => {
                if let Some(e) = u.vault.entries.iter().find(|e| {
                    e.id == entry.id || e.same_account(&entry.issuer, &entry.account, &entry.secret)
                }) {
                    return Err(Error::Duplicate(e.display_name()));
                }
                entry.check_limits()?;
                // Its own position: back in the place it was deleted from.
                out.added.push(EntryRef::of(&entry));
                u.vault.entries.push(*entry);
                u.vault.sort();
            }
            Change::Restore { backup, mode } => {
                let (vault, report) = backup::plan_restore(&u.vault, &backup, mode);
                u.vault = vault;
                out.restore = Some(report);
            }
        }
        Ok((out, true))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn destructive_changes_always_back_up_and_credential_changes_need_proof() {
        let id = Uuid::nil();
        let cases: Vec<(Change, BackupRule, bool)> = vec![
            (Change::Delete(id), BackupRule::Destructive("delete"), false),
            (
                Change::Import(Vec::new()),
                BackupRule::Destructive("import"),
                false,
            ),
            (
                Change::SetPassword {
                    password: Zeroizing::new("x".into()),
                    kdf: KdfParams::DEFAULT,
                },
                BackupRule::Destructive("passwd"),
                true,
            ),
            (
                Change::Restore {
                    backup: Vault::default(),
                    mode: RestoreMode::Merge,
                },
                BackupRule::Destructive("restore"),
                false,
            ),
            (Change::RotateRecovery, BackupRule::Routine, true),
            (
                Change::AddMember {
                    name: "ann".into(),
                    password: Zeroizing::new("x".into()),
                },
                BackupRule::Destructive("memberadd"),
                true,
            ),
            (
                Change::RemoveMember { name: "ann".into() },
                BackupRule::Destructive("memberremove"),
                true,
            ),
            (Change::Move { id, to: 0 }, BackupRule::Routine, false),
            (Change::AdvanceHotp(vec![id]), BackupRule::Routine, false),
            (Change::Remember(1), BackupRule::Routine, false),
            (Change::Forget, BackupRule::Routine, false),
        ];
        for (change, rule, proof) in cases {
            assert_eq!(change.backup_rule(), rule, "{change:?}");
            assert_eq!(change.needs_proof().is_some(), proof, "{change:?}");
        }
    }
}
