//! Converting TOML text into the configuration [`Node`] tree.

use toml::de::{DeTable, DeValue};

use super::tree::{Node, Value};
use crate::error::{Error, ErrorKind};

/// Parses a TOML document.
pub fn parse(text: &str, file: &str) -> Result<Node, Error> {
    let table = DeTable::parse(text).map_err(|error| {
        let line = error.span().map_or(1, |span| line_of(text, span.start));
        Error::new(
            ErrorKind::InvalidOption,
            format!(
                "invalid configuration in {file}:{line}: invalid TOML: {}",
                error.message().trim()
            ),
        )
    })?;
    let span = table.span();
    Ok(convert_table(
        text,
        table.get_ref(),
        line_of(text, span.start),
    ))
}

fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|&&byte| byte == b'\n')
        .count()
        + 1
}

fn convert_table(text: &str, table: &DeTable<'_>, line: usize) -> Node {
    let mut entries: Vec<(String, usize, Node)> = table
        .iter()
        .map(|(key, value)| {
            (
                key.get_ref().to_string(),
                line_of(text, key.span().start),
                convert(text, value.get_ref(), line_of(text, value.span().start)),
            )
        })
        .collect();
    // The table keeps keys sorted; errors read better in document order.
    entries.sort_by_key(|(_, line, _)| *line);
    Node {
        value: Value::Table(entries),
        line,
    }
}

fn convert(text: &str, value: &DeValue<'_>, line: usize) -> Node {
    let value = match value {
        DeValue::String(value) => Value::String(value.to_string()),
        DeValue::Integer(value) => value
            .to_string()
            .replace('_', "")
            .parse()
            .map_or(Value::Other, Value::Integer),
        DeValue::Float(value) => value
            .to_string()
            .replace('_', "")
            .parse()
            .map_or(Value::Other, Value::Float),
        DeValue::Boolean(value) => Value::Bool(*value),
        DeValue::Datetime(_) => Value::Other,
        DeValue::Array(items) => Value::List(
            items
                .iter()
                .map(|item| convert(text, item.get_ref(), line_of(text, item.span().start)))
                .collect(),
        ),
        DeValue::Table(table) => return convert_table(text, table, line),
    };
    Node { value, line }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_in_document_order() {
        let node = parse(
            "select = [\"DL3008\"]\n\n[severity]\nDL3008 = \"error\"\n",
            "p.toml",
        )
        .unwrap();
        let Value::Table(entries) = node.value else {
            panic!("not a table");
        };
        assert_eq!(entries[0].0, "select");
        assert_eq!(entries[0].1, 1);
        assert_eq!(entries[1].0, "severity");
        let Value::Table(severity) = &entries[1].2.value else {
            panic!("not a table");
        };
        assert_eq!(severity[0].1, 4);
    }

    #[test]
    fn syntax_error_names_line() {
        let error = parse("select = [\"DL3008\"\nignore = 3\n", "p.toml").unwrap_err();
        assert!(
            error
                .message
                .starts_with("invalid configuration in p.toml:"),
            "{}",
            error.message
        );
    }
}
