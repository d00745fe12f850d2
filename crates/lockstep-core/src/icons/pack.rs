//! Aegis icon packs (Aegis `docs/iconpacks.md`): a ZIP with `pack.json` (`uuid`, `name`,
//! `version`, `icons: [{filename, category, issuer: [..]}]`) and the icon files it names. An
//! imported pack is checked whole, then kept in its own folder of the packs directory:
//! `<uuid>/pack.json` (what we kept) and `<uuid>/files/<n>.<ext>`, so no name from the ZIP is
//! ever a path on disk. Owns the packs directory; not the matching rule (`matching.rs`).

use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::error::{Error, IconPackProblem, Result};

/// Largest pack file we open.
pub const MAX_ZIP_BYTES: u64 = 64 * 1024 * 1024;
/// Largest `pack.json`.
pub const MAX_MANIFEST_BYTES: u64 = 4 * 1024 * 1024;
/// Most icons in one pack (aegis-icons has about 1,500).
pub const MAX_ICONS: usize = 10_000;
/// Largest icon file, once inflated.
pub const MAX_ICON_FILE_BYTES: u64 = 256 * 1024;
/// Most bytes of icons one pack may unpack to.
pub const MAX_PACK_BYTES: u64 = 128 * 1024 * 1024;
/// Most names an icon may match.
pub const MAX_ISSUERS: usize = 64;

/// An icon's format, from its content (the file name's extension must agree).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// `image/svg+xml`, checked by [`check_svg`].
    Svg,
    /// `image/png`.
    Png,
    /// `image/jpeg`.
    Jpeg,
}

impl Format {
    /// The MIME type.
    pub fn mime(self) -> &'static str {
        match self {
            Format::Svg => "image/svg+xml",
            Format::Png => "image/png",
            Format::Jpeg => "image/jpeg",
        }
    }
    fn ext(self) -> &'static str {
        match self {
            Format::Svg => "svg",
            Format::Png => "png",
            Format::Jpeg => "jpg",
        }
    }
    fn from_name(name: &str) -> Option<Format> {
        let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
        match ext.as_str() {
            "svg" => Some(Format::Svg),
            "png" => Some(Format::Png),
            "jpg" | "jpeg" => Some(Format::Jpeg),
            _ => None,
        }
    }
}

/// `pack.json` as Aegis writes it.
#[derive(Debug, Deserialize)]
struct Manifest {
    uuid: Uuid,
    name: String,
    version: u32,
    icons: Vec<ManifestIcon>,
}

#[derive(Debug, Deserialize)]
struct ManifestIcon {
    filename: String,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    category: Option<String>,
    #[serde(default)]
    issuer: Vec<String>,
}

/// One icon of an installed pack, as matching and the picker use it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackIcon {
    /// The pack's UUID.
    pub pack: Uuid,
    /// The file name in the pack, as `pack.json` gives it (the stable reference).
    pub file: String,
    /// A name for people: `name`, else the file name without folder and extension.
    pub name: String,
    /// The pack's category, if any.
    #[serde(default)]
    pub category: String,
    /// Issuers it matches (case-insensitively).
    pub issuers: Vec<String>,
    /// The format.
    pub format: Format,
    /// The stored file, `files/<n>.<ext>` under the pack's folder.
    pub stored: String,
}

/// What the packs list shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackInfo {
    /// The pack's UUID.
    pub uuid: Uuid,
    /// Its name.
    pub name: String,
    /// Its version.
    pub version: u32,
    /// Icons kept.
    pub count: usize,
    /// Icons left out on import (a format we do not take, a file missing or too large, an SVG
    /// that could do more than draw).
    pub skipped: usize,
}

/// What a pack's folder holds in `pack.json` (our own file, not Aegis's).
#[derive(Debug, Serialize, Deserialize)]
struct Stored {
    info: PackInfo,
    icons: Vec<PackIcon>,
}

fn refuse(why: IconPackProblem) -> Error {
    Error::IconPack(why)
}

/// The packs folder: `LOCKSTEP_ICON_PACKS`, else `icon-packs` in the platform's data folder.
pub fn default_dir() -> Option<PathBuf> {
    if let Some(d) = std::env::var_os("LOCKSTEP_ICON_PACKS").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(d));
    }
    directories::ProjectDirs::from("", "", "lockstep").map(|d| d.data_dir().join("icon-packs"))
}

/// A file name from `pack.json`: relative, `/`-separated, no `..`, `.`, empty part, backslash,
/// drive letter or control character (a pack that names a path outside itself is refused whole).
fn check_filename(name: &str) -> Result<()> {
    let bad = name.is_empty()
        || name.len() > 512
        || name.starts_with('/')
        || name.contains('\\')
        || name.contains(':')
        || name.chars().any(char::is_control)
        || name
            .split('/')
            .any(|p| p.is_empty() || p == "." || p == "..");
    if bad {
        return Err(refuse(IconPackProblem::BadPath {
            name: name.chars().take(80).collect(),
        }));
    }
    Ok(())
}

/// The format the bytes are, if they are PNG, JPEG or an SVG document.
fn sniff(bytes: &[u8]) -> Option<Format> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(Format::Png)
    } else if bytes.starts_with(&[0xff, 0xd8, 0xff]) {
        Some(Format::Jpeg)
    } else {
        let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]).to_ascii_lowercase();
        head.contains("<svg").then_some(Format::Svg)
    }
}

/// Whether an SVG only draws: it is well-formed XML with an `<svg>` root, and has no DOCTYPE
/// (entities), script, `foreignObject`, embedded or linked documents (`image`, `use`/`href`
/// to anything but `#id`, `url(...)` to anything but `#id`, `@import`), animation or event
/// attributes. Served only to `<img>` (where WebKit runs no script and loads nothing) under a
/// CSP that allows nothing; this check is the first wall, not the only one.
pub fn check_svg(bytes: &[u8]) -> bool {
    use quick_xml::events::Event;
    let Ok(text) = std::str::from_utf8(bytes) else {
        return false;
    };
    let mut reader = quick_xml::Reader::from_str(text);
    let mut depth = 0usize;
    let mut saw_root = false;
    let url_ok = |v: &str| {
        let v = v.to_ascii_lowercase();
        !v.contains("javascript:")
            && !v.contains("@import")
            && v.match_indices("url(").all(|(at, _)| {
                v[at + 4..]
                    .trim_start_matches([' ', '\'', '"'])
                    .starts_with('#')
            })
    };
    loop {
        let event = match reader.read_event() {
            Ok(e) => e,
            Err(_) => return false,
        };
        let (start, opens) = match &event {
            Event::Start(e) => (Some(e.clone()), true),
            Event::Empty(e) => (Some(e.clone()), false),
            _ => (None, false),
        };
        match event {
            Event::Eof => return saw_root && depth == 0,
            Event::DocType(_) => return false,
            Event::PI(_) => return false,
            Event::Text(t) if !url_ok(&t) => return false,
            Event::CData(t) if !url_ok(&t) => return false,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
        if let Some(e) = start {
            let name = e.local_name().as_ref().to_ascii_lowercase();
            if depth == 0 && !saw_root {
                if name != "svg" {
                    return false;
                }
                saw_root = true;
            }
            if matches!(
                name.as_str(),
                "script"
                    | "foreignobject"
                    | "image"
                    | "iframe"
                    | "embed"
                    | "object"
                    | "a"
                    | "animate"
                    | "animatemotion"
                    | "animatetransform"
                    | "set"
                    | "audio"
                    | "video"
                    | "handler"
                    | "listener"
                    | "feimage"
            ) {
                return false;
            }
            for attr in e.attributes() {
                let Ok(attr) = attr else {
                    return false;
                };
                let key = attr.key.local_name().as_ref().to_ascii_lowercase();
                let value = attr.value;
                if key.starts_with("on") {
                    return false;
                }
                if key == "href" && !value.trim_start().starts_with('#') {
                    return false;
                }
                if !url_ok(&value) {
                    return false;
                }
            }
            if opens {
                depth += 1;
            }
        }
    }
}

/// Reads and checks a pack ZIP whole, then installs it in `dir` (replacing any version of the
/// same pack). Nothing is written unless the pack is good: a bad ZIP, a missing or malformed
/// `pack.json`, a name outside the pack, more than [`MAX_ICONS`] icons or no usable icon at all
/// is refused with [`Error::IconPack`]. Single icons that are missing, too large, not PNG, JPEG
/// or a drawing-only SVG are left out and counted in [`PackInfo::skipped`].
pub fn install(zip_bytes: &[u8], dir: &Path) -> Result<PackInfo> {
    if zip_bytes.len() as u64 > MAX_ZIP_BYTES {
        return Err(refuse(IconPackProblem::TooLarge {
            mb: MAX_ZIP_BYTES / 1024 / 1024,
        }));
    }
    let mut archive = zip::ZipArchive::new(Cursor::new(zip_bytes))
        .map_err(|_| refuse(IconPackProblem::NotZip))?;
    let manifest: Manifest = {
        let file = archive
            .by_name("pack.json")
            .map_err(|_| refuse(IconPackProblem::NoManifest))?;
        let mut raw = Vec::new();
        file.take(MAX_MANIFEST_BYTES + 1)
            .read_to_end(&mut raw)
            .map_err(|_| refuse(IconPackProblem::ManifestUnreadable))?;
        if raw.len() as u64 > MAX_MANIFEST_BYTES {
            return Err(refuse(IconPackProblem::ManifestTooLarge));
        }
        serde_json::from_slice(&raw)
            .map_err(|e| refuse(IconPackProblem::ManifestInvalid(e.to_string())))?
    };
    if manifest.icons.len() > MAX_ICONS {
        return Err(refuse(IconPackProblem::TooManyIcons {
            count: manifest.icons.len(),
            max: MAX_ICONS,
        }));
    }
    let name: String = manifest.name.trim().chars().take(200).collect();
    if name.is_empty() {
        return Err(refuse(IconPackProblem::NoName));
    }
    for icon in &manifest.icons {
        check_filename(&icon.filename)?;
    }

    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let mut icons = Vec::new();
    let mut skipped = 0;
    let mut total = 0u64;
    for icon in manifest.icons {
        let Some(by_name) = Format::from_name(&icon.filename) else {
            skipped += 1;
            continue;
        };
        let Ok(file) = archive.by_name(&icon.filename) else {
            skipped += 1;
            continue;
        };
        let mut bytes = Vec::new();
        if file
            .take(MAX_ICON_FILE_BYTES + 1)
            .read_to_end(&mut bytes)
            .is_err()
            || bytes.len() as u64 > MAX_ICON_FILE_BYTES
        {
            skipped += 1;
            continue;
        }
        let format = sniff(&bytes);
        let same = format == Some(by_name);
        if !same || (by_name == Format::Svg && !check_svg(&bytes)) {
            skipped += 1;
            continue;
        }
        total += bytes.len() as u64;
        if total > MAX_PACK_BYTES {
            return Err(refuse(IconPackProblem::IconsTooLarge));
        }
        let stored = format!("files/{}.{}", icons.len(), by_name.ext());
        let shown = icon
            .name
            .filter(|n| !n.trim().is_empty())
            .unwrap_or_else(|| {
                let base = icon.filename.rsplit('/').next().unwrap_or(&icon.filename);
                base.rsplit_once('.').map_or(base, |(b, _)| b).to_owned()
            });
        icons.push(PackIcon {
            pack: manifest.uuid,
            file: icon.filename,
            name: shown.chars().take(200).collect(),
            category: icon
                .category
                .unwrap_or_default()
                .chars()
                .take(100)
                .collect(),
            issuers: icon
                .issuer
                .into_iter()
                .filter(|i| !i.trim().is_empty())
                .take(MAX_ISSUERS)
                .map(|i| i.chars().take(200).collect())
                .collect(),
            format: by_name,
            stored: stored.clone(),
        });
        files.push((stored, bytes));
    }
    if icons.is_empty() {
        return Err(refuse(IconPackProblem::NoUsableIcon));
    }
    let info = PackInfo {
        uuid: manifest.uuid,
        name,
        version: manifest.version,
        count: icons.len(),
        skipped,
    };
    write_pack(
        dir,
        &Stored {
            info: info.clone(),
            icons,
        },
        &files,
    )?;
    Ok(info)
}

/// Writes the pack to a temporary folder in `dir`, then puts it in place of any older one.
fn write_pack(dir: &Path, stored: &Stored, files: &[(String, Vec<u8>)]) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(Error::io("create the icon packs folder", dir))?;
    let uuid = stored.info.uuid.hyphenated().to_string();
    let tmp = dir.join(format!(".tmp-{uuid}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    let result = (|| {
        std::fs::create_dir_all(tmp.join("files")).map_err(Error::io("create", &tmp))?;
        for (name, bytes) in files {
            let path = tmp.join(name);
            std::fs::write(&path, bytes).map_err(Error::io("write", &path))?;
        }
        let json = serde_json::to_vec(stored)
            .map_err(|e| refuse(IconPackProblem::Unwritable(e.to_string())))?;
        let path = tmp.join("pack.json");
        std::fs::write(&path, json).map_err(Error::io("write", &path))?;
        let target = dir.join(&uuid);
        if target.exists() {
            std::fs::remove_dir_all(&target).map_err(Error::io("replace", &target))?;
        }
        std::fs::rename(&tmp, &target).map_err(Error::io("install", &target))
    })();
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&tmp);
    }
    result
}

fn load(dir: &Path, uuid: &Uuid) -> Option<Stored> {
    let bytes = std::fs::read(dir.join(uuid.hyphenated().to_string()).join("pack.json")).ok()?;
    serde_json::from_slice(&bytes).ok()
}

fn installed(dir: &Path) -> Vec<Uuid> {
    let mut out: Vec<Uuid> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| Uuid::parse_str(&e.file_name().to_string_lossy()).ok())
        .collect();
    out.sort();
    out
}

/// The installed packs, by name.
pub fn list(dir: &Path) -> Vec<PackInfo> {
    let mut out: Vec<PackInfo> = installed(dir)
        .iter()
        .filter_map(|u| load(dir, u).map(|s| s.info))
        .collect();
    out.sort_by_key(|p| p.name.to_lowercase());
    out
}

/// Every icon of every installed pack (packs by name, icons in the pack's order).
pub fn icons(dir: &Path) -> Vec<PackIcon> {
    list(dir)
        .iter()
        .filter_map(|p| load(dir, &p.uuid))
        .flat_map(|s| s.icons)
        .collect()
}

/// Removes an installed pack; `false` if there was none.
pub fn remove(dir: &Path, uuid: &Uuid) -> Result<bool> {
    let target = dir.join(uuid.hyphenated().to_string());
    if !target.exists() {
        return Ok(false);
    }
    std::fs::remove_dir_all(&target).map_err(Error::io("remove", &target))?;
    Ok(true)
}

/// An icon's bytes and format, by pack and file name as `pack.json` gave it.
pub fn read(dir: &Path, pack: &Uuid, file: &str) -> Option<(Format, Vec<u8>)> {
    let stored = load(dir, pack)?;
    let icon = stored.icons.into_iter().find(|i| i.file == file)?;
    // `stored` is ours (files/<n>.<ext>), but the folder could have been edited: check again.
    if !icon.stored.starts_with("files/")
        || icon.stored[6..].contains(['/', '\\'])
        || icon.stored.contains("..")
    {
        return None;
    }
    let bytes = std::fs::read(dir.join(pack.hyphenated().to_string()).join(&icon.stored)).ok()?;
    (bytes.len() as u64 <= MAX_ICON_FILE_BYTES
        && sniff(&bytes) == Some(icon.format)
        && (icon.format != Format::Svg || check_svg(&bytes)))
    .then_some((icon.format, bytes))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;
    use zip::write::SimpleFileOptions;

    const UUID: &str = "c553f06f-2a17-46ca-87f5-56af90dd0500";
    const SVG: &[u8] = br##"<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><defs><linearGradient id="g"><stop offset="0"/></linearGradient></defs><path fill="url(#g)" d="M0 0h24v24H0z"/></svg>"##;
    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89\0\0\0\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\0\x05\0\x01\xff\x89\x99=\x1d\0\0\0\0IEND\xaeB`\x82";

    fn zip(files: &[(&str, &[u8])]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
        for (name, bytes) in files {
            w.start_file(*name, opts).expect("zip entry");
            w.write_all(bytes).expect("zip write");
        }
        w.finish().expect("zip").into_inner()
    }

    fn manifest(icons: &str) -> String {
        format!(r#"{{"uuid":"{UUID}","name":"Alex' Icon Pack","version":3,"icons":[{icons}]}}"#)
    }

    fn entries(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .map(|r| {
                r.flatten()
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        v.sort();
        v
    }

    #[test]
    fn a_good_pack_is_installed_listed_read_and_removed() {
        let dir = tempfile::tempdir().expect("tmp");
        let json = manifest(
            r#"{"filename":"services/Google.svg","category":"Services","issuer":["google"]},
               {"filename":"services/Blizzard.png","category":"Gaming","issuer":["blizzard","battle.net"]},
               {"filename":"services/Missing.png","issuer":["x"]}"#,
        );
        let bytes = zip(&[
            ("pack.json", json.as_bytes()),
            ("services/Google.svg", SVG),
            ("services/Blizzard.png", PNG),
            ("unlisted.txt", b"ignored"),
        ]);
        let info = install(&bytes, dir.path()).expect("installs");
        assert_eq!(
            (info.name.as_str(), info.version, info.count, info.skipped),
            ("Alex' Icon Pack", 3, 2, 1)
        );
        assert_eq!(list(dir.path()), std::slice::from_ref(&info));
        let all = icons(dir.path());
        assert_eq!(all.len(), 2);
        assert_eq!(all[1].issuers, ["blizzard", "battle.net"]);
        assert_eq!(all[1].name, "Blizzard");
        let uuid = Uuid::parse_str(UUID).expect("uuid");
        assert_eq!(
            read(dir.path(), &uuid, "services/Google.svg"),
            Some((Format::Svg, SVG.to_vec()))
        );
        assert_eq!(
            read(dir.path(), &uuid, "services/Blizzard.png"),
            Some((Format::Png, PNG.to_vec()))
        );
        assert_eq!(read(dir.path(), &uuid, "services/Missing.png"), None);
        // Stored under our own names only.
        assert_eq!(
            entries(&dir.path().join(UUID).join("files")),
            ["0.svg", "1.png"]
        );
        // A new version replaces the old one.
        let json2 = manifest(r#"{"filename":"g.svg","issuer":["google"]}"#);
        let v2 = install(
            &zip(&[("pack.json", json2.as_bytes()), ("g.svg", SVG)]),
            dir.path(),
        )
        .expect("v2");
        assert_eq!(list(dir.path()), [v2]);
        assert_eq!(entries(dir.path()), [UUID]);
        assert!(remove(dir.path(), &uuid).expect("removes"));
        assert!(list(dir.path()).is_empty());
        assert!(!remove(dir.path(), &uuid).expect("nothing to remove"));
    }

    fn refused(bytes: &[u8]) -> String {
        let dir = tempfile::tempdir().expect("tmp");
        let packs = dir.path().join("packs");
        let err = install(bytes, &packs).expect_err("refused");
        assert!(matches!(err, Error::IconPack(_)), "{err:?}");
        // Nothing written, inside the packs folder or beside it.
        assert!(entries(&packs).is_empty(), "{:?}", entries(&packs));
        assert_eq!(entries(dir.path()), Vec::<String>::new());
        err.to_string()
    }

    #[test]
    fn paths_outside_the_pack_are_refused() {
        for name in [
            "../evil.png",
            "a/../../evil.png",
            "/etc/evil.png",
            "a\\..\\evil.png",
            "C:evil.png",
            "a//b.png",
            "./a.png",
        ] {
            let json = manifest(&format!(
                r#"{{"filename":{},"issuer":["x"]}}"#,
                serde_json::to_string(name).expect("json")
            ));
            let why = refused(&zip(&[
                ("pack.json", json.as_bytes()),
                (name, PNG),
                ("evil.png", PNG),
            ]));
            assert!(
                why.contains("not a plain path inside the pack"),
                "{name}: {why}"
            );
        }
    }

    #[test]
    fn bad_packs_are_refused_with_a_reason() {
        assert!(refused(b"not a zip").contains("not a ZIP"));
        assert!(refused(&zip(&[("icon.png", PNG)])).contains("no pack.json"));
        assert!(
            refused(&zip(&[("pack.json", b"{\"uuid\": 5}")])).contains("pack.json is not valid")
        );
        let no_name = format!(r#"{{"uuid":"{UUID}","name":" ","version":1,"icons":[]}}"#);
        assert!(refused(&zip(&[("pack.json", no_name.as_bytes())])).contains("no name"));
        let none_usable = manifest(r#"{"filename":"a.gif","issuer":["x"]},{"filename":"b.png"}"#);
        assert!(refused(&zip(&[
            ("pack.json", none_usable.as_bytes()),
            ("a.gif", b"GIF89a"),
            ("b.png", b"not png")
        ]))
        .contains("no icon that can be used"));
        let many = manifest(&vec![r#"{"filename":"a.png"}"#; MAX_ICONS + 1].join(","));
        assert!(
            refused(&zip(&[("pack.json", many.as_bytes()), ("a.png", PNG)]))
                .contains("at most 10000")
        );
        let big = vec![b'x'; (MAX_MANIFEST_BYTES + 10) as usize];
        assert!(refused(&zip(&[("pack.json", &big)])).contains("too large"));
    }

    #[test]
    fn icons_that_are_not_what_they_say_or_too_large_are_left_out() {
        let dir = tempfile::tempdir().expect("tmp");
        let json = manifest(
            r#"{"filename":"png-named-svg.svg"},{"filename":"big.png"},{"filename":"ok.png"}"#,
        );
        let mut big = PNG.to_vec();
        big.resize((MAX_ICON_FILE_BYTES + 1) as usize, 0);
        let info = install(
            &zip(&[
                ("pack.json", json.as_bytes()),
                ("png-named-svg.svg", PNG),
                ("big.png", &big),
                ("ok.png", PNG),
            ]),
            dir.path(),
        )
        .expect("installs");
        assert_eq!((info.count, info.skipped), (1, 2));
    }

    #[test]
    fn svgs_that_can_do_more_than_draw_are_refused() {
        assert!(check_svg(SVG));
        assert!(check_svg(br##"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><symbol id="s"/><use xlink:href="#s"/><style>.a{fill:url(#g)}</style></svg>"##));
        for bad in [
            &br#"<svg><script>alert(1)</script></svg>"#[..],
            br#"<svg onload="alert(1)"/>"#,
            br#"<svg><path ONCLICK="x"/></svg>"#,
            br#"<svg><foreignObject><div/></foreignObject></svg>"#,
            br#"<svg><image href="https://example.com/x.png"/></svg>"#,
            br#"<svg><use href="https://example.com/x.svg#a"/></svg>"#,
            br#"<svg><use xlink:href="data:image/svg+xml,..."/></svg>"#,
            br#"<svg><path style="fill:url(https://example.com/x)"/></svg>"#,
            br#"<svg><style>@import url(x.css);</style></svg>"#,
            br#"<svg><a href="javascript:alert(1)"><path/></a></svg>"#,
            br#"<svg><animate attributeName="href" to="javascript:x"/></svg>"#,
            br#"<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg>&a;</svg>"#,
            br#"<html><svg/></html>"#,
            br#"<svg><path>"#,
            b"<svg>\xff</svg>",
        ] {
            assert!(!check_svg(bad), "{}", String::from_utf8_lossy(bad));
        }
    }
}
