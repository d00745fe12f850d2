//! `lockstep add`: one account from an otpauth:// link (an argument, or `-` for standard input)
//! or from its parts, through the core's one account constructor.

use lockstep_core::otp::{Algorithm, Kind};
use lockstep_core::session::Change;
use lockstep_core::uri::{self, Account, Parts};
use zeroize::Zeroizing;

use crate::auth::{warn_secret_in_argument, Ctx};
use crate::cli::{AddArgs, AlgorithmArg};
use crate::error::{input, Result};
use crate::{output, Outcome};

/// One line of standard input, no longer than a link can be (a huge input cannot fill memory).
pub fn link_from_stdin(password_stdin: bool) -> Result<Zeroizing<String>> {
    if password_stdin {
        return Err(input(
            "standard input cannot carry both the password and the link; use LOCKSTEP_PASSWORD",
        ));
    }
    let mut line = Zeroizing::new(String::new());
    let limit = (uri::MAX_URI_LEN + 2) as u64;
    std::io::BufRead::read_line(
        &mut std::io::Read::take(std::io::stdin().lock(), limit),
        &mut line,
    )
    .map_err(|e| input(format!("cannot read standard input: {e}")))?;
    Ok(line)
}

fn account_from_args(ctx: &Ctx, a: &AddArgs) -> Result<Account> {
    if let Some(link) = &a.uri {
        if link.as_str() == "-" {
            ctx.used_stdin();
            return Ok(uri::parse(&link_from_stdin(ctx.stdin_is_password())?)?);
        }
        let account = uri::parse(link)?;
        warn_secret_in_argument("lockstep add - (the link on standard input)");
        return Ok(account);
    }
    if std::env::var_os("LOCKSTEP_SECRET").is_none() {
        warn_secret_in_argument("LOCKSTEP_SECRET=… lockstep add --issuer …");
    }
    let kind = if a.steam {
        Kind::Steam
    } else if a.hotp {
        Kind::Hotp
    } else {
        Kind::Totp
    };
    Ok(Account::from_parts(Parts {
        issuer: a.issuer.clone().unwrap_or_default(),
        account: a.account.clone().unwrap_or_default(),
        kind,
        secret: a.secret.clone().unwrap_or_default(),
        algorithm: a.algorithm.map(|x| match x {
            AlgorithmArg::Sha1 => Algorithm::Sha1,
            AlgorithmArg::Sha256 => Algorithm::Sha256,
            AlgorithmArg::Sha512 => Algorithm::Sha512,
        }),
        digits: a.digits,
        period: a.period,
        counter: a.counter,
    })?)
}

pub fn run(ctx: &Ctx, args: AddArgs) -> Result<Outcome> {
    let account = account_from_args(ctx, &args)?;
    let mut s = ctx.open()?;
    let applied = ctx.apply(&mut s, Change::Add(Box::new(account)))?;
    for e in &applied.added {
        say!("Added {} [{}]", e.display_name(), output::short_id(&e.id));
    }
    Ok(Outcome::Done)
}
