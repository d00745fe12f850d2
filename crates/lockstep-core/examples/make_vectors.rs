//! Writes the vault test vectors of docs/vault-format.md ("Test vectors") into
//! `crates/lockstep-core/tests/vectors/`, using the real vault code:
//!
//! ```text
//! cargo run -p lockstep-core --example make_vectors -- --write
//! ```
//!
//! The vault id, salts, nonces and recovery key are random, so every run makes different files;
//! the vectors are committed once and the annotated hex example in the spec is taken from them.
//! Without `--write` it only prints what it would do. The expected codes in `small.txt` come from
//! outside this code: RFC 6238 appendix B, RFC 4226 appendix D and `oathtool`.

use std::fs;
use std::path::{Path, PathBuf};

use lockstep_core::vault::{crypto, Envelope, KdfParams, Store};
use lockstep_core::{Algorithm, Credential, Entry, Kind, Secret};
use sha2::{Digest, Sha256};
use uuid::Uuid;
use zeroize::Zeroizing;

const PASSWORD: &str = "correct horse battery staple";
/// The password of the `rekeyed` vector, set on a copy of `small` (a new data key).
const NEW_PASSWORD: &str = "battery staple horse correct";
/// The cheapest cost `init` accepts, so that tests stay fast.
const KDF: KdfParams = KdfParams {
    m_kib: 8 * 1024,
    t: 1,
    p: 1,
};
/// The fixed time of the expected codes (RFC 6238 appendix B row).
const AT: u64 = 1_111_111_109;
/// Times stamped on the entries.
const CREATED: u64 = 1_767_225_600;

/// One account of `small.lockstep` and its code at `AT` (HOTP: at its counter), from outside.
struct Spec {
    kind: Kind,
    issuer: &'static str,
    account: &'static str,
    secret: &'static str,
    algorithm: Algorithm,
    digits: u8,
    period: u32,
    counter: u64,
    code: &'static str,
    source: &'static str,
}

const SPECS: &[Spec] = &[
    Spec {
        kind: Kind::Totp,
        issuer: "RFC 6238",
        account: "sha1@example.com",
        secret: "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ",
        algorithm: Algorithm::Sha1,
        digits: 8,
        period: 30,
        counter: 0,
        code: "07081804",
        source: "RFC 6238 appendix B",
    },
    Spec {
        kind: Kind::Totp,
        issuer: "RFC 6238",
        account: "sha256@example.com",
        secret: "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA",
        algorithm: Algorithm::Sha256,
        digits: 8,
        period: 30,
        counter: 0,
        code: "68084774",
        source: "RFC 6238 appendix B",
    },
    Spec {
        kind: Kind::Totp,
        issuer: "RFC 6238",
        account: "sha512@example.com",
        secret: "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNA",
        algorithm: Algorithm::Sha512,
        digits: 8,
        period: 30,
        counter: 0,
        code: "25091201",
        source: "RFC 6238 appendix B",
    },
    Spec {
        kind: Kind::Hotp,
        issuer: "RFC 4226",
        account: "counter@example.com",
        secret: "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ",
        algorithm: Algorithm::Sha1,
        digits: 6,
        period: 30,
        counter: 5,
        code: "254676",
        source: "RFC 4226 appendix D",
    },
    Spec {
        kind: Kind::Totp,
        issuer: "Zürich Bank",
        account: "",
        secret: "JBSWY3DPEHPK3PXP",
        algorithm: Algorithm::Sha1,
        digits: 6,
        period: 60,
        counter: 0,
        code: "912772",
        source: "oathtool --totp -s 60 -b JBSWY3DPEHPK3PXP -N @1111111109",
    },
    Spec {
        kind: Kind::Steam,
        issuer: "Steam",
        account: "gamer",
        secret: "JBSWY3DPEHPK3PXP",
        algorithm: Algorithm::Sha1,
        digits: 5,
        period: 30,
        counter: 0,
        code: "CWDGV",
        source: "HOTP-SHA1(T = 37037370) read in base 26 over 23456789BCDFGHJKMNPQRTVWXY, Python hmac",
    },
];

fn entry(i: usize, s: &Spec) -> Entry {
    Entry {
        id: Uuid::from_u128(0x0000_0000_0000_4000_8000_0000_0000_0001 + i as u128),
        kind: s.kind,
        issuer: s.issuer.into(),
        account: s.account.into(),
        secret: Secret::from_base32(s.secret).expect("the specs hold valid base32"),
        algorithm: s.algorithm,
        digits: s.digits,
        period: s.period,
        counter: s.counter,
        tags: match i {
            0 => vec!["rfc".into(), "sha1".into()],
            _ => Vec::new(),
        },
        note: match i {
            4 => "Zürich office — ünïcödé \"quoted\"".into(),
            _ => String::new(),
        },
        favorite: i == 4,
        icon: (i == 2).then(|| "github".into()),
        created: CREATED,
        modified: CREATED + i as u64,
        position: i as u32,
    }
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// Replaces the trailing SHA-256 so the file passes the checksum and reaches a later check.
fn resum(mut body: Vec<u8>) -> Vec<u8> {
    body.truncate(body.len() - 32);
    let sum = Sha256::digest(&body);
    body.extend_from_slice(&sum);
    body
}

/// A MUST-reject vector: `name.lockstep` and `name.txt`.
struct Reject {
    name: &'static str,
    bytes: Vec<u8>,
    expect: &'static str,
    message: &'static str,
    /// `parse` (no key needed) or `open` (found after unwrapping the data key).
    stage: &'static str,
    why: &'static str,
}

fn main() {
    let write = std::env::args().any(|a| a == "--write");
    let out: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors");
    let scratch = tempfile::tempdir().expect("a temp dir");
    let store = Store::new(scratch.path().join("small.lockstep"));
    let (_, recovery) = store.create(PASSWORD, KDF).expect("create the vault");
    let credential = Credential::Password(Zeroizing::new(PASSWORD.into()));
    store
        .update(&credential, |u| {
            u.vault.entries = SPECS.iter().enumerate().map(|(i, s)| entry(i, s)).collect();
            u.vault.sort();
            Ok(())
        })
        .expect("add the entries");
    let small = fs::read(store.path()).expect("read the vault back");

    // Offsets of the fields patched below (docs/vault-format.md, "Layout", format 2): slot 0 is
    // the password slot (43..274), slot 1 the recovery slot (274..493).
    assert_eq!(small[43], 1, "the first slot is the password slot");
    assert_eq!(small[274], 2, "the second slot is the recovery slot");
    let ct_len = u32::from_be_bytes(small[505..509].try_into().expect("4 bytes")) as usize;
    assert_eq!(small.len(), 509 + ct_len + 32);

    // Intermediate values, so that a second implementation can find where it goes wrong.
    let env = Envelope::parse(&small, store.path()).expect("parse");
    let data_key = env.unlock_password(PASSWORD.as_bytes()).expect("unlock");
    let salt = |at: usize| -> [u8; 16] { small[at..at + 16].try_into().expect("16 bytes") };
    let password_key =
        crypto::derive_password_key(PASSWORD.as_bytes(), &salt(62), KDF).expect("argon2id");
    let recovery_key = crypto::derive_recovery_key(&recovery, &salt(293));
    // slot secret = AES-256-GCM-open(slot key, secret nonce, "lockstep.slot.v2" || vault id ||
    // slot bytes from its type through its public key, wrapped secret)
    let secret = |key: &crypto::Key, slot: usize, public_end: usize| {
        let mut context = small[10..26].to_vec();
        context.extend_from_slice(&small[slot..public_end]);
        let nonce: [u8; 12] = small[public_end..public_end + 12].try_into().expect("12");
        crypto::open(
            key,
            &nonce,
            crypto::Purpose::SlotSecret,
            &context,
            &small[public_end + 12..public_end + 60],
        )
        .expect("the slot secret opens")
    };
    let password_secret = secret(&password_key, 43, 122);
    let recovery_secret = secret(&recovery_key, 274, 341);
    let mut txt = format!(
        "# Lockstep vault test vector (docs/vault-format.md, \"Test vectors\").\n\
         # Made by `cargo run -p lockstep-core --example make_vectors -- --write`.\n\
         file: small.lockstep\n\
         expect: success\n\
         password: {PASSWORD}\n\
         recovery key: {}\n\
         kdf: argon2id m={} t={} p={}\n\
         vault id: {}\n\
         key id: {}\n\
         password slot key: {}\n\
         recovery slot key: {}\n\
         password slot secret: {}\n\
         recovery slot secret: {}\n\
         data key: {}\n\
         at: {AT}\n\
         # Entries in stored order. The code is at `at` (TOTP, Steam) or at the counter (HOTP),\n\
         # taken from the source named last.\n\
         # entry: id | kind | issuer | account | secret | algorithm | digits | period | counter | code | source\n",
        &*recovery.to_display(),
        KDF.m_kib,
        KDF.t,
        KDF.p,
        hex(&small[10..26]),
        hex(&small[26..42]),
        hex(password_key.expose()),
        hex(recovery_key.expose()),
        hex(&password_secret),
        hex(&recovery_secret),
        hex(data_key.expose()),
    );
    let stored = {
        let u = store.unlock(&credential).expect("reopen");
        u.vault.entries
    };
    let stored_for_rekey = stored.clone();
    for e in &stored {
        let i = SPECS
            .iter()
            .position(|s| s.issuer == e.issuer && s.account == e.account)
            .expect("every stored entry is one of the specs");
        let s = &SPECS[i];
        let code = e.otp().code_at(AT);
        assert_eq!(code, s.code, "the real code agrees with {}", s.source);
        txt.push_str(&format!(
            "entry: {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {}\n",
            e.id,
            e.kind.as_str(),
            e.issuer,
            e.account,
            s.secret,
            e.algorithm.as_str(),
            e.digits,
            e.period,
            e.counter,
            s.code,
            s.source
        ));
    }

    let mut bad_version = small.clone();
    bad_version[9] = 4;
    let mut kdf_memory = small.clone();
    kdf_memory[78..82].copy_from_slice(&(2u32 * 1024 * 1024).to_be_bytes());
    let mut kdf_passes = small.clone();
    kdf_passes[82..86].copy_from_slice(&11u32.to_be_bytes());
    let mut unknown_slot = small.clone();
    unknown_slot[274] = 9;
    let mut key_id = small.clone();
    key_id[26] ^= 0x01;
    let mut flipped = small.clone();
    flipped[509 + ct_len / 2] ^= 0x01;
    let mut tampered = small.clone();
    tampered[509 + ct_len / 2] ^= 0x01;
    let mut trailing = small.clone();
    trailing.extend_from_slice(b"\n");
    let mut trailing_resummed = small.clone();
    trailing_resummed.extend_from_slice(&[0u8; 32]);
    let truncated = small[..small.len() - 1].to_vec();
    // Same vault and keys, re-saved with one entry's digits out of range (as a buggy writer would).
    store
        .update(&credential, |u| {
            u.vault.entries[0].digits = 64;
            Ok(())
        })
        .expect("save the bad entry");
    let bad_entry = fs::read(store.path()).expect("read the vault back");
    let mut truncated_resummed = small[..small.len() - 32 - 1].to_vec();
    truncated_resummed.extend_from_slice(&[0u8; 32]);

    // `rekeyed`: `small` after a change of password, so under a new data key; its payload keeps
    // small's data key among its earlier keys.
    fs::write(store.path(), &small).expect("put small back");
    store
        .update(&credential, |u| u.set_password(NEW_PASSWORD, KDF))
        .expect("change the password");
    let rekeyed = fs::read(store.path()).expect("read the vault back");
    let new_credential = Credential::Password(Zeroizing::new(NEW_PASSWORD.into()));
    let renv = Envelope::parse(&rekeyed, store.path()).expect("parse");
    let new_data_key = renv
        .unlock_password(NEW_PASSWORD.as_bytes())
        .expect("unlock");
    let new_password_key = crypto::derive_password_key(
        NEW_PASSWORD.as_bytes(),
        &rekeyed[62..78].try_into().expect("16"),
        KDF,
    )
    .expect("argon2id");
    assert_eq!(
        &rekeyed[293..309],
        &small[293..309],
        "the recovery slot keeps its salt"
    );
    assert_eq!(
        store.unlock(&new_credential).expect("opens").vault.entries,
        stored_for_rekey,
        "same entries"
    );
    let rekeyed_txt = txt
        .replace("file: small.lockstep", "file: rekeyed.lockstep")
        .replace(
            &format!("password: {PASSWORD}"),
            &format!("password: {NEW_PASSWORD}"),
        )
        .replace(&hex(&small[26..42]), &hex(&rekeyed[26..42]))
        .replace(&hex(password_key.expose()), &hex(new_password_key.expose()))
        .replace(&hex(data_key.expose()), &hex(new_data_key.expose()))
        .lines()
        .filter(|l| !l.starts_with("password slot secret:"))
        .map(|l| format!("{l}\n"))
        .collect::<String>()
        + &format!(
            "# small.lockstep's data key and key id, which the payload keeps as an earlier key;\n\
             # they open small.lockstep and nothing of this file.\n\
             previous key id: {}\n\
             previous data key: {}\n",
            hex(&small[26..42]),
            hex(data_key.expose())
        );

    let rejects = [
        Reject {
            name: "bad_version",
            bytes: resum(bad_version),
            expect: "unsupported_version",
            message: "unsupported vault format version 4",
            stage: "parse",
            why: "version field 0x0004 (checked before the checksum, which is valid anyway)",
        },
        Reject {
            name: "kdf_memory_too_large",
            bytes: resum(kdf_memory),
            expect: "kdf_params_out_of_bounds",
            message: "memory 2097152 KiB is outside",
            stage: "parse",
            why: "password slot asks for m = 2 GiB, above the 256 MiB bound; valid checksum",
        },
        Reject {
            name: "kdf_passes_too_many",
            bytes: resum(kdf_passes),
            expect: "kdf_params_out_of_bounds",
            message: "11 passes is outside 1..=10",
            stage: "parse",
            why: "password slot asks for t = 11 passes, above the bound of 10; valid checksum",
        },
        Reject {
            name: "key_id_changed",
            bytes: resum(key_id),
            expect: "corrupt_vault",
            message: "does not hold the file's data key",
            stage: "open",
            why: "one bit of the key id flipped, checksum recomputed: the slot secret opens, the \
                  wrapped data key (whose AAD holds the key id) does not",
        },
        Reject {
            name: "unknown_slot_type",
            bytes: resum(unknown_slot),
            expect: "unsupported_slot",
            message: "unsupported key slot type 9",
            stage: "parse",
            why: "second slot's type byte is 9; valid checksum",
        },
        Reject {
            name: "flipped_byte",
            bytes: flipped,
            expect: "corrupt_vault",
            message: "checksum does not match",
            stage: "parse",
            why: "one payload bit flipped; checksum left as it was",
        },
        Reject {
            name: "payload_tampered",
            bytes: resum(tampered),
            expect: "corrupt_vault",
            message: "the payload does not authenticate",
            stage: "open",
            why: "one payload bit flipped and the checksum recomputed: only AES-GCM catches it",
        },
        Reject {
            name: "entry_digits_out_of_range",
            bytes: bad_entry,
            expect: "corrupt_vault",
            message: "an entry has code parameters out of range",
            stage: "open",
            why: "a well-formed, authenticated payload whose first entry has digits = 64",
        },
        Reject {
            name: "truncated",
            bytes: truncated,
            expect: "corrupt_vault",
            message: "checksum does not match",
            stage: "parse",
            why: "last byte cut off",
        },
        Reject {
            name: "truncated_resummed",
            bytes: resum(truncated_resummed),
            expect: "corrupt_vault",
            message: "the file is truncated",
            stage: "parse",
            why: "last ciphertext byte cut off and the checksum recomputed",
        },
        Reject {
            name: "trailing_bytes",
            bytes: trailing,
            expect: "corrupt_vault",
            message: "checksum does not match",
            stage: "parse",
            why: "a newline appended after the checksum",
        },
        Reject {
            name: "trailing_bytes_resummed",
            bytes: resum(trailing_resummed),
            expect: "corrupt_vault",
            message: "there are extra bytes after the payload",
            stage: "parse",
            why: "32 bytes appended and the checksum recomputed over them",
        },
    ];

    let mut files: Vec<(String, Vec<u8>)> = vec![
        ("small.lockstep".into(), small.clone()),
        ("small.txt".into(), txt.into_bytes()),
        ("rekeyed.lockstep".into(), rekeyed),
        ("rekeyed.txt".into(), rekeyed_txt.into_bytes()),
    ];
    for r in &rejects {
        files.push((format!("{}.lockstep", r.name), r.bytes.clone()));
        files.push((
            format!("{}.txt", r.name),
            format!(
                "# Lockstep vault test vector (docs/vault-format.md, \"Test vectors\").\n\
                 # Made from small.lockstep by `cargo run -p lockstep-core --example make_vectors -- --write`.\n\
                 file: {}.lockstep\n\
                 expect: {}\n\
                 message: {}\n\
                 stage: {}\n\
                 password: {PASSWORD}\n\
                 recovery key: {}\n\
                 why: {}\n",
                r.name,
                r.expect,
                r.message,
                r.stage,
                &*recovery.to_display(),
                r.why
            )
            .into_bytes(),
        ));
    }
    for (name, bytes) in &files {
        let path = out.join(name);
        if write {
            fs::create_dir_all(&out).expect("create the vectors folder");
            fs::write(&path, bytes).expect("write a vector");
            println!("wrote {} ({} bytes)", path.display(), bytes.len());
        } else {
            println!("would write {} ({} bytes)", path.display(), bytes.len());
        }
    }
    if !write {
        println!("(dry run: pass --write to replace the committed vectors)");
    }
}
