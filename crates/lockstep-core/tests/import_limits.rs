//! Hostile import files are refused before they cost us: a FreeOTP 2.x backup that repeats a
//! string by reference thousands of times (issue 13, finding 2), and key-derivation costs, slot
//! counts and iteration counts beyond what each writing app produces (finding 4). Every refusal
//! is `import_too_costly`, decided before any key derivation runs; a set cancel flag stops an
//! import before its key derivation (`import_cancelled`).

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;

use lockstep_core::import::{read_any, read_detected_with, read_source_with, ImportOptions};
use serde_json::json;

fn kind_of(bytes: &[u8], format: &str, password: Option<&str>) -> &'static str {
    match read_any(bytes, Some(format), password) {
        Ok(r) => panic!(
            "{format}: read {} accounts, expected a refusal",
            r.accounts.len()
        ),
        Err(e) => e.kind(),
    }
}

/// A Java-serialised `HashMap<String, String>` as FreeOTP 2.x writes it; `Ref(i)` refers back to
/// the i-th string written (Java's handle 0x7e0002 + i).
enum S<'a> {
    New(&'a str),
    Ref(u32),
}

fn java_map(pairs: &[(S, S)]) -> Vec<u8> {
    let mut out = vec![0xac, 0xed, 0x00, 0x05, 0x73, 0x72];
    out.extend(b"\x00\x11java.util.HashMap\x05\x07\xda\xc1\xc3\x16\x60\xd1\x03\x00\x02F\x00\x0aloadFactorI\x00\x09threshold");
    out.extend([0x78, 0x70]); // TC_ENDBLOCKDATA, TC_NULL: no superclass
    out.extend([0x3f, 0x40, 0, 0, 0, 0, 0, 0x0c]); // loadFactor 0.75, threshold 12
    out.extend([0x77, 0x08, 0, 0, 0, 0x10]); // block of 8: capacity 16, size
    out.extend((pairs.len() as u32).to_be_bytes());
    let mut put = |s: &S| match s {
        S::New(text) if text.len() <= 0xffff => {
            out.push(0x74);
            out.extend((text.len() as u16).to_be_bytes());
            out.extend(text.as_bytes());
        }
        S::New(text) => {
            out.push(0x7c);
            out.extend((text.len() as u64).to_be_bytes());
            out.extend(text.as_bytes());
        }
        S::Ref(i) => {
            out.push(0x71);
            out.extend((0x7e_0002 + i).to_be_bytes());
        }
    };
    for (k, v) in pairs {
        put(k);
        put(v);
    }
    out.push(0x78);
    out
}

fn master_key(iterations: u32) -> String {
    json!({
        "mAlgorithm": "PBKDF2withHmacSHA1",
        "mIterations": iterations,
        "mSalt": [1, 2, 3, 4, 5, 6, 7, 8],
        "mEncryptedKey": {"mCipher": "AES/GCM/NoPadding", "mCipherText": [1], "mParameters": [4, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], "mToken": "AES"}
    })
    .to_string()
}

#[test]
fn freeotp_backup_repeating_a_string_by_reference_is_refused() {
    // One 30 KB token description, then 2,000 more tokens whose description refers back to it:
    // 90 KB on disk. Copying each reference cost 2,000 × 30 KB; parsing each, as much again.
    let big = json!({"issuerExt": "x".repeat(30_000), "label": "a", "type": "TOTP"}).to_string();
    let master = master_key(100_000);
    let keys: Vec<String> = (0..2_000).map(|i| format!("uuid-{i}-token")).collect();
    let mut pairs = vec![
        (S::New("masterKey"), S::New(&master)),
        (S::New(&keys[0]), S::New(&big)), // strings 2 and 3
    ];
    for k in &keys[1..] {
        pairs.push((S::New(k), S::Ref(3)));
    }
    let bytes = java_map(&pairs);
    assert!(bytes.len() < 100_000, "{}", bytes.len());
    assert_eq!(kind_of(&bytes, "freeotp", Some("pw")), "import_too_costly");
    assert_eq!(kind_of(&bytes, "freeotp", None), "import_too_costly");
}

#[test]
fn freeotp_backup_with_more_iterations_than_freeotp_writes_is_refused() {
    let master = master_key(100_001);
    let bytes = java_map(&[(S::New("masterKey"), S::New(&master))]);
    assert_eq!(kind_of(&bytes, "freeotp", Some("pw")), "import_too_costly");
}

fn aegis(slots: Vec<serde_json::Value>) -> Vec<u8> {
    json!({
        "version": 1,
        "header": {"slots": slots, "params": {"nonce": "00".repeat(12), "tag": "00".repeat(16)}},
        "db": "AAAA"
    })
    .to_string()
    .into_bytes()
}

fn aegis_slot(n: u64, r: u64, p: u64) -> serde_json::Value {
    json!({
        "type": 1, "uuid": "a8325752-c1be-458a-9b3e-5e0a8154d9ec",
        "key": "00".repeat(32), "key_params": {"nonce": "00".repeat(12), "tag": "00".repeat(16)},
        "n": n, "r": r, "p": p, "salt": "00".repeat(32)
    })
}

#[test]
fn aegis_slots_costlier_than_aegis_writes_are_refused() {
    // Aegis writes N = 2^15, r = 8, p = 1.
    for (n, r, p) in [(1 << 16, 8, 1), (1 << 15, 16, 1), (1 << 15, 8, 2)] {
        let bytes = aegis(vec![aegis_slot(n, r, p)]);
        assert_eq!(
            kind_of(&bytes, "aegis", Some("pw")),
            "import_too_costly",
            "N={n} r={r} p={p}"
        );
    }
    // A costly slot after a cheap one is refused too, before the cheap one is tried.
    let bytes = aegis(vec![aegis_slot(2, 1, 1), aegis_slot(1 << 16, 8, 1)]);
    assert_eq!(kind_of(&bytes, "aegis", Some("pw")), "import_too_costly");
}

#[test]
fn aegis_with_more_than_eight_password_slots_is_refused() {
    let bytes = aegis((0..9).map(|_| aegis_slot(2, 1, 1)).collect());
    assert_eq!(kind_of(&bytes, "aegis", Some("pw")), "import_too_costly");
    let bytes = aegis((0..8).map(|_| aegis_slot(2, 1, 1)).collect());
    assert_eq!(
        kind_of(&bytes, "aegis", Some("pw")),
        "import_wrong_password"
    );
}

#[test]
fn andotp_with_more_iterations_than_andotp_writes_is_refused() {
    let mut bytes = 500_000u32.to_be_bytes().to_vec();
    bytes.extend([0u8; 12 + 12 + 40]);
    assert_eq!(kind_of(&bytes, "andotp", Some("pw")), "import_too_costly");
}

#[test]
fn ente_argon2_costlier_than_ente_uses_is_refused() {
    for (mem, ops) in [((1u64 << 30) + 1024, 1u64), (256 << 20, 17)] {
        let bytes = json!({
            "version": 1,
            "kdfParams": {"memLimit": mem, "opsLimit": ops, "salt": "FD9Gp/sr9DkWCt0P83maaA=="},
            "encryptedData": "AAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            "encryptionNonce": "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
        })
        .to_string();
        assert_eq!(
            kind_of(bytes.as_bytes(), "ente", Some("pw")),
            "import_too_costly",
            "mem={mem} ops={ops}"
        );
    }
}

#[test]
fn a_set_cancel_flag_stops_an_import_before_its_key_derivation() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/peers");
    let cancel = AtomicBool::new(true);
    for file in [
        "aegis/aegis_encrypted.json",
        "2fas/2fas_authenticator_encrypted.2fas",
        "ente_auth/encrypted.lowcomplexity.txt",
        "proton_authenticator/proton_authenticator_backup_encrypted_1231246.json",
        "freeotp/freeotp_v2_api34.xml",
    ] {
        let bytes = std::fs::read(dir.join(file)).unwrap();
        let options = ImportOptions {
            password: Some("whatever"),
            cancel: Some(&cancel),
        };
        let err = read_detected_with(&bytes, None, &options).unwrap_err();
        assert_eq!(err.kind(), "import_cancelled", "{file}: {err}");
    }
    // The one entry point both shells use passes the flag on.
    let bytes = std::fs::read(dir.join("aegis/aegis_encrypted.json")).unwrap();
    let options = ImportOptions {
        password: Some("test"),
        cancel: Some(&cancel),
    };
    let err = read_source_with(std::path::Path::new("a.json"), &bytes, None, &options).unwrap_err();
    assert_eq!(err.kind(), "import_cancelled");
    // Not set: the import runs as before.
    let not_set = AtomicBool::new(false);
    let bytes = std::fs::read(dir.join("aegis/aegis_encrypted.json")).unwrap();
    let options = ImportOptions {
        password: Some("test"),
        cancel: Some(&not_set),
    };
    assert!(!read_detected_with(&bytes, None, &options)
        .unwrap()
        .1
        .accounts
        .is_empty());
}
