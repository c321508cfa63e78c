//! Conversions between Python objects and the core's types: JSON-like values, dates and
//! points in time. No rule logic: the core validates every value it is given.

use crate::errors;
use pyo3::prelude::*;
use pyo3::types::{
    PyBool, PyDate, PyDateAccess, PyDateTime, PyDict, PyFloat, PyInt, PyList, PyMapping, PyString,
    PyTuple,
};
use serde_json::{Map, Number, Value};
use ungxu::eval::events::Timestamp;
use ungxu::model::Date;

/// Nesting deeper than this is refused (it also stops self-referencing containers).
const MAX_DEPTH: usize = 64;

/// Why a Python object is not JSON-like: the path to it (innermost first) and what is wrong.
struct NotJson {
    path: Vec<String>,
    message: String,
}

/// Converts a JSON-like Python object (dicts and other mappings with `str` keys, lists,
/// tuples, `str`, `int`, `float`, `bool`, `None`; `datetime` and `date` become their ISO
/// text) to a JSON value. An error is an input error naming `at` and the path inside.
pub fn to_json(obj: &Bound<'_, PyAny>, at: &str) -> PyResult<Value> {
    to_json_at(obj, 0).map_err(|e| {
        let mut field = at.to_string();
        for part in e.path.iter().rev() {
            if !part.starts_with('[') && !field.is_empty() {
                field.push('.');
            }
            field.push_str(part);
        }
        errors::input(obj.py(), &field, e.message)
    })
}

fn to_json_at(obj: &Bound<'_, PyAny>, depth: usize) -> Result<Value, NotJson> {
    let fail = |message: String| NotJson {
        path: Vec::new(),
        message,
    };
    if depth > MAX_DEPTH {
        return Err(fail(format!("nested more than {MAX_DEPTH} levels deep")));
    }
    if obj.is_none() {
        return Ok(Value::Null);
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return s
            .to_cow()
            .map(|s| Value::String(s.into_owned()))
            .map_err(|e| fail(e.to_string()));
    }
    // bool before int: `True` is an `int` in Python.
    if let Ok(b) = obj.cast::<PyBool>() {
        return Ok(Value::Bool(b.is_true()));
    }
    if obj.is_instance_of::<PyInt>() {
        if let Ok(i) = obj.extract::<i64>() {
            return Ok(Value::from(i));
        }
        return obj
            .extract::<u64>()
            .map(Value::from)
            .map_err(|_| fail("integer out of range".into()));
    }
    if let Ok(f) = obj.cast::<PyFloat>() {
        return Number::from_f64(f.value())
            .map(Value::Number)
            .ok_or_else(|| fail("NaN and infinities are not JSON numbers".into()));
    }
    if obj.is_instance_of::<PyDate>() {
        // `datetime` is a `date`: both give their ISO text, which the core then parses (and
        // rejects, for times without an offset).
        return obj
            .call_method0("isoformat")
            .and_then(|s| s.extract::<String>())
            .map(Value::String)
            .map_err(|e| fail(e.to_string()));
    }
    if let Ok(dict) = obj.cast::<PyDict>() {
        let mut map = Map::new();
        for (k, v) in dict.iter() {
            let key = key_text(&k)?;
            let value = to_json_at(&v, depth + 1).map_err(|mut e| {
                e.path.push(key.clone());
                e
            })?;
            map.insert(key, value);
        }
        return Ok(Value::Object(map));
    }
    if let Ok(list) = obj.cast::<PyList>() {
        return sequence(list.iter(), depth);
    }
    if let Ok(tuple) = obj.cast::<PyTuple>() {
        return sequence(tuple.iter(), depth);
    }
    if let Ok(mapping) = obj.cast::<PyMapping>() {
        let items = mapping.items().map_err(|e| fail(e.to_string()))?;
        let mut map = Map::new();
        for item in items.iter() {
            let (k, v): (Bound<'_, PyAny>, Bound<'_, PyAny>) =
                item.extract().map_err(|e: PyErr| fail(e.to_string()))?;
            let key = key_text(&k)?;
            let value = to_json_at(&v, depth + 1).map_err(|mut e| {
                e.path.push(key.clone());
                e
            })?;
            map.insert(key, value);
        }
        return Ok(Value::Object(map));
    }
    let type_name = obj
        .get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "?".into());
    Err(fail(format!(
        "a `{type_name}` is not a JSON value (give dicts, lists, str, int, float, bool or None)"
    )))
}

fn key_text(key: &Bound<'_, PyAny>) -> Result<String, NotJson> {
    key.cast::<PyString>()
        .ok()
        .and_then(|s| s.to_cow().ok().map(|c| c.into_owned()))
        .ok_or_else(|| NotJson {
            path: Vec::new(),
            message: "keys must be str".into(),
        })
}

fn sequence<'py>(
    items: impl Iterator<Item = Bound<'py, PyAny>>,
    depth: usize,
) -> Result<Value, NotJson> {
    items
        .enumerate()
        .map(|(i, item)| {
            to_json_at(&item, depth + 1).map_err(|mut e| {
                e.path.push(format!("[{i}]"));
                e
            })
        })
        .collect::<Result<Vec<_>, _>>()
        .map(Value::Array)
}

/// A JSON value as plain Python objects (dict, list, str, int, float, bool, None).
pub fn to_python<'py>(py: Python<'py>, value: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match value {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                i.into_pyobject(py)?.into_any()
            } else if let Some(u) = n.as_u64() {
                u.into_pyobject(py)?.into_any()
            } else {
                n.as_f64().unwrap_or(f64::NAN).into_pyobject(py)?.into_any()
            }
        }
        Value::String(s) => PyString::new(py, s).into_any(),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(to_python(py, item)?)?;
            }
            list.into_any()
        }
        Value::Object(map) => {
            let dict = PyDict::new(py);
            for (k, v) in map {
                dict.set_item(k, to_python(py, v)?)?;
            }
            dict.into_any()
        }
    })
}

/// Any serialisable core value as plain Python objects.
pub fn serde_to_python<'py, T: serde::Serialize>(
    py: Python<'py>,
    value: &T,
) -> PyResult<Bound<'py, PyAny>> {
    let json = serde_json::to_value(value)
        .map_err(|e| errors::internal(py, &format!("serialising a value ({e})")))?;
    to_python(py, &json)
}

/// The date of `as_of` for checking posts: a `datetime.date` (not a `datetime`), or today's
/// UTC date from Python's clock when `None` (the core never reads the clock; UTC, as in the
/// CLI and the JavaScript binding, so one machine gets one answer in every language).
pub fn date_from_python(py: Python<'_>, as_of: Option<&Bound<'_, PyAny>>) -> PyResult<Date> {
    let today;
    let obj = match as_of {
        Some(obj) if !obj.is_none() => obj,
        _ => {
            let datetime = py.import("datetime")?;
            let utc = datetime.getattr("timezone")?.getattr("utc")?;
            today = datetime
                .getattr("datetime")?
                .call_method1("now", (utc,))?
                .call_method0("date")?;
            &today
        }
    };
    if obj.is_instance_of::<PyDateTime>() {
        return Err(errors::input(
            py,
            "as_of",
            "give a datetime.date for the day whose rules apply, not a datetime",
        ));
    }
    let date = obj.cast::<PyDate>().map_err(|_| {
        errors::input(
            py,
            "as_of",
            format!(
                "expected a datetime.date, got `{}`",
                obj.get_type()
                    .name()
                    .map(|n| n.to_string())
                    .unwrap_or_default()
            ),
        )
    })?;
    u16::try_from(date.get_year())
        .ok()
        .and_then(|y| Date::new(y, date.get_month(), date.get_day()).ok())
        .ok_or_else(|| errors::input(py, "as_of", "date out of range 0001-01-01..9999-12-31"))
}

/// A core date as a `datetime.date`.
pub fn date_to_python(py: Python<'_>, date: Date) -> PyResult<Bound<'_, PyDate>> {
    PyDate::new(py, i32::from(date.year()), date.month(), date.day())
}

/// A point in time from a timezone-aware `datetime`; naive ones (and plain dates) are
/// rejected with an input error naming `field`.
pub fn timestamp_from_python(obj: &Bound<'_, PyAny>, field: &str) -> PyResult<Timestamp> {
    let py = obj.py();
    if !obj.is_instance_of::<PyDateTime>() {
        return Err(errors::input(
            py,
            field,
            "expected a timezone-aware datetime.datetime",
        ));
    }
    if obj.call_method0("utcoffset")?.is_none() {
        return Err(errors::input(
            py,
            field,
            "naive datetime: give it a timezone, e.g. \
             datetime(2025, 3, 1, 9, 0, tzinfo=timezone(timedelta(hours=7)))",
        ));
    }
    let text: String = obj.call_method0("isoformat")?.extract()?;
    text.parse::<Timestamp>()
        .map_err(|e| errors::input(py, field, e.to_string()))
}

/// A core point in time as a timezone-aware `datetime` in the offset it was written with
/// (microsecond precision, Python's finest).
pub fn timestamp_to_python(py: Python<'_>, time: Timestamp) -> PyResult<Bound<'_, PyAny>> {
    let datetime = py.import("datetime")?;
    let offset = datetime
        .getattr("timedelta")?
        .call1((0, time.offset_seconds()))?;
    let tz = datetime.getattr("timezone")?.call1((offset,))?;
    let epoch = datetime
        .getattr("datetime")?
        .call_method1("fromtimestamp", (0, tz))?;
    let delta = datetime.getattr("timedelta")?.call1((
        0,
        time.unix_seconds(),
        time.subsec_nanos() / 1000,
    ))?;
    epoch.call_method1("__add__", (delta,))
}
