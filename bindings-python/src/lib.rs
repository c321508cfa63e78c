//! The Python extension module `ungxu._ungxu`, re-exported by the package `ungxu`.
//!
//! A thin skin over the core crate: every call goes through `ungxu::api` or the core's typed
//! API; this crate only converts between Python objects and the core's types, releases the
//! GIL around the work and raises the core's errors as Python exceptions. It holds no rule
//! logic.

mod convert;
mod engine;
mod errors;
mod ledger;
mod report;

use pyo3::prelude::*;

/// The native module. Python code imports the package `ungxu`, which re-exports these names.
#[pymodule]
fn _ungxu(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    // `debug` or `release`: benchmarks refuse to compare a debug build.
    m.add(
        "BUILD_PROFILE",
        if cfg!(debug_assertions) {
            "debug"
        } else {
            "release"
        },
    )?;
    m.add("UngxuError", py.get_type::<errors::UngxuError>())?;
    m.add("PackError", py.get_type::<errors::PackError>())?;
    m.add("InputError", py.get_type::<errors::InputError>())?;
    m.add("NotFoundError", py.get_type::<errors::NotFoundError>())?;
    m.add_class::<engine::Engine>()?;
    m.add_class::<report::Report>()?;
    m.add_class::<report::Finding>()?;
    m.add_class::<report::Span>()?;
    m.add_class::<report::Citation>()?;
    m.add_class::<report::Duty>()?;
    m.add_class::<ledger::Ledger>()?;
    m.add_class::<ledger::LedgerReport>()?;
    Ok(())
}
