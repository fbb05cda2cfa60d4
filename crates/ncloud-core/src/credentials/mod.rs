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
};
pub use env::EnvironmentProvider;
pub use error::CredentialsError;
pub use keys::Credentials;
pub use os::{Env, Fs, MAX_PROFILE_FILE_SIZE};
pub use profile::{DEFAULT_PROFILE, ProfileFileProvider};
pub use profile_file::{ProfileFile, update_profile};
pub use provider::{ProvideCredentials, SharedCredentialsProvider};
pub use refresh::CREDENTIALS_REFRESH_MARGIN;
#[cfg(feature = "http")]
pub(crate) use refresh::refresh_time;
#[cfg(feature = "client")]
pub use server_role::{METADATA_TIMEOUT, ServerRoleProvider};
