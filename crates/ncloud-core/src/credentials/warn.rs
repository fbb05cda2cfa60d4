//! Warnings about the user's configuration, each said once per process however often the file is
//! read (the client reads the profile for its site, then again for credentials).

use std::collections::HashSet;
use std::sync::{Mutex, OnceLock};

/// Emits `message` as a `tracing` warning unless it was already emitted.
pub(crate) fn once(message: String) {
    static SAID: OnceLock<Mutex<HashSet<String>>> = OnceLock::new();
    let mut said = SAID
        .get_or_init(Mutex::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    if said.insert(message.clone()) {
        tracing::warn!(target: "ncloud_core::config", "{message}");
    }
}
