//! Finds where a key path lies in the source text, so validation errors can give a
//! line and column. Only run when there is an error to report.

use jsonc_parser::common::Ranged;
use std::fmt::Write;

/// One step of a key path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Seg {
    Key(String),
    Index(usize),
}

/// A key path such as `rules[3].roles[1]`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct KeyPath(pub Vec<Seg>);

impl KeyPath {
    pub fn key(&self, k: &str) -> KeyPath {
        let mut p = self.clone();
        p.0.push(Seg::Key(k.to_string()));
        p
    }
    pub fn index(&self, i: usize) -> KeyPath {
        let mut p = self.clone();
        p.0.push(Seg::Index(i));
        p
    }
    /// Parses the rendering of `serde_path_to_error` (`a.b[2].c`).
    pub fn parse(s: &str) -> KeyPath {
        let mut segs = Vec::new();
        for part in s.split('.') {
            let mut rest = part;
            if let Some(i) = rest.find('[') {
                if i > 0 {
                    segs.push(Seg::Key(rest[..i].to_string()));
                }
                rest = &rest[i..];
                while let Some(stripped) = rest.strip_prefix('[') {
                    let Some(close) = stripped.find(']') else {
                        break;
                    };
                    if let Ok(n) = stripped[..close].parse() {
                        segs.push(Seg::Index(n));
                    }
                    rest = &stripped[close + 1..];
                }
            } else if !rest.is_empty() && rest != "?" {
                segs.push(Seg::Key(rest.to_string()));
            }
        }
        KeyPath(segs)
    }
    pub fn render(&self) -> String {
        let mut s = String::new();
        for seg in &self.0 {
            match seg {
                Seg::Key(k) => {
                    if !s.is_empty() {
                        s.push('.');
                    }
                    s.push_str(k);
                }
                Seg::Index(i) => {
                    let _ = write!(s, "[{i}]");
                }
            }
        }
        s
    }
}

/// The file formats a pack may be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// TOML 1.0.
    Toml,
    /// JSON (strict).
    Json,
}

/// Byte offset of the value at `path`, or of its deepest existing ancestor.
pub(crate) fn locate(text: &str, format: Format, path: &KeyPath) -> Option<usize> {
    match format {
        #[cfg(feature = "toml-packs")]
        Format::Toml => locate_toml(text, path),
        #[cfg(not(feature = "toml-packs"))]
        Format::Toml => None,
        Format::Json => locate_json(text, path),
    }
}

#[cfg(feature = "toml-packs")]
fn locate_toml(text: &str, path: &KeyPath) -> Option<usize> {
    let root = toml::de::DeTable::parse(text).ok()?;
    let mut best = root.span().start;
    let mut segs = path.0.iter();
    let mut node = match segs.next() {
        Some(Seg::Key(k)) => root.get_ref().get(k.as_str())?,
        _ => return Some(best),
    };
    best = node.span().start;
    for seg in segs {
        let next = match seg {
            Seg::Key(k) => node.get_ref().get(k.as_str()),
            Seg::Index(i) => node.get_ref().get(*i),
        };
        match next {
            Some(n) => {
                node = n;
                best = n.span().start;
            }
            None => break,
        }
    }
    Some(best)
}

fn locate_json(text: &str, path: &KeyPath) -> Option<usize> {
    use jsonc_parser::ast::Value;
    let parsed = jsonc_parser::parse_to_ast(
        text,
        &Default::default(),
        &jsonc_parser::ParseOptions::default(),
    )
    .ok()?;
    let mut node = parsed.value.as_ref()?;
    let mut best = node.range().start;
    for seg in &path.0 {
        let next = match (seg, node) {
            (Seg::Key(k), Value::Object(o)) => o
                .properties
                .iter()
                .find(|p| p.name.as_str() == k.as_str())
                .map(|p| &p.value),
            (Seg::Index(i), Value::Array(a)) => a.elements.get(*i),
            _ => None,
        };
        match next {
            Some(n) => {
                node = n;
                best = n.range().start;
            }
            None => break,
        }
    }
    Some(best)
}

/// 1-based line and column (in characters) of a byte offset.
pub(crate) fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg(feature = "toml-packs")]
    fn finds_toml_array_of_tables_entries() {
        let text = "[pack]\nid = \"x\"\n\n[[rules]]\nid = \"a\"\n\n[[rules]]\nid = \"b\"\nroles = [\"r1\", \"r2\"]\n";
        let p = KeyPath::default()
            .key("rules")
            .index(1)
            .key("roles")
            .index(1);
        let off = locate(text, Format::Toml, &p).unwrap();
        assert_eq!(line_col(text, off), (9, 16));
        assert_eq!(p.render(), "rules[1].roles[1]");
    }

    #[test]
    fn finds_json_entries_and_falls_back_to_ancestor() {
        let text = "{\n  \"rules\": [\n    {\"id\": \"a\"},\n    {\"id\": \"b\"}\n  ]\n}";
        let p = KeyPath::default().key("rules").index(1).key("id");
        assert_eq!(
            line_col(text, locate(text, Format::Json, &p).unwrap()),
            (4, 12)
        );
        let missing = KeyPath::default().key("rules").index(1).key("nope");
        assert_eq!(
            line_col(text, locate(text, Format::Json, &missing).unwrap()),
            (4, 5)
        );
    }

    #[test]
    fn line_col_counts_characters_not_bytes() {
        assert_eq!(line_col("đồ\nngu", 5), (1, 3));
        assert_eq!(line_col("đồ\nngu", 6), (2, 1));
    }
}
