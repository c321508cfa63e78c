//! Export of findings as EU Digital Services Act statements of reasons (the fields of the
//! DSA Transparency Database), the best-known public schema for moderation decisions, for
//! platforms that report to several regulators.

use crate::model::Action;
use crate::report::{Finding, Report};
use crate::Engine;
use serde::{Deserialize, Serialize};

#[cfg(feature = "schema")]
use schemars::JsonSchema;

/// One statement of reasons, for one finding that restricts or removes content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct StatementOfReasons {
    /// The platform's id of the decision: the post id and the finding's rule.
    pub puid: String,
    /// What happened to the content (`DECISION_VISIBILITY_*`).
    pub decision_visibility: Vec<String>,
    /// `DECISION_GROUND_ILLEGAL_CONTENT` when the rule comes from a binding instrument,
    /// `DECISION_GROUND_INCOMPATIBLE_CONTENT` when from the (non-binding) Code of Conduct.
    pub decision_ground: String,
    /// The law relied on (binding instruments only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub illegal_content_legal_ground: Option<String>,
    /// Why the content is illegal under it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub illegal_content_explanation: Option<String>,
    /// The code or terms relied on (non-binding instruments).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub incompatible_content_ground: Option<String>,
    /// Why the content is incompatible with it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub incompatible_content_explanation: Option<String>,
    /// `STATEMENT_CATEGORY_*` of the finding's category.
    pub category: String,
    /// `KEYWORD_*` of the finding's category.
    pub category_specification: Vec<String>,
    /// Always `CONTENT_TYPE_TEXT` here.
    pub content_type: Vec<String>,
    /// `SOURCE_VOLUNTARY`: found by the platform's own detection.
    pub source_type: String,
    /// `Yes`: the content was detected automatically.
    pub automated_detection: String,
    /// `AUTOMATED_DECISION_PARTIALLY`: ungxu recommends, a person or the platform decides.
    pub automated_decision: String,
    /// The facts: the finding's message (personal data masked).
    pub decision_facts: String,
    /// The date the rules were applied as of.
    pub application_date: String,
}

fn visibility(action: Action) -> Option<&'static str> {
    match action {
        Action::Remove => Some("DECISION_VISIBILITY_CONTENT_REMOVED"),
        Action::Restrict => Some("DECISION_VISIBILITY_CONTENT_DEMOTED"),
        Action::Allow | Action::Notice | Action::Review => None,
    }
}

/// Statements of reasons for the findings of a report whose action restricts or removes
/// content (`restrict`, `remove`); findings that only notify or ask for review have none.
///
/// ```
/// use ungxu::eval::{CheckOptions, Post};
/// let engine = ungxu::Engine::default();
/// let opts = CheckOptions::as_of("2025-06-01".parse().unwrap());
/// let report = engine.check_post(&Post::new("Bọn bắc kỳ đi đâu cũng lừa đảo"), &opts).unwrap();
/// let sor = ungxu::report::statements_of_reasons(&engine, &report);
/// assert_eq!(sor[0].category, "STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH");
/// assert_eq!(sor[0].decision_visibility, ["DECISION_VISIBILITY_CONTENT_REMOVED"]);
/// ```
pub fn statements_of_reasons(engine: &Engine, report: &Report) -> Vec<StatementOfReasons> {
    report
        .findings
        .iter()
        .enumerate()
        .filter_map(|(i, f)| statement(engine, report, i, f))
        .collect()
}

fn statement(
    engine: &Engine,
    report: &Report,
    i: usize,
    f: &Finding,
) -> Option<StatementOfReasons> {
    let visibility = visibility(f.action)?;
    let pack = engine.pack();
    let category = pack.category(&f.category).map(|c| c.item.clone());
    // The first binding rule among the finding's rules is the legal ground, if any.
    let rules = std::iter::once(&f.rule_id).chain(&f.related_rules);
    let binding = rules.filter_map(|id| pack.rule(id)).find(|r| {
        pack.instrument(&r.item.citation.instrument)
            .is_some_and(|i| i.item.binding)
    });
    let ground = |rule: &crate::model::Rule| {
        let number = pack
            .instrument(&rule.citation.instrument)
            .map(|i| i.item.number.clone())
            .unwrap_or_else(|| rule.citation.instrument.clone());
        format!("{} {} ({})", number, rule.citation.reference(), rule.id)
    };
    let primary = pack.rule(&f.rule_id).map(|r| r.item.clone());
    let (decision_ground, legal, legal_expl, incompatible, incompatible_expl) = match binding {
        Some(r) => (
            "DECISION_GROUND_ILLEGAL_CONTENT",
            Some(ground(&r.item)),
            Some(r.item.citation.summary_en.clone()),
            None,
            None,
        ),
        None => (
            "DECISION_GROUND_INCOMPATIBLE_CONTENT",
            None,
            None,
            primary.as_ref().map(ground),
            primary.as_ref().map(|r| r.citation.summary_en.clone()),
        ),
    };
    let id = report.id.clone().unwrap_or_else(|| "post".to_string());
    Some(StatementOfReasons {
        puid: format!("{id}:{i}:{}", f.rule_id),
        decision_visibility: vec![visibility.to_string()],
        decision_ground: decision_ground.to_string(),
        illegal_content_legal_ground: legal,
        illegal_content_explanation: legal_expl,
        incompatible_content_ground: incompatible,
        incompatible_content_explanation: incompatible_expl,
        category: category
            .as_ref()
            .and_then(|c| c.dsa_category.clone())
            .unwrap_or_else(|| "STATEMENT_CATEGORY_OTHER_VIOLATION_TC".to_string()),
        category_specification: category
            .map(|c| c.dsa_keywords)
            .filter(|k| !k.is_empty())
            .unwrap_or_else(|| vec!["KEYWORD_OTHER".to_string()]),
        content_type: vec!["CONTENT_TYPE_TEXT".to_string()],
        source_type: "SOURCE_VOLUNTARY".to_string(),
        automated_detection: "Yes".to_string(),
        automated_decision: "AUTOMATED_DECISION_PARTIALLY".to_string(),
        decision_facts: f.message_en.clone(),
        application_date: report.as_of.to_string(),
    })
}
