//! `lockstep member add | list | remove`: one vault, a password for each member (the rules are
//! core's: `lockstep_core::vault::members`).

use lockstep_core::session::{Change, MemberView};

use crate::auth::Ctx;
use crate::cli::MemberCommand;
use crate::error::{input, Result};
use crate::{output, Outcome};

pub fn run(ctx: &Ctx, command: MemberCommand) -> Result<Outcome> {
    match command {
        MemberCommand::Add { name } => add(ctx, &name),
        MemberCommand::List { json } => list(ctx, json),
        MemberCommand::Remove { name, yes } => remove(ctx, &name, yes),
    }
}

fn add(ctx: &Ctx, name: &str) -> Result<Outcome> {
    let mut s = ctx.open()?;
    ctx.prove(&mut s, "add a member")?;
    let password = ctx.new_password(false)?;
    let name = name.trim().to_owned();
    ctx.apply(
        &mut s,
        Change::AddMember {
            name: name.clone(),
            password,
        },
    )?;
    say!("Added {name}: they open this vault with their own password.");
    Ok(Outcome::Done)
}

/// `--json`: `[{"name": "...", "added": <unix seconds, null for the owner>, "you": bool}]`.
fn list(ctx: &Ctx, json: bool) -> Result<Outcome> {
    let s = ctx.open()?;
    let members = s.members();
    if json {
        let rows: Vec<_> = members
            .iter()
            .map(|m| serde_json::json!({ "name": m.name, "added": m.added, "you": m.is_you }))
            .collect();
        output::json(&rows);
        return Ok(Outcome::Done);
    }
    let rows: Vec<Vec<String>> = members.iter().map(row).collect();
    output::table(&["NAME", "ADDED", ""], &rows);
    Ok(Outcome::Done)
}

fn row(m: &MemberView) -> Vec<String> {
    vec![
        m.name.clone(),
        m.added
            .map_or_else(|| "with the vault".into(), output::date),
        if m.is_you {
            "(you)".into()
        } else {
            String::new()
        },
    ]
}

fn remove(ctx: &Ctx, name: &str, yes: bool) -> Result<Outcome> {
    let mut s = ctx.open()?;
    ctx.prove(&mut s, "remove a member")?;
    if !yes
        && !ctx.confirm(&format!(
            "Remove {name}? Their password will open nothing saved from now on."
        ))
    {
        return Err(input(format!(
            "not removed: confirm on a terminal or pass --yes to remove {name}"
        )));
    }
    ctx.apply(
        &mut s,
        Change::RemoveMember {
            name: name.to_owned(),
        },
    )?;
    say!(
        "Removed {}: the vault has a new key, and their password opens nothing saved from now on.",
        name.trim()
    );
    Ok(Outcome::Done)
}
