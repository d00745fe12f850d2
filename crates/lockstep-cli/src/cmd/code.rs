//! `lockstep code`: current codes in a table or JSON; HOTP codes named by a query are given out
//! and their saved counter advances.

use lockstep_core::otp::group;
use lockstep_core::session::Change;
use lockstep_core::vault::now;
use lockstep_core::{uri, Error, Kind};
use serde::Serialize;

use super::add::link_from_stdin;
use crate::auth::{warn_secret_in_argument, Ctx};
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

/// `code --uri LINK` or `code --uri -` (the link on standard input): just the code, no vault.
pub fn from_uri(password_stdin: bool, link: &str, at: Option<u64>) -> Result<Outcome> {
    let account = if link == "-" {
        uri::parse(&link_from_stdin(password_stdin)?)?
    } else {
        let account = uri::parse(link)?;
        warn_secret_in_argument("lockstep code --uri - (the link on standard input)");
        account
    };
    say!("{}", account.otp.code_at(at.unwrap_or_else(now)));
    Ok(Outcome::Done)
}

pub fn run(ctx: &Ctx, args: CodeArgs) -> Result<Outcome> {
    let t = args.at.unwrap_or_else(now);
    let query = args.query.unwrap_or_default();
    let mut s = ctx.open()?;
    let matched: Vec<(_, Kind)> = s.search(&query).iter().map(|e| (e.id, e.kind)).collect();
    // HOTP codes are used up when shown, so they are given out only when asked for by name.
    let hotp: Vec<_> = matched
        .iter()
        .filter(|(_, k)| *k == Kind::Hotp && !query.trim().is_empty())
        .map(|(id, _)| *id)
        .collect();
    let given = if hotp.is_empty() {
        Vec::new()
    } else {
        ctx.apply(&mut s, Change::AdvanceHotp(hotp))?.codes
    };
    let coded: Vec<Coded> = s
        .codes(t)
        .into_iter()
        .filter(|c| matched.iter().any(|(id, _)| *id == c.id))
        .map(|c| {
            let used = given.iter().find(|(id, _, _)| *id == c.id);
            Coded {
                id: c.id.to_string(),
                code: used.map(|(_, code, _)| code.to_string()).unwrap_or(c.code),
                counter: match used {
                    Some((_, _, counter)) => Some(*counter),
                    None => c.counter,
                },
                issuer: c.issuer,
                account: c.account,
                kind: c.kind,
                remaining: c.remaining,
                period: c.period,
            }
        })
        .collect();
    if coded.is_empty() {
        if query.trim().is_empty() {
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
