//! `--wait` through the real binary: a failed MI indexing names its state and the service's
//! reason, escaped and bounded, and still prints the imported asset; a run that completes exits 0
//! with no progress line on a pipe. How a run's wait ends (a failure state, an unknown state, past
//! `--wait-timeout`, within `--timeout`) and its poll interval are tested in process on a manual
//! clock, in `src/wait.rs`.

mod support;

use std::time::Duration;

use httpmock::{Method, MockServer};
use ncloud_testkit::FakeGateway;
use serde_json::json;
use support::{ENV_CREDENTIALS, Run, create_run, ncloud, nsml_project, start};

/// Sets the title (OSC), rings (BEL), clears the screen (ESC CSI), returns to the start of the
/// line (CR), starts a forged line (LF) and reverses the text (bidi override).
const EVIL: &str = "\u{1b}]0;pwned\u{7}\u{1b}[2J\rforged\nerror: fake\u{202e}txt";

/// Whether `output` holds nothing a terminal would interpret but line ends.
fn printable(output: &str) -> bool {
    !output.chars().any(|c| {
        (c.is_control() && c != '\n')
            || matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
    })
}

/// An MI gateway whose import answers asset 7 and whose indexing of it failed for `reason`.
fn failed_indexing(reason: &str) -> MockServer {
    let server = MockServer::start();
    server.mock(|when, then| {
        when.method(Method::POST)
            .path("/api/v1/workspaces/ws/projects/1/assets/import/object-storage");
        then.status(200)
            .json_body(json!({"code": "0", "message": "success", "result": {"assetId": 7}}));
    });
    server.mock(|when, then| {
        when.method(Method::GET)
            .path("/api/v1/workspaces/ws/projects/1/assets/7/index/status");
        then.status(200).json_body(json!({
            "code": "0", "message": "success",
            "result": {"status": "ANALYZE_FAIL", "analyzeStatusMessage": reason}
        }));
    });
    server
}

fn import_and_wait(server: &MockServer) -> Run {
    let base = server.base_url();
    let args = [
        "--endpoint",
        &base,
        "mi",
        "assets",
        "import",
        "ws",
        "1",
        "--bucket",
        "b",
        "--key",
        "a.mp4",
        "--wait",
    ];
    ncloud(&args, &ENV_CREDENTIALS)
}

#[test]
fn a_hostile_indexing_failure_reason_is_escaped_and_bounded() {
    let server = failed_indexing(&format!("{EVIL}{}", "A".repeat(200 * 1024)));
    let run = import_and_wait(&server);
    let error = run.assert_failure(4);
    assert!(printable(&run.stderr), "{run:#?}");
    assert!(error.contains("ANALYZE_FAIL"), "{error}");
    assert!(
        error.contains(r"\u{1b}]0;pwned\u{7}\u{1b}[2J\rforged\nerror: fake\u{202e}txt"),
        "{error}"
    );
    assert!(error.len() < 2_000, "{} bytes", error.len());
    // The reason is cut; what follows is ours: the asset was created, and how to check it.
    assert!(
        error.contains("more characters); asset 7 was created; check it with: ncloud"),
        "{error}"
    );
}

#[test]
fn a_failed_indexing_names_the_state_and_the_reason() {
    let server = failed_indexing("video parsing failure");
    let run = import_and_wait(&server);
    let error = run.assert_failure(4);
    assert!(
        error.contains("asset 7 to be indexed, but it is ANALYZE_FAIL: video parsing failure"),
        "{error}"
    );
    // The asset was imported: stdout still has it, stderr says how to check it.
    assert!(run.stdout.contains("\"assetId\":7"), "{run:#?}");
    assert!(error.ends_with(" mi assets status ws 1 7"), "{error}");
}

fn nsml_gateway(run: Duration) -> support::Gateway {
    start(
        FakeGateway::builder()
            .projects(0)
            .nsml_transition(Duration::ZERO)
            .nsml_run_duration(run),
    )
}

/// Starts `python ...` `command` in `project`, waiting for it (polling every 100 ms).
fn start_run(gateway: &FakeGateway, project: &str, command: &str, extra: &[&str]) -> Run {
    let wait = ["--wait", "--wait-interval", "100ms"];
    create_run(gateway, project, command, &[&wait[..], extra].concat())
}

#[test]
fn a_run_that_completes_exits_0_without_a_progress_line_on_a_pipe() {
    let gateway = nsml_gateway(Duration::ZERO);
    let id = nsml_project(&gateway, "waits");
    let run = start_run(&gateway, &id, "python train.py", &[]);
    // stderr is a pipe here: no progress line, nothing at all.
    run.assert_success();
    assert!(run.stdout.contains("RUN_STATE_COMPLETED"), "{run:#?}");
}
