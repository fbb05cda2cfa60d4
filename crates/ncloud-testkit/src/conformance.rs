//! Conformance with the reference pages: each request and response example of a service's pages is
//! a fixture (`tests/fixtures/manifest.json` and JSON files beside it, in the service crate), and
//! [`check`] sends each through the crate's own client against a local server that accepts only
//! the example's request and answers the example's response.
//!
//! Plumbing for the service crates' tests, not part of the testkit's API.

use std::future::Future;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use httpmock::MockServer;
use percent_encoding::percent_decode_str;
use serde_json::Value;

use crate::wire::ApiRequest;

/// One example of a reference page, as `manifest.json` lists it.
#[derive(Debug, Clone)]
pub struct Fixture {
    /// A name for messages (`project-create`).
    pub name: String,
    /// The reference page the example is from.
    pub page: String,
    /// The client call that the example exercises (`create_project`).
    pub call: String,
    /// The call's inputs, by name.
    pub args: Value,
    method: String,
    path: String,
    query: Vec<(String, String)>,
    body: Option<Value>,
    status: u16,
    response: Option<String>,
    expect: Vec<(String, Value)>,
}

impl Fixture {
    /// The input `name` of the call, or a panic naming the fixture (a broken manifest).
    pub fn arg(&self, name: &str) -> &Value {
        self.args
            .get(name)
            .unwrap_or_else(|| panic!("fixture {}: no argument {name:?}", self.name))
    }

    /// The input `name` as text.
    pub fn text(&self, name: &str) -> &str {
        let value = self.arg(name);
        value
            .as_str()
            .unwrap_or_else(|| panic!("fixture {}: {name:?} is not text", self.name))
    }

    /// The input `name` as a number.
    pub fn number(&self, name: &str) -> u64 {
        let value = self.arg(name);
        value
            .as_u64()
            .unwrap_or_else(|| panic!("fixture {}: {name:?} is not a number", self.name))
    }

    /// The input `name`, when the fixture gives it.
    pub fn optional(&self, name: &str) -> Option<&Value> {
        self.args.get(name).filter(|v| !v.is_null())
    }
}

/// The fixtures of `dir/manifest.json`, their body files read from `dir`.
pub fn load(dir: &Path) -> Vec<Fixture> {
    let read = |file: &str| -> Value {
        let path = dir.join(file);
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    };
    let Value::Array(entries) = read("manifest.json") else {
        panic!("{}: not a JSON array", dir.join("manifest.json").display());
    };
    entries
        .into_iter()
        .map(|entry| {
            let field = |name: &str| entry.get(name).cloned().unwrap_or(Value::Null);
            let text = |value: Value| value.as_str().map(str::to_owned);
            let name = text(field("name")).expect("every fixture has a name");
            let request = field("request");
            let response = field("response");
            let query = request["query"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|pair| {
                    let pair = |i: usize| pair[i].as_str().unwrap_or_default().to_owned();
                    (pair(0), pair(1))
                })
                .collect();
            Fixture {
                page: text(field("page")).unwrap_or_else(|| panic!("fixture {name}: no page")),
                call: text(field("call")).unwrap_or_else(|| panic!("fixture {name}: no call")),
                args: field("args"),
                method: text(request["method"].clone()).unwrap_or_default(),
                path: text(request["path"].clone()).unwrap_or_default(),
                query,
                body: text(request["body"].clone()).map(|file| read(&file)),
                status: response["status"].as_u64().map_or(200, |s| s as u16),
                response: text(response["body"].clone()).map(|file| read(&file).to_string()),
                expect: field("expect")
                    .as_object()
                    .into_iter()
                    .flatten()
                    .map(|(pointer, value)| (pointer.clone(), value.clone()))
                    .collect(),
                name,
            }
        })
        .collect()
}

/// Panics unless `readme` names every fixture of `dir` (as `` `name` ``) and links its page: the
/// crate README's list of pages and disagreements stays complete.
pub fn assert_readme_lists_every_fixture(readme: &str, dir: &Path) {
    for fixture in load(dir) {
        let name = format!("`{}`", fixture.name);
        assert!(
            readme.contains(&fixture.page) && readme.contains(&name),
            "the README does not list {name} with {}",
            fixture.page
        );
    }
}

/// What the local server received, decoded for comparison with a fixture.
#[derive(Debug, Clone, PartialEq)]
struct Received {
    method: String,
    path: String,
    query: Vec<(String, String)>,
    body: Option<Value>,
}

fn decode(text: &str) -> String {
    percent_decode_str(&text.replace('+', " "))
        .decode_utf8_lossy()
        .into_owned()
}

impl Received {
    fn of(request: &ApiRequest, service_path: &str) -> Self {
        let path = decode(request.path());
        let query = request
            .query()
            .split('&')
            .filter(|pair| !pair.is_empty())
            .map(|pair| {
                let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
                (decode(key), decode(value))
            })
            .collect();
        let body = (!request.body().is_empty()).then(|| {
            serde_json::from_slice(request.body())
                .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(request.body()).into()))
        });
        Self {
            method: request.method().to_owned(),
            path: path
                .strip_prefix(service_path)
                .map_or(path.clone(), str::to_owned),
            query,
            body,
        }
    }

    fn expected(fixture: &Fixture) -> Self {
        Self {
            method: fixture.method.clone(),
            path: fixture.path.clone(),
            query: fixture.query.clone(),
            body: fixture.body.clone(),
        }
    }
}

/// The directory of a crate's fixtures: `tests/fixtures` below `manifest_dir`.
pub fn fixtures_dir(manifest_dir: &str) -> PathBuf {
    Path::new(manifest_dir).join("tests").join("fixtures")
}

/// Sends every fixture of `dir` with `call` (given the local server's base URL, without the
/// service path, and the fixture; it returns the call's answer as JSON) and checks that the server
/// received exactly the example's method, path (below `service_path`, percent-decoded), query
/// and JSON body, that the call succeeded on the example's response, and that each `expect` JSON
/// pointer of the answer holds its value. Panics with every failure at once.
pub async fn check<F, Fut>(dir: &Path, service_path: &str, call: F)
where
    F: Fn(String, Fixture) -> Fut,
    Fut: Future<Output = Result<Value, String>>,
{
    let fixtures = load(dir);
    assert!(!fixtures.is_empty(), "{}: no fixtures", dir.display());
    let mut failures = Vec::new();
    for fixture in fixtures {
        if let Err(failure) = check_one(&fixture, service_path, &call).await {
            failures.push(format!("{}: {failure}", fixture.name));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

async fn check_one<F, Fut>(fixture: &Fixture, service_path: &str, call: &F) -> Result<(), String>
where
    F: Fn(String, Fixture) -> Fut,
    Fut: Future<Output = Result<Value, String>>,
{
    let server = MockServer::start_async().await;
    let seen: Arc<Mutex<Vec<Received>>> = Arc::default();
    let expected = Received::expected(fixture);
    let (record, want, path) = (seen.clone(), expected.clone(), service_path.to_owned());
    let mock = server
        .mock_async(|when, then| {
            when.is_true(move |request| {
                let received = Received::of(&ApiRequest::from_mock(request), &path);
                let matches = received == want;
                record
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push(received);
                matches
            });
            let then = then.status(fixture.status);
            if let Some(body) = &fixture.response {
                then.header("content-type", "application/json")
                    .body(body.clone());
            }
        })
        .await;
    let answer = call(server.base_url(), fixture.clone()).await;
    let received = seen.lock().unwrap_or_else(|e| e.into_inner()).clone();
    if mock.calls_async().await != 1 || received.len() != 1 {
        return Err(format!(
            "expected one request {expected:?}, the server received {received:?}"
        ));
    }
    let answer = answer.map_err(|error| format!("the call failed: {error}"))?;
    for (pointer, value) in &fixture.expect {
        let found = answer.pointer(pointer).unwrap_or(&Value::Null);
        if found != value {
            return Err(format!(
                "{pointer}: expected {value}, the answer has {found}"
            ));
        }
    }
    Ok(())
}
