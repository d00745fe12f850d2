//! `lockstep scan`: every QR code in images, the clipboard or the screen, with the accounts each
//! holds. Needs no vault. Exit 0 when a code was found, 1 when none, 2 on an error (every source is
//! still tried; errors go to stderr).

use lockstep_core::qr::{self, Found, Source};
use serde::Serialize;

use crate::error::{input, Result};
use crate::{output, Outcome};

#[derive(Serialize)]
struct Code<'a> {
    source: &'a str,
    payload: &'a str,
    accounts: Vec<AccountJson>,
}

#[derive(Serialize)]
struct AccountJson {
    uri: String,
    issuer: String,
    account: String,
}

pub fn run(images: &[String], screen: bool, clipboard: bool, json: bool) -> Result<Outcome> {
    let mut sources: Vec<Source> = images.iter().map(|a| Source::from_arg(a)).collect();
    sources.extend(clipboard.then_some(Source::Clipboard));
    sources.extend(screen.then_some(Source::Screen));
    if sources.is_empty() {
        return Err(input(
            "give IMAGE files or folders, `-` for stdin, --clipboard or --screen",
        ));
    }
    let mut found: Vec<Found> = Vec::new();
    let mut first_error = None;
    for source in qr::expand(&sources)? {
        match qr::scan(&source) {
            Ok(f) => found.extend(f),
            Err(e) if first_error.is_none() => first_error = Some(e),
            Err(e) => eprintln!("error: {e}"),
        }
    }
    if json {
        let codes: Vec<Code> = found
            .iter()
            .map(|f| Code {
                source: &f.source,
                payload: &f.payload,
                accounts: f
                    .accounts
                    .iter()
                    .map(|a| AccountJson {
                        uri: lockstep_core::uri::format(a).to_string(),
                        issuer: a.issuer.clone(),
                        account: a.account.clone(),
                    })
                    .collect(),
            })
            .collect();
        output::json(&codes);
    } else {
        for f in &found {
            let batch = f
                .batch
                .map(|(i, n)| format!(" (export code {} of {n})", i + 1))
                .unwrap_or_default();
            match f.accounts.len() {
                0 if f.errors.is_empty() => {
                    say!("{}: QR code with text: {}", f.source, *f.payload)
                }
                n => say!("{}: {n} account(s){batch}", f.source),
            }
            for a in &f.accounts {
                say!(
                    "  {}: {}, {}",
                    a.display_name(),
                    a.otp.kind.as_str(),
                    a.otp.algorithm.as_str()
                );
            }
            for e in &f.errors {
                say!("  skipped {}: {}", e.context, e.message);
            }
        }
    }
    match first_error {
        Some(e) => Err(e.into()),
        None if found.is_empty() => Ok(Outcome::NothingFound),
        None => Ok(Outcome::Done),
    }
}
