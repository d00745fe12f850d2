//! `lockstep rm`: delete one account, after confirmation (or `--yes`).

use lockstep_core::session::Change;

use crate::auth::Ctx;
use crate::error::{input, Result};
use crate::Outcome;

pub fn run(ctx: &Ctx, query: &str, yes: bool) -> Result<Outcome> {
    let mut s = ctx.open()?;
    let (id, name) = {
        let e = s.find_one(query)?;
        (e.id, e.display_name())
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
    let applied = ctx.apply(&mut s, Change::Delete(id))?;
    for e in &applied.removed {
        say!("Deleted {}", e.display_name());
    }
    Ok(Outcome::Done)
}
