//! Items per second through `items()` over an in-memory source of 100,000 items: the paginator's
//! own overhead (scheduling, ordering, guards), with no I/O.

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use ncloud_pagination::{Page, PageRequest, PageSource, Paginator, key};

const TOTAL: u64 = 100_000;

struct InMemory;

impl PageSource for InMemory {
    type Item = u64;
    type Error = std::io::Error;

    async fn fetch_page(&self, request: PageRequest) -> Result<Page<u64>, Self::Error> {
        let start = request.offset().min(TOTAL);
        let end = (start + u64::from(request.size)).min(TOTAL);
        Ok(Page::new((start..end).collect()).with_total_count(TOTAL))
    }

    // Fingerprinting is on, as a service with item ids would have it.
    fn item_key(&self, item: &u64) -> Option<u64> {
        Some(key(item))
    }

    fn page_size_limits(&self) -> std::ops::RangeInclusive<u32> {
        1..=1000
    }
}

fn items(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("a current-thread runtime");
    let mut group = c.benchmark_group("items");
    group.throughput(Throughput::Elements(TOTAL));
    group.measurement_time(Duration::from_secs(5));
    for (page_size, concurrency) in [(10, 4), (100, 1), (100, 4), (1000, 4)] {
        let id =
            BenchmarkId::from_parameter(format!("page_size={page_size}/concurrency={concurrency}"));
        group.bench_function(id, |b| {
            b.iter(|| {
                runtime.block_on(async {
                    let mut stream = Paginator::new(InMemory)
                        .page_size(page_size)
                        .concurrency(concurrency)
                        .max_pages(u64::MAX)
                        .items();
                    let mut sum = 0u64;
                    while let Some(item) = stream.next().await {
                        sum = sum.wrapping_add(item.expect("in-memory pages never fail"));
                    }
                    black_box(sum)
                })
            });
        });
    }
    group.finish();
}

criterion_group!(benches, items);
criterion_main!(benches);
