//! Workspaces: `GET /workspaces` ([`ListWorkspaces`]).

use ncloud_core::client::Operation;
use ncloud_pagination::{IntoPage, ListOperation, Page, key};
use serde::{Deserialize, Serialize};

use crate::{Mi, Workspace};

/// `GET /workspaces?pageNum=N&pageSize=S`, built by
/// [`Client::list_workspaces`](crate::Client::list_workspaces).
///
/// `pageNum` is required by the API and always sent (from 1); `pageSize` is 1..=1000, default 1000.
/// The listing is keyed on the `totalPage` and `pageSize` the server reports: if it applies another
/// page size than asked, the listing follows it and still returns every workspace once.
#[derive(Debug, Clone, Copy)]
pub struct ListWorkspaces;

impl ListOperation for ListWorkspaces {
    type Service = Mi;
    type Page = WorkspacesPage;

    fn operation(&self) -> Operation<WorkspacesPage> {
        Operation::get("ListWorkspaces", ["workspaces"])
    }
}

/// What identifies an item of an MI listing, for the paginator's overlap check.
pub trait MiItem {
    /// The item's key (hash its id with [`ncloud_pagination::key`]).
    fn key(&self) -> u64;
}

impl MiItem for Workspace {
    fn key(&self) -> u64 {
        key(&self.workspace_name)
    }
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

/// One page of workspaces.
pub type WorkspacesPage = ResultPage<Workspace>;

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

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
