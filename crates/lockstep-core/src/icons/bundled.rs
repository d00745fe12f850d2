//! The simple-icons set (`simple-icons/`, written by `tools/simple-icons/generate.mjs`; CC0, see
//! `simple-icons/LICENSE.md` and `licensed.tsv`), read from files the app ships beside it, never
//! linked into a binary: the index of titles and aliases (read on first use), and each icon's
//! path data, read on demand.
//!
//! `paths.bin`: `"SIP2"`, then `u32` LE the icon count `n`, `n + 1` `u32` LE offsets (from the
//! end of the header) and the icons' SVG path data (ASCII), in index order, back to back. Icon
//! `k` is the bytes from offset `k` to offset `k + 1`; only those are read, and nothing is kept.
//! Uncompressed on purpose: the packages compress it (xz) better than DEFLATE blocks would.

use std::collections::HashMap;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use super::matching::slug;

/// The environment variable naming the set's folder (`index.tsv`, `paths.bin`); it wins over
/// the folder the app registers with [`set_dir`].
pub const DIR_ENV: &str = "LOCKSTEP_ICONS_DIR";
/// The set's folder inside the app's resource folder (tauri.conf.json, `bundle.resources`).
pub const RESOURCE_DIR: &str = "simple-icons";
/// Largest `index.tsv` read (the real one is about 150 kB).
const MAX_INDEX: u64 = 4 << 20;
/// Largest path read (the largest real one is 54 kB).
const MAX_PATH: u64 = 1 << 20;

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

/// The parsed index: icons in slug order, a map from the slug of each title and alias, and
/// where each block of path data lies in `paths.bin`.
#[derive(Debug, Default)]
pub struct Bundled {
    icons: Vec<Info>,
    by_key: HashMap<String, u32>,
    paths: Option<Paths>,
}

/// `paths.bin`'s location and header.
#[derive(Debug)]
struct Paths {
    file: PathBuf,
    /// Absolute file offsets of each icon's path and of the last one's end.
    offsets: Vec<u64>,
}

static DIR: OnceLock<PathBuf> = OnceLock::new();

/// Registers the folder the set lives in (the app's resource folder joined with
/// [`RESOURCE_DIR`]); only the first call counts, and only before the set is first used.
pub fn set_dir(dir: PathBuf) {
    let _ = DIR.set(dir);
}

/// The folder the set is read from: [`DIR_ENV`], else the registered one, else (debug builds:
/// tests and development) the source tree's copy.
fn data_dir() -> Option<PathBuf> {
    if let Some(d) = std::env::var_os(DIR_ENV).filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(d));
    }
    if let Some(d) = DIR.get() {
        return Some(d.clone());
    }
    #[cfg(debug_assertions)]
    {
        let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/icons/simple-icons");
        if source.is_dir() {
            return Some(source);
        }
    }
    None
}

/// The set, read once on first use; empty (every entry keeps its letter avatar) when its files
/// are missing or unreadable.
pub fn bundled() -> &'static Bundled {
    static SET: OnceLock<Bundled> = OnceLock::new();
    SET.get_or_init(|| {
        data_dir()
            .and_then(|d| Bundled::open(&d).ok())
            .unwrap_or_default()
    })
}

impl Bundled {
    /// Reads `index.tsv` and the header of `paths.bin` in `dir`. The index text is kept for the
    /// life of the process (the set is read once).
    pub fn open(dir: &Path) -> std::io::Result<Bundled> {
        let mut index = String::new();
        File::open(dir.join("index.tsv"))?
            .take(MAX_INDEX)
            .read_to_string(&mut index)?;
        let mut set = Bundled::parse(Box::leak(index.into_boxed_str()));
        set.paths = Some(Paths::open(&dir.join("paths.bin"))?);
        Ok(set)
    }

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
        Bundled {
            icons,
            by_key,
            paths: None,
        }
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

    /// Icon `n`'s SVG path data (read from `paths.bin`).
    pub fn path(&self, n: usize) -> Option<String> {
        if n >= self.icons.len() {
            return None;
        }
        let paths = self.paths.as_ref()?;
        let (from, to) = (*paths.offsets.get(n)?, *paths.offsets.get(n + 1)?);
        if to < from || to - from > MAX_PATH {
            return None;
        }
        let mut file = File::open(&paths.file).ok()?;
        file.seek(SeekFrom::Start(from)).ok()?;
        let mut raw = Vec::new();
        file.take(to - from).read_to_end(&mut raw).ok()?;
        if raw.len() as u64 != to - from {
            return None;
        }
        String::from_utf8(raw).ok()
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

impl Paths {
    /// Reads the header: magic, icon count and offsets.
    fn open(file: &Path) -> std::io::Result<Paths> {
        let bad =
            |what: &str| std::io::Error::new(std::io::ErrorKind::InvalidData, what.to_owned());
        let mut f = File::open(file)?;
        let mut head = [0u8; 8];
        f.read_exact(&mut head)?;
        let word = |b: &[u8]| u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
        if &head[..4] != b"SIP2" {
            return Err(bad("paths.bin: not SIP2"));
        }
        let count = word(&head[4..8]) as usize;
        if count > 100_000 {
            return Err(bad("paths.bin: too many icons"));
        }
        let mut table = vec![0u8; 4 * (count + 1)];
        f.read_exact(&mut table)?;
        let base = (8 + table.len()) as u64;
        let offsets = table
            .chunks_exact(4)
            .map(|c| base + u64::from(word(c)))
            .collect();
        Ok(Paths {
            file: file.to_owned(),
            offsets,
        })
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

    fn source() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("src/icons/simple-icons")
    }

    /// The set read from a folder of its own (as the app's resource folder holds it) gives the
    /// same icons; a missing folder or another format is an error, and a cut or damaged
    /// `paths.bin` gives no path (or a wrong one) rather than a panic.
    #[test]
    fn the_set_is_read_from_its_folder() {
        let dir = tempfile::tempdir().expect("temp dir");
        for f in ["index.tsv", "paths.bin"] {
            std::fs::copy(source().join(f), dir.path().join(f)).expect("copy");
        }
        let set = Bundled::open(dir.path()).expect("opens");
        let n = set.by_slug("github").expect("github");
        assert_eq!(set.path(n), bundled().path(n));
        assert!(set.svg(n).expect("svg").contains("<title>GitHub</title>"));

        assert!(Bundled::open(&dir.path().join("nowhere")).is_err());
        assert!(Bundled::default().path(0).is_none());

        let bin = std::fs::read(source().join("paths.bin")).expect("paths.bin");
        std::fs::write(dir.path().join("paths.bin"), &bin[..bin.len() / 2]).expect("write");
        let cut = Bundled::open(dir.path()).expect("the header is whole");
        assert_eq!(cut.path(set.all().len() - 1), None);
        let mut flipped = bin.clone();
        let last = flipped.len() - 10;
        flipped[last] ^= 0xff;
        flipped[200] ^= 0xff;
        std::fs::write(dir.path().join("paths.bin"), &flipped).expect("write");
        if let Ok(bad) = Bundled::open(dir.path()) {
            for k in 0..bad.all().len() {
                let _ = bad.path(k);
            }
        }
        std::fs::write(dir.path().join("paths.bin"), b"SIP1\x40\0\0\0").expect("write");
        assert!(Bundled::open(dir.path()).is_err());
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
