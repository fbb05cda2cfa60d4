//! Page-number paging over the data set, honest or deliberately broken.

use serde_json::Value;

/// How a page is cut from the data set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Paging {
    /// Items `(page - 1) * size ..`, the true total; past the end, an empty page.
    Honest,
    /// The total grows by one page per request to the route and every page is full, cycling
    /// through the data set: a server that never ends.
    Growing,
    /// Every page is page 1.
    Repeated,
}

/// Bounds the full pages of [`Paging::Growing`] whatever `pageSize` a client asks for.
const MAX_GROWING_PAGE: u64 = 10_000;

/// One page and the total the server claims.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Window {
    pub(crate) items: Vec<Value>,
    pub(crate) total: u64,
}

/// Page `page` (1-based) of `size` items; `route_requests` counts this request too.
pub(crate) fn window(
    items: &[Value],
    page: u32,
    size: u32,
    paging: Paging,
    route_requests: u64,
) -> Window {
    let len = items.len() as u64;
    let size = u64::from(size);
    let slice = |start: u64| {
        let start = start.min(len) as usize;
        let end = (start as u64).saturating_add(size).min(len) as usize;
        items[start..end].to_vec()
    };
    match paging {
        Paging::Honest => Window {
            items: slice(u64::from(page.saturating_sub(1)) * size),
            total: len,
        },
        Paging::Repeated => Window {
            items: slice(0),
            total: len,
        },
        Paging::Growing => {
            let start = u64::from(page.saturating_sub(1)) * size;
            let cycled = (0..size.min(MAX_GROWING_PAGE))
                .filter(|_| len > 0)
                .map(|i| items[((start + i) % len.max(1)) as usize].clone())
                .collect();
            Window {
                items: cycled,
                total: len + route_requests.saturating_mul(size),
            }
        }
    }
}

/// `ceil(total / size)`.
pub(crate) fn page_count(total: u64, size: u32) -> u64 {
    total.div_ceil(u64::from(size.max(1)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbers(n: u64) -> Vec<Value> {
        (0..n).map(Value::from).collect()
    }

    #[test]
    fn honest_pages_cover_the_set_once_with_a_short_last_page() {
        let items = numbers(25);
        let pages: Vec<_> = (1..=4)
            .map(|p| window(&items, p, 10, Paging::Honest, 1).items)
            .collect();
        assert_eq!(
            pages.iter().map(Vec::len).collect::<Vec<_>>(),
            [10, 10, 5, 0]
        );
        assert_eq!(pages.concat(), items);
        assert_eq!(window(&items, 2, 10, Paging::Honest, 1).total, 25);
        assert!(
            window(&items, u32::MAX, u32::MAX, Paging::Honest, 1)
                .items
                .is_empty()
        );
    }

    #[test]
    fn growing_pages_are_full_and_the_total_keeps_moving() {
        let items = numbers(5);
        let w = window(&items, 3, 4, Paging::Growing, 2);
        assert_eq!(w.items, [3, 4, 0, 1].map(Value::from));
        assert_eq!(w.total, 5 + 2 * 4);
        assert!(window(&[], 1, 4, Paging::Growing, 1).items.is_empty());
        assert_eq!(
            window(&items, 1, u32::MAX, Paging::Growing, 1).items.len(),
            10_000
        );
    }

    #[test]
    fn repeated_pages_are_page_one() {
        let items = numbers(25);
        assert_eq!(
            window(&items, 3, 10, Paging::Repeated, 1).items,
            items[..10]
        );
    }

    #[test]
    fn page_count_rounds_up() {
        assert_eq!(page_count(2_345, 100), 24);
        assert_eq!(page_count(2_300, 100), 23);
        assert_eq!(page_count(0, 100), 0);
    }
}
