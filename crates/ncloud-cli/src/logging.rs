//! Logs and warnings on stderr (`RUST_LOG` overrides the level): warnings always, `-v` more.

use std::io::{self, Write};

use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::format::FmtSpan;

use crate::text;

/// The crates whose events are shown.
const CRATES: [&str; 5] = [
    "ncloud_core",
    "ncloud_pagination",
    "ncloud_nsml",
    "ncloud_mi",
    "ncloud_cli",
];

/// Installs a stderr subscriber: warnings (a paging guard's, for one) at `verbosity` 0, more with
/// each `-v`.
pub(crate) fn init(verbosity: u8) {
    let level = |level: &str| {
        let directives: Vec<String> = CRATES.iter().map(|c| format!("{c}={level}")).collect();
        EnvFilter::new(directives.join(","))
    };
    let filter = match (std::env::var("RUST_LOG").ok(), verbosity) {
        (Some(spec), _) => EnvFilter::new(spec),
        (None, 0) => level("warn"),
        (None, 1) => level("info"),
        (None, 2) => level("debug"),
        (None, _) => EnvFilter::new("trace,hyper_util=debug,hyper=info,httpmock=warn"),
    };
    // A line when each call (and, at -vv, each attempt) ends: method, path, status, attempts, time.
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(|| SafeStderr)
        // Colours are escape sequences too: every one reaching the terminal is escaped.
        .with_ansi(false)
        .with_target(false);
    let _ = if verbosity == 0 {
        builder.without_time().try_init()
    } else {
        builder.with_span_events(FmtSpan::CLOSE).try_init()
    };
}

/// stderr through [`text::escape`]: a log line carries messages and fields from servers.
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
