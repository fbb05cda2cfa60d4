//! Runs a listing: streams items from the paginator into the chosen output, with a progress line.

use std::io::Write;

use ncloud_core::Error;
use ncloud_pagination::{ItemStream, PageSource, Paginator};
use serde::Serialize;

use crate::cli::ListArgs;
use crate::error::CliError;
use crate::progress::Progress;
use crate::render::{Renderer, TableRow, output_format};

/// Applies `--page`, `--page-size` and `--concurrency` to `list`, then prints its items like
/// [`print_items`].
pub(crate) async fn print_list<S>(
    list: Paginator<S>,
    args: &ListArgs,
    what: &'static str,
    out: impl Write,
) -> Result<usize, CliError>
where
    S: PageSource<Error = Error>,
    S::Item: Serialize + TableRow,
{
    let mut list = list
        .page(args.page)
        .concurrency(usize::try_from(args.concurrency).unwrap_or(1));
    if let Some(size) = args.page_size {
        list = list.page_size(size);
    }
    print_items(list.items(), args, what, out).await
}

/// Prints every item of `items` (up to `--limit`) to `out`; returns how many were printed.
pub(crate) async fn print_items<S>(
    items: ItemStream<S>,
    args: &ListArgs,
    what: &'static str,
    out: impl Write,
) -> Result<usize, CliError>
where
    S: PageSource<Error = Error>,
    S::Item: Serialize + TableRow,
{
    let mut renderer = Renderer::new(out, output_format(args.output));
    let progress = Progress::new(what);
    let limit = args.limit.unwrap_or(u64::MAX);
    let mut items = items;
    let mut printed = 0u64;
    // Stopping early drops the stream, which cancels the pages still in flight.
    while printed < limit {
        let Some(item) = items.next().await else {
            break;
        };
        let item = match item {
            Ok(item) => item,
            Err(error) => {
                progress.finish();
                // What was listed so far is still printed (a closed JSON array, an aligned table).
                renderer.finish::<S::Item>()?;
                return Err(error.into());
            }
        };
        renderer.item(&item)?;
        progress.inc(items.total_count());
        printed += 1;
    }
    progress.finish();
    Ok(renderer.finish::<S::Item>()?)
}

/// `-` for a missing value.
pub(crate) fn cell<T: ToString>(value: Option<T>) -> String {
    value.map_or_else(|| "-".to_owned(), |v| v.to_string())
}
