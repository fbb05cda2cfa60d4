//! `--endpoint` and `ncloud api --host URL`: a base URL to send requests to, checked before
//! anything is sent.

use url::Url;

use crate::error::CliError;

/// `url` as a base URL: http or https, a host, no query, no fragment, no trailing `/`. It may
/// include a path (a private gateway's prefix, or a service path such as `/api/v1`, which the
/// service clients then do not add a second time).
pub(crate) fn base_url(option: &str, url: &str) -> Result<String, CliError> {
    let parsed = Url::parse(url).map_err(|e| {
        CliError::usage(format!(
            "{option} {url:?} is not a URL ({e}); expected e.g. https://ncloud.apigw.ntruss.com"
        ))
    })?;
    let refuse = |why: &str| Err(CliError::usage(format!("{option} {url:?}: {why}")));
    if !matches!(parsed.scheme(), "http" | "https") {
        return refuse("the scheme must be http or https");
    }
    if parsed.host_str().is_none_or(str::is_empty) {
        return refuse("no host");
    }
    if parsed.query().is_some() {
        return refuse("a base URL has no query (?...): give query parameters with the request");
    }
    if parsed.fragment().is_some() {
        return refuse("a base URL has no fragment (#...)");
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return refuse("a base URL carries no user name or password");
    }
    Ok(url.trim_end_matches('/').to_owned())
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
    fn accepts_bases_with_or_without_a_path() {
        for (given, expected) in [
            ("https://mi.apigw.ntruss.com", "https://mi.apigw.ntruss.com"),
            ("http://127.0.0.1:8080/", "http://127.0.0.1:8080"),
            (
                "http://127.0.0.1:8080/api/v1/",
                "http://127.0.0.1:8080/api/v1",
            ),
        ] {
            assert_eq!(base_url("--endpoint", given).unwrap(), expected);
        }
    }

    #[test]
    fn refuses_what_is_not_a_base() {
        for (given, why) in [
            ("http://h/api?x=1", "no query"),
            ("http://h/api?", "no query"),
            ("http://h/#top", "no fragment"),
            ("ftp://h", "scheme"),
            ("127.0.0.1:8080", "not a URL"),
            ("not a url", "not a URL"),
            ("http://user:pw@h", "user name"),
        ] {
            let error = base_url("--endpoint", given).unwrap_err();
            assert_eq!(error.failure(), crate::exit::Failure::Usage);
            assert!(error.to_string().contains(why), "{given}: {error}");
        }
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
