//! The bodies of the fuzz targets (issue 8): each takes arbitrary bytes and asserts only what
//! must hold for any input — no panic, every answer is JSON, reports round-trip exactly and
//! their spans address the text they came from. The libFuzzer binaries in `fuzz_targets/` call
//! these; so does the corpus replay (`core/tests/fuzz_replay.rs`), which includes this file
//! with `#[path]` so that it runs in the ordinary test command without libFuzzer or nightly.

use serde_json::Value;
use std::sync::OnceLock;
use ungxu::api::{self, EngineRequest, PackText};
use ungxu::eval::{CheckOptions, Post};
use ungxu::model::Date;
use ungxu::pack::PackSource;
use ungxu::report::Report;
use ungxu::Engine;

/// The date every post is checked as of.
pub const AS_OF: &str = "2025-06-01";
/// The instant every event log is judged at.
pub const AS_OF_INSTANT: &str = "2025-06-01T00:00:00+07:00";

/// The default engine, built once per process.
pub fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(Engine::default)
}

fn options() -> CheckOptions {
    CheckOptions::as_of(AS_OF.parse::<Date>().expect("a valid date"))
}

/// Panics unless `answer` is one JSON value.
fn assert_json(what: &str, answer: &str) -> Value {
    match serde_json::from_str::<Value>(answer) {
        Ok(v) => v,
        Err(e) => panic!("{what} answered something that is not JSON ({e}): {answer}"),
    }
}

/// Panics unless every span of `report` addresses `text` consistently in all three units.
fn assert_spans(report: &Report, text: &str) {
    for f in &report.findings {
        for s in &f.spans {
            let again = ungxu::text::Span::from_byte_range(text, s.byte_start..s.byte_end);
            assert_eq!(
                again.as_ref(),
                Some(s),
                "rule {}: span {s:?} does not address the text of {} bytes",
                f.rule_id,
                text.len()
            );
        }
    }
}

/// Panics unless `report` serialises to JSON that parses back into an equal-serialising
/// [`Report`]: the JSON of the parsed report is byte-identical to the first.
pub fn assert_roundtrip(report: &Report) {
    let first = serde_json::to_string(report).expect("a report serialises");
    let parsed: Report = match serde_json::from_str(&first) {
        Ok(r) => r,
        Err(e) => panic!("a report's JSON does not parse back ({e}): {first}"),
    };
    let second = serde_json::to_string(&parsed).expect("a report serialises");
    assert_eq!(first, second, "the report JSON changed on a round trip");
}

/// `check_post`: the bytes as (lossy UTF-8) text through `Engine::check_post`, as the text of a
/// well-formed JSON request, and raw as a JSON request through `api::check_post_json`.
pub fn check_post(data: &[u8]) {
    let engine = engine();
    let text = String::from_utf8_lossy(data);
    match engine.check_post(&Post::new(text.as_ref()), &options()) {
        Ok(report) => {
            assert_spans(&report, &text);
            let json = serde_json::to_string(&report).expect("a report serialises");
            assert_json("a report", &json);
        }
        Err(e) => assert!(
            text.len() > engine.input_limits().max_text_bytes,
            "a post of {} bytes was refused: {e}",
            text.len()
        ),
    }

    let request = serde_json::json!({"post": {"text": text}, "as_of": AS_OF}).to_string();
    let answer = assert_json("check_post_json", &api::check_post_json(engine, &request));
    if text.len() <= engine.input_limits().max_text_bytes {
        assert_eq!(answer["ok"], Value::Bool(true), "{answer}");
    }

    if let Ok(raw) = std::str::from_utf8(data) {
        assert_json("check_post_json", &api::check_post_json(engine, raw));
        assert_json("check_many_json", &api::check_many_json(engine, raw));
    }
}

/// `pack_load`: the bytes as an overlay on the default packs. The first byte picks the format
/// (TOML or JSON, by the overlay's name) and the way in (`api::build_engine` or
/// `Engine::with_overlays`); the rest is the overlay. An engine that builds must check a post.
pub fn pack_load(data: &[u8]) {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let name = if selector & 1 == 0 {
        "fuzz.toml"
    } else {
        "fuzz.json"
    };
    let built = if selector & 2 == 0 {
        let request = EngineRequest {
            overlays: vec![PackText {
                name: name.into(),
                text: text.clone().into_owned(),
            }],
            ..EngineRequest::default()
        };
        api::build_engine(&request).map_err(|e| {
            assert_eq!(e.code, "pack", "{e:?}");
            assert_json("an error", &api::error_json(e));
        })
    } else {
        Engine::with_overlays(&[PackSource::new(name, &text)]).map_err(|e| {
            assert!(!e.to_string().is_empty());
        })
    };
    if let Ok(engine) = built {
        let post = Post::new("Thằng chủ tịch xã ngu như bò, đm");
        if let Ok(report) = engine.check_post(&post, &options()) {
            assert_spans(&report, &post.text);
            assert_roundtrip(&report);
        }
    }
}

/// `events`: the bytes as a JSON-lines log through `Engine::check_events_jsonl`, and raw as an
/// events request through `api::check_events_json`.
pub fn events(data: &[u8]) {
    let engine = engine();
    let text = String::from_utf8_lossy(data);
    let as_of = AS_OF_INSTANT.parse().expect("a valid instant");
    match engine.check_events_jsonl(&text, as_of) {
        Ok(report) => {
            let json = serde_json::to_string(&report).expect("a ledger report serialises");
            assert_json("a ledger report", &json);
        }
        Err(e) => assert!(!e.field.is_empty() || !e.message.is_empty()),
    }
    if let Ok(raw) = std::str::from_utf8(data) {
        assert_json("check_events_json", &api::check_events_json(engine, raw));
    }
}

/// `report_roundtrip`: a report of the bytes as text (as individual and, when the first byte
/// says so, with unmasked evidence) serialised, parsed back and serialised again: identical.
pub fn report_roundtrip(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let mut opts = options();
    opts.raw_evidence = data.first().is_some_and(|b| b & 1 == 1);
    if let Ok(report) = engine().check_post(&Post::new(text.as_ref()), &opts) {
        assert_roundtrip(&report);
    }
}

/// A target's body.
pub type Body = fn(&[u8]);

/// The targets by name, as the corpus directories are named.
pub const TARGETS: &[(&str, Body)] = &[
    ("check_post", check_post),
    ("pack_load", pack_load),
    ("events", events),
    ("report_roundtrip", report_roundtrip),
];
