use std::fmt;

/// `x-ncp-apigw-timestamp`: milliseconds since the Unix epoch.
pub const TIMESTAMP_HEADER: &str = "x-ncp-apigw-timestamp";
/// `x-ncp-iam-access-key`: the access key id.
pub const ACCESS_KEY_HEADER: &str = "x-ncp-iam-access-key";
/// `x-ncp-apigw-signature-v2`: the signature.
pub const SIGNATURE_HEADER: &str = "x-ncp-apigw-signature-v2";
/// `x-ncp-apigw-api-key`: the API Gateway key, sent only when the credentials carry one.
pub const API_KEY_HEADER: &str = "x-ncp-apigw-api-key";

/// A header to add to the request, borrowed from its [`SigningOutput`](super::SigningOutput).
/// Sensitive values are hidden from `Debug`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct SignedHeader<'a> {
    name: &'static str,
    value: &'a str,
    sensitive: bool,
}

impl<'a> SignedHeader<'a> {
    pub(crate) fn new(name: &'static str, value: &'a str, sensitive: bool) -> Self {
        Self {
            name,
            value,
            sensitive,
        }
    }

    /// The lower-case header name.
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The header value. Handle with care when [`is_sensitive`](Self::is_sensitive) is true.
    pub fn value(&self) -> &'a str {
        self.value
    }

    /// True for values that must never be logged (the signature and the API key). HTTP adapters
    /// should mark such header values sensitive too.
    pub fn is_sensitive(&self) -> bool {
        self.sensitive
    }
}

impl fmt::Debug for SignedHeader<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let value: &dyn fmt::Debug = if self.sensitive {
            &crate::REDACTED
        } else {
            &self.value
        };
        f.debug_struct("SignedHeader")
            .field("name", &self.name)
            .field("value", value)
            .finish()
    }
}
