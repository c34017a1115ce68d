//! A small document tree that YAML and TOML configuration are both converted to, with the line
//! of every value, so that one set of checks reports errors the same way for both formats.

use crate::error::{Error, ErrorKind};

/// A configuration value.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Integer(i64),
    Float(f64),
    String(String),
    List(Vec<Node>),
    /// Keys in document order, each with the line of the key.
    Table(Vec<(String, usize, Node)>),
    /// A value of a kind configuration never uses: a TOML date, or a TOML number that does not
    /// fit in 64 bits.
    Other,
}

/// A value with its 1-based line.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub value: Value,
    pub line: usize,
}

impl Value {
    /// Returns the kind of the value as a configuration error names it.
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Integer(_) => "an integer",
            Value::Float(_) => "a number",
            Value::String(_) => "a string",
            Value::List(_) => "a list",
            Value::Table(_) => "a table",
            Value::Other => "a date or an out-of-range number",
        }
    }
}

/// The position of a value, for error messages: the file name, the dotted key and the line.
#[derive(Clone, Copy, Debug)]
pub struct Location<'a> {
    pub file: &'a str,
    pub key: &'a str,
    pub line: usize,
}

impl Location<'_> {
    /// Creates an [`ErrorKind::InvalidOption`] error naming the file, line and key.
    pub fn error(&self, problem: impl std::fmt::Display) -> Error {
        Error::new(
            ErrorKind::InvalidOption,
            format!(
                "invalid configuration in {}:{}: `{}`: {problem}",
                self.file, self.line, self.key
            ),
        )
    }
}

/// Reads a boolean.
pub fn expect_bool(node: &Node, location: Location<'_>) -> Result<bool, Error> {
    match node.value {
        Value::Bool(value) => Ok(value),
        ref other => Err(location.error(format!("expected true or false, found {}", other.kind()))),
    }
}

/// Reads a string.
pub fn expect_string(node: &Node, location: Location<'_>) -> Result<String, Error> {
    match &node.value {
        Value::String(value) => Ok(value.clone()),
        other => Err(location.error(format!("expected a string, found {}", other.kind()))),
    }
}

/// Reads a list of strings, each with its line. With `single_allowed`, one string stands for
/// a list of one.
pub fn expect_strings(
    node: &Node,
    location: Location<'_>,
    single_allowed: bool,
) -> Result<Vec<(String, usize)>, Error> {
    match &node.value {
        Value::String(value) if single_allowed => Ok(vec![(value.clone(), node.line)]),
        Value::Null => Ok(Vec::new()),
        Value::List(items) => items
            .iter()
            .map(|item| match &item.value {
                Value::String(value) => Ok((value.clone(), item.line)),
                other => Err(Location {
                    line: item.line,
                    ..location
                }
                .error(format!(
                    "expected a list of strings, found {} in it",
                    other.kind()
                ))),
            })
            .collect(),
        other => Err(location.error(format!(
            "expected a list of strings, found {}",
            other.kind()
        ))),
    }
}

/// Reads a table.
pub fn expect_table<'n>(
    node: &'n Node,
    location: Location<'_>,
) -> Result<&'n [(String, usize, Node)], Error> {
    match &node.value {
        Value::Table(entries) => Ok(entries),
        Value::Null => Ok(&[]),
        other => Err(location.error(format!("expected a table, found {}", other.kind()))),
    }
}
