//! Text from servers made safe for a terminal. Project names come from other users of the account
//! and error messages from any server `--endpoint` points at: printed raw, their control characters
//! would change the title, clear the screen, write the clipboard or forge lines, and bidi overrides
//! would show text in another order than it is.

use std::borrow::Cow;
use std::fmt::{self, Display, Write};

/// Whether `c` must not reach a terminal as is: C0 controls (newlines included), DEL, C1 controls,
/// and the bidi marks, embeddings, overrides and isolates.
pub(crate) fn is_unsafe(c: char) -> bool {
    // `is_control` is Unicode's Cc: U+0000..=U+001F, U+007F..=U+009F.
    c.is_control()
        || matches!(
            c,
            '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
        )
}

/// `text` with every [unsafe](is_unsafe) character escaped as Rust writes it (`\n`, `\t`,
/// `\u{1b}`, `\u{202e}`): what every line of text the CLI prints goes through.
pub(crate) fn escape(text: &str) -> Cow<'_, str> {
    escape_with(text, |c, out| match c {
        '\n' | '\r' | '\t' => write!(out, "{}", c.escape_default()),
        _ => write!(out, "{}", c.escape_unicode()),
    })
}

/// [`escape`], but keeping tabs and line feeds: for strings asked for raw (`--jq`), where they
/// separate fields and lines, and cannot drive a terminal. A carriage return, which can overwrite
/// a line, is still escaped.
pub(crate) fn escape_raw(text: &str) -> Cow<'_, str> {
    escape_with(text, |c, out| match c {
        '\n' | '\t' => {
            out.push(c);
            Ok(())
        }
        '\r' => out.write_str("\\r"),
        _ => write!(out, "{}", c.escape_unicode()),
    })
}

/// Serialised JSON with every [unsafe](is_unsafe) character written as a `\uXXXX` escape, but
/// the whitespace between tokens (pretty-printing's newlines). serde_json escapes every C0 control
/// inside strings, so a raw one is whitespace; C1, DEL and bidi characters can stand only inside
/// strings, where the escape means the same character, so the document is unchanged.
pub(crate) fn escape_json(json: &str) -> Cow<'_, str> {
    escape_with(json, |c, out| {
        if matches!(c, '\n' | '\r' | '\t') {
            out.push(c);
            return Ok(());
        }
        let mut units = [0u16; 2];
        c.encode_utf16(&mut units)
            .iter()
            .try_for_each(|unit| write!(out, "\\u{unit:04x}"))
    })
}

fn escape_with(text: &str, escape: impl Fn(char, &mut String) -> fmt::Result) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if is_unsafe(c) {
            // Writing to a String cannot fail.
            let _ = escape(c, &mut out);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// `value` displayed and [escaped](escape), cut after `max_chars` characters with a note of how
/// many more there were: a server's 5 MB error message does not reach stderr whole.
pub(crate) fn bounded(value: impl Display, max_chars: usize) -> String {
    let mut writer = Bounded {
        text: String::new(),
        max_chars,
        chars: 0,
    };
    // Writing to a String cannot fail; a Display that fails leaves what it wrote.
    let _ = write!(writer, "{value}");
    if writer.chars > max_chars {
        let _ = write!(
            writer.text,
            "... ({} more characters)",
            writer.chars - max_chars
        );
    }
    writer.text
}

/// Keeps the first `max_chars` escaped characters, counts the rest.
struct Bounded {
    text: String,
    max_chars: usize,
    chars: usize,
}

impl Write for Bounded {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        for c in escape(s).chars() {
            if self.chars < self.max_chars {
                self.text.push(c);
            }
            self.chars += 1;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_controls_and_bidi_but_keeps_text() {
        assert_eq!(escape("plain 가나다 é"), "plain 가나다 é");
        assert!(matches!(escape("plain"), Cow::Borrowed(_)));
        assert_eq!(
            escape("\u{1b}]0;pwned\u{7}title"),
            "\\u{1b}]0;pwned\\u{7}title"
        );
        assert_eq!(escape("a\nb\r\tc"), "a\\nb\\r\\tc");
        assert_eq!(escape("\u{9b}2J\u{7f}"), "\\u{9b}2J\\u{7f}");
        assert_eq!(escape("abc\u{202e}fed"), "abc\\u{202e}fed");
        assert_eq!(escape("\u{2066}x\u{2069}"), "\\u{2066}x\\u{2069}");
        for c in ['\u{0}', '\u{1f}', '\u{80}', '\u{9f}', '\u{200e}', '\u{61c}'] {
            assert!(is_unsafe(c), "{c:?}");
        }
        for c in [' ', '~', '\u{a0}', 'é', '가', '\u{2028}'] {
            assert!(!is_unsafe(c), "{c:?}");
        }
    }

    #[test]
    fn raw_text_keeps_tabs_and_lines_only() {
        assert_eq!(escape_raw("a\tb\nc"), "a\tb\nc");
        assert_eq!(
            escape_raw("\u{1b}[2J\rx\u{9b}\u{202e}\u{7f}"),
            "\\u{1b}[2J\\rx\\u{9b}\\u{202e}\\u{7f}"
        );
    }

    #[test]
    fn json_escapes_keep_the_document() {
        let value = serde_json::json!({"name": "a\u{9b}b\u{202e}c\u{7f}", "ok": "가"});
        let json = serde_json::to_string(&value).unwrap();
        let escaped = escape_json(&json);
        assert_eq!(escaped, r#"{"name":"a\u009bb\u202ec\u007f","ok":"가"}"#);
        let back: serde_json::Value = serde_json::from_str(&escaped).unwrap();
        assert_eq!(back, value);
        // Pretty-printed: the newlines between tokens stay, the document too.
        let pretty = serde_json::to_string_pretty(&value).unwrap();
        let escaped = escape_json(&pretty);
        assert_eq!(escaped.lines().count(), pretty.lines().count());
        assert!(!escaped.contains('\u{9b}') && !escaped.contains('\u{202e}'));
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&escaped).unwrap(),
            value
        );
    }

    #[test]
    fn bounded_cuts_long_text_and_says_how_much() {
        assert_eq!(bounded("short", 10), "short");
        assert_eq!(
            bounded("x".repeat(15), 10),
            "xxxxxxxxxx... (5 more characters)"
        );
        // The bound counts what is printed, escapes included.
        assert_eq!(
            bounded("\u{1b}\u{1b}", 8),
            "\\u{1b}\\u... (4 more characters)"
        );
        let huge = "A".repeat(5 * 1024 * 1024);
        assert!(bounded(&huge, 1000).len() < 1100);
    }
}
