//! The whole index-and-search workflow against the testkit's stateful fake gateway, on one manual
//! clock: the client's sleeps advance it (a `ManualTimeSource` is also a `Clock`), so waiting for indexing and for search results takes no
//! real time and the waits are deterministic.

use std::time::{Duration, UNIX_EPOCH};

use ncloud_core::time::ManualTimeSource;
use ncloud_mi::{Client, ConfidenceLevel, IndexState, SearchQuery};
use ncloud_testkit::FakeGateway;

async fn setup(indexing: Duration, search: Duration) -> (FakeGateway, Client, ManualTimeSource) {
    let clock = ManualTimeSource::new(UNIX_EPOCH + Duration::from_secs(1_800_000_000));
    let gateway = FakeGateway::builder()
        .workspaces(0)
        .time_source(clock.clone())
        .mi_indexing_delay(indexing)
        .mi_search_delay(search)
        .start()
        .await;
    let core = ncloud_core::Client::builder()
        .credentials(gateway.credentials().clone())
        .endpoint(gateway.base_url())
        .time_source(clock.clone())
        .clock(clock.clone())
        .build()
        .unwrap();
    (gateway, Client::new(core), clock)
}

#[tokio::test]
async fn create_import_wait_search_and_delete() {
    let (gateway, mi, clock) = setup(Duration::from_secs(90), Duration::from_secs(5)).await;
    let started_at = ncloud_core::time::TimeSource::now(&clock);

    mi.create_workspace("media-ws")
        .bucket("media")
        .send()
        .await
        .unwrap();
    let projects = mi.list_projects("media-ws").try_collect().await.unwrap();
    assert_eq!(projects.len(), 1, "a new workspace has its base project");
    assert_eq!(projects[0].is_base_project, Some(true));
    let base = projects[0].project_id;
    let error = mi.delete_project("media-ws", base).await.unwrap_err();
    assert_eq!(error.code(), Some("10027"), "{error}");

    let project = mi.create_project("media-ws", "trailers").await.unwrap();
    let project = mi
        .rename_project("media-ws", project.project_id, "teasers")
        .await
        .unwrap();
    assert_eq!(project.name, "teasers");
    let pid = project.project_id;

    let mut assets = Vec::new();
    for key in ["red-car.mp4", "red-boat.png", "green-tree.jpg"] {
        assets.push(
            mi.import_asset("media-ws", pid, "media", key)
                .await
                .unwrap()
                .asset_id,
        );
    }
    let status = mi
        .wait_for_indexing("media-ws", pid, assets[0])
        .delays(Duration::from_secs(10), Duration::from_secs(10))
        .send()
        .await
        .unwrap();
    assert_eq!(status.status, IndexState::Completed);
    let waited = ncloud_core::time::TimeSource::now(&clock)
        .duration_since(started_at)
        .unwrap();
    assert!(
        waited >= Duration::from_secs(90),
        "polled until the indexing delay passed: {waited:?}"
    );

    let indexes = mi
        .list_indexes("media-ws", pid, assets[0])
        .try_collect()
        .await
        .unwrap();
    assert_eq!(indexes.len(), 1);
    assert_eq!(Some(indexes[0].index_id), status.index_id);
    let detail = mi
        .get_index("media-ws", pid, assets[0], indexes[0].index_id)
        .confidence(ConfidenceLevel::Low)
        .send()
        .await
        .unwrap();
    assert!(detail.details.contains_key("keywords"), "{detail:?}");

    // "red" matches two assets at MEDIUM confidence, one page of 1 at a time.
    let mut found = Vec::new();
    let mut matches = mi
        .search("media-ws", SearchQuery::text("red"))
        .page_size(1)
        .items();
    while let Some(m) = matches.next().await {
        found.push(m.unwrap().file_name.unwrap());
    }
    found.sort();
    assert_eq!(found, ["red-boat.png", "red-car.mp4"]);

    mi.delete_index("media-ws", pid, assets[0], indexes[0].index_id)
        .await
        .unwrap();
    assert!(
        mi.list_indexes("media-ws", pid, assets[0])
            .try_collect()
            .await
            .unwrap()
            .is_empty()
    );
    mi.delete_project("media-ws", pid).await.unwrap();
    mi.delete_workspace("media-ws").await.unwrap();
    let gone = mi.get_workspace("media-ws").await.unwrap_err();
    assert!(gone.is_service(), "{gone}");
    assert_eq!(gone.http_status(), Some(404));
    assert_eq!(gateway.rejected(), 0);
}

#[tokio::test]
async fn a_wait_times_out_with_the_last_state_seen() {
    let (_gateway, mi, _clock) = setup(Duration::from_secs(3_600), Duration::from_secs(5)).await;
    mi.create_workspace("slow-ws").send().await.unwrap();
    let base = mi.list_projects("slow-ws").try_collect().await.unwrap()[0].project_id;
    let asset = mi
        .import_asset("slow-ws", base, "b", "long.mkv")
        .await
        .unwrap()
        .asset_id;
    let error = mi
        .wait_for_indexing("slow-ws", base, asset)
        .timeout(Duration::from_secs(60))
        .send()
        .await
        .unwrap_err();
    assert!(error.is_wait_timeout(), "{error}");
    assert_eq!(error.last_state(), Some("WAIT_ANALYZE"));
}

#[tokio::test]
async fn failed_indexing_ends_the_wait_with_its_reason() {
    let (_gateway, mi, _clock) = setup(Duration::from_secs(30), Duration::from_secs(5)).await;
    mi.create_workspace("bad-ws").send().await.unwrap();
    let base = mi.list_projects("bad-ws").try_collect().await.unwrap()[0].project_id;
    let asset = mi
        .import_asset("bad-ws", base, "b", "corrupt.webm")
        .await
        .unwrap()
        .asset_id;
    let error = mi
        .wait_for_indexing("bad-ws", base, asset)
        .send()
        .await
        .unwrap_err();
    assert!(error.is_wait_failed() && !error.is_timeout(), "{error:?}");
    assert_eq!(error.last_state(), Some("ANALYZE_FAIL"));
    assert_eq!(error.operation(), Some("mi.WaitForIndexing"));
    assert!(
        error.to_string().contains("video parsing failure"),
        "the reason is in the message: {error}"
    );
}

#[tokio::test]
async fn search_items_report_a_timeout_as_their_last_item() {
    let (_gateway, mi, _clock) = setup(Duration::ZERO, Duration::from_secs(3_600)).await;
    mi.create_workspace("wait-ws").send().await.unwrap();
    let mut matches = mi
        .search("wait-ws", SearchQuery::text("x"))
        .timeout(Duration::from_secs(30))
        .items();
    let error = ncloud_mi::Error::from(matches.next().await.unwrap().unwrap_err());
    assert!(error.is_wait_timeout(), "{error}");
    assert_eq!(error.last_state(), Some("RUNNING"));
    assert!(matches.next().await.is_none());
}
