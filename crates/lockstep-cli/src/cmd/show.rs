//! `lockstep show`: one account's details; the secret link only with `--reveal`.

use crate::auth::Ctx;
use crate::error::Result;
use crate::{output, Outcome};

pub fn run(ctx: &Ctx, query: &str, reveal: bool) -> Result<Outcome> {
    let s = ctx.open()?;
    let e = s.find_one(query)?;
    if reveal {
        say!("{}", lockstep_core::uri::format(&s.reveal(e.id)?).as_str());
        return Ok(Outcome::Done);
    }
    say!("id:        {}", e.id);
    say!("issuer:    {}", e.issuer);
    say!("account:   {}", e.account);
    match e.kind {
        lockstep_core::Kind::Hotp => say!(
            "type:      hotp, {}, {} digits, next counter {}",
            e.algorithm.as_str(),
            e.digits,
            e.counter
        ),
        k => say!(
            "type:      {}, {}, {} digits, {} s",
            k.as_str(),
            e.algorithm.as_str(),
            e.digits,
            e.period
        ),
    }
    if !e.tags.is_empty() {
        say!("tags:      {}", e.tags.join(", "));
    }
    if !e.note.is_empty() {
        say!("note:      {}", e.note);
    }
    say!("favorite:  {}", if e.favorite { "yes" } else { "no" });
    say!("added:     {}", output::date(e.created));
    say!("secret:    hidden (add --reveal to print the otpauth:// link)");
    Ok(Outcome::Done)
}
