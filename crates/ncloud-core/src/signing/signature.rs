use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// `base64(HMAC-SHA256(secret_key, string_to_sign))`: always 44 characters (32 bytes, padded).
///
/// ```
/// use ncloud_core::signing::calculate_signature;
///
/// let signature = calculate_signature(
///     "quP0eoQj3oDxV8CKtRnrtQmCKJGKzPuK0yylnn3m",
///     "GET /nsml/v1/projects\n1849019733057\nDMw4t9xXcBzbdAlrFgRg",
/// );
/// assert_eq!(signature, "HD2ZcSHNzzqy5tPRSzVAzxhiLZe2jMzoL1Na13zC9IQ=");
/// ```
pub fn calculate_signature(secret_key: &str, string_to_sign: &str) -> String {
    // HMAC accepts keys of any length, so this cannot fail.
    let mut mac = Hmac::<Sha256>::new_from_slice(secret_key.as_bytes())
        .expect("HMAC-SHA256 accepts keys of any length");
    mac.update(string_to_sign.as_bytes());
    STANDARD.encode(mac.finalize().into_bytes())
}
