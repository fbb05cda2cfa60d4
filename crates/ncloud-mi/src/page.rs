//! [`CountedPage`]: a listing answer that names its list `projects` or `indexes` and documents only
//! `totalCount`.

use ncloud_pagination::{IntoPage, Page};

use crate::MiItem;
use serde::{Deserialize, Serialize};

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
}
