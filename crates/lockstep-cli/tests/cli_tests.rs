//! CLI behaviour pinned by snapshot cases: one `cmd/<case>.toml` each (args, env, stdin, status,
//! stdout, stderr), run against a copy of `cmd/vault.in/` (see `cmd/README.md` for its password,
//! recovery key and accounts). Expected codes there were computed with oathtool, not with Lockstep.

#[test]
fn cli_cases() {
    // This run's own record of vaults seen (rollback detection), not the user's.
    let state = tempfile::tempdir().unwrap();
    trycmd::TestCases::new()
        .env("LOCKSTEP_STATE_DIR", state.path().display().to_string())
        .register_bin(
            "lockstep",
            trycmd::schema::Bin::Path(env!("CARGO_BIN_EXE_lockstep").into()),
        )
        .case("tests/cmd/*.toml")
        .run();
}
