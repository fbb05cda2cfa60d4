//! [`ResultPage`]: one page of an MI listing, the envelope's `result`.

use serde::{Deserialize, Serialize};

use crate::de;

/// One page of a Media Intelligence listing (projects, assets, indexes): the envelope's `result`.
///
/// The list is required (a page without it is a decode error, never "no items"); `null` reads as
/// empty. The reference pages name the list `content` (assets), `projects` or `indexes`: all three
/// are read. The totals are `None` where the server leaves them out: the assets page documents
/// `totalCount`, `totalPage`, `pageNo` and `pageSize`, the projects and indexes pages only
/// `totalCount`. Counts may be numbers or numeric strings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", bound(deserialize = "T: Deserialize<'de>"))]
#[non_exhaustive]
pub struct ResultPage<T> {
    /// The items of this page.
    #[serde(
        rename = "content",
        alias = "projects",
        alias = "indexes",
        deserialize_with = "de::null_as_empty"
    )]
    pub items: Vec<T>,
    /// How many items the whole listing holds.
    #[serde(default, deserialize_with = "de::opt_number")]
    pub total_count: Option<u64>,
    /// How many pages the listing has at the page size the server applied.
    #[serde(default, deserialize_with = "de::opt_number")]
    pub total_page: Option<u64>,
    /// This page's number (from 1), as the server echoes it.
    #[serde(default, deserialize_with = "de::opt_number")]
    pub page_no: Option<u64>,
    /// The page size the server applied.
    #[serde(default, deserialize_with = "de::opt_number")]
    pub page_size: Option<u64>,
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn reads_each_documented_list_name_and_requires_one() {
        for name in ["content", "projects", "indexes"] {
            let page: ResultPage<u8> =
                serde_json::from_value(json!({ name: [1, 2], "totalCount": "2" })).unwrap();
            assert_eq!(page.items, [1, 2], "{name}");
            assert_eq!((page.total_count, page.total_page), (Some(2), None));
        }
        let e = serde_json::from_value::<ResultPage<u8>>(json!({"totalCount": 0})).unwrap_err();
        assert!(e.to_string().contains("content"), "{e}");
    }
}
