use std::fmt;
use std::sync::Arc;

use async_trait::async_trait;

use super::{Credentials, CredentialsError};

/// Something that can produce [`Credentials`]: static keys, the environment, the profile file, a
/// chain of these, or your own (a secrets manager, say).
///
/// ```
/// use ncloud_core::{Credentials, ProvideCredentials};
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let provider = Credentials::new("AKID", "secret"); // static credentials are a provider
/// let credentials = provider.provide_credentials().await.unwrap();
/// assert_eq!(credentials.access_key(), "AKID");
/// # }
/// ```
#[async_trait]
pub trait ProvideCredentials: Send + Sync + fmt::Debug {
    /// Loads credentials. [`CredentialsError::NotFound`] means "nothing here"; other errors are
    /// configuration problems.
    async fn provide_credentials(&self) -> Result<Credentials, CredentialsError>;
}

/// Static credentials provide themselves.
#[async_trait]
impl ProvideCredentials for Credentials {
    async fn provide_credentials(&self) -> Result<Credentials, CredentialsError> {
        Ok(self.clone())
    }
}

#[async_trait]
impl<T: ProvideCredentials + ?Sized> ProvideCredentials for Arc<T> {
    async fn provide_credentials(&self) -> Result<Credentials, CredentialsError> {
        (**self).provide_credentials().await
    }
}

#[async_trait]
impl<T: ProvideCredentials + ?Sized> ProvideCredentials for Box<T> {
    async fn provide_credentials(&self) -> Result<Credentials, CredentialsError> {
        (**self).provide_credentials().await
    }
}

/// A cloneable, type-erased credentials provider.
#[derive(Clone, Debug)]
pub struct SharedCredentialsProvider(Arc<dyn ProvideCredentials>);

impl SharedCredentialsProvider {
    /// Wraps any provider.
    pub fn new(provider: impl ProvideCredentials + 'static) -> Self {
        Self(Arc::new(provider))
    }
}

#[async_trait]
impl ProvideCredentials for SharedCredentialsProvider {
    async fn provide_credentials(&self) -> Result<Credentials, CredentialsError> {
        self.0.provide_credentials().await
    }
}
