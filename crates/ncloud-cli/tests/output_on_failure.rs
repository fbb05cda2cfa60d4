//! A failed listing never looks like a complete one: with `-o json`, nothing for a failure before
//! the first item and an unterminated array after it; no table header without rows; and the
//! resume hint is a complete command that lists exactly the missing items.

mod support;

use ncloud_testkit::{FakeGateway, Fault, Route};
use serde_json::Value;
use support::{
    ENV_CREDENTIALS, Home, Run, ids, ncloud_at, profile_section, start, truncated_at, words,
};

fn parses_as_json(text: &str) -> bool {
    serde_json::from_str::<Value>(text).is_ok()
}

#[test]
fn usage_errors_print_nothing_on_stdout() {
    let gateway = start(FakeGateway::builder());
    for format in ["json", "table", "ndjson"] {
        for bad in [
            ["--page", "0"],
            ["--page-size", "0"],
            ["--page-size", "5000"],
        ] {
            let run = ncloud_at(
                &gateway,
                &[&["mi", "workspaces", "-o", format], &bad[..]].concat(),
            );
            run.assert_failure(2);
            assert_eq!(run.stdout, "", "{format} {bad:?}: {run:#?}");
        }
    }
    assert_eq!(gateway.requests(Route::Workspaces), 0);
}

#[test]
fn authentication_errors_print_nothing_on_stdout() {
    let gateway = start(FakeGateway::builder());
    let url = gateway.base_url();
    let wrong = Home::with_configure(&profile_section("DEFAULT", "not-the-secret"));
    let nothing = Home::empty();
    for format in ["json", "table", "ndjson"] {
        for (home, service, list) in [
            (&wrong, "mi", "workspaces"),
            (&wrong, "nsml", "projects"),
            (&nothing, "mi", "workspaces"),
        ] {
            let run = home.run(&["--endpoint", &url, service, list, "-o", format], &[]);
            run.assert_failure(3);
            assert_eq!(run.stdout, "", "{format}: {run:#?}");
        }
    }
}

/// `mi workspaces` over 25 workspaces in pages of 10, page 2 truncated on its first attempt.
fn broken_at_page_2() -> support::Gateway {
    truncated_at(Route::Workspaces, 2)
}

fn list(gateway: &FakeGateway, extra: &[&str]) -> Run {
    let args = words("mi workspaces --page-size 10 --concurrency 1");
    ncloud_at(gateway, &[&args[..], extra].concat())
}

#[test]
fn a_json_array_cut_by_a_failure_is_left_open() {
    let gateway = broken_at_page_2();
    let run = list(&gateway, &["-o", "json"]);
    run.assert_failure(4);
    assert!(!parses_as_json(&run.stdout), "{run:#?}");
    // What was printed is page 1, exactly: closing the array by hand shows it.
    let partial: Value = serde_json::from_str(&format!("{}]", run.stdout)).unwrap();
    assert_eq!(
        ids(partial.as_array().unwrap(), "workspaceName"),
        ids(&gateway.workspaces()[..10], "workspaceName")
    );
    // Successful listings stay valid JSON, empty ones included.
    let run = list(&gateway, &["-o", "json"]);
    run.assert_success();
    assert_eq!(
        serde_json::from_str::<Value>(&run.stdout)
            .unwrap()
            .as_array()
            .unwrap()
            .len(),
        25
    );
    let empty = start(FakeGateway::builder().workspaces(0));
    let run = ncloud_at(&empty, &["mi", "workspaces", "-o", "json"]);
    run.assert_success();
    assert_eq!(run.stdout, "[]\n");
}

#[test]
fn a_table_cut_by_a_failure_shows_the_rows_listed_then_the_error() {
    let gateway = broken_at_page_2();
    let run = list(&gateway, &["-o", "table"]);
    run.assert_failure(4);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 11, "header and page 1: {run:#?}");
    assert!(lines[0].starts_with("WORKSPACE"), "{run:#?}");
}

/// Runs the command that the error line suggests.
fn follow_hint(run: &Run) -> Run {
    let error = run.assert_failure(4);
    let command = error
        .split_once("; resume with: ")
        .unwrap_or_else(|| panic!("no resume hint: {error}"))
        .1;
    let words = shlex::split(command).unwrap();
    assert_eq!(words[0], "ncloud");
    let args: Vec<&str> = words[1..].iter().map(String::as_str).collect();
    Home::empty().run(&args, &ENV_CREDENTIALS)
}

#[test]
fn the_resume_hint_lists_exactly_the_missing_items() {
    let gateway = broken_at_page_2();
    let expected = ids(gateway.workspaces(), "workspaceName");

    let first = list(&gateway, &["-o", "ndjson"]);
    let error = first.assert_failure(4);
    assert!(
        error.contains("--page 2 --page-size 10"),
        "page and page size: {error}"
    );
    let rest = follow_hint(&first);
    rest.assert_success();
    assert_eq!(
        [first.ids("workspaceName"), rest.ids("workspaceName")].concat(),
        expected
    );

    // With --limit, what is left of it; NSML's default page size (10) is spelled out.
    let gateway = truncated_at(Route::Projects, 2);
    let first = ncloud_at(
        &gateway,
        &words("nsml projects --limit=15 --concurrency 1 -o ndjson"),
    );
    let error = first.assert_failure(4);
    assert!(
        error.contains("--page 2 --page-size 10 --limit 5"),
        "{error}"
    );
    let rest = follow_hint(&first);
    rest.assert_success();
    assert_eq!(
        [first.ids("projectId"), rest.ids("projectId")].concat(),
        ids(&gateway.projects()[..15], "projectId")
    );
}

#[test]
fn the_resume_hint_of_api_paginate_is_complete_too() {
    let gateway = truncated_at(Route::Projects, 3);
    let first = ncloud_at(
        &gateway,
        &words("api GET /nsml/v1/projects?pageSize=5 --host nsml --paginate --concurrency 1"),
    );
    let error = first.assert_failure(4);
    assert!(error.contains("--page 3 --page-size 5"), "{error}");
    let rest = follow_hint(&first);
    rest.assert_success();
    assert_eq!(
        [first.ids("projectId"), rest.ids("projectId")].concat(),
        ids(gateway.projects(), "projectId")
    );
}

#[test]
fn a_resumed_listing_past_the_end_says_so() {
    let gateway = start(FakeGateway::builder().workspaces(25));
    for format in ["json", "table", "ndjson"] {
        let run = ncloud_at(
            &gateway,
            &words(&format!(
                "mi workspaces --page 4 --page-size 10 -o {format}"
            )),
        );
        let error = run.assert_failure(4);
        assert!(
            error.contains("mi.ListWorkspaces: page 4 is past the end")
                && error.contains("25 items"),
            "{error}"
        );
        assert_eq!(run.stdout, "", "{format}: {run:#?}");
    }
}

#[test]
fn paging_warnings_are_shown_without_asking() {
    let gateway = start(
        FakeGateway::builder()
            .workspaces(25)
            .fault(Fault::GrowingTotal.every_attempt()),
    );
    let run = ncloud_at(&gateway, &words("mi workspaces --page-size 10 -o ndjson"));
    let error = run.assert_failure(4);
    assert!(error.contains("grew"), "{error}");
    assert!(
        run.stderr
            .lines()
            .any(|line| line.starts_with("warning: the listing's total changed")),
        "{run:#?}"
    );
    // The guard that stopped the listing is said once, by the error line.
    assert_eq!(run.stderr.matches("grew on").count(), 1, "{run:#?}");
}
