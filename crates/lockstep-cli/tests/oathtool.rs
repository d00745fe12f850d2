//! `lockstep code --uri URI --at T` against oathtool (an independent implementation) on thousands
//! of random vectors: SHA1/256/512, 6–8 digits, periods 15/30/60, HOTP counters up to 2^32 and
//! beyond, times up to year 2603; and Steam codes against a Python implementation.

mod common;

use std::process::Command;

use data_encoding::{BASE32_NOPAD, HEXLOWER};
use rand::{Rng, SeedableRng};

fn code(uri: &str, at: u64) -> String {
    let out = Command::new(common::bin())
        .args(["code", "--uri", uri, "--at", &at.to_string()])
        .output()
        .expect("lockstep runs");
    assert!(
        out.status.success(),
        "{uri}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .expect("utf-8")
        .trim()
        .to_owned()
}

fn oathtool(args: &[String]) -> String {
    let out = Command::new("oathtool")
        .args(args)
        .output()
        .expect("oathtool is installed (cargo xtask test installs it)");
    assert!(
        out.status.success(),
        "oathtool {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .expect("utf-8")
        .trim()
        .to_owned()
}

#[test]
fn totp_matches_oathtool_on_random_vectors() {
    let mut rng = rand::rngs::StdRng::seed_from_u64(0x010c_57e9);
    for i in 0..1200 {
        let key: Vec<u8> = (0..rng.gen_range(10..=64)).map(|_| rng.gen()).collect();
        let (alg, oath_alg) = [("SHA1", "sha1"), ("SHA256", "sha256"), ("SHA512", "sha512")][i % 3];
        let digits = rng.gen_range(6..=8);
        let period = [15, 30, 60][rng.gen_range(0..3)];
        let at: u64 = if i % 10 == 0 {
            rng.gen_range(16_000_000_000..=20_000_000_000)
        } else {
            rng.gen_range(0..=4_000_000_000)
        };
        // Lower-case secret: issuers write it that way too.
        let uri = format!(
            "otpauth://totp/T:{i}?secret={}&algorithm={alg}&digits={digits}&period={period}",
            BASE32_NOPAD.encode(&key).to_lowercase()
        );
        let want = oathtool(&[
            format!("--totp={oath_alg}"),
            format!("--digits={digits}"),
            format!("--time-step-size={period}s"),
            format!("--now=@{at}"),
            HEXLOWER.encode(&key),
        ]);
        assert_eq!(code(&uri, at), want, "{uri} at {at}");
    }
}

#[test]
fn hotp_matches_oathtool_on_random_vectors() {
    let mut rng = rand::rngs::StdRng::seed_from_u64(0x40_7b);
    for i in 0..900 {
        let key: Vec<u8> = (0..rng.gen_range(10..=40)).map(|_| rng.gen()).collect();
        let digits = rng.gen_range(6..=8);
        let counter: u64 = match i % 3 {
            0 => rng.gen_range(0..1000),
            1 => rng.gen_range(0..=(1u64 << 32)),
            _ => (1u64 << 32) + rng.gen_range(0..1000),
        };
        let uri = format!(
            "otpauth://hotp/H:{i}?secret={}&digits={digits}&counter={counter}",
            BASE32_NOPAD.encode(&key)
        );
        let want = oathtool(&[
            "--hotp".into(),
            format!("--digits={digits}"),
            format!("--counter={counter}"),
            HEXLOWER.encode(&key),
        ]);
        assert_eq!(code(&uri, 0), want, "{uri}");
    }
}

/// Steam Guard is not in oathtool: the reference here is a 10-line Python version of the
/// published algorithm (HMAC-SHA1 dynamic truncation, then 5 characters base 26).
#[test]
fn steam_matches_python_reference() {
    let script = r#"
import hmac, hashlib, struct, sys, base64
alphabet = "23456789BCDFGHJKMNPQRTVWXY"
for line in sys.stdin:
    key_hex, t = line.split()
    mac = hmac.new(bytes.fromhex(key_hex), struct.pack(">Q", int(t) // 30), hashlib.sha1).digest()
    o = mac[19] & 15
    v = struct.unpack(">I", mac[o:o + 4])[0] & 0x7fffffff
    out = ""
    for _ in range(5):
        out += alphabet[v % 26]
        v //= 26
    print(out)
"#;
    let mut rng = rand::rngs::StdRng::seed_from_u64(0x57ea);
    let cases: Vec<(Vec<u8>, u64)> = (0..200)
        .map(|_| {
            (
                (0..20).map(|_| rng.gen()).collect(),
                rng.gen_range(0..=20_000_000_000u64),
            )
        })
        .collect();
    let input: String = cases
        .iter()
        .map(|(k, t)| format!("{} {t}\n", HEXLOWER.encode(k)))
        .collect();
    let mut child = Command::new("python3")
        .args(["-c", script])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("python3 runs");
    std::io::Write::write_all(&mut child.stdin.take().expect("stdin"), input.as_bytes())
        .expect("write");
    let out = child.wait_with_output().expect("python3 finishes");
    let want: Vec<String> = String::from_utf8(out.stdout)
        .expect("utf-8")
        .lines()
        .map(str::to_owned)
        .collect();
    assert_eq!(want.len(), cases.len());
    for ((key, t), want) in cases.iter().zip(want) {
        let uri = format!(
            "otpauth://steam/Steam:x?secret={}",
            BASE32_NOPAD.encode(key)
        );
        assert_eq!(code(&uri, *t), want, "{uri} at {t}");
    }
}
