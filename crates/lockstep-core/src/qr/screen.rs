//! The screen as a QR source: every monitor is captured and scanned. On X11 with xcap; on a
//! Wayland session through the xdg-desktop-portal Screenshot interface (ashpd), which is the only
//! way a Wayland compositor lets an app see the screen (one picture of all outputs). Chosen at
//! run time from the session's environment; when neither works the error names what is missing.

use std::path::PathBuf;

use super::{load, scan_image, Found};
use crate::error::{Error, Result};

/// How the screen is captured in this session.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    /// X11 (or XWayland without a Wayland session), with xcap.
    X11,
    /// A Wayland session, through the desktop portal.
    Portal,
}

fn env_set(name: &str) -> bool {
    std::env::var_os(name).is_some_and(|v| !v.is_empty())
}

/// The backend for this session: the portal when it is a Wayland session, X11 when `DISPLAY` is
/// set, otherwise an error that says what is missing.
pub fn backend() -> Result<Backend> {
    // Elsewhere xcap reads the screen through the system's own API, with no session to find.
    if cfg!(not(target_os = "linux")) {
        return Ok(Backend::X11);
    }
    let wayland = env_set("WAYLAND_DISPLAY")
        || std::env::var("XDG_SESSION_TYPE").is_ok_and(|t| t.eq_ignore_ascii_case("wayland"));
    if wayland {
        Ok(Backend::Portal)
    } else if env_set("DISPLAY") {
        Ok(Backend::X11)
    } else {
        Err(Error::ScreenCapture(
            "no graphical session found: neither DISPLAY (X11) nor WAYLAND_DISPLAY (Wayland) is set".into(),
        ))
    }
}

/// Every QR code on every monitor. Sources are named `screen` (one monitor) or `screen N`.
pub fn scan() -> Result<Vec<Found>> {
    match backend()? {
        Backend::X11 => scan_x11(),
        Backend::Portal => match scan_portal() {
            Ok(found) => Ok(found),
            // A Wayland session may still run XWayland; xcap then sees X windows at least.
            Err(portal) if env_set("DISPLAY") => scan_x11().map_err(|_| portal),
            Err(portal) => Err(portal),
        },
    }
}

/// X11 on Linux; on Windows and macOS xcap reads the screen through the system's own API.
fn scan_x11() -> Result<Vec<Found>> {
    let monitors = xcap::Monitor::all().map_err(|e| {
        Error::ScreenCapture(if cfg!(target_os = "linux") {
            format!(
                "the X11 display cannot be read ({e}); is DISPLAY right and the X server running?"
            )
        } else {
            format!("the screen cannot be read ({e})")
        })
    })?;
    if monitors.is_empty() {
        return Err(Error::ScreenCapture(
            "the system reports no monitors".into(),
        ));
    }
    let count = monitors.len();
    let mut found = Vec::new();
    for (i, monitor) in monitors.iter().enumerate() {
        let name = if count == 1 {
            "screen".to_owned()
        } else {
            format!("screen {}", i + 1)
        };
        let image = monitor
            .capture_image()
            .map_err(|e| Error::ScreenCapture(format!("capturing {name} failed ({e})")))?;
        load::check_size(&name, image.width(), image.height())?;
        found.extend(scan_image(&name, &image::DynamicImage::ImageRgba8(image)));
    }
    Ok(found)
}

#[cfg(not(target_os = "linux"))]
fn scan_portal() -> Result<Vec<Found>> {
    Err(Error::ScreenCapture(
        "the desktop portal (Wayland screen capture) is not available on this system".into(),
    ))
}

#[cfg(target_os = "linux")]
fn scan_portal() -> Result<Vec<Found>> {
    use ashpd::desktop::screenshot::Screenshot;
    let missing = |e: ashpd::Error| {
        Error::ScreenCapture(format!(
            "the xdg-desktop-portal Screenshot interface did not answer ({e}); install \
             xdg-desktop-portal with a backend for your desktop (-gnome, -kde, or -wlr together \
             with -gtk, since the portal offers screenshots only beside a backend with Access)"
        ))
    };
    let uri = async_io::block_on(async {
        let request = Screenshot::request()
            .interactive(false)
            .modal(false)
            .send()
            .await
            .map_err(missing)?;
        let response = request.response().map_err(|e| match e {
            ashpd::Error::Response(_) => {
                Error::ScreenCapture("the screenshot was cancelled or refused".into())
            }
            other => missing(other),
        })?;
        Ok::<_, Error>(response.uri().as_str().to_owned())
    })?;
    let path = file_path(&uri).ok_or_else(|| {
        Error::ScreenCapture(format!("the portal returned an unusable location ({uri})"))
    })?;
    let bytes = std::fs::read(&path).map_err(Error::io("cannot read the screenshot", &path));
    // The portal saved the picture for us alone; it may show secrets, so it does not stay on disk.
    let _ = std::fs::remove_file(&path);
    super::scan_bytes("screen", &bytes?)
}

/// The local path of a `file://` URI (RFC 8089): an empty or `localhost` host, an absolute
/// path, percent-escapes decoded to bytes (file names need not be UTF-8).
#[cfg_attr(not(target_os = "linux"), allow(dead_code))] // only the portal hands out URIs
fn file_path(uri: &str) -> Option<PathBuf> {
    let rest = uri.strip_prefix("file://")?;
    let path = rest.strip_prefix("localhost").unwrap_or(rest);
    if !path.starts_with('/') {
        return None; // another host, or not a path at all
    }
    let bytes: Vec<u8> = percent_encoding::percent_decode_str(path).collect();
    if bytes.contains(&0) {
        return None;
    }
    #[cfg(unix)]
    let path =
        PathBuf::from(<std::ffi::OsString as std::os::unix::ffi::OsStringExt>::from_vec(bytes));
    #[cfg(not(unix))]
    let path = PathBuf::from(String::from_utf8(bytes).ok()?);
    Some(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn portal_uris_become_paths() {
        assert_eq!(
            file_path("file:///home/a/Pictures/Screenshot%20from%20x.png"),
            Some(PathBuf::from("/home/a/Pictures/Screenshot from x.png"))
        );
        assert_eq!(file_path("https://x/y"), None);
    }

    #[test]
    fn only_local_absolute_file_uris_are_paths() {
        assert_eq!(
            file_path("file://localhost/tmp/out.png"),
            Some(PathBuf::from("/tmp/out.png"))
        );
        assert_eq!(file_path("file://server/share/shot.png"), None);
        assert_eq!(file_path("file:relative.png"), None);
        assert_eq!(file_path("file:///tmp/a%00b.png"), None);
    }

    #[cfg(unix)]
    #[test]
    fn file_names_need_not_be_utf8() {
        use std::os::unix::ffi::OsStrExt;
        let path = file_path("file:///tmp/caf%E9.png").expect("a path");
        assert_eq!(path.as_os_str().as_bytes(), b"/tmp/caf\xe9.png");
    }
}
