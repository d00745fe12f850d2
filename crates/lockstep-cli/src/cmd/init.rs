//! `lockstep init`: create the vault, print the recovery key once.

use lockstep_core::KdfParams;

use super::keys::kdf_params;
use crate::auth::Ctx;
use crate::cli::InitArgs;
use crate::error::Result;
use crate::{output, Outcome};

pub fn run(ctx: &Ctx, args: InitArgs) -> Result<Outcome> {
    let kdf: KdfParams = kdf_params(&args.kdf)?;
    let password = ctx.new_password(true)?;
    let (_, recovery) = ctx.store.create(&password, kdf)?;
    let key = recovery.to_display();
    if args.json {
        output::json(&serde_json::json!({ "recovery_key": key.as_str() }));
    } else {
        say!("Created the vault at {}.", ctx.vault_path().display());
        say!();
        say!("Recovery key (shown only this once; write it down and keep it apart from this computer):");
        say!();
        say!("    {}", key.as_str());
        say!();
        say!("It opens the vault if the password is lost: lockstep --use-recovery-key passwd");
    }
    Ok(Outcome::Done)
}
