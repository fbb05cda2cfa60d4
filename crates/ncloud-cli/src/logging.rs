//! Logs and warnings on stderr (`RUST_LOG` overrides the level). Without `-v`, warnings only (a
//! listing whose totals disagree, a profile file others can read), one `warning: ` line each.
//! Every event is escaped whole, line feeds included: log lines carry messages and fields from
//! servers.

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
                .with_writer(safe_stderr)
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
        .with_writer(safe_stderr)
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

/// `W` with each event [escaped](text::escape) whole: what every log line goes through.
///
/// tracing-subscriber formats an event into a buffer, then writes it at once: one write is one
/// event, its own line feed last. Every other character of it, a line feed or carriage return in
/// a server's status value included, is content, escaped, so it can neither forge a log line nor
/// drive the terminal.
struct Escaping<W>(W);

impl<W: Write> Write for Escaping<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let text = String::from_utf8_lossy(buf);
        let (event, newline) = match text.strip_suffix('\n') {
            Some(event) => (event, "\n"),
            None => (&*text, ""),
        };
        write!(self.0, "{}{newline}", text::escape(event))?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

/// The stderr of every subscriber, escaped.
fn safe_stderr() -> Escaping<io::StderrLock<'static>> {
    Escaping(io::stderr().lock())
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use super::*;

    /// A buffer the subscriber writes into, shared with the test.
    #[derive(Clone, Default)]
    struct Captured(Arc<Mutex<Vec<u8>>>);

    impl Write for Captured {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_server_value_cannot_forge_a_log_line_or_drive_the_terminal() {
        let captured = Captured::default();
        let writer = captured.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::DEBUG)
            .with_ansi(false)
            .with_writer(move || Escaping(writer.clone()))
            .finish();
        let status = "RUNNING\n2026-01-01T00:00:00Z  INFO forged: all done\r\u{1b}[2J\u{1b}]0;title\u{7}\u{202e}gnp.exe";
        tracing::subscriber::with_default(subscriber, || {
            tracing::debug!(status = %status, "waiting");
            tracing::debug!("status is {status}");
            tracing::debug!(status, "as a debug field");
        });
        let output = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
        assert_eq!(output.lines().count(), 3, "{output}");
        assert!(!output.contains('\r'), "{output:?}");
        for line in output.lines() {
            assert!(!line.chars().any(text::is_unsafe), "{line:?}");
            assert!(line.contains("RUNNING\\n2026"), "{line:?}");
        }
        assert!(
            output.contains("\\u{1b}]0;title\\u{7}\\u{202e}gnp.exe"),
            "{output}"
        );
    }
}
