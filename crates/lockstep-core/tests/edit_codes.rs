//! Issue 20, item 8: an edit can change an entry's secret and code parameters through the
//! session, checked by the account rules. A refused edit leaves the vault file as it was; an
//! accepted one gives the new secret's codes (RFC 6238 vectors), in the file too.

use lockstep_core::entry::{OtpFields, Patch};
use lockstep_core::session::{self, Change, Options, Session};
use lockstep_core::{uri, Credential, KdfParams, Store};
use zeroize::Zeroizing;

const PW: &str = "correct horse battery staple";

fn open(store: &Store) -> Session {
    Session::open(
        store.clone(),
        Some(Credential::Password(Zeroizing::new(PW.into()))),
        Options::default(),
    )
    .unwrap()
}

fn edit(id: uuid::Uuid, otp: OtpFields) -> Change {
    Change::Edit {
        id,
        patch: Patch {
            otp: Some(otp),
            ..Patch::default()
        },
    }
}

#[test]
fn a_refused_edit_saves_nothing_and_an_accepted_one_gives_the_new_codes() {
    let dir = tempfile::tempdir().unwrap();
    std::env::set_var("LOCKSTEP_STATE_DIR", dir.path().join("state"));
    let store = Store::new(dir.path().join("v.lockstep"));
    session::create(&store, PW, KdfParams::CHEAPEST).unwrap();
    let mut s = open(&store);
    let link = "otpauth://totp/ACME:me?secret=JBSWY3DPEHPK3PXP&issuer=ACME";
    s.apply(Change::Add(Box::new(uri::parse(link).unwrap())))
        .unwrap();
    let id = s.entries()[0].id;
    let file = std::fs::read(store.path()).unwrap();

    let params = |secret: &str, digits: u32| OtpFields {
        kind: lockstep_core::Kind::Totp,
        secret: Some(Zeroizing::new(secret.into())),
        algorithm: lockstep_core::Algorithm::Sha256,
        digits,
        period: 30,
        counter: 0,
    };
    for bad in [params("0189!", 8), params("JBSWY3DPEHPK3PXP", 262)] {
        let e = s.apply(edit(id, bad)).unwrap_err();
        assert!(!e.to_string().contains("JBSW"), "{e}");
        assert_eq!(
            std::fs::read(store.path()).unwrap(),
            file,
            "{e}: nothing saved"
        );
        assert_eq!(
            s.codes(59)[0].code,
            uri::parse(link).unwrap().otp.code_at(59)
        );
    }

    // RFC 6238, Appendix B, SHA256 ("12345678901234567890123456789012"): T = 59 → 46119246.
    let rfc = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA";
    s.apply(edit(id, params(rfc, 8))).unwrap();
    assert_eq!(s.codes(59)[0].code, "46119246");
    assert_eq!(s.codes(59)[0].algorithm, "SHA256");
    drop(s);
    let again = open(&store);
    assert_eq!(again.codes(59)[0].code, "46119246");
    assert_eq!(again.entries()[0].issuer, "ACME");
}
