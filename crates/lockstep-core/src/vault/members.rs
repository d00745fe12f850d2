//! Members (docs/vault-format.md, "Members"): one vault, a password slot for each person. Names
//! live in the encrypted payload (`members`), keyed by slot id; the password slot with no entry
//! (the one `init` made) is the member "owner". Adding a member adds a password slot holding the
//! current data key; removing one drops its slot and makes a new data key. No files, no bytes.

use super::format::MAX_SLOTS;
use super::{check_new_password, KdfParams, Slot, SlotKind, Unlocked};
use crate::error::{Error, MemberNameProblem, RemovalRefusal, Result, SlotProblem};

/// The name listed for the password slot that has no member entry: the one `init` made.
pub const OWNER: &str = "owner";
/// The longest member name, in characters.
pub const MAX_NAME_CHARS: usize = 64;

/// A member's entry in the payload: the password slot it names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Member {
    /// The member's password slot id.
    pub slot: [u8; 16],
    /// The name, trimmed, 1 to [`MAX_NAME_CHARS`] characters, unique ignoring case.
    pub name: String,
    /// When the member was added (Unix seconds).
    pub added: u64,
}

/// A member as listed: every password slot of the vault, the owner included.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemberInfo {
    /// The password slot.
    pub slot: [u8; 16],
    /// The name ([`OWNER`] for the slot without an entry).
    pub name: String,
    /// When the member was added (Unix seconds); `None` for the owner, made with the vault.
    pub added: Option<u64>,
    /// Whether this vault was opened with this member's password.
    pub is_you: bool,
}

/// The member name rule: trimmed, not empty, at most [`MAX_NAME_CHARS`] characters, no control
/// characters. Returns the trimmed name.
pub fn check_name(name: &str) -> Result<String> {
    let name = name.trim();
    if name.is_empty() {
        return Err(Error::BadMemberName(MemberNameProblem::Empty));
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(Error::BadMemberName(MemberNameProblem::TooLong));
    }
    if name.chars().any(char::is_control) {
        return Err(Error::BadMemberName(MemberNameProblem::ControlCharacters));
    }
    Ok(name.to_owned())
}

fn is_password(slot: &Slot) -> bool {
    matches!(slot.kind, SlotKind::Password { .. })
}

impl Unlocked {
    /// Every password slot as a member, the owner first, then in the order they were added.
    pub fn members(&self) -> Vec<MemberInfo> {
        let mut out: Vec<MemberInfo> = self
            .slots
            .iter()
            .filter(|s| is_password(s))
            .map(|s| {
                let entry = self.members.iter().find(|m| m.slot == s.id);
                MemberInfo {
                    slot: s.id,
                    name: entry.map_or_else(|| OWNER.to_owned(), |m| m.name.clone()),
                    added: entry.map(|m| m.added),
                    is_you: self.opened_slot == Some(s.id),
                }
            })
            .collect();
        // The owner first, then the members in the order they were added (the payload's).
        out.sort_by_key(|m| {
            self.members
                .iter()
                .position(|e| e.slot == m.slot)
                .map_or(0, |i| i + 1)
        });
        out
    }

    /// The password slot of the owner: the first one without a member entry.
    pub(super) fn owner_slot(&self) -> Option<[u8; 16]> {
        self.slots
            .iter()
            .find(|s| is_password(s) && !self.members.iter().any(|m| m.slot == s.id))
            .map(|s| s.id)
    }

    /// The password slot a new password replaces: the one this vault was opened with, or, when
    /// it was opened by the recovery key or a remembered device, the owner's (`None`: the owner
    /// was removed, and a new password makes a new owner slot).
    pub(super) fn own_password_slot(&self) -> Option<[u8; 16]> {
        self.opened_slot
            .filter(|id| self.slots.iter().any(|s| s.id == *id && is_password(s)))
            .or_else(|| self.owner_slot())
    }

    /// Takes the slot `other` (this vault, opened with a credential) was opened with as the one
    /// this vault was opened with, when this one was opened without a password (a remembered
    /// device): the member who then proves with their password is "you".
    pub fn adopt_opener(&mut self, other: &Unlocked) {
        if other.vault_id == self.vault_id && !self.opened_with_password() {
            self.opened_slot = other.opened_slot;
        }
    }

    /// Whether this vault was opened with a password (not the recovery key, a remembered
    /// device or a key already held).
    fn opened_with_password(&self) -> bool {
        self.opened_slot
            .is_some_and(|id| self.slots.iter().any(|s| s.id == id && is_password(s)))
    }

    fn member_slot(&self, name: &str) -> Result<[u8; 16]> {
        let wanted = name.trim().to_lowercase();
        self.members()
            .into_iter()
            .find(|m| m.name.to_lowercase() == wanted)
            .map(|m| m.slot)
            .ok_or_else(|| Error::NoSuchMember(name.trim().to_owned()))
    }

    /// Adds a member: a new password slot holding the current data key (no new data key: the
    /// new member may read what is already there), named `name` in the payload. The new slot
    /// costs what the slot this vault was opened with (or the owner's) costs. Nothing changes on
    /// error.
    pub fn add_member(&mut self, name: &str, password: &str, now: u64) -> Result<()> {
        let name = check_name(name)?;
        let lower = name.to_lowercase();
        if self
            .members()
            .iter()
            .any(|m| m.name.to_lowercase() == lower)
        {
            return Err(Error::MemberExists(name));
        }
        check_new_password(password)?;
        let Some(key_id) = self.key_id else {
            return Err(Error::Slot(SlotProblem::Format1));
        };
        if self.slots.len() >= MAX_SLOTS {
            return Err(Error::Slot(SlotProblem::TooMany));
        }
        let kdf = self
            .own_password_slot()
            .and_then(|id| self.slots.iter().find(|s| s.id == id))
            .and_then(|s| match s.kind {
                SlotKind::Password { kdf, .. } => Some(kdf),
                _ => None,
            })
            .unwrap_or(KdfParams::DEFAULT);
        let slot = Slot::password_v2(
            &self.vault_id,
            &key_id,
            password.as_bytes(),
            kdf,
            &self.data_key,
        )?;
        self.members.push(Member {
            slot: slot.id,
            name,
            added: now,
        });
        let at = self
            .slots
            .iter()
            .rposition(is_password)
            .map_or(0, |i| i + 1);
        self.slots.insert(at, slot);
        Ok(())
    }

    /// Removes a member: drops their password slot and makes a new data key, given to every
    /// remaining slot (other members, the recovery key, remembered devices), so the removed
    /// password opens nothing sealed from now on. Refuses to remove the last password slot, and
    /// the member this vault was opened with (another member, or the recovery key, removes
    /// them). Nothing changes on error.
    pub fn remove_member(&mut self, name: &str) -> Result<()> {
        let id = self.member_slot(name)?;
        if self.slots.iter().filter(|s| is_password(s)).count() < 2 {
            return Err(Error::MemberRemovalRefused(RemovalRefusal::OnlyPassword));
        }
        if self.opened_slot == Some(id) {
            return Err(Error::MemberRemovalRefused(RemovalRefusal::Yourself));
        }
        let drop = |s: &Slot| s.id == id;
        if !self.can_rotate(drop) {
            return Err(Error::Slot(SlotProblem::Format1));
        }
        self.rotate(drop, |_, _, _| Ok(Vec::new()))?;
        self.members.retain(|m| m.slot != id);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vault::Credential;
    use zeroize::Zeroizing;

    /// Opened by a remembered device (no password slot), a member who proves with their own
    /// password becomes "you": a new password replaces theirs and the owner's still opens.
    #[test]
    fn a_device_session_adopts_the_member_who_proves() {
        let pw = |p: &str| Credential::Password(Zeroizing::new(p.to_owned()));
        let (mut u, _) = Unlocked::create("Owner-Harbour-Lamp-31", KdfParams::CHEAPEST).unwrap();
        u.add_member("Ann", "Ann-Copper-Kettle-58", 1).unwrap();
        let env = u.seal(1).unwrap();
        let mut device = Unlocked::open_with_key(&env, u.data_key.clone()).unwrap();
        assert!(device.members().iter().all(|m| !m.is_you));
        let ann = Unlocked::open(&env, &pw("Ann-Copper-Kettle-58"), 1).unwrap();
        device.adopt_opener(&ann);
        assert_eq!(
            device
                .members()
                .iter()
                .find(|m| m.is_you)
                .map(|m| m.name.as_str()),
            Some("Ann")
        );
        device
            .set_password("Ann-Silver-Lighthouse-92", KdfParams::CHEAPEST)
            .unwrap();
        let env = device.seal(2).unwrap();
        Unlocked::open(&env, &pw("Owner-Harbour-Lamp-31"), 2).unwrap();
        Unlocked::open(&env, &pw("Ann-Silver-Lighthouse-92"), 2).unwrap();
        let err = Unlocked::open(&env, &pw("Ann-Copper-Kettle-58"), 2).unwrap_err();
        assert_eq!(err.kind(), "wrong_password");
    }

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(check_name("  Ann Lee ").unwrap(), "Ann Lee");
        assert_eq!(check_name(" \t ").unwrap_err().kind(), "bad_member_name");
        assert_eq!(check_name(&"é".repeat(64)).unwrap(), "é".repeat(64));
        assert_eq!(
            check_name(&"é".repeat(65)).unwrap_err().kind(),
            "bad_member_name"
        );
        assert_eq!(check_name("a\nb").unwrap_err().kind(), "bad_member_name");
    }
}
