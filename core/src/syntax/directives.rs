//! Parser directives (`# syntax=`, `# escape=`, `# check=`), read only at the top of a file.

/// A directive read from one line.
#[derive(Debug, PartialEq, Eq)]
pub struct Directive {
    pub name: String,
    pub value: String,
}

/// Reads directives line by line until the first line that is not one.
#[derive(Debug, Default)]
pub struct DirectiveParser {
    done: bool,
    seen: Vec<String>,
}

const KNOWN: [&str; 3] = ["syntax", "escape", "check"];

impl DirectiveParser {
    /// Reads one line with its leading whitespace removed. Returns the directive it holds, or
    /// `None` once the directive section has ended. Any line that is not `#` followed by a known
    /// `key=value` ends the section, as BuildKit's parser does.
    pub fn parse_line(&mut self, line: &str) -> Result<Option<Directive>, String> {
        if self.done {
            return Ok(None);
        }
        let Some(rest) = line.strip_prefix('#') else {
            self.done = true;
            return Ok(None);
        };
        let Some((name, value)) = split_directive(rest.trim_start()) else {
            self.done = true;
            return Ok(None);
        };
        let name = name.to_ascii_lowercase();
        if !KNOWN.contains(&name.as_str()) {
            self.done = true;
            return Ok(None);
        }
        if self.seen.contains(&name) {
            return Err(format!("only one `{name}` parser directive can be used"));
        }
        if name == "escape" && value != "\\" && value != "`" {
            return Err(format!(
                "invalid escape character `{value}` in the escape parser directive: expected \
                 `\\` or `` ` ``"
            ));
        }
        self.seen.push(name.clone());
        Ok(Some(Directive {
            name,
            value: value.to_string(),
        }))
    }
}

/// Matches `^([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$` as BuildKit does.
fn split_directive(line: &str) -> Option<(&str, &str)> {
    let name_end = line
        .char_indices()
        .find(|(_, ch)| !ch.is_ascii_alphanumeric())
        .map_or(line.len(), |(index, _)| index);
    let name = &line[..name_end];
    if !name.starts_with(|ch: char| ch.is_ascii_alphabetic()) {
        return None;
    }
    let rest = line[name_end..].trim_start_matches(is_go_regexp_space);
    let value = rest
        .strip_prefix('=')?
        .trim_start_matches(is_go_regexp_space)
        .trim_end_matches(is_go_regexp_space);
    if value.is_empty() {
        return None;
    }
    Some((name, value))
}

/// The `\s` class of Go's regexp package: ASCII space, tab, newline, form feed, carriage return.
fn is_go_regexp_space(ch: char) -> bool {
    matches!(ch, ' ' | '\t' | '\n' | '\x0c' | '\r')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directives_end_at_first_other_line() {
        let mut parser = DirectiveParser::default();
        let first = parser
            .parse_line("# syntax = docker/dockerfile:1 ")
            .unwrap();
        assert_eq!(
            first,
            Some(Directive {
                name: "syntax".into(),
                value: "docker/dockerfile:1".into()
            })
        );
        assert_eq!(parser.parse_line("# a comment").unwrap(), None);
        assert_eq!(parser.parse_line("# escape=`").unwrap(), None);
    }

    #[test]
    fn repeated_directive_is_error() {
        let mut parser = DirectiveParser::default();
        parser.parse_line("# check=skip=all").unwrap();
        assert!(parser.parse_line("# CHECK=error=true").is_err());
    }

    #[test]
    fn invalid_escape_is_error() {
        let mut parser = DirectiveParser::default();
        assert!(parser.parse_line("#escape=x").is_err());
    }
}
