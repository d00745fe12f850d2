//! Bad input never makes `lockstep` panic: every run ends with exit 0, 1 or 2 and, on error, one
//! `error: ...` sentence. Inputs: vault files damaged in many ways (checksum rewritten so the
//! deeper parsers are reached), random links, oversized input.

mod common;

use std::process::Output;

use rand::{Rng, SeedableRng};
use sha2_like::sha256;

/// SHA-256 via the system's `sha256sum`, so the test does not share code with the reader.
mod sha2_like {
    pub fn sha256(data: &[u8]) -> Vec<u8> {
        let mut child = std::process::Command::new("sha256sum")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("sha256sum runs");
        std::io::Write::write_all(&mut child.stdin.take().expect("stdin"), data).expect("write");
        let out = child.wait_with_output().expect("sha256sum finishes");
        let hex = String::from_utf8(out.stdout).expect("utf-8");
        (0..32)
            .map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).expect("hex"))
            .collect()
    }
}

fn assert_clean_failure(out: &Output, what: &str) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{what}: panic: {stderr}");
    assert!(
        matches!(out.status.code(), Some(0..=2)),
        "{what}: exit {:?}: {stderr}",
        out.status
    );
    if out.status.code() == Some(2) {
        assert!(
            stderr.starts_with("error: ") && stderr.trim_end().lines().count() == 1,
            "{what}: not one clear sentence: {stderr:?}"
        );
    }
}

#[test]
fn damaged_vaults_with_a_rewritten_checksum_give_clean_errors() {
    let (dir, vault, _) = common::new_vault();
    common::ok(
        &vault,
        &["add", "otpauth://totp/A:a?secret=JBSWY3DPEHPK3PXP"],
    );
    let good = std::fs::read(&vault).expect("read");
    let body_len = good.len() - 32;
    let mut rng = rand::rngs::StdRng::seed_from_u64(0xbad);
    let bad = dir.path().join("bad.lockstep");
    for i in 0..150 {
        let mut body = good[..body_len].to_vec();
        match i % 3 {
            0 => body[rng.gen_range(0..body_len)] ^= rng.gen_range(1..=255u8),
            1 => body.truncate(rng.gen_range(0..body_len)),
            _ => body.extend((0..rng.gen_range(1..64)).map(|_| rng.gen::<u8>())),
        }
        let mut file = body.clone();
        file.extend(sha256(&body));
        std::fs::write(&bad, &file).expect("write");
        let out = common::run(&bad, &["list"]);
        assert_clean_failure(&out, &format!("case {i}"));
        assert_eq!(out.status.code(), Some(2), "case {i} must not open");
        assert_eq!(
            std::fs::read(&bad).expect("read"),
            file,
            "case {i}: the file must not change"
        );
    }
}

#[test]
fn random_links_give_clean_errors() {
    let mut rng = rand::rngs::StdRng::seed_from_u64(0x11e);
    let pieces = [
        "otpauth://",
        "totp",
        "hotp",
        "steam",
        "/",
        ":",
        "?",
        "&",
        "=",
        "secret",
        "issuer",
        "digits",
        "period",
        "counter",
        "algorithm",
        "%",
        "%3A",
        "%FF",
        "JBSWY3DP",
        "0",
        "-1",
        "99999999999999999999",
        "SHA512",
        "encoder=steam",
        "é",
        " ",
        "#",
    ];
    let (_dir, vault, _) = common::new_vault();
    for i in 0..200 {
        let link: String = (0..rng.gen_range(1..14))
            .map(|_| pieces[rng.gen_range(0..pieces.len())])
            .collect();
        assert_clean_failure(
            &common::run(&vault, &["code", &format!("--uri={link}")]),
            &link,
        );
        if i % 4 == 0 {
            assert_clean_failure(&common::run(&vault, &["add", "--", &link]), &link);
        }
    }
    // A link of 100 KiB as an argument, and of 8 MiB on standard input.
    let big = format!("otpauth://totp/x?secret={}", "A".repeat(100 << 10));
    let out = common::run(&vault, &["code", "--uri", &big]);
    assert_clean_failure(&out, "100 KiB link");
    assert_eq!(out.status.code(), Some(2));
    let mut child = common::cmd(&vault, &["add", "-"])
        .stdin(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut stdin = child.stdin.take().expect("stdin");
    let writer = std::thread::spawn(move || {
        let huge = format!("otpauth://totp/x?secret={}\n", "A".repeat(8 << 20));
        let _ = std::io::Write::write_all(&mut stdin, huge.as_bytes());
    });
    let out = child.wait_with_output().expect("wait");
    let _ = writer.join();
    assert_clean_failure(&out, "8 MiB link on stdin");
    assert_eq!(out.status.code(), Some(2));
}
