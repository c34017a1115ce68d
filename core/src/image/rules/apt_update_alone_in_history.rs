use super::history::apt_subcommand;
use super::{ImageContext, ImageFinding, ImageLocation, ImageRule};
use crate::rules::{RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports a RUN history entry with `apt-get update` (or `apt update`) that no later
    /// `apt-get install` or upgrade in the same entry follows.
    ///
    /// ## Why is this bad?
    /// Each RUN is a layer that the builder caches. When the update sits in a layer of its
    /// own, a later `apt-get install` reuses the cached, stale package lists, installs old
    /// versions, or fails when the mirror has dropped them.
    ///
    /// ## Example
    /// An image built with
    /// ```dockerfile
    /// RUN apt-get update
    /// RUN apt-get install -y curl
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*
    /// ```
    ///
    /// ## Differences from dockle
    /// dockle's CIS-DI-0007 splits the command at `&&` and spaces, so `apt-get update;
    /// apt-get install` and quoted words confuse it. This rule parses the shell command, so
    /// `;`, newlines and `||` separate commands as in the shell.
    pub AptUpdateAloneInHistory {
        code: "PL3004",
        name: "apt-update-alone-in-history",
        severity: Error,
        aliases: ["CIS-DI-0007"],
    }
}

impl ImageRule for AptUpdateAloneInHistory {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &ImageContext<'_>, out: &mut Vec<ImageFinding>) {
        for step in &context.steps {
            let subcommands: Vec<Option<&str>> = step.commands.iter().map(apt_subcommand).collect();
            let alone = subcommands.iter().enumerate().any(|(at, subcommand)| {
                *subcommand == Some("update")
                    && !subcommands[at + 1..].iter().any(|later| {
                        matches!(
                            later,
                            Some("install" | "upgrade" | "dist-upgrade" | "full-upgrade")
                        )
                    })
            });
            if alone {
                out.push(ImageFinding::new(
                    &Self::META,
                    ImageLocation::History { index: step.index },
                    "`apt-get update` runs without an install in the same layer, so later \
                     layers install from stale, cached package lists; install in the same RUN"
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
    fn update_alone_is_reported() {
        let analysis = with_history(&[
            "/bin/sh -c apt-get update",
            "RUN /bin/sh -c apt update -q && echo done # buildkit",
            "RUN apt-get install -y curl && apt-get update",
        ]);
        assert_eq!(
            locations("PL3004", &analysis),
            [0, 1, 2].map(|index| ImageLocation::History { index })
        );
    }

    #[test]
    fn update_then_install_or_upgrade_passes() {
        let analysis = with_history(&[
            "/bin/sh -c apt-get update && apt-get install -y curl",
            "/bin/sh -c apt-get update -y && apt-get upgrade -y",
            "/bin/sh -c apt-get update; apt-get -o X=1 install -y curl",
            "/bin/sh -c #(nop) ADD file:x in /",
            "/bin/sh -c echo apt-get update",
        ]);
        assert!(locations("PL3004", &analysis).is_empty());
    }
}
