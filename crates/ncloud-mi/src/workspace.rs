//! A Media Intelligence [`Workspace`].

use ncloud_core::datetime::DateTime;
use serde::{Deserialize, Serialize};

/// A Media Intelligence workspace.
///
/// Serialises with the API's names (`workspaceName`, `bucketName`, ...), absent values as `null`.
///
/// The name and URL identify a workspace, so a workspace without them fails the call with a decode
/// error. The bucket and the audit fields (who and when) are `None` when the API sends them absent
/// or `null`: one sparse record must not hide a whole page, and `None` loses nothing the server
/// sent. A time that is not ISO 8601 is kept as sent ([`DateTime::Raw`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Workspace {
    /// The workspace name, unique in the account.
    pub workspace_name: String,
    /// The workspace's API URL.
    pub workspace_url: String,
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
