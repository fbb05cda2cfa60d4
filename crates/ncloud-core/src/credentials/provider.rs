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

/// A cloneable, type-erased credentials provider. What it provides is checked with
/// [`Credentials::check_header_values`]: keys that cannot be sent as HTTP header values are an
/// error, whatever the provider.
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
        let credentials = self.0.provide_credentials().await?;
        credentials.check_header_values()?;
        Ok(credentials)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn keys_that_cannot_be_header_values_are_not_provided() {
        let provider = SharedCredentialsProvider::new(Credentials::new("AKID\r\nX-Evil: 1", "s"));
        let error = provider.provide_credentials().await.unwrap_err();
        assert!(
            matches!(error, CredentialsError::InvalidConfiguration { .. }),
            "{error}"
        );
        let good = SharedCredentialsProvider::new(Credentials::new("AKID", "s"));
        assert_eq!(
            good.provide_credentials().await.unwrap().access_key(),
            "AKID"
        );
    }
}
