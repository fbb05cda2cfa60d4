//! Indexes of an asset: list ([`ListIndexes`]), get with a confidence level ([`GetIndex`]),
//! delete.

use ncloud_core::Error;
use ncloud_core::client::{NoContent, Operation};
use ncloud_pagination::{List, ListOperation, key};

use crate::asset_path::AssetPath;
use crate::{Client, ConfidenceLevel, CountedPage, Index, Mi, MiItem};

/// `GET .../assets/{asset_id}/indexes`, built by [`Client::list_indexes`].
///
/// The reference page documents `{indexes, totalCount}` and no paging parameters; `pageNum` and
/// `pageSize` are sent as on MI's other lists, and an answer with every index at once ends the
/// listing on its first page.
#[derive(Debug, Clone)]
pub struct ListIndexes {
    asset: AssetPath,
}

impl ListOperation for ListIndexes {
    type Service = Mi;
    type Page = CountedPage<Index>;

    fn operation(&self) -> Operation<CountedPage<Index>> {
        Operation::get("ListIndexes", self.asset.with(&["indexes"]))
    }
}

impl MiItem for Index {
    fn key(&self) -> u64 {
        key(&self.index_id)
    }
}

/// `GET .../indexes/{index_id}[?confidence_level=...]`: an index with its analysis results; built
/// by [`Client::get_index`].
#[derive(Debug, Clone)]
#[must_use = "nothing is sent until `send` is awaited"]
pub struct GetIndex {
    client: Client,
    asset: AssetPath,
    index: String,
    confidence: Option<ConfidenceLevel>,
}

impl GetIndex {
    /// Shows detections of at least this confidence (the service's default is
    /// [`ConfidenceLevel::Medium`]).
    pub fn confidence(mut self, level: ConfidenceLevel) -> Self {
        self.confidence = Some(level);
        self
    }

    /// Fetches the index.
    pub async fn send(self) -> Result<Index, Error> {
        let operation = Operation::get("GetIndex", self.asset.with(&["indexes", &self.index]))
            .query_opt("confidence_level", self.confidence);
        self.client.service().send(operation).await
    }
}

impl Client {
    /// `GET .../assets/{asset_id}/indexes`: the indexes (analysis results) of an asset.
    pub fn list_indexes(
        &self,
        workspace: impl Into<String>,
        project_id: u64,
        asset_id: u64,
    ) -> List<ListIndexes> {
        let asset = AssetPath::new(workspace.into(), project_id, asset_id);
        List::from_operation(self.service().clone(), ListIndexes { asset })
    }

    /// `GET .../assets/{asset_id}/indexes/{index_id}`: an index with its analysis results; set a
    /// [`confidence`](GetIndex::confidence) level, then [`send`](GetIndex::send).
    pub fn get_index(
        &self,
        workspace: impl Into<String>,
        project_id: u64,
        asset_id: u64,
        index_id: u64,
    ) -> GetIndex {
        GetIndex {
            client: self.clone(),
            asset: AssetPath::new(workspace.into(), project_id, asset_id),
            index: index_id.to_string(),
            confidence: None,
        }
    }

    /// `DELETE .../assets/{asset_id}/indexes/{index_id}`: deletes an index.
    pub async fn delete_index(
        &self,
        workspace: &str,
        project_id: u64,
        asset_id: u64,
        index_id: u64,
    ) -> Result<(), Error> {
        let asset = AssetPath::new(workspace.to_owned(), project_id, asset_id);
        let index = index_id.to_string();
        let operation =
            Operation::<NoContent>::delete("DeleteIndex", asset.with(&["indexes", &index]));
        self.service().send(operation).await.map(drop)
    }
}
