//! The paging policy's warnings, seen through a `tracing` subscriber. One test in its own binary:
//! tracing caches per-callsite interest globally, so subscribers of concurrent tests would race.

use std::sync::{Arc, Mutex};

use ncloud_pagination::{Page, PageRequest, PageSource, Paginator};

/// A listing whose answer to each request is scripted.
struct Scripted(fn(PageRequest) -> Page<u64>);

impl PageSource for Scripted {
    type Item = u64;
    type Error = std::io::Error;

    async fn fetch_page(&self, request: PageRequest) -> Result<Page<u64>, std::io::Error> {
        Ok((self.0)(request))
    }

    fn page_size_limits(&self) -> std::ops::RangeInclusive<u32> {
        1..=1000
    }
}

#[derive(Clone, Default)]
struct Buffer(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Buffer {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Buffer {
    /// What was written since the last call.
    fn take(&self) -> String {
        String::from_utf8(std::mem::take(&mut *self.0.lock().unwrap())).unwrap()
    }
}

fn list(source: Scripted, page_size: u32) -> Vec<u64> {
    tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap()
        .block_on(
            Paginator::new(source)
                .page_size(page_size)
                .concurrency(1)
                .try_collect(),
        )
        .unwrap()
}

fn slice(start: u64, end: u64, total: u64) -> Vec<u64> {
    (start.min(total)..end.min(total)).collect()
}

#[test]
fn inconsistent_servers_warn_and_every_item_still_comes_once() {
    let buffer = Buffer::default();
    let writer = buffer.clone();
    tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_max_level(tracing::Level::WARN)
        .with_ansi(false)
        .init();

    // 30 items, then the list shrinks to 15 while page 2 is read: the latest total ends it.
    let got = list(
        Scripted(|r| {
            let total = if r.number == 1 { 30 } else { 15 };
            let start = r.offset();
            Page::new(slice(start, start + 10, total)).with_total_count(total)
        }),
        10,
    );
    assert_eq!(got, slice(0, 15, 15));
    let warnings = buffer.take();
    assert!(warnings.contains("total changed"), "{warnings}");

    // A server that ignores the page size but sends the whole list at once.
    let got = list(
        Scripted(|_| Page::new(slice(0, 25, 25)).with_total_count(25)),
        10,
    );
    assert_eq!(got, slice(0, 25, 25));
    let warnings = buffer.take();
    assert!(warnings.contains("ignored the page size"), "{warnings}");

    // Asked 1000, the server applies 100 and says so: its page size is adopted.
    let got = list(
        Scripted(|r| {
            let size = u64::from(r.size.min(100));
            let start = (r.number - 1) * size;
            Page::new(slice(start, start + size, 250))
                .with_totals(Some(250), Some(250u64.div_ceil(size)))
                .with_page_size(u32::try_from(size).unwrap())
        }),
        1000,
    );
    assert_eq!(got, slice(0, 250, 250));
    let warnings = buffer.take();
    assert!(warnings.contains("another page size"), "{warnings}");

    // A consistent server gets no warning.
    let got = list(
        Scripted(|r| {
            let start = r.offset();
            Page::new(slice(start, start + 10, 42)).with_total_count(42)
        }),
        10,
    );
    assert_eq!(got.len(), 42);
    assert_eq!(buffer.take(), "");
}
