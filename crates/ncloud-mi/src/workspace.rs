//! Workspaces: [`Workspace`], one [`WorkspacesPage`] of `GET /workspaces` ([`ListWorkspaces`]),
//! `POST /workspaces` ([`CreateWorkspace`]), and `GET`/`DELETE /workspaces/{name}`.

use ncloud_core::Error;
use ncloud_core::client::{NoContent, Operation};
use ncloud_core::datetime::DateTime;
use ncloud_pagination::{List, ListOperation, key};
use serde::{Deserialize, Serialize};

use crate::{Client, Mi, MiItem, ResultPage, validate};

/// A Media Intelligence workspace.
///
/// Serialises with the API's names (`workspaceName`, `bucketName`, ...), absent values as `null`.
///
/// The name identifies a workspace, so a workspace without one fails the call with a decode error.
/// The URL (which the create call does not return), the bucket and the audit fields (who and when)
/// are `None` when the API sends them absent or `null`: one sparse record must not hide a whole page, and `None` loses nothing the server
/// sent. A time that is not ISO 8601 is kept as sent ([`DateTime::Raw`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Workspace {
    /// The workspace name, unique in the account.
    pub workspace_name: String,
    /// The workspace's API URL (absent from what the create call returns).
    #[serde(default)]
    pub workspace_url: Option<String>,
    /// The integrated Object Storage bucket, when one is attached.
    #[serde(default)]
    pub bucket_name: Option<String>,
    /// Who created the workspace.
    #[serde(default)]
    pub created_user_name: Option<String>,
    /// When the workspace was created (the service's local time, no zone).
    #[serde(default)]
    pub created_time: Option<DateTime>,
    /// Who last modified the workspace.
    #[serde(default)]
    pub updated_user_name: Option<String>,
    /// When the workspace was last modified (the service's local time, no zone).
    #[serde(default)]
    pub updated_time: Option<DateTime>,
}

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

impl MiItem for Workspace {
    fn key(&self) -> u64 {
        key(&self.workspace_name)
    }
}

/// One page of workspaces.
pub type WorkspacesPage = ResultPage<Workspace>;

/// `POST /workspaces`: creates a workspace (with its base project); built by
/// [`Client::create_workspace`], sent by awaiting it (or [`send`](Self::send)).
#[derive(Debug, Clone)]
#[must_use = "nothing is sent until it is awaited"]
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
        let body = CreateWorkspaceBody {
            workspace_name: &self.name,
            bucket_name: self.bucket.as_deref(),
        };
        let operation = Operation::post("CreateWorkspace", ["workspaces"])
            .json(&body)
            .check(validate::workspace_name(&self.name))
            .check(self.bucket.as_deref().map_or(Ok(()), validate::bucket_name));
        // Accepted but unreadable, or lost: the error says the workspace was (or may have been)
        // created.
        let answer = self.client.service().send(operation).await;
        answer.map_err(|error| error.after_change_sent(Some(self.name.clone())))
    }
}

ncloud_core::operation_future!(CreateWorkspace => Workspace);

impl Client {
    /// `GET /workspaces`: the workspaces of the account, one page with
    /// [`send`](ncloud_pagination::Paginator::send) or all of them with
    /// [`items`](ncloud_pagination::Paginator::items).
    pub fn list_workspaces(&self) -> List<ListWorkspaces> {
        List::from_operation(self.service().clone(), ListWorkspaces)
    }

    /// `POST /workspaces`: a new workspace named `name`, with its base project.
    ///
    /// ```no_run
    /// # async fn demo(mi: ncloud_mi::Client) -> Result<(), ncloud_mi::Error> {
    /// let workspace = mi.create_workspace("my-workspace").bucket("my-bucket").await?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn sparse_workspace_keeps_what_was_sent() {
        let w: Workspace = serde_json::from_value(json!({
            "workspaceName": "w",
            "workspaceUrl": "https://mi.apigw.ntruss.com/api/v1/workspaces/w",
            "bucketName": null,
            "createdTime": "last tuesday",
            "updatedUserName": null,
            "somethingNew": {"nested": true}
        }))
        .unwrap();
        assert_eq!(w.bucket_name, None);
        assert_eq!(w.created_user_name, None);
        assert_eq!(w.created_time, Some(DateTime::Raw("last tuesday".into())));
        assert_eq!(w.updated_time, None);
    }

    #[test]
    fn a_workspace_without_a_name_is_an_error() {
        let e = serde_json::from_value::<Workspace>(json!({"workspaceUrl": "u"})).unwrap_err();
        assert!(e.to_string().contains("workspaceName"), "{e}");
        // What the create call answers: no URL, no bucket.
        let created: Workspace = serde_json::from_value(json!({
            "workspaceName": "w", "createdUserName": "u", "createdTime": "2026-03-18T10:30:00",
            "updatedUserName": "u", "updatedTime": "2026-03-18T10:30:00"
        }))
        .unwrap();
        assert_eq!((created.workspace_url, created.bucket_name), (None, None));
        let e = serde_json::from_value::<Workspace>(json!({})).unwrap_err();
        assert!(e.to_string().contains("workspaceName"), "{e}");
    }

    #[test]
    fn serialises_with_api_names() {
        let w: Workspace = serde_json::from_value(json!({
            "workspaceName": "w",
            "workspaceUrl": "u",
            "createdTime": "2026-03-18T10:30:00"
        }))
        .unwrap();
        assert_eq!(
            serde_json::to_value(&w).unwrap(),
            json!({
                "workspaceName": "w",
                "workspaceUrl": "u",
                "bucketName": null,
                "createdUserName": null,
                "createdTime": "2026-03-18T10:30:00",
                "updatedUserName": null,
                "updatedTime": null
            })
        );
    }
}
