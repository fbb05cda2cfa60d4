//! What each published crate pulls in, by `cargo tree`:
//! - the signer must stay reusable by other NCP clients: `ncloud-core` without default features
//!   pulls in no HTTP client and no async runtime;
//! - the fake gateway (ncloud-testkit, and with it httpmock) gets into the `ncloud` binary only
//!   through its default `demo` feature: `cargo install ncloud-cli --no-default-features` leaves
//!   it out.

use std::process::Command;

/// The names of the packages `package` builds with (normal dependencies), given `flags`.
fn dependencies(package: &str, flags: &[&str]) -> Vec<String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(cargo)
        .args(["tree", "-p", package, "-e", "normal"])
        .args(flags)
        .args(["--prefix", "none", "--format", "{p}"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo tree runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .filter_map(|l| l.split_whitespace().next().map(str::to_owned))
        .collect()
}

fn has(names: &[String], name: &str) -> bool {
    names.iter().any(|n| n == name)
}

#[test]
fn bare_core_has_no_http_stack() {
    let names = dependencies("ncloud-core", &["--no-default-features"]);
    assert!(
        has(&names, "ncloud-core") && has(&names, "hmac"),
        "unexpected tree: {names:?}"
    );
    for forbidden in ["reqwest", "hyper", "tokio", "h2", "http", "rustls"] {
        assert!(
            !has(&names, forbidden),
            "ncloud-core --no-default-features depends on {forbidden}:\n{names:?}"
        );
    }
}

#[test]
fn the_cli_links_the_demo_gateway_only_with_the_demo_feature() {
    let slim = dependencies("ncloud-cli", &["--no-default-features"]);
    assert!(
        has(&slim, "ncloud-nsml") && has(&slim, "clap"),
        "unexpected tree: {slim:?}"
    );
    for absent in ["ncloud-testkit", "httpmock"] {
        assert!(
            !has(&slim, absent),
            "ncloud-cli --no-default-features depends on {absent}"
        );
    }
    let full = dependencies("ncloud-cli", &[]);
    for present in ["ncloud-testkit", "httpmock"] {
        assert!(
            has(&full, present),
            "no {present} with the default features"
        );
    }
}
