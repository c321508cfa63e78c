//! Checking one post: detectors find evidence, the pack turns evidence into findings under
//! the rules that bind the author's role on the given date, and the policy turns findings
//! into a verdict.

use crate::detect::patterns::{Author as SignalAuthor, FoldedText, SignalKind};
use crate::detect::sources::{host_of, LinkClass};
use crate::error::InputError;
use crate::model::{in_window, Action, Date, Detection as CategoryDetection, RuleKind, Severity};
use crate::report::{Duty, Finding, PackRef, Report};
use crate::text::{NormalizedText, Span, MAX_TEXT_BYTES};
use crate::Engine;
use serde::{Deserialize, Serialize};
use std::ops::Range;
use std::sync::Arc;

#[cfg(feature = "schema")]
use schemars::JsonSchema;

/// A post to check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Post {
    /// The caller's id for the post, echoed in the report.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The text, as posted.
    pub text: String,
    /// Who posted it.
    #[serde(default)]
    pub author: Author,
    /// Links attached to the post (besides those in the text).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<String>,
    /// Who the post is aimed at.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audience: Option<Audience>,
}

/// Who a post is aimed at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Audience {
    /// Anyone.
    General,
    /// Children or adolescents (e.g. a page for pupils).
    Children,
}

/// The author of a post.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Author {
    /// Role id from the pack (default `individual`).
    #[serde(default = "individual")]
    pub role: String,
    /// The name the account shows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    /// Whether the account is authenticated (Decree 147 Arts. 23, 27), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authenticated: Option<bool>,
    /// Age in years, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age: Option<u8>,
    /// Whether the platform has verified the display name.
    #[serde(default)]
    pub verified: bool,
    /// Whether the account is the official account of the body it names.
    #[serde(default)]
    pub official: bool,
}

fn individual() -> String {
    "individual".to_string()
}

impl Default for Author {
    fn default() -> Author {
        Author {
            role: individual(),
            display_name: None,
            authenticated: None,
            age: None,
            verified: false,
            official: false,
        }
    }
}

impl Post {
    /// A post by an `individual` with just a text.
    pub fn new(text: impl Into<String>) -> Post {
        Post {
            id: None,
            text: text.into(),
            author: Author::default(),
            links: Vec::new(),
            audience: None,
        }
    }

    /// The same post by an author of `role`.
    pub fn by(mut self, role: impl Into<String>) -> Post {
        self.author.role = role.into();
        self
    }
}

/// How to check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckOptions {
    /// The date whose rules apply.
    pub as_of: Date,
    /// Put personal data in evidence unmasked (default: masked).
    pub raw_evidence: bool,
    /// The role of whoever is checking (e.g. `sns_provider`), to list its own duties.
    pub checker_role: Option<String>,
    /// Lexicon and pattern detectors only, without the learned span scorer: every finding
    /// then names the lexicon term or pattern that matched (fully explainable mode).
    pub lexicon_only: bool,
}

impl CheckOptions {
    /// Masked evidence, no checker duties.
    pub fn as_of(as_of: Date) -> CheckOptions {
        CheckOptions {
            as_of,
            raw_evidence: false,
            checker_role: None,
            lexicon_only: false,
        }
    }
}

/// What a detector found, before the pack says which rules it touches.
#[derive(Debug, Clone)]
pub(crate) struct Evidence {
    pub detector: String,
    pub category: String,
    pub subcategory: Option<String>,
    /// The detector's own severity (a lexicon term's), if it has one.
    pub severity: Option<Severity>,
    pub confidence: f64,
    /// Byte ranges of the original text (may be empty for evidence about the author).
    pub ranges: Vec<Range<usize>>,
    pub term: Option<String>,
    pub steps: Vec<String>,
    /// Masked rendering, for personal data; `None` means the evidence is not personal data.
    pub masked: Option<String>,
    /// Evidence that is not in the text (e.g. the display name).
    pub outside_text: Option<String>,
    /// For a learned detector: the features that contributed most.
    pub features: Vec<String>,
}

fn round3(x: f64) -> f64 {
    (x.clamp(0.0, 1.0) * 1000.0).round() / 1000.0
}

fn raise(s: Severity) -> Severity {
    match s {
        Severity::Info => Severity::Low,
        Severity::Low => Severity::Medium,
        Severity::Medium => Severity::High,
        Severity::High | Severity::Critical => Severity::Critical,
    }
}

impl Engine {
    /// Checks a post as of a date.
    ///
    /// ```
    /// use ungxu::eval::{CheckOptions, Post};
    /// let engine = ungxu::Engine::default();
    /// let opts = CheckOptions::as_of("2025-03-01".parse().unwrap());
    /// let report = engine.check_post(&Post::new("Thằng chủ tịch xã ngu như bò"), &opts).unwrap();
    /// assert_eq!(report.findings[0].category, "insult");
    /// let clean = engine.check_post(&Post::new("Chủ tịch xã làm việc kém quá"), &opts).unwrap();
    /// assert!(clean.findings.is_empty()); // criticism is not an insult
    ///
    /// // With the learned span scorer (off by default), a span the lexicon does not cover
    /// // comes with the features that weighed most; `lexicon_only` switches it off per check.
    /// let learned = engine.clone().with_embedded_span_model().unwrap();
    /// let post = Post::new("Thằng chủ tịch xã ngu như bò");
    /// let report = learned.check_post(&post, &opts).unwrap();
    /// let span = report.findings.iter().find(|f| f.detector == "model.spans").unwrap();
    /// assert!(!span.features.is_empty());
    /// let explainable = CheckOptions { lexicon_only: true, ..opts.clone() };
    /// let report = learned.check_post(&post, &explainable).unwrap();
    /// assert!(report.findings.iter().all(|f| f.detector.starts_with("lexicon.")));
    /// ```
    pub fn check_post(&self, post: &Post, opts: &CheckOptions) -> Result<Report, InputError> {
        let pack = self.pack();
        let limits = self.input_limits();
        let max_text = limits.max_text_bytes.min(MAX_TEXT_BYTES);
        if post.text.len() > max_text {
            let what = format!("{} bytes", post.text.len());
            return Err(InputError::new(
                "text",
                crate::engine::over_input_limit(what, max_text, "max_text_bytes"),
            ));
        }
        if post.links.len() > limits.max_links {
            let what = format!("{} links", post.links.len());
            return Err(InputError::new(
                "links",
                crate::engine::over_input_limit(what, limits.max_links, "max_links"),
            ));
        }
        let Some(role) = pack.role(&post.author.role) else {
            return Err(InputError::new(
                "author.role",
                format!("unknown role `{}`", post.author.role),
            ));
        };
        if let Some(c) = &opts.checker_role {
            if pack.role(c).is_none() {
                return Err(InputError::new(
                    "checker_role",
                    format!("unknown role `{c}`"),
                ));
            }
        }
        // One normalisation per post: the detectors and the spans of the report share it.
        let text = NormalizedText::new(&post.text);
        let evidence = merge_repeats(self.detect(post, &text, opts));
        let policy = pack.policy();
        let mut findings = Vec::new();
        for ev in evidence {
            if ev.confidence < policy.min_confidence {
                continue;
            }
            // Only categories detectors may report; political opinion never is one.
            match pack.category(&ev.category) {
                Some(c) if c.item.detection == CategoryDetection::Automatic => {}
                _ => continue,
            }
            let all_rules = pack.rules();
            let mut rules: Vec<(usize, usize, &crate::pack::Entry<crate::model::Rule>)> = pack
                .rules_in_category(&ev.category)
                .iter()
                .filter_map(|&i| Some((i, all_rules.get(i)?)))
                .filter(|(_, r)| {
                    r.item.kind != RuleKind::Principle
                        && in_window(opts.as_of, r.item.valid_from, r.item.valid_to)
                })
                .filter_map(|(i, r)| {
                    // The nearest role in the author's lineage the rule binds.
                    let depth = role.lineage.iter().position(|l| r.item.roles.contains(l))?;
                    Some((depth, i, r))
                })
                .collect();
            if rules.is_empty() {
                continue;
            }
            crate::sort::sort_by_key(&mut rules, |(depth, i, _)| (*depth, *i));
            let (_, primary_index, primary) = rules[0];
            let related: Vec<String> = rules[1..]
                .iter()
                .map(|(_, _, r)| r.item.id.clone())
                .collect();
            let mut severity = ev.severity.unwrap_or(primary.item.severity);
            if post.audience == Some(Audience::Children)
                && policy.children_audience_escalates.contains(&ev.category)
            {
                severity = raise(severity);
            }
            let confidence = round3(ev.confidence);
            let mut action = primary.item.action;
            if let Some(cap) = policy
                .confidence_caps
                .iter()
                .filter(|c| confidence < c.below)
                .min_by(|a, b| a.below.total_cmp(&b.below))
            {
                action = action.min(cap.max_action);
            }
            if let Some(cap) = policy
                .severity_caps
                .iter()
                .filter(|c| severity <= c.severity)
                .min_by_key(|c| c.severity)
            {
                action = action.min(cap.max_action);
            }
            let spans: Vec<Span> = ev
                .ranges
                .iter()
                // The offset index is built on first use: posts without findings skip it.
                .filter_map(|r| text.offsets().span(r.clone()))
                .collect();
            let raw: String = match &ev.outside_text {
                Some(t) => t.clone(),
                None => spans
                    .iter()
                    .filter_map(|s| s.slice(&post.text))
                    .collect::<Vec<_>>()
                    .join(" … "),
            };
            let (evidence_text, masked) = match (&ev.masked, opts.raw_evidence) {
                (Some(m), false) => (m.clone(), true),
                _ => (raw, false),
            };
            let (name_vi, name_en) = pack.category(&ev.category).map_or(("", ""), |c| {
                (c.item.name_vi.as_str(), c.item.name_en.as_str())
            });
            let cite = &primary.item.citation;
            let instrument = pack
                .instrument(&cite.instrument)
                .map(|i| i.item.number.clone())
                .unwrap_or_else(|| cite.instrument.clone());
            let reference = cite.reference();
            let reference_vi =
                ["Điều", reference.strip_prefix("Art.").unwrap_or(&reference)].concat();
            findings.push(Finding {
                rule_id: primary.item.id.clone(),
                related_rules: related,
                category: ev.category,
                subcategory: ev.subcategory,
                severity,
                confidence,
                action,
                detector: ev.detector,
                term: ev.term,
                spans,
                normalization: ev.steps,
                // Concatenation, not `format!`: one allocation each, on every finding.
                message_vi: [
                    "Có thể vi phạm ",
                    &reference_vi,
                    " ",
                    &instrument,
                    " (",
                    name_vi,
                    "): “",
                    &evidence_text,
                    "”",
                ]
                .concat(),
                message_en: [
                    "May breach ",
                    &reference,
                    " of ",
                    &instrument,
                    " (",
                    name_en,
                    "): “",
                    &evidence_text,
                    "”",
                ]
                .concat(),
                evidence: evidence_text,
                evidence_masked: masked,
                features: ev.features,
                citation: pack
                    .rule_citation(primary_index)
                    .cloned()
                    .unwrap_or_else(|| Arc::new(cite.clone())),
            });
        }
        crate::sort::sort_by(&mut findings, |a, b| {
            let key = |f: &Finding| f.spans.first().map_or(usize::MAX, |s| s.byte_start);
            key(a)
                .cmp(&key(b))
                .then_with(|| a.rule_id.cmp(&b.rule_id))
                .then_with(|| a.detector.cmp(&b.detector))
                .then_with(|| a.term.cmp(&b.term))
        });
        let verdict = findings
            .iter()
            .map(|f| f.action)
            .max()
            .unwrap_or(Action::Allow);
        let severity = findings.iter().map(|f| f.severity).max();
        let duties = self.duties(&findings, opts);
        Ok(Report {
            id: post.id.clone(),
            packs: pack
                .packs()
                .iter()
                .map(|p| PackRef {
                    id: p.id.clone(),
                    version: p.version.clone(),
                })
                .collect(),
            as_of: opts.as_of,
            role: post.author.role.clone(),
            verdict,
            severity,
            findings,
            duties,
        })
    }

    fn duties(&self, findings: &[Finding], opts: &CheckOptions) -> Vec<Duty> {
        let pack = self.pack();
        let Some(checker) = opts.checker_role.as_deref() else {
            return Vec::new();
        };
        if findings.is_empty() {
            return Vec::new();
        }
        let mut wanted: Vec<&str> = Vec::new();
        for t in &pack.policy().duties {
            let fires = t.when_categories.is_empty()
                || findings
                    .iter()
                    .any(|f| t.when_categories.contains(&f.category));
            if fires {
                wanted.extend(t.duty_categories.iter().map(String::as_str));
            }
        }
        pack.rules_for(Some(checker), Some(opts.as_of))
            .filter(|r| {
                r.item.kind == RuleKind::Obligation && wanted.contains(&r.item.category.as_str())
            })
            .map(|r| Duty {
                rule_id: r.item.id.clone(),
                title_en: r.item.title_en.clone(),
                source: format!(
                    "{} {}",
                    r.item.citation.instrument,
                    r.item.citation.reference()
                ),
            })
            .collect()
    }

    /// Runs every detector over the post.
    fn detect(&self, post: &Post, text: &NormalizedText<'_>, opts: &CheckOptions) -> Vec<Evidence> {
        let mut out = Vec::new();
        let mut notes = crate::detect::ScanNotes::default();
        let lexicon = self.lexicon().scan(text, &mut notes);
        // The model reads the matches; then they move into the evidence (no copies when no
        // model runs), and its spans follow them.
        let spans = match self.span_model() {
            Some(model) if !opts.lexicon_only => Self::span_evidence(model, text, &lexicon, &notes),
            _ => Vec::new(),
        };
        for m in lexicon {
            out.push(Evidence {
                detector: ["lexicon.", m.tier.name()].concat(),
                category: m.category,
                subcategory: m.subcategory,
                severity: Some(m.severity),
                confidence: m.confidence,
                ranges: vec![m.span.bytes()],
                term: Some(m.term),
                steps: m.steps.names().map(str::to_string).collect(),
                masked: None,
                outside_text: None,
                features: Vec::new(),
            });
        }
        out.extend(spans);
        let signals = self.signals();
        let author = post
            .author
            .display_name
            .as_deref()
            .map(|name| SignalAuthor {
                name,
                verified: post.author.verified || post.author.official,
            });
        let found = signals.check_folded(&FoldedText::from_normalized(text), author);
        // Links attached to the post count as sources too.
        let attached: Vec<(LinkClass, Option<String>)> = post
            .links
            .iter()
            .filter_map(|url| host_of(url))
            .map(|host| signals.sources().classify_host(&host))
            .collect();
        let attached_reliable = attached.iter().any(|(class, _)| class.is_reliable());
        for m in found.text {
            let kind = if m.kind == SignalKind::SensationalUnsourced && attached_reliable {
                SignalKind::Sensational
            } else {
                m.kind
            };
            let Some(category) = signal_category(kind) else {
                continue;
            };
            out.push(Evidence {
                detector: kind.detector_id().to_string(),
                category: category.to_string(),
                subcategory: Some(signal_subcategory(kind).to_string()),
                severity: None,
                confidence: m.confidence,
                ranges: vec![m.range.clone()],
                term: m.detail.clone(),
                steps: if m.via_folding {
                    vec!["folded".to_string()]
                } else {
                    Vec::new()
                },
                masked: masks_evidence(kind).then(|| m.masked.clone()),
                outside_text: None,
                features: Vec::new(),
            });
        }
        let mut author_kinds: Vec<SignalKind> = Vec::new();
        for m in found.author {
            let Some(category) = signal_category(m.kind) else {
                continue;
            };
            // One finding per kind of claim a display name makes ("Báo Tuổi Trẻ" is one
            // claim to be a press outlet, however many words say so).
            if author_kinds.contains(&m.kind) {
                continue;
            }
            author_kinds.push(m.kind);
            out.push(Evidence {
                detector: m.kind.detector_id().to_string(),
                category: category.to_string(),
                subcategory: Some(signal_subcategory(m.kind).to_string()),
                severity: None,
                confidence: m.confidence,
                ranges: Vec::new(),
                term: m.detail.clone(),
                steps: Vec::new(),
                masked: None,
                outside_text: post.author.display_name.clone(),
                features: Vec::new(),
            });
        }
        for (url, (class, _)) in post.links.iter().zip(&attached) {
            if class.signal_kind() == SignalKind::SuspiciousLink {
                out.push(Evidence {
                    detector: SignalKind::SuspiciousLink.detector_id().to_string(),
                    category: "fake_news".to_string(),
                    subcategory: Some("suspicious_link".to_string()),
                    severity: None,
                    confidence: 0.6,
                    ranges: Vec::new(),
                    term: None,
                    steps: Vec::new(),
                    masked: None,
                    outside_text: Some(url.clone()),
                    features: Vec::new(),
                });
            }
        }
        out
    }
}

/// Categories of Arts. 4.5/4.6 a learned span may take from an overlapping lexicon match;
/// any other span is offensive language.
const SPAN_CATEGORIES: [&str; 4] = [
    "insult",
    "hate_discrimination",
    "incitement_violence",
    "offensive_language",
];

impl Engine {
    /// The learned span scorer's evidence: spans the lexicon does not already cover, under
    /// the category of an overlapping lexicon match of Arts. 4.5/4.6, else offensive language.
    /// A span touching an occurrence the lexicon declares innocent (e.g. the walnut in
    /// `hạt óc chó`) or an opinion word (criticism: `kém`, `tham nhũng`) is dropped unless a
    /// lexicon match confirms it: the data's decisions outrank the model, and opinion is left
    /// to human reviewers.
    fn span_evidence(
        model: &crate::detect::spans::SpanModel,
        text: &NormalizedText<'_>,
        lexicon: &[crate::detect::TermMatch],
        notes: &crate::detect::ScanNotes,
    ) -> Vec<Evidence> {
        let mut out = Vec::new();
        for span in model.find(text, lexicon) {
            let overlaps = |m: &&crate::detect::TermMatch| {
                m.span.byte_start < span.original.end && span.original.start < m.span.byte_end
            };
            let o = &span.original;
            if notes
                .innocent
                .iter()
                .chain(&notes.opinion)
                .any(|r| r.start < o.end && o.start < r.end)
                && !lexicon.iter().any(|m| overlaps(&m))
            {
                continue;
            }
            // Already explained by the lexicon: a span inside one match, or one overlapping a
            // match of another kind (an advertisement's terms are not offensive language;
            // the lexicon finding reports them under their own rule).
            let explained = lexicon.iter().filter(overlaps).any(|m| {
                !SPAN_CATEGORIES.contains(&m.category.as_str())
                    || (m.span.byte_start <= span.original.start
                        && span.original.end <= m.span.byte_end)
            });
            if explained {
                continue;
            }
            let category = span
                .lexicon_category
                .as_deref()
                .filter(|c| SPAN_CATEGORIES.contains(c))
                .unwrap_or("offensive_language");
            out.push(Evidence {
                detector: "model.spans".to_string(),
                category: category.to_string(),
                subcategory: None,
                severity: None,
                confidence: span.confidence,
                term: text
                    .canonical()
                    .get(span.canonical.clone())
                    .map(str::to_string),
                ranges: vec![span.original],
                steps: Vec::new(),
                masked: None,
                outside_text: None,
                features: span.features.iter().map(ToString::to_string).collect(),
            });
        }
        out
    }
}

/// One finding per repeated piece of evidence: the same term (or the same unsourced framing)
/// found several times becomes one finding with several spans. Personal data is never merged:
/// each number or address is its own finding with its own masked evidence.
fn merge_repeats(evidence: Vec<Evidence>) -> Vec<Evidence> {
    let mut out: Vec<Evidence> = Vec::with_capacity(evidence.len());
    for ev in evidence {
        let mergeable = ev.masked.is_none() && ev.outside_text.is_none();
        let same = out.iter_mut().find(|o| {
            mergeable
                && o.masked.is_none()
                && o.outside_text.is_none()
                && o.detector == ev.detector
                && o.category == ev.category
                && o.subcategory == ev.subcategory
                && o.term == ev.term
        });
        match same {
            Some(o) => {
                o.ranges.extend(ev.ranges);
                o.confidence = o.confidence.max(ev.confidence);
                for step in ev.steps {
                    if !o.steps.contains(&step) {
                        o.steps.push(step);
                    }
                }
            }
            None => out.push(ev),
        }
    }
    out
}

/// The pack category a pattern signal is evidence for; `None` for signals that are context
/// only (a link to an official source is not a breach).
fn signal_category(kind: SignalKind) -> Option<&'static str> {
    use SignalKind::*;
    match kind {
        Phone | Landline | CitizenId | LegacyId | BankAccount | Email | Address => {
            Some("personal_data")
        }
        ChildName | ChildSchoolClass | ChildAge | ChildAddress | ChildPhone | ChildPhoto => {
            Some("child_privacy")
        }
        SensationalUnsourced => Some("official_sources"),
        SuspiciousLink => Some("fake_news"),
        ImpersonatesStateBody | ImpersonatesPress | OfficialClaim => Some("impersonation"),
        OfficialLink | PressLink | ShortenerLink | UnknownLink | Sensational => None,
    }
}

/// The finer label reported with a signal: the last part of its detector id.
fn signal_subcategory(kind: SignalKind) -> &'static str {
    let id = kind.detector_id();
    id.rsplit('.').next().unwrap_or(id)
}

/// Evidence of these kinds is personal data and is masked unless asked otherwise.
fn masks_evidence(kind: SignalKind) -> bool {
    kind.is_personal_data() || signal_category(kind) == Some("child_privacy")
}
