//! `-v`: tracing output on stderr (`RUST_LOG` overrides the level). Without `-v`, warnings only
//! (a profile file others can read, a suspicious line in it), one `warning: ` line each.

use std::io::IsTerminal;

use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::format::{self, FmtSpan};
use tracing_subscriber::fmt::{FmtContext, FormatEvent, FormatFields};
use tracing_subscriber::registry::LookupSpan;

/// Installs a stderr subscriber: warnings only (a listing whose totals disagree, a profile file
/// others can read, say), one `warning: ` line each, unless `verbosity` > 0 or `RUST_LOG` asks for
/// more.
pub(crate) fn init(verbosity: u8) {
    let filter = match (std::env::var("RUST_LOG").ok(), verbosity) {
        (Some(spec), _) => EnvFilter::new(spec),
        (None, 0) => {
            let _ = tracing_subscriber::fmt()
                .with_env_filter(EnvFilter::new(
                    "ncloud_core=warn,ncloud_pagination=warn,ncloud_nsml=warn,ncloud_mi=warn",
                ))
                .with_ansi(false)
                .event_format(WarningLine)
                .with_writer(std::io::stderr)
                .try_init();
            return;
        }
        (None, 1) => EnvFilter::new(
            "ncloud_core=info,ncloud_pagination=info,ncloud_nsml=info,ncloud_mi=info",
        ),
        (None, 2) => EnvFilter::new(
            "ncloud_core=debug,ncloud_pagination=debug,ncloud_nsml=debug,ncloud_mi=debug,ncloud_cli=debug",
        ),
        (None, _) => EnvFilter::new("trace,hyper_util=debug,hyper=info,httpmock=warn"),
    };
    // A line when each call (and, at -vv, each attempt) ends: method, path, status, attempts, time.
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_span_events(FmtSpan::CLOSE)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .with_target(false)
        .try_init();
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
