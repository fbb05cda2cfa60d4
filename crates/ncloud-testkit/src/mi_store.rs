//! The Media Intelligence world the fake keeps: workspaces (each with its base project), projects,
//! imported assets that index over a delay, their indexes, and searches that complete over a delay
//! with matches from the indexed assets. Plain data and rules; `mi_routes` puts it on HTTP.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::{Value, json};

use crate::data;
use crate::mi_persons::PersonFilter;

/// Who the fake says created and changed things.
const USER: &str = "testkit-user";
/// The name of the project every new workspace starts with.
pub(crate) const BASE_PROJECT: &str = "base-project";
/// At most this many projects per workspace, as documented.
const MAX_PROJECTS: usize = 1_000;
/// A key whose file name contains this imports fine and then fails indexing.
pub(crate) const FAILING_KEY_MARK: &str = "corrupt";

/// An MI error: its HTTP status, code, message, and which of MI's two error shapes carries it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct MiError {
    /// 404 for a resource that does not exist, else 400.
    pub(crate) status: u16,
    pub(crate) code: &'static str,
    pub(crate) message: String,
    /// `{"responseError":{...}}` rather than the flat `{"code","message"}`.
    pub(crate) wrapped: bool,
}

impl MiError {
    /// 10001 in the flat shape: a request the service refuses outright.
    pub(crate) fn invalid(message: impl Into<String>) -> Self {
        Self {
            status: 400,
            code: "10001",
            message: message.into(),
            wrapped: false,
        }
    }

    /// A rule about existing resources, in the wrapped shape the MI overview names.
    fn rule(code: &'static str, message: impl Into<String>) -> Self {
        Self {
            status: 400,
            code,
            message: message.into(),
            wrapped: true,
        }
    }

    /// HTTP 404, in the wrapped shape: the path names nothing that exists.
    pub(crate) fn not_found(what: &str, id: impl std::fmt::Display) -> Self {
        Self {
            status: 404,
            ..Self::rule("10001", format!("{what} {id} does not exist."))
        }
    }
}

type MiResult = Result<Value, MiError>;

/// How long the slow parts take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct MiDelays {
    pub(crate) indexing: Duration,
    pub(crate) search: Duration,
}

#[derive(Debug)]
pub(crate) struct MiStore {
    data: Mutex<MiData>,
    delays: MiDelays,
    requests: AtomicUsize,
}

#[derive(Debug, Default)]
struct MiData {
    workspaces: Vec<Workspace>,
    searches: BTreeMap<String, Search>,
    last_id: u64,
}

#[derive(Debug)]
struct Workspace {
    json: Value,
    projects: Vec<Project>,
}

#[derive(Debug)]
struct Project {
    id: u64,
    name: String,
    base: bool,
    created: String,
    updated: String,
    assets: Vec<Asset>,
}

#[derive(Debug)]
struct Asset {
    id: u64,
    file_name: String,
    image: bool,
    imported_at: SystemTime,
    index_id: u64,
    index_deleted: bool,
    fails: bool,
}

#[derive(Debug)]
struct Search {
    workspace: String,
    started_at: SystemTime,
    words: Vec<String>,
    projects: Vec<u64>,
    threshold: f64,
    /// Which persons must, may or must not appear.
    persons: PersonFilter,
    /// Fixed when the search completes, so that its pages stay consistent.
    matches: Option<Vec<Value>>,
}

impl MiStore {
    /// A store whose workspaces are `seed` (each given a base project).
    pub(crate) fn new(seed: &[Value], delays: MiDelays, now: SystemTime) -> Self {
        let mut data = MiData::default();
        let created = stamp(now);
        for json in seed {
            let project = data.base_project(&created);
            data.workspaces.push(Workspace {
                json: json.clone(),
                projects: vec![project],
            });
        }
        Self {
            data: Mutex::new(data),
            delays,
            requests: AtomicUsize::new(0),
        }
    }

    fn lock(&self) -> MutexGuard<'_, MiData> {
        // Every change below is made whole under the lock, so a poisoned lock is still consistent.
        self.data.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Counts an authenticated request to a workflow route; returns the count.
    pub(crate) fn count_request(&self) -> usize {
        self.requests.fetch_add(1, Ordering::Relaxed) + 1
    }

    pub(crate) fn requests(&self) -> usize {
        self.requests.load(Ordering::Relaxed)
    }

    /// The workspaces, in listing order.
    pub(crate) fn workspaces(&self) -> Vec<Value> {
        self.lock()
            .workspaces
            .iter()
            .map(|w| w.json.clone())
            .collect()
    }

    pub(crate) fn create_workspace(&self, body: &Value, now: SystemTime) -> MiResult {
        let name = required_text(body, "workspaceName")?;
        if !valid_workspace_name(name) {
            return Err(MiError::invalid(
                "workspaceName must be 3 to 63 characters of a-z, 0-9 and -.",
            ));
        }
        let bucket = body.get("bucketName").and_then(Value::as_str);
        let mut data = self.lock();
        if data.workspace_index(name).is_some() {
            return Err(MiError::invalid(format!(
                "Workspace name {name} already exists."
            )));
        }
        let time = stamp(now);
        let mut json = json!({
            "workspaceName": name,
            "workspaceUrl": format!("https://mi.apigw.ntruss.com/api/v1/workspaces/{name}"),
            "bucketName": bucket,
            "createdUserName": USER,
            "createdTime": time,
            "updatedUserName": USER,
            "updatedTime": time,
        });
        let project = data.base_project(&time);
        data.workspaces.push(Workspace {
            json: json.clone(),
            projects: vec![project],
        });
        // The create answer documents the name and the audit fields only.
        if let Some(object) = json.as_object_mut() {
            object.remove("workspaceUrl");
            object.remove("bucketName");
        }
        Ok(json)
    }

    pub(crate) fn get_workspace(&self, name: &str) -> MiResult {
        let data = self.lock();
        Ok(data.workspace(name)?.json.clone())
    }

    pub(crate) fn delete_workspace(&self, name: &str, now: SystemTime) -> MiResult {
        let mut data = self.lock();
        let index = data
            .workspace_index(name)
            .ok_or_else(|| MiError::not_found("Workspace", name))?;
        let indexing = data.workspaces[index]
            .projects
            .iter()
            .flat_map(|p| &p.assets)
            .any(|a| !self.indexing_done(a, now));
        if indexing {
            return Err(MiError::rule(
                "10001",
                format!("Workspace {name} cannot be deleted while an analysis is running."),
            ));
        }
        data.workspaces.remove(index);
        data.searches.retain(|_, s| s.workspace != name);
        Ok(json!({ "workspaceName": name }))
    }

    /// Every project at once, in the documented shape (`projects`, `totalCount`): the reference
    /// documents no paging for this call.
    pub(crate) fn list_projects(&self, workspace: &str) -> MiResult {
        let data = self.lock();
        let projects: Vec<Value> = data
            .workspace(workspace)?
            .projects
            .iter()
            .map(Project::json)
            .collect();
        Ok(json!({ "totalCount": projects.len(), "projects": projects }))
    }

    pub(crate) fn create_project(
        &self,
        workspace: &str,
        body: &Value,
        now: SystemTime,
    ) -> MiResult {
        let name = project_name(body)?;
        let mut data = self.lock();
        let id = data.next_id();
        let ws = data.workspace_mut(workspace)?;
        if ws.projects.len() >= MAX_PROJECTS {
            return Err(MiError::invalid("A workspace holds at most 1000 projects."));
        }
        if ws.projects.iter().any(|p| p.name == name) {
            return Err(MiError::invalid(format!(
                "Project name {name} already exists."
            )));
        }
        let time = stamp(now);
        let project = Project {
            id,
            name: name.to_owned(),
            base: false,
            created: time.clone(),
            updated: time,
            assets: Vec::new(),
        };
        let json = project.json();
        ws.projects.push(project);
        Ok(json)
    }

    pub(crate) fn get_project(&self, workspace: &str, project: u64) -> MiResult {
        let data = self.lock();
        Ok(data.workspace(workspace)?.project(project)?.json())
    }

    pub(crate) fn rename_project(
        &self,
        workspace: &str,
        project: u64,
        body: &Value,
        now: SystemTime,
    ) -> MiResult {
        let name = project_name(body)?;
        let mut data = self.lock();
        let ws = data.workspace_mut(workspace)?;
        if ws
            .projects
            .iter()
            .any(|p| p.name == name && p.id != project)
        {
            return Err(MiError::invalid(format!(
                "Project name {name} already exists."
            )));
        }
        let p = ws.project_mut(project)?;
        p.name = name.to_owned();
        p.updated = stamp(now);
        Ok(p.json())
    }

    /// Deletes a project; answers without a `result`, as deletes may.
    pub(crate) fn delete_project(&self, workspace: &str, project: u64) -> Result<(), MiError> {
        let mut data = self.lock();
        let ws = data.workspace_mut(workspace)?;
        if ws.project(project)?.base {
            return Err(MiError::rule(
                "10027",
                "The base project cannot be deleted.",
            ));
        }
        ws.projects.retain(|p| p.id != project);
        Ok(())
    }

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

    /// Starts a search; an `imageQuery` has been turned into its words by then, and `persons`
    /// is the resolved `personQuery` (see `mi_persons`).
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

    fn indexing_done(&self, asset: &Asset, now: SystemTime) -> bool {
        now.duration_since(asset.imported_at).unwrap_or_default() >= self.delays.indexing
    }

    /// `Some` when the asset has an index to show.
    fn live_index(&self, asset: &Asset, now: SystemTime) -> Option<()> {
        (self.indexing_done(asset, now) && !asset.fails && !asset.index_deleted).then_some(())
    }
}

impl MiData {
    fn next_id(&mut self) -> u64 {
        self.last_id += 1;
        1_000 + self.last_id
    }

    fn base_project(&mut self, time: &str) -> Project {
        Project {
            id: self.next_id(),
            name: BASE_PROJECT.to_owned(),
            base: true,
            created: time.to_owned(),
            updated: time.to_owned(),
            assets: Vec::new(),
        }
    }

    fn workspace_index(&self, name: &str) -> Option<usize> {
        self.workspaces
            .iter()
            .position(|w| w.json["workspaceName"] == name)
    }

    fn workspace(&self, name: &str) -> Result<&Workspace, MiError> {
        self.workspace_index(name)
            .map(|i| &self.workspaces[i])
            .ok_or_else(|| MiError::not_found("Workspace", name))
    }

    fn workspace_mut(&mut self, name: &str) -> Result<&mut Workspace, MiError> {
        let index = self
            .workspace_index(name)
            .ok_or_else(|| MiError::not_found("Workspace", name))?;
        Ok(&mut self.workspaces[index])
    }

    /// The search's matches, computed once from the assets indexed by then.
    fn matches(&mut self, search: &str, now: SystemTime, store: &MiStore) -> Vec<Value> {
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

impl Workspace {
    fn project(&self, id: u64) -> Result<&Project, MiError> {
        find(&self.projects, id, |p| p.id, "Project")
    }

    fn project_mut(&mut self, id: u64) -> Result<&mut Project, MiError> {
        let index = position(&self.projects, id, |p| p.id, "Project")?;
        Ok(&mut self.projects[index])
    }
}

/// The item of `items` whose id is `id`, or a "does not exist" error naming `what`.
fn find<'a, T>(
    items: &'a [T],
    id: u64,
    id_of: fn(&T) -> u64,
    what: &str,
) -> Result<&'a T, MiError> {
    position(items, id, id_of, what).map(|index| &items[index])
}

fn position<T>(items: &[T], id: u64, id_of: fn(&T) -> u64, what: &str) -> Result<usize, MiError> {
    items
        .iter()
        .position(|item| id_of(item) == id)
        .ok_or_else(|| MiError::not_found(what, id))
}

impl Project {
    fn json(&self) -> Value {
        json!({
            "projectId": self.id,
            "name": self.name,
            "isBaseProject": self.base,
            "createdUserName": USER,
            "createdTime": self.created,
            "updatedUserName": USER,
            "updatedTime": self.updated,
        })
    }

    fn asset(&self, id: u64) -> Result<&Asset, MiError> {
        find(&self.assets, id, |a| a.id, "Asset")
    }

    fn asset_mut(&mut self, id: u64) -> Result<&mut Asset, MiError> {
        let index = position(&self.assets, id, |a| a.id, "Asset")?;
        Ok(&mut self.assets[index])
    }
}

impl Asset {
    fn kind(&self) -> &'static str {
        if self.image { "IMAGE" } else { "VIDEO" }
    }

    fn json(&self, project: u64) -> Value {
        json!({
            "assetId": self.id,
            "fileName": self.file_name,
            "projectId": project,
            "metaData": { "type": self.kind() },
        })
    }

    /// The words the analysis "found": those of the file name, and the media type.
    fn keywords(&self) -> Vec<String> {
        let stem = self
            .file_name
            .rsplit_once('.')
            .map_or(self.file_name.as_str(), |(s, _)| s);
        let mut found = words(stem);
        found.push(self.kind().to_ascii_lowercase());
        found
    }

    /// The share of the query's words among the keywords.
    fn score(&self, query: &[String]) -> f64 {
        let keywords = self.keywords();
        let hits = query.iter().filter(|w| keywords.contains(w)).count();
        hits as f64 / query.len().max(1) as f64
    }

    fn index_json(&self, confidence: Option<&str>) -> Value {
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

    fn match_json(&self, project: u64, score: f64) -> Value {
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

/// The lower-case alphanumeric words of `text`.
pub(crate) fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// `Some(true)` for an image, `Some(false)` for a video, `None` for anything else.
fn media_kind(file_name: &str) -> Option<bool> {
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

fn valid_workspace_name(name: &str) -> bool {
    (3..=63).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn required_text<'a>(body: &'a Value, field: &str) -> Result<&'a str, MiError> {
    body.get(field)
        .and_then(Value::as_str)
        .filter(|s| !s.trim().is_empty())
        .ok_or_else(|| MiError::invalid(format!("{field} is required.")))
}

fn project_name(body: &Value) -> Result<&str, MiError> {
    let name = required_text(body, "name")?;
    if name.chars().count() > 100 || name.contains([';', '|', '`']) {
        return Err(MiError::invalid(
            "name must be at most 100 characters, without ; | or `.",
        ));
    }
    Ok(name)
}

/// `YYYY-MM-DDTHH:MM:SS` (no zone) of `time`.
pub(crate) fn stamp(time: SystemTime) -> String {
    data::date_time(
        time.duration_since(UNIX_EPOCH)
            .unwrap_or_default()
            .as_secs(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const T0: Duration = Duration::from_secs(1_800_000_000);
    const DELAYS: MiDelays = MiDelays {
        indexing: Duration::from_secs(10),
        search: Duration::from_secs(2),
    };

    fn at(seconds: u64) -> SystemTime {
        UNIX_EPOCH + T0 + Duration::from_secs(seconds)
    }

    fn store() -> MiStore {
        let store = MiStore::new(&[], DELAYS, at(0));
        store
            .create_workspace(&json!({"workspaceName": "ws-1"}), at(0))
            .unwrap();
        store
    }

    fn base_project(store: &MiStore) -> u64 {
        store.list_projects("ws-1").unwrap()["projects"][0]["projectId"]
            .as_u64()
            .unwrap()
    }

    #[test]
    fn a_new_workspace_has_its_base_project_which_cannot_be_deleted() {
        let store = store();
        let projects = store.list_projects("ws-1").unwrap();
        assert_eq!(projects["totalCount"], 1);
        assert_eq!(projects["projects"][0]["isBaseProject"], true);
        let error = store
            .delete_project("ws-1", base_project(&store))
            .unwrap_err();
        assert_eq!((error.code, error.wrapped), ("10027", true));
        let dup = store
            .create_workspace(&json!({"workspaceName": "ws-1"}), at(1))
            .unwrap_err();
        assert_eq!((dup.code, dup.wrapped), ("10001", false));
        let bad = store.create_workspace(&json!({"workspaceName": "A_b"}), at(1));
        assert!(bad.unwrap_err().message.contains("a-z"));
        let missing = store.get_workspace("nope").unwrap_err();
        assert_eq!((missing.status, missing.wrapped), (404, true));
    }

    #[test]
    fn projects_are_created_renamed_and_deleted() {
        let store = store();
        let p = store
            .create_project("ws-1", &json!({"name": "clips"}), at(1))
            .unwrap();
        let id = p["projectId"].as_u64().unwrap();
        assert_eq!(p["isBaseProject"], false);
        let renamed = store
            .rename_project("ws-1", id, &json!({"name": "reels"}), at(2))
            .unwrap();
        assert_eq!(renamed["name"], "reels");
        assert_eq!(store.get_project("ws-1", id).unwrap()["name"], "reels");
        assert!(
            store
                .create_project("ws-1", &json!({"name": "a|b"}), at(3))
                .is_err()
        );
        store.delete_project("ws-1", id).unwrap();
        assert!(store.get_project("ws-1", id).is_err());
    }

    #[test]
    fn an_import_indexes_over_the_delay_then_has_an_index() {
        let store = store();
        let project = base_project(&store);
        let imported = store
            .import_asset(
                "ws-1",
                project,
                &json!({"bucketName": "b", "key": "clips/Red-Car.MP4"}),
                at(0),
            )
            .unwrap();
        let asset = imported["assetId"].as_u64().unwrap();
        let status = |s| store.index_status("ws-1", project, asset, at(s)).unwrap();
        assert_eq!(status(1)["status"], "WAIT_ANALYZE");
        assert_eq!(status(6)["status"], "ANALYZING");
        assert_eq!(status(6)["indexId"], Value::Null);
        assert!(
            store.list_indexes("ws-1", project, asset, at(9)).unwrap()["indexes"]
                .as_array()
                .unwrap()
                .is_empty()
        );
        // A workspace with an analysis running cannot be deleted.
        assert!(store.delete_workspace("ws-1", at(9)).is_err());
        let done = status(10);
        assert_eq!(done["status"], "ANALYZE_COMPLETED");
        let index = done["indexId"].as_u64().unwrap();
        let listed = store.list_indexes("ws-1", project, asset, at(10)).unwrap();
        assert_eq!(listed["indexes"][0]["indexId"], index);
        let low = store
            .get_index("ws-1", project, asset, index, "LOW", at(10))
            .unwrap();
        let high = store
            .get_index("ws-1", project, asset, index, "HIGH", at(10))
            .unwrap();
        assert_eq!(low["keywords"].as_array().unwrap().len(), 3); // red, car, video
        assert_eq!(high["keywords"].as_array().unwrap().len(), 1);
        store
            .delete_index("ws-1", project, asset, index, at(11))
            .unwrap();
        assert!(
            store
                .get_index("ws-1", project, asset, index, "LOW", at(11))
                .is_err()
        );
        store.delete_workspace("ws-1", at(11)).unwrap();
        assert!(store.get_workspace("ws-1").is_err());
    }

    #[test]
    fn imports_are_checked_and_corrupt_files_fail_indexing() {
        let store = store();
        let project = base_project(&store);
        let no_bucket = store
            .import_asset("ws-1", project, &json!({"key": "a.mp4"}), at(0))
            .unwrap_err();
        assert_eq!((no_bucket.code, no_bucket.wrapped), ("10016", true));
        let avi = json!({"bucketName": "b", "key": "movie.avi"});
        assert_eq!(
            store
                .import_asset("ws-1", project, &avi, at(0))
                .unwrap_err()
                .code,
            "10001"
        );
        let bad = json!({"bucketName": "b", "key": "corrupt-take.mov"});
        let asset = store.import_asset("ws-1", project, &bad, at(0)).unwrap()["assetId"]
            .as_u64()
            .unwrap();
        let status = store.index_status("ws-1", project, asset, at(10)).unwrap();
        assert_eq!(status["status"], "ANALYZE_FAIL");
        assert!(status["analyzeStatusMessage"].as_str().is_some());
    }

    #[test]
    fn a_search_completes_after_its_delay_with_matches_from_indexed_assets() {
        let store = store();
        let project = base_project(&store);
        for key in ["red-car.mp4", "blue-car.mov", "red-boat.png", "sky.jpg"] {
            let body = json!({"bucketName": "b", "key": key});
            store.import_asset("ws-1", project, &body, at(0)).unwrap();
        }
        let body = json!({"query": {"textQuery": "red car"}});
        let search = store
            .start_search("ws-1", &body, PersonFilter::default(), at(10))
            .unwrap();
        let id = search["searchId"].as_str().unwrap();
        let running = store.search_results("ws-1", id, 1, 50, at(11)).unwrap();
        assert_eq!(running["status"], "RUNNING");
        assert!(running.get("totalCount").is_none());
        // MEDIUM (the default) needs half the words: red-car (1.0), blue-car and red-boat (0.5).
        let page1 = store.search_results("ws-1", id, 1, 2, at(12)).unwrap();
        assert_eq!(page1["status"], "COMPLETED");
        assert_eq!(
            (&page1["totalCount"], &page1["totalPage"]),
            (&json!(3), &json!(2))
        );
        assert_eq!(page1["results"][0]["fileName"], "red-car.mp4");
        assert_eq!(page1["results"][0]["score"], 1.0);
        let page2 = store.search_results("ws-1", id, 2, 2, at(13)).unwrap();
        assert_eq!(page2["results"].as_array().unwrap().len(), 1);
        let high =
            json!({"query": {"textQuery": "red car"}, "queryOption": {"confidenceLevel": "HIGH"}});
        let id = store
            .start_search("ws-1", &high, PersonFilter::default(), at(10))
            .unwrap()["searchId"]
            .clone();
        let only = store
            .search_results("ws-1", id.as_str().unwrap(), 1, 50, at(12))
            .unwrap();
        assert_eq!(only["totalCount"], 1);
        let piped = json!({"query": {"textQuery": "a|b"}});
        assert!(
            store
                .start_search("ws-1", &piped, PersonFilter::default(), at(10))
                .is_err()
        );
        assert!(store.search_results("ws-1", "nope", 1, 50, at(12)).is_err());
    }
}
