//! No error shows a secret (issue 13, finding 6): every parse error path of otpauth links, Google
//! export links and every import format is fed input holding a known secret — in its own field
//! and in the wrong ones (type, label, digits, period, counter, algorithm, damaged JSON) — and no
//! error's Display or Debug, nor any per-entry error's context or message, may contain the
//! secret in base32 (either case), hex or percent-encoded form.

use lockstep_core::import::{read_any, Format};
use lockstep_core::uri;
use proptest::prelude::*;

/// Every form of the secret that must not appear.
fn forms(b32: &str) -> Vec<String> {
    let bytes = data_encoding::BASE32_NOPAD.decode(b32.as_bytes()).unwrap();
    let pct: String = b32.bytes().map(|b| format!("%{b:02X}")).collect();
    vec![
        b32.to_owned(),
        b32.to_ascii_lowercase(),
        data_encoding::HEXLOWER.encode(&bytes),
        data_encoding::HEXUPPER.encode(&bytes),
        pct.clone(),
        pct.to_ascii_lowercase(),
        data_encoding::BASE64
            .encode(&bytes)
            .trim_end_matches('=')
            .to_owned(),
    ]
}

fn assert_clean(what: &str, text: &str, b32: &str) {
    for form in forms(b32) {
        assert!(
            !text.contains(&form),
            "{what}: the secret ({form}) appears in: {text}"
        );
    }
}

/// Links that are malformed with the secret `{s}` in every place a parser might echo.
const LINKS: &[&str] = &[
    "otpauth://totp?secret={s}&issuer=ACME/Corp",
    "otpauth://{s}/x?secret={s}",
    "otpauth://totp{s}?secret={s}",
    "otpauth://{s}?secret={s}",
    "otpauth://totp/x?secret={s}&digits={s}",
    "otpauth://totp/x?secret={s}&digits=secret={s}",
    "otpauth://totp/x?secret={s}&period={s}",
    "otpauth://totp/x?secret={s}&period=-{s}",
    "otpauth://hotp/x?secret={s}&counter={s}",
    "otpauth://hotp/x?secret={s}",
    "otpauth://totp/x?secret={s}&algorithm={s}",
    "otpauth://totp/x?secret={s}&algorithm=SHA1{s}",
    "otpauth://totp/x?secret={s}1",
    "otpauth://totp/x?secret={s}%ZZ",
    "otpauth://totp/%FF{s}?secret={s}",
    "otpauth://totp/x?secret=%FF{s}",
    "otpauth://totp/x?issuer=%FF{s}&secret={s}",
    "otpauth://totp/x?secret={s}&encoder=%FF{s}",
    "otpauth:/totp/x?secret={s}",
    "http://totp/x?secret={s}",
    "{s}",
    "otpauth-migration://offline?data={s}",
    "otpauth-migration://offline?data=%FF{s}",
    "otpauth-migration://{s}",
];

/// Import files, as (format, text), holding the secret `{s}` where it is wrong.
const FILES: &[(&str, &str)] = &[
    ("otpauth", "otpauth://{s}/x?secret={s}\notpauth://totp/x?secret={s}&digits={s}\n"),
    ("google-migration", "otpauth-migration://offline?data={s}\n"),
    ("aegis", r#"{"version":1,"header":{"slots":null,"params":null},"db":{"version":2,"entries":[
        {"type":"{s}","issuer":"A","name":"a","info":{"secret":"{s}"}},
        {"type":"totp","issuer":"B","name":"b","info":{"secret":"{s}","algo":"{s}","digits":6}},
        {"type":"totp","issuer":"C","name":"c","info":{"secret":"{s}","digits":"{s}"}},
        {"type":"totp","issuer":"D","name":"d","info":{"secret":"{s}","period":"{s}"}},
        {"type":"hotp","issuer":"E","name":"e","info":{"secret":"{s}","counter":"{s}"}},
        {"type":"totp","issuer":"F","name":"f","info":{"secret":"{s}!"}}]}}"#),
    ("aegis", r#"{"version":1,"header":{},"db":{"version":2,"entries":[{"info":{"secret":"{s}"#),
    ("aegis", r#"{"version":1,"header":{},"db":{"version":2,"entries":[{"info":{"secret":"{s}\q"}}]}}"#),
    ("andotp", r#"[{"secret":"{s}","type":"{s}","label":"a"},{"secret":"{s}","type":"TOTP","label":"b","algorithm":"{s}"},{"secret":"{s}x!","type":"TOTP","label":"c"}]"#),
    ("andotp", r#"[{"secret":"{s}"#),
    ("2fas", r#"{"schemaVersion":4,"services":[{"name":"A","secret":"{s}","otp":{"tokenType":"{s}"}},{"name":"B","secret":"{s}","otp":{"digits":"{s}"}},{"name":"C","secret":"{s}!"}]}"#),
    ("bitwarden", r#"{"encrypted":false,"items":[{"name":"A","login":{"totp":"otpauth://{s}/x?secret={s}"}},{"name":"B","login":{"totp":"{s}!"}},{"name":"C","login":{"totp":"steam://{s}!"}}]}"#),
    ("bitwarden", "name,login_username,login_totp\nA,a,otpauth://totp/x?secret={s}&digits={s}\nB,b,{s}!\n"),
    ("ente", "otpauth://{s}/x?secret={s}&codeDisplay=%7B%7D\notpauth://totp/x?secret={s}&period={s}&codeDisplay=%7B%7D\n"),
    ("proton", r#"{"version":1,"entries":[{"content":{"uri":"otpauth://{s}/x?secret={s}","name":"a"}},{"content":{"uri":"steam://{s}!","name":"b"}}]}"#),
    ("freeotp", r#"{"tokenOrder":[],"tokens":[{"type":"{s}","secret":[1,2,3,4,5,6,7,8,9,10]},{"algo":"{s}","secret":[1,2,3,4,5,6,7,8,9,10]}]}"#),
    ("freeotp", "<map><string name=\"a\">{&quot;type&quot;:&quot;{s}&quot;,&quot;secret&quot;:[1,2,3,4,5,6,7,8,9,10]}</string><string name=\"tokenOrder\">[]</string></map>"),
];

/// Every error each link and file produces, checked against every form of the secret.
fn check_everything(b32: &str) {
    for link in LINKS {
        let link = link.replace("{s}", b32);
        if let Err(e) = uri::parse(&link) {
            assert_clean(&link, &format!("{e} {e:?}"), b32);
        }
        check_import(&link, None, b32);
    }
    for (format, text) in FILES {
        check_import(&text.replace("{s}", b32), Some(format), b32);
    }
}

fn check_import(text: &str, format: Option<&str>, b32: &str) {
    let mut formats: Vec<Option<&str>> = vec![format, None];
    formats.extend(Format::ALL.iter().map(|f| Some(f.id())));
    for f in formats {
        let what = format!("{f:?}: {text}");
        match read_any(text.as_bytes(), f, None) {
            Err(e) => assert_clean(&what, &format!("{e} {e:?}"), b32),
            Ok(r) => {
                for e in &r.errors {
                    assert_clean(&what, &format!("{} {} {e:?}", e.context, e.message), b32);
                }
            }
        }
    }
}

#[test]
fn the_issue_13_link_and_a_known_secret_appear_in_no_error() {
    check_everything("JBSWY3DPEHPK3PXP");
    check_everything("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn no_random_secret_appears_in_any_error(bytes in proptest::collection::vec(any::<u8>(), 12..40)) {
        let b32 = data_encoding::BASE32_NOPAD.encode(&bytes);
        check_everything(&b32);
    }
}
