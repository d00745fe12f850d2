//! Where an export or a backup may be written: never over the vault file, its lock, or into its
//! backups folder, however the path is spelled (relative, through `..`, through a link to the
//! vault, or a hard link to it). Paths are compared after resolving them.

use std::path::{Path, PathBuf};

use crate::backup;
use crate::error::{Error, ProtectedPlace, Result};
use crate::vault::Store;

/// `path` made absolute with every link resolved, as far as it exists; the rest appended as
/// written.
fn resolve(path: &Path) -> Result<PathBuf> {
    let abs = if path.is_absolute() {
        path.to_owned()
    } else {
        std::env::current_dir()
            .map_err(Error::io("cannot find the current folder for", path))?
            .join(path)
    };
    let mut existing = abs.clone();
    let mut rest: Vec<std::ffi::OsString> = Vec::new();
    loop {
        if let Ok(real) = existing.canonicalize() {
            let mut out = real;
            for part in rest.iter().rev() {
                out.push(part);
            }
            return Ok(out);
        }
        // A dangling link is resolved by hand: its target is where a write would land.
        if let Ok(target) = std::fs::read_link(&existing) {
            let parent = existing.parent().map(Path::to_owned).unwrap_or_default();
            let mut out = resolve(&parent.join(target))?;
            for part in rest.iter().rev() {
                out.push(part);
            }
            return Ok(out);
        }
        match (existing.file_name(), existing.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name.to_owned());
                existing = parent.to_owned();
            }
            _ => return Ok(abs),
        }
    }
}

#[cfg(unix)]
fn same_file(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        (Ok(x), Ok(y)) => x.dev() == y.dev() && x.ino() == y.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_: &Path, _: &Path) -> bool {
    false
}

/// Refuses `out` when it is the vault file, its lock file, the backups folder or inside it.
pub fn check_output(store: &Store, out: &Path) -> Result<()> {
    let refuse = |what| {
        Err(Error::ProtectedPath {
            path: out.to_owned(),
            what,
        })
    };
    let target = resolve(out)?;
    let vault = store.path();
    let mut lock_name = vault
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    lock_name.push(".lock");
    // The vault as named (a link, perhaps) and where it really is.
    let vaults = [
        resolve(vault)?,
        vault.canonicalize().unwrap_or_else(|_| vault.to_owned()),
    ];
    for v in &vaults {
        if target == *v {
            return refuse(ProtectedPlace::VaultFile);
        }
        if target == v.with_file_name(&lock_name) {
            return refuse(ProtectedPlace::LockFile);
        }
    }
    if resolve(&vault.with_file_name(&lock_name))? == target {
        return refuse(ProtectedPlace::LockFile);
    }
    if same_file(&target, vault) {
        return refuse(ProtectedPlace::VaultFileLink);
    }
    let backups = resolve(&backup::backups_dir(store))?;
    if target.starts_with(&backups) {
        return refuse(ProtectedPlace::BackupsFolder);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_vault_its_lock_and_its_backups_are_refused_however_spelled() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::write(d.join("v.lockstep"), b"x").unwrap();
        std::fs::create_dir(d.join("backups")).unwrap();
        std::fs::create_dir(d.join("sub")).unwrap();
        let store = Store::new(d.join("v.lockstep"));
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(d.join("v.lockstep"), d.join("link")).unwrap();
            std::fs::hard_link(d.join("v.lockstep"), d.join("hard")).unwrap();
            std::os::unix::fs::symlink(d.join("backups"), d.join("blink")).unwrap();
        }
        let refused = [
            d.join("v.lockstep"),
            d.join("sub/../v.lockstep"),
            d.join("v.lockstep.lock"),
            d.join("backups"),
            d.join("backups/new.json"),
            d.join("backups/deeper/new.json"),
            #[cfg(unix)]
            d.join("link"),
            #[cfg(unix)]
            d.join("hard"),
            #[cfg(unix)]
            d.join("blink/x.json"),
        ];
        for p in refused {
            let e = check_output(&store, &p).expect_err(&p.display().to_string());
            assert_eq!(e.kind(), "protected_path", "{}", p.display());
        }
        for p in [
            d.join("export.json"),
            d.join("sub/v.lockstep"),
            d.join("new/dir/x"),
        ] {
            check_output(&store, &p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        }
    }
}
