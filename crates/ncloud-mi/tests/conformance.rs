//! Conformance with the Media Intelligence reference pages: every request and response example of
//! the pages is a fixture in `tests/fixtures` (listed, with the page and which part it follows where
//! the page disagrees with itself, in `manifest.json`). Each is sent through this crate's client
//! to a local server that accepts only the example's request and answers the example's response.

use ncloud_mi::{
    Client, Conditions, ConfidenceLevel, Credentials, NameType, NewThumbnail, PersonFilter,
    PersonSearch, PersonTagFilter, SearchQuery,
};
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

/// The input `name`, a list of ids.
fn ids(f: &Fixture, name: &str) -> Vec<u64> {
    let list = f.arg(name).as_array().expect("a list of ids");
    list.iter().map(|id| id.as_u64().expect("an id")).collect()
}

/// The input `thumbnails`, `[key, primary]` pairs.
fn thumbnails(f: &Fixture) -> Vec<NewThumbnail> {
    let list = f
        .arg("thumbnails")
        .as_array()
        .expect("a list of thumbnails");
    list.iter()
        .map(|pair| {
            let key = pair[0].as_str().expect("a thumbnail key");
            NewThumbnail::new(key, pair[1].as_bool().expect("primary or not"))
        })
        .collect()
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
    let person = || f.number("person_id");
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
        "presign_query_image" => json(&mi.presign_query_image(f.text("file_name")).await?),
        "complete_query_image" => json(&mi.complete_query_image(f.text("key")).await?),
        "presign_person_thumbnail" => json(
            &mi.presign_person_thumbnail(&ws, f.text("file_name"))
                .await?,
        ),
        "complete_person_thumbnail" => {
            json(&mi.complete_person_thumbnail(&ws, f.text("key")).await?)
        }
        "list_persons" => {
            let mut filter = PersonFilter::new().name(f.text("name"));
            for tag in ids(&f, "tag_ids") {
                filter = filter.tag(tag);
            }
            let p = mi
                .list_persons(&ws, filter)
                .page_size(f.number("page_size") as u32)
                .send()
                .await?;
            page(p.items(), p.total_count())
        }
        "create_person" => {
            let mut create = mi
                .create_person(&ws)
                .name(f.text("name"))
                .description(f.text("description"));
            for thumbnail in thumbnails(&f) {
                create = create.thumbnail(thumbnail);
            }
            json(&create.await?)
        }
        "get_person" => json(&mi.get_person(&ws, person()).await?),
        "update_person" => json(
            &mi.update_person(&ws, person())
                .name(f.text("name"))
                .description(f.text("description"))
                .primary_thumbnail(f.number("primary_thumbnail"))
                .await?,
        ),
        "delete_person" => json(&mi.delete_person(&ws, person()).await?),
        "search_persons" => {
            let mut search = PersonSearch::new()
                .name(f.text("name"))
                .name_type(NameType::from(f.text("name_type")));
            for tag in ids(&f, "tag_ids") {
                search = search.tag(tag);
            }
            let p = mi
                .search_persons(&ws, search)
                .page_size(f.number("page_size") as u32)
                .send()
                .await?;
            page(p.items(), p.total_count())
        }
        "merge_persons" => json(&mi.merge_persons(&ws, person(), &ids(&f, "merged")).await?),
        "similar_persons" => json(
            &mi.similar_persons(&ws, person())
                .count(f.number("count") as u32)
                .score_threshold(f.number("score") as u32)
                .await?,
        ),
        "recommend_persons" => json(
            &mi.recommend_persons(&ws, f.text("key"))
                .count(f.number("count") as u32)
                .score_threshold(f.number("score") as u32)
                .await?,
        ),
        "add_person_tags" => json(
            &mi.add_person_tags(&ws, person(), &ids(&f, "tag_ids"))
                .await?,
        ),
        "remove_person_tags" => json(
            &mi.remove_person_tags(&ws, person(), &ids(&f, "tag_ids"))
                .await?,
        ),
        "add_person_thumbnails" => json(
            &mi.add_person_thumbnails(&ws, person(), &thumbnails(&f))
                .await?,
        ),
        "remove_person_thumbnails" => json(
            &mi.remove_person_thumbnails(&ws, person(), &ids(&f, "thumbnail_ids"))
                .await?,
        ),
        "list_person_tags" => {
            let p = mi
                .list_person_tags(&ws, PersonTagFilter::new().name(f.text("name")))
                .page_size(f.number("page_size") as u32)
                .send()
                .await?;
            page(p.items(), p.total_count())
        }
        "create_person_tag" => json(&mi.create_person_tag(&ws, f.text("name")).await?),
        "delete_person_tag" => json(&mi.delete_person_tag(&ws, f.number("tag_id")).await?),
        "search_by_image" => {
            let persons = Conditions::new().must(ids(&f, "must")).not(ids(&f, "not"));
            json(
                &mi.search(&ws, SearchQuery::image(f.text("key")))
                    .persons(persons)
                    .await?,
            )
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
