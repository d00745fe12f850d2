//! Groups, tags, notes and favourites reach the vault entry: Aegis groups (database v2 and v3),
//! notes and favourites; 2FAS groups; andOTP tags; Ente tags, notes and pins; Proton notes;
//! Stratum categories; LastPass favourites; Raivo pins. Files are the peer fixtures where they
//! carry such data, else small files written here in each format's documented shape.

use std::path::PathBuf;

use lockstep_core::import::{read_any, Extras, ImportResult, Plan};
use lockstep_core::vault::Vault;

fn fixture(rel: &str) -> Vec<u8> {
    std::fs::read(
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(rel),
    )
    .unwrap()
}

/// The extras of the account with this issuer.
fn extras_of(r: &ImportResult, issuer: &str) -> Extras {
    let i = r
        .accounts
        .iter()
        .position(|a| a.issuer == issuer)
        .unwrap_or_else(|| panic!("no {issuer}"));
    r.extras.get(&i).cloned().unwrap_or_default()
}

fn tags(t: &[&str]) -> Vec<String> {
    t.iter().map(|s| s.to_string()).collect()
}

#[test]
fn aegis_v2_group_names_become_tags() {
    let r = read_any(
        &fixture("peers/aegis/aegis_plain_grouped_v2.json"),
        None,
        None,
    )
    .unwrap();
    assert_eq!(extras_of(&r, "Deno").tags, tags(&["group1"]));
    assert_eq!(extras_of(&r, "Issuu").tags, tags(&["group2"]));
    assert!(extras_of(&r, "SPDX").is_empty());
}

const AEGIS_V3: &str = r#"{"version":1,"header":{"slots":null,"params":null},"db":{"version":3,
  "entries":[
    {"type":"totp","uuid":"u1","name":"mason","issuer":"Deno","note":"recovery codes in the safe",
     "favorite":true,"icon":null,"info":{"secret":"4SJHB4GSD43FZBAI7C2HLRJGPQ","algo":"SHA1","digits":6,"period":30},
     "groups":["g1","g2","missing"]},
    {"type":"totp","uuid":"u2","name":"james","issuer":"SPDX","note":"","favorite":false,"icon":null,
     "info":{"secret":"5OM4WOOGPLQEF6UGN3CPEOOLWU","algo":"SHA1","digits":6,"period":30},"groups":[]}],
  "groups":[{"uuid":"g1","name":"Work"},{"uuid":"g2","name":"Personal"}]}}"#;

#[test]
fn aegis_v3_groups_notes_and_favourites_reach_the_entry() {
    let r = read_any(AEGIS_V3.as_bytes(), None, None).unwrap();
    let x = extras_of(&r, "Deno");
    assert_eq!(x.tags, tags(&["Work", "Personal"]));
    assert_eq!(x.note, "recovery codes in the safe");
    assert!(x.favorite);
    assert!(extras_of(&r, "SPDX").is_empty());
    // Through the plan onto the vault entries.
    let mut vault = Vault::default();
    let plan = Plan::new(&vault, r);
    assert_eq!(plan.accounts[0].extras.tags, tags(&["Work", "Personal"]));
    assert_eq!(plan.apply(&mut vault, 1_700_000_000).unwrap(), 2);
    let deno = vault.entries.iter().find(|e| e.issuer == "Deno").unwrap();
    assert_eq!(deno.tags, tags(&["Work", "Personal"]));
    assert_eq!(deno.note, "recovery codes in the safe");
    assert!(deno.favorite);
    let spdx = vault.entries.iter().find(|e| e.issuer == "SPDX").unwrap();
    assert!(spdx.tags.is_empty() && spdx.note.is_empty() && !spdx.favorite);
}

#[test]
fn twofas_groups_become_tags() {
    let file = br#"{"schemaVersion":4,"groups":[{"id":"A1","name":"Banks","isExpanded":true}],
      "services":[
        {"name":"Deno","secret":"4SJHB4GSD43FZBAI7C2HLRJGPQ","groupId":"A1",
         "otp":{"account":"mason","digits":6,"period":30,"algorithm":"SHA1","tokenType":"TOTP"}},
        {"name":"SPDX","secret":"5OM4WOOGPLQEF6UGN3CPEOOLWU",
         "otp":{"account":"james","digits":6,"period":30,"algorithm":"SHA1","tokenType":"TOTP"}}]}"#;
    let r = read_any(file, None, None).unwrap();
    assert_eq!(extras_of(&r, "Deno").tags, tags(&["Banks"]));
    assert!(extras_of(&r, "SPDX").is_empty());
}

#[test]
fn andotp_tags_are_kept() {
    let r = read_any(&fixture("local/andotp_plain.json"), None, None).unwrap();
    assert_eq!(extras_of(&r, "Deno").tags, tags(&["work"]));
}

#[test]
fn ente_tags_notes_and_pins_are_kept() {
    let display =
        r#"{"pinned":true,"trashed":false,"tags":["Work","Work"," "],"note":"old phone"}"#;
    let link = format!(
        "otpauth://totp/Deno:mason?secret=4SJHB4GSD43FZBAI7C2HLRJGPQ&issuer=Deno&codeDisplay={}\n",
        percent_encoding::utf8_percent_encode(display, percent_encoding::NON_ALPHANUMERIC)
    );
    let r = read_any(link.as_bytes(), None, None).unwrap();
    let x = extras_of(&r, "Deno");
    assert_eq!(
        (x.tags, x.note.as_str(), x.favorite),
        (tags(&["Work"]), "old phone", true)
    );
}

#[test]
fn proton_notes_are_kept() {
    let file = br#"{"version":1,"entries":[{"id":"1","content":{"uri":
      "otpauth://totp/Deno:mason?secret=4SJHB4GSD43FZBAI7C2HLRJGPQ&issuer=Deno","entry_type":"Totp",
      "name":"mason"},"note":"shared with the team"}]}"#;
    let r = read_any(file, None, None).unwrap();
    assert_eq!(extras_of(&r, "Deno").note, "shared with the team");
}

#[test]
fn stratum_categories_become_tags() {
    let file = br#"{"Authenticators":[
        {"Type":2,"Issuer":"Deno","Username":"mason","Secret":"4SJHB4GSD43FZBAI7C2HLRJGPQ","Algorithm":0,"Digits":6,"Period":30},
        {"Type":2,"Issuer":"SPDX","Username":"james","Secret":"5OM4WOOGPLQEF6UGN3CPEOOLWU","Algorithm":0,"Digits":6,"Period":30}],
      "Categories":[{"Id":"c1","Name":"Work","Ranking":0}],
      "AuthenticatorCategories":[{"CategoryId":"c1","AuthenticatorSecret":"4SJHB4GSD43FZBAI7C2HLRJGPQ","Ranking":0}],
      "CustomIcons":[]}"#;
    let r = read_any(file, None, None).unwrap();
    assert_eq!(extras_of(&r, "Deno").tags, tags(&["Work"]));
    assert!(extras_of(&r, "SPDX").is_empty());
}

#[test]
fn lastpass_favourites_and_raivo_pins_are_kept() {
    let file = br#"{"deviceName":"x","accounts":[
      {"issuerName":"Deno","userName":"mason","secret":"4SJHB4GSD43FZBAI7C2HLRJGPQ","timeStep":30,"digits":6,"algorithm":"SHA1","isFavorite":true}],
      "folders":[],"version":3}"#;
    let r = read_any(file, None, None).unwrap();
    assert!(extras_of(&r, "Deno").favorite);
    let r = read_any(&fixture("built/raivo-otp-export.json"), None, None).unwrap();
    assert!(extras_of(&r, "SPDX").favorite);
    assert!(!extras_of(&r, "Deno").favorite);
}

#[test]
fn appending_sources_keeps_extras_aligned() {
    let mut all = read_any(&fixture("built/raivo-otp-export.json"), None, None).unwrap();
    let aegis = read_any(AEGIS_V3.as_bytes(), None, None).unwrap();
    all.append(aegis);
    assert!(extras_of(&all, "SPDX").favorite); // Raivo's SPDX comes first
    assert_eq!(extras_of(&all, "Deno").tags, Vec::<String>::new()); // Raivo's Deno
    let deno_aegis = all
        .accounts
        .iter()
        .rposition(|a| a.issuer == "Deno")
        .unwrap();
    assert_eq!(all.extras[&deno_aegis].tags, tags(&["Work", "Personal"]));
}
