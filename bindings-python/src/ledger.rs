//! `ungxu.Ledger` (events applied one at a time) and `ungxu.LedgerReport`.

use crate::convert::{serde_to_python, timestamp_from_python, timestamp_to_python, to_json};
use crate::engine::Engine;
use crate::errors;
use pyo3::prelude::*;
use std::sync::Arc;
use ungxu::api::{self, ApiError};

/// The obligation ledger for a stream of account events: apply events as they arrive (in any
/// order) and ask for a report at any point in time; it answers exactly as
/// `Engine.check_events` does for the same events. Not for use from two threads at once.
#[pyclass(module = "ungxu")]
pub struct Ledger {
    ledger: ungxu::eval::ledger::Ledger,
}

impl Ledger {
    pub(crate) fn over(engine: &ungxu::Engine) -> Ledger {
        Ledger {
            ledger: engine.ledger(),
        }
    }
}

#[pymethods]
impl Ledger {
    /// An empty ledger over `engine`'s packs (the same as `engine.ledger()`).
    #[new]
    fn new(engine: &Engine) -> Ledger {
        Ledger::over(&engine.engine)
    }

    /// Adds one event (a dict). Returns `False` when an identical event with the same id was
    /// already applied (it is ignored), `True` otherwise. An invalid event raises
    /// `InputError` naming its field and leaves the ledger unchanged.
    fn apply(&mut self, py: Python<'_>, event: &Bound<'_, PyAny>) -> PyResult<bool> {
        let event =
            api::event_from_value(&to_json(event, "")?, "").map_err(|e| errors::raise(py, e))?;
        let ledger = &mut self.ledger;
        let applied = py
            .detach(|| errors::guard(|| ledger.apply(event)))
            .map_err(|()| errors::internal(py, "applying an event"))?;
        applied.map_err(|e| errors::raise(py, ApiError::input(e.field, e.message)))
    }

    /// Every duty and breach at `as_of`, a timezone-aware `datetime`.
    fn report(&self, py: Python<'_>, as_of: &Bound<'_, PyAny>) -> PyResult<LedgerReport> {
        let as_of = timestamp_from_python(as_of, "as_of")?;
        let ledger = &self.ledger;
        py.detach(|| errors::guard(|| ledger.report(as_of)))
            .map(LedgerReport::new)
            .map_err(|()| errors::internal(py, "writing a ledger report"))
    }

    /// The number of distinct events applied.
    fn __len__(&self) -> usize {
        self.ledger.len()
    }

    fn __repr__(&self) -> String {
        format!("<Ledger events={}>", self.ledger.len())
    }
}

/// Every duty an event log started and every breach it shows, at a point in time
/// (`spec/schema/ledger-report` in the JSON API). Parts are returned as plain dicts.
#[pyclass(frozen, module = "ungxu")]
pub struct LedgerReport {
    inner: Arc<ungxu::eval::ledger::LedgerReport>,
}

impl LedgerReport {
    pub(crate) fn new(report: ungxu::eval::ledger::LedgerReport) -> LedgerReport {
        LedgerReport {
            inner: Arc::new(report),
        }
    }
}

#[pymethods]
impl LedgerReport {
    /// The point in time evaluated, a timezone-aware `datetime`.
    #[getter]
    fn as_of<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        timestamp_to_python(py, self.inner.as_of)
    }

    /// The packs in force, base first.
    #[getter]
    fn packs<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        serde_to_python(py, &self.inner.packs)
    }

    /// Counts: `events`, `pending`, `met`, `late`, `overdue`, `breaches`.
    #[getter]
    fn summary<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        serde_to_python(py, &self.inner.summary)
    }

    /// Every duty started at or before `as_of`, with its status.
    #[getter]
    fn duties<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        serde_to_python(py, &self.inner.duties)
    }

    /// Every breach shown at or before `as_of`.
    #[getter]
    fn breaches<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        serde_to_python(py, &self.inner.breaches)
    }

    /// The obligations and rules cited, by id, with their full citations.
    #[getter]
    fn sources<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        serde_to_python(py, &self.inner.sources)
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
            .cast::<LedgerReport>()
            .is_ok_and(|o| o.get().inner == self.inner)
    }

    fn __repr__(&self) -> String {
        let s = &self.inner.summary;
        format!(
            "<LedgerReport as_of={} pending={} met={} late={} overdue={} breaches={}>",
            self.inner.as_of, s.pending, s.met, s.late, s.overdue, s.breaches
        )
    }
}
