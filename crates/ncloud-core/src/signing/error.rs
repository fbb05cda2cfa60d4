use std::sync::Arc;

use crate::CredentialsError;

/// Why a request could not be signed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SigningError {
    /// The credentials provider failed.
    #[error("cannot load the credentials to sign the request")]
    Credentials(#[source] Arc<CredentialsError>),
    /// The API key is required (the signer's [`ApiKey`](super::ApiKey) policy) and the
    /// credentials have none.
    #[error("an API Gateway API key (x-ncp-apigw-api-key) is needed and the credentials have none")]
    MissingApiKey,
    /// The API key would travel over plain http to a host that is not the local machine.
    #[error("refusing to send the API Gateway API key over plain http to {host}: use https")]
    ApiKeyOverPlainHttp {
        /// The request's host.
        host: String,
    },
    /// A key holds characters that HTTP headers cannot carry (a newline pasted into a key, say).
    #[error("the value of {name} contains characters not allowed in an HTTP header")]
    InvalidHeaderValue {
        /// The header, e.g. `x-ncp-iam-access-key`.
        name: &'static str,
    },
}
