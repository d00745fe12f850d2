//! `cargo xtask package`: a .deb and an .rpm of the release app and CLI, made by Tauri's bundler
//! (`tauri bundle` from `@tauri-apps/cli`, a dev dependency of ui/).
//!
//! Each package holds /usr/bin/lockstep-app and /usr/bin/lockstep, the desktop entry, the AppStream
//! metainfo, the icon at every hicolor size, man pages for the app, `lockstep` and each of its
//! subcommands (generated from the CLI's clap definition by packaging/docgen), and bash, zsh and
//! fish completions. Static assets live in packaging/; this module generates the rest under
//! target/package/ and writes the bundler's configuration there. It does not install anything:
//! `cargo xtask test package` (package_test.rs) does, into a throw-away Debian root.

use crate::util::{capture, cargo, err, header, run, target_dir, workspace_root, Res};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

/// The packages' name and the component id of the metainfo.
pub const NAME: &str = "lockstep";
pub const APP_ID: &str = "app.lockstep.desktop";
/// The desktop entry's file name, as Tauri's bundler names it (after `productName`).
pub const DESKTOP_FILE: &str = "Lockstep.desktop";
/// The icon's name in the hicolor theme (the app binary's name, as the bundler installs it).
pub const ICON_NAME: &str = "lockstep-app";
/// Every size the packages install the icon at (/usr/share/icons/hicolor/NxN/apps/).
pub const ICON_SIZES: &[u32] = &[16, 22, 24, 32, 48, 64, 128, 256, 512];

/// The simple-icons set's folder in the app's resource folder, and its files (tauri.conf.json,
/// `bundle.resources`; lockstep_core::icons::bundled reads them at run time).
pub const ICON_SET_DIR: &str = "simple-icons";
pub const ICON_SET_FILES: &[&str] = &["index.tsv", "paths.bin", "LICENSE.md"];
/// Where the packages' resource folder is (`/usr/lib/<productName>`, as Tauri's bundler puts
/// resources and the app finds them).
pub const RESOURCE_DIR: &str = "/usr/lib/Lockstep";

/// The set's files in the source tree.
pub fn icon_set_source() -> PathBuf {
    workspace_root().join("crates/lockstep-core/src/icons/simple-icons")
}

/// Depends that Tauri's bundler adds by itself: WebKitGTK, GTK and the appindicator library the
/// tray loads with dlopen (so no ELF NEEDED entry names it). The rest of Depends comes from
/// dpkg-shlibdeps, less these names (each package is named once).
pub const BUNDLER_DEPENDS: &[&str] = &[
    "libwebkit2gtk-4.1-0",
    "libgtk-3-0",
    "libayatana-appindicator3-1",
];
/// The GStreamer elements the camera pipeline uses (videoconvert, videoscale, appsink; v4l2src,
/// jpegdec, multifilesrc), loaded as plugins, so no ELF NEEDED entry names them.
pub const CAMERA_DEPENDS: &[&str] = &["gstreamer1.0-plugins-base", "gstreamer1.0-plugins-good"];
/// A Secret Service for "remember this device", and pipewiresrc for the camera through the
/// desktop portal (without it the camera is read through V4L2); the app and the CLI work without.
const RECOMMENDS: &[&str] = &["gnome-keyring", "gstreamer1.0-pipewire"];
/// The same for Fedora/openSUSE (sonames of the libraries are added by the bundler).
const RPM_DEPENDS: &[&str] = &[
    "webkit2gtk4.1",
    "libayatana-appindicator-gtk3",
    "gstreamer1-plugins-base",
    "gstreamer1-plugins-good",
];
const RPM_RECOMMENDS: &[&str] = &["gnome-keyring", "pipewire-gstreamer"];

/// The built packages.
pub struct Packages {
    pub deb: PathBuf,
    pub rpm: PathBuf,
    /// The release app binary the packages carry (stripped).
    pub app: PathBuf,
}

/// The subcommand: builds the packages and prints their paths last.
pub fn command() -> Res {
    crate::packages::ensure()?;
    let p = build()?;
    println!("{}", p.deb.display());
    println!("{}", p.rpm.display());
    Ok(())
}

/// Release binaries, generated docs, bundler configuration, then `tauri bundle -b deb,rpm`.
pub fn build() -> Res<Packages> {
    let bins = crate::app::build_release()?;
    let out = target_dir().join("package");
    let _ = fs::remove_dir_all(&out);
    let gen = out.join("gen");
    mkdir(&gen)?;
    generate_docs(&gen)?;

    // The bundler looks for the app in $CARGO_TARGET_DIR/release/; give it a folder of its own
    // so its bundle/ output and the copy it patches never touch target/release.
    let stage = out.join("stage");
    let staged_app = stage.join("release").join("lockstep-app");
    mkdir(&stage.join("release"))?;
    copy(&bins.app, &staged_app)?;

    let depends = shlib_depends(&[&bins.app, &bins.cli])?;
    let config = out.join("tauri.package.json");
    write(&config, &bundler_config(&bins.cli, &gen, &depends))?;

    let tauri = workspace_root().join("ui/node_modules/.bin/tauri");
    if !tauri.is_file() {
        crate::app::npm_ci()?;
    }
    header("tauri bundle -b deb,rpm (Tauri's bundler, @tauri-apps/cli)");
    run(
        Command::new(&tauri)
            .current_dir(workspace_root())
            .args(["bundle", "--ci", "--no-sign", "--no-binary-patching"])
            .args(["--bundles", "deb,rpm", "--config"])
            .arg(&config)
            .env("CARGO_TARGET_DIR", &stage),
        "tauri bundle",
    )?;
    let version = env!("CARGO_PKG_VERSION");
    let bundle = stage.join("release").join("bundle");
    let deb = out.join(format!("{NAME}_{version}_amd64.deb"));
    let rpm = out.join(format!("{NAME}-{version}-1.x86_64.rpm"));
    // Tauri's bundler writes the .deb's data as gzip; dpkg-deb rebuilds it with xz (Debian's
    // default), about half the size: 12.5 MB became 6.1 MB.
    recompress_deb(
        &bundle.join(format!("deb/Lockstep_{version}_amd64.deb")),
        &deb,
        &out.join("deb-tree"),
    )?;
    copy(
        &bundle.join(format!("rpm/Lockstep-{version}-1.x86_64.rpm")),
        &rpm,
    )?;
    // The bundler's rpm payload restarts its xz dictionary at every file; as one stream it is
    // about a quarter smaller (crate::rpm_payload). rpm itself then checks every digest.
    let (before, after) = crate::rpm_payload::recompress(&rpm, &out.join("rpm-scratch"))?;
    header(&format!(
        "rpm payload as one xz stream: {before} -> {after} bytes"
    ));
    run(
        Command::new("rpm").args(["-K", "--nosignature"]).arg(&rpm),
        "rpm -K (the rewritten .rpm's digests)",
    )?;
    for p in [&deb, &rpm] {
        let size = fs::metadata(p).map(|m| m.len()).unwrap_or(0);
        header(&format!(
            "{}: {:.1} MB",
            p.display(),
            size as f64 / 1_000_000.0
        ));
    }
    let _ = fs::remove_dir_all(out.join("rpm-scratch"));
    Ok(Packages {
        deb,
        rpm,
        app: bins.app,
    })
}

/// Rebuilds the .deb `from` as `to` with xz-compressed members (`dpkg-deb -R`, then `-b -Zxz`),
/// files, modes and control fields unchanged.
fn recompress_deb(from: &Path, to: &Path, tree: &Path) -> Res {
    let _ = fs::remove_dir_all(tree);
    run(
        Command::new("dpkg-deb").arg("-R").arg(from).arg(tree),
        "dpkg-deb -R",
    )?;
    run(
        Command::new("dpkg-deb")
            .args(["--root-owner-group", "-Zxz", "-z9", "-b"])
            .arg(tree)
            .arg(to)
            .stdout(std::process::Stdio::null()),
        "dpkg-deb -b -Zxz",
    )?;
    let _ = fs::remove_dir_all(tree);
    Ok(())
}

/// Man pages (gzipped, as Debian policy asks) and completions from packaging/docgen.
fn generate_docs(gen: &Path) -> Res {
    header(
        "cargo run -p lockstep-docgen (man pages and completions from the CLI's clap definition)",
    );
    run(
        cargo()
            .args(["run", "--quiet", "-p", "lockstep-docgen", "--"])
            .arg(gen),
        "lockstep-docgen",
    )?;
    let man = gen.join("man1");
    copy(
        &workspace_root().join("packaging/lockstep-app.1"),
        &man.join("lockstep-app.1"),
    )?;
    // Debian's changelog under the package's own doc folder (the bundler's `changelog` option
    // would use the product name, /usr/share/doc/Lockstep).
    let assets = workspace_root().join("packaging");
    copy(&assets.join("changelog"), &gen.join("changelog"))?;
    let mut to_zip = man_pages(&man)?;
    to_zip.push(gen.join("changelog"));
    run(
        Command::new("gzip").args(["-9", "-n", "-f"]).args(&to_zip),
        "gzip (man pages, changelog)",
    )?;
    // One file per size, named NxN.png: the bundler takes the folder from the name and would
    // put icons/128x128@2x.png in a 256x256@2 folder.
    let icons = gen.join("icons");
    mkdir(&icons)?;
    for s in ICON_SIZES {
        let from = match s {
            32 => workspace_root().join("icons/32x32.png"),
            128 => workspace_root().join("icons/128x128.png"),
            256 => workspace_root().join("icons/128x128@2x.png"),
            512 => workspace_root().join("icons/icon.png"),
            _ => assets.join(format!("icons/{s}x{s}.png")),
        };
        copy(&from, &icons.join(format!("{s}x{s}.png")))?;
    }
    Ok(())
}

/// The uncompressed pages in `dir`, sorted.
fn man_pages(dir: &Path) -> Res<Vec<PathBuf>> {
    let mut pages: Vec<PathBuf> = fs::read_dir(dir)
        .or_else(|e| err(format!("{}: {e}", dir.display())))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "1"))
        .collect();
    pages.sort();
    Ok(pages)
}

/// `Depends` entries for the shared libraries the binaries link, from dpkg-shlibdeps (Debian's
/// own tool; it needs a debian/control, so it runs in a scratch folder with a minimal one).
fn shlib_depends(binaries: &[&Path]) -> Res<Vec<String>> {
    let dir = target_dir().join("package").join("shlibdeps");
    mkdir(&dir.join("debian"))?;
    write(
        &dir.join("debian/control"),
        "Source: lockstep\n\nPackage: lockstep\nArchitecture: any\n",
    )?;
    let mut cmd = Command::new("dpkg-shlibdeps");
    cmd.current_dir(&dir).arg("-O");
    for b in binaries {
        cmd.arg(format!("-e{}", b.display()));
    }
    let (status, out) = capture(&mut cmd, b"", Duration::from_secs(120))?;
    if !status.success() {
        return err("dpkg-shlibdeps failed (package dpkg-dev)");
    }
    let list = out
        .lines()
        .find_map(|l| l.strip_prefix("shlibs:Depends="))
        .unwrap_or_default();
    Ok(list
        .split(',')
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(str::to_owned)
        .collect())
}

/// The JSON merged over src-tauri/tauri.conf.json at bundle time.
fn bundler_config(cli: &Path, gen: &Path, shlibs: &[String]) -> String {
    let assets = workspace_root().join("packaging");
    let icon_paths: Vec<PathBuf> = ICON_SIZES
        .iter()
        .map(|s| gen.join(format!("icons/{s}x{s}.png")))
        .collect();
    // Files both packages carry beside what the bundler adds (app, desktop entry, icons).
    let mut common: Vec<(String, PathBuf)> = vec![
        (format!("/usr/bin/{NAME}"), cli.to_path_buf()),
        (
            format!("/usr/share/metainfo/{APP_ID}.metainfo.xml"),
            assets.join(format!("{APP_ID}.metainfo.xml")),
        ),
        (
            format!("/usr/share/bash-completion/completions/{NAME}"),
            gen.join("completions/lockstep.bash"),
        ),
        (
            format!("/usr/share/fish/vendor_completions.d/{NAME}.fish"),
            gen.join("completions/lockstep.fish"),
        ),
    ];
    for page in man_pages_gz(&gen.join("man1")) {
        let name = page
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        common.push((format!("/usr/share/man/man1/{name}"), page));
    }
    let mut deb = common.clone();
    deb.push((
        format!("/usr/share/zsh/vendor-completions/_{NAME}"),
        gen.join("completions/_lockstep"),
    ));
    deb.push((
        format!("/usr/share/doc/{NAME}/copyright"),
        assets.join("copyright"),
    ));
    deb.push((
        format!("/usr/share/doc/{NAME}/changelog.gz"),
        gen.join("changelog.gz"),
    ));
    let mut rpm = common;
    rpm.push((
        format!("/usr/share/zsh/site-functions/_{NAME}"),
        gen.join("completions/_lockstep"),
    ));
    rpm.push((
        format!("/usr/share/licenses/{NAME}/copyright"),
        assets.join("copyright"),
    ));

    let depends: Vec<String> = shlibs
        .iter()
        .filter(|d| !BUNDLER_DEPENDS.contains(&d.split([' ', '(']).next().unwrap_or_default()))
        .cloned()
        .chain(CAMERA_DEPENDS.iter().map(|s| s.to_string()))
        .collect();
    let desktop = assets.join("lockstep.desktop.hbs");
    format!(
        r#"{{
  "bundle": {{
    "active": true,
    "targets": ["deb", "rpm"],
    "publisher": "Lockstep developers <lockstep@example.invalid>",
    "homepage": "https://example.invalid/lockstep",
    "category": "Utility",
    "shortDescription": "two-factor authenticator with an encrypted local vault",
    "longDescription": "TOTP, HOTP and Steam Guard codes from an encrypted vault file on this computer,\nin a desktop window and on the command line (lockstep).",
    "icon": {icons},
    "linux": {{
      "deb": {{
        "section": "utils",
        "depends": {depends},
        "recommends": {recommends},
        "desktopTemplate": {desktop},
        "files": {deb_files}
      }},
      "rpm": {{
        "compression": {{ "type": "xz", "level": 9 }},
        "depends": {rpm_depends},
        "recommends": {rpm_recommends},
        "desktopTemplate": {desktop},
        "files": {rpm_files}
      }}
    }}
  }}
}}
"#,
        icons = json_list(icon_paths.iter().map(|p| p.display().to_string())),
        depends = json_list(depends),
        recommends = json_list(RECOMMENDS.iter().map(|s| s.to_string())),
        rpm_depends = json_list(RPM_DEPENDS.iter().map(|s| s.to_string())),
        rpm_recommends = json_list(RPM_RECOMMENDS.iter().map(|s| s.to_string())),
        desktop = json_str(&desktop.display().to_string()),
        deb_files = json_map(&deb),
        rpm_files = json_map(&rpm),
    )
}

fn man_pages_gz(dir: &Path) -> Vec<PathBuf> {
    let mut pages: Vec<PathBuf> = fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(".1.gz"))
        .collect();
    pages.sort();
    pages
}

fn json_str(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn json_list(items: impl IntoIterator<Item = String>) -> String {
    let items: Vec<String> = items.into_iter().map(|s| json_str(&s)).collect();
    format!("[{}]", items.join(", "))
}

fn json_map(pairs: &[(String, PathBuf)]) -> String {
    let items: Vec<String> = pairs
        .iter()
        .map(|(k, v)| format!("{}: {}", json_str(k), json_str(&v.display().to_string())))
        .collect();
    format!("{{\n          {}\n        }}", items.join(",\n          "))
}

fn mkdir(dir: &Path) -> Res {
    fs::create_dir_all(dir).or_else(|e| err(format!("cannot create {}: {e}", dir.display())))
}

fn copy(from: &Path, to: &Path) -> Res {
    fs::copy(from, to).map(|_| ()).or_else(|e| {
        err(format!(
            "cannot copy {} to {}: {e}",
            from.display(),
            to.display()
        ))
    })
}

fn write(path: &Path, text: &str) -> Res {
    fs::write(path, text).or_else(|e| err(format!("cannot write {}: {e}", path.display())))
}
