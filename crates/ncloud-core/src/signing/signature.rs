use super::key::SigningKey;

/// `base64(HMAC-SHA256(secret_key, string_to_sign))`: always 44 characters (32 bytes, padded).
///
/// [`sign`](super::sign) does the same with the key schedule cached in the
/// [`Credentials`](crate::Credentials); this is for a secret key on its own.
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
    SigningKey::new(secret_key)
        .sign(string_to_sign)
        .as_str()
        .to_owned()
}
