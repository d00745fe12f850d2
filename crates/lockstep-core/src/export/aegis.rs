//! Aegis-compatible JSON backup (vault version 1, database version 3), as Aegis's `docs/vault.md`
//! describes it: entries with `type`, `uuid`, `name`, `issuer`, `note`, `favorite`, `info` and
//! group uuids; Lockstep tags become Aegis groups. Encrypted: one password slot (type 1) with
//! scrypt N = 2^15, r = 8, p = 1 over a 32-byte salt wrapping a random master key with AES-256-GCM,
//! and the database JSON sealed under the master key (base64 ciphertext, hex nonce and tag).
//! Icons: a picture the entry holds (PNG) and a bundled icon chosen for it (SVG) are written as
//! Aegis's `icon` (base64) and `icon_mime`. Loses: pack icons, the automatic logo, creation times.

use serde_json::{json, Value};
use uuid::Uuid;
use zeroize::Zeroizing;

use crate::error::Result;
use crate::otp::Kind;
use crate::vault::crypto::random;
use crate::vault::Entry;

/// scrypt cost Aegis itself uses for password slots.
pub const SCRYPT_LOG_N: u8 = 15;
/// scrypt block size.
pub const SCRYPT_R: u32 = 8;
/// scrypt parallelism.
pub const SCRYPT_P: u32 = 1;

/// The `db` object: entries and the groups made from tags.
fn db(entries: &[Entry]) -> Value {
    let mut groups: Vec<(String, Uuid)> = Vec::new();
    let mut list = Vec::with_capacity(entries.len());
    for e in entries {
        let mut group_ids = Vec::new();
        for tag in &e.tags {
            let id = match groups.iter().find(|(name, _)| name == tag) {
                Some((_, id)) => *id,
                None => {
                    let id = Uuid::new_v4();
                    groups.push((tag.clone(), id));
                    id
                }
            };
            group_ids.push(id.to_string());
        }
        let secret = e.secret.to_base32();
        let info = match e.kind {
            Kind::Hotp => {
                json!({"secret": secret.as_str(), "algo": e.algorithm.as_str(), "digits": e.digits, "counter": e.counter})
            }
            Kind::Totp | Kind::Steam => {
                json!({"secret": secret.as_str(), "algo": e.algorithm.as_str(), "digits": e.digits, "period": e.period})
            }
        };
        let icon = aegis_icon(e);
        list.push(json!({
            "type": e.kind.as_str(),
            "uuid": e.id.to_string(),
            "name": e.account,
            "issuer": e.issuer,
            "note": e.note,
            "favorite": e.favorite,
            "icon": icon.as_ref().map(|(_, b64)| b64.as_str()),
            "icon_mime": icon.as_ref().map(|(mime, _)| *mime),
            "info": info,
            "groups": group_ids,
        }));
    }
    let groups: Vec<Value> = groups
        .into_iter()
        .map(|(name, id)| json!({"uuid": id.to_string(), "name": name}))
        .collect();
    json!({"version": 3, "entries": list, "groups": groups, "icons_optimized": true})
}

/// An entry's icon as Aegis stores it: `(mime type, base64 bytes)`. Only a picture the entry
/// carries itself is written: a bundled or pack icon is a reference to files the app ships or
/// installed, which the CLI does not read (ARCHITECTURE.md, "Issuer icons"); Aegis, and our
/// importer, match those issuers again by name.
fn aegis_icon(e: &Entry) -> Option<(&'static str, String)> {
    use crate::icons::Choice;
    let Choice::Picture(url) = Choice::parse(e.icon.as_deref()) else {
        return None;
    };
    let (head, b64) = url.split_once(',')?;
    let mime = if head.starts_with("data:image/jpeg") {
        "image/jpeg"
    } else {
        "image/png"
    };
    Some((mime, b64.to_owned()))
}

/// The unencrypted backup. Secrets are in clear text.
pub fn plain(entries: &[Entry]) -> Zeroizing<String> {
    let file = json!({"version": 1, "header": {"slots": null, "params": null}, "db": db(entries)});
    Zeroizing::new(serde_json::to_string_pretty(&file).expect("a JSON value always serialises"))
}

/// The backup encrypted with `password` so that Aegis opens it.
pub fn encrypted(entries: &[Entry], password: &str) -> Result<String> {
    crate::vault::check_new_password(password)?;
    let master: Zeroizing<[u8; 32]> = Zeroizing::new(random()?);
    let salt: [u8; 32] = random()?;
    let params = scrypt::Params::new(SCRYPT_LOG_N, SCRYPT_R, SCRYPT_P, 32)
        .expect("Aegis's scrypt parameters are valid");
    let mut slot_key = Zeroizing::new([0u8; 32]);
    scrypt::scrypt(password.as_bytes(), &salt, &params, slot_key.as_mut())
        .expect("the output length 32 is valid");
    let key_nonce: [u8; 12] = random()?;
    let wrapped = seal(&slot_key, &key_nonce, master.as_ref());
    let (wrapped_key, key_tag) = wrapped.split_at(wrapped.len() - 16);

    let plain_db =
        Zeroizing::new(serde_json::to_vec(&db(entries)).expect("a JSON value always serialises"));
    let db_nonce: [u8; 12] = random()?;
    let sealed = seal(&master, &db_nonce, &plain_db);
    let (ciphertext, db_tag) = sealed.split_at(sealed.len() - 16);

    let hex = |b: &[u8]| data_encoding::HEXLOWER.encode(b);
    let file = json!({
        "version": 1,
        "header": {
            "slots": [{
                "type": 1,
                "uuid": Uuid::new_v4().to_string(),
                "key": hex(wrapped_key),
                "key_params": {"nonce": hex(&key_nonce), "tag": hex(key_tag)},
                "n": 1u32 << SCRYPT_LOG_N,
                "r": SCRYPT_R,
                "p": SCRYPT_P,
                "salt": hex(&salt),
                "repaired": true,
                "is_backup": false,
            }],
            "params": {"nonce": hex(&db_nonce), "tag": hex(db_tag)},
        },
        "db": data_encoding::BASE64.encode(ciphertext),
    });
    Ok(serde_json::to_string_pretty(&file).expect("a JSON value always serialises"))
}

/// AES-256-GCM, returning ciphertext‖tag.
fn seal(key: &[u8; 32], nonce: &[u8; 12], plaintext: &[u8]) -> Vec<u8> {
    use aes_gcm::aead::{Aead, KeyInit};
    let cipher = aes_gcm::Aes256Gcm::new_from_slice(key).expect("the key is 32 bytes");
    cipher
        .encrypt(aes_gcm::Nonce::from_slice(nonce), plaintext)
        .expect("AES-GCM encryption only fails on inputs over 64 GiB")
}
