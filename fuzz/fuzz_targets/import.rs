//! Every peer-format importer on arbitrary bytes: detection, `read_any` with and without a
//! password, and each format by name. Errors are expected; a panic or hang is a bug.
//! Run: `cargo xtask fuzz` (it passes `-max_len=2000000`, so a file can be large enough to reach
//! the FreeOTP back-reference blow-up of issue 13; seeds: crates/lockstep-core/tests/fixtures).
#![no_main]

use libfuzzer_sys::fuzz_target;
use lockstep_core::import::{detect, read_any, Format};

fuzz_target!(|data: &[u8]| {
    let _ = detect(data);
    let _ = read_any(data, None, None);
    for f in Format::ALL {
        let _ = f.read(data, None);
    }
    // With a password only through detection: key derivation is slow by design.
    let _ = read_any(data, None, Some("fuzz"));
});
