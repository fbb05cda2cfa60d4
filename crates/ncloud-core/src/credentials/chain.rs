use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;

use async_trait::async_trait;

use super::profile::LoadedProfile;
use super::{
    Credentials, CredentialsError, Env, EnvironmentProvider, Fs, ProfileFileProvider,
    ProvideCredentials,
};
use crate::settings::{
    ACCESS_KEY_KEY, API_KEY_KEY, API_KEY_VAR, USE_SERVER_ROLE_KEY, USE_SERVER_ROLE_VAR,
};
use crate::time::{SystemTimeSource, TimeSource};

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

/// The credentials a user has set up, found the way NCP's own tools find them, with one rule on top:
/// a choice made on purpose wins or fails, it is never silently replaced.
///
/// 1. A profile chosen by name (the builder's [`profile`](DefaultCredentialsChainBuilder::profile),
///    else a non-blank `NCLOUD_PROFILE`) gives the keys, or the load fails (no file, no such
///    profile, no keys): the environment's keys are not used.
/// 2. Otherwise the environment (`NCLOUD_ACCESS_KEY_ID` / `NCLOUD_SECRET_ACCESS_KEY`, with
///    `NCLOUD_API_KEY`), then the `[DEFAULT]` profile of `~/.ncloud/configure`.
/// 3. Last, only when enabled (the builder, `NCLOUD_USE_SERVER_ROLE=true` or the profile's
///    `ncloud_use_server_role = true`), the server role from the metadata service.
///
/// The API key comes with the access keys: `NCLOUD_API_KEY` never joins a profile's keys. When it
/// is set but the keys come from a profile with another (or no) `ncloud_api_key`, the load fails
/// and says so.
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
    env: Env,
    profile: ProfileFileProvider,
    server_role: bool,
    time: Arc<dyn TimeSource>,
}

/// What enabled the server role, which also says where its API key comes from.
enum RoleSwitch {
    Builder,
    Environment,
    Profile,
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

    /// The environment the chain reads.
    #[cfg(feature = "client")]
    pub(crate) fn env(&self) -> &Env {
        &self.env
    }

    /// The profile the keys will come from, whose other settings (the site) go with them: the
    /// chosen profile, or `[DEFAULT]` when the environment has no keys.
    #[cfg(feature = "client")]
    pub(crate) fn profile_with_the_keys(&self) -> Option<&ProfileFileProvider> {
        let chosen = self
            .profile
            .chosen_profile()
            .is_ok_and(|(_, chosen)| chosen);
        let env_keys = EnvironmentProvider::reading(self.env.clone())
            .load()
            .is_ok();
        (chosen || !env_keys).then_some(&self.profile)
    }

    async fn load(&self) -> Result<Credentials, CredentialsError> {
        let (name, chosen) = self.profile.chosen_profile()?;
        let mut looked = Vec::new();
        if !chosen {
            match EnvironmentProvider::reading(self.env.clone()).load() {
                Err(CredentialsError::NotFound { looked: where_ }) => looked.push(where_),
                other => return other,
            }
        }
        let profile = self.profile.read()?;
        match &profile {
            None => {
                let missing = match self.profile.file_path() {
                    Some(path) => format!("profile file: {} does not exist", path.display()),
                    None => "profile file: no home directory (HOME is not set)".to_owned(),
                };
                if chosen {
                    return Err(CredentialsError::invalid(format!(
                        "the profile [{name}] was chosen, but {missing}"
                    )));
                }
                looked.push(missing);
            }
            Some(profile) => match profile.require() {
                Err(CredentialsError::NotFound { looked: where_ }) => looked.push(where_),
                Err(other) => return Err(other),
                Ok(()) => {
                    if let Some(credentials) = profile.credentials()? {
                        self.check_api_key_source(profile, &credentials)?;
                        return Ok(credentials);
                    }
                    if self.role_switch(Some(profile))?.is_none() {
                        return Err(profile.missing_key(ACCESS_KEY_KEY));
                    }
                }
            },
        }
        let Some(switch) = self.role_switch(profile.as_ref())? else {
            looked.push(format!(
                "server role: not enabled ({USE_SERVER_ROLE_VAR}=true enables it)"
            ));
            return Err(CredentialsError::not_found(looked.join("; ")));
        };
        let credentials = self.server_role().await?;
        let api_key = match switch {
            RoleSwitch::Builder => None,
            RoleSwitch::Environment => self.env.get_non_blank(API_KEY_VAR)?,
            RoleSwitch::Profile => profile
                .as_ref()
                .and_then(|p| p.get(API_KEY_KEY))
                .map(str::to_owned),
        };
        Ok(match api_key {
            Some(api_key) => credentials.with_api_key(api_key),
            None => credentials,
        })
    }

    /// `NCLOUD_API_KEY` belongs to the environment's keys: refuse to guess when a profile's keys
    /// are used with a different one set.
    fn check_api_key_source(
        &self,
        profile: &LoadedProfile,
        credentials: &Credentials,
    ) -> Result<(), CredentialsError> {
        match self.env.get_non_blank(API_KEY_VAR)? {
            Some(env_key) if Some(env_key.as_str()) != credentials.api_key() => {
                Err(CredentialsError::invalid(format!(
                    "{API_KEY_VAR} is set, but the access keys come from the profile {}, which has \
                     {} `{API_KEY_KEY}`; an API key is only used with the access keys it comes \
                     with: put it in that profile as `{API_KEY_KEY}`, or unset {API_KEY_VAR}",
                    profile.name(),
                    if credentials.api_key().is_some() {
                        "another"
                    } else {
                        "no"
                    }
                )))
            }
            _ => Ok(()),
        }
    }

    /// Whether the server role is enabled, and by what.
    fn role_switch(
        &self,
        profile: Option<&LoadedProfile>,
    ) -> Result<Option<RoleSwitch>, CredentialsError> {
        if self.server_role {
            return Ok(Some(RoleSwitch::Builder));
        }
        if let Some(value) = self.env.get_non_blank(USE_SERVER_ROLE_VAR)?
            && parse_switch(&value, USE_SERVER_ROLE_VAR)?
        {
            return Ok(Some(RoleSwitch::Environment));
        }
        if let Some(profile) = profile
            && let Some(value) = profile.get(USE_SERVER_ROLE_KEY)
            && parse_switch(value, &profile.describe(USE_SERVER_ROLE_KEY))?
        {
            return Ok(Some(RoleSwitch::Profile));
        }
        Ok(None)
    }

    #[cfg(feature = "client")]
    async fn server_role(&self) -> Result<Credentials, CredentialsError> {
        super::ServerRoleProvider::reading(&self.env)?
            .time_source(self.time.clone())
            .provide_credentials()
            .await
    }

    #[cfg(not(feature = "client"))]
    async fn server_role(&self) -> Result<Credentials, CredentialsError> {
        let _ = &self.time;
        Err(CredentialsError::invalid(
            "the server role needs ncloud-core's `client` feature (an HTTP client)",
        ))
    }
}

fn parse_switch(value: &str, from: &str) -> Result<bool, CredentialsError> {
    if value.eq_ignore_ascii_case("true") {
        Ok(true)
    } else if value.eq_ignore_ascii_case("false") {
        Ok(false)
    } else {
        Err(CredentialsError::invalid(format!(
            "{from} must be true or false, not {value:?}"
        )))
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
        self.load().await
    }
}

/// Builds a [`DefaultCredentialsChain`].
#[derive(Debug, Clone, Default)]
pub struct DefaultCredentialsChainBuilder {
    env: Option<Env>,
    fs: Option<Fs>,
    profile: Option<String>,
    server_role: bool,
    time: Option<Arc<dyn TimeSource>>,
}

impl DefaultCredentialsChainBuilder {
    /// Uses this profile of the profile file (else `NCLOUD_PROFILE`, else `[DEFAULT]`). A profile
    /// chosen by name gives the keys or the load fails.
    pub fn profile(mut self, name: impl Into<String>) -> Self {
        self.profile = Some(name.into());
        self
    }

    /// Reads this environment instead of the process's (for tests).
    #[cfg(feature = "test-util")]
    pub fn env(mut self, env: Env) -> Self {
        self.env = Some(env);
        self
    }

    /// Reads this file system instead of the real one (for tests).
    #[cfg(feature = "test-util")]
    pub fn fs(mut self, fs: Fs) -> Self {
        self.fs = Some(fs);
        self
    }

    /// Tries the server role last even when neither the environment nor the profile enables it.
    pub fn server_role(mut self, enabled: bool) -> Self {
        self.server_role = enabled;
        self
    }

    /// The clock that decides whether a server role's answer already expired.
    pub fn time_source(mut self, time: Arc<dyn TimeSource>) -> Self {
        self.time = Some(time);
        self
    }

    /// The chain.
    pub fn build(self) -> DefaultCredentialsChain {
        let env = self.env.unwrap_or_else(Env::real);
        let mut profile =
            ProfileFileProvider::reading(env.clone(), self.fs.unwrap_or_else(Fs::real));
        if let Some(name) = self.profile {
            profile = profile.profile(name);
        }
        DefaultCredentialsChain {
            env,
            profile,
            server_role: self.server_role,
            time: self.time.unwrap_or_else(|| Arc::new(SystemTimeSource)),
        }
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
    async fn api_key_from_env_never_joins_a_profile_s_keys() {
        let err = chain(&[("NCLOUD_API_KEY", "API-env")], &[(FILE, CONTENTS)])
            .provide_credentials()
            .await
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid NCP credentials configuration: NCLOUD_API_KEY is set, but the access keys \
             come from the profile [DEFAULT] of /home/me/.ncloud/configure, which has no \
             `ncloud_api_key`; an API key is only used with the access keys it comes with: put it \
             in that profile as `ncloud_api_key`, or unset NCLOUD_API_KEY"
        );
        // The same key in both places is no conflict.
        let with_key = format!("{CONTENTS}ncloud_api_key = API-same\n");
        let c = chain(&[("NCLOUD_API_KEY", "API-same")], &[(FILE, &with_key)])
            .provide_credentials()
            .await
            .unwrap();
        assert_eq!((c.access_key(), c.api_key()), ("AK-file", Some("API-same")));
    }

    #[tokio::test]
    async fn a_chosen_profile_wins_over_the_environment_or_fails() {
        let env = [
            ("NCLOUD_ACCESS_KEY_ID", "AK-env"),
            ("NCLOUD_SECRET_ACCESS_KEY", "SK-env"),
        ];
        let dev = "[dev]\nncloud_access_key_id = AK-dev\nncloud_secret_access_key = SK-dev\n";
        let c = DefaultCredentialsChain::builder()
            .env(Env::from_slice(
                &[&env[..], &[("HOME", "/home/me")]].concat(),
            ))
            .fs(Fs::from_slice(&[(FILE, dev)]))
            .profile("dev")
            .build()
            .provide_credentials()
            .await
            .unwrap();
        assert_eq!(c.access_key(), "AK-dev");
        let by_env = [&env[..], &[("NCLOUD_PROFILE", "dev")]].concat();
        let c = chain(&by_env, &[(FILE, dev)])
            .provide_credentials()
            .await
            .unwrap();
        assert_eq!(c.access_key(), "AK-dev");
        let by_env = [&env[..], &[("NCLOUD_PROFILE", "nonexistent")]].concat();
        let err = chain(&by_env, &[(FILE, dev)])
            .provide_credentials()
            .await
            .unwrap_err();
        assert!(
            err.to_string()
                .contains("has no [nonexistent] profile (profiles there: dev)"),
            "{err}"
        );
        let err = chain(&by_env, &[]).provide_credentials().await.unwrap_err();
        assert!(
            err.to_string().contains(
                "the profile [nonexistent] was chosen, but profile file: \
                 /home/me/.ncloud/configure does not exist"
            ),
            "{err}"
        );
        // Blank is unset: the environment's keys.
        let by_env = [&env[..], &[("NCLOUD_PROFILE", "  ")]].concat();
        let c = chain(&by_env, &[(FILE, dev)])
            .provide_credentials()
            .await
            .unwrap();
        assert_eq!(c.access_key(), "AK-env");
    }

    #[cfg(unix)]
    #[tokio::test]
    async fn a_non_utf8_variable_is_an_error_not_a_missing_value() {
        use std::os::unix::ffi::OsStrExt;
        let env = Env::from_os_slice(&[
            ("HOME", std::ffi::OsStr::new("/home/me")),
            (
                "NCLOUD_ACCESS_KEY_ID",
                std::ffi::OsStr::from_bytes(b"AK\xff"),
            ),
            ("NCLOUD_SECRET_ACCESS_KEY", std::ffi::OsStr::new("SK")),
        ]);
        let err = DefaultCredentialsChain::builder()
            .env(env)
            .fs(Fs::from_slice(&[(FILE, CONTENTS)]))
            .build()
            .provide_credentials()
            .await
            .unwrap_err();
        assert!(
            err.to_string()
                .ends_with("NCLOUD_ACCESS_KEY_ID is not valid UTF-8"),
            "{err}"
        );
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
        assert!(message.contains("NCLOUD_USE_SERVER_ROLE=true"), "{message}");
    }

    #[tokio::test]
    async fn the_server_role_switch_must_be_true_or_false() {
        let err = chain(&[("NCLOUD_USE_SERVER_ROLE", "yes")], &[])
            .provide_credentials()
            .await
            .unwrap_err();
        assert!(
            err.to_string()
                .ends_with("NCLOUD_USE_SERVER_ROLE must be true or false, not \"yes\""),
            "{err}"
        );
        let off = "[DEFAULT]\nncloud_use_server_role = false\n";
        let err = chain(&[], &[(FILE, off)])
            .provide_credentials()
            .await
            .unwrap_err();
        assert!(
            err.to_string().contains("has no `ncloud_access_key_id`"),
            "{err}"
        );
    }

    #[test]
    fn debug_names_the_providers_only() {
        let chain = CredentialsProviderChain::first_try("environment", EnvironmentProvider::new())
            .or_else("static", Credentials::new("AK", "SECRET"));
        assert_eq!(
            format!("{chain:?}"),
            r#"CredentialsProviderChain { providers: ["environment", "static"] }"#
        );
    }
}
