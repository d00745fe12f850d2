//! `lockstep`: the command-line front end over lockstep-core. Each subcommand is a module in
//! [`cmd`] of a few lines: parse, call core, print. Exit codes: 0 done, 1 nothing found, 2 error.
#![forbid(unsafe_code)]

/// `println!` for command output. Output that cannot be written is an error (exit 2), a closed
/// pipe included: a script must not take a half-printed answer, or no answer, for success.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        if let Err(e) = writeln!(std::io::stdout(), $($arg)*) {
            if e.kind() != std::io::ErrorKind::BrokenPipe {
                eprintln!("error: cannot write the output: {e}");
            }
            std::process::exit(2);
        }
    }};
}

mod auth;
mod cli;
mod cmd;
mod error;
mod output;

use std::process::ExitCode;

use clap::Parser;

/// What a command reports besides success.
pub enum Outcome {
    /// Done.
    Done,
    /// Ran fine but found nothing (exit 1).
    NothingFound,
}

fn main() -> ExitCode {
    if let Err(why) = lockstep_core::process::harden() {
        eprintln!("warning: {why}");
    }
    let cli = cli::Cli::parse();
    match cmd::run(cli) {
        Ok(Outcome::Done) => ExitCode::SUCCESS,
        Ok(Outcome::NothingFound) => ExitCode::from(1),
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}
