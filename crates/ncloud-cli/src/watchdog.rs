//! The last word of `--timeout`: a thread that ends the process when the command has not. The
//! command's own timeout runs in the async runtime, so it cannot stop a step that blocks the
//! runtime's thread: a write to a pipe nobody reads, a `--jq` filter that never ends. Normally
//! that timeout fires first and the command reports itself; this one fires only after a grace.

use std::io::Write;
use std::time::Duration;

use crate::error::CliError;

/// How long the command's own timeout has to end the command before the watchdog does.
const GRACE: Duration = Duration::from_secs(1);

/// Ends the process `limit` (plus the grace) from now, with the timeout's message and exit code.
pub(crate) fn start(limit: Duration) {
    let spawned = std::thread::Builder::new()
        .name("ncloud-timeout".into())
        .spawn(move || {
            std::thread::sleep(limit.saturating_add(GRACE));
            let error = CliError::timed_out(limit)
                .with_note("writing the output or running the --jq filter did not finish");
            // stderr is unbuffered; a reader that is gone must not keep the process alive.
            let _ = writeln!(std::io::stderr(), "error: {error}");
            // Skips destructors: the blocked thread holds stdout, and what it holds is lost anyway.
            std::process::exit(error.failure() as i32);
        });
    // Without the thread (no resources left), the command's own timeout still applies.
    if let Err(e) = spawned {
        tracing::debug!(error = %e, "no --timeout watchdog");
    }
}
