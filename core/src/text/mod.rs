//! Vietnamese text normalisation with an alignment map back to the original text.
//!
//! Vietnamese social-media text defeats naive matching: users drop diacritics, write
//! teencode, put separators inside words, stretch letters, use two tone-placement styles,
//! send decomposed (NFD) text and swap in look-alike letters. [`NormalizedText::new`] builds
//! two views of a text in linear time, each character of which remembers the original bytes
//! it came from:
//!
//! * the **canonical** view, in which
//!   1. zero-width, bidirectional-control, variation-selector, tag and control characters are
//!      removed ([`Step::InvisibleRemoved`]); more than [`MAX_MARKS_PER_LETTER`] combining
//!      marks on one letter are dropped ([`Step::MarksTrimmed`]);
//!   2. look-alike letters — Cyrillic, Greek, IPA small capitals, and through compatibility
//!      decomposition full-width, mathematical, circled and letter-like forms — become the
//!      Latin letters they imitate ([`Step::Confusable`]);
//!   3. letters are lower-cased with Unicode rules, `Đ` → `đ` ([`Step::Lowercase`]);
//!   4. each letter with its combining marks is composed (NFC, [`Step::Nfc`]); runs of
//!      whitespace become one space;
//!   5. separators inside a word are removed: chains of 1–2-character segments such as
//!      `đ.m`, `v.c.l`, `d-m`, `đ_m` are joined, but `Hà-Nội`, `fb.com`, `1.000` and
//!      `20/11` are not ([`Step::Separator`]);
//!   6. digits and `@ $ !` inside mostly-letter words are read as letters (`ng0` → `ngo`,
//!      `d1t` → `dit`), never in numbers, prices, dates or phone numbers ([`Step::Leet`]);
//!   7. stretched letters collapse (`nguuuu` → `ngu`, `đii` → `đi`; see
//!      [`Step::Stretch`] for the exact rule);
//!   8. the tone moves to the canonical vowel of its syllable (`hòa` → `hoà`, `thủy` →
//!      `thuỷ`, [`Step::TonePlacement`]);
//! * the **folded** view: the canonical view without tones and vowel marks, `đ` → `d`
//!   explicitly (`đ` has no Unicode decomposition), other Latin letters to their ASCII base.
//!
//! Syllable boundaries lie between letters/digits and anything else, and where a separator or
//! invisible character was removed from inside a word; in scripts written without spaces
//! (CJK, Thai) the UAX #29 word boundaries of `unicode-segmentation` are used too. Matching
//! whole syllables only means `dm` never matches inside `admin`.
//!
//! Every range of either view maps back to a range of the original text ([`Span`]: bytes,
//! Unicode scalars and UTF-16 units), correct through NFD input, removed invisible
//! characters, stretched letters and emoji. [`normalize_term`] normalises lexicon terms the
//! same way, so terms and texts meet in the same space.
//!
//! ```
//! use ungxu::text::{NormalizedText, View};
//! // NFD input, a zero-width space, Cyrillic "о", upper case and a stretched letter:
//! let original = "Ðo\u{0300} n\u{200B}gu\u{0301} CHО\u{0301} ĐIIIII";
//! let text = NormalizedText::new(original);
//! assert_eq!(text.canonical(), "đò ngú chó đi");
//! assert_eq!(text.folded(), "do ngu cho di");
//! let at = text.canonical().find("chó").unwrap();
//! let span = text.span(View::Canonical, at..at + "chó".len()).unwrap();
//! assert_eq!(span.slice(original), Some("CHО\u{0301}"));
//! ```
//!
//! The normaliser is pure and total: any `&str` (empty, a megabyte of one letter, 100 000
//! combining marks on one letter, NUL bytes, bidi overrides, lone emoji modifiers) is
//! normalised in time linear in its length, without panicking.

mod confusables;
pub(crate) mod nfc;
mod normalize;
mod span;
mod steps;
mod tone;

pub(crate) use normalize::within_limit;
pub use normalize::{
    normalize_term, NormalizedTerm, NormalizedText, Syllable, View, MAX_MARKS_PER_LETTER,
    MAX_TEXT_BYTES,
};
pub(crate) use span::OffsetCursor;
pub use span::{OffsetIndex, Span};
pub use steps::{Step, StepSet};

pub(crate) use tone::{has_diacritic, parts, vietnamese_letter, Mark};
