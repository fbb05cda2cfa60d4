//! Workspaces one at a time: create ([`CreateWorkspace`]), get, delete.

use ncloud_core::Error;
use ncloud_core::client::{NoContent, Operation};
use serde::Serialize;

use crate::{Client, Workspace, validate};

/// `POST /workspaces`: creates a workspace (with its base project); built by
/// [`Client::create_workspace`], sent by [`send`](Self::send).
#[derive(Debug, Clone)]
#[must_use = "nothing is sent until `send` is awaited"]
pub struct CreateWorkspace {
    client: Client,
    name: String,
    bucket: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CreateWorkspaceBody<'a> {
    workspace_name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    bucket_name: Option<&'a str>,
}

impl CreateWorkspace {
    /// Attaches an Object Storage bucket to the workspace.
    pub fn bucket(mut self, bucket: impl Into<String>) -> Self {
        self.bucket = Some(bucket.into());
        self
    }

    /// Creates the workspace. The name (3 to 63 characters of `a-z`, `0-9` and `-`) and the bucket
    /// (not empty) are checked first: a bad one is a configuration error and nothing is sent.
    /// The answer has the name and the audit fields; its URL and bucket are `None`.
    pub async fn send(self) -> Result<Workspace, Error> {
        validate::workspace_name(&self.name)?;
        if let Some(bucket) = &self.bucket {
            validate::bucket_name(bucket)?;
        }
        let body = CreateWorkspaceBody {
            workspace_name: &self.name,
            bucket_name: self.bucket.as_deref(),
        };
        let operation = Operation::post("CreateWorkspace", ["workspaces"]).json(&body);
        self.client.service().send(operation).await
    }
}

impl Client {
    /// `POST /workspaces`: a new workspace named `name`, with its base project.
    ///
    /// ```no_run
    /// # async fn demo(mi: ncloud_mi::Client) -> Result<(), ncloud_mi::Error> {
    /// let workspace = mi.create_workspace("my-workspace").bucket("my-bucket").send().await?;
    /// assert_eq!(workspace.workspace_name, "my-workspace");
    /// # Ok(()) }
    /// ```
    pub fn create_workspace(&self, name: impl Into<String>) -> CreateWorkspace {
        CreateWorkspace {
            client: self.clone(),
            name: name.into(),
            bucket: None,
        }
    }

    /// `GET /workspaces/{name}`: one workspace.
    pub async fn get_workspace(&self, name: &str) -> Result<Workspace, Error> {
        self.service()
            .send(Operation::get("GetWorkspace", ["workspaces", name]))
            .await
    }

    /// `DELETE /workspaces/{name}`: deletes a workspace and everything in it (irreversible; the
    /// service refuses while an analysis runs).
    pub async fn delete_workspace(&self, name: &str) -> Result<(), Error> {
        let operation = Operation::<NoContent>::delete("DeleteWorkspace", ["workspaces", name]);
        self.service().send(operation).await.map(drop)
    }
}
