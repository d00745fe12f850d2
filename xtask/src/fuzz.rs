//! `cargo xtask fuzz [--seconds N]`: every fuzz target of `fuzz/` for N seconds each (default 60)
//! with its seed corpora, one after the other; prints each target's executions and time and fails
//! if any target finds a crash, a leak, a timeout or an out-of-memory input (libFuzzer writes it
//! to `fuzz/artifacts/<target>/`). Installs cargo-fuzz (`cargo install --locked cargo-fuzz`) when
//! it is missing; uses the installed nightly toolchain (`cargo +nightly`).

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use crate::util::{err, header, run, show, workspace_root, Failure, Res};

/// A fuzz target: its name, the largest input it is given, and its seed folders (relative to
/// the workspace root; a missing folder is skipped).
struct Target {
    name: &'static str,
    max_len: u32,
    seeds: &'static [&'static str],
}

const TARGETS: &[Target] = &[
    Target {
        name: "import",
        // Large enough for a FreeOTP backup that repeats a string by reference (issue 13).
        max_len: 2_000_000,
        seeds: &[
            "crates/lockstep-core/tests/fixtures/peers",
            "crates/lockstep-core/tests/fixtures/local",
            "crates/lockstep-core/tests/fixtures/google_authenticator",
        ],
    },
    Target {
        name: "migration",
        max_len: 4096,
        seeds: &["crates/lockstep-core/tests/fixtures/google_authenticator"],
    },
    Target {
        name: "qr_image",
        max_len: 65_536,
        seeds: &["crates/lockstep-core/tests/fixtures/qr"],
    },
    Target {
        name: "uri",
        max_len: 4096,
        seeds: &[
            "fuzz/seeds/uri",
            "crates/lockstep-core/tests/fixtures/peers/plain_otpauth",
        ],
    },
    Target {
        name: "vault_envelope",
        max_len: 65_536,
        seeds: &["crates/lockstep-core/tests/vectors"],
    },
    Target {
        name: "vault_payload",
        max_len: 65_536,
        seeds: &["fuzz/seeds/vault_payload"],
    },
    Target {
        name: "recovery_key",
        max_len: 256,
        seeds: &["fuzz/seeds/recovery_key"],
    },
];

/// What one target did.
struct Outcome {
    name: &'static str,
    executions: Option<u64>,
    seconds: f64,
    ok: bool,
}

pub fn main(args: &[String]) -> Res {
    let seconds = match args {
        [] => 60,
        [flag, n] if flag == "--seconds" => n
            .parse::<u32>()
            .ok()
            .filter(|&n| n > 0)
            .ok_or_else(|| Failure::Error(format!("--seconds wants a whole number, got {n}")))?,
        _ => return err("usage: cargo xtask fuzz [--seconds N]"),
    };
    let root = workspace_root();
    ensure_cargo_fuzz()?;
    header("cargo +nightly fuzz build (every target)");
    run(nightly(&root).args(["fuzz", "build"]), "cargo fuzz build")?;

    let started = Instant::now();
    let mut outcomes = Vec::new();
    for target in TARGETS {
        outcomes.push(run_target(&root, target, seconds)?);
    }
    let total = started.elapsed().as_secs_f64();

    header("fuzz results");
    println!(
        "{:<16} {:>12} {:>9} {:>10}  result",
        "target", "executions", "seconds", "exec/s"
    );
    for o in &outcomes {
        let execs = o.executions.map_or("?".to_string(), |n| n.to_string());
        let rate = o.executions.map_or("?".to_string(), |n| {
            format!("{:.0}", n as f64 / o.seconds.max(0.001))
        });
        let result = if o.ok {
            "ok"
        } else {
            "FINDING (see fuzz/artifacts)"
        };
        println!(
            "{:<16} {execs:>12} {:>9.1} {rate:>10}  {result}",
            o.name, o.seconds
        );
    }
    println!("total fuzzing time: {total:.1} s");
    let failed: Vec<&str> = outcomes.iter().filter(|o| !o.ok).map(|o| o.name).collect();
    if failed.is_empty() {
        Ok(())
    } else {
        Err(Failure::Exit {
            what: format!("fuzzing ({} found something)", failed.join(", ")),
            code: 1,
        })
    }
}

/// `cargo +nightly` in the workspace root, with the outer cargo's variables removed so the
/// nightly toolchain picks its own compiler.
fn nightly(root: &Path) -> Command {
    let mut cmd = Command::new("cargo");
    cmd.arg("+nightly").current_dir(root);
    for var in [
        "CARGO",
        "RUSTC",
        "RUSTDOC",
        "RUSTUP_TOOLCHAIN",
        "RUSTC_WRAPPER",
    ] {
        cmd.env_remove(var);
    }
    cmd
}

/// Installs cargo-fuzz if `cargo +nightly fuzz` is not there.
fn ensure_cargo_fuzz() -> Res {
    let present = nightly(&workspace_root())
        .args(["fuzz", "--version"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if present {
        return Ok(());
    }
    header("cargo-fuzz is missing: cargo install --locked cargo-fuzz");
    let mut cmd = Command::new("cargo");
    cmd.args(["install", "--locked", "cargo-fuzz"]);
    run(&mut cmd, "cargo install cargo-fuzz")
}

/// Runs one target for `seconds`; its output streams through and the final statistics are read.
fn run_target(root: &Path, target: &Target, seconds: u32) -> Res<Outcome> {
    let corpus = root.join("fuzz/corpus").join(target.name);
    std::fs::create_dir_all(&corpus)
        .or_else(|e| err(format!("cannot create {}: {e}", corpus.display())))?;
    let mut cmd = nightly(root);
    cmd.args(["fuzz", "run", target.name]).arg(&corpus);
    for seed in target.seeds {
        let dir = root.join(seed);
        if dir.is_dir() {
            cmd.arg(dir);
        }
    }
    cmd.arg("--")
        .arg(format!("-max_total_time={seconds}"))
        .arg(format!("-max_len={}", target.max_len))
        .arg("-timeout=60")
        .arg("-print_final_stats=1");
    header(&show(&cmd));
    let started = Instant::now();
    let mut child = cmd
        .stderr(Stdio::piped())
        .spawn()
        .or_else(|e| err(format!("cannot start `{}`: {e}", show(&cmd))))?;
    let mut executions = None;
    if let Some(stderr) = child.stderr.take() {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            eprintln!("{line}");
            if let Some(n) = line
                .strip_prefix("stat::number_of_executed_units:")
                .and_then(|n| n.trim().parse().ok())
            {
                executions = Some(n);
            }
            if executions.is_none() {
                // "Done 12345 runs in 60 second(s)"
                if let Some(n) = line
                    .strip_prefix("Done ")
                    .and_then(|r| r.split_whitespace().next())
                    .and_then(|n| n.parse().ok())
                {
                    executions = Some(n);
                }
            }
        }
    }
    let status = child
        .wait()
        .or_else(|e| err(format!("waiting for `{}`: {e}", target.name)))?;
    Ok(Outcome {
        name: target.name,
        executions,
        seconds: started.elapsed().as_secs_f64(),
        ok: status.success(),
    })
}
