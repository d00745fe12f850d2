//! `lockstep init`: create the vault, print the recovery key once. If the key cannot be written
//! out (a closed or failed standard output), the new vault is removed again: a vault whose
//! recovery key nobody saw is not left behind.

use std::io::Write;

use lockstep_core::session;
use lockstep_core::KdfParams;

use super::keys::kdf_params;
use crate::auth::Ctx;
use crate::cli::InitArgs;
use crate::error::{input, Result};
use crate::Outcome;

pub fn run(ctx: &Ctx, args: InitArgs) -> Result<Outcome> {
    let kdf: KdfParams = kdf_params(&args.kdf)?;
    let password = ctx.new_password(true)?;
    let store = ctx.store();
    let recovery = session::create(&store, &password, kdf)?;
    let key = recovery.to_display();
    let text = if args.json {
        let json = serde_json::json!({ "recovery_key": key.as_str() });
        format!(
            "{}\n",
            serde_json::to_string_pretty(&json).expect("a JSON value serialises")
        )
    } else {
        format!(
            "Created the vault at {}.\n\nRecovery key (shown only this once; write it down and keep it apart from this computer):\n\n    {}\n\nIt opens the vault if the password is lost: lockstep --use-recovery-key passwd\n",
            ctx.vault_path().display(),
            key.as_str()
        )
    };
    let text = zeroize::Zeroizing::new(text);
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        session::discard_new(&store)?;
        return Err(input(format!(
            "cannot write the recovery key to the output ({e}); the vault was not created"
        )));
    }
    Ok(Outcome::Done)
}
