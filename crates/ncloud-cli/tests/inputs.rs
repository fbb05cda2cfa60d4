//! Every file and stdin input through the real binary: bounded, a file only when it is a regular
//! file (a FIFO without a writer or `/dev/zero` is refused, never waited on or read forever), read
//! within `--timeout`, a byte-order mark skipped; nothing is sent when an input is refused.

mod support;

use std::process::Output;

use ncloud_testkit::{FakeGateway, NsmlOperation};
use serde_json::Value;
use support::run_async::{ncloud_at, ncloud_at_with_stdin, stderr};

fn assert_usage_error(output: &Output, expected: &str) {
    let message = stderr(output);
    assert_eq!(output.status.code(), Some(2), "{message}");
    assert!(output.stdout.is_empty());
    assert_eq!(message.lines().count(), 1, "{message}");
    assert!(
        message.contains(expected),
        "expected {expected:?}: {message}"
    );
}

const CREATE_SECRET: [&str; 7] = [
    "nsml",
    "registry-credentials",
    "create",
    "--private-endpoint",
    "e2e.kr.private-ncr.ntruss.com",
    "--access-key",
    "E2EAK",
];

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn key_files_that_are_not_one_key_in_a_regular_file_are_refused_before_sending() {
    let gateway = FakeGateway::builder().start().await;
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("fifo.pub");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let large = dir.path().join("large.pub");
    std::fs::write(&large, format!("ssh-ed25519 {}", "A".repeat(20_000))).unwrap();
    let two = dir.path().join("two.pub");
    std::fs::write(
        &two,
        "ssh-ed25519 AAAAC3Nza one@host\nssh-ed25519 AAAAC3Nzb two@host\n",
    )
    .unwrap();
    for (path, expected) in [
        ("/dev/zero", "not a regular file (a device)"),
        (fifo.to_str().unwrap(), "not a regular file (a FIFO)"),
        (large.to_str().unwrap(), "larger than 16384 bytes"),
        (two.to_str().unwrap(), "one SSH public key, on one line"),
    ] {
        let args = [
            "nsml",
            "auth-keys",
            "create",
            "--title",
            "k",
            "--key-file",
            path,
        ];
        assert_usage_error(&ncloud_at(&gateway, &args).await, expected);
    }
    assert_eq!(gateway.nsml_calls_total(), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_byte_order_mark_is_not_part_of_the_registry_password() {
    let gateway = FakeGateway::builder().start().await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("secret");
    std::fs::write(&file, "\u{feff}e2e-registry-secret\r\n").unwrap();
    let args = [
        &CREATE_SECRET[..],
        &["--secret-key-file", file.to_str().unwrap()],
    ]
    .concat();
    let created = ncloud_at(&gateway, &args).await;
    assert!(created.status.success(), "{}", stderr(&created));
    let shown = ncloud_at(
        &gateway,
        &[
            "nsml",
            "registry-credentials",
            "get",
            "--show-secrets",
            "-o",
            "json",
        ],
    )
    .await;
    let shown: Vec<Value> = serde_json::from_slice(&shown.stdout).unwrap();
    let ours = shown
        .iter()
        .find(|c| c["privateEp"] == CREATE_SECRET[4])
        .unwrap();
    assert_eq!(ours["secretKey"], "e2e-registry-secret");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stdin_is_bounded_and_read_within_the_timeout() {
    let gateway = FakeGateway::builder().start().await;
    let secret_stdin = [&CREATE_SECRET[..], &["--secret-key-stdin"]].concat();
    // Too much: refused once past the limit, whatever follows.
    let output = ncloud_at_with_stdin(&gateway, &secret_stdin, Some(&[b'x'; 5000])).await;
    assert_usage_error(
        &output,
        "larger than 4096 bytes, too large for the registry secret key",
    );
    // A writer that never writes nor closes: --timeout ends the wait.
    let timed = [&["--timeout", "300ms"][..], &secret_stdin].concat();
    let output = ncloud_at_with_stdin(&gateway, &timed, None).await;
    assert_eq!(output.status.code(), Some(5), "{}", stderr(&output));
    assert!(stderr(&output).contains("--timeout"), "{}", stderr(&output));
    assert_eq!(gateway.nsml_calls_total(), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn api_reads_the_body_from_stdin_with_at_dash() {
    let gateway = FakeGateway::builder().start().await;
    let args = [
        "api",
        "POST",
        "/nsml/v1/projects",
        "--host",
        "nsml",
        "--body",
        "@-",
    ];
    let body = br#"{"projectName":"from-stdin","nasVolumeSize":500}"#;
    let output = ncloud_at_with_stdin(&gateway, &args, Some(body)).await;
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(gateway.nsml_calls(NsmlOperation::CreateProject), 1);
    let output = ncloud_at_with_stdin(&gateway, &args, Some(b"{not json")).await;
    assert_usage_error(&output, "--body is not valid JSON");
    assert_eq!(gateway.nsml_calls(NsmlOperation::CreateProject), 1);
}
