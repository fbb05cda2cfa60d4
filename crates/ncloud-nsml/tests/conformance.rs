//! Conformance with the CLOVA NSML reference pages: every request and response example of the
//! pages is a fixture in `tests/fixtures` (listed, with the page and which part it follows where
//! the page disagrees with itself, in `manifest.json`). Each is sent through this crate's client
//! to a local server that accepts only the example's request and answers the example's response.

use ncloud_nsml::{Client, Credentials, ImageType};
use ncloud_testkit::conformance::{
    Fixture, assert_readme_lists_every_fixture, check, fixtures_dir,
};
use serde_json::{Value, json};

fn client(base_url: String) -> Client {
    let core = ncloud_nsml::ncloud_core::Client::builder()
        .credentials(Credentials::new("AKID", "secret").with_api_key("gateway-key"))
        .endpoint(base_url)
        .build()
        .expect("a client for a local server");
    Client::new(core)
}

/// One page of a listing, as JSON: its items and the count the service reported.
fn page<T: serde::Serialize>(items: &[T], total_count: Option<u64>) -> Value {
    json!({"items": items, "total_count": total_count})
}

/// Sends the fixture's call with its inputs; the answer as JSON.
async fn call(nsml: Client, f: Fixture) -> Result<Value, ncloud_nsml::Error> {
    Ok(match f.call.as_str() {
        "list_projects" => {
            let p = nsml
                .list_projects()
                .page_size(f.number("page_size") as u32)
                .send()
                .await?;
            page(p.items(), p.total_count())
        }
        "get_project" => json(&nsml.get_project(f.text("project_id")).await?),
        "create_project" => {
            let mut request =
                nsml.create_project(f.text("name"), f.number("nas_volume_size") as u32);
            if let Some(note) = f.optional("note").and_then(Value::as_str) {
                request = request.note(note);
            }
            json(&request.await?)
        }
        "delete_project" => json(&nsml.delete_project(f.text("project_id")).await?),
        "list_runs" => {
            let p = nsml.list_runs().send().await?;
            page(p.items(), p.total_count())
        }
        "get_run" => json(
            &nsml
                .get_run(f.text("project_id"), f.text("run_name"))
                .await?,
        ),
        "create_run" => {
            let mut request = nsml.create_run(
                f.text("project_id"),
                f.number("gpu_server_code") as u32,
                ImageType::from(f.text("image_type")),
                f.text("image_path"),
                f.number("node_count") as u32,
            );
            if let Some(command) = f.optional("command").and_then(Value::as_str) {
                request = request.command(command);
            }
            for (key, value) in f
                .optional("envs")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
            {
                request = request.env(key, value.as_str().unwrap_or_default());
            }
            for number in f
                .optional("block_storages")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                request = request.block_storage(number.as_u64().unwrap_or_default());
            }
            if let Some(note) = f.optional("note").and_then(Value::as_str) {
                request = request.note(note);
            }
            // The POST alone (`send` also looks the run up).
            json(&request.start().await?)
        }
        "create_auth_key" => json(&nsml.create_auth_key(f.text("title"), f.text("key")).await?),
        "list_auth_keys" => json(&nsml.list_auth_keys().await?),
        "delete_auth_key" => json(
            &nsml
                .delete_auth_key(f.text("title"), f.text("name"))
                .await?,
        ),
        "create_registry_credential" => json(
            &nsml
                .create_registry_credential(
                    f.text("private_endpoint"),
                    f.text("access_key"),
                    f.text("secret_key"),
                )
                .await?,
        ),
        "get_registry_credentials" => json(&nsml.get_registry_credentials().await?),
        "delete_registry_credential" => json(
            &nsml
                .delete_registry_credential(f.text("private_endpoint"))
                .await?,
        ),
        "list_base_images" => json(&nsml.list_base_images().await?),
        "list_server_products" => json(&nsml.list_server_products().await?),
        "list_block_storages" => {
            let p = nsml
                .list_block_storages()
                .page_size(f.number("page_size") as u32)
                .send()
                .await?;
            page(p.items(), p.total_count())
        }
        other => panic!("fixture {}: no call {other:?} in this test", f.name),
    })
}

/// An answer as JSON (`()` as `null`).
fn json<T: serde::Serialize>(answer: &T) -> Value {
    serde_json::to_value(answer).expect("an answer serialises")
}

#[tokio::test]
async fn every_reference_example_is_sent_and_decoded_as_documented() {
    let dir = fixtures_dir(env!("CARGO_MANIFEST_DIR"));
    check(&dir, "/nsml/v1", |base_url, fixture| async move {
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
