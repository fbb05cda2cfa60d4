//! What each published crate pulls in, by `cargo tree`:
//! - the signer must stay reusable by other NCP clients: `ncloud-core` without default features
//!   pulls in no HTTP client and no async runtime, and each adapter feature adds only its own
//!   stack;
//! - the fake gateway (ncloud-testkit, and with it httpmock) gets into the `ncloud` binary only
//!   through its default `demo` feature: `cargo install ncloud-cli --no-default-features` leaves
//!   it out.

use std::collections::BTreeSet;
use std::process::Command;

/// What the bare signer must never pull in.
const FORBIDDEN: &[&str] = &["reqwest", "hyper", "tokio", "h2", "http", "rustls"];
/// What a signer adapter must never pull in: a client, a runtime, TLS.
const HTTP_STACK: &[&str] = &["reqwest", "hyper", "hyper-util", "tokio", "h2", "rustls"];

/// The package names in `package`'s normal dependency tree with `flags`, down to `depth` (`None`:
/// the whole tree).
fn tree(package: &str, flags: &[&str], depth: Option<u32>) -> BTreeSet<String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let mut command = Command::new(cargo);
    command
        .args(["tree", "-p", package, "-e", "normal"])
        .args(flags)
        .args(["--prefix", "none", "--format", "{p}"])
        .current_dir(env!("CARGO_MANIFEST_DIR"));
    if let Some(depth) = depth {
        command.args(["--depth", &depth.to_string()]);
    }
    let output = command.output().expect("cargo tree runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .map(str::to_owned)
        .collect()
}

/// `ncloud-core` without default features, plus `features`.
fn core(features: &str, depth: Option<u32>) -> BTreeSet<String> {
    let mut flags = vec!["--no-default-features"];
    if !features.is_empty() {
        flags.extend(["--features", features]);
    }
    tree("ncloud-core", &flags, depth)
}

fn names(list: &[&str]) -> BTreeSet<String> {
    list.iter().map(|s| (*s).to_owned()).collect()
}

#[test]
fn bare_core_has_no_http_stack() {
    let names = core("", None);
    assert!(
        names.contains("ncloud-core") && names.contains("hmac"),
        "unexpected tree: {names:?}"
    );
    for forbidden in FORBIDDEN {
        assert!(
            !names.contains(*forbidden),
            "ncloud-core --no-default-features depends on {forbidden}: {names:?}"
        );
    }
}

#[test]
fn each_adapter_feature_adds_only_its_own_crates() {
    let bare = core("", Some(1));
    for (feature, added) in [
        ("http", names(&["http"])),
        ("tower", names(&["http", "tower-layer", "tower-service"])),
    ] {
        let direct = core(feature, Some(1));
        let new: BTreeSet<_> = direct.difference(&bare).cloned().collect();
        assert_eq!(new, added, "feature {feature} adds direct dependencies");
        let all = core(feature, None);
        for stack in HTTP_STACK {
            assert!(
                !all.contains(*stack),
                "feature {feature} pulls {stack}: {all:?}"
            );
        }
    }
}

#[test]
fn reqwest_comes_only_with_the_features_that_ask_for_it() {
    for feature in ["http", "tower"] {
        assert!(!core(feature, None).contains("reqwest"), "{feature}");
    }
    for feature in ["client", "reqwest-middleware", "native-roots"] {
        assert!(core(feature, None).contains("reqwest"), "{feature}");
    }
    // The middleware wraps the user's reqwest client: it brings no TLS stack of its own.
    assert!(!core("reqwest-middleware", None).contains("rustls"));
}

#[test]
fn the_cli_links_the_demo_gateway_only_with_the_demo_feature() {
    let slim = tree("ncloud-cli", &["--no-default-features"], None);
    assert!(
        slim.contains("ncloud-nsml") && slim.contains("clap"),
        "unexpected tree: {slim:?}"
    );
    for absent in ["ncloud-testkit", "httpmock"] {
        assert!(
            !slim.contains(absent),
            "ncloud-cli --no-default-features depends on {absent}"
        );
    }
    let full = tree("ncloud-cli", &[], None);
    for present in ["ncloud-testkit", "httpmock"] {
        assert!(
            full.contains(present),
            "no {present} with the default features"
        );
    }
}
