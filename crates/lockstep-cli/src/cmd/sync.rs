//! `lockstep sync`: syncing the vault through a folder the person already syncs (the rules and
//! the file work are the core's `session` and `sync` modules; this prints).

use std::path::Path;

use lockstep_core::error::SyncProblem;
use lockstep_core::session::{self, Credential, EntryRef, SyncReport};
use lockstep_core::Error;

use crate::auth::Ctx;
use crate::error::Result;
use crate::{output, Outcome};

pub fn run(
    ctx: &Ctx,
    folder: Option<&Path>,
    name: Option<&str>,
    status: bool,
    off: bool,
    json: bool,
) -> Result<Outcome> {
    if let Some(dir) = folder {
        if !ctx.store().exists() {
            return join(ctx, dir, name, json);
        }
        let mut s = ctx.open()?;
        let report = s.start_sync(dir, name)?;
        let config = s.sync_config().cloned();
        if let Some(c) = config {
            eprintln!(
                "This vault now syncs through {} as \"{}\".",
                c.folder.display(),
                c.name
            );
        }
        return print(&report, json);
    }
    if status {
        let s = ctx.open()?;
        let st = s.sync_status()?;
        if json {
            output::json(&st);
            return Ok(Outcome::Done);
        }
        say!("Folder:      {}", st.folder.display());
        say!("This device: {} ({})", st.name, st.device);
        let rows: Vec<Vec<String>> = st
            .devices
            .iter()
            .map(|d| {
                let mut what = Vec::new();
                if d.this_device {
                    what.push("this device");
                }
                if d.conflict {
                    what.push("conflict copy");
                }
                if !d.readable {
                    what.push("needs the new password");
                }
                vec![
                    d.name.clone(),
                    d.written.map_or_else(|| "-".into(), output::date_time),
                    what.join(", "),
                ]
            })
            .collect();
        say!();
        output::table(&["DEVICE", "LAST WROTE", ""], &rows);
        return Ok(Outcome::Done);
    }
    if off {
        let mut s = ctx.open()?;
        let folder = s.sync_config().map(|c| c.folder.clone());
        s.stop_sync()?;
        match folder {
            Some(f) => eprintln!(
                "This device no longer syncs through {}. Its copy there stays until you delete it.",
                f.display()
            ),
            None => eprintln!("This vault was not syncing on this device."),
        }
        return Ok(Outcome::Done);
    }
    let mut s = ctx.open_keep_sync_report()?;
    let mut report = match s.take_sync_report() {
        Some(r) => r,
        None => s.sync_now()?,
    };
    if !report.locked.is_empty() {
        // Copies sealed after the password changed on another device: that password opens them.
        eprintln!(
            "{} in the sync folder {} written after the password changed on another device.",
            report.locked.len(),
            if report.locked.len() == 1 {
                "was"
            } else {
                "were"
            }
        );
        if let Ok(pw) = ctx.other_password("LOCKSTEP_SYNC_PASSWORD", "the other device's copy") {
            let more = s.sync_with(&Credential::Password(pw))?;
            report.changes.extend(more.changes);
            report.tidied.extend(more.tidied);
            report.keys_from = more.keys_from.or(report.keys_from);
            report.locked = more.locked;
        }
    }
    print(&report, json)
}

fn join(ctx: &Ctx, dir: &Path, name: Option<&str>, json: bool) -> Result<Outcome> {
    let credential = ctx.credential()?;
    session::join_folder(&ctx.store(), dir, &credential, name).map_err(|e| match e {
        Error::WrongPassword => Error::SyncFolder(SyncProblem::NothingOpens {
            folder: dir.to_owned(),
        }),
        e => e,
    })?;
    let mut s = ctx.open_keep_sync_report()?;
    let report = s.take_sync_report().unwrap_or_default();
    if let Some(c) = s.sync_config() {
        eprintln!(
            "Joined the vault in {} as \"{}\": {} accounts.",
            c.folder.display(),
            c.name,
            s.entries().len()
        );
    }
    print(&report, json)
}

fn names(refs: &[EntryRef]) -> String {
    refs.iter()
        .map(EntryRef::display_name)
        .collect::<Vec<_>>()
        .join(", ")
}

/// One line per device and kind of change, on stderr (for every command that opens the vault).
pub fn summary(report: &SyncReport) {
    for c in &report.changes {
        for (what, refs) in [
            ("added", &c.added),
            ("updated", &c.updated),
            ("removed", &c.removed),
        ] {
            if !refs.is_empty() {
                eprintln!("sync: from {}: {what} {}", c.device, names(refs));
            }
        }
    }
    if let Some(d) = &report.keys_from {
        eprintln!("sync: the password and keys changed on {d}; this device now uses them");
    }
    if !report.locked.is_empty() {
        let n = report.locked.len();
        eprintln!(
            "sync: {n} {} in the folder {} the password set on another device: run `lockstep sync`",
            if n == 1 { "copy" } else { "copies" },
            if n == 1 { "needs" } else { "need" }
        );
    }
    for t in &report.tidied {
        eprintln!(
            "sync: merged a conflict copy and moved it to {}",
            t.display()
        );
    }
    for s in &report.skipped {
        eprintln!("sync: skipped {s}");
    }
}

fn print(report: &SyncReport, json: bool) -> Result<Outcome> {
    if json {
        output::json(report);
        return Ok(Outcome::Done);
    }
    if report.is_empty() {
        say!("Nothing new in the sync folder.");
    }
    for c in &report.changes {
        for (what, refs) in [
            ("Added", &c.added),
            ("Updated", &c.updated),
            ("Removed", &c.removed),
        ] {
            if !refs.is_empty() {
                say!("{what} from {}: {}", c.device, names(refs));
            }
        }
    }
    if let Some(d) = &report.keys_from {
        say!("The password and keys changed on {d}; this device now uses them.");
    }
    for t in &report.tidied {
        say!("Merged a conflict copy; moved it to {}.", t.display());
    }
    for s in &report.skipped {
        eprintln!("warning: skipped {s}");
    }
    if !report.locked.is_empty() {
        let n = report.locked.len();
        eprintln!(
            "warning: {n} {} still {} the password set on another device (LOCKSTEP_SYNC_PASSWORD)",
            if n == 1 { "copy" } else { "copies" },
            if n == 1 { "needs" } else { "need" }
        );
    }
    Ok(Outcome::Done)
}
