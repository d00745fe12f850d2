//! `lockstep import SOURCE...`: other apps' exports and otpauth:// lists, detected or named with
//! `--format`, previewed (accounts already in the vault are skipped), then added in one save
//! after an automatic backup.

use std::io::Read;
use std::path::Path;

use lockstep_core::import::{read_detected, ImportError, ImportResult, Plan};
use lockstep_core::qr;
use lockstep_core::vault::now;

use crate::auth::Ctx;
use crate::cli::ImportArgs;
use crate::error::{input, Result};
use crate::Outcome;

/// Whether bytes or a name look like an image (then the source is scanned for QR codes).
fn is_image(path: &Path, bytes: &[u8]) -> bool {
    const MAGIC: [&[u8]; 5] = [b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"BM", b"RIFF"];
    MAGIC.iter().any(|m| bytes.starts_with(m))
        || path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
            qr::IMAGE_EXTENSIONS
                .iter()
                .any(|x| x.eq_ignore_ascii_case(e))
        })
}

/// Accounts from QR codes (images, the clipboard, the screen) or from text holding otpauth and
/// Google export links (`otpauth-migration://`).
fn from_codes(found: Vec<qr::Found>) -> ImportResult {
    qr::to_import(found)
}

/// Reads one source, asking for its password (LOCKSTEP_IMPORT_PASSWORD or a prompt) when it is encrypted.
fn read_source(ctx: &Ctx, path: &Path, format: &str) -> Result<(String, ImportResult)> {
    if path.is_dir() {
        let mut found = Vec::new();
        for s in qr::expand(&[qr::Source::Path(path.to_owned())])? {
            found.extend(qr::scan(&s)?);
        }
        return Ok(("QR codes in images".into(), from_codes(found)));
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
        zeroize::Zeroizing::new(b)
    } else {
        zeroize::Zeroizing::new(
            std::fs::read(path)
                .map_err(|e| input(format!("cannot read {}: {e}", path.display())))?,
        )
    };
    if format.eq_ignore_ascii_case("qr")
        || (format.eq_ignore_ascii_case("auto") && is_image(path, &bytes))
    {
        return Ok((
            "a QR code image".into(),
            from_codes(qr::scan_bytes(&path.display().to_string(), &bytes)?),
        ));
    }
    let (format, result) = match read_detected(&bytes, Some(format), None) {
        Err(e) if e.kind() == "import_missing_password" => {
            let password =
                ctx.other_password("LOCKSTEP_IMPORT_PASSWORD", &path.display().to_string())?;
            read_detected(&bytes, Some(format), Some(&password))?
        }
        // A file no structure identifies may be a headerless encrypted backup (old andOTP, TOTP
        // Authenticator): core tries those only with a password, so try the one given, if any.
        Err(e) if e.kind() == "import_unknown_format" => {
            match std::env::var("LOCKSTEP_IMPORT_PASSWORD") {
                Ok(password) => {
                    let password = zeroize::Zeroizing::new(password);
                    read_detected(&bytes, Some(format), Some(&password)).map_err(|_| e)?
                }
                Err(_) => return Err(e.into()),
            }
        }
        other => other?,
    };
    Ok((format.name().to_owned(), result))
}

/// Reads one source when called: (format name, what it yielded).
type Reader<'a> = Box<dyn Fn() -> Result<(String, ImportResult)> + 'a>;

pub fn run(ctx: &Ctx, a: ImportArgs) -> Result<Outcome> {
    let mut all = ImportResult::default();
    let several = a.sources.len() + usize::from(a.screen) + usize::from(a.clipboard) > 1;
    let mut sources: Vec<(String, Reader)> = Vec::new();
    for path in &a.sources {
        let format = a.format.clone();
        sources.push((
            path.display().to_string(),
            Box::new(move || read_source(ctx, path, &format)),
        ));
    }
    if a.clipboard {
        sources.push((
            "clipboard".into(),
            Box::new(|| {
                Ok((
                    "QR codes or links in the clipboard".into(),
                    from_codes(qr::scan(&qr::Source::Clipboard)?),
                ))
            }),
        ));
    }
    if a.screen {
        sources.push((
            "screen".into(),
            Box::new(|| {
                Ok((
                    "QR codes on the screen".into(),
                    from_codes(qr::scan(&qr::Source::Screen)?),
                ))
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
            for e in &mut result.errors {
                *e = ImportError {
                    context: format!("{name}: {}", e.context),
                    message: std::mem::take(&mut e.message),
                };
            }
        }
        all.append(result);
    }
    let dry_run = a.dry_run;
    let keep = ctx.keep_backups;
    let (lines, added, duplicates, errors) = ctx.update_if(|u| {
        let plan = Plan::new(&u.vault, all);
        let mut lines: Vec<String> = plan
            .accounts
            .iter()
            .map(|p| {
                let name = match (p.account.issuer.is_empty(), p.account.account.is_empty()) {
                    (false, false) => format!("{} ({})", p.account.issuer, p.account.account),
                    (false, true) => p.account.issuer.clone(),
                    _ => p.account.account.clone(),
                };
                match p.duplicate_of {
                    None => format!("  + {name}"),
                    Some(_) => format!("  = {name} (already in the vault, skipped)"),
                }
            })
            .collect();
        lines.extend(
            plan.errors
                .iter()
                .map(|e| format!("  ! {}: {}", e.context, e.message)),
        );
        let dups = plan
            .accounts
            .iter()
            .filter(|p| p.duplicate_of.is_some())
            .count();
        let errs = plan.errors.len();
        let new = plan.new_accounts().count();
        if dry_run || new == 0 {
            return Ok(((lines, new, dups, errs), false));
        }
        // A bulk change: keep a copy of the vault as it was, under the lock.
        lockstep_core::backup::auto_backup(&ctx.store, "import", keep)?;
        let added = plan.apply(&mut u.vault, now())?;
        Ok(((lines, added, dups, errs), true))
    })?;
    for l in &lines {
        say!("{l}");
    }
    let verb = if dry_run { "Would add" } else { "Added" };
    say!(
        "{verb} {added} account{}; {duplicates} already in the vault; {errors} unreadable.",
        if added == 1 { "" } else { "s" }
    );
    Ok(if added == 0 && duplicates == 0 {
        Outcome::NothingFound
    } else {
        Outcome::Done
    })
}
