//! One-time codes: TOTP (RFC 6238), HOTP (RFC 4226) and Steam Guard, computed with totp-rs, plus
//! the secret type that holds the shared key. This module knows nothing of URIs or the vault.

use std::fmt;

use data_encoding::{Encoding, Specification};
use serde::{Deserialize, Serialize};
use totp_rs::{Algorithm as TotpAlgorithm, TOTP};
use zeroize::Zeroizing;

use crate::error::{Error, Result};

/// Longest secret we accept, in bytes (real ones are 10–64; this only stops absurd input).
pub const MAX_SECRET_BYTES: usize = 1024;
/// Characters of a Steam Guard code.
pub const STEAM_ALPHABET: &[u8] = b"23456789BCDFGHJKMNPQRTVWXY";

/// How codes are made for an entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// Time-based (RFC 6238).
    Totp,
    /// Counter-based (RFC 4226).
    Hotp,
    /// Steam Guard: TOTP/SHA1/30 s rendered as 5 characters.
    Steam,
}

impl Kind {
    /// Lower-case name, as in otpauth URIs.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Totp => "totp",
            Kind::Hotp => "hotp",
            Kind::Steam => "steam",
        }
    }
}

/// HMAC hash of an entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum Algorithm {
    /// HMAC-SHA1, the default everywhere.
    #[default]
    #[serde(rename = "SHA1")]
    Sha1,
    /// HMAC-SHA256.
    #[serde(rename = "SHA256")]
    Sha256,
    /// HMAC-SHA512.
    #[serde(rename = "SHA512")]
    Sha512,
}

impl Algorithm {
    /// Upper-case name as in otpauth URIs.
    pub fn as_str(self) -> &'static str {
        match self {
            Algorithm::Sha1 => "SHA1",
            Algorithm::Sha256 => "SHA256",
            Algorithm::Sha512 => "SHA512",
        }
    }

    /// Parses `SHA1`, `sha256`, `SHA-512`, ... (case-insensitive, dash optional).
    pub fn parse(s: &str) -> Result<Self> {
        match s.trim().to_ascii_uppercase().replace('-', "").as_str() {
            "SHA1" => Ok(Algorithm::Sha1),
            "SHA256" => Ok(Algorithm::Sha256),
            "SHA512" => Ok(Algorithm::Sha512),
            _ => Err(Error::UnknownAlgorithm(crate::error::echo(s))),
        }
    }

    fn totp_rs(self) -> TotpAlgorithm {
        match self {
            Algorithm::Sha1 => TotpAlgorithm::SHA1,
            Algorithm::Sha256 => TotpAlgorithm::SHA256,
            Algorithm::Sha512 => TotpAlgorithm::SHA512,
        }
    }
}

/// Lenient base32 (RFC 4648 alphabet): ignores non-zero trailing bits, as issuers' secrets often have them.
fn base32() -> Encoding {
    let mut spec = Specification::new();
    spec.symbols.push_str("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567");
    spec.check_trailing_bits = false;
    spec.encoding()
        .expect("the RFC 4648 base32 alphabet is a valid specification")
}

/// A shared OTP key. Zeroized on drop, never printed.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(Zeroizing<Vec<u8>>);

impl Secret {
    /// Wraps raw key bytes.
    pub fn from_bytes(bytes: Vec<u8>) -> Result<Self> {
        if bytes.is_empty() {
            return Err(Error::MissingSecret);
        }
        if bytes.len() > MAX_SECRET_BYTES {
            return Err(Error::BadSecret);
        }
        Ok(Secret(Zeroizing::new(bytes)))
    }

    /// Decodes base32 as people and issuers write it: any case, spaces, dashes and `=` padding.
    pub fn from_base32(text: &str) -> Result<Self> {
        let cleaned: Zeroizing<String> = Zeroizing::new(
            text.chars()
                .filter(|c| !c.is_whitespace() && *c != '-' && *c != '=')
                .map(|c| c.to_ascii_uppercase())
                .collect(),
        );
        if cleaned.is_empty() {
            return Err(Error::MissingSecret);
        }
        // A base32 string of length 8k + {1, 3, 6} cannot come from whole bytes.
        if matches!(cleaned.len() % 8, 1 | 3 | 6) {
            return Err(Error::BadSecret);
        }
        let bytes = base32()
            .decode(cleaned.as_bytes())
            .map_err(|_| Error::BadSecret)?;
        Self::from_bytes(bytes)
    }

    /// Canonical base32: upper case, no padding.
    pub fn to_base32(&self) -> Zeroizing<String> {
        Zeroizing::new(base32().encode(&self.0))
    }

    /// The raw key bytes.
    pub fn expose(&self) -> &[u8] {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret([redacted])")
    }
}

impl Serialize for Secret {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_base32())
    }
}

impl<'de> Deserialize<'de> for Secret {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let text = Zeroizing::new(String::deserialize(d)?);
        Secret::from_base32(&text).map_err(serde::de::Error::custom)
    }
}

/// Everything needed to compute codes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OtpParams {
    /// TOTP, HOTP or Steam.
    pub kind: Kind,
    /// The shared key.
    pub secret: Secret,
    /// HMAC hash (Steam: always SHA1).
    pub algorithm: Algorithm,
    /// Code length, 6–10 (Steam: 5 characters).
    pub digits: u8,
    /// Seconds per code for TOTP/Steam; unused for HOTP.
    pub period: u32,
    /// HOTP: the counter of the next code; unused otherwise.
    pub counter: u64,
}

/// Default TOTP period.
pub const DEFAULT_PERIOD: u32 = 30;
/// Default code length.
pub const DEFAULT_DIGITS: u8 = 6;

impl OtpParams {
    /// TOTP with the usual defaults (SHA1, 6 digits, 30 s).
    pub fn totp(secret: Secret) -> Self {
        OtpParams {
            kind: Kind::Totp,
            secret,
            algorithm: Algorithm::Sha1,
            digits: DEFAULT_DIGITS,
            period: DEFAULT_PERIOD,
            counter: 0,
        }
    }

    /// Parameters for `kind`, with what the kind fixes applied: Steam is always SHA1 with 5
    /// characters, HOTP has no period (kept at the default) and TOTP/Steam no counter.
    pub fn new(
        kind: Kind,
        secret: Secret,
        algorithm: Algorithm,
        digits: u8,
        period: u32,
        counter: u64,
    ) -> Self {
        match kind {
            Kind::Steam => OtpParams {
                kind,
                secret,
                algorithm: Algorithm::Sha1,
                digits: 5,
                period,
                counter: 0,
            },
            Kind::Hotp => OtpParams {
                kind,
                secret,
                algorithm,
                digits,
                period: DEFAULT_PERIOD,
                counter,
            },
            Kind::Totp => OtpParams {
                kind,
                secret,
                algorithm,
                digits,
                period,
                counter: 0,
            },
        }
    }

    /// Checks ranges: digits 6–10 (5 for Steam), period ≥ 1.
    pub fn validate(&self) -> Result<()> {
        match self.kind {
            Kind::Steam => {
                if self.digits != 5 {
                    return Err(Error::BadDigits(self.digits.to_string()));
                }
            }
            _ => {
                if !(6..=10).contains(&self.digits) {
                    return Err(Error::BadDigits(self.digits.to_string()));
                }
            }
        }
        if self.kind != Kind::Hotp && self.period == 0 {
            return Err(Error::BadPeriod("0".into()));
        }
        Ok(())
    }

    /// The code for Unix time `unix` (TOTP, Steam) or for the stored counter (HOTP).
    pub fn code_at(&self, unix: u64) -> String {
        match self.kind {
            Kind::Totp => self.generate(u64::from(self.period.max(1)), unix),
            Kind::Steam => {
                let totp = TOTP::new_unchecked(
                    TotpAlgorithm::Steam,
                    5,
                    1,
                    u64::from(self.period.max(1)),
                    self.secret.expose().to_vec(),
                );
                totp.generate(unix)
            }
            Kind::Hotp => self.hotp(self.counter),
        }
    }

    /// The HOTP code for `counter`, whatever the kind.
    pub fn hotp(&self, counter: u64) -> String {
        self.generate(1, counter)
    }

    /// The next TOTP code (one period after `unix`), or the HOTP code after the stored counter.
    pub fn next_code_at(&self, unix: u64) -> String {
        match self.kind {
            Kind::Hotp => self.hotp(self.counter.wrapping_add(1)),
            _ => self.code_at(unix.saturating_add(u64::from(self.period))),
        }
    }

    /// Seconds until the current TOTP code changes (1..=period); 0 for HOTP.
    pub fn remaining(&self, unix: u64) -> u32 {
        match self.kind {
            Kind::Hotp => 0,
            _ => {
                let p = u64::from(self.period.max(1));
                // Lossless: the remainder is below the u32 period.
                (p - unix % p) as u32
            }
        }
    }

    /// RFC 4226 truncation of HMAC(counter = time / step) to `digits` decimal digits.
    fn generate(&self, step: u64, time: u64) -> String {
        let digits = usize::from(self.digits);
        let totp = TOTP::new_unchecked(
            self.algorithm.totp_rs(),
            digits.min(8),
            1,
            step,
            self.secret.expose().to_vec(),
        );
        if digits <= 8 {
            return totp.generate(time);
        }
        // totp-rs computes 10^digits in u32, which overflows past 9 digits: truncate ourselves.
        let mac = totp.sign(time);
        let offset = usize::from(mac[mac.len() - 1] & 0x0f);
        let bin = u32::from_be_bytes([
            mac[offset],
            mac[offset + 1],
            mac[offset + 2],
            mac[offset + 3],
        ]) & 0x7fff_ffff;
        let modulus = 10u64.pow(u32::from(self.digits));
        format!("{:0width$}", u64::from(bin) % modulus, width = digits)
    }
}

/// Splits a code into groups for reading: `123456` → `123 456`, `12345678` → `1234 5678`.
pub fn group(code: &str) -> String {
    let n = code.chars().count();
    let size = match n {
        6 | 9 => 3,
        7 | 8 | 10 => 4,
        _ => return code.to_owned(),
    };
    let chars: Vec<char> = code.chars().collect();
    let mut out = String::with_capacity(n + 2);
    let mut start = 0;
    // 7 digits read best as 3+4, 10 as 3+3+4, the others in equal groups.
    let mut sizes = Vec::new();
    match n {
        7 => sizes.extend([3, 4]),
        10 => sizes.extend([3, 3, 4]),
        _ => sizes.extend(std::iter::repeat_n(size, n / size)),
    }
    for (i, len) in sizes.into_iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.extend(&chars[start..start + len]);
        start += len;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(kind: Kind, alg: Algorithm, secret: &[u8], digits: u8) -> OtpParams {
        OtpParams {
            kind,
            secret: Secret::from_bytes(secret.to_vec()).unwrap(),
            algorithm: alg,
            digits,
            period: 30,
            counter: 0,
        }
    }

    // RFC 4226 appendix D.
    #[test]
    fn rfc4226_vectors() {
        let expected = [
            "755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583",
            "399871", "520489",
        ];
        let p = params(Kind::Hotp, Algorithm::Sha1, b"12345678901234567890", 6);
        for (counter, code) in expected.iter().enumerate() {
            assert_eq!(&p.hotp(counter as u64), code, "counter {counter}");
        }
    }

    // RFC 6238 appendix B (8 digits, 30 s).
    #[test]
    fn rfc6238_vectors() {
        let seeds: [(Algorithm, &[u8]); 3] = [
            (Algorithm::Sha1, b"12345678901234567890"),
            (Algorithm::Sha256, b"12345678901234567890123456789012"),
            (
                Algorithm::Sha512,
                b"1234567890123456789012345678901234567890123456789012345678901234",
            ),
        ];
        let table: [(u64, [&str; 3]); 6] = [
            (59, ["94287082", "46119246", "90693936"]),
            (1111111109, ["07081804", "68084774", "25091201"]),
            (1111111111, ["14050471", "67062674", "99943326"]),
            (1234567890, ["89005924", "91819424", "93441116"]),
            (2000000000, ["69279037", "90698825", "38618901"]),
            (20000000000, ["65353130", "77737706", "47863826"]),
        ];
        for (t, codes) in table {
            for (i, (alg, seed)) in seeds.iter().enumerate() {
                let p = params(Kind::Totp, *alg, seed, 8);
                assert_eq!(p.code_at(t), codes[i], "{alg:?} at {t}");
            }
        }
    }

    #[test]
    fn ten_digit_codes_do_not_overflow() {
        let p = params(Kind::Hotp, Algorithm::Sha1, b"12345678901234567890", 10);
        // RFC 4226 appendix D: counter 0 truncated value is 1284755224 (decimal, 31 bits).
        assert_eq!(p.hotp(0), "1284755224");
        let p9 = params(Kind::Hotp, Algorithm::Sha1, b"12345678901234567890", 9);
        assert_eq!(p9.hotp(0), "284755224");
    }

    #[test]
    fn steam_codes_use_the_steam_alphabet() {
        let mut p = params(Kind::Steam, Algorithm::Sha1, b"12345678901234567890", 5);
        p.period = 30;
        let code = p.code_at(1_700_000_000);
        assert_eq!(code.len(), 5);
        assert!(code.bytes().all(|b| STEAM_ALPHABET.contains(&b)), "{code}");
    }

    #[test]
    fn remaining_counts_down_to_the_boundary() {
        let p = params(Kind::Totp, Algorithm::Sha1, b"12345678901234567890", 6);
        assert_eq!(p.remaining(0), 30);
        assert_eq!(p.remaining(29), 1);
        assert_eq!(p.remaining(30), 30);
    }

    #[test]
    fn base32_is_lenient_about_case_spaces_and_padding() {
        let a = Secret::from_base32("JBSWY3DPEHPK3PXP").unwrap();
        for form in [
            "jbswy3dpehpk3pxp",
            "JBSW Y3DP EHPK 3PXP",
            "JBSWY3DPEHPK3PXP====",
            "jbsw-y3dp-ehpk-3pxp",
        ] {
            assert_eq!(Secret::from_base32(form).unwrap(), a, "{form}");
        }
        assert!(matches!(
            Secret::from_base32("  "),
            Err(Error::MissingSecret)
        ));
        assert!(matches!(
            Secret::from_base32("JBSW1"),
            Err(Error::BadSecret)
        ));
        assert!(matches!(Secret::from_base32("A"), Err(Error::BadSecret)));
    }

    #[test]
    fn secret_debug_is_redacted() {
        let s = Secret::from_base32("JBSWY3DPEHPK3PXP").unwrap();
        assert_eq!(format!("{s:?}"), "Secret([redacted])");
        let p = OtpParams::totp(s);
        assert!(!format!("{p:?}").contains("JBSW"));
    }

    #[test]
    fn groups_codes_for_reading() {
        assert_eq!(group("123456"), "123 456");
        assert_eq!(group("1234567"), "123 4567");
        assert_eq!(group("12345678"), "1234 5678");
        assert_eq!(group("123456789"), "123 456 789");
        assert_eq!(group("1234567890"), "123 456 7890");
        assert_eq!(group("BCDFG"), "BCDFG");
        assert_eq!(group(""), "");
    }
}
