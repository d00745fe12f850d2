//! `lockstep backup` and `lockstep restore`: encrypted backups, the automatic ones, restoring by
//! merge or replace (with the plan shown first under `--dry-run`).

use std::path::Path;

use lockstep_core::backup::{self, RestoreMode, RestoreReport};
use lockstep_core::{Credential, Error};

use crate::auth::Ctx;
use crate::error::{input, Result};
use crate::{output, Outcome};

pub fn write(ctx: &Ctx, out: &Path) -> Result<Outcome> {
    let mut u = ctx.unlock()?;
    backup::write_backup(&mut u, out)?;
    println!(
        "Wrote an encrypted backup of {} accounts to {}.",
        u.vault.entries.len(),
        out.display()
    );
    println!("It opens with the password and recovery key the vault has now.");
    Ok(Outcome::Done)
}

pub fn list(ctx: &Ctx, json: bool) -> Result<Outcome> {
    let backups = backup::list_backups(&ctx.store)?;
    if json {
        output::json(&backups);
    } else if backups.is_empty() {
        eprintln!(
            "No automatic backups yet in {}.",
            backup::backups_dir(&ctx.store).display()
        );
    } else {
        let rows: Vec<Vec<String>> = backups
            .iter()
            .map(|b| {
                vec![
                    output::date(b.created),
                    b.reason.clone(),
                    b.size.to_string(),
                    b.path.display().to_string(),
                ]
            })
            .collect();
        output::table(&["DATE", "REASON", "BYTES", "FILE"], &rows);
    }
    Ok(Outcome::Done)
}

fn print_report(r: &RestoreReport, dry_run: bool) {
    let name = |e: &backup::EntryRef| {
        if e.account.is_empty() {
            e.issuer.clone()
        } else {
            format!("{} ({})", e.issuer, e.account)
        }
    };
    for (mark, list) in [("+", &r.added), ("~", &r.updated), ("-", &r.removed)] {
        for e in list.iter() {
            println!("  {mark} {}", name(e));
        }
    }
    let verb = if dry_run { "Would add" } else { "Added" };
    println!(
        "{verb} {}, updated {}, kept {}, removed {}.",
        r.added.len(),
        r.updated.len(),
        r.kept.len(),
        r.removed.len()
    );
}

pub fn restore(ctx: &Ctx, file: &Path, merge: bool, dry_run: bool) -> Result<Outcome> {
    let bytes = zeroize::Zeroizing::new(
        std::fs::read(file).map_err(|e| input(format!("cannot read {}: {e}", file.display())))?,
    );
    let mode = if merge {
        RestoreMode::Merge
    } else {
        RestoreMode::Replace
    };
    let cred = ctx.open_credential()?;
    // The backup usually opens with the vault's own credential; if it was made with another
    // password, ask for that one (LOCKSTEP_BACKUP_PASSWORD or a prompt).
    let opened = match backup::open_backup(&bytes, &cred) {
        Ok(u) => u,
        Err(Error::WrongPassword | Error::WrongRecoveryKey | Error::Slot(_)) => {
            let pw = ctx.other_password("LOCKSTEP_BACKUP_PASSWORD", &file.display().to_string())?;
            backup::open_backup(&bytes, &Credential::Password(pw))?
        }
        Err(e) => return Err(e.into()),
    };
    let report = if dry_run {
        let current = ctx.store.unlock(&cred)?;
        backup::plan_restore(&current.vault, &opened.vault, mode).1
    } else {
        backup::restore(&ctx.store, &cred, &opened.vault, mode, ctx.keep_backups)?
    };
    print_report(&report, dry_run);
    Ok(Outcome::Done)
}
