//! Commands on the vault's keys: `passwd`, `recovery-key`, `remember`, `forget`.

use lockstep_core::session::Change;
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
    let mut s = ctx.open()?;
    ctx.prove(&mut s, "change the password")?;
    let password = ctx.new_password(false)?;
    ctx.apply(&mut s, Change::SetPassword { password, kdf })?;
    say!("Password changed.");
    Ok(Outcome::Done)
}

pub fn recovery_key(ctx: &Ctx, rotate: bool, json: bool) -> Result<Outcome> {
    let mut s = ctx.open()?;
    if !rotate {
        let has = s.has_recovery_key();
        if json {
            output::json(&serde_json::json!({ "recovery_key_set": has }));
        } else if has {
            say!("A recovery key is set. It was shown once when it was made; `lockstep recovery-key --rotate` makes a new one.");
        } else {
            say!("No recovery key is set; `lockstep recovery-key --rotate` makes one.");
        }
        return Ok(Outcome::Done);
    }
    let applied = ctx.apply(&mut s, Change::RotateRecovery)?;
    let key = applied
        .recovery_key
        .ok_or_else(|| input("no recovery key was made"))?;
    let text = key.to_display();
    if json {
        output::json(&serde_json::json!({ "recovery_key": text.as_str() }));
    } else {
        say!("New recovery key (the old one no longer works; shown only this once):");
        say!();
        say!("    {}", text.as_str());
    }
    Ok(Outcome::Done)
}

pub fn remember(ctx: &Ctx, days: u32) -> Result<Outcome> {
    let expires = now() + u64::from(days) * 86_400;
    let mut s = ctx.open()?;
    ctx.apply(&mut s, Change::Remember(expires))?;
    say!("This device is remembered until {} ({days} days): lockstep will not ask for the password here.", output::date(expires));
    say!("`lockstep forget` undoes it.");
    Ok(Outcome::Done)
}

pub fn forget(ctx: &Ctx) -> Result<Outcome> {
    let mut s = ctx.open()?;
    let was = s.remembered_until().is_some();
    ctx.apply(&mut s, Change::Forget)?;
    if was {
        say!("This device is forgotten: the password is needed again.");
    } else {
        say!("This device was not remembered.");
    }
    Ok(Outcome::Done)
}
