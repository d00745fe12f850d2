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
    if format.eq_ignore_ascii_case("google-qr") {
        return google_qr(&u.vault.entries, out);
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

/// Google Authenticator "Transfer accounts" QR codes: one PNG per batch in the folder `out`.
fn google_qr(entries: &[lockstep_core::Entry], out: &Path) -> Result<Outcome> {
    let accounts: Vec<_> = entries.iter().map(|e| e.to_account()).collect();
    let batch_id = i32::from_be_bytes(lockstep_core::vault::crypto::random()?) & 0x7fff_ffff;
    let export = lockstep_core::migration::encode(&accounts, batch_id);
    std::fs::create_dir_all(out)
        .map_err(|e| input(format!("cannot create {}: {e}", out.display())))?;
    let n = export.links.len();
    for (i, link) in export.links.iter().enumerate() {
        let path = out.join(format!("google-authenticator-{}-of-{n}.png", i + 1));
        write_private_atomic(&path, &lockstep_core::qr::render::png(link, 0)?)?;
        println!("{}", path.display());
    }
    for s in &export.skipped {
        eprintln!("skipped {}: {}", s.context, s.message);
    }
    eprintln!("warning: these QR codes hold every secret; delete them once scanned.");
    println!(
        "Exported {} accounts in {n} QR code{} for Google Authenticator.",
        accounts.len() - export.skipped.len(),
        if n == 1 { "" } else { "s" }
    );
    Ok(Outcome::Done)
}
