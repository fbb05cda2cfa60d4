//! `cargo xtask bench`: many clients against one gateway that throttles.
//!
//! The fake gateway of ncloud-testkit admits 2 requests in flight and answers the others HTTP 429
//! (NCP code 420, `Retry-After: 1`), with 20 ms latency per answer. The ideal time is every page
//! at the gateway's full rate: `pages x 20 ms / 2`.
//!
//! - **one process, 16 listings sharing one client** (15 pages each), with the adaptive
//!   client-side rate limiter on (opt-in) and off (the default);
//! - **24 `ncloud` processes** at once, each listing 15 pages (the goal: every process
//!   finishes with every item, 429s at most a quarter of the requests, within 2.5x the ideal).
//!   The binary comes from `NCLOUD_BIN` (`cargo xtask bench` builds it); without it, this
//!   scenario is skipped.
//!
//! Without `--bench` (`cargo test --benches`), the in-process scenario runs once with fewer
//! listings, as a smoke test.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use ncloud_core::client::RetryConfig;
use ncloud_core::{Client, Credentials};
use ncloud_testkit::{FakeGateway, Route};

const PAGES: usize = 15;
const PAGE_SIZE: usize = 100;
const IN_FLIGHT: usize = 2;
const LATENCY: Duration = Duration::from_millis(20);
const ACCESS_KEY: &str = "AKIDTHROTTLINGBENCH";
const SECRET_KEY: &str = "throttling-bench-secret-key";

fn main() {
    let benching = std::env::args().any(|arg| arg == "--bench");
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    let listings = if benching { 16 } else { 4 };
    println!(
        "{listings} listings of {PAGES} pages in one process, one shared client; the gateway \
         admits {IN_FLIGHT} in flight (429 + Retry-After: 1 beyond), {} ms latency:",
        LATENCY.as_millis()
    );
    header();
    for limiter in [true, false] {
        let outcome = runtime.block_on(in_process(listings, limiter));
        let label = if limiter {
            "rate limiter on"
        } else {
            "rate limiter off"
        };
        outcome.print(label);
    }
    match std::env::var_os("NCLOUD_BIN") {
        Some(bin) if benching => {
            println!("\n24 ncloud processes, {PAGES} pages each, same gateway:");
            header();
            runtime.block_on(processes(&bin, 24)).print("24 processes");
        }
        _ => println!("\n(24-process scenario skipped: run `cargo xtask bench`)"),
    }
}

fn gateway(workspaces: usize) -> ncloud_testkit::FakeGatewayBuilder {
    FakeGateway::builder()
        .credentials(Credentials::new(ACCESS_KEY, SECRET_KEY))
        .workspaces(workspaces)
        .latency(LATENCY)
        .admit_in_flight(IN_FLIGHT)
}

/// What one scenario measured.
struct Outcome {
    elapsed: Duration,
    pages: usize,
    served: usize,
    throttled: usize,
    failures: usize,
}

fn header() {
    println!(
        "{:>18}  {:>7}  {:>7}  {:>6}  {:>8}  {:>5}  {:>8}",
        "", "seconds", "ideal", "x", "requests", "429s", "failures"
    );
}

impl Outcome {
    fn print(&self, label: &str) {
        let ideal = (self.pages as f64 * LATENCY.as_secs_f64()) / IN_FLIGHT as f64;
        let requests = self.served + self.throttled;
        println!(
            "{label:>18}  {:>7.2}  {ideal:>7.2}  {:>5.2}x  {requests:>8}  {:>4.1}%  {:>8}",
            self.elapsed.as_secs_f64(),
            self.elapsed.as_secs_f64() / ideal,
            100.0 * self.throttled as f64 / requests.max(1) as f64,
            self.failures,
        );
    }
}

/// `listings` listings at once through one client.
async fn in_process(listings: usize, limiter: bool) -> Outcome {
    let gateway = gateway(PAGES * PAGE_SIZE).start().await;
    let client = Client::builder()
        .credentials(gateway.credentials().clone())
        .endpoint(gateway.base_url())
        .retry(RetryConfig::standard().with_adaptive_rate_limit(limiter))
        .build()
        .expect("a client");
    let mi = ncloud_mi::Client::new(client);
    let start = Instant::now();
    let tasks: Vec<_> = (0..listings)
        .map(|_| {
            let mi = mi.clone();
            tokio::spawn(async move {
                mi.list_workspaces()
                    .page_size(PAGE_SIZE as u32)
                    .try_collect()
                    .await
                    .map(|items| items.len())
            })
        })
        .collect();
    let mut failures = 0;
    for task in tasks {
        match task.await.expect("the listing task ends") {
            Ok(items) if items == PAGES * PAGE_SIZE => {}
            _ => failures += 1,
        }
    }
    Outcome {
        elapsed: start.elapsed(),
        pages: listings * PAGES,
        served: gateway.requests(Route::Workspaces),
        throttled: gateway.throttled(),
        failures,
    }
}

/// `count` `ncloud` processes at once, each listing every workspace.
async fn processes(bin: &std::ffi::OsStr, count: usize) -> Outcome {
    let gateway = gateway(PAGES * PAGE_SIZE).start().await;
    let base = gateway.base_url();
    let home = std::env::temp_dir();
    let start = Instant::now();
    let children: Vec<_> = (0..count)
        .map(|_| {
            Command::new(bin)
                .args(["--endpoint", &base, "mi", "workspaces"])
                .args(["--page-size", &PAGE_SIZE.to_string(), "-o", "ndjson"])
                .env_clear()
                .env("HOME", &home)
                .env("NCLOUD_ACCESS_KEY_ID", ACCESS_KEY)
                .env("NCLOUD_SECRET_ACCESS_KEY", SECRET_KEY)
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("ncloud starts")
        })
        .collect();
    // Every child's pipes are drained at once, each on its own thread: read one after another,
    // a child blocked on a full stdout pipe would stall its listing and serialize the processes.
    let outputs = tokio::task::spawn_blocking(move || {
        let readers: Vec<_> = children
            .into_iter()
            .map(|child| std::thread::spawn(move || child.wait_with_output()))
            .collect();
        readers
            .into_iter()
            .map(|reader| {
                reader
                    .join()
                    .expect("the reader thread ends")
                    .expect("ncloud ends")
            })
            .collect::<Vec<_>>()
    })
    .await
    .expect("the processes end");
    let elapsed = start.elapsed();
    let mut failures = 0;
    for output in &outputs {
        let items = output
            .stdout
            .split(|&b| b == b'\n')
            .filter(|l| !l.is_empty())
            .count();
        if !output.status.success() || items != PAGES * PAGE_SIZE {
            failures += 1;
            eprintln!("{}", String::from_utf8_lossy(&output.stderr));
        }
    }
    Outcome {
        elapsed,
        pages: count * PAGES,
        served: gateway.requests(Route::Workspaces),
        throttled: gateway.throttled(),
        failures,
    }
}
