//! Generates `include/plimsoll.h` from the C ABI crate with cbindgen.

use std::fs;
use std::path::Path;

/// The committed header, relative to the workspace root.
pub const HEADER_PATH: &str = "include/plimsoll.h";

/// The C ABI crate, relative to the workspace root.
const CRATE_DIR: &str = "bindings-c";

/// Returns the header for the C ABI crate of the workspace at `root`.
///
/// cbindgen reads the crate's sources and `cbindgen.toml`. The version macros come from this
/// crate's version, which is the workspace version.
pub fn generate(root: &Path) -> Result<String, String> {
    let crate_dir = root.join(CRATE_DIR);
    let config_path = crate_dir.join("cbindgen.toml");
    let mut config = cbindgen::Config::from_file(&config_path)
        .map_err(|error| format!("failed to read {}: {error}", config_path.display()))?;
    config.after_includes = Some(version_macros());

    let bindings = cbindgen::Builder::new()
        .with_crate(&crate_dir)
        .with_config(config)
        .generate()
        .map_err(|error| format!("cbindgen failed on {}: {error}", crate_dir.display()))?;
    let mut header = Vec::new();
    bindings.write(&mut header);
    String::from_utf8(header).map_err(|error| format!("cbindgen wrote non-UTF-8 text: {error}"))
}

/// Returns the `#define`s of the version, such as `PLIMSOLL_VERSION "0.1.0"`.
fn version_macros() -> String {
    format!(
        "\n#define PLIMSOLL_VERSION_MAJOR {}\n#define PLIMSOLL_VERSION_MINOR {}\n\
         #define PLIMSOLL_VERSION_PATCH {}\n#define PLIMSOLL_VERSION \"{}\"",
        env!("CARGO_PKG_VERSION_MAJOR"),
        env!("CARGO_PKG_VERSION_MINOR"),
        env!("CARGO_PKG_VERSION_PATCH"),
        env!("CARGO_PKG_VERSION"),
    )
}

/// Writes the header to `include/plimsoll.h` under `root`.
pub fn write(root: &Path) -> Result<(), String> {
    let header = generate(root)?;
    let path = root.join(HEADER_PATH);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)
            .map_err(|error| format!("failed to create {}: {error}", parent.display()))?;
    }
    fs::write(&path, header).map_err(|error| format!("failed to write {}: {error}", path.display()))
}

/// Returns true if the committed header equals a freshly generated one.
pub fn is_fresh(root: &Path) -> Result<bool, String> {
    let generated = generate(root)?;
    let committed = fs::read_to_string(root.join(HEADER_PATH)).unwrap_or_default();
    Ok(committed == generated)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn committed_header_is_fresh() {
        let root = crate::workspace_root();

        let fresh = is_fresh(&root).unwrap();

        assert!(fresh, "{HEADER_PATH} is stale: run `cargo xtask header`");
    }

    #[test]
    fn header_defines_workspace_version() {
        let header = generate(&crate::workspace_root()).unwrap();

        let define = format!("#define PLIMSOLL_VERSION \"{}\"", env!("CARGO_PKG_VERSION"));
        assert!(header.contains(&define), "the header lacks `{define}`");
    }
}
