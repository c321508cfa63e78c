//! Runs the shared conformance corpus `tests/cases/posts/*.json` through the JSON API (the
//! same entry point the Python and WebAssembly bindings use). See `tests/cases/README.md`.

use serde_json::Value;
use std::path::{Path, PathBuf};

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/cases/posts")
}

/// Whether `actual` matches the partial `expected` (rules in tests/cases/README.md).
fn matches(expected: &Value, actual: &Value, path: &str, errors: &mut Vec<String>) {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            for (k, ev) in e {
                match a.get(k) {
                    Some(av) => matches(ev, av, &format!("{path}.{k}"), errors),
                    None => errors.push(format!("{path}.{k}: missing (expected {ev})")),
                }
            }
        }
        (Value::Array(e), Value::Array(a)) => {
            if e.len() != a.len() {
                errors.push(format!(
                    "{path}: expected {} elements, got {}: {}",
                    e.len(),
                    a.len(),
                    serde_json::to_string(a).unwrap_or_default()
                ));
                return;
            }
            for (i, (ev, av)) in e.iter().zip(a).enumerate() {
                matches(ev, av, &format!("{path}[{i}]"), errors);
            }
        }
        (Value::Number(e), Value::Number(a)) => {
            let (e, a) = (
                e.as_f64().unwrap_or(f64::NAN),
                a.as_f64().unwrap_or(f64::NAN),
            );
            if (e - a).abs() > 1e-9 {
                errors.push(format!("{path}: expected {e}, got {a}"));
            }
        }
        (e, a) if e == a => {}
        (e, a) => errors.push(format!("{path}: expected {e}, got {a}")),
    }
}

#[test]
fn conformance_corpus() {
    let engine = ungxu::Engine::default();
    let mut files: Vec<PathBuf> = std::fs::read_dir(cases_dir())
        .expect("tests/cases/posts exists")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    assert!(files.len() >= 80, "only {} cases", files.len());
    let mut failures = Vec::new();
    for f in &files {
        let case: Value = serde_json::from_str(&std::fs::read_to_string(f).unwrap())
            .unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        let request = serde_json::to_string(&case["request"]).unwrap();
        // A case may ask for another engine (e.g. `{"span_model": true}`).
        let own_engine = case.get("engine").map(|req| {
            ungxu::api::engine_from_json(&req.to_string())
                .unwrap_or_else(|e| panic!("{}: engine: {e:?}", f.display()))
        });
        let engine = own_engine.as_ref().unwrap_or(&engine);
        let answer = ungxu::api::check_post_json(engine, &request);
        // Deterministic: the same request gives byte-identical JSON.
        assert_eq!(answer, ungxu::api::check_post_json(engine, &request));
        let actual: Value = serde_json::from_str(&answer).unwrap();
        let mut errors = Vec::new();
        matches(&case["expect"], &actual, "", &mut errors);
        if !errors.is_empty() && std::env::var_os("UNGXU_BLESS").is_some() {
            if let Some(blessed) = bless_model_findings(&case, &actual) {
                let mut text = serde_json::to_string_pretty(&blessed).unwrap();
                text.push('\n');
                std::fs::write(f, text).unwrap();
                continue;
            }
        }
        if !errors.is_empty() {
            failures.push(format!(
                "{}: {}\n  answer: {answer}",
                f.file_name().unwrap().to_string_lossy(),
                errors.join("\n  ")
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases fail:\n{}",
        failures.len(),
        files.len(),
        failures.join("\n")
    );
}

/// `UNGXU_BLESS=1`: the case with the learned span scorer's findings (`model.spans`) written
/// into its expected findings (rule, category, detector, term), the other expected findings
/// kept as written, in the answer's order. `None` (the case is left failing) when anything
/// else differs: a changed verdict or lexicon finding needs a person.
fn bless_model_findings(case: &Value, actual: &Value) -> Option<Value> {
    let found = actual["report"]["findings"].as_array()?;
    let expected = case["expect"]["report"]["findings"].as_array()?;
    // The expected findings of other detectors, in order (the model's are replaced).
    let mut kept = expected.iter().filter(|f| f["detector"] != "model.spans");
    let mut findings = Vec::new();
    for f in found {
        if f["detector"] == "model.spans" {
            findings.push(serde_json::json!({
                "rule_id": f["rule_id"],
                "category": f["category"],
                "detector": "model.spans",
                "term": f["term"],
            }));
        } else {
            findings.push(kept.next()?.clone());
        }
    }
    if kept.next().is_some() {
        return None;
    }
    let mut blessed = case.clone();
    blessed["expect"]["report"]["findings"] = Value::Array(findings);
    let mut errors = Vec::new();
    matches(&blessed["expect"], actual, "", &mut errors);
    errors.is_empty().then_some(blessed)
}

#[test]
fn the_matcher_itself_is_checked() {
    // A wrong expectation must fail: guards the comparison against always passing.
    let mut errors = Vec::new();
    let actual = serde_json::json!({"a": [1, 2], "b": "x"});
    matches(&serde_json::json!({"a": [1]}), &actual, "", &mut errors);
    matches(&serde_json::json!({"b": "y"}), &actual, "", &mut errors);
    matches(&serde_json::json!({"c": 1}), &actual, "", &mut errors);
    assert_eq!(errors.len(), 3, "{errors:?}");
    let mut ok = Vec::new();
    matches(&serde_json::json!({"a": [1, 2]}), &actual, "", &mut ok);
    assert!(ok.is_empty());
}
