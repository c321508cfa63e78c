//! `ungxu check`: batch mode keeps ids and order, gives the expected findings on the example
//! posts, prints readable pretty output, and uses the documented exit codes.

use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn ungxu(args: &[&str], stdin: Option<&str>) -> (Option<i32>, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ungxu"))
        .args(args)
        .current_dir(repo_root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run ungxu");
    let input = stdin.unwrap_or("").to_string();
    let mut pipe = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || pipe.write_all(input.as_bytes()));
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    (
        out.status.code(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn example_reports() -> Vec<Value> {
    let (code, stdout, stderr) = ungxu(
        &[
            "check",
            "--jsonl",
            "examples/posts.jsonl",
            "--as-of",
            "2025-06-01",
            "--fail-on-findings",
        ],
        None,
    );
    assert_eq!(
        code,
        Some(1),
        "findings with --fail-on-findings → exit 1; stderr: {stderr}"
    );
    stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn rules_of(report: &Value) -> Vec<String> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule_id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn batch_keeps_ids_and_order() {
    let input: Vec<Value> = std::fs::read_to_string(repo_root().join("examples/posts.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let reports = example_reports();
    assert_eq!(reports.len(), input.len());
    for (i, r) in input.iter().zip(&reports) {
        assert_eq!(i["id"], r["id"]);
        assert!(r["verdict"].is_string() && r["findings"].is_array(), "{r}");
    }
}

#[test]
fn example_posts_give_the_expected_findings() {
    let reports = example_reports();
    let by_id = |id: &str| reports.iter().find(|r| r["id"] == id).unwrap().clone();
    // Criticism, a policy opinion, an innocent sentence, prices: clean.
    for id in [
        "p01-clean-criticism",
        "p18-political-criticism",
        "p21-innocent-collision",
        "p26-price-not-pii",
        "p28-religion-clean",
    ] {
        let r = by_id(id);
        assert_eq!(r["verdict"], "allow", "{id}: {r}");
    }
    assert_eq!(
        rules_of(&by_id("p02-insult-official")),
        ["qd874.4.6.insult"]
    );
    assert!(rules_of(&by_id("p05-region-hate")).contains(&"qd874.4.5".to_string()));
    assert_eq!(by_id("p06-incitement")["verdict"], "remove");
    assert!(rules_of(&by_id("p10-personal-data"))
        .iter()
        .all(|r| r == "nd13.11"));
    assert_eq!(
        by_id("p10-personal-data")["findings"]
            .as_array()
            .unwrap()
            .len(),
        3
    );
    assert!(rules_of(&by_id("p11-child-info")).contains(&"ltre.6.11".to_string()));
    assert_eq!(
        rules_of(&by_id("p16-impersonation")),
        ["anm.18.impersonation"]
    );
    assert!(by_id("p17-verified-agency")["findings"]
        .as_array()
        .unwrap()
        .is_empty());
    // The same unsourced claim, three roles, three rules (Arts. 4.4, 5, 6.3).
    assert!(rules_of(&by_id("p12-unsourced-individual"))
        .iter()
        .all(|r| r == "qd874.4.4"));
    assert!(rules_of(&by_id("p13-unsourced-civil-servant"))
        .iter()
        .all(|r| r == "qd874.5.1"));
    assert!(rules_of(&by_id("p14-unsourced-state-agency"))
        .iter()
        .all(|r| r == "qd874.6.3"));
    // Masked by default.
    let phone = &by_id("p08-loan-shark")["findings"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(phone["evidence"], "09******78");
    assert_eq!(phone["evidence_masked"], true);
}

#[test]
fn output_is_byte_identical_across_runs() {
    let run = || {
        ungxu(
            &[
                "check",
                "--jsonl",
                "examples/posts.jsonl",
                "--as-of",
                "2025-06-01",
            ],
            None,
        )
        .1
    };
    assert_eq!(run(), run());
}

#[test]
fn stdin_batch_reports_bad_lines_and_exits_2() {
    let input = "{\"id\":\"a\",\"text\":\"chào bạn\"}\n{\"id\":\"b\",\"text\":\"x\",\"author\":{\"role\":\"citizen\"}}\nnot json\n{\"id\":\"d\",\"text\":\"đồ óc chó\"}\n";
    let (code, stdout, stderr) = ungxu(
        &["check", "--jsonl", "-", "--as-of", "2025-06-01"],
        Some(input),
    );
    assert_eq!(code, Some(2));
    let lines: Vec<Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 4);
    assert_eq!(lines[0]["verdict"], "allow");
    assert_eq!(lines[1]["id"], "b");
    assert_eq!(lines[1]["error"]["line"], 2);
    assert!(lines[1]["error"]["message"]
        .as_str()
        .unwrap()
        .contains("author.role"));
    assert_eq!(lines[2]["error"]["line"], 3);
    assert_eq!(lines[3]["findings"][0]["category"], "insult");
    assert!(
        stderr.contains("line 2: author.role: unknown role `citizen`"),
        "{stderr}"
    );
}

#[test]
fn role_flag_applies_to_lines_without_a_role() {
    let input = "{\"id\":\"x\",\"text\":\"Tin nóng: mai cắt điện, chia sẻ gấp!\"}\n";
    let (_, stdout, _) = ungxu(
        &[
            "check",
            "--jsonl",
            "-",
            "--role",
            "state_agency",
            "--as-of",
            "2025-06-01",
        ],
        Some(input),
    );
    let r: Value = serde_json::from_str(stdout.trim()).unwrap();
    assert_eq!(r["role"], "state_agency");
    assert_eq!(r["findings"][0]["rule_id"], "qd874.6.3");
}

#[test]
fn the_span_model_adds_explained_findings() {
    let text = "Thằng chủ tịch xã ngu như bò";
    let run = |extra: &[&str]| -> Value {
        let mut args = vec!["check", "--as-of", "2025-06-01", "--format", "json", text];
        args.extend_from_slice(extra);
        let (_, stdout, _) = ungxu(&args, None);
        serde_json::from_str(&stdout).unwrap()
    };
    let detectors = |r: &Value| -> Vec<String> {
        r["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["detector"].as_str().unwrap().to_string())
            .collect()
    };
    let full = run(&["--span-model"]);
    let model: Vec<&Value> = full["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["detector"] == "model.spans")
        .collect();
    assert!(!model.is_empty(), "{full}");
    for f in &model {
        assert!(!f["features"].as_array().unwrap().is_empty(), "{f}");
        let rule = f["rule_id"].as_str().unwrap();
        assert!(
            rule.starts_with("qd874.4.5") || rule.starts_with("qd874.4.6"),
            "{f}"
        );
    }
    // Without the flag: the lexicon and pattern detectors only.
    let lexicon_only = run(&[]);
    assert!(
        detectors(&lexicon_only)
            .iter()
            .all(|d| d.starts_with("lexicon.")),
        "{lexicon_only}"
    );
    assert!(!detectors(&lexicon_only).is_empty());
}

#[test]
fn pretty_output_marks_the_evidence_and_quotes_the_law() {
    let (code, stdout, _) = ungxu(
        &[
            "check",
            "--as-of",
            "2025-06-01",
            "Thằng chủ tịch xã ngu như bò",
        ],
        None,
    );
    assert_eq!(code, Some(0), "findings alone do not fail the command");
    assert!(stdout.contains("⟦ngu như bò⟧1"), "{stdout}");
    assert!(stdout.contains("qd874.4.6.insult"));
    assert!(
        stdout.contains("xúc phạm danh dự, nhân phẩm"),
        "the Vietnamese excerpt: {stdout}"
    );
    let (code, stdout, _) = ungxu(
        &[
            "check",
            "--as-of",
            "2025-06-01",
            "Chúc mọi người ngày mới vui vẻ",
        ],
        None,
    );
    assert_eq!(code, Some(0));
    assert!(stdout.starts_with("verdict: allow"));
}

#[test]
fn reads_the_text_from_stdin_and_files() {
    let (code, stdout, _) = ungxu(
        &[
            "check",
            "--as-of",
            "2025-06-01",
            "--format",
            "json",
            "--fail-on-findings",
        ],
        Some("đồ óc chó"),
    );
    assert_eq!(code, Some(1));
    let r: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(r["findings"][0]["category"], "insult");
    let (code, _, stderr) = ungxu(&["check", "--file", "no/such/file.txt"], None);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("no/such/file.txt: cannot read"));
}
