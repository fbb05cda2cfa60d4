//! Text from servers never reaches the terminal raw: project names (chosen by other users of the
//! account) and error messages full of escape sequences are escaped in tables, errors, logs and
//! JSON, and a multi-megabyte error message is cut.

mod support;

use httpmock::{Method, MockServer};
use serde_json::{Value, json};
use support::{ENV_CREDENTIALS, Run, ncloud};

/// Sets the title, rings, clears the screen (7- and 8-bit CSI), reverses the text, returns to the
/// start of the line and starts a forged one.
const EVIL: &str =
    "\u{1b}]0;pwned\u{7}\u{1b}[2J\u{9b}31m\u{202e}fdp.exe\u{2066}\rforged\nline\u{7f}";

/// Whether `output` holds nothing a terminal would interpret but line ends.
fn printable(output: &str) -> bool {
    !output.chars().any(|c| {
        (c.is_control() && c != '\n')
            || matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
    })
}

fn run_at(server: &MockServer, args: &[&str]) -> Run {
    let base = server.base_url();
    ncloud(&[&["--endpoint", &base], args].concat(), &ENV_CREDENTIALS)
}

fn evil_projects() -> MockServer {
    let server = MockServer::start();
    server.mock(|when, then| {
        when.method(Method::GET).path("/nsml/v1/projects");
        then.status(200).json_body(json!({
            "projects": [
                {"projectId": "p-1", "projectName": EVIL},
                {"projectId": "p-2", "projectName": "plain"}
            ],
            "totalCount": 2
        }));
    });
    server
}

#[test]
fn table_cells_are_escaped_and_cannot_forge_rows() {
    let server = evil_projects();
    let run = run_at(&server, &["nsml", "projects", "-o", "table"]);
    run.assert_success();
    assert!(printable(&run.stdout), "{run:#?}");
    assert_eq!(
        run.stdout.lines().count(),
        3,
        "header and two rows: {run:#?}"
    );
    assert!(
        run.stdout.contains(
            r"\u{1b}]0;pwned\u{7}\u{1b}[2J\u{9b}31m\u{202e}fdp.exe\u{2066}\rforged\nline\u{7f}"
        ),
        "{run:#?}"
    );
}

#[test]
fn json_and_ndjson_escape_every_control_and_bidi_character() {
    let server = evil_projects();
    let json = run_at(&server, &["nsml", "projects", "-o", "json"]);
    json.assert_success();
    assert!(printable(&json.stdout), "{json:#?}");
    let items: Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(items[0]["projectName"], EVIL, "the same text, escaped");

    let ndjson = run_at(&server, &["nsml", "projects", "-o", "ndjson"]);
    ndjson.assert_success();
    assert!(printable(&ndjson.stdout), "{ndjson:#?}");
    assert_eq!(ndjson.ndjson()[0]["projectName"], EVIL);

    let api = run_at(&server, &["api", "GET", "/nsml/v1/projects"]);
    api.assert_success();
    assert!(printable(&api.stdout), "{api:#?}");
    let body: Value = serde_json::from_str(&api.stdout).unwrap();
    assert_eq!(body["projects"][0]["projectName"], EVIL);
}

#[test]
fn a_huge_hostile_error_message_is_one_short_escaped_line() {
    let server = MockServer::start();
    let message = format!("{EVIL}{}", "A".repeat(5 * 1024 * 1024));
    server.mock(|when, then| {
        when.method(Method::GET).path("/api/v1/workspaces");
        then.status(400)
            .json_body(json!({"code": "10001", "message": message}));
    });
    let run = run_at(&server, &["mi", "workspaces"]);
    let error = run.assert_failure(4);
    assert!(printable(&run.stderr), "{error}");
    assert!(error.len() < 2_000, "{} bytes", error.len());
    assert!(error.contains(r"\u{1b}]0;pwned"), "{error}");
    assert!(error.ends_with("more characters)"), "{error}");
}

#[test]
fn log_lines_are_escaped_too() {
    let server = MockServer::start();
    server.mock(|when, then| {
        when.method(Method::GET).path("/api/v1/workspaces");
        then.status(503)
            .json_body(json!({"error": {"errorCode": "500", "message": EVIL}}));
    });
    // -vv logs each retry with the server's message; one retry is enough to see it.
    let run = run_at(&server, &["-vv", "--max-attempts", "2", "mi", "workspaces"]);
    assert_eq!(run.code, Some(4), "{run:#?}");
    assert!(run.stderr.contains("retrying"), "{run:#?}");
    assert!(run.stderr.contains(r"\u{1b}]0;pwned"), "{run:#?}");
    assert!(printable(&run.stderr), "{run:#?}");
}
