//! Inputs checked before anything is sent, with errors that state the rule broken.

use std::ops::RangeInclusive;

use ncloud_core::Error;

/// Lengths of a workspace name.
pub const WORKSPACE_NAME_LENGTH: RangeInclusive<usize> = 3..=63;
/// The longest project name, in characters.
pub const MAX_PROJECT_NAME_CHARS: usize = 100;
/// The longest text query, in characters (the console's limit).
pub const MAX_TEXT_QUERY_CHARS: usize = 1000;
/// The media file extensions an import accepts (any case): videos, then images.
pub const MEDIA_EXTENSIONS: [&str; 8] = ["mp4", "mkv", "mov", "webm", "jpg", "jpeg", "png", "heic"];

/// Characters MI refuses in project names and text queries.
const FORBIDDEN: [char; 3] = [';', '|', '`'];

/// A workspace name: 3 to 63 characters of `a-z`, `0-9` and `-`.
pub(crate) fn workspace_name(name: &str) -> Result<(), Error> {
    let rule = "3 to 63 characters of a-z, 0-9 and -";
    let length = name.chars().count();
    if !WORKSPACE_NAME_LENGTH.contains(&length) {
        return Err(Error::configuration(format!(
            "workspace name {name:?} has {length} characters: use {rule}"
        )));
    }
    if let Some(bad) = name
        .chars()
        .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-'))
    {
        return Err(Error::configuration(format!(
            "workspace name {name:?} contains {bad:?}: use {rule}"
        )));
    }
    Ok(())
}

/// A project name: 1 to 100 characters, none of `;`, `|` or backtick.
pub(crate) fn project_name(name: &str) -> Result<(), Error> {
    free_text("project name", name, MAX_PROJECT_NAME_CHARS)
}

/// A text query: 1 to 1000 characters, none of `;`, `|` or backtick.
pub(crate) fn text_query(text: &str) -> Result<(), Error> {
    free_text("text query", text, MAX_TEXT_QUERY_CHARS)
}

/// A dialogue line of a search: the same rules as a text query.
pub(crate) fn dialogue_line(line: &str) -> Result<(), Error> {
    free_text("dialogue line", line, MAX_TEXT_QUERY_CHARS)
}

fn free_text(what: &str, text: &str, max: usize) -> Result<(), Error> {
    bounded(what, text, 1..=max)?;
    forbidden_free(what, text)
}

/// A text of `allowed` characters, not only spaces.
pub(crate) fn bounded(what: &str, text: &str, allowed: RangeInclusive<usize>) -> Result<(), Error> {
    let length = text.chars().count();
    if text.trim().is_empty() || !allowed.contains(&length) {
        return Err(Error::configuration(format!(
            "{what} {} has {length} characters: use {} to {}, not only spaces",
            shorten(text),
            allowed.start(),
            allowed.end()
        )));
    }
    Ok(())
}

/// A name filter of the person listings: 2 to 50 characters, none of `;`, `|` or backtick.
pub(crate) fn name_filter(name: &str) -> Result<(), Error> {
    bounded("name filter", name, 2..=50)?;
    forbidden_free("name filter", name)
}

/// A number within the documented range of a parameter.
pub(crate) fn number(what: &str, value: u32, allowed: RangeInclusive<u32>) -> Result<(), Error> {
    if allowed.contains(&value) {
        return Ok(());
    }
    Err(Error::configuration(format!(
        "{what} {value} is out of range: use {} to {}",
        allowed.start(),
        allowed.end()
    )))
}

/// A list of ids: at least one, at most `max`, no repeats.
pub(crate) fn ids(what: &str, ids: &[u64], max: usize) -> Result<(), Error> {
    if ids.is_empty() || ids.len() > max {
        return Err(Error::configuration(format!(
            "{} {what} given: use 1 to {max}",
            ids.len()
        )));
    }
    if let Some(repeated) = ids
        .iter()
        .enumerate()
        .find(|(i, id)| ids[..*i].contains(id))
    {
        return Err(Error::configuration(format!(
            "{what}: {} is given twice",
            repeated.1
        )));
    }
    Ok(())
}

fn forbidden_free(what: &str, text: &str) -> Result<(), Error> {
    if let Some(bad) = text.chars().find(|c| FORBIDDEN.contains(c)) {
        return Err(Error::configuration(format!(
            "{what} {} contains {bad:?}: Media Intelligence refuses ; | and ` in it",
            shorten(text)
        )));
    }
    Ok(())
}

/// An Object Storage bucket name: not empty.
pub(crate) fn bucket_name(bucket: &str) -> Result<(), Error> {
    if bucket.trim().is_empty() {
        return Err(Error::configuration(
            "the Object Storage bucket name is empty",
        ));
    }
    Ok(())
}

/// An import key: the full object name, ending in a supported media extension (any case).
pub(crate) fn import_key(key: &str) -> Result<(), Error> {
    let supported = "MP4, MKV, MOV, WebM, JPG/JPEG, PNG or HEIC, any case";
    let extension = key
        .rsplit_once('.')
        .filter(|(stem, _)| !stem.is_empty() && !stem.ends_with('/'))
        .map(|(_, ext)| ext);
    match extension {
        Some(ext) if MEDIA_EXTENSIONS.iter().any(|m| m.eq_ignore_ascii_case(ext)) => Ok(()),
        Some(ext) => Err(Error::configuration(format!(
            "object key {key:?} has the extension .{ext}, which Media Intelligence cannot analyse: \
             use {supported}"
        ))),
        None => Err(Error::configuration(format!(
            "object key {key:?} has no file extension: Media Intelligence analyses {supported}"
        ))),
    }
}

/// A page size within the call's documented range.
pub(crate) fn page_size(what: &str, size: u32, allowed: RangeInclusive<u32>) -> Result<(), Error> {
    if allowed.contains(&size) {
        return Ok(());
    }
    Err(Error::configuration(format!(
        "page size {size} is not accepted for {what} (allowed: {}..={})",
        allowed.start(),
        allowed.end()
    )))
}

/// Long inputs are quoted by their start only, so an error stays one line.
fn shorten(text: &str) -> String {
    const SHOWN: usize = 40;
    if text.chars().count() <= SHOWN {
        return format!("{text:?}");
    }
    let start: String = text.chars().take(SHOWN).collect();
    format!("{start:?}...")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(result: Result<(), Error>) -> String {
        let error = result.unwrap_err();
        assert!(error.is_configuration(), "{error}");
        error.to_string()
    }

    #[test]
    fn workspace_names() {
        for ok in ["abc", "my-workspace-01", "0-9", &"a".repeat(63)] {
            assert!(workspace_name(ok).is_ok(), "{ok}");
        }
        let e = message(workspace_name("A_b"));
        assert!(
            e.contains("\"A_b\" contains 'A'") && e.contains("a-z, 0-9 and -"),
            "{e}"
        );
        assert!(message(workspace_name("ab")).contains("has 2 characters"));
        assert!(message(workspace_name(&"a".repeat(64))).contains("has 64 characters"));
        assert!(message(workspace_name("my_ws")).contains("'_'"));
        assert!(message(workspace_name("wörk")).contains("'ö'"));
        assert!(message(workspace_name("")).contains("has 0 characters"));
    }

    #[test]
    fn project_names_and_text_queries() {
        assert!(project_name("Season 1 / 회차").is_ok());
        assert!(
            project_name(&"é".repeat(100)).is_ok(),
            "characters, not bytes"
        );
        assert!(
            message(project_name(&"x".repeat(101))).contains("has 101 characters: use 1 to 100")
        );
        for bad in [';', '|', '`'] {
            let e = message(project_name(&format!("a{bad}b")));
            assert!(e.contains(&format!("{bad:?}")), "{e}");
        }
        assert!(message(project_name("  ")).contains("use 1 to 100"));
        assert!(text_query("a red car").is_ok());
        assert!(message(text_query("cars | trucks")).contains("'|'"));
        assert!(message(dialogue_line("a`b")).starts_with("invalid request: dialogue line"));
        let long = message(text_query(&"x".repeat(1001)));
        assert!(long.contains("1 to 1000") && long.len() < 200, "{long}");
    }

    #[test]
    fn import_keys_need_a_supported_extension_in_any_case() {
        for ok in [
            "movie.mp4",
            "dir/clip.MKV",
            "a.b.MoV",
            "x.webm",
            "p.JPG",
            "p.jpeg",
            "p.Png",
            "p.heic",
        ] {
            assert!(import_key(ok).is_ok(), "{ok}");
        }
        let e = message(import_key("movie.avi"));
        assert!(
            e.contains(".avi") && e.contains("MP4, MKV, MOV, WebM, JPG/JPEG, PNG or HEIC"),
            "{e}"
        );
        assert!(message(import_key("movie")).contains("no file extension"));
        assert!(message(import_key(".mp4")).contains("no file extension"));
        assert!(message(import_key("dir/.mp4")).contains("no file extension"));
        assert!(message(import_key("")).contains("no file extension"));
        assert!(message(bucket_name(" ")).contains("bucket"));
    }

    #[test]
    fn person_rules() {
        assert!(bounded("person name", "김", 1..=50).is_ok());
        let e = message(bounded("person name", " ", 1..=50));
        assert!(e.contains("use 1 to 50, not only spaces"), "{e}");
        assert!(message(name_filter("k")).contains("use 2 to 50"));
        assert!(message(name_filter("ki;m")).contains("';'"));
        assert!(number("personCount", 10, 1..=10).is_ok());
        let e = message(number("scoreThreshold", 79, 80..=100));
        assert!(
            e.ends_with("scoreThreshold 79 is out of range: use 80 to 100"),
            "{e}"
        );
        assert!(ids("person ids", &[1, 2], 10).is_ok());
        assert!(message(ids("person ids", &[], 10)).contains("0 person ids given: use 1 to 10"));
        assert!(message(ids("tag ids", &[3, 4, 3], 10)).contains("3 is given twice"));
        let many: Vec<u64> = (0..11).collect();
        assert!(message(ids("person ids", &many, 10)).contains("11 person ids"));
    }

    #[test]
    fn page_sizes() {
        assert!(page_size("search results", 100, 1..=100).is_ok());
        let e = message(page_size("search results", 101, 1..=100));
        assert!(
            e.ends_with("page size 101 is not accepted for search results (allowed: 1..=100)"),
            "{e}"
        );
        assert!(message(page_size("assets", 0, 1..=1000)).contains("1..=1000"));
    }
}
