//! `lockstep-docgen OUT_DIR`: the `lockstep` command's man pages (`man1/lockstep.1` and one page
//! per subcommand, `lockstep-init.1`, ...) and its bash, zsh and fish completions, generated from
//! the CLI's own clap definition (`crates/lockstep-cli/src/cli.rs`, compiled here unchanged).
//! `cargo xtask package` runs it and puts the files in the packages. It does not compress or
//! install anything.

#[allow(dead_code)] // the CLI's argument structs: only their clap definition is used here
#[path = "../../../crates/lockstep-cli/src/cli.rs"]
mod cli;

use clap::CommandFactory;
use clap_complete::Shell;
use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(out) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: lockstep-docgen OUT_DIR");
        return ExitCode::from(2);
    };
    match generate(&out) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("lockstep-docgen: cannot write to {}: {e}", out.display());
            ExitCode::from(2)
        }
    }
}

fn generate(out: &std::path::Path) -> std::io::Result<()> {
    let man = out.join("man1");
    let completions = out.join("completions");
    std::fs::create_dir_all(&man)?;
    std::fs::create_dir_all(&completions)?;
    let mut cmd = cli::Cli::command();
    // One page for `lockstep` and one for each subcommand (lockstep-init.1, ...); the implicit
    // `help` subcommand gets none (it would add a page per subcommand saying the same again).
    clap_mangen::generate_to(cli::Cli::command().disable_help_subcommand(true), &man)?;
    for shell in [Shell::Bash, Shell::Zsh, Shell::Fish] {
        clap_complete::generate_to(shell, &mut cmd, "lockstep", &completions)?;
    }
    Ok(())
}
