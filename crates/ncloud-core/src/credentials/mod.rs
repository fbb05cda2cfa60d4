//! Credentials and where they come from: static keys, the environment, the NCP CLI's profile file,
//! a server's role (opt-in), and a chain of these.

mod chain;
mod env;
mod error;
mod keys;
mod os;
mod profile;
mod profile_file;
mod provider;
mod refresh;
#[cfg(feature = "client")]
mod server_role;
mod warn;

pub use chain::{
    CredentialsProviderChain, DefaultCredentialsChain, DefaultCredentialsChainBuilder,
    USE_SERVER_ROLE_KEY, USE_SERVER_ROLE_VAR,
};
pub use env::{ACCESS_KEY_VARS, API_KEY_VAR, EnvironmentProvider, SECRET_KEY_VARS};
pub use error::CredentialsError;
pub use keys::Credentials;
pub use os::{Env, Fs, MAX_PROFILE_FILE_SIZE, read_regular_file};
pub use profile::{
    ACCESS_KEY_KEY, API_KEY_KEY, DEFAULT_PROFILE, PROFILE_VAR, ProfileFileProvider, SECRET_KEY_KEY,
};
pub use profile_file::{ProfileFile, update_profile, without_bom};
pub use provider::{ProvideCredentials, SharedCredentialsProvider};
pub use refresh::CREDENTIALS_REFRESH_MARGIN;
#[cfg(feature = "http")]
pub(crate) use refresh::refresh_time;
#[cfg(feature = "client")]
pub use server_role::{METADATA_ENDPOINT_VAR, METADATA_TIMEOUT, ServerRoleProvider};
