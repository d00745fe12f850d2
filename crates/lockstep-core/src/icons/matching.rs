//! The rule that picks an entry's logo when the person chose none: names from the issuer and
//! from the hosts of the URLs the entry holds, looked up in the imported icon packs first, then
//! in the bundled simple-icons set. Pure: no files, no state (the sets are passed in).

use super::bundled::Bundled;
use super::pack::PackIcon;
use super::Logo;

/// simple-icons' `titleToSlug`: lower case, `+` → `plus`, `.` → `dot`, `&` → `and`, a few
/// letters without a decomposition spelled out, accents dropped, then only `a-z0-9` kept.
pub fn slug(title: &str) -> String {
    let mut out = String::with_capacity(title.len());
    for c in title.chars().flat_map(char::to_lowercase) {
        match c {
            '+' => out.push_str("plus"),
            '.' => out.push_str("dot"),
            '&' => out.push_str("and"),
            'đ' => out.push('d'),
            'ħ' => out.push('h'),
            'ı' => out.push('i'),
            'ĸ' => out.push('k'),
            'ŀ' | 'ł' => out.push('l'),
            'ß' => out.push_str("ss"),
            'ŧ' => out.push('t'),
            'ø' => out.push('o'),
            c => {
                if let Some(base) = base_letter(c) {
                    out.push(base);
                }
            }
        }
    }
    out
}

/// The ASCII letter or digit a character is (`é` → `e`), or `None`: NFD then dropping the
/// marks, as simple-icons does, for the Latin letters with a decomposition.
fn base_letter(c: char) -> Option<char> {
    if c.is_ascii_lowercase() || c.is_ascii_digit() {
        return Some(c);
    }
    let base = match c {
        'à'..='å' | 'ā' | 'ă' | 'ą' | 'ǎ' => 'a',
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => 'c',
        'ď' => 'd',
        'è'..='ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => 'e',
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => 'g',
        'ĥ' => 'h',
        'ì'..='ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ǐ' => 'i',
        'ĵ' => 'j',
        'ķ' => 'k',
        'ĺ' | 'ļ' | 'ľ' => 'l',
        'ñ' | 'ń' | 'ņ' | 'ň' => 'n',
        'ò'..='ö' | 'ō' | 'ŏ' | 'ő' | 'ǒ' => 'o',
        'ŕ' | 'ŗ' | 'ř' => 'r',
        'ś' | 'ŝ' | 'ş' | 'š' | 'ș' => 's',
        'ţ' | 'ť' | 'ț' => 't',
        'ù'..='ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' | 'ǔ' => 'u',
        'ŵ' => 'w',
        'ý' | 'ÿ' | 'ŷ' => 'y',
        'ź' | 'ż' | 'ž' => 'z',
        _ => return None,
    };
    Some(base)
}

/// The hosts of the `http(s)://` URLs (or `www.` names) in `text`, and `text` itself when it
/// is a bare domain name such as `github.com`, lower case, without `www.`.
pub fn hosts(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let bare = text.trim();
    if is_domain(bare) {
        out.push(strip_www(&bare.to_ascii_lowercase()).to_owned());
    }
    for word in text.split(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '(' | ')'))
    {
        let lower = word.to_ascii_lowercase();
        let rest = if let Some(r) = lower
            .strip_prefix("https://")
            .or_else(|| lower.strip_prefix("http://"))
        {
            r
        } else if lower.starts_with("www.") {
            lower.as_str()
        } else {
            continue;
        };
        let host = rest.split(['/', '?', '#']).next().unwrap_or("");
        // user:pass@host:port
        let host = host.rsplit('@').next().unwrap_or("");
        let host = host.split(':').next().unwrap_or("");
        let host = strip_www(host.trim_end_matches('.'));
        if is_domain(host) && !out.iter().any(|h| h == host) {
            out.push(host.to_owned());
        }
    }
    out
}

fn strip_www(host: &str) -> &str {
    host.strip_prefix("www.").unwrap_or(host)
}

/// A name of at least two labels of letters, digits and hyphens, ending in a letter label.
fn is_domain(s: &str) -> bool {
    let labels: Vec<&str> = s.split('.').collect();
    labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
        && labels
            .last()
            .is_some_and(|t| t.len() >= 2 && t.chars().all(|c| c.is_ascii_alphabetic()))
}

/// The names a host stands for, most telling first: the label before the public suffix
/// (`github` in `gist.github.com`, `bbc` in `bbc.co.uk`), then the whole host as simple-icons
/// would title it (`1.1.1.1`-style titles), then the labels to its left.
pub fn host_names(host: &str) -> Vec<String> {
    let labels: Vec<&str> = host.split('.').collect();
    // A two-letter country code under a short second level (co.uk, com.au) is one suffix.
    let suffix = if labels.len() >= 3
        && labels[labels.len() - 1].len() == 2
        && matches!(
            labels[labels.len() - 2],
            "co" | "com" | "org" | "net" | "ac" | "gov" | "edu" | "ne" | "or"
        ) {
        2
    } else {
        1
    };
    let mut out = Vec::new();
    if labels.len() > suffix {
        let main = labels.len() - suffix - 1;
        out.push(labels[main].to_owned());
        out.push(host.to_owned());
        for l in labels[..main].iter().rev() {
            if !matches!(
                *l,
                "accounts" | "account" | "login" | "auth" | "id" | "sso" | "my" | "app" | "signin"
            ) {
                out.push((*l).to_owned());
            }
        }
    }
    out
}

/// What the automatic rule looks at in one entry.
#[derive(Clone, Copy, Debug)]
pub struct Clues<'a> {
    /// The issuer.
    pub issuer: &'a str,
    /// The account name (a URL in it counts, an e-mail address does not).
    pub account: &'a str,
    /// The note.
    pub note: &'a str,
}

/// The logo for an entry with no choice of its own, or `None` (the letter avatar). In order:
/// the issuer as a name (pack icons whose `issuer` list holds it, case-insensitively, then the
/// bundled icon whose title or alias has its slug); each URL host of the issuer, account and
/// note (the same two lookups for each of [`host_names`]); last, the issuer's first word
/// (`GitHub Enterprise` → GitHub) in the bundled set when it has 3 letters or more.
pub fn auto_logo(clues: Clues<'_>, packs: &[PackIcon], bundled: &Bundled) -> Option<Logo> {
    let by_name = |name: &str| -> Option<Logo> {
        let key = slug(name);
        if key.is_empty() {
            return None;
        }
        packs
            .iter()
            .find(|p| {
                p.issuers
                    .iter()
                    .any(|i| i.eq_ignore_ascii_case(name.trim()) || slug(i) == key)
            })
            .map(|p| Logo::Pack {
                pack: p.pack,
                file: p.file.clone(),
            })
            .or_else(|| {
                bundled
                    .find(&key)
                    .map(|i| Logo::Bundled(bundled.slug(i).to_owned()))
            })
    };
    let issuer = clues.issuer.trim();
    if let Some(found) = by_name(issuer) {
        return Some(found);
    }
    let mut all_hosts = hosts(clues.issuer);
    all_hosts.extend(hosts_of_urls(clues.account));
    all_hosts.extend(hosts_of_urls(clues.note));
    for host in &all_hosts {
        for name in host_names(host) {
            if let Some(found) = by_name(&name) {
                return Some(found);
            }
        }
    }
    let first = issuer
        .split(|c: char| c.is_whitespace() || c == ':' || c == '-' || c == ',')
        .next()
        .unwrap_or("");
    if first != issuer && slug(first).len() >= 3 {
        let key = slug(first);
        return bundled
            .find(&key)
            .map(|i| Logo::Bundled(bundled.slug(i).to_owned()));
    }
    None
}

/// [`hosts`] without the bare-domain case (an account such as `me@example.com` is no URL).
fn hosts_of_urls(text: &str) -> Vec<String> {
    let bare = text.trim();
    hosts(text)
        .into_iter()
        .filter(|h| !(is_domain(bare) && bare.eq_ignore_ascii_case(h)) || bare.contains("://"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::icons::bundled::bundled;
    use uuid::Uuid;

    fn auto(issuer: &str, account: &str, note: &str) -> Option<Logo> {
        auto_logo(
            Clues {
                issuer,
                account,
                note,
            },
            &[],
            bundled(),
        )
    }

    fn si(slug: &str) -> Option<Logo> {
        Some(Logo::Bundled(slug.to_owned()))
    }

    /// `tests/fixtures/icons/title-slugs.tsv` holds every title and alias in simple-icons'
    /// data with the slug its own `titleToSlug` gives (run by tools/simple-icons' node module)
    /// and the icon's slug: our port must agree on every one.
    fn fixture() -> Vec<(String, String, String)> {
        let path = format!(
            "{}/tests/fixtures/icons/title-slugs.tsv",
            env!("CARGO_MANIFEST_DIR")
        );
        std::fs::read_to_string(path)
            .expect("fixture")
            .lines()
            .map(|l| {
                let mut f = l.split('\t');
                let mut next = || f.next().expect("three columns").to_owned();
                (next(), next(), next())
            })
            .collect()
    }

    #[test]
    fn slug_is_simple_icons_title_to_slug() {
        let rows = fixture();
        assert!(rows.len() > 3500);
        for (title, expected, _) in &rows {
            assert_eq!(&slug(title), expected, "{title}");
        }
    }

    #[test]
    fn every_title_and_alias_finds_a_brand_of_that_name() {
        let set = bundled();
        let mut exact = 0;
        for (title, key, icon) in fixture() {
            if key.is_empty() || set.by_slug(&icon).is_none() {
                continue; // a title in another script, or an icon left out for its license
            }
            let Some(Logo::Bundled(found)) = auto(&title, "", "") else {
                panic!("{title}: nothing found");
            };
            let info = &set.all()[set.by_slug(&found).expect("served")];
            let names = std::iter::once(info.title).chain(info.aliases.iter().copied());
            assert!(
                found == key || names.map(slug).any(|s| s == key),
                "{title}: {found}"
            );
            exact += usize::from(found == icon);
        }
        // Only names two brands share go elsewhere (an alias that is another brand's title).
        assert!(exact > 3500, "{exact}");
    }

    #[test]
    fn known_issuers() {
        assert_eq!(auto("GitHub", "me", ""), si("github"));
        assert_eq!(auto("github", "", ""), si("github"));
        assert_eq!(auto(" Google ", "me@gmail.com", ""), si("google"));
        assert_eq!(auto("GitHub Enterprise", "", ""), si("github"));
        assert_eq!(auto("AT&T", "", ""), si("atandt"));
        assert_eq!(auto("Nextcloud", "", ""), si("nextcloud"));
        assert_eq!(auto("Acme Widgets Ltd", "ann", ""), None);
        assert_eq!(auto("", "", ""), None);
    }

    #[test]
    fn hosts_of_urls_in_the_entry() {
        assert_eq!(auto("github.com", "", ""), si("github"));
        assert_eq!(auto("My work", "https://gitlab.com/ann", ""), si("gitlab"));
        assert_eq!(
            auto(
                "Work",
                "ann",
                "sign in at https://accounts.google.com/x?y=1"
            ),
            si("google")
        );
        assert_eq!(auto("Work", "", "see www.dropbox.com."), si("dropbox"));
        assert_eq!(
            auto("Shop", "", "https://user:pw@www.dropbox.co.uk:443/path"),
            si("dropbox")
        );
        // An e-mail address is no URL: a Gmail account at an unknown service is no Gmail entry.
        assert_eq!(auto("Acme", "ann@gmail.com", ""), None);
        assert_eq!(auto("Acme", "gitlab.com", ""), None);
    }

    #[test]
    fn host_names_put_the_registrable_label_first() {
        assert_eq!(
            host_names("gist.github.com"),
            ["github", "gist.github.com", "gist"]
        );
        assert_eq!(host_names("bbc.co.uk"), ["bbc", "bbc.co.uk"]);
        assert_eq!(
            host_names("accounts.google.com"),
            ["google", "accounts.google.com"]
        );
        assert_eq!(
            hosts("x https://Example.ORG/a http://[::1]/ javascript:alert(1)"),
            ["example.org"]
        );
        assert!(hosts("not a host").is_empty());
        assert!(hosts("1.2.3.4").is_empty());
    }

    #[test]
    fn packs_come_before_the_bundled_set() {
        let pack = PackIcon {
            pack: Uuid::from_u128(7),
            file: "services/GitHub.svg".into(),
            name: "GitHub".into(),
            category: String::new(),
            issuers: vec!["github".into(), "Octo Corp".into()],
            format: crate::icons::pack::Format::Svg,
            stored: "files/0.svg".into(),
        };
        let from_pack = Some(Logo::Pack {
            pack: pack.pack,
            file: pack.file.clone(),
        });
        let clues = |issuer| Clues {
            issuer,
            account: "",
            note: "",
        };
        let packs = std::slice::from_ref(&pack);
        assert_eq!(auto_logo(clues("GitHub"), packs, bundled()), from_pack);
        assert_eq!(auto_logo(clues("octo corp"), packs, bundled()), from_pack);
        assert_eq!(
            auto_logo(clues("https://github.com"), packs, bundled()),
            from_pack
        );
        assert_eq!(auto_logo(clues("GitLab"), packs, bundled()), si("gitlab"));
    }
}
