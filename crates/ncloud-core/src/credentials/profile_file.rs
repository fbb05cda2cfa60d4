use std::collections::BTreeMap;
use std::path::Path;

use super::CredentialsError;

/// A parsed `~/.ncloud/configure`: INI sections (`[DEFAULT]`, `[my-profile]`) of `key = value` lines.
///
/// Unlike the parser of NCP's Go SDK, values may contain `=` (only the first `=` splits) and every
/// section is kept. Blank lines and lines starting with `#` or `;` are ignored. Keys are
/// case-insensitive; a later key overrides an earlier one.
///
/// ```
/// use std::path::Path;
/// use ncloud_core::credentials::ProfileFile;
///
/// let file = ProfileFile::parse(
///     Path::new("configure"),
///     "[DEFAULT]\nncloud_access_key_id = AKID\nncloud_secret_access_key = abc==\n",
/// )
/// .unwrap();
/// assert_eq!(file.get("DEFAULT", "ncloud_secret_access_key"), Some("abc=="));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProfileFile {
    profiles: BTreeMap<String, BTreeMap<String, String>>,
}

impl ProfileFile {
    /// Parses the contents of the file at `path` (the path only names the file in errors).
    pub fn parse(path: &Path, contents: &str) -> Result<Self, CredentialsError> {
        let mut profiles: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
        let mut current: Option<String> = None;
        for (index, raw) in contents.lines().enumerate() {
            let error = |message: &str| CredentialsError::MalformedProfileFile {
                path: path.to_path_buf(),
                line: index + 1,
                message: message.to_owned(),
            };
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
                continue;
            }
            if let Some(header) = line.strip_prefix('[') {
                let name = header
                    .strip_suffix(']')
                    .ok_or_else(|| error("a section header must end with `]`"))?
                    .trim();
                if name.is_empty() {
                    return Err(error("empty profile name in `[]`"));
                }
                profiles.entry(name.to_owned()).or_default();
                current = Some(name.to_owned());
                continue;
            }
            let (key, value) = line.split_once('=').ok_or_else(|| {
                error("expected `key = value`, a `[profile]` header or a `#` comment")
            })?;
            let key = key.trim().to_ascii_lowercase();
            if key.is_empty() {
                return Err(error("missing key before `=`"));
            }
            let profile = current.as_ref().ok_or_else(|| {
                error("a key must follow a `[profile]` header such as `[DEFAULT]`")
            })?;
            profiles
                .entry(profile.clone())
                .or_default()
                .insert(key, value.trim().to_owned());
        }
        Ok(Self { profiles })
    }

    /// The value of `key` in `profile`, if present and not blank.
    pub fn get(&self, profile: &str, key: &str) -> Option<&str> {
        self.profiles
            .get(profile)?
            .get(&key.to_ascii_lowercase())
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }

    /// True when the file has a `[profile]` section.
    pub fn has_profile(&self, profile: &str) -> bool {
        self.profiles.contains_key(profile)
    }

    /// The profile names, sorted.
    pub fn profile_names(&self) -> impl Iterator<Item = &str> {
        self.profiles.keys().map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(contents: &str) -> Result<ProfileFile, CredentialsError> {
        ProfileFile::parse(Path::new("/home/me/.ncloud/configure"), contents)
    }

    #[test]
    fn sections_comments_and_equals_in_values() {
        let file = parse(
            "# written by ncloud configure\n\n[DEFAULT]\nncloud_access_key_id = AK1\n\
             ncloud_secret_access_key=se=cr=et==\n; other comment\n  [dev]  \n\
             NCLOUD_ACCESS_KEY_ID =  AK2  \nncloud_api_url = https://ncloud.apigw.ntruss.com\n",
        )
        .unwrap();
        assert_eq!(file.get("DEFAULT", "ncloud_access_key_id"), Some("AK1"));
        assert_eq!(
            file.get("DEFAULT", "ncloud_secret_access_key"),
            Some("se=cr=et==")
        );
        assert_eq!(file.get("dev", "ncloud_access_key_id"), Some("AK2"));
        assert_eq!(file.get("dev", "ncloud_secret_access_key"), None);
        assert_eq!(file.profile_names().collect::<Vec<_>>(), ["DEFAULT", "dev"]);
    }

    #[test]
    fn malformed_lines_name_file_and_line() {
        let err = parse("[DEFAULT]\nncloud_access_key_id = a\nthis line is wrong\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "/home/me/.ncloud/configure:3: expected `key = value`, a `[profile]` header or a `#` comment"
        );
        let err = parse("\n[DEFAULT\n").unwrap_err();
        assert!(
            matches!(err, CredentialsError::MalformedProfileFile { line: 2, .. }),
            "{err}"
        );
        let err = parse("key = value\n").unwrap_err();
        assert!(
            matches!(err, CredentialsError::MalformedProfileFile { line: 1, .. }),
            "{err}"
        );
        let err = parse("[DEFAULT]\n = value\n").unwrap_err();
        assert!(
            matches!(err, CredentialsError::MalformedProfileFile { line: 2, .. }),
            "{err}"
        );
        let err = parse("[ ]\n").unwrap_err();
        assert!(
            matches!(err, CredentialsError::MalformedProfileFile { line: 1, .. }),
            "{err}"
        );
    }

    #[test]
    fn errors_never_quote_the_line() {
        let err = parse("[DEFAULT]\nsecretvaluewithoutequals\n").unwrap_err();
        assert!(!err.to_string().contains("secretvalue"), "{err}");
    }
}
