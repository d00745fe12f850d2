//! `lockstep rm`: delete one account, after confirmation (or `--yes`).

use crate::auth::Ctx;
use crate::error::{input, Result};
use crate::Outcome;

pub fn run(ctx: &Ctx, query: &str, yes: bool) -> Result<Outcome> {
    let name = {
        let u = ctx.unlock()?;
        u.vault.entries[u.vault.find_one(query)?].display_name()
    };
    if !yes
        && !ctx.confirm(&format!(
            "Delete {name}? Its codes cannot be recovered from Lockstep afterwards."
        ))
    {
        return Err(input(format!(
            "not deleted: confirm on a terminal or pass --yes to delete {name}"
        )));
    }
    let removed = ctx.update_with_backup("delete", |u| {
        let i = u.vault.find_one(query)?;
        Ok(u.vault.entries.remove(i).display_name())
    })?;
    println!("Deleted {removed}");
    Ok(Outcome::Done)
}
