//! Lockstep's project tasks: `cargo xtask run | test | bench | build | package | fuzz | windows`.
//!
//! Plain std on purpose: it must build and run on a fresh machine before anything else.

mod app;
mod fuzz;
mod macos;
mod package;
mod package_test;
mod packages;
mod rpm_payload;
mod session;
mod test;
mod util;
mod windows;
mod xvfb;

use std::process::ExitCode;
use util::{cargo, err, header, run, target_dir, Failure, Res};

const USAGE: &str = "\
usage: cargo xtask COMMAND

commands:
  test [PHASE...]   install missing system packages, then run every test of the workspace
                    (private D-Bus session + unlocked gnome-keyring + Xvfb); PHASE: ui, cargo,
                    e2e, package, windows, macos (default: all, in that order);
                    LOCKSTEP_E2E_FILTER=NAME runs only the end-to-end tests whose name contains
                    NAME; windows and macos skip, saying why, when their targets cannot be had
  run [--release]   install missing system packages, npm modules; build the UI and the app
                    and start the desktop app: the dev build the tests use (right after
                    `cargo xtask test`: nothing to build), or with --release the optimised one
  run -- ARGS       build the CLI (release) and run `lockstep ARGS` (also: cli [-- ARGS])
  bench             cargo bench -p lockstep-core (criterion; results in target/criterion)
  bench-app         desktop app: idle CPU, PSS vs a Tauri hello-world, binary sizes
                    (bench/desktop.sh under Xvfb + D-Bus + gnome-keyring), then through
                    WebDriver first codes, scrolling and PSS after use (tests/tests/bench.rs);
                    `bench-app after-use`: only PSS after use (200 accounts, 40 searches);
                    `bench-app idle`: only the app's idle CPU and PSS, in front and behind;
                    `bench-app after-use --dev`: the same with the dev-profile app and
                    hello-world (minutes to build, not an hour; compare page memory only)
  fuzz [--seconds N]
                    every fuzz target of fuzz/ for N seconds (default 60) with cargo-fuzz on
                    the nightly toolchain (installed if missing); fails on any finding
  build             build the UI and the release binaries of the app and the CLI; prints
                    the app binary's path last
  package           build a .deb and an .rpm (app, CLI, desktop entry, metainfo, icons, man
                    pages, completions) with Tauri's bundler; prints their paths last
  windows           the test phase `windows` alone: build the workspace for
                    x86_64-pc-windows-gnu, run lockstep.exe's tests under Wine, zip the binaries
                    (target/package/lockstep-windows-x86_64.zip)
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("test") => test::outer(&args[1..]),
        Some("run") if args.len() == 1 => run_app(false),
        Some("run") if args[1..] == ["--release"] => run_app(true),
        Some("run" | "cli") => run_cli(&args[1..]),
        Some("bench") if args.len() == 1 => bench(),
        Some("build") if args.len() == 1 => packages::ensure()
            .and_then(|()| app::build_release())
            .map(|b| {
                println!("{}", b.cli.display());
                println!("{}", b.app.display());
            }),
        Some(session::INNER) if args.get(1).map(String::as_str) == Some(test::GROUP) => {
            test::inner()
        }
        Some(session::INNER) if args.get(1).map(String::as_str) == Some(app::BENCH_GROUP) => {
            app::bench_inner()
        }
        Some("bench-app") if args.len() == 1 => app::bench_outer(None, false),
        Some("bench-app")
            if args.len() == 2 && [app::AFTER_USE, app::IDLE].contains(&&*args[1]) =>
        {
            app::bench_outer(Some(&args[1]), false)
        }
        Some("bench-app") if args[1..] == [app::AFTER_USE, "--dev"] => {
            app::bench_outer(Some(app::AFTER_USE), true)
        }
        Some("fuzz") => fuzz::main(&args[1..]),
        Some("package") if args.len() == 1 => package::command(),
        Some("windows") if args.len() == 1 => windows::command(),
        Some("-h" | "--help" | "help") => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        _ => {
            eprint!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Error(msg)) => {
            eprintln!("xtask: error: {msg}");
            ExitCode::from(2)
        }
        Err(Failure::Exit { what, code }) => {
            eprintln!("xtask: {what} failed (exit code {code})");
            ExitCode::from(u8::try_from(code).ok().filter(|&c| c != 0).unwrap_or(1))
        }
    }
}

/// Builds the CLI in release mode; returns the binary's absolute path.
fn build() -> Res<String> {
    header("cargo build --release -p lockstep-cli");
    run(
        cargo().args(["build", "--release", "-p", "lockstep-cli"]),
        "cargo build",
    )?;
    let bin = target_dir().join("release").join("lockstep");
    if !bin.is_file() {
        return err(format!(
            "the build succeeded but {} does not exist",
            bin.display()
        ));
    }
    let bin = bin.canonicalize().unwrap_or(bin);
    Ok(bin.display().to_string())
}

/// The desktop app: the dev build (as the tests build it) or, with `release`, the optimised one.
fn run_app(release: bool) -> Res {
    packages::ensure()?;
    let bins = if release {
        app::build_release()?
    } else {
        app::build_dev()?
    };
    let mut cmd = std::process::Command::new(&bins.app);
    header(&util::show(&cmd));
    run(&mut cmd, "lockstep-app")
}

fn run_cli(args: &[String]) -> Res {
    let args = match args.first().map(String::as_str) {
        Some("--") => &args[1..],
        _ => args,
    };
    packages::ensure()?;
    let bin = build()?;
    let mut cmd = std::process::Command::new(&bin);
    if args.is_empty() {
        cmd.arg("--help");
    } else {
        cmd.args(args);
    }
    header(&util::show(&cmd));
    run(&mut cmd, "lockstep")
}

fn bench() -> Res {
    header("cargo bench -p lockstep-core");
    run(
        cargo().args(["bench", "-p", "lockstep-core"]),
        "cargo bench",
    )?;
    let results = target_dir().join("criterion");
    if results.is_dir() {
        header(&format!("criterion results: {}", results.display()));
    } else {
        header(&format!(
            "no criterion results in {} (no benchmark ran)",
            results.display()
        ));
    }
    Ok(())
}
