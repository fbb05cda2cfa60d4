//! `--jq EXPR`: the jq language (through the jaq crates) over the JSON document that `-o json`
//! prints. The expression is compiled before anything is sent; the command's output is buffered
//! whole (a listing that fails part-way is never filtered as if it were complete), then each result
//! prints on its own line: strings raw, everything else as compact JSON, both escaped for the
//! terminal like the rest of the CLI's output.

use std::io::{self, Write};

use jaq_core::data::JustLut;
use jaq_core::load::{Arena, File, Loader, lex, parse};
use jaq_core::{Compiler, Ctx, Vars, compile};
use jaq_json::Val;

use crate::error::CliError;
use crate::text;

/// The largest document `--jq` reads: the whole of it is held in memory before it is filtered.
pub(crate) const MAX_DOCUMENT: usize = 256 * 1024 * 1024;

/// jq's `@csv` and `@tsv`, which jaq keeps in its command-line tool, not in its libraries: rows of
/// strings, numbers, booleans and nulls, as jq 1.7 writes them.
const FORMATS: &str = r#"
def ncloud_row(format; string):
  if type != "array" then error("cannot \(format)-format \(type), only an array") end
  | map(if type == "string" then string
        elif type == "number" or type == "boolean" then tojson
        elif type == "null" then ""
        else error("cannot \(format)-format \(type) in a row") end);
def @csv: ncloud_row("csv"; "\"" + (split("\"") | join("\"\"")) + "\"") | join(",");
def @tsv: ncloud_row("tsv"; split("\\") | join("\\\\") | split("\t") | join("\\t")
  | split("\n") | join("\\n") | split("\r") | join("\\r")) | join("\t");
"#;

/// A compiled `--jq` expression.
pub(crate) struct Jq {
    filter: jaq_core::Filter<JustLut<Val>>,
}

impl std::fmt::Debug for Jq {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Jq").finish_non_exhaustive()
    }
}

impl Jq {
    /// Parses and compiles `expression` with jq's standard library; a usage error when it is not
    /// valid jq. Modules are not read from disk (`import` and `include` fail).
    pub(crate) fn compile(expression: &str) -> Result<Self, CliError> {
        crate::jq_messages::install();
        let formats = jaq_core::load::parse(FORMATS, |p| p.defs()).unwrap_or_default();
        let defs = jaq_core::defs()
            .chain(jaq_std::defs())
            .chain(jaq_json::defs())
            .chain(formats);
        let funs = jaq_core::funs()
            .chain(jaq_std::funs())
            .chain(jaq_json::funs());
        let arena = Arena::default();
        let program = File {
            code: expression,
            path: (),
        };
        let modules = Loader::new(defs)
            .load(&arena, program)
            .map_err(|errors| invalid(expression, errors.into_iter().map(|(_, e)| e)))?;
        let filter = Compiler::default()
            .with_funs(funs)
            .compile(modules)
            .map_err(|errors| undefined(errors.into_iter().flat_map(|(_, e)| e)))?;
        Ok(Self { filter })
    }

    /// Runs the expression on `document` (JSON text; empty when the command printed nothing, which
    /// gives no results) and writes each result on its own line.
    ///
    /// The command itself has succeeded by now: an error of the filter says so, so that a change
    /// that was made is not reported only as a failure.
    pub(crate) fn run(&self, document: &[u8], mut out: impl Write) -> Result<(), CliError> {
        if document.iter().all(u8::is_ascii_whitespace) {
            return Ok(());
        }
        let input = jaq_json::read::parse_single(document).map_err(|e| {
            CliError::service(format!(
                "--jq: the command itself succeeded, but its output is not one JSON document \
                 ({e}), so nothing was printed"
            ))
        })?;
        let ctx = Ctx::<JustLut<Val>>::new(&self.filter.lut, Vars::new([]));
        for result in self.filter.id.run((ctx, input)) {
            match result {
                Ok(value) => write_result(&mut out, &value)?,
                Err(exception) => {
                    let why = match exception.get_err() {
                        Ok(error) => error.to_string(),
                        Err(exception) => match exception.get_halt() {
                            Ok(0) => break,
                            Ok(code) => format!("halted with exit code {code}"),
                            Err(_) => "the filter stopped".to_owned(),
                        },
                    };
                    out.flush()?;
                    return Err(CliError::usage(format!(
                        "--jq: {why} (the command itself succeeded; its results before this \
                         error were printed)"
                    )));
                }
            }
        }
        Ok(out.flush()?)
    }
}

/// One result: a string raw (but for what could drive the terminal), anything else as compact
/// JSON, escaped.
fn write_result(out: &mut impl Write, value: &Val) -> io::Result<()> {
    match value {
        Val::TStr(bytes) | Val::BStr(bytes) => {
            writeln!(out, "{}", text::escape_raw(&String::from_utf8_lossy(bytes)))
        }
        other => writeln!(out, "{}", text::escape_json(&other.to_string())),
    }
}

/// The lex and parse errors of an expression, as one usage error.
fn invalid<'s>(
    expression: &'s str,
    errors: impl Iterator<Item = jaq_core::load::Error<&'s str>>,
) -> CliError {
    let at = |found: &str| {
        // Where `found` starts in the expression (it is a slice of it).
        let offset = (found.as_ptr() as usize).saturating_sub(expression.as_ptr() as usize);
        match found.chars().next() {
            None => "at the end".to_owned(),
            Some(_) => format!(
                "at {:?} (character {})",
                found.chars().take(20).collect::<String>(),
                expression[..offset.min(expression.len())].chars().count() + 1
            ),
        }
    };
    let mut problems = Vec::new();
    for error in errors {
        match error {
            jaq_core::load::Error::Io(io) => {
                problems.extend(io.into_iter().map(|(path, why)| format!("{path}: {why}")));
            }
            jaq_core::load::Error::Lex(lex) => {
                problems.extend(lex.into_iter().map(|(expect, found): lex::Error<&str>| {
                    format!("expected {} {}", expect.as_str(), at(found))
                }));
            }
            jaq_core::load::Error::Parse(parse) => {
                problems.extend(
                    parse
                        .into_iter()
                        .map(|(expect, found): parse::Error<&str>| {
                            format!("expected {} {}", expect.as_str(), at(found))
                        }),
                );
            }
        }
    }
    CliError::usage(format!(
        "--jq: not a valid jq expression: {}",
        problems.join("; ")
    ))
}

/// The undefined names of an expression, as one usage error.
fn undefined<'s>(errors: impl Iterator<Item = compile::Error<&'s str>>) -> CliError {
    let names: Vec<String> = errors
        .map(|(name, kind)| format!("{} {name}", kind.as_str()))
        .collect();
    CliError::usage(format!("--jq: undefined {}", names.join(", ")))
}

/// The output of a command run under `--jq`: held in memory, up to [`MAX_DOCUMENT`], and given to
/// the filter only once the command has succeeded.
#[derive(Debug)]
pub(crate) struct Document {
    bytes: Vec<u8>,
    limit: usize,
}

impl Document {
    /// An empty document that takes up to [`MAX_DOCUMENT`] bytes.
    pub(crate) fn new() -> Self {
        Self::with_limit(MAX_DOCUMENT)
    }

    fn with_limit(limit: usize) -> Self {
        Self {
            bytes: Vec::new(),
            limit,
        }
    }

    /// What the command printed.
    pub(crate) fn bytes(&self) -> &[u8] {
        &self.bytes
    }
}

impl Write for Document {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.bytes.len().saturating_add(buf.len()) > self.limit {
            return Err(io::Error::other(format!(
                "the output is larger than --jq takes ({} MiB): narrow it first (--limit), or \
                 pipe -o ndjson to jq",
                self.limit.div_ceil(1024 * 1024)
            )));
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jq(expression: &str, document: &str) -> Result<String, String> {
        let jq = Jq::compile(expression).map_err(|e| e.to_string())?;
        let mut out = Vec::new();
        jq.run(document.as_bytes(), &mut out)
            .map_err(|e| e.to_string())?;
        Ok(String::from_utf8(out).unwrap())
    }

    #[test]
    fn strings_print_raw_and_the_rest_as_compact_json() {
        let doc = r#"[{"name":"a","n":1,"tags":["x"]},{"name":"b","n":2.5,"tags":[]}]"#;
        assert_eq!(jq(".[].name", doc).unwrap(), "a\nb\n");
        assert_eq!(jq(".[].n", doc).unwrap(), "1\n2.5\n");
        assert_eq!(
            jq(".[0]", doc).unwrap(),
            "{\"name\":\"a\",\"n\":1,\"tags\":[\"x\"]}\n"
        );
        assert_eq!(jq("map(.n) | add", doc).unwrap(), "3.5\n");
        assert_eq!(jq("length", doc).unwrap(), "2\n");
        assert_eq!(
            jq(
                r#"[.[] | select(.tags | length > 0) | .name] | join(",")"#,
                doc
            )
            .unwrap(),
            "a\n"
        );
        assert_eq!(jq("empty", doc).unwrap(), "");
        // A command that printed nothing (a delete) gives no results.
        assert_eq!(jq(".", "").unwrap(), "");
    }

    #[test]
    fn csv_and_tsv_write_rows_as_jq_does() {
        let row = r#"["a,\"b\"", 1, true, null, "t\tn\nr\rb\\"]"#;
        assert_eq!(
            jq("@csv", row).unwrap(),
            // The carriage return escaped for the terminal, as in every raw string.
            "\"a,\"\"b\"\"\",1,true,,\"t\tn\nr\\rb\\\"\n"
        );
        assert_eq!(
            jq("@tsv", row).unwrap(),
            "a,\"b\"\t1\ttrue\t\tt\\tn\\nr\\rb\\\\\n"
        );
        assert!(jq("@csv", "{}").unwrap_err().contains("only an array"));
        assert!(jq("@tsv", "[[1]]").unwrap_err().contains("array in a row"));
    }

    #[test]
    fn results_are_terminal_safe() {
        let doc = r#"{"name":"\u001b]0;title\u0007x\u009b2J\u202egnp.exe\nforged"}"#;
        // Raw: the line feed stays (the string asked for raw), what drives a terminal does not.
        let raw = jq(".name", doc).unwrap();
        assert_eq!(
            raw,
            "\\u{1b}]0;title\\u{7}x\\u{9b}2J\\u{202e}gnp.exe\nforged\n"
        );
        let json = jq(".", doc).unwrap();
        assert!(
            !json.chars().any(|c| text::is_unsafe(c) && c != '\n'),
            "{json}"
        );
        assert_eq!(json.lines().count(), 1);
        let back: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(
            back["name"],
            "\u{1b}]0;title\u{7}x\u{9b}2J\u{202e}gnp.exe\nforged"
        );
    }

    #[test]
    fn a_malformed_expression_is_a_usage_error() {
        for bad in [".[", "map(", ".a |", "{a:}", "if . then 1"] {
            let error = Jq::compile(bad).unwrap_err();
            assert_eq!(error.failure(), crate::exit::Failure::Usage, "{bad}");
            assert!(
                error
                    .to_string()
                    .starts_with("--jq: not a valid jq expression: expected"),
                "{bad}: {error}"
            );
        }
        let error = Jq::compile(".[] | nosuchfilter").unwrap_err();
        assert_eq!(error.to_string(), "--jq: undefined filter nosuchfilter");
        let error = Jq::compile("$nope").unwrap_err();
        assert_eq!(error.to_string(), "--jq: undefined variable $nope");
        // No module is read from disk.
        assert!(Jq::compile(r#"import "x" as x; ."#).is_err());
    }

    #[test]
    fn a_filter_error_says_the_command_succeeded() {
        let error = jq(".[] | .name", r#"[{"name":"a"}, 3]"#).unwrap_err();
        assert!(error.starts_with("--jq: cannot index 3 with"), "{error}");
        assert!(error.contains("the command itself succeeded"), "{error}");
        assert!(
            jq(".", "[1, 2")
                .unwrap_err()
                .contains("not one JSON document")
        );
    }

    #[test]
    fn the_document_is_bounded() {
        let mut document = Document::with_limit(5);
        document.write_all(b"[1]").unwrap();
        let error = document.write_all(b"   ").unwrap_err();
        assert!(
            error.to_string().contains("larger than --jq takes"),
            "{error}"
        );
        assert_eq!(document.bytes(), b"[1]");
    }
}
