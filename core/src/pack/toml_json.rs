//! TOML packs read through the JSON reader: the TOML text is parsed (by the `toml` crate's
//! parser, without its serde deserializer) into a tree with spans, written out as compact JSON,
//! and that JSON is deserialised exactly as a JSON pack is. Every pack type is then
//! deserialised by one deserializer instead of two, which keeps the WebAssembly module small.
//!
//! The answers are those of `toml`'s own deserializer (checked against it by the tests below):
//! tables keep the key order that deserializer hands out (the parser's map order), a date or
//! time literal becomes the one-entry map that deserializer presents
//! (`{"$__toml_private_datetime": "2021-06-17"}`), integers of any radix become decimal.
//! Errors are located in the TOML as `toml` locates them: at the value the error's key path
//! names (found again in the TOML by `locate`), or, for an error in a key (an unknown field),
//! at that key: while writing, every key is marked with where it lies in the JSON and in the
//! TOML, and an error the JSON reader reports just after reading a key is put at the key.

use super::locate::Seg;
use toml::de::{DeTable, DeValue};
use toml::Spanned;

/// A TOML text written as JSON, with the marks that map JSON offsets back to the TOML.
pub(crate) struct Converted {
    /// The JSON text (one line).
    pub json: String,
    /// Each key: where it starts and ends in the JSON (quotes included), where it starts in
    /// the TOML. JSON offsets increasing.
    keys: Vec<(usize, usize, usize)>,
}

/// What in a TOML text cannot be written as JSON.
pub(crate) enum ConvertError {
    /// Not valid TOML: the parser's message and where.
    Syntax(String, Option<usize>),
    /// A value JSON cannot hold (an integer beyond 64 bits, a float that is infinite or not a
    /// number): the message, where, and the key path (innermost segment first).
    Value(String, usize, Vec<Seg>),
}

impl Converted {
    /// The TOML offset of the key the JSON reader had just read when it stopped after
    /// `consumed` bytes of [`Converted::json`], if it stopped inside or right after a key.
    pub fn key_at(&self, consumed: usize) -> Option<usize> {
        let i = self.keys.partition_point(|k| k.0 < consumed);
        let (_, end, toml) = *self.keys.get(i.checked_sub(1)?)?;
        (consumed <= end).then_some(toml)
    }
}

/// Parses `text` as TOML and writes it as JSON.
pub(crate) fn convert(text: &str) -> Result<Converted, ConvertError> {
    let root = DeTable::parse(text).map_err(|e| {
        ConvertError::Syntax(e.message().trim().to_string(), e.span().map(|s| s.start))
    })?;
    let mut out = Converted {
        json: String::with_capacity(text.len() + text.len() / 4),
        keys: Vec::new(),
    };
    write_table(&mut out, root.get_ref())?;
    Ok(out)
}

fn write_table(out: &mut Converted, table: &DeTable<'_>) -> Result<(), ConvertError> {
    out.json.push('{');
    for (i, (k, v)) in table.iter().enumerate() {
        if i > 0 {
            out.json.push(',');
        }
        let key_start = out.json.len();
        write_string(&mut out.json, k.get_ref());
        out.keys.push((key_start, out.json.len(), k.span().start));
        out.json.push(':');
        write_value(out, v).map_err(|e| e.within(Seg::Key(k.get_ref().to_string())))?;
    }
    out.json.push('}');
    Ok(())
}

fn write_value(out: &mut Converted, v: &Spanned<DeValue<'_>>) -> Result<(), ConvertError> {
    let start = v.span().start;
    match v.get_ref() {
        DeValue::String(s) => write_string(&mut out.json, s),
        DeValue::Integer(i) => {
            // As `toml`'s deserializer: an i64, else a u64; JSON readers hold no more.
            let (digits, radix) = (i.as_str(), i.radix());
            match i64::from_str_radix(digits, radix) {
                Ok(n) => out.json.push_str(&n.to_string()),
                Err(_) => match u64::from_str_radix(digits, radix) {
                    Ok(n) => out.json.push_str(&n.to_string()),
                    Err(_) => return Err(value_error("integer number overflowed", start)),
                },
            }
        }
        DeValue::Float(f) => match f.as_str().parse::<f64>() {
            Ok(x) if x.is_finite() => {
                // The shortest text that reads back as the same f64.
                let s = x.to_string();
                out.json.push_str(&s);
                if !s.contains(['.', 'e', 'E']) {
                    out.json.push_str(".0");
                }
            }
            Ok(_) if !f.as_str().contains(['i', 'n']) => {
                return Err(value_error("floating-point number overflowed", start))
            }
            _ => {
                let message = format!("`{f}`: a pack holds only finite numbers");
                return Err(ConvertError::Value(message, start, Vec::new()));
            }
        },
        DeValue::Boolean(b) => out.json.push_str(if *b { "true" } else { "false" }),
        DeValue::Datetime(d) => {
            out.json.push_str("{\"$__toml_private_datetime\":");
            write_string(&mut out.json, &d.to_string());
            out.json.push('}');
        }
        DeValue::Array(a) => {
            out.json.push('[');
            for (i, item) in a.iter().enumerate() {
                if i > 0 {
                    out.json.push(',');
                }
                write_value(out, item).map_err(|e| e.within(Seg::Index(i)))?;
            }
            out.json.push(']');
        }
        DeValue::Table(t) => write_table(out, t)?,
    }
    Ok(())
}

fn value_error(message: &str, at: usize) -> ConvertError {
    ConvertError::Value(message.to_string(), at, Vec::new())
}

impl ConvertError {
    fn within(mut self, seg: Seg) -> ConvertError {
        if let ConvertError::Value(_, _, path) = &mut self {
            path.push(seg);
        }
        self
    }
}

fn write_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.push_str("\\u00");
                out.push(HEX[(c as usize) >> 4] as char);
                out.push(HEX[(c as usize) & 15] as char);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}
