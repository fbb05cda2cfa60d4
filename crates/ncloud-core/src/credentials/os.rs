//! Injectable views of the process environment and the file system, so providers can be tested
//! without touching the real ones (`std::env::set_var` is `unsafe` in edition 2024).

use std::collections::HashMap;
use std::ffi::{OsStr, OsString};
use std::fmt;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::CredentialsError;

/// The largest profile file read: far above any real one, far below what hurts.
pub const MAX_PROFILE_FILE_SIZE: u64 = 1024 * 1024;

/// The environment variables a provider reads: the real process environment or a fixed map.
///
/// `Debug` shows the variable names of a fixed map, never their values.
///
/// ```
/// use ncloud_core::credentials::Env;
///
/// let env = Env::from_slice(&[("NCLOUD_PROFILE", " dev "), ("NCLOUD_SITE", "  ")]);
/// assert_eq!(env.get("NCLOUD_PROFILE").as_deref(), Some(" dev "));
/// assert_eq!(env.get_non_blank("NCLOUD_PROFILE").unwrap().as_deref(), Some("dev"));
/// assert_eq!(env.get_non_blank("NCLOUD_SITE").unwrap(), None); // blank is unset
/// assert_eq!(env.get("HOME"), None);
/// ```
#[derive(Clone, Default)]
pub struct Env(Option<Arc<HashMap<String, OsString>>>);

impl Env {
    /// The process environment.
    pub fn real() -> Self {
        Self(None)
    }

    /// A fixed environment, for tests.
    pub fn from_slice(vars: &[(&str, &str)]) -> Self {
        Self::from_os_slice(
            &vars
                .iter()
                .map(|(k, v)| (*k, OsStr::new(*v)))
                .collect::<Vec<_>>(),
        )
    }

    /// A fixed environment whose values need not be Unicode, for tests.
    pub fn from_os_slice(vars: &[(&str, &OsStr)]) -> Self {
        let map = vars
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        Self(Some(Arc::new(map)))
    }

    fn get_os(&self, key: &str) -> Option<OsString> {
        match &self.0 {
            None => std::env::var_os(key),
            Some(map) => map.get(key).cloned(),
        }
    }

    /// The value of `key`, if set and valid Unicode.
    pub fn get(&self, key: &str) -> Option<String> {
        self.get_os(key)?.into_string().ok()
    }

    /// The value of `key`, trimmed, when set to something other than blanks; an error naming the
    /// variable when its value is not valid UTF-8 (it is set, so it is not reported as missing).
    pub fn get_non_blank(&self, key: &str) -> Result<Option<String>, CredentialsError> {
        let Some(value) = self.get_os(key) else {
            return Ok(None);
        };
        let value = value
            .into_string()
            .map_err(|_| CredentialsError::invalid(format!("{key} is not valid UTF-8")))?;
        let trimmed = value.trim();
        Ok((!trimmed.is_empty()).then(|| trimmed.to_owned()))
    }

    /// The user's home directory (`HOME`, or `USERPROFILE` on Windows); any bytes a path can hold.
    pub fn home_dir(&self) -> Option<PathBuf> {
        ["HOME", "USERPROFILE"]
            .iter()
            .filter_map(|key| self.get_os(key))
            .find(|value| !value.to_string_lossy().trim().is_empty())
            .map(PathBuf::from)
    }
}

impl fmt::Debug for Env {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        debug_keys(f, "Env", "process", self.0.as_deref())
    }
}

/// `Name(real)`, or `Name([sorted keys])` of a fixed map: never its values.
fn debug_keys<K: fmt::Debug + Ord, V>(
    f: &mut fmt::Formatter<'_>,
    name: &str,
    real: &str,
    map: Option<&HashMap<K, V>>,
) -> fmt::Result {
    match map {
        None => write!(f, "{name}({real})"),
        Some(map) => {
            let mut keys: Vec<_> = map.keys().collect();
            keys.sort();
            f.debug_tuple(name).field(&keys).finish()
        }
    }
}

/// The files a provider reads: the real file system or a fixed set of files.
///
/// Real files are read only when they are regular files (never a FIFO, a device or a directory,
/// which could block or never end) of at most [`MAX_PROFILE_FILE_SIZE`] bytes. `Debug` shows the
/// paths of a fixed set, never the contents.
///
/// ```
/// use ncloud_core::credentials::Fs;
///
/// let fs = Fs::from_slice(&[("/home/me/.ncloud/configure", "[DEFAULT]\n")]);
/// assert!(fs.read_to_string("/home/me/.ncloud/configure").unwrap().is_some());
/// assert!(fs.read_to_string("/elsewhere").unwrap().is_none());
/// assert!(!format!("{fs:?}").contains("DEFAULT"));
/// ```
#[derive(Clone, Default)]
pub struct Fs(Option<Arc<HashMap<PathBuf, String>>>);

/// A file's text and, on Unix, its permission bits.
pub(crate) struct FileText {
    pub(crate) contents: String,
    pub(crate) mode: Option<u32>,
}

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
        Ok(self.read(path.as_ref())?.map(|file| file.contents))
    }

    pub(crate) fn read(&self, path: &Path) -> io::Result<Option<FileText>> {
        match &self.0 {
            Some(map) => Ok(map.get(path).map(|contents| FileText {
                contents: contents.clone(),
                mode: None,
            })),
            None => match read_profile_file(path) {
                Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
                other => other.map(Some),
            },
        }
    }
}

impl fmt::Debug for Fs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        debug_keys(f, "Fs", "real", self.0.as_deref())
    }
}

/// The profile file's text and mode, by [`read_regular_file`].
fn read_profile_file(path: &Path) -> io::Result<FileText> {
    let (bytes, metadata) = read_limited(path, MAX_PROFILE_FILE_SIZE, "a profile file")?;
    let contents = String::from_utf8(bytes)
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "not valid UTF-8 text"))?;
    Ok(FileText {
        contents,
        mode: mode_of(&metadata),
    })
}

/// The bytes of the file at `path` when it is a regular file of at most `limit` bytes: opened
/// without blocking (a FIFO would wait for a writer), refused when it is anything else (a FIFO, a
/// device such as `/dev/zero`, a directory: they could block or never end), and read to at most
/// one byte more than the limit, so a file that grows while it is read is still caught. `what`
/// names the file in the error (`a profile file`, `an SSH public key`).
///
/// The profile reader's own rule, shared with `ncloud` for every file it reads (plumbing, not a
/// stable API).
///
/// ```
/// use ncloud_core::__private::read_regular_file;
///
/// let err = read_regular_file("/dev/zero".as_ref(), 4096, "an SSH public key").unwrap_err();
/// # #[cfg(unix)]
/// assert_eq!(err.to_string(), "not a regular file (a device)");
/// ```
#[doc(hidden)]
pub fn read_regular_file(path: &Path, limit: u64, what: &str) -> io::Result<Vec<u8>> {
    read_limited(path, limit, what).map(|(bytes, _)| bytes)
}

fn read_limited(path: &Path, limit: u64, what: &str) -> io::Result<(Vec<u8>, std::fs::Metadata)> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path)?;
    let metadata = file.metadata()?;
    if !metadata.is_file() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("not a regular file (a {})", kind_of(&metadata)),
        ));
    }
    let too_large = || {
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!("larger than {limit} bytes, too large for {what}"),
        )
    };
    if metadata.len() > limit {
        return Err(too_large());
    }
    let mut bytes = Vec::with_capacity(usize::try_from(metadata.len()).unwrap_or(0));
    file.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(too_large());
    }
    Ok((bytes, metadata))
}

fn kind_of(metadata: &std::fs::Metadata) -> &'static str {
    let file_type = metadata.file_type();
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "FIFO";
        }
        if file_type.is_char_device() || file_type.is_block_device() {
            return "device";
        }
        if file_type.is_socket() {
            return "socket";
        }
    }
    if file_type.is_dir() {
        "directory"
    } else {
        "special file"
    }
}

#[cfg(unix)]
fn mode_of(metadata: &std::fs::Metadata) -> Option<u32> {
    use std::os::unix::fs::PermissionsExt;
    Some(metadata.permissions().mode() & 0o7777)
}

#[cfg(not(unix))]
fn mode_of(_: &std::fs::Metadata) -> Option<u32> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn non_utf8_values_are_reported_not_missing() {
        use std::os::unix::ffi::OsStrExt;
        let env = Env::from_os_slice(&[("NCLOUD_PROFILE", OsStr::from_bytes(b"d\xffv"))]);
        let err = env.get_non_blank("NCLOUD_PROFILE").unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid NCP credentials configuration: NCLOUD_PROFILE is not valid UTF-8"
        );
        assert_eq!(env.get_non_blank("NCLOUD_SITE").unwrap(), None);
    }

    #[test]
    fn debug_shows_names_never_values() {
        let env = Env::from_slice(&[("NCLOUD_SECRET_ACCESS_KEY", "s3cr3t")]);
        assert_eq!(format!("{env:?}"), r#"Env(["NCLOUD_SECRET_ACCESS_KEY"])"#);
        let fs = Fs::from_slice(&[("/c", "ncloud_secret_access_key = s3cr3t")]);
        assert_eq!(format!("{fs:?}"), r#"Fs(["/c"])"#);
    }

    #[test]
    fn home_is_read_as_a_path() {
        let env = Env::from_slice(&[("HOME", " "), ("USERPROFILE", "C:\\Users\\me")]);
        assert_eq!(env.home_dir(), Some(PathBuf::from("C:\\Users\\me")));
        assert_eq!(Env::from_slice(&[]).home_dir(), None);
    }

    #[test]
    fn real_files_are_read_with_their_mode() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("configure");
        std::fs::write(&path, "[DEFAULT]\n").unwrap();
        let file = Fs::real().read(&path).unwrap().unwrap();
        assert_eq!(file.contents, "[DEFAULT]\n");
        assert_eq!(file.mode.is_some(), cfg!(unix));
        assert!(
            Fs::real()
                .read(&dir.path().join("absent"))
                .unwrap()
                .is_none()
        );
    }

    #[test]
    fn directories_and_large_files_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let err = Fs::real().read(dir.path()).err().unwrap();
        // Windows cannot open a directory at all; elsewhere it is refused as one.
        if cfg!(unix) {
            assert_eq!(err.to_string(), "not a regular file (a directory)");
        }
        let path = dir.path().join("big");
        std::fs::write(&path, vec![b'#'; MAX_PROFILE_FILE_SIZE as usize + 1]).unwrap();
        let err = Fs::real().read(&path).err().unwrap();
        assert!(err.to_string().contains("too large"), "{err}");
        std::fs::write(&path, b"[DEFAULT]\n\xff\n").unwrap();
        let err = Fs::real().read(&path).err().unwrap();
        assert_eq!(err.to_string(), "not valid UTF-8 text");
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_or_a_device_is_refused_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("configure");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .expect("mkfifo runs");
        assert!(made.success());
        // Nobody ever writes to the FIFO: a blocking open would hang this test.
        let err = Fs::real().read(&fifo).err().unwrap();
        assert_eq!(err.to_string(), "not a regular file (a FIFO)");
        let link = dir.path().join("zero");
        std::os::unix::fs::symlink("/dev/zero", &link).unwrap();
        let err = Fs::real().read(&link).err().unwrap();
        assert_eq!(err.to_string(), "not a regular file (a device)");
    }
}
