use async_trait::async_trait;

use super::{Credentials, CredentialsError, Env, ProvideCredentials};
use crate::settings::{ACCESS_KEY_VARS, API_KEY_VAR, SECRET_KEY_VARS};

/// Credentials from `NCLOUD_ACCESS_KEY_ID` (or `NCLOUD_ACCESS_KEY`), `NCLOUD_SECRET_ACCESS_KEY` (or
/// `NCLOUD_SECRET_KEY`) and, optionally, `NCLOUD_API_KEY`. A blank value counts as absent.
///
/// ```
/// use ncloud_core::ProvideCredentials;
/// use ncloud_core::credentials::{Env, EnvironmentProvider};
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let env = Env::from_slice(&[("NCLOUD_ACCESS_KEY_ID", "AKID"), ("NCLOUD_SECRET_KEY", "secret")]);
/// let credentials = EnvironmentProvider::with_env(env).provide_credentials().await.unwrap();
/// assert_eq!(credentials.access_key(), "AKID");
/// assert_eq!(credentials.api_key(), None);
/// # }
/// ```
#[derive(Debug, Clone, Default)]
pub struct EnvironmentProvider {
    env: Env,
}

impl EnvironmentProvider {
    /// Reads the process environment.
    pub fn new() -> Self {
        Self::reading(Env::real())
    }

    /// Reads the given environment (for tests).
    #[cfg(feature = "test-util")]
    pub fn with_env(env: Env) -> Self {
        Self::reading(env)
    }

    pub(crate) fn reading(env: Env) -> Self {
        Self { env }
    }

    fn first(&self, names: &[&str]) -> Result<Option<String>, CredentialsError> {
        for name in names {
            if let Some(value) = self.env.get_non_blank(name)? {
                return Ok(Some(value));
            }
        }
        Ok(None)
    }

    pub(crate) fn load(&self) -> Result<Credentials, CredentialsError> {
        let access_key = self.first(&ACCESS_KEY_VARS)?;
        let secret_key = self.first(&SECRET_KEY_VARS)?;
        let credentials = match (access_key, secret_key) {
            (Some(access), Some(secret)) => Credentials::new(access, secret),
            (None, None) => {
                return Err(CredentialsError::not_found(
                    "environment: NCLOUD_ACCESS_KEY_ID / NCLOUD_ACCESS_KEY not set",
                ));
            }
            (Some(_), None) => {
                return Err(CredentialsError::invalid(
                    "the access key is set in the environment but NCLOUD_SECRET_ACCESS_KEY \
                     (or NCLOUD_SECRET_KEY) is not",
                ));
            }
            (None, Some(_)) => {
                return Err(CredentialsError::invalid(
                    "the secret key is set in the environment but NCLOUD_ACCESS_KEY_ID \
                     (or NCLOUD_ACCESS_KEY) is not",
                ));
            }
        };
        Ok(match self.env.get_non_blank(API_KEY_VAR)? {
            Some(api_key) => credentials.with_api_key(api_key),
            None => credentials,
        })
    }
}

#[async_trait]
impl ProvideCredentials for EnvironmentProvider {
    async fn provide_credentials(&self) -> Result<Credentials, CredentialsError> {
        self.load()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(vars: &[(&str, &str)]) -> Result<Credentials, CredentialsError> {
        EnvironmentProvider::with_env(Env::from_slice(vars)).load()
    }

    #[test]
    fn official_names_win_over_fallbacks() {
        let c = load(&[
            ("NCLOUD_ACCESS_KEY_ID", "new-ak"),
            ("NCLOUD_ACCESS_KEY", "old-ak"),
            ("NCLOUD_SECRET_ACCESS_KEY", "new-sk"),
            ("NCLOUD_SECRET_KEY", "old-sk"),
            ("NCLOUD_API_KEY", "api"),
        ])
        .unwrap();
        assert_eq!(
            (c.access_key(), c.secret_key(), c.api_key()),
            ("new-ak", "new-sk", Some("api"))
        );
    }

    #[test]
    fn fallback_names_are_read() {
        let c = load(&[
            ("NCLOUD_ACCESS_KEY", "old-ak"),
            ("NCLOUD_SECRET_KEY", "old-sk"),
        ])
        .unwrap();
        assert_eq!(
            (c.access_key(), c.secret_key(), c.api_key()),
            ("old-ak", "old-sk", None)
        );
    }

    #[test]
    fn blank_values_count_as_absent() {
        let c = load(&[
            ("NCLOUD_ACCESS_KEY_ID", "  "),
            ("NCLOUD_ACCESS_KEY", "old-ak"),
            ("NCLOUD_SECRET_ACCESS_KEY", ""),
            ("NCLOUD_SECRET_KEY", "old-sk"),
            ("NCLOUD_API_KEY", " "),
        ])
        .unwrap();
        assert_eq!(
            (c.access_key(), c.secret_key(), c.api_key()),
            ("old-ak", "old-sk", None)
        );
        assert!(
            load(&[("NCLOUD_ACCESS_KEY_ID", ""), ("NCLOUD_SECRET_KEY", " ")])
                .unwrap_err()
                .is_not_found()
        );
    }

    #[test]
    fn nothing_set_is_not_found_and_half_set_is_invalid() {
        let err = load(&[]).unwrap_err();
        assert!(err.is_not_found());
        assert!(err.to_string().contains("NCLOUD_ACCESS_KEY_ID"), "{err}");
        let err = load(&[("NCLOUD_ACCESS_KEY_ID", "ak")]).unwrap_err();
        assert!(
            matches!(err, CredentialsError::InvalidConfiguration { .. }),
            "{err:?}"
        );
        let err = load(&[("NCLOUD_SECRET_KEY", "sk")]).unwrap_err();
        assert!(
            matches!(err, CredentialsError::InvalidConfiguration { .. }),
            "{err:?}"
        );
    }
}
