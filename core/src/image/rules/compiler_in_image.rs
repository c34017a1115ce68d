use super::{ImageContext, ImageFinding, ImageLocation, ImageRule};
use crate::image::analysis::EntryKind;
use crate::rules::{RuleMeta, declare_rule};

/// Program names of compilers and build drivers, with what each is.
const BUILD_TOOLS: &[(&str, &str)] = &[
    ("gcc", "the GNU C compiler"),
    ("cc", "a C compiler"),
    ("g++", "the GNU C++ compiler"),
    ("c++", "a C++ compiler"),
    ("gfortran", "the GNU Fortran compiler"),
    ("clang", "the Clang compiler"),
    ("clang++", "the Clang C++ compiler"),
    ("make", "GNU make"),
    ("rustc", "the Rust compiler"),
    ("cargo", "Rust's build tool"),
    ("go", "the Go toolchain"),
    ("javac", "the Java compiler"),
];

/// Files that mark Debian's `build-essential` package as installed.
const BUILD_ESSENTIAL_MARKERS: &[&str] = &[
    "/var/lib/dpkg/info/build-essential.list",
    "/usr/share/doc/build-essential",
];

/// Returns what the build tool at `path` is, if it is one: a known program name in a `bin`
/// directory.
fn build_tool(path: &str) -> Option<&'static str> {
    let (directory, name) = path.rsplit_once('/')?;
    if !directory.ends_with("/bin") && directory != "/bin" {
        return None;
    }
    BUILD_TOOLS
        .iter()
        .find(|(tool, _)| *tool == name)
        .map(|(_, what)| *what)
}

declare_rule! {
    /// ## What it does
    /// Reports compilers and build tools in `bin` directories of the final filesystem
    /// (`gcc`, `cc`, `g++`, `c++`, `clang`, `make`, `rustc`, `cargo`, `go`, `javac`,
    /// `gfortran`), whether files or links, and Debian's `build-essential` package.
    ///
    /// ## Why is this bad?
    /// A toolchain adds hundreds of megabytes and lets anyone who gets into the container
    /// build exploit code on the spot. The program the image runs needs only its build
    /// output.
    ///
    /// ## Example
    /// An image built with
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// RUN apt-get update && apt-get install -y build-essential && make
    /// ```
    ///
    /// ## Use instead
    /// Build in a stage of its own and copy only the result:
    /// ```dockerfile
    /// FROM debian:bookworm-slim AS build
    /// RUN apt-get update && apt-get install -y build-essential
    /// COPY . /src
    /// RUN make -C /src
    ///
    /// FROM debian:bookworm-slim
    /// COPY --from=build /src/app /usr/local/bin/app
    /// ```
    ///
    /// ## Differences from hadolint
    /// hadolint has no image rules. `build-tools-in-final-image` reads the Dockerfile for the
    /// same problem; this rule reads what the image really contains, which includes what the
    /// base image brings.
    pub CompilerInImage {
        code: "PL4009",
        name: "compiler-in-image",
        severity: Info,
    }
}

impl ImageRule for CompilerInImage {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &ImageContext<'_>, out: &mut Vec<ImageFinding>) {
        for entry in &context.analysis.filesystem.entries {
            let location = || ImageLocation::File {
                path: entry.path.clone(),
                layer: entry.layer,
            };
            if BUILD_ESSENTIAL_MARKERS.contains(&entry.path.as_str()) {
                out.push(ImageFinding::new(
                    &Self::META,
                    location(),
                    "Debian's build-essential package is installed in the final image; \
                     build in an earlier stage"
                        .to_string(),
                ));
                continue;
            }
            if matches!(entry.kind, EntryKind::Dir | EntryKind::Other) {
                continue;
            }
            let Some(what) = build_tool(&entry.path) else {
                continue;
            };
            out.push(ImageFinding::new(
                &Self::META,
                location(),
                format!(
                    "`{}` is {what}, which the final image does not need; build in an earlier \
                     stage and copy only the result",
                    entry.path
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{dir, file, findings, symlink, with_files};
    use super::*;

    #[test]
    fn build_tools_by_path() {
        assert!(build_tool("/usr/bin/gcc").is_some());
        assert!(build_tool("/usr/local/go/bin/go").is_some());
        assert!(build_tool("/bin/make").is_some());
        assert!(build_tool("/usr/share/doc/gcc").is_none());
        assert!(build_tool("/usr/bin/gcc-12").is_none());
        assert!(build_tool("gcc").is_none());
    }

    #[test]
    fn tools_in_final_filesystem() {
        let analysis = with_files(
            vec![
                symlink("/usr/bin/gcc", "gcc-12"),
                symlink("/usr/bin/cc", "/etc/alternatives/cc"),
                file("/usr/bin/make", 250_000, 0o755),
                file("/usr/bin/x86_64-linux-gnu-gcc-12", 1_000_000, 0o755),
                dir("/usr/lib/go/bin"),
                dir("/usr/share/doc/build-essential"),
            ],
            &[],
        );
        let labels: Vec<String> = findings("PL4009", &analysis)
            .iter()
            .map(|f| f.location.label())
            .collect();
        assert_eq!(
            labels,
            [
                "/usr/bin/cc",
                "/usr/bin/gcc",
                "/usr/bin/make",
                "/usr/share/doc/build-essential"
            ]
        );
    }
}
