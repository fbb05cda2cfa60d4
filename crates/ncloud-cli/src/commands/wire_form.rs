//! Whether a path-and-query is written as it goes on the wire, and if not, what would be.
//!
//! `ncloud sign` signs the bytes it is given, but curl (and every HTTP client) encodes characters
//! a URL cannot carry and removes `.` and `..` segments before sending, so a signature over
//! anything else would not match what the gateway receives.

use std::fmt::Write as _;

use crate::error::CliError;

/// Refuses `path_and_query` unless it is in wire form, saying what to sign instead.
pub(crate) fn check(path_and_query: &str) -> Result<(), CliError> {
    let encoded = encode(path_and_query);
    let (path, query) = split_query(&encoded);
    let normalized = format!("{}{query}", remove_dot_segments(path));
    let problem = if let Some(c) = path_and_query
        .chars()
        .find(|c| c.is_whitespace() || c.is_control())
    {
        format!("it contains {c:?}, which a URL cannot carry as written")
    } else if let Some(c) = path_and_query
        .chars()
        .find(|&c| c != '%' && !is_uri_char(c))
    {
        format!("it contains {c:?}, which clients send percent-encoded")
    } else if encoded != path_and_query {
        "a '%' is not followed by two hex digits (a literal '%' is written %25)".to_owned()
    } else if normalized != encoded {
        "curl and HTTP clients remove its '.' and '..' segments before sending \
         (curl --path-as-is keeps them)"
            .to_owned()
    } else {
        return Ok(());
    };
    Err(CliError::usage(format!(
        "{path_and_query:?} is not what goes on the wire: {problem}; sign the path as sent: {normalized}"
    )))
}

/// Characters a path-and-query carries as written (RFC 3986 unreserved, sub-delims, `:`, `@`,
/// `/`, `?`). Brackets are left out: curl reads them as a glob.
fn is_uri_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "-._~!$&'()*+,;=:@/?".contains(c)
}

/// `path_and_query` with every character that is not sent as written percent-encoded (as UTF-8),
/// and every `%` that does not start an escape written `%25`.
fn encode(path_and_query: &str) -> String {
    let bytes = path_and_query.as_bytes();
    let mut out = String::with_capacity(bytes.len());
    for (i, &b) in bytes.iter().enumerate() {
        let keep = match b {
            b'%' => bytes
                .get(i + 1..i + 3)
                .is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit)),
            _ => b.is_ascii() && is_uri_char(char::from(b)),
        };
        if keep {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

fn split_query(path_and_query: &str) -> (&str, &str) {
    path_and_query
        .find('?')
        .map_or((path_and_query, ""), |i| path_and_query.split_at(i))
}

/// RFC 3986 section 5.2.4 on an absolute path; `%2E` counts as a dot, as URL parsers read it.
fn remove_dot_segments(path: &str) -> String {
    let segments: Vec<&str> = path.split('/').skip(1).collect();
    let mut out: Vec<&str> = Vec::new();
    for (i, segment) in segments.iter().enumerate() {
        let last = i + 1 == segments.len();
        match segment.to_ascii_lowercase().replace("%2e", ".").as_str() {
            "." => {}
            ".." => {
                out.pop();
            }
            _ => {
                out.push(segment);
                continue;
            }
        }
        if last {
            out.push("");
        }
    }
    format!("/{}", out.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn suggestion(path_and_query: &str) -> String {
        let message = check(path_and_query).unwrap_err().to_string();
        assert!(!message.contains('\n'), "{message}");
        message.rsplit_once(": ").unwrap().1.to_owned()
    }

    #[test]
    fn wire_form_passes() {
        for ok in [
            "/",
            "/nsml/v1/projects?page=1&pageSize=10",
            "/api/v1/workspaces?name=my%20workspace",
            "/a%2Fb/c?",
            "/x?a=b:c@d/e?f&g=h+i,j;k!l$m'n(o)p*q~r",
            "/a.b/..c/.d",
        ] {
            assert!(check(ok).is_ok(), "{ok}");
        }
    }

    #[test]
    fn characters_not_sent_as_written_get_their_encoded_form() {
        assert_eq!(suggestion("/a b"), "/a%20b");
        assert_eq!(suggestion("/a\nb"), "/a%0Ab");
        assert_eq!(suggestion("/가?q=é"), "/%EA%B0%80?q=%C3%A9");
        assert_eq!(
            suggestion("/a\"<>{|}^`[]\\"),
            "/a%22%3C%3E%7B%7C%7D%5E%60%5B%5D%5C"
        );
        assert_eq!(suggestion("/a?x=100%"), "/a?x=100%25");
        assert_eq!(suggestion("/a?x=%zz"), "/a?x=%25zz");
    }

    #[test]
    fn dot_segments_get_the_path_that_is_sent() {
        assert_eq!(suggestion("/a/../b?x=../y"), "/b?x=../y");
        assert_eq!(suggestion("/a/./b/."), "/a/b/");
        assert_eq!(suggestion("/a/b/.."), "/a/");
        assert_eq!(suggestion("/.."), "/");
        assert_eq!(suggestion("/a/%2e%2E/b"), "/b");
        assert_eq!(suggestion("/a/../가"), "/%EA%B0%80");
    }

    #[test]
    fn the_message_says_why_without_raw_control_characters() {
        let message = check("/a\u{1b}]0;owned\u{7}").unwrap_err().to_string();
        assert!(!message.chars().any(char::is_control), "{message:?}");
        assert!(message.contains("a URL cannot carry"), "{message}");
        let message = check("/a/../b").unwrap_err().to_string();
        assert!(message.contains("--path-as-is"), "{message}");
    }
}
