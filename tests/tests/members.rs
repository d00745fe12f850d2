//! Issue 15, members, in the real window: Settings → Members adds a member, whose own password
//! then opens the vault in the CLI with the same accounts; removing the member in the window
//! makes the CLI refuse that password (exit 2, "wrong password") while the owner's still opens.

use lockstep_e2e::sample::{GITHUB, PASSWORD, PROTON};
use lockstep_e2e::{cli_output, config_or_skip, make_vault, run_cli, App, Home, T};

const BEN_PW: &str = "Ben-Quartz-Harbour-Lantern-62";

fn accounts(json: &str) -> Vec<(String, String)> {
    let v: Vec<serde_json::Value> = serde_json::from_str(json).expect("list --json prints JSON");
    v.iter()
        .map(|e| {
            (
                e["issuer"].as_str().unwrap_or_default().to_owned(),
                e["account"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

#[test]
fn settings_members_adds_and_removes_a_member_and_the_cli_agrees() {
    let cfg = config_or_skip!(cli);
    let cli = cfg.cli.clone().expect("checked above");
    let home = Home::new();
    make_vault(&home.vault(), PASSWORD, &[GITHUB, PROTON]);
    let app = App::start(&cfg, &home, "members");
    app.unlock_with(PASSWORD);
    app.click(&app.find("[data-testid=open-settings]"));
    app.until("the owner listed", T, |a| {
        a.all("[data-testid=member]").len() == 1
    });
    let owner = app.find("[data-testid=member]");
    assert!(app.text(&owner).contains("owner"), "{}", app.text(&owner));
    assert!(app.text(&owner).contains("(you)"), "{}", app.text(&owner));

    // Add Ben with his own password, scored by the core's meter.
    app.type_into(&app.find("[data-testid=member-name]"), "Ben");
    app.type_into(&app.find("[data-testid=member-password]"), BEN_PW);
    app.type_into(&app.find("[data-testid=member-password2]"), BEN_PW);
    app.until("strength scored", T, |a| {
        a.attr(
            &a.find("[data-testid=members-section] [data-testid=strength]"),
            "data-score",
        )
        .is_some_and(|s| s != "-1")
    });
    app.click(&app.find("[data-testid=member-add]"));
    app.until("Ben listed", T, |a| {
        !a.all("[data-testid=member][data-name=Ben]").is_empty()
    });
    app.screenshot("members-added");
    let error = app.text(&app.find("[data-testid=members-error]"));
    assert!(error.trim().is_empty(), "{error}");

    // The CLI opens the vault with Ben's password alone and shows the owner's accounts.
    let as_ben = accounts(&run_cli(&cli, &home, BEN_PW, &["list", "--json"]));
    let as_owner = accounts(&run_cli(&cli, &home, PASSWORD, &["list", "--json"]));
    assert_eq!(as_ben, as_owner);
    assert_eq!(as_ben.len(), 2);
    let members = run_cli(&cli, &home, BEN_PW, &["member", "list", "--json"]);
    let members: serde_json::Value = serde_json::from_str(&members).expect("JSON");
    assert_eq!(members[1]["name"], "Ben");
    assert_eq!(members[1]["you"], true);

    // Remove Ben in the window, after the confirmation.
    app.click(&app.find("[data-testid=member][data-name=Ben] [data-testid=member-remove]"));
    app.find("[data-testid=member-confirm]");
    app.screenshot("members-remove-confirm");
    app.click(&app.find("[data-testid=member-remove-confirm]"));
    app.until("Ben gone", T, |a| a.all("[data-testid=member]").len() == 1);

    // Ben's password now fails in the CLI; the owner's still opens the vault.
    let out = cli_output(&cli, &home, BEN_PW, &["list", "--json"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("wrong password"), "{stderr}");
    let as_owner_now = accounts(&run_cli(&cli, &home, PASSWORD, &["list", "--json"]));
    assert_eq!(as_owner_now, as_owner);
}
