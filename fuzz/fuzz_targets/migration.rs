//! Google Authenticator export links (`otpauth-migration://offline?data=...`) on arbitrary input:
//! the bytes as the link's text, and the bytes as the base64 protobuf payload inside a
//! well-formed link, so prost and the account checks see arbitrary messages. Errors are
//! expected; a panic is a bug.
//! Run: `cargo +nightly fuzz run migration -- -max_len=4096`
#![no_main]

use data_encoding::BASE64;
use libfuzzer_sys::fuzz_target;
use lockstep_core::migration::decode;

fuzz_target!(|data: &[u8]| {
    let _ = decode(&String::from_utf8_lossy(data));
    let link = format!("otpauth-migration://offline?data={}", BASE64.encode(data));
    let _ = decode(&link);
});
