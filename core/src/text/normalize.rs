//! The normaliser: one pass that decodes the original text into units (one per output
//! character, each remembering the original bytes it came from), then a few linear passes over
//! the units (separators, leetspeak, stretched letters, tone placement), then the two views.

use super::confusables::{confusable, is_invisible, is_leet_symbol, is_separator, leet};
use super::span::{OffsetIndex, Span};
use super::steps::{Step, StepSet};
use super::tone::{fold_vietnamese, parts, place_tone, vietnamese_letter, Mark, VietLetter};
use std::ops::Range;
use std::sync::OnceLock;
use unicode_normalization::char::{compose, decompose_canonical, is_combining_mark};
use unicode_normalization::{is_nfc_quick, IsNormalized};
use unicode_segmentation::UnicodeSegmentation;

/// At most this many combining marks are kept on one letter (the limit of Unicode's
/// Stream-Safe Text Format, UAX #15); further marks are dropped and the step
/// [`Step::MarksTrimmed`] recorded. This bounds the work per character, so a letter carrying
/// 100 000 marks costs no more than a short word.
pub const MAX_MARKS_PER_LETTER: usize = 30;

/// Texts longer than this many bytes are normalised only up to the last character that ends
/// within it (4 GiB − 1: offsets are stored as `u32`). Spans still point into the original.
pub const MAX_TEXT_BYTES: usize = u32::MAX as usize - 1;

// Unit flags.
const ALNUM: u16 = 1;
const LETTER: u16 = 2;
/// A syllable boundary lies just before this unit although both sides are alphanumeric (a
/// removed separator or invisible character, or a UAX #29 word boundary).
const SOFT: u16 = 4;
const SPACE: u16 = 8;
const REMOVED: u16 = 16;
/// A combining mark left over after NFC (no precomposed form).
const MARK: u16 = 32;
/// A vowel letter with a tone (set when decoding; only read before any pass moves units).
const TONED: u16 = 128;
/// A vowel letter with a vowel mark (same).
const MARKED: u16 = 256;
/// A vowel letter (same).
const VOWEL: u16 = 512;

/// One character of the canonical view and the original bytes it stands for.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Unit {
    pub start: u32,
    pub end: u32,
    /// The character in the canonical view.
    pub ch: char,
    /// The character in the folded view, if any (leftover combining marks have none).
    pub fch: Option<char>,
    pub steps: StepSet,
    pub flags: u16,
    /// Byte offset of the character in the canonical view.
    pub c_at: u32,
    /// Byte offset of the character in the folded view (of the next one when it has none).
    pub f_at: u32,
}

impl Unit {
    #[inline]
    fn is(&self, flag: u16) -> bool {
        self.flags & flag != 0
    }
}

/// Which normalised view of a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum View {
    /// NFC, lower case, canonical tone placement, invisible characters removed, look-alikes,
    /// leetspeak, in-word separators and stretched letters folded; tones and vowel marks kept.
    Canonical,
    /// The canonical view without tones and vowel marks, `đ` written `d`.
    Folded,
}

/// A text with its canonical and folded views and a map from any range of either view back to
/// the original text.
///
/// Built in linear time; never panics. See the [module documentation](crate::text) for each
/// step.
///
/// ```
/// use ungxu::text::{NormalizedText, Step, View};
/// let text = NormalizedText::new("Đ.M nguuuu hòa thủy");
/// assert_eq!(text.canonical(), "đm ngu hoà thuỷ");
/// assert_eq!(text.folded(), "dm ngu hoa thuy");
/// // "ngu" in the folded view comes from "nguuuu" in the original:
/// let at = text.folded().find("ngu").unwrap();
/// let span = text.span(View::Folded, at..at + 3).unwrap();
/// assert_eq!(span.slice(text.original()), Some("nguuuu"));
/// assert!(text.steps(View::Folded, at..at + 3).contains(Step::Stretch));
/// ```
#[derive(Debug, Clone)]
pub struct NormalizedText<'a> {
    original: &'a str,
    /// Built on first use: most texts have no match, and need no offsets.
    offsets: OnceLock<OffsetIndex<'a>>,
    units: Vec<Unit>,
    canonical: String,
    folded: String,
    /// Whether any unit has a soft boundary before it.
    has_soft: bool,
    /// Every character was printable ASCII, whitespace or a precomposed Vietnamese letter,
    /// and no pass but tone placement changed anything: the folded view is then the text
    /// lower-cased, stripped of diacritics and with whitespace runs as one space, one ASCII
    /// byte per unit.
    plain: bool,
    /// For a long text that is not plain: the unit whose character starts at each byte of
    /// the folded view (`u32::MAX` inside a character), and one past the last at its end.
    /// Empty otherwise (a binary search over a comment's units is as quick).
    folded_units: Vec<u32>,
}

/// Texts of at least this many units that are not plain get the folded view's unit index.
const INDEXED_UNITS: usize = 128;

impl<'a> NormalizedText<'a> {
    /// Normalises `original`.
    pub fn new(original: &'a str) -> NormalizedText<'a> {
        let text = within_limit(original);
        let mut b = Builder::with_capacity(text.len());
        b.decode(text);
        let (canonical, folded, has_soft, plain) = b.passes();
        let folded_units = if !plain && b.units.len() >= INDEXED_UNITS {
            folded_unit_index(&b.units, folded.len())
        } else {
            Vec::new()
        };
        NormalizedText {
            original,
            offsets: OnceLock::new(),
            units: b.units,
            canonical,
            folded,
            has_soft,
            plain,
            folded_units,
        }
    }

    /// The text as given.
    pub fn original(&self) -> &'a str {
        self.original
    }

    /// The canonical view: tones kept (in canonical placement), everything else folded.
    pub fn canonical(&self) -> &str {
        &self.canonical
    }

    /// The folded view: the canonical view without tones and vowel marks, `đ` → `d`.
    pub fn folded(&self) -> &str {
        &self.folded
    }

    /// A view by name.
    pub fn view(&self, view: View) -> &str {
        match view {
            View::Canonical => &self.canonical,
            View::Folded => &self.folded,
        }
    }

    /// The offset index of the original text.
    pub fn offsets(&self) -> &OffsetIndex<'a> {
        self.offsets.get_or_init(|| OffsetIndex::new(self.original))
    }

    /// The unit whose character starts at a byte offset of a view (`len` maps to one past the
    /// last unit). O(1) in the folded view of a plain text (one byte per unit) and of a long
    /// one (indexed), else a binary search.
    fn unit_at(&self, view: View, byte: usize) -> Option<usize> {
        if view == View::Folded {
            if self.plain {
                return (byte <= self.folded.len()).then_some(byte);
            }
            if !self.folded_units.is_empty() {
                let unit = *self.folded_units.get(byte)?;
                return (unit != u32::MAX).then_some(unit as usize);
            }
        }
        self.unit_at_searched(view, byte)
    }

    /// [`unit_at`](Self::unit_at) by binary search, for any text.
    fn unit_at_searched(&self, view: View, byte: usize) -> Option<usize> {
        if byte == self.view(view).len() {
            return Some(self.units.len());
        }
        let byte = u32::try_from(byte).ok()?;
        let u = match view {
            View::Canonical => self.units.partition_point(|u| u.c_at <= byte),
            View::Folded => self.units.partition_point(|u| u.f_at <= byte),
        };
        let u = u.checked_sub(1)?;
        let at = match view {
            View::Canonical => self.units[u].c_at,
            View::Folded => self.units[u].f_at,
        };
        (at == byte).then_some(u)
    }

    /// The units a view range covers (inclusive first, exclusive end), including leftover
    /// combining marks that follow its last character.
    pub(crate) fn unit_range(&self, view: View, range: Range<usize>) -> Option<Range<usize>> {
        let s = self.view(view);
        if range.start >= range.end
            || !s.is_char_boundary(range.start)
            || !s.is_char_boundary(range.end)
        {
            return None;
        }
        let first = self.unit_at(view, range.start)?;
        let next = self.unit_at(view, range.end)?;
        (first < next).then_some(first..next)
    }

    /// The original byte range of a range of either view, or `None` if the range is empty,
    /// out of bounds or not on character boundaries of the view.
    pub fn to_original(&self, view: View, range: Range<usize>) -> Option<Range<usize>> {
        let units = self.unit_range(view, range)?;
        Some(self.original_range(units))
    }

    pub(crate) fn original_range(&self, units: Range<usize>) -> Range<usize> {
        self.units[units.start].start as usize..self.units[units.end - 1].end as usize
    }

    /// The [`Span`] in the original text of a range of either view.
    pub fn span(&self, view: View, range: Range<usize>) -> Option<Span> {
        self.offsets().span(self.to_original(view, range)?)
    }

    /// The normalisation steps that changed the characters of a range of either view
    /// (for the folded view, [`Step::Folded`] when folding changed one of them).
    pub fn steps(&self, view: View, range: Range<usize>) -> StepSet {
        match self.unit_range(view, range) {
            Some(units) => self.unit_steps(view, units),
            None => StepSet::EMPTY,
        }
    }

    pub(crate) fn unit_steps(&self, view: View, units: Range<usize>) -> StepSet {
        let mut steps = StepSet::EMPTY;
        for u in &self.units[units] {
            steps |= u.steps;
            if view == View::Folded && u.fch.is_some_and(|f| f != u.ch) {
                steps.insert(Step::Folded);
            }
        }
        steps
    }

    /// Whether a syllable boundary lies at this byte offset of a view: at either end of the
    /// view, between a letter or digit and anything else, or where a separator or invisible
    /// character was removed from inside a word. Offsets that are not character boundaries
    /// of the view are not syllable boundaries.
    pub fn is_syllable_boundary(&self, view: View, byte: usize) -> bool {
        if !self.view(view).is_char_boundary(byte) {
            return false;
        }
        match self.unit_at(view, byte) {
            Some(u) => self.boundary_before(u),
            None => false,
        }
    }

    /// Whether `range` of a view starts and ends on syllable boundaries (so a term matching
    /// it matches whole syllables: `dm` never matches inside `admin`).
    pub fn is_whole_syllables(&self, view: View, range: Range<usize>) -> bool {
        range.start < range.end
            && self.is_syllable_boundary(view, range.start)
            && self.is_syllable_boundary(view, range.end)
    }

    /// [`is_whole_syllables`](Self::is_whole_syllables) in the folded view, reading the view's
    /// bytes when no soft boundary exists (no unit lookup).
    #[inline]
    pub(crate) fn is_whole_folded(&self, range: Range<usize>) -> bool {
        if self.has_soft {
            return self.is_whole_syllables(View::Folded, range);
        }
        let f = self.folded.as_bytes();
        let alnum_before = |b: usize| -> Option<bool> {
            let byte = *f.get(b.checked_sub(1)?)?;
            Some(if byte.is_ascii() {
                byte.is_ascii_alphanumeric()
            } else {
                self.folded.get(..b)?.chars().next_back()?.is_alphanumeric()
            })
        };
        let alnum_at = |b: usize| -> Option<bool> {
            let byte = *f.get(b)?;
            Some(if byte.is_ascii() {
                byte.is_ascii_alphanumeric()
            } else {
                self.folded.get(b..)?.chars().next()?.is_alphanumeric()
            })
        };
        let boundary = |b: usize| match (alnum_before(b), alnum_at(b)) {
            (Some(x), Some(y)) => x != y,
            _ => true,
        };
        range.start < range.end
            && self.folded.is_char_boundary(range.start)
            && self.folded.is_char_boundary(range.end)
            && boundary(range.start)
            && boundary(range.end)
    }

    /// Whether a removed separator or invisible character (or a UAX #29 break) left a syllable
    /// boundary inside a run of letters.
    pub(crate) fn has_soft(&self) -> bool {
        self.has_soft
    }

    /// The byte ranges, in the folded view, of the runs of letters and digits that hold a soft
    /// boundary, in order and disjoint (none when the text has no soft boundary).
    pub(crate) fn soft_words(&self) -> Vec<Range<usize>> {
        let mut words: Vec<Range<usize>> = Vec::new();
        if !self.has_soft {
            return words;
        }
        let units = &self.units;
        let mut k = 0usize;
        while k < units.len() {
            if !units[k].is(SOFT) {
                k += 1;
                continue;
            }
            let mut first = k;
            while first > 0 && units[first - 1].is(ALNUM) {
                first -= 1;
            }
            let mut end = k + 1;
            while end < units.len() && units[end].is(ALNUM) {
                end += 1;
            }
            let start = units[first].f_at as usize;
            let stop = units
                .get(end)
                .map_or(self.folded.len(), |u| u.f_at as usize);
            match words.last_mut() {
                Some(last) if last.end >= start => last.end = last.end.max(stop),
                _ => words.push(start..stop),
            }
            k = end;
        }
        words
    }

    /// The canonical byte range of a range of units.
    pub(crate) fn canonical_range(&self, units: Range<usize>) -> Range<usize> {
        let at = |u: usize| {
            self.units
                .get(u)
                .map_or(self.canonical.len(), |u| u.c_at as usize)
        };
        at(units.start)..at(units.end)
    }

    #[inline]
    pub(crate) fn boundary_before(&self, u: usize) -> bool {
        let n = self.units.len();
        if u == 0 || u >= n {
            return true;
        }
        let (a, b) = (&self.units[u - 1], &self.units[u]);
        a.is(ALNUM) != b.is(ALNUM) || b.is(SOFT)
    }

    /// The syllables (maximal runs of letters and digits, split where a separator was
    /// removed) as byte ranges of both views and of the original.
    ///
    /// ```
    /// use ungxu::text::NormalizedText;
    /// let text = NormalizedText::new("Đồ  NGU!");
    /// let s: Vec<_> = text.syllables().map(|s| &text.canonical()[s.canonical]).collect();
    /// assert_eq!(s, ["đồ", "ngu"]);
    /// ```
    pub fn syllables(&self) -> impl Iterator<Item = Syllable> + use<'_, 'a> {
        let mut u = 0usize;
        let (mut c, mut f) = (0usize, 0usize);
        std::iter::from_fn(move || {
            let n = self.units.len();
            // Skip to the next alphanumeric unit.
            while u < n && !self.units[u].is(ALNUM) {
                c += self.units[u].ch.len_utf8();
                f += self.units[u].fch.map_or(0, char::len_utf8);
                u += 1;
            }
            if u >= n {
                return None;
            }
            let (u0, c0, f0) = (u, c, f);
            loop {
                c += self.units[u].ch.len_utf8();
                f += self.units[u].fch.map_or(0, char::len_utf8);
                u += 1;
                if u >= n || self.boundary_before(u) {
                    break;
                }
            }
            Some(Syllable {
                canonical: c0..c,
                folded: f0..f,
                original: self.original_range(u0..u),
            })
        })
    }

    /// (syllables with a letter, syllables with a Vietnamese diacritic), in one pass.
    pub(crate) fn diacritic_syllables(&self) -> (usize, usize) {
        let (mut syllables, mut marked) = (0usize, 0usize);
        let (mut letters, mut diacritic) = (false, false);
        for (k, u) in self.units.iter().enumerate() {
            if self.boundary_before(k) {
                syllables += usize::from(letters);
                marked += usize::from(diacritic);
                letters = false;
                diacritic = false;
            }
            if u.is(ALNUM) {
                letters |= u.is(LETTER);
                diacritic |= super::tone::has_diacritic(u.ch);
            }
        }
        syllables += usize::from(letters);
        marked += usize::from(diacritic);
        (syllables, marked)
    }

    /// The units (crate-internal, for the matcher).
    pub(crate) fn units(&self) -> &[Unit] {
        &self.units
    }

    /// See the field `plain`.
    pub(crate) fn is_plain(&self) -> bool {
        self.plain
    }
}

/// One syllable of a [`NormalizedText`], as byte ranges.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Syllable {
    /// In the canonical view.
    pub canonical: Range<usize>,
    /// In the folded view.
    pub folded: Range<usize>,
    /// In the original text.
    pub original: Range<usize>,
}

/// A lexicon term (or any short phrase) normalised the way texts are, so terms and texts meet
/// in the same space.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct NormalizedTerm {
    /// The canonical form (tones kept, canonical placement).
    pub canonical: String,
    /// The folded form (no tones or vowel marks, `đ` → `d`).
    pub folded: String,
}

/// Normalises a lexicon term the same way [`NormalizedText::new`] normalises text.
///
/// ```
/// use ungxu::text::normalize_term;
/// let t = normalize_term("Đồ  Ngu");
/// assert_eq!(t.canonical, "đồ ngu");
/// assert_eq!(t.folded, "do ngu");
/// assert_eq!(normalize_term("hòa").canonical, normalize_term("hoà").canonical);
/// ```
pub fn normalize_term(term: &str) -> NormalizedTerm {
    if let Some(t) = plain_term(term) {
        return t;
    }
    let t = NormalizedText::new(term.trim());
    // The views are kept as they are unless trimming changes them (most terms need none).
    let trimmed = |view: String| match view.trim() {
        inner if inner.len() == view.len() => view,
        inner => inner.to_owned(),
    };
    NormalizedTerm {
        canonical: trimmed(t.canonical),
        folded: trimmed(t.folded),
    }
}

/// [`normalize_term`] of a term written the way lexicons write nearly all of theirs: words of
/// lower-case letters (ASCII or precomposed Vietnamese), at most eight letters each, one space
/// apart, with no letter repeated the way the stretch pass collapses (three alike, or a
/// doubled vowel but `oo`). Only tone placement can change such a term, so its views come
/// from the characters directly; `None` for any other term.
///
/// Building an engine normalises thousands of terms. Through [`NormalizedText::new`] that was
/// a fifth of the default engine's build and made the WebAssembly engine compile the whole
/// normaliser with its optimising tier while `new Engine()` ran. Tests compare this with the
/// full normaliser over every embedded phrase and random words.
fn plain_term(term: &str) -> Option<NormalizedTerm> {
    let mut canonical = String::with_capacity(term.len());
    let mut folded = String::with_capacity(term.len());
    let mut word = ['\0'; 8];
    // The folded letters (ASCII): placing the tone changes no letter's fold.
    let mut folds = [0u8; 8];
    let mut n = 0usize;
    let mut toned = false;
    // The letter before, tones aside, and how many times in a row it came.
    let mut prev: Option<(char, Mark)> = None;
    let mut run = 0usize;
    let mut chars = term.chars();
    loop {
        let c = chars.next();
        if let Some(c) = c.filter(|&c| c != ' ') {
            let f = if c.is_ascii_lowercase() {
                c as u8
            } else {
                match vietnamese_letter(c) {
                    Some(l) if !l.upper && l.folded.is_ascii() => {
                        toned |= l.toned;
                        l.folded as u8
                    }
                    _ => return None,
                }
            };
            let key = if c.is_ascii() {
                (c, Mark::None)
            } else {
                let p = parts(c);
                (p.base, p.mark)
            };
            run = if prev == Some(key) { run + 1 } else { 1 };
            prev = Some(key);
            let doubled_vowel = matches!(key.0, 'a' | 'e' | 'i' | 'u' | 'y')
                || (key.0 == 'o' && key.1 != Mark::None);
            if run >= 3 || (run == 2 && doubled_vowel) || n == word.len() {
                return None;
            }
            word[n] = c;
            folds[n] = f;
            n += 1;
            continue;
        }
        if n == 0 {
            return None;
        }
        let w = &mut word[..n];
        // Only a toned vowel can move.
        if toned {
            place_tone(w);
        }
        if !canonical.is_empty() {
            canonical.push(' ');
            folded.push(' ');
        }
        canonical.extend(w.iter());
        folded.extend(folds[..n].iter().map(|&b| char::from(b)));
        if c.is_none() {
            return Some(NormalizedTerm { canonical, folded });
        }
        (n, toned, prev) = (0, false, None);
    }
}

/// `text` up to the last character that ends within [`MAX_TEXT_BYTES`].
pub(crate) fn within_limit(text: &str) -> &str {
    let mut end = text.len().min(MAX_TEXT_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// Builds the units and views.
struct Builder {
    /// Length of the text in bytes.
    text_len: usize,
    units: Vec<Unit>,
    /// An invisible character was dropped since the last unit.
    pending_invisible: bool,
    needs_word_breaks: bool,
    /// Units whose letter folds like the letter before it: where the stretch pass may have
    /// work.
    stretch_at: Spots,
    /// A separator was seen: the joining pass may have work.
    maybe_join: bool,
    /// A digit or leet symbol touches a letter: the leet pass may have work.
    maybe_leet: bool,
    /// Units where an accented vowel meets another vowel (the tone may move).
    tone_at: Spots,
    /// A toned vowel is in the current run of vowels.
    run_toned: bool,
    /// Only printable ASCII, whitespace and precomposed Vietnamese letters so far.
    plain: bool,
    /// Flags, char and folded char of the last unit pushed (a space before the first).
    prev_flags: u16,
    prev_ch: char,
    prev_fch: Option<char>,
}

impl Builder {
    fn with_capacity(n: usize) -> Builder {
        Builder {
            text_len: n,
            units: Vec::with_capacity(n),
            pending_invisible: false,
            needs_word_breaks: false,
            stretch_at: Spots::default(),
            maybe_join: false,
            maybe_leet: false,
            tone_at: Spots::default(),
            run_toned: false,
            plain: true,
            prev_flags: SPACE,
            prev_ch: ' ',
            prev_fch: Some(' '),
        }
    }

    /// The passes after decoding, then the views: (canonical, folded, has_soft, plain).
    /// Decoding listed the only units where stretching and tone placement can change
    /// anything, so those passes visit just the listed places (a comment has none or a few,
    /// an article some hundreds) — unless joining or leetspeak changed the units, when they
    /// look at every unit.
    fn passes(&mut self) -> (String, String, bool, bool) {
        // Stretch before joining too, so `đ.mmmm` joins like `đ.m`, and after, so `đ.đ.đ`
        // collapses like `đđđ` (both make normalising twice change nothing).
        let stretch_at = std::mem::take(&mut self.stretch_at);
        let stretched = self.stretch_listed(stretch_at.as_slice());
        let joined = self.maybe_join && self.join_separators();
        if joined {
            self.compact();
        }
        let read_leet = self.maybe_leet && self.leet();
        let moved = joined || read_leet;
        let stretched = moved && self.stretch() || stretched;
        let plain = self.plain && !(stretched || moved);
        if moved {
            self.place_tones();
        } else {
            let tone_at = std::mem::take(&mut self.tone_at);
            self.place_tones_at(tone_at.as_slice());
        }
        if self.needs_word_breaks {
            self.word_breaks();
        }
        let (canonical, folded, has_soft) = self.emit();
        (canonical, folded, has_soft, plain)
    }

    // ----- pass 1: decode ---------------------------------------------------------------

    fn decode(&mut self, text: &str) {
        let bytes = text.as_bytes();
        let len = bytes.len();
        let mut marks: [char; MAX_MARKS_PER_LETTER] = ['\0'; MAX_MARKS_PER_LETTER];
        // The char at `i`, when the look-ahead for marks already decoded it.
        let mut ahead: Option<(char, usize)> = None;
        let mut i = 0usize;
        while i < len {
            let (c, clen) = match ahead.take() {
                Some(x) => x,
                None => decode_at(bytes, i),
            };
            let start = i;
            i += clen;
            // Combining marks start at U+0300 (lead byte 0xCC): anything lower is not one.
            if bytes.get(i).is_none_or(|&b| b < 0xCC) {
                if c.is_ascii() {
                    self.ascii(start as u32, c as u8);
                } else if let Some(l) = vietnamese_letter(c) {
                    self.push_letter(start as u32, i as u32, l);
                } else {
                    self.cluster(start as u32, i as u32, c, &[], false);
                }
                continue;
            }
            let mut n = 0usize;
            let mut trimmed = false;
            while i < len && bytes[i] >= 0xCC {
                let (m, mlen) = decode_at(bytes, i);
                if !is_mark(m) {
                    ahead = Some((m, mlen));
                    break;
                }
                if n < MAX_MARKS_PER_LETTER {
                    marks[n] = m;
                    n += 1;
                } else {
                    trimmed = true;
                }
                i += mlen;
            }
            if n == 0 && !trimmed && c.is_ascii() {
                self.ascii(start as u32, c as u8);
            } else {
                self.cluster(start as u32, i as u32, c, &marks[..n], trimmed);
            }
        }
        self.pending_invisible = false;
    }

    #[inline(always)]
    fn push(&mut self, start: u32, end: u32, ch: char, steps: StepSet, flags: u16) {
        let fch = if flags & MARK != 0 {
            None
        } else {
            Some(fold(ch))
        };
        self.push_unit(start, end, ch, fch, steps, flags);
    }

    #[inline]
    fn push_letter(&mut self, start: u32, end: u32, l: VietLetter) {
        let steps = if l.upper {
            Step::Lowercase.into()
        } else {
            StepSet::EMPTY
        };
        let mut flags = ALNUM | LETTER;
        if l.toned {
            flags |= TONED;
        }
        if l.marked {
            flags |= MARKED;
        }
        self.push_unit(start, end, l.lower, Some(l.folded), steps, flags);
    }

    #[inline(always)]
    fn push_unit(
        &mut self,
        start: u32,
        end: u32,
        ch: char,
        fch: Option<char>,
        mut steps: StepSet,
        mut flags: u16,
    ) {
        // Cheap looks at the neighbour decide which later passes have work. Written with
        // non-short-circuit `&`/`|` so the common case takes no data-dependent branch.
        let letter = flags & LETTER != 0;
        let vowel = letter & is_vowel(fch);
        flags |= VOWEL * u16::from(vowel);
        let (pf, pch, pfch) = (self.prev_flags, self.prev_ch, self.prev_fch);
        let alnum = flags & ALNUM != 0;
        let p_letter = pf & LETTER != 0;
        if self.pending_invisible & alnum & (pf & ALNUM != 0) {
            steps.insert(Step::InvisibleRemoved);
            flags |= SOFT;
        }
        if letter & p_letter & (pfch == fch) {
            self.stretch_at.push(self.units.len());
        }
        // Neighbouring vowels where the tone may have to move: a tone on an unmarked vowel,
        // or a marked vowel after a toned one (`ừơ` → `ườ`).
        let candidate = vowel
            & (pf & VOWEL != 0)
            & ((pf & (TONED | MARKED) == TONED)
                | (flags & (TONED | MARKED) == TONED)
                | ((flags & MARKED != 0) & self.run_toned));
        if candidate {
            self.tone_at.push(self.units.len());
        }
        // Letter next to a non-letter, or a letter or digit after a symbol: rare, so the
        // character tests run only then.
        if letter != p_letter {
            self.maybe_leet |= is_leetish(if letter { pch } else { ch });
        }
        if alnum && pf & (ALNUM | SPACE) == 0 && is_separator(pch) {
            self.maybe_join = true;
        }
        self.pending_invisible = false;
        // Whether a toned vowel is in the run of vowels this unit continues.
        self.run_toned = vowel & (self.run_toned | (flags & TONED != 0));
        self.prev_flags = flags;
        self.prev_ch = ch;
        self.prev_fch = fch;
        self.units.push(Unit {
            start,
            end,
            ch,
            fch,
            steps,
            flags,
            c_at: 0,
            f_at: 0,
        });
    }

    #[inline]
    fn push_space(&mut self, start: u32, end: u32) {
        self.pending_invisible = false;
        self.run_toned = false;
        self.prev_flags = SPACE;
        self.prev_ch = ' ';
        self.prev_fch = Some(' ');
        if let Some(last) = self.units.last_mut() {
            if last.is(SPACE) {
                last.end = end;
                return;
            }
        }
        self.units.push(Unit {
            start,
            end,
            ch: ' ',
            fch: Some(' '),
            steps: StepSet::EMPTY,
            flags: SPACE,
            c_at: 0,
            f_at: 0,
        });
    }

    #[inline(always)]
    fn ascii(&mut self, at: u32, b: u8) {
        match b {
            b'a'..=b'z' => self.push(at, at + 1, char::from(b), StepSet::EMPTY, ALNUM | LETTER),
            b'A'..=b'Z' => self.push(
                at,
                at + 1,
                char::from(b.to_ascii_lowercase()),
                Step::Lowercase.into(),
                ALNUM | LETTER,
            ),
            b'0'..=b'9' => self.push(at, at + 1, char::from(b), StepSet::EMPTY, ALNUM),
            b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C => self.push_space(at, at + 1),
            0..=0x1F | 0x7F => {
                self.pending_invisible = true;
                self.plain = false;
            }
            _ => self.push(at, at + 1, char::from(b), StepSet::EMPTY, 0),
        }
    }

    /// One starter with its combining marks.
    fn cluster(&mut self, start: u32, end: u32, c: char, marks: &[char], trimmed: bool) {
        if c.is_ascii() && marks.is_empty() && !trimmed {
            self.ascii(start, c as u8);
            return;
        }
        if marks.is_empty() && !trimmed {
            // Fast path: a precomposed Vietnamese letter.
            if let Some(l) = vietnamese_letter(c) {
                self.push_letter(start, end, l);
                return;
            }
        }
        self.plain = false;
        if is_invisible(c) {
            self.pending_invisible = true;
            return;
        }
        if c.is_whitespace() {
            self.push_space(start, end);
            return;
        }
        let mut steps = StepSet::EMPTY;
        if trimmed {
            steps.insert(Step::MarksTrimmed);
        }
        // Look-alikes and lower case.
        let mut buf = CharBuf::new();
        match confusable(c) {
            // Eth and African D, typed for Đ (and Windows-1258 Đ misread as Latin-1).
            None if matches!(c, '\u{D0}' | '\u{F0}' | '\u{189}' | '\u{256}') => {
                steps.insert(Step::Confusable);
                if c != '\u{F0}' && c != '\u{256}' {
                    steps.insert(Step::Lowercase);
                }
                buf.push('đ');
            }
            Some(ascii) => {
                steps.insert(Step::Confusable);
                for a in ascii.chars() {
                    if a.is_ascii_uppercase() {
                        steps.insert(Step::Lowercase);
                    }
                    buf.push(a.to_ascii_lowercase());
                }
            }
            None if c.is_ascii() => buf.push(c.to_ascii_lowercase()),
            None => {
                let mut changed = false;
                for l in c.to_lowercase() {
                    changed |= l != c;
                    buf.push(l);
                }
                if changed {
                    steps.insert(Step::Lowercase);
                }
            }
        }
        let mut any_mark = false;
        for &m in marks {
            if !is_invisible(m) {
                buf.push(m);
                any_mark = true;
            }
        }
        let simple = !any_mark
            && buf.as_slice().iter().all(|&ch| {
                ch.is_ascii()
                    || vietnamese_letter(ch).is_some()
                    || is_nfc_quick(std::iter::once(ch)) == IsNormalized::Yes
            });
        if simple {
            self.push_chars(start, end, buf.as_slice(), steps);
        } else {
            let mut out = CharBuf::new();
            for ch in super::nfc::nfc(buf.as_slice().iter().copied()) {
                out.push(ch);
            }
            if out.as_slice() != buf.as_slice() {
                steps.insert(Step::Nfc);
            }
            self.push_chars(start, end, out.as_slice(), steps);
        }
    }

    fn push_chars(&mut self, start: u32, end: u32, chars: &[char], steps: StepSet) {
        let mut prev_alnum = false;
        for &ch in chars {
            if ch.is_whitespace() {
                self.push_space(start, end);
                prev_alnum = false;
                continue;
            }
            if let Some(l) = vietnamese_letter(ch) {
                prev_alnum = true;
                let mut flags = ALNUM | LETTER;
                if l.toned {
                    flags |= TONED;
                }
                if l.marked {
                    flags |= MARKED;
                }
                self.push_unit(start, end, ch, Some(l.folded), steps, flags);
                continue;
            }
            let flags = if is_combining_mark(ch) {
                if prev_alnum {
                    MARK | ALNUM | LETTER
                } else {
                    MARK
                }
            } else if ch.is_alphabetic() {
                ALNUM | LETTER
            } else if ch.is_alphanumeric() {
                ALNUM
            } else {
                0
            };
            if flags & ALNUM != 0
                && flags & MARK == 0
                && ch >= '\u{E00}'
                && !('\u{1E00}'..='\u{1EFF}').contains(&ch)
            {
                self.needs_word_breaks = true;
            }
            prev_alnum = flags & ALNUM != 0;
            self.push(start, end, ch, steps, flags);
        }
    }

    // ----- pass 2: separators inside a word --------------------------------------------

    /// Joins chains of 1–2-character segments linked by 1–3 separator characters (`đ.m`,
    /// `v.c.l`, `d-m`, `đ_m`, `c.h.ó`). A chain with any longer segment (`Hà-Nội`,
    /// `fb.com`, `1.000.000`) or without a letter (`20/11`) is left alone. The removed
    /// separators leave a soft syllable boundary, so `ừ.đm` still has `đm` as a whole word.
    fn join_separators(&mut self) -> bool {
        let mut joined = false;
        let units = &mut self.units;
        let n = units.len();
        let alnum = |u: &[Unit], k: usize| u[k].is(ALNUM);
        let mut i = 0usize;
        while i < n {
            if !alnum(units, i) {
                i += 1;
                continue;
            }
            let comp_start = i;
            let mut tokens = 0usize;
            let mut short = true;
            let mut has_letter = false;
            let mut j = i;
            loop {
                let mut len = 0usize;
                while j < n && alnum(units, j) {
                    has_letter |= units[j].is(LETTER);
                    len += usize::from(!units[j].is(MARK));
                    j += 1;
                }
                tokens += 1;
                if len > 2 {
                    short = false;
                }
                let s0 = j;
                while j < n && j - s0 < 4 && !units[j].is(SPACE) && is_separator(units[j].ch) {
                    j += 1;
                }
                let linked = (1..=3).contains(&(j - s0)) && j < n && alnum(units, j);
                if !linked {
                    j = s0;
                    break;
                }
            }
            if tokens >= 2 && short && has_letter {
                joined = true;
                for k in comp_start..j {
                    if !units[k].is(ALNUM) {
                        units[k].flags |= REMOVED;
                    } else if k > comp_start && !units[k - 1].is(ALNUM) {
                        units[k].flags |= SOFT;
                        units[k].steps.insert(Step::Separator);
                    }
                }
            }
            i = j;
        }
        joined
    }

    fn compact(&mut self) {
        self.units.retain(|u| !u.is(REMOVED));
    }

    // ----- pass 3: leetspeak ------------------------------------------------------------

    /// Reads digits and `@ $ !` as letters inside words that are mostly letters (`ng0`,
    /// `d1t`, `ch@`): the word must start with a letter and have at least two letters, no
    /// fewer letters than digits and symbols, and no run of three or more digits — so
    /// quantities (`100k`, `2tr5`, `10h30`, `3h`), phone numbers and dates stay as they are.
    fn leet(&mut self) -> bool {
        let mut read = false;
        let mut removed = false;
        let units = &mut self.units;
        let n = units.len();
        let mut i = 0usize;
        while i < n {
            if !units[i].is(ALNUM) {
                i += 1;
                continue;
            }
            let t0 = i;
            let (mut letters, mut others, mut run, mut max_run) = (0usize, 0usize, 0usize, 0usize);
            while i < n {
                let u = &units[i];
                if i > t0 && u.is(SOFT) {
                    // Each joined segment is judged on its own, so a match reads the same
                    // whether or not its neighbours are in view.
                    break;
                }
                if u.is(MARK) {
                    // A combining mark left on its base: counts as nothing.
                } else if u.is(ALNUM) {
                    if u.is(LETTER) {
                        letters += 1;
                        run = 0;
                    } else {
                        others += 1;
                        run += 1;
                        max_run = max_run.max(run);
                    }
                } else if is_leet_symbol(u.ch)
                    && i > t0
                    && i + 1 < n
                    && units[i + 1].is(ALNUM)
                    && !units[i + 1].is(SOFT)
                {
                    others += 1;
                    run = 0;
                } else {
                    break;
                }
                i += 1;
            }
            if others > 0
                && letters >= 2
                && letters >= others
                && max_run <= 2
                && units[t0].is(LETTER)
            {
                for k in t0..i {
                    let u = &mut units[k];
                    if u.is(LETTER) {
                        continue;
                    }
                    if let Some(l) = leet(u.ch) {
                        read = true;
                        u.ch = l;
                        u.fch = Some(l);
                        u.flags |= ALNUM | LETTER;
                        u.steps.insert(Step::Leet);
                        // A digit carrying a tone mark (`0` + U+0300) becomes a toned letter.
                        let mut m = k + 1;
                        while m < n && units[m].is(MARK) {
                            match compose(units[k].ch, units[m].ch) {
                                Some(c) => {
                                    units[k].ch = c;
                                    units[k].fch = Some(fold(c));
                                    units[k].end = units[m].end;
                                    units[m].flags |= REMOVED;
                                    removed = true;
                                    m += 1;
                                }
                                None => break,
                            }
                        }
                    }
                }
            }
        }
        if removed {
            self.compact();
        }
        read
    }

    // ----- pass 4: stretched letters ----------------------------------------------------

    /// Collapses a run of three or more of the same letter (tones aside: `ngùuuu` → `ngù`) to
    /// one, and a doubled vowel that Vietnamese spelling never doubles (`nguu`, `đii`; not
    /// `oo` as in `xoong`, and never doubled consonants, which teencode uses: `cc`, `dmm`).
    fn stretch(&mut self) -> bool {
        let mut merged_any = false;
        let units = &mut self.units;
        let n = units.len();
        let mut w = 0usize;
        let mut i = 0usize;
        while i < n {
            if !pair_folds_alike(units, i) {
                if w != i {
                    units[w] = units[i];
                }
                w += 1;
                i += 1;
                continue;
            }
            let (j, merged) = stretch_run(units, i);
            if let Some(merged) = merged {
                merged_any = true;
                units[w] = merged;
                w += 1;
            } else {
                for t in i..j {
                    if w != t {
                        units[w] = units[t];
                    }
                    w += 1;
                }
            }
            i = j;
        }
        units.truncate(w);
        merged_any
    }

    /// [`stretch`](Self::stretch) visiting only the chains of letters that fold alike
    /// around the listed units (decoding lists every letter that folds like the one before
    /// it, so every run the full pass collapses is there). Units move only when a run
    /// collapses; the tone candidates then follow their units, and each merged unit is
    /// listed as one (its syllable changed).
    fn stretch_listed(&mut self, spots: &[u32]) -> bool {
        let n = self.units.len();
        // (first unit, end, merged unit) of each run that collapses, in order.
        let mut merges: Vec<(usize, usize, Unit)> = Vec::new();
        // Units before this one are decided.
        let mut done = 0usize;
        for &k in spots {
            let k = k as usize;
            if k == 0 || k >= n || k <= done {
                continue;
            }
            // The full pass reaches the chain at its first letter.
            let mut i = k - 1;
            while i > done && pair_folds_alike(&self.units, i - 1) {
                i -= 1;
            }
            while pair_folds_alike(&self.units, i) {
                let (j, merged) = stretch_run(&self.units, i);
                if let Some(merged) = merged {
                    merges.push((i, j, merged));
                }
                i = j;
            }
            done = i + 1;
        }
        if merges.is_empty() {
            return false;
        }
        let units = &mut self.units;
        let mut w = merges[0].0;
        let mut from = w;
        for &(i, j, merged) in &merges {
            units.copy_within(from..i, w);
            w += i - from;
            units[w] = merged;
            w += 1;
            from = j;
        }
        units.copy_within(from..n, w);
        units.truncate(w + (n - from));
        // Where the tone candidates went: a unit before a collapsed run moves back by the
        // units the earlier runs lost.
        let listed = std::mem::take(&mut self.tone_at);
        let mut listed = listed.as_slice().iter().map(|&u| u as usize).peekable();
        let mut lost = 0usize;
        for &(i, j, _) in &merges {
            while let Some(u) = listed.next_if(|&u| u < i) {
                self.tone_at.push(u - lost);
            }
            while listed.next_if(|&u| u < j).is_some() {}
            self.tone_at.push(i - lost);
            lost += j - i - 1;
        }
        for u in listed {
            self.tone_at.push(u - lost);
        }
        true
    }

    // ----- pass 5: tone placement -------------------------------------------------------

    /// Like [`place_tones`](Self::place_tones), visiting only the syllables around the
    /// listed units.
    fn place_tones_at(&mut self, at: &[u32]) {
        let n = self.units.len();
        let mut done = 0usize;
        for &u in at {
            let u = u as usize;
            if u < done || u >= n {
                continue;
            }
            // The syllable around `u`, as `place_tones` delimits it.
            let starts_here =
                |k: usize| k == 0 || !self.units[k - 1].is(ALNUM) || self.units[k].is(SOFT);
            let mut t0 = u;
            while !starts_here(t0) && u - t0 <= 8 {
                t0 -= 1;
            }
            let mut t1 = u + 1;
            while t1 < n && self.units[t1].is(ALNUM) && !self.units[t1].is(SOFT) && t1 - t0 <= 8 {
                t1 += 1;
            }
            done = t1;
            if starts_here(t0) && t1 - t0 <= 8 {
                self.place_tone_in(t0, t1);
            }
        }
    }

    /// Re-places the tone in the syllable `units[t0..t1]`.
    fn place_tone_in(&mut self, t0: usize, t1: usize) {
        let word = &mut self.units[t0..t1];
        if word.len() > 8 {
            return;
        }
        let mut chars = ['\0'; 8];
        for (c, u) in chars.iter_mut().zip(word.iter()) {
            *c = u.ch;
        }
        if let Some((from, to)) = place_tone(&mut chars[..word.len()]) {
            for k in [from, to] {
                word[k].ch = chars[k];
                word[k].steps.insert(Step::TonePlacement);
            }
        }
    }

    fn place_tones(&mut self) {
        let n = self.units.len();
        let mut i = 0usize;
        while i < n {
            if !self.units[i].is(ALNUM) {
                i += 1;
                continue;
            }
            // One syllable: up to the next non-alphanumeric unit or soft boundary. The tone can
            // only move between neighbouring vowels, one of them accented: look for that.
            let t0 = i;
            let mut candidate = false;
            let (mut prev_vowel, mut prev_accented) = (false, false);
            while i < n {
                let u = &self.units[i];
                if !u.is(ALNUM) || (i > t0 && u.is(SOFT)) {
                    break;
                }
                let vowel = is_vowel(u.fch);
                let accented = !u.ch.is_ascii();
                candidate |= vowel && prev_vowel && (accented || prev_accented);
                prev_vowel = vowel;
                prev_accented = accented;
                i += 1;
            }
            if candidate {
                self.place_tone_in(t0, i);
            }
        }
    }

    // ----- pass 6: word breaks in scripts without spaces ---------------------------------

    /// Inside runs of letters from scripts written without spaces (CJK, Thai…), UAX #29
    /// word boundaries (`unicode-segmentation`) become syllable boundaries. Latin-script
    /// words need no such pass: a Vietnamese syllable is a run of letters.
    fn word_breaks(&mut self) {
        let n = self.units.len();
        let mut i = 0usize;
        let mut run = String::new();
        while i < n {
            if !self.units[i].is(ALNUM) {
                i += 1;
                continue;
            }
            let t0 = i;
            run.clear();
            let mut foreign = false;
            while i < n && self.units[i].is(ALNUM) {
                let ch = self.units[i].ch;
                foreign |= ch >= '\u{E00}' && !('\u{1E00}'..='\u{1EFF}').contains(&ch);
                run.push(ch);
                i += 1;
            }
            if !foreign {
                continue;
            }
            // Byte offset in `run` -> unit index: walk both.
            let mut unit = t0;
            let mut at = 0usize;
            for (b, _) in run.split_word_bound_indices() {
                while at < b && unit < i {
                    at += self.units[unit].ch.len_utf8();
                    unit += 1;
                }
                if b > 0 && unit < i {
                    self.units[unit].flags |= SOFT;
                }
            }
        }
    }

    // ----- emit ---------------------------------------------------------------------------

    fn emit(&mut self) -> (String, String, bool) {
        let n = self.units.len();
        let mut canonical = String::with_capacity(self.text_len + 8);
        // The folded view is nearly all ASCII: written as bytes (no per-char encoding), then
        // validated, which for ASCII is quick.
        let mut folded: Vec<u8> = Vec::with_capacity(self.text_len.max(n) + 8);
        let mut has_soft = false;
        let mut buf = [0u8; 4];
        for u in self.units.iter_mut() {
            has_soft |= u.is(SOFT);
            u.c_at = canonical.len() as u32;
            u.f_at = folded.len() as u32;
            canonical.push(u.ch);
            match u.fch {
                Some(f) if f.is_ascii() => folded.push(f as u8),
                Some(f) => folded.extend_from_slice(f.encode_utf8(&mut buf).as_bytes()),
                None => {}
            }
        }
        // Encoded chars are valid UTF-8; the fallback only keeps this total.
        let folded = String::from_utf8(folded)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
        (canonical, folded, has_soft)
    }
}

/// [`NormalizedText::folded_units`] of `units`, whose folded view is `folded_len` bytes.
fn folded_unit_index(units: &[Unit], folded_len: usize) -> Vec<u32> {
    let mut index = vec![u32::MAX; folded_len + 1];
    // A unit without a folded character (a leftover mark) has the offset of the next unit
    // that has one, which comes later and overwrites it: the unit found there.
    for (k, u) in units.iter().enumerate() {
        if let Some(slot) = index.get_mut(u.f_at as usize) {
            *slot = k as u32;
        }
    }
    if let Some(end) = index.last_mut() {
        *end = units.len() as u32;
    }
    index
}

/// Whether the stretch pass starts a run at unit `i`: it and the next unit are letters (not
/// leftover marks) that fold alike.
#[inline]
fn pair_folds_alike(units: &[Unit], i: usize) -> bool {
    match (units.get(i), units.get(i + 1)) {
        (Some(u), Some(next)) => {
            u.is(LETTER) && !u.is(MARK) && next.is(LETTER) && !next.is(MARK) && next.fch == u.fch
        }
        _ => false,
    }
}

/// The run of the same letter (tones aside) starting at unit `i`, as the stretch pass reads
/// it: where it ends, and the unit it collapses into when it does (the toned letter, if
/// any, spanning the whole run).
fn stretch_run(units: &[Unit], i: usize) -> (usize, Option<Unit>) {
    let key = |u: &Unit| {
        let p = parts(u.ch);
        (p.base, p.mark)
    };
    let n = units.len();
    let Some(first) = units.get(i) else {
        return (i + 1, None);
    };
    let k = key(first);
    let mut j = i + 1;
    while j < n && units[j].is(LETTER) && !units[j].is(MARK) && key(&units[j]) == k {
        j += 1;
    }
    let len = j - i;
    // A leftover mark after the run belongs to its last letter: collapsing could leave it on
    // a letter it would compose or reorder with (`ứự` + U+0323 → `ứ` + U+0323, which NFC
    // makes `ự` + U+0301), so normalising twice would not give the same text.
    if units.get(j).is_some_and(|u| u.is(MARK)) {
        return (j, None);
    }
    let collapse = len >= 3
        || (len == 2
            && (matches!(k.0, 'a' | 'e' | 'i' | 'u' | 'y') || (k.0 == 'o' && k.1 != Mark::None)));
    if !collapse {
        return (j, None);
    }
    let keep = (i..j).find(|&t| parts(units[t].ch).tone != 0).unwrap_or(i);
    let mut merged = units[keep];
    merged.start = first.start;
    merged.end = units[j - 1].end;
    merged.flags = first.flags;
    for u in &units[i..j] {
        merged.steps |= u.steps;
    }
    merged.steps.insert(Step::Stretch);
    (j, Some(merged))
}

/// Unit indices listed while decoding, in increasing order: inline while few (a comment
/// lists none or a handful), on the heap beyond that (an article lists hundreds).
#[derive(Debug, Clone, Default)]
struct Spots {
    inline: [u32; SPOTS_INLINE],
    len: usize,
    spilled: Vec<u32>,
}

const SPOTS_INLINE: usize = 16;

impl Spots {
    #[inline]
    fn push(&mut self, unit: usize) {
        let unit = unit as u32;
        if let Some(slot) = self.inline.get_mut(self.len) {
            *slot = unit;
        } else {
            if self.spilled.is_empty() {
                self.spilled.reserve(4 * SPOTS_INLINE);
                self.spilled.extend_from_slice(&self.inline);
            }
            self.spilled.push(unit);
        }
        self.len += 1;
    }

    fn as_slice(&self) -> &[u32] {
        if self.len <= SPOTS_INLINE {
            &self.inline[..self.len]
        } else {
            &self.spilled
        }
    }
}

/// The characters one cluster becomes: at most 3 from lower-casing or a look-alike, plus
/// [`MAX_MARKS_PER_LETTER`] marks. Lives on the stack.
struct CharBuf {
    buf: [char; MAX_MARKS_PER_LETTER + 4],
    len: usize,
}

impl CharBuf {
    fn new() -> CharBuf {
        CharBuf {
            buf: ['\0'; MAX_MARKS_PER_LETTER + 4],
            len: 0,
        }
    }

    /// Appends `c`; beyond the capacity (never reached: see above) chars are dropped.
    fn push(&mut self, c: char) {
        if let Some(slot) = self.buf.get_mut(self.len) {
            *slot = c;
            self.len += 1;
        }
    }

    fn as_slice(&self) -> &[char] {
        &self.buf[..self.len]
    }
}

/// Whether a folded char is a vowel letter.
#[inline]
fn is_vowel(fch: Option<char>) -> bool {
    // Bit k set for the k-th letter of the alphabet that is a vowel: a e i o u y.
    const VOWELS: u32 = 1 | 1 << 4 | 1 << 8 | 1 << 14 | 1 << 20 | 1 << 24;
    let k = fch.map_or(u32::MAX, |c| (c as u32).wrapping_sub('a' as u32));
    k < 26 && VOWELS >> k & 1 != 0
}

/// Whether `c` may stand for a letter in leetspeak.
#[inline]
fn is_leetish(c: char) -> bool {
    c.is_ascii_digit() || is_leet_symbol(c)
}

/// Decodes the char starting at byte `i` of valid UTF-8, with its length. Never panics: a
/// truncated sequence (impossible in a `&str`) reads as U+FFFD.
#[inline]
fn decode_at(bytes: &[u8], i: usize) -> (char, usize) {
    let b0 = bytes.get(i).copied().unwrap_or(0);
    if b0 < 0x80 {
        return (char::from(b0), 1);
    }
    let cont = |k: usize| u32::from(bytes.get(i + k).copied().unwrap_or(0) & 0x3F);
    let (v, n) = if b0 < 0xE0 {
        ((u32::from(b0 & 0x1F) << 6) | cont(1), 2)
    } else if b0 < 0xF0 {
        ((u32::from(b0 & 0x0F) << 12) | (cont(1) << 6) | cont(2), 3)
    } else {
        (
            (u32::from(b0 & 0x07) << 18) | (cont(1) << 12) | (cont(2) << 6) | cont(3),
            4,
        )
    };
    (char::from_u32(v).unwrap_or('\u{FFFD}'), n)
}

/// Whether `c` is a combining mark (no table lookup for ASCII, Latin and Vietnamese).
#[inline]
fn is_mark(c: char) -> bool {
    match c {
        '\0'..='\u{2FF}' | '\u{1E00}'..='\u{1EFF}' => false,
        '\u{300}'..='\u{36F}' => true,
        c => is_combining_mark(c),
    }
}

/// The folded form of one canonical character.
#[inline]
fn fold(ch: char) -> char {
    if ch.is_ascii() {
        ch
    } else {
        fold_non_ascii(ch)
    }
}

fn fold_non_ascii(ch: char) -> char {
    if let Some(f) = fold_vietnamese(ch) {
        return f;
    }
    // Other Latin letters with diacritics: their base letter when it is ASCII (ñ → n).
    let mut first = None;
    decompose_canonical(ch, |d| {
        if first.is_none() {
            first = Some(d);
        }
    });
    match first {
        Some(d) if d != ch && d.is_ascii_alphabetic() => d,
        _ => ch,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn built(text: &str) -> Builder {
        let mut b = Builder::with_capacity(text.len());
        b.decode(text);
        b
    }

    #[test]
    fn a_plain_text_has_one_unit_per_folded_byte() {
        let mut plain = 0;
        for text in [
            "Đồ NGU  quá\t\n hòa thủy, 100k!",
            "  con chó này ngu vãi  ",
            "Xin chào #hashtag @ban (ok) - được: \"vâng\"",
            "",
        ] {
            let t = NormalizedText::new(text);
            if !t.is_plain() {
                continue;
            }
            plain += 1;
            assert_eq!(t.units.len(), t.folded.len(), "{text:?}");
            assert_eq!(lookup_disagrees_at(&t), None, "{text:?}");
        }
        assert_eq!(plain, 4);
    }

    /// The first byte of the folded view (or past it) where `unit_at` and the binary search
    /// disagree.
    fn lookup_disagrees_at(t: &NormalizedText<'_>) -> Option<usize> {
        (0..=t.folded.len() + 1)
            .find(|&byte| t.unit_at(View::Folded, byte) != t.unit_at_searched(View::Folded, byte))
    }

    /// What the builder gives when every pass looks at every unit (before decoding listed
    /// where the stretch and tone passes have work).
    fn with_full_passes(text: &str) -> (Vec<Unit>, String, String, bool, bool) {
        let mut b = built(text);
        let stretched = b.stretch();
        let joined = b.join_separators();
        if joined {
            b.compact();
        }
        let read_leet = b.leet();
        let moved = joined || read_leet;
        let stretched = moved && b.stretch() || stretched;
        let plain = b.plain && !(stretched || moved);
        b.place_tones();
        b.word_breaks();
        let (canonical, folded, has_soft) = b.emit();
        (b.units, canonical, folded, has_soft, plain)
    }

    fn assert_same_as_full_passes(text: &str) {
        let t = NormalizedText::new(text);
        let (units, canonical, folded, has_soft, plain) = with_full_passes(text);
        assert_eq!(t.canonical, canonical, "{text:?}");
        assert_eq!(t.folded, folded, "{text:?}");
        assert_eq!((t.has_soft, t.plain), (has_soft, plain), "{text:?}");
        assert_eq!(format!("{:?}", t.units), format!("{units:?}"), "{text:?}");
    }

    #[test]
    fn listed_passes_agree_with_full_passes() {
        for text in [
            "nguuuu quáaaa hòaa ươớơ xoong cc dmm đii",
            "Đ.MMMM đ.đ.đ ng0uuu hoà hòa thủy khỏe ngòai",
            "aaa bbb aàá ÒÒÒ uúù ư\u{31B}\u{31B} ơơơ oo oòo",
            "",
            "một bài báo dài: người dân ở Hà Nội và thành phố Hồ Chí Minh quàaa, khoẻ khỏe",
        ] {
            assert_same_as_full_passes(text);
        }
        let article = "Người dân khoẻ mạnh hoà bình, thuỷ lợi quá xoong nồi nguuu. ".repeat(200);
        assert_same_as_full_passes(&article);
    }

    #[test]
    fn listed_tone_candidates_give_the_full_pass_result() {
        for text in [
            "hòa thủy khỏe người của mười tiếng nhiều qúa gìa",
            "2hòa xxxxxxxxhòa hòaaaaaaaaa ngòai HÒA Thủy",
            "ừ.hòa đ\u{200B}òa tóan oà òa",
        ] {
            let mut full = built(text);
            full.place_tones();
            let mut listed = built(text);
            let at = std::mem::take(&mut listed.tone_at);
            listed.place_tones_at(at.as_slice());
            let chars = |b: &Builder| b.units.iter().map(|u| u.ch).collect::<String>();
            assert_eq!(chars(&full), chars(&listed), "{text}");
        }
    }

    /// `normalize_term` through the full normaliser, as it was before `plain_term`.
    fn term_by_full_normaliser(term: &str) -> NormalizedTerm {
        let t = NormalizedText::new(term.trim());
        NormalizedTerm {
            canonical: t.canonical.trim().to_owned(),
            folded: t.folded.trim().to_owned(),
        }
    }

    fn assert_plain_term_agrees(term: &str) -> bool {
        let fast = plain_term(term);
        if let Some(fast) = &fast {
            assert_eq!(fast, &term_by_full_normaliser(term), "{term:?}");
        }
        fast.is_some()
    }

    #[test]
    fn plain_terms_normalise_as_texts_do() {
        for (term, plain) in [
            ("đồ ngu", true),
            ("hòa", true),
            ("hoà", true),
            ("thủy", true),
            ("khỏe mạnh", true),
            ("quý", true),
            ("giữa", true),
            ("ừơ", true),
            ("nghiêng", true),
            ("xoong", true),
            ("lưu manh", true),
            ("đcmm", true),
            ("massage", true),
            ("nguu", false),
            ("hmmm", false),
            ("ôô", false),
            ("ngu  ngốc", false),
            (" ngu", false),
            ("Ngu", false),
            ("đ.m", false),
            ("g4y", false),
            ("nghiêngg", true),
            ("nghiêngng", false),
            ("", false),
        ] {
            assert_eq!(assert_plain_term_agrees(term), plain, "{term:?}");
        }
        assert_eq!(
            plain_term("hòa").map(|t| t.canonical),
            Some("hoà".to_owned())
        );
        assert_eq!(plain_term("đồ").map(|t| t.folded), Some("do".to_owned()));
    }

    /// Every string of the embedded lexicons (terms, context words, safe phrases, notes…):
    /// where the short cut applies it agrees with the full normaliser, and it applies to most.
    #[test]
    fn plain_terms_agree_over_the_embedded_lexicons() {
        fn strings<'v>(v: &'v serde_json::Value, out: &mut Vec<&'v str>) {
            match v {
                serde_json::Value::String(s) => out.push(s),
                serde_json::Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
                serde_json::Value::Object(m) => m.values().for_each(|x| strings(x, out)),
                _ => {}
            }
        }
        let (mut all, mut plain) = (0, 0);
        for source in crate::engine::EMBEDDED_LEXICONS {
            let json: serde_json::Value = serde_json::from_str(source.text).unwrap();
            let mut found = Vec::new();
            strings(&json, &mut found);
            for s in found {
                all += 1;
                plain += usize::from(assert_plain_term_agrees(s));
            }
        }
        assert!(all > 3000 && plain * 10 > all * 7, "{plain} plain of {all}");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig {
            failure_persistence: None,
            ..proptest::prelude::ProptestConfig::default()
        })]

        #[test]
        fn plain_terms_agree_with_the_full_normaliser(
            v in proptest::collection::vec(proptest::sample::select(vec![
                "h", "o", "ò", "ó", "ỏ", "a", "à", "á", "ạ", "u", "ú", "ủ", "ụ", "y", "ỷ", "ý",
                "q", "g", "i", "ì", "í", "n", "t", "c", "m", "p", "đ", "ư", "ừ", "ơ", "ờ", "ớ",
                "ợ", "ê", "ế", "ệ", "â", "ấ", "ă", "ắ", "e", "è", "ẻ", "k", "r", "x", "f", "w",
                " ",
            ]), 0..14)
        ) {
            let term: String = v.concat();
            assert_plain_term_agrees(&term);
        }

        #[test]
        fn plain_unit_lookup_agrees_with_the_search(
            v in proptest::collection::vec(proptest::sample::select(vec![
                "h", "ò", "a", "Đ", "ư", "ơ", "ờ", "2", " ", "  ", "\t", ".", "!", "@", "-", "x",
                "A", "uu", "\u{300}", "\u{200B}", "😀", "С",
            ]), 0..30)
        ) {
            let text: String = v.concat();
            let t = NormalizedText::new(&text);
            proptest::prop_assert_eq!(lookup_disagrees_at(&t), None);
        }

        #[test]
        fn indexed_unit_lookup_agrees_with_the_search(
            v in proptest::collection::vec(proptest::sample::select(vec![
                "h", "ò", "a", "Đ", "ư", "ơ", "ờ", "2", " ", "  ", "\t", ".", "!", "@", "-", "x",
                "A", "uu", "\u{300}", "\u{200B}", "😀", "С", "“", "n\u{303}", "\u{301}\u{301}",
            ]), 100..300)
        ) {
            let text: String = v.concat();
            let t = NormalizedText::new(&text);
            proptest::prop_assume!(!t.folded_units.is_empty());
            proptest::prop_assert_eq!(lookup_disagrees_at(&t), None);
        }

        #[test]
        fn listed_tone_candidates_agree_on_random_text(
            v in proptest::collection::vec(proptest::sample::select(vec![
                "h", "o", "ò", "a", "à", "u", "ủ", "y", "ỷ", "q", "g", "i", "ì", "n", "g", "t",
                "ư", "ơ", "ờ", "ê", "ế", "2", " ", ".", "\u{200B}", "x", "A", "Ò", "\u{300}",
                "\u{31B}", "\u{323}", "\u{302}", "Ơ", "Ừ",
            ]), 0..40)
        ) {
            let text: String = v.concat();
            let mut full = built(&text);
            full.place_tones();
            let mut listed = built(&text);
            let at = std::mem::take(&mut listed.tone_at);
            listed.place_tones_at(at.as_slice());
            let chars = |b: &Builder| b.units.iter().map(|u| u.ch).collect::<String>();
            proptest::prop_assert_eq!(chars(&full), chars(&listed));
        }

        #[test]
        fn listed_passes_agree_with_full_passes_on_random_text(
            v in proptest::collection::vec(proptest::sample::select(vec![
                "h", "o", "ò", "ó", "a", "à", "á", "u", "ú", "ủ", "y", "ỷ", "q", "g", "i", "ì",
                "n", "t", "c", "m", "đ", "ư", "ơ", "ờ", "ớ", "ê", "ế", "2", "0", "@", " ", ".",
                "-", "\u{200B}", "A", "Ò", "U", "\u{300}", "\u{301}", "\u{31B}", "\u{323}",
                "Ơ", "Ừ", "ñ", "n\u{303}", "oo", "uuu", "aa", "àaa", "ơớơ", "\n",
            ]), 0..60)
        ) {
            let text: String = v.concat();
            assert_same_as_full_passes(&text);
        }
    }
}
