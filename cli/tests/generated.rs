//! Generated files in `spec/` must match what the current code and packs generate.

use std::path::{Path, PathBuf};
use std::process::Command;

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn generated(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_ungxu"))
        .args(args)
        .current_dir(repo_root())
        .output()
        .expect("run ungxu");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn assert_current(file: &str, args: &[&str]) {
    let on_disk = std::fs::read_to_string(repo_root().join(file)).unwrap_or_default();
    let fresh = generated(args);
    assert!(
        on_disk == fresh,
        "{file} is stale: run `cargo run -p ungxu-cli -- {} > {file}`",
        args.join(" ")
    );
}

#[test]
fn rules_md_is_current() {
    assert_current("spec/RULES.md", &["rulebook"]);
}

#[test]
fn pack_schema_is_current() {
    assert_current("spec/schema/pack.schema.json", &["schema", "pack"]);
}

#[test]
fn report_schema_is_current() {
    assert_current("spec/schema/report.schema.json", &["schema", "report"]);
    assert_current(
        "spec/schema/check-request.schema.json",
        &["schema", "check-request"],
    );
}

#[test]
fn reports_validate_against_the_report_schema() {
    let schema: serde_json::Value =
        serde_json::from_str(&generated(&["schema", "report"])).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let requests: serde_json::Value =
        serde_json::from_str(&generated(&["schema", "check-request"])).unwrap();
    let request_validator = jsonschema::validator_for(&requests).expect("schema compiles");
    let out = Command::new(env!("CARGO_BIN_EXE_ungxu"))
        .args([
            "check",
            "--jsonl",
            "examples/posts.jsonl",
            "--as-of",
            "2025-06-01",
        ])
        .current_dir(repo_root())
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let mut n = 0;
    for line in stdout.lines() {
        let report: serde_json::Value = serde_json::from_str(line).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&report)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{line}: {errors:#?}");
        n += 1;
    }
    assert!(n >= 30);
    // Every conformance request is a valid request.
    let dir = repo_root().join("tests/cases/posts");
    for entry in std::fs::read_dir(dir).unwrap() {
        let case: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(entry.unwrap().path()).unwrap()).unwrap();
        if case["expect"]["ok"] == serde_json::Value::Bool(true) {
            assert!(
                request_validator.is_valid(&case["request"]),
                "{}",
                case["request"]
            );
        }
    }
}

#[test]
fn embedded_packs_validate_against_the_schema() {
    let schema: serde_json::Value = serde_json::from_str(&generated(&["schema", "pack"])).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    for f in ["spec/packs/national.toml", "spec/packs/ninh-binh.toml"] {
        let text = std::fs::read_to_string(repo_root().join(f)).unwrap();
        let value: toml::Value = toml::from_str(&text).unwrap();
        let json = toml_to_json(value);
        let errors: Vec<String> = validator
            .iter_errors(&json)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{f}: {errors:#?}");
    }
}

/// TOML to JSON as a user converting a pack would do it: dates become `YYYY-MM-DD` strings.
fn toml_to_json(v: toml::Value) -> serde_json::Value {
    use serde_json::Value as J;
    match v {
        toml::Value::String(s) => J::String(s),
        toml::Value::Integer(i) => J::from(i),
        toml::Value::Float(f) => J::from(f),
        toml::Value::Boolean(b) => J::Bool(b),
        toml::Value::Datetime(d) => J::String(d.to_string()),
        toml::Value::Array(a) => J::Array(a.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => {
            J::Object(t.into_iter().map(|(k, v)| (k, toml_to_json(v))).collect())
        }
    }
}
