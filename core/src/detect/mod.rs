//! Detectors. So far: lexicon terms ([`LexiconMatcher`], fed by [`Lexicon`] data) and the
//! span-scoring measure used to evaluate detectors on annotated comments ([`score`]).
//!
//! Lexicons are data (`spec/lexicons/*.toml`, format in `spec/lexicons/FORMAT.md`); adding a
//! term, an innocent phrase, an abbreviation or a teencode spelling rule needs no Rust change.

pub mod audit;
mod lexicon;
mod linkscan;
mod matcher;
pub mod score;
pub mod spans;

// Pattern detectors (personal data, children, links/sources, impersonation); data in
// `spec/detectors/*.toml`.
pub mod children;
pub mod impersonation;
pub mod patterns;
pub mod personal;
pub mod sources;
mod syllables;

pub use lexicon::{
    Abbreviation, Lexicon, LexiconError, LexiconInfo, OpinionWord, Problem, SafePhrase,
    SpellingPosition, SpellingRule, Term,
};
pub use matcher::{LexiconMatcher, ScanNotes};

use crate::model::Severity;
use crate::text::{Span, StepSet};
use serde::{Deserialize, Serialize};

/// How a term matched, from most to least certain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchTier {
    /// The term with its tones (either tone placement) matched the canonical view.
    Exact,
    /// A listed abbreviation of the term (`dm`, `vcl`) matched as a whole word.
    Abbreviation,
    /// The tone-less form matched the folded view (`du ma` for `đụ má`).
    Folded,
    /// A teencode spelling of the tone-less form matched (`fo` for `pho` by `ph` → `f`).
    Spelling,
}

impl MatchTier {
    /// The confidence a match of this tier carries: 0.95, 0.8, 0.6, 0.5.
    ///
    /// ```
    /// use ungxu::detect::MatchTier;
    /// assert!(MatchTier::Exact.confidence() > MatchTier::Folded.confidence());
    /// ```
    pub const fn confidence(self) -> f64 {
        match self {
            MatchTier::Exact => 0.95,
            MatchTier::Abbreviation => 0.8,
            MatchTier::Folded => 0.6,
            MatchTier::Spelling => 0.5,
        }
    }

    /// The snake_case name used in reports.
    pub const fn name(self) -> &'static str {
        match self {
            MatchTier::Exact => "exact",
            MatchTier::Abbreviation => "abbreviation",
            MatchTier::Folded => "folded",
            MatchTier::Spelling => "spelling",
        }
    }
}

/// One occurrence of a lexicon term in a text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TermMatch {
    /// The term as written in the lexicon (for an abbreviation: its long term).
    pub term: String,
    /// The id of the lexicon the term comes from.
    pub lexicon: String,
    /// The term's category id.
    pub category: String,
    /// The term's subcategory, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subcategory: Option<String>,
    /// The term's severity.
    pub severity: Severity,
    /// How it matched.
    pub tier: MatchTier,
    /// How sure the match is, in [0, 1] (see [`MatchTier::confidence`]).
    pub confidence: f64,
    /// Where, in the original text.
    pub span: Span,
    /// The normalisation steps that were needed (`folded` for folded and spelling matches).
    pub steps: StepSet,
    /// The normalised form that matched (in the canonical view for exact matches, in the
    /// folded view otherwise).
    pub form: String,
}
