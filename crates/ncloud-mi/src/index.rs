//! The analysis results of an asset: [`Index`]; the calls: list ([`ListIndexes`]), get with a
//! confidence level ([`GetIndex`]), delete.

use std::collections::BTreeMap;

use ncloud_core::Error;
use ncloud_core::client::{NoContent, Operation};
use ncloud_core::datetime::DateTime;
use ncloud_pagination::{List, ListOperation, key};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::asset_path::AssetPath;
use crate::{AssetType, Client, ConfidenceLevel, CountedPage, Mi, MiItem};

/// An index: the result of analysing one asset (scenes, persons, keywords, scripts).
///
/// The listing returns the summary fields; the details call (`get_index`) adds the analysis
/// results, which are kept as sent in [`details`](Self::details) (their shape depends on the media
/// type and the engine). The id identifies an index, so an index without one is a decode error.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Index {
    /// The index id.
    #[serde(deserialize_with = "ncloud_core::de::count")]
    pub index_id: u64,
    /// The type of the analysed asset.
    #[serde(default, rename = "type")]
    pub asset_type: Option<AssetType>,
    /// Who created the index.
    #[serde(default)]
    pub created_user_name: Option<String>,
    /// When the index was created (the service's local time, no zone).
    #[serde(default)]
    pub created_time: Option<DateTime>,
    /// Who last modified the index.
    #[serde(default)]
    pub updated_user_name: Option<String>,
    /// When the index was last modified.
    #[serde(default)]
    pub updated_time: Option<DateTime>,
    /// The analysis settings (engine version, scene range, ...), as sent.
    #[serde(default)]
    pub analysis_setting: Option<Value>,
    /// Every other field, as sent: the analysis results of the details call.
    #[serde(flatten)]
    pub details: BTreeMap<String, Value>,
}

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
#[must_use = "nothing is sent until it is awaited"]
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

ncloud_core::operation_future!(GetIndex => Index);

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
    /// [`confidence`](GetIndex::confidence) level, then await it (or [`send`](GetIndex::send)).
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::CountedPage;
    use serde_json::json;

    #[test]
    fn decodes_the_index_list_shape() {
        // "Get index list" (maiu-list-indexes): result{totalCount, indexes[]}.
        let page: CountedPage<Index> = serde_json::from_value(json!({
            "totalCount": 1,
            "indexes": [{
                "indexId": 1001,
                "type": "VIDEO",
                "createdTime": "2026-03-18T10:30:00",
                "createdUserName": "user123",
                "updatedTime": "2026-03-18T10:30:00",
                "updatedUserName": "user123",
                "analysisSetting": {"analysisEngine": "Sinossi v1.0", "sceneRange": "SHORT"}
            }]
        }))
        .unwrap();
        let index = &page.items[0];
        assert_eq!(
            (index.index_id, index.asset_type.clone()),
            (1001, Some(AssetType::Video))
        );
        assert_eq!(
            index
                .analysis_setting
                .as_ref()
                .map(|s| &s["analysisEngine"]),
            Some(&json!("Sinossi v1.0"))
        );
        assert!(index.details.is_empty());
        assert_eq!(page.total_count, Some(1));
    }

    #[test]
    fn details_keep_the_analysis_results() {
        let index: Index = serde_json::from_value(json!({
            "indexId": "1001",
            "type": "IMAGE",
            "keywords": [{"keyword": "beach", "confidence": 0.91}]
        }))
        .unwrap();
        assert_eq!(index.details["keywords"][0]["keyword"], "beach");
        // What was read is written back under the same names.
        let back = serde_json::to_value(&index).unwrap();
        assert_eq!(
            back["keywords"],
            json!([{"keyword": "beach", "confidence": 0.91}])
        );
        assert_eq!(back["type"], "IMAGE");
    }
}
