//! Google Authenticator's "Transfer accounts" links, `otpauth-migration://offline?data=...`: a
//! base64 protobuf `MigrationPayload` (layout as published by the community decoders; every field
//! below is numbered as Google's app writes it), decoded and encoded with prost.
//! This module turns such links into [`Account`]s and accounts into links split into batches as
//! Google does; it knows nothing of images (see `qr`) or the vault.
//! The format carries no period (always 30 s) and no Steam type, so such accounts cannot be exported.

use data_encoding::{BASE64, BASE64_NOPAD};
use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use prost::Message;
use zeroize::Zeroizing;

use crate::error::{Error, MigrationProblem, Result};
use crate::import::{ImportError, ImportResult, Importer, Place};
use crate::otp::{Algorithm, Kind, OtpParams, Secret, DEFAULT_PERIOD};
use crate::uri::Account;

/// Scheme and host of a migration link, compared case-insensitively.
pub const PREFIX: &str = "otpauth-migration://offline";
/// Longest link we decode. A QR code holds at most 2,953 bytes and base64 of that is < 4 KiB;
/// this leaves room for percent-encoding and pasted text.
pub const MAX_LINK_LEN: usize = 64 * 1024;
/// Most accounts Google Authenticator puts in one QR code of an export.
pub const ACCOUNTS_PER_BATCH: usize = 10;
/// Longest link we put in one QR code when exporting (keeps codes at version ≤ 25 or so, which
/// phone cameras read from a screen; long names make a batch hold fewer than 10 accounts).
pub const MAX_BATCH_LINK_LEN: usize = 1400;

/// `MigrationPayload` as Google Authenticator writes it.
#[derive(Clone, PartialEq, Message)]
struct Payload {
    #[prost(message, repeated, tag = "1")]
    otp_parameters: Vec<Parameters>,
    #[prost(int32, tag = "2")]
    version: i32,
    #[prost(int32, tag = "3")]
    batch_size: i32,
    #[prost(int32, tag = "4")]
    batch_index: i32,
    #[prost(int32, tag = "5")]
    batch_id: i32,
}

/// `MigrationPayload.OtpParameters`.
#[derive(Clone, PartialEq, Message)]
struct Parameters {
    #[prost(bytes = "vec", tag = "1")]
    secret: Vec<u8>,
    #[prost(string, tag = "2")]
    name: String,
    #[prost(string, tag = "3")]
    issuer: String,
    /// 0 unspecified (SHA1), 1 SHA1, 2 SHA256, 3 SHA512, 4 MD5.
    #[prost(int32, tag = "4")]
    algorithm: i32,
    /// 0 unspecified (6), 1 six, 2 eight.
    #[prost(int32, tag = "5")]
    digits: i32,
    /// 0 unspecified (TOTP), 1 HOTP, 2 TOTP.
    #[prost(int32, tag = "6")]
    kind: i32,
    #[prost(int64, tag = "7")]
    counter: i64,
}

/// Wipes the secrets of decoded or encoded parameters (prost types cannot implement `Drop`
/// without losing struct-update syntax, so this runs at the end of each use).
fn wipe(params: &mut [Parameters]) {
    for p in params {
        zeroize::Zeroize::zeroize(&mut p.secret);
    }
}

/// One decoded migration link: its accounts and where it sits in the export.
#[derive(Debug, Default)]
pub struct Batch {
    /// Accounts read, and entries that could not be (e.g. MD5).
    pub result: ImportResult,
    /// Position of this QR code in the export, from 0.
    pub batch_index: u32,
    /// How many QR codes the export has (1 when the link does not say).
    pub batch_size: u32,
    /// Identifies the export the QR code belongs to (same in every batch of one export).
    pub batch_id: i32,
    /// Payload format version (1 today).
    pub version: i32,
}

/// Whether `text` looks like a migration link (it may still fail to decode).
pub fn is_migration(text: &str) -> bool {
    let t = text.trim_start();
    t.get(..PREFIX.len())
        .is_some_and(|p| p.eq_ignore_ascii_case(PREFIX))
}

/// Decodes an `otpauth-migration://offline?data=...` link. An entry that cannot be used (unknown
/// algorithm, empty secret) becomes an error in [`Batch::result`] without sinking the others.
pub fn decode(link: &str) -> Result<Batch> {
    let link = link.trim();
    if link.len() > MAX_LINK_LEN {
        return Err(Error::BadMigration(MigrationProblem::TooLong));
    }
    if !is_migration(link) {
        return Err(Error::BadMigration(MigrationProblem::NotMigration));
    }
    let query = link[PREFIX.len()..]
        .strip_prefix('?')
        .unwrap_or(&link[PREFIX.len()..]);
    let data = query
        .split('&')
        .find_map(|pair| pair.strip_prefix("data="))
        .ok_or(Error::BadMigration(MigrationProblem::MissingData))?;
    let data = percent_decode_str(data)
        .decode_utf8()
        .map_err(|_| Error::BadMigration(MigrationProblem::BadPercent))?;
    // Some readers turn '+' into ' ' and wrap long text; base64 has neither spaces nor newlines.
    let data: String = data
        .chars()
        .filter(|c| *c != '\n' && *c != '\r')
        .map(|c| if c == ' ' { '+' } else { c })
        .collect();
    let bytes = Zeroizing::new(
        BASE64
            .decode(data.as_bytes())
            .or_else(|_| BASE64_NOPAD.decode(data.trim_end_matches('=').as_bytes()))
            .map_err(|_| Error::BadMigration(MigrationProblem::BadBase64))?,
    );
    let mut payload = Payload::decode(bytes.as_slice())
        .map_err(|_| Error::BadMigration(MigrationProblem::NotPayload))?;

    let mut batch = Batch {
        result: ImportResult::default(),
        batch_index: u32::try_from(payload.batch_index).unwrap_or(0),
        batch_size: u32::try_from(payload.batch_size).unwrap_or(0).max(1),
        batch_id: payload.batch_id,
        version: payload.version,
    };
    for (i, p) in payload.otp_parameters.iter().enumerate() {
        match account_from(p) {
            Ok(a) => batch.result.accounts.push(a),
            Err(e) => batch
                .result
                .errors
                .push(ImportError::new(context(i, &p.issuer, &p.name), &e)),
        }
    }
    wipe(&mut payload.otp_parameters);
    Ok(batch)
}

fn context(index: usize, issuer: &str, name: &str) -> Place {
    let name = match (issuer.is_empty(), name.is_empty()) {
        (true, _) => name.to_owned(),
        _ => format!("{issuer}: {name}"),
    };
    Place::Account { index, name }
}

fn account_from(p: &Parameters) -> Result<Account> {
    let algorithm = match p.algorithm {
        0 | 1 => Algorithm::Sha1,
        2 => Algorithm::Sha256,
        3 => Algorithm::Sha512,
        4 => return Err(Error::UnknownAlgorithm("MD5".into())),
        n => return Err(Error::UnknownAlgorithm(format!("number {n}"))),
    };
    let digits = match p.digits {
        0 | 1 => 6,
        2 => 8,
        n => return Err(Error::BadDigits(format!("digit-count code {n}"))),
    };
    let (kind, counter) = match p.kind {
        0 | 2 => (Kind::Totp, 0),
        1 => (
            Kind::Hotp,
            u64::try_from(p.counter).map_err(|_| Error::BadCounter(p.counter.to_string()))?,
        ),
        n => return Err(Error::UnknownOtpType(format!("number {n}"))),
    };
    let secret = Secret::from_bytes(p.secret.clone())?;
    let (issuer, account) = split_name(&p.issuer, &p.name);
    let otp = OtpParams::new(kind, secret, algorithm, digits, DEFAULT_PERIOD, counter);
    otp.validate()?;
    Ok(Account {
        issuer,
        account,
        otp,
    })
}

/// Google stores the label as `name`, often `Issuer:account`; the prefix is dropped when it
/// repeats the issuer, and becomes the issuer when there is none (the otpauth label rule).
fn split_name(issuer: &str, name: &str) -> (String, String) {
    let issuer = issuer.trim();
    if let Some((prefix, rest)) = name.split_once(':') {
        let prefix = prefix.trim();
        if issuer.is_empty() && !prefix.is_empty() {
            return (prefix.to_owned(), rest.trim().to_owned());
        }
        if prefix.eq_ignore_ascii_case(issuer) {
            return (issuer.to_owned(), rest.trim().to_owned());
        }
    }
    (issuer.to_owned(), name.trim().to_owned())
}

/// Reads text holding one or more migration links (one per line), as a file or a paste.
pub struct GoogleMigration;

impl Importer for GoogleMigration {
    const ID: &'static str = "google-migration";
    const ENCRYPTABLE: bool = false;
    const SCANNABLE: bool = true;

    fn read(bytes: &[u8], _password: Option<&str>) -> Result<ImportResult> {
        let text = std::str::from_utf8(bytes)
            .map_err(|_| Error::BadMigration(MigrationProblem::NotText))?;
        let mut result = ImportResult::default();
        let mut seen = false;
        for (i, line) in text.lines().enumerate() {
            let line = line.trim().trim_start_matches('\u{feff}');
            if !is_migration(line) {
                continue;
            }
            seen = true;
            match decode(line) {
                Ok(batch) => {
                    result.accounts.extend(batch.result.accounts);
                    result.errors.extend(batch.result.errors);
                }
                Err(e) => result.errors.push(ImportError::new(Place::Line(i + 1), &e)),
            }
        }
        if !seen {
            return Err(Error::BadMigration(MigrationProblem::NoLink));
        }
        Ok(result)
    }
}

/// What [`encode`] made: one link per QR code, and the accounts Google's format cannot carry.
#[derive(Debug, Default)]
pub struct Export {
    /// `otpauth-migration://` links, in batch order; each is one QR code.
    pub links: Vec<Zeroizing<String>>,
    /// Accounts left out, with the reason (context names the account by its position from 1).
    pub skipped: Vec<ImportError>,
}

/// Characters kept as they are in the `data` value; `+`, `/` and `=` are percent-encoded as
/// Google does.
const DATA: &AsciiSet = NON_ALPHANUMERIC;

/// Encodes accounts as Google Authenticator export links, at most [`ACCOUNTS_PER_BATCH`] accounts
/// and about [`MAX_BATCH_LINK_LEN`] characters per link. `batch_id` ties the batches together
/// (Google uses a random number; pass one from the caller's RNG, or a fixed one in tests).
/// Steam accounts, periods other than 30 s and digit counts other than 6 or 8 are skipped.
pub fn encode(accounts: &[Account], batch_id: i32) -> Export {
    let mut export = Export::default();
    let mut params = Vec::new();
    for (i, a) in accounts.iter().enumerate() {
        match parameters_from(a) {
            Ok(p) => params.push(p),
            Err(reason) => export.skipped.push(ImportError::phrase(
                context(i, &a.issuer, &a.account),
                reason,
            )),
        }
    }
    // Greedy packing: a batch closes at 10 accounts or when the next one would make it too long.
    let mut batches: Vec<Vec<Parameters>> = Vec::new();
    let mut current: Vec<Parameters> = Vec::new();
    let mut current_len = 0;
    for p in params {
        // Base64 grows 4/3, percent-encoding of + / = adds a little: 1.5 is a safe bound.
        let len = p.encoded_len() * 3 / 2 + 4;
        if !current.is_empty()
            && (current.len() >= ACCOUNTS_PER_BATCH
                || PREFIX.len() + 6 + 24 + current_len + len > MAX_BATCH_LINK_LEN)
        {
            batches.push(std::mem::take(&mut current));
            current_len = 0;
        }
        current_len += len;
        current.push(p);
    }
    if !current.is_empty() {
        batches.push(current);
    }
    let size = i32::try_from(batches.len()).unwrap_or(i32::MAX);
    for (index, otp_parameters) in batches.into_iter().enumerate() {
        let mut payload = Payload {
            otp_parameters,
            version: 1,
            batch_size: size,
            batch_index: i32::try_from(index).unwrap_or(i32::MAX),
            batch_id,
        };
        let bytes = Zeroizing::new(payload.encode_to_vec());
        wipe(&mut payload.otp_parameters);
        let b64 = Zeroizing::new(BASE64.encode(&bytes));
        let mut link = Zeroizing::new(String::with_capacity(PREFIX.len() + 6 + b64.len() * 3 / 2));
        link.push_str(PREFIX);
        link.push_str("?data=");
        link.extend(utf8_percent_encode(&b64, DATA));
        export.links.push(link);
    }
    export
}

fn parameters_from(a: &Account) -> std::result::Result<Parameters, &'static str> {
    let o = &a.otp;
    let kind = match o.kind {
        Kind::Totp if o.period == DEFAULT_PERIOD => 2,
        Kind::Totp => return Err("Google Authenticator only knows 30-second codes"),
        Kind::Hotp => 1,
        Kind::Steam => return Err("Google Authenticator cannot make Steam codes"),
    };
    let digits = match o.digits {
        6 => 1,
        8 => 2,
        _ => return Err("Google Authenticator only knows 6- or 8-digit codes"),
    };
    let algorithm = match o.algorithm {
        Algorithm::Sha1 => 1,
        Algorithm::Sha256 => 2,
        Algorithm::Sha512 => 3,
    };
    let counter = if o.kind == Kind::Hotp {
        i64::try_from(o.counter)
            .map_err(|_| "the HOTP counter is too large for Google Authenticator")?
    } else {
        0
    };
    let name = if a.issuer.is_empty() {
        a.account.clone()
    } else {
        format!("{}:{}", a.issuer, a.account)
    };
    Ok(Parameters {
        secret: o.secret.expose().to_vec(),
        name,
        issuer: a.issuer.clone(),
        algorithm,
        digits,
        kind,
        counter,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn account(issuer: &str, name: &str, kind: Kind, digits: u8, period: u32) -> Account {
        let secret = Secret::from_base32("JBSWY3DPEHPK3PXP").expect("valid base32");
        Account {
            issuer: issuer.into(),
            account: name.into(),
            otp: OtpParams {
                kind,
                secret,
                algorithm: Algorithm::Sha512,
                digits,
                period,
                counter: if kind == Kind::Hotp { 7 } else { 0 },
            },
        }
    }

    #[test]
    fn name_prefix_rules() {
        assert_eq!(
            split_name("", "Air Canada:Benjamin"),
            ("Air Canada".into(), "Benjamin".into())
        );
        assert_eq!(
            split_name("WWE", "WWE:Mason"),
            ("WWE".into(), "Mason".into())
        );
        assert_eq!(split_name("X", "a:b"), ("X".into(), "a:b".into()));
        assert_eq!(split_name("", "plain"), ("".into(), "plain".into()));
    }

    #[test]
    fn round_trip_keeps_everything_google_carries() {
        let accounts = vec![
            account("Example", "alice@example.com", Kind::Totp, 8, 30),
            account("", "bob", Kind::Hotp, 6, 30),
        ];
        let export = encode(&accounts, 42);
        assert_eq!(export.links.len(), 1);
        assert!(export.skipped.is_empty());
        let batch = decode(&export.links[0]).expect("own output decodes");
        assert_eq!(batch.result.accounts, accounts);
        assert_eq!(
            (
                batch.batch_index,
                batch.batch_size,
                batch.batch_id,
                batch.version
            ),
            (0, 1, 42, 1)
        );
    }

    #[test]
    fn unsupported_accounts_are_skipped_with_a_reason() {
        let accounts = vec![
            account("S", "steam", Kind::Steam, 5, 30),
            account("P", "sixty", Kind::Totp, 6, 60),
            account("D", "seven", Kind::Totp, 7, 30),
            account("Ok", "ok", Kind::Totp, 6, 30),
        ];
        let export = encode(&accounts, 1);
        assert_eq!(export.skipped.len(), 3);
        assert_eq!(export.skipped[1].context, "account 2 (P: sixty)");
        assert_eq!(
            decode(&export.links[0])
                .expect("decodes")
                .result
                .accounts
                .len(),
            1
        );
    }

    #[test]
    fn batches_hold_at_most_ten_accounts() {
        let accounts: Vec<Account> = (0..23)
            .map(|i| account("Issuer", &format!("user{i}"), Kind::Totp, 6, 30))
            .collect();
        let export = encode(&accounts, -5);
        assert_eq!(export.links.len(), 3);
        let mut all = Vec::new();
        for (i, link) in export.links.iter().enumerate() {
            assert!(link.len() <= MAX_BATCH_LINK_LEN, "{}", link.len());
            let b = decode(link).expect("decodes");
            assert_eq!(
                (b.batch_index as usize, b.batch_size, b.batch_id),
                (i, 3, -5)
            );
            all.extend(b.result.accounts);
        }
        assert_eq!(all, accounts);
    }

    #[test]
    fn hostile_links_are_errors_not_panics() {
        for bad in [
            "otpauth-migration://offline",
            "otpauth-migration://offline?data=",
            "otpauth-migration://offline?data=%%%",
            "otpauth-migration://offline?data=!!!!",
            "otpauth-migration://offline?data=CgA%3D%3D%3D",
            "otpauth-migration://offline?data=/////w==",
            "otpauth://totp/x?secret=AA",
        ] {
            match decode(bad) {
                Err(Error::BadMigration(_)) => {}
                Ok(b) => assert!(b.result.accounts.is_empty(), "{bad}"),
                Err(e) => panic!("{bad}: unexpected {e:?}"),
            }
        }
        let long = format!("{PREFIX}?data={}", "A".repeat(MAX_LINK_LEN));
        assert!(matches!(decode(&long), Err(Error::BadMigration(_))));
    }

    #[test]
    fn md5_and_empty_secrets_are_per_entry_errors() {
        let payload = Payload {
            otp_parameters: vec![
                Parameters {
                    secret: vec![1, 2, 3],
                    name: "md5".into(),
                    algorithm: 4,
                    ..Default::default()
                },
                Parameters {
                    secret: vec![],
                    name: "empty".into(),
                    ..Default::default()
                },
                Parameters {
                    secret: vec![9; 10],
                    name: "ok".into(),
                    ..Default::default()
                },
            ],
            ..Default::default()
        };
        let link = format!("{PREFIX}?data={}", BASE64.encode(&payload.encode_to_vec()));
        let b = decode(&link).expect("decodes");
        assert_eq!(b.result.accounts.len(), 1);
        assert_eq!(b.result.accounts[0].otp.digits, 6);
        assert_eq!(b.result.accounts[0].otp.kind, Kind::Totp);
        assert_eq!(b.result.errors.len(), 2);
        assert!(b.result.errors[0].message.contains("MD5"));
        assert_eq!(b.batch_size, 1);
    }
}
