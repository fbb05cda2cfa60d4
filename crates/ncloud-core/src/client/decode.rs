//! JSON decoding whose errors a user can act on: the field path and what was expected, in JSON
//! words (`result.totalCount: expected an integer, got 1.5`), never Rust type names; an HTML page
//! (maintenance, a captive portal) is called one, with its title.

use serde::de::DeserializeOwned;

use super::error_body::one_line;

/// Decodes the JSON `body` of a successful answer into `T`; a failure is its message in plain
/// words that names the field (the caller makes it an [`Error::decode_message`](super::Error)):
/// this module knows JSON, not errors, so `error.rs` may use it without a cycle.
pub(crate) fn decode<T: DeserializeOwned>(body: &[u8]) -> Result<T, String> {
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let value = serde_path_to_error::deserialize(&mut deserializer)
        .map_err(|e| explain(&e.path().to_string(), e.inner(), body))?;
    // Bytes after the value (a second document, junk) make the answer invalid too.
    deserializer.end().map_err(|e| explain(".", &e, body))?;
    Ok(value)
}

/// The plain-words message of a failed decode at `path` (`.` when unknown).
pub(crate) fn explain(path: &str, inner: &serde_json::Error, body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let start = text.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    if inner.is_eof() && start.is_empty() {
        return "the answer is empty, not JSON".to_owned();
    }
    if inner.is_syntax() && start.starts_with('<') {
        return format!(
            "the answer is an HTML page, not JSON: {:?}",
            one_line(start)
        );
    }
    let message = without_position(inner);
    let at = match inner.line() {
        0 => String::new(),
        line => format!(" (line {line}, column {})", inner.column()),
    };
    if inner.is_syntax() || inner.is_eof() {
        return format!("invalid JSON: {message}{at}");
    }
    let (path, what) = match message.strip_prefix("missing field `") {
        Some(rest) => {
            let field = rest.trim_end_matches('`');
            (join(path, field), "required but missing".to_owned())
        }
        None => (path.to_owned(), plain(&message)),
    };
    if path == "." {
        format!("{what}{at}")
    } else {
        format!("{path}: {what}{at}")
    }
}

fn join(path: &str, field: &str) -> String {
    if path == "." {
        field.to_owned()
    } else {
        format!("{path}.{field}")
    }
}

/// serde_json's message without its ` at line L column C` suffix (we say it our way).
fn without_position(error: &serde_json::Error) -> String {
    let text = error.to_string();
    let suffix = format!(" at line {} column {}", error.line(), error.column());
    text.strip_suffix(&suffix).unwrap_or(&text).to_owned()
}

/// `invalid type: floating point `1.5`, expected u64` as `expected a non-negative integer, got 1.5`;
/// other messages as they are (they name fields and values, not types).
fn plain(message: &str) -> String {
    if let Some((got, expected)) = message
        .strip_prefix("invalid type: ")
        .and_then(|rest| rest.rsplit_once(", expected "))
    {
        return format!(
            "expected {}, got {}",
            expected_words(expected),
            got_words(got)
        );
    }
    if let Some((got, expected)) = message
        .strip_prefix("invalid value: ")
        .and_then(|rest| rest.rsplit_once(", expected "))
    {
        // The type was right, the value is not: for integers, out of the type's range.
        let expected = integer_range(expected).unwrap_or_else(|| expected_words(expected));
        return format!("expected {expected}, got {}", got_words(got));
    }
    if let Some((length, expected)) = message
        .strip_prefix("invalid length ")
        .and_then(|rest| rest.split_once(", expected "))
    {
        return format!(
            "expected {}, got an array of {length} elements",
            expected_words(expected)
        );
    }
    if let Some(name) = message.strip_prefix("data did not match any variant of untagged enum ") {
        let _ = name; // a Rust type name: not for users
        return "a value of none of the accepted shapes".to_owned();
    }
    message.to_owned()
}

/// `an integer from 0 to 255` for `u8` and the like.
fn integer_range(expected: &str) -> Option<String> {
    let (min, max) = match expected {
        "u8" => (0, i128::from(u8::MAX)),
        "u16" => (0, i128::from(u16::MAX)),
        "u32" => (0, i128::from(u32::MAX)),
        "u64" | "usize" => (0, i128::from(u64::MAX)),
        "i8" => (i128::from(i8::MIN), i128::from(i8::MAX)),
        "i16" => (i128::from(i16::MIN), i128::from(i16::MAX)),
        "i32" => (i128::from(i32::MIN), i128::from(i32::MAX)),
        "i64" | "isize" => (i128::from(i64::MIN), i128::from(i64::MAX)),
        _ => return None,
    };
    Some(format!("an integer from {min} to {max}"))
}

/// What serde's visitors expect, in JSON words.
fn expected_words(expected: &str) -> String {
    let words = match expected {
        "u8" | "u16" | "u32" | "u64" | "u128" | "usize" => "a non-negative integer",
        "i8" | "i16" | "i32" | "i64" | "i128" | "isize" => "an integer",
        "f32" | "f64" => "a number",
        "a borrowed string" | "a string" | "a string or bytes" => "a string",
        "a character" | "char" => "a single character",
        "a sequence" => "an array",
        "a map" => "an object",
        "unit" => "null",
        "option" => "a value or null",
        "variant identifier" | "field identifier" => "one of the known values",
        _ if expected.starts_with("struct ") => "an object",
        _ if expected.starts_with("tuple struct ") => "an array",
        _ if expected.starts_with("a tuple of size ") => {
            let size = expected.trim_start_matches("a tuple of size ");
            return format!("an array of {size} elements");
        }
        _ if expected.starts_with("enum ") => "one of the known values",
        _ if expected.starts_with("unit struct ") => "null",
        other => return other.to_owned(),
    };
    words.to_owned()
}

/// What serde_json found, as JSON: `floating point `1.5`` as `1.5`, `map` as `an object`.
fn got_words(got: &str) -> String {
    for prefix in ["floating point ", "integer ", "boolean ", "character "] {
        if let Some(value) = got.strip_prefix(prefix) {
            return value.trim_matches('`').to_owned();
        }
    }
    if let Some(text) = got.strip_prefix("string ") {
        return shorten(text);
    }
    match got {
        "map" => "an object".to_owned(),
        "sequence" => "an array".to_owned(),
        "unit value" => "null".to_owned(),
        other => other.to_owned(),
    }
}

/// A quoted string value cut to a readable length.
fn shorten(quoted: &str) -> String {
    const LIMIT: usize = 60;
    match quoted.char_indices().nth(LIMIT) {
        Some((cut, _)) => format!("{}...\"", &quoted[..cut]),
        None => quoted.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde::Deserialize;

    use super::*;

    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "camelCase")]
    #[allow(dead_code)] // the fields exist to be decoded
    struct Page {
        result: PageResult,
    }

    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "camelCase")]
    #[allow(dead_code)]
    struct PageResult {
        total_count: u64,
        content: Vec<Item>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Item {
        name: String,
        size: i32,
        ratio: f64,
        enabled: bool,
        tags: BTreeMap<String, String>,
        kind: Kind,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    enum Kind {
        Big,
        Small,
    }

    fn message(body: &str) -> String {
        decode::<Page>(body.as_bytes()).unwrap_err()
    }

    const ITEM: &str = r#"{"name":"a","size":1,"ratio":0.5,"enabled":true,"tags":{},"kind":"Big"}"#;

    fn with_item(field: &str, value: &str) -> String {
        let mut item: serde_json::Value = serde_json::from_str(ITEM).unwrap();
        item[field] = serde_json::from_str(value).unwrap();
        format!(r#"{{"result":{{"totalCount":1,"content":[{ITEM},{item}]}}}}"#)
    }

    #[test]
    fn the_valid_page_decodes() {
        let body = with_item("name", "\"b\"");
        assert_eq!(
            decode::<Page>(body.as_bytes())
                .unwrap()
                .result
                .content
                .len(),
            2
        );
    }

    #[test]
    fn type_mismatches_name_the_field_and_json_types() {
        let cases = [
            ("name", "1", "expected a string, got 1"),
            ("name", "null", "expected a string, got null"),
            ("size", "1.5", "expected an integer, got 1.5"),
            ("size", "\"7\"", "expected an integer, got \"7\""),
            (
                "size",
                "3000000000",
                "expected an integer from -2147483648 to 2147483647, got 3000000000",
            ),
            ("ratio", "true", "expected a number, got true"),
            ("enabled", "\"yes\"", "expected a boolean, got \"yes\""),
            ("tags", "[]", "expected an object, got an array"),
            (
                "kind",
                "\"Huge\"",
                "unknown variant `Huge`, expected `Big` or `Small`",
            ),
        ];
        for (field, value, expected) in cases {
            let got = message(&with_item(field, value));
            assert!(
                got.starts_with(&format!("result.content[1].{field}: {expected}")),
                "{field}={value}: {got}"
            );
            assert!(got.contains("(line 1, column "), "{got}");
        }
    }

    /// Every serde_json wording `plain` parses is pinned here (with the cases above: `invalid
    /// type`, `invalid value`, `invalid length`, `missing field`), so a change of serde_json's
    /// text fails a test instead of leaking Rust words to users.
    #[test]
    fn an_untagged_enum_without_a_matching_shape_is_named_in_json_words() {
        #[derive(Debug, Deserialize)]
        #[serde(untagged)]
        #[allow(dead_code)]
        enum Count {
            Number(u64),
            Text(String),
        }
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct Wrapper {
            count: Count,
        }
        let message = decode::<Wrapper>(br#"{"count": [1]}"#).unwrap_err();
        assert_eq!(
            message,
            "count: a value of none of the accepted shapes (line 1, column 14)"
        );
    }

    #[test]
    fn a_fraction_where_a_count_belongs() {
        assert_eq!(
            message(r#"{"result":{"totalCount":1.5,"content":[]}}"#),
            "result.totalCount: expected a non-negative integer, got 1.5 (line 1, column 27)"
        );
    }

    #[test]
    fn missing_fields_are_named_with_their_path() {
        assert!(
            message(r#"{"result":{"content":[]}}"#)
                .starts_with("result.totalCount: required but missing"),
        );
        assert!(message("{}").starts_with("result: required but missing"));
    }

    #[test]
    fn no_rust_type_name_reaches_the_message() {
        for body in [
            "[]".to_owned(),
            r#"{"result":[]}"#.to_owned(),
            r#"{"result":{"totalCount":1,"content":{}}}"#.to_owned(),
            r#"{"result":{"totalCount":1,"content":[1]}}"#.to_owned(),
            with_item("kind", "{}"),
        ] {
            let got = message(&body);
            for internal in [
                "struct",
                "Page",
                "PageResult",
                "Item",
                "u64",
                "sequence",
                "map",
            ] {
                assert!(!got.contains(internal), "{body}: {got}");
            }
        }
        assert_eq!(
            message("[]"),
            "expected an object, got an array of 0 elements (line 1, column 2)"
        );
        assert_eq!(message("7"), "expected an object, got 7 (line 1, column 1)");
    }

    #[test]
    fn html_empty_and_broken_bodies_say_what_they_are() {
        let page = "\r\n<!DOCTYPE html><html><head><title>Scheduled\n maintenance</title></head>\
                    <body><p>Back soon</p></body></html>";
        assert_eq!(
            message(page),
            "the answer is an HTML page, not JSON: \"Scheduled maintenance\""
        );
        assert_eq!(
            message("<html><body><h1>Sign in to the Wi-Fi</h1></body></html>"),
            "the answer is an HTML page, not JSON: \"Sign in to the Wi-Fi\""
        );
        assert_eq!(message(""), "the answer is empty, not JSON");
        assert!(
            message(r#"{"result":{"totalCount":1"#).starts_with("invalid JSON: EOF while parsing"),
        );
        assert!(
            message(r#"{"result":{"totalCount":1,"content":[]}} x"#)
                .starts_with("invalid JSON: trailing characters")
        );
    }
}
