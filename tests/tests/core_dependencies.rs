//! The signer must stay reusable by other NCP clients: `ncloud-core` without default features pulls
//! in no HTTP client and no async runtime.

use std::process::Command;

const FORBIDDEN: &[&str] = &["reqwest", "hyper", "tokio", "h2", "http", "rustls"];

#[test]
fn bare_core_has_no_http_stack() {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(cargo)
        .args([
            "tree",
            "-p",
            "ncloud-core",
            "--no-default-features",
            "-e",
            "normal",
            "--prefix",
            "none",
            "--format",
            "{p}",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo tree runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let tree = String::from_utf8(output.stdout).unwrap();
    let names: Vec<&str> = tree
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert!(
        names.contains(&"ncloud-core") && names.contains(&"hmac"),
        "unexpected tree: {tree}"
    );
    for forbidden in FORBIDDEN {
        assert!(
            !names.contains(forbidden),
            "ncloud-core --no-default-features depends on {forbidden}:\n{tree}"
        );
    }
}
