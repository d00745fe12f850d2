//! `lockstep list`: accounts without secrets or codes.

use serde::Serialize;

use crate::auth::Ctx;
use crate::error::Result;
use crate::{output, Outcome};

/// An entry as scripts see it: never the secret.
#[derive(Serialize)]
pub struct Listed<'a> {
    pub id: String,
    pub issuer: &'a str,
    pub account: &'a str,
    pub kind: &'static str,
    pub algorithm: &'static str,
    pub digits: u8,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub counter: Option<u64>,
    pub tags: &'a [String],
    pub favorite: bool,
}

impl<'a> Listed<'a> {
    pub fn new(e: &'a lockstep_core::Entry) -> Self {
        let hotp = e.kind == lockstep_core::Kind::Hotp;
        Listed {
            id: e.id.to_string(),
            issuer: &e.issuer,
            account: &e.account,
            kind: e.kind.as_str(),
            algorithm: e.algorithm.as_str(),
            digits: e.digits,
            period: (!hotp).then_some(e.period),
            counter: hotp.then_some(e.counter),
            tags: &e.tags,
            favorite: e.favorite,
        }
    }
}

pub fn run(ctx: &Ctx, json: bool) -> Result<Outcome> {
    let s = ctx.open()?;
    let entries = s.entries();
    if json {
        output::json(&entries.iter().map(Listed::new).collect::<Vec<_>>());
    } else if entries.is_empty() {
        eprintln!("The vault is empty: add accounts with `lockstep add` or `lockstep import`.");
    } else {
        let rows: Vec<Vec<String>> = entries
            .iter()
            .map(|e| {
                let star = if e.favorite { "*" } else { "" };
                vec![
                    output::short_id(&e.id),
                    format!("{star}{}", e.issuer),
                    e.account.clone(),
                    e.kind.as_str().to_owned(),
                    e.tags.join(","),
                ]
            })
            .collect();
        output::table(&["ID", "ISSUER", "ACCOUNT", "TYPE", "TAGS"], &rows);
    }
    Ok(Outcome::Done)
}
