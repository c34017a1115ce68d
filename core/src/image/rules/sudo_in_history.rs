use super::history::program;
use super::{ImageContext, ImageFinding, ImageLocation, ImageRule};
use crate::rules::{RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports RUN history entries that run `sudo`.
    ///
    /// ## Why is this bad?
    /// Build steps already run as the image's current user, and `sudo` in an image means
    /// the image ships `sudo` and a sudoers policy, which a process that breaks in can use to
    /// become root. Its TTY and signal handling also make it behave unexpectedly as a
    /// container's command.
    ///
    /// ## Example
    /// An image built with
    /// ```dockerfile
    /// USER app
    /// RUN sudo apt-get install -y curl
    /// ```
    ///
    /// ## Use instead
    /// Switch users with `USER root` for the step, then back, or use `gosu` or `su-exec` in
    /// an entrypoint that must drop privileges.
    ///
    /// ## Differences from dockle
    /// dockle's DKL-DI-0001 looks for the word `sudo` anywhere in the entry, so
    /// `apt-get install sudo` fires there; this rule reports only commands that run `sudo`.
    pub SudoInHistory {
        code: "PL3006",
        name: "sudo-in-history",
        severity: Error,
        aliases: ["DKL-DI-0001"],
    }
}

impl ImageRule for SudoInHistory {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &ImageContext<'_>, out: &mut Vec<ImageFinding>) {
        for step in &context.steps {
            if step
                .commands
                .iter()
                .any(|command| program(command) == Some("sudo"))
            {
                out.push(ImageFinding::new(
                    &Self::META,
                    ImageLocation::History { index: step.index },
                    "this build step runs `sudo`; switch users with `USER` instead".to_string(),
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
    fn sudo_commands() {
        let analysis = with_history(&[
            "/bin/sh -c sudo apt-get update",
            "RUN /bin/sh -c cd /x && /usr/bin/sudo -u app make # buildkit",
            "/bin/sh -c apt-get install -y sudo",
            "/bin/sh -c #(nop)  LABEL sudo=1",
        ]);
        assert_eq!(
            locations("PL3006", &analysis),
            [0, 1].map(|index| ImageLocation::History { index })
        );
    }
}
