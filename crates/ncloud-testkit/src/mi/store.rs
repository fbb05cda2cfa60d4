//! The Media Intelligence world the fake keeps: workspaces (each with its base project), projects,
//! imported assets that index over a delay, their indexes, and searches that complete over a delay
//! with matches from the indexed assets. Plain data here, the rules per resource in `store/`; `mi` puts it on HTTP.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::{Value, json};

use crate::data;
use crate::mi::persons::PersonFilter;

mod assets;
mod indexes;
mod projects;
mod searches;
mod workspaces;

/// Who the fake says created and changed things.
const USER: &str = "testkit-user";
/// The name of the project every new workspace starts with.
pub(crate) const BASE_PROJECT: &str = "base-project";
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
}

impl MiData {
    fn next_id(&mut self) -> u64 {
        self.last_id += 1;
        1_000 + self.last_id
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

fn required_text<'a>(body: &'a Value, field: &str) -> Result<&'a str, MiError> {
    body.get(field)
        .and_then(Value::as_str)
        .filter(|s| !s.trim().is_empty())
        .ok_or_else(|| MiError::invalid(format!("{field} is required.")))
}

/// The lower-case alphanumeric words of `text`.
pub(crate) fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
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
