//! The decrypted contents of a vault: entries and the rules for finding, ordering and changing
//! them. Serialised as the JSON payload described in docs/vault-format.md; no crypto or I/O here.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::error::{Error, Field, Result};
use crate::otp::{Algorithm, Kind, OtpParams, Secret};
use crate::uri::Account;

/// Most characters in an entry's issuer (docs/vault-format.md, "Limits").
pub const MAX_ISSUER_CHARS: usize = 256;
/// Most characters in an entry's account name.
pub const MAX_ACCOUNT_CHARS: usize = 256;
/// Most characters in an entry's note.
pub const MAX_NOTE_CHARS: usize = 4096;
/// Most tags on one entry.
pub const MAX_TAGS: usize = 32;
/// Most characters in one tag.
pub const MAX_TAG_CHARS: usize = 64;
/// Most bytes in an entry's icon (a name or a `data:` URL).
pub const MAX_ICON_BYTES: usize = 64 * 1024;
/// Most bytes in a decoded secret (the same bound as [`crate::otp::MAX_SECRET_BYTES`]).
pub const MAX_SECRET_BYTES: usize = crate::otp::MAX_SECRET_BYTES;

/// One account in the vault.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// Stable identifier.
    pub id: Uuid,
    /// totp, hotp or steam.
    pub kind: Kind,
    /// Service name.
    #[serde(default)]
    pub issuer: String,
    /// User name at the service.
    #[serde(default)]
    pub account: String,
    /// Shared key (base32 in the payload).
    pub secret: Secret,
    /// HMAC hash.
    pub algorithm: Algorithm,
    /// Code length.
    pub digits: u8,
    /// Seconds per code (TOTP, Steam).
    #[serde(default = "default_period")]
    pub period: u32,
    /// Counter of the next HOTP code.
    #[serde(default)]
    pub counter: u64,
    /// Free-form labels for filtering.
    #[serde(default)]
    pub tags: Vec<String>,
    /// Free-form note.
    #[serde(default)]
    pub note: String,
    /// Shown first.
    #[serde(default)]
    pub favorite: bool,
    /// The logo chosen for the entry (`icons::Choice`; docs/vault-format.md, "Icons").
    #[serde(default)]
    pub icon: Option<String>,
    /// Unix seconds when added.
    pub created: u64,
    /// Unix seconds of the last change.
    pub modified: u64,
    /// Place in the user's order (ascending).
    #[serde(default)]
    pub position: u32,
}

fn default_period() -> u32 {
    crate::otp::DEFAULT_PERIOD
}

impl Entry {
    /// Refuses an entry with a field over the limits above ([`Error::FieldTooLong`]). Every
    /// way into the vault calls it: [`Entry::from_account`], [`Vault::try_push`] and each save.
    pub fn check_limits(&self) -> Result<()> {
        fn within(field: Field, len: usize, limit: usize) -> Result<()> {
            if len > limit {
                return Err(Error::FieldTooLong { field, len, limit });
            }
            Ok(())
        }
        within(Field::Issuer, self.issuer.chars().count(), MAX_ISSUER_CHARS)?;
        within(
            Field::Account,
            self.account.chars().count(),
            MAX_ACCOUNT_CHARS,
        )?;
        within(Field::Note, self.note.chars().count(), MAX_NOTE_CHARS)?;
        within(Field::Tags, self.tags.len(), MAX_TAGS)?;
        for t in &self.tags {
            within(Field::Tag, t.chars().count(), MAX_TAG_CHARS)?;
        }
        within(
            Field::Icon,
            self.icon.as_ref().map_or(0, String::len),
            MAX_ICON_BYTES,
        )?;
        within(Field::Secret, self.secret.expose().len(), MAX_SECRET_BYTES)
    }

    /// A new entry from a parsed account, stamped with `now`. Refuses fields over the limits.
    pub fn from_account(account: Account, now: u64) -> Result<Self> {
        account.otp.validate()?;
        let Account {
            issuer,
            account,
            otp,
        } = account;
        let entry = Entry {
            id: Uuid::new_v4(),
            kind: otp.kind,
            issuer,
            account,
            secret: otp.secret,
            algorithm: otp.algorithm,
            digits: otp.digits,
            period: otp.period,
            counter: otp.counter,
            tags: Vec::new(),
            note: String::new(),
            favorite: false,
            icon: None,
            created: now,
            modified: now,
            position: 0,
        };
        entry.check_limits()?;
        Ok(entry)
    }

    /// The code parameters.
    pub fn otp(&self) -> OtpParams {
        OtpParams {
            kind: self.kind,
            secret: self.secret.clone(),
            algorithm: self.algorithm,
            digits: self.digits,
            period: self.period,
            counter: self.counter,
        }
    }

    /// The entry as an otpauth account (for links and QR codes).
    pub fn to_account(&self) -> Account {
        Account {
            issuer: self.issuer.clone(),
            account: self.account.clone(),
            otp: self.otp(),
        }
    }

    /// `issuer (account)`, or whichever is present ([`crate::uri::display_name`]).
    pub fn display_name(&self) -> String {
        crate::uri::display_name(&self.issuer, &self.account)
    }

    /// Same account as `other`: same secret and same issuer/account (case-insensitive).
    pub fn same_account(&self, issuer: &str, account: &str, secret: &Secret) -> bool {
        &self.secret == secret
            && self.issuer.eq_ignore_ascii_case(issuer)
            && self.account.eq_ignore_ascii_case(account)
    }

    fn matches(&self, query: &str) -> bool {
        crate::entry::matches(self, query)
    }
}

/// The decrypted vault.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Vault {
    /// Accounts, kept sorted for display by [`Vault::sort`].
    pub entries: Vec<Entry>,
    /// How many times the vault was saved (each save adds one), so that a device notices an
    /// older copy put back in its place (docs/vault-format.md, "Generation").
    #[serde(default)]
    pub generation: u64,
    /// Clocks and deletions for syncing through a folder, once the vault syncs
    /// ([`crate::sync`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sync: Option<crate::sync::SyncMeta>,
}

impl Vault {
    /// The entries of a decrypted payload, checked as every open checks them
    /// ([`super::payload::decode_checked`]); the fuzz target's entry point.
    pub fn from_payload(plain: &[u8]) -> Result<Vault> {
        super::payload::decode_checked(plain).map(|d| d.vault)
    }

    /// Entries matching `query` by the one search rule ([`crate::entry::matches`]: every word in
    /// the issuer, account or a tag), in display order. An empty query matches all.
    pub fn find(&self, query: &str) -> Vec<&Entry> {
        self.entries.iter().filter(|e| e.matches(query)).collect()
    }

    /// Exactly one entry: by full id, id prefix (≥ 4 hex digits), or a query matching one entry.
    pub fn find_one(&self, query: &str) -> Result<usize> {
        let q = query.trim();
        if let Ok(id) = Uuid::parse_str(q) {
            if let Some(i) = self.entries.iter().position(|e| e.id == id) {
                return Ok(i);
            }
        }
        if q.len() >= 4 && q.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-') {
            let lower = q.to_ascii_lowercase();
            let by_id: Vec<usize> = (0..self.entries.len())
                .filter(|&i| self.entries[i].id.to_string().starts_with(&lower))
                .collect();
            if by_id.len() == 1 {
                return Ok(by_id[0]);
            }
        }
        let needle = q.to_lowercase();
        let hits: Vec<usize> = (0..self.entries.len())
            .filter(|&i| self.entries[i].matches(&needle))
            .collect();
        // An exact issuer or account name beats substring matches ("Git" vs "GitLab").
        let exact: Vec<usize> = hits
            .iter()
            .copied()
            .filter(|&i| {
                self.entries[i].issuer.to_lowercase() == needle
                    || self.entries[i].account.to_lowercase() == needle
            })
            .collect();
        match (hits.len(), exact.len()) {
            (0, _) => Err(Error::NoMatch(q.to_owned())),
            (1, _) => Ok(hits[0]),
            (_, 1) => Ok(exact[0]),
            (count, _) => Err(Error::Ambiguous {
                query: q.to_owned(),
                count,
            }),
        }
    }

    /// Index of an entry with the same secret and issuer/account, if any.
    pub fn duplicate_of(&self, issuer: &str, account: &str, secret: &Secret) -> Option<usize> {
        self.entries
            .iter()
            .position(|e| e.same_account(issuer, account, secret))
    }

    /// [`Vault::push`] for entries from outside (imports, restores, the UI): refuses one with a
    /// field over the limits ([`Entry::check_limits`]) and leaves the vault unchanged.
    pub fn try_push(&mut self, entry: Entry) -> Result<&Entry> {
        entry.check_limits()?;
        Ok(self.push(entry))
    }

    /// Adds an entry at the end of the user's order. Limits are checked when the vault is saved
    /// ([`crate::vault::Unlocked::seal`]); use [`Vault::try_push`] to refuse at once.
    pub fn push(&mut self, mut entry: Entry) -> &Entry {
        entry.position = self
            .entries
            .iter()
            .map(|e| e.position.saturating_add(1))
            .max()
            .unwrap_or(0);
        self.entries.push(entry);
        self.sort();
        let id = self.entries.iter().map(|e| e.position).max().unwrap_or(0);
        self.entries
            .iter()
            .find(|e| e.position == id)
            .expect("the entry was just pushed with the largest position")
    }

    /// Moves the entry `id` to display index `to` (as in `entries`, which is in display order),
    /// for drag-to-reorder. Favorites stay before the others: `to` is clamped into the entry's
    /// own group (favorites or not). Positions are renumbered 0.. in the new order, so the order
    /// survives later pushes and sorts. Returns the entry's new index.
    pub fn move_entry(&mut self, id: Uuid, to: usize) -> Result<usize> {
        self.sort();
        let from = self
            .entries
            .iter()
            .position(|e| e.id == id)
            .ok_or_else(|| Error::NoMatch(id.to_string()))?;
        let favorites = self.entries.iter().filter(|e| e.favorite).count();
        let (low, high) = if self.entries[from].favorite {
            (0, favorites.saturating_sub(1))
        } else {
            (favorites, self.entries.len() - 1)
        };
        let to = to.clamp(low, high);
        let entry = self.entries.remove(from);
        self.entries.insert(to, entry);
        for (i, e) in self.entries.iter_mut().enumerate() {
            e.position = u32::try_from(i).unwrap_or(u32::MAX);
        }
        Ok(to)
    }

    /// Display order: favorites first, then the user's order, then by name.
    pub fn sort(&mut self) {
        self.entries.sort_by(|a, b| {
            b.favorite
                .cmp(&a.favorite)
                .then(a.position.cmp(&b.position))
                .then_with(|| a.issuer.to_lowercase().cmp(&b.issuer.to_lowercase()))
                .then_with(|| a.account.to_lowercase().cmp(&b.account.to_lowercase()))
                .then(a.id.cmp(&b.id))
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::uri;

    fn vault(links: &[&str]) -> Vault {
        let mut v = Vault::default();
        for l in links {
            v.push(Entry::from_account(uri::parse(l).unwrap(), 1).unwrap());
        }
        v
    }

    #[test]
    fn find_one_prefers_exact_names_and_reports_ambiguity() {
        let v = vault(&[
            "otpauth://totp/Git:me?secret=AAAAAAAA",
            "otpauth://totp/GitLab:me?secret=BBBBBBBB",
            "otpauth://totp/GitHub:me?secret=CCCCCCCC",
        ]);
        assert_eq!(v.entries[v.find_one("git").unwrap()].issuer, "Git");
        assert_eq!(v.entries[v.find_one("lab").unwrap()].issuer, "GitLab");
        assert!(matches!(
            v.find_one("me"),
            Err(Error::Ambiguous { count: 3, .. })
        ));
        assert!(matches!(v.find_one("nothing"), Err(Error::NoMatch(_))));
        let id = v.entries[2].id.to_string();
        assert_eq!(v.find_one(&id[..8]).unwrap(), 2);
    }

    #[test]
    fn push_appends_in_user_order_and_favorites_come_first() {
        let mut v = vault(&[
            "otpauth://totp/B:x?secret=AAAAAAAA",
            "otpauth://totp/A:x?secret=BBBBBBBB",
        ]);
        assert_eq!(
            v.entries
                .iter()
                .map(|e| e.issuer.as_str())
                .collect::<Vec<_>>(),
            ["B", "A"]
        );
        v.entries[1].favorite = true;
        v.sort();
        assert_eq!(v.entries[0].issuer, "A");
    }

    #[test]
    fn move_entry_reorders_within_its_group_and_the_order_sticks() {
        let mut v = vault(&[
            "otpauth://totp/A:a?secret=JBSWY3DPEHPK3PXP",
            "otpauth://totp/B:b?secret=JBSWY3DPEHPK3PXQ",
            "otpauth://totp/C:c?secret=JBSWY3DPEHPK3PXR",
            "otpauth://totp/D:d?secret=JBSWY3DPEHPK3PXS",
        ]);
        let names = |v: &Vault| {
            v.entries
                .iter()
                .map(|e| e.issuer.clone())
                .collect::<Vec<_>>()
        };
        let id = |v: &Vault, n: &str| v.entries.iter().find(|e| e.issuer == n).unwrap().id;
        assert_eq!(v.move_entry(id(&v, "D"), 0).unwrap(), 0);
        assert_eq!(names(&v), ["D", "A", "B", "C"]);
        v.move_entry(id(&v, "A"), 3).unwrap();
        assert_eq!(names(&v), ["D", "B", "C", "A"]);
        // The order survives a sort and a push.
        v.sort();
        v.push(
            Entry::from_account(
                uri::parse("otpauth://totp/E:e?secret=JBSWY3DPEHPK3PXT").unwrap(),
                2,
            )
            .unwrap(),
        );
        assert_eq!(names(&v), ["D", "B", "C", "A", "E"]);
        // A favorite cannot be dragged below the non-favorites, nor another entry above it.
        let c = id(&v, "C");
        v.entries.iter_mut().find(|e| e.id == c).unwrap().favorite = true;
        v.sort();
        assert_eq!(names(&v), ["C", "D", "B", "A", "E"]);
        assert_eq!(v.move_entry(c, 4).unwrap(), 0);
        assert_eq!(v.move_entry(id(&v, "E"), 0).unwrap(), 1);
        assert_eq!(names(&v), ["C", "E", "D", "B", "A"]);
        assert!(matches!(
            v.move_entry(Uuid::nil(), 0),
            Err(Error::NoMatch(_))
        ));
    }

    #[test]
    fn debug_output_never_shows_the_secret() {
        let v = vault(&["otpauth://totp/B:x?secret=JBSWY3DPEHPK3PXP"]);
        let dump = format!("{v:?} {:?}", v.entries[0]);
        assert!(
            !dump.contains("JBSWY3DPEHPK3PXP") && !dump.contains("72, 101"),
            "{dump}"
        );
        assert!(dump.contains("[redacted]"));
    }

    #[test]
    fn duplicates_need_same_secret_and_names() {
        let v = vault(&["otpauth://totp/B:x?secret=AAAAAAAA"]);
        let s = Secret::from_base32("AAAAAAAA").unwrap();
        assert_eq!(v.duplicate_of("b", "X", &s), Some(0));
        assert_eq!(v.duplicate_of("B", "y", &s), None);
        assert_eq!(
            v.duplicate_of("B", "x", &Secret::from_base32("BBBBBBBB").unwrap()),
            None
        );
    }
}
