//! Injectable views of the process environment and the file system, so providers can be tested
//! without touching the real ones (`std::env::set_var` is `unsafe` in edition 2024).

use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The environment variables a provider reads: the real process environment or a fixed map.
///
/// ```
/// use ncloud_core::credentials::Env;
///
/// let env = Env::from_slice(&[("NCLOUD_PROFILE", "dev")]);
/// assert_eq!(env.get("NCLOUD_PROFILE").as_deref(), Some("dev"));
/// assert_eq!(env.get("HOME"), None);
/// ```
#[derive(Debug, Clone, Default)]
pub struct Env(Option<Arc<HashMap<String, String>>>);

impl Env {
    /// The process environment.
    pub fn real() -> Self {
        Self(None)
    }

    /// A fixed environment, for tests.
    pub fn from_slice(vars: &[(&str, &str)]) -> Self {
        let map = vars
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        Self(Some(Arc::new(map)))
    }

    /// The value of `key`, if set and valid Unicode.
    pub fn get(&self, key: &str) -> Option<String> {
        match &self.0 {
            None => std::env::var(key).ok(),
            Some(map) => map.get(key).cloned(),
        }
    }

    /// The value of `key` when set to something other than blanks, trimmed.
    pub fn get_non_blank(&self, key: &str) -> Option<String> {
        self.get(key)
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
    }

    /// The user's home directory (`HOME`, or `USERPROFILE` on Windows).
    pub fn home_dir(&self) -> Option<PathBuf> {
        self.get_non_blank("HOME")
            .or_else(|| self.get_non_blank("USERPROFILE"))
            .map(PathBuf::from)
    }
}

/// The files a provider reads: the real file system or a fixed set of files.
///
/// ```
/// use ncloud_core::credentials::Fs;
///
/// let fs = Fs::from_slice(&[("/home/me/.ncloud/configure", "[DEFAULT]\n")]);
/// assert!(fs.read_to_string("/home/me/.ncloud/configure").unwrap().is_some());
/// assert!(fs.read_to_string("/elsewhere").unwrap().is_none());
/// ```
#[derive(Debug, Clone, Default)]
pub struct Fs(Option<Arc<HashMap<PathBuf, String>>>);

impl Fs {
    /// The real file system.
    pub fn real() -> Self {
        Self(None)
    }

    /// A fixed set of files, for tests.
    pub fn from_slice(files: &[(&str, &str)]) -> Self {
        let map = files
            .iter()
            .map(|(p, c)| (PathBuf::from(p), (*c).to_owned()))
            .collect();
        Self(Some(Arc::new(map)))
    }

    /// The file's contents; `Ok(None)` when it does not exist.
    pub fn read_to_string(&self, path: impl AsRef<Path>) -> io::Result<Option<String>> {
        let path = path.as_ref();
        match &self.0 {
            Some(map) => Ok(map.get(path).cloned()),
            None => match std::fs::read_to_string(path) {
                Ok(contents) => Ok(Some(contents)),
                Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
                Err(e) => Err(e),
            },
        }
    }
}
