//! Output formats: an aligned table for people, JSON and NDJSON for programs.

use std::borrow::Cow;
use std::io::{self, IsTerminal, Write};
use std::sync::atomic::{AtomicBool, Ordering};

use clap::ValueEnum;
use serde::Serialize;
use unicode_width::UnicodeWidthStr;

use crate::text;

/// How listed items are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Output {
    /// Aligned columns (default when stdout is a terminal).
    Table,
    /// One JSON array.
    Json,
    /// One JSON object per line (default when stdout is not a terminal).
    Ndjson,
}

/// Set when `--jq` is given: every command then prints the JSON document the filter reads.
static JSON_FOR_JQ: AtomicBool = AtomicBool::new(false);

/// From now on, [`output_format`] is JSON whatever `--output` says (`--jq` filters what `-o json`
/// prints). Called once, before the command runs.
pub(crate) fn json_for_jq() {
    JSON_FOR_JQ.store(true, Ordering::Relaxed);
}

/// The format chosen with `--output`, else a table on a terminal and NDJSON otherwise; JSON under
/// `--jq`.
pub(crate) fn output_format(chosen: Option<Output>) -> Output {
    if JSON_FOR_JQ.load(Ordering::Relaxed) {
        return Output::Json;
    }
    chosen.unwrap_or_else(|| {
        if std::io::stdout().is_terminal() {
            Output::Table
        } else {
            Output::Ndjson
        }
    })
}

/// An item that can be shown as a table row.
pub(crate) trait TableRow {
    /// Column headers.
    const HEADERS: &'static [&'static str];
    /// The cells of this item, one per header.
    fn cells(&self) -> Vec<String>;
}

/// Writes items as they arrive (JSON and NDJSON stream; a table waits for all rows to align them).
///
/// A listing ends with [`finish`](Self::finish) when it is complete, or with
/// [`abandon`](Self::abandon) when it failed, so that a failed listing never looks complete.
pub(crate) struct Renderer<W: Write> {
    out: W,
    format: Output,
    rows: Vec<Vec<String>>,
    count: usize,
}

impl<W: Write> Renderer<W> {
    /// A renderer writing `format` to `out`.
    pub(crate) fn new(out: W, format: Output) -> Self {
        Self {
            out,
            format,
            rows: Vec::new(),
            count: 0,
        }
    }

    /// Writes one item.
    pub(crate) fn item<T: Serialize + TableRow>(&mut self, item: &T) -> io::Result<()> {
        match self.format {
            Output::Table => self.rows.push(item.cells()),
            Output::Json => {
                self.out
                    .write_all(if self.count == 0 { b"[\n  " } else { b",\n  " })?;
                write_json(&mut self.out, item)?;
            }
            Output::Ndjson => {
                write_json(&mut self.out, item)?;
                self.out.write_all(b"\n")?;
            }
        }
        self.count += 1;
        Ok(())
    }

    /// Ends a complete listing: closes the JSON array (`[]` when empty), prints the table.
    pub(crate) fn finish<T: TableRow>(mut self) -> io::Result<usize> {
        match self.format {
            Output::Table => write_table(&mut self.out, T::HEADERS, &self.rows)?,
            Output::Json if self.count == 0 => self.out.write_all(b"[]\n")?,
            Output::Json => self.out.write_all(b"\n]\n")?,
            Output::Ndjson => {}
        }
        self.out.flush()?;
        Ok(self.count)
    }

    /// Ends a failed listing: what was listed stays printed, but a JSON array stays open so that
    /// no JSON parser accepts it, and nothing at all is printed when nothing was listed (no `[]`,
    /// no table header).
    pub(crate) fn abandon<T: TableRow>(mut self) -> io::Result<()> {
        match self.format {
            Output::Table if !self.rows.is_empty() => {
                write_table(&mut self.out, T::HEADERS, &self.rows)?;
            }
            // The line ends, the array does not.
            Output::Json if self.count > 0 => self.out.write_all(b"\n")?,
            Output::Table | Output::Json | Output::Ndjson => {}
        }
        self.out.flush()
    }
}

/// Writes one resource (what `get` and `create` print): a JSON object (not an array), one NDJSON
/// line, or a one-row table.
pub(crate) fn write_one<T: Serialize + TableRow>(
    mut out: impl Write,
    format: Output,
    item: &T,
) -> io::Result<()> {
    match format {
        Output::Json => {
            let json = serde_json::to_string_pretty(item).map_err(io::Error::from)?;
            out.write_all(text::escape_json(&json).as_bytes())?;
            out.write_all(b"\n")?;
        }
        Output::Ndjson => {
            write_json(&mut out, item)?;
            out.write_all(b"\n")?;
        }
        Output::Table => write_table(&mut out, T::HEADERS, &[item.cells()])?,
    }
    out.flush()
}

/// Writes every item of an unpaged list; returns how many.
pub(crate) fn write_all<T: Serialize + TableRow>(
    out: impl Write,
    format: Output,
    items: &[T],
) -> io::Result<usize> {
    let mut renderer = Renderer::new(out, format);
    for item in items {
        renderer.item(item)?;
    }
    renderer.finish::<T>()
}

/// One item as compact JSON, C1 and bidi characters escaped too.
fn write_json(out: &mut impl Write, item: &impl Serialize) -> io::Result<()> {
    let json = serde_json::to_string(item).map_err(io::Error::from)?;
    out.write_all(text::escape_json(&json).as_bytes())
}

fn write_table(out: &mut impl Write, headers: &[&str], rows: &[Vec<String>]) -> io::Result<()> {
    // Cells come from servers: escaped before they are measured and printed.
    let rows: Vec<Vec<Cow<'_, str>>> = rows
        .iter()
        .map(|row| row.iter().map(|cell| text::escape(cell)).collect())
        .collect();
    // Display width, not characters: Hangul and other wide characters take two columns.
    let mut widths: Vec<usize> = headers.iter().map(|h| h.width()).collect();
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.width());
        }
    }
    let line = |out: &mut dyn Write, cells: &mut dyn Iterator<Item = &str>| -> io::Result<()> {
        let mut text = String::new();
        for (i, (cell, width)) in cells.zip(&widths).enumerate() {
            if i > 0 {
                text.push_str("  ");
            }
            text.push_str(cell);
            text.extend(std::iter::repeat_n(' ', width.saturating_sub(cell.width())));
        }
        writeln!(out, "{}", text.trim_end())
    };
    line(out, &mut headers.iter().copied())?;
    for row in &rows {
        line(out, &mut row.iter().map(|cell| cell.as_ref()))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Thing {
        name: &'static str,
        size: u32,
    }

    impl TableRow for Thing {
        const HEADERS: &'static [&'static str] = &["NAME", "SIZE"];
        fn cells(&self) -> Vec<String> {
            vec![self.name.to_owned(), self.size.to_string()]
        }
    }

    fn render(format: Output, items: &[Thing]) -> String {
        let mut out = Vec::new();
        let mut renderer = Renderer::new(&mut out, format);
        for item in items {
            renderer.item(item).unwrap();
        }
        assert_eq!(renderer.finish::<Thing>().unwrap(), items.len());
        String::from_utf8(out).unwrap()
    }

    const THINGS: [Thing; 2] = [
        Thing {
            name: "alpha",
            size: 1,
        },
        Thing {
            name: "가나다라마바",
            size: 22,
        },
    ];

    #[test]
    fn table_aligns_columns_by_display_width() {
        assert_eq!(
            render(Output::Table, &THINGS),
            "NAME          SIZE\nalpha         1\n가나다라마바  22\n"
        );
    }

    #[test]
    fn json_is_one_valid_array_even_when_empty() {
        let text = render(Output::Json, &THINGS);
        let parsed: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(parsed[1]["size"], 22);
        assert_eq!(render(Output::Json, &[]), "[]\n");
    }

    #[test]
    fn a_failed_listing_never_looks_complete() {
        let abandon = |format, items: &[Thing]| {
            let mut out = Vec::new();
            let mut renderer = Renderer::new(&mut out, format);
            for item in items {
                renderer.item(item).unwrap();
            }
            renderer.abandon::<Thing>().unwrap();
            String::from_utf8(out).unwrap()
        };
        for format in [Output::Table, Output::Json, Output::Ndjson] {
            assert_eq!(abandon(format, &[]), "", "{format:?}");
        }
        let partial = abandon(Output::Json, &THINGS);
        assert!(serde_json::from_str::<serde_json::Value>(&partial).is_err());
        // Exactly the items listed, once the array is closed by hand.
        let closed: serde_json::Value = serde_json::from_str(&format!("{partial}]")).unwrap();
        assert_eq!(closed[1]["size"], 22);
        assert_eq!(
            abandon(Output::Table, &THINGS),
            render(Output::Table, &THINGS)
        );
    }

    #[test]
    fn server_text_cannot_reach_the_terminal_raw() {
        let evil = [Thing {
            name: "\u{1b}[2J\u{1b}]0;title\u{7}\u{9b}31m\u{202e}gnp.exe\nforged row",
            size: 1,
        }];
        let printable = |out: &str| !out.chars().any(|c| text::is_unsafe(c) && c != '\n');
        let table = render(Output::Table, &evil);
        assert!(printable(&table), "{table}");
        assert_eq!(table.lines().count(), 2, "no forged row: {table}");
        assert!(
            table.ends_with(concat!(
                r"\u{1b}[2J\u{1b}]0;title\u{7}\u{9b}31m\u{202e}gnp.exe\nforged row  1",
                "\n"
            )),
            "{table}"
        );
        for format in [Output::Json, Output::Ndjson] {
            let json = render(format, &evil);
            assert!(printable(&json), "{json}");
            assert!(
                json.contains(r"\u001b[2J") && json.contains(r"\u009b") && json.contains(r"\u202e")
            );
        }
    }

    #[test]
    fn one_item_is_an_object_a_line_or_a_row() {
        let one = |format| {
            let mut out = Vec::new();
            write_one(&mut out, format, &THINGS[1]).unwrap();
            String::from_utf8(out).unwrap()
        };
        let json: serde_json::Value = serde_json::from_str(&one(Output::Json)).unwrap();
        assert_eq!(json["size"], 22);
        assert_eq!(
            one(Output::Ndjson),
            "{\"name\":\"가나다라마바\",\"size\":22}\n"
        );
        assert_eq!(one(Output::Table), "NAME          SIZE\n가나다라마바  22\n");
        let mut out = Vec::new();
        assert_eq!(write_all(&mut out, Output::Json, &THINGS).unwrap(), 2);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            render(Output::Json, &THINGS)
        );
    }

    #[test]
    fn ndjson_is_one_object_per_line() {
        let text = render(Output::Ndjson, &THINGS);
        let lines: Vec<serde_json::Value> = text
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0]["name"], "alpha");
    }
}
