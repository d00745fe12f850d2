//! `lockstep edit`: change the descriptive fields of one account (never its secret).

use lockstep_core::entry::Patch;
use lockstep_core::session::Change;

use crate::auth::Ctx;
use crate::cli::EditArgs;
use crate::error::{input, Result};
use crate::{output, Outcome};

pub fn run(ctx: &Ctx, a: EditArgs) -> Result<Outcome> {
    let patch = Patch {
        issuer: a.issuer,
        account: a.account,
        tags: a.tags.map(|t| vec![t]),
        note: a.note,
        favorite: (a.favorite || a.no_favorite).then_some(a.favorite),
        icon: a.icon.map(Some),
        otp: None,
    };
    if patch.is_empty() {
        return Err(input("nothing to change: give --issuer, --account, --tags, --note, --icon, --favorite or --no-favorite"));
    }
    let mut s = ctx.open()?;
    let id = s.find_one(&a.id)?.id;
    let applied = ctx.apply(&mut s, Change::Edit { id, patch })?;
    for e in &applied.updated {
        say!("Updated {} [{}]", e.display_name(), output::short_id(&e.id));
    }
    Ok(Outcome::Done)
}
