//! `lockstep import SOURCE...`: other apps' exports, otpauth:// lists and QR pictures (read by
//! core's `import::read_source`), the clipboard, the screen and the camera; previewed (accounts already in
//! the vault are skipped), then added in one change after an automatic backup.

use std::io::Read as _;
use std::path::Path;

use lockstep_core::import::ImportFailure;
use lockstep_core::import::{read_source, ImportResult};
use lockstep_core::{qr, Category, Error};

use crate::auth::Ctx;
use crate::cli::ImportArgs;
use crate::error::{input, Result};
use crate::Outcome;

/// Reads one source, asking for its password (LOCKSTEP_IMPORT_PASSWORD or a prompt) when the
/// core says it is encrypted.
fn read_path(ctx: &Ctx, path: &Path, format: &str) -> Result<(String, ImportResult)> {
    if path.is_dir() {
        let mut found = Vec::new();
        for s in qr::expand(&[qr::Source::Path(path.to_owned())])? {
            found.extend(qr::scan(&s)?);
        }
        return Ok(("QR codes in images".into(), qr::to_import(found)));
    }
    let bytes = if path.as_os_str() == "-" {
        if ctx.stdin_is_password() {
            return Err(input(
                "standard input cannot carry both the password and the file; use LOCKSTEP_PASSWORD",
            ));
        }
        let mut b = Vec::new();
        std::io::stdin()
            .read_to_end(&mut b)
            .map_err(|e| input(format!("cannot read standard input: {e}")))?;
        ctx.used_stdin();
        zeroize::Zeroizing::new(b)
    } else {
        zeroize::Zeroizing::new(
            std::fs::read(path)
                .map_err(|e| input(format!("cannot read {}: {e}", path.display())))?,
        )
    };
    let read = match read_source(path, &bytes, Some(format), None) {
        Err(e) if e.category() == Category::ImportPassword => {
            let password =
                ctx.other_password("LOCKSTEP_IMPORT_PASSWORD", &path.display().to_string())?;
            read_source(path, &bytes, Some(format), Some(&password))?
        }
        // A file no structure identifies may be a headerless encrypted backup (old andOTP, TOTP
        // Authenticator): core tries those only with a password, so try the one given, if any.
        Err(e @ Error::ImportFailed(ImportFailure::UnknownFormat { .. })) => {
            match std::env::var("LOCKSTEP_IMPORT_PASSWORD") {
                Ok(password) => {
                    let password = zeroize::Zeroizing::new(password);
                    read_source(path, &bytes, Some(format), Some(&password)).map_err(|_| e)?
                }
                Err(_) => return Err(e.into()),
            }
        }
        other => other?,
    };
    Ok((read.read_as, read.result))
}

/// Reads one source when called: (format name, what it yielded).
type Reader<'a> = Box<dyn Fn() -> Result<(String, ImportResult)> + 'a>;

pub fn run(ctx: &Ctx, a: ImportArgs) -> Result<Outcome> {
    let mut all = ImportResult::default();
    let several = a.sources.len()
        + usize::from(a.screen)
        + usize::from(a.clipboard)
        + usize::from(a.camera.camera)
        > 1;
    let mut sources: Vec<(String, Reader)> = Vec::new();
    for path in &a.sources {
        let format = a.format.clone();
        sources.push((
            path.display().to_string(),
            Box::new(move || read_path(ctx, path, &format)),
        ));
    }
    for (on, name, source, what) in [
        (
            a.clipboard,
            "clipboard",
            qr::Source::Clipboard,
            "QR codes or links in the clipboard",
        ),
        (
            a.screen,
            "screen",
            qr::Source::Screen,
            "QR codes on the screen",
        ),
    ] {
        if on {
            sources.push((
                name.into(),
                Box::new(move || Ok((what.into(), qr::to_import(qr::scan(&source)?)))),
            ));
        }
    }
    if a.camera.camera {
        let camera = a.camera;
        sources.push((
            "camera".into(),
            Box::new(move || {
                let collected = super::scan::read_camera_collection(camera)?;
                Ok(("QR codes from the camera".into(), collected.into_import()))
            }),
        ));
    }
    for (name, read) in &sources {
        let (format, mut result) = read()?;
        eprintln!(
            "{name}: {} account{} read as {format}",
            result.accounts.len(),
            if result.accounts.len() == 1 { "" } else { "s" }
        );
        if several {
            result.errors = std::mem::take(&mut result.errors)
                .into_iter()
                .map(|e| e.in_source(name))
                .collect();
        }
        all.append(result);
    }
    let mut s = ctx.open()?;
    let preview = s.preview(all)?;
    for p in &preview.accounts {
        if p.duplicate {
            say!("  = {} (already in the vault, skipped)", p.name);
        } else {
            say!("  + {}", p.name);
        }
    }
    for e in &preview.errors {
        say!("  ! {}: {}", e.context, e.message);
    }
    let duplicates = preview.accounts.iter().filter(|p| p.duplicate).count();
    let new = preview.accounts.len() - duplicates;
    let added = if a.dry_run {
        new
    } else {
        s.commit_import(None)?.added.len()
    };
    let verb = if a.dry_run { "Would add" } else { "Added" };
    say!(
        "{verb} {added} account{}; {duplicates} already in the vault; {} unreadable.",
        if added == 1 { "" } else { "s" },
        preview.errors.len()
    );
    Ok(if added == 0 && duplicates == 0 {
        Outcome::NothingFound
    } else {
        Outcome::Done
    })
}
