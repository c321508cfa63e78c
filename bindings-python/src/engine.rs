//! `ungxu.Engine`: compiled packs and lexicons, shared by every call and every thread.

use crate::convert::{date_from_python, timestamp_from_python, to_json, to_python};
use crate::errors;
use crate::ledger::{Ledger, LedgerReport};
use crate::report::Report;
use pyo3::prelude::*;
use pyo3::types::{PyList, PyString, PyTuple};
use serde_json::Value;
use std::thread;
use ungxu::api::{self, ApiError, CheckRequest, CheckResponse, EngineRequest, PackText};
use ungxu::eval::{Audience, Author, CheckOptions, Post};

/// Below this many posts per thread, starting threads costs more than it saves.
const MIN_POSTS_PER_THREAD: usize = 64;

/// Rules packs, lexicons and detectors, compiled once. Immutable and safe to share between
/// threads; every check releases the GIL while the core works.
#[pyclass(frozen, module = "ungxu")]
pub struct Engine {
    pub(crate) engine: ungxu::Engine,
}

/// A pack given to `Engine(overlays=…)` or `Engine.from_packs`: a path (`str` or
/// `os.PathLike`), the text itself (a `str` with a newline, or starting with `{`), or a
/// `(name, text)` pair. Texts are named `{kind}-{n}.toml` (`.json` for JSON) in errors.
fn pack_texts(items: Option<&Bound<'_, PyAny>>, kind: &str) -> PyResult<Vec<PackText>> {
    let Some(items) = items else {
        return Ok(Vec::new());
    };
    if items.is_instance_of::<PyString>() {
        return Err(pyo3::exceptions::PyTypeError::new_err(format!(
            "{kind}s must be a list of paths or texts, not one str"
        )));
    }
    let os = items.py().import("os")?;
    let mut texts = Vec::new();
    for (i, item) in items.try_iter()?.enumerate() {
        let item = item?;
        if let Ok(pair) = item.cast::<PyTuple>() {
            let (name, text): (String, String) = pair.extract()?;
            texts.push(PackText { name, text });
            continue;
        }
        if let Ok(s) = item.cast::<PyString>() {
            let s = s.to_cow()?;
            let trimmed = s.trim_start();
            if s.contains('\n') || trimmed.starts_with('{') {
                let ext = if trimmed.starts_with('{') {
                    "json"
                } else {
                    "toml"
                };
                texts.push(PackText {
                    name: format!("{kind}-{}.{ext}", i + 1),
                    text: s.into_owned(),
                });
                continue;
            }
        }
        let path: String = os.call_method1("fspath", (&item,))?.extract()?;
        let text = std::fs::read_to_string(&path).map_err(|e| {
            let err: PyErr = e.into();
            // Keep Python's usual OSError subclasses (FileNotFoundError, …), naming the path.
            match err.value(item.py()).setattr("filename", &path) {
                Ok(()) => err,
                Err(e) => e,
            }
        })?;
        texts.push(PackText { name: path, text });
    }
    Ok(texts)
}

/// The core's `InputLimits` or `PackLimits` from a dict (`None`: the defaults).
fn limits_of<T: for<'de> serde::Deserialize<'de>>(
    limits: Option<&Bound<'_, PyAny>>,
    at: &str,
) -> PyResult<Option<T>> {
    match limits.filter(|l| !l.is_none()) {
        None => Ok(None),
        Some(l) => api::from_value(to_json(l, at)?, at)
            .map(Some)
            .map_err(|e| errors::raise(l.py(), e)),
    }
}

fn build(py: Python<'_>, request: EngineRequest) -> PyResult<Engine> {
    let built = py
        .detach(|| errors::guard(|| api::build_engine(&request)))
        .map_err(|()| errors::internal(py, "building an engine"))?;
    built
        .map(|engine| Engine { engine })
        .map_err(|e| errors::raise(py, e))
}

/// The author of a post from the `role` and `author` arguments: `author` (a dict with
/// `role`, `display_name`, `authenticated`, `age`, `verified`, `official`) wins over `role`.
fn author_of(role: &str, author: Option<&Bound<'_, PyAny>>, at: &str) -> PyResult<Author> {
    let Some(author) = author.filter(|a| !a.is_none()) else {
        return Ok(Author {
            role: role.to_string(),
            ..Author::default()
        });
    };
    let mut value = to_json(author, at)?;
    if let Value::Object(map) = &mut value {
        map.entry("role").or_insert_with(|| Value::from(role));
    }
    api::from_value(value, at).map_err(|e| errors::raise(author.py(), e))
}

/// The text of a Python `str`; one that is not valid Unicode (a lone surrogate such as
/// `"\ud800"`) is an `InputError` naming `field`, like any other bad input.
fn text_of(text: &Bound<'_, PyString>, field: &str) -> PyResult<String> {
    text.to_cow().map(|t| t.into_owned()).map_err(|e| {
        errors::raise(
            text.py(),
            ApiError::input(field, format!("not valid Unicode text ({e})")),
        )
    })
}

/// A post of a batch: a `str` (its text) or a dict shaped like the JSON API's post
/// (`text`, `id`, `author`, `links`, `audience`).
fn post_of(item: &Bound<'_, PyAny>, role: &str, index: usize) -> PyResult<Post> {
    if let Ok(text) = item.cast::<PyString>() {
        let mut post = Post::new(text_of(text, &format!("posts[{index}].text"))?);
        if role != "individual" {
            post.author.role = role.to_string();
        }
        return Ok(post);
    }
    let at = format!("posts[{index}]");
    let mut value = to_json(item, &at)?;
    if let Value::Object(map) = &mut value {
        if let Value::Object(author) = map
            .entry("author")
            .or_insert_with(|| Value::Object(Default::default()))
        {
            author.entry("role").or_insert_with(|| Value::from(role));
        }
    }
    api::from_value(value, &at).map_err(|e| errors::raise(item.py(), e))
}

/// The report of an answer, or the error to raise.
fn report_of(py: Python<'_>, answer: CheckResponse) -> PyResult<Report> {
    match answer {
        CheckResponse::Ok { report, .. } => Ok(Report::new(*report)),
        CheckResponse::Err { error, .. } => Err(errors::raise(py, error)),
    }
}

/// Checks `posts` on up to `threads` threads, in input order.
fn check_all(
    engine: &ungxu::Engine,
    posts: &[Post],
    opts: &CheckOptions,
    threads: usize,
) -> Vec<CheckResponse> {
    let threads = threads.min(posts.len() / MIN_POSTS_PER_THREAD).max(1);
    if threads == 1 {
        return posts
            .iter()
            .enumerate()
            .map(|(i, post)| api::check_post_in_batch(engine, post, opts, i))
            .collect();
    }
    let chunk = posts.len().div_ceil(threads);
    thread::scope(|scope| {
        let handles: Vec<_> = posts
            .chunks(chunk)
            .enumerate()
            .map(|(c, part)| {
                scope.spawn(move || {
                    part.iter()
                        .enumerate()
                        .map(|(i, post)| {
                            api::check_post_in_batch(engine, post, opts, c * chunk + i)
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    })
}

/// Parses the JSON answer of a listing entry point and returns its `key`, or raises.
fn listing<'py>(py: Python<'py>, answer: &str, key: &str) -> PyResult<Bound<'py, PyAny>> {
    let mut value: Value = serde_json::from_str(answer)
        .map_err(|e| errors::internal(py, &format!("reading an answer ({e})")))?;
    if value["ok"] == Value::Bool(true) {
        return to_python(py, &value[key]);
    }
    let error: ApiError = serde_json::from_value(value["error"].take())
        .map_err(|e| errors::internal(py, &format!("reading an error ({e})")))?;
    Err(errors::raise(py, error))
}

#[pymethods]
impl Engine {
    /// The embedded default (national pack, Ninh Bình overlay, lexicons), with `overlays`
    /// (paths, texts or `(name, text)` pairs) layered on top.
    ///
    /// `input_limits` and `pack_limits` are dicts of the core's `InputLimits` and
    /// `PackLimits` (e.g. `{"max_text_bytes": 4_000_000}`); missing keys keep the defaults.
    ///
    /// `span_model=True` also runs the learned span scorer after the lexicon (off by default:
    /// it explains itself by features rather than terms and makes a check slower).
    #[new]
    #[pyo3(signature = (*, overlays=None, input_limits=None, pack_limits=None, span_model=false))]
    fn new(
        py: Python<'_>,
        overlays: Option<&Bound<'_, PyAny>>,
        input_limits: Option<&Bound<'_, PyAny>>,
        pack_limits: Option<&Bound<'_, PyAny>>,
        span_model: bool,
    ) -> PyResult<Engine> {
        let overlays = pack_texts(overlays, "overlay")?;
        let request = EngineRequest {
            packs: Vec::new(),
            overlays,
            input_limits: limits_of(input_limits, "input_limits")?,
            pack_limits: limits_of(pack_limits, "pack_limits")?,
            span_model,
        };
        build(py, request)
    }

    /// An engine from your own base packs (base first) and overlays. Each is a path, a text,
    /// or a `(name, text)` pair; errors raise `PackError` naming `file:line:column`.
    #[staticmethod]
    #[pyo3(signature = (
        packs, overlays=None, *, input_limits=None, pack_limits=None, span_model=false
    ))]
    fn from_packs(
        py: Python<'_>,
        packs: &Bound<'_, PyAny>,
        overlays: Option<&Bound<'_, PyAny>>,
        input_limits: Option<&Bound<'_, PyAny>>,
        pack_limits: Option<&Bound<'_, PyAny>>,
        span_model: bool,
    ) -> PyResult<Engine> {
        let packs = pack_texts(Some(packs), "pack")?;
        if packs.is_empty() {
            return Err(errors::input(
                py,
                "packs",
                "give at least one base pack (Engine() is the embedded default)",
            ));
        }
        let overlays = pack_texts(overlays, "overlay")?;
        let request = EngineRequest {
            packs,
            overlays,
            input_limits: limits_of(input_limits, "input_limits")?,
            pack_limits: limits_of(pack_limits, "pack_limits")?,
            span_model,
        };
        build(py, request)
    }

    /// Checks one post. `as_of` is the `datetime.date` whose rules apply (default: today).
    #[pyo3(signature = (
        text, *, role = "individual", as_of = None, author = None, links = None,
        raw_evidence = false, id = None, audience = None, checker_role = None,
        lexicon_only = false
    ))]
    #[allow(clippy::too_many_arguments)]
    fn check(
        &self,
        py: Python<'_>,
        text: &Bound<'_, PyString>,
        role: &str,
        as_of: Option<&Bound<'_, PyAny>>,
        author: Option<&Bound<'_, PyAny>>,
        links: Option<Vec<String>>,
        raw_evidence: bool,
        id: Option<String>,
        audience: Option<String>,
        checker_role: Option<String>,
        lexicon_only: bool,
    ) -> PyResult<Report> {
        let audience = audience
            .map(|a| api::from_value::<Audience>(Value::String(a), "post.audience"))
            .transpose()
            .map_err(|e| errors::raise(py, e))?;
        let request = CheckRequest {
            post: Post {
                id,
                text: text_of(text, "post.text")?,
                author: author_of(role, author, "post.author")?,
                links: links.unwrap_or_default(),
                audience,
            },
            as_of: date_from_python(py, as_of)?,
            raw_evidence,
            checker_role,
            lexicon_only,
        };
        let engine = &self.engine;
        let answer = py
            .detach(|| errors::guard(|| api::check_request(engine, &request)))
            .map_err(|()| errors::internal(py, "checking a post"))?;
        report_of(py, answer)
    }

    /// Checks many posts (each a `str` or a post dict) under the same options and returns
    /// their reports in input order. The GIL is released while the core works, on up to
    /// `threads` threads (default: one per CPU). The first invalid post raises `InputError`
    /// naming it (`posts[3].author.role`).
    #[pyo3(signature = (
        posts, *, role = "individual", as_of = None, raw_evidence = false,
        checker_role = None, threads = None, lexicon_only = false
    ))]
    #[allow(clippy::too_many_arguments)]
    fn check_many<'py>(
        &self,
        py: Python<'py>,
        posts: &Bound<'py, PyAny>,
        role: &str,
        as_of: Option<&Bound<'py, PyAny>>,
        raw_evidence: bool,
        checker_role: Option<String>,
        threads: Option<usize>,
        lexicon_only: bool,
    ) -> PyResult<Bound<'py, PyList>> {
        if posts.is_instance_of::<PyString>() {
            return Err(pyo3::exceptions::PyTypeError::new_err(
                "check_many takes a list of posts; use check() for one text",
            ));
        }
        let opts = CheckOptions {
            as_of: date_from_python(py, as_of)?,
            raw_evidence,
            checker_role,
            lexicon_only,
        };
        let batch = posts
            .try_iter()?
            .enumerate()
            .map(|(i, item)| post_of(&item?, role, i))
            .collect::<PyResult<Vec<Post>>>()?;
        let threads = threads
            .unwrap_or_else(|| thread::available_parallelism().map_or(1, |n| n.get()))
            .max(1);
        let engine = &self.engine;
        let answers = py
            .detach(|| errors::guard(|| check_all(engine, &batch, &opts, threads)))
            .map_err(|()| errors::internal(py, "checking posts"))?;
        let list = PyList::empty(py);
        for answer in answers {
            list.append(report_of(py, answer)?)?;
        }
        Ok(list)
    }

    /// Evaluates a log of account events (dicts shaped like `spec/schema/events.schema.json`)
    /// at `as_of`, a timezone-aware `datetime`: every duty with its status, every breach.
    fn check_events(
        &self,
        py: Python<'_>,
        events: &Bound<'_, PyAny>,
        as_of: &Bound<'_, PyAny>,
    ) -> PyResult<LedgerReport> {
        let as_of = timestamp_from_python(as_of, "as_of")?;
        let events = events
            .try_iter()?
            .enumerate()
            .map(|(i, e)| to_json(&e?, &format!("events[{i}]")))
            .collect::<PyResult<Vec<Value>>>()?;
        let request = api::EventsRequest { events, as_of };
        let engine = &self.engine;
        let answer = py
            .detach(|| errors::guard(|| api::check_events(engine, &request)))
            .map_err(|()| errors::internal(py, "checking events"))?;
        match answer {
            api::EventsResponse::Ok { report, .. } => Ok(LedgerReport::new(*report)),
            api::EventsResponse::Err { error, .. } => Err(errors::raise(py, error)),
        }
    }

    /// An empty ledger over this engine's packs, for events that arrive one at a time.
    fn ledger(&self) -> Ledger {
        Ledger::over(&self.engine)
    }

    /// Every rule (as dicts, in pack order); only those binding `role` (with the roles it
    /// inherits from) and in force on `as_of` (a `datetime.date`) when given.
    #[pyo3(signature = (role = None, as_of = None))]
    fn rules<'py>(
        &self,
        py: Python<'py>,
        role: Option<String>,
        as_of: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let as_of = match as_of {
            Some(d) if !d.is_none() => Some(date_from_python(py, Some(d))?),
            _ => None,
        };
        let request = api::RulesRequest { role, as_of };
        let request = serde_json::to_string(&request)
            .map_err(|e| errors::internal(py, &format!("writing a request ({e})")))?;
        listing(py, &api::rules_json(&self.engine, &request), "rules")
    }

    /// One rule as a dict; `NotFoundError` when no rule has that id.
    fn rule<'py>(&self, py: Python<'py>, id: &str) -> PyResult<Bound<'py, PyAny>> {
        listing(py, &api::rule_json(&self.engine, id), "rule")
    }

    /// The roles of the packs, each with what it inherits from, as dicts.
    fn roles<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        listing(py, &api::roles_json(&self.engine), "roles")
    }

    fn __repr__(&self) -> String {
        let packs: Vec<String> = self
            .engine
            .pack()
            .packs()
            .iter()
            .map(|p| format!("{}@{}", p.id, p.version))
            .collect();
        format!("<Engine packs=[{}]>", packs.join(", "))
    }
}
