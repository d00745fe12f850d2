//! System packages (Debian/Ubuntu, apt) that the tests and the app need.

use crate::util::{capture, err, header, on_path, run, show, Res};
use std::process::Command;
use std::time::Duration;

/// Every system package xtask makes sure of. Add new needs here (one list for all
/// subcommands; e.g. the Tauri app will add libwebkit2gtk-4.1-dev, build-essential, ...).
pub const SYSTEM_PACKAGES: &[&str] = &[
    "oathtool",        // reference TOTP/HOTP codes in tests
    "gnome-keyring",   // a real Secret Service for the keyring slot tests
    "dbus",            // dbus-run-session: a private session bus for the tests
    "dbus-x11",        // dbus-launch, which some X11 clients expect
    "libsecret-tools", // secret-tool: keyring preflight
    "xvfb",            // headless X server for the GUI / end-to-end tests
    "xauth",
    // Building the screen capture (xcap: pipewire, wayland, gbm via bindgen) and clipboard.
    "pkg-config",
    "clang",
    "libclang-dev",
    "libpipewire-0.3-dev",
    "libgbm-dev",
    "libegl-dev",
    "libwayland-dev",
    "libxcb1-dev",
    "libxcb-randr0-dev",
    // QR tests under Xvfb: a real X11 clipboard and a window showing a code.
    "xclip",
    "xdotool",   // e2e: the global shortcut as the X server sees keys, the GTK save dialog
    "x11-utils", // xwininfo: bench/desktop.sh moves the focus off the window
    "imagemagick",
    // `scan --screen` on Wayland (crates/lockstep-cli/tests/screen_wayland.rs): a headless sway
    // showing a code, the portal with its wlroots backend (which runs grim and needs PipeWire);
    // -gtk because the portal offers Screenshot only when some backend implements Access.
    "sway",
    "swaybg",
    "grim",
    "pipewire-bin",
    "xdg-desktop-portal",
    "xdg-desktop-portal-wlr",
    "xdg-desktop-portal-gtk",
    // The desktop app (Tauri 2 on WebKitGTK) and its end-to-end tests.
    "build-essential",
    "libwebkit2gtk-4.1-dev",
    "libgtk-3-dev",
    "libayatana-appindicator3-dev", // tray icon
    "librsvg2-dev",
    "libssl-dev",
    "webkit2gtk-driver", // WebKitWebDriver, driven by tauri-driver
    // The camera (issue 18): GStreamer's headers for gstreamer-rs, and the elements the pipeline
    // uses: videoconvert/videoscale/appsink (-base), v4l2src/jpegdec/multifilesrc (-good),
    // pipewiresrc on the portal's remote (-pipewire).
    "libgstreamer1.0-dev",
    "libgstreamer-plugins-base1.0-dev",
    "gstreamer1.0-plugins-base",
    "gstreamer1.0-plugins-good",
    "gstreamer1.0-pipewire",
    // `cargo xtask package` and its install test (`cargo xtask test package`).
    "dpkg-dev",           // dpkg-shlibdeps: the .deb's Depends on shared libraries
    "rpm",                // rpm -qp: what the .rpm holds
    "lintian",            // Debian's package checker: no errors allowed
    "desktop-file-utils", // desktop-file-validate
    "appstream",          // appstreamcli validate
    "debootstrap",        // the throw-away Debian 12 root the .deb is installed into
];

/// The `windows` test phase's cross compiler and Wine. Installed with the others when xtask runs
/// as root; elsewhere a missing one is named with the command that installs it, and the phase
/// skips what needs it instead of failing the run.
pub const CROSS_PACKAGES: &[&str] = &["gcc-mingw-w64-x86-64", "wine64"];

/// Installs whatever in SYSTEM_PACKAGES is missing: with apt-get when root, otherwise prints the
/// sudo command and fails (exit 2). CROSS_PACKAGES too when it can; when not, it says so.
pub fn ensure() -> Res {
    if !on_path("dpkg-query") {
        return err(format!(
            "dpkg-query not found: xtask installs system packages on Debian/Ubuntu only; \
             install these yourself: {}",
            SYSTEM_PACKAGES.join(" ")
        ));
    }
    let missing = missing_packages(SYSTEM_PACKAGES)?;
    let cross = missing_packages(CROSS_PACKAGES)?;
    if missing.is_empty() && cross.is_empty() {
        header(&format!(
            "system packages present ({})",
            SYSTEM_PACKAGES.len() + CROSS_PACKAGES.len()
        ));
        return Ok(());
    }
    let root = is_root()?;
    if !missing.is_empty() {
        if !root {
            let list = missing.join(" ");
            eprintln!("xtask: missing system packages: {list}");
            eprintln!("xtask: install them with:");
            eprintln!(
                "    sudo apt-get update && sudo apt-get install -y --no-install-recommends {list}"
            );
            return err("missing system packages (see above)");
        }
        apt_install(&missing)?;
    }
    if !cross.is_empty() {
        let why = if root {
            apt_install(&cross)
                .err()
                .map(|_| "apt-get could not install them")
        } else {
            Some("not root")
        };
        if let Some(why) = why {
            header(&format!(
                "not installed ({why}): {}; the Windows build and its Wine tests will be \
                 skipped (sudo apt-get install -y --no-install-recommends {0})",
                cross.join(" ")
            ));
        }
    }
    Ok(())
}

fn apt_install(packages: &[&'static str]) -> Res {
    let list = packages.join(" ");
    header(&format!("installing {list}"));
    run(Command::new("apt-get").arg("update"), "apt-get update")?;
    let mut install = Command::new("apt-get");
    install
        .env("DEBIAN_FRONTEND", "noninteractive")
        .args(["install", "-y", "--no-install-recommends"])
        .args(packages);
    run(&mut install, "apt-get install")?;
    let still = missing_packages(packages)?;
    if !still.is_empty() {
        return err(format!(
            "`{}` did not install: {}",
            show(&install),
            still.join(" ")
        ));
    }
    Ok(())
}

fn missing_packages(wanted: &[&'static str]) -> Res<Vec<&'static str>> {
    let mut missing = Vec::new();
    for &pkg in wanted {
        let mut query = Command::new("dpkg-query");
        query
            .args(["-W", "-f=${Status}", pkg])
            .stderr(std::process::Stdio::null());
        let (status, out) = capture(&mut query, b"", Duration::from_secs(30))?;
        // "install ok installed" (or "hold ok installed"); anything else
        // (unknown, config-files, half-configured, not-installed) counts as missing.
        if !status.success() || out.split_whitespace().nth(2) != Some("installed") {
            missing.push(pkg);
        }
    }
    Ok(missing)
}

/// Makes sure rustup has the standard library for `triple` (`rustup target add`). When it cannot
/// (no rustup, no network), says so and returns false: the caller skips what needs the target.
pub fn ensure_rust_target(triple: &str) -> bool {
    let listed = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output();
    let installed = match listed {
        Ok(out) if out.status.success() => String::from_utf8_lossy(&out.stdout)
            .lines()
            .any(|l| l.trim() == triple),
        _ => {
            header(&format!(
                "SKIPPED what needs the Rust target {triple}: rustup is not available to \
                 install it"
            ));
            return false;
        }
    };
    if installed {
        return true;
    }
    header(&format!("rustup target add {triple}"));
    let added = Command::new("rustup")
        .args(["target", "add", triple])
        .status()
        .is_ok_and(|s| s.success());
    if !added {
        header(&format!(
            "SKIPPED what needs the Rust target {triple}: `rustup target add {triple}` failed"
        ));
    }
    added
}

fn is_root() -> Res<bool> {
    let (status, out) = capture(Command::new("id").arg("-u"), b"", Duration::from_secs(10))?;
    if !status.success() {
        return err("`id -u` failed");
    }
    Ok(out.trim() == "0")
}

/// Python modules the tests use as independent second implementations (tools/read_vault.py).
/// and a second QR decoder (zxing-cpp) that must read the codes Lockstep draws.
pub const PYTHON_MODULES: &[(&str, &str, &str)] = &[
    // (import name, pip package, Debian package or "" when Debian has none)
    ("cryptography", "cryptography", "python3-cryptography"),
    ("argon2", "argon2-cffi", "python3-argon2"),
    ("PIL", "pillow", "python3-pil"),
    ("zxingcpp", "zxing-cpp", ""),
    // A second QR encoder: draws the code the Wayland screen test shows.
    ("segno", "segno", "python3-segno"),
];

/// Installs missing Python modules for the `python3` on PATH: pip first (works for a
/// user-installed Python), then Debian's packages (for the system Python, where pip refuses).
pub fn ensure_python() -> Res {
    let missing: Vec<_> = PYTHON_MODULES
        .iter()
        .filter(|(module, _, _)| {
            !std::process::Command::new("python3")
                .args(["-c", &format!("import {module}")])
                .output()
                .map(|o| o.status.success())
                .unwrap_or(false)
        })
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    let pips: Vec<&str> = missing.iter().map(|m| m.1).collect();
    crate::util::header(&format!("installing Python modules: {}", pips.join(" ")));
    let pip_ok = std::process::Command::new("python3")
        .args([
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
        ])
        .args(&pips)
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    if pip_ok {
        return Ok(());
    }
    let debs: Vec<&str> = missing
        .iter()
        .map(|m| m.2)
        .filter(|d| !d.is_empty())
        .collect();
    if debs.len() < missing.len() {
        return crate::util::err(format!(
            "pip could not install {}; run `python3 -m pip install {}`",
            pips.join(" "),
            pips.join(" ")
        ));
    }
    let mut apt = std::process::Command::new("apt-get");
    apt.args(["install", "-y", "--no-install-recommends"])
        .args(&debs)
        .env("DEBIAN_FRONTEND", "noninteractive");
    crate::util::run(&mut apt, "apt-get install (Python modules)")
}
