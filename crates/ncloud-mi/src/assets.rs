//! Media assets of a project: list ([`ListAssets`]), import from Object Storage, indexing status,
//! and waiting for indexing to end ([`WaitForIndexing`]).

use std::time::Duration;

use ncloud_core::Error;
use ncloud_core::client::{Operation, WaitState, Waiter};
use ncloud_pagination::{List, ListOperation, key};
use serde::Serialize;

use crate::asset_path::AssetPath;
use crate::observer::Observer;
use crate::{Asset, Client, ImportedAsset, IndexStatus, Mi, MiItem, ResultPage, validate};

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

/// Waits until an asset's indexing has ended, successfully or not; built by
/// [`Client::wait_for_indexing`]. Polls `index/status` with backoff (2 s doubling up to 30 s by
/// default) until a deadline (10 minutes by default).
#[derive(Debug, Clone)]
#[must_use = "nothing is sent until `send` is awaited"]
pub struct WaitForIndexing {
    client: Client,
    workspace: String,
    project_id: u64,
    asset_id: u64,
    waiter: Waiter,
    observer: Option<Observer<IndexStatus>>,
}

impl WaitForIndexing {
    /// Gives up after `timeout` in all (an error with [`Error::is_wait_timeout`] and the last state
    /// seen in [`Error::last_state`]).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.waiter = self.waiter.timeout(timeout);
        self
    }

    /// The pause after the first poll, doubling up to `max`.
    pub fn delays(mut self, first: Duration, max: Duration) -> Self {
        self.waiter = self.waiter.delays(first, max);
        self
    }

    /// Calls `f` with every status polled (to show progress).
    pub fn on_poll(mut self, f: impl Fn(&IndexStatus) + Send + Sync + 'static) -> Self {
        self.observer = Some(Observer::new(f));
        self
    }

    /// Polls until the state is [finished](crate::IndexState::is_finished) and returns that
    /// status: check [`IndexState::is_failure`](crate::IndexState::is_failure) (and
    /// [`IndexStatus::message`]) before using [`IndexStatus::index_id`]. An undocumented state
    /// counts as still running.
    pub async fn send(self) -> Result<IndexStatus, Error> {
        let Self {
            client,
            workspace,
            project_id,
            asset_id,
            waiter,
            observer,
        } = self;
        waiter
            .wait(client.core(), || {
                let (client, workspace, observer) =
                    (client.clone(), workspace.clone(), observer.clone());
                async move {
                    let status = client
                        .index_status(&workspace, project_id, asset_id)
                        .await?;
                    if let Some(observer) = &observer {
                        observer.call(&status);
                    }
                    Ok(if status.status.is_finished() {
                        WaitState::Done(status)
                    } else {
                        WaitState::Pending(status.status.to_string())
                    })
                }
            })
            .await
    }
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

    /// Waits until the asset's indexing has finished or failed (see [`WaitForIndexing`]).
    ///
    /// ```no_run
    /// # async fn demo(mi: ncloud_mi::Client) -> Result<(), ncloud_mi::Error> {
    /// use std::time::Duration;
    ///
    /// let asset = mi.import_asset("my-workspace", 1234, "my-bucket", "videos/intro.mp4").await?;
    /// let status = mi
    ///     .wait_for_indexing("my-workspace", 1234, asset.asset_id)
    ///     .timeout(Duration::from_secs(30 * 60))
    ///     .send()
    ///     .await?;
    /// if status.status.is_failure() {
    ///     eprintln!("indexing failed: {:?}", status.message);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn wait_for_indexing(
        &self,
        workspace: impl Into<String>,
        project_id: u64,
        asset_id: u64,
    ) -> WaitForIndexing {
        WaitForIndexing {
            client: self.clone(),
            workspace: workspace.into(),
            project_id,
            asset_id,
            waiter: Waiter::new(format!("asset {asset_id} to be indexed")),
            observer: None,
        }
    }
}
