//! A progress line on stderr for long listings, only when stderr is a terminal (never in pipes).

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::text;

/// Counts listed items; invisible unless stderr is a terminal.
#[derive(Debug)]
pub(crate) struct Progress {
    bar: Option<ProgressBar>,
}

impl Progress {
    /// A progress indicator for a listing of `what` (e.g. "projects").
    pub(crate) fn new(what: &'static str) -> Self {
        let bar = spinner("{spinner} {pos}{msg} {prefix}");
        if let Some(bar) = &bar {
            bar.set_prefix(text::escape(what).into_owned());
        }
        Self { bar }
    }

    /// A spinner saying what is awaited, with the time spent (`--wait`).
    pub(crate) fn waiting(awaited: String) -> Self {
        let bar = spinner("{spinner} waiting for {msg} ({elapsed})");
        if let Some(bar) = &bar {
            bar.set_message(text::escape(&awaited).into_owned());
        }
        Self { bar }
    }

    /// One more item listed; `total` when the service reported it.
    pub(crate) fn inc(&self, total: Option<u64>) {
        if let Some(bar) = &self.bar {
            if let Some(total) = total {
                bar.set_message(format!("/{total}"));
            }
            bar.inc(1);
        }
    }

    /// Removes the line.
    pub(crate) fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// A ticking line on stderr with `template`, or none when stderr is not a terminal.
fn spinner(template: &str) -> Option<ProgressBar> {
    if !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template(template).unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    bar.enable_steady_tick(Duration::from_millis(120));
    Some(bar)
}
