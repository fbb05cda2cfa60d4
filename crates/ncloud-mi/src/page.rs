//! The pages of MI's listings: [`ResultPage`] (MI's usual `{content, totalCount, totalPage, ...}`),
//! [`CountedPage`] (the project and index listings' `{projects|indexes, totalCount}`), and the
//! [`MiItem`] key both check for overlaps.

use ncloud_pagination::{IntoPage, Page};

use serde::{Deserialize, Serialize};

/// What identifies an item of an MI listing, for the paginator's overlap check.
pub trait MiItem {
    /// The item's key (hash its id with [`ncloud_pagination::key`]).
    fn key(&self) -> u64;
}

/// One page of an MI listing: the envelope's `result`, `{content, totalCount, totalPage, pageNo,
/// pageSize}` (counts as numbers or numeric strings). `content` is required (`null` reads as
/// empty): a `result` without it is an error, never "nothing".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", bound(deserialize = "T: Deserialize<'de>"))]
#[non_exhaustive]
pub struct ResultPage<T> {
    /// The items of this page.
    #[serde(deserialize_with = "ncloud_core::de::null_as_empty")]
    pub content: Vec<T>,
    /// How many items the listing holds.
    #[serde(deserialize_with = "ncloud_core::de::count")]
    pub total_count: u64,
    /// How many pages the listing has at the page size the server applied.
    #[serde(deserialize_with = "ncloud_core::de::count")]
    pub total_page: u64,
    /// The page number, from 1, as the server echoes it.
    #[serde(default, deserialize_with = "ncloud_core::de::optional_count")]
    pub page_no: Option<u64>,
    /// The page size the server applied.
    #[serde(default, deserialize_with = "ncloud_core::de::optional_count")]
    pub page_size: Option<u64>,
}

/// The items with the totals and the applied page size, for the paginator.
impl<T: MiItem + Send + 'static> IntoPage for ResultPage<T> {
    type Item = T;

    fn into_page(self) -> Page<T> {
        let page =
            Page::new(self.content).with_totals(Some(self.total_count), Some(self.total_page));
        match self.page_size.and_then(|size| u32::try_from(size).ok()) {
            Some(size) => page.with_page_size(size),
            None => page,
        }
    }

    fn item_key(item: &T) -> Option<u64> {
        Some(item.key())
    }
}

/// One answer of the project or index listing: the envelope's `result`. The reference pages show
/// `{projects, totalCount}` and `{indexes, totalCount}` (not MI's usual `content` with
/// `totalPage`, see [`ResultPage`](crate::ResultPage)); the list is read under either name (and
/// `content`) and is required (`null` reads as empty), the counts are `None` when left out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", bound(deserialize = "T: Deserialize<'de>"))]
#[non_exhaustive]
pub struct CountedPage<T> {
    /// The items of this answer.
    #[serde(
        alias = "projects",
        alias = "indexes",
        alias = "content",
        deserialize_with = "ncloud_core::de::null_as_empty"
    )]
    pub items: Vec<T>,
    /// How many items the listing holds.
    #[serde(default, deserialize_with = "ncloud_core::de::optional_count")]
    pub total_count: Option<u64>,
    /// How many pages the listing has, if the server says.
    #[serde(default, deserialize_with = "ncloud_core::de::optional_count")]
    pub total_page: Option<u64>,
    /// The page size the server applied, if it says.
    #[serde(default, deserialize_with = "ncloud_core::de::optional_count")]
    pub page_size: Option<u64>,
}

/// The items with whatever totals the server reported, for the paginator (which accepts a first
/// page holding the whole listing).
impl<T: MiItem + Send + 'static> IntoPage for CountedPage<T> {
    type Item = T;

    fn into_page(self) -> Page<T> {
        let page = Page::new(self.items).with_totals(self.total_count, self.total_page);
        match self.page_size.and_then(|size| u32::try_from(size).ok()) {
            Some(size) => page.with_page_size(size),
            None => page,
        }
    }

    fn item_key(item: &T) -> Option<u64> {
        Some(item.key())
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::Workspace;

    /// One page of workspaces, as the `ResultPage` tests read it.
    type WorkspacesPage = ResultPage<Workspace>;

    #[derive(Debug, PartialEq, Deserialize)]
    struct Id(u8);

    impl MiItem for Id {
        fn key(&self) -> u64 {
            u64::from(self.0)
        }
    }

    #[test]
    fn reads_each_documented_list_name_and_requires_one() {
        for name in ["projects", "indexes", "content"] {
            let page: CountedPage<Id> =
                serde_json::from_value(json!({ name: [1, 2], "totalCount": "2" })).unwrap();
            assert_eq!(page.items, [Id(1), Id(2)], "{name}");
            let page = page.into_page();
            assert_eq!((page.total_count(), page.total_pages()), (Some(2), None));
            assert_eq!(CountedPage::<Id>::item_key(&page.items()[1]), Some(2));
        }
        let e = serde_json::from_value::<CountedPage<u8>>(json!({"totalCount": 0})).unwrap_err();
        assert!(e.to_string().contains("items"), "{e}");
        let empty: CountedPage<u8> =
            serde_json::from_value(json!({"projects": null, "totalCount": 0})).unwrap();
        assert!(empty.items.is_empty());
    }

    #[test]
    fn counts_accept_numbers_and_numeric_strings_only() {
        let page: WorkspacesPage = serde_json::from_value(json!({
            "totalCount": "3", "totalPage": 1, "pageNo": 1, "pageSize": " 100 ", "content": null
        }))
        .unwrap();
        assert_eq!((page.total_count, page.page_size), (3, Some(100)));
        assert!(page.content.is_empty());
        let e = serde_json::from_value::<WorkspacesPage>(json!({
            "totalCount": "many", "totalPage": 1, "pageNo": 1, "pageSize": 1, "content": []
        }))
        .unwrap_err();
        assert!(e.to_string().contains("\"many\""), "{e}");
        let e = serde_json::from_value::<WorkspacesPage>(json!({"totalCount": 1, "content": []}))
            .unwrap_err();
        assert!(e.to_string().contains("totalPage"), "{e}");
    }

    #[test]
    fn a_result_without_content_is_an_error() {
        let e = serde_json::from_value::<WorkspacesPage>(json!({"totalCount": 1, "totalPage": 1}))
            .unwrap_err();
        assert!(e.to_string().contains("content"), "{e}");
    }

    #[test]
    fn the_applied_page_size_reaches_the_paginator() {
        let page: WorkspacesPage = serde_json::from_value(json!({
            "totalCount": 250, "totalPage": 3, "pageNo": 1, "pageSize": 100, "content": []
        }))
        .unwrap();
        let page = page.into_page();
        assert_eq!((page.page_size(), page.total_pages()), (Some(100), Some(3)));
    }
}
