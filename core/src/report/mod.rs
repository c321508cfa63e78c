//! What a check returns: a [`Report`] of [`Finding`]s, each explaining itself with its rule,
//! citation, evidence spans in the original text and the normalisation steps that were needed.
//!
//! Reports serialise to the same JSON in Rust, Python and JavaScript
//! (`spec/schema/report.schema.json`). Findings are sorted deterministically.

use crate::model::{Action, Citation, Date, Severity};
use crate::text::Span;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

#[cfg(feature = "schema")]
use schemars::JsonSchema;

/// A pack the report was computed with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct PackRef {
    /// Pack id.
    pub id: String,
    /// Pack version.
    pub version: String,
}

/// The result of checking one post.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct Report {
    /// The post's id, when the caller gave one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The packs in force, base first.
    pub packs: Vec<PackRef>,
    /// The date the rules were taken as of.
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub as_of: Date,
    /// The author's role.
    pub role: String,
    /// The strongest recommended action of all findings (`allow` when there are none).
    pub verdict: Action,
    /// The highest severity among the findings, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<Severity>,
    /// What the post may break, sorted by position, then rule id.
    pub findings: Vec<Finding>,
    /// Duties the caller's own role has because of these findings (e.g. a provider's Art. 7
    /// duties), by rule id.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub duties: Vec<Duty>,
}

/// One rule a post may break, with the evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct Finding {
    /// The rule most specific to the author's role.
    pub rule_id: String,
    /// Other rules in force for this role that the same evidence touches.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub related_rules: Vec<String>,
    /// Category id.
    pub category: String,
    /// Finer label from the detector (e.g. `region`, `gambling`, `phone`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subcategory: Option<String>,
    /// How serious.
    pub severity: Severity,
    /// How sure the detector is, 0 to 1 (three decimals).
    pub confidence: f64,
    /// What to do, after the pack's confidence caps.
    pub action: Action,
    /// The detector that found it, e.g. `lexicon`, `personal.phone`, `sources.unsourced`.
    pub detector: String,
    /// The lexicon term or pattern that matched, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub term: Option<String>,
    /// Where in the original text (may be empty for findings about the author or the post).
    pub spans: Vec<Span>,
    /// Normalisation steps that were needed to match (`folded`, `separator`, …).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub normalization: Vec<String>,
    /// The evidence text; personal data masked unless the caller asked for raw evidence.
    pub evidence: String,
    /// Whether `evidence` has been masked.
    pub evidence_masked: bool,
    /// For the learned span scorer (`detector` `model.spans`): the features that contributed
    /// most to the span, with their weight in logits, e.g. `folded=ngu +1.92`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub features: Vec<String>,
    /// The rule's source.
    // Shared with the rule pack: the findings under one rule point at one citation.
    pub citation: Arc<Citation>,
    /// What this finding means, in Vietnamese.
    pub message_vi: String,
    /// What this finding means, in English.
    pub message_en: String,
}

/// A duty of the caller's role triggered by the findings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct Duty {
    /// The rule that sets the duty.
    pub rule_id: String,
    /// Its title.
    pub title_en: String,
    /// Instrument and article, e.g. `qd-874-2021 Art. 7.2`.
    pub source: String,
}

impl Report {
    /// Compact JSON, byte-identical for the same input, pack and date.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
    }
}

mod dsa;

pub use dsa::{statements_of_reasons, StatementOfReasons};
