use crate::CredentialsError;

/// Why a request could not be signed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SigningError {
    /// The credentials provider failed.
    #[error("cannot load the credentials to sign the request")]
    Credentials(#[source] CredentialsError),
    /// A key holds characters that HTTP headers cannot carry (a newline pasted into a key, say).
    #[error("the value of {name} contains characters not allowed in an HTTP header")]
    InvalidHeaderValue {
        /// The header, e.g. `x-ncp-iam-access-key`.
        name: &'static str,
    },
}
