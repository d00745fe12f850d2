//! A private D-Bus session with a real, unlocked gnome-keyring Secret Service.
//!
//! The outer xtask re-runs itself as `dbus-run-session -- xtask __session GROUP`; that inner
//! process starts gnome-keyring-daemon on the new bus (with a throw-away keyring under
//! target/xtask/, so a developer's own keyring is never touched), checks with secret-tool that
//! storing and reading a secret works, then runs the phases of GROUP. dbus-run-session stops the
//! bus (and with it the keyring daemon) when the inner process exits, and passes its exit code on.

use crate::util::{capture, err, header, run, scratch_dir, show, tail, wait_timeout, Failure, Res};
use std::fs::{self, File};
#[cfg(unix)]
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

/// The hidden subcommand the inner process is started with.
pub const INNER: &str = "__session";
/// Password of the throw-away login keyring.
const KEYRING_PASSWORD: &str = "lockstep-test";
const TIMEOUT: Duration = Duration::from_secs(20);

/// Outer side: runs `xtask __session GROUP` inside `dbus-run-session`, with `envs` set.
pub fn run_group(group: &str, envs: &[(&str, String)]) -> Res {
    let exe = std::env::current_exe()
        .or_else(|e| err(format!("cannot find the xtask executable: {e}")))?;
    let mut cmd = Command::new("dbus-run-session");
    cmd.arg("--").arg(exe).args([INNER, group]);
    // Never reach the developer's own session bus or keyring daemon.
    cmd.env_remove("DBUS_SESSION_BUS_ADDRESS")
        .env_remove("GNOME_KEYRING_CONTROL");
    for (key, value) in envs {
        cmd.env(key, value);
    }
    run(&mut cmd, &format!("{group} session"))
}

/// Inner side: starts the keyring on the (new) session bus and proves it works.
/// Afterwards the process environment has LOCKSTEP_KEYRING_TESTS=1 and whatever
/// gnome-keyring-daemon printed, so every phase's child inherits them.
/// Returns the scratch directory to remove when done.
pub fn start_keyring() -> Res<PathBuf> {
    if std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_none() {
        return err(format!(
            "`{INNER}` must run inside dbus-run-session (use `cargo xtask test`)"
        ));
    }
    header("starting gnome-keyring-daemon (secrets) on a private D-Bus session");
    let dir = scratch_dir()?.join(format!("keyring-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    let (data, runtime) = (dir.join("data"), dir.join("runtime"));
    for d in [&data, &runtime] {
        fs::create_dir_all(d).or_else(|e| err(format!("cannot create {}: {e}", d.display())))?;
    }
    // gnome-keyring insists on a private runtime dir.
    #[cfg(unix)]
    fs::set_permissions(&runtime, fs::Permissions::from_mode(0o700))
        .or_else(|e| err(format!("cannot chmod {}: {e}", runtime.display())))?;

    // stdout to a file, not a pipe: the forked daemon must not keep us waiting on EOF.
    let (env_file, log_file) = (dir.join("daemon.env"), dir.join("daemon.log"));
    let open =
        |p: &Path| File::create(p).or_else(|e| err(format!("cannot create {}: {e}", p.display())));
    let mut daemon = Command::new("gnome-keyring-daemon");
    daemon
        .args(["--unlock", "--components=secrets"])
        .env("XDG_DATA_HOME", &data) // keyrings/login.keyring goes here
        .env("XDG_RUNTIME_DIR", &runtime) // control socket goes here
        .env_remove("GNOME_KEYRING_CONTROL")
        .stdin(Stdio::piped())
        .stdout(open(&env_file)?)
        .stderr(open(&log_file)?);
    let mut child = daemon.spawn().or_else(|e| {
        err(format!(
            "cannot start gnome-keyring-daemon (package gnome-keyring): {e}"
        ))
    })?;
    if let Some(mut stdin) = child.stdin.take() {
        use std::io::Write;
        // --unlock reads the password up to EOF; it creates the login keyring with it.
        let _ = stdin.write_all(KEYRING_PASSWORD.as_bytes());
    }
    let status = wait_timeout(&mut child, TIMEOUT)?;
    let log = || match tail(&log_file, 20) {
        t if t.trim().is_empty() => format!(" (daemon log {} is empty)", log_file.display()),
        t => format!("\n--- {} ---\n{t}", log_file.display()),
    };
    match status {
        Some(s) if s.success() => {}
        Some(s) => return err(format!("`{}` failed ({s}){}", show(&daemon), log())),
        None => {
            let _ = child.kill();
            return err(format!("`{}` hung for {TIMEOUT:?}{}", show(&daemon), log()));
        }
    }
    // It prints assignments such as GNOME_KEYRING_CONTROL=...; export them.
    for line in fs::read_to_string(&env_file).unwrap_or_default().lines() {
        if let Some((key, value)) = line.split_once('=') {
            if !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                std::env::set_var(key, value);
            }
        }
    }
    wait_for_secret_service().map_err(|e| add_log(e, &log()))?;
    preflight().map_err(|e| add_log(e, &log()))?;
    std::env::set_var("LOCKSTEP_KEYRING_TESTS", "1");
    Ok(dir)
}

fn add_log(e: Failure, log: &str) -> Failure {
    match e {
        Failure::Error(msg) => Failure::Error(format!("{msg}{log}")),
        other => other,
    }
}

/// Waits until the daemon owns org.freedesktop.secrets, so that the first client does not
/// D-Bus-activate a second daemon (which would not use our throw-away keyring).
fn wait_for_secret_service() -> Res {
    let start = Instant::now();
    loop {
        let mut ask = Command::new("dbus-send");
        ask.args([
            "--session",
            "--print-reply",
            "--dest=org.freedesktop.DBus",
            "/org/freedesktop/DBus",
            "org.freedesktop.DBus.NameHasOwner",
            "string:org.freedesktop.secrets",
        ]);
        let (status, out) = capture(&mut ask, b"", Duration::from_secs(5))?;
        if status.success() && out.contains("boolean true") {
            return Ok(());
        }
        if start.elapsed() > TIMEOUT {
            return err(format!(
                "gnome-keyring-daemon did not take the name org.freedesktop.secrets on the \
                 session bus within {TIMEOUT:?}"
            ));
        }
        thread::sleep(Duration::from_millis(100));
    }
}

/// Stores a secret with secret-tool and reads it back; fails loudly if the keyring is unusable.
fn preflight() -> Res {
    let attrs = ["service", "lockstep-probe", "user", "probe"];
    let value = format!("lockstep-probe-{}", std::process::id());
    let fail = |what: &str| {
        err(format!(
            "keyring preflight failed: {what}. The Secret Service (gnome-keyring) on the test \
             D-Bus session does not work, so the keyring tests could not pass; see the daemon log"
        ))
    };
    let mut store = Command::new("secret-tool");
    store
        .args(["store", "--label=lockstep preflight"])
        .args(attrs);
    let (status, _) = capture(&mut store, value.as_bytes(), TIMEOUT)?;
    if !status.success() {
        return fail(&format!("`{}` exited with {status}", show(&store)));
    }
    let mut lookup = Command::new("secret-tool");
    lookup.arg("lookup").args(attrs);
    let (status, out) = capture(&mut lookup, b"", TIMEOUT)?;
    if !status.success() || out.trim_end_matches('\n') != value {
        return fail(&format!(
            "`{}` returned {status} and {:?}, not {value:?}",
            show(&lookup),
            out
        ));
    }
    let mut clear = Command::new("secret-tool");
    clear.arg("clear").args(attrs);
    let _ = capture(&mut clear, b"", TIMEOUT);
    header("keyring preflight ok (secret-tool store + lookup)");
    Ok(())
}
