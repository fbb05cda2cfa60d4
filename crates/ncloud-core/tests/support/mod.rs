//! What several test binaries need: a clock whose waits return at once, and a log buffer.

// Each test binary uses a different part of this module.
#![allow(dead_code)]

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::UNIX_EPOCH;

use ncloud_core::time::ManualTimeSource;

/// A clock whose waits return at once (moving it forward): retries are exercised without
/// waiting, and attempt timeouts never fire against a real server.
pub(crate) fn no_wait() -> ManualTimeSource {
    ManualTimeSource::new(UNIX_EPOCH)
}

/// Where a test's `tracing` subscriber writes; clones share the bytes.
#[derive(Clone, Default)]
pub(crate) struct Buffer(pub(crate) Arc<Mutex<Vec<u8>>>);

impl Buffer {
    /// Everything written so far, as text.
    pub(crate) fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

impl Write for Buffer {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
