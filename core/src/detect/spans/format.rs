//! The model file: little-endian, versioned, checksummed.
//!
//! | offset | size | field |
//! |---|---|---|
//! | 0 | 8 | magic `UNGXSPAN` |
//! | 8 | 2 | `format_version` (2) |
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
//! | 56 | 1 | `slot_k`: the Rice parameter of the slot gaps (0 to 24) |
//! | 57 | 1 | `weight_k`: the Rice parameter of the weights' magnitudes (0 to 7) |
//! | 58 | 1 | `weight_base`: the smallest magnitude (1 to 127) |
//! | 59 | 1 | `weights_reserved`, 0 |
//! | 60 | 4 | `stream_bytes`: the length of the bit stream that follows |
//! | 64 | `stream_bytes` | `count` weights, bits least significant first: the slot gap (the first slot, then slot − previous slot − 1: slots strictly increase) Rice-coded with `slot_k`, a sign bit (1: negative), the magnitude − `weight_base` Rice-coded with `weight_k` (a weight is ±1..=127); zero bits to the end of the last byte |
//! | … | 2 | `context_count`: the second stage's table size (must be the build's) |
//! | … | `context_count` | the second stage's weights, i8 (not −128) |
//! | end−8 | 8 | FNV-1a 64 of every byte before it |
//!
//! A Rice code with parameter k writes n as n >> k one-bits, a zero bit, then the k low bits of
//! n. Slot gaps are about geometric and the kept magnitudes start at the pruning cut, so the
//! weights take about 1.4 bytes each (2 bytes in format 1's LEB128 and i8).

use super::features::stage2;
use super::{ModelParams, SpanModel};
use std::fmt;

/// The first eight bytes of a model file.
pub const MAGIC: &[u8; 8] = b"UNGXSPAN";
/// The version of the file layout this build reads and writes.
pub const FORMAT_VERSION: u16 = 2;
const HEADER: usize = 64;
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

    /// One byte that must lie in `range`.
    fn byte_in(
        &mut self,
        field: &str,
        range: std::ops::RangeInclusive<u8>,
    ) -> Result<u8, ModelError> {
        let at = self.at;
        let [v] = self.take::<1>(field)?;
        if range.contains(&v) {
            return Ok(v);
        }
        let (lo, hi) = (range.start(), range.end());
        let expected = if lo == hi {
            format!("not {lo}")
        } else {
            format!("not {lo} to {hi}")
        };
        Err(self.err(
            at,
            field,
            ModelProblem::OutOfRange(format!("{v}, {expected}")),
        ))
    }
}

/// Reads the weights' bit stream, least significant bit first.
struct BitReader<'a> {
    bytes: &'a [u8],
    /// The file offset of `bytes[0]`, for errors.
    base: usize,
    bit: usize,
}

impl BitReader<'_> {
    /// The file offset of the next bit.
    fn offset(&self) -> usize {
        self.base + self.bit / 8
    }

    fn bit(&mut self) -> Option<bool> {
        let b = self.bytes.get(self.bit / 8)?;
        let v = (b >> (self.bit % 8)) & 1 == 1;
        self.bit += 1;
        Some(v)
    }

    /// The next bits (up to 56, fewer near the end; bits past the end are 0) and how many.
    fn peek(&self) -> (u64, usize) {
        let total = self.bytes.len() * 8;
        let valid = total.saturating_sub(self.bit).min(56);
        let from = self.bit / 8;
        if let Some(w) = self.bytes.get(from..from + 8) {
            let mut word = [0u8; 8];
            word.copy_from_slice(w);
            return (u64::from_le_bytes(word) >> (self.bit % 8), 56);
        }
        let mut word = [0u8; 8];
        let end = self.bytes.len().min(from + 8);
        if let Some(src) = self.bytes.get(from..end) {
            word[..src.len()].copy_from_slice(src);
        }
        let w = u64::from_le_bytes(word) >> (self.bit % 8);
        let w = if valid < 64 {
            w & ((1u64 << valid) - 1)
        } else {
            w
        };
        (w, valid)
    }

    /// A Rice-coded number, or `None` at the end of the stream; a quotient above `max_q` is
    /// `Err` (it could only overflow the table).
    fn rice(&mut self, k: u8, max_q: u64) -> Option<Result<u64, ()>> {
        let mut q = 0u64;
        loop {
            let (w, valid) = self.peek();
            if valid == 0 {
                return None;
            }
            let ones = (w.trailing_ones() as usize).min(valid);
            q += ones as u64;
            if q > max_q {
                return Some(Err(()));
            }
            if ones < valid {
                let used = ones + 1;
                let k = usize::from(k);
                if used + k <= valid {
                    // The remainder is in the same window.
                    self.bit += used + k;
                    return Some(Ok((q << k) | ((w >> used) & ((1u64 << k) - 1))));
                }
                self.bit += used;
                break;
            }
            self.bit += valid;
        }
        let k = usize::from(k);
        let (w, valid) = self.peek();
        if valid < k {
            return None;
        }
        self.bit += k;
        Some(Ok((q << k) | (w & ((1u64 << k) - 1))))
    }
}

/// Writes a bit stream, least significant bit first.
#[derive(Default)]
struct BitWriter {
    bytes: Vec<u8>,
    bit: usize,
}

impl BitWriter {
    fn bit(&mut self, v: bool) {
        if self.bit % 8 == 0 {
            self.bytes.push(0);
        }
        if v {
            if let Some(last) = self.bytes.last_mut() {
                *last |= 1 << (self.bit % 8);
            }
        }
        self.bit += 1;
    }

    fn rice(&mut self, n: u64, k: u8) {
        for _ in 0..(n >> k) {
            self.bit(true);
        }
        self.bit(false);
        for j in 0..k {
            self.bit((n >> j) & 1 == 1);
        }
    }
}

/// The Rice parameter in `0..=max_k` that codes `values` in the fewest bits (the smallest of
/// equals).
fn best_rice(values: impl Iterator<Item = u64> + Clone, max_k: u8) -> u8 {
    (0..=max_k)
        .min_by_key(|&k| {
            values
                .clone()
                .map(|v| (v >> k) + 1 + u64::from(k))
                .sum::<u64>()
        })
        .unwrap_or(0)
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
        let bits = r.byte_in("bits", 8..=24)?;
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
        let slot_k = r.byte_in("slot_k", 0..=24)?;
        let weight_k = r.byte_in("weight_k", 0..=7)?;
        let weight_base = r.byte_in("weight_base", 1..=127)?;
        r.byte_in("weights_reserved", 0..=0)?;
        let stream_bytes = u32::from_le_bytes(r.take("stream_bytes")?) as usize;
        let stream_at = r.at;
        let Some(stream) = stream_at
            .checked_add(stream_bytes)
            .and_then(|end| bytes.get(stream_at..end))
        else {
            return Err(r.err(stream_at, "weights", ModelProblem::Truncated));
        };
        r.at += stream_bytes;
        let mut stream_bits = BitReader {
            bytes: stream,
            base: stream_at,
            bit: 0,
        };
        let mut table = vec![0i8; size];
        let mut next: u64 = 0;
        for k in 0..count {
            // Field names are built only for an error: a model has 100 000 weights.
            let at = stream_bits.offset();
            let gap = match stream_bits.rice(slot_k, (size as u64) >> slot_k) {
                Some(Ok(gap)) => gap,
                Some(Err(())) => {
                    let m = format!("a gap beyond the table of {size}");
                    return Err(r.err(at, format!("weights[{k}].slot"), ModelProblem::BadSlot(m)));
                }
                None => {
                    let at = stream_bits.offset().min(stream_at + stream_bytes);
                    return Err(r.err(at, format!("weights[{k}].slot"), ModelProblem::Truncated));
                }
            };
            let slot = next + gap;
            if slot >= size as u64 {
                return Err(r.err(
                    at,
                    format!("weights[{k}].slot"),
                    ModelProblem::BadSlot(format!("slot {slot} outside the table of {size}")),
                ));
            }
            next = slot + 1;
            let wat = stream_bits.offset();
            let magnitude = match stream_bits
                .bit()
                .map(|negative| (negative, stream_bits.rice(weight_k, 127)))
            {
                Some((negative, Some(Ok(m)))) => Some((negative, m)),
                Some((_, Some(Err(())))) => None,
                _ => {
                    let at = stream_bits.offset().min(stream_at + stream_bytes);
                    return Err(r.err(at, format!("weights[{k}].weight"), ModelProblem::Truncated));
                }
            };
            let w = match magnitude {
                Some((negative, m)) if m + u64::from(weight_base) <= 127 => {
                    let m = (m + u64::from(weight_base)) as i8;
                    if negative {
                        -m
                    } else {
                        m
                    }
                }
                _ => {
                    return Err(r.err(
                        wat,
                        format!("weights[{k}].weight"),
                        ModelProblem::OutOfRange("a magnitude above 127".into()),
                    ))
                }
            };
            table[slot as usize] = w;
        }
        // What is left of the stream: fewer than eight zero bits.
        if stream_bytes != stream_bits.bit.div_ceil(8)
            || (stream_bits.bit..stream_bytes * 8).any(|_| stream_bits.bit() == Some(true))
        {
            return Err(r.err(
                stream_bits
                    .offset()
                    .min(stream_at + stream_bytes.saturating_sub(1)),
                "weights.padding",
                ModelProblem::OutOfRange(
                    "stream_bits after the last weight must be zero and fewer than 8".into(),
                ),
            ));
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
        let mut out = Vec::with_capacity(HEADER + self.table.len() / 4 + stage2::SIZE + 10);
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
        let kept: Vec<(usize, i8)> = self
            .table
            .iter()
            .enumerate()
            .filter(|(_, &w)| w != 0)
            .map(|(s, &w)| (s, w))
            .collect();
        // A weight of −128 cannot be read back: written as −127 (the trainer never makes one).
        let magnitude = |w: i8| u64::from(w.unsigned_abs().min(127));
        let gaps = kept.iter().scan(0usize, |next, &(s, _)| {
            let gap = (s - *next) as u64;
            *next = s + 1;
            Some(gap)
        });
        let base = kept
            .iter()
            .map(|&(_, w)| magnitude(w))
            .min()
            .unwrap_or(1)
            .max(1);
        let slot_k = best_rice(gaps.clone(), 24);
        let weight_k = best_rice(kept.iter().map(|&(_, w)| magnitude(w) - base), 7);
        let mut stream = BitWriter::default();
        for (gap, &(_, w)) in gaps.zip(&kept) {
            stream.rice(gap, slot_k);
            stream.bit(w < 0);
            stream.rice(magnitude(w) - base, weight_k);
        }
        out.extend_from_slice(&[slot_k, weight_k, base as u8, 0]);
        out.extend_from_slice(&(stream.bytes.len() as u32).to_le_bytes());
        out.extend_from_slice(&stream.bytes);
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
        // Gaps 0, 2, 251 with k = 6 (7 + 7 + 10 bits), magnitudes 5, 7, 127 less 5 with k = 5
        // (6 + 6 + 9 bits) and three signs: 48 bits, 6 bytes.
        assert_eq!(&bytes[56..60], &[6, 5, 5, 0]);
        assert_eq!(bytes.len(), HEADER + 6 + 2 + stage2::SIZE + 8);
        // An empty table round-trips too.
        let mut empty = m.clone();
        empty.table = vec![0i8; 256].into();
        let bytes = empty.to_bytes();
        assert_eq!(SpanModel::from_bytes(&bytes).unwrap(), empty);
        assert_eq!(bytes.len(), HEADER + 2 + stage2::SIZE + 8);
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
        let e = err(&with(8, &1u16.to_le_bytes()));
        assert_eq!((e.field.as_str(), e.offset), ("format_version", 8));
        assert!(matches!(
            e.problem,
            ModelProblem::UnsupportedVersion {
                found: 1,
                supported: 2
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
        // Weights: the coding parameters, a magnitude above 127, a gap beyond the table,
        // bits left over; the context; a flipped bit in the checksum.
        assert_eq!(err(&with(56, &[25])).field, "slot_k");
        assert_eq!(err(&with(57, &[8])).field, "weight_k");
        assert_eq!(err(&with(58, &[0])).field, "weight_base");
        assert_eq!(err(&with(59, &[1])).field, "weights_reserved");
        let stream = u32::from_le_bytes(good[60..64].try_into().unwrap()) as usize;
        assert_eq!(stream, 6);
        let e = err(&with(58, &[100]));
        assert_eq!(e.field, "weights[2].weight");
        assert!(matches!(e.problem, ModelProblem::OutOfRange(_)), "{e}");
        assert!((HEADER..HEADER + stream).contains(&e.offset), "{e}");
        let e = err(&with(HEADER, &[0xff; 6]));
        assert_eq!((e.field.as_str(), e.offset), ("weights[0].slot", HEADER));
        assert!(matches!(e.problem, ModelProblem::BadSlot(_)), "{e}");
        let e = err(&with(60, &(stream as u32 + 1).to_le_bytes()));
        assert_eq!(e.field, "weights.padding");
        let e = err(&with(60, &(u32::MAX).to_le_bytes()));
        assert_eq!(
            (e.field.as_str(), e.offset, e.problem),
            ("weights", HEADER, ModelProblem::Truncated)
        );
        let e = err(&with(HEADER + stream, &[1, 0]));
        assert_eq!(
            (e.field.as_str(), e.offset),
            ("context_count", HEADER + stream)
        );
        let e = err(&with(HEADER + stream + 2 + 5, &[0x80]));
        assert_eq!(
            (e.field.as_str(), e.offset),
            ("context[5]", HEADER + stream + 7)
        );
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
        // Any byte changed anywhere: an error or (if it only changed a value) a model, never a
        // panic.
        for at in 0..good.len() {
            for v in [0u8, 1, 0x7f, 0x80, 0xff] {
                let _ = SpanModel::from_bytes(&with(at, &[v]));
            }
        }
        // Messages name the field and the offset.
        let msg = err(&with(12, &[30])).to_string();
        assert!(msg.contains("byte 12") && msg.contains("`bits`"), "{msg}");
    }
}
