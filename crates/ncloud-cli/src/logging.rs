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
    let level = |level: &str| EnvFilter::new(level_directives(level));
    let filter = match (std::env::var("RUST_LOG").ok(), verbosity) {
        (Some(spec), _) => EnvFilter::new(spec),
        // The paginator's stream also warns of the guard that stopped a listing: the error line
        // says it already.
        (None, 0) => EnvFilter::new(format!(
            "{},ncloud_pagination::stream=error",
            level_directives("warn")
        )),
        (None, 1) => level("info"),
        (None, 2) => level("debug"),
        (None, _) => EnvFilter::new("trace,hyper_util=debug,hyper=info,httpmock=warn"),
    };
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        // Colours are escape sequences too: every one reaching the terminal is escaped.
        .with_ansi(false)
        .with_target(false);
    let _ = if verbosity == 0 {
        // Warnings only, said as the error line is: `warning: ...`.
        builder
            .without_time()
            .with_level(false)
            .with_writer(|| SafeStderr {
                prefix: "warning: ",
            })
            .try_init()
    } else {
        // A line when each call (and, at -vv, each attempt) ends: method, path, status, attempts,
        // time.
        builder
            .with_span_events(FmtSpan::CLOSE)
            .with_writer(|| SafeStderr { prefix: "" })
            .try_init()
    };
}

/// `crate=level` for each of [`CRATES`].
fn level_directives(level: &str) -> String {
    let directives: Vec<String> = CRATES.iter().map(|c| format!("{c}={level}")).collect();
    directives.join(",")
}

/// stderr through [`text::escape`]: a log line carries messages and fields from servers.
struct SafeStderr {
    /// Starts every line.
    prefix: &'static str,
}

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
            write!(stderr, "{}{}{newline}", self.prefix, text::escape(line))?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        io::stderr().flush()
    }
}
