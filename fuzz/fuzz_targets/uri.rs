//! `otpauth://` links on arbitrary text: parse, and for every link that parses, write it back
//! and parse that again (what `show --reveal` and exports do). Errors are expected; a panic, or
//! a written link that does not read back, is a bug.
//! Run: `cargo xtask fuzz` (or `cargo +nightly fuzz run uri -- -max_len=4096`).
#![no_main]

use libfuzzer_sys::fuzz_target;
use lockstep_core::uri;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(account) = uri::parse(&text) {
        let written = uri::format(&account);
        let _ = account.otp.code_at(1_111_111_109);
        assert!(
            uri::parse(&written).is_ok(),
            "a link written by uri::format does not parse"
        );
    }
});
