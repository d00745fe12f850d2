//! The decrypted entry list of a vault (`Vault::from_payload`: the JSON deserializer and range
//! checks every open goes through, after AES-GCM). Whatever parses must make codes without
//! panicking. Errors are expected; a panic is a bug.
//! Seeds: fuzz/seeds/vault_payload. Run: `cargo xtask fuzz`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use lockstep_core::Vault;

fuzz_target!(|data: &[u8]| {
    if let Ok(vault) = Vault::from_payload(data) {
        for entry in &vault.entries {
            let otp = entry.otp();
            let _ = otp.code_at(1_111_111_109);
            let _ = otp.next_code_at(u64::MAX / 2);
            let _ = otp.remaining(0);
            let _ = entry.to_account();
        }
    }
});
