//! Credentials and where they come from: static keys, the environment, the NCP CLI's profile file,
//! and a chain of these.

mod chain;
mod env;
mod error;
mod keys;
mod os;
mod profile;
mod profile_file;
mod provider;

pub use chain::{
    CredentialsProviderChain, DefaultCredentialsChain, DefaultCredentialsChainBuilder,
};
pub use env::{ACCESS_KEY_VARS, API_KEY_VAR, EnvironmentProvider, SECRET_KEY_VARS};
pub use error::CredentialsError;
pub use keys::Credentials;
pub use os::{Env, Fs};
pub use profile::{
    ACCESS_KEY_KEY, API_KEY_KEY, DEFAULT_PROFILE, PROFILE_VAR, ProfileFileProvider, SECRET_KEY_KEY,
};
pub use profile_file::ProfileFile;
pub use provider::{ProvideCredentials, SharedCredentialsProvider};
