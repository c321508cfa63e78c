//! Runs the cross-language conformance cases in `tests/cases/events/` (format in its
//! README.md): batch and incremental evaluation must both match each case, and each other.

use serde_json::Value;
use std::path::{Path, PathBuf};
use ungxu::eval::events::{parse_jsonl, Timestamp};
use ungxu::pack::PackSource;
use ungxu::Engine;

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("core/ has a parent")
        .to_path_buf()
}

/// `expected` matches `actual` when every key of an expected object matches the same key of
/// the actual object, arrays have the same length and match element by element, and
/// scalars are equal.
fn subset(expected: &Value, actual: &Value, path: &str, errors: &mut Vec<String>) {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            for (k, ev) in e {
                match a.get(k) {
                    Some(av) => subset(ev, av, &format!("{path}.{k}"), errors),
                    None => errors.push(format!("{path}.{k}: missing (expected {ev})")),
                }
            }
        }
        (Value::Array(e), Value::Array(a)) => {
            if e.len() != a.len() {
                errors.push(format!(
                    "{path}: expected {} items, got {}: {}",
                    e.len(),
                    a.len(),
                    serde_json::to_string(a).unwrap_or_default()
                ));
                return;
            }
            for (i, (ev, av)) in e.iter().zip(a).enumerate() {
                subset(ev, av, &format!("{path}[{i}]"), errors);
            }
        }
        (e, a) if e == a => {}
        (e, a) => errors.push(format!("{path}: expected {e}, got {a}")),
    }
}

fn run_case(path: &Path) -> Result<(), String> {
    let case: Value =
        serde_json::from_str(&std::fs::read_to_string(path).map_err(|e| e.to_string())?)
            .map_err(|e| format!("case is not JSON: {e}"))?;
    let as_of: Timestamp = case["as_of"]
        .as_str()
        .ok_or("as_of missing")?
        .parse()
        .map_err(|e| format!("as_of: {e}"))?;
    let overlays: Vec<String> = case
        .get("overlays")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default();
    let sources: Vec<PackSource<'_>> = overlays
        .iter()
        .enumerate()
        .map(|(i, t)| {
            PackSource::new(
                if i == 0 {
                    "overlay-1.toml"
                } else {
                    "overlay.toml"
                },
                t,
            )
        })
        .collect();
    let engine = if sources.is_empty() {
        Engine::default()
    } else {
        Engine::with_overlays(&sources).map_err(|e| format!("overlay: {e}"))?
    };
    let jsonl = match (case.get("events"), case.get("events_file")) {
        (Some(Value::Array(events)), _) => events
            .iter()
            .map(|e| serde_json::to_string(e).unwrap_or_default())
            .collect::<Vec<_>>()
            .join("\n"),
        (_, Some(Value::String(f))) => {
            std::fs::read_to_string(repo_root().join(f)).map_err(|e| format!("{f}: {e}"))?
        }
        _ => return Err("needs `events` or `events_file`".into()),
    };

    let batch = engine.check_events_jsonl(&jsonl, as_of);

    // The same log through the ledger, last line first.
    let mut ledger = engine.ledger();
    let lines: Vec<&str> = jsonl.lines().collect();
    let mut incremental = Ok(());
    for (i, line) in lines.iter().enumerate().rev() {
        if line.trim().is_empty() {
            continue;
        }
        let applied = ungxu::eval::events::parse_event(line)
            .and_then(|e| ledger.apply(e))
            .map_err(|e| ungxu::eval::events::at_line(i + 1, e));
        if let Err(e) = applied {
            incremental = Err(e);
            break;
        }
    }

    if let Some(expected) = case.get("error") {
        let err = batch.err().ok_or("expected an error, got a report")?;
        if incremental.is_ok() {
            return Err("the ledger accepted what the batch check rejected".into());
        }
        let field = expected["field"].as_str().unwrap_or("");
        if err.field != field {
            return Err(format!(
                "error field: expected {field:?}, got {:?} ({err})",
                err.field
            ));
        }
        let needle = expected["message_contains"].as_str().unwrap_or("");
        if !err.message.contains(needle) {
            return Err(format!("error message lacks {needle:?}: {err}"));
        }
        return Ok(());
    }

    let report = batch.map_err(|e| format!("unexpected error: {e}"))?;
    incremental.map_err(|e| format!("ledger: unexpected error: {e}"))?;
    let from_ledger = ledger.report(as_of);
    if from_ledger.to_json() != report.to_json() {
        return Err("the ledger's report differs from the batch report".into());
    }
    // Byte-identical on a second run.
    if engine
        .check_events(&parse_jsonl(&jsonl).map_err(|e| e.to_string())?, as_of)
        .map_err(|e| e.to_string())?
        .to_json()
        != report.to_json()
    {
        return Err("a second run gave different JSON".into());
    }
    let actual = serde_json::to_value(&report).map_err(|e| e.to_string())?;
    let mut errors = Vec::new();
    subset(
        case.get("expect").ok_or("needs `expect` or `error`")?,
        &actual,
        "report",
        &mut errors,
    );
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors.join("\n"))
    }
}

#[test]
fn conformance_cases() {
    let dir = repo_root().join("tests/cases/events");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/cases/events exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    assert!(paths.len() >= 20, "only {} cases found", paths.len());
    let failures: Vec<String> = paths
        .iter()
        .filter_map(|p| {
            run_case(p).err().map(|e| {
                format!(
                    "{}:\n{e}",
                    p.file_name().unwrap_or_default().to_string_lossy()
                )
            })
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n\n{}",
        failures.len(),
        paths.len(),
        failures.join("\n\n")
    );
}
