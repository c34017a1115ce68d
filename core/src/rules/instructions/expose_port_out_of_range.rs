use crate::diagnostic::Diagnostic;
use crate::rules::{Context, Rule, RuleMeta, declare_rule};
use crate::syntax::ast::{Arguments, Keyword};

/// The largest TCP or UDP port number.
const MAX_PORT: u64 = 65535;

declare_rule! {
    /// ## What it does
    /// Reports an `EXPOSE` port, or an end of a port range, above 65535.
    ///
    /// ## Why is this bad?
    /// TCP and UDP ports are 16-bit numbers. A larger number is a typo, and the build or the
    /// container runtime rejects it.
    ///
    /// ## Example
    /// ```dockerfile
    /// EXPOSE 80800
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// EXPOSE 8080
    /// ```
    ///
    /// ## Differences from hadolint
    /// Ports are read after ARG and ENV expansion, so `EXPOSE ${PORT}` is checked when the
    /// variable has a value.
    pub ExposePortOutOfRange {
        code: "DL3011",
        name: "expose-port-out-of-range",
        severity: Error,
    }
}

impl Rule for ExposePortOutOfRange {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, context: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for (index, instruction) in context.instructions().iter().enumerate() {
            let (Keyword::Expose, Arguments::Words(words)) =
                (instruction.keyword, &instruction.arguments)
            else {
                continue;
            };
            for word in words {
                let value = context.expand_or_keep(index, &word.value);
                // One word may hold several ports when a variable expands to a list.
                for spec in value.split_whitespace() {
                    let ports = spec.split('/').next().unwrap_or(spec);
                    let too_large = ports.split('-').any(|port| {
                        !port.is_empty()
                            && port.bytes().all(|byte| byte.is_ascii_digit())
                            && port.parse::<u64>().map_or(true, |number| number > MAX_PORT)
                    });
                    if too_large {
                        out.push(Self::META.diagnostic(
                            word.span,
                            format!("port `{spec}` is out of range: ports go from 0 to 65535"),
                        ));
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::findings;

    #[test]
    fn large_port_fails() {
        assert_eq!(
            findings("DL3011", "FROM a:1\nEXPOSE 80 80800\n"),
            vec![(2, 11)]
        );
        assert_eq!(
            findings("DL3011", "FROM a:1\nEXPOSE 80-80800/udp\n"),
            vec![(2, 8)]
        );
        assert_eq!(
            findings("DL3011", "FROM a:1\nARG P=70000\nEXPOSE $P\n"),
            vec![(3, 8)]
        );
        assert_eq!(
            findings("DL3011", "FROM a:1\nEXPOSE 99999999999999999999999\n"),
            vec![(2, 8)]
        );
    }

    #[test]
    fn valid_ports_pass() {
        assert!(
            findings(
                "DL3011",
                "FROM a:1\nEXPOSE 80 443/tcp 65535 1000-2000/udp\n"
            )
            .is_empty()
        );
        assert!(findings("DL3011", "FROM a:1\nEXPOSE $PORT\n").is_empty());
    }
}
