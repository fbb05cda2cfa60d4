//! The signer must stay reusable by other NCP clients: `ncloud-core` without default features pulls
//! in no HTTP client and no async runtime, and each adapter feature adds only its own stack.

use std::collections::BTreeSet;
use std::process::Command;

const FORBIDDEN: &[&str] = &["reqwest", "hyper", "tokio", "h2", "http", "rustls"];
/// What a signer adapter must never pull in: a client, a runtime, TLS.
const HTTP_STACK: &[&str] = &["reqwest", "hyper", "hyper-util", "tokio", "h2", "rustls"];

/// The package names in `ncloud-core`'s normal dependency tree with `features` (and no default
/// ones), down to `depth` (`None`: the whole tree).
fn tree(features: &str, depth: Option<u32>) -> BTreeSet<String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let mut command = Command::new(cargo);
    command
        .args(["tree", "-p", "ncloud-core", "--no-default-features"])
        .args(["-e", "normal", "--prefix", "none", "--format", "{p}"])
        .current_dir(env!("CARGO_MANIFEST_DIR"));
    if !features.is_empty() {
        command.args(["--features", features]);
    }
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

fn names(list: &[&str]) -> BTreeSet<String> {
    list.iter().map(|s| (*s).to_owned()).collect()
}

#[test]
fn bare_core_has_no_http_stack() {
    let names = tree("", None);
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
    let bare = tree("", Some(1));
    for (feature, added) in [
        ("http", names(&["http"])),
        ("tower", names(&["http", "tower-layer", "tower-service"])),
    ] {
        let direct = tree(feature, Some(1));
        let new: BTreeSet<_> = direct.difference(&bare).cloned().collect();
        assert_eq!(new, added, "feature {feature} adds direct dependencies");
        let all = tree(feature, None);
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
        assert!(!tree(feature, None).contains("reqwest"), "{feature}");
    }
    for feature in ["client", "reqwest-middleware", "native-roots"] {
        assert!(tree(feature, None).contains("reqwest"), "{feature}");
    }
    // The middleware wraps the user's reqwest client: it brings no TLS stack of its own.
    assert!(!tree("reqwest-middleware", None).contains("rustls"));
}
