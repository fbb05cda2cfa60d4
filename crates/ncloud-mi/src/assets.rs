//! Media assets of a project: list ([`ListAssets`]), import from Object Storage, indexing status,
//! and waiting for indexing to end ([`Client::wait_for_indexing`]).

use ncloud_core::Error;
use ncloud_core::client::{Operation, Wait, WaitState};
use ncloud_pagination::{List, ListOperation, key};
use serde::Serialize;

use crate::asset_path::AssetPath;
use crate::{
    Asset, Client, ImportedAsset, IndexState, IndexStatus, Mi, MiItem, ResultPage, validate,
};

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
        validate::bucket_name(bucket)?;
        validate::import_key(key)?;
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
        let operation = Operation::post("ImportAsset", path).json(&body);
        self.service().send(operation).await
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
    }
}
