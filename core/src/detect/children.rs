//! A child's private information (Law on Children Art. 6.11; Decree 56/2017 Art. 33): a
//! *child indicator* ("bé", "con tôi", "học sinh lớp 3", "7 tuổi", "mầm non"…) together
//! with an *identifying element* in the same post — the child's name, school and class, age,
//! address, phone number, or a photo or video.
//!
//! One match is returned per identifying element, with the nearest indicator (that is not
//! part of the element) as its `context`. Confidence grows when several kinds of element
//! co-occur. An indicator alone, or an element alone, is never a match. All word lists live
//! in `spec/detectors/children.toml`.

use crate::detect::patterns::invalid;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::ops::Range;

use super::patterns::{
    check_confidences, data_error, exact_key, gap, nearest, parse_json_data, token_at, tokens,
    DetectorDataError, DetectorDataErrorKind, DetectorMeta, FoldedText, PhraseEntry, PhraseHit,
    PhraseSet, SignalKind, SignalMatch, Token,
};

const FILE: &str = "children.toml";

// ---------------------------------------------------------------------------------------------
// Data
// ---------------------------------------------------------------------------------------------

/// The content of `spec/detectors/children.toml`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChildrenData {
    /// File header.
    pub detector: DetectorMeta,
    /// What says a post is about a child.
    pub indicators: IndicatorData,
    /// How names are recognised.
    pub names: NameData,
    /// How schools are recognised.
    pub school: SchoolData,
    /// Photo and video words.
    pub photo: PhotoData,
    /// Confidences.
    pub confidence: ChildConfidence,
}

/// Child indicators.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndicatorData {
    /// Indicator phrases ("bé", "con tôi", "học sinh", "mầm non", …).
    pub phrases: Vec<PhraseEntry>,
    /// Phrases that contain an indicator but are not one ("du học sinh", "nhỏ bé").
    #[serde(default)]
    pub not_indicators: Vec<PhraseEntry>,
    /// Words after an age ("tuổi").
    pub age_words: Vec<PhraseEntry>,
    /// Ages above this are not a child's.
    pub max_age: u32,
    /// Words after an age in months ("tháng tuổi").
    pub month_age_words: Vec<PhraseEntry>,
    /// Words before a class number ("lớp").
    pub class_words: Vec<PhraseEntry>,
    /// Highest class number (12).
    pub max_class: u32,
}

/// Names.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NameData {
    /// Words allowed between an indicator and a name ("tên là").
    pub links: Vec<PhraseEntry>,
    /// Fewest syllables of a full name.
    pub min_syllables: usize,
    /// Most syllables of a full name.
    pub max_syllables: usize,
    /// Capitalised words that end a name.
    pub stop_words: Vec<String>,
}

/// Schools.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SchoolData {
    /// "trường".
    pub school_words: Vec<PhraseEntry>,
    /// School levels ("tiểu học", "THCS").
    pub levels: Vec<PhraseEntry>,
}

/// Photo and video words.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PhotoData {
    /// "ảnh", "hình", "clip", "video", …
    pub words: Vec<PhraseEntry>,
}

/// Base confidences per element kind and how they combine.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChildConfidence {
    /// A full name.
    pub name: f64,
    /// A school (with or without class).
    pub school_class: f64,
    /// A class with a letter ("lớp 3A") and no school.
    pub class_only: f64,
    /// An age.
    pub age: f64,
    /// An address.
    pub address: f64,
    /// A phone number.
    pub phone: f64,
    /// A photo or video.
    pub photo: f64,
    /// Added per further kind of element in the post.
    pub per_extra_kind: f64,
    /// Upper bound.
    pub max: f64,
    /// Multiplier when the indicator matched only without diacritics.
    pub folded_factor: f64,
}

// ---------------------------------------------------------------------------------------------
// Compiled detector
// ---------------------------------------------------------------------------------------------

const L_INDICATOR: usize = 0;
const L_AGE: usize = 1;
const L_MONTHS: usize = 2;
const L_CLASS: usize = 3;
const L_LINK: usize = 4;
const L_SCHOOL: usize = 5;
const L_LEVEL: usize = 6;
const L_PHOTO: usize = 7;
const L_NOT: usize = 8;
const LISTS: usize = 9;

/// What made a span a child indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IndicatorKind {
    /// A listed phrase ("bé", "con tôi").
    Phrase,
    /// "N tuổi" with N at most the maximum age, or "N tháng tuổi".
    Age,
    /// "lớp N".
    Class,
}

/// A span saying the post is about a child.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChildIndicator {
    /// Byte range in the post.
    pub range: Range<usize>,
    /// What kind of indicator.
    pub kind: IndicatorKind,
    /// The phrase's weight.
    pub weight: f64,
    /// False when it matched only without diacritics.
    pub exact: bool,
    /// Token range (internal).
    #[serde(skip)]
    toks: Range<usize>,
    /// For a class: it carries a letter ("3A").
    #[serde(skip)]
    named_class: bool,
}

/// The compiled children detector. Immutable, `Send + Sync`; build once.
#[derive(Debug, Clone)]
pub struct ChildrenDetector {
    data: ChildrenData,
    phrases: PhraseSet,
    stop_words: HashSet<String>,
}

/// A phrase hit anchored on tokens.
#[derive(Debug, Clone, Copy)]
struct Anchor {
    list: usize,
    first: usize,
    last: usize,
    exact: bool,
    weight: f64,
}

/// An identifying element before it is paired with an indicator.
#[derive(Debug, Clone)]
struct Element {
    kind: SignalKind,
    range: Range<usize>,
    base: f64,
    masked: String,
    detail: Option<String>,
}

impl ChildrenDetector {
    /// Compiles the detector from the text of `children.toml`.
    #[cfg(feature = "toml")]
    pub fn from_toml(text: &str) -> Result<ChildrenDetector, DetectorDataError> {
        Self::compile(super::patterns::parse_data(FILE, text)?, text)
    }

    /// Compiles the detector from the same data written as JSON.
    pub fn from_json(text: &str) -> Result<ChildrenDetector, DetectorDataError> {
        Self::compile(parse_json_data(FILE, text)?, text)
    }

    fn compile(data: ChildrenData, text: &str) -> Result<ChildrenDetector, DetectorDataError> {
        data.detector.check(FILE, text, "children")?;
        let inv = |field: &str, msg: &str| invalid(FILE, text, field, msg);
        let c = &data.confidence;
        check_confidences(
            FILE,
            text,
            &[
                ("confidence.name", c.name),
                ("confidence.school_class", c.school_class),
                ("confidence.class_only", c.class_only),
                ("confidence.age", c.age),
                ("confidence.address", c.address),
                ("confidence.phone", c.phone),
                ("confidence.photo", c.photo),
                ("confidence.per_extra_kind", c.per_extra_kind),
                ("confidence.max", c.max),
                ("confidence.folded_factor", c.folded_factor),
            ],
        )?;
        let n = &data.names;
        if n.min_syllables < 1 || n.min_syllables > n.max_syllables || n.max_syllables > 8 {
            return Err(inv(
                "names.min_syllables",
                "need 1 <= min_syllables <= max_syllables <= 8",
            ));
        }
        if data.indicators.max_age > 17 {
            return Err(inv("indicators.max_age", "a child is under 16; at most 17"));
        }
        if data.indicators.max_class == 0 || data.indicators.max_class > 12 {
            return Err(inv("indicators.max_class", "classes run from 1 to 12"));
        }
        if data.indicators.phrases.is_empty() {
            return Err(data_error(
                FILE,
                text,
                "indicators.phrases",
                DetectorDataErrorKind::Empty,
            ));
        }
        let phrases = PhraseSet::build_lists(
            FILE,
            text,
            &[
                ("indicators.phrases", &data.indicators.phrases),
                ("indicators.age_words", &data.indicators.age_words),
                (
                    "indicators.month_age_words",
                    &data.indicators.month_age_words,
                ),
                ("indicators.class_words", &data.indicators.class_words),
                ("names.links", &data.names.links),
                ("school.school_words", &data.school.school_words),
                ("school.levels", &data.school.levels),
                ("photo.words", &data.photo.words),
                ("indicators.not_indicators", &data.indicators.not_indicators),
            ],
        )?;
        let mut stop_words = HashSet::new();
        for (i, w) in data.names.stop_words.iter().enumerate() {
            // Compared with diacritics: "năm" (year) must not stop the name "Nam".
            let f = exact_key(w.trim());
            if f.is_empty() || f.contains(' ') {
                return Err(inv(
                    &format!("names.stop_words[{i}]"),
                    "a stop word is one non-empty syllable",
                ));
            }
            stop_words.insert(f);
        }
        Ok(ChildrenDetector {
            data,
            phrases,
            stop_words,
        })
    }

    /// The data the detector was compiled from.
    pub fn data(&self) -> &ChildrenData {
        &self.data
    }

    /// Finds a child's private information. `personal` are the matches of
    /// [`PersonalDetector`](super::personal::PersonalDetector) on the same text (pass `&[]`
    /// to skip addresses and phones).
    ///
    /// ```
    /// use ungxu::detect::patterns::{SignalKind, CHILDREN_TOML};
    /// use ungxu::detect::children::ChildrenDetector;
    /// let d = ChildrenDetector::from_toml(CHILDREN_TOML).unwrap();
    /// let text = "Chúc mừng sinh nhật bé Nguyễn Minh Anh 6 tuổi!";
    /// let found = d.detect(text, &[]);
    /// let kinds: Vec<_> = found.iter().map(|m| m.kind).collect();
    /// assert_eq!(kinds, [SignalKind::ChildName, SignalKind::ChildAge]);
    /// assert_eq!(&text[found[0].range.clone()], "Nguyễn Minh Anh");
    /// assert!(d.detect("Bé ơi ngủ ngoan", &[]).is_empty());
    /// ```
    pub fn detect(&self, text: &str, personal: &[SignalMatch]) -> Vec<SignalMatch> {
        self.detect_folded(&FoldedText::new(text), personal)
    }

    /// The child indicators of a text (for explanations and tests).
    pub fn indicators(&self, text: &str) -> Vec<ChildIndicator> {
        let ft = FoldedText::new(text);
        let toks = tokens(&ft);
        let anchors = self.anchors(&ft, &toks);
        self.find_indicators(&ft, &toks, &anchors)
    }

    /// [`detect`](Self::detect) on a text already folded.
    pub fn detect_folded(&self, ft: &FoldedText<'_>, personal: &[SignalMatch]) -> Vec<SignalMatch> {
        self.detect_with_phrases(ft, self.phrases.find(ft), personal)
    }

    /// The phrase lists, for a scan shared with other detectors.
    pub(crate) fn phrases(&self) -> &PhraseSet {
        &self.phrases
    }

    /// [`detect_folded`](Self::detect_folded) with the hits of [`phrases`](Self::phrases)
    /// already found.
    pub(crate) fn detect_with_phrases(
        &self,
        ft: &FoldedText<'_>,
        hits: Vec<PhraseHit>,
        personal: &[SignalMatch],
    ) -> Vec<SignalMatch> {
        if hits.is_empty() {
            return Vec::new();
        }
        let toks = tokens(ft);
        let anchors = anchors_of(hits, &toks);
        let indicators = self.find_indicators(ft, &toks, &anchors);
        if indicators.is_empty() {
            return Vec::new();
        }
        let c = &self.data.confidence;
        let mut elements: Vec<Element> = Vec::new();

        // Names after a phrase indicator, and names before an age.
        for ind in &indicators {
            match ind.kind {
                IndicatorKind::Phrase => {
                    // "tiểu học", "mầm non" are indicators, but what follows them is a
                    // school's name, not a child's.
                    let i = anchors.partition_point(|a| a.first < ind.toks.start);
                    let is_level = anchors
                        .get(i..)
                        .unwrap_or(&[])
                        .iter()
                        .take_while(|a| a.first == ind.toks.start)
                        .any(|a| a.list == L_LEVEL || a.list == L_SCHOOL);
                    if is_level {
                        continue;
                    }
                    if let Some(r) = self.name_after(ft, &toks, &anchors, ind.toks.end) {
                        elements.push(self.element(ft, SignalKind::ChildName, r, c.name));
                    }
                }
                IndicatorKind::Age => {
                    if let Some(r) = self.name_before(ft, &toks, ind.toks.start) {
                        elements.push(self.element(ft, SignalKind::ChildName, r, c.name));
                    }
                    elements.push(self.element(ft, SignalKind::ChildAge, ind.range.clone(), c.age));
                }
                IndicatorKind::Class => {}
            }
        }

        // Schools (with their class), then classes with a letter outside any school.
        let schools = self.schools(ft, &toks, &anchors, &indicators);
        for ind in indicators.iter().filter(|i| i.named_class) {
            if !schools
                .iter()
                .any(|s| s.start <= ind.range.start && ind.range.end <= s.end)
            {
                let mut e = self.element(
                    ft,
                    SignalKind::ChildSchoolClass,
                    ind.range.clone(),
                    c.class_only,
                );
                e.detail = Some("class".into());
                elements.push(e);
            }
        }
        // "Bé Nguyễn Minh An 8 tuổi": the name before the age can swallow a capitalised
        // indicator at the start of a sentence; of overlapping names keep the innermost.
        let names: Vec<Range<usize>> = elements
            .iter()
            .filter(|e| e.kind == SignalKind::ChildName)
            .map(|e| e.range.clone())
            .collect();
        elements.retain(|e| {
            e.kind != SignalKind::ChildName
                || !names
                    .iter()
                    .any(|n| *n != e.range && e.range.start <= n.start && n.end <= e.range.end)
        });
        elements.dedup_by(|a, b| a.kind == b.kind && a.range == b.range);
        // A "name" inside a school's name is the school's ("THCS Nguyễn Du").
        elements.retain(|e| {
            e.kind != SignalKind::ChildName
                || !schools
                    .iter()
                    .any(|s| s.start < e.range.end && e.range.start < s.end)
        });
        for s in schools {
            elements.push(self.element(ft, SignalKind::ChildSchoolClass, s, c.school_class));
        }

        // Photos (the longest of overlapping words: "hình ảnh", not "hình" and "ảnh").
        let mut photo_until = 0usize;
        for a in anchors.iter().filter(|a| a.list == L_PHOTO) {
            if a.first < photo_until {
                continue;
            }
            let i = anchors.partition_point(|b| b.first < a.first);
            let last = anchors
                .get(i..)
                .unwrap_or(&[])
                .iter()
                .take_while(|b| b.first == a.first)
                .filter(|b| b.list == L_PHOTO)
                .map(|b| b.last)
                .max()
                .unwrap_or(a.last);
            photo_until = last + 1;
            let r = span(&toks, a.first, last);
            elements.push(self.element(ft, SignalKind::ChildPhoto, r, c.photo));
        }

        // Addresses and phones found by the personal-data detector.
        for m in personal {
            let (kind, base) = match m.kind {
                SignalKind::Address => (SignalKind::ChildAddress, c.address),
                SignalKind::Phone | SignalKind::Landline => (SignalKind::ChildPhone, c.phone),
                _ => continue,
            };
            if ft.original().get(m.range.clone()).is_none() {
                continue;
            }
            elements.push(Element {
                kind,
                range: m.range.clone(),
                base,
                masked: m.masked.clone(),
                detail: None,
            });
        }

        // Pair each element with the nearest indicator outside it.
        crate::sort::sort_by(&mut elements, |a, b| {
            (a.range.start, a.range.end, a.kind).cmp(&(b.range.start, b.range.end, b.kind))
        });
        elements.dedup_by(|a, b| a.kind == b.kind && a.range == b.range);
        let mut paired: Vec<(Element, &ChildIndicator)> = Vec::new();
        let mut lone_ages: Vec<(Element, &ChildIndicator)> = Vec::new();
        // "lớp 10" says a grade, not a child: a school needs a stronger indicator ("Trường
        // THPT X tuyển sinh lớp 10" is not about a child).
        let strong: Vec<ChildIndicator> = indicators
            .iter()
            .filter(|i| i.kind != IndicatorKind::Class)
            .cloned()
            .collect();
        for e in elements {
            let pool = if e.kind == SignalKind::ChildSchoolClass {
                &strong
            } else {
                &indicators
            };
            if let Some(ind) = nearest_outside(pool, &e.range) {
                paired.push((e, ind));
            } else if e.kind == SignalKind::ChildAge {
                // "Nguyễn Hoàng Nam (8 tuổi)": the age is the only indicator; it is reported
                // when it identifies something else (the name), never on its own.
                let i = indicators.partition_point(|i| i.range.start < e.range.start);
                if let Some(ind) = indicators.get(i).filter(|i| i.range == e.range) {
                    lone_ages.push((e, ind));
                }
            }
        }
        if !paired.is_empty() {
            paired.extend(lone_ages);
            crate::sort::sort_by(&mut paired, |a, b| {
                (a.0.range.start, a.0.range.end, a.0.kind).cmp(&(
                    b.0.range.start,
                    b.0.range.end,
                    b.0.kind,
                ))
            });
        }
        let mut kinds: Vec<SignalKind> = paired.iter().map(|(e, _)| e.kind).collect();
        kinds.sort_unstable();
        kinds.dedup();
        let extra = c.per_extra_kind * kinds.len().saturating_sub(1) as f64;
        paired
            .into_iter()
            .map(|(e, ind)| {
                let mut conf = (e.base + extra).min(c.max) * ind.weight;
                if !ind.exact {
                    conf *= c.folded_factor;
                }
                let mut m = SignalMatch::new(e.kind, e.range, conf, e.masked)
                    .with_context(Some(ind.range.clone()))
                    .folded(!ind.exact);
                m.detail = e.detail;
                m
            })
            .collect()
    }

    fn element(
        &self,
        ft: &FoldedText<'_>,
        kind: SignalKind,
        range: Range<usize>,
        base: f64,
    ) -> Element {
        let s = ft.original().get(range.clone()).unwrap_or("");
        let masked = match kind {
            SignalKind::ChildName => mask_name(s),
            _ => s.to_string(),
        };
        Element {
            kind,
            range,
            base,
            masked,
            detail: None,
        }
    }

    /// Phrase hits anchored on whole tokens, sorted by first token.
    fn anchors(&self, ft: &FoldedText<'_>, toks: &[Token]) -> Vec<Anchor> {
        anchors_of(self.phrases.find(ft), toks)
    }

    fn find_indicators(
        &self,
        ft: &FoldedText<'_>,
        toks: &[Token],
        anchors: &[Anchor],
    ) -> Vec<ChildIndicator> {
        let ind = &self.data.indicators;
        let mut out = Vec::new();
        // Token ranges of phrases that contain an indicator but are not one.
        let not: Vec<(usize, usize)> = anchors
            .iter()
            .filter(|a| a.list == L_NOT)
            .map(|a| (a.first, a.last))
            .collect();
        for a in anchors {
            match a.list {
                L_INDICATOR if self.inside_name(ft, toks, a.first) => {}
                L_INDICATOR
                    if {
                        let i = not.partition_point(|n| n.1 < a.first);
                        not.get(i.saturating_sub(2)..)
                            .unwrap_or(&[])
                            .iter()
                            .take(4)
                            .any(|n| n.0 <= a.last && a.first <= n.1)
                    } => {}
                L_INDICATOR => out.push(ChildIndicator {
                    range: span(toks, a.first, a.last),
                    kind: IndicatorKind::Phrase,
                    weight: a.weight,
                    exact: a.exact,
                    toks: a.first..a.last + 1,
                    named_class: false,
                }),
                L_AGE | L_MONTHS => {
                    // "7 tuổi", "18 tháng tuổi": the number right before the age word.
                    let Some(n) = a.first.checked_sub(1) else {
                        continue;
                    };
                    let (Some(nt), Some(at)) = (toks.get(n), toks.get(a.first)) else {
                        continue;
                    };
                    if !nt.is_number(ft) || !matches!(gap(ft, nt, at), " " | "") {
                        continue;
                    }
                    let value: Option<u32> = nt.text(ft).parse().ok();
                    let child = a.list == L_MONTHS || value.is_some_and(|v| v <= ind.max_age);
                    if child {
                        out.push(ChildIndicator {
                            range: span(toks, n, a.last),
                            kind: IndicatorKind::Age,
                            weight: a.weight,
                            exact: a.exact,
                            toks: n..a.last + 1,
                            named_class: false,
                        });
                    }
                }
                L_CLASS => {
                    // "lớp 3", "lớp 10A1", "lớp 5/2".
                    let k = a.last + 1;
                    let (Some(lt), Some(nt)) = (toks.get(a.last), toks.get(k)) else {
                        continue;
                    };
                    if gap(ft, lt, nt) != " " {
                        continue;
                    }
                    let t = nt.text(ft);
                    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
                    let value: Option<u32> = t.get(..digits).and_then(|d| d.parse().ok());
                    let rest = t.get(digits..).unwrap_or("");
                    let ok_rest =
                        rest.len() <= 3 && rest.bytes().all(|b| b.is_ascii_alphanumeric());
                    if !value.is_some_and(|v| v >= 1 && v <= ind.max_class) || !ok_rest {
                        continue;
                    }
                    let mut last = k;
                    let mut named = !rest.is_empty();
                    // "lớp 5/2", "lớp 9-3".
                    if let (Some(cur), Some(next)) = (toks.get(k), toks.get(k + 1)) {
                        if matches!(gap(ft, cur, next), "/" | "-" | ".")
                            && next.is_number(ft)
                            && next.text(ft).len() <= 2
                        {
                            last = k + 1;
                            named = true;
                        }
                    }
                    out.push(ChildIndicator {
                        range: span(toks, a.first, last),
                        kind: IndicatorKind::Class,
                        weight: a.weight,
                        exact: a.exact,
                        toks: a.first..last + 1,
                        named_class: named,
                    });
                }
                _ => {}
            }
        }
        crate::sort::sort_by_key(&mut out, |m| (m.range.start, m.range.end));
        out
    }

    /// A full name right after token `k` (skipping an optional link such as "tên là").
    fn name_after(
        &self,
        ft: &FoldedText<'_>,
        toks: &[Token],
        anchors: &[Anchor],
        k: usize,
    ) -> Option<Range<usize>> {
        let mut start = k;
        // The longest link phrase starting at k.
        let i = anchors.partition_point(|a| a.first < k);
        if let Some(link) = anchors
            .get(i..)
            .unwrap_or(&[])
            .iter()
            .take_while(|a| a.first == k)
            .filter(|a| a.list == L_LINK)
            .max_by_key(|a| a.last)
        {
            start = link.last + 1;
        }
        let prev = toks.get(start.checked_sub(1)?)?;
        let first = toks.get(start)?;
        if !matches!(gap(ft, prev, first), " " | ": " | ":" | ", ") {
            return None;
        }
        let n = &self.data.names;
        let mut end = None;
        for idx in start..start + n.max_syllables {
            let Some(t) = toks.get(idx) else {
                break;
            };
            if !self.name_word(ft, t) {
                break;
            }
            if idx > start && toks.get(idx - 1).is_none_or(|p| gap(ft, p, t) != " ") {
                break;
            }
            end = Some(idx);
        }
        let end = end?;
        if end + 1 - start < n.min_syllables {
            return None;
        }
        Some(span(toks, start, end))
    }

    /// A full name ending right before an age ("Nguyễn Văn An, 7 tuổi", "… An (7 tuổi)").
    fn name_before(
        &self,
        ft: &FoldedText<'_>,
        toks: &[Token],
        age_tok: usize,
    ) -> Option<Range<usize>> {
        let last = age_tok.checked_sub(1)?;
        let (lt, at) = (toks.get(last)?, toks.get(age_tok)?);
        if !matches!(
            gap(ft, lt, at),
            " " | ", " | " (" | "," | "(" | " - " | ": "
        ) {
            return None;
        }
        let n = &self.data.names;
        let mut first = None;
        for idx in (last.saturating_sub(n.max_syllables - 1)..=last).rev() {
            let Some(t) = toks.get(idx) else {
                break;
            };
            if !self.name_word(ft, t) {
                break;
            }
            if idx < last && toks.get(idx + 1).is_none_or(|q| gap(ft, t, q) != " ") {
                break;
            }
            first = Some(idx);
        }
        let first = first?;
        if last + 1 - first < n.min_syllables {
            return None;
        }
        Some(span(toks, first, last))
    }

    /// Is token `k` a capitalised word inside a run of capitalised words — a tagged user
    /// ("@Bé Hoan", "Quỳnh Bé Như") or a proper name ("Tis Trường Giang")?
    fn inside_name(&self, ft: &FoldedText<'_>, toks: &[Token], k: usize) -> bool {
        let Some(t) = toks.get(k) else {
            return false;
        };
        let before = ft.original().get(..t.original.start).unwrap_or("");
        if before.ends_with('@') {
            return true;
        }
        let Some(prev) = k.checked_sub(1).and_then(|p| toks.get(p)) else {
            return false;
        };
        t.is_capitalised(ft) && gap(ft, prev, t) == " " && self.name_word(ft, prev)
    }

    /// A capitalised word of letters (not all capitals: that is shouting, or an acronym)
    /// that is not a stop word.
    fn name_word(&self, ft: &FoldedText<'_>, t: &Token) -> bool {
        let text = t.text(ft);
        let orig = t.original_text(ft);
        let shouting = orig.chars().filter(|c| c.is_alphabetic()).count() > 1
            && !orig.chars().any(char::is_lowercase);
        t.is_capitalised(ft)
            && !shouting
            && !text.is_empty()
            && text.chars().all(char::is_alphabetic)
            && !self.stop_words.contains(&exact_key(t.original_text(ft)))
    }

    /// Schools: "trường [level] Name [lớp 3A]" or "Level Name [lớp 3A]".
    fn schools(
        &self,
        ft: &FoldedText<'_>,
        toks: &[Token],
        anchors: &[Anchor],
        indicators: &[ChildIndicator],
    ) -> Vec<Range<usize>> {
        let mut out: Vec<Range<usize>> = Vec::new();
        let mut covered_until = 0usize;
        // Token index -> the class indicator starting there.
        let mut class_at: Vec<Option<usize>> = vec![None; toks.len()];
        for (i, ind) in indicators.iter().enumerate() {
            if ind.kind == IndicatorKind::Class {
                if let Some(slot) = class_at.get_mut(ind.toks.start) {
                    *slot = Some(i);
                }
            }
        }
        for a in anchors
            .iter()
            .filter(|a| a.list == L_SCHOOL || a.list == L_LEVEL)
        {
            if a.first < covered_until || self.inside_name(ft, toks, a.first) {
                continue;
            }
            let mut k = a.last + 1;
            let mut has_level = a.list == L_LEVEL;
            // "trường Tiểu học …": skip a level after the school word.
            if a.list == L_SCHOOL {
                let i = anchors.partition_point(|x| x.first < k);
                if let Some(level) = anchors
                    .get(i..)
                    .unwrap_or(&[])
                    .iter()
                    .take_while(|x| x.first == k)
                    .filter(|x| x.list == L_LEVEL)
                    .max_by_key(|x| x.last)
                {
                    k = level.last + 1;
                    has_level = true;
                }
            }
            // A name of 1–5 capitalised words (numbers allowed after the first: "Số 2").
            let mut end = None;
            for idx in k..k + 5 {
                let Some(t) = toks.get(idx) else {
                    break;
                };
                let prev = idx.checked_sub(1).and_then(|p| toks.get(p));
                if prev.is_none_or(|p| gap(ft, p, t) != " ") {
                    break;
                }
                let word = t.is_capitalised(ft) || (idx > k && t.is_number(ft));
                if !word || class_at.get(idx).copied().flatten().is_some() {
                    break;
                }
                end = Some(idx);
            }
            let Some(mut end) = end else {
                continue;
            };
            // Without a level, one capitalised word is more often a person ("Trường Giang").
            if !has_level && end < k + 1 {
                continue;
            }
            // A class right after: "… Kim Đồng lớp 3A", "…, lớp 3A".
            if let Some(cls) = class_at
                .get(end + 1)
                .copied()
                .flatten()
                .and_then(|i| indicators.get(i))
            {
                let ok = toks
                    .get(end)
                    .zip(toks.get(end + 1))
                    .is_some_and(|(p, q)| matches!(gap(ft, p, q), " " | ", " | " - "));
                if ok {
                    end = cls.toks.end.saturating_sub(1).max(end);
                }
            }
            covered_until = end + 1;
            out.push(span(toks, a.first, end));
        }
        out
    }
}

/// Phrase hits anchored on whole tokens, sorted by first token.
fn anchors_of(hits: Vec<super::patterns::PhraseHit>, toks: &[Token]) -> Vec<Anchor> {
    let mut out = Vec::new();
    for h in hits {
        let first = token_at(toks, h.folded.start);
        if toks
            .get(first)
            .is_none_or(|t| t.folded.start != h.folded.start)
        {
            continue;
        }
        let last = token_at(toks, h.folded.end.saturating_sub(1));
        if h.list >= LISTS {
            continue;
        }
        out.push(Anchor {
            list: h.list,
            first,
            last,
            exact: h.exact,
            weight: h.weight,
        });
    }
    out
}

/// Original byte range of tokens `first..=last`.
fn span(toks: &[Token], first: usize, last: usize) -> Range<usize> {
    let start = toks.get(first).map_or(0, |t| t.original.start);
    let end = toks.get(last).map_or(start, |t| t.original.end).max(start);
    start..end
}

/// The nearest indicator that does not overlap the element (indicators sorted by start).
fn nearest_outside<'i>(
    indicators: &'i [ChildIndicator],
    r: &Range<usize>,
) -> Option<&'i ChildIndicator> {
    nearest(indicators, |i| &i.range, r, usize::MAX)
}

/// "Nguyễn Văn An" → "N. V. A." (initials only).
fn mask_name(s: &str) -> String {
    s.split_whitespace()
        .filter_map(|w| w.chars().next())
        .map(|c| format!("{c}."))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::patterns::CHILDREN_TOML;

    fn d() -> ChildrenDetector {
        ChildrenDetector::from_toml(CHILDREN_TOML).unwrap()
    }

    fn kinds(text: &str) -> Vec<(SignalKind, String)> {
        d().detect(text, &[])
            .into_iter()
            .map(|m| (m.kind, text[m.range].to_string()))
            .collect()
    }

    #[test]
    fn name_after_link_words() {
        let k = kinds("Con tôi tên là Nguyễn Minh Khang, năm nay học lớp 2.");
        assert_eq!(
            k,
            [(SignalKind::ChildName, "Nguyễn Minh Khang".to_string())]
        );
    }

    #[test]
    fn school_with_class() {
        let k = kinds("Cháu đang học trường Tiểu học Kim Đồng lớp 3A");
        assert_eq!(
            k,
            [(
                SignalKind::ChildSchoolClass,
                "trường Tiểu học Kim Đồng lớp 3A".to_string()
            )]
        );
    }

    #[test]
    fn school_announcement_alone_is_not_a_match() {
        assert!(kinds("Trường Tiểu học Kim Đồng khai giảng năm học mới").is_empty());
    }

    #[test]
    fn ages_above_fifteen_are_not_children() {
        assert!(d().indicators("anh ấy 25 tuổi").is_empty());
        assert_eq!(d().indicators("bé 18 tháng tuổi").len(), 2);
    }

    #[test]
    fn names_are_masked_to_initials() {
        assert_eq!(mask_name("Nguyễn Văn An"), "N. V. A.");
    }
}
