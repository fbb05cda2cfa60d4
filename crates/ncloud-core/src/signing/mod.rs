//! NCP API Gateway signature v2, as plain data in and plain data out.
//!
//! The pipeline, one file a stage: [`SignableRequest`] (method and the path-and-query on the wire) and
//! [`SigningParams`] (credentials and a [`Timestamp`] the caller reads from its clock) →
//! [`string_to_sign`] → [`calculate_signature`] → [`SigningOutput`], the headers to add. No HTTP
//! type is involved, so any HTTP client can apply the output.
//!
//! ```
//! use ncloud_core::Credentials;
//! use ncloud_core::signing::{sign, SignableRequest, SigningParams, Timestamp};
//!
//! let credentials = Credentials::new("9LMfo4KujmY6FqDVfIc7", "Cudq65RPwuTbk6JAyOzrADakCMIEeAhAUBAhcnzv");
//! let output = sign(
//!     &SignableRequest::new("GET", "/nsml/v1/projects?page=1&pageSize=10"),
//!     &SigningParams::new(&credentials, Timestamp::from_millis(1_848_229_456_865)),
//! );
//! assert_eq!(output.signature(), "B1qdtCqWmJG9JvdLu9g4euyG3UcwH++IB61acqTZpGU=");
//! for header in output.headers() {
//!     println!("{}: {}", header.name(), header.value()); // e.g. add to your HTTP request
//! }
//! ```

#[cfg(feature = "http")]
mod api_key;
#[cfg(feature = "http")]
mod error;
mod headers;
#[cfg(feature = "http")]
mod http_request;
mod key;
#[cfg(feature = "tower")]
mod layer;
#[cfg(feature = "reqwest-middleware")]
mod middleware;
mod request;
mod signature;
#[cfg(feature = "http")]
mod signer;
mod string_to_sign;
mod timestamp;
mod url;

use std::fmt;

#[cfg(feature = "http")]
pub use api_key::ApiKey;
#[cfg(feature = "http")]
pub(crate) use api_key::send_api_key;
#[cfg(feature = "http")]
pub use error::SigningError;
pub use headers::{
    ACCESS_KEY_HEADER, API_KEY_HEADER, SIGNATURE_HEADER, SignedHeader, TIMESTAMP_HEADER,
};
#[cfg(feature = "http")]
pub use http_request::sign_request;
use key::Signature;
pub(crate) use key::SigningKey;
#[cfg(feature = "tower")]
pub use layer::{BoxError, SigningLayer, SigningService};
#[cfg(feature = "reqwest-middleware")]
pub use middleware::SigningMiddleware;
pub use request::SignableRequest;
pub use signature::calculate_signature;
#[cfg(feature = "http")]
pub use signer::Signer;
pub use string_to_sign::string_to_sign;
use timestamp::Digits;
pub use timestamp::Timestamp;
pub use url::path_and_query;

use crate::Credentials;

/// Who signs and when: the credentials and the timestamp of this attempt, and whether the API key
/// goes with it.
#[derive(Debug, Clone, Copy)]
pub struct SigningParams<'a> {
    credentials: &'a Credentials,
    timestamp: Timestamp,
    api_key: bool,
}

impl<'a> SigningParams<'a> {
    /// Parameters for one attempt. Read `timestamp` from a [`TimeSource`](crate::time::TimeSource)
    /// right before sending. The API key goes with the request when the credentials carry one,
    /// unless [`with_api_key(false)`](Self::with_api_key).
    pub const fn new(credentials: &'a Credentials, timestamp: Timestamp) -> Self {
        Self {
            credentials,
            timestamp,
            api_key: true,
        }
    }

    /// Whether the output carries the API key header (when the credentials have a key): the
    /// service's policy decides, so the header is never added and then removed.
    ///
    /// ```
    /// use ncloud_core::Credentials;
    /// use ncloud_core::signing::{sign, SignableRequest, SigningParams, Timestamp, API_KEY_HEADER};
    ///
    /// let credentials = Credentials::new("AKID", "secret").with_api_key("gateway-key");
    /// let params = SigningParams::new(&credentials, Timestamp::from_millis(1_700_000_000_000));
    /// let request = SignableRequest::new("GET", "/api/v1/workspaces");
    /// assert!(sign(&request, &params).header(API_KEY_HEADER).is_some());
    /// assert!(sign(&request, &params.with_api_key(false)).header(API_KEY_HEADER).is_none());
    /// ```
    #[must_use]
    pub const fn with_api_key(mut self, send: bool) -> Self {
        self.api_key = send;
        self
    }
}

/// The result of signing: the string that was signed, the signature and the headers to add.
///
/// The timestamp and access key headers are read from the string to sign and the credentials, so
/// signing allocates little more than the string to sign and the signature.
#[derive(Clone)]
pub struct SigningOutput {
    string_to_sign: String,
    timestamp: Digits,
    credentials: Credentials,
    signature: Signature,
    api_key: bool,
}

impl SigningOutput {
    /// The string that was signed (holds no secret).
    pub fn string_to_sign(&self) -> &str {
        &self.string_to_sign
    }

    /// The `x-ncp-apigw-signature-v2` value.
    pub fn signature(&self) -> &str {
        self.signature.as_str()
    }

    /// The value of one of the headers to add, by lower-case name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers().find(|h| h.name() == name).map(|h| h.value())
    }

    /// The headers to add: timestamp, access key, signature, and the API key when the credentials
    /// have one and the parameters send it.
    pub fn headers(&self) -> impl Iterator<Item = SignedHeader<'_>> {
        [
            SignedHeader::new(TIMESTAMP_HEADER, self.timestamp.as_str(), false),
            SignedHeader::new(ACCESS_KEY_HEADER, self.credentials.access_key(), false),
            SignedHeader::new(SIGNATURE_HEADER, self.signature.as_str(), true),
        ]
        .into_iter()
        .chain(
            self.credentials
                .api_key()
                .filter(|_| self.api_key)
                .map(|key| SignedHeader::new(API_KEY_HEADER, key, true)),
        )
    }
}

impl fmt::Debug for SigningOutput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigningOutput")
            .field("string_to_sign", &self.string_to_sign)
            .field("headers", &self.headers().collect::<Vec<_>>())
            .finish()
    }
}

/// Signs one attempt of a request. Never fails: any method, path and keys give a signature.
pub fn sign(request: &SignableRequest<'_>, params: &SigningParams<'_>) -> SigningOutput {
    let credentials = params.credentials;
    let timestamp = params.timestamp.digits();
    let string_to_sign =
        string_to_sign::string_to_sign_with(request, timestamp.as_str(), credentials.access_key());
    let signature = credentials.signing_key().sign(&string_to_sign);
    SigningOutput {
        string_to_sign,
        timestamp,
        credentials: credentials.clone(),
        signature,
        api_key: params.api_key,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn output() -> SigningOutput {
        let credentials = Credentials::new("AKID", "SECRET").with_api_key("APIKEY");
        sign(
            &SignableRequest::new("GET", "/a?b=c"),
            &SigningParams::new(&credentials, Timestamp::from_millis(42)),
        )
    }

    #[test]
    fn api_key_header_only_when_configured() {
        assert_eq!(output().header(API_KEY_HEADER), Some("APIKEY"));
        let plain = Credentials::new("AKID", "SECRET");
        let out = sign(
            &SignableRequest::new("GET", "/"),
            &SigningParams::new(&plain, Timestamp::from_millis(42)),
        );
        assert_eq!(out.header(API_KEY_HEADER), None);
        assert_eq!(out.headers().count(), 3);
    }

    #[test]
    fn debug_hides_signature_and_api_key() {
        let out = output();
        let debug = format!("{out:?}");
        assert!(!debug.contains(out.signature()), "{debug}");
        assert!(!debug.contains("APIKEY"), "{debug}");
        assert!(!debug.contains("SECRET"), "{debug}");
        assert_eq!(
            format!("{:?}", out.headers().nth(2).unwrap()),
            r#"SignedHeader { name: "x-ncp-apigw-signature-v2", value: "** redacted **" }"#
        );
        assert_eq!(
            format!("{:?}", out.headers().next().unwrap()),
            r#"SignedHeader { name: "x-ncp-apigw-timestamp", value: "42" }"#
        );
    }
}
