//! Test phase `windows` (and `cargo xtask windows`): the whole workspace cross-built for
//! x86_64-pc-windows-gnu (mingw-w64), the desktop app included; then `lockstep.exe` under Wine:
//! `--version`, a vault round trip whose codes must be RFC 6238's, and the CLI's integration tests
//! that need no Linux desktop (`moving.rs`: export formats, backup and restore; `fixtures.rs`:
//! every peer fixture imported with its EXPECTED.json accounts) run by the host's test binaries
//! with `LOCKSTEP_TEST_EXE` and `LOCKSTEP_TEST_RUNNER=wine64`; the camera ([`camera`]): `scan
//! --camera` reading a clip of JPEG frames drawn by segno (tools/camera_clip.py) through the
//! test source, and a sentence, not a panic, with no camera and no test source (`camera.rs`'s
//! tests then run against the .exe too); last a zip of the binaries
//! (target/package/lockstep-windows-x86_64.zip). No installer: Tauri's NSIS bundler downloads
//! its `nsis_tauri_utils` plugin even when `makensis` is installed (docs/performance.md).
//!
//! Debian 12's Wine 8.0 has no `ProcessPrng` in bcryptprimitives.dll, which Rust's std calls for
//! random bytes, so an .exe dies at start there. A ten-line DLL of that name, built here with
//! mingw, exports `ProcessPrng` over advapi32's `RtlGenRandom` (`SystemFunction036`) and sits
//! beside the .exe for the test only. Windows itself has the real one since Windows 10.

use crate::util::{capture, cargo, err, header, run, scratch_dir, target_dir, Res};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

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

/// The CLI tests run against `lockstep.exe` (crates/lockstep-cli/tests/NAME.rs).
const WINE_TESTS: &[&str] = &["moving", "fixtures", "camera"];

/// `cargo xtask windows`: the phase, outside the test session.
pub fn command() -> Res {
    crate::packages::ensure()?;
    phase()
}

/// The phase. Without the target, mingw or Wine it says what is missing and passes.
pub fn phase() -> Res {
    let start = Instant::now();
    if !crate::packages::ensure_rust_target(TARGET) {
        return Ok(());
    }
    if !crate::util::on_path("x86_64-w64-mingw32-gcc") {
        header(&format!(
            "SKIPPED the Windows build: x86_64-w64-mingw32-gcc not found (apt-get install \
             {})",
            crate::packages::CROSS_PACKAGES.join(" ")
        ));
        return Ok(());
    }
    header(&format!("cargo build --target {TARGET} --workspace"));
    run(
        cargo().args(["build", "--target", TARGET, "--workspace"]),
        "cargo build (windows)",
    )?;
    let built = target_dir().join(TARGET).join("debug");
    header(&format!(
        "windows: workspace built in {:.0} s",
        start.elapsed().as_secs_f64()
    ));
    let Some(wine64) = wine64() else {
        header("SKIPPED the Wine tests: wine64 not found (apt-get install wine64)");
        return zip(&built);
    };
    let t = Instant::now();
    let wine = Wine::prepare(wine64, &built)?;
    round_trip(&wine)?;
    camera(&wine)?;
    cli_tests(&wine)?;
    header(&format!(
        "windows: Wine tests in {:.0} s",
        t.elapsed().as_secs_f64()
    ));
    zip(&built)?;
    header(&format!(
        "windows: phase took {:.0} s",
        start.elapsed().as_secs_f64()
    ));
    Ok(())
}

/// Debian's wine64 package puts its loader in /usr/lib/wine (the `wine` package would add a
/// wrapper on PATH).
fn wine64() -> Option<PathBuf> {
    if crate::util::on_path("wine64") {
        return Some("wine64".into());
    }
    let lib = PathBuf::from("/usr/lib/wine/wine64");
    lib.is_file().then_some(lib)
}

/// A Wine prefix (kept in target/xtask/wine/prefix between runs) and a folder holding
/// `lockstep.exe` beside the `ProcessPrng` stand-in.
struct Wine {
    wine64: PathBuf,
    prefix: PathBuf,
    run_dir: PathBuf,
}

impl Wine {
    fn prepare(wine64: PathBuf, built: &Path) -> Res<Wine> {
        let dir = scratch_dir()?.join("wine");
        let run_dir = dir.join("run");
        let _ = fs::remove_dir_all(&run_dir);
        fs::create_dir_all(&run_dir).or_else(|e| err(format!("{}: {e}", run_dir.display())))?;
        let exe = built.join("lockstep.exe");
        fs::copy(&exe, run_dir.join("lockstep.exe"))
            .or_else(|e| err(format!("cannot copy {}: {e}", exe.display())))?;
        build_prng_dll(&dir, &run_dir)?;
        Ok(Wine {
            wine64,
            prefix: dir.join("prefix"),
            run_dir,
        })
    }

    fn exe(&self) -> PathBuf {
        self.run_dir.join("lockstep.exe")
    }

    /// The environment every Wine process of the phase gets.
    fn env(&self, cmd: &mut Command) {
        cmd.env("WINEPREFIX", &self.prefix)
            .env("WINEDEBUG", "-all")
            .env("WINEDLLOVERRIDES", "bcryptprimitives=n,b");
    }

    /// `wine64 lockstep.exe ARGS` on the vault test.lockstep in the run folder.
    fn lockstep(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(&self.wine64);
        self.env(&mut cmd);
        cmd.current_dir(&self.run_dir)
            .env("LOCKSTEP_PASSWORD", "correct-horse")
            .env("LOCKSTEP_VAULT", "test.lockstep")
            .arg(self.exe())
            .args(args);
        cmd
    }
}

/// `--version`, then a vault with the RFC 6238 seeds whose codes must be the RFC's.
fn round_trip(wine: &Wine) -> Res {
    let out_in = |args: &[&str], stdin: &[u8]| -> Res<String> {
        // The first start creates the prefix: slow on a loaded machine.
        let (status, text) = capture(&mut wine.lockstep(args), stdin, Duration::from_secs(300))?;
        if !status.success() {
            return err(format!(
                "`wine64 lockstep.exe {}` failed:\n{text}",
                args.join(" ")
            ));
        }
        Ok(text)
    };
    let out = |args: &[&str]| out_in(args, b"");
    let version = out(&["--version"])?;
    header(&format!("under Wine: {}", version.trim()));
    out(&["init", "--kdf-memory", "8", "--kdf-iterations", "1"])?;
    for (i, (alg, secret, _, _)) in VECTORS.iter().enumerate() {
        let uri = format!(
            "otpauth://totp/RFC{i}:{alg}?secret={secret}&algorithm={alg}&digits=8&issuer=RFC{i}"
        );
        // On standard input, as the README tells people to give secrets.
        out_in(&["add", "-"], uri.as_bytes())?;
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

/// The camera in `lockstep.exe`: `scan --camera` reads a 1-code Google Authenticator export from
/// a folder of JPEG frames (tools/camera_clip.py: a phone tilted and noisy, its QR code drawn by
/// segno, its payload written by that script from the protobuf layout) and prints the script's
/// link and every account's secret; then, with neither a camera nor a test source, exit 2 and a
/// `camera:` sentence on stderr, not a panic (Wine 8's Media Foundation does not start, so this
/// is as far as the device path gets here: "Could not initialize MediaFoundation").
fn camera(wine: &Wine) -> Res {
    let t = Instant::now();
    let clip = wine.run_dir.join("camera-clip");
    let script = crate::util::workspace_root().join("tools/camera_clip.py");
    run(
        Command::new("python3")
            .arg(&script)
            .arg(&clip)
            .args(["--parts", "1", "--seconds", "1"]),
        "tools/camera_clip.py",
    )?;
    let expected = fs::read_to_string(clip.join("expected.json"))
        .or_else(|e| err(format!("{}/expected.json: {e}", clip.display())))?;
    // The script's JSON holds the link and each account's base32 secret as plain strings.
    let strings_after = |key: &str| -> Vec<String> {
        expected
            .split(key)
            .skip(1)
            .filter_map(|rest| rest.split('"').nth(1).map(str::to_owned))
            .collect()
    };
    let links: Vec<String> = expected
        .split('"')
        .filter(|s| s.starts_with("otpauth-migration://"))
        .map(str::to_owned)
        .collect();
    let secrets = strings_after("\"secret\":");
    if links.len() != 1 || secrets.is_empty() {
        return err(format!(
            "camera_clip.py wrote an unexpected expected.json:\n{expected}"
        ));
    }
    let mut cmd = wine.lockstep(&["scan", "--camera", "--timeout", "60", "--json"]);
    cmd.env("LOCKSTEP_CAMERA_SOURCE", &clip);
    let (status, out) = capture(&mut cmd, b"", Duration::from_secs(120))?;
    let missing: Vec<&String> = links
        .iter()
        .map(|l| (l, format!("\"payload\": \"{l}\"")))
        .chain(secrets.iter().map(|s| (s, format!("secret={s}"))))
        .filter(|(_, want)| !out.contains(want.as_str()))
        .map(|(what, _)| what)
        .collect();
    if !status.success() || !missing.is_empty() {
        return err(format!(
            "`lockstep.exe scan --camera` on {} ({status}) did not print {missing:?}:\n{out}",
            clip.display()
        ));
    }
    header(&format!(
        "under Wine: scan --camera read the export and its {} secrets from {} frames (segno)",
        secrets.len(),
        fs::read_dir(&clip).map(|d| d.count() - 1).unwrap_or(0)
    ));

    // No camera, no test source: a sentence and exit 2.
    let stderr_file = wine.run_dir.join("camera-stderr.txt");
    let stderr = fs::File::create(&stderr_file)
        .or_else(|e| err(format!("{}: {e}", stderr_file.display())))?;
    let mut cmd = wine.lockstep(&["scan", "--camera", "--timeout", "5"]);
    cmd.env_remove("LOCKSTEP_CAMERA_SOURCE").stderr(stderr);
    let (status, _) = capture(&mut cmd, b"", Duration::from_secs(120))?;
    let said = fs::read_to_string(&stderr_file).unwrap_or_default();
    // The CLI's last line: `error: camera: ...` (the line before it is the hint to hold the
    // code up, printed before the camera is opened).
    let sentence = said
        .lines()
        .find(|l| l.starts_with("error: camera: "))
        .map(str::trim)
        .unwrap_or_default()
        .to_owned();
    if status.code() != Some(2) || sentence.is_empty() || said.contains("panicked") {
        return err(format!(
            "`lockstep.exe scan --camera` with no camera: expected exit 2 and an `error: \
             camera:` sentence, got {status}:\n{said}"
        ));
    }
    header(&format!(
        "under Wine with no camera: exit 2, \"{sentence}\" ({:.0} s for both camera checks)",
        t.elapsed().as_secs_f64()
    ));
    Ok(())
}

/// The CLI's integration tests that need no Linux desktop, run by the host's test binaries (built
/// by the `cargo` phase with the same features) against `lockstep.exe` under Wine.
fn cli_tests(wine: &Wine) -> Res {
    let mut cmd = cargo();
    cmd.args(["test", "--workspace"]);
    for name in WINE_TESTS {
        cmd.args(["--test", name]);
    }
    wine.env(&mut cmd);
    cmd.env("LOCKSTEP_TEST_EXE", wine.exe())
        .env("LOCKSTEP_TEST_RUNNER", &wine.wine64);
    header(&format!(
        "the CLI's tests {} against lockstep.exe under Wine",
        WINE_TESTS.join(", ")
    ));
    run(&mut cmd, "cargo test (lockstep.exe under Wine)")
}

/// target/package/lockstep-windows-x86_64.zip: both programs (stripped), the WebView2 loader
/// the app needs beside it, and the simple-icons set in `simple-icons/` (the app's resource
/// folder on Windows is its own folder: tauri.conf.json, `bundle.resources`).
fn zip(built: &Path) -> Res {
    let out = target_dir().join("package");
    let stage = out.join("windows");
    let _ = fs::remove_dir_all(&stage);
    fs::create_dir_all(&stage).or_else(|e| err(format!("{}: {e}", stage.display())))?;
    let mut files = Vec::new();
    for name in ["lockstep.exe", "lockstep-app.exe", "WebView2Loader.dll"] {
        let from = built.join(name);
        let to = stage.join(name);
        fs::copy(&from, &to).or_else(|e| err(format!("cannot copy {}: {e}", from.display())))?;
        files.push(to);
    }
    run(
        Command::new("x86_64-w64-mingw32-strip")
            .arg("--strip-all")
            .args(&files[..2]),
        "x86_64-w64-mingw32-strip",
    )?;
    let icons = stage.join(crate::package::ICON_SET_DIR);
    fs::create_dir_all(&icons).or_else(|e| err(format!("{}: {e}", icons.display())))?;
    for name in crate::package::ICON_SET_FILES {
        let from = crate::package::icon_set_source().join(name);
        fs::copy(&from, icons.join(name))
            .or_else(|e| err(format!("cannot copy {}: {e}", from.display())))?;
    }
    files.push(icons);
    let zip = out.join("lockstep-windows-x86_64.zip");
    let _ = fs::remove_file(&zip);
    run(
        Command::new("python3")
            .args(["-m", "zipfile", "-c"])
            .arg(&zip)
            .args(&files),
        "python3 -m zipfile",
    )?;
    let size = fs::metadata(&zip).map(|m| m.len()).unwrap_or(0);
    header(&format!(
        "{}: {:.1} MB (no installer: see docs/performance.md, \"Windows\")",
        zip.display(),
        size as f64 / 1_000_000.0
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
