//! JSON in, JSON out: the entry points every binding calls, so Python, JavaScript and Rust
//! give byte-identical answers. Answers are tagged objects: `{"ok": true, "report": …}` or
//! `{"ok": false, "error": {"code": …, "field": …, "message": …}}`.

use crate::eval::{CheckOptions, Post};
use crate::model::Date;
use crate::report::Report;
use crate::Engine;
use serde::{Deserialize, Serialize};

#[cfg(feature = "schema")]
use schemars::JsonSchema;

/// A request to check one post.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CheckRequest {
    /// The post.
    pub post: Post,
    /// The date whose rules apply, `YYYY-MM-DD`.
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub as_of: Date,
    /// Show personal data unmasked in evidence.
    #[serde(default)]
    pub raw_evidence: bool,
    /// The role of whoever checks, to list its own duties.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checker_role: Option<String>,
}

/// An error as the bindings see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct ApiError {
    /// `input` (the request is wrong), `pack` (a pack or lexicon is wrong).
    pub code: String,
    /// The field or path at fault, when known.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub field: String,
    /// What is wrong.
    pub message: String,
}

/// The answer to a check.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum CheckResponse {
    /// The report.
    Ok {
        /// Always true.
        ok: bool,
        /// The report.
        report: Box<Report>,
    },
    /// Why there is no report.
    Err {
        /// Always false.
        ok: bool,
        /// The error.
        error: ApiError,
    },
}

impl ApiError {
    /// An input error about `field`.
    pub fn input(field: impl Into<String>, message: impl Into<String>) -> ApiError {
        ApiError {
            code: "input".into(),
            field: field.into(),
            message: message.into(),
        }
    }
}

/// Parses a request, naming the path of the first field at fault.
pub fn parse_request<T: for<'de> Deserialize<'de>>(json: &str) -> Result<T, ApiError> {
    let mut de = serde_json::Deserializer::from_str(json);
    let value = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        ApiError::input(
            if path == "." { String::new() } else { path },
            inner.to_string(),
        )
    })?;
    de.end().map_err(|e| ApiError::input("", e.to_string()))?;
    Ok(value)
}

/// Checks one post given as a [`CheckRequest`] in JSON; never panics, always answers JSON.
///
/// ```
/// let engine = ungxu::Engine::default();
/// let answer = ungxu::api::check_post_json(
///     &engine,
///     r#"{"post": {"text": "đồ óc chó"}, "as_of": "2025-01-01"}"#,
/// );
/// assert!(answer.starts_with(r#"{"ok":true"#));
/// let bad = ungxu::api::check_post_json(&engine, r#"{"post": {"text": 1}, "as_of": "2025-01-01"}"#);
/// assert!(bad.contains(r#""field":"post.text""#), "{bad}");
/// ```
pub fn check_post_json(engine: &Engine, request: &str) -> String {
    to_json(&check_post_value(engine, request))
}

/// As [`check_post_json`], but returns the typed answer.
pub fn check_post_value(engine: &Engine, request: &str) -> CheckResponse {
    match parse_request::<CheckRequest>(request) {
        Ok(req) => check_request(engine, &req),
        Err(error) => CheckResponse::Err { ok: false, error },
    }
}

/// Checks a parsed request.
pub fn check_request(engine: &Engine, req: &CheckRequest) -> CheckResponse {
    let opts = CheckOptions {
        as_of: req.as_of,
        raw_evidence: req.raw_evidence,
        checker_role: req.checker_role.clone(),
    };
    match engine.check_post(&req.post, &opts) {
        Ok(report) => CheckResponse::Ok {
            ok: true,
            report: Box::new(report),
        },
        Err(e) => CheckResponse::Err {
            ok: false,
            error: ApiError::input(
                format!("post.{}", e.field).replace("post.checker_role", "checker_role"),
                e.message,
            ),
        },
    }
}

/// Compact JSON of any answer.
pub fn to_json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|e| {
        format!(r#"{{"ok":false,"error":{{"code":"internal","message":"{e}"}}}}"#)
    })
}
