//! The exceptions Python sees, made from the core's [`ApiError`].

use pyo3::create_exception;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use ungxu::api::ApiError;

create_exception!(
    ungxu,
    UngxuError,
    PyValueError,
    "Base of every ungxu error. Attributes: `code` (`input`, `pack`, `not_found` or \
     `internal`), `field` (the field or pack location at fault, or ``\"\"``) and `message` \
     (the core's message, without the field)."
);
create_exception!(
    ungxu,
    PackError,
    UngxuError,
    "A pack, overlay or lexicon is invalid; `field` is `file:line:column: key.path`."
);
create_exception!(
    ungxu,
    InputError,
    UngxuError,
    "A request is invalid; `field` names the path at fault, e.g. `posts[2].author.role`."
);
create_exception!(
    ungxu,
    NotFoundError,
    UngxuError,
    "No rule, obligation or parameter has the id asked for."
);

/// The Python exception for a core error: its class follows `code`; `str(e)` is
/// `field: message` (the message alone when it already names the field).
pub fn raise(py: Python<'_>, error: ApiError) -> PyErr {
    let text = if error.field.is_empty() || error.message.contains(&error.field) {
        error.message.clone()
    } else {
        format!("{}: {}", error.field, error.message)
    };
    let err = match error.code.as_str() {
        "input" => InputError::new_err(text),
        "pack" => PackError::new_err(text),
        "not_found" => NotFoundError::new_err(text),
        _ => UngxuError::new_err(text),
    };
    let value = err.value(py);
    for (name, attr) in [
        ("code", error.code),
        ("field", error.field),
        ("message", error.message),
    ] {
        if let Err(e) = value.setattr(name, attr) {
            return e;
        }
    }
    err
}

/// An input error about `field`.
pub fn input(py: Python<'_>, field: &str, message: impl Into<String>) -> PyErr {
    raise(py, ApiError::input(field, message))
}

/// What a caught panic becomes: an error Python code can catch, never a crash.
pub fn internal(py: Python<'_>, what: &str) -> PyErr {
    raise(
        py,
        ApiError {
            code: "internal".into(),
            field: String::new(),
            message: format!("internal error in ungxu while {what}; please report it"),
        },
    )
}

/// Runs `f`, turning a panic into `Err(())` so the caller can raise [`internal`].
pub fn guard<T>(f: impl FnOnce() -> T) -> Result<T, ()> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).map_err(|_| ())
}
