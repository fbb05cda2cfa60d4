#![doc = include_str!("../README.md")]
#![warn(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

#[doc(hidden)]
#[path = "private.rs"]
pub mod __private;
#[cfg(feature = "client")]
pub mod client;
pub mod credentials;
#[cfg(feature = "serde")]
pub mod datetime;
#[cfg(feature = "serde")]
pub mod de;
pub mod endpoint;
mod error_chain;
pub mod settings;
pub mod signing;
pub mod site;
pub mod time;

pub use credentials::{
    Credentials, CredentialsError, ProvideCredentials, SharedCredentialsProvider,
};
pub use endpoint::{Gateway, ServiceEndpoint};
pub use site::{Site, SiteError};

pub use error_chain::ErrorChain;

#[cfg(feature = "client")]
pub use client::{Client, Error};

/// What `Debug` prints in place of a secret.
pub(crate) const REDACTED: &str = "** redacted **";
