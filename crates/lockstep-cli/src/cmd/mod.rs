//! One module per subcommand; each is a short wrapper: read arguments, call core, print.

mod add;
mod backup;
mod code;
mod edit;
mod export;
mod import;
mod init;
mod keys;
mod list;
mod member;
mod qr;
mod rm;
mod scan;
mod show;
pub mod sync;

use crate::auth::Ctx;
use crate::cli::{Cli, Command};
use crate::error::Result;
use crate::Outcome;

/// Runs the parsed command line.
pub fn run(cli: Cli) -> Result<Outcome> {
    // `code --uri` needs no vault at all.
    if let Command::Code(args) = &cli.command {
        if let Some(uri) = &args.uri {
            return code::from_uri(cli.password_stdin, uri, args.at);
        }
    }
    // `scan` reads pictures only; no vault.
    if let Command::Scan {
        images,
        screen,
        clipboard,
        camera,
        json,
    } = &cli.command
    {
        return scan::run(images, *screen, *clipboard, *camera, *json);
    }
    let ctx = Ctx::new(&cli)?;
    match cli.command {
        Command::Init(a) => init::run(&ctx, a),
        Command::Remember { days } => keys::remember(&ctx, days),
        Command::Forget => keys::forget(&ctx),
        Command::Add(a) => add::run(&ctx, a),
        Command::List { json } => list::run(&ctx, json),
        Command::Code(a) => code::run(&ctx, a),
        Command::Show { query, reveal } => show::run(&ctx, &query, reveal),
        Command::Qr { query, png } => qr::run(&ctx, &query, png.as_deref()),
        Command::Rm { query, yes } => rm::run(&ctx, &query, yes),
        Command::Edit(a) => edit::run(&ctx, a),
        Command::Passwd(k) => keys::passwd(&ctx, k),
        Command::Member(m) => member::run(&ctx, m),
        Command::RecoveryKey { rotate, json } => keys::recovery_key(&ctx, rotate, json),
        Command::Scan { .. } => unreachable!("handled above, before the vault is opened"),
        Command::Import(a) => import::run(&ctx, a),
        Command::Export { format, out } => export::run(&ctx, &format, &out),
        Command::Backup { out: Some(out), .. } => backup::write(&ctx, &out),
        Command::Backup {
            verify: Some(file),
            json,
            ..
        } => backup::verify(&ctx, &file, json),
        Command::Backup { json, .. } => backup::list(&ctx, json),
        Command::Restore {
            file,
            merge,
            dry_run,
            ..
        } => backup::restore(&ctx, &file, merge, dry_run),
        Command::Sync {
            folder,
            name,
            status,
            off,
            json,
        } => sync::run(&ctx, folder.as_deref(), name.as_deref(), status, off, json),
    }
}
