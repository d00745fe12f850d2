//! `otpauth://` links, parsed and written the way real issuers and apps use them (Google's Key URI
//! format plus the common extensions: `otpauth://steam/`, `encoder=steam`). This module turns text
//! into an [`Account`] and back; it does not store anything.

use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use crate::error::{echo, Error, Result, UriProblem};
use crate::otp::{Algorithm, Kind, OtpParams, Secret, DEFAULT_DIGITS, DEFAULT_PERIOD};

/// Longest link we parse (real ones are < 500 bytes; Ente adds JSON, still < 4 KiB).
pub const MAX_URI_LEN: usize = 16 * 1024;

/// An account as carried by an otpauth link: who issued it, for whom, and how to make codes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Account {
    /// Service name (may be empty).
    pub issuer: String,
    /// User name or e-mail at the service (may be empty).
    pub account: String,
    /// Code parameters and secret.
    pub otp: OtpParams,
}

/// Characters left as they are inside a label or parameter value; everything else is %-encoded.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'@');

fn decode(raw: &str, plus_is_space: bool) -> Result<String> {
    let spaced;
    let raw = if plus_is_space {
        spaced = raw.replace('+', " ");
        spaced.as_str()
    } else {
        raw
    };
    percent_decode_str(raw)
        .decode_utf8()
        .map(|s| s.into_owned())
        .map_err(|_| Error::MalformedUri(UriProblem::NotUtf8))
}

fn parse_u64(value: &str) -> Option<u64> {
    let v = value.trim();
    if v.is_empty() || !v.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    v.parse().ok()
}

/// Parses an `otpauth://TYPE/LABEL?PARAMS` link.
pub fn parse(text: &str) -> Result<Account> {
    let text = text.trim();
    if text.len() > MAX_URI_LEN {
        return Err(Error::MalformedUri(UriProblem::TooLong));
    }
    let scheme_end = text.find("://").ok_or(Error::NotOtpauth)?;
    if !text[..scheme_end].eq_ignore_ascii_case("otpauth") {
        return Err(Error::NotOtpauth);
    }
    let rest = &text[scheme_end + 3..];
    // The type ends at the first '/' (a label follows) or '?' (no label): never read past it,
    // or a link without a label would take its query, secret included, for the type.
    let (type_str, rest) = match rest.find(['/', '?']) {
        Some(i) if rest.as_bytes()[i] == b'/' => (&rest[..i], &rest[i + 1..]),
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    let mut kind = match type_str.to_ascii_lowercase().as_str() {
        "totp" => Kind::Totp,
        "hotp" => Kind::Hotp,
        "steam" => Kind::Steam,
        "" => return Err(Error::MalformedUri(UriProblem::MissingType)),
        _ => return Err(Error::UnknownOtpType(echo(type_str))),
    };
    let (raw_label, query) = rest.split_once('?').unwrap_or((rest, ""));
    let query = query.split('#').next().unwrap_or("");

    let mut secret = None;
    let mut issuer_param = None;
    let mut algorithm = None;
    let mut digits = None;
    let mut period = None;
    let mut counter = None;
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let key = key.to_ascii_lowercase();
        let slot = match key.as_str() {
            "secret" => &mut secret,
            "issuer" => &mut issuer_param,
            "algorithm" => &mut algorithm,
            "digits" => &mut digits,
            "period" => &mut period,
            "counter" => &mut counter,
            "encoder" => {
                if decode(value, true)?.eq_ignore_ascii_case("steam") {
                    kind = Kind::Steam;
                }
                continue;
            }
            _ => continue, // image, codeDisplay, lock, ...: not ours to keep
        };
        if slot.is_none() {
            *slot = Some(decode(value, key != "secret")?);
        }
    }

    let secret = zeroize::Zeroizing::new(secret.unwrap_or_default());
    let label = decode(raw_label, false)?;
    let issuer_param = issuer_param
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty());
    let (issuer, account) = split_label(&label, issuer_param.as_deref());

    let algorithm = match algorithm.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(a) => Some(Algorithm::parse(a)?),
    };
    let digits = match digits.as_deref().map(str::trim) {
        _ if kind == Kind::Steam => None, // Steam codes are always 5 characters, whatever `digits` says
        None | Some("") => None,
        Some(d) => match parse_u64(d) {
            Some(n @ 6..=10) => Some(n as u8), // in 6..=10, so the cast is lossless
            _ => return Err(Error::BadDigits(echo(d))),
        },
    };
    let period = match period.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(p) => match parse_u64(p) {
            Some(n @ 1..=0xffff_ffff) => Some(n as u32), // bounded above, lossless
            _ => return Err(Error::BadPeriod(echo(p))),
        },
    };
    let counter = match (kind, counter.as_deref().map(str::trim)) {
        (Kind::Hotp, None | Some("")) => return Err(Error::MissingCounter),
        (_, None | Some("")) => None,
        (_, Some(c)) => Some(parse_u64(c).ok_or_else(|| Error::BadCounter(echo(c)))?),
    };
    Account::from_parts(Parts {
        issuer,
        account,
        kind,
        secret,
        algorithm,
        digits,
        period,
        counter,
    })
}

/// An account's parts as a person or a link gives them; `None` takes the default. Both the link
/// parser and the manual forms (CLI `add --secret`, the app's form) build accounts from these
/// through [`Account::from_parts`], so one set of rules applies (Steam's, the defaults).
pub struct Parts {
    /// Service name (trimmed).
    pub issuer: String,
    /// Account name (trimmed).
    pub account: String,
    /// totp, hotp or steam.
    pub kind: Kind,
    /// The secret in base32 as typed: spaces and dashes are ignored, any case.
    pub secret: zeroize::Zeroizing<String>,
    /// Default SHA1; Steam is always SHA1.
    pub algorithm: Option<Algorithm>,
    /// Default 6; Steam is always 5.
    pub digits: Option<u8>,
    /// Default 30 seconds.
    pub period: Option<u32>,
    /// HOTP counter, default 0.
    pub counter: Option<u64>,
}

impl std::fmt::Debug for Parts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Parts")
            .field("issuer", &self.issuer)
            .field("account", &self.account)
            .field("kind", &self.kind)
            .field("secret", &"[redacted]")
            .finish_non_exhaustive()
    }
}

impl Account {
    /// The one constructor of accounts: applies the defaults and Steam's rules (5 characters,
    /// SHA1, issuer "Steam" when none is given) and checks the code parameters.
    pub fn from_parts(p: Parts) -> Result<Account> {
        // Spaces, dashes and case are ignored there, as people type and paste secrets.
        let secret = Secret::from_base32(&p.secret)?;
        let steam = p.kind == Kind::Steam;
        let algorithm = match p.algorithm {
            _ if steam => Algorithm::Sha1,
            Some(a) => a,
            None => Algorithm::Sha1,
        };
        let digits = match p.digits {
            _ if steam => 5,
            Some(d) => d,
            None => DEFAULT_DIGITS,
        };
        let otp = OtpParams::new(
            p.kind,
            secret,
            algorithm,
            digits,
            p.period.unwrap_or(DEFAULT_PERIOD),
            p.counter.unwrap_or(0),
        );
        otp.validate()?;
        let issuer = p.issuer.trim();
        let issuer = if steam && issuer.is_empty() {
            "Steam".to_owned()
        } else {
            issuer.to_owned()
        };
        Ok(Account {
            issuer,
            account: p.account.trim().to_owned(),
            otp,
        })
    }

    /// `issuer (account)`, or whichever is present: the one way an account is named to a person.
    pub fn display_name(&self) -> String {
        display_name(&self.issuer, &self.account)
    }
}

/// `issuer (account)`, or whichever is present, or "(unnamed)".
pub fn display_name(issuer: &str, account: &str) -> String {
    match (issuer.is_empty(), account.is_empty()) {
        (false, false) => format!("{issuer} ({account})"),
        (false, true) => issuer.to_owned(),
        (true, false) => account.to_owned(),
        (true, true) => "(unnamed)".to_owned(),
    }
}

/// Splits `Issuer:account` (the colon literal or `%3A`, already decoded) and reconciles it with the
/// `issuer` parameter, which wins when both are present.
fn split_label(label: &str, issuer_param: Option<&str>) -> (String, String) {
    let label = label.trim();
    if let Some(issuer) = issuer_param {
        if let Some(rest) = label.strip_prefix(issuer).and_then(|r| r.strip_prefix(':')) {
            return (issuer.to_owned(), rest.trim().to_owned());
        }
        let account = label.split_once(':').map_or(label, |(_, a)| a);
        return (issuer.to_owned(), account.trim().to_owned());
    }
    match label.split_once(':') {
        Some((issuer, account)) => (issuer.trim().to_owned(), account.trim().to_owned()),
        None => (String::new(), label.to_owned()),
    }
}

/// Writes the account as a link that Google Authenticator, Aegis and Lockstep itself read back.
/// The result holds the secret: callers treat it as secret.
pub fn format(account: &Account) -> zeroize::Zeroizing<String> {
    let otp = &account.otp;
    let enc = |s: &str| utf8_percent_encode(s, COMPONENT).to_string();
    let label = if account.issuer.is_empty() {
        if account.account.contains(':') {
            format!(":{}", enc(&account.account))
        } else {
            enc(&account.account)
        }
    } else {
        format!("{}:{}", enc(&account.issuer), enc(&account.account))
    };
    let type_str = if otp.kind == Kind::Hotp {
        "hotp"
    } else {
        "totp"
    };
    let mut out = format!(
        "otpauth://{type_str}/{label}?secret={}",
        otp.secret.to_base32().as_str()
    );
    if !account.issuer.is_empty() {
        out.push_str(&format!("&issuer={}", enc(&account.issuer)));
    }
    match otp.kind {
        Kind::Steam => out.push_str(&format!("&period={}&encoder=steam", otp.period)),
        Kind::Hotp => out.push_str(&format!(
            "&algorithm={}&digits={}&counter={}",
            otp.algorithm.as_str(),
            otp.digits,
            otp.counter
        )),
        Kind::Totp => out.push_str(&format!(
            "&algorithm={}&digits={}&period={}",
            otp.algorithm.as_str(),
            otp.digits,
            otp.period
        )),
    }
    zeroize::Zeroizing::new(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: &str = "JBSWY3DPEHPK3PXP";

    /// Real-world forms, and what they must mean: (uri, issuer, account, kind, alg, digits, period, counter).
    #[test]
    fn real_world_forms() {
        type Case = (
            &'static str,
            &'static str,
            &'static str,
            Kind,
            Algorithm,
            u8,
            u32,
            u64,
        );
        let cases: &[Case] = &[
            // Google's Key URI format example.
            ("otpauth://totp/Example:alice@google.com?secret=JBSWY3DPEHPK3PXP&issuer=Example", "Example", "alice@google.com", Kind::Totp, Algorithm::Sha1, 6, 30, 0),
            // Issuer only in the parameter.
            ("otpauth://totp/alice@google.com?secret=JBSWY3DPEHPK3PXP&issuer=Example", "Example", "alice@google.com", Kind::Totp, Algorithm::Sha1, 6, 30, 0),
            // Issuer only in the label, encoded colon and space (GitHub, many others).
            ("otpauth://totp/ACME%20Co%3Ajohn.doe%40email.com?secret=JBSWY3DPEHPK3PXP", "ACME Co", "john.doe@email.com", Kind::Totp, Algorithm::Sha1, 6, 30, 0),
            // Space after the colon, lower-case secret with padding, all parameters.
            ("otpauth://totp/Telavox:%20user?secret=jbswy3dpehpk3pxp%3D%3D%3D%3D&algorithm=SHA256&digits=8&period=60", "Telavox", "user", Kind::Totp, Algorithm::Sha256, 8, 60, 0),
            // Parameter issuer wins over a different label prefix; `+` is a space in values.
            ("otpauth://totp/Old:bob?secret=JBSWY3DPEHPK3PXP&issuer=New+Name", "New Name", "bob", Kind::Totp, Algorithm::Sha1, 6, 30, 0),
            // UTF-8, percent-encoded.
            ("otpauth://totp/B%C3%A9b%C3%A9%20Bank:z%C3%BC?secret=JBSWY3DPEHPK3PXP", "Bébé Bank", "zü", Kind::Totp, Algorithm::Sha1, 6, 30, 0),
            // HOTP with counter; upper-case scheme and type.
            ("OTPAUTH://HOTP/Corp:dev?secret=JBSWY3DPEHPK3PXP&counter=42&algorithm=sha512&digits=7", "Corp", "dev", Kind::Hotp, Algorithm::Sha512, 7, 30, 42),
            // Steam, both spellings.
            ("otpauth://steam/Steam:gamer?secret=JBSWY3DPEHPK3PXP&issuer=Steam", "Steam", "gamer", Kind::Steam, Algorithm::Sha1, 5, 30, 0),
            ("otpauth://totp/Steam:gamer?secret=JBSWY3DPEHPK3PXP&encoder=steam&digits=5", "Steam", "gamer", Kind::Steam, Algorithm::Sha1, 5, 30, 0),
            // No label at all, secret with spaces (%20) as some sites print it.
            ("otpauth://totp/?secret=JBSW%20Y3DP%20EHPK%203PXP&issuer=B3Networks", "B3Networks", "", Kind::Totp, Algorithm::Sha1, 6, 30, 0),
            // Ente's extra parameter and an image parameter are ignored.
            ("otpauth://totp/Ente:me?secret=JBSWY3DPEHPK3PXP&codeDisplay=%7B%22pinned%22%3Afalse%7D&image=https%3A%2F%2Fx", "Ente", "me", Kind::Totp, Algorithm::Sha1, 6, 30, 0),
            // 10 digits are legal.
            ("otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&digits=10", "", "x", Kind::Totp, Algorithm::Sha1, 10, 30, 0),
        ];
        for (uri, issuer, account, kind, alg, digits, period, counter) in cases {
            let a = parse(uri).unwrap_or_else(|e| panic!("{uri}: {e}"));
            assert_eq!(a.issuer, *issuer, "{uri}");
            assert_eq!(a.account, *account, "{uri}");
            assert_eq!(a.otp.kind, *kind, "{uri}");
            assert_eq!(a.otp.algorithm, *alg, "{uri}");
            assert_eq!(a.otp.digits, *digits, "{uri}");
            assert_eq!(a.otp.period, *period, "{uri}");
            assert_eq!(a.otp.counter, *counter, "{uri}");
            assert_eq!(a.otp.secret, Secret::from_base32(S).unwrap(), "{uri}");
        }
    }

    #[test]
    fn malformed_links_get_one_specific_error_each() {
        let cases: &[(&str, &str)] = &[
            (
                "https://example.com/?secret=JBSWY3DPEHPK3PXP",
                "not an otpauth",
            ),
            (
                "otpauth://motp/x?secret=JBSWY3DPEHPK3PXP",
                "unknown OTP type \"motp\"",
            ),
            ("otpauth://totp/x?issuer=a", "secret is missing"),
            ("otpauth://totp/x?secret=", "secret is missing"),
            ("otpauth://totp/x?secret=JBSW1Y3DP", "not valid base32"),
            (
                "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&algorithm=MD5",
                "unknown algorithm \"MD5\"",
            ),
            (
                "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&digits=5",
                "digits must be between 6 and 10, got 5",
            ),
            (
                "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&digits=11",
                "digits must be between 6 and 10, got 11",
            ),
            (
                "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&digits=six",
                "got six",
            ),
            (
                "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&period=0",
                "period must be a whole number of seconds above 0, got 0",
            ),
            (
                "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&period=-30",
                "got -30",
            ),
            (
                "otpauth://hotp/x?secret=JBSWY3DPEHPK3PXP",
                "needs a counter",
            ),
            (
                "otpauth://hotp/x?secret=JBSWY3DPEHPK3PXP&counter=abc",
                "counter must be",
            ),
            (
                "otpauth://totp/%FF?secret=JBSWY3DPEHPK3PXP",
                "not valid UTF-8",
            ),
            ("otpauth://", "OTP type is missing"),
        ];
        for (uri, want) in cases {
            let err = parse(uri).expect_err(uri).to_string();
            assert!(err.contains(want), "{uri}: got {err:?}, want {want:?}");
        }
    }

    #[test]
    fn format_then_parse_keeps_everything() {
        let a = parse(
            "otpauth://hotp/A%3AB:c%3Ad?secret=JBSWY3DPEHPK3PXP&issuer=A%3AB&counter=7&digits=8",
        )
        .unwrap();
        assert_eq!((a.issuer.as_str(), a.account.as_str()), ("A:B", "c:d"));
        assert_eq!(parse(&format(&a)).unwrap(), a);
    }

    mod props {
        use super::*;
        use proptest::prelude::*;

        fn name() -> impl Strategy<Value = String> {
            // Any printable text, trimmed: parse trims the spaces people put around the colon.
            "[^\\p{Cc}]{0,24}".prop_map(|s| s.trim().to_owned())
        }

        fn account() -> impl Strategy<Value = Account> {
            (
                name(),
                name(),
                prop::collection::vec(any::<u8>(), 1..64),
                prop_oneof![Just(Kind::Totp), Just(Kind::Hotp), Just(Kind::Steam)],
                prop_oneof![
                    Just(Algorithm::Sha1),
                    Just(Algorithm::Sha256),
                    Just(Algorithm::Sha512)
                ],
                6u8..=10,
                1u32..=600,
                any::<u64>(),
            )
                .prop_map(
                    |(issuer, account, secret, kind, algorithm, digits, period, counter)| {
                        let secret = Secret::from_bytes(secret).unwrap();
                        let otp = OtpParams::new(kind, secret, algorithm, digits, period, counter);
                        let issuer = if kind == Kind::Steam && issuer.is_empty() {
                            "Steam".into()
                        } else {
                            issuer
                        };
                        Account {
                            issuer,
                            account,
                            otp,
                        }
                    },
                )
        }

        proptest! {
            #[test]
            fn format_parse_round_trip(a in account()) {
                let uri = format(&a);
                let back = parse(&uri).map_err(|e| TestCaseError::fail(format!("{}: {e}", uri.as_str())))?;
                prop_assert_eq!(back, a);
            }

            #[test]
            fn parse_never_panics(s in "otpauth://(totp|hotp|steam|x)/[ -~]{0,80}") {
                let _ = parse(&s);
            }
        }
    }
}
