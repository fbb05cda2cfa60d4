#![doc = include_str!("../README.md")]
#![warn(missing_docs)]

#[cfg(feature = "client")]
pub mod client;
pub mod credentials;
#[cfg(feature = "client")]
pub mod datetime;
pub mod endpoint;
pub mod signing;
pub mod site;
pub mod time;

pub use credentials::{
    Credentials, CredentialsError, ProvideCredentials, SharedCredentialsProvider,
};
pub use endpoint::{Gateway, ServiceEndpoint};
pub use site::{Site, SiteError};

#[cfg(feature = "client")]
pub use client::{Client, Error};

/// What `Debug` prints in place of a secret.
pub(crate) const REDACTED: &str = "** redacted **";
