//! Ente Auth's exports. Plain: one `otpauth://` link per line with an extra `codeDisplay`
//! parameter (URL-encoded JSON: pinned, trashed, tags, note). Encrypted: JSON `{version: 1,
//! kdfParams: {memLimit, opsLimit, salt}, encryptedData, encryptionNonce}` where key =
//! libsodium `crypto_pwhash` Argon2id v1.3 (m = memLimit bytes, t = opsLimit, p = 1, 32 bytes) and
//! the plaintext (the same link list) is one `crypto_secretstream_xchacha20poly1305` message with
//! `encryptionNonce` as the stream header ([`super::secretstream`], implemented from libsodium's
//! docs with RustCrypto primitives).
//! Tags, notes and the pinned state (as favourite) are kept; loses icons. Entries in Ente's trash are reported, not imported.

use serde_json::Value;

use zeroize::Zeroizing;

use super::common::{self, bad, int, text};
use super::extras;
use super::secretstream::{self, Pull};
use super::{ImportError, ImportOptions, ImportResult, Importer, Place};
use crate::error::{EncodedPart, EntrySkipped, ImportReason, Result};

/// Human name in messages.
pub(crate) const NAME: &str = "Ente Auth";
/// Most Argon2id memory Ente asks for: libsodium's `crypto_pwhash_MEMLIMIT_SENSITIVE` (1 GiB), the
/// strongest setting its `CryptoUtil.deriveSensitiveKey` starts from.
const MAX_MEM_BYTES: u64 = 1 << 30;
/// Most Argon2id work (memory in bytes × passes) Ente asks for: `MEMLIMIT_SENSITIVE ×
/// OPSLIMIT_SENSITIVE` (1 GiB × 4). On devices short of memory Ente halves the memory and doubles
/// the passes, which keeps this product. Ente's documented export sample uses 4 KiB × 3.
const MAX_MEM_TIMES_OPS: u64 = (1 << 30) * 4;

/// Ente Auth's plain or encrypted export.
pub struct Ente;

impl Importer for Ente {
    const ID: &'static str = "ente";
    const ENCRYPTABLE: bool = true;
    const SCANNABLE: bool = false;

    fn read(bytes: &[u8], password: Option<&str>) -> Result<ImportResult> {
        Self::read_with(bytes, &ImportOptions::with_password(password))
    }

    fn read_with(bytes: &[u8], options: &ImportOptions<'_>) -> Result<ImportResult> {
        let bytes = common::strip_bom(bytes);
        if bytes.trim_ascii_start().starts_with(b"{") {
            let root = common::json(NAME, bytes)?;
            let plain = decrypt(&root, options)?;
            return read_links(&plain);
        }
        read_links(bytes)
    }
}

/// Is this JSON Ente's encrypted export?
pub(crate) fn looks_like_encrypted(v: &Value) -> bool {
    v.get("kdfParams").is_some() && v.get("encryptedData").is_some()
}

/// Is this text Ente's plain export (links carrying `codeDisplay`)?
pub(crate) fn looks_like_plain(text: &str) -> bool {
    text.lines().any(|l| {
        l.trim_start()
            .to_ascii_lowercase()
            .starts_with("otpauth://")
            && l.contains("codeDisplay=")
    })
}

fn decrypt(root: &Value, options: &ImportOptions<'_>) -> Result<Zeroizing<Vec<u8>>> {
    if !looks_like_encrypted(root) {
        return Err(bad(NAME, ImportReason::NoKdfParams));
    }
    match root.get("version").and_then(int) {
        Some(1) | None => {}
        Some(v) => {
            return Err(common::unsupported(
                NAME,
                ImportReason::ExportVersion { version: v },
            ))
        }
    }
    let kdf = &root["kdfParams"];
    let mem = kdf
        .get("memLimit")
        .and_then(int)
        .and_then(|m| u64::try_from(m).ok())
        .ok_or_else(|| bad(NAME, ImportReason::NoMemLimit))?;
    let ops = kdf
        .get("opsLimit")
        .and_then(int)
        .and_then(|m| u64::try_from(m).ok())
        .ok_or_else(|| bad(NAME, ImportReason::NoOpsLimit))?;
    let salt = common::base64(NAME, EncodedPart::Salt, &text(kdf, "salt"))?;
    let header: [u8; secretstream::HEADER_LEN] = common::base64(
        NAME,
        EncodedPart::EncryptionNonce,
        &text(root, "encryptionNonce"),
    )?
    .try_into()
    .map_err(|_| bad(NAME, ImportReason::NonceLength))?;
    let data = common::base64(
        NAME,
        EncodedPart::EncryptedData,
        &text(root, "encryptedData"),
    )?;
    if data.len() < secretstream::ABYTES {
        return Err(bad(NAME, ImportReason::DataTooShort));
    }
    if mem > MAX_MEM_BYTES || mem.saturating_mul(ops) > MAX_MEM_TIMES_OPS {
        return Err(common::too_costly(
            NAME,
            ImportReason::EnteArgon2Cost { mem, ops },
        ));
    }
    let password = common::need_password(NAME, options.password)?;
    options.checkpoint(NAME)?;
    // libsodium takes memLimit in bytes; Argon2 counts KiB.
    let key = common::argon2id(NAME, password.as_bytes(), &salt, mem / 1024, ops, 1)?;
    let (plain, tag) = Pull::new(&key, &header)
        .pull(&data, b"")
        .ok_or_else(|| common::wrong_password(NAME))?;
    if tag != secretstream::TAG_FINAL && tag != secretstream::TAG_MESSAGE {
        return Err(bad(NAME, ImportReason::StreamTag));
    }
    Ok(plain)
}

fn read_links(bytes: &[u8]) -> Result<ImportResult> {
    let text = std::str::from_utf8(bytes).map_err(|_| bad(NAME, ImportReason::ExportNotUtf8))?;
    let mut result = ImportResult::default();
    let mut seen = false;
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        seen = true;
        let context = Place::Line(i + 1);
        if in_trash(line) {
            result
                .errors
                .push(ImportError::skipped(context.clone(), EntrySkipped::InTrash));
            continue;
        }
        match common::parse_uri(line) {
            Ok(a) => result.push(a, extras::ente(line)),
            Err(e) => result.errors.push(common::entry_error(context, e)),
        }
    }
    if !seen {
        return Err(bad(NAME, ImportReason::ExportEmpty));
    }
    Ok(result)
}

/// Reads `"trashed": true` out of the `codeDisplay` parameter.
fn in_trash(link: &str) -> bool {
    let Some(query) = link.split_once('?').map(|(_, q)| q) else {
        return false;
    };
    query
        .split('&')
        .filter_map(|p| p.split_once('='))
        .filter(|(k, _)| k.eq_ignore_ascii_case("codeDisplay"))
        .filter_map(|(_, v)| {
            serde_json::from_str::<Value>(
                &percent_encoding::percent_decode_str(v).decode_utf8_lossy(),
            )
            .ok()
        })
        .any(|d| d.get("trashed").and_then(Value::as_bool) == Some(true))
}
