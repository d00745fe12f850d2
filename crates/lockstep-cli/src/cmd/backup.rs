//! `lockstep backup` and `lockstep restore`: encrypted backups, the automatic ones, restoring by
//! merge or replace (with the plan shown first under `--dry-run`).

use std::path::Path;

use lockstep_core::session::{
    self, backups_dir, EntryRef, ExportFormat, RestoreMode, RestoreReport,
};
use lockstep_core::Category;

use crate::auth::{backups, Ctx};
use crate::error::{input, Result};
use crate::{output, Outcome};

pub fn write(ctx: &Ctx, out: &Path) -> Result<Outcome> {
    let mut s = ctx.open()?;
    // A folder gets a dated file: lockstep-backup-YYYY-MM-DD.lockstep.
    let dated;
    let out = if out.is_dir() {
        dated = out.join(ExportFormat::Lockstep.file_name_at(session::now()));
        dated.as_path()
    } else {
        out
    };
    let done = s.export(ExportFormat::Lockstep, out, None)?;
    say!(
        "Wrote an encrypted backup of {} accounts to {}.",
        done.accounts,
        out.display()
    );
    say!("It opens with the password and recovery key the vault has now.");
    Ok(Outcome::Done)
}

pub fn list(ctx: &Ctx, json: bool) -> Result<Outcome> {
    let backups = backups(ctx)?;
    if json {
        output::json(&backups);
    } else if backups.is_empty() {
        eprintln!(
            "No automatic backups yet in {}.",
            backups_dir(&ctx.store()).display()
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

/// `lockstep backup --verify FILE`: opens the backup with the vault's credentials (another
/// vault's with its password) and says how it compares with the vault. Changes nothing.
pub fn verify(ctx: &Ctx, file: &Path, json: bool) -> Result<Outcome> {
    let bytes = read_backup(file)?;
    let name = file.display().to_string();
    let mut s = ctx.open()?;
    let report = match s.verify_backup(&bytes, None) {
        Err(e) if e.category() == Category::BackupPassword => {
            s.verify_backup(&bytes, Some(backup_password(ctx, &name)?))?
        }
        other => other?,
    };
    if json {
        output::json(&report);
    } else {
        for (mark, list) in [("-", &report.missing), ("~", &report.differ)] {
            for e in list.iter() {
                say!("  {mark} {}", EntryRef::display_name(e));
            }
        }
        say!(
            "{} match, {} missing from the backup, {} differ, {} only in the backup.",
            report.matching.len(),
            report.missing.len(),
            report.differ.len(),
            report.only_in_backup.len()
        );
        if report.complete() {
            say!("The backup holds every account as the vault has it now.");
        }
    }
    Ok(if report.complete() {
        Outcome::Done
    } else {
        Outcome::NothingFound
    })
}

fn read_backup(file: &Path) -> Result<zeroize::Zeroizing<Vec<u8>>> {
    Ok(zeroize::Zeroizing::new(std::fs::read(file).map_err(
        |e| input(format!("cannot read {}: {e}", file.display())),
    )?))
}

/// The password of another vault's backup: LOCKSTEP_BACKUP_PASSWORD, the password given for the
/// vault (backups are often made with the same one), or a prompt.
fn backup_password(ctx: &Ctx, name: &str) -> Result<zeroize::Zeroizing<String>> {
    match std::env::var("LOCKSTEP_BACKUP_PASSWORD") {
        Ok(pw) => Ok(zeroize::Zeroizing::new(pw)),
        Err(_) if ctx.stdin_is_password() || std::env::var_os("LOCKSTEP_PASSWORD").is_some() => {
            ctx.password("")
        }
        Err(_) => ctx.other_password("LOCKSTEP_BACKUP_PASSWORD", name),
    }
}

fn print_report(r: &RestoreReport, dry_run: bool) {
    for (mark, list) in [("+", &r.added), ("~", &r.updated), ("-", &r.removed)] {
        for e in list.iter() {
            say!("  {mark} {}", EntryRef::display_name(e));
        }
    }
    let verb = if dry_run { "Would add" } else { "Added" };
    say!(
        "{verb} {}, updated {}, kept {}, removed {}.",
        r.added.len(),
        r.updated.len(),
        r.kept.len(),
        r.removed.len()
    );
}

/// `lockstep restore FILE`: into the vault (its own backups open with its keys; another vault's
/// with that backup's password), or, on a computer with no vault yet, the backup becomes the
/// vault, with its accounts, password and recovery key.
pub fn restore(ctx: &Ctx, file: &Path, merge: bool, dry_run: bool) -> Result<Outcome> {
    let bytes = read_backup(file)?;
    let name = file.display().to_string();
    if !ctx.vault_path().exists() {
        if dry_run {
            say!("There is no vault here yet: restoring would make this backup the vault.");
            return Ok(Outcome::Done);
        }
        let credential = ctx.backup_credential(&name)?;
        let n = session::restore_as_new(&ctx.store(), &bytes, &credential)?;
        say!(
            "Restored {n} accounts: the backup is now the vault at {}; it opens with the backup's password and recovery key.",
            ctx.vault_path().display()
        );
        return Ok(Outcome::Done);
    }
    let mode = if merge {
        RestoreMode::Merge
    } else {
        RestoreMode::Replace
    };
    let mut s = ctx.open()?;
    let report = match s.plan_restore(&bytes, None, mode) {
        Err(e) if e.category() == Category::BackupPassword => {
            s.plan_restore(&bytes, Some(backup_password(ctx, &name)?), mode)?
        }
        other => other?,
    };
    let report = if dry_run { report } else { s.commit_restore()? };
    print_report(&report, dry_run);
    Ok(Outcome::Done)
}
