//! Rules for one entry that the CLI, the app and the UI share: applying an edit ([`Patch`], with
//! tag normalisation), the search rule ([`matches`]) and the code grouping shown to people. Entries
//! are built from parts by [`crate::uri::Account::from_parts`]; their storage is [`crate::vault`].

use serde::Deserialize;

use crate::vault::Entry;

/// The longest tag kept; longer ones are cut at a character boundary.
pub const MAX_TAG_CHARS: usize = 64;

/// An edit of an entry's descriptive fields; `None` leaves a field as it is. Never the secret.
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
    /// Icon name or data URL; `Some(None)` or an empty one clears it.
    pub icon: Option<Option<String>>,
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
    }

    /// Applies the patch to `e`, stamping it modified at `now`.
    pub fn apply(self, e: &mut Entry, now: u64) {
        if let Some(v) = self.issuer {
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
    }
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
        .apply(&mut e, 99);
        assert_eq!((e.issuer.as_str(), e.account.as_str()), ("ACME", "you"));
        assert_eq!(e.tags, ["a", "b"]);
        assert_eq!(e.icon, None);
        assert_eq!(e.modified, 99);
    }
}
