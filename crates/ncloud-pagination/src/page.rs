//! What one page holds: its items and the totals the server reports.

/// One page of a listing: its items, the totals the server reports, and (once yielded by a
/// stream) its number.
///
/// A [`PageSource`](crate::PageSource) builds it from a response:
///
/// ```
/// use ncloud_pagination::Page;
///
/// // NSML: {projects, totalCount}
/// let page = Page::new(vec!["p1", "p2"]).with_total_count(12);
/// // MI: {result: {content, totalCount, totalPage}}
/// let page = Page::new(vec!["w1"]).with_total_count(3).with_total_pages(3);
/// assert_eq!(page.total_pages(), Some(3));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page<T> {
    items: Vec<T>,
    total_count: Option<u64>,
    total_pages: Option<u64>,
    page_size: Option<u32>,
    throttled: bool,
    number: u64,
}

impl<T> Page<T> {
    /// A page holding `items`, with no totals known.
    ///
    /// Without totals the listing ends on the first page shorter than the page size.
    pub fn new(items: Vec<T>) -> Self {
        Self {
            items,
            total_count: None,
            total_pages: None,
            page_size: None,
            throttled: false,
            number: 0,
        }
    }

    /// Sets the total number of items in the listing, as the server reports it.
    #[must_use]
    pub fn with_total_count(mut self, total_count: u64) -> Self {
        self.total_count = Some(total_count);
        self
    }

    /// Sets the total number of pages in the listing, as the server reports it.
    #[must_use]
    pub fn with_total_pages(mut self, total_pages: u64) -> Self {
        self.total_pages = Some(total_pages);
        self
    }

    /// Sets the totals the server reports, when it reports them (`None` leaves one unknown).
    #[must_use]
    pub fn with_totals(mut self, total_count: Option<u64>, total_pages: Option<u64>) -> Self {
        self.total_count = total_count.or(self.total_count);
        self.total_pages = total_pages.or(self.total_pages);
        self
    }

    /// Sets the page size the server says it applied (Media Intelligence reports `pageSize`). When
    /// it differs from the size asked for, the paginator adapts to it rather than skipping or
    /// repeating items (see the crate documentation).
    #[must_use]
    pub fn with_page_size(mut self, applied: u32) -> Self {
        self.page_size = Some(applied);
        self
    }

    /// Marks whether the service throttled this request on the way (for example the transport
    /// retried a 429 before succeeding): the paginator then drops to one page at a time.
    /// Takes a flag so a source can pass its transport's answer straight through.
    #[must_use]
    pub fn with_throttling(mut self, throttled: bool) -> Self {
        self.throttled = throttled;
        self
    }

    /// The items of this page.
    pub fn items(&self) -> &[T] {
        &self.items
    }

    /// The items of this page, by value.
    pub fn into_items(self) -> Vec<T> {
        self.items
    }

    /// The number of items on this page.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether this page holds no items.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The total number of items the server reported with this page.
    pub fn total_count(&self) -> Option<u64> {
        self.total_count
    }

    /// The total number of pages the server reported with this page.
    pub fn total_pages(&self) -> Option<u64> {
        self.total_pages
    }

    /// The page size the server reported applying, when it reports one.
    pub fn page_size(&self) -> Option<u32> {
        self.page_size
    }

    /// Whether the source marked this page as throttled ([`with_throttling`](Self::with_throttling)).
    pub fn was_throttled(&self) -> bool {
        self.throttled
    }

    /// The page number (from 1) this page was fetched as; set by the paginator, 0 before.
    pub fn number(&self) -> u64 {
        self.number
    }

    pub(crate) fn set_number(&mut self, number: u64) {
        self.number = number;
    }
}

impl<T> IntoIterator for Page<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}
