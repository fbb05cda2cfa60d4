//! Persons, person tags, presigned uploads and search by image and by person, against the
//! testkit's stateful fake gateway (indexing and searches finish at once; retries sleep on a
//! manual clock, so nothing waits for real).

use std::time::{Duration, UNIX_EPOCH};

use ncloud_core::time::ManualTimeSource;
use ncloud_mi::{
    Client, Conditions, MAX_UPLOAD_BYTES, NameType, NewThumbnail, PersonFilter, PersonSearch,
    PersonSortColumn, PersonTagFilter, SearchQuery, SortType,
};
use ncloud_testkit::FakeGateway;

const WS: &str = "people-ws";

async fn setup() -> (FakeGateway, Client) {
    let clock = ManualTimeSource::new(UNIX_EPOCH + Duration::from_secs(1_800_000_000));
    let gateway = FakeGateway::builder()
        .workspaces(0)
        .time_source(clock.clone())
        .mi_indexing_delay(Duration::ZERO)
        .mi_search_delay(Duration::ZERO)
        .start()
        .await;
    let core = ncloud_core::Client::builder()
        .credentials(gateway.credentials().clone())
        .endpoint(gateway.base_url())
        .time_source(clock.clone())
        .clock(clock)
        .build()
        .unwrap();
    let mi = Client::new(core);
    mi.create_workspace(WS).send().await.unwrap();
    (gateway, mi)
}

/// The start of a PNG whose header says `side` x `side` pixels (all the fake reads).
fn png(side: u32) -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
    bytes.extend(side.to_be_bytes());
    bytes.extend(side.to_be_bytes());
    bytes.extend([8, 6, 0, 0, 0]);
    bytes
}

/// A person named `name` with one uploaded thumbnail.
async fn person(mi: &Client, name: &str) -> u64 {
    let key = mi
        .upload_person_thumbnail(WS, &format!("{}.png", name.to_lowercase()), png(300))
        .await
        .unwrap();
    let person = mi
        .create_person(WS)
        .name(name)
        .thumbnail(NewThumbnail::new(key, true))
        .send()
        .await
        .unwrap();
    person.id
}

#[tokio::test]
async fn person_tags_are_created_listed_and_deleted() {
    let (gateway, mi) = setup().await;
    for name in ["actor", "director", "crew"] {
        mi.create_person_tag(WS, name).await.unwrap();
    }
    let duplicate = mi.create_person_tag(WS, "crew").await.unwrap_err();
    assert_eq!(duplicate.code(), Some("10001"), "{duplicate}");

    let all = mi
        .list_person_tags(WS, PersonTagFilter::new())
        .page_size(2)
        .try_collect()
        .await
        .unwrap();
    let names: Vec<&str> = all.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["actor", "director", "crew"]);
    assert!(all[0].created_time.is_some());
    let first = mi
        .list_person_tags(WS, PersonTagFilter::new())
        .send()
        .await
        .unwrap();
    assert_eq!(first.items().len(), 3, "the default page holds 10");

    let named = mi
        .list_person_tags(WS, PersonTagFilter::new().name("direct"))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(named.len(), 1);
    mi.delete_person_tag(WS, named[0].id).await.unwrap();
    let gone = mi.delete_person_tag(WS, named[0].id).await.unwrap_err();
    assert!(gone.is_not_found(), "{gone}");

    // The person-tag listing caps pages at 50, not at MI's usual 1000: refused before sending.
    let sent = gateway.mi_requests();
    let error = mi
        .list_person_tags(WS, PersonTagFilter::new())
        .page_size(51)
        .send()
        .await
        .unwrap_err();
    assert!(error.is_invalid_config(), "{error}");
    assert_eq!(gateway.mi_requests(), sent);
}

#[tokio::test]
async fn a_person_is_created_tagged_given_thumbnails_updated_and_deleted() {
    let (gateway, mi) = setup().await;
    let tag = mi.create_person_tag(WS, "actor").await.unwrap();
    let kim = person(&mi, "Kim").await;
    let anonymous = mi.create_person(WS).send().await.unwrap();
    assert_eq!(anonymous.name, None);

    let got = mi.get_person(WS, kim).await.unwrap();
    assert_eq!(got.name.as_deref(), Some("Kim"));
    assert_eq!(got.thumbnails.len(), 1);
    assert_eq!(got.thumbnails[0].is_primary_thumbnail, Some(true));
    let url = got.thumbnails[0].url.clone().unwrap();
    assert!(url.starts_with(&gateway.storage_url()), "{url}");
    assert!(
        !format!("{got:?}").contains("testkit-download"),
        "Debug hides the signature"
    );

    let tags = mi.add_person_tags(WS, kim, &[tag.id]).await.unwrap();
    assert_eq!(
        (tags.person_id, tags.tags[0].name.as_str()),
        (Some(kim), "actor")
    );
    let unknown_tag = mi.add_person_tags(WS, kim, &[999_999]).await.unwrap_err();
    assert!(unknown_tag.is_not_found(), "{unknown_tag}");
    let tagged = mi
        .list_persons(WS, PersonFilter::new().tag(tag.id))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(tagged.iter().map(|p| p.id).collect::<Vec<_>>(), [kim]);
    let left = mi.remove_person_tags(WS, kim, &[tag.id]).await.unwrap();
    assert!(left.tags.is_empty());

    let second = mi
        .upload_person_thumbnail(WS, "kim-smiling.webp", png(400))
        .await
        .unwrap();
    let thumbnails = mi
        .add_person_thumbnails(WS, kim, &[NewThumbnail::new(second, false)])
        .await
        .unwrap();
    assert_eq!(thumbnails.thumbnails.len(), 2);
    let (first_id, second_id) = (thumbnails.thumbnails[0].id, thumbnails.thumbnails[1].id);
    let updated = mi
        .update_person(WS, kim)
        .name("Kim Lee")
        .description("lead")
        .primary_thumbnail(second_id)
        .send()
        .await
        .unwrap();
    assert_eq!(updated.name.as_deref(), Some("Kim Lee"));
    assert_eq!(updated.thumbnails[1].is_primary_thumbnail, Some(true));
    let left = mi
        .remove_person_thumbnails(WS, kim, &[first_id])
        .await
        .unwrap();
    assert_eq!(left.thumbnails.len(), 1);
    let last = mi
        .remove_person_thumbnails(WS, kim, &[second_id])
        .await
        .unwrap_err();
    assert!(
        last.to_string().contains("at least one thumbnail"),
        "{last}"
    );

    let deleted = mi.delete_person(WS, kim).await.unwrap().unwrap();
    assert_eq!(deleted.person_id, Some(kim));
    let gone = mi.get_person(WS, kim).await.unwrap_err();
    assert!(gone.is_not_found(), "{gone}");
    let gone = mi
        .update_person(WS, kim)
        .name("x")
        .send()
        .await
        .unwrap_err();
    assert!(gone.is_not_found(), "{gone}");

    // A workspace deleted and created again starts without persons or tags.
    mi.delete_workspace(WS).await.unwrap();
    mi.create_workspace(WS).await.unwrap();
    let none = mi
        .list_persons(WS, PersonFilter::new())
        .try_collect()
        .await
        .unwrap();
    assert!(none.is_empty(), "{none:?}");
    let none = mi
        .list_person_tags(WS, PersonTagFilter::new())
        .try_collect()
        .await
        .unwrap();
    assert!(none.is_empty(), "{none:?}");
}

#[tokio::test]
async fn search_merge_similar_and_recommend() {
    let (_gateway, mi) = setup().await;
    let alice = person(&mi, "Alice").await;
    let alice_kim = person(&mi, "Alice Kim").await;
    let bob = person(&mi, "Bob").await;
    let anonymous = mi.create_person(WS).send().await.unwrap().id;

    let named = mi
        .search_persons(
            WS,
            PersonSearch::new()
                .name_type(NameType::Named)
                .sort(PersonSortColumn::PersonId, SortType::Asc),
        )
        .page_size(2)
        .try_collect()
        .await
        .unwrap();
    let ids: Vec<u64> = named.iter().map(|p| p.id).collect();
    assert_eq!(ids, [alice, alice_kim, bob]);
    let by_name = mi
        .search_persons(WS, PersonSearch::new().name("Ali"))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(by_name.len(), 2);
    let anonymous_only = mi
        .search_persons(WS, PersonSearch::new().name_type(NameType::Anonymous))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(anonymous_only[0].id, anonymous);

    let similar = mi
        .similar_persons(WS, alice_kim)
        .count(5)
        .send()
        .await
        .unwrap();
    assert_eq!(similar.person_id, alice_kim);
    assert_eq!(similar.similar_persons[0].person_id, alice);
    let no_face = mi.similar_persons(WS, anonymous).send().await.unwrap_err();
    assert!(no_face.to_string().contains("no thumbnail"), "{no_face}");

    let photo = mi
        .upload_person_thumbnail(WS, "bob-at-work.jpg", png(512))
        .await
        .unwrap();
    let recommended = mi.recommend_persons(WS, &photo).send().await.unwrap();
    assert_eq!(recommended.persons[0].person_id, bob);

    let merged = mi.merge_persons(WS, alice, &[alice_kim]).await.unwrap();
    assert_eq!(merged.person_id, alice);
    assert_eq!(merged.transferred_thumbnail_count, Some(1));
    assert_eq!(mi.get_person(WS, alice).await.unwrap().thumbnails.len(), 2);
    let gone = mi.get_person(WS, alice_kim).await.unwrap_err();
    assert!(gone.is_not_found(), "a merged person disappears: {gone}");
    let again = mi.merge_persons(WS, alice, &[alice_kim]).await.unwrap_err();
    assert!(again.is_not_found(), "{again}");
}

#[tokio::test]
async fn invalid_inputs_are_refused_before_anything_is_sent() {
    let (gateway, mi) = setup().await;
    let (api, storage) = (gateway.mi_requests(), gateway.storage_requests());
    let mut both = SearchQuery::text("car");
    both.image_query = Some("key".into());
    let refusals = [
        mi.create_person(WS).name(" ").send().await.unwrap_err(),
        mi.create_person(WS)
            .name("x".repeat(51))
            .send()
            .await
            .unwrap_err(),
        mi.create_person(WS)
            .description("")
            .send()
            .await
            .unwrap_err(),
        mi.create_person(WS)
            .thumbnail(NewThumbnail::new("a", true))
            .thumbnail(NewThumbnail::new("b", true))
            .send()
            .await
            .unwrap_err(),
        mi.update_person(WS, 1).send().await.unwrap_err(),
        mi.list_persons(WS, PersonFilter::new().name("k"))
            .send()
            .await
            .unwrap_err()
            .into(),
        mi.list_persons(WS, PersonFilter::new().name("a|b"))
            .send()
            .await
            .unwrap_err()
            .into(),
        mi.search_persons(WS, PersonSearch::new())
            .page_size(51)
            .send()
            .await
            .unwrap_err()
            .into(),
        mi.merge_persons(WS, 1, &[1]).await.unwrap_err(),
        mi.merge_persons(WS, 1, &[]).await.unwrap_err(),
        mi.merge_persons(WS, 1, &(2..13).collect::<Vec<_>>())
            .await
            .unwrap_err(),
        mi.similar_persons(WS, 1)
            .count(11)
            .send()
            .await
            .unwrap_err(),
        mi.recommend_persons(WS, "k")
            .score_threshold(79)
            .send()
            .await
            .unwrap_err(),
        mi.add_person_tags(WS, 1, &[]).await.unwrap_err(),
        mi.remove_person_thumbnails(WS, 1, &[4, 4])
            .await
            .unwrap_err(),
        mi.add_person_thumbnails(WS, 1, &[]).await.unwrap_err(),
        mi.create_person_tag(WS, &"t".repeat(31)).await.unwrap_err(),
        mi.upload_query_image("car.gif", vec![1]).await.unwrap_err(),
        mi.upload_query_image("car.jpg", Vec::new())
            .await
            .unwrap_err(),
        mi.upload_query_image("car.jpg", vec![0; MAX_UPLOAD_BYTES + 1])
            .await
            .unwrap_err(),
        mi.upload_person_thumbnail(WS, "face.heic", vec![1])
            .await
            .unwrap_err(),
        mi.search(WS, SearchQuery::default())
            .items()
            .try_collect()
            .await
            .unwrap_err()
            .into(),
        mi.search(WS, both)
            .items()
            .try_collect()
            .await
            .unwrap_err()
            .into(),
    ];
    for error in &refusals {
        assert!(error.is_configuration(), "{error}");
        // Every refusal names its call, as a sent call's error does.
        assert!(error.to_string().starts_with("mi."), "{error}");
    }
    assert_eq!(gateway.mi_requests(), api, "no API call was sent");
    assert_eq!(gateway.storage_requests(), storage, "no byte was uploaded");
}

#[tokio::test]
async fn uploads_reach_the_storage_without_any_ncp_header() {
    let (gateway, mi) = setup().await;
    mi.upload_query_image("red-car.png", png(300))
        .await
        .unwrap();
    mi.upload_person_thumbnail(WS, "kim.jpg", b"jpeg".to_vec())
        .await
        .unwrap();
    // A 503 from the storage is retried (the same bytes, a PUT), on the manual clock.
    mi.upload_query_image("flaky-boat.jpg", b"jpeg".to_vec())
        .await
        .unwrap();
    assert_eq!(gateway.storage_requests(), 4);
    assert_eq!(gateway.storage_ncp_headers(), Vec::<String>::new());

    // A redirect from the storage is refused, never followed.
    let error = mi
        .upload_query_image("redirect-me.jpg", b"jpeg".to_vec())
        .await
        .unwrap_err();
    assert_eq!(error.http_status(), Some(307), "{error}");
    assert_eq!(error.operation(), Some("mi.UploadQueryImage"));

    // Too small an image: the service's FAILED completion is an error with its reason.
    let error = mi
        .upload_person_thumbnail(WS, "tiny.png", png(64))
        .await
        .unwrap_err();
    assert_eq!(error.code(), Some("RESOLUTION_NOT_SUPPORT"), "{error}");
    // Completing what was never uploaded reports FILE_NOT_EXIST, as documented.
    let url = mi.presign_query_image("never.jpg").await.unwrap();
    let status = mi.complete_query_image(&url.asset_file_key).await.unwrap();
    assert_eq!(status.upload_message.as_deref(), Some("FILE_NOT_EXIST"));
    assert_eq!(gateway.storage_ncp_headers(), Vec::<String>::new());
}

#[tokio::test]
async fn search_by_image_and_by_person() {
    let (_gateway, mi) = setup().await;
    let project = mi.create_project(WS, "clips").await.unwrap().project_id;
    for key in [
        "red-car.mp4",
        "green-tree.jpg",
        "alice-and-bob-dance.mp4",
        "alice-walks.mp4",
        "bob-cooks.mp4",
    ] {
        let asset = mi.import_asset(WS, project, "media", key).await.unwrap();
        mi.wait_for_indexing(WS, project, asset.asset_id)
            .send()
            .await
            .unwrap();
    }
    let key = mi
        .upload_query_image("photos/red-car.heic", b"heic".to_vec())
        .await
        .unwrap();
    assert!(
        key.ends_with("red-car.jpg"),
        "a HEIC is searched as its JPG: {key}"
    );
    let found = mi
        .search(WS, SearchQuery::image(&key))
        .items()
        .try_collect()
        .await
        .unwrap();
    let files: Vec<_> = found.iter().map(|m| m.file_name.clone().unwrap()).collect();
    assert_eq!(files, ["red-car.mp4"]);

    let alice = person(&mi, "Alice").await;
    let bob = person(&mi, "Bob").await;
    let videos = |persons: Conditions<u64>| {
        let mi = mi.clone();
        async move {
            let found = mi
                .search(WS, SearchQuery::text("video"))
                .persons(persons)
                .items()
                .try_collect()
                .await
                .unwrap();
            let mut files: Vec<String> = found.into_iter().filter_map(|m| m.file_name).collect();
            files.sort();
            files
        }
    };
    assert_eq!(
        videos(Conditions::new().must([alice]).not([bob])).await,
        ["alice-walks.mp4"]
    );
    assert_eq!(
        videos(Conditions::new().must([alice, bob])).await,
        ["alice-and-bob-dance.mp4"]
    );
    assert_eq!(
        videos(Conditions::new().any([alice, bob])).await,
        [
            "alice-and-bob-dance.mp4",
            "alice-walks.mp4",
            "bob-cooks.mp4"
        ]
    );
    let unknown = mi
        .search(WS, SearchQuery::text("video"))
        .persons(Conditions::new().must([999_999]))
        .send()
        .await
        .unwrap_err();
    assert!(unknown.is_not_found(), "{unknown}");
    let not_uploaded = mi
        .search(WS, SearchQuery::image("query-assets/9/x.jpg"))
        .send()
        .await
        .unwrap_err();
    assert_eq!(not_uploaded.code(), Some("10001"), "{not_uploaded}");
}
