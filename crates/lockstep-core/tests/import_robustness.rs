//! No importer panics, whatever the bytes: every fixture cut short at many lengths and with bytes
//! flipped, read by detection and by every format; and random bytes (proptest).

use std::path::PathBuf;

use lockstep_core::import::{detect, read_any, Format};
use proptest::prelude::*;

fn fixtures() -> Vec<(String, Vec<u8>)> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut out = Vec::new();
    for sub in [
        "peers/aegis",
        "peers/2fas",
        "peers/bitwarden",
        "peers/ente_auth",
        "peers/freeotp",
        "peers/proton_authenticator",
        "peers/plain_otpauth",
        "peers/authenticator_pro_stratum",
        "peers/steam",
        "peers/battle_net",
        "peers/microsoft_authenticator",
        "peers/authenticator_plus",
        "peers/lastpass",
        "local",
        "built",
    ] {
        for e in std::fs::read_dir(root.join(sub)).unwrap().flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if !name.ends_with(".py") && !name.ends_with(".md") {
                out.push((format!("{sub}/{name}"), std::fs::read(e.path()).unwrap()));
            }
        }
    }
    out
}

/// Every reader on `bytes` (the password only for the detected format, as key derivation is
/// slow): errors are fine, panics are not.
fn read_everything(bytes: &[u8], password: Option<&str>) {
    let _ = detect(bytes);
    let _ = read_any(bytes, None, password);
    for f in Format::ALL {
        let _ = f.read(bytes, None);
    }
}

#[test]
fn truncated_fixtures_never_panic() {
    for (name, bytes) in fixtures() {
        // Key derivation is the slow part: cut encrypted files at fewer points.
        let step = if name.contains("encrypt") || name.ends_with(".aes") {
            bytes.len() / 12 + 1
        } else {
            1.max(bytes.len() / 150)
        };
        for cut in (0..bytes.len()).step_by(step) {
            read_everything(&bytes[..cut], None);
        }
    }
}

#[test]
fn damaged_fixtures_never_panic() {
    for (name, bytes) in fixtures() {
        let encrypted = name.contains("encrypt") || name.ends_with(".aes");
        let step = if encrypted {
            bytes.len() / 2 + 1
        } else {
            1.max(bytes.len() / 120)
        };
        for i in (0..bytes.len()).step_by(step) {
            let flips: &[u8] = if encrypted {
                &[0x01]
            } else {
                &[0x01, 0x20, 0x80]
            };
            for &flip in flips {
                let mut b = bytes.clone();
                b[i] ^= flip;
                // FreeOTP 2.x: its map and JSON parsing run before the (slow) key derivation.
                let password = if encrypted && !name.contains("freeotp_v2") {
                    Some("test")
                } else {
                    None
                };
                read_everything(&b, password);
            }
        }
    }
}

#[test]
fn hostile_values_in_well_formed_files_are_per_entry_errors() {
    let aegis =
        br#"{"version":1,"header":{"slots":null,"params":null},"db":{"version":2,"entries":[
        {"type":"hotp","info":{"secret":"JBSWY3DPEHPK3PXP","counter":-5}},
        {"type":"totp","info":{"secret":"JBSWY3DPEHPK3PXP","period":0}},
        {"type":"totp","info":{"secret":"JBSWY3DPEHPK3PXP","digits":"x"}},
        {"type":"totp","info":{"secret":"!!!!"}},
        {"type":"totp","info":{"secret":"JBSWY3DPEHPK3PXP","algo":"MD5"}},
        {"type":"steam","info":{"secret":"JBSWY3DPEHPK3PXP","digits":99999999999}},
        "not an object", null, 5]}}"#;
    let r = read_any(aegis, None, None).unwrap();
    assert_eq!(r.accounts.len(), 2, "{:?}", r.errors); // "digits":"x" falls back to 6; Steam ignores digits
    assert_eq!(r.errors.len(), 7);
    let freeotp = br#"{"tokenOrder":[],"tokens":[{"type":"TOTP","secret":[1,2,300]},{"type":"TOTP","secret":[]},{"type":"TOTP","secret":[1,2,3,4,5,6,7,8,9,10],"digits":4294967302}]}"#;
    let r = read_any(freeotp, None, None).unwrap();
    assert_eq!((r.accounts.len(), r.errors.len()), (0, 3));
    // Hostile key-derivation costs are refused before any work.
    let ente = br#"{"version":1,"kdfParams":{"memLimit":1099511627776,"opsLimit":1,"salt":"AAAAAAAAAAAAAAAAAAAAAA=="},"encryptedData":"AAAAAAAAAAAAAAAAAAAAAAAAAA==","encryptionNonce":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}"#;
    assert_eq!(
        read_any(ente, None, Some("pw")).unwrap_err().kind(),
        "import_too_costly"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]
    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        read_everything(&bytes, Some("pw"));
    }

    #[test]
    fn random_text_never_panics(text in "(otpauth://|steam://|\\{|\\[|<map>|login_totp,|codeDisplay=|[a-z:=&%?/0-9\"]){0,40}") {
        read_everything(text.as_bytes(), None);
    }
}
