//! Spans into the original text, in bytes, Unicode scalars and UTF-16 code units.

use serde::{Deserialize, Serialize};
use std::ops::Range;

/// A range of the **original** text (end exclusive), given three ways: UTF-8 bytes (Rust),
/// Unicode scalar values (Python) and UTF-16 code units (JavaScript).
///
/// ```
/// use ungxu::text::Span;
/// let text = "ừ 😡 đm";
/// let start = text.find("đm").unwrap();
/// let span = Span::from_byte_range(text, start..text.len()).unwrap();
/// assert_eq!((span.byte_start, span.byte_end), (9, 12));
/// assert_eq!((span.char_start, span.char_end), (4, 6));
/// assert_eq!((span.utf16_start, span.utf16_end), (5, 7)); // the emoji is two UTF-16 units
/// assert_eq!(span.slice(text), Some("đm"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Span {
    /// First UTF-8 byte.
    pub byte_start: usize,
    /// One past the last UTF-8 byte.
    pub byte_end: usize,
    /// First Unicode scalar value.
    pub char_start: usize,
    /// One past the last Unicode scalar value.
    pub char_end: usize,
    /// First UTF-16 code unit.
    pub utf16_start: usize,
    /// One past the last UTF-16 code unit.
    pub utf16_end: usize,
}

impl Span {
    /// The span of `range` (UTF-8 byte offsets) in `text`, or `None` if the range is reversed,
    /// out of bounds or not on character boundaries.
    ///
    /// Takes time proportional to `range.end`. To build many spans of one text, build an
    /// [`OffsetIndex`] once and use [`OffsetIndex::span`].
    pub fn from_byte_range(text: &str, range: Range<usize>) -> Option<Span> {
        if range.start > range.end
            || !text.is_char_boundary(range.start)
            || !text.is_char_boundary(range.end)
        {
            return None;
        }
        let bytes = text.as_bytes();
        let (cs, us) = count(&bytes[..range.start]);
        let (cl, ul) = count(&bytes[range.start..range.end]);
        Some(span_of(range, (cs, us), (cs + cl, us + ul)))
    }

    /// The byte range.
    pub fn bytes(&self) -> Range<usize> {
        self.byte_start..self.byte_end
    }

    /// The Unicode-scalar range.
    pub fn chars(&self) -> Range<usize> {
        self.char_start..self.char_end
    }

    /// The UTF-16 range.
    pub fn utf16(&self) -> Range<usize> {
        self.utf16_start..self.utf16_end
    }

    /// Whether the span is empty.
    pub fn is_empty(&self) -> bool {
        self.byte_start == self.byte_end
    }

    /// The text of the span, if `text` is the text it was made from.
    pub fn slice<'t>(&self, text: &'t str) -> Option<&'t str> {
        text.get(self.bytes())
    }
}

/// (Unicode scalars, UTF-16 units) in a run of UTF-8 bytes that starts on a char boundary or
/// inside a char: counting lead bytes makes partial chars at either end come out right when
/// runs are added up.
fn count(bytes: &[u8]) -> (usize, usize) {
    let mut chars = 0usize;
    let mut astral = 0usize;
    for &b in bytes {
        // Lead bytes and ASCII are not of the form 0b10xx_xxxx.
        chars += usize::from((b as i8) >= -0x40);
        astral += usize::from(b >= 0xF0);
    }
    (chars, chars + astral)
}

const BLOCK: usize = 64;

/// Converts byte offsets of one text to Unicode-scalar and UTF-16 offsets in constant time
/// (at most one 64-byte block is scanned per offset). Building it takes one pass over the
/// text; for ASCII text it stores nothing.
///
/// ```
/// use ungxu::text::OffsetIndex;
/// let text = "Đồ 👍 ngu";
/// let index = OffsetIndex::new(text);
/// let span = index.span(text.find("ngu").unwrap()..text.len()).unwrap();
/// assert_eq!(span.char_start, 5);
/// assert_eq!(span.utf16_start, 6);
/// ```
#[derive(Debug, Clone)]
pub struct OffsetIndex<'a> {
    text: &'a str,
    /// (chars, utf16 units) before the start of each 64-byte block; empty for ASCII text.
    blocks: Vec<(usize, usize)>,
}

impl<'a> OffsetIndex<'a> {
    /// Indexes `text`.
    pub fn new(text: &'a str) -> OffsetIndex<'a> {
        let bytes = text.as_bytes();
        if bytes.is_ascii() {
            return OffsetIndex {
                text,
                blocks: Vec::new(),
            };
        }
        let mut blocks = Vec::with_capacity(bytes.len() / BLOCK + 1);
        let (mut chars, mut units) = (0usize, 0usize);
        for chunk in bytes.chunks(BLOCK) {
            blocks.push((chars, units));
            let (c, u) = count(chunk);
            chars += c;
            units += u;
        }
        OffsetIndex { text, blocks }
    }

    /// The text this index was built for.
    pub fn text(&self) -> &'a str {
        self.text
    }

    /// (Unicode-scalar offset, UTF-16 offset) of a byte offset that lies on a char boundary.
    pub fn offsets_at(&self, byte: usize) -> Option<(usize, usize)> {
        if !self.text.is_char_boundary(byte) {
            return None;
        }
        if self.blocks.is_empty() {
            return Some((byte, byte));
        }
        let block = byte / BLOCK;
        let (c0, u0) = match self.blocks.get(block) {
            Some(b) => *b,
            // `byte == len` on a block boundary: one past the last block.
            None => {
                let last = self.blocks.len() - 1;
                let (c, u) = self.blocks[last];
                let (dc, du) = count(&self.text.as_bytes()[last * BLOCK..]);
                return Some((c + dc, u + du));
            }
        };
        let (dc, du) = count(&self.text.as_bytes()[block * BLOCK..byte]);
        Some((c0 + dc, u0 + du))
    }

    /// The span of a byte range of the text, or `None` if it is reversed, out of bounds or not
    /// on char boundaries.
    pub fn span(&self, range: Range<usize>) -> Option<Span> {
        if range.start > range.end {
            return None;
        }
        let start = self.offsets_at(range.start)?;
        let end = self.offsets_at(range.end)?;
        Some(span_of(range, start, end))
    }
}

/// The span of a byte range whose ends are at (chars, UTF-16 units) `start` and `end`.
fn span_of(range: Range<usize>, start: (usize, usize), end: (usize, usize)) -> Span {
    Span {
        byte_start: range.start,
        byte_end: range.end,
        char_start: start.0,
        char_end: end.0,
        utf16_start: start.1,
        utf16_end: end.1,
    }
}

/// Converts a sequence of increasing byte offsets of one text to spans in one forward scan
/// (no allocation): for the sorted, disjoint matches of one text.
#[derive(Debug, Clone)]
pub(crate) struct OffsetCursor<'a> {
    text: &'a str,
    at: usize,
    chars: usize,
    units: usize,
}

impl<'a> OffsetCursor<'a> {
    pub(crate) fn new(text: &'a str) -> OffsetCursor<'a> {
        OffsetCursor {
            text,
            at: 0,
            chars: 0,
            units: 0,
        }
    }

    fn advance(&mut self, byte: usize) -> Option<(usize, usize)> {
        if !self.text.is_char_boundary(byte) {
            return None;
        }
        if byte < self.at {
            *self = OffsetCursor::new(self.text);
        }
        let (c, u) = count(&self.text.as_bytes()[self.at..byte]);
        self.at = byte;
        self.chars += c;
        self.units += u;
        Some((self.chars, self.units))
    }

    /// The span of a byte range; cheapest when ranges come in increasing order.
    pub(crate) fn span(&mut self, range: Range<usize>) -> Option<Span> {
        if range.start > range.end {
            return None;
        }
        let start = self.advance(range.start)?;
        let end = self.advance(range.end)?;
        Some(span_of(range, start, end))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_agrees_with_direct_counting() {
        let text = "a\u{1F600}bé\u{301}đ 👍🏽 x".repeat(20);
        let index = OffsetIndex::new(&text);
        for (b, _) in text.char_indices().chain([(text.len(), ' ')]) {
            let chars = text[..b].chars().count();
            let units: usize = text[..b].chars().map(char::len_utf16).sum();
            assert_eq!(index.offsets_at(b), Some((chars, units)), "at byte {b}");
        }
        assert_eq!(index.offsets_at(1 + 1), None);
    }

    #[test]
    fn rejects_bad_ranges() {
        let text = "đm";
        assert!(Span::from_byte_range(text, 1..3).is_none());
        #[allow(clippy::reversed_empty_ranges)]
        let reversed = 2..1;
        assert!(Span::from_byte_range(text, reversed).is_none());
        assert!(Span::from_byte_range(text, 0..9).is_none());
        let index = OffsetIndex::new(text);
        assert!(index.span(0..1).is_none());
        assert_eq!(
            index.span(0..3),
            Span::from_byte_range(text, 0..3),
            "index and direct agree"
        );
    }

    #[test]
    fn cursor_agrees_with_direct_counting() {
        let text = "ừ 😡 đm, 👍🏽 ngu";
        let mut cursor = OffsetCursor::new(text);
        let ranges = [0..3, 4..8, 9..12, 14..22, 23..26, 0..3];
        for r in ranges {
            assert_eq!(cursor.span(r.clone()), Span::from_byte_range(text, r));
        }
        assert_eq!(cursor.span(1..2), None);
    }

    #[test]
    fn ascii_is_identity() {
        let index = OffsetIndex::new("hello");
        assert_eq!(index.offsets_at(5), Some((5, 5)));
        assert_eq!(index.offsets_at(6), None);
    }
}
