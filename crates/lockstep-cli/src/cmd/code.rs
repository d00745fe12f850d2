//! `lockstep code`: current codes in a table or JSON; HOTP codes advance the saved counter.

use lockstep_core::otp::group;
use lockstep_core::vault::now;
use lockstep_core::{uri, Error, Kind};
use serde::Serialize;

use crate::auth::Ctx;
use crate::cli::CodeArgs;
use crate::error::Result;
use crate::{output, Outcome};

/// A code as scripts see it.
#[derive(Serialize)]
struct Coded {
    id: String,
    issuer: String,
    account: String,
    kind: &'static str,
    code: String,
    remaining: u32,
    period: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    counter: Option<u64>,
}

/// `code --uri`: just the code, no vault.
pub fn from_uri(link: &str, at: Option<u64>) -> Result<Outcome> {
    let account = uri::parse(link)?;
    say!("{}", account.otp.code_at(at.unwrap_or_else(now)));
    Ok(Outcome::Done)
}

pub fn run(ctx: &Ctx, args: CodeArgs) -> Result<Outcome> {
    let t = args.at.unwrap_or_else(now);
    let query = args.query.unwrap_or_default();
    // HOTP codes are used up when shown, so they are shown (and advanced) only when asked by name.
    let advance_hotp = !query.is_empty();
    let coded = ctx.update_if(|u| {
        let needle = query.trim().to_lowercase();
        let mut advanced = false;
        let mut out = Vec::new();
        for e in u.vault.entries.iter_mut() {
            if !needle.is_empty()
                && !e.issuer.to_lowercase().contains(&needle)
                && !e.account.to_lowercase().contains(&needle)
            {
                continue;
            }
            let otp = e.otp();
            let (code, counter) = match e.kind {
                Kind::Hotp if advance_hotp => {
                    let used = e.counter;
                    e.counter = e.counter.wrapping_add(1);
                    e.modified = now();
                    advanced = true;
                    (otp.hotp(used), Some(used))
                }
                Kind::Hotp => (String::new(), Some(e.counter)),
                _ => (otp.code_at(t), None),
            };
            out.push(Coded {
                id: e.id.to_string(),
                issuer: e.issuer.clone(),
                account: e.account.clone(),
                kind: e.kind.as_str(),
                code,
                remaining: otp.remaining(t),
                period: e.period,
                counter,
            });
        }
        Ok((out, advanced))
    })?;
    if coded.is_empty() {
        if query.is_empty() {
            eprintln!("The vault is empty: add accounts with `lockstep add` or `lockstep import`.");
            return Ok(Outcome::NothingFound);
        }
        return Err(Error::NoMatch(query).into());
    }
    if args.json {
        output::json(&coded);
        return Ok(Outcome::Done);
    }
    let rows: Vec<Vec<String>> = coded
        .iter()
        .map(|c| {
            let (code, left) = match (c.kind, c.code.is_empty()) {
                ("hotp", true) => ("-".to_owned(), "hotp: lockstep code NAME".to_owned()),
                ("hotp", false) => (
                    group(&c.code),
                    format!("counter {}", c.counter.unwrap_or(0)),
                ),
                _ => (group(&c.code), format!("{}s", c.remaining)),
            };
            vec![c.issuer.clone(), c.account.clone(), code, left]
        })
        .collect();
    output::table(&["ISSUER", "ACCOUNT", "CODE", "LEFT"], &rows);
    Ok(Outcome::Done)
}
