//! The rule model as plain data: instruments, roles, categories, rules, obligations and
//! dated parameters, each with a citation to its legal source.
//!
//! These are the types a rule pack file (TOML or JSON) deserialises into. They carry no
//! behaviour beyond small helpers; validation and compilation live in [`crate::pack`].

mod date;

pub use date::{Date, DateError};

use serde::{Deserialize, Serialize};

#[cfg(feature = "schema")]
use schemars::JsonSchema;

/// How sure we are of a citation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Confidence {
    /// Read in the official text or in a verbatim quote of it.
    Confirmed,
    /// Taken from secondary summaries; the wording or numbering may differ.
    Reported,
}

/// What kind of norm a rule is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum RuleKind {
    /// A general principle (Decision 874 Art. 3).
    Principle,
    /// Something the bound role must not do.
    Prohibition,
    /// Something the bound role must do.
    Obligation,
    /// Something the bound role is encouraged or recommended to do.
    Recommendation,
}

/// How serious a breach of a rule is, in increasing order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// For information only.
    Info,
    /// Minor.
    Low,
    /// Needs attention.
    Medium,
    /// Serious.
    High,
    /// Most serious (e.g. incitement to violence, sale of personal data).
    Critical,
}

/// The recommended moderation action, in increasing order of strength.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Nothing to do.
    Allow,
    /// Tell the author (or the bound body) what the rule expects.
    Notice,
    /// A human should look at it before anything else happens.
    Review,
    /// Limit reach (hide, age-gate, reduce distribution) pending review.
    Restrict,
    /// Remove or block the content.
    Remove,
}

/// Whether a deadline is set by law or is our configurable stand-in for "promptly".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// The figure is written in a binding instrument.
    Statutory,
    /// The law gives no figure; this is a default the user may override.
    PolicyDefault,
}

/// Whether a content category may be found by automatic detectors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Detection {
    /// Detectors may report findings in this category.
    Automatic,
    /// Only a human reviewer may apply rules of this category (e.g. political opinion).
    HumanOnly,
    /// The category concerns conduct or duties, not the text of a post.
    NotContent,
}

/// Where a rule, obligation or parameter comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Citation {
    /// Id of the instrument (see [`Instrument::id`]).
    pub instrument: String,
    /// Article, or numbered section of a letter.
    pub article: String,
    /// Clause (khoản) or bullet, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clause: Option<String>,
    /// Point (điểm), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub point: Option<String>,
    /// The Vietnamese wording of the source (verbatim where we have it; see `confidence`).
    pub excerpt_vi: String,
    /// What it says, in English, in our words.
    pub summary_en: String,
    /// How sure we are of the wording, numbering or figure.
    pub confidence: Confidence,
    /// Anything a reviewer should know about this citation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Citation {
    /// A short human reference such as `Art. 4.5` or `§2 bullet 3`.
    ///
    /// ```
    /// # use ungxu::model::{Citation, Confidence};
    /// let c = Citation { instrument: "qd-874-2021".into(), article: "4".into(),
    ///     clause: Some("5".into()), point: None, excerpt_vi: "…".into(),
    ///     summary_en: "…".into(), confidence: Confidence::Confirmed, note: None };
    /// assert_eq!(c.reference(), "Art. 4.5");
    /// ```
    pub fn reference(&self) -> String {
        let mut s = String::with_capacity(16);
        s.push_str("Art. ");
        s.push_str(&self.article);
        if let Some(c) = &self.clause {
            s.push('.');
            s.push_str(c);
        }
        if let Some(p) = &self.point {
            s.push('.');
            s.push_str(p);
        }
        s
    }
}

/// A legal or administrative instrument the pack draws on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Instrument {
    /// Stable id, e.g. `qd-874-2021`.
    pub id: String,
    /// Official number, e.g. `874/QĐ-BTTTT`.
    pub number: String,
    /// Vietnamese title.
    pub title_vi: String,
    /// English title.
    pub title_en: String,
    /// Issuing body.
    pub issuer: String,
    /// Date of signature, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issued: Option<Date>,
    /// First day in force.
    pub valid_from: Date,
    /// Last day in force, if it has ended.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_to: Option<Date>,
    /// Whether breaking it carries legal consequences.
    pub binding: bool,
    /// How it binds (or why it does not).
    pub binding_note: String,
    /// The instrument that replaced it, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub succeeded_by: Option<String>,
}

/// An actor the rules bind. A role inherits every rule of its parent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Role {
    /// Stable id, e.g. `civil_servant`.
    pub id: String,
    /// Vietnamese name.
    pub name_vi: String,
    /// English name.
    pub name_en: String,
    /// The role this one specialises.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// Who falls in this role.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A category of conduct or content, with its mapping to public moderation taxonomies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Category {
    /// Stable id, e.g. `hate_discrimination`.
    pub id: String,
    /// Vietnamese name.
    pub name_vi: String,
    /// English name.
    pub name_en: String,
    /// Whether automatic detectors may report it.
    pub detection: Detection,
    /// EU DSA statement-of-reasons category (e.g. `STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dsa_category: Option<String>,
    /// EU DSA statement-of-reasons keywords (`category_specification`, e.g. `KEYWORD_HATE_SPEECH`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dsa_keywords: Vec<String>,
    /// Llama Guard hazard code, where one fits (e.g. `S10`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub llama_guard: Option<String>,
}

/// One rule of conduct.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// Stable id, e.g. `qd874.4.5`.
    pub id: String,
    /// Principle, prohibition, obligation or recommendation.
    pub kind: RuleKind,
    /// A short English title.
    pub title_en: String,
    /// The roles it binds directly (sub-roles inherit it).
    pub roles: Vec<String>,
    /// Category id.
    pub category: String,
    /// How serious a breach is.
    pub severity: Severity,
    /// What to do about a breach.
    pub action: Action,
    /// First day it applies.
    pub valid_from: Date,
    /// Last day it applies, if it has ended.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_to: Option<Date>,
    /// Where it comes from.
    pub citation: Citation,
    /// Ids of rules this one restates or implements (e.g. a provincial bullet restating Art. 4).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub implements: Vec<String>,
}

/// A deadline for fulfilling an obligation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Deadline {
    /// Hours from the triggering event.
    pub hours: u32,
    /// Set by law, or our configurable default where the law says "promptly".
    pub basis: Basis,
    /// The source of the figure (for a policy default: the source of the duty, and a note).
    pub citation: Citation,
}

/// A duty that an event triggers and another event fulfils.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Obligation {
    /// Stable id, e.g. `ob.takedown.provider`.
    pub id: String,
    /// A short English title.
    pub title_en: String,
    /// The role that must act.
    pub role: String,
    /// Event kind that starts the clock.
    pub trigger: String,
    /// Event kinds any one of which fulfils it.
    pub fulfilled_by: Vec<String>,
    /// When it must be fulfilled; `None` where the source sets no time (e.g. "periodically").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline: Option<Deadline>,
    /// The rule it gives effect to, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    /// First day it applies.
    pub valid_from: Date,
    /// Last day it applies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_to: Option<Date>,
    /// Where the duty comes from.
    pub citation: Citation,
}

/// A machine-checkable number the law sets (or that we default where it does not).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Parameter {
    /// Stable id, e.g. `takedown.provider.hours`.
    pub id: String,
    /// A short English title.
    pub title_en: String,
    /// The figure, when it is a single number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<i64>,
    /// Lower end, when the law gives a range.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<i64>,
    /// Upper end, when the law gives a range.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<i64>,
    /// Unit of the figure (`hours`, `days`, `years`, `VND`, `count`, …).
    pub unit: String,
    /// Set by law, or our configurable default.
    pub basis: Basis,
    /// The roles it binds.
    pub binds: Vec<String>,
    /// First day it applies.
    pub valid_from: Date,
    /// Last day it applies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_to: Option<Date>,
    /// Where the figure comes from.
    pub citation: Citation,
    /// What the figure leaves open (e.g. whether individuals pay half the fine).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// An overlay's change to a named rule, obligation or parameter of the packs beneath it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Override {
    /// Id of the rule, obligation or parameter to change.
    pub target: String,
    /// Why (kept in the compiled pack so reports can show it).
    pub reason: String,
    /// New severity (rules only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<Severity>,
    /// New action (rules only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<Action>,
    /// New deadline in hours (obligations only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline_hours: Option<u32>,
    /// New value (parameters only; allowed only where the basis is a policy default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<i64>,
}

/// An overlay's removal of a named rule or obligation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Disable {
    /// Id of the rule or obligation to switch off.
    pub target: String,
    /// Why.
    pub reason: String,
}

/// Identity of a pack file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PackMeta {
    /// Stable id, e.g. `vn-national`.
    pub id: String,
    /// Version of the pack's content.
    pub version: String,
    /// Human title.
    pub title: String,
    /// Id of the pack this one overlays; absent for a base pack.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extends: Option<String>,
    /// What it covers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// Below a confidence, a finding's action is capped (e.g. an uncertain match goes to review,
/// never to removal).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ConfidenceCap {
    /// Applies to findings whose confidence is below this (0 to 1).
    pub below: f64,
    /// The strongest action such a finding may recommend.
    pub max_action: Action,
}

/// How findings turn into recommended actions. An overlay's policy replaces the one beneath.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Policy {
    /// Findings below this confidence are not reported at all (0 to 1).
    pub min_confidence: f64,
    /// Caps on the action by confidence; the lowest matching cap wins.
    #[serde(default)]
    pub confidence_caps: Vec<ConfidenceCap>,
    /// Caps on the action by severity: a finding at or below `severity` recommends at most
    /// `max_action` (a mild word is never removed on its own).
    #[serde(default)]
    pub severity_caps: Vec<SeverityCap>,
    /// Categories whose findings rise one severity level when a post is aimed at children.
    #[serde(default)]
    pub children_audience_escalates: Vec<String>,
    /// Which duties of the checking party's own role findings bring up (e.g. a provider's
    /// Art. 7 duties).
    #[serde(default)]
    pub duties: Vec<DutyTrigger>,
}

/// A finding at or below a severity recommends at most an action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct SeverityCap {
    /// Applies to findings of this severity or lower.
    pub severity: Severity,
    /// The strongest action such a finding may recommend.
    pub max_action: Action,
}

/// When findings of some categories appear, rules of some categories binding the checking
/// party become its duties for this post.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct DutyTrigger {
    /// Finding categories that bring the duties up; empty means any finding.
    #[serde(default)]
    pub when_categories: Vec<String>,
    /// Categories of the rules that become duties.
    pub duty_categories: Vec<String>,
}

impl Default for Policy {
    /// Report everything, cap nothing.
    fn default() -> Policy {
        Policy {
            min_confidence: 0.0,
            confidence_caps: Vec::new(),
            severity_caps: Vec::new(),
            children_audience_escalates: Vec::new(),
            duties: Vec::new(),
        }
    }
}

/// One pack file as written: a base pack or an overlay.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PackFile {
    /// Identity.
    pub pack: PackMeta,
    /// Instruments it adds.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub instruments: Vec<Instrument>,
    /// Roles it adds.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<Role>,
    /// Categories it adds.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub categories: Vec<Category>,
    /// Rules it adds.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<Rule>,
    /// Obligations it adds.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub obligations: Vec<Obligation>,
    /// Parameters it adds.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parameters: Vec<Parameter>,
    /// Changes to named items of the packs beneath.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub overrides: Vec<Override>,
    /// Items of the packs beneath that this overlay switches off.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub disable: Vec<Disable>,
    /// How findings become actions; replaces the policy of the packs beneath.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy: Option<Policy>,
}

/// The event kinds that obligations may name as trigger or fulfilment.
///
/// The account-event model checks events against this same list.
pub const EVENT_KINDS: [&str; 26] = [
    "account_registered",
    "account_authenticated",
    "terms_accepted",
    "account_compromised",
    "account_impersonated",
    "compromise_reported",
    "impersonation_reported",
    "account_recovered",
    "content_posted",
    "takedown_requested",
    "user_complaint_received",
    "content_removed",
    "violation_recorded",
    "account_locked",
    "account_unlocked",
    "personal_data_shared",
    "personal_data_breach_detected",
    "personal_data_breach_notified",
    "data_subject_request_received",
    "data_subject_request_answered",
    "comment_received",
    "comment_answered",
    "fake_news_confirmed",
    "warning_published",
    "reporting_period_ended",
    "report_submitted",
];

/// Whether `d` lies in the window `[from, to]` (both ends inclusive; `to = None` is open).
///
/// ```
/// use ungxu::model::{in_window, Date};
/// let d = |s: &str| s.parse::<Date>().unwrap();
/// assert!(in_window(d("2024-12-24"), d("2018-04-15"), Some(d("2024-12-24"))));
/// assert!(!in_window(d("2024-12-25"), d("2018-04-15"), Some(d("2024-12-24"))));
/// ```
pub fn in_window(d: Date, from: Date, to: Option<Date>) -> bool {
    d >= from && to.is_none_or(|t| d <= t)
}
