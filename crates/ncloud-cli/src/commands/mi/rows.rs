//! How Media Intelligence items show as table rows.

use ncloud_mi::{Asset, ImportedAsset, Index, IndexStatus, Project, SearchMatch, Workspace};
use serde::Serialize;

use crate::commands::list::cell;
use crate::render::TableRow;

impl TableRow for Workspace {
    const HEADERS: &'static [&'static str] = &[
        "WORKSPACE",
        "BUCKET",
        "CREATED BY",
        "CREATED",
        "UPDATED BY",
        "UPDATED",
    ];

    fn cells(&self) -> Vec<String> {
        vec![
            self.workspace_name.clone(),
            cell(self.bucket_name.as_ref()),
            cell(self.created_user_name.as_ref()),
            cell(self.created_time.as_ref()),
            cell(self.updated_user_name.as_ref()),
            cell(self.updated_time.as_ref()),
        ]
    }
}

impl TableRow for Project {
    const HEADERS: &'static [&'static str] = &["PROJECT ID", "NAME", "BASE", "CREATED", "UPDATED"];

    fn cells(&self) -> Vec<String> {
        vec![
            self.project_id.to_string(),
            self.name.clone(),
            cell(
                self.is_base_project
                    .map(|base| if base { "yes" } else { "no" }),
            ),
            cell(self.created_time.as_ref()),
            cell(self.updated_time.as_ref()),
        ]
    }
}

impl TableRow for Asset {
    const HEADERS: &'static [&'static str] = &["ASSET ID", "FILE", "PROJECT ID"];

    fn cells(&self) -> Vec<String> {
        vec![
            self.asset_id.to_string(),
            cell(self.file_name.as_ref()),
            cell(self.project_id),
        ]
    }
}

impl TableRow for Index {
    const HEADERS: &'static [&'static str] = &["INDEX ID", "TYPE", "CREATED", "UPDATED", "DETAILS"];

    fn cells(&self) -> Vec<String> {
        let details: Vec<&str> = self.details.keys().map(String::as_str).collect();
        vec![
            self.index_id.to_string(),
            cell(self.asset_type.as_ref()),
            cell(self.created_time.as_ref()),
            cell(self.updated_time.as_ref()),
            if details.is_empty() {
                "-".to_owned()
            } else {
                details.join(",")
            },
        ]
    }
}

impl TableRow for SearchMatch {
    const HEADERS: &'static [&'static str] = &[
        "SCORE",
        "ASSET ID",
        "FILE",
        "TYPE",
        "PROJECT ID",
        "INDEX ID",
    ];

    fn cells(&self) -> Vec<String> {
        vec![
            cell(self.score.map(|s| format!("{s:.2}"))),
            cell(self.asset_id),
            cell(self.file_name.as_ref()),
            cell(self.asset_type.as_ref()),
            cell(self.project_id),
            cell(self.index_id),
        ]
    }
}

/// An asset's indexing status with the asset it is about (what `assets status` and
/// `assets import --wait` print).
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct AssetIndexing {
    pub(super) asset_id: u64,
    #[serde(flatten)]
    pub(super) status: IndexStatus,
}

impl TableRow for AssetIndexing {
    const HEADERS: &'static [&'static str] = &["ASSET ID", "STATUS", "INDEX ID", "MESSAGE"];

    fn cells(&self) -> Vec<String> {
        vec![
            self.asset_id.to_string(),
            self.status.status.to_string(),
            cell(self.status.index_id),
            cell(self.status.message.as_ref()),
        ]
    }
}

impl TableRow for ImportedAsset {
    const HEADERS: &'static [&'static str] = &["ASSET ID"];

    fn cells(&self) -> Vec<String> {
        vec![self.asset_id.to_string()]
    }
}
