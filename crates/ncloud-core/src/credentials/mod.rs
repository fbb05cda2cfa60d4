//! Credentials and where they come from: static keys, the environment, the NCP CLI's profile file,
//! a server's role (opt-in), and a chain of these.

#[cfg(feature = "http")]
pub(crate) mod cache;
mod chain;
mod env;
mod error;
mod keys;
#[cfg_attr(not(feature = "test-util"), allow(unreachable_pub, dead_code))]
pub(crate) mod os;
mod profile;
pub(crate) mod profile_file;
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
pub use os::MAX_PROFILE_FILE_SIZE;
// Test seams: public with the feature `test-util` only.
#[cfg(not(feature = "test-util"))]
pub(crate) use os::{Env, Fs};
#[cfg(feature = "test-util")]
pub use os::{Env, Fs};
pub use profile::{DEFAULT_PROFILE, ProfileFileProvider};
pub(crate) use profile_file::ProfileFile;
pub use provider::{ProvideCredentials, SharedCredentialsProvider};
pub use refresh::CREDENTIALS_REFRESH_MARGIN;
#[cfg(feature = "http")]
pub(crate) use refresh::refresh_time;
#[cfg(feature = "client")]
pub use server_role::{METADATA_TIMEOUT, ServerRoleProvider};
