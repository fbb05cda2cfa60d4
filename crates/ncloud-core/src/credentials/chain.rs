use std::borrow::Cow;
use std::fmt;

use async_trait::async_trait;

use super::{
    API_KEY_VAR, Credentials, CredentialsError, Env, EnvironmentProvider, Fs, ProfileFileProvider,
    ProvideCredentials,
};

/// Tries providers in order: the first credentials win, [`CredentialsError::NotFound`] moves on to the
/// next provider, and any other error stops the chain and is returned.
///
/// ```
/// use ncloud_core::{Credentials, ProvideCredentials};
/// use ncloud_core::credentials::{CredentialsProviderChain, Env, EnvironmentProvider};
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let chain = CredentialsProviderChain::first_try("environment", EnvironmentProvider::with_env(Env::from_slice(&[])))
///     .or_else("static", Credentials::new("AKID", "secret"));
/// assert_eq!(chain.provide_credentials().await.unwrap().access_key(), "AKID");
/// # }
/// ```
pub struct CredentialsProviderChain {
    providers: Vec<(Cow<'static, str>, Box<dyn ProvideCredentials>)>,
}

impl CredentialsProviderChain {
    /// A chain that starts with `provider`.
    pub fn first_try(
        name: impl Into<Cow<'static, str>>,
        provider: impl ProvideCredentials + 'static,
    ) -> Self {
        Self {
            providers: vec![(name.into(), Box::new(provider))],
        }
    }

    /// Adds a provider to try after the others.
    pub fn or_else(
        mut self,
        name: impl Into<Cow<'static, str>>,
        provider: impl ProvideCredentials + 'static,
    ) -> Self {
        self.providers.push((name.into(), Box::new(provider)));
        self
    }
}

impl fmt::Debug for CredentialsProviderChain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<_> = self.providers.iter().map(|(name, _)| name).collect();
        f.debug_struct("CredentialsProviderChain")
            .field("providers", &names)
            .finish()
    }
}

#[async_trait]
impl ProvideCredentials for CredentialsProviderChain {
    async fn provide_credentials(&self) -> Result<Credentials, CredentialsError> {
        let mut looked = Vec::with_capacity(self.providers.len());
        for (_, provider) in &self.providers {
            match provider.provide_credentials().await {
                Ok(credentials) => return Ok(credentials),
                Err(CredentialsError::NotFound { looked: where_ }) => looked.push(where_),
                Err(other) => return Err(other),
            }
        }
        Err(CredentialsError::not_found(looked.join("; ")))
    }
}

/// The credentials a user has set up, found the way NCP's own tools find them: the environment, then
/// the profile file `~/.ncloud/configure`. `NCLOUD_API_KEY`, when set, supplies or overrides the API
/// Gateway key whichever provider gave the access keys.
///
/// ```no_run
/// use ncloud_core::ProvideCredentials;
/// use ncloud_core::credentials::DefaultCredentialsChain;
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let credentials = DefaultCredentialsChain::new().provide_credentials().await?;
/// println!("using access key {}", credentials.access_key());
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct DefaultCredentialsChain {
    chain: CredentialsProviderChain,
    env: Env,
}

impl DefaultCredentialsChain {
    /// The chain over the real environment and file system, with the profile from `NCLOUD_PROFILE`
    /// or `[DEFAULT]`.
    pub fn new() -> Self {
        Self::builder().build()
    }

    /// A builder to choose the profile, or to inject the environment and file system in tests.
    pub fn builder() -> DefaultCredentialsChainBuilder {
        DefaultCredentialsChainBuilder::default()
    }
}

impl Default for DefaultCredentialsChain {
    fn default() -> Self {
        Self::new()
    }
}

#[async_trait]
impl ProvideCredentials for DefaultCredentialsChain {
    async fn provide_credentials(&self) -> Result<Credentials, CredentialsError> {
        let credentials = self.chain.provide_credentials().await?;
        Ok(match self.env.get_non_blank(API_KEY_VAR) {
            Some(api_key) => credentials.with_api_key(api_key),
            None => credentials,
        })
    }
}

/// Builds a [`DefaultCredentialsChain`].
#[derive(Debug, Clone, Default)]
pub struct DefaultCredentialsChainBuilder {
    env: Option<Env>,
    fs: Option<Fs>,
    profile: Option<String>,
}

impl DefaultCredentialsChainBuilder {
    /// Uses this profile of the profile file (else `NCLOUD_PROFILE`, else `[DEFAULT]`).
    pub fn profile(mut self, name: impl Into<String>) -> Self {
        self.profile = Some(name.into());
        self
    }

    /// Reads this environment instead of the process's.
    pub fn env(mut self, env: Env) -> Self {
        self.env = Some(env);
        self
    }

    /// Reads this file system instead of the real one.
    pub fn fs(mut self, fs: Fs) -> Self {
        self.fs = Some(fs);
        self
    }

    /// The chain: environment, then profile file.
    pub fn build(self) -> DefaultCredentialsChain {
        let env = self.env.unwrap_or_else(Env::real);
        let mut profile = ProfileFileProvider::new()
            .env(env.clone())
            .fs(self.fs.unwrap_or_else(Fs::real));
        if let Some(name) = self.profile {
            profile = profile.profile(name);
        }
        let chain = CredentialsProviderChain::first_try(
            "environment",
            EnvironmentProvider::with_env(env.clone()),
        )
        .or_else("profile file", profile);
        DefaultCredentialsChain { chain, env }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "/home/me/.ncloud/configure";
    const CONTENTS: &str =
        "[DEFAULT]\nncloud_access_key_id = AK-file\nncloud_secret_access_key = SK-file\n";

    fn chain(env: &[(&str, &str)], files: &[(&str, &str)]) -> DefaultCredentialsChain {
        let mut vars = vec![("HOME", "/home/me")];
        vars.extend_from_slice(env);
        DefaultCredentialsChain::builder()
            .env(Env::from_slice(&vars))
            .fs(Fs::from_slice(files))
            .build()
    }

    #[tokio::test]
    async fn environment_wins_over_file() {
        let env = [
            ("NCLOUD_ACCESS_KEY_ID", "AK-env"),
            ("NCLOUD_SECRET_ACCESS_KEY", "SK-env"),
        ];
        let c = chain(&env, &[(FILE, CONTENTS)])
            .provide_credentials()
            .await
            .unwrap();
        assert_eq!(c.access_key(), "AK-env");
    }

    #[tokio::test]
    async fn not_found_falls_through_to_the_file() {
        let c = chain(&[], &[(FILE, CONTENTS)])
            .provide_credentials()
            .await
            .unwrap();
        assert_eq!((c.access_key(), c.secret_key()), ("AK-file", "SK-file"));
    }

    #[tokio::test]
    async fn api_key_from_env_applies_to_file_credentials() {
        let c = chain(&[("NCLOUD_API_KEY", "API-env")], &[(FILE, CONTENTS)])
            .provide_credentials()
            .await
            .unwrap();
        assert_eq!((c.access_key(), c.api_key()), ("AK-file", Some("API-env")));
    }

    #[tokio::test]
    async fn other_errors_stop_the_chain() {
        // A half-set environment must not silently fall back to the file's keys.
        let err = chain(&[("NCLOUD_ACCESS_KEY_ID", "AK-env")], &[(FILE, CONTENTS)])
            .provide_credentials()
            .await
            .unwrap_err();
        assert!(
            matches!(err, CredentialsError::InvalidConfiguration { .. }),
            "{err:?}"
        );
        let err = chain(&[], &[(FILE, "garbage\n")])
            .provide_credentials()
            .await
            .unwrap_err();
        assert!(
            matches!(err, CredentialsError::MalformedProfileFile { .. }),
            "{err:?}"
        );
    }

    #[tokio::test]
    async fn nothing_found_says_where_it_looked() {
        let err = chain(&[], &[]).provide_credentials().await.unwrap_err();
        assert!(err.is_not_found());
        let message = err.to_string();
        assert!(message.contains("NCLOUD_ACCESS_KEY_ID"), "{message}");
        assert!(message.contains(FILE), "{message}");
    }

    #[test]
    fn debug_names_the_providers_only() {
        let debug = format!("{:?}", chain(&[], &[]).chain);
        assert_eq!(
            debug,
            r#"CredentialsProviderChain { providers: ["environment", "profile file"] }"#
        );
    }
}
