use std::fmt;
use std::sync::Arc;
use std::time::SystemTime;

use zeroize::Zeroizing;

use super::CredentialsError;
use crate::signing::SigningKey;

/// An NCP access key, its secret key, optionally an API Gateway API key, and an expiry for keys
/// that expire (a server role's): the client refreshes those before they expire.
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

#[derive(Clone)]
struct Inner {
    access_key: Zeroizing<String>,
    secret_key: Zeroizing<String>,
    api_key: Option<Zeroizing<String>>,
    expiry: Option<SystemTime>,
    /// Derived from `secret_key`, so left out of equality.
    signing_key: SigningKey,
}

impl PartialEq for Inner {
    fn eq(&self, other: &Self) -> bool {
        (
            &self.access_key,
            &self.secret_key,
            &self.api_key,
            self.expiry,
        ) == (
            &other.access_key,
            &other.secret_key,
            &other.api_key,
            other.expiry,
        )
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
            expiry: None,
        }))
    }

    /// The same keys plus an API Gateway API key (sent as `x-ncp-apigw-api-key`; CLOVA NSML
    /// requires one).
    pub fn with_api_key(self, api_key: impl Into<String>) -> Self {
        let mut inner = (*self.0).clone();
        inner.api_key = Some(Zeroizing::new(api_key.into()));
        Self(Arc::new(inner))
    }

    /// The same keys, valid until `expiry`.
    ///
    /// ```
    /// use std::time::{Duration, UNIX_EPOCH};
    /// use ncloud_core::Credentials;
    ///
    /// let at = UNIX_EPOCH + Duration::from_secs(1_900_000_000);
    /// let credentials = Credentials::new("AKID", "secret").with_expiry(at);
    /// assert_eq!(credentials.expiry(), Some(at));
    /// assert_eq!(Credentials::new("AKID", "secret").expiry(), None);
    /// ```
    pub fn with_expiry(self, expiry: SystemTime) -> Self {
        let mut inner = (*self.0).clone();
        inner.expiry = Some(expiry);
        Self(Arc::new(inner))
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

    /// When the keys stop working, for keys that expire.
    pub fn expiry(&self) -> Option<SystemTime> {
        self.0.expiry
    }

    /// Checks that the keys sent as HTTP header values (the access key, the API key) can be:
    /// printable ASCII, with no space at either end. A newline pasted into a key would otherwise
    /// add header lines to what `ncloud sign` prints, or be refused only by some HTTP stacks.
    /// Every [`SharedCredentialsProvider`](super::SharedCredentialsProvider) applies it to what it
    /// provides, so the client, the [`Signer`](crate::signing) and its adapters refuse such keys
    /// before signing. The error never shows the key.
    ///
    /// ```
    /// use ncloud_core::Credentials;
    ///
    /// assert!(Credentials::new("AKID", "secret").check_header_values().is_ok());
    /// let err = Credentials::new("AKID\r\nX-Injected: 1", "secret").check_header_values().unwrap_err();
    /// assert!(err.to_string().contains("the access key"));
    /// ```
    pub fn check_header_values(&self) -> Result<(), CredentialsError> {
        let keys = [
            ("access key", Some(self.access_key())),
            ("API key", self.api_key()),
        ];
        for (name, value) in keys {
            let Some(value) = value else { continue };
            let printable = value.bytes().all(|b| matches!(b, b' '..=b'~'));
            if !printable || value.starts_with(' ') || value.ends_with(' ') {
                return Err(CredentialsError::invalid(format!(
                    "the {name} cannot be sent as an HTTP header value: it holds a control or \
                     non-ASCII character (a newline, say) or a space at either end"
                )));
            }
        }
        Ok(())
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut debug = f.debug_struct("Credentials");
        debug
            .field("access_key", &self.access_key())
            .field("secret_key", &crate::REDACTED)
            .field("api_key", &self.0.api_key.as_ref().map(|_| crate::REDACTED));
        if let Some(expiry) = &self.0.expiry {
            debug.field("expiry", expiry);
        }
        debug.finish()
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
    fn keys_that_cannot_be_header_values_are_refused_without_showing_them() {
        for (credentials, name) in [
            (Credentials::new("AKID\r\nX-Evil: 1", "s"), "access key"),
            (Credentials::new("AKID\n", "s"), "access key"),
            (Credentials::new("\u{1b}]0;title\u{7}", "s"), "access key"),
            (Credentials::new(" AKID", "s"), "access key"),
            (Credentials::new("AKID\u{202e}", "s"), "access key"),
            (
                Credentials::new("AKID", "s").with_api_key("k3y\r"),
                "API key",
            ),
            (
                Credentials::new("AKID", "s").with_api_key("k3y\t"),
                "API key",
            ),
        ] {
            let error = credentials.check_header_values().unwrap_err().to_string();
            assert!(
                error.contains(&format!("the {name} cannot be sent")),
                "{error}"
            );
            assert!(!error.contains("AKID") && !error.contains("k3y"), "{error}");
        }
        // A secret key is never a header: anything goes into the HMAC.
        assert!(
            Credentials::new("AK ID", "s\r\n")
                .check_header_values()
                .is_ok()
        );
    }

    #[test]
    fn with_api_key_keeps_the_keys() {
        let at = std::time::UNIX_EPOCH;
        let credentials = Credentials::new("a", "b").with_expiry(at).with_api_key("c");
        assert_eq!(credentials.expiry(), Some(at));
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
