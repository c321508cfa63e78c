//! The lexicon file format (`spec/lexicons/FORMAT.md`): types, parsing from TOML or JSON
//! text, and validation with errors that name the lexicon, the entry and the field.

use crate::model::Severity;
use crate::text::normalize_term;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashSet};
use std::fmt;

/// One lexicon file: terms with their category and severity, innocent phrases that collide
/// with them once tones are removed, abbreviations and teencode spelling rules.
///
/// Build it with [`Lexicon::from_toml_str`] or [`Lexicon::from_json_str`], which validate it;
/// the serde derives exist so a lexicon can be embedded in or written to other formats.
///
/// ```
/// use ungxu::detect::Lexicon;
/// let lexicon = Lexicon::from_toml_str(r#"
/// [lexicon]
/// id = "demo"
/// language = "vi"
/// description = "Demo"
/// source = "Written for this example"
///
/// [[terms]]
/// term = "đồ ngu"
/// category = "insult"
/// severity = "medium"
/// folded = true
/// "#).unwrap();
/// assert_eq!(lexicon.terms[0].severity, ungxu::model::Severity::Medium);
/// assert_eq!(lexicon.category_ids().into_iter().collect::<Vec<_>>(), ["insult"]);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lexicon {
    /// Who wrote it and what it is for.
    pub lexicon: LexiconInfo,
    /// The terms.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub terms: Vec<Term>,
    /// Innocent phrases whose exact occurrence suppresses a non-exact match inside it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub safe: Vec<SafePhrase>,
    /// Teencode and abbreviations typed as their own word.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub abbreviations: Vec<Abbreviation>,
    /// Teencode spelling rules that generate variants of every term.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub spellings: Vec<SpellingRule>,
    /// Words of criticism and opinion (`[[opinion]]`): a learned detector's span that holds
    /// one and no lexicon term is dropped, since the Code leaves opinion to human reviewers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub opinion: Vec<OpinionWord>,
}

/// The `[lexicon]` table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LexiconInfo {
    /// Unique across lexicons, e.g. `vi-offensive`.
    pub id: String,
    /// Language tag, e.g. `vi`.
    pub language: String,
    /// What the lexicon holds and which clause it serves.
    pub description: String,
    /// Where the entries come from.
    pub source: String,
}

/// A term (`[[terms]]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Term {
    /// One or more syllables separated by single spaces, lower case, NFC, full diacritics.
    pub term: String,
    /// A category id of the rule pack (validated by the pack, see [`Lexicon::category_ids`]).
    pub category: String,
    /// How serious a use of the term is.
    pub severity: Severity,
    /// Whether the tone-less form (and its teencode spellings) also matches, with lower
    /// confidence. Defaults to `true`.
    #[serde(default = "yes")]
    pub folded: bool,
    /// A free label (region, gender, religion, gambling, drugs, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subcategory: Option<String>,
    /// The term counts only when one of these words is in the same post.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub requires_any: Vec<String>,
    /// The term does not count when the next syllable(s) are one of these.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub excludes_next: Vec<String>,
    /// The term does not count when the previous syllable(s) are one of these.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub excludes_prev: Vec<String>,
    /// Why the entry exists or what it must not catch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

fn yes() -> bool {
    true
}

/// An innocent phrase (`[[safe]]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SafePhrase {
    /// The phrase, written with tones.
    pub term: String,
    /// Which term it collides with and how.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// A word of criticism or opinion (`[[opinion]]`), matched exactly (with its tones).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OpinionWord {
    /// The word or phrase, written with tones.
    pub term: String,
    /// What it evaluates, or why it is listed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// An abbreviation (`[[abbreviations]]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Abbreviation {
    /// What people type, matched as a whole word after normalisation (`dm`).
    pub short: String,
    /// The term it is reported as; must be a term of one of the loaded lexicons.
    pub long: String,
}

/// A teencode spelling rule (`[[spellings]]`), applied to the tone-less form of every term.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpellingRule {
    /// What to replace (`ph`).
    pub from: String,
    /// What to replace it with (`f`); may be empty.
    pub to: String,
    /// Where in a syllable the rule applies.
    pub position: SpellingPosition,
}

/// Where a [`SpellingRule`] applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SpellingPosition {
    /// At the start of a syllable.
    Onset,
    /// Anywhere in a syllable (every occurrence).
    Anywhere,
    /// At the end of a syllable.
    Coda,
}

/// What is wrong with a lexicon entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// The field is empty or only whitespace.
    Empty,
    /// The value normalises to nothing (only punctuation or invisible characters).
    NormalizesToNothing,
    /// Not written as the format asks; the expected form is given.
    NotNormalized {
        /// The form the format asks for.
        expected: String,
    },
    /// Not one of `info`, `low`, `medium`, `high`, `critical`.
    UnknownSeverity(String),
    /// Not one of `onset`, `anywhere`, `coda`.
    UnknownPosition(String),
    /// Not a valid id (lower-case ASCII letters, digits, `_`, `-`, `.`).
    BadId(String),
    /// The same term (after normalisation) appears twice in the lexicon.
    Duplicate(String),
    /// An abbreviation's `long` is not a term of any loaded lexicon.
    MissingTerm(String),
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::Empty => f.write_str("is empty"),
            Problem::NormalizesToNothing => {
                f.write_str("has no letters or digits left after normalisation")
            }
            Problem::NotNormalized { expected } => {
                write!(
                    f,
                    "must be lower case, NFC, syllables separated by single spaces: write `{expected}`"
                )
            }
            Problem::UnknownSeverity(s) => write!(
                f,
                "unknown severity `{s}` (expected info, low, medium, high or critical)"
            ),
            Problem::UnknownPosition(s) => {
                write!(
                    f,
                    "unknown position `{s}` (expected onset, anywhere or coda)"
                )
            }
            Problem::BadId(s) => write!(
                f,
                "`{s}` is not an id (lower-case ASCII letters, digits, `_`, `-`, `.`)"
            ),
            Problem::Duplicate(s) => write!(f, "`{s}` is listed twice"),
            Problem::MissingTerm(s) => {
                write!(f, "`{s}` is not a term of any loaded lexicon")
            }
        }
    }
}

/// An error in a lexicon: the lexicon id, where, which field and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LexiconError {
    /// The text is not valid TOML/JSON or does not have the lexicon's shape (unknown field,
    /// wrong type, missing field).
    #[error("lexicon `{}`: cannot read {format}: {message}", lexicon.as_deref().unwrap_or("?"))]
    Syntax {
        /// The lexicon id, when it could be read.
        lexicon: Option<String>,
        /// `TOML` or `JSON`.
        format: &'static str,
        /// The parser's message (with line and column where it gives them).
        message: String,
    },
    /// An entry breaks a rule of the format.
    #[error("lexicon `{lexicon}`: {entry}: `{field}` {problem}")]
    Invalid {
        /// The lexicon id.
        lexicon: String,
        /// Which entry, e.g. `terms[3] "đồ ngu"`, or `[lexicon]`.
        entry: String,
        /// The field, e.g. `severity`.
        field: &'static str,
        /// What is wrong.
        problem: Problem,
    },
    /// Two loaded lexicons share an id.
    #[error("lexicon id `{0}` is used by more than one lexicon")]
    DuplicateId(String),
    /// The matcher could not be built (too many patterns for the automaton).
    #[error("cannot build the term matcher: {0}")]
    Build(String),
    /// The lexicon is larger, or an entry longer, than the caller's
    /// [`PackLimits`](crate::pack::PackLimits) allow; the message names the limit.
    #[error("{0}")]
    Limit(String),
}

// ----- raw (string-typed) shape, so unknown severities get a typed error -----------------

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLexicon {
    lexicon: LexiconInfo,
    #[serde(default)]
    terms: Vec<RawTerm>,
    #[serde(default)]
    safe: Vec<SafePhrase>,
    #[serde(default)]
    abbreviations: Vec<Abbreviation>,
    #[serde(default)]
    spellings: Vec<RawSpelling>,
    #[serde(default)]
    opinion: Vec<OpinionWord>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTerm {
    term: String,
    category: String,
    severity: String,
    #[serde(default = "yes")]
    folded: bool,
    #[serde(default)]
    subcategory: Option<String>,
    #[serde(default)]
    requires_any: Vec<String>,
    #[serde(default)]
    excludes_next: Vec<String>,
    #[serde(default)]
    excludes_prev: Vec<String>,
    #[serde(default)]
    note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSpelling {
    from: String,
    to: String,
    position: String,
}

#[derive(Deserialize)]
struct IdOnly {
    lexicon: IdOnlyInfo,
}

#[derive(Deserialize)]
struct IdOnlyInfo {
    id: String,
}

impl Lexicon {
    /// Parses and validates a lexicon written in TOML. Without the `toml` feature, always
    /// a syntax error saying that the build reads JSON only.
    pub fn from_toml_str(text: &str) -> Result<Lexicon, LexiconError> {
        #[cfg(not(feature = "toml"))]
        {
            let _ = text;
            Err(LexiconError::Syntax {
                lexicon: None,
                format: "TOML",
                message: "this build reads lexicons as JSON only (the `toml` feature is off): convert the TOML to JSON (same keys and values)".to_owned(),
            })
        }
        #[cfg(feature = "toml")]
        match toml::from_str::<RawLexicon>(text) {
            Ok(raw) => raw.validate(),
            Err(e) => Err(LexiconError::Syntax {
                lexicon: toml::from_str::<IdOnly>(text).ok().map(|i| i.lexicon.id),
                format: "TOML",
                message: e.to_string().trim_end().to_owned(),
            }),
        }
    }

    /// Parses and validates a lexicon written in JSON (the same shape as the TOML).
    pub fn from_json_str(text: &str) -> Result<Lexicon, LexiconError> {
        match serde_json::from_str::<RawLexicon>(text) {
            Ok(raw) => raw.validate(),
            Err(e) => Err(LexiconError::Syntax {
                lexicon: serde_json::from_str::<IdOnly>(text)
                    .ok()
                    .map(|i| i.lexicon.id),
                format: "JSON",
                message: e.to_string(),
            }),
        }
    }

    /// The lexicon's id.
    pub fn id(&self) -> &str {
        &self.lexicon.id
    }

    /// Its entries: terms, safe phrases, abbreviations, spelling rules and opinion words.
    pub fn entry_count(&self) -> usize {
        self.terms.len()
            + self.safe.len()
            + self.abbreviations.len()
            + self.spellings.len()
            + self.opinion.len()
    }

    /// Checks that no term, safe phrase, abbreviation, context word or spelling is longer
    /// than `max_bytes`, before any variant of it is generated.
    ///
    /// ```
    /// use ungxu::detect::Lexicon;
    /// let lexicon: Lexicon = "[lexicon]\nid = \"x\"\nlanguage = \"vi\"\ndescription = \"d\"\nsource = \"s\"\n\n\
    ///     [[terms]]\nterm = \"đồ ngu\"\ncategory = \"insult\"\nseverity = \"low\"\n".parse().unwrap();
    /// assert!(lexicon.check_term_lengths(100).is_ok());
    /// let err = lexicon.check_term_lengths(4).unwrap_err().to_string();
    /// assert!(err.starts_with("lexicon `x`: terms[0] `đồ ngu`: 9 bytes, over the limit of 4"), "{err}");
    /// ```
    pub fn check_term_lengths(&self, max_bytes: usize) -> Result<(), LexiconError> {
        let check = |entry: &dyn Fn() -> String, value: &str| {
            if value.len() <= max_bytes {
                return Ok(());
            }
            Err(LexiconError::Limit(format!(
                "lexicon `{}`: {} `{}`: {}",
                self.lexicon.id,
                entry(),
                preview(value),
                crate::pack::limits::over(
                    format!("{} bytes", value.len()),
                    max_bytes,
                    "max_term_bytes"
                )
            )))
        };
        for (i, t) in self.terms.iter().enumerate() {
            check(&|| format!("terms[{i}]"), &t.term)?;
            for (name, list) in [
                ("requires_any", &t.requires_any),
                ("excludes_next", &t.excludes_next),
                ("excludes_prev", &t.excludes_prev),
            ] {
                for (j, w) in list.iter().enumerate() {
                    check(&|| format!("terms[{i}].{name}[{j}]"), w)?;
                }
            }
        }
        for (i, p) in self.safe.iter().enumerate() {
            check(&|| format!("safe[{i}]"), &p.term)?;
        }
        for (i, w) in self.opinion.iter().enumerate() {
            check(&|| format!("opinion[{i}]"), &w.term)?;
        }
        for (i, a) in self.abbreviations.iter().enumerate() {
            check(&|| format!("abbreviations[{i}].short"), &a.short)?;
            check(&|| format!("abbreviations[{i}].long"), &a.long)?;
        }
        for (i, r) in self.spellings.iter().enumerate() {
            check(&|| format!("spellings[{i}].from"), &r.from)?;
            check(&|| format!("spellings[{i}].to"), &r.to)?;
        }
        Ok(())
    }

    /// The category ids its terms use, for the rule pack to check against its categories.
    pub fn category_ids(&self) -> BTreeSet<&str> {
        self.terms.iter().map(|t| t.category.as_str()).collect()
    }
}

impl std::str::FromStr for Lexicon {
    type Err = LexiconError;
    /// Parses TOML, or JSON when the text starts with `{`.
    fn from_str(s: &str) -> Result<Lexicon, LexiconError> {
        if s.trim_start().starts_with('{') {
            Lexicon::from_json_str(s)
        } else {
            Lexicon::from_toml_str(s)
        }
    }
}

/// At most the first 40 characters of `s`, with `…` when cut (for messages about huge values).
fn preview(s: &str) -> String {
    match s.char_indices().nth(40) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

fn is_id(s: &str) -> bool {
    !s.is_empty()
        && s.bytes().all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'_' | b'-' | b'.')
        })
}

/// Whether `s` is already in its [`written_form`], decided cheaply for the common case (lower
/// case ASCII, precomposed lower-case Vietnamese letters and single inner spaces, all NFC);
/// `false` means "compute it".
fn is_plainly_written(s: &str) -> bool {
    let mut prev_space = true;
    for c in s.chars() {
        let ok = if c == ' ' {
            !prev_space
        } else if c.is_ascii() {
            !c.is_ascii_uppercase() && !c.is_ascii_whitespace() && !c.is_ascii_control()
        } else {
            crate::text::vietnamese_letter(c).is_some_and(|l| !l.upper)
        };
        if !ok {
            return false;
        }
        prev_space = c == ' ';
    }
    !prev_space
}

/// The form the format asks a term to be written in: trimmed, single spaces, lower case, NFC.
fn written_form(s: &str) -> String {
    if is_plainly_written(s) {
        return s.to_owned();
    }
    written_form_computed(s)
}

fn written_form_computed(s: &str) -> String {
    let lower: String = crate::text::nfc::nfc(s.chars())
        .into_iter()
        .flat_map(char::to_lowercase)
        .collect();
    lower.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl RawLexicon {
    fn validate(self) -> Result<Lexicon, LexiconError> {
        let id = self.lexicon.id.clone();
        let err = |entry: String, field: &'static str, problem: Problem| LexiconError::Invalid {
            lexicon: id.clone(),
            entry,
            field,
            problem,
        };
        if !is_id(&id) {
            return Err(err("[lexicon]".into(), "id", Problem::BadId(id.clone())));
        }
        // A phrase written as the format asks (term, safe phrase, context word).
        let phrase = |entry: &dyn Fn() -> String, field: &'static str, s: &str| {
            if s.trim().is_empty() {
                return Err(err(entry(), field, Problem::Empty));
            }
            if !is_plainly_written(s) {
                let expected = written_form_computed(s);
                if expected != s {
                    return Err(err(entry(), field, Problem::NotNormalized { expected }));
                }
            }
            let canonical = normalize_term(s).canonical;
            if !canonical.chars().any(char::is_alphanumeric) {
                return Err(err(entry(), field, Problem::NormalizesToNothing));
            }
            Ok(canonical)
        };
        let mut terms = Vec::with_capacity(self.terms.len());
        let mut seen = HashSet::new();
        for (i, t) in self.terms.into_iter().enumerate() {
            let entry = || format!("terms[{i}] \"{}\"", t.term);
            if !seen.insert(phrase(&entry, "term", &t.term)?) {
                return Err(err(entry(), "term", Problem::Duplicate(t.term.clone())));
            }
            if !is_id(&t.category) {
                let p = if t.category.is_empty() {
                    Problem::Empty
                } else {
                    Problem::BadId(t.category.clone())
                };
                return Err(err(entry(), "category", p));
            }
            let severity = match t.severity.as_str() {
                "info" => Severity::Info,
                "low" => Severity::Low,
                "medium" => Severity::Medium,
                "high" => Severity::High,
                "critical" => Severity::Critical,
                other => {
                    return Err(err(
                        entry(),
                        "severity",
                        Problem::UnknownSeverity(other.to_owned()),
                    ))
                }
            };
            if t.subcategory
                .as_deref()
                .is_some_and(|s| s.trim().is_empty())
            {
                return Err(err(entry(), "subcategory", Problem::Empty));
            }
            for (field, list) in [
                ("requires_any", &t.requires_any),
                ("excludes_next", &t.excludes_next),
                ("excludes_prev", &t.excludes_prev),
            ] {
                for w in list {
                    phrase(&entry, field, w)?;
                }
            }
            terms.push(Term {
                term: t.term,
                category: t.category,
                severity,
                folded: t.folded,
                subcategory: t.subcategory,
                requires_any: t.requires_any,
                excludes_next: t.excludes_next,
                excludes_prev: t.excludes_prev,
                note: t.note,
            });
        }
        // Safe phrases and opinion words: well-formed, each once per lexicon.
        let unique = |kind: &str, terms: &mut dyn Iterator<Item = &str>| {
            let mut seen = HashSet::new();
            for (i, term) in terms.enumerate() {
                let entry = || format!("{kind}[{i}] \"{term}\"");
                if !seen.insert(phrase(&entry, "term", term)?) {
                    return Err(err(entry(), "term", Problem::Duplicate(term.to_owned())));
                }
            }
            Ok(())
        };
        unique("safe", &mut self.safe.iter().map(|s| s.term.as_str()))?;
        unique("opinion", &mut self.opinion.iter().map(|w| w.term.as_str()))?;
        for (i, a) in self.abbreviations.iter().enumerate() {
            let entry = || format!("abbreviations[{i}] \"{}\"", a.short);
            if a.short.trim().is_empty() {
                return Err(err(entry(), "short", Problem::Empty));
            }
            if !normalize_term(&a.short)
                .folded
                .chars()
                .any(char::is_alphanumeric)
            {
                return Err(err(entry(), "short", Problem::NormalizesToNothing));
            }
            phrase(&entry, "long", &a.long)?;
        }
        let mut spellings = Vec::with_capacity(self.spellings.len());
        for (i, s) in self.spellings.into_iter().enumerate() {
            let entry = || format!("spellings[{i}] \"{}\" -> \"{}\"", s.from, s.to);
            if s.from.trim().is_empty() {
                return Err(err(entry(), "from", Problem::Empty));
            }
            for (field, v) in [("from", &s.from), ("to", &s.to)] {
                let expected = written_form(v).replace(' ', "");
                if &expected != v {
                    return Err(err(entry(), field, Problem::NotNormalized { expected }));
                }
            }
            let position = match s.position.as_str() {
                "onset" => SpellingPosition::Onset,
                "anywhere" => SpellingPosition::Anywhere,
                "coda" => SpellingPosition::Coda,
                other => {
                    return Err(err(
                        entry(),
                        "position",
                        Problem::UnknownPosition(other.to_owned()),
                    ))
                }
            };
            spellings.push(SpellingRule {
                from: s.from,
                to: s.to,
                position,
            });
        }
        Ok(Lexicon {
            lexicon: self.lexicon,
            terms,
            safe: self.safe,
            abbreviations: self.abbreviations,
            spellings,
            opinion: self.opinion,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plainly_written_terms_skip_the_computation() {
        for s in ["đồ ngu", "óc chó", "vl", "100k", "cờ bạc online"] {
            assert!(is_plainly_written(s), "{s:?}");
            assert_eq!(written_form_computed(s), s);
        }
        for s in [
            "",
            " đồ",
            "đồ ",
            "đồ  ngu",
            "Đồ ngu",
            "đô\u{300}",
            "đồ\tngu",
            "NGU",
        ] {
            assert!(!is_plainly_written(s), "{s:?}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig {
            cases: 2000,
            failure_persistence: None,
            ..proptest::prelude::ProptestConfig::default()
        })]

        #[test]
        fn plainly_written_means_already_in_written_form(
            v in proptest::collection::vec(proptest::sample::select(vec![
                "a", "đ", "Đ", "ồ", "Ồ", "o", "\u{300}", " ", "  ", "\t", "\n", "A", "1", ".",
                "-", "ư", "ơ", "ẫ", "é", "ÿ", "ß", "ǅ", "\u{200B}", "😀",
            ]), 0..12)
        ) {
            let s: String = v.concat();
            if is_plainly_written(&s) {
                proptest::prop_assert_eq!(written_form_computed(&s), s);
            }
        }
    }
}
