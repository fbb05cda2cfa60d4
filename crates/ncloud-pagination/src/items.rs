//! The item stream: the pages' items, flattened in order.

use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures::stream::FusedStream;
use futures::{Stream, StreamExt};

use crate::{PageSource, PageStream, PaginationError};

/// The items of a listing, in order, as a [`Stream`] of `Result<Item, PaginationError>`.
///
/// Made by [`Paginator::items`](crate::Paginator::items); behaves like [`PageStream`] (lazy, ends
/// after an error, cancels on drop, `Unpin` and `Send`). It holds at most the page being consumed
/// plus the pages fetched ahead (the concurrency).
#[must_use = "streams do nothing unless polled"]
pub struct ItemStream<S: PageSource> {
    pages: PageStream<S>,
    current: std::vec::IntoIter<S::Item>,
    current_page: u64,
}

impl<S: PageSource> ItemStream<S> {
    pub(crate) fn new(pages: PageStream<S>) -> Self {
        Self {
            pages,
            current: Vec::new().into_iter(),
            current_page: 0,
        }
    }

    /// The page to continue from, as [`PageStream::next_page`]. While a page is partly consumed
    /// this is that page, so resuming may repeat some items but never skips one.
    pub fn next_page(&self) -> Option<u64> {
        if self.current.len() > 0 {
            Some(self.current_page)
        } else {
            self.pages.next_page()
        }
    }

    /// The total item count the server last reported.
    pub fn total_count(&self) -> Option<u64> {
        self.pages.total_count()
    }

    /// How many pages may be fetched at once now (1 after a throttling answer).
    pub fn concurrency(&self) -> usize {
        self.pages.concurrency()
    }

    /// The next item, as `StreamExt::next` gives it (no trait import needed).
    ///
    /// ```
    /// # use ncloud_pagination::{Page, PageRequest, PageSource, Paginator};
    /// # struct Numbers;
    /// # impl PageSource for Numbers {
    /// #     type Item = u64;
    /// #     type Error = std::io::Error;
    /// #     async fn fetch_page(&self, r: PageRequest) -> Result<Page<u64>, std::io::Error> {
    /// #         let start = r.offset().min(5);
    /// #         Ok(Page::new((start..(start + u64::from(r.size)).min(5)).collect()).with_total_count(5))
    /// #     }
    /// # }
    /// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
    /// let mut items = Paginator::new(Numbers).page_size(2).items();
    /// let mut sum = 0;
    /// while let Some(n) = items.try_next().await? {
    ///     sum += n;
    /// }
    /// assert_eq!(sum, 10);
    /// # Ok::<_, ncloud_pagination::PaginationError<std::io::Error>>(())
    /// # }).unwrap();
    /// ```
    pub async fn next(&mut self) -> Option<Result<S::Item, PaginationError<S::Error>>> {
        StreamExt::next(self).await
    }

    /// The next item, or `None` at the end: `?` takes the error out.
    pub async fn try_next(&mut self) -> Result<Option<S::Item>, PaginationError<S::Error>> {
        StreamExt::next(self).await.transpose()
    }

    /// Every remaining item, stopping at the first error.
    pub async fn try_collect(mut self) -> Result<Vec<S::Item>, PaginationError<S::Error>> {
        let mut items = Vec::new();
        while let Some(item) = self.try_next().await? {
            items.push(item);
        }
        Ok(items)
    }
}

impl<S: PageSource> Stream for ItemStream<S> {
    type Item = Result<S::Item, PaginationError<S::Error>>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        loop {
            if let Some(item) = this.current.next() {
                return Poll::Ready(Some(Ok(item)));
            }
            match futures::ready!(this.pages.poll_next_unpin(cx)) {
                Some(Ok(page)) => {
                    this.current_page = page.number();
                    this.current = page.into_items().into_iter();
                }
                Some(Err(error)) => return Poll::Ready(Some(Err(error))),
                None => return Poll::Ready(None),
            }
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.current.len(), None)
    }
}

// No field is ever pinned, so the stream is `Unpin` whatever the item type is.
impl<S: PageSource> Unpin for ItemStream<S> {}

impl<S: PageSource> FusedStream for ItemStream<S> {
    fn is_terminated(&self) -> bool {
        self.current.len() == 0 && self.pages.is_terminated()
    }
}

impl<S: PageSource> fmt::Debug for ItemStream<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ItemStream")
            .field("pages", &self.pages)
            .field("items_left_in_page", &self.current.len())
            .finish()
    }
}
