//! `lockstep scan`: every QR code in images, the clipboard, the screen or the camera, with the
//! accounts each holds. Needs no vault. Exit 0 when a code was found, 1 when none, 2 on an error (every source is
//! still tried; errors go to stderr).

use lockstep_core::qr::{self, Found, Source};
use serde::Serialize;

use crate::cli::CameraArgs;
use crate::error::{input, Result};
use crate::{output, Outcome};

#[derive(Serialize)]
struct Code<'a> {
    source: &'a str,
    payload: &'a str,
    accounts: Vec<AccountJson>,
}

#[derive(Serialize)]
struct AccountJson {
    uri: String,
    issuer: String,
    account: String,
}

pub fn run(
    images: &[String],
    screen: bool,
    clipboard: bool,
    camera: CameraArgs,
    json: bool,
) -> Result<Outcome> {
    let mut sources: Vec<Source> = images.iter().map(|a| Source::from_arg(a)).collect();
    sources.extend(clipboard.then_some(Source::Clipboard));
    sources.extend(screen.then_some(Source::Screen));
    if sources.is_empty() && !camera.camera {
        return Err(input(
            "give IMAGE files or folders, `-` for stdin, --clipboard, --screen or --camera",
        ));
    }
    let mut found: Vec<Found> = Vec::new();
    let mut first_error = None;
    for source in qr::expand(&sources)? {
        match qr::scan(&source) {
            Ok(f) => found.extend(f),
            Err(e) if first_error.is_none() => first_error = Some(e),
            Err(e) => eprintln!("error: {e}"),
        }
    }
    if camera.camera {
        match read_camera(camera) {
            Ok(f) => found.extend(f),
            Err(e) if first_error.is_none() => first_error = Some(e),
            Err(e) => eprintln!("error: {e}"),
        }
    }
    if json {
        let codes: Vec<Code> = found
            .iter()
            .map(|f| Code {
                source: &f.source,
                payload: &f.payload,
                accounts: f
                    .accounts
                    .iter()
                    .map(|a| AccountJson {
                        uri: lockstep_core::uri::format(a).to_string(),
                        issuer: a.issuer.clone(),
                        account: a.account.clone(),
                    })
                    .collect(),
            })
            .collect();
        output::json(&codes);
    } else {
        for f in &found {
            let batch = f
                .batch
                .map(|(i, n)| format!(" (export code {} of {n})", i + 1))
                .unwrap_or_default();
            match f.accounts.len() {
                0 if f.errors.is_empty() => {
                    say!("{}: QR code with text: {}", f.source, *f.payload)
                }
                n => say!("{}: {n} account(s){batch}", f.source),
            }
            for a in &f.accounts {
                say!(
                    "  {}: {}, {}",
                    a.display_name(),
                    a.otp.kind.as_str(),
                    a.otp.algorithm.as_str()
                );
            }
            for e in &f.errors {
                say!("  skipped {}: {}", e.context, e.message);
            }
        }
    }
    match first_error {
        Some(e) => Err(e.into()),
        None if found.is_empty() => Ok(Outcome::NothingFound),
        None => Ok(Outcome::Done),
    }
}

/// Reads the camera until its codes are complete, telling stderr of each new one.
pub fn read_camera(camera: CameraArgs) -> lockstep_core::Result<Vec<Found>> {
    read_camera_collection(camera).map(qr::camera::Collector::into_found)
}

/// The camera's collection (see [`read_camera`]).
pub fn read_camera_collection(camera: CameraArgs) -> lockstep_core::Result<qr::camera::Collector> {
    eprintln!(
        "camera: hold the QR code up to the camera (up to {} s)",
        camera.timeout
    );
    qr::camera::read_codes(
        camera.device,
        std::time::Duration::from_secs(camera.timeout),
        |p| match p
            .exports
            .iter()
            .find(|e| e.read < e.total)
            .or(p.exports.last())
        {
            Some(e) => eprintln!("camera: {} of {} export codes read", e.read, e.total),
            None => eprintln!(
                "camera: {} code{} read",
                p.codes,
                if p.codes == 1 { "" } else { "s" }
            ),
        },
    )
}
