//! `--endpoint` and `ncloud api --host URL`: a base URL to send requests to, checked before
//! anything is sent by the library's rule.

use crate::error::CliError;

/// `url` as a base URL, by the library's rule ([`ncloud_core::endpoint::base_url`]); a usage
/// error naming `option` otherwise.
pub(crate) fn base_url(option: &str, url: &str) -> Result<String, CliError> {
    ncloud_core::endpoint::base_url(url, option)
        .map(str::to_owned)
        .map_err(|e| CliError::usage(e.to_string()))
}

/// `base` followed by `path`, without repeating a path prefix that `base` already ends with:
/// `http://h/api/v1` + `/api/v1/workspaces` is `http://h/api/v1/workspaces`.
pub(crate) fn join(base: &str, path: &str) -> String {
    let authority_end = base
        .find("://")
        .and_then(|i| base[i + 3..].find('/').map(|j| i + 3 + j));
    if let Some(start) = authority_end {
        let prefix = &base[start..];
        let rest = path.strip_prefix(prefix);
        if rest.is_some_and(|rest| rest.is_empty() || rest.starts_with(['/', '?'])) {
            return format!("{}{path}", &base[..start]);
        }
    }
    format!("{base}{path}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_base_url_is_a_usage_error_naming_the_option() {
        let error = base_url("--host", "http://user:pw@h").unwrap_err();
        assert_eq!(error.failure(), crate::exit::Failure::Usage);
        assert!(error.to_string().starts_with("--host: "), "{error}");
        assert_eq!(base_url("--host", "http://h/").unwrap(), "http://h");
    }

    #[test]
    fn joins_without_doubling_the_service_path() {
        assert_eq!(join("http://h", "/api/v1/w"), "http://h/api/v1/w");
        assert_eq!(join("http://h/api/v1", "/api/v1/w"), "http://h/api/v1/w");
        assert_eq!(
            join("http://h/api/v1", "/api/v1?x=1"),
            "http://h/api/v1?x=1"
        );
        assert_eq!(join("http://h/gw", "/api/v1/w"), "http://h/gw/api/v1/w");
        assert_eq!(
            join("http://h/api/v1", "/api/v10/w"),
            "http://h/api/v1/api/v10/w"
        );
    }
}
