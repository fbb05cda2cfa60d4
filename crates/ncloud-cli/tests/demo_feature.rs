//! The fake gateway (ncloud-testkit, and with it httpmock) gets into the `ncloud` binary only
//! through the default `demo` feature: `cargo install ncloud-cli --no-default-features` leaves it
//! out.

use std::process::Command;

/// The names of the packages `ncloud-cli` builds with, given `features` flags.
fn dependencies(features: &[&str]) -> Vec<String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(cargo)
        .args(["tree", "-p", "ncloud-cli", "-e", "normal"])
        .args(features)
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

#[test]
fn the_demo_gateway_is_linked_only_with_the_demo_feature() {
    let slim = dependencies(&["--no-default-features"]);
    assert!(
        slim.iter().any(|p| p == "ncloud-nsml") && slim.iter().any(|p| p == "clap"),
        "unexpected tree: {slim:?}"
    );
    for absent in ["ncloud-testkit", "httpmock"] {
        assert!(
            !slim.iter().any(|p| p == absent),
            "ncloud-cli --no-default-features depends on {absent}"
        );
    }
    let full = dependencies(&[]);
    for present in ["ncloud-testkit", "httpmock"] {
        assert!(
            full.iter().any(|p| p == present),
            "no {present} with the defaults"
        );
    }
}
