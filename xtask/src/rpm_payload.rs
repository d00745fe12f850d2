//! Rewrites an .rpm's payload as one xz stream, everything else unchanged.
//!
//! Tauri's bundler (the `rpm` crate inside @tauri-apps/cli) compresses the payload at the level
//! asked for, but flushes the xz stream after every file: each file starts with an empty
//! dictionary, so the app and the CLI, which share most of their code, are compressed apart.
//! Measured on the icons build: 10,496,328 bytes of payload as written, 7,646,628 bytes for
//! the same cpio archive as one stream (`xz -9e`). No maintained tool rewrites an .rpm's payload
//! in place (rpmrebuild needs an installed package and rpmbuild), so this does it by the format
//! (rpm's `fileformat.md`, v4 packages):
//!
//! - lead (96 bytes), signature header (padded to 8 bytes), main header, payload;
//! - a header is 16 bytes of intro (magic, reserved, index count, data size), the index
//!   (16 bytes an entry: tag, type, offset into the data, count), then the data.
//!
//! The cpio archive inside is kept byte for byte, so the uncompressed payload's digest
//! (`PAYLOADDIGESTALT`) and the signature's `PAYLOADSIZE` stay true. What changes is fixed-size:
//! the main header's `PAYLOADDIGEST` (SHA-256 of the compressed payload, hex), and the signature's
//! SHA-1 and SHA-256 of the main header (hex) and `SIZE` (main header + payload). Each is written
//! over the old value at its own place, so no offset moves. `rpm -K` checks the result.

use crate::util::{capture, err, Res};
use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

const LEAD: usize = 96;
const LEAD_MAGIC: [u8; 4] = [0xed, 0xab, 0xee, 0xdb];
const HEADER_MAGIC: [u8; 3] = [0x8e, 0xad, 0xe8];

const SIG_SHA1: u32 = 269;
const SIG_SHA256: u32 = 273;
const SIG_SIZE: u32 = 1000;
const SIG_LONGSIZE: u32 = 270;
const TAG_PAYLOADCOMPRESSOR: u32 = 1125;
const TAG_PAYLOADDIGEST: u32 = 5092;
const TAG_PAYLOADDIGESTALGO: u32 = 5093;
/// `PAYLOADDIGESTALGO` for SHA-256 (rpm's PGPHASHALGO_SHA256).
const SHA256_ALGO: u32 = 8;

/// One header: where it starts and ends in the file, and where its data store starts.
struct Header {
    start: usize,
    end: usize,
    store: usize,
    entries: Vec<Entry>,
}

#[derive(Clone, Copy)]
struct Entry {
    tag: u32,
    offset: usize,
    count: usize,
}

fn be32(b: &[u8], at: usize) -> Res<u32> {
    b.get(at..at + 4)
        .map(|s| u32::from_be_bytes([s[0], s[1], s[2], s[3]]))
        .map_or_else(
            || err(format!("the .rpm ends inside a header (at byte {at})")),
            Ok,
        )
}

fn header(b: &[u8], start: usize) -> Res<Header> {
    if b.get(start..start + 3) != Some(&HEADER_MAGIC[..]) {
        return err(format!("no rpm header at byte {start}"));
    }
    let n = be32(b, start + 8)? as usize;
    let size = be32(b, start + 12)? as usize;
    let store = start + 16 + 16 * n;
    let end = store + size;
    if end > b.len() || n > 10_000 {
        return err(format!("the rpm header at byte {start} runs past the file"));
    }
    let entries = (0..n)
        .map(|i| {
            let at = start + 16 + 16 * i;
            Ok(Entry {
                tag: be32(b, at)?,
                offset: be32(b, at + 8)? as usize,
                count: be32(b, at + 12)? as usize,
            })
        })
        .collect::<Res<Vec<_>>>()?;
    Ok(Header {
        start,
        end,
        store,
        entries,
    })
}

impl Header {
    fn find(&self, tag: u32) -> Option<Entry> {
        self.entries.iter().copied().find(|e| e.tag == tag)
    }

    /// The byte range of a NUL-terminated string entry's text.
    fn string_at(&self, b: &[u8], tag: u32) -> Res<std::ops::Range<usize>> {
        let e = self
            .find(tag)
            .map_or_else(|| err(format!("the rpm header has no tag {tag}")), Ok)?;
        let from = self.store + e.offset;
        let len = b[from..self.end]
            .iter()
            .position(|&c| c == 0)
            .map_or_else(|| err(format!("tag {tag}'s text has no end")), Ok)?;
        Ok(from..from + len)
    }
}

/// `tool` (sha1sum, sha256sum) over `data`: its hex digest.
fn digest(tool: &str, data: &[u8]) -> Res<String> {
    let (status, out) = capture(&mut Command::new(tool), data, Duration::from_secs(120))?;
    let hex = out.split_whitespace().next().unwrap_or_default().to_owned();
    if !status.success() || hex.is_empty() {
        return err(format!("{tool} failed"));
    }
    Ok(hex)
}

/// Runs xz with `args` over `input`, its output as bytes (through files: the payload is binary).
fn xz(args: &[&str], input: &[u8], dir: &Path) -> Res<Vec<u8>> {
    let (from, to) = (dir.join("payload.in"), dir.join("payload.out"));
    fs::write(&from, input).or_else(|e| err(format!("cannot write {}: {e}", from.display())))?;
    let file =
        fs::File::create(&to).or_else(|e| err(format!("cannot create {}: {e}", to.display())))?;
    let status = Command::new("xz")
        .args(args)
        .arg("-c")
        .arg(&from)
        .stdout(file)
        .status()
        .or_else(|e| err(format!("cannot start xz: {e}")))?;
    if !status.success() {
        return err(format!("xz {} failed", args.join(" ")));
    }
    let out = fs::read(&to).or_else(|e| err(format!("cannot read {}: {e}", to.display())))?;
    let _ = fs::remove_file(&from);
    let _ = fs::remove_file(&to);
    Ok(out)
}

/// Writes `text` over the string entry `range` (same length).
fn overwrite(b: &mut [u8], range: std::ops::Range<usize>, text: &str, what: &str) -> Res {
    if text.len() != range.len() {
        return err(format!(
            "the new {what} is {} characters, the old {}",
            text.len(),
            range.len()
        ));
    }
    b[range].copy_from_slice(text.as_bytes());
    Ok(())
}

/// Rewrites the .rpm at `path` in place with its payload as one xz stream at `-9e`. Returns the
/// sizes before and after.
pub fn recompress(path: &Path, scratch: &Path) -> Res<(usize, usize)> {
    let mut b = fs::read(path).or_else(|e| err(format!("cannot read {}: {e}", path.display())))?;
    let before = b.len();
    if b.get(..4) != Some(&LEAD_MAGIC[..]) {
        return err(format!("{} is not an .rpm (no lead)", path.display()));
    }
    let sig = header(&b, LEAD)?;
    let main_start = sig.end.div_ceil(8) * 8;
    let main = header(&b, main_start)?;
    if b[main.string_at(&b, TAG_PAYLOADCOMPRESSOR)?] != *b"xz" {
        return err("the .rpm's payload is not xz (the bundler's rpm.compression changed?)");
    }
    let algo = main
        .find(TAG_PAYLOADDIGESTALGO)
        .map(|e| be32(&b, main.store + e.offset))
        .transpose()?;
    if algo != Some(SHA256_ALGO) {
        return err("the .rpm's payload digest is not SHA-256");
    }
    if sig.find(SIG_LONGSIZE).is_some() {
        return err("the .rpm has a 64-bit size in its signature (not handled here)");
    }

    fs::create_dir_all(scratch)
        .or_else(|e| err(format!("cannot create {}: {e}", scratch.display())))?;
    let cpio = xz(&["-d"], &b[main.end..], scratch)?;
    let payload = xz(&["-9e", "-T1"], &cpio, scratch)?;

    let digest_at = main.string_at(&b, TAG_PAYLOADDIGEST)?;
    overwrite(
        &mut b,
        digest_at,
        &digest("sha256sum", &payload)?,
        "payload digest",
    )?;
    let header_bytes = b[main.start..main.end].to_vec();
    for (tag, tool) in [(SIG_SHA1, "sha1sum"), (SIG_SHA256, "sha256sum")] {
        let at = sig.string_at(&b, tag)?;
        overwrite(&mut b, at, &digest(tool, &header_bytes)?, tool)?;
    }
    let size = sig
        .find(SIG_SIZE)
        .map_or_else(|| err("the .rpm's signature has no SIZE"), Ok)?;
    let total = u32::try_from(header_bytes.len() + payload.len())
        .or_else(|_| err("the .rpm is over 4 GB"))?;
    let at = sig.store + size.offset;
    if size.count != 1 || at + 4 > sig.end {
        return err("the .rpm's SIZE tag is malformed");
    }
    b[at..at + 4].copy_from_slice(&total.to_be_bytes());

    b.truncate(main.end);
    b.extend_from_slice(&payload);
    let after = b.len();
    let tmp = path.with_extension("rpm.tmp");
    fs::write(&tmp, &b).or_else(|e| err(format!("cannot write {}: {e}", tmp.display())))?;
    fs::rename(&tmp, path).or_else(|e| err(format!("cannot replace {}: {e}", path.display())))?;
    Ok((before, after))
}
