//! Decryption of libsodium's `crypto_secretstream_xchacha20poly1305` (what Ente Auth's encrypted
//! export uses), written from libsodium's documentation and its reference `secretstream` source
//! with RustCrypto's `chacha20` (HChaCha20 + ChaCha20-IETF) and `poly1305`; no libsodium binding.
//!
//! Framing, per message: `c = E(tag) ‖ E(m) ‖ mac`, where the state is `k = HChaCha20(key,
//! header[0..16])`, `nonce = counter(u32 LE, starts at 1) ‖ header[16..24]`; the Poly1305 key is
//! ChaCha20(k, nonce, block 0)[0..32]; the tag byte is XORed with block 1 (the full 64-byte block
//! enters the MAC), the message with blocks 2…; MAC input = ad ‖ zeros((16 − adlen) mod 16) ‖
//! block ‖ c ‖ zeros(mlen mod 16) ‖ le64(adlen) ‖ le64(64 + mlen). Note the second padding: libsodium
//! computes it as `(0x10 - 64 + mlen) & 0xf`, which is `mlen mod 16`, not a pad to a multiple of
//! 16 — a quirk any reimplementation must copy byte for byte. After each message the nonce's last 8 bytes are XORed with the
//! MAC and the counter incremented; a REKEY tag before FINAL and counter wrap are rejected here (Ente never
//! writes them).

use chacha20::cipher::{KeyIvInit, StreamCipher, StreamCipherSeek};
use chacha20::ChaCha20;
use poly1305::universal_hash::KeyInit;
use poly1305::Poly1305;
use zeroize::Zeroizing;

/// Header length (`crypto_secretstream_xchacha20poly1305_HEADERBYTES`).
pub const HEADER_LEN: usize = 24;
/// Per-message overhead: 1 tag byte + 16 MAC bytes.
pub const ABYTES: usize = 17;
/// Tag of an ordinary message.
pub const TAG_MESSAGE: u8 = 0;
/// Tag of the last message.
pub const TAG_FINAL: u8 = 3;
const TAG_REKEY: u8 = 2;

/// A pull (decryption) state.
pub struct Pull {
    k: Zeroizing<[u8; 32]>,
    nonce: [u8; 12],
}

impl Pull {
    /// `crypto_secretstream_xchacha20poly1305_init_pull`.
    pub fn new(key: &[u8; 32], header: &[u8; HEADER_LEN]) -> Pull {
        let k = chacha20::hchacha::<chacha20::cipher::consts::U10>(key.into(), header[..16].into());
        let mut nonce = [0u8; 12];
        nonce[0] = 1;
        nonce[4..].copy_from_slice(&header[16..24]);
        Pull {
            k: Zeroizing::new(k.into()),
            nonce,
        }
    }

    /// `crypto_secretstream_xchacha20poly1305_pull`: the plaintext and its tag, or `None` when the
    /// message does not authenticate.
    pub fn pull(&mut self, c: &[u8], ad: &[u8]) -> Option<(Zeroizing<Vec<u8>>, u8)> {
        let mlen = c.len().checked_sub(ABYTES)?;
        let mut cipher = ChaCha20::new(self.k.as_ref().into(), (&self.nonce).into());
        let mut block0 = Zeroizing::new([0u8; 64]);
        cipher.apply_keystream(block0.as_mut());
        let mut block = Zeroizing::new([0u8; 64]);
        block[0] = c[0];
        cipher.seek(64u64);
        cipher.apply_keystream(block.as_mut());
        let tag = block[0];
        block[0] = c[0];
        let body = &c[1..1 + mlen];
        let expected = mac(&block0[..32], ad, &block, body);
        let stored = &c[1 + mlen..];
        if !constant_time_eq(&expected, stored) {
            return None;
        }
        let mut m = Zeroizing::new(body.to_vec());
        cipher.seek(128u64);
        cipher.apply_keystream(&mut m);
        for (n, s) in self.nonce[4..].iter_mut().zip(stored) {
            *n ^= s;
        }
        let counter =
            u32::from_le_bytes([self.nonce[0], self.nonce[1], self.nonce[2], self.nonce[3]])
                .wrapping_add(1);
        self.nonce[..4].copy_from_slice(&counter.to_le_bytes());
        if (tag & TAG_REKEY != 0 && tag != TAG_FINAL) || counter == 0 {
            return None; // a rekey mid-stream: single-message exports never need one
        }
        Some((m, tag))
    }
}

/// libsodium's secretstream MAC (see the module docs for the padding quirk).
fn mac(poly_key: &[u8], ad: &[u8], block: &[u8; 64], c: &[u8]) -> [u8; 16] {
    let mut input = Zeroizing::new(Vec::with_capacity(ad.len() + 16 + 64 + c.len() + 32));
    input.extend_from_slice(ad);
    let len = input.len() + (16 - ad.len() % 16) % 16;
    input.resize(len, 0);
    input.extend_from_slice(block);
    input.extend_from_slice(c);
    let len = input.len() + c.len() % 16;
    input.resize(len, 0);
    input.extend_from_slice(&(ad.len() as u64).to_le_bytes());
    input.extend_from_slice(&((64 + c.len()) as u64).to_le_bytes());
    Poly1305::new(poly1305::Key::from_slice(poly_key))
        .compute_unpadded(&input)
        .into()
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// A push (encryption) state, used by tests to make vectors and by nothing else.
#[cfg(test)]
pub fn push_one(key: &[u8; 32], header: &[u8; HEADER_LEN], m: &[u8], tag: u8) -> Vec<u8> {
    let k = chacha20::hchacha::<chacha20::cipher::consts::U10>(key.into(), header[..16].into());
    let mut nonce = [0u8; 12];
    nonce[0] = 1;
    nonce[4..].copy_from_slice(&header[16..24]);
    let mut cipher = ChaCha20::new(&k, (&nonce).into());
    let mut block0 = [0u8; 64];
    cipher.apply_keystream(&mut block0);
    let mut block = [0u8; 64];
    block[0] = tag;
    cipher.seek(64u64);
    cipher.apply_keystream(&mut block);
    let mut body = m.to_vec();
    cipher.seek(128u64);
    cipher.apply_keystream(&mut body);
    let mac = mac(&block0[..32], b"", &block, &body);
    let mut out = vec![block[0]];
    out.extend_from_slice(&body);
    out.extend_from_slice(&mac);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_tamper() {
        let key = [7u8; 32];
        let header = [3u8; HEADER_LEN];
        let c = push_one(&key, &header, b"hello stream", TAG_FINAL);
        let (m, tag) = Pull::new(&key, &header).pull(&c, b"").unwrap();
        assert_eq!((m.as_slice(), tag), (&b"hello stream"[..], TAG_FINAL));
        for i in 0..c.len() {
            let mut bad = c.clone();
            bad[i] ^= 1;
            assert!(
                Pull::new(&key, &header).pull(&bad, b"").is_none(),
                "flip at {i}"
            );
        }
        assert!(Pull::new(&[8u8; 32], &header).pull(&c, b"").is_none());
        assert!(Pull::new(&key, &header).pull(&c[..16], b"").is_none());
    }
}
