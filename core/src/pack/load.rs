//! Parsing one pack file (TOML or JSON) into [`PackFile`], with located shape errors.

use super::error::{PackError, PackErrorKind, PackErrors};
use super::locate::{line_col, locate, Format, KeyPath};
use crate::model::PackFile;

/// A pack's text and the name it is known by (usually its path; the extension picks the format).
#[derive(Debug, Clone, Copy)]
pub struct PackSource<'a> {
    /// Name used in errors and to pick the format (`.toml` or `.json`).
    pub name: &'a str,
    /// The file's content.
    pub text: &'a str,
}

impl<'a> PackSource<'a> {
    /// A source with a name and its text.
    pub fn new(name: &'a str, text: &'a str) -> Self {
        PackSource { name, text }
    }

    /// The format, from the name's extension, else from the first non-blank character.
    pub fn format(&self) -> Option<Format> {
        let lower = self.name.to_ascii_lowercase();
        if lower.ends_with(".toml") {
            return Some(Format::Toml);
        }
        if lower.ends_with(".json") {
            return Some(Format::Json);
        }
        match self.text.trim_start().chars().next() {
            Some('{') => Some(Format::Json),
            Some('[') | Some('#') | Some('a'..='z') => Some(Format::Toml),
            _ => None,
        }
    }
}

pub(crate) fn error_at(
    source: &PackSource<'_>,
    format: Format,
    path: &KeyPath,
    offset: Option<usize>,
    kind: PackErrorKind,
) -> PackError {
    let offset = offset.or_else(|| locate(source.text, format, path));
    let (line, column) = match offset {
        Some(o) => {
            let (l, c) = line_col(source.text, o);
            (Some(l), Some(c))
        }
        None => (None, None),
    };
    PackError {
        file: source.name.to_string(),
        path: path.render(),
        line,
        column,
        kind,
    }
}

/// Parses one pack file. Shape errors (unknown fields, wrong types, bad dates) name the key
/// path and the line and column.
pub fn parse_pack(source: &PackSource<'_>) -> Result<(PackFile, Format), PackErrors> {
    let Some(format) = source.format() else {
        return Err(PackErrors(vec![PackError {
            file: source.name.to_string(),
            path: String::new(),
            line: None,
            column: None,
            kind: PackErrorKind::UnknownFormat,
        }]));
    };
    let parsed = match format {
        #[cfg(feature = "toml")]
        Format::Toml => match super::embedded_json(source.text) {
            // An embedded default: its JSON conversion holds the same data.
            Some(json) => parse_json(&PackSource::new(source.name, json)),
            None => parse_toml(source),
        },
        #[cfg(not(feature = "toml"))]
        Format::Toml => Err(Box::new(PackError {
            file: source.name.to_string(),
            path: String::new(),
            line: None,
            column: None,
            kind: PackErrorKind::TomlUnsupported,
        })),
        Format::Json => parse_json(source),
    };
    parsed
        .map(|p| (p, format))
        .map_err(|e| PackErrors(vec![*e]))
}

// Boxed: the error is much larger than the Ok side's pointer-sized parts.
#[cfg(feature = "toml")]
fn parse_toml(source: &PackSource<'_>) -> Result<PackFile, Box<PackError>> {
    let de = toml::Deserializer::parse(source.text).map_err(|e| {
        Box::new(error_at(
            source,
            Format::Toml,
            &KeyPath::default(),
            e.span().map(|s| s.start),
            PackErrorKind::Syntax(e.message().trim().to_string()),
        ))
    })?;
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = KeyPath::parse(&e.path().to_string());
        let inner = e.into_inner();
        Box::new(error_at(
            source,
            Format::Toml,
            &path,
            inner.span().map(|s| s.start),
            PackErrorKind::Shape(inner.message().trim().to_string()),
        ))
    })
}

fn parse_json(source: &PackSource<'_>) -> Result<PackFile, Box<PackError>> {
    let mut de = serde_json::Deserializer::from_str(source.text);
    let result: Result<PackFile, _> = serde_path_to_error::deserialize(&mut de);
    // Trailing characters after the document are a syntax error at the document level.
    let result = match result {
        Ok(v) => match de.end() {
            Ok(()) => Ok(v),
            Err(e) => {
                let mut err = error_at(
                    source,
                    Format::Json,
                    &KeyPath::default(),
                    None,
                    PackErrorKind::Syntax(strip_position(&e.to_string())),
                );
                err.line = Some(e.line());
                err.column = Some(e.column());
                return Err(Box::new(err));
            }
        },
        Err(e) => Err(e),
    };
    result.map_err(|e| {
        let path = KeyPath::parse(&e.path().to_string());
        let inner = e.into_inner();
        let message = strip_position(&inner.to_string());
        let kind = if inner.is_syntax() || inner.is_eof() {
            PackErrorKind::Syntax(message)
        } else {
            PackErrorKind::Shape(message)
        };
        let mut err = error_at(source, Format::Json, &path, None, kind);
        if inner.line() > 0 {
            err.line = Some(inner.line());
            err.column = Some(inner.column());
        }
        Box::new(err)
    })
}

/// serde_json appends " at line L column C"; we report the position separately.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

#[cfg(all(test, feature = "toml"))]
mod tests {
    use super::*;

    #[test]
    fn embedded_json_twins_hold_the_same_packs() {
        for source in super::super::DEFAULT_PACKS {
            let json = super::super::embedded_json(source.text).expect("a twin");
            let from_toml = parse_toml(&source).unwrap();
            let from_json = parse_json(&PackSource::new("x.json", json)).unwrap();
            assert_eq!(from_toml, from_json, "{}", source.name);
        }
    }
}
