use super::parser_rule;
use crate::rules::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a builder flag that the instruction does not accept, a flag given twice that
    /// may appear only once, a boolean flag with a value other than `true` or `false`, a flag
    /// without its value, a `HEALTHCHECK` duration or retry count that is not valid, or a
    /// `RUN --mount`, `--network` or `--security` value that BuildKit rejects (an unknown mount
    /// type or option, an option that does not fit the mount type, a secret without an id).
    ///
    /// ## Why is this bad?
    /// BuildKit rejects the instruction when it builds. The accepted flags are: `FROM
    /// --platform`; `COPY --from --chown --chmod --link --parents --exclude`; `ADD --chown
    /// --chmod --link --keep-git-dir --checksum --unpack --exclude`; `RUN --mount --network
    /// --security --device`; `HEALTHCHECK --interval --timeout --start-period --start-interval
    /// --retries`.
    ///
    /// ## Example
    /// ```dockerfile
    /// COPY --chmown=app:app . /app
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// COPY --chown=app:app . /app
    /// ```
    pub InvalidFlag {
        code: "PL0003",
        name: "invalid-flag",
        severity: Error,
    }
}

parser_rule!(InvalidFlag);
