//! Issue 15, members, through the real `lockstep` binary: `member add` (the new member's password
//! from LOCKSTEP_NEW_PASSWORD), `member list [--json]`, `member remove [--yes]`; each member
//! opens the vault with their own password alone, and a removed member's password fails (exit 2,
//! "wrong password") on the vault saved after the removal.

mod common;

use std::path::Path;
use std::process::Output;

use common::{cmd, new_vault, ok, run, PASSWORD};
use serde_json::{json, Value};

const LINK: &str = "otpauth://totp/Portal:team@example.com?secret=JBSWY3DPEHPK3PXP&issuer=Portal";
const ANN_PW: &str = "Ann-Copper-Kettle-58";

/// `lockstep ARGS` as `password` (with `new_password` for the commands that ask one).
fn as_member(vault: &Path, password: &str, new_password: Option<&str>, args: &[&str]) -> Output {
    let mut c = cmd(vault, args);
    c.env("LOCKSTEP_PASSWORD", password);
    match new_password {
        Some(p) => c.env("LOCKSTEP_NEW_PASSWORD", p),
        None => c.env_remove("LOCKSTEP_NEW_PASSWORD"),
    };
    c.output().expect("the lockstep binary runs")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn json_of(out: &Output) -> Value {
    assert!(out.status.success(), "{}", stderr(out));
    serde_json::from_slice(&out.stdout).expect("JSON")
}

fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

#[test]
fn members_are_added_listed_and_removed_and_a_removed_password_fails() {
    let (_dir, vault, _recovery) = new_vault();
    ok(&vault, &["add", LINK]);
    let t0 = now();
    let out = as_member(&vault, PASSWORD, Some(ANN_PW), &["member", "add", " Ann "]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("Added Ann"));
    let t1 = now();

    // The list, as the owner and as Ann.
    let owner_view = json_of(&as_member(
        &vault,
        PASSWORD,
        None,
        &["member", "list", "--json"],
    ));
    let added = owner_view[1]["added"].as_u64().expect("Ann's added time");
    assert!((t0..=t1).contains(&added), "{added} not in {t0}..={t1}");
    assert_eq!(
        owner_view,
        json!([
            {"name": "owner", "added": null, "you": true},
            {"name": "Ann", "added": added, "you": false},
        ])
    );
    let ann_view = json_of(&as_member(
        &vault,
        ANN_PW,
        None,
        &["member", "list", "--json"],
    ));
    assert_eq!(ann_view[0]["you"], false);
    assert_eq!(ann_view[1]["you"], true);
    let text = ok(&vault, &["member", "list"]);
    assert!(
        text.contains("owner") && text.contains("Ann") && text.contains("(you)"),
        "{text}"
    );

    // Ann's password alone opens the vault and shows the same accounts.
    let owner_list = json_of(&as_member(&vault, PASSWORD, None, &["list", "--json"]));
    let ann_list = json_of(&as_member(&vault, ANN_PW, None, &["list", "--json"]));
    assert_eq!(ann_list, owner_list);
    assert_eq!(ann_list[0]["issuer"], "Portal");

    // Refusals: exit 2, one sentence, nothing written.
    let before = std::fs::read(&vault).unwrap();
    let refusals: [(&str, Option<&str>, &[&str], &str); 5] = [
        (
            PASSWORD,
            Some("Bob-Violet-Meadow-74"),
            &["member", "add", "ANN"],
            "already has a member named \"ANN\"",
        ),
        (
            PASSWORD,
            Some("password"),
            &["member", "add", "Bob"],
            "password",
        ),
        (
            PASSWORD,
            None,
            &["member", "remove", "Ann"],
            "not removed: confirm on a terminal or pass --yes",
        ),
        (
            PASSWORD,
            None,
            &["member", "remove", "Carol", "--yes"],
            "no member named \"Carol\"",
        ),
        (
            ANN_PW,
            None,
            &["member", "remove", "ann", "--yes"],
            "you cannot remove yourself",
        ),
    ];
    for (password, new_password, args, message) in refusals {
        let out = as_member(&vault, password, new_password, args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains(message), "{args:?}: {}", stderr(&out));
        assert_eq!(
            std::fs::read(&vault).unwrap(),
            before,
            "{args:?} wrote the vault"
        );
    }

    // Removed: Ann's password fails on the vault saved afterwards; the owner's still opens it.
    let out = as_member(
        &vault,
        PASSWORD,
        None,
        &["member", "remove", "ann", "--yes"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let out = as_member(&vault, ANN_PW, None, &["list", "--json"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(out.stdout.is_empty());
    assert!(stderr(&out).contains("wrong password"), "{}", stderr(&out));
    assert_eq!(
        json_of(&as_member(
            &vault,
            PASSWORD,
            None,
            &["member", "list", "--json"]
        )),
        json!([{"name": "owner", "added": null, "you": true}])
    );
    assert_eq!(
        json_of(&as_member(&vault, PASSWORD, None, &["list", "--json"])),
        owner_list
    );
    let out = run(&vault, &["member", "remove", "owner", "--yes"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("only password"), "{}", stderr(&out));
}
