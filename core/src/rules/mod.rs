//! The rule engine: rule metadata, the `declare_rule!` macro and the context rules read.
//!
//! Each rule lives in its own file. Its doc comment is its user documentation, under the
//! headings "What it does", "Why is this bad?", "Example" and "Use instead", and is what
//! `plimsoll rule CODE` prints.

pub mod context;
mod helpers;
mod registry;
pub mod syntax_rules;
#[cfg(test)]
mod test_support;

// Rule groups added by topic; each group's `mod.rs` lists its rules in `RULES`.
mod buildkit;
mod instructions;
mod labels;
mod packages;
mod pragmas;
mod rpm;
mod run;

mod add_local_file;
mod add_url_without_checksum;
mod apt_install_recommends;
mod apt_install_without_yes;
mod apt_lists_not_removed;
mod apt_update_without_install;
mod build_tools_in_final_image;
mod cd_in_run;
mod consecutive_run;
mod duplicate_stage_name;
mod implicit_root_user;
mod instruction_before_from;
mod invalid_base_image;
mod invalid_run_script;
mod latest_base_image;
mod maintainer;
mod multiple_cmd;
mod multiple_entrypoint;
mod pip_cache;
mod relative_workdir;
mod root_user;
mod secret_in_arg_or_env;
mod shell_form_command;
mod untagged_base_image;

pub use context::Context;
pub use registry::{ALL_RULES, RULES, find_rule};

use crate::diagnostic::{Diagnostic, Fix, Severity};
use crate::source::Span;

/// The metadata the registry stores for a rule.
#[derive(Debug)]
pub struct RuleMeta {
    /// `DL3007` for rules hadolint has, `PLnnnn` for plimsoll's own.
    pub code: &'static str,
    /// Kebab-case name of the flagged pattern, such as `latest-base-image`.
    pub name: &'static str,
    /// Other names accepted wherever a code is: BuildKit check names, dockle codes.
    pub aliases: &'static [&'static str],
    pub severity: Severity,
    /// The rule's documentation in Markdown, taken from its doc comment.
    pub doc: &'static str,
    /// True if the rule attaches a fix to some of its findings.
    pub fixable: bool,
    /// False for rules that run only when selected or given a severity, as hadolint's
    /// DL1001 and DL3057 and BuildKit's experimental checks.
    pub enabled_by_default: bool,
}

impl RuleMeta {
    /// Creates a finding of this rule with its default severity.
    pub fn diagnostic(&'static self, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            code: self.code,
            name: self.name,
            severity: self.severity,
            message: message.into(),
            span,
            fix: None,
        }
    }

    /// Creates a finding with a fix.
    pub fn diagnostic_with_fix(
        &'static self,
        span: Span,
        message: impl Into<String>,
        fix: Fix,
    ) -> Diagnostic {
        Diagnostic {
            fix: Some(fix),
            ..self.diagnostic(span, message)
        }
    }

    /// Returns true if `code` names this rule by code, name or alias, ignoring case.
    pub fn is_named(&self, code: &str) -> bool {
        self.code.eq_ignore_ascii_case(code)
            || self.name.eq_ignore_ascii_case(code)
            || self
                .aliases
                .iter()
                .any(|alias| alias.eq_ignore_ascii_case(code))
    }
}

/// A lint rule. Rules are stateless; all they read is in the [`Context`].
pub trait Rule: Sync {
    fn meta(&self) -> &'static RuleMeta;

    /// Appends this rule's findings to `out`.
    fn check(&self, context: &Context<'_>, out: &mut Vec<Diagnostic>);
}

/// Declares a rule struct whose doc comment becomes its documentation.
///
/// ```ignore
/// declare_rule! {
///     /// ## What it does
///     /// ...
///     pub LatestBaseImage {
///         code: "DL3007",
///         name: "latest-base-image",
///         severity: Warning,
///     }
/// }
/// ```
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        $vis:vis $rule:ident {
            code: $code:literal,
            name: $name:literal,
            severity: $severity:ident,
            $(aliases: [$($alias:literal),* $(,)?],)?
            $(fixable: $fixable:literal,)?
            $(enabled_by_default: $enabled:literal,)?
        }
    ) => {
        $(#[doc = $doc])*
        #[derive(Debug, Default, Clone, Copy)]
        $vis struct $rule;

        impl $rule {
            pub const META: $crate::rules::RuleMeta = $crate::rules::RuleMeta {
                code: $code,
                name: $name,
                aliases: &[$($($alias),*)?],
                severity: $crate::diagnostic::Severity::$severity,
                doc: concat!($($doc, "\n"),*),
                fixable: false $(|| $fixable)?,
                enabled_by_default: true $(&& $enabled)?,
            };
        }
    };
}

pub(crate) use declare_rule;
