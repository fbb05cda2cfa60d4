#![doc = include_str!("../README.md")]
#![warn(missing_docs)]

#[cfg(feature = "client")]
pub mod client;
pub mod credentials;
mod open_enum;
#[cfg(feature = "client")]
pub mod datetime;
pub mod signing;
pub mod time;

pub use credentials::{
    Credentials, CredentialsError, ProvideCredentials, SharedCredentialsProvider,
};

#[cfg(feature = "client")]
pub use client::{Client, Error};

/// What `Debug` prints in place of a secret.
pub(crate) const REDACTED: &str = "** redacted **";
