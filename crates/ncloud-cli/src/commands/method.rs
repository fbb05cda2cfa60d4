//! The HTTP method argument of `ncloud api` and `ncloud sign`.

use ncloud_core::client::Method;

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
}
