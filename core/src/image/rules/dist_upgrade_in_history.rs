use super::history::apt_subcommand;
use super::{ImageContext, ImageFinding, ImageLocation, ImageRule};
use crate::rules::{RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports RUN history entries with `apt-get dist-upgrade` or `apt full-upgrade`.
    ///
    /// ## Why is this bad?
    /// A distribution upgrade may install, remove and replace packages to satisfy changed
    /// dependencies, so the image drifts from its base image in ways the Dockerfile does not
    /// show, and two builds of the same Dockerfile differ. Security fixes come from
    /// rebuilding on a fresh base image.
    ///
    /// ## Example
    /// An image built with
    /// ```dockerfile
    /// RUN apt-get update && apt-get dist-upgrade -y
    /// ```
    ///
    /// ## Use instead
    /// Rebuild on the latest release of the base image, and install the packages you need
    /// with `apt-get install`.
    ///
    /// ## Differences from dockle
    /// `apt full-upgrade`, apt's name for the same operation, is reported too.
    pub DistUpgradeInHistory {
        code: "PL3008",
        name: "dist-upgrade-in-history",
        severity: Warning,
        aliases: ["DKL-DI-0003"],
    }
}

impl ImageRule for DistUpgradeInHistory {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &ImageContext<'_>, out: &mut Vec<ImageFinding>) {
        for step in &context.steps {
            let upgrade = step.commands.iter().find_map(|command| {
                apt_subcommand(command)
                    .filter(|sub| matches!(*sub, "dist-upgrade" | "full-upgrade"))
            });
            if let Some(subcommand) = upgrade {
                out.push(ImageFinding::new(
                    &Self::META,
                    ImageLocation::History { index: step.index },
                    format!(
                        "this build step runs `{subcommand}`, which changes the distribution \
                         under the image; rebuild on a newer base image instead"
                    ),
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
    fn dist_upgrade_commands() {
        let analysis = with_history(&[
            "/bin/sh -c apt-get update && apt-get dist-upgrade -y",
            "RUN /bin/sh -c apt full-upgrade -y # buildkit",
            "/bin/sh -c apt-get upgrade -y",
            "/bin/sh -c echo dist-upgrade",
        ]);
        assert_eq!(
            locations("PL3008", &analysis),
            [0, 1].map(|index| ImageLocation::History { index })
        );
    }
}
