//! The features of one syllable, hashed: shared by the runtime scorer and the trainer, so a
//! model always sees at run time exactly what it saw when it was trained.
//!
//! Every feature is a 64-bit hash computed with explicit `u64` arithmetic (FNV-1a over bytes,
//! then the SplitMix64 finaliser), the same on every platform; its slot in the weight table is
//! the top `bits` bits of the hash. Nothing here depends on `usize` width, hash-map order or
//! the clock.
//!
//! Per syllable (of [`NormalizedText::syllables`]): the canonical and folded syllable; the
//! folded neighbours at −2, −1, +1, +2 and the canonical ones at ±1; the folded bigrams and
//! trigram around it and the bigrams next to it; byte 3- and 4-grams of the folded syllable
//! with `^`/`$` at its ends, and character 2- and 3-grams of the canonical (toned) one; the
//! lexicon match over it (category, term, tier, and where in the match it sits) and over its
//! neighbours, and the folded syllable with the category of a match beside it; its shape (casing in the original, digits, no
//! vowel, diacritics, length, whether normalisation changed it); the punctuation, emoji and
//! line breaks before and after it; its place in the comment.

use crate::detect::{MatchTier, TermMatch};
use crate::text::NormalizedText;

/// The version of the feature set: a model records the one it was trained with, and a model
/// of another version is refused.
pub const FEATURE_SET_VERSION: u16 = 3;

/// At most this many bytes of a syllable feed its character n-grams (bounds the work on a
/// hostile 100 000-letter "syllable").
const MAX_NGRAM_BYTES: usize = 32;

/// What kind of feature a hash stands for (mixed into the hash, so equal strings in different
/// roles never share a slot on purpose).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
enum Kind {
    Canonical = 1,
    Folded,
    FoldedAt,
    CanonicalAt,
    BigramBefore,
    BigramAfter,
    Trigram,
    BigramLeft,
    BigramRight,
    CanonicalBigramBefore,
    CanonicalBigramAfter,
    CharGram,
    LexCategory,
    LexTerm,
    LexTier,
    LexPlace,
    LexCategoryAt,
    NoLexicon,
    Shape,
    GapBefore,
    GapAfter,
    Place,
    // Feature set 2 (23, 24 and 26 were tried and left out).
    FoldedByLexAt = 25,
    CanonicalCharGram = 27,
}

/// FNV-1a, 64 bits.
#[inline]
fn fnv(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// The SplitMix64 finaliser: spreads every input bit over the output.
#[inline]
fn mix(mut x: u64) -> u64 {
    x ^= x >> 30;
    x = x.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x ^= x >> 27;
    x = x.wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// The hash of a feature of `kind` with the parts `a` and `b`.
#[inline]
fn feature(kind: Kind, a: u64, b: u64) -> u64 {
    mix(mix(a ^ (u64::from(kind as u8) << 56)).rotate_left(17)
        ^ b.wrapping_mul(0x9e37_79b9_7f4a_7c15))
}

/// The hash of a feature with one finaliser instead of two (feature set 3, for the many
/// character n-grams: `a` is a hash or a few packed characters).
#[inline]
fn feature_fast(kind: Kind, a: u64, b: u64) -> u64 {
    mix(a.rotate_left(17)
        ^ b.wrapping_mul(0x9e37_79b9_7f4a_7c15)
        ^ u64::from(kind as u8).wrapping_mul(0xd6e8_feb8_6659_fd93))
}

/// The hash of a string (a syllable, a category, a term).
#[inline]
pub(crate) fn hash_str(s: &str) -> u64 {
    mix(fnv(s.as_bytes()))
}

/// The slot of a feature hash in a table of `2^bits` weights.
#[inline]
pub(crate) fn slot(hash: u64, bits: u8) -> u32 {
    // `bits` is 1..=24 (checked when a model is read or a trainer configured).
    (hash >> (64 - u32::from(bits))) as u32
}

/// Where the hashes of a syllable's features go. The scorer only wants the hashes; the
/// explanation of a span also wants their names, built only by the sink that wants them (closures the scorer never calls).
pub(crate) trait FeatureSink {
    /// One feature.
    fn push(&mut self, hash: u64, name: impl FnOnce() -> String);
}

/// Collects slots into a reused buffer.
pub(crate) struct SlotSink<'b> {
    pub bits: u8,
    pub slots: &'b mut Vec<u32>,
}

impl FeatureSink for SlotSink<'_> {
    #[inline]
    fn push(&mut self, hash: u64, _name: impl FnOnce() -> String) {
        self.slots.push(slot(hash, self.bits));
    }
}

/// Names the features whose slots are `wanted` (sorted): the second pass of an explanation,
/// which builds a handful of names instead of one per feature.
pub(crate) struct NamedSink<'t> {
    pub bits: u8,
    pub wanted: &'t [u32],
    pub named: Vec<(u32, String)>,
}

impl FeatureSink for NamedSink<'_> {
    fn push(&mut self, hash: u64, name: impl FnOnce() -> String) {
        let s = slot(hash, self.bits);
        if self.wanted.binary_search(&s).is_ok() && !self.named.iter().any(|(n, _)| *n == s) {
            self.named.push((s, name()));
        }
    }
}

// Gap classes: what lies between two syllables in the original text.
const GAP_ADJACENT: u16 = 1;
const GAP_SPACE: u16 = 2;
const GAP_NEWLINE: u16 = 4;
const GAP_EXCLAIM: u16 = 8;
const GAP_QUESTION: u16 = 16;
const GAP_STOP: u16 = 32;
const GAP_COMMA: u16 = 64;
const GAP_QUOTE: u16 = 128;
const GAP_SYMBOL: u16 = 256;
const GAP_DASH: u16 = 512;
const GAP_EDGE: u16 = 1024;
const GAP_NAMES: [&str; 11] = [
    "adjacent", "space", "newline", "!", "?", ".", ",", "quote", "symbol", "dash", "edge",
];

fn gap_class(gap: &str) -> u16 {
    if gap.is_empty() {
        return GAP_ADJACENT;
    }
    let mut bits = 0u16;
    for c in gap.chars() {
        bits |= match c {
            '\n' | '\r' => GAP_NEWLINE,
            c if c.is_whitespace() => GAP_SPACE,
            '!' => GAP_EXCLAIM,
            '?' => GAP_QUESTION,
            '.' | '…' => GAP_STOP,
            ',' | ';' | ':' => GAP_COMMA,
            '"' | '\'' | '“' | '”' | '(' | ')' | '[' | ']' => GAP_QUOTE,
            '-' | '/' | '_' | '–' | '—' => GAP_DASH,
            _ => GAP_SYMBOL,
        };
    }
    bits
}

// Shape flags of a syllable.
const SHAPE_UPPER: u16 = 1;
const SHAPE_TITLE: u16 = 2;
const SHAPE_MIXED: u16 = 4;
const SHAPE_DIGIT: u16 = 8;
const SHAPE_NO_VOWEL: u16 = 16;
const SHAPE_DIACRITIC: u16 = 32;
const SHAPE_NORMALISED: u16 = 64;
const SHAPE_ALL_DIGITS: u16 = 128;
const SHAPE_NAMES: [&str; 8] = [
    "upper",
    "title",
    "mixed_case",
    "digit",
    "no_vowel",
    "diacritic",
    "normalised",
    "number",
];

fn shape(original: &str, canonical: &str, folded: &str) -> u16 {
    let mut bits = 0u16;
    let (mut upper, mut lower, mut first_upper) = (0usize, 0usize, false);
    for (k, c) in original.chars().enumerate() {
        if c.is_uppercase() {
            upper += 1;
            first_upper |= k == 0;
        } else if c.is_lowercase() {
            lower += 1;
        }
    }
    if upper >= 2 && lower == 0 {
        bits |= SHAPE_UPPER;
    } else if first_upper && upper == 1 {
        bits |= SHAPE_TITLE;
    } else if upper > 0 {
        bits |= SHAPE_MIXED;
    }
    let f = folded.as_bytes();
    if f.iter().any(u8::is_ascii_digit) {
        bits |= SHAPE_DIGIT;
        if f.iter().all(u8::is_ascii_digit) {
            bits |= SHAPE_ALL_DIGITS;
        }
    }
    if !f
        .iter()
        .any(|b| matches!(b, b'a' | b'e' | b'i' | b'o' | b'u' | b'y'))
    {
        bits |= SHAPE_NO_VOWEL;
    }
    if canonical.len() != folded.len() || canonical != folded {
        bits |= SHAPE_DIACRITIC;
    }
    // Normalisation did more than lower-case it (stretch, leetspeak, look-alikes, tones moved).
    let same = original.len() == canonical.len()
        && original
            .chars()
            .zip(canonical.chars())
            .all(|(o, c)| o == c || o.to_lowercase().eq(std::iter::once(c)));
    if !same {
        bits |= SHAPE_NORMALISED;
    }
    bits
}

fn length_bucket(folded_len: usize) -> u64 {
    match folded_len {
        0..=1 => 1,
        2 => 2,
        3 => 3,
        4..=5 => 4,
        _ => 5,
    }
}

/// The lexicon match over a syllable.
#[derive(Clone, Copy, Debug)]
struct LexHit {
    /// Index into the matches.
    index: u32,
    /// 0 single, 1 first, 2 inside, 3 last syllable of the match.
    place: u8,
}

/// What the features of a text need to know about each syllable, computed once per text.
#[derive(Clone, Debug)]
pub(crate) struct SyllableInfo {
    /// Byte ranges in the canonical and folded views and the original text.
    pub canonical: (u32, u32),
    pub folded: (u32, u32),
    pub original: (u32, u32),
    canonical_hash: u64,
    folded_hash: u64,
    shape: u16,
    gap_before: u16,
    lex: Option<LexHit>,
}

/// The syllables of a text with what their features need; reused between texts.
#[derive(Default, Debug)]
pub(crate) struct TextFeatures {
    pub syllables: Vec<SyllableInfo>,
    /// The class of the gap after the last syllable.
    end_gap: u16,
}

fn range32(r: std::ops::Range<usize>) -> (u32, u32) {
    // Offsets fit in u32: the normaliser caps texts at u32::MAX - 1 bytes.
    (
        u32::try_from(r.start).unwrap_or(u32::MAX),
        u32::try_from(r.end).unwrap_or(u32::MAX),
    )
}

fn slice(s: &str, r: (u32, u32)) -> &str {
    s.get(r.0 as usize..r.1 as usize).unwrap_or("")
}

impl TextFeatures {
    /// Reads the syllables of `text` and places the lexicon `matches` (spans in the original)
    /// on them. Linear in the text and the matches' lengths.
    pub fn prepare(&mut self, text: &NormalizedText<'_>, matches: &[TermMatch]) {
        self.syllables.clear();
        let (original, canonical, folded) = (text.original(), text.canonical(), text.folded());
        let mut previous_end = 0usize;
        for s in text.syllables() {
            let gap = original.get(previous_end..s.original.start).unwrap_or("");
            let gap_before = if previous_end == 0 && self.syllables.is_empty() {
                gap_class(gap) | GAP_EDGE
            } else {
                gap_class(gap)
            };
            previous_end = s.original.end.max(previous_end);
            let c = canonical.get(s.canonical.clone()).unwrap_or("");
            let f = folded.get(s.folded.clone()).unwrap_or("");
            let o = original.get(s.original.clone()).unwrap_or("");
            self.syllables.push(SyllableInfo {
                canonical: range32(s.canonical.clone()),
                folded: range32(s.folded.clone()),
                original: range32(s.original.clone()),
                canonical_hash: hash_str(c),
                folded_hash: hash_str(f),
                shape: shape(o, c, f),
                gap_before,
                lex: None,
            });
        }
        self.end_gap = gap_class(original.get(previous_end..).unwrap_or("")) | GAP_EDGE;
        // Lexicon matches, longest first (then earliest, then in the order given), each
        // claiming the syllables it covers that no longer match has claimed.
        let mut order: Vec<u32> = (0..matches.len() as u32).collect();
        order.sort_by_key(|&k| {
            let b = matches[k as usize].span.bytes();
            (std::cmp::Reverse(b.len()), b.start, k)
        });
        for k in order {
            let b = matches[k as usize].span.bytes();
            let first = self
                .syllables
                .partition_point(|s| (s.original.1 as usize) <= b.start);
            let last = self
                .syllables
                .partition_point(|s| (s.original.0 as usize) < b.end);
            if first >= last {
                continue;
            }
            for i in first..last {
                if self.syllables[i].lex.is_none() {
                    let place = match (i == first, i + 1 == last) {
                        (true, true) => 0,
                        (true, false) => 1,
                        (false, false) => 2,
                        (false, true) => 3,
                    };
                    self.syllables[i].lex = Some(LexHit { index: k, place });
                }
            }
        }
    }

    /// Pushes the features of syllable `i` into `sink`.
    pub fn features<S: FeatureSink>(
        &self,
        text: &NormalizedText<'_>,
        matches: &[TermMatch],
        i: usize,
        sink: &mut S,
    ) {
        let syl = &self.syllables;
        let Some(me) = syl.get(i) else { return };
        let (canonical, folded) = (text.canonical(), text.folded());
        let f = |k: usize| slice(folded, syl[k].folded);
        let c = |k: usize| slice(canonical, syl[k].canonical);
        // Neighbour hashes, with edges standing for themselves.
        const EDGE_BEFORE: u64 = 0x5a5a_0001;
        const EDGE_AFTER: u64 = 0x5a5a_0002;
        let fh = |d: isize| -> u64 {
            let k = i as isize + d;
            if k < 0 {
                EDGE_BEFORE
            } else if k as usize >= syl.len() {
                EDGE_AFTER
            } else {
                syl[k as usize].folded_hash
            }
        };
        let fname = |d: isize| -> String {
            let k = i as isize + d;
            if k < 0 {
                "<s>".to_string()
            } else if k as usize >= syl.len() {
                "</s>".to_string()
            } else {
                f(k as usize).to_string()
            }
        };
        sink.push(feature(Kind::Canonical, me.canonical_hash, 0), || {
            format!("syllable={}", c(i))
        });
        sink.push(feature(Kind::Folded, me.folded_hash, 0), || {
            format!("folded={}", f(i))
        });
        for d in [-2isize, -1, 1, 2] {
            sink.push(feature(Kind::FoldedAt, fh(d), d as u64), || {
                format!("folded[{d:+}]={}", fname(d))
            });
        }
        for d in [-1isize, 1] {
            let k = i as isize + d;
            let h = if k < 0 || k as usize >= syl.len() {
                fh(d)
            } else {
                syl[k as usize].canonical_hash
            };
            sink.push(feature(Kind::CanonicalAt, h, d as u64), || {
                let name = if k < 0 || k as usize >= syl.len() {
                    fname(d)
                } else {
                    c(k as usize).to_string()
                };
                format!("syllable[{d:+}]={name}")
            });
        }
        let (m2, m1, p1, p2) = (fh(-2), fh(-1), fh(1), fh(2));
        sink.push(feature(Kind::BigramBefore, m1, me.folded_hash), || {
            format!("bigram={} {}", fname(-1), fname(0))
        });
        sink.push(feature(Kind::BigramAfter, me.folded_hash, p1), || {
            format!("bigram={} {}", fname(0), fname(1))
        });
        sink.push(
            feature(Kind::Trigram, mix(m1 ^ me.folded_hash.rotate_left(21)), p1),
            || format!("trigram={} {} {}", fname(-1), fname(0), fname(1)),
        );
        let ch = |d: isize| -> u64 {
            let k = i as isize + d;
            if k < 0 || k as usize >= syl.len() {
                fh(d)
            } else {
                syl[k as usize].canonical_hash
            }
        };
        let cname = |d: isize| -> String {
            let k = i as isize + d;
            if k < 0 || k as usize >= syl.len() {
                fname(d)
            } else {
                c(k as usize).to_string()
            }
        };
        sink.push(
            feature(Kind::CanonicalBigramBefore, ch(-1), me.canonical_hash),
            || format!("words={} {}", cname(-1), cname(0)),
        );
        sink.push(
            feature(Kind::CanonicalBigramAfter, me.canonical_hash, ch(1)),
            || format!("words={} {}", cname(0), cname(1)),
        );
        sink.push(feature(Kind::BigramLeft, m2, m1), || {
            format!("bigram[-2,-1]={} {}", fname(-2), fname(-1))
        });
        sink.push(feature(Kind::BigramRight, p1, p2), || {
            format!("bigram[+1,+2]={} {}", fname(1), fname(2))
        });
        // Byte 3- and 4-grams of "^folded$".
        let fb = f(i).as_bytes();
        let fb = &fb[..fb.len().min(MAX_NGRAM_BYTES)];
        let mut padded = [0u8; MAX_NGRAM_BYTES + 2];
        padded[0] = b'^';
        padded[1..=fb.len()].copy_from_slice(fb);
        padded[fb.len() + 1] = b'$';
        let padded = &padded[..fb.len() + 2];
        for n in [3usize, 4] {
            if padded.len() < n {
                continue;
            }
            for w in padded.windows(n) {
                sink.push(feature_fast(Kind::CharGram, fnv(w), n as u64), || {
                    format!("chars={}", String::from_utf8_lossy(w))
                });
            }
        }
        // The lexicon.
        match me.lex {
            Some(hit) => {
                let m = &matches[hit.index as usize];
                let tier = tier_code(m.tier);
                sink.push(feature(Kind::LexCategory, hash_str(&m.category), 0), || {
                    format!("lexicon={}", m.category)
                });
                sink.push(feature(Kind::LexTerm, hash_str(&m.term), 0), || {
                    format!("term={}", m.term)
                });
                sink.push(feature(Kind::LexTier, tier, 0), || {
                    format!("lexicon_tier={}", m.tier.name())
                });
                sink.push(feature(Kind::LexPlace, u64::from(hit.place), tier), || {
                    let place = ["single", "first", "inside", "last"][usize::from(hit.place & 3)];
                    format!("lexicon_place={place},{}", m.tier.name())
                });
            }
            None => sink.push(feature(Kind::NoLexicon, 0, 0), || "no_lexicon".to_string()),
        }
        for d in [-2isize, -1, 1, 2] {
            let k = i as isize + d;
            if k < 0 || k as usize >= syl.len() {
                continue;
            }
            let Some(hit) = syl[k as usize].lex else {
                continue;
            };
            let m = &matches[hit.index as usize];
            sink.push(
                feature(Kind::LexCategoryAt, hash_str(&m.category), d as u64),
                || format!("lexicon[{d:+}]={}", m.category),
            );
            // Right beside it, also the syllable with the match's category ("thằng" before
            // an insult is part of the insult; "là" before one is not).
            if d.abs() == 1 {
                sink.push(
                    feature(
                        Kind::FoldedByLexAt,
                        mix(me.folded_hash ^ hash_str(&m.category).rotate_left(29)),
                        d as u64,
                    ),
                    || format!("folded={},lexicon[{d:+}]={}", f(i), m.category),
                );
            }
        }
        // Character 2- and 3-grams of the canonical (toned) syllable with ^/$: the tones and
        // vowel marks the folded n-grams lose ("chó" against "cho"), across spellings.
        let mut grams = ['^', '^'];
        for (n, ch) in c(i).chars().chain(std::iter::once('$')).enumerate() {
            if n >= MAX_NGRAM_BYTES {
                break;
            }
            let [a, b] = grams;
            let h = (u64::from(b as u32) << 32) | u64::from(ch as u32);
            sink.push(feature_fast(Kind::CanonicalCharGram, h, 2), || {
                format!("toned_chars={b}{ch}")
            });
            if n >= 1 {
                let h = (u64::from(a as u32) << 42)
                    | (u64::from(b as u32) << 21)
                    | u64::from(ch as u32);
                sink.push(feature_fast(Kind::CanonicalCharGram, h, 3), || {
                    format!("toned_chars={a}{b}{ch}")
                });
            }
            grams = [b, ch];
        }
        // Shape.
        for (bit, name) in SHAPE_NAMES.iter().enumerate() {
            if me.shape & (1 << bit) != 0 {
                sink.push(feature(Kind::Shape, bit as u64, 0), || {
                    format!("shape={name}")
                });
            }
        }
        let len = length_bucket(f(i).len());
        sink.push(feature(Kind::Shape, 100 + len, 0), || {
            format!("length={}", ["", "1", "2", "3", "4-5", "6+"][len as usize])
        });
        // Punctuation, emoji and line breaks around it.
        let gap_after = syl.get(i + 1).map_or(self.end_gap, |s| s.gap_before);
        for (kind, gap) in [
            (Kind::GapBefore, me.gap_before),
            (Kind::GapAfter, gap_after),
        ] {
            for (bit, name) in GAP_NAMES.iter().enumerate() {
                if gap & (1 << bit) != 0 {
                    sink.push(feature(kind, bit as u64, 0), || {
                        let side = if kind == Kind::GapBefore {
                            "before"
                        } else {
                            "after"
                        };
                        format!("{side}={name}")
                    });
                }
            }
        }
        // Place in the comment.
        let n = syl.len();
        let size = match n {
            0..=3 => 0u64,
            4..=10 => 1,
            11..=30 => 2,
            _ => 3,
        };
        sink.push(feature(Kind::Place, size, 0), || {
            format!(
                "comment_size={}",
                ["1-3", "4-10", "11-30", "31+"][size as usize]
            )
        });
        let place = u64::from(i == 0) | (u64::from(i + 1 == n) << 1);
        if place != 0 {
            sink.push(feature(Kind::Place, 10 + place, 0), || {
                ["", "place=first", "place=last", "place=only"][place as usize].to_string()
            });
        }
    }
}

fn tier_code(tier: MatchTier) -> u64 {
    match tier {
        MatchTier::Exact => 1,
        MatchTier::Abbreviation => 2,
        MatchTier::Folded => 3,
        MatchTier::Spelling => 4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_fixed_numbers() {
        // The same on every platform: these constants are what any build must compute.
        assert_eq!(fnv(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(mix(0), 0);
        assert_eq!(slot(u64::MAX, 20), (1 << 20) - 1);
        assert_eq!(slot(0, 20), 0);
        assert_ne!(
            feature(Kind::Folded, hash_str("ngu"), 0),
            feature(Kind::Canonical, hash_str("ngu"), 0)
        );
    }

    #[test]
    fn gaps_and_shapes() {
        assert_eq!(gap_class(""), GAP_ADJACENT);
        assert_eq!(gap_class(" !! "), GAP_SPACE | GAP_EXCLAIM);
        assert_eq!(gap_class("\n😡"), GAP_NEWLINE | GAP_SYMBOL);
        assert_eq!(shape("NGU", "ngu", "ngu") & SHAPE_UPPER, SHAPE_UPPER);
        assert_eq!(shape("Ngu", "ngu", "ngu") & SHAPE_TITLE, SHAPE_TITLE);
        assert_ne!(shape("đm", "đm", "dm") & SHAPE_NO_VOWEL, 0);
        assert_ne!(shape("đm", "đm", "dm") & SHAPE_DIACRITIC, 0);
        assert_eq!(shape("ngu", "ngu", "ngu") & SHAPE_NORMALISED, 0);
        assert_ne!(shape("nguuu", "ngu", "ngu") & SHAPE_NORMALISED, 0);
    }

    #[test]
    fn named_and_slot_features_agree() {
        let text = NormalizedText::new("Mày NGU vãi!! 😡");
        let mut tf = TextFeatures::default();
        tf.prepare(&text, &[]);
        assert_eq!(tf.syllables.len(), 3);
        // Every slot wanted: every feature is named (but a slot only once).
        let names = |i: usize| -> Vec<String> {
            let mut slots = Vec::new();
            tf.features(
                &text,
                &[],
                i,
                &mut SlotSink {
                    bits: 20,
                    slots: &mut slots,
                },
            );
            slots.sort_unstable();
            slots.dedup();
            let mut sink = NamedSink {
                bits: 20,
                wanted: &slots,
                named: Vec::new(),
            };
            tf.features(&text, &[], i, &mut sink);
            assert_eq!(sink.named.len(), slots.len());
            sink.named.into_iter().map(|(_, n)| n).collect()
        };
        let middle = names(1);
        for want in [
            "syllable=ngu",
            "folded[-1]=may",
            "bigram=ngu vai",
            "words=ngu vãi",
            "chars=^ng",
            "shape=upper",
            "no_lexicon",
        ] {
            assert!(middle.iter().any(|n| n == want), "{want} not in {middle:?}");
        }
        let last = names(2);
        for want in ["after=!", "after=symbol", "place=last"] {
            assert!(last.iter().any(|n| n == want), "{want} not in {last:?}");
        }
    }
}

/// Second stage: the first stage's logits of a syllable, its neighbours and the whole comment,
/// bucketed, as fixed features (no hashing) of a small dense table of [`STAGE2_SIZE`] weights.
/// It lets a syllable's decision depend on how offensive its neighbours and its comment look.
pub(crate) mod stage2 {
    /// Buckets of a logit (upper bounds; the last bucket is open).
    const BOUNDS: [f64; 15] = [
        -6.0, -4.0, -3.0, -2.0, -1.5, -1.0, -0.5, 0.0, 0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 6.0,
    ];
    /// Logit buckets.
    pub const BUCKETS: usize = BOUNDS.len() + 1;
    /// Buckets of a neighbour, with one more for "no such syllable".
    const NEIGHBOUR: usize = BUCKETS + 1;
    const OWN: usize = 0;
    const AT: usize = OWN + BUCKETS;
    const COMMENT_MAX: usize = AT + 4 * NEIGHBOUR;
    const POSITIVES: usize = COMMENT_MAX + BUCKETS;
    const CROSS_BEFORE: usize = POSITIVES + 6;
    const CROSS_AFTER: usize = CROSS_BEFORE + BUCKETS * NEIGHBOUR;
    const SIZE_BUCKET: usize = CROSS_AFTER + BUCKETS * NEIGHBOUR;
    const OWN_BY_MAX: usize = SIZE_BUCKET + 4;
    /// Weights of the second stage.
    pub const SIZE: usize = OWN_BY_MAX + BUCKETS * BUCKETS;
    /// Features per syllable.
    pub const PER_SYLLABLE: usize = 11;

    /// The bucket of a logit.
    pub fn bucket(logit: f64) -> usize {
        BOUNDS
            .iter()
            .position(|&b| logit < b)
            .unwrap_or(BOUNDS.len())
    }

    /// What the second stage needs of the whole comment.
    #[derive(Clone, Copy, Debug)]
    pub struct CommentContext {
        max_bucket: usize,
        positives: usize,
        size: usize,
    }

    impl CommentContext {
        /// From the first stage's logits of every syllable.
        pub fn new(logits: &[f64]) -> CommentContext {
            let max = logits.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let positives = logits.iter().filter(|&&l| l > 0.0).count();
            CommentContext {
                max_bucket: if logits.is_empty() { 0 } else { bucket(max) },
                positives: match positives {
                    0 => 0,
                    1 => 1,
                    2 => 2,
                    3..=4 => 3,
                    5..=8 => 4,
                    _ => 5,
                },
                size: match logits.len() {
                    0..=3 => 0,
                    4..=10 => 1,
                    11..=30 => 2,
                    _ => 3,
                },
            }
        }
    }

    /// The second-stage feature indices of syllable `i` (all below [`SIZE`]).
    pub fn features(logits: &[f64], context: &CommentContext, i: usize) -> [u16; PER_SYLLABLE] {
        let at = |d: isize| -> usize {
            let k = i as isize + d;
            if k < 0 || k as usize >= logits.len() {
                BUCKETS
            } else {
                bucket(logits[k as usize])
            }
        };
        let own = at(0).min(BUCKETS - 1);
        let (m2, m1, p1, p2) = (at(-2), at(-1), at(1), at(2));
        let f = [
            OWN + own,
            AT + m2,
            AT + NEIGHBOUR + m1,
            AT + 2 * NEIGHBOUR + p1,
            AT + 3 * NEIGHBOUR + p2,
            COMMENT_MAX + context.max_bucket,
            POSITIVES + context.positives,
            CROSS_BEFORE + own * NEIGHBOUR + m1,
            CROSS_AFTER + own * NEIGHBOUR + p1,
            SIZE_BUCKET + context.size,
            OWN_BY_MAX + own * BUCKETS + context.max_bucket,
        ];
        let mut out = [0u16; PER_SYLLABLE];
        for (o, v) in out.iter_mut().zip(f) {
            *o = v as u16;
        }
        out
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn indices_stay_in_the_table() {
            let logits = [-9.0, 7.0, 0.2, -0.7, 100.0];
            let ctx = CommentContext::new(&logits);
            for i in 0..logits.len() {
                for f in features(&logits, &ctx, i) {
                    assert!((f as usize) < SIZE);
                }
            }
            assert_eq!(bucket(-100.0), 0);
            assert_eq!(bucket(100.0), BUCKETS - 1);
            assert_eq!(bucket(f64::NAN), BUCKETS - 1);
        }
    }
}
