//! Logs and warnings on stderr (`RUST_LOG` overrides the level). Without `-v`, warnings only (a
//! listing whose totals disagree, a profile file others can read), one `warning: ` line each.
//! Every line is escaped: log lines carry messages and fields from servers.

use std::io::{self, Write};

use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::format::{self, FmtSpan};
use tracing_subscriber::fmt::{FmtContext, FormatEvent, FormatFields};
use tracing_subscriber::registry::LookupSpan;

use crate::text;

/// The crates whose events are shown.
const CRATES: [&str; 5] = [
    "ncloud_core",
    "ncloud_pagination",
    "ncloud_nsml",
    "ncloud_mi",
    "ncloud_cli",
];

/// Installs a stderr subscriber: warnings at `verbosity` 0, more with each `-v`.
pub(crate) fn init(verbosity: u8) {
    let level = |level: &str| EnvFilter::new(level_directives(level));
    let filter = match (std::env::var("RUST_LOG").ok(), verbosity) {
        (Some(spec), _) => EnvFilter::new(spec),
        (None, 0) => {
            // The paginator's stream also warns of the guard that stopped a listing: the error
            // line says it already.
            let filter = EnvFilter::new(format!(
                "{},ncloud_pagination::stream=error",
                level_directives("warn")
            ));
            let _ = tracing_subscriber::fmt()
                .with_env_filter(filter)
                .with_ansi(false)
                .event_format(WarningLine)
                .with_writer(|| SafeStderr)
                .try_init();
            return;
        }
        (None, 1) => level("info"),
        (None, 2) => level("debug"),
        (None, _) => EnvFilter::new("trace,hyper_util=debug,hyper=info,httpmock=warn"),
    };
    // A line when each call (and, at -vv, each attempt) ends: method, path, status, attempts, time.
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_span_events(FmtSpan::CLOSE)
        .with_writer(|| SafeStderr)
        // Colours are escape sequences too: every one reaching the terminal would be escaped.
        .with_ansi(false)
        .with_target(false)
        .try_init();
}

/// `crate=level` for each of [`CRATES`].
fn level_directives(level: &str) -> String {
    let directives: Vec<String> = CRATES.iter().map(|c| format!("{c}={level}")).collect();
    directives.join(",")
}

/// `warning: <message>`, nothing else: what a user sees without `-v`.
struct WarningLine;

impl<S, N> FormatEvent<S, N> for WarningLine
where
    S: tracing::Subscriber + for<'a> LookupSpan<'a>,
    N: for<'a> FormatFields<'a> + 'static,
{
    fn format_event(
        &self,
        ctx: &FmtContext<'_, S, N>,
        mut writer: format::Writer<'_>,
        event: &tracing::Event<'_>,
    ) -> std::fmt::Result {
        write!(writer, "warning: ")?;
        ctx.field_format().format_fields(writer.by_ref(), event)?;
        writeln!(writer)
    }
}

/// stderr through [`text::escape`], line by line.
struct SafeStderr;

impl Write for SafeStderr {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        // One event is one write of whole lines (tracing-subscriber formats into a buffer first).
        let text = String::from_utf8_lossy(buf);
        let mut stderr = io::stderr().lock();
        for line in text.split_inclusive('\n') {
            let (line, newline) = match line.strip_suffix('\n') {
                Some(line) => (line, "\n"),
                None => (line, ""),
            };
            write!(stderr, "{}{newline}", text::escape(line))?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        io::stderr().flush()
    }
}
