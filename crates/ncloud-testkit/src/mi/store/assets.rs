//! Assets of a project: list, import from Object Storage (checked, then indexed over the delay;
//! a file name with [`FAILING_KEY_MARK`] fails indexing), and the indexing status.

use super::*;

impl MiStore {
    /// Every asset of a project, in import order (paged by the caller).
    pub(crate) fn assets(&self, workspace: &str, project: u64) -> Result<Vec<Value>, MiError> {
        let data = self.lock();
        let p = data.workspace(workspace)?.project(project)?;
        Ok(p.assets.iter().map(|a| a.json(p.id)).collect())
    }

    pub(crate) fn import_asset(
        &self,
        workspace: &str,
        project: u64,
        body: &Value,
        now: SystemTime,
    ) -> MiResult {
        if body
            .get("bucketName")
            .and_then(Value::as_str)
            .is_none_or(|b| b.trim().is_empty())
        {
            return Err(MiError::rule("10016", "No bucket selected."));
        }
        let key = required_text(body, "key")?;
        let file_name = key.rsplit('/').next().unwrap_or(key).to_owned();
        let Some(image) = media_kind(&file_name) else {
            return Err(MiError::invalid(format!(
                "{key} is not a supported media file (MP4, MKV, MOV, WebM, JPG, PNG, HEIC)."
            )));
        };
        let mut data = self.lock();
        let (id, index_id) = (data.next_id(), data.next_id());
        let p = data.workspace_mut(workspace)?.project_mut(project)?;
        p.assets.push(Asset {
            id,
            fails: file_name.to_ascii_lowercase().contains(FAILING_KEY_MARK),
            file_name,
            image,
            imported_at: now,
            index_id,
            index_deleted: false,
        });
        Ok(json!({ "assetId": id }))
    }

    pub(crate) fn index_status(
        &self,
        workspace: &str,
        project: u64,
        asset: u64,
        now: SystemTime,
    ) -> MiResult {
        let data = self.lock();
        let a = data.workspace(workspace)?.project(project)?.asset(asset)?;
        let elapsed = now.duration_since(a.imported_at).unwrap_or_default();
        let (status, message, index) = if self.indexing_done(a, now) {
            if a.fails {
                let why = "An error occurred during analysis (video parsing failure).";
                ("ANALYZE_FAIL", Some(why), None)
            } else {
                ("ANALYZE_COMPLETED", None, Some(a.index_id))
            }
        } else if elapsed < self.delays.indexing / 2 {
            ("WAIT_ANALYZE", None, None)
        } else {
            ("ANALYZING", None, None)
        };
        Ok(json!({ "status": status, "analyzeStatusMessage": message, "indexId": index }))
    }

    /// For each face (the words of a person), how many indexed assets of `workspace` show it.
    pub(crate) fn assets_showing(
        &self,
        workspace: &str,
        faces: &[Vec<String>],
        now: SystemTime,
    ) -> Vec<usize> {
        let data = self.lock();
        let keywords: Vec<Vec<String>> = data
            .workspace(workspace)
            .map(|ws| {
                ws.projects
                    .iter()
                    .flat_map(|p| &p.assets)
                    .filter(|a| self.live_index(a, now).is_some())
                    .map(Asset::keywords)
                    .collect()
            })
            .unwrap_or_default();
        faces
            .iter()
            .map(|face| {
                let shows =
                    |k: &&Vec<String>| !face.is_empty() && face.iter().all(|w| k.contains(w));
                keywords.iter().filter(shows).count()
            })
            .collect()
    }

    pub(super) fn indexing_done(&self, asset: &Asset, now: SystemTime) -> bool {
        now.duration_since(asset.imported_at).unwrap_or_default() >= self.delays.indexing
    }
}

impl Asset {
    pub(super) fn kind(&self) -> &'static str {
        if self.image { "IMAGE" } else { "VIDEO" }
    }

    pub(super) fn json(&self, project: u64) -> Value {
        json!({
            "assetId": self.id,
            "fileName": self.file_name,
            "projectId": project,
            "metaData": { "type": self.kind() },
        })
    }

    /// The words the analysis "found": those of the file name, and the media type.
    pub(super) fn keywords(&self) -> Vec<String> {
        let stem = self
            .file_name
            .rsplit_once('.')
            .map_or(self.file_name.as_str(), |(s, _)| s);
        let mut found = words(stem);
        found.push(self.kind().to_ascii_lowercase());
        found
    }
}

/// `Some(true)` for an image, `Some(false)` for a video, `None` for anything else.
pub(super) fn media_kind(file_name: &str) -> Option<bool> {
    let (stem, ext) = file_name.rsplit_once('.')?;
    if stem.is_empty() {
        return None;
    }
    let ext = ext.to_ascii_lowercase();
    match ext.as_str() {
        "mp4" | "mkv" | "mov" | "webm" => Some(false),
        "jpg" | "jpeg" | "png" | "heic" => Some(true),
        _ => None,
    }
}
