//! Rules on the shell of RUN: pipes, symlinked shells, mixed download tools.

mod bin_sh_symlink;
mod curl_and_wget;
mod pipe_without_pipefail;

use super::Rule;

pub(super) static RULES: &[&dyn Rule] = &[
    &curl_and_wget::CurlAndWget,
    &bin_sh_symlink::BinShSymlink,
    &pipe_without_pipefail::PipeWithoutPipefail,
];
