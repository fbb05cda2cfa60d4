use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use super::CredentialsError;

/// A parsed `~/.ncloud/configure`: INI sections (`[DEFAULT]`, `[my-profile]`) of `key = value` lines.
///
/// Unlike the parser of NCP's Go SDK, values may contain `=` (only the first `=` splits) and every
/// section is kept. A UTF-8 byte-order mark, blank lines and lines starting with `#` or `;` are
/// ignored. Keys are case-insensitive; a later key overrides an earlier one. Values are taken as
/// written: a value in quotes or followed by ` # text` keeps them, with a [warning](Self::warnings)
/// naming the line (the NCP CLI writes neither).
///
/// `Debug` shows profile and key names, never values.
///
/// ```
/// use std::path::Path;
/// use ncloud_core::__private::ProfileFile;
///
/// let file = ProfileFile::parse(
///     Path::new("configure"),
///     "[DEFAULT]\nncloud_access_key_id = AKID\nncloud_secret_access_key = abc==\n",
/// )
/// .unwrap();
/// assert_eq!(file.get("DEFAULT", "ncloud_secret_access_key"), Some("abc=="));
/// assert!(file.warnings().is_empty());
/// ```
#[derive(Clone, Default, PartialEq, Eq)]
pub struct ProfileFile {
    profiles: BTreeMap<String, BTreeMap<String, String>>,
    warnings: Vec<String>,
}

/// What one line of the file is.
enum Line<'a> {
    Skip,
    Section(&'a str),
    Pair { key: &'a str, value: &'a str },
}

fn classify(raw: &str) -> Result<Line<'_>, &'static str> {
    let line = raw.trim();
    if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
        return Ok(Line::Skip);
    }
    if let Some(header) = line.strip_prefix('[') {
        let name = header
            .strip_suffix(']')
            .ok_or("a section header must end with `]`")?
            .trim();
        if name.is_empty() {
            return Err("empty profile name in `[]`");
        }
        return Ok(Line::Section(name));
    }
    let (key, value) = line
        .split_once('=')
        .ok_or("expected `key = value`, a `[profile]` header or a `#` comment")?;
    let key = key.trim();
    if key.is_empty() {
        return Err("missing key before `=`");
    }
    Ok(Line::Pair {
        key,
        value: value.trim(),
    })
}

/// Why a value is probably not what its author meant, without quoting it (it may be a secret).
fn suspicion(value: &str) -> Option<&'static str> {
    let quoted = value.len() >= 2
        && ((value.starts_with('"') && value.ends_with('"'))
            || (value.starts_with('\'') && value.ends_with('\'')));
    if quoted {
        Some("is in quotes, which are kept as part of the value")
    } else if value.contains(" #") || value.contains("\t#") || value.contains(" ;") {
        Some("has ` #` or ` ;` in it, which is kept as part of the value, not read as a comment")
    } else {
        None
    }
}

/// `contents` without a leading UTF-8 byte-order mark, as Windows editors write one: the profile
/// reader's rule, shared with `ncloud` for the files it reads (plumbing, not a stable API).
#[doc(hidden)]
pub fn without_bom(contents: &str) -> &str {
    contents.strip_prefix('\u{feff}').unwrap_or(contents)
}

impl ProfileFile {
    /// Parses the contents of the file at `path` (the path only names the file in errors).
    pub fn parse(path: &Path, contents: &str) -> Result<Self, CredentialsError> {
        let mut file = Self::default();
        let mut current: Option<String> = None;
        for (index, raw) in without_bom(contents).lines().enumerate() {
            let at = |message: &str| format!("{}:{}: {message}", path.display(), index + 1);
            let line = classify(raw).map_err(|message| CredentialsError::MalformedProfileFile {
                path: path.to_path_buf(),
                line: index + 1,
                message: message.to_owned(),
            })?;
            match line {
                Line::Skip => {}
                Line::Section(name) => {
                    file.profiles.entry(name.to_owned()).or_default();
                    current = Some(name.to_owned());
                }
                Line::Pair { key, value } => {
                    let profile =
                        current
                            .as_ref()
                            .ok_or_else(|| CredentialsError::MalformedProfileFile {
                                path: path.to_path_buf(),
                                line: index + 1,
                                message:
                                    "a key must follow a `[profile]` header such as `[DEFAULT]`"
                                        .to_owned(),
                            })?;
                    let key = key.to_ascii_lowercase();
                    if let Some(why) = suspicion(value) {
                        file.warnings
                            .push(at(&format!("the value of `{key}` {why}")));
                    }
                    file.profiles
                        .entry(profile.clone())
                        .or_default()
                        .insert(key, value.to_owned());
                }
            }
        }
        Ok(file)
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

    /// Lines that parse but are probably not what was meant, as `path:line: what`; they never
    /// quote a value.
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }
}

impl fmt::Debug for ProfileFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let keys: BTreeMap<_, Vec<_>> = self
            .profiles
            .iter()
            .map(|(name, pairs)| (name, pairs.keys().collect()))
            .collect();
        f.debug_struct("ProfileFile")
            .field("profiles", &keys)
            .finish_non_exhaustive()
    }
}

/// Sets `values` in `profile` of a profile file's text, keeping everything else as written: other
/// profiles, comments, unknown keys, blank lines, the line ending and a byte-order mark. A key
/// already there is replaced where it stands (its last occurrence, the one that counts); a new key
/// goes at the end of the profile; a new profile at the end of the file.
///
/// ```
/// use ncloud_core::__private::update_profile;
///
/// let before = "# mine\n[DEFAULT]\nncloud_access_key_id = OLD\nunknown = kept\n\n[other]\nx = 1\n";
/// let after = update_profile(before, "DEFAULT", &[("ncloud_access_key_id", "NEW"), ("ncloud_site", "gov")]).unwrap();
/// assert_eq!(
///     after,
///     "# mine\n[DEFAULT]\nncloud_access_key_id = NEW\nunknown = kept\nncloud_site = gov\n\n[other]\nx = 1\n"
/// );
/// ```
pub fn update_profile(
    contents: &str,
    profile: &str,
    values: &[(&str, &str)],
) -> Result<String, CredentialsError> {
    let bad = |what: &str| CredentialsError::invalid(format!("cannot write {what} to a profile"));
    if profile.trim() != profile || profile.is_empty() || profile.contains(['[', ']', '\n', '\r']) {
        return Err(bad("this profile name"));
    }
    for (key, value) in values {
        if key.is_empty() || key.contains(['=', '[', '#', ';', '\n', '\r']) {
            return Err(bad("this key"));
        }
        if value.contains(['\n', '\r']) || value.trim() != *value {
            return Err(bad(&format!(
                "the value of `{key}` (line breaks or surrounding blanks)"
            )));
        }
    }
    let (bom, body) = match contents.strip_prefix('\u{feff}') {
        Some(rest) => ("\u{feff}", rest),
        None => ("", contents),
    };
    let newline = if body.contains("\r\n") { "\r\n" } else { "\n" };
    let mut lines: Vec<String> = body.lines().map(str::to_owned).collect();
    let mut in_profile = false;
    let mut profile_end: Option<usize> = None;
    let mut key_lines: BTreeMap<String, usize> = BTreeMap::new();
    for (index, line) in lines.iter().enumerate() {
        match classify(line) {
            Ok(Line::Section(name)) => {
                in_profile = name == profile;
                if in_profile {
                    profile_end = Some(index);
                }
            }
            Ok(Line::Pair { key, .. }) if in_profile => {
                key_lines.insert(key.to_ascii_lowercase(), index);
                profile_end = Some(index);
            }
            _ => {}
        }
    }
    let mut missing = Vec::new();
    for (key, value) in values {
        let line = format!("{key} = {value}");
        match key_lines.get(&key.to_ascii_lowercase()) {
            Some(&index) => lines[index] = line,
            None => missing.push(line),
        }
    }
    match profile_end {
        Some(end) => {
            lines.splice(end + 1..end + 1, missing);
        }
        None => {
            if lines.last().is_some_and(|l| !l.trim().is_empty()) {
                lines.push(String::new());
            }
            lines.push(format!("[{profile}]"));
            lines.extend(missing);
        }
    }
    let mut text = String::from(bom);
    for line in lines {
        text.push_str(&line);
        text.push_str(newline);
    }
    Ok(text)
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
        assert!(file.warnings().is_empty());
    }

    #[test]
    fn a_byte_order_mark_is_skipped() {
        let file = parse("\u{feff}[DEFAULT]\r\nncloud_access_key_id = AK\r\n").unwrap();
        assert_eq!(file.profile_names().collect::<Vec<_>>(), ["DEFAULT"]);
        assert_eq!(file.get("DEFAULT", "ncloud_access_key_id"), Some("AK"));
    }

    #[test]
    fn quotes_and_trailing_comments_warn_naming_the_line_not_the_value() {
        let file = parse(
            "[DEFAULT]\nncloud_access_key_id = \"AKQUOTED\"\n\
             ncloud_secret_access_key = SKVALUE # my key\nncloud_api_key = 'APIQUOTED'\n\
             ncloud_api_url = https://x/#frag\n",
        )
        .unwrap();
        assert_eq!(
            file.warnings(),
            [
                "/home/me/.ncloud/configure:2: the value of `ncloud_access_key_id` is in quotes, \
                 which are kept as part of the value",
                "/home/me/.ncloud/configure:3: the value of `ncloud_secret_access_key` has ` #` \
                 or ` ;` in it, which is kept as part of the value, not read as a comment",
                "/home/me/.ncloud/configure:4: the value of `ncloud_api_key` is in quotes, which \
                 are kept as part of the value",
            ]
        );
        // Taken as written, as NCP's own tools take them.
        assert_eq!(
            file.get("DEFAULT", "ncloud_access_key_id"),
            Some("\"AKQUOTED\"")
        );
        let all = file.warnings().join("\n");
        for secret in ["AKQUOTED", "SKVALUE", "APIQUOTED"] {
            assert!(!all.contains(secret), "{all}");
        }
    }

    #[test]
    fn malformed_lines_name_file_and_line() {
        let err = parse("[DEFAULT]\nncloud_access_key_id = a\nthis line is wrong\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "/home/me/.ncloud/configure:3: expected `key = value`, a `[profile]` header or a `#` comment"
        );
        for (contents, line) in [
            ("\n[DEFAULT\n", 2),
            ("key = value\n", 1),
            ("[DEFAULT]\n = value\n", 2),
            ("[ ]\n", 1),
        ] {
            let err = parse(contents).unwrap_err();
            assert!(
                matches!(err, CredentialsError::MalformedProfileFile { line: l, .. } if l == line),
                "{contents:?}: {err}"
            );
        }
    }

    #[test]
    fn errors_and_debug_never_quote_values() {
        let err = parse("[DEFAULT]\nsecretvaluewithoutequals\n").unwrap_err();
        assert!(!err.to_string().contains("secretvalue"), "{err}");
        let file = parse("[DEFAULT]\nncloud_secret_access_key = s3cr3t\n").unwrap();
        assert_eq!(
            format!("{file:?}"),
            r#"ProfileFile { profiles: {"DEFAULT": ["ncloud_secret_access_key"]}, .. }"#
        );
    }

    #[test]
    fn update_keeps_everything_else_as_written() {
        let before = "\u{feff}; my notes\r\n[DEFAULT]\r\nncloud_access_key_id = AK1\r\n\
            NCLOUD_SECRET_ACCESS_KEY=SK1\r\ncustom_key = kept # as is\r\n\r\n[dev]\r\n\
            ncloud_access_key_id = AK2\r\n[DEFAULT]\r\nncloud_access_key_id = AK1-later\r\n";
        let after = update_profile(
            before,
            "DEFAULT",
            &[
                ("ncloud_access_key_id", "AK9"),
                ("ncloud_secret_access_key", "SK9"),
                ("ncloud_api_key", "API9"),
            ],
        )
        .unwrap();
        assert_eq!(
            after,
            "\u{feff}; my notes\r\n[DEFAULT]\r\nncloud_access_key_id = AK1\r\n\
             ncloud_secret_access_key = SK9\r\ncustom_key = kept # as is\r\n\r\n[dev]\r\n\
             ncloud_access_key_id = AK2\r\n[DEFAULT]\r\nncloud_access_key_id = AK9\r\n\
             ncloud_api_key = API9\r\n"
        );
        let file = parse(&after).unwrap();
        assert_eq!(file.get("DEFAULT", "ncloud_access_key_id"), Some("AK9"));
        assert_eq!(file.get("dev", "ncloud_access_key_id"), Some("AK2"));
        assert_eq!(file.get("DEFAULT", "custom_key"), Some("kept # as is"));
    }

    #[test]
    fn update_adds_a_profile_or_starts_a_file() {
        assert_eq!(
            update_profile("", "DEFAULT", &[("a", "1")]).unwrap(),
            "[DEFAULT]\na = 1\n"
        );
        assert_eq!(
            update_profile("[DEFAULT]\na = 1", "work", &[("a", "2")]).unwrap(),
            "[DEFAULT]\na = 1\n\n[work]\na = 2\n"
        );
    }

    #[test]
    fn update_refuses_what_would_change_the_meaning_of_the_file() {
        for (profile, key, value) in [
            ("bad]", "a", "1"),
            ("", "a", "1"),
            ("p", "a=b", "1"),
            ("p", "a", "1\n[evil]"),
            ("p", "a", " padded"),
        ] {
            assert!(
                update_profile("", profile, &[(key, value)]).is_err(),
                "{profile:?} {key:?} {value:?}"
            );
        }
    }
}
