//! Converting YAML text into the configuration [`Node`] tree.

use saphyr::{LoadableYamlNode, MarkedYaml, Scalar, YamlData};
use saphyr_parser::{Event, Parser};

use super::tree::{Node, Value};
use crate::error::{Error, ErrorKind};

/// Maximum nesting of YAML collections. Configuration needs three levels; the bound keeps the
/// recursive conversion and the tree's destructor from running out of stack.
const MAX_DEPTH: usize = 32;

/// Parses YAML text. An empty document is an empty table.
pub fn parse(text: &str, file: &str) -> Result<Node, Error> {
    check_depth(text, file)?;
    let documents = MarkedYaml::load_from_str(text).map_err(|error| {
        Error::new(
            ErrorKind::InvalidOption,
            format!(
                "invalid configuration in {file}:{}: invalid YAML: {}",
                error.marker().line(),
                error.info()
            ),
        )
    })?;
    let Some(document) = documents.first() else {
        return Ok(Node {
            value: Value::Table(Vec::new()),
            line: 1,
        });
    };
    Ok(convert(document))
}

fn check_depth(text: &str, file: &str) -> Result<(), Error> {
    let mut depth = 0usize;
    for event in Parser::new_from_str(text) {
        // Syntax errors are reported by the loader, with the same position.
        let Ok((event, span)) = event else {
            return Ok(());
        };
        match event {
            Event::SequenceStart(..) | Event::MappingStart(..) => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(Error::new(
                        ErrorKind::InvalidOption,
                        format!(
                            "invalid configuration in {file}:{}: values are nested more than \
                             {MAX_DEPTH} levels deep",
                            span.start.line()
                        ),
                    ));
                }
            }
            Event::SequenceEnd | Event::MappingEnd => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

fn convert(node: &MarkedYaml<'_>) -> Node {
    let line = node.span.start.line();
    let value = match &node.data {
        YamlData::Value(scalar) => match scalar {
            Scalar::Null => Value::Null,
            Scalar::Boolean(value) => Value::Bool(*value),
            Scalar::Integer(value) => Value::Integer(*value),
            Scalar::FloatingPoint(value) => Value::Float(value.into_inner()),
            Scalar::String(value) => Value::String(value.to_string()),
        },
        YamlData::Representation(text, _, _) => Value::String(text.to_string()),
        YamlData::Sequence(items) => Value::List(items.iter().map(convert).collect()),
        YamlData::Mapping(entries) => Value::Table(
            entries
                .iter()
                .map(|(key, value)| {
                    let name = match &key.data {
                        YamlData::Value(Scalar::String(text)) => text.to_string(),
                        YamlData::Value(Scalar::Integer(number)) => number.to_string(),
                        YamlData::Value(Scalar::Boolean(flag)) => flag.to_string(),
                        _ => String::from("?"),
                    };
                    (name, key.span.start.line(), convert(value))
                })
                .collect(),
        ),
        YamlData::Tagged(_, inner) => return convert(inner),
        YamlData::Alias(_) | YamlData::BadValue => Value::Null,
    };
    Node { value, line }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_of_keys_and_items() {
        let node = parse(
            "ignored:\n  - DL3008\n  - SC2086\nstrict-labels: true\n",
            "c.yaml",
        )
        .unwrap();
        let Value::Table(entries) = node.value else {
            panic!("not a table");
        };
        assert_eq!(entries[0].0, "ignored");
        assert_eq!(entries[0].1, 1);
        let Value::List(items) = &entries[0].2.value else {
            panic!("not a list");
        };
        assert_eq!(items[1].line, 3);
        assert_eq!(entries[1].2.value, Value::Bool(true));
    }

    #[test]
    fn syntax_error_names_line() {
        let error = parse("ignored:\n  - DL3008\n - [\n", "c.yaml").unwrap_err();
        assert!(
            error
                .message
                .starts_with("invalid configuration in c.yaml:"),
            "{}",
            error.message
        );
    }

    #[test]
    fn deep_nesting_is_rejected() {
        // saphyr-parser stops deep flow nesting itself; block nesting meets the bound here.
        let flow = format!("a: {}{}", "[".repeat(10_000), "]".repeat(10_000));
        let error = parse(&flow, "c.yaml").unwrap_err();
        assert!(
            error
                .message
                .starts_with("invalid configuration in c.yaml:1"),
            "{}",
            error.message
        );

        let block = format!("{}x\n", "- ".repeat(100));
        let error = parse(&block, "c.yaml").unwrap_err();
        assert!(
            error.message.contains("nested more than"),
            "{}",
            error.message
        );
    }

    #[test]
    fn empty_document_is_empty_table() {
        assert_eq!(parse("", "c.yaml").unwrap().value, Value::Table(Vec::new()));
        assert_eq!(
            parse("# only a comment\n", "c.yaml").unwrap().value,
            Value::Table(Vec::new())
        );
    }
}
