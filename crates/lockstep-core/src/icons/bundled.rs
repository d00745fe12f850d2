//! The simple-icons set built into the binary (`simple-icons/`, written by
//! `tools/simple-icons/generate.mjs`; CC0, see `simple-icons/LICENSE.md` and `licensed.tsv`):
//! the index of titles and aliases, and each icon's SVG, decompressed on demand.
//!
//! `paths.bin`: `"SIP1"`, then `u32` LE icons per block `n`, block count `b`, `b + 1` offsets
//! (from the end of the header) and the blocks: raw DEFLATE, each the path data of icons
//! `k·n … k·n + n − 1` in index order, one per line. Only the block of the icon asked for is
//! inflated (about 60 kB), and nothing is kept.

use std::collections::HashMap;
use std::io::Read;
use std::sync::OnceLock;

use super::matching::slug;

const INDEX: &str = include_str!("simple-icons/index.tsv");
const PATHS: &[u8] = include_bytes!("simple-icons/paths.bin");

/// One bundled icon's metadata.
#[derive(Clone, Debug)]
pub struct Info {
    /// simple-icons' slug (its file name), e.g. `github`.
    pub slug: &'static str,
    /// The brand's name.
    pub title: &'static str,
    /// The brand colour, 6 hex digits.
    pub hex: &'static str,
    /// Other names (aka, duplicates, localised titles).
    pub aliases: Vec<&'static str>,
}

/// The parsed index: icons in slug order and a map from the slug of each title and alias.
#[derive(Debug)]
pub struct Bundled {
    icons: Vec<Info>,
    by_key: HashMap<String, u32>,
}

/// The set, parsed once on first use.
pub fn bundled() -> &'static Bundled {
    static SET: OnceLock<Bundled> = OnceLock::new();
    SET.get_or_init(|| Bundled::parse(INDEX))
}

impl Bundled {
    fn parse(index: &'static str) -> Bundled {
        let mut icons = Vec::new();
        for line in index.lines() {
            let mut f = line.split('\t');
            let (Some(slug), Some(title), Some(hex)) = (f.next(), f.next(), f.next()) else {
                continue;
            };
            let aliases = f
                .next()
                .unwrap_or("")
                .split('|')
                .filter(|a| !a.is_empty())
                .collect();
            icons.push(Info {
                slug,
                title,
                hex,
                aliases,
            });
        }
        let mut by_key = HashMap::with_capacity(icons.len() * 2);
        // Slugs and titles first, so that an alias never hides another brand's own name.
        for (n, i) in icons.iter().enumerate() {
            by_key.insert(i.slug.to_owned(), n as u32);
        }
        for (n, i) in icons.iter().enumerate() {
            by_key.entry(slug(i.title)).or_insert(n as u32);
        }
        for (n, i) in icons.iter().enumerate() {
            for a in &i.aliases {
                let k = slug(a);
                if !k.is_empty() {
                    by_key.entry(k).or_insert(n as u32);
                }
            }
        }
        Bundled { icons, by_key }
    }

    /// Every icon, in slug order.
    pub fn all(&self) -> &[Info] {
        &self.icons
    }

    /// The icon whose slug, title or alias has the slug `key`.
    pub fn find(&self, key: &str) -> Option<usize> {
        self.by_key.get(key).map(|&n| n as usize)
    }

    /// The icon with exactly this slug.
    pub fn by_slug(&self, s: &str) -> Option<usize> {
        self.icons.binary_search_by(|i| i.slug.cmp(s)).ok()
    }

    /// The slug of icon `n`.
    pub fn slug(&self, n: usize) -> &'static str {
        self.icons[n].slug
    }

    /// Icon `n`'s SVG path data (inflates its block).
    pub fn path(&self, n: usize) -> Option<String> {
        let word = |at: usize| -> Option<usize> {
            let b = PATHS.get(at..at + 4)?;
            Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize)
        };
        if PATHS.get(..4) != Some(b"SIP1") {
            return None;
        }
        let per = word(4)?.max(1);
        let blocks = word(8)?;
        let block = n / per;
        if block >= blocks {
            return None;
        }
        let base = 12 + 4 * (blocks + 1);
        let (from, to) = (word(12 + 4 * block)?, word(16 + 4 * block)?);
        let raw = PATHS.get(base + from..base + to)?;
        let mut text = String::new();
        flate2::read::DeflateDecoder::new(raw)
            .take(1 << 20)
            .read_to_string(&mut text)
            .ok()?;
        text.lines().nth(n % per).map(str::to_owned)
    }

    /// Icon `n` as an SVG document: simple-icons' own markup (`role`, `viewBox`, `<title>`, one
    /// `<path>`) with the brand colour as the path's fill.
    pub fn svg(&self, n: usize) -> Option<String> {
        let info = self.icons.get(n)?;
        let path = self.path(n)?;
        Some(format!(
            "<svg role=\"img\" viewBox=\"0 0 24 24\" xmlns=\"http://www.w3.org/2000/svg\"><title>{}</title><path fill=\"#{}\" d=\"{}\"/></svg>",
            escape(info.title),
            info.hex,
            path
        ))
    }

    /// Icons whose title, slug or an alias contains `query` (its slug), titles starting with it
    /// first; at most `limit`.
    pub fn search(&self, query: &str, limit: usize) -> Vec<usize> {
        let q = slug(query);
        if q.is_empty() {
            return (0..self.icons.len().min(limit)).collect();
        }
        let mut hits: Vec<(u8, usize)> = self
            .icons
            .iter()
            .enumerate()
            .filter_map(|(n, i)| {
                let t = slug(i.title);
                let rank = if t == q {
                    0
                } else if t.starts_with(&q) {
                    1
                } else if t.contains(&q) || i.slug.contains(&q) {
                    2
                } else if i.aliases.iter().any(|a| slug(a).contains(&q)) {
                    3
                } else {
                    return None;
                };
                Some((rank, n))
            })
            .collect();
        hits.sort();
        hits.into_iter().take(limit).map(|(_, n)| n).collect()
    }
}

/// XML text escaping as simple-icons writes titles: `&`, `<`, `>` as entities, every
/// character outside ASCII as a numeric reference.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c if c.is_ascii() => out.push(c),
            c => out.push_str(&format!("&#{};", u32::from(c))),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> String {
        let path = format!("{}/tests/fixtures/icons/{name}", env!("CARGO_MANIFEST_DIR"));
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    /// The SVG we serve is simple-icons' own file (tests/fixtures/icons, copied from the npm
    /// package) with the brand colour added as the path's fill.
    #[test]
    fn svgs_are_simple_icons_own_files() {
        let set = bundled();
        for (slug, hex) in [("github", "181717"), ("google", "4285F4")] {
            let n = set.by_slug(slug).expect(slug);
            assert_eq!(set.all()[n].hex, hex);
            let svg = set.svg(n).expect("inflates");
            let plain = svg.replace(&format!(" fill=\"#{hex}\""), "");
            assert_eq!(plain, fixture(&format!("{slug}.svg")));
        }
    }

    #[test]
    fn every_icon_has_its_path() {
        let set = bundled();
        assert!(set.all().len() > 3000, "{}", set.all().len());
        for n in 0..set.all().len() {
            let path = set.path(n).unwrap_or_else(|| panic!("{}", set.slug(n)));
            assert!(path.starts_with(['M', 'm']), "{}: {path:.20}", set.slug(n));
        }
        assert_eq!(set.path(set.all().len()), None);
    }

    #[test]
    fn slugs_are_sorted_and_unique() {
        let set = bundled();
        assert!(set.all().windows(2).all(|w| w[0].slug < w[1].slug));
        assert_eq!(set.by_slug("gitlab").map(|n| set.slug(n)), Some("gitlab"));
        assert_eq!(set.by_slug("no-such-brand"), None);
    }

    #[test]
    fn search_puts_names_that_start_with_the_query_first() {
        let set = bundled();
        let hits: Vec<&str> = set
            .search("github", 5)
            .into_iter()
            .map(|n| set.slug(n))
            .collect();
        assert_eq!(hits.first(), Some(&"github"));
        assert!(hits.iter().all(|s| s.contains("github")), "{hits:?}");
        let cloud: Vec<&str> = set
            .search("google cl", 50)
            .into_iter()
            .map(|n| set.slug(n))
            .collect();
        assert!(cloud.contains(&"googlecloud"), "{cloud:?}");
        assert_eq!(set.search("", 7).len(), 7);
    }
}
