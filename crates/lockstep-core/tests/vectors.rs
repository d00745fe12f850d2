//! The vault test vectors of docs/vault-format.md ("Test vectors"): each `tests/vectors/<name>.txt`
//! describes `<name>.lockstep` (`expect: success` with its password, recovery key and entries, or
//! `expect: <error kind>` for a file a reader MUST reject). The Rust reader is checked against the
//! descriptions, whose codes come from the RFCs and oathtool, and against a second reader written
//! only from the spec, `tools/read_vault.py`.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use lockstep_core::vault::{Envelope, RecoveryKey, Store};
use lockstep_core::{Credential, Error};
use serde_json::Value;
use zeroize::Zeroizing;

const PIP: &str = "pip install cryptography argon2-cffi` (into this python3: `python3 -m pip \
                   install cryptography argon2-cffi`; Debian's own python3: `apt-get install \
                   python3-cryptography python3-argon2";

fn vectors_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors")
}

fn python_reader() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tools/read_vault.py")
}

/// One expected entry: `id | kind | issuer | account | secret | algorithm | digits | period |
/// counter | code | source`.
#[derive(Debug)]
struct ExpectedEntry {
    fields: Vec<String>,
}

impl ExpectedEntry {
    fn get(&self, i: usize) -> &str {
        &self.fields[i]
    }
}

/// A parsed `<name>.txt`.
#[derive(Debug)]
struct Vector {
    name: String,
    file: PathBuf,
    headers: BTreeMap<String, String>,
    entries: Vec<ExpectedEntry>,
}

impl Vector {
    fn header(&self, key: &str) -> &str {
        self.headers
            .get(key)
            .unwrap_or_else(|| panic!("{}: no `{key}:` line", self.name))
    }

    fn password(&self) -> Credential {
        Credential::Password(Zeroizing::new(self.header("password").to_owned()))
    }

    fn recovery(&self) -> Credential {
        Credential::Recovery(RecoveryKey::parse(self.header("recovery key")).expect("valid key"))
    }
}

fn load_vectors() -> Vec<Vector> {
    let mut out = Vec::new();
    for e in fs::read_dir(vectors_dir()).expect("the vectors folder exists") {
        let path = e.expect("dir entry").path();
        if path.extension().and_then(|x| x.to_str()) != Some("txt") {
            continue;
        }
        let name = path
            .file_stem()
            .and_then(|s| s.to_str())
            .expect("utf-8 name")
            .to_owned();
        let text = fs::read_to_string(&path).expect("read the description");
        let mut headers = BTreeMap::new();
        let mut entries = Vec::new();
        for line in text
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
        {
            let (key, value) = line
                .split_once(": ")
                .unwrap_or_else(|| panic!("{name}: bad line {line:?}"));
            if key == "entry" {
                let fields: Vec<String> = value.split(" | ").map(str::to_owned).collect();
                assert_eq!(fields.len(), 11, "{name}: {line}");
                entries.push(ExpectedEntry { fields });
            } else {
                assert!(
                    headers.insert(key.to_owned(), value.to_owned()).is_none(),
                    "{name}: `{key}` twice"
                );
            }
        }
        let file = vectors_dir().join(&headers["file"]);
        out.push(Vector {
            name,
            file,
            headers,
            entries,
        });
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

fn vector(name: &str) -> Vector {
    load_vectors()
        .into_iter()
        .find(|v| v.name == name)
        .unwrap_or_else(|| panic!("no vector {name}"))
}

#[test]
fn the_required_vectors_are_present() {
    let names: Vec<String> = load_vectors().into_iter().map(|v| v.name).collect();
    for required in [
        "small",
        "rekeyed",
        "v1_small",
        "key_id_changed",
        "kdf_passes_too_many",
        "bad_version",
        "kdf_memory_too_large",
        "truncated",
        "trailing_bytes",
        "trailing_bytes_resummed",
        "payload_tampered",
        "entry_digits_out_of_range",
    ] {
        assert!(names.iter().any(|n| n == required), "missing {required}");
    }
}

/// The success vectors (format 2 `small` and `rekeyed`, format 1 `v1_small`).
const SUCCESS: [&str; 3] = ["small", "rekeyed", "v1_small"];

/// Each success vector opens with the password and with the recovery key, and holds exactly the
/// described entries, whose codes match the RFCs and oathtool.
#[test]
fn small_vector_opens_with_password_and_recovery_key() {
    for name in SUCCESS {
        check_success_vector(name);
    }
}

fn check_success_vector(name: &str) {
    let v = vector(name);
    assert_eq!(v.header("expect"), "success");
    let at: u64 = v.header("at").parse().expect("a number");
    let store = Store::new(&v.file);
    let before = fs::read(&v.file).expect("read");
    // The intermediate values of the description.
    let env = Envelope::parse(&before, &v.file).expect("parse");
    let data_key = env
        .unlock_password(v.header("password").as_bytes())
        .expect("unwrap");
    assert_eq!(hex(data_key.expose()), v.header("data key"));
    let rk = RecoveryKey::parse(v.header("recovery key")).expect("valid key");
    assert_eq!(
        hex(env.unlock_recovery(&rk).expect("unwrap").expose()),
        v.header("data key")
    );
    for credential in [v.password(), v.recovery()] {
        let u = store.unlock(&credential).expect("the vector opens");
        assert_eq!(hex(&u.vault_id), v.header("vault id"));
        assert_eq!(u.vault.entries.len(), v.entries.len());
        for (e, x) in u.vault.entries.iter().zip(&v.entries) {
            assert_eq!(e.id.to_string(), x.get(0));
            assert_eq!(e.kind.as_str(), x.get(1));
            assert_eq!(e.issuer, x.get(2));
            assert_eq!(e.account, x.get(3));
            assert_eq!(&*e.secret.to_base32(), x.get(4));
            assert_eq!(e.algorithm.as_str(), x.get(5));
            assert_eq!(e.digits.to_string(), x.get(6));
            assert_eq!(e.period.to_string(), x.get(7));
            assert_eq!(e.counter.to_string(), x.get(8));
            assert_eq!(
                e.otp().code_at(at),
                x.get(9),
                "{} ({})",
                e.issuer,
                x.get(10)
            );
        }
        // The stored order is the display order: favorites first, then position.
        assert!(u.vault.entries[0].favorite);
    }
    assert_eq!(fs::read(&v.file).expect("read"), before, "opening wrote");
}

#[test]
fn small_vector_refuses_wrong_credentials() {
    for name in SUCCESS {
        let v = vector(name);
        let store = Store::new(&v.file);
        let wrong = Credential::Password(Zeroizing::new("correct horse battery stapler".into()));
        assert_eq!(kind(store.unlock(&wrong)), "wrong_password");
        let other = Credential::Recovery(RecoveryKey::generate().expect("random"));
        assert_eq!(kind(store.unlock(&other)), "wrong_recovery_key");
    }
}

/// `rekeyed` is `small` after a change of password: a new key id and data key. `small`'s password
/// does not open it, nor does `small`'s data key (what an old backup and the old password give),
/// in either reader; yet the vault opens `small` with the earlier key its payload keeps.
#[test]
fn rekeyed_vector_opens_nothing_with_the_old_keys_and_opens_its_older_file() {
    let (small, rekeyed) = (vector("small"), vector("rekeyed"));
    assert_eq!(rekeyed.header("vault id"), small.header("vault id"));
    assert_ne!(rekeyed.header("key id"), small.header("key id"));
    assert_eq!(rekeyed.header("previous key id"), small.header("key id"));
    assert_eq!(
        rekeyed.header("previous data key"),
        small.header("data key")
    );
    let renv =
        Envelope::parse(&fs::read(&rekeyed.file).expect("read"), &rekeyed.file).expect("parse");
    assert_eq!(
        hex(&renv.key_id.expect("format 2")),
        rekeyed.header("key id")
    );
    assert_eq!(
        kind(Store::new(&rekeyed.file).unlock(&small.password())),
        "wrong_password"
    );
    let old_key = unhex32(small.header("data key"));
    assert_eq!(
        kind(lockstep_core::vault::Unlocked::open_with_key(
            &renv, old_key
        )),
        "corrupt_vault"
    );
    let file = rekeyed.file.to_str().expect("utf-8 path");
    let out = run_python(&[file, "--data-key", small.header("data key")]);
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("error: corrupt_vault:"));
    let out = run_python(&[file, "--password", small.header("password")]);
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("error: wrong_password:"));
    // The earlier key is in the payload, by both readers.
    let now = Store::new(&rekeyed.file)
        .unlock(&rekeyed.password())
        .expect("opens");
    assert_eq!(now.previous_key_count(), 1);
    let senv = Envelope::parse(&fs::read(&small.file).expect("read"), &small.file).expect("parse");
    assert_eq!(
        now.open_same_vault(&senv).expect("opens small").vault,
        now.vault
    );
    let out = run_python(&[
        file,
        "--password",
        rekeyed.header("password"),
        "--show-keys",
    ]);
    let py: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(
        py["previous_keys"],
        serde_json::json!([{"id": small.header("key id"), "key": small.header("data key")}])
    );
    let small_file = small.file.to_str().expect("utf-8 path");
    let out = run_python(&[small_file, "--data-key", small.header("data key")]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn unhex32(text: &str) -> lockstep_core::vault::Key {
    let mut b = [0u8; 32];
    for (i, x) in b.iter_mut().enumerate() {
        *x = u8::from_str_radix(&text[2 * i..2 * i + 2], 16).expect("hex");
    }
    lockstep_core::vault::Key::from_bytes(b)
}

/// Every reject vector fails with its kind and message, whichever credential is given.
#[test]
fn reject_vectors_fail_with_their_error_kind() {
    let mut seen = 0;
    for v in load_vectors() {
        let expect = v.header("expect");
        if expect == "success" {
            continue;
        }
        seen += 1;
        let store = Store::new(&v.file);
        for credential in [v.password(), v.recovery()] {
            let err = store.unlock(&credential).expect_err(&v.name);
            assert_eq!(err.kind(), expect, "{}: {err}", v.name);
            assert!(
                err.to_string().contains(v.header("message")),
                "{}: {err:?} lacks {:?}",
                v.name,
                v.header("message")
            );
        }
        // Errors found while parsing need no credential at all; the others parse.
        let bytes = fs::read(&v.file).expect("read");
        match v.header("stage") {
            "parse" => {
                let err = Envelope::parse(&bytes, &v.file).expect_err(&v.name);
                assert_eq!(err.kind(), expect, "{}: {err}", v.name);
            }
            "open" => assert!(Envelope::parse(&bytes, &v.file).is_ok(), "{}", v.name),
            other => panic!("{}: unknown stage {other}", v.name),
        }
    }
    assert!(seen >= 4, "only {seen} reject vectors");
}

fn kind<T: std::fmt::Debug>(r: Result<T, Error>) -> &'static str {
    r.expect_err("must fail").kind()
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// Runs the spec-only Python reader; panics with the pip command when it cannot run.
fn run_python(args: &[&str]) -> std::process::Output {
    static READY: OnceLock<Result<(), String>> = OnceLock::new();
    let ready = READY.get_or_init(|| {
        match Command::new("python3")
            .args(["-c", "import cryptography, argon2"])
            .output()
        {
            Err(e) => Err(format!(
                "cannot run python3 ({e}): install Python 3, then run `{PIP}`"
            )),
            Ok(o) if !o.status.success() => Err(format!(
                "python3 lacks the modules tools/read_vault.py needs; run `{PIP}`\n{}",
                String::from_utf8_lossy(&o.stderr)
            )),
            Ok(_) => Ok(()),
        }
    });
    if let Err(msg) = ready {
        panic!("{msg}");
    }
    Command::new("python3")
        .arg(python_reader())
        .args(args)
        .output()
        .expect("python3 ran a moment ago")
}

/// The second implementation agrees with the Rust reader on every entry (all JSON members) and
/// every code, with both credentials.
#[test]
fn python_reader_written_from_the_spec_agrees() {
    for name in SUCCESS {
        python_agrees_on(name);
    }
}

fn python_agrees_on(name: &str) {
    let v = vector(name);
    let at = v.header("at");
    let rust = Store::new(&v.file)
        .unlock(&v.password())
        .expect("the vector opens");
    let rust_entries: Vec<Value> = rust
        .vault
        .entries
        .iter()
        .map(|e| serde_json::to_value(e).expect("serialisable"))
        .collect();
    let file = v.file.to_str().expect("utf-8 path");
    for (flag, secret) in [
        ("--password", v.header("password")),
        ("--recovery-key", v.header("recovery key")),
    ] {
        let out = run_python(&[file, flag, secret, "--at", at, "--show-keys"]);
        assert!(
            out.status.success(),
            "read_vault.py {flag} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let py: Value = serde_json::from_slice(&out.stdout).expect("read_vault.py prints JSON");
        assert_eq!(py["vault_id"], Value::String(v.header("vault id").into()));
        if let Some(key_id) = v.headers.get("key id") {
            assert_eq!(py["key_id"], Value::String(key_id.clone()), "{name}");
            assert_eq!(py["version"], Value::from(2));
        } else {
            assert_eq!(py["version"], Value::from(1));
        }
        assert_eq!(py["data_key"], Value::String(v.header("data key").into()));
        let slot_key = match flag {
            "--password" => v.header("password slot key"),
            _ => v.header("recovery slot key"),
        };
        assert_eq!(py["slot_key"], Value::String(slot_key.into()), "{flag}");
        let py_entries = py["entries"].as_array().expect("an entries array");
        assert_eq!(py_entries.len(), rust_entries.len());
        for ((py_e, rust_e), (e, x)) in py_entries
            .iter()
            .zip(&rust_entries)
            .zip(rust.vault.entries.iter().zip(&v.entries))
        {
            let mut py_e = py_e.clone();
            let code = py_e
                .as_object_mut()
                .expect("an object")
                .remove("code")
                .expect("a code with --at");
            assert_eq!(&py_e, rust_e, "entry {}", e.id);
            assert_eq!(code, Value::String(e.otp().code_at(at.parse().unwrap())));
            assert_eq!(code, Value::String(x.get(9).into()), "{}", x.get(10));
        }
    }
}

/// The Python reader refuses every reject vector, naming the same error kind.
#[test]
fn python_reader_rejects_the_reject_vectors() {
    for v in load_vectors() {
        let expect = v.header("expect");
        if expect == "success" {
            continue;
        }
        let file = v.file.to_str().expect("utf-8 path");
        let out = run_python(&[file, "--password", v.header("password")]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{}: {stderr}", v.name);
        assert!(
            stderr.starts_with(&format!("error: {expect}:")),
            "{}: expected {expect}, got {stderr}",
            v.name
        );
        assert!(out.stdout.is_empty(), "{}: printed entries", v.name);
    }
    // And a wrong password is a wrong password, not damage.
    let v = vector("small");
    let out = run_python(&[v.file.to_str().expect("utf-8"), "--password", "nope nope"]);
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("error: wrong_password:"));
}

/// The annotated hex example in docs/vault-format.md is the committed `small.lockstep`: its lines
/// before the `...` line are the file's first bytes, the lines after it the last bytes.
#[test]
fn the_spec_annotated_example_is_small_lockstep() {
    let spec_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/vault-format.md");
    let spec = fs::read_to_string(&spec_path).expect("docs/vault-format.md exists");
    let section = spec
        .split("## Annotated example")
        .nth(1)
        .expect("an \"Annotated example\" section");
    let block = section
        .split("```")
        .nth(1)
        .expect("a code block in the section");
    let (mut head, mut tail, mut after_gap) = (Vec::new(), Vec::new(), false);
    for line in block.lines() {
        let token = line.split_whitespace().next().unwrap_or("");
        if token == "..." {
            after_gap = true;
            continue;
        }
        if token.is_empty() || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
            continue;
        }
        let bytes: Vec<u8> = (0..token.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&token[i..i + 2], 16).expect("hex"))
            .collect();
        if after_gap { &mut tail } else { &mut head }.extend(bytes);
    }
    let small = fs::read(vector("small").file).expect("read");
    assert!(
        head.len() > 493 && tail.len() == 48,
        "{} {}",
        head.len(),
        tail.len()
    );
    assert!(
        small.starts_with(&head),
        "the example's start differs from small.lockstep"
    );
    assert!(
        small.ends_with(&tail),
        "the example's end differs from small.lockstep"
    );
}
