//! Runs a listing: streams items from the paginator into the chosen output, with a progress line.

use std::io::Write;

use ncloud_core::Error;
use ncloud_pagination::{IntoPage, ItemStream, List, ListOperation, PageSource, PaginationError};
use serde::Serialize;

use crate::cli::ListArgs;
use crate::error::CliError;
use crate::exit::Failure;
use crate::progress::Progress;
use crate::render::{Output, Renderer, TableRow, output_format};
use crate::resume::{ResumeAt, resume_command};

/// How a listing runs: the list options with the service's defaults applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ListPlan {
    pub(crate) page: u64,
    pub(crate) page_size: u32,
    pub(crate) concurrency: usize,
    pub(crate) limit: Option<u64>,
    pub(crate) output: Output,
}

impl ListPlan {
    /// The plan for `args` on a service whose default page size is `default_page_size`.
    ///
    /// `--limit` asks for no more than it needs: from page 1, pages hold at most `limit` items, and
    /// no more pages are fetched at once than the limit can use. (From a later page the page size
    /// stays, since it decides where that page starts.)
    pub(crate) fn new(args: &ListArgs, default_page_size: u32) -> Self {
        let mut page_size = args.page_size.unwrap_or(default_page_size);
        let mut concurrency = usize::try_from(args.concurrency).unwrap_or(1);
        if let Some(limit) = args.limit {
            if args.page == 1 {
                page_size = page_size.min(u32::try_from(limit).unwrap_or(u32::MAX));
            }
            // The first page is fetched alone; the others, at most this many at a time.
            let later_pages = limit
                .div_ceil(u64::from(page_size.max(1)))
                .saturating_sub(1);
            concurrency =
                concurrency.min(usize::try_from(later_pages).unwrap_or(usize::MAX).max(1));
        }
        Self {
            page: args.page,
            page_size,
            concurrency,
            limit: args.limit,
            output: output_format(args.output),
        }
    }

    /// `error`, with the command that continues the listing when part of it was printed.
    fn failed(&self, error: PaginationError<Error>, printed: u64) -> CliError {
        let resume_page = error.resume_page();
        let error = CliError::from(error);
        match resume_page {
            Some(page) if page > self.page && error.failure() != Failure::Usage => {
                let at = ResumeAt {
                    page,
                    page_size: self.page_size,
                    limit: self.limit.map(|limit| limit.saturating_sub(printed)),
                };
                error.with_resume_command(&resume_command(at))
            }
            _ => error,
        }
    }
}

/// Runs `list` as `args` say (start page, page size, concurrency, `--limit`) and prints its items
/// like [`print_items`].
pub(crate) async fn print_list<L>(
    list: List<L>,
    args: &ListArgs,
    what: &'static str,
    out: impl Write,
) -> Result<usize, CliError>
where
    L: ListOperation,
    <L::Page as IntoPage>::Item: Serialize + TableRow,
{
    let plan = ListPlan::new(args, L::DEFAULT_PAGE_SIZE);
    let list = list
        .page(plan.page)
        .page_size(plan.page_size)
        .concurrency(plan.concurrency);
    print_items(list.items(), &plan, what, out).await
}

/// Prints every item of `items` (up to the plan's limit) to `out`; returns how many were printed.
/// On failure, what was printed stays, marked incomplete as [`Renderer::abandon`] says.
pub(crate) async fn print_items<S>(
    mut items: ItemStream<S>,
    plan: &ListPlan,
    what: &'static str,
    out: impl Write,
) -> Result<usize, CliError>
where
    S: PageSource<Error = Error>,
    S::Item: Serialize + TableRow,
{
    let mut renderer = Renderer::new(out, plan.output);
    let progress = Progress::new(what);
    let limit = plan.limit.unwrap_or(u64::MAX);
    let mut printed = 0u64;
    // Stopping early drops the stream, which cancels the pages still in flight.
    while printed < limit {
        let Some(item) = items.next().await else {
            break;
        };
        match item {
            Ok(item) => {
                renderer.item(&item)?;
                progress.inc(items.total_count());
                printed += 1;
            }
            Err(error) => {
                progress.finish();
                renderer.abandon::<S::Item>()?;
                return Err(plan.failed(error, printed));
            }
        }
    }
    progress.finish();
    Ok(renderer.finish::<S::Item>()?)
}

/// `-` for a missing value.
pub(crate) fn cell<T: ToString>(value: Option<T>) -> String {
    value.map_or_else(|| "-".to_owned(), |v| v.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(page: u64, page_size: Option<u32>, limit: Option<u64>) -> ListPlan {
        let args = ListArgs {
            page,
            page_size,
            limit,
            output: Some(Output::Ndjson),
            concurrency: 4,
        };
        ListPlan::new(&args, 1000)
    }

    #[test]
    fn limit_asks_for_no_larger_pages_than_needed() {
        assert_eq!(
            (
                plan(1, None, None).page_size,
                plan(1, None, None).concurrency
            ),
            (1000, 4)
        );
        // One page of 5 is all it takes.
        let five = plan(1, None, Some(5));
        assert_eq!((five.page_size, five.concurrency), (5, 1));
        // Pages of 3: page 1, then page 2 alone.
        let small = plan(1, Some(3), Some(5));
        assert_eq!((small.page_size, small.concurrency), (3, 1));
        // Pages of 10 for 45 items: page 1, then 4 at once.
        let many = plan(1, Some(10), Some(45));
        assert_eq!((many.page_size, many.concurrency), (10, 4));
        let some = plan(1, Some(10), Some(25));
        assert_eq!((some.page_size, some.concurrency), (10, 2));
        // From page 7 the size decides where the page starts: kept.
        assert_eq!(plan(7, Some(100), Some(5)).page_size, 100);
    }
}
