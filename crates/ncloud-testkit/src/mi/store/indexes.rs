//! Indexes of an asset, once indexing is done: list, get (keywords by confidence level), delete.

use super::*;

impl MiStore {
    /// The asset's indexes in the documented shape (`indexes`, `totalCount`), all at once.
    pub(crate) fn list_indexes(
        &self,
        workspace: &str,
        project: u64,
        asset: u64,
        now: SystemTime,
    ) -> MiResult {
        let data = self.lock();
        let a = data.workspace(workspace)?.project(project)?.asset(asset)?;
        let indexes: Vec<Value> = self
            .live_index(a, now)
            .map(|()| a.index_json(None))
            .into_iter()
            .collect();
        Ok(json!({ "totalCount": indexes.len(), "indexes": indexes }))
    }

    pub(crate) fn get_index(
        &self,
        workspace: &str,
        project: u64,
        asset: u64,
        index: u64,
        confidence: &str,
        now: SystemTime,
    ) -> MiResult {
        let data = self.lock();
        let a = data.workspace(workspace)?.project(project)?.asset(asset)?;
        match self.live_index(a, now) {
            Some(()) if a.index_id == index => Ok(a.index_json(Some(confidence))),
            _ => Err(MiError::not_found("Index", index)),
        }
    }

    /// Deletes an index; answers without a `result`.
    pub(crate) fn delete_index(
        &self,
        workspace: &str,
        project: u64,
        asset: u64,
        index: u64,
        now: SystemTime,
    ) -> Result<(), MiError> {
        let mut data = self.lock();
        let a = data
            .workspace_mut(workspace)?
            .project_mut(project)?
            .asset_mut(asset)?;
        if a.index_id != index || !self.indexing_done(a, now) || a.fails || a.index_deleted {
            return Err(MiError::not_found("Index", index));
        }
        a.index_deleted = true;
        Ok(())
    }

    /// `Some` when the asset has an index to show.
    pub(super) fn live_index(&self, asset: &Asset, now: SystemTime) -> Option<()> {
        (self.indexing_done(asset, now) && !asset.fails && !asset.index_deleted).then_some(())
    }
}

impl Asset {
    pub(super) fn index_json(&self, confidence: Option<&str>) -> Value {
        let time = stamp(self.imported_at);
        let mut index = json!({
            "indexId": self.index_id,
            "type": self.kind(),
            "createdTime": time,
            "createdUserName": USER,
            "updatedTime": time,
            "updatedUserName": USER,
            "analysisSetting": { "analysisEngine": "Sinossi v1.0", "sceneRange": "SHORT" },
        });
        if let Some(level) = confidence {
            // More keywords at lower confidence, as the reference describes.
            let shown = match level {
                "LOW" => usize::MAX,
                "HIGH" => 1,
                _ => 3,
            };
            let keywords: Vec<Value> = self
                .keywords()
                .into_iter()
                .take(shown)
                .map(|k| json!({ "keyword": k }))
                .collect();
            index["confidenceLevel"] = Value::from(level);
            index["keywords"] = Value::from(keywords);
        }
        index
    }
}
