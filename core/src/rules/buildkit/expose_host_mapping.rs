use super::common::{exposed_ports, split_exposed_port};
use crate::diagnostic::Diagnostic;
use crate::rules::{Context, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports an `EXPOSE` entry with an IP address or a host port, as in
    /// `EXPOSE 127.0.0.1:80:80` or `EXPOSE 8080:80`.
    ///
    /// ## Why is this bad?
    /// `EXPOSE` documents the ports the container listens on. Which host address and port they
    /// are published on is decided by `docker run -p` or the orchestrator, and the image
    /// ignores the extra parts. BuildKit plans to reject this form.
    ///
    /// ## Example
    /// ```dockerfile
    /// EXPOSE 0.0.0.0:8080:80
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// EXPOSE 80
    /// ```
    pub ExposeHostMapping {
        code: "PL1013",
        name: "expose-host-mapping",
        severity: Warning,
        aliases: ["ExposeInvalidFormat"],
    }
}

impl Rule for ExposeHostMapping {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for index in 0..context.instructions().len() {
            for (raw, word) in exposed_ports(context, index) {
                let Some(port) = split_exposed_port(&raw) else {
                    continue;
                };
                if !port.ip.is_empty() || !port.host_port.is_empty() {
                    out.push(Self::META.diagnostic(
                        word.span,
                        format!(
                            "`{raw}` gives an IP address or host port, which EXPOSE ignores; \
                             publish ports with `docker run -p`"
                        ),
                    ));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::findings;

    #[test]
    fn address_or_host_port_fails() {
        assert_eq!(
            findings(
                "PL1013",
                "\nFROM scratch\nEXPOSE 127.0.0.1:80:80 [::1]:8080:8080 5000:5000 8000\n"
            ),
            vec![(3, 8), (3, 24), (3, 40)]
        );
    }

    #[test]
    fn container_port_passes() {
        assert!(findings("PL1013", "FROM scratch\nEXPOSE 80 8000-8010/udp\n").is_empty());
    }
}
