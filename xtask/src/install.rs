//! Installs the built C library with its header and pkg-config file under a prefix.

use std::fs;
use std::path::{Path, PathBuf};

use crate::header::HEADER_PATH;

/// The pkg-config template, relative to the workspace root.
const PKG_CONFIG_TEMPLATE: &str = "bindings-c/plimsoll.pc.in";

/// The library files that `cargo build -p plimsoll-c` writes to the target directory.
const LIBRARIES: [&str; 2] = ["libplimsoll.so", "libplimsoll.a"];

/// The arguments of `cargo xtask install`.
#[derive(Debug, PartialEq, Eq)]
pub struct Request {
    pub prefix: PathBuf,
    /// `release`, or `debug` with `--debug`.
    pub profile: &'static str,
}

/// Reads `--prefix DIR [--debug]`.
pub fn parse_arguments(arguments: &[&str]) -> Result<Request, String> {
    let mut prefix = None;
    let mut profile = "release";
    let mut rest = arguments.iter();
    while let Some(argument) = rest.next() {
        match *argument {
            "--prefix" => {
                let value = rest.next().ok_or("--prefix needs a directory")?;
                prefix = Some(PathBuf::from(value));
            }
            "--debug" => profile = "debug",
            other => {
                return Err(format!(
                    "unknown argument `{other}` of `cargo xtask install`"
                ));
            }
        }
    }
    let prefix = prefix.ok_or("`cargo xtask install` needs --prefix DIR")?;
    Ok(Request { prefix, profile })
}

/// Copies the libraries, the header and a pkg-config file into `lib/`, `include/` and
/// `lib/pkgconfig/` under the prefix.
pub fn install(root: &Path, request: &Request) -> Result<(), String> {
    let prefix = std::path::absolute(&request.prefix)
        .map_err(|error| format!("invalid prefix {}: {error}", request.prefix.display()))?;
    let prefix_text = prefix
        .to_str()
        .filter(|text| !text.contains(char::is_whitespace))
        .ok_or_else(|| {
            format!(
                "the prefix {} must be UTF-8 without spaces, because pkg-config splits flags \
                 at whitespace",
                prefix.display()
            )
        })?;
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"))
        .join(request.profile);

    let lib_dir = prefix.join("lib");
    for library in LIBRARIES {
        let source = target.join(library);
        if !source.is_file() {
            let release = if request.profile == "release" {
                " --release"
            } else {
                ""
            };
            return Err(format!(
                "{} not found: run `cargo build -p plimsoll-c{release}` first",
                source.display()
            ));
        }
        copy(&source, &lib_dir.join(library))?;
    }
    copy(&root.join(HEADER_PATH), &prefix.join(HEADER_PATH))?;

    let template_path = root.join(PKG_CONFIG_TEMPLATE);
    let template = fs::read_to_string(&template_path)
        .map_err(|error| format!("failed to read {}: {error}", template_path.display()))?;
    let pc_path = lib_dir.join("pkgconfig/plimsoll.pc");
    write(&pc_path, &render_pkg_config(&template, prefix_text))?;
    println!(
        "installed plimsoll {} under {prefix_text}",
        env!("CARGO_PKG_VERSION")
    );
    Ok(())
}

/// Fills in the prefix and the workspace version.
fn render_pkg_config(template: &str, prefix: &str) -> String {
    template
        .replace("@PREFIX@", prefix)
        .replace("@VERSION@", env!("CARGO_PKG_VERSION"))
}

fn copy(source: &Path, destination: &Path) -> Result<(), String> {
    create_parent(destination)?;
    fs::copy(source, destination).map(drop).map_err(|error| {
        format!(
            "failed to copy {} to {}: {error}",
            source.display(),
            destination.display()
        )
    })
}

fn write(path: &Path, contents: &str) -> Result<(), String> {
    create_parent(path)?;
    fs::write(path, contents)
        .map_err(|error| format!("failed to write {}: {error}", path.display()))
}

fn create_parent(path: &Path) -> Result<(), String> {
    let Some(parent) = path.parent() else {
        return Ok(());
    };
    fs::create_dir_all(parent)
        .map_err(|error| format!("failed to create {}: {error}", parent.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments_need_prefix() {
        let error = parse_arguments(&["--debug"]).unwrap_err();

        assert!(error.contains("--prefix"), "{error}");
    }

    #[test]
    fn arguments_select_profile() {
        let request = parse_arguments(&["--prefix", "/opt/plimsoll", "--debug"]).unwrap();

        assert_eq!(
            request,
            Request {
                prefix: PathBuf::from("/opt/plimsoll"),
                profile: "debug"
            }
        );
    }

    #[test]
    fn pkg_config_gets_prefix_and_version() {
        let template = fs::read_to_string(crate::workspace_root().join(PKG_CONFIG_TEMPLATE))
            .expect("the template exists");

        let rendered = render_pkg_config(&template, "/opt/plimsoll");

        assert!(rendered.contains("prefix=/opt/plimsoll\n"), "{rendered}");
        let version = format!("Version: {}\n", env!("CARGO_PKG_VERSION"));
        assert!(rendered.contains(&version), "{rendered}");
        assert!(!rendered.contains('@'), "a placeholder is left: {rendered}");
    }
}
