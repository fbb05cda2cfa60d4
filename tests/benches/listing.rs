//! `cargo xtask bench`: how much concurrent page fetching buys over a real socket.
//!
//! Lists 2,345 Media Intelligence workspaces at page size 100 (24 pages) from the fake gateway of
//! ncloud-testkit, which delays every answer by 50 ms, sequentially and with concurrency 4 and 8,
//! through the whole stack (ncloud-mi, ncloud-pagination, the signed ncloud-core transport). Each
//! configuration runs a few times; the table shows the median.
//!
//! Page 1 is always fetched alone (it gives the total), so with `c` pages at once the listing
//! takes `1 + ceil(23 / c)` round trips: the "ideal" column is `24 / that`, the best possible
//! speed-up when latency dominates.
//!
//! Without `--bench` (`cargo test --benches`), every configuration runs once, as a smoke test.

use std::time::{Duration, Instant};

use ncloud_core::Client;
use ncloud_testkit::FakeGateway;

const WORKSPACES: usize = 2_345;
const PAGE_SIZE: u32 = 100;
const LATENCY: Duration = Duration::from_millis(50);
const CONCURRENCY: [usize; 3] = [1, 4, 8];
const REPETITIONS: usize = 5;

fn main() {
    let benching = std::env::args().any(|arg| arg == "--bench");
    let repetitions = if benching { REPETITIONS } else { 1 };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    runtime.block_on(bench(repetitions));
}

async fn bench(repetitions: usize) {
    let gateway = FakeGateway::builder()
        .workspaces(WORKSPACES)
        .latency(LATENCY)
        .start()
        .await;
    let client = Client::builder()
        .credentials(gateway.credentials().clone())
        .endpoint(gateway.base_url())
        .build()
        .expect("a client");
    let mi = ncloud_mi::Client::new(client);
    let pages = WORKSPACES.div_ceil(PAGE_SIZE as usize);

    // Warm-up: connections, allocator, the gateway's first answers.
    list(&mi, 8).await;

    println!(
        "listing {WORKSPACES} MI workspaces, page size {PAGE_SIZE} ({pages} pages), \
         {} ms latency per answer, median of {repetitions}:",
        LATENCY.as_millis()
    );
    println!(
        "{:>11}  {:>7}  {:>8}  {:>8}  {:>6}",
        "concurrency", "seconds", "items/s", "speed-up", "ideal"
    );
    let mut sequential = None;
    for concurrency in CONCURRENCY {
        let mut times = Vec::with_capacity(repetitions);
        for _ in 0..repetitions {
            times.push(list(&mi, concurrency).await);
        }
        times.sort();
        let median = times[times.len() / 2].as_secs_f64();
        let sequential = *sequential.get_or_insert(median);
        let round_trips = 1 + (pages - 1).div_ceil(concurrency);
        println!(
            "{concurrency:>11}  {median:>7.3}  {:>8.0}  {:>7.2}x  {:>5.2}x",
            WORKSPACES as f64 / median,
            sequential / median,
            pages as f64 / round_trips as f64,
        );
    }
}

/// One complete listing; how long it took.
async fn list(mi: &ncloud_mi::Client, concurrency: usize) -> Duration {
    let start = Instant::now();
    let workspaces = mi
        .list_workspaces()
        .page_size(PAGE_SIZE)
        .concurrency(concurrency)
        .try_collect()
        .await
        .expect("the listing succeeds");
    let elapsed = start.elapsed();
    assert_eq!(workspaces.len(), WORKSPACES);
    elapsed
}
