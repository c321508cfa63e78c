//! Shared pieces of the pattern detectors ([`personal`](super::personal),
//! [`children`](super::children), [`sources`](super::sources),
//! [`impersonation`](super::impersonation)): the match type they all return, the typed error
//! for their data files, a small tone-folding view of the post with an alignment map back to
//! the original bytes, and a whole-syllable phrase matcher built on `aho-corasick`.
//!
//! # Guarantees
//!
//! - Every range a detector returns is a byte range into the text it was given, lying on
//!   `char` boundaries, with `start < end <= text.len()`.
//! - Every detector runs in time linear in the length of the post (automata and bounded
//!   look-arounds; no backtracking), and never panics on any input.
//! - Nothing here reads files, the network or the clock; data is passed in as `&str`.
//!
//! # Folding (local helper)
//!
//! [`FoldedText`] lower-cases, removes every combining mark (tones *and* the vowel marks
//! â ă ê ô ơ ư), folds `đ` to `d` and collapses whitespace runs to one space, keeping a map
//! from each folded byte to the original character it came from. Whether a phrase matched
//! with its exact diacritics is decided on the original text with [`exact_key`], which is
//! insensitive to case, Unicode normalisation form and tone placement (`hòa` = `hoà`).
//! This is a deliberately small stand-in for the shared normaliser in `crate::text`; the
//! detectors only use it through [`FoldedText`] and [`PhraseSet`], so switching is local.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::ops::Range;
use unicode_normalization::char::{decompose_canonical, is_combining_mark};

use super::children::ChildrenDetector;
use super::impersonation::ImpersonationDetector;
use super::personal::PersonalDetector;
use super::sources::SourcesDetector;

// ---------------------------------------------------------------------------------------------
// Embedded data
// ---------------------------------------------------------------------------------------------

/// `spec/detectors/personal.toml` as embedded in the library.
pub const PERSONAL_TOML: &str = include_str!("../../../spec/detectors/personal.toml");
/// `spec/detectors/children.toml` as embedded in the library.
pub const CHILDREN_TOML: &str = include_str!("../../../spec/detectors/children.toml");
/// `spec/detectors/sources.toml` as embedded in the library.
pub const SOURCES_TOML: &str = include_str!("../../../spec/detectors/sources.toml");
/// `spec/detectors/impersonation.toml` as embedded in the library.
pub const IMPERSONATION_TOML: &str = include_str!("../../../spec/detectors/impersonation.toml");

// What the engine parses: the JSON conversions of the four files (core/build.rs), which hold
// the same data and parse faster (and without the `toml` feature).
const PERSONAL_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/detectors/personal.json"));
const CHILDREN_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/detectors/children.json"));
const SOURCES_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/detectors/sources.json"));
const IMPERSONATION_JSON: &str =
    include_str!(concat!(env!("OUT_DIR"), "/detectors/impersonation.json"));

// ---------------------------------------------------------------------------------------------
// Matches
// ---------------------------------------------------------------------------------------------

/// What a pattern detector found. The stable detector id of each kind is
/// [`SignalKind::detector_id`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SignalKind {
    /// A Vietnamese mobile number (`personal.phone`).
    Phone,
    /// A Vietnamese landline number (`personal.landline`).
    Landline,
    /// A 12-digit citizen identity number, CCCD / personal identification number
    /// (`personal.citizen_id`).
    CitizenId,
    /// An old 9-digit identity card number, CMND (`personal.legacy_id`).
    LegacyId,
    /// A bank account number next to a bank name or an account word (`personal.bank_account`).
    BankAccount,
    /// An e-mail address (`personal.email`).
    Email,
    /// A street address with a house number (`personal.address`).
    Address,
    /// A child's full name (`children.name`).
    ChildName,
    /// A child's school and/or class (`children.school_class`).
    ChildSchoolClass,
    /// A child's age (`children.age`).
    ChildAge,
    /// An address in a post about a child (`children.address`).
    ChildAddress,
    /// A phone number in a post about a child (`children.phone`).
    ChildPhone,
    /// A photo or video of a child is mentioned (`children.photo`).
    ChildPhoto,
    /// A link to an official state domain (`sources.official`).
    OfficialLink,
    /// A link to a licensed press outlet (`sources.press`).
    PressLink,
    /// A link through a URL shortener, destination unknown (`sources.shortener`).
    ShortenerLink,
    /// A link whose domain matches a known scam / lookalike pattern (`sources.suspicious`).
    SuspiciousLink,
    /// A link to any other domain (`sources.unknown`).
    UnknownLink,
    /// Sensational framing in a post that links an official or press source
    /// (`sources.sensational`).
    Sensational,
    /// Sensational framing in a post with no official or press source (`sources.unsourced`).
    SensationalUnsourced,
    /// An unverified account name, or a link domain, claiming a state body
    /// (`impersonation.state_body`).
    ImpersonatesStateBody,
    /// An unverified account name, or a link domain, claiming a press outlet
    /// (`impersonation.press_outlet`).
    ImpersonatesPress,
    /// An unverified account name calling itself "official" without naming a body
    /// (`impersonation.official_claim`).
    OfficialClaim,
}

impl SignalKind {
    /// Every kind, in declaration order.
    pub const ALL: [SignalKind; 23] = [
        SignalKind::Phone,
        SignalKind::Landline,
        SignalKind::CitizenId,
        SignalKind::LegacyId,
        SignalKind::BankAccount,
        SignalKind::Email,
        SignalKind::Address,
        SignalKind::ChildName,
        SignalKind::ChildSchoolClass,
        SignalKind::ChildAge,
        SignalKind::ChildAddress,
        SignalKind::ChildPhone,
        SignalKind::ChildPhoto,
        SignalKind::OfficialLink,
        SignalKind::PressLink,
        SignalKind::ShortenerLink,
        SignalKind::SuspiciousLink,
        SignalKind::UnknownLink,
        SignalKind::Sensational,
        SignalKind::SensationalUnsourced,
        SignalKind::ImpersonatesStateBody,
        SignalKind::ImpersonatesPress,
        SignalKind::OfficialClaim,
    ];

    /// The stable detector id (`family.kind`), e.g. `personal.phone`.
    pub fn detector_id(self) -> &'static str {
        match self {
            SignalKind::Phone => "personal.phone",
            SignalKind::Landline => "personal.landline",
            SignalKind::CitizenId => "personal.citizen_id",
            SignalKind::LegacyId => "personal.legacy_id",
            SignalKind::BankAccount => "personal.bank_account",
            SignalKind::Email => "personal.email",
            SignalKind::Address => "personal.address",
            SignalKind::ChildName => "children.name",
            SignalKind::ChildSchoolClass => "children.school_class",
            SignalKind::ChildAge => "children.age",
            SignalKind::ChildAddress => "children.address",
            SignalKind::ChildPhone => "children.phone",
            SignalKind::ChildPhoto => "children.photo",
            SignalKind::OfficialLink => "sources.official",
            SignalKind::PressLink => "sources.press",
            SignalKind::ShortenerLink => "sources.shortener",
            SignalKind::SuspiciousLink => "sources.suspicious",
            SignalKind::UnknownLink => "sources.unknown",
            SignalKind::Sensational => "sources.sensational",
            SignalKind::SensationalUnsourced => "sources.unsourced",
            SignalKind::ImpersonatesStateBody => "impersonation.state_body",
            SignalKind::ImpersonatesPress => "impersonation.press_outlet",
            SignalKind::OfficialClaim => "impersonation.official_claim",
        }
    }

    /// The detector family: `personal`, `children`, `sources` or `impersonation`.
    pub fn family(self) -> &'static str {
        let id = self.detector_id();
        id.split_once('.').map_or(id, |(family, _)| family)
    }

    /// True for the kinds that expose personal data (their evidence is masked).
    pub fn is_personal_data(self) -> bool {
        matches!(self.family(), "personal" | "children")
    }
}

/// One finding of a pattern detector.
///
/// `range` is a byte range into the text the detector was given (for
/// [`ImpersonationDetector::check_author`], the display name), on `char` boundaries.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SignalMatch {
    /// The stable detector id, e.g. `personal.phone` (always `kind.detector_id()`).
    pub detector: &'static str,
    /// What was found.
    pub kind: SignalKind,
    /// The evidence, as a byte range into the checked text.
    pub range: Range<usize>,
    /// How sure the detector is, in `[0, 1]`, rounded to two decimals.
    pub confidence: f64,
    /// The evidence with personal data masked (e.g. `09******78`); for links, the host.
    pub masked: String,
    /// A related span that supports the match: the context word of a number, the child
    /// indicator of a child's data, the sensational phrase's nearest link.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context: Option<Range<usize>>,
    /// A short explanation (province of a citizen id, bank name, link rule, `unsourced`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// True when a word of the match (or its context) only matched after removing
    /// diacritics; such matches carry lower confidence.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub via_folding: bool,
}

impl SignalMatch {
    /// A match with the detector id taken from `kind` and the confidence clamped and rounded.
    pub fn new(kind: SignalKind, range: Range<usize>, confidence: f64, masked: String) -> Self {
        SignalMatch {
            detector: kind.detector_id(),
            kind,
            range,
            confidence: round_confidence(confidence),
            masked,
            context: None,
            detail: None,
            via_folding: false,
        }
    }

    /// Sets the supporting span.
    pub fn with_context(mut self, context: Option<Range<usize>>) -> Self {
        self.context = context;
        self
    }

    /// Sets the explanation.
    pub fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }

    /// Marks the match as found only after folding diacritics.
    pub fn folded(mut self, via_folding: bool) -> Self {
        self.via_folding = via_folding;
        self
    }
}

/// Clamps to `[0, 1]` and rounds to two decimals (so JSON output is stable across languages).
pub fn round_confidence(c: f64) -> f64 {
    if c.is_nan() {
        return 0.0;
    }
    (c.clamp(0.0, 1.0) * 100.0).round() / 100.0
}

// ---------------------------------------------------------------------------------------------
// Bundle
// ---------------------------------------------------------------------------------------------

/// The four pattern detectors, compiled once (per engine) from their data files.
#[derive(Debug, Clone)]
pub struct SignalDetectors {
    personal: PersonalDetector,
    children: ChildrenDetector,
    sources: SourcesDetector,
    impersonation: ImpersonationDetector,
    /// The phrase lists of the first three, scanned in one pass.
    shared: SharedPhrases,
}

/// What [`SignalDetectors::check_post`] is told about the post's author.
#[derive(Debug, Clone, Copy, Default)]
pub struct Author<'a> {
    /// The display name.
    pub name: &'a str,
    /// Whether the platform verified the account as the body it names.
    pub verified: bool,
}

/// The signals of one post, grouped by where their ranges point.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct PostSignals {
    /// Matches whose ranges point into the post text, sorted by start.
    pub text: Vec<SignalMatch>,
    /// Matches whose ranges point into the author's display name.
    pub author: Vec<SignalMatch>,
}

impl SignalDetectors {
    /// Compiles the four detectors from the text of their data files.
    #[cfg(feature = "toml")]
    pub fn from_toml(
        personal: &str,
        children: &str,
        sources: &str,
        impersonation: &str,
    ) -> Result<Self, DetectorDataError> {
        Self::new(
            PersonalDetector::from_toml(personal)?,
            ChildrenDetector::from_toml(children)?,
            SourcesDetector::from_toml(sources)?,
            ImpersonationDetector::from_toml(impersonation)?,
        )
    }

    /// Compiles the detectors from the data embedded in the library
    /// ([`PERSONAL_TOML`], [`CHILDREN_TOML`], [`SOURCES_TOML`], [`IMPERSONATION_TOML`]).
    ///
    /// ```
    /// use ungxu::detect::patterns::{SignalDetectors, SignalKind};
    /// let d = SignalDetectors::embedded().unwrap();
    /// let found = d.check_post("Liên hệ 0912 345 678 nhé", None);
    /// assert_eq!(found.text[0].kind, SignalKind::Phone);
    /// assert_eq!(found.text[0].masked, "09******78");
    /// ```
    pub fn embedded() -> Result<Self, DetectorDataError> {
        Self::new(
            PersonalDetector::from_json(PERSONAL_JSON)?,
            ChildrenDetector::from_json(CHILDREN_JSON)?,
            SourcesDetector::from_json(SOURCES_JSON)?,
            ImpersonationDetector::from_json(IMPERSONATION_JSON)?,
        )
    }

    /// Bundles compiled detectors.
    pub fn new(
        personal: PersonalDetector,
        children: ChildrenDetector,
        sources: SourcesDetector,
        impersonation: ImpersonationDetector,
    ) -> Result<Self, DetectorDataError> {
        let shared = SharedPhrases::new(&personal, &children, &sources)?;
        Ok(SignalDetectors {
            personal,
            children,
            sources,
            impersonation,
            shared,
        })
    }

    /// Personal data (phones, ids, bank accounts, e-mail, addresses).
    pub fn personal(&self) -> &PersonalDetector {
        &self.personal
    }

    /// A child's private information.
    pub fn children(&self) -> &ChildrenDetector {
        &self.children
    }

    /// Links, their classification, and sensational framing.
    pub fn sources(&self) -> &SourcesDetector {
        &self.sources
    }

    /// Claims to be a state body or press outlet.
    pub fn impersonation(&self) -> &ImpersonationDetector {
        &self.impersonation
    }

    /// Runs every detector over a post (and, if given, its author).
    pub fn check_post(&self, text: &str, author: Option<Author<'_>>) -> PostSignals {
        self.check_folded(&FoldedText::new(text), author)
    }

    /// [`check_post`](Self::check_post) on a text already folded.
    pub(crate) fn check_folded(
        &self,
        folded: &FoldedText<'_>,
        author: Option<Author<'_>>,
    ) -> PostSignals {
        let text = folded.original();
        let hits = self.shared.find(folded);
        let personal =
            self.personal
                .detect_with_phrases(folded, Some(hits.context), Some(hits.address));
        let links = self.sources.links(text);
        let mut out = Vec::new();
        out.extend(
            self.children
                .detect_with_phrases(folded, hits.children, &personal),
        );
        out.extend(personal);
        out.extend(
            self.sources
                .detect_with_phrases(folded, &links, Some(hits.sensational)),
        );
        out.extend(self.impersonation.check_links(&links));
        crate::sort::sort_by(&mut out, |a, b| {
            (a.range.start, a.range.end, a.kind).cmp(&(b.range.start, b.range.end, b.kind))
        });
        let author = match author {
            Some(a) => self.impersonation.check_author(a.name, a.verified),
            None => Vec::new(),
        };
        PostSignals { text: out, author }
    }
}

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

/// A problem in a detector data file, with where it is.
///
/// Displays as `file:line:column: field.path: message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DetectorDataError {
    /// Which data file (`personal.toml`, `children.toml`, …).
    pub file: &'static str,
    /// Key path of the offending value, e.g. `phone.mobile_prefixes[3].prefix`; empty for the
    /// whole file.
    pub field: String,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// 1-based column in characters, when known.
    pub column: Option<usize>,
    /// What is wrong.
    pub kind: DetectorDataErrorKind,
}

/// What is wrong with a detector data file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DetectorDataErrorKind {
    /// Not valid TOML.
    #[error("syntax error: {0}")]
    Syntax(String),
    /// Valid TOML of the wrong shape (unknown or missing field, wrong type).
    #[error("{0}")]
    Shape(String),
    /// A required text or list is empty.
    #[error("must not be empty")]
    Empty,
    /// The same value appears twice where values must be unique.
    #[error("duplicate value `{0}`")]
    Duplicate(String),
    /// A value is outside what the field allows.
    #[error("{0}")]
    Invalid(String),
}

impl fmt::Display for DetectorDataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(col) = self.column {
                write!(f, ":{col}")?;
            }
        }
        if !self.field.is_empty() {
            write!(f, ": {}", self.field)?;
        }
        write!(f, ": {}", self.kind)
    }
}

impl std::error::Error for DetectorDataError {}

/// Parses a detector data file into its serde type, naming the field, line and column of
/// any syntax or shape error.
#[cfg(feature = "toml")]
pub(crate) fn parse_data<T: serde::de::DeserializeOwned>(
    file: &'static str,
    text: &str,
) -> Result<T, DetectorDataError> {
    let de = toml::Deserializer::parse(text).map_err(|e| {
        let (line, column) = position(text, e.span().map(|s| s.start));
        DetectorDataError {
            file,
            field: String::new(),
            line,
            column,
            kind: DetectorDataErrorKind::Syntax(e.message().trim().to_string()),
        }
    })?;
    serde_path_to_error::deserialize(de).map_err(|e| {
        let field = e.path().to_string();
        let field = if field == "." { String::new() } else { field };
        let inner = e.into_inner();
        let offset = inner
            .span()
            .map(|s| s.start)
            .or_else(|| locate(text, &field));
        let (line, column) = position(text, offset);
        DetectorDataError {
            file,
            field,
            line,
            column,
            kind: DetectorDataErrorKind::Shape(inner.message().trim().to_string()),
        }
    })
}

/// [`parse_data`] for the same data written as JSON.
pub(crate) fn parse_json_data<T: serde::de::DeserializeOwned>(
    file: &'static str,
    text: &str,
) -> Result<T, DetectorDataError> {
    let mut de = serde_json::Deserializer::from_str(text);
    let result = serde_path_to_error::deserialize(&mut de)
        .map_err(|e| {
            let field = e.path().to_string();
            (
                if field == "." { String::new() } else { field },
                e.into_inner(),
            )
        })
        .and_then(|v| de.end().map(|()| v).map_err(|e| (String::new(), e)));
    result.map_err(|(field, inner)| {
        let (line, column) = match inner.line() {
            0 => (None, None),
            l => (Some(l), Some(inner.column())),
        };
        let mut message = inner.to_string();
        if let Some(i) = message.rfind(" at line ") {
            message.truncate(i);
        }
        DetectorDataError {
            file,
            field,
            line,
            column,
            kind: if inner.is_syntax() || inner.is_eof() {
                DetectorDataErrorKind::Syntax(message)
            } else {
                DetectorDataErrorKind::Shape(message)
            },
        }
    })
}

/// Builds a located error for a semantic problem in a field (e.g. `phone.mobile_prefixes[3]`).
/// Fails on the first `(field, value)` that is not a confidence in [0, 1].
pub(crate) fn check_confidences(
    file: &'static str,
    text: &str,
    values: &[(&str, f64)],
) -> Result<(), DetectorDataError> {
    match values.iter().find(|(_, v)| !(0.0..=1.0).contains(v)) {
        Some((field, _)) => Err(data_error(
            file,
            text,
            *field,
            DetectorDataErrorKind::Invalid("a confidence must lie in [0, 1]".into()),
        )),
        None => Ok(()),
    }
}

/// A [`DetectorDataErrorKind::Invalid`] error about `field`.
pub(crate) fn invalid(file: &'static str, text: &str, field: &str, msg: &str) -> DetectorDataError {
    data_error(
        file,
        text,
        field,
        DetectorDataErrorKind::Invalid(msg.to_string()),
    )
}

pub(crate) fn data_error(
    file: &'static str,
    text: &str,
    field: impl Into<String>,
    kind: DetectorDataErrorKind,
) -> DetectorDataError {
    let field = field.into();
    let (line, column) = position(text, locate(text, &field));
    DetectorDataError {
        file,
        field,
        line,
        column,
        kind,
    }
}

fn position(text: &str, offset: Option<usize>) -> (Option<usize>, Option<usize>) {
    match offset {
        Some(o) => {
            let (l, c) = line_col(text, o);
            (Some(l), Some(c))
        }
        None => (None, None),
    }
}

/// 1-based line and column (in characters) of a byte offset.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = text.get(..offset).unwrap_or("");
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before.get(line_start..).unwrap_or("").chars().count() + 1;
    (line, column)
}

/// Byte offset of the value at a key path such as `a.b[2].c` (or of its deepest existing
/// ancestor). Only run when there is an error to report.
#[cfg(not(feature = "toml"))]
fn locate(_text: &str, _path: &str) -> Option<usize> {
    None
}

/// Byte offset of the value at a key path such as `a.b[2].c` (or of its deepest existing
/// ancestor), in TOML text; `None` in JSON text.
#[cfg(feature = "toml")]
fn locate(text: &str, path: &str) -> Option<usize> {
    let root = toml::de::DeTable::parse(text).ok()?;
    let mut best = root.span().start;
    let mut segs = Vec::new();
    for part in path.split('.') {
        let (key, mut rest) = match part.find('[') {
            Some(i) => part.split_at(i),
            None => (part, ""),
        };
        if !key.is_empty() {
            segs.push(Err(key));
        }
        while let Some(stripped) = rest.strip_prefix('[') {
            let Some(close) = stripped.find(']') else {
                break;
            };
            if let Ok(n) = stripped[..close].parse::<usize>() {
                segs.push(Ok(n));
            }
            rest = &stripped[close + 1..];
        }
    }
    let mut segs = segs.into_iter();
    let mut node = match segs.next() {
        Some(Err(k)) => root.get_ref().get(k)?,
        _ => return Some(best),
    };
    best = node.span().start;
    for seg in segs {
        let next = match seg {
            Err(k) => node.get_ref().get(k),
            Ok(i) => node.get_ref().get(i),
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

/// Common header of every detector data file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DetectorMeta {
    /// The detector family id (`personal`, `children`, `sources`, `impersonation`).
    pub id: String,
    /// Version of the data, bumped on every change.
    pub version: String,
    /// What the file is for.
    pub description: String,
    /// The legal basis the detector serves.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub legal_basis: Vec<String>,
    /// Anything a reviewer should know.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl DetectorMeta {
    pub(crate) fn check(
        &self,
        file: &'static str,
        text: &str,
        expected_id: &str,
    ) -> Result<(), DetectorDataError> {
        if self.id != expected_id {
            return Err(data_error(
                file,
                text,
                "detector.id",
                DetectorDataErrorKind::Invalid(format!(
                    "expected `{expected_id}`, found `{}`",
                    self.id
                )),
            ));
        }
        if self.version.trim().is_empty() {
            return Err(data_error(
                file,
                text,
                "detector.version",
                DetectorDataErrorKind::Empty,
            ));
        }
        Ok(())
    }
}

/// One phrase of a phrase list in a data file: either a bare string, or a table with
/// options.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum PhraseEntry {
    /// Just the phrase (matched with and without diacritics).
    Plain(String),
    /// The phrase with options.
    Full(PhraseSpec),
}

/// A phrase with options.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PhraseSpec {
    /// The phrase in ordinary spelling with diacritics (case does not matter).
    pub phrase: String,
    /// Also match the form without diacritics (default true). Set false when the folded
    /// form is a common innocent word (e.g. `ảnh` → `anh`).
    #[serde(default = "yes")]
    pub folded: bool,
    /// A weight in `[0, 1]` the detector multiplies its confidence by (default 1).
    #[serde(default = "one")]
    pub weight: f64,
    /// Why the entry exists or what it must not catch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

fn yes() -> bool {
    true
}

fn one() -> f64 {
    1.0
}

impl PhraseEntry {
    /// The phrase text.
    pub fn phrase(&self) -> &str {
        match self {
            PhraseEntry::Plain(p) => p,
            PhraseEntry::Full(s) => &s.phrase,
        }
    }

    /// Whether the folded form may match.
    pub fn folded(&self) -> bool {
        match self {
            PhraseEntry::Plain(_) => true,
            PhraseEntry::Full(s) => s.folded,
        }
    }

    /// The weight (1 unless given).
    pub fn weight(&self) -> f64 {
        match self {
            PhraseEntry::Plain(_) => 1.0,
            PhraseEntry::Full(s) => s.weight,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Folding
// ---------------------------------------------------------------------------------------------

/// A lower-cased, diacritic-free view of a text with a map back to the original bytes.
///
/// Built in one pass, `O(n)`. Every folded byte maps to the original character it came
/// from; a combining mark in the original (NFD input) belongs to the character before it.
#[derive(Debug, Clone)]
pub struct FoldedText<'a> {
    original: &'a str,
    folded: String,
    /// For each byte of `folded`: the original byte range of its source character (`u32`:
    /// texts are folded up to [`crate::text::MAX_TEXT_BYTES`]).
    map: Vec<(u32, u32)>,
}

impl<'a> FoldedText<'a> {
    /// Folds `text`.
    pub fn new(text: &'a str) -> FoldedText<'a> {
        let text = crate::text::within_limit(text);
        let mut folded = String::with_capacity(text.len());
        let mut map: Vec<(u32, u32)> = Vec::with_capacity(text.len());
        let mut prev_space = false;
        // Folded bytes emitted for the last character that emitted any.
        let mut last_emitted = 0usize;
        let bytes = text.as_bytes();
        let mut i = 0usize;
        while i < bytes.len() {
            // Printable ASCII, most of any post: one byte in, one byte out.
            let b = bytes[i];
            if b.is_ascii_graphic() {
                prev_space = false;
                folded.push(char::from(b.to_ascii_lowercase()));
                map.push((i as u32, i as u32 + 1));
                last_emitted = 1;
                i += 1;
                continue;
            }
            // A plain space between words.
            if b == b' ' && !prev_space {
                folded.push(' ');
                map.push((i as u32, i as u32 + 1));
                prev_space = true;
                last_emitted = 1;
                i += 1;
                continue;
            }
            let Some(c) = text.get(i..).and_then(|rest| rest.chars().next()) else {
                break;
            };
            let start = i as u32;
            i += c.len_utf8();
            let end = i as u32;
            // Precomposed Vietnamese letters, most of the rest: one table lookup.
            if let Some(letter) = crate::text::vietnamese_letter(c) {
                prev_space = false;
                folded.push(letter.folded);
                map.push((start, end));
                last_emitted = 1;
                continue;
            }
            if c.is_whitespace() {
                if prev_space {
                    if let Some(last) = map.last_mut() {
                        last.1 = end;
                    }
                } else {
                    folded.push(' ');
                    map.push((start, end));
                    last_emitted = 1;
                    prev_space = true;
                }
                continue;
            }
            prev_space = false;
            let before = folded.len();
            if c.is_ascii() {
                folded.push(c.to_ascii_lowercase());
            } else {
                fold_char_into(c, &mut folded);
            }
            let added = folded.len() - before;
            if added == 0 {
                // A bare combining mark: it belongs to the previous character.
                let n = map.len();
                for m in map.iter_mut().skip(n.saturating_sub(last_emitted)) {
                    m.1 = end;
                }
            } else {
                map.extend(std::iter::repeat_n((start, end), added));
                last_emitted = added;
            }
        }
        FoldedText {
            original: text,
            folded,
            map,
        }
    }

    /// The folded text of an already normalised one: for a plain text (printable ASCII,
    /// whitespace and precomposed Vietnamese letters, nothing stretched, joined or read as
    /// leetspeak) the normaliser's folded view is exactly this fold, so it and the units' map
    /// are reused; any other text is folded anew.
    pub(crate) fn from_normalized(text: &crate::text::NormalizedText<'a>) -> FoldedText<'a> {
        if !text.is_plain() {
            return FoldedText::new(text.original());
        }
        FoldedText {
            original: crate::text::within_limit(text.original()),
            folded: text.folded().to_owned(),
            // One folded byte per unit in a plain text.
            map: text.units().iter().map(|u| (u.start, u.end)).collect(),
        }
    }

    /// The original text.
    pub fn original(&self) -> &'a str {
        self.original
    }

    /// The folded text.
    pub fn folded(&self) -> &str {
        &self.folded
    }

    /// The original byte range covered by a folded byte range (empty ranges map to an empty
    /// range at their position; out-of-range input is clamped).
    pub fn to_original(&self, r: Range<usize>) -> Range<usize> {
        let len = self.original.len();
        let start = self.map.get(r.start).map_or(len, |m| m.0 as usize);
        if r.end <= r.start {
            return start..start;
        }
        let end = self
            .map
            .get(r.end - 1)
            .map_or(len, |m| m.1 as usize)
            .max(start)
            .min(len);
        start..end
    }

    /// The folded byte offset of the first folded byte whose source starts at or after the
    /// original offset `orig` (binary search; the map is sorted).
    pub fn folded_offset(&self, orig: usize) -> usize {
        self.map.partition_point(|m| (m.0 as usize) < orig)
    }
}

/// Appends the folded form of one non-ASCII character.
fn fold_char_into(c: char, out: &mut String) {
    // Precomposed Vietnamese letters (đ included) from the normaliser's table.
    if let Some(letter) = crate::text::vietnamese_letter(c) {
        out.push(letter.folded);
    } else {
        fold_decomposed(c, out);
    }
}

/// Folds any character: decomposition, marks dropped, lower case.
fn fold_decomposed(c: char, out: &mut String) {
    if c == 'đ' || c == 'Đ' {
        out.push('d');
        return;
    }
    decompose_canonical(c, |d| {
        if is_combining_mark(d) {
            return;
        }
        for l in d.to_lowercase() {
            if !is_combining_mark(l) {
                out.push(l);
            }
        }
    });
}

/// The folded form of a short string (what [`FoldedText`] would produce).
pub fn fold(s: &str) -> String {
    FoldedText::new(s).folded
}

const TONE_MARKS: [char; 5] = ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'];

/// A comparison key that ignores case, Unicode normalisation form, tone placement inside a
/// syllable and whitespace runs, but keeps every diacritic: `exact_key("Hòa") ==
/// exact_key("hoà")`, while `exact_key("sốc") != exact_key("sóc")` and
/// `exact_key("ảnh") != exact_key("anh")`.
pub fn exact_key(s: &str) -> String {
    let mut key = ExactKey {
        out: String::with_capacity(s.len() + 4),
        tones: Vec::new(),
        marks: Vec::new(),
    };
    let mut in_space = false;
    for c in s.chars() {
        if c.is_whitespace() {
            key.flush_marks();
            key.flush_syllable();
            if !in_space {
                key.out.push(' ');
            }
            in_space = true;
            continue;
        }
        in_space = false;
        if c == 'Đ' {
            key.push('đ');
        } else {
            // Each part straight into the key: no buffer per character.
            decompose_canonical(c, |d| key.push(d));
        }
    }
    key.flush_marks();
    key.flush_syllable();
    key.out
}

/// The state of [`exact_key`] while it reads a string.
struct ExactKey {
    out: String,
    /// Tone marks of the current syllable.
    tones: Vec<char>,
    /// Vowel marks of the current letter.
    marks: Vec<char>,
}

impl ExactKey {
    /// One character of the canonical decomposition.
    fn push(&mut self, d: char) {
        if is_combining_mark(d) {
            if TONE_MARKS.contains(&d) {
                self.tones.push(d);
            } else {
                self.marks.push(d);
            }
            return;
        }
        self.flush_marks();
        if !d.is_alphanumeric() {
            self.flush_syllable();
        }
        if d.is_ascii() {
            self.out.push(d.to_ascii_lowercase());
        } else {
            self.out
                .extend(d.to_lowercase().filter(|l| !is_combining_mark(*l)));
        }
    }

    fn flush_marks(&mut self) {
        self.marks.sort_unstable();
        self.out.extend(self.marks.drain(..));
    }

    fn flush_syllable(&mut self) {
        self.tones.sort_unstable();
        self.tones.dedup();
        self.out.extend(self.tones.drain(..));
    }
}

// ---------------------------------------------------------------------------------------------
// Phrases
// ---------------------------------------------------------------------------------------------

/// A whole-syllable, case- and diacritic-insensitive phrase matcher.
///
/// Phrases are matched on the [`FoldedText`] with one Aho-Corasick automaton (overlapping
/// search, `O(n + matches)`); a hit must start and end on a word boundary. Each hit then
/// says whether the original text carries the phrase's exact diacritics; phrases marked
/// `folded = false` only match exactly.
#[derive(Debug, Clone)]
pub struct PhraseSet {
    ac: Option<AhoCorasick>,
    /// The automaton's patterns: the phrases' folded forms.
    patterns: Vec<String>,
    /// One per automaton pattern: the phrases (by index) with that folded form.
    groups: Vec<Vec<usize>>,
    phrases: Vec<CompiledPhrase>,
    /// How many lists the set was built from.
    lists: usize,
}

#[derive(Debug, Clone)]
struct CompiledPhrase {
    list: usize,
    index: usize,
    key: String,
    /// The exact key of each whitespace-separated syllable.
    syllables: Vec<String>,
    allow_folded: bool,
    weight: f64,
}

/// One occurrence of a phrase.
#[derive(Debug, Clone, PartialEq)]
pub struct PhraseHit {
    /// Which list the phrase comes from (position in the lists the set was built from).
    pub list: usize,
    /// Index of the phrase in its list.
    pub index: usize,
    /// Original byte range.
    pub range: Range<usize>,
    /// Folded byte range.
    pub folded: Range<usize>,
    /// True when the original carries the phrase's exact diacritics.
    pub exact: bool,
    /// The phrase's weight.
    pub weight: f64,
}

impl PhraseSet {
    /// Builds a matcher over one list; `field` names the list in errors (e.g. `phone.context`).
    pub(crate) fn build(
        file: &'static str,
        text: &str,
        field: &str,
        entries: &[PhraseEntry],
    ) -> Result<PhraseSet, DetectorDataError> {
        Self::build_lists(file, text, &[(field, entries)])
    }

    /// Builds one matcher over several lists (one automaton, one pass over the text). A
    /// phrase may appear in several lists but only once per list.
    pub(crate) fn build_lists(
        file: &'static str,
        text: &str,
        lists: &[(&str, &[PhraseEntry])],
    ) -> Result<PhraseSet, DetectorDataError> {
        let mut patterns: Vec<String> = Vec::new();
        let mut pattern_ids: std::collections::HashMap<String, usize> =
            std::collections::HashMap::new();
        let mut groups: Vec<Vec<usize>> = Vec::new();
        let mut phrases = Vec::new();
        for (list, (field, entries)) in lists.iter().enumerate() {
            let mut seen_keys = std::collections::HashSet::new();
            for (i, e) in entries.iter().enumerate() {
                let phrase = e.phrase().trim();
                let folded = fold(phrase);
                let folded = folded.trim();
                if folded.is_empty() {
                    return Err(data_error(
                        file,
                        text,
                        format!("{field}[{i}]"),
                        DetectorDataErrorKind::Empty,
                    ));
                }
                if !(0.0..=1.0).contains(&e.weight()) {
                    return Err(data_error(
                        file,
                        text,
                        format!("{field}[{i}].weight"),
                        DetectorDataErrorKind::Invalid("weight must lie in [0, 1]".into()),
                    ));
                }
                let key = exact_key(phrase);
                if !seen_keys.insert(key.clone()) {
                    return Err(data_error(
                        file,
                        text,
                        format!("{field}[{i}]"),
                        DetectorDataErrorKind::Duplicate(phrase.to_string()),
                    ));
                }
                let id = phrases.len();
                match pattern_ids.get(folded) {
                    Some(&g) => {
                        if let Some(group) = groups.get_mut(g) {
                            group.push(id);
                        }
                    }
                    None => {
                        pattern_ids.insert(folded.to_string(), patterns.len());
                        patterns.push(folded.to_string());
                        groups.push(vec![id]);
                    }
                }
                phrases.push(CompiledPhrase {
                    list,
                    index: i,
                    syllables: phrase.split_whitespace().map(exact_key).collect(),
                    key,
                    allow_folded: e.folded(),
                    weight: e.weight(),
                });
            }
        }
        let field = lists.first().map_or("", |l| l.0);
        let ac = phrase_automaton(&patterns).map_err(|e| {
            data_error(
                file,
                text,
                field,
                DetectorDataErrorKind::Invalid(e.to_string()),
            )
        })?;
        Ok(PhraseSet {
            ac,
            patterns,
            groups,
            phrases,
            lists: lists.len(),
        })
    }

    /// One set over the lists of several, so one scan finds what each would: list `l` of
    /// `sets[k]` is list `l` plus the number of lists in `sets[..k]`.
    pub(crate) fn merge(sets: &[&PhraseSet]) -> Result<PhraseSet, aho_corasick::BuildError> {
        let mut patterns: Vec<String> = Vec::new();
        let mut pattern_ids: std::collections::HashMap<&str, usize> =
            std::collections::HashMap::new();
        let mut groups: Vec<Vec<usize>> = Vec::new();
        let mut phrases: Vec<CompiledPhrase> = Vec::new();
        let mut lists = 0usize;
        for set in sets {
            let first = phrases.len();
            phrases.extend(set.phrases.iter().map(|p| CompiledPhrase {
                list: p.list + lists,
                ..p.clone()
            }));
            for (pattern, group) in set.patterns.iter().zip(&set.groups) {
                let g = *pattern_ids.entry(pattern).or_insert_with(|| {
                    patterns.push(pattern.clone());
                    groups.push(Vec::new());
                    groups.len() - 1
                });
                groups[g].extend(group.iter().map(|&i| first + i));
            }
            lists += set.lists;
        }
        Ok(PhraseSet {
            ac: phrase_automaton(&patterns)?,
            patterns,
            groups,
            phrases,
            lists,
        })
    }

    /// True when the set has no phrases.
    pub fn is_empty(&self) -> bool {
        self.phrases.is_empty()
    }

    /// Every boundary-respecting occurrence (overlaps included), sorted by start, longer
    /// first.
    pub fn find(&self, ft: &FoldedText<'_>) -> Vec<PhraseHit> {
        self.find_in_lists(ft, |_| true)
    }

    /// [`find`](Self::find) for the phrases of the lists `keep` accepts.
    pub(crate) fn find_in_lists(
        &self,
        ft: &FoldedText<'_>,
        keep: impl Fn(usize) -> bool,
    ) -> Vec<PhraseHit> {
        let Some(ac) = &self.ac else {
            return Vec::new();
        };
        let hay = ft.folded();
        let mut hits = Vec::new();
        let kept = |i: &usize| self.phrases.get(*i).is_some_and(|p| keep(p.list));
        for m in ac.find_overlapping_iter(hay) {
            let fr = m.start()..m.end();
            let Some(group) = self.groups.get(m.pattern().as_usize()) else {
                continue;
            };
            if !group.iter().any(kept) || !on_word_boundaries(hay, fr.clone()) {
                continue;
            }
            let range = ft.to_original(fr.clone());
            let Some(orig) = ft.original().get(range.clone()) else {
                continue;
            };
            let key = exact_key(orig);
            for &i in group.iter().filter(|i| kept(i)) {
                let Some(p) = self.phrases.get(i) else {
                    continue;
                };
                let exact = p.key == key;
                if exact || (p.allow_folded && dropped_marks_only(orig, &p.syllables)) {
                    hits.push(PhraseHit {
                        list: p.list,
                        index: p.index,
                        range: range.clone(),
                        folded: fr.clone(),
                        exact,
                        weight: p.weight,
                    });
                }
            }
        }
        crate::sort::sort_by(&mut hits, |a, b| {
            (
                a.range.start,
                std::cmp::Reverse(a.range.end),
                a.list,
                a.index,
            )
                .cmp(&(
                    b.range.start,
                    std::cmp::Reverse(b.range.end),
                    b.list,
                    b.index,
                ))
        });
        hits
    }

    /// Like [`find`](Self::find), keeping only the leftmost-longest non-overlapping hits.
    pub fn find_disjoint(&self, ft: &FoldedText<'_>) -> Vec<PhraseHit> {
        disjoint(self.find(ft))
    }
}

/// The leftmost-longest non-overlapping hits of hits sorted as [`PhraseSet::find`] sorts them.
pub(crate) fn disjoint(hits: Vec<PhraseHit>) -> Vec<PhraseHit> {
    let mut out: Vec<PhraseHit> = Vec::new();
    for h in hits {
        if out.last().is_some_and(|l| h.range.start < l.range.end) {
            continue;
        }
        out.push(h);
    }
    out
}

/// The automaton over phrase patterns (none for no patterns).
/// The automaton kind of the phrase lists (the matches are the same either way). Natively,
/// where engines are built once and check many posts, a DFA: the fastest scan. In WebAssembly,
/// where the editor page builds an engine on every load, a contiguous NFA: building the DFAs
/// was 13.8 M of the default engine's 86 M instructions (callgrind,
/// `core/examples/startup_cost`), and the NFA scans cost 3% more over the ViHOS train comments.
#[cfg(not(target_arch = "wasm32"))]
const PHRASE_AUTOMATON: AhoCorasickKind = AhoCorasickKind::DFA;
#[cfg(target_arch = "wasm32")]
const PHRASE_AUTOMATON: AhoCorasickKind = AhoCorasickKind::ContiguousNFA;

fn phrase_automaton(patterns: &[String]) -> Result<Option<AhoCorasick>, aho_corasick::BuildError> {
    if patterns.is_empty() {
        return Ok(None);
    }
    AhoCorasickBuilder::new()
        .match_kind(MatchKind::Standard)
        .kind(Some(PHRASE_AUTOMATON))
        .build(patterns)
        .map(Some)
}

/// The phrase lists of the personal-data, children and sources detectors as one set: a post
/// is scanned once, not once per detector.
#[derive(Debug, Clone)]
struct SharedPhrases {
    set: PhraseSet,
    /// Where the lists of the children's phrases, the personal-data context words, the address
    /// words and the sensational phrases start in `set`, then the number of lists.
    starts: [usize; 5],
}

/// The hits of one shared scan, by detector, with each detector's own list numbers.
#[derive(Default)]
struct SharedHits {
    children: Vec<PhraseHit>,
    context: Vec<PhraseHit>,
    address: Vec<PhraseHit>,
    sensational: Vec<PhraseHit>,
}

impl SharedPhrases {
    fn new(
        personal: &PersonalDetector,
        children: &ChildrenDetector,
        sources: &SourcesDetector,
    ) -> Result<SharedPhrases, DetectorDataError> {
        let (context, address) = personal.phrase_sets();
        let sets = [children.phrases(), context, address, sources.sensational()];
        let mut starts = [0usize; 5];
        for (k, set) in sets.iter().enumerate() {
            starts[k + 1] = starts[k] + set.lists;
        }
        let set = PhraseSet::merge(&sets).map_err(|e| DetectorDataError {
            file: "detectors",
            field: String::new(),
            line: None,
            column: None,
            kind: DetectorDataErrorKind::Invalid(e.to_string()),
        })?;
        Ok(SharedPhrases { set, starts })
    }

    fn find(&self, ft: &FoldedText<'_>) -> SharedHits {
        let mut out = SharedHits::default();
        let s = &self.starts;
        // Context and address words are read only next to a number.
        let digits = ft.original().bytes().any(|b| b.is_ascii_digit());
        let keep = |list: usize| digits || !(s[1]..s[3]).contains(&list);
        for mut h in self.set.find_in_lists(ft, keep) {
            let (to, start) = if h.list < s[1] {
                (&mut out.children, s[0])
            } else if h.list < s[2] {
                (&mut out.context, s[1])
            } else if h.list < s[3] {
                (&mut out.address, s[2])
            } else {
                (&mut out.sensational, s[3])
            };
            h.list -= start;
            to.push(h);
        }
        out
    }
}

/// A folded match counts only where the writer *dropped* diacritics: every syllable of the
/// original is either the phrase's syllable with its diacritics or plain ASCII. "nghe nổi"
/// is not a tone-less "nghe nói"; "nghe noi" and "nghe nói" are.
fn dropped_marks_only(orig: &str, syllables: &[String]) -> bool {
    let words: Vec<&str> = orig.split_whitespace().collect();
    words.len() == syllables.len()
        && words
            .iter()
            .zip(syllables)
            .all(|(w, k)| w.is_ascii() || exact_key(w) == *k)
}

/// True when the folded range starts and ends on word boundaries (only checked on the sides
/// where the phrase itself begins or ends with a letter or digit).
fn on_word_boundaries(hay: &str, r: Range<usize>) -> bool {
    let (Some(inner), Some(before), Some(after)) =
        (hay.get(r.clone()), hay.get(..r.start), hay.get(r.end..))
    else {
        return false;
    };
    let first_word = inner.chars().next().is_some_and(char::is_alphanumeric);
    let last_word = inner.chars().next_back().is_some_and(char::is_alphanumeric);
    if first_word
        && before
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric)
    {
        return false;
    }
    if last_word && after.chars().next().is_some_and(char::is_alphanumeric) {
        return false;
    }
    true
}

// ---------------------------------------------------------------------------------------------
// Tokens
// ---------------------------------------------------------------------------------------------

/// A word of the folded text: a maximal run of letters and digits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Folded byte range.
    pub folded: Range<usize>,
    /// Original byte range (trailing combining marks included).
    pub original: Range<usize>,
}

impl Token {
    /// The folded text of the token.
    pub fn text<'f>(&self, ft: &'f FoldedText<'_>) -> &'f str {
        ft.folded().get(self.folded.clone()).unwrap_or("")
    }

    /// The original text of the token.
    pub fn original_text<'t>(&self, ft: &FoldedText<'t>) -> &'t str {
        ft.original().get(self.original.clone()).unwrap_or("")
    }

    /// True when the token starts with an ASCII digit.
    pub fn is_numeric(&self, ft: &FoldedText<'_>) -> bool {
        self.text(ft).starts_with(|c: char| c.is_ascii_digit())
    }

    /// True when the token is all ASCII digits.
    pub fn is_number(&self, ft: &FoldedText<'_>) -> bool {
        let t = self.text(ft);
        !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit())
    }

    /// True when the original token starts with an upper-case letter.
    pub fn is_capitalised(&self, ft: &FoldedText<'_>) -> bool {
        self.original_text(ft)
            .chars()
            .next()
            .is_some_and(char::is_uppercase)
    }
}

/// Splits the folded text into words, `O(n)`.
pub fn tokens(ft: &FoldedText<'_>) -> Vec<Token> {
    let hay = ft.folded();
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in hay.char_indices() {
        if c.is_alphanumeric() {
            if start.is_none() {
                start = Some(i);
            }
        } else if let Some(s) = start.take() {
            out.push(Token {
                folded: s..i,
                original: ft.to_original(s..i),
            });
        }
    }
    if let Some(s) = start {
        out.push(Token {
            folded: s..hay.len(),
            original: ft.to_original(s..hay.len()),
        });
    }
    out
}

/// The folded text between two tokens (empty if they touch or are out of order).
pub fn gap<'f>(ft: &'f FoldedText<'_>, a: &Token, b: &Token) -> &'f str {
    ft.folded().get(a.folded.end..b.folded.start).unwrap_or("")
}

/// Index of the token that contains, or is the first after, a folded byte offset.
pub fn token_at(tokens: &[Token], folded_offset: usize) -> usize {
    tokens.partition_point(|t| t.folded.end <= folded_offset)
}

// ---------------------------------------------------------------------------------------------
// Masking and small helpers
// ---------------------------------------------------------------------------------------------

/// Keeps the first `keep_start` and last `keep_end` characters of `digits`, replacing the
/// rest with `*`. If that would reveal half or more of the string, fewer are kept.
pub fn mask_digits(digits: &str, keep_start: usize, keep_end: usize) -> String {
    let n = digits.chars().count();
    let (mut ks, mut ke) = (keep_start, keep_end);
    while ks + ke > 0 && (ks + ke) * 2 > n {
        if ks >= ke && ks > 0 {
            ks -= 1;
        } else {
            ke = ke.saturating_sub(1);
        }
    }
    digits
        .chars()
        .enumerate()
        .map(|(i, c)| if i < ks || i + ke >= n { c } else { '*' })
        .collect()
}

/// Distance in bytes between two disjoint ranges (0 if they touch or overlap).
pub(crate) fn distance(a: &Range<usize>, b: &Range<usize>) -> usize {
    b.start
        .checked_sub(a.end)
        .or_else(|| a.start.checked_sub(b.end))
        .unwrap_or(0)
}

/// The nearest range in `sorted` (sorted by start) to `target` within `window` bytes,
/// ignoring ranges that overlap `target`. `O(log n)` plus the neighbours scanned.
pub(crate) fn nearest<'r, T>(
    sorted: &'r [T],
    range_of: impl Fn(&T) -> &Range<usize>,
    target: &Range<usize>,
    window: usize,
) -> Option<&'r T> {
    let idx = sorted.partition_point(|x| range_of(x).start < target.start);
    let after = sorted.partition_point(|x| range_of(x).start < target.end.max(target.start + 1));
    let mut best: Option<(&T, usize)> = None;
    let mut consider = |x: &'r T| {
        let r = range_of(x);
        if r.start < target.end && target.start < r.end {
            return;
        }
        let d = distance(r, target);
        if d <= window && best.is_none_or(|(_, bd)| d < bd) {
            best = Some((x, d));
        }
    };
    // After: ranges starting at or after target.end (ranges starting inside overlap it).
    for x in sorted.iter().skip(after).take(8) {
        consider(x);
    }
    // Before: the few ranges starting before the target (ranges are short, so the nearest
    // end is among them).
    for x in sorted.iter().take(idx).rev().take(8) {
        consider(x);
    }
    best.map(|(x, _)| x)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::NormalizedText;

    #[test]
    fn the_letter_table_folds_like_decomposition() {
        for c in ('\u{80}'..='\u{2FFF}').chain('\u{FF00}'..='\u{FFEF}') {
            let (mut fast, mut slow) = (String::new(), String::new());
            fold_char_into(c, &mut fast);
            fold_decomposed(c, &mut slow);
            assert_eq!(fast, slow, "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn folding_maps_back_to_original() {
        let t = "Tin  NÓNG: Hoà";
        let f = FoldedText::new(t);
        assert_eq!(f.folded(), "tin nong: hoa");
        let i = f.folded().find("nong").unwrap();
        assert_eq!(&t[f.to_original(i..i + 4)], "NÓNG");
    }

    #[test]
    fn the_shared_scan_finds_what_each_detector_finds_alone() {
        let d = SignalDetectors::embedded().unwrap();
        let examples = include_str!("../../../examples/posts.jsonl");
        let texts: Vec<String> = examples
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter_map(|v| v["text"].as_str().map(str::to_string))
            .chain([
                "Bé Nguyễn Minh Anh lớp 3A trường Kim Đồng, nhà số 12 ngõ 5 phường Láng Hạ, \
                 bố cháu 0912 345 678. TIN NÓNG chia sẻ gấp"
                    .to_string(),
                "STK 0123456789 Vietcombank, CCCD 001203004567, tin nong: nghe noi".to_string(),
            ])
            .collect();
        assert!(texts.len() > 20);
        let mut found = 0;
        for text in &texts {
            let ft = FoldedText::new(text);
            let personal = d.personal.detect_folded(&ft);
            let links = d.sources.links(text);
            let mut alone = d.children.detect_folded(&ft, &personal);
            alone.extend(personal);
            alone.extend(d.sources.detect_with_links(&ft, &links));
            alone.extend(d.impersonation.check_links(&links));
            alone.sort_by(|a, b| {
                (a.range.start, a.range.end, a.kind).cmp(&(b.range.start, b.range.end, b.kind))
            });
            found += alone.len();
            assert_eq!(d.check_post(text, None).text, alone, "{text}");
        }
        assert!(
            found > 20,
            "the texts exercise the detectors ({found} signals)"
        );
    }

    /// The folded view one character at a time, as the fast paths must reproduce it.
    fn fold_char_by_char(text: &str) -> (String, Vec<(u32, u32)>) {
        let (mut folded, mut map) = (String::new(), Vec::<(u32, u32)>::new());
        let (mut prev_space, mut last_emitted) = (false, 0usize);
        for (i, c) in text.char_indices() {
            let (start, end) = (i as u32, (i + c.len_utf8()) as u32);
            if c.is_whitespace() {
                if prev_space {
                    if let Some(last) = map.last_mut() {
                        last.1 = end;
                    }
                } else {
                    folded.push(' ');
                    map.push((start, end));
                    (prev_space, last_emitted) = (true, 1);
                }
                continue;
            }
            prev_space = false;
            let before = folded.len();
            if c.is_ascii() {
                folded.push(c.to_ascii_lowercase());
            } else {
                fold_char_into(c, &mut folded);
            }
            let added = folded.len() - before;
            if added == 0 {
                let n = map.len();
                for m in map.iter_mut().skip(n.saturating_sub(last_emitted)) {
                    m.1 = end;
                }
            } else {
                map.extend(std::iter::repeat_n((start, end), added));
                last_emitted = added;
            }
        }
        (folded, map)
    }

    #[test]
    fn a_plain_normalised_text_lends_its_folded_view() {
        for (text, plain) in [
            ("Chúc mọi người  một ngày TỐT lành!\n\tĐồ ngu 100k", true),
            ("", true),
            ("nguuuu", false),             // stretched
            ("ng0 vl", false),             // leetspeak
            ("😂 hay", false),             // emoji
            ("no\u{302}\u{301}ng", false), // NFD
            ("a\u{1}b", false),            // a control character
        ] {
            let nt = NormalizedText::new(text);
            assert_eq!(nt.is_plain(), plain, "{text:?}");
            let lent = FoldedText::from_normalized(&nt);
            let own = FoldedText::new(text);
            assert_eq!(
                (lent.folded(), &lent.map),
                (own.folded(), &own.map),
                "{text:?}"
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn the_fast_paths_fold_like_one_char_at_a_time(
            text in "([ a-zA-Z0-9.,!?@\t\n\u{B}\u{1}]|[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵĐÀ]|\u{301}|\u{300}|\u{200B}|[ǅÆ😀])*"
        ) {
            let lent = FoldedText::from_normalized(&NormalizedText::new(&text));
            let f = FoldedText::new(&text);
            proptest::prop_assert_eq!(lent.folded(), f.folded());
            proptest::prop_assert_eq!(&lent.map, &f.map);
            proptest::prop_assert_eq!(lent.original(), f.original());
            let (folded, map) = fold_char_by_char(&text);
            proptest::prop_assert_eq!(f.folded(), folded.as_str());
            proptest::prop_assert_eq!(&f.map, &map);
        }
    }

    #[test]
    fn folding_handles_nfd_marks() {
        let nfd = "no\u{302}\u{301}ng";
        let f = FoldedText::new(nfd);
        assert_eq!(f.folded(), "nong");
        assert_eq!(f.to_original(0..4), 0..nfd.len());
        assert_eq!(fold("Đường"), "duong");
    }

    #[test]
    fn exact_key_ignores_tone_placement_and_case_only() {
        assert_eq!(exact_key("Hòa"), exact_key("hoà"));
        assert_eq!(exact_key("thủy"), exact_key("thuỷ"));
        assert_eq!(exact_key("SỐC"), exact_key("sốc"));
        assert_ne!(exact_key("sốc"), exact_key("sóc"));
        assert_ne!(exact_key("ảnh"), exact_key("anh"));
        assert_eq!(
            exact_key("no\u{302}\u{301}ng"),
            exact_key("nóng".replace('ó', "ố").as_str())
        );
    }

    #[test]
    fn phrases_respect_word_boundaries_and_folding() {
        let entries = vec![
            PhraseEntry::Plain("tin nóng".into()),
            PhraseEntry::Full(PhraseSpec {
                phrase: "ảnh".into(),
                folded: false,
                weight: 1.0,
                note: None,
            }),
        ];
        let set = PhraseSet::build("t.toml", "", "p", &entries).unwrap();
        let text = "TIN NONG: anh ơi xem ẢNH, tin nóngg";
        let hits = set.find(&FoldedText::new(text));
        assert_eq!(hits.len(), 2);
        assert_eq!(&text[hits[0].range.clone()], "TIN NONG");
        assert!(!hits[0].exact);
        assert_eq!(&text[hits[1].range.clone()], "ẢNH");
        assert!(hits[1].exact);
    }

    #[test]
    fn masking_reveals_at_most_the_ends() {
        assert_eq!(mask_digits("0912345678", 2, 2), "09******78");
        assert_eq!(mask_digits("001234567845", 3, 2), "001*******45");
        assert_eq!(mask_digits("1234", 2, 2), "1**4");
    }

    #[test]
    fn detector_ids_are_unique() {
        let mut ids: Vec<_> = SignalKind::ALL.iter().map(|k| k.detector_id()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), SignalKind::ALL.len());
    }

    #[test]
    fn errors_name_field_and_line() {
        #[derive(Debug, Deserialize)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct T {
            a: A,
        }
        #[derive(Debug, Deserialize)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct A {
            x: u32,
        }
        let text = "[a]\nx = 1\ny = 2\n";
        let e = parse_data::<T>("t.toml", text).unwrap_err();
        assert_eq!(e.line, Some(3));
        assert!(e.to_string().starts_with("t.toml:3:"), "{e}");
        let e = data_error("t.toml", text, "a.x", DetectorDataErrorKind::Empty);
        assert_eq!((e.line, e.column), (Some(2), Some(5)));
    }
}

#[cfg(all(test, feature = "toml"))]
mod embedded_json_tests {
    use super::*;

    #[test]
    fn embedded_json_twins_hold_the_same_data() {
        // The same values (compiled detectors hold hash sets, whose Debug order varies).
        for (file, toml, json) in [
            ("personal", PERSONAL_TOML, PERSONAL_JSON),
            ("children", CHILDREN_TOML, CHILDREN_JSON),
            ("sources", SOURCES_TOML, SOURCES_JSON),
            ("impersonation", IMPERSONATION_TOML, IMPERSONATION_JSON),
        ] {
            let a: serde_json::Value = parse_data("t.toml", toml).unwrap();
            let b: serde_json::Value = parse_json_data("t.json", json).unwrap();
            assert!(a == b, "{file} differs");
        }
        PersonalDetector::from_json(PERSONAL_JSON).unwrap();
        ChildrenDetector::from_json(CHILDREN_JSON).unwrap();
        SourcesDetector::from_json(SOURCES_JSON).unwrap();
        ImpersonationDetector::from_json(IMPERSONATION_JSON).unwrap();
    }

    #[test]
    fn json_data_errors_are_located() {
        let e = PersonalDetector::from_json("{\"detector\": 3}").unwrap_err();
        assert_eq!(e.field, "detector");
        assert_eq!(e.line, Some(1));
        let e = PersonalDetector::from_json("{").unwrap_err();
        assert!(matches!(e.kind, DetectorDataErrorKind::Syntax(_)), "{e}");
    }
}
