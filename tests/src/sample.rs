//! Sample data the tests share: accounts and password (independent test data: links as a
//! service's QR code would carry them), QR fixtures, vaults made by the core and by the CLI.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::home::Home;

/// code would carry them).
pub const PASSWORD: &str = "correct horse battery staple";
pub const GITHUB: &str =
    "otpauth://totp/GitHub:octo@example.com?secret=JBSWY3DPEHPK3PXP&issuer=GitHub";
pub const PROTON: &str =
    "otpauth://totp/Proton:alice@proton.me?secret=GEZDGNBVGY3TQOJQ&issuer=Proton";
pub const BANK: &str =
    "otpauth://totp/Bank:12345678?secret=KRSXG5CTMVRXEZLU&issuer=Bank&digits=8&period=60";

/// A QR picture from core's fixtures (made by an independent encoder, see their make.py).
pub fn qr_fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../crates/lockstep-core/tests/fixtures/qr")
        .join(name)
        .canonicalize()
        .expect("the QR fixture exists")
}

/// A vault created by the core (fast KDF for tests), with links added.
pub fn make_vault(path: &Path, password: &str, links: &[&str]) {
    use lockstep_core::{vault::now, Entry, KdfParams, Store};
    let store = Store::new(path);
    let (mut unlocked, _) = store
        .create(password, KdfParams::CHEAPEST)
        .expect("create the test vault");
    for l in links {
        let a = lockstep_core::uri::parse(l).expect("a valid test link");
        unlocked
            .vault
            .push(Entry::from_account(a, now()).expect("a valid account"));
    }
    let guard = store.lock().expect("lock the test vault");
    store
        .save(&guard, &mut unlocked)
        .expect("save the test vault");
}

/// Runs the CLI (`LOCKSTEP_E2E_CLI`) on `home`'s vault with `password`, whatever its outcome.
pub fn cli_output(cli: &Path, home: &Home, password: &str, args: &[&str]) -> Output {
    let vault = home.vault();
    cli_output_env(
        cli,
        &[
            ("LOCKSTEP_VAULT", vault.as_os_str()),
            ("LOCKSTEP_PASSWORD", password.as_ref()),
        ],
        args,
    )
}

/// Runs the CLI with the environment `env` (its vault, password, home...), whatever its outcome.
pub fn cli_output_env(cli: &Path, env: &[(&str, &std::ffi::OsStr)], args: &[&str]) -> Output {
    Command::new(cli)
        .args(args)
        .envs(env.iter().copied())
        .env_remove("LOCKSTEP_KEEP_BACKUPS")
        .output()
        .expect("run the lockstep CLI")
}

/// Runs the CLI (`LOCKSTEP_E2E_CLI`) on `home`'s vault with `password`; panics unless it exits 0.
/// Returns standard output.
pub fn run_cli(cli: &Path, home: &Home, password: &str, args: &[&str]) -> String {
    succeeded(cli_output(cli, home, password, args), args)
}

/// Runs the CLI with the environment `env`; panics unless it exits 0. Returns standard output.
pub fn run_cli_env(cli: &Path, env: &[(&str, &std::ffi::OsStr)], args: &[&str]) -> String {
    succeeded(cli_output_env(cli, env, args), args)
}

fn succeeded(out: Output, args: &[&str]) -> String {
    assert!(
        out.status.success(),
        "lockstep {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}
