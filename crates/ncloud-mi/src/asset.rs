//! Media assets of a project: [`Asset`] and its [`AssetType`], what an import returns
//! ([`ImportedAsset`]), where its indexing is ([`IndexStatus`], [`IndexState`]); the calls: list
//! ([`ListAssets`]), import from Object Storage, indexing status, and waiting for indexing to end
//! ([`Client::wait_for_indexing`]).

use ncloud_core::Error;
use ncloud_core::client::{Operation, Wait, WaitState};
use ncloud_pagination::{List, ListOperation, key};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::asset_path::AssetPath;
use crate::{Client, Mi, MiItem, ResultPage, validate};

ncloud_core::string_enum! {
    /// What kind of media an asset or an index is (`IMAGE` or `VIDEO`); another value is kept as
    /// [`Unknown`](Self::Unknown).
    pub enum AssetType {
        /// `IMAGE`: a still image (JPG, PNG, HEIC).
        Image = "IMAGE",
        /// `VIDEO`: a video (MP4, MKV, MOV, WebM).
        Video = "VIDEO",
    }
}

/// A media file registered in a project.
///
/// The id identifies an asset, so an asset without one is a decode error; the rest is `None` when
/// the server leaves it out. `metaData` is kept as the JSON it is, since its fields depend on the
/// media. Unknown fields are ignored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Asset {
    /// The asset id.
    #[serde(deserialize_with = "ncloud_core::de::count")]
    pub asset_id: u64,
    /// The media file name.
    #[serde(default)]
    pub file_name: Option<String>,
    /// The project the asset belongs to.
    #[serde(default, deserialize_with = "ncloud_core::de::optional_count")]
    pub project_id: Option<u64>,
    /// The media's metadata (resolution, duration, size, ...), as sent.
    #[serde(default, rename = "metaData")]
    pub meta_data: Option<Value>,
}

/// What importing an object from Object Storage returns: the new asset's id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ImportedAsset {
    /// The id of the asset the import created.
    #[serde(deserialize_with = "ncloud_core::de::count")]
    pub asset_id: u64,
}

ncloud_core::string_enum! {
    /// The state of an asset's latest indexing run.
    ///
    /// The values are those of the analysis-status reference (`BEFORE_ANALYZE` ... `ANALYZE_CANCEL`);
    /// any other value is kept as [`Unknown`](Self::Unknown) and counts as still running, so a
    /// waiter keeps polling and its timeout error names the value.
    /// [`Completed`](Self::Completed) is the success state of
    /// [`Client::wait_for_indexing`](crate::Client::wait_for_indexing), [`Failed`](Self::Failed)
    /// and [`Cancelled`](Self::Cancelled) its failure states.
    pub enum IndexState {
        /// `BEFORE_ANALYZE`: not analysed yet.
        BeforeAnalyze = "BEFORE_ANALYZE",
        /// `WAIT_ANALYZE`: queued.
        WaitAnalyze = "WAIT_ANALYZE",
        /// `ANALYZING`: in progress.
        Analyzing = "ANALYZING",
        /// `ANALYZE_COMPLETED`: done; the asset has an index.
        Completed = "ANALYZE_COMPLETED",
        /// `ANALYZE_FAIL`: failed (see [`IndexStatus::message`]).
        Failed = "ANALYZE_FAIL",
        /// `ANALYZE_CANCEL`: cancelled by a user.
        Cancelled = "ANALYZE_CANCEL",
    }
}

impl IndexState {
    /// Whether indexing has ended, successfully or not.
    pub fn is_finished(&self) -> bool {
        matches!(self, Self::Completed | Self::Failed | Self::Cancelled)
    }

    /// Whether indexing ended without an index.
    pub fn is_failure(&self) -> bool {
        matches!(self, Self::Failed | Self::Cancelled)
    }
}

/// The latest indexing status of an asset
/// (`GET .../assets/{assetId}/index/status`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct IndexStatus {
    /// Where indexing is.
    pub status: IndexState,
    /// Why indexing failed, when it did. The reference's table spells it `analyzeStatusMessage`
    /// and its example `analysisStatusMessage`: both are read.
    #[serde(
        default,
        rename = "analyzeStatusMessage",
        alias = "analysisStatusMessage"
    )]
    pub message: Option<String>,
    /// The index the run created, once completed.
    #[serde(default, deserialize_with = "ncloud_core::de::optional_count")]
    pub index_id: Option<u64>,
}

/// `GET /workspaces/{ws}/projects/{id}/assets?pageNum=N&pageSize=S`, built by
/// [`Client::list_assets`]: `pageNum` required (from 1), `pageSize` 1..=1000 (default 1000),
/// keyed on the `totalPage` and `pageSize` the server reports.
#[derive(Debug, Clone)]
pub struct ListAssets {
    workspace: String,
    project: String,
}

impl ListOperation for ListAssets {
    type Service = Mi;
    type Page = ResultPage<Asset>;

    fn operation(&self) -> Operation<ResultPage<Asset>> {
        let path = [
            "workspaces",
            self.workspace.as_str(),
            "projects",
            self.project.as_str(),
            "assets",
        ];
        Operation::get("ListAssets", path)
    }
}

impl MiItem for Asset {
    fn key(&self) -> u64 {
        key(&self.asset_id)
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ImportBody<'a> {
    bucket_name: &'a str,
    key: &'a str,
}

impl Client {
    /// `GET /workspaces/{workspace}/projects/{project_id}/assets`: the media assets of a project.
    pub fn list_assets(&self, workspace: impl Into<String>, project_id: u64) -> List<ListAssets> {
        let operation = ListAssets {
            workspace: workspace.into(),
            project: project_id.to_string(),
        };
        List::from_operation(self.service().clone(), operation)
    }

    /// `POST /workspaces/{workspace}/projects/{project_id}/assets/import/object-storage`: registers
    /// the media file `key` (its full object name) of Object Storage bucket `bucket` in a project;
    /// indexing then starts on its own ([`wait_for_indexing`](Self::wait_for_indexing)).
    ///
    /// The key must end in a supported extension (MP4, MKV, MOV, WebM, JPG/JPEG, PNG or HEIC, any
    /// case) and the bucket must not be empty: checked before anything is sent. Not retried once
    /// sent (a POST).
    pub async fn import_asset(
        &self,
        workspace: &str,
        project_id: u64,
        bucket: &str,
        key: &str,
    ) -> Result<ImportedAsset, Error> {
        let id = project_id.to_string();
        let path = [
            "workspaces",
            workspace,
            "projects",
            id.as_str(),
            "assets",
            "import",
            "object-storage",
        ];
        let body = ImportBody {
            bucket_name: bucket,
            key,
        };
        let operation = Operation::post("ImportAsset", path)
            .json(&body)
            .check(validate::bucket_name(bucket))
            .check(validate::import_key(key));
        // Accepted but unreadable, or lost: the error says the import was (or may have been) made.
        let answer = self.service().send(operation).await;
        answer.map_err(|error| error.after_change_sent(None))
    }

    /// `GET .../assets/{asset_id}/index/status`: the asset's latest indexing status.
    pub async fn index_status(
        &self,
        workspace: &str,
        project_id: u64,
        asset_id: u64,
    ) -> Result<IndexStatus, Error> {
        let asset = AssetPath::new(workspace.to_owned(), project_id, asset_id);
        let operation = Operation::get("GetIndexStatus", asset.with(&["index", "status"]));
        self.service().send(operation).await
    }

    /// Polls `index/status` until the asset's indexing is `ANALYZE_COMPLETED` and returns that
    /// status (with its [`index_id`](IndexStatus::index_id)). `ANALYZE_FAIL` and `ANALYZE_CANCEL`
    /// are failure states: an error with [`is_wait_failed`](Error::is_wait_failed), the state in
    /// [`last_state`](Error::last_state) and the service's reason (`analyzeStatusMessage`) in its
    /// message. Any other state, known or not, keeps it polling (2 s doubling up to 30 s) until the
    /// timeout (10 minutes unless set), whose error names the last state.
    ///
    /// ```no_run
    /// # async fn demo(mi: ncloud_mi::Client) -> Result<(), ncloud_mi::Error> {
    /// use std::time::Duration;
    ///
    /// let asset = mi.import_asset("my-workspace", 1234, "my-bucket", "videos/intro.mp4").await?;
    /// let status = mi
    ///     .wait_for_indexing("my-workspace", 1234, asset.asset_id)
    ///     .timeout(Duration::from_secs(30 * 60))
    ///     .on_poll(|state| eprintln!("indexing: {state}"))
    ///     .await?;
    /// println!("index {:?}", status.index_id);
    /// # Ok(()) }
    /// ```
    pub fn wait_for_indexing(
        &self,
        workspace: impl Into<String>,
        project_id: u64,
        asset_id: u64,
    ) -> Wait<IndexStatus> {
        let (mi, workspace) = (self.clone(), workspace.into());
        let awaited = format!("asset {asset_id} to be indexed");
        Wait::new(self.core(), awaited, move || {
            let (mi, workspace) = (mi.clone(), workspace.clone());
            async move {
                let status = mi.index_status(&workspace, project_id, asset_id).await?;
                Ok(match &status.status {
                    IndexState::Completed => WaitState::Done(status),
                    state if state.is_failure() => WaitState::Failed {
                        state: state.to_string(),
                        reason: status.message,
                    },
                    state => WaitState::Pending(state.to_string()),
                })
            }
        })
        .operation(crate::client::label("WaitForIndexing"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ResultPage;
    use serde_json::json;

    #[test]
    fn decodes_an_asset_page_of_the_documented_shape() {
        // "Get media asset list" (mi-list-assets): result{content, totalCount, totalPage, pageNo,
        // pageSize}; content items carry assetId, fileName, projectId, metaData.
        let page: ResultPage<Asset> = serde_json::from_value(json!({
            "content": [{
                "assetId": 5678,
                "fileName": "sample-video.mp4",
                "projectId": 1234,
                "metaData": {"width": 1280, "height": 720},
                "extra": true
            }],
            "totalCount": 1, "totalPage": 1, "pageNo": 1, "pageSize": 100
        }))
        .unwrap();
        let asset = &page.content[0];
        assert_eq!((asset.asset_id, asset.project_id), (5678, Some(1234)));
        assert_eq!(asset.file_name.as_deref(), Some("sample-video.mp4"));
        assert_eq!(
            asset.meta_data.as_ref().map(|m| &m["height"]),
            Some(&json!(720))
        );
        assert_eq!(page.page_size, Some(100));
    }

    #[test]
    fn asset_types_keep_unknown_values() {
        let t: Vec<AssetType> = serde_json::from_value(json!(["IMAGE", "VIDEO", "AUDIO"])).unwrap();
        assert_eq!(
            t,
            [
                AssetType::Image,
                AssetType::Video,
                AssetType::Unknown("AUDIO".into())
            ]
        );
        assert_eq!(
            serde_json::to_value(&t).unwrap(),
            json!(["IMAGE", "VIDEO", "AUDIO"])
        );
    }

    #[test]
    fn an_import_answer_needs_the_asset_id() {
        let a: ImportedAsset = serde_json::from_value(json!({"assetId": "42"})).unwrap();
        assert_eq!(a.asset_id, 42);
        assert!(serde_json::from_value::<ImportedAsset>(json!({})).is_err());
    }

    #[test]
    fn failures_and_unknown_states() {
        let s: IndexStatus = serde_json::from_value(json!({
            "status": "ANALYZE_FAIL", "analyzeStatusMessage": "video parsing failure"
        }))
        .unwrap();
        assert!(s.status.is_failure());
        assert_eq!(s.message.as_deref(), Some("video parsing failure"));
        let s: IndexStatus = serde_json::from_value(json!({"status": "INDEXING"})).unwrap();
        assert_eq!(s.status, IndexState::Unknown("INDEXING".into()));
        assert!(!s.status.is_finished());
        assert!(serde_json::from_value::<IndexStatus>(json!({"indexId": 1})).is_err());
    }
}
