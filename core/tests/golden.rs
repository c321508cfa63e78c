//! The full answer of the JSON API to every conformance case, kept in
//! `tests/cases/golden.jsonl`: the Python and WebAssembly bindings compare their answers with
//! it field for field, so all three languages give the same answer, not just one that
//! satisfies the partial `expect` of each case.
//!
//! Regenerate after an intended change with `UNGXU_BLESS=1 cargo test -p ungxu --test golden`.

use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use ungxu::api::{self, EngineRequest, PackText};

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("core/ has a parent")
        .to_path_buf()
}

fn case_files(dir: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(repo_root().join("tests/cases").join(dir))
        .unwrap_or_else(|e| panic!("tests/cases/{dir}: {e}"))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
}

fn read(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The events request of an events case: its events (inline or from `events_file`) and as_of.
fn events_request(case: &Value) -> (EngineRequest, String) {
    let overlays = case
        .get("overlays")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .enumerate()
                .filter_map(|(i, v)| {
                    Some(PackText {
                        name: if i == 0 {
                            "overlay-1.toml"
                        } else {
                            "overlay.toml"
                        }
                        .into(),
                        text: v.as_str()?.to_string(),
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    let events: Vec<Value> = match (case.get("events"), case.get("events_file")) {
        (Some(Value::Array(events)), _) => events.clone(),
        (_, Some(Value::String(f))) => std::fs::read_to_string(repo_root().join(f))
            .unwrap()
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| serde_json::from_str(l).unwrap())
            .collect(),
        _ => panic!("an events case needs `events` or `events_file`"),
    };
    let request = json!({ "events": events, "as_of": case["as_of"] });
    (
        EngineRequest {
            overlays,
            ..Default::default()
        },
        request.to_string(),
    )
}

fn golden_lines() -> Vec<String> {
    let default = ungxu::Engine::default();
    let mut lines = Vec::new();
    for f in case_files("posts") {
        let case = read(&f);
        // A case may ask for another engine (e.g. `{"span_model": true}`).
        let answer = match case.get("engine") {
            Some(req) => match api::engine_from_json(&req.to_string()) {
                Ok(engine) => api::check_post_json(&engine, &case["request"].to_string()),
                Err(e) => api::error_json(e),
            },
            None => api::check_post_json(&default, &case["request"].to_string()),
        };
        let name = format!("posts/{}", f.file_name().unwrap().to_string_lossy());
        lines.push(format!(r#"{{"case":"{name}","answer":{answer}}}"#));
    }
    for f in case_files("events") {
        let case = read(&f);
        let (engine_request, request) = events_request(&case);
        let answer = match api::build_engine(&engine_request) {
            Ok(engine) => api::check_events_json(&engine, &request),
            Err(e) => api::error_json(e),
        };
        let name = format!("events/{}", f.file_name().unwrap().to_string_lossy());
        lines.push(format!(r#"{{"case":"{name}","answer":{answer}}}"#));
    }
    lines
}

#[test]
fn golden_answers_are_current() {
    let path = repo_root().join("tests/cases/golden.jsonl");
    let mut want = golden_lines().join("\n");
    want.push('\n');
    if std::env::var_os("UNGXU_BLESS").is_some() {
        std::fs::write(&path, &want).unwrap();
        return;
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    if have != want {
        let first = have
            .lines()
            .zip(want.lines())
            .find(|(h, w)| h != w)
            .map(|(h, w)| format!("\n  have: {h:.300}\n  want: {w:.300}"))
            .unwrap_or_else(|| "the number of lines differs".into());
        panic!(
            "tests/cases/golden.jsonl is stale; regenerate with \
             `UNGXU_BLESS=1 cargo test -p ungxu --test golden`:{first}"
        );
    }
    // Every line parses, and every events answer is a report or an error the case expected.
    for line in have.lines() {
        let v: Value = serde_json::from_str(line).unwrap();
        assert!(v["answer"]["ok"].is_boolean(), "{line:.200}");
    }
}

#[test]
fn events_errors_name_the_event_index() {
    let engine = ungxu::Engine::default();
    let answer = api::check_events_json(
        &engine,
        r#"{"events": [
            {"id":"e1","time":"2025-03-01T09:00:00+07:00","kind":"account_compromised","actor":{"id":"a","role":"individual"},"account":"x"},
            {"id":"e2","time":"2025-03-01T09:00:00+07:00","kind":"account_compromised","actor":{"id":"a","role":"alien"},"account":"x"}
        ], "as_of": "2025-03-03T00:00:00+07:00"}"#,
    );
    let v: Value = serde_json::from_str(&answer).unwrap();
    assert_eq!(v["ok"], false, "{answer}");
    assert_eq!(v["error"]["field"], "events[1].actor.role", "{answer}");
}
