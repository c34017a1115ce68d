//! Source text with a line index, for turning byte offsets into lines and columns.

use serde::Serialize;

/// A half-open byte range `[start, end)` in the source text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    pub const fn empty(at: usize) -> Self {
        Span { start: at, end: at }
    }

    pub const fn len(&self) -> usize {
        self.end - self.start
    }

    pub const fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// Returns the smallest span that covers both `self` and `other`.
    pub fn cover(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
}

/// A 1-based line and a 1-based column counted in Unicode scalar values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct LineColumn {
    pub line: u32,
    pub column: u32,
}

/// Line start offsets of a text, so that positions are computed only when rendering.
#[derive(Clone, Debug)]
pub struct LineIndex {
    line_starts: Vec<usize>,
    /// Per block of `CHECKPOINT` bytes: the characters before the block starts, so that a
    /// column takes at most one block to count on however long its line is.
    checkpoints: Vec<usize>,
}

/// The size of the blocks of [`LineIndex::checkpoints`].
const CHECKPOINT: usize = 1024;

impl LineIndex {
    /// Indexes `text`. A line ends at `\n`; a `\r` before it belongs to the line's content.
    pub fn new(text: &str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        let mut checkpoints = Vec::with_capacity(text.len() / CHECKPOINT + 1);
        let mut count = 0;
        for block in text.as_bytes().chunks(CHECKPOINT) {
            checkpoints.push(count);
            count += count_chars(block);
        }
        checkpoints.push(count);
        LineIndex {
            line_starts,
            checkpoints,
        }
    }

    /// Returns the number of characters in `text[..offset]`. `offset` must be a character
    /// boundary of the text this index was made from.
    fn chars_before(&self, text: &str, offset: usize) -> usize {
        let block = offset / CHECKPOINT;
        let Some(&before) = self.checkpoints.get(block) else {
            return text[..offset].chars().count();
        };
        before + count_chars(&text.as_bytes()[block * CHECKPOINT..offset])
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// Returns the 0-based line that contains byte `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.line_starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next - 1,
        }
    }

    /// Returns the byte offset where 0-based `line` starts.
    pub fn line_start(&self, line: usize) -> usize {
        self.line_starts[line.min(self.line_starts.len() - 1)]
    }

    /// Converts a byte offset into a 1-based line and column. Offsets inside a multi-byte
    /// character count as that character; offsets past the end clamp to the end.
    pub fn line_column(&self, text: &str, offset: usize) -> LineColumn {
        let offset = offset.min(text.len());
        let line = self.line_of(offset);
        let start = self.line_starts[line];
        let mut end = offset;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let mut column = self.chars_before(text, end) - self.chars_before(text, start) + 1;
        // A byte order mark is not part of the first line's visible text.
        if line == 0 && end > 0 && text.starts_with('\u{feff}') {
            column -= 1;
        }
        LineColumn {
            line: (line + 1) as u32,
            column: column as u32,
        }
    }

    /// Returns the text of 0-based `line` without its line ending.
    pub fn line_text<'a>(&self, text: &'a str, line: usize) -> &'a str {
        let start = self.line_start(line);
        let end = self
            .line_starts
            .get(line + 1)
            .map_or(text.len(), |next| next - 1);
        let content = &text[start..end.max(start)];
        content.strip_suffix('\r').unwrap_or(content)
    }
}

/// Counts the characters of UTF-8 bytes: every byte but continuation bytes starts one.
fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|byte| (**byte as i8) >= -0x40).count()
}

fn memchr_iter(needle: u8, haystack: &[u8]) -> impl Iterator<Item = usize> + '_ {
    haystack
        .iter()
        .enumerate()
        .filter(move |(_, byte)| **byte == needle)
        .map(|(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_column_counts_characters() {
        let text = "FROM a\nRUN é x\n";
        let index = LineIndex::new(text);
        let x = text.find('x').unwrap();
        assert_eq!(
            index.line_column(text, x),
            LineColumn { line: 2, column: 7 }
        );
    }

    #[test]
    fn line_column_counts_characters_across_blocks() {
        let text = format!("FROM a\nRUN {}x", "é".repeat(3 * CHECKPOINT));
        let index = LineIndex::new(&text);
        let x = text.find('x').unwrap();
        let column = 5 + 3 * CHECKPOINT as u32;
        assert_eq!(index.line_column(&text, x), LineColumn { line: 2, column });
    }

    #[test]
    fn line_text_drops_carriage_return() {
        let text = "FROM a\r\nRUN b";
        let index = LineIndex::new(text);
        assert_eq!(index.line_text(text, 0), "FROM a");
        assert_eq!(index.line_text(text, 1), "RUN b");
    }
}
