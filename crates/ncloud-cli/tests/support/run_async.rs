//! The async way to run the binary (tokio processes, for tests that pipe stdin while it runs).

use std::process::{Output, Stdio};
use std::time::Duration;

use ncloud_testkit::FakeGateway;
use serde_json::Value;
use tokio::io::AsyncWriteExt;

/// Runs `ncloud` with only the given environment (no NCLOUD_* or HOME leaks in), bounded in time.
pub(crate) async fn ncloud(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = tokio::process::Command::new(env!("CARGO_BIN_EXE_ncloud"));
    command
        .args(args)
        .env_clear()
        .env("HOME", "/nonexistent")
        .kill_on_drop(true);
    for (key, value) in env {
        command.env(key, value);
    }
    tokio::time::timeout(Duration::from_secs(60), command.output())
        .await
        .expect("ncloud finished within 60 s")
        .expect("ncloud ran")
}

/// The environment that gives `ncloud` the gateway's credentials.
pub(crate) fn credentials_env(gateway: &FakeGateway) -> Vec<(&'static str, String)> {
    let c = gateway.credentials();
    vec![
        ("NCLOUD_ACCESS_KEY_ID", c.access_key().to_owned()),
        ("NCLOUD_SECRET_ACCESS_KEY", c.secret_key().to_owned()),
        ("NCLOUD_API_KEY", c.api_key().unwrap_or_default().to_owned()),
    ]
}

/// Runs `ncloud --endpoint <gateway> <args>` with the gateway's credentials.
pub(crate) async fn ncloud_at(gateway: &FakeGateway, args: &[&str]) -> Output {
    let base = gateway.base_url();
    let mut all = vec!["--endpoint", base.as_str()];
    all.extend_from_slice(args);
    let env = credentials_env(gateway);
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    ncloud(&all, &env).await
}

/// Runs `ncloud --endpoint <gateway> <args>` with the gateway's credentials and `input` on stdin;
/// stdin stays open (a writer that never writes) when `input` is `None`.
pub(crate) async fn ncloud_at_with_stdin(
    gateway: &FakeGateway,
    args: &[&str],
    input: Option<&[u8]>,
) -> Output {
    let base = gateway.base_url();
    let mut command = tokio::process::Command::new(env!("CARGO_BIN_EXE_ncloud"));
    command
        .args(["--endpoint", base.as_str()])
        .args(args)
        .env_clear()
        .env("HOME", "/nonexistent")
        .envs(credentials_env(gateway))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    let mut child = command.spawn().expect("ncloud ran");
    let mut stdin = child.stdin.take().expect("a stdin pipe");
    let _open = match input {
        Some(input) => {
            stdin.write_all(input).await.unwrap();
            drop(stdin);
            None
        }
        None => Some(stdin),
    };
    tokio::time::timeout(Duration::from_secs(60), child.wait_with_output())
        .await
        .expect("ncloud finished within 60 s")
        .expect("ncloud ran")
}

/// Each line of stdout, parsed as JSON.
pub(crate) fn lines(output: &Output) -> Vec<Value> {
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|line| serde_json::from_str(line).expect("each line is JSON"))
        .collect()
}

/// Stderr as text.
pub(crate) fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A usage error (exit 2) whose stderr `says` it; `args` name the command in the failure message.
pub(crate) fn assert_usage_error(output: &Output, args: &[&str], says: &str) {
    let stderr = stderr(output);
    assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
    assert!(stderr.contains(says), "{args:?}: {stderr}");
}
