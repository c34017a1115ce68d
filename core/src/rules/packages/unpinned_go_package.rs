use super::common::{Operand, expand_operands, for_each_command};
use crate::diagnostic::Diagnostic;
use crate::rules::helpers::runs;
use crate::rules::{Context, Rule, RuleMeta, declare_rule};
use crate::shell::{Command, ShellWord};

/// Build flags of the go command (Go 1.23) that take a value as the next word. Go flags have
/// one or two dashes and may also be written `-flag=value`.
const GO_FLAGS_WITH_VALUE: &[&str] = &[
    "C",
    "asmflags",
    "buildmode",
    "compiler",
    "covermode",
    "coverpkg",
    "exec",
    "gccgoflags",
    "gcflags",
    "installsuffix",
    "ldflags",
    "mod",
    "modfile",
    "o",
    "overlay",
    "p",
    "pgo",
    "pkgdir",
    "tags",
    "toolexec",
];

/// Returns the subcommand of a go command and the words after it that are not flags or flag
/// values.
fn go_operands(command: &Command) -> Option<(&str, Vec<&ShellWord>)> {
    if !runs(command, &["go"]) {
        return None;
    }
    let mut operands = Vec::new();
    let mut words = command.args().iter();
    while let Some(word) = words.next() {
        let value = word.value.as_str();
        if value == "--" {
            operands.extend(words.by_ref());
            break;
        }
        match value.strip_prefix('-') {
            Some(flag) if !flag.is_empty() => {
                let name = flag.trim_start_matches('-');
                if !name.contains('=') && GO_FLAGS_WITH_VALUE.contains(&name) {
                    words.next();
                }
            }
            _ => operands.push(word),
        }
    }
    let (subcommand, rest) = operands.split_first()?;
    Some((subcommand.value.as_str(), rest.to_vec()))
}

/// Returns the packages a go command downloads: those of `go install` and `go get`, and the
/// package of `go run`, whose later words are arguments of the program.
fn downloaded_packages(command: &Command) -> Vec<&ShellWord> {
    match go_operands(command) {
        Some(("install" | "get", packages)) => packages,
        Some(("run", packages)) => packages.into_iter().take(1).collect(),
        _ => Vec::new(),
    }
}

/// Returns true if a package is local (`.`, `./cmd/app`, `/src/app`, `main.go`), is a pattern
/// that names no download (`tool`, `std`, `cmd`), or names a version other than `latest` or
/// `none`.
fn is_pinned(package: &str) -> bool {
    if package.starts_with(['.', '/']) || package.ends_with(".go") {
        return true;
    }
    // `tool` (Go 1.24) installs the tools listed in go.mod, at the versions recorded there.
    if matches!(package, "tool" | "std" | "cmd") {
        return true;
    }
    match package.rsplit_once('@') {
        Some((_, version)) => !matches!(version, "latest" | "none" | ""),
        None => false,
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a package of `go install`, `go get` or `go run` given without a version, or
    /// with `@latest`, such as `golang.org/x/tools/gopls` in
    /// `go install golang.org/x/tools/gopls@latest`.
    ///
    /// ## Why is this bad?
    /// Without a version, each build fetches whatever the module's newest release or default
    /// branch is that day. Two builds of the same Dockerfile then differ, and a new release
    /// can break the image with no change to the Dockerfile.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN go install golang.org/x/tools/gopls@latest
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// RUN go install golang.org/x/tools/gopls@v0.16.2
    /// ```
    /// Local packages (`.`, `./cmd/app`, `/src/app`) and the patterns `std`, `cmd` and `tool`,
    /// which download nothing, are not reported.
    ///
    /// ## Differences from hadolint
    /// Every go command of the `RUN` is checked; hadolint checks only the `go run` commands
    /// when there is one. The values of build flags such as `-tags` and `-ldflags` are not
    /// read as packages, `.go` files are local, and `std` and `cmd` are not reported. A package that uses build arguments or
    /// ENV variables with a known value is checked after expansion.
    pub UnpinnedGoPackage {
        code: "DL3062",
        name: "unpinned-go-package",
        severity: Warning,
    }
}

impl Rule for UnpinnedGoPackage {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for_each_command(context, |index, command, _| {
            let packages = downloaded_packages(command);
            let unpinned = expand_operands(context, index, &packages)
                .into_iter()
                .filter(|package| !is_pinned(&package.value));
            for Operand { value, span } in unpinned {
                let name = value.split('@').next().unwrap_or(&value);
                out.push(Self::META.diagnostic(
                    span,
                    format!(
                        "`{value}` names no fixed version, so each build may fetch a different \
                         one; pin it as `{name}@<version>`"
                    ),
                ));
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::findings;

    #[test]
    fn unpinned_packages_fail() {
        assert_eq!(
            findings(
                "DL3062",
                "FROM golang:1.23\nRUN go install golang.org/x/tools/gopls@latest\n"
            ),
            vec![(2, 16)]
        );
        assert_eq!(
            findings(
                "DL3062",
                "FROM golang:1.23\nRUN go get -u github.com/org/tool\n"
            ),
            vec![(2, 15)]
        );
        assert_eq!(
            findings(
                "DL3062",
                "FROM golang:1.23\nRUN go run -tags netgo github.com/org/tool --flag x\n"
            ),
            vec![(2, 24)]
        );
        assert_eq!(
            findings(
                "DL3062",
                "FROM golang:1.23\nONBUILD RUN go install github.com/org/tool\n"
            ),
            vec![(2, 24)]
        );
    }

    #[test]
    fn pinned_and_local_forms_pass() {
        for text in [
            "FROM golang:1.23\nRUN go install golang.org/x/tools/gopls@v0.16.2\n",
            "FROM golang:1.23\nRUN go install ./cmd/... && go build -o /app .\n",
            "FROM golang:1.23\nRUN go install -ldflags '-s -w' .\n",
            "FROM golang:1.23\nRUN go run main.go\n",
            "FROM golang:1.23\nRUN go run github.com/org/tool@v1.2.3 generate\n",
            "FROM golang:1.23\nRUN go mod download\n",
            "FROM golang:1.24\nRUN go install tool\n",
            "FROM golang:1.23\nARG GOPLS=v0.16.2\nRUN go install golang.org/x/tools/gopls@${GOPLS}\n",
        ] {
            assert!(findings("DL3062", text).is_empty(), "{text}");
        }
    }
}
