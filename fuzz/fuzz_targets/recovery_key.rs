//! The recovery-key parser (`RecoveryKey::parse`) on arbitrary text: what a person types or
//! pastes, or `LOCKSTEP_RECOVERY_KEY` holds. Errors are expected; a panic is a bug.
//! Run: `cargo xtask fuzz`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use lockstep_core::RecoveryKey;

fuzz_target!(|data: &[u8]| {
    let _ = RecoveryKey::parse(&String::from_utf8_lossy(data));
});
