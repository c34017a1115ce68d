//! Escaping text for XML 1.0 documents.

/// Escapes `text` for an XML attribute value in double quotes or for character data.
///
/// `&`, `<`, `>`, `"` and `'` become entity references. Tab, line feed and carriage return
/// become character references, so that attribute-value normalization does not turn them
/// into spaces. Characters that XML 1.0 does not allow at all, not even as references (the
/// other C0 controls, U+FFFE and U+FFFF), become U+FFFD.
pub(super) fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&apos;"),
            '\t' => escaped.push_str("&#9;"),
            '\n' => escaped.push_str("&#10;"),
            '\r' => escaped.push_str("&#13;"),
            '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => escaped.push('\u{fffd}'),
            other => escaped.push(other),
        }
    }
    escaped
}

/// The XML declaration that starts every XML document plimsoll writes.
pub(super) const DECLARATION: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            escape(r#"a<b & "c" 'd'>"#),
            "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;"
        );
    }

    #[test]
    fn keeps_line_breaks_as_references() {
        assert_eq!(escape("a\nb\r\tc"), "a&#10;b&#13;&#9;c");
    }

    #[test]
    fn replaces_characters_xml_forbids() {
        assert_eq!(
            escape("a\u{0}b\u{1b}c\u{ffff}"),
            "a\u{fffd}b\u{fffd}c\u{fffd}"
        );
        assert_eq!(escape("é😀"), "é😀");
    }
}
