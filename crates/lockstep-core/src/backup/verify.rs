//! Checking a backup against the vault: which of the vault's accounts the backup holds as they
//! are, which it lacks, which it holds differently, and which it has that the vault no longer
//! does. Pure: the caller opens the backup (the session, with the current credentials).

use serde::Serialize;

use super::{counterpart, EntryRef};
use crate::vault::{Entry, Vault};

/// How a backup compares with the vault ([`verify`]).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Verification {
    /// The vault's accounts the backup holds with the same codes, names, tags and note.
    pub matching: Vec<EntryRef>,
    /// The vault's accounts the backup does not hold: restoring it would lose them.
    pub missing: Vec<EntryRef>,
    /// Accounts in both whose codes (secret, kind, algorithm, digits, period), names, tags or
    /// note differ. Named as the vault has them.
    pub differ: Vec<EntryRef>,
    /// Accounts in the backup the vault no longer has (deleted since, or another vault's).
    pub only_in_backup: Vec<EntryRef>,
}

impl Verification {
    /// Whether the backup holds every account of the vault as it is now (accounts only in the
    /// backup do not count against it).
    pub fn complete(&self) -> bool {
        self.missing.is_empty() && self.differ.is_empty()
    }
}

/// What would change a restored account: its codes, its names, its tags and note. The HOTP
/// counter, favourite, icon, order and dates are left out: a backup made a week ago still
/// restores the account, and the counter only moves forward.
fn same_content(a: &Entry, b: &Entry) -> bool {
    a.kind == b.kind
        && a.secret == b.secret
        && a.algorithm == b.algorithm
        && a.digits == b.digits
        && a.period == b.period
        && a.issuer == b.issuer
        && a.account == b.account
        && a.tags == b.tags
        && a.note == b.note
}

/// Compares `backup` with `vault`. An account is the same in both by id, or by secret, issuer
/// and account (as a restore matches them), each backup entry counted once.
pub fn verify(vault: &Vault, backup: &Vault) -> Verification {
    let mut report = Verification::default();
    let mut used = vec![false; backup.entries.len()];
    for mine in &vault.entries {
        let found = counterpart(&backup.entries, mine).filter(|&i| !used[i]);
        match found {
            Some(i) => {
                used[i] = true;
                if same_content(mine, &backup.entries[i]) {
                    report.matching.push(EntryRef::of(mine));
                } else {
                    report.differ.push(EntryRef::of(mine));
                }
            }
            None => report.missing.push(EntryRef::of(mine)),
        }
    }
    for (b, used) in backup.entries.iter().zip(used) {
        if !used {
            report.only_in_backup.push(EntryRef::of(b));
        }
    }
    report
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::uri;

    fn entry(link: &str) -> Entry {
        Entry::from_account(uri::parse(link).expect("a valid link"), 1_700_000_000)
            .expect("an entry")
    }

    fn vault(entries: Vec<Entry>) -> Vault {
        Vault {
            entries,
            ..Default::default()
        }
    }

    #[test]
    fn counts_matching_missing_differing_and_extra_accounts() {
        let a = entry("otpauth://totp/A:one?secret=JBSWY3DPEHPK3PXP&issuer=A");
        let b = entry("otpauth://totp/B:two?secret=GEZDGNBVGY3TQOJQ&issuer=B");
        let c = entry("otpauth://totp/C:three?secret=MFRGGZDFMZTWQ2LK&issuer=C");
        let gone = entry("otpauth://totp/Old:x?secret=ONSWG4TFOQYTEMZU&issuer=Old");
        // The backup: A as it is, B with another secret, no C, and an account since deleted.
        let mut b_changed = b.clone();
        b_changed.secret = entry("otpauth://totp/B:two?secret=KRSXG5CTMVRXEZLU&issuer=B").secret;
        // Same account under another id (a backup of a synced copy): still a match.
        let mut a_other_id = a.clone();
        a_other_id.id = uuid::Uuid::new_v4();
        a_other_id.counter = 7;
        a_other_id.favorite = true;
        let report = verify(
            &vault(vec![a.clone(), b.clone(), c.clone()]),
            &vault(vec![a_other_id, b_changed, gone.clone()]),
        );
        assert_eq!(report.matching, vec![EntryRef::of(&a)]);
        assert_eq!(report.differ, vec![EntryRef::of(&b)]);
        assert_eq!(report.missing, vec![EntryRef::of(&c)]);
        assert_eq!(report.only_in_backup, vec![EntryRef::of(&gone)]);
        assert!(!report.complete());
    }

    #[test]
    fn a_backup_of_the_vault_as_it_is_is_complete() {
        let entries = vec![
            entry("otpauth://totp/A:one?secret=JBSWY3DPEHPK3PXP&issuer=A"),
            entry("otpauth://hotp/H:h?secret=GEZDGNBVGY3TQOJQ&issuer=H&counter=3"),
        ];
        let report = verify(&vault(entries.clone()), &vault(entries));
        assert_eq!(report.matching.len(), 2);
        assert!(report.complete());
        assert!(report.only_in_backup.is_empty());
    }

    #[test]
    fn a_renamed_account_differs() {
        let a = entry("otpauth://totp/A:one?secret=JBSWY3DPEHPK3PXP&issuer=A");
        let mut renamed = a.clone();
        renamed.account = "someone else".into();
        let report = verify(&vault(vec![a.clone()]), &vault(vec![renamed]));
        assert_eq!(report.differ, vec![EntryRef::of(&a)]);
    }
}
