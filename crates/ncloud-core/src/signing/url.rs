use std::borrow::Cow;

/// The path and query of `url` as an HTTP/1.1 client puts them on the request line: what
/// signature v2 signs.
///
/// `url` is a full URL (`https://host/path?query`) or a path with its query (`/path?query`), in the
/// form the client will send: percent-encoded as sent, parameters in the order sent. The scheme,
/// host, port and any `#fragment` are dropped, and an empty path is `/` as on the wire. Nothing is
/// decoded, re-encoded or normalised: a `url::Url` (and so a `reqwest::Url`) already is in wire form
/// once parsed, so pass `url.as_str()`; an `http::Request` is signed whole by `sign_request`
/// (feature `http`).
///
/// ```
/// use ncloud_core::signing::path_and_query;
///
/// assert_eq!(
///     path_and_query("https://mi.apigw.ntruss.com/api/v1/workspaces?pageNum=1&name=a%20b#top"),
///     "/api/v1/workspaces?pageNum=1&name=a%20b"
/// );
/// assert_eq!(path_and_query("https://nsml.apigw.ntruss.com"), "/");
/// assert_eq!(path_and_query("https://host?page=2"), "/?page=2");
/// assert_eq!(path_and_query("/a%2Fb?"), "/a%2Fb?"); // an empty query is kept: it is sent
/// ```
pub fn path_and_query(url: &str) -> Cow<'_, str> {
    let url = url.split_once('#').map_or(url, |(before, _)| before);
    let origin_form = match split_scheme(url) {
        // The authority ends at the first `/` or `?`; neither can appear inside it.
        Some(rest) => rest.find(['/', '?']).map_or("", |i| &rest[i..]),
        None => url,
    };
    if origin_form.starts_with('/') {
        Cow::Borrowed(origin_form)
    } else {
        Cow::Owned(format!("/{origin_form}"))
    }
}

/// What follows `scheme://`, when `url` starts with a scheme (RFC 3986: a letter, then letters,
/// digits, `+`, `-` or `.`).
fn split_scheme(url: &str) -> Option<&str> {
    let (scheme, rest) = url.split_once("://")?;
    let mut chars = scheme.chars();
    let valid = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then_some(rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origin_form_is_kept_byte_for_byte() {
        for pq in [
            "/",
            "/nsml/v1/projects?page=1&pageSize=10",
            "/a%2Fb/c?",
            "/x?name=my%20workspace&a=1&a=2",
            "/redirect?to=https://elsewhere/x",
            "/a/../b",
        ] {
            assert_eq!(path_and_query(pq), pq);
        }
    }

    #[test]
    fn scheme_authority_and_fragment_are_dropped() {
        assert_eq!(path_and_query("http://127.0.0.1:8080/p?q=1"), "/p?q=1");
        assert_eq!(path_and_query("https://user@h:1/p#f?g"), "/p");
        assert_eq!(path_and_query("HTTPS://h/p"), "/p");
        assert_eq!(path_and_query("https://h#frag"), "/");
        assert_eq!(path_and_query("https://h?a=b/c"), "/?a=b/c");
    }

    #[test]
    fn empty_paths_are_a_slash() {
        assert_eq!(path_and_query(""), "/");
        assert_eq!(path_and_query("?a=1"), "/?a=1");
        assert_eq!(path_and_query("https://h"), "/");
    }

    #[test]
    fn not_a_scheme_is_not_dropped() {
        // "1http" cannot be a scheme, so this is a relative reference taken as written.
        assert_eq!(path_and_query("/1http://h/p"), "/1http://h/p");
        assert_eq!(path_and_query("1http://h/p"), "/1http://h/p");
    }
}
