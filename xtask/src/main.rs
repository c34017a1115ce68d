//! Development commands of the workspace, run as `cargo xtask COMMAND` (an alias defined in
//! `.cargo/config.toml`).
//!
//! - `header` writes `include/plimsoll.h` from the C ABI crate.
//! - `header --check` exits with 1 if the committed header differs from a generated one.
//! - `install --prefix DIR [--debug]` copies the built C library, the header and a pkg-config
//!   file under `DIR`.

mod header;
mod install;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask header [--check]
       cargo xtask install --prefix DIR [--debug]";

fn main() -> ExitCode {
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    let arguments: Vec<&str> = arguments.iter().map(String::as_str).collect();
    let root = workspace_root();

    let result = match arguments.as_slice() {
        ["header"] => header::write(&root).map(|()| ExitCode::SUCCESS),
        ["header", "--check"] => check_header(&root),
        ["install", rest @ ..] => install::parse_arguments(rest)
            .and_then(|request| install::install(&root, &request))
            .map(|()| ExitCode::SUCCESS),
        _ => Err(USAGE.to_string()),
    };

    result.unwrap_or_else(|message| {
        eprintln!("{message}");
        ExitCode::from(2)
    })
}

/// Returns exit status 1, with the command to run, if the committed header is stale.
fn check_header(root: &Path) -> Result<ExitCode, String> {
    if header::is_fresh(root)? {
        return Ok(ExitCode::SUCCESS);
    }
    eprintln!("{} is stale: run `cargo xtask header`", header::HEADER_PATH);
    Ok(ExitCode::FAILURE)
}

/// Returns the workspace root, the parent of this crate's directory.
fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the xtask crate sits inside the workspace")
        .to_path_buf()
}
