use std::path::PathBuf;

use async_trait::async_trait;

use super::{Credentials, CredentialsError, Env, Fs, ProfileFile, ProvideCredentials};
use crate::settings::{ACCESS_KEY_KEY, API_KEY_KEY, PROFILE_VAR, SECRET_KEY_KEY};

/// The profile chosen when neither an argument nor `NCLOUD_PROFILE` names one.
pub const DEFAULT_PROFILE: &str = "DEFAULT";

/// Credentials from the NCP CLI's file, `~/.ncloud/configure` (`%USERPROFILE%\.ncloud\configure` on
/// Windows).
///
/// The profile is the one given to [`profile`](Self::profile), else `NCLOUD_PROFILE`, else
/// `[DEFAULT]`. A missing file (or a missing `[DEFAULT]`) is "not found"; a profile named on purpose
/// but absent, a profile without keys, or a malformed file is an error.
///
/// ```
/// use ncloud_core::ProvideCredentials;
/// use ncloud_core::credentials::{Env, Fs, ProfileFileProvider};
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let provider = ProfileFileProvider::new()
///     .env(Env::from_slice(&[("HOME", "/home/me")]))
///     .fs(Fs::from_slice(&[(
///         "/home/me/.ncloud/configure",
///         "[work]\nncloud_access_key_id = AKID\nncloud_secret_access_key = secret\nncloud_api_key = k\n",
///     )]))
///     .profile("work");
/// let credentials = provider.provide_credentials().await.unwrap();
/// assert_eq!(credentials.api_key(), Some("k"));
/// # }
/// ```
#[derive(Debug, Clone, Default)]
pub struct ProfileFileProvider {
    env: Env,
    fs: Fs,
    profile: Option<String>,
    path: Option<PathBuf>,
}

impl ProfileFileProvider {
    /// Reads `~/.ncloud/configure` from the real environment and file system.
    pub fn new() -> Self {
        Self::default()
    }

    /// Uses this profile instead of `NCLOUD_PROFILE` or `[DEFAULT]`.
    pub fn profile(mut self, name: impl Into<String>) -> Self {
        self.profile = Some(name.into());
        self
    }

    /// Reads this file instead of `~/.ncloud/configure`.
    pub fn path(mut self, path: impl Into<PathBuf>) -> Self {
        self.path = Some(path.into());
        self
    }

    /// A provider over these views of the environment and the file system.
    pub(crate) fn reading(env: Env, fs: Fs) -> Self {
        Self {
            env,
            fs,
            ..Self::default()
        }
    }

    /// Reads `HOME` and `NCLOUD_PROFILE` from this environment (for tests).
    #[cfg(feature = "test-util")]
    pub fn env(mut self, env: Env) -> Self {
        self.env = env;
        self
    }

    /// Reads files from this file system (for tests).
    #[cfg(feature = "test-util")]
    pub fn fs(mut self, fs: Fs) -> Self {
        self.fs = fs;
        self
    }

    /// The file this provider reads, if a home directory is known.
    pub fn file_path(&self) -> Option<PathBuf> {
        self.path.clone().or_else(|| {
            self.env
                .home_dir()
                .map(|home| home.join(".ncloud").join("configure"))
        })
    }

    /// The profile this provider reads: the one given to [`profile`](Self::profile), else a
    /// non-blank `NCLOUD_PROFILE`, else `DEFAULT`. An error when `NCLOUD_PROFILE` is not UTF-8.
    pub fn profile_name(&self) -> Result<String, CredentialsError> {
        self.chosen_profile().map(|(name, _)| name)
    }

    /// The profile to read and whether someone chose it (an argument or `NCLOUD_PROFILE`) rather
    /// than falling back to `[DEFAULT]`. A blank `NCLOUD_PROFILE` counts as unset.
    pub(crate) fn chosen_profile(&self) -> Result<(String, bool), CredentialsError> {
        if let Some(name) = &self.profile {
            if name.trim().is_empty() {
                return Err(CredentialsError::invalid("the profile name is blank"));
            }
            return Ok((name.trim().to_owned(), true));
        }
        Ok(match self.env.get_non_blank(PROFILE_VAR)? {
            Some(name) => (name, true),
            None => (DEFAULT_PROFILE.to_owned(), false),
        })
    }

    /// The chosen profile of the file, read and checked once; `None` when there is no home
    /// directory or no file. Warnings (a file others can read, suspicious lines) go to `tracing`.
    pub(crate) fn read(&self) -> Result<Option<LoadedProfile>, CredentialsError> {
        let (name, chosen) = self.chosen_profile()?;
        let Some(path) = self.file_path() else {
            return Ok(None);
        };
        let Some(text) = self.fs.read(&path).map_err(|source| CredentialsError::Io {
            path: path.clone(),
            source,
        })?
        else {
            return Ok(None);
        };
        let file = ProfileFile::parse(&path, &text.contents)?;
        if let Some(mode) = text.mode.filter(|mode| mode & 0o077 != 0) {
            super::warn::once(format!(
                "{} can be read or changed by other users (mode {mode:04o}): run `chmod 600 {}`",
                path.display(),
                path.display()
            ));
        }
        for warning in file.warnings() {
            super::warn::once(warning.clone());
        }
        Ok(Some(LoadedProfile {
            file,
            path,
            name,
            chosen,
        }))
    }

    /// The whole profile file, parsed, or `None` when there is no home directory or no file.
    /// Warnings (a file others can read, suspicious lines) go to `tracing`, once per process.
    ///
    /// ```
    /// use ncloud_core::credentials::{Env, Fs, ProfileFileProvider};
    ///
    /// let provider = ProfileFileProvider::new()
    ///     .env(Env::from_slice(&[("HOME", "/home/me")]))
    ///     .fs(Fs::from_slice(&[("/home/me/.ncloud/configure", "[DEFAULT]\n[work]\n")]));
    /// let file = provider.read_file().unwrap().unwrap();
    /// assert_eq!(file.profile_names().collect::<Vec<_>>(), ["DEFAULT", "work"]);
    /// ```
    #[doc(hidden)] // plumbing for `ncloud configure` (see `ncloud_core::__private`)
    pub fn read_file(&self) -> Result<Option<ProfileFile>, CredentialsError> {
        Ok(self.read()?.map(|profile| profile.file))
    }

    fn load(&self) -> Result<Credentials, CredentialsError> {
        let Some(profile) = self.read()? else {
            return Err(CredentialsError::not_found(match self.file_path() {
                Some(path) => format!("profile file: {} does not exist", path.display()),
                None => "profile file: no home directory (HOME is not set)".to_owned(),
            }));
        };
        profile.require()?;
        profile
            .credentials()?
            .ok_or_else(|| profile.missing_key(ACCESS_KEY_KEY))
    }
}

/// One profile of a profile file that was read.
#[derive(Debug)]
pub(crate) struct LoadedProfile {
    file: ProfileFile,
    path: PathBuf,
    name: String,
    chosen: bool,
}

impl LoadedProfile {
    /// A value of this profile.
    pub(crate) fn get(&self, key: &str) -> Option<&str> {
        self.file.get(&self.name, key)
    }

    /// `key in [profile] of /path`, to say where a setting came from.
    pub(crate) fn describe(&self, key: &str) -> String {
        format!("`{key}` in [{}] of {}", self.name, self.path.display())
    }

    /// `[profile] of /path`.
    pub(crate) fn name(&self) -> String {
        format!("[{}] of {}", self.name, self.path.display())
    }

    /// "Not found" for a missing `[DEFAULT]`; an error for a profile chosen by name but absent.
    pub(crate) fn require(&self) -> Result<(), CredentialsError> {
        if self.file.has_profile(&self.name) {
            return Ok(());
        }
        let message = format!(
            "profile file: {} has no [{}] profile",
            self.path.display(),
            self.name
        );
        if !self.chosen {
            return Err(CredentialsError::not_found(message));
        }
        let names: Vec<_> = self.file.profile_names().collect();
        Err(CredentialsError::invalid(format!(
            "{message} (profiles there: {})",
            if names.is_empty() {
                "none".to_owned()
            } else {
                names.join(", ")
            }
        )))
    }

    /// The profile's keys with its API key; `None` when it has neither key, an error when it has
    /// only one of them.
    pub(crate) fn credentials(&self) -> Result<Option<Credentials>, CredentialsError> {
        let credentials = match (self.get(ACCESS_KEY_KEY), self.get(SECRET_KEY_KEY)) {
            (None, None) => return Ok(None),
            (Some(access), Some(secret)) => Credentials::new(access, secret),
            (None, Some(_)) => return Err(self.missing_key(ACCESS_KEY_KEY)),
            (Some(_), None) => return Err(self.missing_key(SECRET_KEY_KEY)),
        };
        Ok(Some(match self.get(API_KEY_KEY) {
            Some(api_key) => credentials.with_api_key(api_key),
            None => credentials,
        }))
    }

    pub(crate) fn missing_key(&self, key: &str) -> CredentialsError {
        CredentialsError::invalid(format!(
            "profile [{}] in {} has no `{key}`",
            self.name,
            self.path.display()
        ))
    }
}

#[async_trait]
impl ProvideCredentials for ProfileFileProvider {
    async fn provide_credentials(&self) -> Result<Credentials, CredentialsError> {
        self.load()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "/home/me/.ncloud/configure";
    const CONTENTS: &str = "[DEFAULT]\nncloud_access_key_id = AK-default\n\
        ncloud_secret_access_key = SK=default=\n\n[dev]\nncloud_access_key_id=AK-dev\n\
        ncloud_secret_access_key=SK-dev\nncloud_api_key=API-dev\n[broken]\nncloud_access_key_id=x\n";

    fn provider(env: &[(&str, &str)], files: &[(&str, &str)]) -> ProfileFileProvider {
        let mut vars = vec![("HOME", "/home/me")];
        vars.extend_from_slice(env);
        ProfileFileProvider::new()
            .env(Env::from_slice(&vars))
            .fs(Fs::from_slice(files))
    }

    #[test]
    fn default_profile_is_read() {
        let c = provider(&[], &[(FILE, CONTENTS)]).load().unwrap();
        assert_eq!(
            (c.access_key(), c.secret_key(), c.api_key()),
            ("AK-default", "SK=default=", None)
        );
    }

    #[test]
    fn profile_from_env_then_argument() {
        let c = provider(&[("NCLOUD_PROFILE", "dev")], &[(FILE, CONTENTS)])
            .load()
            .unwrap();
        assert_eq!((c.access_key(), c.api_key()), ("AK-dev", Some("API-dev")));
        let c = provider(&[("NCLOUD_PROFILE", "nope")], &[(FILE, CONTENTS)])
            .profile("DEFAULT")
            .load()
            .unwrap();
        assert_eq!(c.access_key(), "AK-default");
    }

    #[test]
    fn missing_file_or_default_is_not_found() {
        let err = provider(&[], &[]).load().unwrap_err();
        assert!(err.is_not_found(), "{err}");
        assert!(err.to_string().contains(FILE), "{err}");
        let err = provider(&[], &[(FILE, "[dev]\n")]).load().unwrap_err();
        assert!(err.is_not_found(), "{err}");
        // A blank NCLOUD_PROFILE is unset: [DEFAULT], which is absent, so "not found".
        let err = provider(&[("NCLOUD_PROFILE", " ")], &[(FILE, "[dev]\n")])
            .load()
            .unwrap_err();
        assert!(err.is_not_found(), "{err}");
        let err = ProfileFileProvider::new()
            .env(Env::from_slice(&[]))
            .load()
            .unwrap_err();
        assert!(err.is_not_found(), "{err}");
    }

    #[test]
    fn chosen_but_absent_or_incomplete_profile_is_an_error() {
        let err = provider(&[], &[(FILE, CONTENTS)])
            .profile("prod")
            .load()
            .unwrap_err();
        assert!(!err.is_not_found());
        assert!(
            err.to_string()
                .contains("profiles there: DEFAULT, broken, dev"),
            "{err}"
        );
        let err = provider(&[], &[(FILE, CONTENTS)])
            .profile("broken")
            .load()
            .unwrap_err();
        assert!(
            err.to_string().contains("ncloud_secret_access_key"),
            "{err}"
        );
    }

    #[test]
    fn malformed_file_is_an_error_naming_the_line() {
        let err = provider(&[], &[(FILE, "[DEFAULT]\nnot a pair\n")])
            .load()
            .unwrap_err();
        assert!(
            matches!(err, CredentialsError::MalformedProfileFile { line: 2, .. }),
            "{err:?}"
        );
    }

    #[test]
    fn explicit_path_wins() {
        let c = provider(&[], &[("/etc/ncp", CONTENTS)])
            .path("/etc/ncp")
            .load()
            .unwrap();
        assert_eq!(c.access_key(), "AK-default");
    }
}
