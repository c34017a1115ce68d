use super::common::{exposed_ports, split_exposed_port};
use crate::diagnostic::Diagnostic;
use crate::rules::{Context, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports an `EXPOSE` protocol that is not lower case, as in `EXPOSE 80/TCP`.
    ///
    /// ## Why is this bad?
    /// The image configuration stores the protocol in lower case whatever was written, so the
    /// upper-case spelling differs from what `docker inspect` shows and from every other
    /// Dockerfile.
    ///
    /// ## Example
    /// ```dockerfile
    /// EXPOSE 80/TCP 53/UDP
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// EXPOSE 80/tcp 53/udp
    /// ```
    pub UppercaseExposeProtocol {
        code: "PL1012",
        name: "uppercase-expose-protocol",
        severity: Warning,
        aliases: ["ExposeProtoCasing"],
    }
}

impl Rule for UppercaseExposeProtocol {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for index in 0..context.instructions().len() {
            for (raw, word) in exposed_ports(context, index) {
                let Some(port) = split_exposed_port(&raw) else {
                    continue;
                };
                if port.protocol != port.protocol.to_lowercase() {
                    out.push(Self::META.diagnostic(
                        word.span,
                        format!(
                            "protocol of `{raw}` should be lower case: `{}`",
                            port.protocol.to_lowercase()
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
    fn upper_case_protocol_fails() {
        assert_eq!(
            findings(
                "PL1012",
                "\nFROM scratch\nEXPOSE 80/TcP 8080/TCP 8080/udp\n"
            ),
            vec![(3, 8), (3, 15)]
        );
        assert_eq!(
            findings("PL1012", "FROM scratch\nARG P=53/UDP\nEXPOSE $P\n"),
            vec![(3, 8)]
        );
    }

    #[test]
    fn lower_case_or_invalid_passes() {
        assert!(findings("PL1012", "FROM scratch\nEXPOSE 80 443/tcp 53/udp 1/HTTP\n").is_empty());
    }
}
