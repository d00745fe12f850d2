//! `lockstep export --format F --out FILE`: accounts for another app, or an encrypted backup.

use std::path::Path;

use lockstep_core::backup;
use lockstep_core::export::{export, ExportFormat};
use lockstep_core::vault::store::write_private_atomic;

use crate::auth::Ctx;
use crate::error::{input, Result};
use crate::Outcome;

pub fn run(ctx: &Ctx, format: &str, out: &Path) -> Result<Outcome> {
    let mut u = ctx.unlock()?;
    if format.eq_ignore_ascii_case("lockstep") {
        backup::write_backup(&mut u, out)?;
        println!(
            "Wrote an encrypted backup of {} accounts to {}.",
            u.vault.entries.len(),
            out.display()
        );
        return Ok(Outcome::Done);
    }
    let format = ExportFormat::parse(format)?;
    let password = if format.needs_password() {
        let pw = ctx.other_password("LOCKSTEP_EXPORT_PASSWORD", &out.display().to_string())?;
        lockstep_core::vault::check_new_password(&pw)
            .map_err(|e| input(format!("export password: {e}")))?;
        Some(pw)
    } else {
        None
    };
    let bytes = export(
        &u.vault.entries,
        format,
        password.as_deref().map(|p| p.as_str()),
    )?;
    write_private_atomic(out, &bytes)?;
    if format.is_plain() {
        eprintln!(
            "warning: {} holds every secret in clear text; delete it once it is imported.",
            out.display()
        );
    }
    println!(
        "Exported {} accounts as {} to {}.",
        u.vault.entries.len(),
        format.id(),
        out.display()
    );
    Ok(Outcome::Done)
}
