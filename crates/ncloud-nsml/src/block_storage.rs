//! Block storages: [`BlockStorage`], its [`BlockStorageStatus`], and one
//! [`BlockStoragesPage`] of `GET /blk-storages`.

use ncloud_core::client::Operation;
use ncloud_core::datetime::DateTime;
use ncloud_pagination::{IntoPage, List, ListOperation, Page, key};
use serde::{Deserialize, Serialize};

use crate::{Client, Nsml};

ncloud_core::string_enum! {
    /// Where a block storage is (`status`); other values are kept as
    /// [`Unknown`](Self::Unknown).
    pub enum BlockStorageStatus {
        /// `USED`: attached to a node.
        Used = "USED",
        /// `DELETED`: being deleted.
        Deleted = "DELETED",
        /// `DETACHED`: free to attach to a run.
        Detached = "DETACHED",
        /// `CHANGING`: being changed.
        Changing = "CHANGING",
    }
}

/// A block storage a run can attach (by [`block_storage_no`](Self::block_storage_no)).
///
/// ```
/// use ncloud_nsml::{BlockStorage, BlockStorageStatus};
///
/// let storage: BlockStorage = serde_json::from_str(
///     r#"{"blockStorageNo": 17, "blockStorageNm": "data", "status": "DETACHED"}"#,
/// )?;
/// assert_eq!(storage.block_storage_no, 17);
/// assert_eq!(storage.status, Some(BlockStorageStatus::Detached));
/// # Ok::<_, serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct BlockStorage {
    /// The block storage number (`blockStorageNo`), given to a run in `blockStorageNoList`.
    pub block_storage_no: u64,
    /// Its name (`blockStorageNm`).
    #[serde(default)]
    pub block_storage_nm: Option<String>,
    /// The project it belongs to (`projectId`).
    #[serde(default)]
    pub project_id: Option<String>,
    /// Where it is (`status`).
    #[serde(default)]
    pub status: Option<BlockStorageStatus>,
    /// The node it is attached to (`nodeId`).
    #[serde(default)]
    pub node_id: Option<String>,
    /// When it was created (`createTime`), in the service's local time.
    #[serde(default)]
    pub create_time: Option<DateTime>,
    /// When it last changed (`updateTime`), in the service's local time.
    #[serde(default)]
    pub update_time: Option<DateTime>,
}

impl BlockStorage {
    /// A block storage with this number and every other field unknown (for tests and fakes).
    pub fn new(block_storage_no: u64) -> Self {
        Self {
            block_storage_no,
            block_storage_nm: None,
            project_id: None,
            status: None,
            node_id: None,
            create_time: None,
            update_time: None,
        }
    }
}

/// One page of `GET /blk-storages`: `{"page", "pageSize", "totalCount", "blockStorageMgmtList"}`.
///
/// The list is required (a page without it is an error, never "no storages"); `null` reads as
/// empty. `page` and `pageSize` are what the server applied.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct BlockStoragesPage {
    /// The storages of this page (`blockStorageMgmtList`).
    #[serde(
        rename = "blockStorageMgmtList",
        deserialize_with = "ncloud_core::de::null_as_empty"
    )]
    pub block_storages: Vec<BlockStorage>,
    /// How many storages the whole listing holds (`totalCount`).
    #[serde(default, deserialize_with = "ncloud_core::de::optional_count")]
    pub total_count: Option<u64>,
    /// The page number the server answered (`page`).
    #[serde(default)]
    pub page: Option<u64>,
    /// The page size the server applied (`pageSize`).
    #[serde(default)]
    pub page_size: Option<u32>,
}

/// `GET /blk-storages?page=N&pageSize=S`, built by [`Client::list_block_storages`]. The answer
/// echoes the page size it applied, which the paginator checks.
#[derive(Debug, Clone, Copy)]
pub struct ListBlockStorages;

impl ListOperation for ListBlockStorages {
    type Service = Nsml;
    type Page = BlockStoragesPage;

    fn operation(&self) -> Operation<BlockStoragesPage> {
        Operation::get("ListBlockStorages", ["blk-storages"])
    }
}

impl IntoPage for BlockStoragesPage {
    type Item = BlockStorage;

    /// The answer echoes the page size it applied, which the paginator checks.
    fn into_page(self) -> Page<BlockStorage> {
        let page = Page::new(self.block_storages).with_totals(self.total_count, None);
        match self.page_size {
            Some(applied) => page.with_page_size(applied),
            None => page,
        }
    }

    fn item_key(storage: &BlockStorage) -> Option<u64> {
        Some(key(&storage.block_storage_no))
    }
}

impl Client {
    /// `GET /blk-storages`: the block storages of the account, one page with `send` or all of
    /// them with `items`.
    pub fn list_block_storages(&self) -> List<ListBlockStorages> {
        List::from_operation(self.service().clone(), ListBlockStorages)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_list_is_required_and_unknown_statuses_are_kept() {
        assert!(serde_json::from_value::<BlockStoragesPage>(json!({"totalCount": 0})).is_err());
        let page: BlockStoragesPage = serde_json::from_value(json!({
            "blockStorageMgmtList": [{"blockStorageNo": 1, "status": "FROZEN"}]
        }))
        .unwrap();
        assert_eq!(
            page.block_storages[0].status,
            Some(BlockStorageStatus::Unknown("FROZEN".into()))
        );
        assert_eq!(page.total_count, None);
    }
}
