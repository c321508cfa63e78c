//! The model file: little-endian, versioned, checksummed.
//!
//! | offset | size | field |
//! |---|---|---|
//! | 0 | 8 | magic `UNGXSPAN` |
//! | 8 | 2 | `format_version` (1) |
//! | 10 | 2 | `feature_set` ([`super::FEATURE_SET_VERSION`]) |
//! | 12 | 1 | `bits`: the table has 2^bits slots (8 to 24) |
//! | 13 | 1 | `max_gap` |
//! | 14 | 2 | reserved, 0 |
//! | 16 | 4 | `scale` (f32, finite, > 0) |
//! | 20 | 4 | `bias` (i32) |
//! | 24 | 4 | `start` (i32) |
//! | 28 | 4 | `extend` (i32, ≤ `start`) |
//! | 32 | 8 | `calibration_a` (f64, finite) |
//! | 40 | 8 | `calibration_b` (f64, finite) |
//! | 48 | 4 | `count`: the first-stage weights that follow |
//! | 52 | 4 | `context_bias` (i32) |
//! | 56 | … | `count` × (slot delta as LEB128 u32, weight as i8 ≠ 0); slots strictly increase |
//! | … | 2 | `context_count`: the second stage's table size (must be the build's) |
//! | … | `context_count` | the second stage's weights, i8 (not −128) |
//! | end−8 | 8 | FNV-1a 64 of every byte before it |

use super::features::stage2;
use super::{ModelParams, SpanModel};
use std::fmt;

/// The first eight bytes of a model file.
pub const MAGIC: &[u8; 8] = b"UNGXSPAN";
/// The version of the file layout this build reads and writes.
pub const FORMAT_VERSION: u16 = 1;
const HEADER: usize = 56;
/// Scores stay far inside i32: |bias|, |start|, |extend| at most 2^24.
const MAX_PARAM: i32 = 1 << 24;

/// Why a model file was refused: the field and the byte offset where it was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelError {
    /// Byte offset in the file.
    pub offset: usize,
    /// The field being read, e.g. `magic`, `bits`, `weights[12].slot`.
    pub field: String,
    /// What was wrong.
    pub problem: ModelProblem,
}

/// What was wrong with a model file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ModelProblem {
    /// The file ends before the field.
    Truncated,
    /// Not a span model file.
    BadMagic,
    /// A layout or feature-set version this build does not know.
    UnsupportedVersion {
        /// The version in the file.
        found: u16,
        /// The version this build reads.
        supported: u16,
    },
    /// A value outside its allowed range.
    OutOfRange(String),
    /// Slots must strictly increase and stay inside the table.
    BadSlot(String),
    /// The checksum does not match the contents.
    Checksum {
        /// The checksum in the file.
        stored: u64,
        /// The checksum of the contents.
        computed: u64,
    },
    /// Bytes after the checksum.
    TrailingBytes(usize),
}

impl fmt::Display for ModelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "span model: byte {}: `{}`: ", self.offset, self.field)?;
        match &self.problem {
            ModelProblem::Truncated => write!(f, "the file ends here"),
            ModelProblem::BadMagic => write!(f, "not a span model (expected `UNGXSPAN`)"),
            ModelProblem::UnsupportedVersion { found, supported } => {
                write!(f, "version {found}, this build reads version {supported}")
            }
            ModelProblem::OutOfRange(m) | ModelProblem::BadSlot(m) => write!(f, "{m}"),
            ModelProblem::Checksum { stored, computed } => write!(
                f,
                "checksum {stored:#018x} does not match the contents ({computed:#018x})"
            ),
            ModelProblem::TrailingBytes(n) => write!(f, "{n} bytes after the checksum"),
        }
    }
}

impl std::error::Error for ModelError {}

fn fnv64(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn err(&self, at: usize, field: impl Into<String>, problem: ModelProblem) -> ModelError {
        ModelError {
            offset: at,
            field: field.into(),
            problem,
        }
    }

    fn take<const N: usize>(&mut self, field: &str) -> Result<[u8; N], ModelError> {
        let end = self.at.checked_add(N);
        match end.and_then(|e| self.bytes.get(self.at..e)) {
            Some(s) => {
                let mut out = [0u8; N];
                out.copy_from_slice(s);
                self.at += N;
                Ok(out)
            }
            None => Err(self.err(self.at, field, ModelProblem::Truncated)),
        }
    }

    fn leb128(&mut self, field: &str) -> Result<u32, ModelError> {
        let start = self.at;
        let mut value: u64 = 0;
        for k in 0..5 {
            let [b] = self.take::<1>(field)?;
            value |= u64::from(b & 0x7f) << (7 * k);
            if b & 0x80 == 0 {
                return u32::try_from(value).map_err(|_| {
                    self.err(start, field, ModelProblem::OutOfRange("above u32".into()))
                });
            }
        }
        Err(self.err(
            start,
            field,
            ModelProblem::OutOfRange("a LEB128 number longer than 5 bytes".into()),
        ))
    }
}

impl SpanModel {
    /// Reads a model file. Every field is checked; errors name the field and byte offset.
    ///
    /// ```
    /// use ungxu::detect::spans::{ModelProblem, SpanModel, EMBEDDED_MODEL};
    /// assert!(SpanModel::from_bytes(EMBEDDED_MODEL).is_ok());
    /// let err = SpanModel::from_bytes(b"NOTAMODEL").unwrap_err();
    /// assert_eq!((err.offset, err.field.as_str()), (0, "magic"));
    /// assert_eq!(err.problem, ModelProblem::BadMagic);
    /// let err = SpanModel::from_bytes(&EMBEDDED_MODEL[..30]).unwrap_err();
    /// assert_eq!((err.offset, err.field.as_str(), err.problem), (28, "extend".into(), ModelProblem::Truncated));
    /// ```
    pub fn from_bytes(bytes: &[u8]) -> Result<SpanModel, ModelError> {
        let mut r = Reader { bytes, at: 0 };
        let magic = r.take::<8>("magic")?;
        if &magic != MAGIC {
            return Err(r.err(0, "magic", ModelProblem::BadMagic));
        }
        let version = u16::from_le_bytes(r.take("format_version")?);
        if version != FORMAT_VERSION {
            return Err(r.err(
                8,
                "format_version",
                ModelProblem::UnsupportedVersion {
                    found: version,
                    supported: FORMAT_VERSION,
                },
            ));
        }
        let feature_set = u16::from_le_bytes(r.take("feature_set")?);
        if feature_set != super::FEATURE_SET_VERSION {
            return Err(r.err(
                10,
                "feature_set",
                ModelProblem::UnsupportedVersion {
                    found: feature_set,
                    supported: super::FEATURE_SET_VERSION,
                },
            ));
        }
        let [bits] = r.take::<1>("bits")?;
        if !(8..=24).contains(&bits) {
            return Err(r.err(
                12,
                "bits",
                ModelProblem::OutOfRange(format!("{bits}, not 8 to 24")),
            ));
        }
        let [max_gap] = r.take::<1>("max_gap")?;
        let reserved = u16::from_le_bytes(r.take("reserved")?);
        if reserved != 0 {
            return Err(r.err(
                14,
                "reserved",
                ModelProblem::OutOfRange(format!("{reserved}, not 0")),
            ));
        }
        let scale = f32::from_le_bytes(r.take("scale")?);
        if !(scale.is_finite() && scale > 0.0) {
            return Err(r.err(
                16,
                "scale",
                ModelProblem::OutOfRange(format!("{scale}, not a positive number")),
            ));
        }
        let int = |r: &mut Reader<'_>, at: usize, field: &str| -> Result<i32, ModelError> {
            let v = i32::from_le_bytes(r.take(field)?);
            if v.unsigned_abs() > MAX_PARAM as u32 {
                return Err(r.err(
                    at,
                    field,
                    ModelProblem::OutOfRange(format!("{v}, beyond ±2^24")),
                ));
            }
            Ok(v)
        };
        let bias = int(&mut r, 20, "bias")?;
        let start = int(&mut r, 24, "start")?;
        let extend = int(&mut r, 28, "extend")?;
        if extend > start {
            return Err(r.err(
                28,
                "extend",
                ModelProblem::OutOfRange(format!("{extend}, above start {start}")),
            ));
        }
        let float = |r: &mut Reader<'_>, at: usize, field: &str| -> Result<f64, ModelError> {
            let v = f64::from_le_bytes(r.take(field)?);
            if !v.is_finite() {
                return Err(r.err(
                    at,
                    field,
                    ModelProblem::OutOfRange(format!("{v}, not finite")),
                ));
            }
            Ok(v)
        };
        let calibration_a = float(&mut r, 32, "calibration_a")?;
        let calibration_b = float(&mut r, 40, "calibration_b")?;
        let count = u32::from_le_bytes(r.take("count")?) as usize;
        let size = 1usize << bits;
        if count > size {
            return Err(r.err(
                48,
                "count",
                ModelProblem::OutOfRange(format!("{count} weights, more than the {size} slots")),
            ));
        }
        let context_bias = int(&mut r, 52, "context_bias")?;
        let mut table = vec![0i8; size];
        let mut slot: u64 = 0;
        for k in 0..count {
            let at = r.at;
            // Field names are built only for an error: a model has 100 000 weights.
            let delta = r.leb128("weights[].slot").map_err(|mut e| {
                e.field = format!("weights[{k}].slot");
                e
            })?;
            if k > 0 && delta == 0 {
                return Err(r.err(
                    at,
                    format!("weights[{k}].slot"),
                    ModelProblem::BadSlot("repeats the previous slot".into()),
                ));
            }
            slot += u64::from(delta);
            if slot >= size as u64 {
                return Err(r.err(
                    at,
                    format!("weights[{k}].slot"),
                    ModelProblem::BadSlot(format!("slot {slot} outside the table of {size}")),
                ));
            }
            let wat = r.at;
            let [w] = r.take::<1>("weights[].weight").map_err(|mut e| {
                e.field = format!("weights[{k}].weight");
                e
            })?;
            let w = w as i8;
            if w == 0 || w == i8::MIN {
                return Err(r.err(
                    wat,
                    format!("weights[{k}].weight"),
                    ModelProblem::OutOfRange(format!("{w}, not in ±1..=127")),
                ));
            }
            table[slot as usize] = w;
        }
        let cat = r.at;
        let context_count = u16::from_le_bytes(r.take("context_count")?);
        if usize::from(context_count) != stage2::SIZE {
            let m = format!(
                "{context_count}, this build's second stage has {}",
                stage2::SIZE
            );
            return Err(r.err(cat, "context_count", ModelProblem::OutOfRange(m)));
        }
        let mut context = vec![0i8; stage2::SIZE];
        for (k, c) in context.iter_mut().enumerate() {
            let at = r.at;
            let [w] = r.take::<1>("context[]").map_err(|mut e| {
                e.field = format!("context[{k}]");
                e
            })?;
            if w as i8 == i8::MIN {
                return Err(r.err(
                    at,
                    format!("context[{k}]"),
                    ModelProblem::OutOfRange("-128, not in ±127".into()),
                ));
            }
            *c = w as i8;
        }
        let at = r.at;
        let stored = u64::from_le_bytes(r.take("checksum")?);
        if r.at != bytes.len() {
            let extra = bytes.len() - r.at;
            return Err(r.err(r.at, "end", ModelProblem::TrailingBytes(extra)));
        }
        let computed = fnv64(&bytes[..at]);
        if stored != computed {
            return Err(r.err(at, "checksum", ModelProblem::Checksum { stored, computed }));
        }
        Ok(SpanModel {
            params: ModelParams {
                feature_set,
                bits,
                max_gap,
                scale,
                bias,
                context_bias,
                start,
                extend,
                calibration_a,
                calibration_b,
            },
            table: table.into(),
            context: context.into(),
        })
    }

    /// Writes the model file ([`SpanModel::from_bytes`] reads it back).
    pub fn to_bytes(&self) -> Vec<u8> {
        let p = &self.params;
        let mut out = Vec::with_capacity(HEADER + 2 * self.table.len() / 8 + 8);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        out.extend_from_slice(&p.feature_set.to_le_bytes());
        out.push(p.bits);
        out.push(p.max_gap);
        out.extend_from_slice(&0u16.to_le_bytes());
        out.extend_from_slice(&p.scale.to_le_bytes());
        out.extend_from_slice(&p.bias.to_le_bytes());
        out.extend_from_slice(&p.start.to_le_bytes());
        out.extend_from_slice(&p.extend.to_le_bytes());
        out.extend_from_slice(&p.calibration_a.to_le_bytes());
        out.extend_from_slice(&p.calibration_b.to_le_bytes());
        let count = self.table.iter().filter(|&&w| w != 0).count() as u32;
        out.extend_from_slice(&count.to_le_bytes());
        out.extend_from_slice(&p.context_bias.to_le_bytes());
        let mut previous = 0usize;
        for (slot, &w) in self.table.iter().enumerate() {
            if w == 0 {
                continue;
            }
            let mut delta = (slot - previous) as u32;
            previous = slot;
            loop {
                let b = (delta & 0x7f) as u8;
                delta >>= 7;
                if delta == 0 {
                    out.push(b);
                    break;
                }
                out.push(b | 0x80);
            }
            out.push(w as u8);
        }
        out.extend_from_slice(&(self.context.len() as u16).to_le_bytes());
        out.extend(self.context.iter().map(|&w| w as u8));
        let sum = fnv64(&out);
        out.extend_from_slice(&sum.to_le_bytes());
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tiny() -> SpanModel {
        let mut table = vec![0i8; 256];
        table[0] = 5;
        table[3] = -7;
        table[255] = 127;
        SpanModel {
            params: ModelParams {
                feature_set: super::super::FEATURE_SET_VERSION,
                bits: 8,
                max_gap: 1,
                scale: 0.05,
                bias: -10,
                context_bias: 3,
                start: 20,
                extend: 10,
                calibration_a: 0.05,
                calibration_b: -1.0,
            },
            table: table.into(),
            context: (0..stage2::SIZE).map(|k| (k % 7) as i8 - 3).collect(),
        }
    }

    #[test]
    fn round_trip() {
        let m = tiny();
        let bytes = m.to_bytes();
        assert_eq!(SpanModel::from_bytes(&bytes).unwrap(), m);
        // Slot 255 - 3 = 252 takes two bytes.
        assert_eq!(bytes.len(), HEADER + 3 * 2 + 1 + 2 + stage2::SIZE + 8);
    }

    #[test]
    fn every_damage_is_a_typed_error() {
        let good = tiny().to_bytes();
        let err = |b: &[u8]| SpanModel::from_bytes(b).unwrap_err();
        // Every truncation.
        for n in 0..good.len() {
            let e = err(&good[..n]);
            assert!(matches!(e.problem, ModelProblem::Truncated), "{n}: {e}");
            assert!(e.offset <= n, "{n}: {e}");
        }
        let with = |at: usize, v: &[u8]| {
            let mut b = good.clone();
            b[at..at + v.len()].copy_from_slice(v);
            b
        };
        let e = err(&with(8, &2u16.to_le_bytes()));
        assert_eq!((e.field.as_str(), e.offset), ("format_version", 8));
        assert!(matches!(
            e.problem,
            ModelProblem::UnsupportedVersion {
                found: 2,
                supported: 1
            }
        ));
        assert_eq!(err(&with(10, &99u16.to_le_bytes())).field, "feature_set");
        assert_eq!(err(&with(12, &[30])).field, "bits");
        assert_eq!(err(&with(14, &[1])).field, "reserved");
        assert_eq!(err(&with(16, &f32::NAN.to_le_bytes())).field, "scale");
        assert_eq!(err(&with(20, &i32::MAX.to_le_bytes())).field, "bias");
        assert_eq!(err(&with(28, &99i32.to_le_bytes())).field, "extend");
        assert_eq!(
            err(&with(32, &f64::INFINITY.to_le_bytes())).field,
            "calibration_a"
        );
        assert_eq!(err(&with(48, &1000u32.to_le_bytes())).field, "count");
        // Weights: a zero weight, a slot outside the table, a flipped bit in the checksum.
        let e = err(&with(HEADER + 1, &[0]));
        assert_eq!(
            (e.field.as_str(), e.offset),
            ("weights[0].weight", HEADER + 1)
        );
        let e = err(&with(HEADER + 4, &[0xff, 0x7f]));
        assert_eq!(e.field, "weights[2].slot");
        assert!(matches!(e.problem, ModelProblem::BadSlot(_)), "{e}");
        let e = err(&with(HEADER + 7, &[1, 0]));
        assert_eq!((e.field.as_str(), e.offset), ("context_count", HEADER + 7));
        let e = err(&with(HEADER + 9 + 5, &[0x80]));
        assert_eq!((e.field.as_str(), e.offset), ("context[5]", HEADER + 14));
        let mut flipped = good.clone();
        *flipped.last_mut().unwrap() ^= 1;
        assert!(matches!(
            err(&flipped).problem,
            ModelProblem::Checksum { .. }
        ));
        let mut longer = good.clone();
        longer.push(0);
        assert!(matches!(
            err(&longer).problem,
            ModelProblem::TrailingBytes(1)
        ));
        // Messages name the field and the offset.
        let msg = err(&with(12, &[30])).to_string();
        assert!(msg.contains("byte 12") && msg.contains("`bits`"), "{msg}");
    }
}
