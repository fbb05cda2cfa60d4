//! Searches of a workspace: start one, and its results once it completes after the delay (matches
//! from the assets indexed by then, fixed from then on).

use super::*;

impl MiStore {
    /// Starts a search; an `imageQuery` has been turned into its words by then, and `persons`
    /// is the resolved `personQuery` (see `mi::persons`).
    pub(crate) fn start_search(
        &self,
        workspace: &str,
        body: &Value,
        persons: PersonFilter,
        now: SystemTime,
    ) -> MiResult {
        let query = &body["query"];
        let text = match (query["textQuery"].as_str(), query["imageQuery"].as_str()) {
            (Some(text), None) if !text.trim().is_empty() => text,
            _ => {
                return Err(MiError::invalid(
                    "query needs exactly one of textQuery and imageQuery.",
                ));
            }
        };
        if text.contains([';', '|', '`']) {
            return Err(MiError::invalid("textQuery must not contain ; | or `."));
        }
        let threshold = match body["queryOption"]["confidenceLevel"].as_str() {
            None | Some("MEDIUM") => 0.5,
            Some("LOW") => f64::MIN_POSITIVE,
            Some("HIGH") => 1.0,
            Some(other) => {
                return Err(MiError::invalid(format!(
                    "confidenceLevel {other} is not LOW, MEDIUM or HIGH."
                )));
            }
        };
        let projects = body["filter"]["projectIds"]
            .as_array()
            .map(|ids| ids.iter().filter_map(Value::as_u64).collect())
            .unwrap_or_default();
        let mut data = self.lock();
        data.workspace(workspace)?;
        let id = format!("search-{:08}", data.next_id());
        data.searches.insert(
            id.clone(),
            Search {
                workspace: workspace.to_owned(),
                started_at: now,
                words: words(text),
                projects,
                threshold,
                persons,
                matches: None,
            },
        );
        Ok(json!({ "searchId": id }))
    }

    /// Page `page` of a search's matches: `RUNNING` without totals until the delay has passed.
    pub(crate) fn search_results(
        &self,
        workspace: &str,
        search: &str,
        page: u32,
        page_size: u32,
        now: SystemTime,
    ) -> MiResult {
        let mut data = self.lock();
        data.workspace(workspace)?;
        let running = match data.searches.get(search) {
            Some(s) if s.workspace == workspace => {
                now.duration_since(s.started_at).unwrap_or_default() < self.delays.search
            }
            _ => return Err(MiError::not_found("Search", search)),
        };
        if running {
            return Ok(json!({ "searchId": search, "status": "RUNNING" }));
        }
        let found = data.matches(search, now, self);
        let size = page_size.max(1) as usize;
        let start = (page.max(1) as usize - 1).saturating_mul(size);
        let results: Vec<Value> = found.iter().skip(start).take(size).cloned().collect();
        Ok(json!({
            "searchId": search,
            "status": "COMPLETED",
            "totalCount": found.len(),
            "totalPage": found.len().div_ceil(size),
            "pageNo": page,
            "pageSize": page_size,
            "results": results,
        }))
    }
}

impl MiData {
    /// The search's matches, computed once from the assets indexed by then.
    pub(super) fn matches(&mut self, search: &str, now: SystemTime, store: &MiStore) -> Vec<Value> {
        let Some(s) = self.searches.get(search) else {
            return Vec::new();
        };
        if let Some(found) = &s.matches {
            return found.clone();
        }
        let mut scored: Vec<(f64, u64, Value)> = Vec::new();
        if let Ok(ws) = self.workspace(&s.workspace) {
            let projects = ws
                .projects
                .iter()
                .filter(|p| s.projects.is_empty() || s.projects.contains(&p.id));
            for p in projects {
                for a in p
                    .assets
                    .iter()
                    .filter(|a| store.live_index(a, now).is_some())
                {
                    let score = a.score(&s.words);
                    if score >= s.threshold && s.persons.admits(&a.keywords()) {
                        scored.push((score, a.index_id, a.match_json(p.id, score)));
                    }
                }
            }
        }
        // Best score first, then the older index, as the reference describes.
        scored.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)));
        let found: Vec<Value> = scored.into_iter().map(|(_, _, m)| m).collect();
        if let Some(s) = self.searches.get_mut(search) {
            s.matches = Some(found.clone());
        }
        found
    }
}

impl Asset {
    /// The share of the query's words among the keywords.
    pub(super) fn score(&self, query: &[String]) -> f64 {
        let keywords = self.keywords();
        let hits = query.iter().filter(|w| keywords.contains(w)).count();
        hits as f64 / query.len().max(1) as f64
    }

    pub(super) fn match_json(&self, project: u64, score: f64) -> Value {
        json!({
            "assetId": self.id,
            "projectId": project,
            "indexId": self.index_id,
            "fileName": self.file_name,
            "type": self.kind(),
            "score": (score * 100.0).round() / 100.0,
        })
    }
}
