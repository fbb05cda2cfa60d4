//! `-v`: tracing output on stderr (`RUST_LOG` overrides the level).

use std::io::IsTerminal;

use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::format::FmtSpan;

/// Installs a stderr subscriber: warnings only (a listing whose totals disagree, say) unless
/// `verbosity` > 0 or `RUST_LOG` asks for more.
pub(crate) fn init(verbosity: u8) {
    let filter = match (std::env::var("RUST_LOG").ok(), verbosity) {
        (Some(spec), _) => EnvFilter::new(spec),
        (None, 0) => {
            let _ = tracing_subscriber::fmt()
                .with_env_filter(EnvFilter::new("ncloud_pagination=warn,ncloud_core=warn"))
                .with_writer(std::io::stderr)
                .with_ansi(false)
                .with_target(false)
                .without_time()
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
