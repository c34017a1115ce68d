use super::history::{apt_subcommand, positional, program};
use super::{ImageContext, ImageFinding, ImageLocation, ImageRule};
use crate::rules::{RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports RUN history entries with `apt-get update` or `apt-get install` after which
    /// the same entry neither removes `/var/lib/apt/lists` nor runs `apt-get dist-clean`.
    ///
    /// ## Why is this bad?
    /// The package lists that `apt-get update` downloads take tens of megabytes and stay in
    /// the layer. Removing them in a later RUN does not help: the later layer only hides
    /// them, and the image still ships them.
    ///
    /// ## Example
    /// An image built with
    /// ```dockerfile
    /// RUN apt-get update && apt-get install -y curl
    /// RUN rm -rf /var/lib/apt/lists/*
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*
    /// ```
    ///
    /// ## Differences from dockle
    /// dockle's DKL-DI-0005 counts the words `rm`, `-rf` and the lists path in a `&&`
    /// segment; this rule parses the shell command, so `rm -r -f /var/lib/apt/lists` and
    /// commands joined with `;` are read as the shell reads them.
    pub AptListsKeptInHistory {
        code: "PL3010",
        name: "apt-lists-kept-in-history",
        severity: Error,
        aliases: ["DKL-DI-0005"],
    }
}

impl ImageRule for AptListsKeptInHistory {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &ImageContext<'_>, out: &mut Vec<ImageFinding>) {
        for step in &context.steps {
            let commands = &step.commands;
            let Some(first) = commands
                .iter()
                .position(|command| matches!(apt_subcommand(command), Some("update" | "install")))
            else {
                continue;
            };
            let cleaned = commands[first..].iter().any(|command| {
                let removes_lists = program(command) == Some("rm")
                    && positional(command)
                        .iter()
                        .any(|path| path.starts_with("/var/lib/apt/lists"));
                removes_lists || matches!(apt_subcommand(command), Some("dist-clean" | "distclean"))
            });
            if !cleaned {
                out.push(ImageFinding::new(
                    &Self::META,
                    ImageLocation::History { index: step.index },
                    "the apt package lists stay in this layer; end the same RUN with \
                     `rm -rf /var/lib/apt/lists/*`"
                        .to_string(),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{locations, with_history};
    use crate::image::rules::ImageLocation;

    #[test]
    fn lists_kept() {
        let analysis = with_history(&[
            "/bin/sh -c apt-get update && apt-get install -y python3",
            "/bin/sh -c rm -rf /var/lib/apt/lists/*",
            "RUN /bin/sh -c apt-get install -y curl && apt-get clean # buildkit",
        ]);
        assert_eq!(
            locations("PL3010", &analysis),
            [0, 2].map(|index| ImageLocation::History { index })
        );
    }

    #[test]
    fn lists_removed_in_same_step() {
        let analysis = with_history(&[
            "/bin/sh -c apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*",
            "/bin/sh -c apt-get update; apt-get install -y curl; rm -r -f /var/lib/apt/lists",
            "RUN /bin/sh -c apt-get update && apt-get install -y x && apt-get dist-clean # buildkit",
            "/bin/sh -c apt-get upgrade -y",
        ]);
        assert!(locations("PL3010", &analysis).is_empty());
    }
}
