use super::helpers::{apt_subcommand, runs};
use super::{Context, Rule, RuleMeta, declare_rule};
use crate::diagnostic::Diagnostic;
use crate::shell::{Command, ShellWord};
use crate::syntax::ast::Keyword;

/// Packages that compile or build software, by exact name.
const TOOLCHAIN_PACKAGES: &[&str] = &[
    "build-essential",
    "alpine-sdk",
    "build-base",
    "gcc",
    "g++",
    "gcc-c++",
    "clang",
    "llvm",
    "make",
    "cmake",
    "ninja-build",
    "meson",
    "autoconf",
    "automake",
    "libtool",
    "pkg-config",
    "pkgconf",
    "pkgconfig",
    "bison",
    "flex",
    "gfortran",
    "golang",
    "golang-go",
    "go",
    "rustc",
    "cargo",
    "musl-dev",
    "linux-headers",
    "maven",
    "gradle",
];

/// Returns true for a compiler, build tool or development-headers package.
fn is_toolchain(package: &str) -> bool {
    // Strip a version pin: `gcc=4:12.2.0-3`, `gcc~=12`, `gcc>12`.
    let name = package
        .split(['=', '~', '<', '>'])
        .next()
        .unwrap_or(package);
    let name = name.strip_suffix(":amd64").unwrap_or(name);
    TOOLCHAIN_PACKAGES.contains(&name)
        || name.ends_with("-dev")
        || name.ends_with("-devel")
        || (name.starts_with("gcc-") && name[4..].starts_with(|ch: char| ch.is_ascii_digit()))
        || (name.starts_with("g++-") && name[4..].starts_with(|ch: char| ch.is_ascii_digit()))
        || (name.starts_with("clang-") && name[6..].starts_with(|ch: char| ch.is_ascii_digit()))
}

/// Returns the packages a command installs with apt, apk, yum, dnf, microdnf or zypper.
fn installed_packages(command: &Command) -> Vec<&ShellWord> {
    if let Some((subcommand, words)) = apt_subcommand(command) {
        return if subcommand == "install" {
            words
        } else {
            Vec::new()
        };
    }
    let (options_with_value, install_words): (&[&str], &[&str]) = if runs(command, &["apk"]) {
        (
            &[
                "-t",
                "--virtual",
                "-X",
                "--repository",
                "-p",
                "--root",
                "--arch",
            ],
            &["add"],
        )
    } else if runs(command, &["yum", "dnf", "microdnf", "tdnf"]) {
        (
            &[
                "-c",
                "--config",
                "--releasever",
                "--installroot",
                "-x",
                "--exclude",
            ],
            &["install", "groupinstall", "localinstall"],
        )
    } else if runs(command, &["zypper"]) {
        (&["-r", "--repo"], &["install", "in"])
    } else {
        return Vec::new();
    };
    let positional = command.positional_args(options_with_value);
    match positional.split_first() {
        Some((subcommand, packages)) if install_words.contains(&subcommand.value.as_str()) => {
            packages.to_vec()
        }
        _ => Vec::new(),
    }
}

/// Returns true if the command removes packages.
fn removes_packages(command: &Command) -> bool {
    if let Some((subcommand, _)) = apt_subcommand(command) {
        return matches!(subcommand, "purge" | "remove" | "autoremove");
    }
    let subcommand = command
        .positional_args(&[])
        .first()
        .map(|word| word.value.clone())
        .unwrap_or_default();
    (runs(command, &["apk"]) && subcommand == "del")
        || (runs(command, &["yum", "dnf", "microdnf", "tdnf"])
            && matches!(subcommand.as_str(), "remove" | "erase" | "autoremove"))
        || (runs(command, &["zypper"]) && matches!(subcommand.as_str(), "remove" | "rm"))
}

declare_rule! {
    /// ## What it does
    /// Reports compilers, build tools and development-header packages (`build-essential`,
    /// `gcc`, `make`, `cmake`, `*-dev`, `*-devel` and similar) installed in a stage that ends
    /// up in the final image and not removed in the same `RUN`.
    ///
    /// ## Why is this bad?
    /// A toolchain adds hundreds of megabytes that the running application never uses, and it
    /// hands an attacker who gets into the container a compiler. Build in a builder stage and
    /// copy only the result into the final stage.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// RUN apt-get update && apt-get install -y --no-install-recommends build-essential \
    ///  && rm -rf /var/lib/apt/lists/*
    /// RUN pip install --no-cache-dir -r requirements.txt
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM python:3.12-slim AS build
    /// RUN apt-get update && apt-get install -y --no-install-recommends build-essential \
    ///  && rm -rf /var/lib/apt/lists/*
    /// RUN pip wheel --no-cache-dir --wheel-dir /wheels -r requirements.txt
    ///
    /// FROM python:3.12-slim
    /// COPY --from=build /wheels /wheels
    /// RUN pip install --no-cache-dir /wheels/*
    /// ```
    ///
    /// Installing and removing the tools in one `RUN` (`apk add --virtual .build-deps gcc …
    /// && apk del .build-deps`, or `apt-get purge --auto-remove`) is not reported.
    pub BuildToolsInFinalImage {
        code: "PL1004",
        name: "build-tools-in-final-image",
        severity: Warning,
    }
}

impl Rule for BuildToolsInFinalImage {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for (index, instruction) in context.instructions().iter().enumerate() {
            if instruction.keyword != Keyword::Run {
                continue;
            }
            let in_final_image = context.model.stage_of[index]
                .is_some_and(|stage| context.model.is_in_final_image(stage));
            if !in_final_image {
                continue;
            }
            let Some(commands) = context.run_commands(index) else {
                continue;
            };
            let list = commands.commands();
            for (position, command) in list.iter().enumerate() {
                let tools: Vec<&ShellWord> = installed_packages(command)
                    .into_iter()
                    .filter(|word| is_toolchain(&word.value))
                    .collect();
                let Some(first) = tools.first() else {
                    continue;
                };
                if list[position + 1..].iter().any(removes_packages) {
                    continue;
                }
                let names: Vec<&str> = tools.iter().map(|word| word.value.as_str()).collect();
                out.push(Self::META.diagnostic(
                    commands.span(&first.span),
                    format!(
                        "build tools ({}) are installed in the final image; install them in a \
                         builder stage and copy only the build output",
                        names.join(", ")
                    ),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::findings;

    #[test]
    fn toolchain_in_final_stage_fails() {
        assert_eq!(
            findings(
                "PL1004",
                "FROM debian:12\nRUN apt-get install -y python3 build-essential\n"
            ),
            vec![(2, 32)]
        );
        assert_eq!(
            findings(
                "PL1004",
                "FROM alpine:3.20\nRUN apk add --no-cache libpq-dev\n"
            ),
            vec![(2, 24)]
        );
    }

    #[test]
    fn builder_stage_or_removed_passes() {
        for text in [
            "FROM debian:12 AS build\nRUN apt-get install -y gcc\nFROM debian:12\nCOPY --from=build /a /a\n",
            "FROM alpine:3.20\nRUN apk add --virtual .deps gcc musl-dev && make && apk del .deps\n",
            "FROM debian:12\nRUN apt-get install -y gcc && make && apt-get purge -y --auto-remove gcc\n",
            "FROM debian:12\nRUN apt-get install -y curl ca-certificates\n",
            "FROM alpine:3.20\nRUN apk add -t build gcc\nRUN apk del build\n",
        ] {
            let expected = text.contains("RUN apk del build");
            assert_eq!(!findings("PL1004", text).is_empty(), expected, "{text}");
        }
    }
}
