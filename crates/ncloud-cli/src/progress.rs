//! A progress line on stderr for long listings and waits, only when stderr is a terminal (never in
//! pipes).

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::text;

/// Counts listed items, or shows what a wait last saw; invisible unless stderr is a terminal.
/// Clones share the line.
#[derive(Debug, Clone)]
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
    pub(crate) fn waiting(awaited: &str) -> Self {
        let bar = spinner("{spinner} waiting for {msg} {prefix}({elapsed})");
        if let Some(bar) = &bar {
            bar.set_message(text::escape(awaited).into_owned());
        }
        Self { bar }
    }

    /// The state the last poll of a wait saw (the service's text, escaped), shown after what is
    /// awaited.
    pub(crate) fn state(&self, state: &str) {
        if let Some(bar) = &self.bar {
            bar.set_prefix(state_label(state));
        }
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

/// How a polled state shows on the progress line: escaped, as every server text the CLI prints.
fn state_label(state: &str) -> String {
    format!("[{}] ", text::escape(state))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_polled_state_reaches_the_terminal_escaped() {
        let hostile = "RUN\u{1b}[2J\u{1b}]0;owned\u{7}\r\nerror: forged\u{202e}txt";
        let label = state_label(hostile);
        assert!(!label.chars().any(text::is_unsafe), "{label:?}");
        assert_eq!(
            label,
            "[RUN\\u{1b}[2J\\u{1b}]0;owned\\u{7}\\r\\nerror: forged\\u{202e}txt] "
        );
    }
}
