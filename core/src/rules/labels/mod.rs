//! Label rules: label keys and the label schema of hadolint's `label-schema` setting.

mod common;
mod empty_schema_label;
mod formats;
mod invalid_email_label;
mod invalid_hash_label;
mod invalid_label_key;
mod invalid_rfc3339_label;
mod invalid_semver_label;
mod invalid_spdx_label;
mod invalid_url_label;
mod label_not_in_schema;
mod missing_schema_label;
mod spdx_ids;

use super::Rule;

pub(super) static RULES: &[&dyn Rule] = &[
    &invalid_label_key::InvalidLabelKey,
    &missing_schema_label::MissingSchemaLabel,
    &label_not_in_schema::LabelNotInSchema,
    &empty_schema_label::EmptySchemaLabel,
    &invalid_url_label::InvalidUrlLabel,
    &invalid_rfc3339_label::InvalidRfc3339Label,
    &invalid_spdx_label::InvalidSpdxLabel,
    &invalid_hash_label::InvalidHashLabel,
    &invalid_semver_label::InvalidSemverLabel,
    &invalid_email_label::InvalidEmailLabel,
];
