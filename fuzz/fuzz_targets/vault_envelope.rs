//! The vault and backup file envelope (`vault::format::Envelope::parse`) on arbitrary bytes:
//! magic, version, slots, lengths, checksum. Errors are expected; a panic is a bug, and a file
//! that parses must be written back byte for byte.
//! Seeds: crates/lockstep-core/tests/vectors. Run: `cargo xtask fuzz`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use lockstep_core::vault::Envelope;

fuzz_target!(|data: &[u8]| {
    if let Ok(env) = Envelope::parse(data, std::path::Path::new("fuzz.lockstep")) {
        let again = Envelope::parse(&env.to_bytes(), std::path::Path::new("fuzz.lockstep"))
            .expect("a parsed envelope, written back, parses");
        assert_eq!(again, env);
    }
});
