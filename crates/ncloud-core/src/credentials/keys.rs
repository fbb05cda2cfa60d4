use std::fmt;
use std::sync::Arc;

use zeroize::Zeroizing;

use crate::signing::SigningKey;

/// An NCP access key, its secret key, and optionally an API Gateway API key.
///
/// Cheap to clone (the keys are shared, not copied) and zeroed in memory when the last clone drops.
/// The HMAC key schedule of the secret key is computed once, here, not at every signature.
/// `Debug` shows the access key id only; there is no `Display`.
///
/// ```
/// use ncloud_core::Credentials;
///
/// let credentials = Credentials::new("AKIDEXAMPLE", "secret").with_api_key("gateway-key");
/// assert_eq!(credentials.access_key(), "AKIDEXAMPLE");
/// assert_eq!(
///     format!("{credentials:?}"),
///     r#"Credentials { access_key: "AKIDEXAMPLE", secret_key: "** redacted **", api_key: Some("** redacted **") }"#
/// );
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials(Arc<Inner>);

struct Inner {
    access_key: Zeroizing<String>,
    secret_key: Zeroizing<String>,
    api_key: Option<Zeroizing<String>>,
    /// Derived from `secret_key`, so left out of equality.
    signing_key: SigningKey,
}

impl PartialEq for Inner {
    fn eq(&self, other: &Self) -> bool {
        (&self.access_key, &self.secret_key, &self.api_key)
            == (&other.access_key, &other.secret_key, &other.api_key)
    }
}

impl Eq for Inner {}

impl Credentials {
    /// Credentials made of an access key id and its secret key.
    pub fn new(access_key: impl Into<String>, secret_key: impl Into<String>) -> Self {
        let secret_key = Zeroizing::new(secret_key.into());
        Self(Arc::new(Inner {
            access_key: Zeroizing::new(access_key.into()),
            signing_key: SigningKey::new(&secret_key),
            secret_key,
            api_key: None,
        }))
    }

    /// The same keys plus an API Gateway API key (sent as `x-ncp-apigw-api-key`; CLOVA NSML
    /// requires one).
    pub fn with_api_key(self, api_key: impl Into<String>) -> Self {
        Self(Arc::new(Inner {
            access_key: self.0.access_key.clone(),
            secret_key: self.0.secret_key.clone(),
            api_key: Some(Zeroizing::new(api_key.into())),
            signing_key: self.0.signing_key.clone(),
        }))
    }

    /// The access key id (not secret: it is sent in `x-ncp-iam-access-key`).
    pub fn access_key(&self) -> &str {
        &self.0.access_key
    }

    /// The secret key. Never log it.
    pub fn secret_key(&self) -> &str {
        &self.0.secret_key
    }

    pub(crate) fn signing_key(&self) -> &SigningKey {
        &self.0.signing_key
    }

    /// The API Gateway API key, if any. Never log it.
    pub fn api_key(&self) -> Option<&str> {
        self.0.api_key.as_ref().map(|k| k.as_str())
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key", &self.access_key())
            .field("secret_key", &crate::REDACTED)
            .field("api_key", &self.0.api_key.as_ref().map(|_| crate::REDACTED))
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_is_pinned_and_redacted() {
        let credentials = Credentials::new("AKID", "s3cr3t-value").with_api_key("api-k3y");
        let debug = format!("{credentials:?}");
        assert_eq!(
            debug,
            r#"Credentials { access_key: "AKID", secret_key: "** redacted **", api_key: Some("** redacted **") }"#
        );
        let pretty = format!("{credentials:#?}");
        assert!(
            !pretty.contains("s3cr3t") && !pretty.contains("api-k3y"),
            "{pretty}"
        );
        assert_eq!(
            format!("{:?}", Credentials::new("AKID", "x")),
            r#"Credentials { access_key: "AKID", secret_key: "** redacted **", api_key: None }"#
        );
    }

    #[test]
    fn with_api_key_keeps_the_keys() {
        let credentials = Credentials::new("a", "b").with_api_key("c");
        assert_eq!(
            (
                credentials.access_key(),
                credentials.secret_key(),
                credentials.api_key()
            ),
            ("a", "b", Some("c"))
        );
    }
}
