//! `lockstep import FILE`: a text list of otpauth:// links, previewed, then added in one save.

use std::io::Read;

use lockstep_core::import::otpauth_list::OtpauthList;
use lockstep_core::import::{Importer, Plan};
use lockstep_core::vault::now;

use crate::auth::Ctx;
use crate::cli::ImportArgs;
use crate::error::{input, Result};
use crate::Outcome;

pub fn run(ctx: &Ctx, a: ImportArgs) -> Result<Outcome> {
    let bytes = if a.file.as_os_str() == "-" {
        if ctx.stdin_is_password() {
            return Err(input(
                "standard input cannot carry both the password and the file; use LOCKSTEP_PASSWORD",
            ));
        }
        let mut b = Vec::new();
        std::io::stdin()
            .read_to_end(&mut b)
            .map_err(|e| input(format!("cannot read standard input: {e}")))?;
        b
    } else {
        std::fs::read(&a.file)
            .map_err(|e| input(format!("cannot read {}: {e}", a.file.display())))?
    };
    let result = OtpauthList::read(&bytes, None)?;
    let dry_run = a.dry_run;
    let (plan_lines, added, duplicates, errors) = ctx.update_if(|u| {
        let plan = Plan::new(&u.vault, result);
        let mut lines = Vec::new();
        for p in &plan.accounts {
            let name = match (p.account.issuer.is_empty(), p.account.account.is_empty()) {
                (false, false) => format!("{} ({})", p.account.issuer, p.account.account),
                (false, true) => p.account.issuer.clone(),
                _ => p.account.account.clone(),
            };
            lines.push(match p.duplicate_of {
                None => format!("  + {name}"),
                Some(_) => format!("  = {name} (already in the vault, skipped)"),
            });
        }
        for e in &plan.errors {
            lines.push(format!("  ! {}: {}", e.context, e.message));
        }
        let dups = plan
            .accounts
            .iter()
            .filter(|p| p.duplicate_of.is_some())
            .count();
        let errs = plan.errors.len();
        let added = if dry_run {
            plan.new_accounts().count()
        } else {
            plan.apply(&mut u.vault, now())?
        };
        Ok(((lines, added, dups, errs), !dry_run && added > 0))
    })?;
    for l in &plan_lines {
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
