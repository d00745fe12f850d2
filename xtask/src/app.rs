//! The desktop app's tasks: npm modules and the UI build (ui/), dev and release binaries of the
//! app and the CLI, tauri-driver for the end-to-end tests, and the UI and e2e test phases.

use crate::util::{cargo, err, header, on_path, run, target_dir, workspace_root, Res};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Release binaries: (app, CLI).
pub struct Binaries {
    pub app: PathBuf,
    pub cli: PathBuf,
}

fn npm() -> Res<Command> {
    if !on_path("npm") {
        return err("npm not found: install Node.js 20.19 or newer (with npm) to build the UI");
    }
    let mut cmd = Command::new("npm");
    cmd.current_dir(workspace_root().join("ui"));
    Ok(cmd)
}

/// `npm ci` in ui/ when node_modules is missing or older than package-lock.json.
pub fn npm_ci() -> Res {
    let ui = workspace_root().join("ui");
    let stamp = ui.join("node_modules/.package-lock.json");
    let lock = ui.join("package-lock.json");
    let fresh = match (stamp.metadata(), lock.metadata()) {
        (Ok(s), Ok(l)) => match (s.modified(), l.modified()) {
            (Ok(s), Ok(l)) => s >= l,
            _ => false,
        },
        _ => false,
    };
    if fresh {
        header("npm modules present (ui/node_modules)");
        return Ok(());
    }
    // `npm install`, not `npm ci`: npm 11's `ci` rejects a lock file that lists rollup's
    // per-platform optional packages without versions ("Missing: @rollup/rollup-android-…@"),
    // which npm itself writes. `install` still follows the lock file's versions.
    header("npm install (ui/)");
    run(
        npm()?.args(["install", "--no-audit", "--no-fund"]),
        "npm install",
    )
}

/// Builds the UI into ui/dist (embedded in the app binary), unless ui/dist is newer than every
/// source: rewriting dist would make cargo re-embed it and re-link the app for nothing.
pub fn build_ui() -> Res {
    npm_ci()?;
    let ui = workspace_root().join("ui");
    let built = newest(&ui.join("dist/index.html"));
    let sources = [
        "src",
        "public",
        "index.html",
        "package-lock.json",
        "vite.config.ts",
        "svelte.config.js",
    ]
    .iter()
    .filter_map(|p| newest(&ui.join(p)))
    .max();
    if let (Some(built), Some(sources)) = (built, sources) {
        if built > sources {
            header("ui/dist is up to date");
            return Ok(());
        }
    }
    header("npm run build (ui/ -> ui/dist)");
    run(npm()?.args(["run", "build"]), "npm run build")
}

/// The newest modification time of a file, or of the files under a folder.
fn newest(path: &std::path::Path) -> Option<std::time::SystemTime> {
    let meta = path.metadata().ok()?;
    if !meta.is_dir() {
        return meta.modified().ok();
    }
    std::fs::read_dir(path)
        .ok()?
        .flatten()
        .filter_map(|e| newest(&e.path()))
        .max()
}

/// UI, then release binaries of the app and the CLI.
pub fn build_release() -> Res<Binaries> {
    build_ui()?;
    header("cargo build --release -p lockstep-app -p lockstep-cli");
    run(
        cargo().args([
            "build",
            "--release",
            "-p",
            "lockstep-app",
            "-p",
            "lockstep-cli",
        ]),
        "cargo build",
    )?;
    binaries_in(&target_dir().join("release"))
}

/// UI, then the dev-profile app and CLI, built exactly as the e2e test phase builds them (the
/// workspace's binaries with the end-to-end test targets, so the same features): right after
/// `cargo xtask test` this is a no-op for cargo, and `cargo xtask run` starts at once.
pub fn build_dev() -> Res<Binaries> {
    build_dev_with(&[])
}

/// [`build_dev`] with more targets in the same cargo invocation (so the same features).
fn build_dev_with(extra: &[&str]) -> Res<Binaries> {
    build_ui()?;
    let targets = e2e_target_args()?;
    header("cargo build --workspace --bins (and the e2e test targets)");
    run(
        cargo()
            .args(["build", "--workspace", "--bins"])
            .args(&targets)
            .args(extra),
        "cargo build",
    )?;
    binaries_in(&target_dir().join("debug"))
}

/// The app and the CLI in `target/release` or `target/debug`.
fn binaries_in(dir: &Path) -> Res<Binaries> {
    let found = |name: &str| {
        let p = dir.join(name);
        if p.is_file() {
            Ok(p.canonicalize().unwrap_or(p))
        } else {
            err(format!(
                "the build succeeded but {} does not exist",
                p.display()
            ))
        }
    };
    Ok(Binaries {
        cli: found("lockstep")?,
        app: found("lockstep-app")?,
    })
}

/// `--test NAME` for each end-to-end test target (one per file in tests/tests), sorted.
fn e2e_target_args() -> Res<Vec<String>> {
    let dir = workspace_root().join("tests/tests");
    let entries = match std::fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) => return err(format!("{}: {e}", dir.display())),
    };
    let mut names: Vec<String> = entries
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().into_string().ok()?;
            name.strip_suffix(".rs").map(str::to_owned)
        })
        .collect();
    names.sort();
    Ok(names
        .into_iter()
        .flat_map(|t| ["--test".to_owned(), t])
        .collect())
}

/// tauri-driver (WebDriver proxy for Tauri apps): on PATH, in ~/.cargo/bin, or installed from
/// crates.io with `cargo install tauri-driver --locked`.
pub fn tauri_driver() -> Res<PathBuf> {
    let cargo_bin = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .map(|d| d.join("bin").join("tauri-driver"));
    if let Some(p) = cargo_bin.as_ref().filter(|p| p.is_file()) {
        return Ok(p.clone());
    }
    if on_path("tauri-driver") {
        return Ok("tauri-driver".into());
    }
    header("cargo install tauri-driver --locked");
    run(
        cargo().args(["install", "tauri-driver", "--locked"]),
        "cargo install tauri-driver",
    )?;
    cargo_bin
        .filter(|p| p.is_file())
        .map_or_else(|| err("tauri-driver was installed but cannot be found"), Ok)
}

/// Test phase: UI unit tests (vitest) and svelte-check, after building ui/dist (which the
/// `cargo test` phase needs: the app crate embeds it).
pub fn ui_phase() -> Res {
    build_ui()?;
    header("npm run check (svelte-check)");
    run(npm()?.args(["run", "check"]), "svelte-check")?;
    header("npm test (vitest)");
    run(npm()?.args(["test"]), "vitest")
}

/// Environment variable naming which end-to-end tests to run: a `cargo test` name filter
/// (e.g. `LOCKSTEP_E2E_FILTER=backup cargo xtask test e2e`); unset or empty: all of them.
pub const E2E_FILTER: &str = "LOCKSTEP_E2E_FILTER";

/// Test phase: the end-to-end suite against the app, one test at a time.
///
/// The app, the CLI and the test binaries are built in the dev profile, in one `cargo`
/// invocation over the whole workspace with test targets, as the `cargo test` phase does: the
/// same packages and dev-dependencies, so the same features, and cargo reuses every crate that
/// phase compiled rather than building Tauri and its GTK/WebKit bindings a second time with
/// other features (twice the disk on CI; the crates that do pixel or crypto work are optimised
/// in dev too, see Cargo.toml).
pub fn e2e_phase() -> Res {
    let bins = build_dev()?;
    let targets = e2e_target_args()?;
    let driver = tauri_driver()?;
    if !on_path("WebKitWebDriver") {
        return err("WebKitWebDriver not found (apt package webkit2gtk-driver)");
    }
    header(&format!("e2e: {}", bins.app.display()));
    let mut args: Vec<String> = vec!["test".into(), "--workspace".into()];
    args.extend(targets);
    args.extend(["--".into(), "--test-threads=1".into()]);
    let filter = std::env::var(E2E_FILTER).unwrap_or_default();
    if !filter.trim().is_empty() {
        header(&format!("e2e: only tests matching {:?}", filter.trim()));
        args.push(filter.trim().to_owned());
    }
    run(
        cargo()
            .args(&args)
            .env("LOCKSTEP_E2E_APP", &bins.app)
            .env("LOCKSTEP_E2E_CLI", &bins.cli)
            .env("LOCKSTEP_E2E_DRIVER", &driver)
            .env("LOCKSTEP_E2E_README", "1"),
        "e2e tests",
    )
}

/// The session group name of `cargo xtask bench-app`.
pub const BENCH_GROUP: &str = "bench-app";

/// Outer side of `cargo xtask bench-app`: builds the app, the CLI and the hello-world baseline,
/// then runs bench/desktop.sh inside Xvfb + a private D-Bus session with gnome-keyring.
/// `only`: [`AFTER_USE`] or [`IDLE`] runs just that part (`cargo xtask bench-app after-use`).
/// `dev`: the dev-profile app and hello-world instead of release ones (`--dev`: minutes instead
/// of the hour a release build takes here; the page and WebKit are the same, the binaries' code
/// is not, so only the page's share and differences between runs compare with release figures).
pub fn bench_outer(only: Option<&str>, dev: bool) -> Res {
    crate::packages::ensure()?;
    let (bins, hello) = if dev {
        let bins = build_dev_with(&["--example", "hello"])?;
        (bins, target_dir().join("debug/examples/hello"))
    } else {
        let bins = build_release()?;
        // The baseline (cargo rebuilds it only when Tauri or its page changed).
        header("cargo build --release -p lockstep-app --example hello");
        run(
            cargo().args([
                "build",
                "--release",
                "-p",
                "lockstep-app",
                "--example",
                "hello",
            ]),
            "cargo build (hello)",
        )?;
        (bins, target_dir().join("release/examples/hello"))
    };
    let xvfb = crate::xvfb::Xvfb::start()?;
    let envs = [
        ("DISPLAY", xvfb.display()),
        ("APP", bins.app.display().to_string()),
        ("CLI", bins.cli.display().to_string()),
        ("HELLO", hello.display().to_string()),
        (BENCH_ONLY, only.unwrap_or_default().to_owned()),
    ];
    crate::session::run_group(BENCH_GROUP, &envs)
}

/// Environment variable between the two sides of `cargo xtask bench-app`: [`AFTER_USE`] or
/// [`IDLE`] runs only that part, empty runs everything.
const BENCH_ONLY: &str = "LOCKSTEP_BENCH_ONLY";
/// `cargo xtask bench-app after-use`: only PSS after use (tests/tests/bench.rs).
pub const AFTER_USE: &str = "after-use";
/// `cargo xtask bench-app idle`: only the app's idle CPU and PSS, in front and behind
/// (bench/desktop.sh with `APP_ONLY=1`).
pub const IDLE: &str = "idle";

/// Inner side: keyring up, then the script and the WebDriver measures.
pub fn bench_inner() -> Res {
    std::env::remove_var("WAYLAND_DISPLAY");
    let scratch = crate::session::start_keyring()?;
    let only = std::env::var(BENCH_ONLY).unwrap_or_default();
    let after_use_only = only == AFTER_USE;
    let mut result = if after_use_only {
        Ok(())
    } else {
        let script = workspace_root().join("bench/desktop.sh");
        let mut cmd = Command::new("bash");
        if only == IDLE {
            cmd.env("APP_ONLY", "1");
        }
        run(cmd.arg(script), "bench/desktop.sh")
    };
    if result.is_ok() && only != IDLE {
        // The window's own measures, through WebDriver: first codes visible, scrolling, and PSS
        // after use against hello-world.
        header("WebDriver measures (tests/tests/bench.rs, release app)");
        result = tauri_driver().and_then(|driver| {
            let mut cmd = cargo();
            cmd.args(["test", "--workspace", "--test", "bench", "--"]);
            if after_use_only {
                cmd.arg(
                    std::env::var("LOCKSTEP_BENCH_FILTER")
                        .unwrap_or_else(|_| "pss_after_use".into()),
                );
            }
            run(
                cmd.args(["--ignored", "--nocapture", "--test-threads=1"])
                    .env(
                        "LOCKSTEP_E2E_APP",
                        std::env::var_os("APP").unwrap_or_default(),
                    )
                    .env(
                        "LOCKSTEP_BENCH_HELLO",
                        std::env::var_os("HELLO").unwrap_or_default(),
                    )
                    .env("LOCKSTEP_E2E_DRIVER", &driver),
                "bench: WebDriver measures",
            )
        });
    }
    let _ = std::fs::remove_dir_all(scratch);
    result
}
