use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, Mac};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// HMAC-SHA256 keyed with a secret key, ready to sign: the key schedule (the inner and outer padded
/// key blocks, two SHA-256 compressions) is fixed per secret, so it is computed once per
/// [`Credentials`](crate::Credentials) and cloned for each signature.
#[derive(Clone)]
pub(crate) struct SigningKey(HmacSha256);

impl SigningKey {
    pub(crate) fn new(secret_key: &str) -> Self {
        Self(keyed(secret_key.as_bytes()))
    }

    /// `base64(HMAC-SHA256(secret_key, string_to_sign))`.
    pub(crate) fn sign(&self, string_to_sign: &str) -> Signature {
        let mut mac = self.0.clone();
        mac.update(string_to_sign.as_bytes());
        let mut base64 = [0; SIGNATURE_LEN];
        let written = STANDARD
            .encode_slice(mac.finalize().into_bytes(), &mut base64)
            .expect("32 bytes are 44 base64 characters");
        debug_assert_eq!(written, SIGNATURE_LEN);
        Signature(base64)
    }
}

/// Base64 of a 32-byte HMAC-SHA256, with padding.
const SIGNATURE_LEN: usize = 44;

/// A signature, in base64, on the stack.
#[derive(Clone, Copy)]
pub(crate) struct Signature([u8; SIGNATURE_LEN]);

impl Signature {
    pub(crate) fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).expect("base64 is ASCII")
    }
}

fn keyed(key: &[u8]) -> HmacSha256 {
    HmacSha256::new_from_slice(key).expect("HMAC-SHA256 accepts keys of any length")
}

/// The keyed state can sign as the secret key can. hmac 0.12 has no `Zeroize`, so overwrite it
/// with the state of an empty key (best effort: `black_box` keeps the store from being elided).
impl Drop for SigningKey {
    fn drop(&mut self) {
        self.0 = keyed(&[]);
        std::hint::black_box(&self.0);
    }
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(crate::REDACTED)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reused_key_signs_each_string_independently() {
        // Shared vectors (Python's hmac): one key, two strings, in either order.
        let key = SigningKey::new("quP0eoQj3oDxV8CKtRnrtQmCKJGKzPuK0yylnn3m");
        let first = "GET /nsml/v1/projects\n1849019733057\nDMw4t9xXcBzbdAlrFgRg";
        const EXPECTED: &str = "HD2ZcSHNzzqy5tPRSzVAzxhiLZe2jMzoL1Na13zC9IQ=";
        for _ in 0..2 {
            assert_eq!(key.sign(first).as_str(), EXPECTED);
            assert_eq!(key.clone().sign(first).as_str(), EXPECTED);
        }
    }

    #[test]
    fn debug_is_redacted() {
        assert_eq!(format!("{:?}", SigningKey::new("s3cr3t")), "** redacted **");
    }
}
