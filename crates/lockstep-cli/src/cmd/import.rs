//! `lockstep import SOURCE...`: other apps' exports and otpauth:// lists, detected or named with
//! `--format`, previewed (accounts already in the vault are skipped), then added in one save
//! after an automatic backup.

use std::io::Read;
use std::path::Path;

use lockstep_core::import::{read_detected, ImportError, ImportResult, Plan};
use lockstep_core::vault::now;

use crate::auth::Ctx;
use crate::cli::ImportArgs;
use crate::error::{input, Result};
use crate::Outcome;

/// Reads one source, asking for its password (LOCKSTEP_IMPORT_PASSWORD or a prompt) when it is encrypted.
fn read_source(ctx: &Ctx, path: &Path, format: &str) -> Result<(String, ImportResult)> {
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
    let (format, result) = match read_detected(&bytes, Some(format), None) {
        Err(e) if e.kind() == "import_missing_password" => {
            let password =
                ctx.other_password("LOCKSTEP_IMPORT_PASSWORD", &path.display().to_string())?;
            read_detected(&bytes, Some(format), Some(&password))?
        }
        other => other?,
    };
    Ok((format.name().to_owned(), result))
}

pub fn run(ctx: &Ctx, a: ImportArgs) -> Result<Outcome> {
    let mut all = ImportResult::default();
    let several = a.sources.len() > 1;
    for path in &a.sources {
        let (format, mut result) = read_source(ctx, path, &a.format)?;
        eprintln!(
            "{}: {} account{} read as {format}",
            path.display(),
            result.accounts.len(),
            if result.accounts.len() == 1 { "" } else { "s" }
        );
        if several {
            for e in &mut result.errors {
                *e = ImportError {
                    context: format!("{}: {}", path.display(), e.context),
                    message: std::mem::take(&mut e.message),
                };
            }
        }
        all.accounts.append(&mut result.accounts);
        all.errors.append(&mut result.errors);
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
        println!("{l}");
    }
    let verb = if dry_run { "Would add" } else { "Added" };
    println!(
        "{verb} {added} account{}; {duplicates} already in the vault; {errors} unreadable.",
        if added == 1 { "" } else { "s" }
    );
    Ok(if added == 0 && duplicates == 0 {
        Outcome::NothingFound
    } else {
        Outcome::Done
    })
}
