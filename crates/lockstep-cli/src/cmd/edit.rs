//! `lockstep edit`: change the descriptive fields of one account (never its secret).

use lockstep_core::vault::now;

use crate::auth::Ctx;
use crate::cli::EditArgs;
use crate::error::{input, Result};
use crate::{output, Outcome};

pub fn run(ctx: &Ctx, a: EditArgs) -> Result<Outcome> {
    if a.issuer.is_none()
        && a.account.is_none()
        && a.tags.is_none()
        && a.note.is_none()
        && a.icon.is_none()
        && !a.favorite
        && !a.no_favorite
    {
        return Err(input("nothing to change: give --issuer, --account, --tags, --note, --icon, --favorite or --no-favorite"));
    }
    let (id, name) = ctx.update(|u| {
        let i = u.vault.find_one(&a.id)?;
        let e = &mut u.vault.entries[i];
        if let Some(v) = &a.issuer {
            e.issuer = v.trim().to_owned();
        }
        if let Some(v) = &a.account {
            e.account = v.trim().to_owned();
        }
        if let Some(v) = &a.tags {
            e.tags = v
                .split(',')
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(str::to_owned)
                .collect();
        }
        if let Some(v) = &a.note {
            e.note = v.clone();
        }
        if let Some(v) = &a.icon {
            e.icon = (!v.is_empty()).then(|| v.clone());
        }
        if a.favorite || a.no_favorite {
            e.favorite = a.favorite;
        }
        e.modified = now();
        let out = (e.id, e.display_name());
        u.vault.sort();
        Ok(out)
    })?;
    say!("Updated {name} [{}]", output::short_id(&id));
    Ok(Outcome::Done)
}
