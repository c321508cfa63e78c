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
        #[cfg(feature = "toml-packs")]
        Format::Toml => parse_toml(source),
        #[cfg(not(feature = "toml-packs"))]
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
/// A TOML pack: written as JSON (`toml_json`) and read by the JSON reader, errors located in
/// the TOML.
#[cfg(feature = "toml-packs")]
fn parse_toml(source: &PackSource<'_>) -> Result<PackFile, Box<PackError>> {
    use super::toml_json::{convert, ConvertError};
    let converted = convert(source.text).map_err(|e| {
        Box::new(match e {
            ConvertError::Syntax(message, offset) => error_at(
                source,
                Format::Toml,
                &KeyPath::default(),
                offset,
                PackErrorKind::Syntax(message),
            ),
            ConvertError::Value(message, offset, mut path) => {
                path.reverse();
                error_at(
                    source,
                    Format::Toml,
                    &KeyPath(path),
                    Some(offset),
                    PackErrorKind::Shape(message),
                )
            }
        })
    })?;
    let mut de = serde_json::Deserializer::from_str(&converted.json);
    serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = KeyPath::parse(&e.path().to_string());
        let inner = e.into_inner();
        // One line of JSON: the column is the count of bytes read. Not at a key: `error_at`
        // finds the value at `path` in the TOML.
        let offset = match inner.line() {
            0 => None,
            _ => converted.key_at(inner.column()),
        };
        Box::new(error_at(
            source,
            Format::Toml,
            &path,
            offset,
            PackErrorKind::Shape(strip_position(&inner.to_string())),
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

    /// The embedded defaults are the build-time JSON conversions of `spec/packs/*.toml`.
    #[test]
    fn embedded_json_holds_the_toml_packs() {
        let tomls = [
            include_str!("../../../spec/packs/national.toml"),
            include_str!("../../../spec/packs/ninh-binh.toml"),
        ];
        for (source, toml_text) in super::super::DEFAULT_PACKS.iter().zip(tomls) {
            let from_toml = parse_pack(&PackSource::new("x.toml", toml_text)).unwrap().0;
            let from_json = parse_json(source).unwrap();
            assert_eq!(from_toml, from_json, "{}", source.name);
        }
    }

    /// How TOML packs were read before `toml_json`: `toml`'s own serde deserializer, its
    /// error spans. The oracle of the test below.
    fn parse_with_toml_deserializer(source: &PackSource<'_>) -> Result<PackFile, Box<PackError>> {
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

    /// Known and accepted differences, at the same place (file, key path, line, column): a
    /// wrong value for an enum (`toml`: "wanted string or table", "wanted exactly 1 element";
    /// the JSON reader: "invalid type: …", "expected value"), and how a float is shown in a
    /// message (`1e+300` rather than 301 digits).
    fn accepted(old: &Result<PackFile, PackError>, new: &Result<PackFile, PackError>) -> bool {
        let (Err(old), Err(new)) = (old, new) else {
            return false;
        };
        let place = |e: &PackError| (e.file.clone(), e.path.clone(), e.line, e.column);
        let message = |e: &PackError| {
            let m = e.kind.to_string();
            match m.split_once("floating point `") {
                Some((a, b)) => format!("{a}F{}", &b[b.find('`').unwrap_or(0)..]),
                None => m,
            }
        };
        place(old) == place(new)
            && (message(old) == message(new) || message(old).starts_with("wanted "))
    }

    /// Every one-line change of the test packs (each value replaced by values of every TOML
    /// type, each key renamed, each line dropped): the pack or the error (message, key path,
    /// line, column) is what `toml`'s deserializer gave, apart from the cases listed.
    #[test]
    fn toml_through_json_answers_as_the_toml_deserializer() {
        let packs = [
            include_str!("../../../tests/packs/mini-base.toml"),
            include_str!("../../../spec/packs/ninh-binh.toml"),
        ];
        let values = [
            "1",
            "-3",
            "0x1F",
            "1.5",
            "1e300",
            "true",
            "\"x\"",
            "\"\"",
            "[]",
            "[1, \"a\"]",
            "[\"individual\", 2]",
            "{ a = 1 }",
            "{}",
            "2021-01-01",
            "2021-01-01T10:00:00",
            "10:00:00",
            "\"2021-02-30\"",
            "[{ id = \"x\" }]",
        ];
        let (mut compared, mut same, mut accepted_differences) = (0, 0, 0);
        let mut differ = Vec::new();
        for pack in packs {
            let lines: Vec<&str> = pack.lines().collect();
            for (n, line) in lines.iter().enumerate() {
                // All of the small pack, an eighth of the lines of the large one (time).
                if lines.len() > 100 && n % 8 != 0 {
                    continue;
                }
                let mut variants = vec![String::new()];
                if let Some((key, _)) = line.split_once(" = ") {
                    variants.extend(values.iter().map(|v| format!("{key} = {v}")));
                    variants.push(line.replacen(key, "zz_unknown", 1));
                } else if line.starts_with('[') {
                    variants.push(line.replace("]", "x]"));
                }
                for variant in variants {
                    let mut text: Vec<&str> = lines.clone();
                    text[n] = &variant;
                    let text = text.join("\n");
                    let source = PackSource::new("p.toml", &text);
                    let old = parse_with_toml_deserializer(&source).map_err(|e| *e);
                    let new = parse_pack(&source)
                        .map(|p| p.0)
                        .map_err(|mut e| e.0.remove(0));
                    compared += 1;
                    if old == new {
                        same += 1;
                    } else if accepted(&old, &new) {
                        accepted_differences += 1;
                    } else {
                        differ.push(format!(
                            "{variant:?} at line {}:\n  old {old:?}\n  new {new:?}",
                            n + 1
                        ));
                    }
                }
            }
        }
        assert!(
            differ.is_empty(),
            "{same} of {compared} the same, {accepted_differences} accepted; {} differ:\n{}",
            differ.len(),
            differ.join("\n")
        );
        assert!(compared > 1000, "{compared}");
    }
}
