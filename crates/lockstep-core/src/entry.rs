//! Rules for one entry that the CLI, the app and the UI share: applying an edit ([`Patch`], with
//! tag normalisation and new code parameters checked by the account rules), the search rule
//! ([`matches`]) and the tags in use ([`all_tags`]). Entries are built from parts by
//! [`crate::uri::Account::from_parts`]; their storage is [`crate::vault`].

use serde::Deserialize;
use zeroize::Zeroizing;

use crate::error::{Error, Result};
use crate::otp::{Algorithm, Kind, Secret};
use crate::uri::{Account, Parts};
use crate::vault::Entry;

/// The longest tag kept; longer ones are cut at a character boundary.
pub const MAX_TAG_CHARS: usize = 64;

/// An edit of an entry; `None` leaves a field as it is. The code parameters (and the secret)
/// change only through [`Patch::otp`], checked as a new account would be.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct Patch {
    /// Service name (trimmed).
    pub issuer: Option<String>,
    /// Account name (trimmed).
    pub account: Option<String>,
    /// Tags as typed: each may hold several, separated by commas ([`normalize_tags`]).
    pub tags: Option<Vec<String>>,
    /// Free-form note.
    pub note: Option<String>,
    /// Shown first.
    pub favorite: Option<bool>,
    /// The `icon` value (`icons::Choice`); `Some(None)` or an empty one makes it automatic.
    pub icon: Option<Option<String>>,
    /// New type, secret and parameters ("these change the codes"); `None` keeps them.
    #[serde(default)]
    pub otp: Option<OtpFields>,
}

/// The code fields of the add and edit forms: type, secret and parameters, checked by
/// [`Account::from_parts`]'s rules (Steam: 5 characters, SHA1). In an edit the secret may be left
/// out (`None` or empty keeps the current one, which the window never receives).
#[derive(Clone, Deserialize)]
pub struct OtpFields {
    /// totp, hotp or steam.
    pub kind: Kind,
    /// A new secret in base32 as typed (spaces, dashes, any case).
    pub secret: Option<Zeroizing<String>>,
    /// HMAC hash (Steam: always SHA1).
    pub algorithm: Algorithm,
    /// Code length; a `u32` so that 262 is refused rather than wrapped round to 6.
    pub digits: u32,
    /// Seconds per code (TOTP, Steam).
    pub period: u32,
    /// HOTP: the counter of the next code.
    pub counter: u64,
}

impl std::fmt::Debug for OtpFields {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The parameters are not secret; a new secret is.
        f.debug_struct("OtpFields")
            .field("kind", &self.kind)
            .field("secret", &self.secret.as_ref().map(|_| "[redacted]"))
            .finish_non_exhaustive()
    }
}

impl OtpFields {
    /// The account these fields make, by the one account constructor; `keep` is the secret
    /// when none is given (an edit's current one). Nothing is changed, so a refusal costs nothing.
    pub fn account(&self, issuer: &str, account: &str, keep: Option<&Secret>) -> Result<Account> {
        let digits =
            u8::try_from(self.digits).map_err(|_| Error::BadDigits(self.digits.to_string()))?;
        let secret = match (&self.secret, keep) {
            (Some(s), _) if !s.trim().is_empty() => s.clone(),
            (_, Some(current)) => current.to_base32(),
            _ => Zeroizing::new(String::new()),
        };
        Account::from_parts(Parts {
            issuer: issuer.to_owned(),
            account: account.to_owned(),
            kind: self.kind,
            secret,
            algorithm: Some(self.algorithm),
            digits: Some(digits),
            period: Some(self.period),
            counter: Some(self.counter),
        })
    }
}

impl Patch {
    /// Whether the patch changes nothing.
    pub fn is_empty(&self) -> bool {
        self.issuer.is_none()
            && self.account.is_none()
            && self.tags.is_none()
            && self.note.is_none()
            && self.favorite.is_none()
            && self.icon.is_none()
            && self.otp.is_none()
    }

    /// Applies the patch to `e`, stamping it modified at `now`. New code parameters are checked
    /// first ([`Account::from_parts`]: base32 secret, digits, period); when refused, `e` is left
    /// as it was.
    pub fn apply(self, e: &mut Entry, now: u64) -> Result<()> {
        if let Some(otp) = &self.otp {
            let issuer = self.issuer.as_deref().unwrap_or(&e.issuer);
            let account = self.account.as_deref().unwrap_or(&e.account);
            let new = otp.account(issuer, account, Some(&e.secret))?;
            e.issuer = new.issuer;
            e.kind = new.otp.kind;
            e.secret = new.otp.secret;
            e.algorithm = new.otp.algorithm;
            e.digits = new.otp.digits;
            e.period = new.otp.period;
            e.counter = new.otp.counter;
        }
        // With new code parameters the issuer was set above (Steam's rule may have named it).
        if let Some(v) = self.issuer.filter(|_| self.otp.is_none()) {
            e.issuer = v.trim().to_owned();
        }
        if let Some(v) = self.account {
            e.account = v.trim().to_owned();
        }
        if let Some(v) = self.tags {
            e.tags = normalize_tags(v);
        }
        if let Some(v) = self.note {
            e.note = v;
        }
        if let Some(v) = self.favorite {
            e.favorite = v;
        }
        if let Some(v) = self.icon {
            e.icon = v.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
        }
        e.modified = now;
        Ok(())
    }
}

/// Every tag the entries use, once each (the first spelling, compared without case), sorted
/// without case: the edit dialog suggests them.
pub fn all_tags<'a>(entries: impl IntoIterator<Item = &'a Entry>) -> Vec<String> {
    let mut tags = normalize_tags(entries.into_iter().flat_map(|e| e.tags.iter().cloned()));
    tags.sort_by_key(|t| t.to_lowercase());
    tags
}

/// Tags as stored: each piece split at commas, trimmed, at most [`MAX_TAG_CHARS`] characters,
/// empty ones dropped, and each tag once (the first spelling wins, compared without case).
pub fn normalize_tags(tags: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for raw in tags {
        for piece in raw.split(',') {
            let tag: String = piece.trim().chars().take(MAX_TAG_CHARS).collect();
            let tag = tag.trim_end().to_owned();
            if !tag.is_empty() && !out.iter().any(|t| t.to_lowercase() == tag.to_lowercase()) {
                out.push(tag);
            }
        }
    }
    out
}

/// The search rule: every word of `query` (split at white space) is in the issuer, the account
/// or a tag, without regard to case. An empty query matches every entry.
pub fn matches(e: &Entry, query: &str) -> bool {
    let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
    if words.is_empty() {
        return true;
    }
    let hay = std::iter::once(e.issuer.as_str())
        .chain(std::iter::once(e.account.as_str()))
        .chain(e.tags.iter().map(String::as_str))
        .collect::<Vec<_>>()
        .join("\n")
        .to_lowercase();
    words.iter().all(|w| hay.contains(w.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::uri;

    fn entry(link: &str) -> Entry {
        Entry::from_account(uri::parse(link).unwrap(), 1).unwrap()
    }

    #[test]
    fn tags_are_split_trimmed_capped_and_unique_without_case() {
        let long = "x".repeat(100);
        let tags = normalize_tags(vec![
            " work, Work ,home".to_owned(),
            String::new(),
            " , ".to_owned(),
            long,
            "HOME".to_owned(),
        ]);
        assert_eq!(tags, ["work", "home", &"x".repeat(64)]);
    }

    #[test]
    fn every_word_must_be_in_issuer_account_or_a_tag() {
        let mut e = entry("otpauth://totp/GitHub:alice@example.com?secret=JBSWY3DPEHPK3PXP");
        e.tags = vec!["Work".into()];
        for (q, hit) in [
            ("", true),
            ("  ", true),
            ("git", true),
            ("GIT alice", true),
            ("work hub", true),
            ("github bob", false),
            ("gitlab", false),
            ("example.com WORK", true),
        ] {
            assert_eq!(matches(&e, q), hit, "{q:?}");
        }
    }

    #[test]
    fn a_patch_changes_only_what_it_names() {
        let mut e = entry("otpauth://totp/ACME:me?secret=JBSWY3DPEHPK3PXP");
        Patch {
            account: Some("  you ".into()),
            tags: Some(vec!["a,b".into(), "A".into()]),
            icon: Some(Some("  ".into())),
            ..Patch::default()
        }
        .apply(&mut e, 99)
        .unwrap();
        assert_eq!((e.issuer.as_str(), e.account.as_str()), ("ACME", "you"));
        assert_eq!(e.tags, ["a", "b"]);
        assert_eq!(e.icon, None);
        assert_eq!(e.modified, 99);
    }

    /// RFC 6238, Appendix B: the SHA1 secret "12345678901234567890" gives 94287082 at T = 59.
    const RFC6238: &str = "GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ";

    /// A patch of `e`'s code parameters as they are, changed by `f`.
    fn otp(e: &Entry, f: impl FnOnce(&mut OtpFields)) -> Patch {
        let mut o = OtpFields {
            kind: e.kind,
            secret: None,
            algorithm: e.algorithm,
            digits: e.digits.into(),
            period: e.period,
            counter: e.counter,
        };
        f(&mut o);
        Patch {
            otp: Some(o),
            ..Patch::default()
        }
    }

    #[test]
    fn a_new_secret_and_length_give_the_new_secrets_codes() {
        let mut e = entry("otpauth://totp/ACME:me?secret=JBSWY3DPEHPK3PXP");
        otp(&e, |o| {
            o.secret = Some(Zeroizing::new(RFC6238.to_lowercase()));
            o.digits = 8;
        })
        .apply(&mut e, 5)
        .unwrap();
        assert_eq!(e.otp().code_at(59), "94287082");
        assert_eq!((e.issuer.as_str(), e.account.as_str()), ("ACME", "me"));
        assert_eq!(e.modified, 5);
        // No secret given (or an empty one): the secret stays, the rest changes.
        otp(&e, |o| {
            o.secret = Some(Zeroizing::new("  ".into()));
            o.algorithm = Algorithm::Sha256;
            o.period = 60;
        })
        .apply(&mut e, 6)
        .unwrap();
        assert_eq!(&*e.secret.to_base32(), "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
        assert_eq!(
            (e.algorithm, e.digits, e.period),
            (Algorithm::Sha256, 8, 60)
        );
    }

    #[test]
    fn a_refused_patch_changes_nothing() {
        let before = entry("otpauth://totp/ACME:me?secret=JBSWY3DPEHPK3PXP");
        for (patch, wanted) in [
            (
                otp(&before, |o| {
                    o.secret = Some(Zeroizing::new("not base32!".into()))
                }),
                "BadSecret",
            ),
            (
                otp(&before, |o| {
                    o.secret = Some(Zeroizing::new("JBSWY3DPE".into()))
                }),
                "BadSecret",
            ),
            (otp(&before, |o| o.digits = 262), "BadDigits"),
            (otp(&before, |o| o.digits = 4), "BadDigits"),
            (otp(&before, |o| o.period = 0), "BadPeriod"),
        ] {
            let mut e = before.clone();
            let mut patch = patch;
            patch.issuer = Some("Renamed".into());
            let err = patch.apply(&mut e, 99).unwrap_err();
            assert!(format!("{err:?}").starts_with(wanted), "{err:?}");
            assert!(!err.to_string().is_empty());
            assert_eq!(e, before, "{wanted}: the entry is unchanged");
        }
    }

    #[test]
    fn steam_follows_the_account_rules_whatever_the_form_says() {
        let mut e = entry("otpauth://totp/me?secret=JBSWY3DPEHPK3PXP");
        type Step = fn(&mut OtpFields);
        let steps: [(Step, (Kind, Algorithm, u8, u64)); 3] = [
            (
                |o| (o.kind, o.algorithm, o.digits) = (Kind::Steam, Algorithm::Sha512, 8),
                (Kind::Steam, Algorithm::Sha1, 5, 0),
            ),
            (
                |o| (o.kind, o.digits) = (Kind::Totp, 6),
                (Kind::Totp, Algorithm::Sha1, 6, 0),
            ),
            (
                |o| (o.kind, o.counter) = (Kind::Hotp, 7),
                (Kind::Hotp, Algorithm::Sha1, 6, 7),
            ),
        ];
        for (step, want) in steps {
            otp(&e, step).apply(&mut e, 1).unwrap();
            assert_eq!((e.kind, e.algorithm, e.digits, e.counter), want);
            assert_eq!(e.issuer, "Steam", "named by Steam's rule, then kept");
        }
    }

    #[test]
    fn the_secret_is_redacted_and_tags_in_use_are_listed_once() {
        let mut a = entry("otpauth://totp/A:a?secret=JBSWY3DPEHPK3PXP");
        let p = otp(&a, |o| {
            o.secret = Some(Zeroizing::new("JBSWY3DPEHPK3PXP".into()))
        });
        assert!(!format!("{p:?}").contains("JBSW"), "{p:?}");
        let mut b = entry("otpauth://totp/B:b?secret=JBSWY3DPEHPK3PXP");
        a.tags = vec!["work".into(), "Money".into()];
        b.tags = vec!["Work".into(), "home".into()];
        assert_eq!(all_tags([&a, &b]), ["home", "Money", "work"]);
    }
}
