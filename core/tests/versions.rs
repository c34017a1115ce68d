//! Every package of the repository carries the workspace version. Python takes it from Cargo
//! (`dynamic = ["version"]`); the others write it out, and this test catches drift.

use std::fs;
use std::path::Path;

fn repository_file(path: &str) -> String {
    let full = Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(path);
    fs::read_to_string(&full).unwrap_or_else(|error| panic!("cannot read {path}: {error}"))
}

/// `plimsoll::VERSION` is the core crate's version, which inherits the workspace version.
const VERSION: &str = plimsoll::VERSION;

#[test]
fn python_version_comes_from_cargo() {
    let pyproject = repository_file("bindings-python/pyproject.toml");
    assert!(
        pyproject.contains("dynamic = [\"version\"]"),
        "bindings-python/pyproject.toml must take its version from Cargo (dynamic = [\"version\"])"
    );
    let manifest = repository_file("bindings-python/Cargo.toml");
    assert!(manifest.contains("version.workspace = true"));
}

#[test]
fn node_package_version_matches() {
    let package: serde_json::Value =
        serde_json::from_str(&repository_file("bindings-node/package.json")).unwrap();
    assert_eq!(
        package["version"], VERSION,
        "set \"version\" in bindings-node/package.json to {VERSION}"
    );
}

#[test]
fn header_version_macros_match() {
    let header = repository_file("include/plimsoll.h");
    let mut parts = VERSION.split('.');
    for name in ["MAJOR", "MINOR", "PATCH"] {
        let expected = format!("#define PLIMSOLL_VERSION_{name} {}", parts.next().unwrap());
        assert!(
            header.contains(&expected),
            "include/plimsoll.h lacks `{expected}`: run `cargo xtask header`"
        );
    }
    let expected = format!("#define PLIMSOLL_VERSION \"{VERSION}\"");
    assert!(
        header.contains(&expected),
        "include/plimsoll.h lacks `{expected}`: run `cargo xtask header`"
    );
}

#[test]
fn go_version_constant_matches() {
    let source = repository_file("bindings-go/plimsoll.go");
    let expected = format!("const Version = \"{VERSION}\"");
    assert!(
        source.contains(&expected),
        "bindings-go/plimsoll.go must declare `{expected}`"
    );
}
