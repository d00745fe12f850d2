//! [`Unlocked`]: a vault opened in memory with its data key, the vault's earlier data keys and its
//! entries; opening it (with a credential or a key already held), sealing it, and every change
//! of credential, each of which replaces the data key (docs/vault-format.md, "Writing a vault").
//! No files (see [`super::store`]) and no bytes (see [`super::format`]).

use std::fmt;

use super::members::Member;
use super::payload::{self, PreviousKey};
use super::{
    check_new_password, crypto, format, keyring, unlock_with_keyring, Credential, Envelope,
    KdfParams, Key, RecoveryKey, Slot, SlotKind, Vault,
};
use crate::error::{Damage, Error, Result, SlotProblem};

/// A vault opened in memory: its header, its data key (and the vault's earlier ones) and its
/// entries.
///
/// A change of credential (new password, new recovery key, a forgotten or expired remembered
/// device) seals the vault under a **new data key** from then on; earlier data keys travel inside
/// the encrypted payload, so the vault still opens its own older files and backups. A process
/// holding the vault open while another process changes a credential gets
/// [`Error::CredentialsChanged`] from [`Unlocked::reload`]: it must lock and ask again.
pub struct Unlocked {
    /// Random id fixed at creation.
    pub vault_id: [u8; 16],
    /// Key slots (re-written on every save).
    pub slots: Vec<Slot>,
    pub(super) data_key: Key,
    /// Format 2: the id of `data_key`. `None` for a vault still in format 1.
    pub(super) key_id: Option<[u8; 16]>,
    /// Earlier data keys, newest first.
    previous: Vec<PreviousKey>,
    /// Slot keys derived while opening (slot id, key): a format-1 slot can only move to format 2
    /// with its slot key.
    known: Vec<([u8; 16], Key)>,
    /// The slot the credential opened (password or recovery; `None` for a remembered device or
    /// a key already held): whose password a new password replaces ([`super::members`]).
    pub(super) opened_slot: Option<[u8; 16]>,
    /// The members named in the payload ([`super::members`]).
    pub(super) members: Vec<Member>,
    /// The entries.
    pub vault: Vault,
    /// Other devices hold keyring slots of this vault too (it syncs through a folder):
    /// [`Unlocked::forget`] and [`Unlocked::remember`] then touch only this device's.
    pub shared: bool,
}

impl fmt::Debug for Unlocked {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Unlocked")
            .field("slots", &self.slots.len())
            .field("entries", &self.vault.entries.len())
            .field("previous_keys", &self.previous.len())
            .finish_non_exhaustive()
    }
}

/// Display order of slots in a file: password, recovery, then keyring slots.
fn slot_rank(kind: &SlotKind) -> u8 {
    match kind {
        SlotKind::Password { .. } => 0,
        SlotKind::Recovery { .. } => 1,
        SlotKind::Keyring { .. } => 2,
    }
}

impl Unlocked {
    /// A new, empty vault with a password slot and a recovery slot; returns the recovery key.
    pub fn create(password: &str, kdf: KdfParams) -> Result<(Unlocked, RecoveryKey)> {
        check_new_password(password)?;
        let vault_id = crypto::random()?;
        let key_id = crypto::random()?;
        let data_key = Key::random()?;
        let recovery = RecoveryKey::generate()?;
        let slots = vec![
            Slot::password_v2(&vault_id, &key_id, password.as_bytes(), kdf, &data_key)?,
            Slot::recovery_v2(&vault_id, &key_id, &recovery, &data_key)?,
        ];
        Ok((
            Unlocked {
                vault_id,
                slots,
                data_key,
                key_id: Some(key_id),
                previous: Vec::new(),
                known: Vec::new(),
                opened_slot: None,
                members: Vec::new(),
                vault: Vault::default(),
                shared: false,
            },
            recovery,
        ))
    }

    /// Opens an envelope with a credential.
    pub fn open(env: &Envelope, credential: &Credential, at: u64) -> Result<Unlocked> {
        let (data_key, known) = match credential {
            Credential::Password(pw) => {
                let (dk, id, sk) = env.unlock_password_slot(pw.as_bytes())?;
                (dk, Some((id, sk)))
            }
            Credential::Recovery(rk) => {
                let (dk, id, sk) = env.unlock_recovery_slot(rk)?;
                (dk, Some((id, sk)))
            }
            Credential::Keyring => (unlock_with_keyring(env, at)?, None),
        };
        let mut u = Self::open_with_key(env, data_key)?;
        u.opened_slot = known.as_ref().map(|(id, _)| *id);
        if env.key_id.is_none() {
            u.known.extend(known);
        }
        Ok(u)
    }

    /// Opens an envelope with a data key already known (reload after another process saved).
    pub fn open_with_key(env: &Envelope, data_key: Key) -> Result<Unlocked> {
        let plain = env.open_payload(&data_key)?;
        let decoded = payload::decode_checked(&plain)?;
        Ok(Unlocked {
            vault_id: env.vault_id,
            slots: env.slots.clone(),
            data_key,
            key_id: env.key_id,
            previous: decoded.previous,
            known: Vec::new(),
            opened_slot: None,
            members: decoded.members,
            vault: decoded.vault,
            shared: false,
        })
    }

    /// The format version [`Unlocked::seal`] writes: 2 (3 with members), or 1 for a vault made
    /// by a format-1 Lockstep whose credentials have not changed since (docs/vault-format.md,
    /// "Upgrading").
    pub fn format_version(&self) -> u16 {
        format::version_for(self.key_id.is_some(), &self.slots)
    }

    /// Format 2: the id of the current data key (it changes with every credential change).
    pub fn key_id(&self) -> Option<[u8; 16]> {
        self.key_id
    }

    /// How many earlier data keys the vault keeps to open its own older files.
    pub fn previous_key_count(&self) -> usize {
        self.previous.len()
    }

    /// Re-reads entries from a newer envelope of the same vault, keeping this data key.
    /// [`Error::CredentialsChanged`] when another process sealed the file under a data key this
    /// one does not know (a credential changed): lock and ask for the credential again.
    pub fn reload(&mut self, env: &Envelope) -> Result<()> {
        if env.vault_id != self.vault_id {
            return Err(Error::Slot(SlotProblem::DifferentVault));
        }
        let known = std::mem::take(&mut self.known);
        let opened = self.open_known(env);
        match opened {
            Ok(mut u) => {
                u.known = known;
                u.opened_slot = self.opened_slot;
                *self = u;
                Ok(())
            }
            Err(e) => {
                self.known = known;
                Err(e)
            }
        }
    }

    /// Opens another file of this same vault, such as a backup of it, with the data keys in
    /// memory (the current one and the earlier ones kept in the payload), whatever password
    /// sealed the file. A file of another vault is [`Error::Slot`]; a tampered one
    /// [`Error::CorruptVault`]; one sealed under a newer data key than this process knows
    /// [`Error::CredentialsChanged`].
    pub fn open_same_vault(&self, env: &Envelope) -> Result<Unlocked> {
        if env.vault_id != self.vault_id {
            return Err(Error::Slot(SlotProblem::AnotherVault));
        }
        self.open_known(env)
    }

    /// Opens another device's copy of this vault (sync folder): with the keys in memory, else,
    /// when the copy was sealed after its credentials changed elsewhere, with this device's
    /// remembered key or `credential` (which must open one of the copy's slots).
    /// [`Error::CredentialsChanged`] when none of those opens it.
    pub fn open_sibling(
        &self,
        env: &Envelope,
        credential: Option<&Credential>,
        at: u64,
    ) -> Result<Unlocked> {
        match self.open_same_vault(env) {
            Err(Error::CredentialsChanged) => {}
            other => return other,
        }
        if super::has_live_keyring_slot(env, at) {
            if let Ok(u) = Unlocked::open(env, &Credential::Keyring, at) {
                return Ok(u);
            }
        }
        match credential {
            Some(c @ (Credential::Password(_) | Credential::Recovery(_))) => {
                Unlocked::open(env, c, at).map_err(|_| Error::CredentialsChanged)
            }
            _ => Err(Error::CredentialsChanged),
        }
    }

    /// Takes `other`'s credentials (slots, members, data key) as this vault's: they changed on another
    /// device later than here. This key and every earlier one are kept to open older files.
    pub fn adopt_keys(&mut self, other: &Unlocked) {
        if self.key_id != other.key_id {
            let old_id = self.key_id;
            let old = std::mem::replace(&mut self.data_key, other.data_key.clone());
            if let Some(id) = old_id {
                self.previous.insert(0, PreviousKey { id, key: old });
            }
            self.key_id = other.key_id;
        }
        self.slots = other.slots.clone();
        // Members name slots: they come with them.
        self.members = other.members.clone();
        self.known.clear();
        self.learn_keys(other);
    }

    /// Keeps `other`'s data keys (current and earlier) among this vault's earlier keys, so files
    /// sealed under them open here. Returns whether any was new.
    pub fn learn_keys(&mut self, other: &Unlocked) -> bool {
        let mut learned = false;
        let theirs = other
            .key_id
            .map(|id| (id, &other.data_key))
            .into_iter()
            .chain(other.previous.iter().map(|p| (p.id, &p.key)));
        for (id, key) in theirs {
            if self.key_id == Some(id) || self.previous.iter().any(|p| p.id == id) {
                continue;
            }
            self.previous.push(PreviousKey {
                id,
                key: key.clone(),
            });
            learned = true;
        }
        self.previous.truncate(payload::MAX_PREVIOUS_KEYS);
        learned
    }

    /// What identifies the credentials: the data key's id and the slots' ids (a change of
    /// either is a change of credentials to sync).
    pub fn keys_fingerprint(&self) -> (Option<[u8; 16]>, Vec<[u8; 16]>) {
        let mut ids: Vec<[u8; 16]> = self.slots.iter().map(|s| s.id).collect();
        ids.sort_unstable();
        (self.key_id, ids)
    }

    /// Opens `env` with the key named by its key id (format 2), or by trying each key this vault
    /// ever had (format 1 files carry no key id).
    fn open_known(&self, env: &Envelope) -> Result<Unlocked> {
        match env.key_id {
            Some(id) => {
                let key = if self.key_id == Some(id) {
                    &self.data_key
                } else {
                    &self
                        .previous
                        .iter()
                        .find(|p| p.id == id)
                        .ok_or(Error::CredentialsChanged)?
                        .key
                };
                Self::open_with_key(env, key.clone())
            }
            None => {
                for key in
                    std::iter::once(&self.data_key).chain(self.previous.iter().map(|p| &p.key))
                {
                    if env.open_payload(key).is_ok() {
                        return Self::open_with_key(env, key.clone());
                    }
                }
                Err(Error::CorruptVault(Damage::PayloadAuth))
            }
        }
    }

    /// Encrypts the entries with a fresh nonce. Expired keyring slots are dropped first (and,
    /// in format 2, the data key replaced, as for [`Unlocked::forget`]).
    pub fn seal(&mut self, at: u64) -> Result<Envelope> {
        self.prune_expired(at)?;
        for e in &self.vault.entries {
            e.check_limits()?;
        }
        let slots = &self.slots;
        self.members
            .retain(|m| slots.iter().any(|s| s.id == m.slot));
        let plain = payload::encode(&self.vault, &self.previous, &self.members)?;
        match self.key_id {
            Some(key_id) => Envelope::seal_v2(
                self.vault_id,
                key_id,
                self.slots.clone(),
                &self.data_key,
                &plain,
            ),
            None => Envelope::seal(self.vault_id, self.slots.clone(), &self.data_key, &plain),
        }
    }

    /// Replaces one member's password slot, and the data key: the old password opens nothing
    /// sealed from now on. The slot replaced is the one this vault was opened with; opened by the
    /// recovery key or a remembered device, the owner's (made again if the owner was removed).
    /// Other members' slots stay. (A format-1 vault opened with the password keeps its data
    /// key: see docs/vault-format.md, "Upgrading".)
    pub fn set_password(&mut self, password: &str, kdf: KdfParams) -> Result<()> {
        check_new_password(password)?;
        let target = self.own_password_slot();
        let at = self.slots.iter().position(|s| Some(s.id) == target);
        let drop = |s: &Slot| Some(s.id) == target;
        if self.can_rotate(drop) {
            let mut new_id = None;
            self.rotate(drop, |vault_id, key_id, key| {
                let slot = Slot::password_v2(vault_id, key_id, password.as_bytes(), kdf, key)?;
                new_id = Some(slot.id);
                Ok(vec![slot])
            })?;
            return self.renamed_slot(target, at, new_id);
        }
        let slot = Slot::password(&self.vault_id, password.as_bytes(), kdf, &self.data_key)?;
        let new_id = Some(slot.id);
        self.slots.retain(|s| !drop(s));
        self.slots.insert(0, slot);
        self.renamed_slot(target, at, new_id)
    }

    /// After a password change: the new slot takes the old one's place in the file (unlock tries
    /// password slots in file order, so each member's unlock keeps its cost), and the member
    /// entry and `opened_slot` follow it.
    fn renamed_slot(
        &mut self,
        old: Option<[u8; 16]>,
        at: Option<usize>,
        new: Option<[u8; 16]>,
    ) -> Result<()> {
        let (Some(old), Some(new)) = (old, new) else {
            return Ok(());
        };
        if let (Some(at), Some(now_at)) = (at, self.slots.iter().position(|s| s.id == new)) {
            let slot = self.slots.remove(now_at);
            self.slots.insert(at.min(self.slots.len()), slot);
        }
        for m in self.members.iter_mut().filter(|m| m.slot == old) {
            m.slot = new;
        }
        if self.opened_slot == Some(old) {
            self.opened_slot = Some(new);
        }
        Ok(())
    }

    /// Replaces the recovery slot with a new recovery key, and the data key: the old recovery
    /// key opens nothing sealed from now on.
    pub fn rotate_recovery(&mut self) -> Result<RecoveryKey> {
        let recovery = RecoveryKey::generate()?;
        let is_recovery = |s: &Slot| matches!(s.kind, SlotKind::Recovery { .. });
        if self.can_rotate(is_recovery) {
            self.rotate(is_recovery, |vault_id, key_id, key| {
                Ok(vec![Slot::recovery_v2(vault_id, key_id, &recovery, key)?])
            })?;
            return Ok(recovery);
        }
        let slot = Slot::recovery(&self.vault_id, &recovery, &self.data_key)?;
        self.slots.retain(|s| !is_recovery(s));
        self.slots.push(slot);
        Ok(recovery)
    }

    /// Remembers this device until `expires`: a keyring slot whose key goes to the OS keyring.
    /// Replaces earlier keyring slots of this vault (see [`Unlocked::forget`]).
    pub fn remember(&mut self, expires: u64) -> Result<()> {
        self.forget()?;
        let slot_key = Key::random()?;
        let kind = SlotKind::Keyring { expires };
        let slot = match &self.key_id {
            Some(key_id) => Slot::new_v2(&self.vault_id, key_id, kind, &slot_key, &self.data_key)?,
            None => Slot::new(&self.vault_id, kind, &slot_key, &self.data_key)?,
        };
        keyring::store(&self.vault_id, &slot.id, &slot_key)?;
        self.slots.push(slot);
        Ok(())
    }

    /// Drops every keyring slot and its keyring item, and (format 2) replaces the data key, so
    /// that a copy of the keyring item opens nothing sealed from now on. Returns how many
    /// keyring slots there were.
    pub fn forget(&mut self) -> Result<usize> {
        let mut ids = Vec::new();
        for s in &self.slots {
            if !matches!(s.kind, SlotKind::Keyring { .. }) {
                continue;
            }
            // A vault shared with other devices keeps their remembered slots.
            if self.shared && keyring::load(&self.vault_id, &s.id)?.is_none() {
                continue;
            }
            ids.push(s.id);
        }
        for id in &ids {
            keyring::delete(&self.vault_id, id)?;
        }
        let mine = |s: &Slot| ids.contains(&s.id);
        if !ids.is_empty() && self.can_rotate(mine) {
            self.rotate(mine, |_, _, _| Ok(Vec::new()))?;
        } else {
            self.slots.retain(|s| !mine(s));
        }
        Ok(ids.len())
    }

    /// Expiry of the remembered-device slot, if any.
    pub fn remembered_until(&self) -> Option<u64> {
        self.slots.iter().find_map(|s| match s.kind {
            // Of a shared vault, only this device's slot (its keyring holds the item).
            SlotKind::Keyring { .. }
                if self.shared && !matches!(keyring::load(&self.vault_id, &s.id), Ok(Some(_))) =>
            {
                None
            }
            SlotKind::Keyring { expires } => Some(expires),
            _ => None,
        })
    }

    /// Drops keyring slots expired at `at` (and their keyring items), with a new data key.
    pub fn prune_expired(&mut self, at: u64) -> Result<()> {
        let expired = |s: &Slot| matches!(s.kind, SlotKind::Keyring { expires } if expires <= at);
        let gone: Vec<[u8; 16]> = self
            .slots
            .iter()
            .filter(|s| expired(s))
            .map(|s| s.id)
            .collect();
        if gone.is_empty() {
            return Ok(());
        }
        for id in &gone {
            // Best effort: the slot is useless once expired whether or not the item goes.
            let _ = keyring::delete(&self.vault_id, id);
        }
        if self.can_rotate(expired) {
            self.rotate(expired, |_, _, _| Ok(Vec::new()))
        } else {
            self.slots.retain(|s| !expired(s));
            Ok(())
        }
    }

    /// Can [`Unlocked::rotate`] give a new data key to every slot that `drop` keeps? Format-2
    /// slots always; format-1 password and recovery slots only with the slot key derived when
    /// the vault was opened (format-1 keyring slots are dropped by an upgrade).
    pub(super) fn can_rotate(&self, drop: impl Fn(&Slot) -> bool) -> bool {
        self.slots.iter().filter(|s| !drop(s)).all(|s| {
            s.is_v2() || matches!(s.kind, SlotKind::Keyring { .. }) || self.known_key(s).is_some()
        })
    }

    fn known_key(&self, slot: &Slot) -> Option<&Key> {
        self.known
            .iter()
            .find(|(id, k)| *id == slot.id && slot.unwrap_key(&self.vault_id, k).is_some())
            .map(|(_, k)| k)
    }

    /// A new data key (and key id): slots for which `drop` holds are removed, every other slot
    /// gets the new key (format 2), `add` makes the new slots, and the old key joins the earlier
    /// keys in the payload. A format-1 vault moves to format 2 here. Nothing changes on error.
    pub(super) fn rotate(
        &mut self,
        drop: impl Fn(&Slot) -> bool,
        add: impl FnOnce(&[u8; 16], &[u8; 16], &Key) -> Result<Vec<Slot>>,
    ) -> Result<()> {
        let key = Key::random()?;
        let key_id: [u8; 16] = crypto::random()?;
        let mut slots = Vec::with_capacity(self.slots.len() + 1);
        let mut dropped_keyring = Vec::new();
        for s in self.slots.iter().filter(|s| !drop(s)) {
            if s.is_v2() {
                let mut s = s.clone();
                s.rewrap(&self.vault_id, &key_id, &key)?;
                slots.push(s);
            } else if let Some(sk) = self.known_key(s) {
                slots.push(s.upgraded(&self.vault_id, &key_id, sk, &key)?);
            } else if matches!(s.kind, SlotKind::Keyring { .. }) {
                dropped_keyring.push(s.id);
            } else {
                return Err(Error::Slot(SlotProblem::V1NeedsCredential));
            }
        }
        slots.extend(add(&self.vault_id, &key_id, &key)?);
        slots.sort_by_key(|s| slot_rank(&s.kind));
        for id in &dropped_keyring {
            let _ = keyring::delete(&self.vault_id, id);
        }
        let old_id = match self.key_id {
            Some(id) => id,
            None => crypto::random()?, // format-1 files carry no key id; they are found by trial
        };
        let old = std::mem::replace(&mut self.data_key, key);
        self.previous.insert(
            0,
            PreviousKey {
                id: old_id,
                key: old,
            },
        );
        self.previous.truncate(payload::MAX_PREVIOUS_KEYS);
        self.key_id = Some(key_id);
        self.slots = slots;
        self.known.clear();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vault::{model, Entry};
    use zeroize::Zeroizing;

    const CHEAP: KdfParams = KdfParams::CHEAPEST;

    /// A payload written by another implementation (or a bug) with code parameters outside the
    /// format's ranges is refused on open, not left to panic later in code generation.
    #[test]
    fn entries_with_out_of_range_code_parameters_are_refused_on_open() {
        let (mut u, _) = Unlocked::create("correct horse", CHEAP).unwrap();
        let account = crate::uri::parse("otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP").unwrap();
        u.vault.push(Entry::from_account(account, 1).unwrap());
        let env = u.seal(1).unwrap();
        Unlocked::open_with_key(&env, u.data_key.clone()).unwrap();
        for (digits, period) in [(64, 30), (0, 30), (5, 30), (6, 0)] {
            u.vault.entries[0].digits = digits;
            u.vault.entries[0].period = period;
            let env = u.seal(1).unwrap();
            let err = Unlocked::open_with_key(&env, u.data_key.clone()).unwrap_err();
            assert_eq!(
                err.kind(),
                "corrupt_vault",
                "digits {digits} period {period}"
            );
        }
    }

    /// A format-1 vault (written here with the format-1 slot constructors, as Lockstep's format-1
    /// writer did) keeps format 1 and its data key for a change it cannot give every slot a new
    /// key for, and moves to format 2 under a new key when it can; it then still opens its
    /// format-1 files, by trial.
    #[test]
    fn a_format_1_vault_upgrades_when_every_slot_key_is_at_hand() {
        let vault_id = [7u8; 16];
        let dk = Key::random().unwrap();
        let rk = RecoveryKey::generate().unwrap();
        let slots = vec![
            Slot::password(&vault_id, b"old password", CHEAP, &dk).unwrap(),
            Slot::recovery(&vault_id, &rk, &dk).unwrap(),
        ];
        let v1 = Envelope::seal(vault_id, slots, &dk, b"{\"entries\":[]}").unwrap();
        assert_eq!(v1.version(), 1);
        let pw = |p: &str| Credential::Password(Zeroizing::new(p.to_owned()));

        // Opened with the password, a new password cannot reach the recovery slot: format 1 stays.
        let mut u = Unlocked::open(&v1, &pw("old password"), 1).unwrap();
        u.set_password("new password", CHEAP).unwrap();
        assert_eq!(u.format_version(), 1);
        let env = u.seal(1).unwrap();
        assert_eq!(env.version(), 1);
        assert_eq!(env.unlock_password(b"new password").unwrap(), dk);

        // Opened with the password, a new recovery key makes it format 2 under a new key.
        let mut u = Unlocked::open(&v1, &pw("old password"), 1).unwrap();
        let new_rk = u.rotate_recovery().unwrap();
        assert_eq!(u.format_version(), 2);
        let v2 = u.seal(1).unwrap();
        assert_eq!(v2.version(), 2);
        assert!(v2.slots.iter().all(Slot::is_v2));
        let now = Unlocked::open(&v2, &pw("old password"), 1).unwrap();
        Unlocked::open(&v2, &Credential::Recovery(new_rk), 1).unwrap();
        assert_eq!(
            Unlocked::open(&v2, &Credential::Recovery(rk), 1)
                .unwrap_err()
                .kind(),
            "wrong_recovery_key"
        );
        assert_eq!(
            Unlocked::open_with_key(&v2, dk).unwrap_err().kind(),
            "corrupt_vault",
            "the format-1 data key opens nothing new"
        );
        assert_eq!(now.previous_key_count(), 1);
        now.open_same_vault(&v1).unwrap();
    }

    /// Finding 3: a save that would write more than any reader accepts is refused, with the
    /// sizes, before anything is written; so is an entry over the field limits.
    #[test]
    fn a_seal_over_the_read_limit_is_refused() {
        let (mut u, _) = Unlocked::create("correct horse", CHEAP).unwrap();
        let account = crate::uri::parse("otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP").unwrap();
        let entry = Entry::from_account(account, 1).unwrap();
        // Each note within the limit; together over 64 MiB once serialised.
        let note = "x".repeat(model::MAX_NOTE_CHARS);
        let count = format::MAX_PAYLOAD / note.len() + 1;
        for _ in 0..count {
            u.vault.push(Entry {
                note: note.clone(),
                ..entry.clone()
            });
        }
        let err = u.seal(1).unwrap_err();
        assert_eq!(err.kind(), "vault_too_large", "{err}");
        let Error::VaultTooLarge { size, limit } = err else {
            unreachable!()
        };
        assert_eq!(limit, 64 * 1024 * 1024);
        assert!(size > limit);

        let (mut u, _) = Unlocked::create("correct horse", CHEAP).unwrap();
        u.vault.push(Entry {
            issuer: "é".repeat(257),
            ..entry.clone()
        });
        assert_eq!(u.seal(1).unwrap_err().kind(), "field_too_long");
    }
}
