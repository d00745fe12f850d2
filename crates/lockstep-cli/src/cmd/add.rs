//! `lockstep add`: one account from an otpauth:// link or from its parts.

use lockstep_core::otp::{Algorithm, Kind, OtpParams, Secret, DEFAULT_DIGITS, DEFAULT_PERIOD};
use lockstep_core::vault::now;
use lockstep_core::{uri, Account, Entry, Error};

use crate::auth::Ctx;
use crate::cli::{AddArgs, AlgorithmArg};
use crate::error::{input, Result};
use crate::{output, Outcome};
use zeroize::Zeroizing;

fn account_from_args(ctx: &Ctx, a: &AddArgs) -> Result<Account> {
    if let Some(link) = &a.uri {
        if link == "-" {
            if ctx.stdin_is_password() {
                return Err(input("standard input cannot carry both the password and the link; use LOCKSTEP_PASSWORD"));
            }
            let mut line = Zeroizing::new(String::new());
            // One line, and no more than a link can be: a huge input cannot fill memory.
            let limit = (uri::MAX_URI_LEN + 2) as u64;
            std::io::BufRead::read_line(
                &mut std::io::Read::take(std::io::stdin().lock(), limit),
                &mut line,
            )
            .map_err(|e| input(format!("cannot read standard input: {e}")))?;
            return Ok(uri::parse(&line)?);
        }
        return Ok(uri::parse(link)?);
    }
    let secret = Secret::from_base32(a.secret.as_deref().unwrap_or_default())?;
    let kind = if a.steam {
        Kind::Steam
    } else if a.hotp {
        Kind::Hotp
    } else {
        Kind::Totp
    };
    let algorithm = match a.algorithm {
        None | Some(AlgorithmArg::Sha1) => Algorithm::Sha1,
        Some(AlgorithmArg::Sha256) => Algorithm::Sha256,
        Some(AlgorithmArg::Sha512) => Algorithm::Sha512,
    };
    let digits = a.digits.unwrap_or(DEFAULT_DIGITS);
    let otp = OtpParams::new(
        kind,
        secret,
        algorithm,
        digits,
        a.period.unwrap_or(DEFAULT_PERIOD),
        a.counter.unwrap_or(0),
    );
    otp.validate()?;
    let issuer = a.issuer.clone().unwrap_or_else(|| {
        if kind == Kind::Steam {
            "Steam".into()
        } else {
            String::new()
        }
    });
    Ok(Account {
        issuer: issuer.trim().to_owned(),
        account: a.account.clone().unwrap_or_default().trim().to_owned(),
        otp,
    })
}

pub fn run(ctx: &Ctx, args: AddArgs) -> Result<Outcome> {
    let account = account_from_args(ctx, &args)?;
    let entry = Entry::from_account(account, now())?;
    let (id, name) = (entry.id, entry.display_name());
    ctx.update(|u| {
        if let Some(i) = u
            .vault
            .duplicate_of(&entry.issuer, &entry.account, &entry.secret)
        {
            return Err(Error::Duplicate(u.vault.entries[i].display_name()));
        }
        u.vault.push(entry);
        Ok(())
    })?;
    println!("Added {name} [{}]", output::short_id(&id));
    Ok(Outcome::Done)
}
