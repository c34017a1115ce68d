use super::history::{positional, program};
use super::{ImageContext, ImageFinding, ImageLocation, ImageRule};
use crate::rules::{RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports RUN history entries with `apk add` without `--no-cache`, unless the same entry
    /// removes `/var/cache/apk` afterwards.
    ///
    /// ## Why is this bad?
    /// Without `--no-cache`, apk stores the package index in `/var/cache/apk`, and it stays
    /// in the layer, making the image larger for nothing.
    ///
    /// ## Example
    /// An image built with
    /// ```dockerfile
    /// RUN apk add curl
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// RUN apk add --no-cache curl
    /// ```
    ///
    /// ## Differences from dockle
    /// dockle's DKL-DI-0004 does not accept a later `rm -rf /var/cache/apk/*` in the same
    /// step, which also keeps the index out of the layer.
    pub ApkCacheInHistory {
        code: "PL3009",
        name: "apk-cache-in-history",
        severity: Error,
        aliases: ["DKL-DI-0004"],
    }
}

impl ImageRule for ApkCacheInHistory {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &ImageContext<'_>, out: &mut Vec<ImageFinding>) {
        for step in &context.steps {
            let commands = &step.commands;
            let cached_add = commands.iter().enumerate().any(|(at, command)| {
                let is_add = program(command) == Some("apk")
                    && positional(command).first() == Some(&"add")
                    && !command.has_flag(None, Some("no-cache"));
                is_add
                    && !commands[at + 1..].iter().any(|later| {
                        program(later) == Some("rm")
                            && positional(later)
                                .iter()
                                .any(|path| path.starts_with("/var/cache/apk"))
                    })
            });
            if cached_add {
                out.push(ImageFinding::new(
                    &Self::META,
                    ImageLocation::History { index: step.index },
                    "`apk add` without `--no-cache` leaves the package index in the layer; \
                     add `--no-cache`"
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
    fn apk_add_without_no_cache() {
        let analysis = with_history(&[
            "/bin/sh -c apk add wget curl",
            "RUN /bin/sh -c apk --update add curl # buildkit",
            "/bin/sh -c apk add --no-cache curl",
            "/bin/sh -c apk add curl && rm -rf /var/cache/apk/*",
            "/bin/sh -c apk update",
        ]);
        assert_eq!(
            locations("PL3009", &analysis),
            [0, 1].map(|index| ImageLocation::History { index })
        );
    }
}
