//! The expected accounts of the peer fixtures (`fixtures/*/EXPECTED*.json`) and the same shape
//! made from an imported account, for multiset comparison. Shared by this crate's
//! `import_peers.rs` and the CLI's `fixtures.rs` (included there by `#[path]`).
#![allow(dead_code)]

use serde_json::Value;

/// The expected accounts of a fixture, as (kind, issuer, account, secret bytes, algorithm, digits, period, counter).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Want {
    pub kind: &'static str,
    pub issuer: String,
    pub account: String,
    pub secret: Vec<u8>,
    pub algo: &'static str,
    pub digits: u8,
    pub period: u32,
    pub counter: u64,
}

/// Decodes the expected base32 the lenient way peers do (junk test secrets of odd length keep their whole bytes).
pub fn expected_secret(b32: &str) -> Vec<u8> {
    let mut s = b32.to_ascii_uppercase();
    if matches!(s.len() % 8, 1 | 3 | 6) {
        s.pop();
    }
    let mut spec = data_encoding::Specification::new();
    spec.symbols.push_str("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567");
    spec.check_trailing_bits = false;
    spec.encoding().unwrap().decode(s.as_bytes()).unwrap()
}

pub fn want_from(e: &Value) -> Want {
    let kind = match e["type"].as_str().unwrap() {
        "totp" => "totp",
        "hotp" => "hotp",
        "steam" => "steam",
        other => panic!("{other}"),
    };
    let algo = match e["algo"].as_str().unwrap() {
        "SHA1" => "SHA1",
        "SHA256" => "SHA256",
        "SHA512" => "SHA512",
        other => panic!("{other}"),
    };
    Want {
        kind,
        issuer: e["issuer"].as_str().unwrap().to_owned(),
        account: e["account"].as_str().unwrap().to_owned(),
        secret: expected_secret(e["secret"].as_str().unwrap()),
        algo,
        digits: e["digits"].as_u64().unwrap() as u8,
        period: if kind == "hotp" {
            30
        } else {
            e["period"].as_u64().unwrap() as u32
        },
        counter: if kind == "hotp" {
            e["counter"].as_u64().unwrap()
        } else {
            0
        },
    }
}

pub fn got_from(a: &lockstep_core::Account) -> Want {
    Want {
        kind: a.otp.kind.as_str(),
        issuer: a.issuer.clone(),
        account: a.account.clone(),
        secret: a.otp.secret.expose().to_vec(),
        algo: a.otp.algorithm.as_str(),
        digits: a.otp.digits,
        period: a.otp.period,
        counter: a.otp.counter,
    }
}
