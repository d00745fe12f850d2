//! The payload's JSON (docs/vault-format.md, "Payload"): the entries and, from format 2, the
//! vault's earlier data keys (`previous_keys`), so that a vault opens its own older backups, and
//! the names of its members (`members`, [`super::members`]). Encoding and decoding only; no
//! crypto, no files.

use serde::Deserialize;
use zeroize::{Zeroize, Zeroizing};

use super::crypto::{Key, KEY_LEN};
use super::members::Member;
use super::model::{Entry, Vault};
use crate::error::{Damage, Error, Result, SlotProblem};

/// Most earlier data keys a payload keeps (newest first); older ones are dropped, and backups
/// sealed under them then need the credential of their time.
pub const MAX_PREVIOUS_KEYS: usize = 64;

/// An earlier data key of the vault and its key id.
#[derive(Clone)]
pub struct PreviousKey {
    /// The key id written in the headers of the files it sealed (random for a format-1 key).
    pub id: [u8; 16],
    /// The data key.
    pub key: Key,
}

impl std::fmt::Debug for PreviousKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PreviousKey([redacted])")
    }
}

#[derive(Deserialize)]
struct PayloadIn {
    entries: Vec<Entry>,
    #[serde(default)]
    generation: u64,
    #[serde(default)]
    previous_keys: Vec<KeyIn>,
    #[serde(default)]
    sync: Option<crate::sync::SyncMeta>,
    #[serde(default)]
    members: Vec<MemberIn>,
}

#[derive(Deserialize)]
struct MemberIn {
    slot: String,
    name: String,
    added: u64,
}

#[derive(Deserialize)]
struct KeyIn {
    id: String,
    key: String,
}

fn push_hex(out: &mut Vec<u8>, bytes: &[u8]) {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    for b in bytes {
        out.push(DIGITS[usize::from(b >> 4)]);
        out.push(DIGITS[usize::from(b & 15)]);
    }
}

fn from_hex<const N: usize>(text: &str) -> Option<[u8; N]> {
    let t = text.as_bytes();
    if t.len() != 2 * N {
        return None;
    }
    let digit = |c: u8| match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        _ => None,
    };
    let mut out = [0u8; N];
    for (i, o) in out.iter_mut().enumerate() {
        *o = (digit(t[2 * i])? << 4) | digit(t[2 * i + 1])?;
    }
    Some(out)
}

/// `,"<name>":[item,item,...]`, written by `item`; nothing when `items` is empty.
fn push_list<T>(
    out: &mut Vec<u8>,
    name: &str,
    items: &[T],
    mut item: impl FnMut(&mut Vec<u8>, &T) -> Result<()>,
) -> Result<()> {
    if items.is_empty() {
        return Ok(());
    }
    out.extend_from_slice(format!(",\"{name}\":[").as_bytes());
    for (i, t) in items.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        item(out, t)?;
    }
    out.push(b']');
    Ok(())
}

/// `{"entries":[...]}`, with `,"generation":N` once saved by a session (rollback detection),
/// `,"previous_keys":[{"id":"<hex>","key":"<hex>"},...]` when there are any (so a vault that
/// never changed its data key writes what format 1 wrote) and
/// `,"members":[{"slot":"<hex>","name":"...","added":N},...]` when there are any.
pub fn encode(
    vault: &Vault,
    previous: &[PreviousKey],
    members: &[Member],
) -> Result<Zeroizing<Vec<u8>>> {
    let mut out = Zeroizing::new(Vec::with_capacity(
        64 + vault.entries.len() * 400 + previous.len() * 120,
    ));
    out.extend_from_slice(b"{\"entries\":");
    serde_json::to_writer(&mut *out, &vault.entries)
        .map_err(|_| Error::Slot(SlotProblem::EntriesUnwritable))?;
    if vault.generation > 0 {
        out.extend_from_slice(format!(",\"generation\":{}", vault.generation).as_bytes());
    }
    if let Some(meta) = &vault.sync {
        out.extend_from_slice(b",\"sync\":");
        serde_json::to_writer(&mut *out, meta)
            .map_err(|_| Error::Slot(SlotProblem::ClocksUnwritable))?;
    }
    push_list(&mut out, "previous_keys", previous, |out, p| {
        out.extend_from_slice(b"{\"id\":\"");
        push_hex(out, &p.id);
        out.extend_from_slice(b"\",\"key\":\"");
        push_hex(out, p.key.expose());
        out.extend_from_slice(b"\"}");
        Ok(())
    })?;
    push_list(&mut out, "members", members, |out, m| {
        out.extend_from_slice(b"{\"slot\":\"");
        push_hex(out, &m.slot);
        out.extend_from_slice(b"\",\"name\":");
        serde_json::to_writer(&mut *out, &m.name)
            .map_err(|_| Error::Slot(SlotProblem::MembersUnwritable))?;
        out.extend_from_slice(format!(",\"added\":{}}}", m.added).as_bytes());
        Ok(())
    })?;
    out.push(b'}');
    Ok(out)
}

/// A decrypted payload: the entries, the earlier data keys and the members' names.
pub struct Decoded {
    /// The entries (and the save generation).
    pub vault: Vault,
    /// Earlier data keys, newest first.
    pub previous: Vec<PreviousKey>,
    /// The members named in the payload (the owner's slot has no entry).
    pub members: Vec<Member>,
}

/// The entries, earlier data keys and members of a decrypted payload.
pub fn decode(plain: &[u8]) -> Result<Decoded> {
    let parsed: PayloadIn =
        serde_json::from_slice(plain).map_err(|_| Error::CorruptVault(Damage::NotEntryList))?;
    let mut previous = Vec::with_capacity(parsed.previous_keys.len());
    let mut bad = false;
    for mut k in parsed.previous_keys {
        match (from_hex::<16>(&k.id), from_hex::<KEY_LEN>(&k.key)) {
            (Some(id), Some(key)) => previous.push(PreviousKey {
                id,
                key: Key::from_bytes(key),
            }),
            _ => bad = true,
        }
        k.key.zeroize();
    }
    if bad {
        return Err(Error::CorruptVault(Damage::BadEarlierKey));
    }
    let mut members = Vec::with_capacity(parsed.members.len());
    for m in parsed.members {
        let slot = from_hex::<16>(&m.slot).ok_or(Error::CorruptVault(Damage::BadMemberSlot))?;
        members.push(Member {
            slot,
            name: m.name,
            added: m.added,
        });
    }
    Ok(Decoded {
        vault: Vault {
            entries: parsed.entries,
            generation: parsed.generation,
            sync: parsed.sync,
        },
        previous,
        members,
    })
}

/// [`decode`], then the checks every open makes: code parameters within the ranges of
/// docs/vault-format.md (out-of-range digits would panic in code generation), entries in display
/// order.
pub fn decode_checked(plain: &[u8]) -> Result<Decoded> {
    let mut d = decode(plain)?;
    if d.vault.entries.iter().any(|e| e.otp().validate().is_err()) {
        return Err(Error::CorruptVault(Damage::EntryParams));
    }
    d.vault.sort();
    Ok(d)
}
