//! Commands on the vault's keys: `passwd`, `recovery-key`, `remember`, `forget`.

use lockstep_core::vault::now;
use lockstep_core::KdfParams;

use crate::auth::Ctx;
use crate::cli::KdfArgs;
use crate::error::{input, Result};
use crate::{output, Outcome};

/// Argon2id parameters from the command line, refusing less than 8 MiB.
pub fn kdf_params(k: &KdfArgs) -> Result<KdfParams> {
    if k.kdf_memory < 8 {
        return Err(input(format!(
            "--kdf-memory must be at least 8 MiB, got {}",
            k.kdf_memory
        )));
    }
    let p = KdfParams {
        m_kib: k.kdf_memory.saturating_mul(1024),
        t: k.kdf_iterations,
        p: k.kdf_parallelism,
    };
    p.check()?;
    Ok(p)
}

pub fn passwd(ctx: &Ctx, k: KdfArgs) -> Result<Outcome> {
    let kdf = kdf_params(&k)?;
    let cred = ctx.open_credential()?;
    let new = ctx.new_password(false)?;
    ctx.store.update(&cred, |u| {
        u.set_password(&new, kdf)?;
        lockstep_core::backup::auto_backup(&ctx.store, "passwd", ctx.keep_backups)?;
        Ok(())
    })?;
    println!("Password changed.");
    Ok(Outcome::Done)
}

pub fn recovery_key(ctx: &Ctx, rotate: bool, json: bool) -> Result<Outcome> {
    if !rotate {
        let (env, _) = ctx.store.read()?;
        let has = env
            .slots
            .iter()
            .any(|s| matches!(s.kind, lockstep_core::vault::SlotKind::Recovery { .. }));
        if json {
            output::json(&serde_json::json!({ "recovery_key_set": has }));
        } else if has {
            println!("A recovery key is set. It was shown once when it was made; `lockstep recovery-key --rotate` makes a new one.");
        } else {
            println!("No recovery key is set; `lockstep recovery-key --rotate` makes one.");
        }
        return Ok(Outcome::Done);
    }
    let key = ctx.update(|u| u.rotate_recovery())?;
    let text = key.to_display();
    if json {
        output::json(&serde_json::json!({ "recovery_key": text.as_str() }));
    } else {
        println!("New recovery key (the old one no longer works; shown only this once):");
        println!();
        println!("    {}", text.as_str());
    }
    Ok(Outcome::Done)
}

pub fn remember(ctx: &Ctx, days: u32) -> Result<Outcome> {
    let expires = now() + u64::from(days) * 86_400;
    ctx.update(|u| u.remember(expires))?;
    println!("This device is remembered until {} ({days} days): lockstep will not ask for the password here.", output::date(expires));
    println!("`lockstep forget` undoes it.");
    Ok(Outcome::Done)
}

pub fn forget(ctx: &Ctx) -> Result<Outcome> {
    let n = ctx.update(|u| u.forget())?;
    if n == 0 {
        println!("This device was not remembered.");
    } else {
        println!("This device is forgotten: the password is needed again.");
    }
    Ok(Outcome::Done)
}
