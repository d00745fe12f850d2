//! Issuer icons: what an entry's `icon` member means ([`Choice`]), which logo an entry shows
//! ([`logo`]: the person's choice, else the automatic rule in [`matching`]), the bundled
//! simple-icons set ([`bundled`]), Aegis icon packs ([`pack`]) and pictures a person picks
//! ([`picture`]). The shells serve the SVG or picture bytes; no rule lives there.

pub mod bundled;
pub mod matching;
pub mod pack;
#[cfg(feature = "qr")]
pub mod picture;

use std::path::Path;

use serde::Serialize;
use uuid::Uuid;

use crate::vault::Entry;
pub use matching::Clues;
pub use pack::PackIcon;

/// The `icon` value that means "no logo: the letter avatar".
pub const LETTER: &str = "letter";
/// Prefix of a bundled icon's value: `si:<slug>`.
pub const BUNDLED_PREFIX: &str = "si:";
/// Prefix of a pack icon's value: `pack:<uuid>/<file name in the pack>`.
pub const PACK_PREFIX: &str = "pack:";

/// What an entry's `icon` member says (docs/vault-format.md, "Icons").
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Choice<'a> {
    /// Absent, or a value this version does not know: the automatic rule.
    Auto,
    /// The letter avatar, no logo.
    Letter,
    /// A bundled simple-icons icon.
    Bundled(&'a str),
    /// An icon of an imported pack.
    Pack {
        /// The pack's UUID.
        pack: Uuid,
        /// The file name as the pack's `pack.json` gives it.
        file: &'a str,
    },
    /// A picture stored in the vault: a `data:image/png;base64,…` or `data:image/jpeg;base64,…`
    /// URL (the whole value).
    Picture(&'a str),
}

impl<'a> Choice<'a> {
    /// Reads an `icon` value. Unknown forms (an SVG `data:` URL included) are [`Choice::Auto`].
    pub fn parse(value: Option<&'a str>) -> Choice<'a> {
        let Some(v) = value else {
            return Choice::Auto;
        };
        if v == LETTER {
            Choice::Letter
        } else if let Some(slug) = v.strip_prefix(BUNDLED_PREFIX) {
            Choice::Bundled(slug)
        } else if let Some(rest) = v.strip_prefix(PACK_PREFIX) {
            match rest.split_once('/').map(|(u, f)| (Uuid::parse_str(u), f)) {
                Some((Ok(pack), file)) if !file.is_empty() => Choice::Pack { pack, file },
                _ => Choice::Auto,
            }
        } else if v.starts_with("data:image/png;base64,")
            || v.starts_with("data:image/jpeg;base64,")
        {
            Choice::Picture(v)
        } else {
            Choice::Auto
        }
    }
}

/// The logo a row shows, as the window asks for it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Logo {
    /// A bundled icon, by slug.
    Bundled(String),
    /// A pack icon.
    Pack {
        /// The pack.
        pack: Uuid,
        /// The icon's file name in the pack.
        file: String,
    },
}

impl Logo {
    /// The path the window loads it from (`si/<slug>` or `pack/<uuid>/<file>`; the window
    /// percent-encodes it into one URL path segment), served by the shell through [`serve`].
    pub fn path(&self) -> String {
        match self {
            Logo::Bundled(slug) => format!("si/{slug}"),
            Logo::Pack { pack, file } => format!("pack/{}/{file}", pack.hyphenated()),
        }
    }
}

/// The logo an entry shows, if any: its own choice when that icon exists (a pack choice whose
/// pack is not installed here falls back to the automatic rule), the letter avatar when it
/// chose that, else [`matching::auto_logo`]. A picture is shown from the `icon` value itself.
pub fn logo(entry: &Entry, packs: &[PackIcon]) -> Option<Logo> {
    let set = bundled::bundled();
    match Choice::parse(entry.icon.as_deref()) {
        Choice::Letter | Choice::Picture(_) => return None,
        Choice::Bundled(slug) => {
            if set.by_slug(slug).is_some() {
                return Some(Logo::Bundled(slug.to_owned()));
            }
        }
        Choice::Pack { pack, file } => {
            if packs.iter().any(|p| p.pack == pack && p.file == file) {
                return Some(Logo::Pack {
                    pack,
                    file: file.to_owned(),
                });
            }
        }
        Choice::Auto => {}
    }
    matching::auto_logo(
        Clues {
            issuer: &entry.issuer,
            account: &entry.account,
            note: &entry.note,
        },
        packs,
        set,
    )
}

/// The bytes behind a request for a [`Logo::path`] (the URL's path, percent-encoded or not):
/// `(mime type, bytes)`, or `None` for anything else.
pub fn serve(url_path: &str, packs_dir: Option<&Path>) -> Option<(&'static str, Vec<u8>)> {
    let decoded = percent_encoding::percent_decode_str(url_path)
        .decode_utf8()
        .ok()?;
    let path = decoded.trim_start_matches('/');
    if let Some(slug) = path.strip_prefix("si/") {
        let set = bundled::bundled();
        let n = set.by_slug(slug)?;
        return Some(("image/svg+xml", set.svg(n)?.into_bytes()));
    }
    let rest = path.strip_prefix("pack/")?;
    let (uuid, file) = rest.split_once('/')?;
    let pack = Uuid::parse_str(uuid).ok()?;
    let (format, bytes) = pack::read(packs_dir?, &pack, file)?;
    Some((format.mime(), bytes))
}

/// A bundled icon as the window draws it inline (one `<svg>` with one `<path>` in the row, no
/// image document per row: docs/performance.md, "Issuer icons").
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Glyph {
    /// The brand's name.
    pub title: String,
    /// The brand colour, 6 hex digits.
    pub hex: String,
    /// The SVG path data, in a 24 × 24 view box.
    pub path: String,
}

/// The bundled icon `slug` as a [`Glyph`], or `None` when the set has no such icon.
pub fn glyph(slug: &str) -> Option<Glyph> {
    let set = bundled::bundled();
    let n = set.by_slug(slug)?;
    let info = &set.all()[n];
    Some(Glyph {
        title: info.title.to_owned(),
        hex: info.hex.to_owned(),
        path: set.path(n)?,
    })
}

/// One icon the picker offers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Offer {
    /// The `icon` value to store when picked (`si:<slug>` or `pack:<uuid>/<file>`).
    pub value: String,
    /// The path to load it from (as [`Logo::path`]).
    pub path: String,
    /// Its name.
    pub title: String,
    /// Where it comes from: the pack's name, or `simple-icons`.
    pub source: String,
}

/// Icons whose name contains `query`, pack icons first, at most `limit`.
pub fn search(
    query: &str,
    packs: &[PackIcon],
    pack_names: &[(Uuid, String)],
    limit: usize,
) -> Vec<Offer> {
    let q = matching::slug(query);
    let mut out: Vec<Offer> = packs
        .iter()
        .filter(|p| {
            q.is_empty()
                || matching::slug(&p.name).contains(&q)
                || p.issuers.iter().any(|i| matching::slug(i).contains(&q))
        })
        .take(limit)
        .map(|p| Offer {
            value: format!("{PACK_PREFIX}{}/{}", p.pack.hyphenated(), p.file),
            path: Logo::Pack {
                pack: p.pack,
                file: p.file.clone(),
            }
            .path(),
            title: p.name.clone(),
            source: pack_names
                .iter()
                .find(|(u, _)| *u == p.pack)
                .map(|(_, n)| n.clone())
                .unwrap_or_default(),
        })
        .collect();
    let set = bundled::bundled();
    let room = limit.saturating_sub(out.len());
    out.extend(set.search(query, room).into_iter().map(|n| {
        let info = &set.all()[n];
        Offer {
            value: format!("{BUNDLED_PREFIX}{}", info.slug),
            path: Logo::Bundled(info.slug.to_owned()).path(),
            title: info.title.to_owned(),
            source: "simple-icons".to_owned(),
        }
    }));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(issuer: &str, icon: Option<&str>) -> Entry {
        let issuer = issuer.replace(' ', "%20");
        let account = crate::uri::parse(&format!(
            "otpauth://totp/{issuer}:ann?secret=JBSWY3DPEHPK3PXP&issuer={issuer}"
        ))
        .expect("uri");
        let mut e = Entry::from_account(account, 0).expect("entry");
        e.icon = icon.map(str::to_owned);
        e
    }

    #[test]
    fn choices_read_as_documented() {
        let u = Uuid::from_u128(1);
        let pack = format!("pack:{u}/services/a b.svg");
        assert_eq!(Choice::parse(None), Choice::Auto);
        assert_eq!(Choice::parse(Some("letter")), Choice::Letter);
        assert_eq!(Choice::parse(Some("si:github")), Choice::Bundled("github"));
        assert_eq!(
            Choice::parse(Some(&pack)),
            Choice::Pack {
                pack: u,
                file: "services/a b.svg"
            }
        );
        assert_eq!(
            Choice::parse(Some("data:image/png;base64,AAAA")),
            Choice::Picture("data:image/png;base64,AAAA")
        );
        for unknown in [
            "github",
            "pack:nope/a.svg",
            "pack:00000000-0000-0000-0000-000000000001/",
            "data:image/svg+xml;base64,AAAA",
            "",
        ] {
            assert_eq!(Choice::parse(Some(unknown)), Choice::Auto, "{unknown}");
        }
    }

    #[test]
    fn an_entrys_choice_wins_over_the_rule() {
        assert_eq!(
            logo(&entry("GitHub", None), &[]),
            Some(Logo::Bundled("github".into()))
        );
        assert_eq!(logo(&entry("GitHub", Some("letter")), &[]), None);
        assert_eq!(
            logo(&entry("GitHub", Some("si:gitlab")), &[]),
            Some(Logo::Bundled("gitlab".into()))
        );
        assert_eq!(
            logo(&entry("GitHub", Some("data:image/png;base64,AA")), &[]),
            None
        );
        // A choice this device cannot show falls back to the rule.
        assert_eq!(
            logo(&entry("GitHub", Some("si:gone")), &[]),
            Some(Logo::Bundled("github".into()))
        );
        let missing = format!("pack:{}/x.svg", Uuid::from_u128(9));
        assert_eq!(
            logo(&entry("GitHub", Some(&missing)), &[]),
            Some(Logo::Bundled("github".into()))
        );
        assert_eq!(logo(&entry("Acme Widgets", None), &[]), None);
    }

    #[test]
    fn paths_serve_the_icon_and_nothing_else() {
        let (mime, svg) = serve(&Logo::Bundled("github".into()).path(), None).expect("served");
        assert_eq!(mime, "image/svg+xml");
        assert!(String::from_utf8(svg)
            .expect("utf-8")
            .contains("<title>GitHub</title>"));
        for bad in [
            "si/",
            "si/../etc/passwd",
            "pack/x/y",
            "other/github",
            "pack/00000000-0000-0000-0000-000000000001/a.svg",
        ] {
            assert_eq!(serve(bad, None), None, "{bad}");
        }
        let logo = Logo::Pack {
            pack: Uuid::from_u128(1),
            file: "services/a b.svg".into(),
        };
        assert_eq!(
            logo.path(),
            "pack/00000000-0000-0000-0000-000000000001/services/a b.svg"
        );
        // As the window asks for it: the whole path as one encoded segment.
        assert!(serve("/si%2Fgithub", None).is_some());
    }

    #[test]
    fn glyphs_are_the_served_svgs_path() {
        let g = glyph("github").expect("github");
        assert_eq!((g.title.as_str(), g.hex.as_str()), ("GitHub", "181717"));
        let (_, svg) = serve("si/github", None).expect("served");
        let svg = String::from_utf8(svg).expect("utf-8");
        assert!(svg.contains(&format!("d=\"{}\"", g.path)));
        assert_eq!(glyph("no-such-brand"), None);
        assert_eq!(glyph("../index.tsv"), None);
    }

    #[test]
    fn search_offers_values_to_store() {
        let offers = search("github", &[], &[], 3);
        assert_eq!(offers[0].value, "si:github");
        assert_eq!(offers[0].path, "si/github");
        assert_eq!(offers[0].title, "GitHub");
        assert!(offers.len() <= 3);
    }
}
