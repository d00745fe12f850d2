//! Small helpers shared by the subcommands: failures, paths, running commands.

use std::ffi::OsStr;
use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::thread;
use std::time::{Duration, Instant};

/// Why a subcommand stopped.
#[derive(Debug)]
pub enum Failure {
    /// xtask itself could not do its job (missing tool, setup failed, ...): exit 2.
    Error(String),
    /// A child step (cargo test, ...) failed: xtask exits with the same code.
    Exit { what: String, code: i32 },
}

pub type Res<T = ()> = Result<T, Failure>;

pub fn err<T>(msg: impl Into<String>) -> Res<T> {
    Err(Failure::Error(msg.into()))
}

/// One header line per phase, so a CI log shows where time goes.
pub fn header(msg: &str) {
    eprintln!("xtask: {msg}");
}

/// The workspace root: the parent of this crate's manifest dir.
pub fn workspace_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

/// The cargo that runs us (`cargo xtask` sets CARGO), else `cargo` from PATH.
pub fn cargo() -> Command {
    let program = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut cmd = Command::new(program);
    cmd.current_dir(workspace_root());
    cmd
}

/// Cargo's target directory (honours CARGO_TARGET_DIR).
pub fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) if !dir.is_empty() => {
            let dir = PathBuf::from(dir);
            if dir.is_absolute() {
                dir
            } else {
                std::env::current_dir()
                    .map(|cwd| cwd.join(&dir))
                    .unwrap_or(dir)
            }
        }
        _ => workspace_root().join("target"),
    }
}

/// Scratch space for xtask (logs, the throw-away keyring): `target/xtask/`.
pub fn scratch_dir() -> Res<PathBuf> {
    let dir = target_dir().join("xtask");
    fs::create_dir_all(&dir).or_else(|e| err(format!("cannot create {}: {e}", dir.display())))?;
    Ok(dir)
}

/// Whether `program` can be found in PATH.
pub fn on_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .map(|paths| std::env::split_paths(&paths).any(|dir| dir.join(program).is_file()))
        .unwrap_or(false)
}

/// Shell-like rendering of a command line, for messages.
pub fn show(cmd: &Command) -> String {
    let quote = |s: &OsStr| {
        let s = s.to_string_lossy();
        if !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_./=:,+@%".contains(c))
        {
            s.into_owned()
        } else {
            format!("'{}'", s.replace('\'', r"'\''"))
        }
    };
    std::iter::once(cmd.get_program())
        .chain(cmd.get_args())
        .map(quote)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The exit code to pass on for a finished child (128 + n when killed by signal n).
pub fn exit_code(status: ExitStatus) -> i32 {
    #[cfg(unix)]
    let signal = {
        use std::os::unix::process::ExitStatusExt;
        status.signal().map(|s| 128 + s)
    };
    #[cfg(not(unix))]
    let signal = None;
    status.code().or(signal).unwrap_or(1)
}

/// Runs a command with inherited stdio; a non-zero exit becomes `Failure::Exit`.
pub fn run(cmd: &mut Command, what: &str) -> Res {
    let status = cmd
        .status()
        .or_else(|e| err(format!("cannot start `{}`: {e}", show(cmd))))?;
    if status.success() {
        Ok(())
    } else {
        Err(Failure::Exit {
            what: what.to_string(),
            code: exit_code(status),
        })
    }
}

/// Runs a short helper command, feeding `stdin`, capturing stdout, killing it after `timeout`.
/// Returns (status, stdout). stderr is inherited so its diagnostics reach the log.
pub fn capture(cmd: &mut Command, stdin: &[u8], timeout: Duration) -> Res<(ExitStatus, String)> {
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .or_else(|e| err(format!("cannot start `{}`: {e}", show(cmd))))?;
    if let Some(mut pipe) = child.stdin.take() {
        // A tool that exits without reading its stdin is not our error here.
        let _ = pipe.write_all(stdin);
    }
    let reader = child.stdout.take().map(|mut pipe| {
        thread::spawn(move || {
            let mut out = Vec::new();
            let _ = pipe.read_to_end(&mut out);
            out
        })
    });
    let status = wait_timeout(&mut child, timeout)?.ok_or_else(|| {
        let _ = child.kill();
        let _ = child.wait();
        Failure::Error(format!("`{}` did not finish within {timeout:?}", show(cmd)))
    })?;
    let out = reader.and_then(|r| r.join().ok()).unwrap_or_default();
    Ok((status, String::from_utf8_lossy(&out).into_owned()))
}

/// Waits for `child` up to `timeout`; `None` if it is still running.
pub fn wait_timeout(child: &mut Child, timeout: Duration) -> Res<Option<ExitStatus>> {
    let start = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return Ok(Some(status)),
            Ok(None) if start.elapsed() >= timeout => return Ok(None),
            Ok(None) => thread::sleep(Duration::from_millis(50)),
            Err(e) => return err(format!("cannot wait for child process: {e}")),
        }
    }
}

/// The last `n` lines of a log file, for error messages.
pub fn tail(path: &Path, n: usize) -> String {
    let text = fs::read_to_string(path).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(n)..].join("\n")
}
