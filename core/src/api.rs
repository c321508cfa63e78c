//! JSON in, JSON out: the entry points every binding calls, so Python, JavaScript and Rust
//! give byte-identical answers. Answers are tagged objects: `{"ok": true, "report": …}` or
//! `{"ok": false, "error": {"code": …, "field": …, "message": …}}`.
//!
//! | entry point | request | answer on success |
//! |---|---|---|
//! | [`engine_from_json`] | `{"packs": [{"name", "text"}], "overlays": [...]}` | an [`Engine`] |
//! | [`check_post_json`] | [`CheckRequest`] | `{"ok": true, "report": Report}` |
//! | [`check_many_json`] | [`CheckManyRequest`] | `{"ok": true, "results": [answer, …]}` |
//! | [`check_events_json`] | [`EventsRequest`] | `{"ok": true, "report": LedgerReport}` |
//! | [`rules_json`] | [`RulesRequest`] | `{"ok": true, "rules": [...]}` |
//! | [`rule_json`] | a rule id | `{"ok": true, "rule": {...}}` |
//! | [`roles_json`] | — | `{"ok": true, "roles": [...]}` |
//!
//! Error codes: `input` (the request is wrong; `field` names the path, e.g.
//! `posts[2].author.role` or `events[0].time`), `pack` (a pack or lexicon is wrong; `field`
//! names `file:line:column: key.path`), `not_found` (no such rule).

use crate::engine::InputLimits;
use crate::eval::events::{Event, RawEvent, Timestamp};
use crate::eval::ledger::LedgerReport;
use crate::eval::{CheckOptions, Post};
use crate::model::Date;
use crate::pack::{PackLimits, PackSource, DEFAULT_PACKS};
use crate::report::Report;
use crate::{Engine, EngineError};
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
    /// Lexicon and pattern detectors only, without the learned span scorer.
    #[serde(default, skip_serializing_if = "is_false")]
    pub lexicon_only: bool,
}

/// A request to check many posts under the same options.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CheckManyRequest {
    /// The posts, answered in this order.
    pub posts: Vec<Post>,
    /// The date whose rules apply, `YYYY-MM-DD`.
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub as_of: Date,
    /// Show personal data unmasked in evidence.
    #[serde(default)]
    pub raw_evidence: bool,
    /// The role of whoever checks, to list its own duties.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checker_role: Option<String>,
    /// Lexicon and pattern detectors only, without the learned span scorer.
    #[serde(default, skip_serializing_if = "is_false")]
    pub lexicon_only: bool,
}

/// A request to check an event log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventsRequest {
    /// The events, each as the JSON object described in `spec/schema/event.schema.json`.
    pub events: Vec<serde_json::Value>,
    /// The instant at which duties are judged, RFC 3339 with an offset.
    pub as_of: Timestamp,
}

/// A request to list rules.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RulesRequest {
    /// Only rules binding this role (with the roles it inherits from).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// Only rules in force on this date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<Date>,
}

/// A pack or lexicon given as text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackText {
    /// The name used in errors; its extension (`.toml`, `.json`) picks the format.
    pub name: String,
    /// The content.
    pub text: String,
}

/// How to build an engine.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EngineRequest {
    /// Base packs, base first; empty means the embedded default packs.
    #[serde(default)]
    pub packs: Vec<PackText>,
    /// Overlays stacked on the base packs.
    #[serde(default)]
    pub overlays: Vec<PackText>,
    /// Limits on the packs' size and item counts (every field optional); absent means
    /// [`PackLimits::default`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pack_limits: Option<PackLimits>,
    /// Limits on what the engine checks (every field optional); absent means
    /// [`InputLimits::default`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input_limits: Option<InputLimits>,
    /// Also run the learned span scorer after the lexicon (off by default; see
    /// [`Engine::with_embedded_span_model`]).
    #[serde(default, skip_serializing_if = "is_false")]
    pub span_model: bool,
}

/// An error as the bindings see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct ApiError {
    /// `input` (the request is wrong), `pack` (a pack or lexicon is wrong), `not_found`.
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

    /// An error about a pack, lexicon or detector data; `field` is the first error's
    /// `file:line:column: key.path` and `message` lists every error, one per line.
    pub fn pack(error: &EngineError) -> ApiError {
        let field = match error {
            EngineError::Pack(errors) => errors
                .errors()
                .first()
                .map(|e| {
                    let mut at = e.file.clone();
                    if let Some(line) = e.line {
                        at.push_str(&format!(":{line}"));
                        if let Some(col) = e.column {
                            at.push_str(&format!(":{col}"));
                        }
                    }
                    if !e.path.is_empty() {
                        at.push_str(": ");
                        at.push_str(&e.path);
                    }
                    at
                })
                .unwrap_or_default(),
            EngineError::Lexicon { name, .. }
            | EngineError::DetectorData { name, .. }
            | EngineError::Mismatch { name, .. } => name.clone(),
        };
        ApiError {
            code: "pack".into(),
            field,
            message: error.to_string(),
        }
    }
}

/// Builds an engine: the embedded default packs unless `packs` names others, then the
/// overlays, within the request's `pack_limits`; the engine checks inputs within its
/// `input_limits`.
///
/// ```
/// use ungxu::api::{build_engine, EngineRequest, PackText};
/// let bad = PackText { name: "mine.toml".into(), text: "[pack]\nid = 1\n".into() };
/// let err = build_engine(&EngineRequest { overlays: vec![bad], ..Default::default() }).unwrap_err();
/// assert_eq!(err.code, "pack");
/// assert!(err.field.starts_with("mine.toml:2"), "{}", err.field);
///
/// let strict = ungxu::api::engine_from_json(r#"{"input_limits": {"max_text_bytes": 10}}"#).unwrap();
/// let answer = ungxu::api::check_post_json(&strict, r#"{"post": {"text": "chào các bạn"}, "as_of": "2025-01-01"}"#);
/// assert!(answer.contains(r#""field":"post.text""#), "{answer}");
/// assert!(answer.contains("over the limit of 10 (InputLimits::max_text_bytes"), "{answer}");
/// ```
pub fn build_engine(req: &EngineRequest) -> Result<Engine, ApiError> {
    let input_limits = req.input_limits.unwrap_or_default();
    let engine = build_packs(req)?.with_input_limits(input_limits);
    if req.span_model {
        return engine
            .with_embedded_span_model()
            .map_err(|e| ApiError::pack(&e));
    }
    Ok(engine)
}

fn build_packs(req: &EngineRequest) -> Result<Engine, ApiError> {
    let mut sources: Vec<PackSource<'_>> = if req.packs.is_empty() {
        DEFAULT_PACKS.to_vec()
    } else {
        req.packs
            .iter()
            .map(|p| PackSource::new(&p.name, &p.text))
            .collect()
    };
    sources.extend(
        req.overlays
            .iter()
            .map(|p| PackSource::new(&p.name, &p.text)),
    );
    if req.packs.is_empty() && req.overlays.is_empty() {
        return Ok(Engine::default());
    }
    Engine::from_packs_with_limits(&sources, &req.pack_limits.unwrap_or_default())
        .map_err(|e| ApiError::pack(&e))
}

/// `engine` also running the span model in `model` (the bytes of a file such as
/// `spec/models/spans-vi.bin`): how a binding without the embedded model (the WebAssembly
/// build) loads one. A bad file is a `pack` error whose field is `span_model` with the byte
/// offset and field of the file, e.g. `span_model@0 magic`.
///
/// ```
/// let err = ungxu::api::engine_with_span_model(&ungxu::Engine::default(), b"NOTAMODEL").unwrap_err();
/// assert_eq!((err.code.as_str(), err.field.as_str()), ("pack", "span_model@0 magic"));
/// ```
pub fn engine_with_span_model(engine: &Engine, model: &[u8]) -> Result<Engine, ApiError> {
    match crate::detect::spans::SpanModel::from_bytes(model) {
        Ok(model) => Ok(engine.clone().with_span_model(model)),
        Err(e) => Err(ApiError {
            code: "pack".into(),
            field: format!("span_model@{} {}", e.offset, e.field),
            message: e.to_string(),
        }),
    }
}

/// [`build_engine`] from an [`EngineRequest`] in JSON.
pub fn engine_from_json(request: &str) -> Result<Engine, ApiError> {
    build_engine(&parse_request::<EngineRequest>(request)?)
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

/// [`check_post_json`] with the answer's field names in `keys` case: what the JavaScript
/// binding asks for, so its typed objects (`utf16Start`, `ruleId`) come straight from
/// `JSON.parse`. Only field names change; every value is as [`check_post_json`] writes it.
///
/// ```
/// use ungxu::api::{check_post_json_with_keys, KeyCase};
/// let engine = ungxu::Engine::default();
/// let request = r#"{"post": {"text": "đồ óc chó"}, "as_of": "2025-01-01"}"#;
/// let camel = check_post_json_with_keys(&engine, request, KeyCase::Camel);
/// assert!(camel.contains(r#""ruleId":"qd874.4.6.insult""#), "{camel}");
/// assert!(camel.contains(r#""utf16Start":"#) && !camel.contains("utf16_start"));
/// let snake = check_post_json_with_keys(&engine, request, KeyCase::Snake);
/// assert_eq!(snake, ungxu::api::check_post_json(&engine, request));
/// ```
pub fn check_post_json_with_keys(engine: &Engine, request: &str, keys: KeyCase) -> String {
    to_json_with_keys(&check_post_value(engine, request), keys)
}

/// As [`check_post_json`], but returns the typed answer.
pub fn check_post_value(engine: &Engine, request: &str) -> CheckResponse {
    match parse_request::<CheckRequest>(request) {
        Ok(req) => check_request(engine, &req),
        Err(error) => CheckResponse::Err { ok: false, error },
    }
}

/// Reads a request part given as a [`serde_json::Value`] (e.g. converted from a Python dict or
/// a JavaScript object without going through JSON text). Errors name the path of the field at
/// fault under `at` (`at` may be empty).
///
/// ```
/// use ungxu::eval::Post;
/// let post: Post = ungxu::api::from_value(serde_json::json!({"text": "chào"}), "posts[0]").unwrap();
/// assert_eq!(post.author.role, "individual");
/// let bad = ungxu::api::from_value::<Post>(serde_json::json!({"text": 1}), "posts[3]").unwrap_err();
/// assert_eq!(bad.field, "posts[3].text");
/// ```
pub fn from_value<T: for<'de> Deserialize<'de>>(
    value: serde_json::Value,
    at: &str,
) -> Result<T, ApiError> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        ApiError::input(join_path(at, &path), e.into_inner().to_string())
    })
}

/// `at.path`, leaving out whichever is empty (`.` is serde_path_to_error's empty path).
fn join_path(at: &str, path: &str) -> String {
    match (at.is_empty(), path.is_empty() || path == ".") {
        (_, true) => at.to_string(),
        (true, false) => path.to_string(),
        (false, false) => format!("{at}.{path}"),
    }
}

/// Checks a parsed request.
pub fn check_request(engine: &Engine, req: &CheckRequest) -> CheckResponse {
    let opts = CheckOptions {
        as_of: req.as_of,
        raw_evidence: req.raw_evidence,
        checker_role: req.checker_role.clone(),
        lexicon_only: req.lexicon_only,
    };
    check_one(engine, &req.post, &opts, "post")
}

fn check_one(engine: &Engine, post: &Post, opts: &CheckOptions, at: &str) -> CheckResponse {
    match engine.check_post(post, opts) {
        Ok(report) => CheckResponse::Ok {
            ok: true,
            report: Box::new(report),
        },
        Err(e) => CheckResponse::Err {
            ok: false,
            error: ApiError::input(
                if e.field == "checker_role" {
                    e.field
                } else {
                    format!("{at}.{}", e.field)
                },
                e.message,
            ),
        },
    }
}

/// Checks each post of a [`CheckManyRequest`]; one answer per post, in order. A post's
/// error names it: `posts[3].author.role`.
pub fn check_many(engine: &Engine, req: &CheckManyRequest) -> Vec<CheckResponse> {
    let opts = CheckOptions {
        as_of: req.as_of,
        raw_evidence: req.raw_evidence,
        checker_role: req.checker_role.clone(),
        lexicon_only: req.lexicon_only,
    };
    req.posts
        .iter()
        .enumerate()
        .map(|(i, post)| check_post_in_batch(engine, post, &opts, i))
        .collect()
}

/// Checks the post at `index` of a batch, as [`check_many`] does for each post: an error
/// names the post (`posts[3].author.role`). For callers that split a batch themselves, e.g.
/// across threads, and still want the answers [`check_many`] gives.
///
/// ```
/// use ungxu::api::{check_post_in_batch, CheckResponse};
/// use ungxu::eval::{CheckOptions, Post};
/// let engine = ungxu::Engine::default();
/// let opts = CheckOptions::as_of("2025-01-01".parse().unwrap());
/// let answer = check_post_in_batch(&engine, &Post::new("x").by("alien"), &opts, 7);
/// assert!(matches!(answer, CheckResponse::Err { error, .. } if error.field == "posts[7].author.role"));
/// ```
pub fn check_post_in_batch(
    engine: &Engine,
    post: &Post,
    opts: &CheckOptions,
    index: usize,
) -> CheckResponse {
    match engine.check_post(post, opts) {
        Ok(report) => CheckResponse::Ok {
            ok: true,
            report: Box::new(report),
        },
        Err(_) => check_one(engine, post, opts, &format!("posts[{index}]")),
    }
}

/// [`check_many`] on a request in JSON: `{"ok": true, "results": [answer, …]}`, or one error
/// when the request itself cannot be read.
///
/// ```
/// let engine = ungxu::Engine::default();
/// let answer = ungxu::api::check_many_json(
///     &engine,
///     r#"{"posts": [{"text": "chào bạn"}, {"text": "x", "author": {"role": "alien"}}], "as_of": "2025-01-01"}"#,
/// );
/// let v: serde_json::Value = serde_json::from_str(&answer).unwrap();
/// assert_eq!(v["results"][0]["ok"], true);
/// assert_eq!(v["results"][1]["error"]["field"], "posts[1].author.role");
/// ```
pub fn check_many_json(engine: &Engine, request: &str) -> String {
    check_many_json_with_keys(engine, request, KeyCase::Snake)
}

/// [`check_many_json`] with the field names in `keys` case (see
/// [`check_post_json_with_keys`]).
pub fn check_many_json_with_keys(engine: &Engine, request: &str, keys: KeyCase) -> String {
    #[derive(Serialize)]
    struct Many {
        ok: bool,
        results: Vec<CheckResponse>,
    }
    match parse_request::<CheckManyRequest>(request) {
        Ok(req) => to_json_with_keys(
            &Many {
                ok: true,
                results: check_many(engine, &req),
            },
            keys,
        ),
        Err(error) => to_json_with_keys(&CheckResponse::Err { ok: false, error }, keys),
    }
}

/// The answer to an event-log check.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum EventsResponse {
    /// The ledger report.
    Ok {
        /// Always true.
        ok: bool,
        /// The report.
        report: Box<LedgerReport>,
    },
    /// Why there is no report.
    Err {
        /// Always false.
        ok: bool,
        /// The error.
        error: ApiError,
    },
}

/// Checks an event log given as an [`EventsRequest`]; errors name the event
/// (`events[2].actor.role`).
pub fn check_events(engine: &Engine, req: &EventsRequest) -> EventsResponse {
    let max = engine.input_limits().max_events;
    if req.events.len() > max {
        let what = format!("{} events", req.events.len());
        let error = ApiError::input(
            "events",
            crate::engine::over_input_limit(what, max, "max_events"),
        );
        return EventsResponse::Err { ok: false, error };
    }
    let mut events: Vec<Event> = Vec::with_capacity(req.events.len());
    for (i, value) in req.events.iter().enumerate() {
        match event_from_value(value, &format!("events[{i}]")) {
            Ok(e) => events.push(e),
            Err(error) => return EventsResponse::Err { ok: false, error },
        }
    }
    match engine.check_events(&events, req.as_of) {
        Ok(report) => EventsResponse::Ok {
            ok: true,
            report: Box::new(report),
        },
        Err(e) => EventsResponse::Err {
            ok: false,
            error: ApiError::input(event_field(&e.field), e.message),
        },
    }
}

/// Reads one event given as a JSON value (`spec/schema/event.schema.json`), e.g. for
/// [`Ledger::apply`](crate::eval::ledger::Ledger::apply). Errors name the field under `at`
/// (`at` may be empty, giving `actor.role`).
///
/// ```
/// let event = serde_json::json!({"id": "e1", "time": "2025-03-01T09:00:00+07:00",
///     "kind": "account_compromised", "actor": {"id": "a", "role": "individual"}, "account": "x"});
/// assert_eq!(ungxu::api::event_from_value(&event, "").unwrap().id, "e1");
/// let naive = serde_json::json!({"id": "e1", "time": "2025-03-01T09:00:00",
///     "kind": "account_compromised", "actor": {"id": "a", "role": "individual"}, "account": "x"});
/// assert_eq!(ungxu::api::event_from_value(&naive, "events[4]").unwrap_err().field, "events[4].time");
/// ```
pub fn event_from_value(value: &serde_json::Value, at: &str) -> Result<Event, ApiError> {
    serde_path_to_error::deserialize::<_, RawEvent>(value)
        .map_err(|e| {
            let path = e.path().to_string();
            ApiError::input(join_path(at, &path), e.into_inner().to_string())
        })
        .and_then(|raw| {
            Event::try_from(raw).map_err(|e| ApiError::input(join_path(at, &e.field), e.message))
        })
}

/// `event 3: actor.role` (1-based, from the ledger) becomes `events[2].actor.role`.
fn event_field(field: &str) -> String {
    field
        .strip_prefix("event ")
        .and_then(|rest| {
            let (n, path) = rest.split_once(": ").unwrap_or((rest, ""));
            let i = n.parse::<usize>().ok()?.checked_sub(1)?;
            Some(if path.is_empty() {
                format!("events[{i}]")
            } else {
                format!("events[{i}].{path}")
            })
        })
        .unwrap_or_else(|| field.to_string())
}

/// [`check_events`] on a request in JSON.
///
/// ```
/// let engine = ungxu::Engine::default();
/// let answer = ungxu::api::check_events_json(&engine, r#"{
///   "events": [{"id":"e1","time":"2025-03-01T09:00:00+07:00","kind":"account_compromised",
///               "actor":{"id":"ubnd","role":"state_agency"},"account":"page"}],
///   "as_of": "2025-03-03T00:00:00+07:00"}"#);
/// let v: serde_json::Value = serde_json::from_str(&answer).unwrap();
/// assert_eq!(v["report"]["summary"]["overdue"], 2);
/// let bad = ungxu::api::check_events_json(&engine, r#"{"events": [{"id": "e1"}], "as_of": "2025-03-03T00:00:00+07:00"}"#);
/// assert!(bad.contains(r#""field":"events[0]"#), "{bad}");
/// ```
pub fn check_events_json(engine: &Engine, request: &str) -> String {
    match parse_request::<EventsRequest>(request) {
        Ok(req) => to_json(&check_events(engine, &req)),
        Err(error) => to_json(&EventsResponse::Err { ok: false, error }),
    }
}

/// The rules of a [`RulesRequest`] as `{"ok": true, "rules": [...]}`, in pack order.
///
/// ```
/// let engine = ungxu::Engine::default();
/// let all: serde_json::Value = serde_json::from_str(&ungxu::api::rules_json(&engine, "{}")).unwrap();
/// let dic: serde_json::Value =
///     serde_json::from_str(&ungxu::api::rules_json(&engine, r#"{"role": "dic"}"#)).unwrap();
/// assert!(dic["rules"].as_array().unwrap().len() < all["rules"].as_array().unwrap().len());
/// assert!(ungxu::api::rules_json(&engine, r#"{"role": "alien"}"#).contains(r#""field":"role""#));
/// ```
pub fn rules_json(engine: &Engine, request: &str) -> String {
    rules_json_with_keys(engine, request, KeyCase::Snake)
}

/// [`rules_json`] with field names in `keys` case (the same rule as
/// [`check_post_json_with_keys`]).
pub fn rules_json_with_keys(engine: &Engine, request: &str, keys: KeyCase) -> String {
    let req = match parse_request::<RulesRequest>(request) {
        Ok(req) => req,
        Err(error) => return error_json(error),
    };
    if let Some(role) = &req.role {
        if engine.pack().role(role).is_none() {
            return error_json(ApiError::input("role", unknown_role_message(engine, role)));
        }
    }
    let rules: Vec<_> = engine
        .pack()
        .rules_for(req.role.as_deref(), req.as_of)
        .collect();
    to_json_with_keys(&serde_json::json!({ "ok": true, "rules": rules }), keys)
}

/// One rule as `{"ok": true, "rule": {...}}`, or a `not_found` error.
///
/// ```
/// let engine = ungxu::Engine::default();
/// assert!(ungxu::api::rule_json(&engine, "qd874.4.5").contains(r#""id":"qd874.4.5""#));
/// assert!(ungxu::api::rule_json(&engine, "nope").contains(r#""code":"not_found""#));
/// ```
pub fn rule_json(engine: &Engine, id: &str) -> String {
    rule_json_with_keys(engine, id, KeyCase::Snake)
}

/// [`rule_json`] with field names in `keys` case.
pub fn rule_json_with_keys(engine: &Engine, id: &str, keys: KeyCase) -> String {
    match engine.pack().rule(id) {
        Some(rule) => to_json_with_keys(&serde_json::json!({ "ok": true, "rule": rule }), keys),
        None => error_json(ApiError {
            code: "not_found".into(),
            field: "id".into(),
            message: format!("no rule `{id}` in the loaded packs"),
        }),
    }
}

/// The roles, with what each inherits from, as `{"ok": true, "roles": [...]}`.
pub fn roles_json(engine: &Engine) -> String {
    roles_json_with_keys(engine, KeyCase::Snake)
}

/// [`roles_json`] with field names in `keys` case.
pub fn roles_json_with_keys(engine: &Engine, keys: KeyCase) -> String {
    let roles = serde_json::json!({ "ok": true, "roles": engine.pack().roles() });
    to_json_with_keys(&roles, keys)
}

/// The message for a role the packs do not define, listing those they do.
///
/// ```
/// let engine = ungxu::Engine::default();
/// let m = ungxu::api::unknown_role_message(&engine, "alien");
/// assert!(m.starts_with("unknown role `alien` (known: individual,"), "{m}");
/// ```
pub fn unknown_role_message(engine: &Engine, role: &str) -> String {
    let known: Vec<&str> = engine
        .pack()
        .roles()
        .iter()
        .map(|r| r.role.id.as_str())
        .collect();
    format!("unknown role `{role}` (known: {})", known.join(", "))
}

/// `{"ok": false, "error": …}`.
pub fn error_json(error: ApiError) -> String {
    to_json(&CheckResponse::Err { ok: false, error })
}

/// Compact JSON of any answer.
pub fn to_json<T: Serialize>(value: &T) -> String {
    // Natively serde_json's own writer is the quickest (it needs no UTF-8 check after).
    #[cfg(not(target_arch = "wasm32"))]
    return serde_json::to_string(value).unwrap_or_else(|e| internal_error_json(&e));
    #[cfg(target_arch = "wasm32")]
    json_through(value, serde_json::ser::CompactFormatter)
}

/// `value` as JSON written by `formatter` into a [`JsonOut`].
fn json_through<T: Serialize, F: serde_json::ser::Formatter>(value: &T, formatter: F) -> String {
    let mut out = JsonOut(Vec::with_capacity(512));
    let mut ser = serde_json::Serializer::with_formatter(&mut out, formatter);
    match value.serialize(&mut ser) {
        // serde_json, and the formatters it is given, write only UTF-8.
        Ok(()) => String::from_utf8(out.0).unwrap_or_else(|e| internal_error_json(&e)),
        Err(e) => internal_error_json(&e),
    }
}

/// The buffer JSON answers are written into in WebAssembly, and for camelCase keys.
/// serde_json writes punctuation a byte at a time; inlined here such a write is a store,
/// where `Vec`'s own `write_all`, left out of line when optimising for size, copied each with
/// a `memory.copy`, which V8 runs as a call into the engine. Measured on the ViHOS dev
/// comments through `checkPost` in Node: 184.5 → 170.2 M instructions a pass.
struct JsonOut(Vec<u8>);

impl std::io::Write for JsonOut {
    #[inline]
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.write_all(buf)?;
        Ok(buf.len())
    }

    #[inline]
    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        match *buf {
            [b] => self.0.push(b),
            _ => self.0.extend_from_slice(buf),
        }
        Ok(())
    }

    #[inline]
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The answer for a value that failed to serialise (the message as a proper JSON string).
fn internal_error_json(error: &dyn std::fmt::Display) -> String {
    // A `&str` through serde_json (already linked for every answer), not a `Value`.
    let message = serde_json::to_string(&error.to_string())
        .unwrap_or_else(|_| String::from("\"internal error\""));
    format!(r#"{{"ok":false,"error":{{"code":"internal","message":{message}}}}}"#)
}

/// The case of the field names in a JSON answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum KeyCase {
    /// As the types name them (`utf16_start`): the JSON API, Python.
    #[default]
    Snake,
    /// `utf16Start`: JavaScript. A name of the form `a_b1_c` (lower-case letters and digits
    /// joined by single underscores) loses each underscore and upper-cases the character
    /// after it; any other name is written as it is.
    Camel,
}

/// Compact JSON of any answer, field names in `keys` case.
pub fn to_json_with_keys<T: Serialize>(value: &T, keys: KeyCase) -> String {
    if keys == KeyCase::Snake {
        return to_json(value);
    }
    // CamelKeys writes only what serde_json gives it, with ASCII letters changed.
    json_through(value, CamelKeys::default())
}

/// serde_json's compact output with snake_case object keys written in camelCase.
#[derive(Default)]
struct CamelKeys {
    in_key: bool,
}

impl serde_json::ser::Formatter for CamelKeys {
    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.in_key = true;
        serde_json::ser::CompactFormatter.begin_object_key(writer, first)
    }

    fn end_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
    ) -> std::io::Result<()> {
        self.in_key = false;
        serde_json::ser::CompactFormatter.end_object_key(writer)
    }

    fn write_string_fragment<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        // A key with an escape comes in several fragments; no snake_case name has one.
        if !(self.in_key && is_snake_case(fragment)) {
            return writer.write_all(fragment.as_bytes());
        }
        let mut upper = false;
        for &b in fragment.as_bytes() {
            if b == b'_' {
                upper = true;
                continue;
            }
            let b = if upper { b.to_ascii_uppercase() } else { b };
            upper = false;
            writer.write_all(&[b])?;
        }
        Ok(())
    }
}

/// `a_b1_c`: lower-case letters and digits, starting with a letter, in parts joined by single
/// underscores, at least two parts.
fn is_snake_case(name: &str) -> bool {
    let b = name.as_bytes();
    let part = |p: &[u8]| {
        !p.is_empty()
            && p.iter()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
    };
    b.first().is_some_and(u8::is_ascii_lowercase)
        && b.contains(&b'_')
        && name.split('_').all(|p| part(p.as_bytes()))
}

fn is_false(b: &bool) -> bool {
    !*b
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    /// The reference renaming: every object key of the form `a_b` camelCased, values untouched.
    fn camelize(v: Value) -> Value {
        match v {
            Value::Object(map) => Value::Object(
                map.into_iter()
                    .map(|(k, v)| {
                        let k = if is_snake_case(&k) {
                            let mut out = String::new();
                            let mut upper = false;
                            for c in k.chars() {
                                if c == '_' {
                                    upper = true;
                                } else {
                                    out.push(if upper { c.to_ascii_uppercase() } else { c });
                                    upper = false;
                                }
                            }
                            out
                        } else {
                            k
                        };
                        (k, camelize(v))
                    })
                    .collect(),
            ),
            Value::Array(a) => Value::Array(a.into_iter().map(camelize).collect()),
            other => other,
        }
    }

    #[test]
    fn an_internal_error_is_valid_json() {
        let answer = internal_error_json(&"a \"quoted\" \\ message");
        let v: Value = serde_json::from_str(&answer).unwrap();
        assert_eq!(v["error"]["code"], "internal");
        assert_eq!(v["error"]["message"], "a \"quoted\" \\ message");
    }

    #[test]
    fn camel_keys_rename_field_names_only() {
        let engine = Engine::default();
        // Values that look like snake_case keys stay as they are, escapes included.
        for text in [
            r#"đồ óc chó {"rule_id": "x"} gọi 0912345678"#,
            "Thằng chủ tịch xã ngu như bò\n\"utf16_start\":",
            "chào",
        ] {
            let request = serde_json::json!({
                "post": {"text": text, "author": {"display_name": "a_b"}},
                "as_of": "2025-06-01",
                "checker_role": "sns_provider",
            })
            .to_string();
            let snake: Value = serde_json::from_str(&check_post_json(&engine, &request)).unwrap();
            let camel = check_post_json_with_keys(&engine, &request, KeyCase::Camel);
            assert!(!camel.contains("rule_id\":\"q"), "{camel}");
            let camel: Value = serde_json::from_str(&camel).unwrap();
            assert_eq!(camel, camelize(snake));
        }
        let many = r#"{"posts": [{"text": "đm"}, {"text": "x", "author": {"role": "alien"}}], "as_of": "2025-06-01"}"#;
        let snake: Value = serde_json::from_str(&check_many_json(&engine, many)).unwrap();
        let camel: Value =
            serde_json::from_str(&check_many_json_with_keys(&engine, many, KeyCase::Camel))
                .unwrap();
        assert_eq!(camel, camelize(snake));
        // The rules, one rule and the roles, in both cases (errors included).
        let same = |snake: String, camel: String| {
            let snake: Value = serde_json::from_str(&snake).unwrap();
            let camel: Value = serde_json::from_str(&camel).unwrap();
            assert_eq!(camel, camelize(snake));
        };
        for request in [
            "{}",
            r#"{"role": "press_agency", "as_of": "2025-01-01"}"#,
            r#"{"role": "alien"}"#,
        ] {
            same(
                rules_json(&engine, request),
                rules_json_with_keys(&engine, request, KeyCase::Camel),
            );
        }
        assert!(rules_json_with_keys(&engine, "{}", KeyCase::Camel).contains("\"validFrom\""));
        for id in ["qd874.4.6.insult", "nope"] {
            same(
                rule_json(&engine, id),
                rule_json_with_keys(&engine, id, KeyCase::Camel),
            );
        }
        same(
            roles_json(&engine),
            roles_json_with_keys(&engine, KeyCase::Camel),
        );
        for (name, snake) in [
            ("a_b1_c", true),
            ("utf16_start", true),
            ("a", false),
            ("_a", false),
            ("a__b", false),
            ("a_", false),
            ("A_b", false),
            ("1_a", false),
        ] {
            assert_eq!(is_snake_case(name), snake, "{name}");
        }
    }
}
