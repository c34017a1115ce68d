use super::{ImageContext, ImageFinding, ImageLocation, ImageRule};
use crate::rules::{RuleMeta, declare_rule};

/// Directories whose mount exposes the host's kernel interfaces or devices.
const SENSITIVE_DIRECTORIES: &[&str] = &["/sys", "/dev", "/proc"];

declare_rule! {
    /// ## What it does
    /// Reports `Volumes` entries of the image configuration that are `/sys`, `/dev` or
    /// `/proc`.
    ///
    /// ## Why is this bad?
    /// A volume there hides the container runtime's own mounts of those directories with an
    /// anonymous volume, which breaks programs that read them, and invites running the
    /// container with the host's directories bound in.
    ///
    /// ## Example
    /// An image built with
    /// ```dockerfile
    /// VOLUME /sys
    /// ```
    ///
    /// ## Use instead
    /// Declare volumes only for the application's data directories, such as
    /// `VOLUME /var/lib/app`.
    ///
    /// ## Differences from dockle
    /// A trailing slash (`/dev/`) is also reported; dockle's DKL-DI-0002 compares the path
    /// exactly.
    pub SensitiveDirectoryVolume {
        code: "PL3007",
        name: "sensitive-directory-volume",
        severity: Error,
        aliases: ["DKL-DI-0002"],
    }
}

impl ImageRule for SensitiveDirectoryVolume {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &ImageContext<'_>, out: &mut Vec<ImageFinding>) {
        for volume in &context.config().config.volumes {
            let path = volume.trim_end_matches('/');
            if SENSITIVE_DIRECTORIES.contains(&path) {
                out.push(ImageFinding::new(
                    &Self::META,
                    ImageLocation::Config {
                        key: "Volumes".to_string(),
                        entry: Some(volume.clone()),
                    },
                    format!(
                        "the image declares `{volume}` as a volume, which hides the kernel's \
                         own mount there; remove it"
                    ),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{findings, from_config};

    #[test]
    fn sensitive_volumes() {
        let json =
            r#"{"config": {"Volumes": {"/sys": {}, "/dev/": {}, "/data": {}, "/proc/x": {}}}}"#;
        let labels: Vec<String> = findings("PL3007", &from_config(json))
            .iter()
            .map(|f| f.location.label())
            .collect();
        assert_eq!(labels, ["config Volumes /dev/", "config Volumes /sys"]);
    }
}
