use super::ast::*;
use crate::source::LineIndex;

/// Parses Dockerfile bytes. Never fails: problems become diagnostics in the result.
pub fn parse(source: &[u8]) -> Dockerfile {
    let text = String::from_utf8_lossy(source).into_owned();
    let line_index = LineIndex::new(&text);
    Dockerfile {
        text,
        line_index,
        directives: Vec::new(),
        instructions: Vec::new(),
        comments: Vec::new(),
        diagnostics: Vec::new(),
        escape: '\\',
    }
}
