//! What `GET /api/v1/workspaces` returns: one page of [`Workspace`]s and the listing's totals.

use ncloud_core::datetime::DateTime;
use serde::{Deserialize, Deserializer, Serialize};

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

/// One page of workspaces: the envelope's `result`.
///
/// Serialises with the API's names (`content`, `totalCount`, `totalPage`, `pageNo`, `pageSize`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct WorkspacesPage {
    /// The workspaces of this page (`content`; absent or `null` reads as empty, and the totals
    /// then tell whether anything is missing).
    #[serde(rename = "content", default, deserialize_with = "null_as_empty")]
    pub workspaces: Vec<Workspace>,
    /// How many workspaces the account has.
    #[serde(deserialize_with = "count")]
    pub total_count: u64,
    /// How many pages the listing has at this page size.
    #[serde(deserialize_with = "count")]
    pub total_page: u64,
    /// The page number, from 1, as the server echoes it.
    #[serde(deserialize_with = "count")]
    pub page_no: u64,
    /// The page size, as the server echoes it.
    #[serde(deserialize_with = "count")]
    pub page_size: u64,
}

fn null_as_empty<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<Workspace>, D::Error> {
    Ok(Option::<Vec<Workspace>>::deserialize(deserializer)?.unwrap_or_default())
}

/// A count sent as a JSON number or as a numeric string (`2` or `"2"`).
fn count<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u64, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Wire {
        Number(u64),
        Text(String),
    }
    match Wire::deserialize(deserializer)? {
        Wire::Number(n) => Ok(n),
        Wire::Text(text) => text.trim().parse().map_err(|_| {
            serde::de::Error::custom(format!("expected a non-negative integer, got {text:?}"))
        }),
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

    #[test]
    fn counts_accept_numbers_and_numeric_strings_only() {
        let page: WorkspacesPage = serde_json::from_value(json!({
            "totalCount": "3", "totalPage": 1, "pageNo": 1, "pageSize": " 100 ", "content": null
        }))
        .unwrap();
        assert_eq!((page.total_count, page.page_size), (3, 100));
        assert!(page.workspaces.is_empty());
        let e = serde_json::from_value::<WorkspacesPage>(json!({
            "totalCount": "many", "totalPage": 1, "pageNo": 1, "pageSize": 1
        }))
        .unwrap_err();
        assert!(e.to_string().contains("\"many\""), "{e}");
        let e = serde_json::from_value::<WorkspacesPage>(json!({"totalCount": 1})).unwrap_err();
        assert!(e.to_string().contains("totalPage"), "{e}");
    }
}
