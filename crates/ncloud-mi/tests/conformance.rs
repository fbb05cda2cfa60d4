//! Conformance with the Media Intelligence reference pages: every request and response example of
//! the pages is a fixture in `tests/fixtures` (listed, with the page and which part it follows where
//! the page disagrees with itself, in `manifest.json`). Each is sent through this crate's client
//! to a local server that accepts only the example's request and answers the example's response.

use ncloud_mi::{Client, ConfidenceLevel, Credentials, SearchQuery};
use ncloud_testkit::conformance::{
    Fixture, assert_readme_lists_every_fixture, check, fixtures_dir,
};
use serde_json::{Value, json};

fn client(base_url: String) -> Client {
    let core = ncloud_mi::ncloud_core::Client::builder()
        .credentials(Credentials::new("AKID", "secret"))
        .endpoint(base_url)
        .build()
        .expect("a client for a local server");
    Client::new(core)
}

/// An answer as JSON (`()` as `null`).
fn json<T: serde::Serialize>(answer: &T) -> Value {
    serde_json::to_value(answer).expect("an answer serialises")
}

/// One page of a listing, as JSON: its items and the count the service reported.
fn page<T: serde::Serialize>(items: &[T], total_count: Option<u64>) -> Value {
    json!({"items": items, "total_count": total_count})
}

fn confidence(f: &Fixture) -> ConfidenceLevel {
    f.text("confidence").parse().expect("a confidence level")
}

/// Sends the fixture's call with its inputs; the answer as JSON.
async fn call(mi: Client, f: Fixture) -> Result<Value, ncloud_mi::Error> {
    let ws = f
        .optional("workspace")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    let project = || f.number("project_id");
    let asset = || f.number("asset_id");
    Ok(match f.call.as_str() {
        "list_workspaces" => {
            let p = mi
                .list_workspaces()
                .page_size(f.number("page_size") as u32)
                .send()
                .await?;
            page(p.items(), p.total_count())
        }
        "create_workspace" => json(&mi.create_workspace(&ws).bucket(f.text("bucket")).await?),
        "get_workspace" => json(&mi.get_workspace(&ws).await?),
        "delete_workspace" => json(&mi.delete_workspace(&ws).await?),
        "list_projects" => {
            let p = mi.list_projects(&ws).send().await?;
            page(p.items(), p.total_count())
        }
        "create_project" => json(&mi.create_project(&ws, f.text("name")).await?),
        "get_project" => json(&mi.get_project(&ws, project()).await?),
        "rename_project" => json(&mi.rename_project(&ws, project(), f.text("name")).await?),
        "delete_project" => json(&mi.delete_project(&ws, project()).await?),
        "list_assets" => {
            let p = mi
                .list_assets(&ws, project())
                .page_size(f.number("page_size") as u32)
                .send()
                .await?;
            page(p.items(), p.total_count())
        }
        "import_asset" => json(
            &mi.import_asset(&ws, project(), f.text("bucket"), f.text("key"))
                .await?,
        ),
        "index_status" => json(&mi.index_status(&ws, project(), asset()).await?),
        "list_indexes" => {
            let p = mi.list_indexes(&ws, project(), asset()).send().await?;
            page(p.items(), p.total_count())
        }
        "get_index" => json(
            &mi.get_index(&ws, project(), asset(), f.number("index_id"))
                .confidence(confidence(&f))
                .await?,
        ),
        "delete_index" => json(
            &mi.delete_index(&ws, project(), asset(), f.number("index_id"))
                .await?,
        ),
        "search" => {
            let mut search = mi
                .search(&ws, SearchQuery::text(f.text("text")))
                .confidence(confidence(&f));
            for project in f.arg("projects").as_array().into_iter().flatten() {
                search = search.project(project.as_u64().unwrap_or_default());
            }
            json(&search.await?)
        }
        "search_results" => {
            let p = mi.search_results(&ws, f.text("search_id")).send().await?;
            page(p.items(), p.total_count())
        }
        other => panic!("fixture {}: no call {other:?} in this test", f.name),
    })
}

#[tokio::test]
async fn every_reference_example_is_sent_and_decoded_as_documented() {
    let dir = fixtures_dir(env!("CARGO_MANIFEST_DIR"));
    check(&dir, "/api/v1", |base_url, fixture| async move {
        call(client(base_url), fixture)
            .await
            .map_err(|error| error.to_string())
    })
    .await;
}

#[test]
fn the_readme_lists_every_fixture_with_its_page() {
    let dir = fixtures_dir(env!("CARGO_MANIFEST_DIR"));
    assert_readme_lists_every_fixture(include_str!("../README.md"), &dir);
}
