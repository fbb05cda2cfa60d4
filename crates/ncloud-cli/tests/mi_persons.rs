//! `ncloud mi persons ...`, `ncloud mi person-tags ...` and `ncloud mi search` by image and by
//! person, through the real binary against the testkit's stateful fake: uploads reach the storage
//! host without any NCP header, and bad input is refused before anything is sent.

mod support;

use std::path::Path;
use std::process::Output;
use std::time::Duration;

use ncloud_testkit::FakeGateway;
use serde_json::Value;
use support::run_async::{assert_usage_error, lines, ncloud_at, stderr};

const WS: &str = "people-ws";

async fn gateway() -> FakeGateway {
    FakeGateway::builder()
        .workspaces(0)
        .mi_indexing_delay(Duration::ZERO)
        .mi_search_delay(Duration::ZERO)
        .start()
        .await
}

async fn mi(gateway: &FakeGateway, args: &[&str]) -> Output {
    let mut all = vec!["mi"];
    all.extend_from_slice(args);
    ncloud_at(gateway, &all).await
}

/// Runs `ncloud mi <args> -o ndjson` and returns its output lines.
async fn mi_ok(gateway: &FakeGateway, args: &[&str]) -> Vec<Value> {
    let mut all = args.to_vec();
    all.extend(["-o", "ndjson"]);
    let output = mi(gateway, &all).await;
    assert!(output.status.success(), "{args:?}: {}", stderr(&output));
    lines(&output)
}

/// A PNG header of `side` x `side` pixels in `dir/name`; its path as text.
fn png(dir: &Path, name: &str, side: u32) -> String {
    let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
    bytes.extend(side.to_be_bytes());
    bytes.extend(side.to_be_bytes());
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path.to_string_lossy().into_owned()
}

fn id(value: &Value) -> String {
    value["id"].as_u64().unwrap().to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn persons_and_tags_from_create_to_delete() {
    let gateway = gateway().await;
    let dir = tempfile::tempdir().unwrap();
    mi_ok(&gateway, &["workspaces", "create", WS]).await;

    let tag = &mi_ok(&gateway, &["person-tags", "create", WS, "actor"]).await[0];
    let tag_id = id(tag);
    let tags = mi_ok(&gateway, &["person-tags", "list", WS]).await;
    assert_eq!(tags.len(), 1);
    assert_eq!(tags[0]["name"], "actor");

    let face = png(dir.path(), "kim.png", 300);
    let kim = &mi_ok(
        &gateway,
        &[
            "persons",
            "create",
            WS,
            "--name",
            "Kim",
            "--thumbnail",
            &face,
        ],
    )
    .await[0];
    let kim_id = id(kim);
    assert_eq!(kim["thumbnails"][0]["isPrimaryThumbnail"], true);
    let anonymous = &mi_ok(&gateway, &["persons", "create", WS]).await[0];
    assert_eq!(anonymous["name"], Value::Null);

    let tagged = &mi_ok(&gateway, &["persons", "tag", WS, &kim_id, &tag_id]).await[0];
    assert_eq!(tagged["tagList"][0]["name"], "actor");
    let listed = mi_ok(&gateway, &["persons", "list", WS, "--tag", &tag_id]).await;
    assert_eq!(listed.len(), 1);
    assert_eq!(id(&listed[0]), kim_id);

    let second = png(dir.path(), "kim-2.png", 300);
    let thumbnails = &mi_ok(
        &gateway,
        &[
            "persons",
            "add-thumbnail",
            WS,
            &kim_id,
            &second,
            "--primary",
        ],
    )
    .await[0];
    let all = thumbnails["thumbnailList"].as_array().unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(all[1]["isPrimaryThumbnail"], true);
    let first_thumbnail = id(&all[0]);
    let updated = &mi_ok(
        &gateway,
        &["persons", "update", WS, &kim_id, "--name", "Kim Lee"],
    )
    .await[0];
    assert_eq!(updated["name"], "Kim Lee");
    let left = &mi_ok(
        &gateway,
        &["persons", "remove-thumbnail", WS, &kim_id, &first_thumbnail],
    )
    .await[0];
    assert_eq!(left["thumbnailList"].as_array().unwrap().len(), 1);
    let untagged = &mi_ok(&gateway, &["persons", "untag", WS, &kim_id, &tag_id]).await[0];
    assert_eq!(untagged["tagList"], Value::Array(Vec::new()));

    let named = mi_ok(&gateway, &["persons", "search", WS, "--kind", "named"]).await;
    assert_eq!(named.len(), 1);
    let similar_face = png(dir.path(), "kim-at-home.png", 300);
    let recommended = mi_ok(&gateway, &["persons", "recommend", WS, &similar_face]).await;
    assert_eq!(
        id(&serde_json::json!({"id": recommended[0]["personId"]})),
        kim_id
    );
    let merged = &mi_ok(&gateway, &["persons", "merge", WS, &kim_id, &id(anonymous)]).await[0];
    assert_eq!(merged["personId"].as_u64().unwrap().to_string(), kim_id);

    let deleted = mi(&gateway, &["persons", "delete", WS, &kim_id]).await;
    assert!(deleted.status.success(), "{}", stderr(&deleted));
    assert!(stderr(&deleted).contains(&format!("deleted person {kim_id}")));
    let gone = mi(&gateway, &["persons", "get", WS, &kim_id]).await;
    assert_eq!(gone.status.code(), Some(4), "{}", stderr(&gone));
    let deleted = mi(&gateway, &["person-tags", "delete", WS, &tag_id]).await;
    assert!(deleted.status.success(), "{}", stderr(&deleted));
    assert_eq!(gateway.storage_ncp_headers(), Vec::<String>::new());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_by_image_and_by_person() {
    let gateway = gateway().await;
    let dir = tempfile::tempdir().unwrap();
    mi_ok(&gateway, &["workspaces", "create", WS]).await;
    let project = &mi_ok(&gateway, &["projects", "create", WS, "--name", "clips"]).await[0];
    let project_id = project["projectId"].as_u64().unwrap().to_string();
    for key in ["red-car.mp4", "alice-and-bob.mp4", "alice-walks.mp4"] {
        let args = [
            "assets",
            "import",
            WS,
            &project_id,
            "--bucket",
            "b",
            "--key",
            key,
            "--wait",
        ];
        mi_ok(&gateway, &args).await;
    }
    let image = png(dir.path(), "red-car.png", 300);
    let found = mi_ok(&gateway, &["search", WS, "--image", &image]).await;
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["fileName"], "red-car.mp4");

    let mut ids = Vec::new();
    for name in ["Alice", "Bob"] {
        let face = png(dir.path(), &format!("{name}.png"), 300);
        let person = &mi_ok(
            &gateway,
            &[
                "persons",
                "create",
                WS,
                "--name",
                name,
                "--thumbnail",
                &face,
            ],
        )
        .await[0];
        ids.push(id(person));
    }
    let found = mi_ok(
        &gateway,
        &[
            "search",
            WS,
            "video",
            "--person",
            &ids[0],
            "--not-person",
            &ids[1],
        ],
    )
    .await;
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["fileName"], "alice-walks.mp4");
    let found = mi_ok(
        &gateway,
        &[
            "search",
            WS,
            "video",
            "--any-person",
            &ids[0],
            "--any-person",
            &ids[1],
        ],
    )
    .await;
    assert_eq!(found.len(), 2);
    assert_eq!(gateway.storage_ncp_headers(), Vec::<String>::new());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_input_exits_2_and_sends_nothing() {
    let gateway = gateway().await;
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.jpg");
    std::fs::write(&big, vec![0u8; ncloud_mi::MAX_UPLOAD_BYTES + 1]).unwrap();
    let big = big.to_string_lossy().into_owned();
    let gif = png(dir.path(), "face.gif", 300);
    let long_tag = "t".repeat(31);
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["search", WS, "--image", &big],
            "too large for the image",
        ),
        (
            vec!["search", WS, "--image", &gif],
            "use jpg, jpeg, png, webp, heic",
        ),
        (
            vec!["search", WS, "car", "--image", &gif],
            "cannot be used with",
        ),
        (vec!["search", WS], "required"),
        (
            vec!["persons", "create", WS, "--thumbnail", &big],
            "too large for the image",
        ),
        (
            vec!["persons", "create", WS, "--name", " "],
            "not only spaces",
        ),
        (vec!["persons", "list", WS, "--name", "k"], "use 2 to 50"),
        (vec!["persons", "merge", WS, "1", "1"], "into itself"),
        (
            vec!["persons", "similar", WS, "1", "--count", "11"],
            "use 1 to 10",
        ),
        (
            vec!["persons", "recommend", WS, &gif],
            "use jpg, jpeg, png, webp",
        ),
        (vec!["persons", "update", WS, "1"], "nothing to update"),
        (
            vec!["person-tags", "list", WS, "--page-size", "51"],
            "1..=50",
        ),
        (vec!["person-tags", "create", WS, &long_tag], "use 1 to 30"),
    ];
    for (args, says) in cases {
        let output = mi(&gateway, &args).await;
        assert_usage_error(&output, &args, says);
    }
    assert_eq!(gateway.mi_requests(), 0, "nothing reached the MI routes");
    assert_eq!(gateway.storage_requests(), 0, "nothing was uploaded");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dry_run_stops_an_upload_at_its_first_request() {
    let gateway = gateway().await;
    let dir = tempfile::tempdir().unwrap();
    let face = png(dir.path(), "kim.png", 300);
    let cases: [(&[&str], &str); 2] = [
        (
            &["persons", "create", WS, "--thumbnail", &face, "--dry-run"],
            "/person-thumbnail/uploads/presigned-url",
        ),
        (
            &["search", WS, "--image", &face, "--dry-run"],
            "/api/v1/query-assets/uploads/presigned-url",
        ),
    ];
    for (args, path) in cases {
        let output = mi(&gateway, args).await;
        assert!(output.status.success(), "{args:?}: {}", stderr(&output));
        let stdout = String::from_utf8_lossy(&output.stdout);
        let first = stdout.lines().next().unwrap_or_default().to_owned();
        assert!(
            first.starts_with("POST ") && first.ends_with(path),
            "{args:?}: {stdout}"
        );
    }
    assert_eq!(gateway.mi_requests(), 0);
    assert_eq!(gateway.storage_requests(), 0);
}
