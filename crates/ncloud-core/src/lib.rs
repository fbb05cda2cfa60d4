#![doc = include_str!("../README.md")]
#![warn(missing_docs)]

pub mod credentials;
pub mod signing;
pub mod time;

pub use credentials::{
    Credentials, CredentialsError, ProvideCredentials, SharedCredentialsProvider,
};

/// What `Debug` prints in place of a secret.
pub(crate) const REDACTED: &str = "** redacted **";
