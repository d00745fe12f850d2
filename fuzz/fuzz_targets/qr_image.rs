//! Arbitrary bytes as an image file: the guarded image loader (format sniffing, header size
//! checks, decoder limits) and the QR scan of whatever it decodes. Errors are expected; a panic
//! or hang is a bug.
//! Run: `cargo +nightly fuzz run qr_image -- -max_len=65536`
//! (seeds: crates/lockstep-core/tests/fixtures/qr).
#![no_main]

use libfuzzer_sys::fuzz_target;
use lockstep_core::qr::scan_bytes;

fuzz_target!(|data: &[u8]| {
    let _ = scan_bytes("fuzz", data);
});
