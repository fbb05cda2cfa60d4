//! The HTTP method argument of `ncloud api` and `ncloud sign`.

use std::borrow::Cow;

use ncloud_core::client::Method;
use ncloud_core::signing::path_and_query;

use super::wire_form;
use crate::endpoint;
use crate::error::CliError;

/// An HTTP method, upper-cased: a non-empty token (no spaces, no separators), as HTTP requires.
pub(crate) fn parse_method(method: &str) -> Result<Method, CliError> {
    Method::from_bytes(method.to_ascii_uppercase().as_bytes())
        .map_err(|_| CliError::usage(format!("{method:?} is not an HTTP method")))
}

/// The error for a target that is neither an `http(s)://` URL nor a path.
pub(crate) fn not_a_target(target: &str) -> CliError {
    CliError::usage(format!(
        "{target:?} is neither a URL nor a path starting with /"
    ))
}

/// Whether `target` is a full URL rather than a path.
pub(crate) fn is_url(target: &str) -> bool {
    target.starts_with("http://") || target.starts_with("https://")
}

/// The path-and-query of `target` (a URL, or a path starting with `/`), refused unless it goes on
/// the wire exactly as written: a URL's origin by the library's base-URL rule (no user info, no
/// control character), no fragment (it is never sent), and the path-and-query in wire form
/// ([`wire_form::check`]: no `.` or `..` segment, even as `%2e`, nothing a client would encode).
/// What `ncloud api` sends and what `ncloud sign` signs are checked by this one function.
pub(crate) fn wire_target(target: &str) -> Result<Cow<'_, str>, CliError> {
    if !is_url(target) && !target.starts_with('/') {
        return Err(not_a_target(target));
    }
    if target.contains('#') {
        return Err(CliError::usage(format!(
            "{target:?}: a fragment (#...) is never sent; leave it out"
        )));
    }
    if is_url(target) {
        let authority = target.find("://").map_or(0, |i| i + 3);
        let origin_end = target[authority..]
            .find(['/', '?'])
            .map_or(target.len(), |i| authority + i);
        endpoint::base_url("the URL", &target[..origin_end])?;
    }
    let path_and_query = path_and_query(target);
    wire_form::check(&path_and_query)?;
    Ok(path_and_query)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn methods_are_tokens() {
        assert_eq!(parse_method("get").unwrap(), Method::GET);
        assert_eq!(parse_method("PATCH").unwrap(), Method::PATCH);
        for bad in ["", "G ET", "GET\n", "GE(T", "\u{1b}[2J"] {
            let error = parse_method(bad).unwrap_err();
            assert!(!error.to_string().contains('\n'), "{error}");
        }
    }

    #[test]
    fn targets_go_on_the_wire_as_written_or_are_refused() {
        assert_eq!(wire_target("/a/b?x=1").unwrap(), "/a/b?x=1");
        assert_eq!(wire_target("https://h.example/a?x").unwrap(), "/a?x");
        assert_eq!(wire_target("https://h.example").unwrap(), "/");
        for (bad, why) in [
            (
                "/nsml/v1/projects/%2e%2e/auth-keys",
                "sign the path as sent: /nsml/v1/auth-keys",
            ),
            ("/a/./b", "'.' and '..' segments"),
            ("/a\r\nb", "a URL cannot carry"),
            ("/a\tb", "a URL cannot carry"),
            ("/a?x=1#frag", "fragment"),
            ("https://h.example/a#frag", "fragment"),
            ("https://u:p@h.example/a", "user name or password"),
            ("https://h.exa\nmple/a", "control character"),
            ("https://h.example\\@evil/a", "backslash"),
            ("a/b", "neither a URL nor a path"),
        ] {
            let error = wire_target(bad).unwrap_err();
            assert_eq!(error.failure(), crate::exit::Failure::Usage);
            assert!(error.to_string().contains(why), "{bad:?}: {error}");
            assert!(!error.to_string().contains("u:p"), "{error}");
        }
    }
}
