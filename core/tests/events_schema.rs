//! The JSON Schemas of the event format and the ledger report (`spec/schema/`) must match
//! the types, and the example log and its report must validate against them.
//!
//! Regenerate with `UNGXU_BLESS=1 cargo test -p ungxu --features schema --test events_schema`.
#![cfg(feature = "schema")]

use std::path::{Path, PathBuf};
use ungxu::eval::events::{parse_jsonl, Event};
use ungxu::eval::ledger::LedgerReport;
use ungxu::Engine;

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("core/ has a parent")
        .to_path_buf()
}

fn current(file: &str, schema: &schemars::Schema) -> serde_json::Value {
    let fresh = serde_json::to_string_pretty(schema).expect("schema serialises") + "\n";
    let path = repo_root().join(file);
    if std::env::var_os("UNGXU_BLESS").is_some() {
        std::fs::write(&path, &fresh).expect("write schema");
    }
    let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        on_disk == fresh,
        "{file} is stale: run `UNGXU_BLESS=1 cargo test -p ungxu --features schema --test events_schema`"
    );
    serde_json::from_str(&fresh).expect("schema is JSON")
}

fn validate(schema: &serde_json::Value, value: &serde_json::Value, what: &str) {
    let validator = jsonschema::validator_for(schema).expect("schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(value)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{what}: {errors:#?}");
}

#[test]
fn event_schema_is_current_and_the_example_log_validates() {
    let schema = current(
        "spec/schema/events.schema.json",
        &schemars::schema_for!(Event),
    );
    let log = std::fs::read_to_string(repo_root().join("examples/events.jsonl")).unwrap();
    for (i, line) in log.lines().enumerate() {
        let value: serde_json::Value = serde_json::from_str(line).unwrap();
        validate(
            &schema,
            &value,
            &format!("examples/events.jsonl line {}", i + 1),
        );
    }
    // And the schema rejects what the parser rejects.
    let bad: serde_json::Value = serde_json::json!({"id": "e", "time": "2025-03-01T08:00:00",
        "kind": "account_compromised", "actor": {"id": "a", "role": "individual"}, "account": "x"});
    let validator = jsonschema::validator_for(&schema).unwrap();
    assert!(
        !validator.is_valid(&bad),
        "a time without offset must not validate"
    );
}

#[test]
fn ledger_schema_is_current_and_the_story_report_validates() {
    let schema = current(
        "spec/schema/ledger.schema.json",
        &schemars::schema_for!(LedgerReport),
    );
    let log = std::fs::read_to_string(repo_root().join("examples/events.jsonl")).unwrap();
    let events = parse_jsonl(&log).unwrap();
    let report = Engine::default()
        .check_events(&events, "2025-03-15T12:00:00+07:00".parse().unwrap())
        .unwrap();
    let value = serde_json::to_value(&report).unwrap();
    validate(&schema, &value, "the story's report");
}
