//! Merging copies of one vault written by different devices (docs/sync.md, "Merge"). Every copy
//! carries [`SyncMeta`]: a hybrid logical clock per entry and field group, and the deleted
//! entries. [`stamp`] turns a local change into clocks; [`join`] folds another copy in. `join` is
//! commutative, associative and idempotent on what it keeps, so devices that have read the same
//! copies, in any order and any number of times, hold the same entries. Pure: no files, no keys.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::vault::{Entry, Vault};

/// A hybrid logical clock reading: wall-clock milliseconds, a counter for events within the
/// same millisecond (or while the wall clock is behind a clock already seen), and the device's
/// number as the last tie-breaker. Readings are totally ordered, and a device's next reading is
/// above every reading it has seen, so an edit made after seeing another always wins over it,
/// whatever the two wall clocks say.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub struct Hlc(pub u64, pub u32, pub u64);

impl Hlc {
    /// The next reading after `last` on device `dev` at wall-clock `now_ms`.
    pub fn tick(last: Hlc, now_ms: u64, dev: u64) -> Hlc {
        if now_ms > last.0 {
            Hlc(now_ms, 0, dev)
        } else if last.1 == u32::MAX {
            Hlc(last.0 + 1, 0, dev)
        } else {
            Hlc(last.0, last.1 + 1, dev)
        }
    }

    /// Wall-clock seconds of the reading.
    pub fn secs(self) -> u64 {
        self.0 / 1000
    }
}

/// A device's number in clock readings: the first 8 bytes of its id.
pub fn device_number(device: &Uuid) -> u64 {
    let b = device.as_bytes();
    u64::from_be_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]])
}

/// When each part of an entry last changed: its content (`c`: names, secret, code parameters,
/// tags, note, icon), its favorite flag (`f`) and its place in the order (`p`). Each part keeps
/// the value of its latest change; the HOTP counter keeps the highest value seen.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Clocks {
    /// Content.
    pub c: Hlc,
    /// Favorite.
    pub f: Hlc,
    /// Position.
    pub p: Hlc,
}

impl Clocks {
    /// Every part changed at `at` (a new entry).
    pub fn all(at: Hlc) -> Clocks {
        Clocks {
            c: at,
            f: at,
            p: at,
        }
    }
}

/// A deleted entry. Deletions are kept for good: a delete wins over every edit of the entry, so
/// it never comes back from a copy that had not seen the delete.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tomb {
    /// When it was deleted.
    pub at: Hlc,
    /// Set when the entry was the same account as `dup_of`, added on two devices, and merged
    /// into it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dup_of: Option<Uuid>,
}

/// What a vault copy carries for syncing (the payload's `sync` member, docs/vault-format.md).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncMeta {
    /// The device that wrote this copy.
    pub device: Uuid,
    /// Its name, for people ("laptop").
    #[serde(default)]
    pub name: String,
    /// The latest clock reading this device made or saw.
    pub clock: Hlc,
    /// When the credentials (data key, slots) last changed: the latest such change wins.
    #[serde(default)]
    pub keys: Hlc,
    /// Clocks of every entry.
    #[serde(default)]
    pub entries: BTreeMap<Uuid, Clocks>,
    /// Deleted entries.
    #[serde(default)]
    pub deleted: BTreeMap<Uuid, Tomb>,
}

impl SyncMeta {
    /// Meta for a vault starting to sync on `device`: every entry it holds counts as added now.
    pub fn start(vault: &Vault, device: Uuid, name: &str, now_ms: u64) -> SyncMeta {
        let dev = device_number(&device);
        let mut meta = SyncMeta {
            device,
            name: name.to_owned(),
            ..SyncMeta::default()
        };
        meta.clock = Hlc::tick(meta.clock, now_ms, dev);
        meta.keys = meta.clock;
        for e in &vault.entries {
            let at = meta.next(now_ms);
            meta.entries.insert(e.id, Clocks::all(at));
        }
        meta
    }

    /// A new clock reading of this device.
    pub fn next(&mut self, now_ms: u64) -> Hlc {
        self.clock = Hlc::tick(self.clock, now_ms, device_number(&self.device));
        self.clock
    }

    fn see(&mut self, at: Hlc) {
        if at > self.clock {
            self.clock = at;
        }
    }

    /// The entries' clocks, or all-zero for an entry with none (from a copy made before it
    /// synced).
    pub fn clocks(&self, id: &Uuid) -> Clocks {
        self.entries.get(id).copied().unwrap_or_default()
    }
}

/// Do two versions of an entry differ in what [`Clocks::c`] covers?
fn content_differs(a: &Entry, b: &Entry) -> bool {
    a.kind != b.kind
        || a.issuer != b.issuer
        || a.account != b.account
        || a.secret != b.secret
        || a.algorithm != b.algorithm
        || a.digits != b.digits
        || a.period != b.period
        || a.tags != b.tags
        || a.note != b.note
        || a.icon != b.icon
}

/// Records a local change as clocks: entries new or changed since `before` get the next reading
/// for each part that changed, entries gone are deleted. Returns whether anything was stamped.
pub fn stamp(meta: &mut SyncMeta, before: &[Entry], after: &[Entry], now_ms: u64) -> bool {
    let old: HashMap<Uuid, &Entry> = before.iter().map(|e| (e.id, e)).collect();
    let mut changed = false;
    for e in after {
        match old.get(&e.id) {
            None => {
                let at = meta.next(now_ms);
                meta.entries.insert(e.id, Clocks::all(at));
                changed = true;
            }
            Some(b) => {
                let mut clocks = meta.clocks(&e.id);
                let mut touched = false;
                if content_differs(b, e) {
                    clocks.c = meta.next(now_ms);
                    touched = true;
                }
                if b.favorite != e.favorite {
                    clocks.f = meta.next(now_ms);
                    touched = true;
                }
                if b.position != e.position {
                    clocks.p = meta.next(now_ms);
                    touched = true;
                }
                if b.counter != e.counter || b.modified != e.modified {
                    touched = true;
                }
                if touched {
                    meta.entries.insert(e.id, clocks);
                    changed = true;
                }
            }
        }
    }
    let now: std::collections::HashSet<Uuid> = after.iter().map(|e| e.id).collect();
    for b in before {
        if !now.contains(&b.id) {
            let at = meta.next(now_ms);
            meta.entries.remove(&b.id);
            meta.deleted.insert(b.id, Tomb { at, dup_of: None });
            changed = true;
        }
    }
    changed
}

/// What [`join`] took from the other copy.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Joined {
    /// Entries new to this copy.
    pub added: Vec<Uuid>,
    /// Entries whose content, favorite, place or counter changed.
    pub updated: Vec<Uuid>,
    /// Entries deleted (by the other copy, or merged as the same account added twice).
    pub removed: Vec<Uuid>,
}

impl Joined {
    /// Nothing changed.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.updated.is_empty() && self.removed.is_empty()
    }
}

/// Folds `other` (another device's copy) into `local`, both carrying [`SyncMeta`] (a copy
/// without any joins as if every clock were zero). Rules (docs/sync.md): deletes win and stay;
/// an entry only one side has is kept; each part of an entry takes the side with the later
/// clock; the HOTP counter takes the higher value; the same account added on two devices
/// becomes the entry with the smaller id.
pub fn join(local: &mut Vault, other: &Vault) -> Joined {
    let empty = SyncMeta::default();
    let theirs = other.sync.as_ref().unwrap_or(&empty);
    let meta = local.sync.get_or_insert_with(SyncMeta::default);
    let mut out = Joined::default();
    meta.see(theirs.clock);
    for (id, t) in &theirs.deleted {
        meta.see(t.at);
        let keep = match meta.deleted.get(id) {
            Some(mine) => Tomb {
                at: mine.at.max(t.at),
                dup_of: mine.dup_of.or(t.dup_of),
            },
            None => *t,
        };
        meta.deleted.insert(*id, keep);
    }
    let deleted = &meta.deleted;
    let before = local.entries.len();
    local.entries.retain(|e| {
        let gone = deleted.contains_key(&e.id);
        if gone {
            out.removed.push(e.id);
        }
        !gone
    });
    let removed_any = local.entries.len() != before;
    for id in &out.removed {
        meta.entries.remove(id);
    }
    for r in &other.entries {
        if meta.deleted.contains_key(&r.id) {
            continue;
        }
        let rc = theirs.clocks(&r.id);
        meta.see(rc.c.max(rc.f).max(rc.p));
        match local.entries.iter_mut().find(|e| e.id == r.id) {
            None => {
                local.entries.push(r.clone());
                meta.entries.insert(r.id, rc);
                out.added.push(r.id);
            }
            Some(l) => {
                let mut lc = meta.clocks(&r.id);
                let before = l.clone();
                if rc.c > lc.c {
                    l.kind = r.kind;
                    l.issuer.clone_from(&r.issuer);
                    l.account.clone_from(&r.account);
                    l.secret = r.secret.clone();
                    l.algorithm = r.algorithm;
                    l.digits = r.digits;
                    l.period = r.period;
                    l.tags.clone_from(&r.tags);
                    l.note.clone_from(&r.note);
                    l.icon.clone_from(&r.icon);
                    lc.c = rc.c;
                }
                if rc.f > lc.f {
                    l.favorite = r.favorite;
                    lc.f = rc.f;
                }
                if rc.p > lc.p {
                    l.position = r.position;
                    lc.p = rc.p;
                }
                l.counter = l.counter.max(r.counter);
                l.modified = l.modified.max(r.modified);
                l.created = l.created.min(r.created);
                meta.entries.insert(r.id, lc);
                if *l != before {
                    out.updated.push(r.id);
                }
            }
        }
    }
    dedupe(local, &mut out);
    if removed_any || !out.is_empty() {
        local.sort();
    }
    out
}

/// The same account (same secret, issuer and account name) under two ids, added on two
/// devices: the entry with the smaller id stays, the other is deleted as its duplicate.
fn dedupe(local: &mut Vault, out: &mut Joined) {
    let mut by_name: HashMap<(String, String), Vec<&Entry>> = HashMap::new();
    for e in &local.entries {
        by_name
            .entry((e.issuer.to_lowercase(), e.account.to_lowercase()))
            .or_default()
            .push(e);
    }
    let mut dups: Vec<(Uuid, Uuid)> = Vec::new();
    for group in by_name.values_mut().filter(|g| g.len() > 1) {
        group.sort_by_key(|e| e.id);
        for (i, e) in group.iter().enumerate() {
            if let Some(keep) = group[..i]
                .iter()
                .find(|k| k.secret == e.secret && !dups.iter().any(|(gone, _)| *gone == k.id))
            {
                dups.push((e.id, keep.id));
            }
        }
    }
    if dups.is_empty() {
        return;
    }
    let Some(meta) = local.sync.as_mut() else {
        return;
    };
    for (gone, keep) in &dups {
        let c = meta.clocks(gone);
        let at = c.c.max(c.f).max(c.p).max(meta.clocks(keep).c);
        meta.entries.remove(gone);
        meta.deleted.insert(
            *gone,
            Tomb {
                at,
                dup_of: Some(*keep),
            },
        );
        let was_new = out.added.contains(gone);
        out.added.retain(|a| a != gone);
        out.updated.retain(|a| a != gone);
        if !was_new {
            out.removed.push(*gone);
        }
    }
    local
        .entries
        .retain(|e| !dups.iter().any(|(gone, _)| *gone == e.id));
}
