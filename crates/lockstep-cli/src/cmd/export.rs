//! `lockstep export --format F --out FILE`: accounts for another app, Google Authenticator QR
//! pictures, or Lockstep's encrypted backup; every format and its properties come from core.

use std::path::Path;

use lockstep_core::export::ExportFormat;

use crate::auth::Ctx;
use crate::error::{input, Result};
use crate::Outcome;

pub fn run(ctx: &Ctx, format: &str, out: &Path) -> Result<Outcome> {
    let format = ExportFormat::parse(format)?;
    let mut s = ctx.open()?;
    if format.is_plain() {
        ctx.prove(&mut s, "export the secrets unencrypted")?;
    }
    let password = if format.needs_password() {
        let pw = ctx.other_password("LOCKSTEP_EXPORT_PASSWORD", &out.display().to_string())?;
        lockstep_core::policy::check_new_password(&pw)
            .map_err(|e| input(format!("export password: {e}")))?;
        Some(pw)
    } else {
        None
    };
    let done = s.export(format, out, password.as_deref().map(|p| p.as_str()))?;
    match format {
        ExportFormat::Lockstep => say!(
            "Wrote an encrypted backup of {} accounts to {}.",
            done.accounts,
            out.display()
        ),
        ExportFormat::GoogleQr => {
            for path in &done.written {
                say!("{}", path.display());
            }
            for s in &done.skipped {
                eprintln!("skipped {}: {}", s.context, s.message);
            }
            eprintln!("warning: these QR codes hold every secret; delete them once scanned.");
            say!(
                "Exported {} accounts in {} QR code{} for Google Authenticator.",
                done.accounts,
                done.files,
                if done.files == 1 { "" } else { "s" }
            );
        }
        _ => {
            if format.is_plain() {
                eprintln!(
                    "warning: {} holds every secret in clear text; delete it once it is imported.",
                    out.display()
                );
            }
            say!(
                "Exported {} accounts as {} to {}.",
                done.accounts,
                format.id(),
                out.display()
            );
        }
    }
    Ok(Outcome::Done)
}
