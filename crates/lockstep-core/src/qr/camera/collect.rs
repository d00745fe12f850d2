//! Collecting what a camera reads, frame after frame: each distinct QR code once, plain
//! `otpauth://` codes and the codes of a Google Authenticator export ("1 of 3": the migration
//! payload's batch index, size and id), with the progress to show ("2 of 3 read") and when the
//! collection is complete. Pure: no camera, no decoding, no vault (the result goes to the usual
//! import preview, `Session::preview`).

use std::collections::HashSet;

use crate::import::ImportResult;
use crate::qr::{to_import, Found};
use serde::Serialize;
use sha2::{Digest, Sha256};

/// The name the codes read from a camera carry as their source.
pub const SOURCE: &str = "camera";
/// Most distinct codes one collection keeps (a hostile scene cannot grow it without bound).
pub const MAX_CODES: usize = 256;
/// Most missing parts of an export named in [`Progress::missing`].
const MAX_MISSING_LISTED: usize = 10;

/// What one payload did to the collection.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Read {
    /// A code not read before, holding accounts (or entries that could not be used).
    New,
    /// A code already collected (the camera sees it in every frame).
    Again,
    /// A code whose text is no account (a web address, a Wi-Fi code): not collected.
    NoAccount,
    /// The collection is full ([`MAX_CODES`]): not collected.
    Full,
}

/// How far one Google Authenticator export has been read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ExportProgress {
    /// Distinct codes of the export read.
    pub read: u32,
    /// Codes the export has.
    pub total: u32,
    /// Codes not read yet, numbered from 1 as the phone shows them (at most the first 10).
    pub missing: Vec<u32>,
}

/// The collection so far, for a person to see.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Progress {
    /// Distinct codes collected.
    pub codes: usize,
    /// Accounts in them.
    pub accounts: usize,
    /// The Google Authenticator exports being read, in the order their first code was seen.
    pub exports: Vec<ExportProgress>,
    /// At least one code was collected and no export is missing a code.
    pub complete: bool,
}

/// One export's parts, by (id, size) as the payloads give them.
struct Export {
    id: i32,
    total: u32,
    /// Batch indices read (from 0, below `total`).
    read: HashSet<u32>,
}

/// The codes read so far. Holds payloads (secrets): no `Debug` that shows them.
#[derive(Default)]
pub struct Collector {
    /// SHA-256 of every payload seen (collected or not), so a code is classified once.
    seen: HashSet<[u8; 32]>,
    /// SHA-256 of the payloads collected.
    collected: HashSet<[u8; 32]>,
    /// Collected codes, in reading order.
    codes: Vec<Found>,
    exports: Vec<Export>,
}

impl std::fmt::Debug for Collector {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Collector")
            .field("codes", &self.codes.len())
            .field("payloads", &"[redacted]")
            .finish()
    }
}

impl Collector {
    /// An empty collection.
    pub fn new() -> Collector {
        Collector::default()
    }

    /// Takes one code read from a frame.
    pub fn add(&mut self, found: Found) -> Read {
        let digest: [u8; 32] = Sha256::digest(found.payload.trim().as_bytes()).into();
        if self.seen.contains(&digest) {
            return if self.collected.contains(&digest) {
                Read::Again
            } else {
                Read::NoAccount
            };
        }
        if self.codes.len() >= MAX_CODES {
            return Read::Full;
        }
        self.seen.insert(digest);
        if found.accounts.is_empty() && found.errors.is_empty() {
            return Read::NoAccount;
        }
        if let (Some((index, total)), Some(id)) = (found.batch, found.export_id) {
            let position = self
                .exports
                .iter()
                .position(|e| e.id == id && e.total == total);
            let export = match position {
                Some(p) => &mut self.exports[p],
                None => {
                    self.exports.push(Export {
                        id,
                        total,
                        read: HashSet::new(),
                    });
                    self.exports.last_mut().expect("an export was just pushed")
                }
            };
            if index < export.total {
                export.read.insert(index);
            }
        }
        self.collected.insert(digest);
        self.codes.push(found);
        Read::New
    }

    /// Whether every code started has been read (at least one code, no export missing one).
    pub fn is_complete(&self) -> bool {
        !self.codes.is_empty()
            && self
                .exports
                .iter()
                .all(|e| e.read.len() as u64 >= u64::from(e.total))
    }

    /// Whether nothing has been collected.
    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }

    /// The collection so far.
    pub fn progress(&self) -> Progress {
        Progress {
            codes: self.codes.len(),
            accounts: self.codes.iter().map(|f| f.accounts.len()).sum(),
            exports: self
                .exports
                .iter()
                .map(|e| ExportProgress {
                    read: u32::try_from(e.read.len()).unwrap_or(u32::MAX),
                    total: e.total,
                    missing: (0..e.total)
                        .filter(|i| !e.read.contains(i))
                        .take(MAX_MISSING_LISTED)
                        .map(|i| i + 1)
                        .collect(),
                })
                .collect(),
            complete: self.is_complete(),
        }
    }

    /// The codes collected: plain codes in reading order, each export's codes together in the
    /// export's order (where its first code was read).
    pub fn into_found(self) -> Vec<Found> {
        let mut keyed: Vec<((usize, u32), Found)> = Vec::with_capacity(self.codes.len());
        let mut first_of_export: Vec<(i32, u32, usize)> = Vec::new();
        for (i, f) in self.codes.into_iter().enumerate() {
            let key = match (f.batch, f.export_id) {
                (Some((index, total)), Some(id)) => {
                    let first = match first_of_export
                        .iter()
                        .find(|(e, t, _)| *e == id && *t == total)
                    {
                        Some(&(_, _, first)) => first,
                        None => {
                            first_of_export.push((id, total, i));
                            i
                        }
                    };
                    (first, index)
                }
                _ => (i, 0),
            };
            keyed.push((key, f));
        }
        keyed.sort_by_key(|(key, _)| *key);
        keyed.into_iter().map(|(_, f)| f).collect()
    }

    /// The accounts collected, for the import preview ([`crate::session::Session::preview`]).
    pub fn into_import(self) -> ImportResult {
        to_import(self.into_found())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::migration;
    use crate::otp::{Algorithm, Kind, OtpParams, Secret};
    use crate::uri::Account;
    use zeroize::Zeroizing;

    /// A code as the frame decoder gives it.
    fn code(payload: Zeroizing<String>) -> Found {
        Found::new(SOURCE, payload)
    }

    fn account(i: usize) -> Account {
        Account {
            issuer: format!("Issuer{i}"),
            account: format!("user{i}@example.com"),
            otp: OtpParams::new(
                Kind::Totp,
                Secret::from_bytes(vec![i as u8 + 1; 10]).expect("10 bytes"),
                Algorithm::Sha1,
                6,
                30,
                0,
            ),
        }
    }

    /// Three export codes of 10, 10 and 3 accounts (Google's own batching).
    fn export(id: i32) -> (Vec<Account>, Vec<Zeroizing<String>>) {
        let accounts: Vec<Account> = (0..23).map(account).collect();
        let links = migration::encode(&accounts, id).links;
        assert_eq!(links.len(), 3);
        (accounts, links)
    }

    #[test]
    fn an_export_is_complete_when_every_code_was_read_in_any_order() {
        let (accounts, links) = export(77);
        let mut c = Collector::new();
        assert!(!c.is_complete());
        assert_eq!(c.add(code(links[1].clone())), Read::New);
        assert_eq!(c.add(code(links[1].clone())), Read::Again);
        let p = c.progress();
        assert_eq!(
            p.exports,
            vec![ExportProgress {
                read: 1,
                total: 3,
                missing: vec![1, 3]
            }]
        );
        assert!(!p.complete);
        assert_eq!(c.add(code(links[2].clone())), Read::New);
        assert_eq!(c.progress().exports[0].read, 2);
        assert!(!c.is_complete());
        assert_eq!(c.add(code(links[0].clone())), Read::New);
        let p = c.progress();
        assert!(p.complete);
        assert_eq!((p.codes, p.accounts), (3, 23));
        // The accounts come out in the export's order, whatever order the codes were read in.
        assert_eq!(c.into_import().accounts, accounts);
    }

    #[test]
    fn a_plain_code_completes_at_once_and_other_text_is_set_aside() {
        let mut c = Collector::new();
        let web = Zeroizing::new("https://example.com/".to_owned());
        assert_eq!(c.add(code(web.clone())), Read::NoAccount);
        assert_eq!(c.add(code(web)), Read::NoAccount);
        assert!(c.is_empty() && !c.is_complete());
        let link = "otpauth://totp/Ex:alice?secret=JBSWY3DPEHPK3PXP&issuer=Ex";
        assert_eq!(c.add(code(Zeroizing::new(link.to_owned()))), Read::New);
        // The same code read again, with stray whitespace, is the same code.
        assert_eq!(
            c.add(code(Zeroizing::new(format!("{link}\n")))),
            Read::Again
        );
        let p = c.progress();
        assert!(p.complete && p.exports.is_empty());
        let result = c.into_import();
        assert_eq!(result.accounts.len(), 1);
        assert_eq!(result.accounts[0].account, "alice");
    }

    #[test]
    fn two_exports_and_a_plain_code_all_have_to_be_complete() {
        let (first, links_a) = export(1);
        let (_, links_b) = export(2);
        let mut c = Collector::new();
        for l in &links_a {
            c.add(code(l.clone()));
        }
        assert!(c.is_complete());
        c.add(code(links_b[0].clone()));
        assert!(!c.is_complete());
        assert_eq!(c.progress().exports.len(), 2);
        c.add(code(Zeroizing::new(
            "otpauth://totp/Plain?secret=JBSWY3DPEHPK3PXP".to_owned(),
        )));
        c.add(code(links_b[2].clone()));
        c.add(code(links_b[1].clone()));
        assert!(c.is_complete());
        let found = c.into_found();
        // Export 1 in order, then export 2 in order (first seen before the plain code).
        let places: Vec<Option<(u32, u32)>> = found.iter().map(|f| f.batch).collect();
        assert_eq!(
            places,
            vec![
                Some((0, 3)),
                Some((1, 3)),
                Some((2, 3)),
                Some((0, 3)),
                Some((1, 3)),
                Some((2, 3)),
                None
            ]
        );
        assert_eq!(found[0].accounts[0], first[0]);
    }

    #[test]
    fn a_bad_link_is_collected_as_an_error_for_the_preview() {
        let mut c = Collector::new();
        assert_eq!(
            c.add(code(Zeroizing::new("otpauth://totp/x?digits=6".to_owned()))),
            Read::New
        );
        assert!(c.is_complete());
        let result = c.into_import();
        assert!(result.accounts.is_empty());
        assert_eq!(result.errors.len(), 1);
        assert!(result.errors[0].context.starts_with("camera: "));
    }

    #[test]
    fn the_collection_is_bounded() {
        let mut c = Collector::new();
        for i in 0..MAX_CODES {
            let link = format!("otpauth://totp/n{i}?secret=JBSWY3DPEHPK3PXP");
            assert_eq!(c.add(code(Zeroizing::new(link))), Read::New);
        }
        let one_more = "otpauth://totp/last?secret=JBSWY3DPEHPK3PXP".to_owned();
        assert_eq!(c.add(code(Zeroizing::new(one_more))), Read::Full);
        assert_eq!(c.progress().codes, MAX_CODES);
    }

    #[test]
    fn debug_shows_no_payload() {
        let mut c = Collector::new();
        c.add(code(Zeroizing::new(
            "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP".to_owned(),
        )));
        assert!(!format!("{c:?}").contains("JBSWY3DPEHPK3PXP"));
    }
}
