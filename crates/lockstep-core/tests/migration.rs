//! Google Authenticator export links from a peer's test suite, checked field by field against the
//! independently decoded expectations in fixtures/google_authenticator/EXPECTED.json.

use lockstep_core::import::Importer;
use lockstep_core::migration::{self, GoogleMigration};
use lockstep_core::{Account, Kind};
use serde_json::Value;

fn fixture(name: &str) -> String {
    let path = format!(
        "{}/tests/fixtures/google_authenticator/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn expected(name: &str) -> Vec<Value> {
    let all: Value = serde_json::from_str(&fixture("EXPECTED.json")).expect("EXPECTED.json parses");
    let key = format!("google_authenticator/{name}");
    all["files"][&key]["entries"]
        .as_array()
        .expect("entries")
        .clone()
}

/// The account as the fixture's JSON describes it.
fn describe(a: &Account) -> Value {
    let mut v = serde_json::json!({
        "type": a.otp.kind.as_str(),
        "issuer": a.issuer,
        "account": a.account,
        "secret": a.otp.secret.to_base32().as_str(),
        "algo": a.otp.algorithm.as_str(),
        "digits": a.otp.digits,
    });
    if a.otp.kind == Kind::Hotp {
        v["counter"] = a.otp.counter.into();
    } else {
        v["period"] = a.otp.period.into();
    }
    v
}

fn check(name: &str) {
    let batch = migration::decode(&fixture(name)).expect("decodes");
    assert!(batch.result.errors.is_empty(), "{:?}", batch.result.errors);
    let mut got: Vec<String> = batch
        .result
        .accounts
        .iter()
        .map(|a| describe(a).to_string())
        .collect();
    let mut want: Vec<String> = expected(name).iter().map(Value::to_string).collect();
    got.sort();
    want.sort();
    assert_eq!(got, want);
    assert_eq!((batch.batch_index, batch.batch_size), (0, 1));
}

#[test]
fn single_account_export() {
    check("google_migration_single.txt");
}

#[test]
fn multi_account_export_with_hotp_and_duplicates() {
    check("google_migration_multi.txt");
}

#[test]
fn importer_reads_a_text_file_of_links() {
    let text = format!(
        "{}\n{}",
        fixture("google_migration_single.txt"),
        fixture("google_migration_multi.txt")
    );
    let result = GoogleMigration::read(text.as_bytes(), None).expect("reads");
    assert_eq!(result.accounts.len(), 8);
    assert!(GoogleMigration::read(b"otpauth://totp/x?secret=JBSWY3DPEHPK3PXP", None).is_err());
}

#[test]
fn re_encoding_the_fixtures_gives_the_same_accounts() {
    let batch = migration::decode(&fixture("google_migration_multi.txt")).expect("decodes");
    let export = migration::encode(&batch.result.accounts, 7);
    assert_eq!(export.links.len(), 1);
    assert!(export.skipped.is_empty());
    let again = migration::decode(&export.links[0]).expect("decodes");
    assert_eq!(again.result.accounts, batch.result.accounts);
}
