//! Reports as Python objects. Each wraps the core's Rust value and converts a field only when
//! Python reads it, so a batch of reports costs one small object per report until used.

use crate::convert::{date_to_python, serde_to_python};
use pyo3::prelude::*;
use pyo3::types::PyDate;
use std::sync::Arc;
use ungxu::model::{Action, Confidence, Severity};

fn action_name(action: Action) -> &'static str {
    match action {
        Action::Allow => "allow",
        Action::Notice => "notice",
        Action::Review => "review",
        Action::Restrict => "restrict",
        Action::Remove => "remove",
    }
}

fn severity_name(severity: Severity) -> &'static str {
    match severity {
        Severity::Info => "info",
        Severity::Low => "low",
        Severity::Medium => "medium",
        Severity::High => "high",
        Severity::Critical => "critical",
    }
}

/// The result of checking one post (`spec/schema/report.schema.json`).
#[pyclass(frozen, module = "ungxu")]
pub struct Report {
    pub(crate) inner: Arc<ungxu::report::Report>,
}

impl Report {
    pub(crate) fn new(report: ungxu::report::Report) -> Report {
        Report {
            inner: Arc::new(report),
        }
    }
}

#[pymethods]
impl Report {
    /// The post's id, when the caller gave one.
    #[getter]
    fn id(&self) -> Option<&str> {
        self.inner.id.as_deref()
    }

    /// The packs in force, base first, as `{"id": …, "version": …}`.
    #[getter]
    fn packs<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        serde_to_python(py, &self.inner.packs)
    }

    /// The date whose rules were applied.
    #[getter]
    fn as_of<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDate>> {
        date_to_python(py, self.inner.as_of)
    }

    /// The author's role.
    #[getter]
    fn role(&self) -> &str {
        &self.inner.role
    }

    /// The strongest recommended action of all findings: `allow` (nothing found), `notice`,
    /// `review`, `restrict` or `remove`.
    #[getter]
    fn verdict(&self) -> &'static str {
        action_name(self.inner.verdict)
    }

    /// The highest severity among the findings, or `None` when there are none.
    #[getter]
    fn severity(&self) -> Option<&'static str> {
        self.inner.severity.map(severity_name)
    }

    /// What the post may break, sorted by position, then rule id.
    #[getter]
    fn findings(&self) -> Vec<Finding> {
        (0..self.inner.findings.len())
            .map(|index| Finding {
                report: Arc::clone(&self.inner),
                index,
            })
            .collect()
    }

    /// Duties of the checker's own role triggered by the findings.
    #[getter]
    fn duties(&self) -> Vec<Duty> {
        self.inner
            .duties
            .iter()
            .map(|d| Duty { inner: d.clone() })
            .collect()
    }

    /// The report as plain Python objects, equal to the JSON API's `report`.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        serde_to_python(py, &*self.inner)
    }

    /// The report as compact JSON, byte-identical to the Rust and JavaScript APIs'.
    fn to_json(&self) -> String {
        self.inner.to_json()
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .cast::<Report>()
            .is_ok_and(|o| o.get().inner == self.inner)
    }

    fn __repr__(&self) -> String {
        format!(
            "<Report verdict={:?} findings={} role={:?} as_of={}>",
            self.verdict(),
            self.inner.findings.len(),
            self.inner.role,
            self.inner.as_of
        )
    }
}

/// One rule a post may break, with its evidence.
#[pyclass(frozen, module = "ungxu")]
pub struct Finding {
    report: Arc<ungxu::report::Report>,
    index: usize,
}

impl Finding {
    fn get(&self) -> &ungxu::report::Finding {
        &self.report.findings[self.index]
    }
}

#[pymethods]
impl Finding {
    /// The rule most specific to the author's role, e.g. `qd874.4.6.insult`.
    #[getter]
    fn rule_id(&self) -> &str {
        &self.get().rule_id
    }

    /// Other rules in force for this role that the same evidence touches.
    #[getter]
    fn related_rules(&self) -> Vec<String> {
        self.get().related_rules.clone()
    }

    /// Category id, e.g. `insult`.
    #[getter]
    fn category(&self) -> &str {
        &self.get().category
    }

    /// A finer label from the detector (e.g. `phone`, `gambling`).
    #[getter]
    fn subcategory(&self) -> Option<&str> {
        self.get().subcategory.as_deref()
    }

    /// `info`, `low`, `medium`, `high` or `critical`.
    #[getter]
    fn severity(&self) -> &'static str {
        severity_name(self.get().severity)
    }

    /// How sure the detector is, 0 to 1.
    #[getter]
    fn confidence(&self) -> f64 {
        self.get().confidence
    }

    /// The recommended action after the pack's confidence caps.
    #[getter]
    fn action(&self) -> &'static str {
        action_name(self.get().action)
    }

    /// The detector, e.g. `lexicon` or `personal.phone`.
    #[getter]
    fn detector(&self) -> &str {
        &self.get().detector
    }

    /// The lexicon term or pattern that matched.
    #[getter]
    fn term(&self) -> Option<&str> {
        self.get().term.as_deref()
    }

    /// Where in the original text; `text[span.start:span.end]` is the evidence.
    #[getter]
    fn spans(&self) -> Vec<Span> {
        self.get()
            .spans
            .iter()
            .map(|s| Span { inner: *s })
            .collect()
    }

    /// Normalisation steps that were needed to match (`folded`, `separator`, …).
    #[getter]
    fn normalization(&self) -> Vec<String> {
        self.get().normalization.clone()
    }

    /// For the learned span scorer (`model.spans`): the features that contributed most.
    #[getter]
    fn features(&self) -> Vec<String> {
        self.get().features.clone()
    }

    /// The evidence text; personal data masked unless raw evidence was asked for.
    #[getter]
    fn evidence(&self) -> &str {
        &self.get().evidence
    }

    /// Whether `evidence` has been masked.
    #[getter]
    fn evidence_masked(&self) -> bool {
        self.get().evidence_masked
    }

    /// The rule's source.
    #[getter]
    fn citation(&self) -> Citation {
        Citation {
            inner: ungxu::model::Citation::clone(&self.get().citation),
        }
    }

    /// What the finding means, in Vietnamese.
    #[getter]
    fn message_vi(&self) -> &str {
        &self.get().message_vi
    }

    /// What the finding means, in English.
    #[getter]
    fn message_en(&self) -> &str {
        &self.get().message_en
    }

    /// The finding as plain Python objects.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        serde_to_python(py, self.get())
    }

    /// The finding as compact JSON.
    fn to_json(&self) -> String {
        serde_json::to_string(self.get()).unwrap_or_default()
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .cast::<Finding>()
            .is_ok_and(|o| o.get().get() == self.get())
    }

    fn __repr__(&self) -> String {
        let f = self.get();
        format!(
            "<Finding rule_id={:?} action={:?} evidence={:?}>",
            f.rule_id,
            action_name(f.action),
            f.evidence
        )
    }
}

/// A range of the original text, end exclusive. `start`/`end` are Python string indices
/// (Unicode scalars); the byte and UTF-16 offsets are there for other languages.
#[pyclass(frozen, module = "ungxu")]
pub struct Span {
    inner: ungxu::text::Span,
}

#[pymethods]
impl Span {
    /// First character (Python string index).
    #[getter]
    fn start(&self) -> usize {
        self.inner.char_start
    }

    /// One past the last character (Python string index).
    #[getter]
    fn end(&self) -> usize {
        self.inner.char_end
    }

    /// First UTF-8 byte.
    #[getter]
    fn byte_start(&self) -> usize {
        self.inner.byte_start
    }

    /// One past the last UTF-8 byte.
    #[getter]
    fn byte_end(&self) -> usize {
        self.inner.byte_end
    }

    /// First Unicode scalar (same as `start`).
    #[getter]
    fn char_start(&self) -> usize {
        self.inner.char_start
    }

    /// One past the last Unicode scalar (same as `end`).
    #[getter]
    fn char_end(&self) -> usize {
        self.inner.char_end
    }

    /// First UTF-16 code unit.
    #[getter]
    fn utf16_start(&self) -> usize {
        self.inner.utf16_start
    }

    /// One past the last UTF-16 code unit.
    #[getter]
    fn utf16_end(&self) -> usize {
        self.inner.utf16_end
    }

    /// The span as plain Python objects.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        serde_to_python(py, &self.inner)
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .cast::<Span>()
            .is_ok_and(|o| o.get().inner == self.inner)
    }

    fn __hash__(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        self.inner.hash(&mut h);
        h.finish()
    }

    fn __repr__(&self) -> String {
        format!(
            "<Span start={} end={}>",
            self.inner.char_start, self.inner.char_end
        )
    }
}

/// Where a rule comes from: instrument, article, clause, point, wording and confidence.
#[pyclass(frozen, module = "ungxu")]
pub struct Citation {
    inner: ungxu::model::Citation,
}

#[pymethods]
impl Citation {
    /// The instrument's id, e.g. `qd-874-2021`.
    #[getter]
    fn instrument(&self) -> &str {
        &self.inner.instrument
    }

    /// The article (or numbered section of a letter).
    #[getter]
    fn article(&self) -> &str {
        &self.inner.article
    }

    /// The clause, if any.
    #[getter]
    fn clause(&self) -> Option<&str> {
        self.inner.clause.as_deref()
    }

    /// The point, if any.
    #[getter]
    fn point(&self) -> Option<&str> {
        self.inner.point.as_deref()
    }

    /// The Vietnamese wording of the source.
    #[getter]
    fn excerpt_vi(&self) -> &str {
        &self.inner.excerpt_vi
    }

    /// What it says, in English.
    #[getter]
    fn summary_en(&self) -> &str {
        &self.inner.summary_en
    }

    /// `confirmed` or `reported`.
    #[getter]
    fn confidence(&self) -> &'static str {
        match self.inner.confidence {
            Confidence::Confirmed => "confirmed",
            Confidence::Reported => "reported",
        }
    }

    /// Anything a reviewer should know about this citation.
    #[getter]
    fn note(&self) -> Option<&str> {
        self.inner.note.as_deref()
    }

    /// A short reference such as `Art. 4.5`.
    #[getter]
    fn reference(&self) -> String {
        self.inner.reference()
    }

    /// The citation as plain Python objects.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        serde_to_python(py, &self.inner)
    }

    fn __repr__(&self) -> String {
        format!(
            "<Citation {} {}>",
            self.inner.instrument,
            self.inner.reference()
        )
    }
}

/// A duty of the checker's own role that the findings trigger.
#[pyclass(frozen, module = "ungxu")]
pub struct Duty {
    inner: ungxu::report::Duty,
}

#[pymethods]
impl Duty {
    /// The rule that sets the duty.
    #[getter]
    fn rule_id(&self) -> &str {
        &self.inner.rule_id
    }

    /// Its title.
    #[getter]
    fn title_en(&self) -> &str {
        &self.inner.title_en
    }

    /// Instrument and article, e.g. `qd-874-2021 Art. 7.2`.
    #[getter]
    fn source(&self) -> &str {
        &self.inner.source
    }

    /// The duty as plain Python objects.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        serde_to_python(py, &self.inner)
    }

    fn __repr__(&self) -> String {
        format!("<Duty rule_id={:?}>", self.inner.rule_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The JSON name of a serde enum (`remove`, `high`).
    fn name_of<T: serde::Serialize>(value: &T) -> String {
        match serde_json::to_value(value) {
            Ok(serde_json::Value::String(s)) => s,
            _ => String::new(),
        }
    }

    #[test]
    fn enum_names_match_the_json_names() {
        for a in [
            Action::Allow,
            Action::Notice,
            Action::Review,
            Action::Restrict,
            Action::Remove,
        ] {
            assert_eq!(action_name(a), name_of(&a));
        }
        for s in [
            Severity::Info,
            Severity::Low,
            Severity::Medium,
            Severity::High,
            Severity::Critical,
        ] {
            assert_eq!(severity_name(s), name_of(&s));
        }
    }
}
