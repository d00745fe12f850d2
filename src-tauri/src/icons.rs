//! The `icon:` URI scheme the window loads logos from (`icon://localhost/si/<slug>` or
//! `…/pack/<uuid>/<file>`; `http://icon.localhost/…` on Windows): one icon per request, only
//! for the rows an `<img>` is in, so the set never crosses into the webview whole. The bytes
//! come from the core (`lockstep_core::icons::serve`); a response allows itself nothing (CSP).

use std::borrow::Cow;

use tauri::http::{header, Request, Response, StatusCode};
use tauri::{AppHandle, Manager, Runtime, UriSchemeContext};

use crate::state::AppState;

/// The scheme's name (the CSP's `img-src` names it too: tauri.conf.json).
pub const SCHEME: &str = "icon";

/// Tells the core where the bundled simple-icons set is: the app's resource folder
/// (tauri.conf.json, `bundle.resources`; in a `cargo build`, tauri-build copies it beside the
/// binary). Read on first need; without it every entry keeps its letter.
pub fn locate<R: Runtime>(app: &AppHandle<R>) {
    use lockstep_core::icons::bundled;
    match app.path().resource_dir() {
        Ok(dir) => bundled::set_dir(dir.join(bundled::RESOURCE_DIR)),
        Err(e) => eprintln!("lockstep: no resource folder for the icon set: {e}"),
    }
}

/// Answers one request of the scheme.
pub fn respond<R: Runtime>(
    ctx: UriSchemeContext<'_, R>,
    request: Request<Vec<u8>>,
) -> Response<Cow<'static, [u8]>> {
    let dir = ctx.app_handle().state::<AppState>().packs_dir();
    let path = request.uri().path();
    let found = lockstep_core::icons::serve(path, dir.as_deref());
    let builder = Response::builder()
        .header(
            "Content-Security-Policy",
            "default-src 'none'; style-src 'unsafe-inline'",
        )
        .header("X-Content-Type-Options", "nosniff");
    let response = match found {
        Some((mime, bytes)) => builder
            .header(header::CONTENT_TYPE, mime)
            // Not kept in WebKit's memory cache once no row shows it: an SVG image is a whole
            // document there (docs/performance.md, "Issuer icons"); a row scrolled back into
            // view asks again, and one block is inflated again.
            .header(header::CACHE_CONTROL, "no-store")
            .body(Cow::Owned(bytes)),
        None => builder
            .status(StatusCode::NOT_FOUND)
            .body(Cow::Borrowed(&b""[..])),
    };
    response.unwrap_or_else(|_| Response::new(Cow::Borrowed(&b""[..])))
}
