//! jq's `debug` and `stderr`, on stderr. jaq reports them through the `log` crate (`debug` at
//! `Debug`, `stderr` at `Error`, from `jaq_std`); nothing else ncloud uses logs through `log`
//! (its own logs go through `tracing`). Escaped like everything printed: values come from servers.

use std::io::Write;

use log::{Level, LevelFilter, Log, Metadata, Record};

use crate::text;

/// The logger of jq's messages.
struct JqMessages;

static MESSAGES: JqMessages = JqMessages;

/// Prints jq's `debug` and `stderr` messages from now on (a second call changes nothing).
pub(crate) fn install() {
    if log::set_logger(&MESSAGES).is_ok() {
        log::set_max_level(LevelFilter::Debug);
    }
}

impl Log for JqMessages {
    fn enabled(&self, metadata: &Metadata<'_>) -> bool {
        metadata.target().starts_with("jaq")
    }

    fn log(&self, record: &Record<'_>) {
        if !self.enabled(record.metadata()) {
            return;
        }
        let message = record.args().to_string();
        // As jq 1.7 prints them: `debug` as `["DEBUG:",<compact JSON>]` and a line feed,
        // `stderr` its input as is (a string raw), with no line feed.
        let shown = match record.level() {
            Level::Debug => format!(
                "{}\n",
                text::escape_json(&format!("[\"DEBUG:\",{message}]"))
            ),
            _ => text::escape_raw(&message).into_owned(),
        };
        let _ = std::io::stderr().write_all(shown.as_bytes());
    }

    fn flush(&self) {}
}
