use super::{ImageContext, ImageFinding, ImageLocation, ImageRule};
use crate::rules::{RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports ADD history entries, in the forms of the classic builder
    /// (`/bin/sh -c #(nop) ADD file:… in /dst`), BuildKit (`ADD src dst # buildkit`) and
    /// kaniko (`ADD src dst`). The first ADD of the history is skipped, because base images
    /// such as `debian` and `alpine` are made by adding their root filesystem with ADD.
    ///
    /// ## Why is this bad?
    /// ADD also fetches URLs and unpacks local archives, so what lands in the image depends
    /// on the source's name and content. COPY copies files and nothing else.
    ///
    /// ## Example
    /// An image built with
    /// ```dockerfile
    /// ADD . /app
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// COPY . /app
    /// ```
    ///
    /// ## Differences from dockle
    /// dockle's CIS-DI-0009 recognises only the classic and BuildKit forms, so kaniko's
    /// `ADD src dst` passes there.
    pub AddInHistory {
        code: "PL3005",
        name: "add-in-history",
        severity: Error,
        aliases: ["CIS-DI-0009"],
    }
}

impl ImageRule for AddInHistory {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &ImageContext<'_>, out: &mut Vec<ImageFinding>) {
        // The base image's root filesystem: dockle drops the first ADD as well.
        for step in context.steps.iter().filter(|step| step.is("ADD")).skip(1) {
            out.push(ImageFinding::new(
                &Self::META,
                ImageLocation::History { index: step.index },
                "this layer was made with ADD; use COPY unless the source is an archive to \
                 unpack or a URL"
                    .to_string(),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{locations, with_history};
    use crate::image::rules::ImageLocation;

    #[test]
    fn first_add_is_base_image() {
        let analysis = with_history(&[
            "/bin/sh -c #(nop) ADD file:abc in / ",
            "/bin/sh -c #(nop)  CMD [\"sh\"]",
            "/bin/sh -c #(nop) ADD dir:def in /app ",
            "ADD app.tar /srv # buildkit",
            "ADD a b",
            "COPY a b # buildkit",
            "/bin/sh -c echo ADD in",
        ]);
        assert_eq!(
            locations("PL3005", &analysis),
            [2, 3, 4].map(|index| ImageLocation::History { index })
        );
    }

    #[test]
    fn single_add_passes() {
        let analysis = with_history(&["/bin/sh -c #(nop) ADD file:abc in / "]);
        assert!(locations("PL3005", &analysis).is_empty());
    }
}
