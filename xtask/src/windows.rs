//! `cargo xtask windows`: the CLI cross-built for x86_64-pc-windows-gnu (mingw-w64) and tried
//! under Wine: `lockstep.exe --version`, then a vault round trip whose codes must be RFC 6238's.
//!
//! Debian 12's Wine 8.0 has no `ProcessPrng` in bcryptprimitives.dll, which Rust's std calls for
//! random bytes, so an .exe dies at start there. A ten-line DLL of that name, built here with
//! mingw, exports `ProcessPrng` over advapi32's `RtlGenRandom` (`SystemFunction036`) and sits
//! beside the .exe for the test only. Windows itself has the real one since Windows 10.

use crate::util::{capture, cargo, err, header, run, scratch_dir, target_dir, Res};
use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

const TARGET: &str = "x86_64-pc-windows-gnu";

const PRNG_C: &str = r#"#include <windows.h>
/* advapi32's RtlGenRandom, exported as SystemFunction036 */
BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);
BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
    while (len > 0) {
        ULONG chunk = len > 0x40000000 ? 0x40000000 : (ULONG)len;
        if (!SystemFunction036(data, chunk)) return FALSE;
        data += chunk;
        len -= chunk;
    }
    return TRUE;
}
"#;

const PRNG_DEF: &str = "LIBRARY bcryptprimitives\nEXPORTS\n    ProcessPrng\n";

/// RFC 6238 appendix B: (algorithm, seed in base32, time, 8-digit code).
const VECTORS: &[(&str, &str, u64, &str)] = &[
    ("SHA1", "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", 59, "94287082"),
    ("SHA1", "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", 1111111109, "07081804"),
    (
        "SHA256",
        "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA",
        59,
        "46119246",
    ),
    (
        "SHA512",
        "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNA",
        59,
        "90693936",
    ),
];

pub fn command() -> Res {
    // Debian's wine64 package puts its loader in /usr/lib/wine (the `wine` package would add
    // a wrapper on PATH).
    let wine64 = if crate::util::on_path("wine64") {
        "wine64".into()
    } else {
        std::path::PathBuf::from("/usr/lib/wine/wine64")
    };
    for tool in ["x86_64-w64-mingw32-gcc", "wine64"] {
        let found = match tool {
            "wine64" => wine64.is_file() || crate::util::on_path(tool),
            _ => crate::util::on_path(tool),
        };
        if !found {
            return err(format!(
                "{tool} not found: apt-get install gcc-mingw-w64-x86-64 wine64 \
                 (and rustup target add {TARGET})"
            ));
        }
    }
    header(&format!("cargo build --target {TARGET} -p lockstep-cli"));
    run(
        cargo().args(["build", "--target", TARGET, "-p", "lockstep-cli"]),
        "cargo build (windows)",
    )?;
    let exe = target_dir().join(TARGET).join("debug").join("lockstep.exe");
    let dir = scratch_dir()?.join("wine");
    let _ = fs::remove_dir_all(dir.join("run"));
    fs::create_dir_all(dir.join("run")).or_else(|e| err(format!("{}: {e}", dir.display())))?;
    let run_dir = dir.join("run");
    fs::copy(&exe, run_dir.join("lockstep.exe"))
        .or_else(|e| err(format!("cannot copy {}: {e}", exe.display())))?;
    build_prng_dll(&dir, &run_dir)?;

    let prefix = dir.join("prefix");
    let wine = |args: &[&str]| {
        let mut cmd = Command::new(&wine64);
        cmd.current_dir(&run_dir)
            .env("WINEPREFIX", &prefix)
            .env("WINEDEBUG", "-all")
            .env("WINEDLLOVERRIDES", "bcryptprimitives=n,b")
            .env("LOCKSTEP_PASSWORD", "correct-horse")
            .env("LOCKSTEP_VAULT", "test.lockstep")
            .arg("lockstep.exe")
            .args(args);
        cmd
    };
    let out = |args: &[&str]| -> Res<String> {
        let (status, text) = capture(&mut wine(args), b"", Duration::from_secs(300))?;
        if !status.success() {
            return err(format!(
                "`wine64 lockstep.exe {}` failed:\n{text}",
                args.join(" ")
            ));
        }
        Ok(text)
    };
    let version = out(&["--version"])?;
    header(&format!("under Wine: {}", version.trim()));
    out(&["init", "--kdf-memory", "8", "--kdf-iterations", "1"])?;
    for (i, (alg, secret, _, _)) in VECTORS.iter().enumerate() {
        let uri = format!(
            "otpauth://totp/RFC{i}:{alg}?secret={secret}&algorithm={alg}&digits=8&issuer=RFC{i}"
        );
        out(&["add", &uri])?;
    }
    for (i, (alg, _, at, code)) in VECTORS.iter().enumerate() {
        let at = at.to_string();
        let json = out(&["code", &format!("RFC{i}"), "--json", "--at", &at])?;
        if !json.contains(&format!("\"code\": \"{code}\"")) {
            return err(format!(
                "{alg} at {at}: expected {code}, lockstep.exe printed:\n{json}"
            ));
        }
        header(&format!("{alg} at T={at}: {code} (RFC 6238)"));
    }
    header(&format!(
        "lockstep.exe ({TARGET}) passed {} RFC 6238 vectors through its vault under Wine",
        VECTORS.len()
    ));
    Ok(())
}

/// bcryptprimitives.dll with `ProcessPrng`, for Wine versions that lack it.
fn build_prng_dll(dir: &Path, into: &Path) -> Res {
    let c = dir.join("prng.c");
    let def = dir.join("prng.def");
    fs::write(&c, PRNG_C).or_else(|e| err(format!("{}: {e}", c.display())))?;
    fs::write(&def, PRNG_DEF).or_else(|e| err(format!("{}: {e}", def.display())))?;
    run(
        Command::new("x86_64-w64-mingw32-gcc")
            .args(["-shared", "-O2", "-o"])
            .arg(into.join("bcryptprimitives.dll"))
            .arg(&c)
            .arg(&def)
            .arg("-ladvapi32"),
        "mingw gcc (bcryptprimitives.dll)",
    )
}
