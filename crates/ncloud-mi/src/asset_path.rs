//! [`AssetPath`]: the path segments of one asset, below which its status and indexes live.

/// The path of an asset, `workspaces/{ws}/projects/{p}/assets/{a}`, as segments.
#[derive(Debug, Clone)]
pub(crate) struct AssetPath {
    workspace: String,
    project: String,
    asset: String,
}

impl AssetPath {
    pub(crate) fn new(workspace: String, project_id: u64, asset_id: u64) -> Self {
        Self {
            workspace,
            project: project_id.to_string(),
            asset: asset_id.to_string(),
        }
    }

    /// The asset's path followed by `more`.
    pub(crate) fn with<'a>(&'a self, more: &[&'a str]) -> Vec<&'a str> {
        let mut path = vec![
            "workspaces",
            self.workspace.as_str(),
            "projects",
            self.project.as_str(),
            "assets",
            self.asset.as_str(),
        ];
        path.extend_from_slice(more);
        path
    }
}
