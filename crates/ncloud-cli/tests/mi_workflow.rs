//! `ncloud mi ...` through the real binary against the testkit's stateful fake: the whole
//! index-and-search workflow, and bad input refused before anything is sent.

mod support;

use std::process::Output;
use std::time::Duration;

use ncloud_testkit::{FakeGateway, Route};
use serde_json::Value;
use support::SteppingClock;
use support::run_async::{assert_usage_error, lines, ncloud_at, stderr};

/// Indexing and searching take a second or so on a [`SteppingClock`]: a few polls, every
/// millisecond, with no real waiting.
async fn gateway() -> FakeGateway {
    FakeGateway::builder()
        .workspaces(0)
        .time_source(SteppingClock::new())
        .mi_indexing_delay(Duration::from_millis(1000))
        .mi_search_delay(Duration::from_millis(700))
        .start()
        .await
}

/// Runs `ncloud mi <args>` and returns its one JSON output line.
async fn mi_json(gateway: &FakeGateway, args: &[&str]) -> Value {
    let output = mi(gateway, args).await;
    assert!(output.status.success(), "{args:?}: {}", stderr(&output));
    let mut lines = lines(&output);
    assert_eq!(lines.len(), 1, "{args:?}: {lines:?}");
    lines.remove(0)
}

/// Runs `ncloud mi <args>`; a command that waits (a search, `--wait`) polls every millisecond
/// unless `args` say otherwise.
async fn mi(gateway: &FakeGateway, args: &[&str]) -> Output {
    let mut all = vec!["mi"];
    all.extend_from_slice(args);
    let waits = args.first() == Some(&"search") || args.contains(&"--wait");
    if waits && !args.contains(&"--wait-interval") {
        all.extend(["--wait-interval", "1ms"]);
    }
    ncloud_at(gateway, &all).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_whole_workflow_from_workspace_to_search_matches() {
    let gateway = gateway().await;
    let ws = mi_json(
        &gateway,
        &[
            "workspaces",
            "create",
            "demo-ws",
            "--bucket",
            "media",
            "-o",
            "ndjson",
        ],
    )
    .await;
    assert_eq!(ws["workspaceName"], "demo-ws");
    let listed = mi(&gateway, &["workspaces", "-o", "ndjson"]).await;
    assert_eq!(lines(&listed)[0]["workspaceName"], "demo-ws");

    // A new workspace has its base project; a new project joins it.
    let project = mi_json(
        &gateway,
        &[
            "projects", "create", "demo-ws", "--name", "clips", "-o", "ndjson",
        ],
    )
    .await;
    let project_id = project["projectId"].as_u64().unwrap().to_string();
    let projects = lines(&mi(&gateway, &["projects", "list", "demo-ws", "-o", "ndjson"]).await);
    assert_eq!(projects.len(), 2);
    assert_eq!(
        projects
            .iter()
            .filter(|p| p["isBaseProject"] == true)
            .count(),
        1
    );

    // Import and wait for the indexing to finish.
    for key in ["videos/red-car.mp4", "photos/blue-sky.PNG"] {
        let status = mi_json(
            &gateway,
            &[
                "assets",
                "import",
                "demo-ws",
                &project_id,
                "--bucket",
                "media",
                "--key",
                key,
                "--wait",
                "--wait-timeout",
                "30",
                "--wait-interval",
                "1ms",
                "-o",
                "ndjson",
            ],
        )
        .await;
        assert_eq!(status["status"], "ANALYZE_COMPLETED", "{status}");
        assert!(status["indexId"].as_u64().is_some(), "{status}");
    }
    let assets = lines(
        &mi(
            &gateway,
            &["assets", "list", "demo-ws", &project_id, "-o", "ndjson"],
        )
        .await,
    );
    assert_eq!(assets.len(), 2);
    let asset_id = assets[0]["assetId"].as_u64().unwrap().to_string();
    let indexes = lines(
        &mi(
            &gateway,
            &[
                "indexes",
                "list",
                "demo-ws",
                &project_id,
                &asset_id,
                "-o",
                "ndjson",
            ],
        )
        .await,
    );
    assert_eq!(indexes.len(), 1);

    // Search, wait, and get the matches.
    let output = mi(
        &gateway,
        &[
            "search",
            "demo-ws",
            "red car",
            "--project",
            &project_id,
            "-o",
            "ndjson",
        ],
    )
    .await;
    assert!(output.status.success(), "{}", stderr(&output));
    let matches = lines(&output);
    assert_eq!(matches.len(), 1, "{matches:?}");
    assert_eq!(matches[0]["fileName"], "red-car.mp4");
    assert_eq!(matches[0]["score"], 1.0);

    // Clean up: the project, then the workspace, which is then gone.
    let deleted = mi(&gateway, &["projects", "delete", "demo-ws", &project_id]).await;
    assert!(deleted.status.success(), "{}", stderr(&deleted));
    let deleted = mi(&gateway, &["workspaces", "delete", "demo-ws"]).await;
    assert!(deleted.status.success(), "{}", stderr(&deleted));
    let gone = mi(&gateway, &["workspaces", "get", "demo-ws"]).await;
    assert_eq!(gone.status.code(), Some(4), "{}", stderr(&gone));
    assert!(
        stderr(&gone).contains("does not exist"),
        "{}",
        stderr(&gone)
    );
    assert_eq!(gateway.rejected(), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_results_span_pages_and_limit_stops_early() {
    let gateway = gateway().await;
    mi_json(
        &gateway,
        &["workspaces", "create", "many-ws", "-o", "ndjson"],
    )
    .await;
    let base = lines(&mi(&gateway, &["projects", "list", "many-ws", "-o", "ndjson"]).await);
    let base_id = base[0]["projectId"].as_u64().unwrap().to_string();
    for n in 0..5 {
        let key = format!("car-{n}.mp4");
        let status = mi_json(
            &gateway,
            &[
                "assets", "import", "many-ws", &base_id, "--bucket", "b", "--key", &key, "--wait",
                "-o", "ndjson",
            ],
        )
        .await;
        assert_eq!(status["status"], "ANALYZE_COMPLETED");
    }
    let all = mi(
        &gateway,
        &["search", "many-ws", "car", "--page-size", "2", "-o", "json"],
    )
    .await;
    assert!(all.status.success(), "{}", stderr(&all));
    let all: Vec<Value> = serde_json::from_slice(&all.stdout).unwrap();
    let mut names: Vec<&str> = all
        .iter()
        .map(|m| m["fileName"].as_str().unwrap())
        .collect();
    names.sort_unstable();
    assert_eq!(
        names,
        [
            "car-0.mp4",
            "car-1.mp4",
            "car-2.mp4",
            "car-3.mp4",
            "car-4.mp4"
        ]
    );
    let limited = mi(
        &gateway,
        &[
            "search",
            "many-ws",
            "car",
            "--page-size",
            "2",
            "--limit",
            "3",
            "-o",
            "ndjson",
        ],
    )
    .await;
    assert_eq!(lines(&limited).len(), 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_base_project_cannot_be_deleted_and_failed_indexing_is_an_error() {
    let gateway = gateway().await;
    mi_json(
        &gateway,
        &["workspaces", "create", "rules-ws", "-o", "ndjson"],
    )
    .await;
    let base = lines(&mi(&gateway, &["projects", "list", "rules-ws", "-o", "ndjson"]).await);
    let base_id = base[0]["projectId"].as_u64().unwrap().to_string();
    let refused = mi(&gateway, &["projects", "delete", "rules-ws", &base_id]).await;
    assert_eq!(refused.status.code(), Some(4));
    assert!(stderr(&refused).contains("10027"), "{}", stderr(&refused));
    assert!(
        stderr(&refused).contains("base project"),
        "{}",
        stderr(&refused)
    );

    let failed = mi(
        &gateway,
        &[
            "assets",
            "import",
            "rules-ws",
            &base_id,
            "--bucket",
            "b",
            "--key",
            "corrupt.mov",
            "--wait",
        ],
    )
    .await;
    assert_eq!(failed.status.code(), Some(4), "{}", stderr(&failed));
    assert!(
        stderr(&failed).contains("ANALYZE_FAIL"),
        "{}",
        stderr(&failed)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_input_exits_2_and_sends_nothing() {
    let gateway = gateway().await;
    let cases: [(&[&str], &str); 6] = [
        (&["workspaces", "create", "A_b"], "a-z, 0-9 and -"),
        (
            &[
                "assets",
                "import",
                "ws-1",
                "1",
                "--bucket",
                "b",
                "--key",
                "movie.avi",
            ],
            ".avi",
        ),
        (&["search", "ws-1", "cars", "--page-size", "101"], "1..=100"),
        (&["projects", "create", "ws-1", "--name", "a;b"], "';'"),
        (&["search", "ws-1", "cars | trucks"], "'|'"),
        (&["search", "ws-1", "cars", "--limit", "0"], "1 or more"),
    ];
    for (args, says) in cases {
        let output = mi(&gateway, args).await;
        assert_usage_error(&output, args, says);
        assert!(output.stdout.is_empty(), "{args:?}");
    }
    assert_eq!(
        gateway.mi_requests(),
        0,
        "nothing reached the workflow routes"
    );
    assert_eq!(gateway.requests(Route::Workspaces), 0);
    assert_eq!(gateway.rejected(), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_runs_the_workflow_end_to_end() {
    let output = support::run_async::ncloud(&["demo"], &[]).await;
    assert!(output.status.success(), "{}", stderr(&output));
    let stdout = String::from_utf8_lossy(&output.stdout);
    for step in [
        "$ ncloud mi workspaces create demo-workspace",
        "$ ncloud mi projects create demo-workspace --name trailers",
        "--key trailers/alice-red-car-chase.mp4 --wait",
        "ANALYZE_COMPLETED",
        "$ ncloud mi search demo-workspace \"red car\"",
        "$ ncloud mi search demo-workspace --image red-car.png",
        "$ ncloud mi persons create demo-workspace --name Alice --thumbnail alice.png",
    ] {
        assert!(stdout.contains(step), "{step:?} missing from:\n{stdout}");
    }
    // The image search finds what the text search found; the person search only Alice's scene.
    let by_image = &stdout[stdout.find("--image red-car.png").unwrap()..];
    assert!(
        by_image
            .lines()
            .nth(2)
            .unwrap()
            .contains("alice-red-car-chase.mp4"),
        "{by_image}"
    );
    let by_person = &stdout[stdout.find("car --person").unwrap()..];
    let found: Vec<&str> = by_person
        .lines()
        .skip(2)
        .take_while(|l| !l.is_empty())
        .collect();
    assert_eq!(found.len(), 1, "{by_person}");
    assert!(found[0].contains("alice-red-car-chase.mp4"), "{by_person}");
    // The search's best match is the red car, then the other car (half the words).
    let after_search = &stdout[stdout.find("$ ncloud mi search").unwrap()..];
    let matches: Vec<&str> = after_search.lines().skip(2).take(2).collect();
    assert!(matches[0].contains("red-car-chase.mp4"), "{after_search}");
    assert!(matches[1].contains("blue-car-parade.mov"), "{after_search}");
}
