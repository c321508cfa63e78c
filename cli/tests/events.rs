//! `ungxu events`: the example story gives the expected duties, and bad logs name the line.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn ungxu(args: &[&str]) -> (Option<i32>, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_ungxu"))
        .args(args)
        .current_dir(repo_root())
        .output()
        .expect("run ungxu");
    (
        out.status.code(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn example_story_lists_open_met_late_and_overdue_duties() {
    let (code, stdout, stderr) = ungxu(&[
        "events",
        "examples/events.jsonl",
        "--as-of",
        "2025-03-15T12:00:00+07:00",
        "--format",
        "json",
    ]);
    assert_eq!(code, Some(1), "late/overdue duties → exit 1; {stderr}");
    let report: Value = serde_json::from_str(&stdout).unwrap();
    let duties = report["duties"].as_array().unwrap();
    let status_of = |obligation: &str, trigger: &str| -> Vec<String> {
        duties
            .iter()
            .filter(|d| d["obligation"] == obligation && d["trigger"]["id"] == trigger)
            .map(|d| d["status"].as_str().unwrap_or_default().to_string())
            .collect()
    };
    // The district page is hijacked: the compromise was reported in time, the impersonation not.
    assert_eq!(
        status_of("ob.account_compromise.notify.state_agency", "hijack-1"),
        ["met"]
    );
    assert_eq!(
        status_of("ob.account_impersonation.notify.state_agency", "hijack-8"),
        ["overdue"]
    );
    // A takedown before 25 Dec 2024 falls under Decree 27's 3 hours and was 2 h late.
    assert_eq!(status_of("ob.takedown.provider.nd27", "legacy-1"), ["late"]);
    let text = ungxu(&[
        "events",
        "examples/events.jsonl",
        "--as-of",
        "2025-03-15T12:00:00+07:00",
    ])
    .1;
    assert!(
        text.contains("OVERDUE") && text.contains("luat-anm-2018 Art. 26.2.b"),
        "{text}"
    );
}

#[test]
fn a_time_without_offset_is_rejected_with_its_line() {
    let dir = std::env::temp_dir().join(format!("ungxu-events-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let log = dir.join("bad.jsonl");
    std::fs::write(
        &log,
        "{\"id\":\"a\",\"time\":\"2025-03-01T08:00:00+07:00\",\"kind\":\"account_compromised\",\"actor\":{\"id\":\"u\",\"role\":\"individual\"},\"account\":\"acc\"}\n\
         {\"id\":\"b\",\"time\":\"2025-03-01T09:00:00\",\"kind\":\"compromise_reported\",\"actor\":{\"id\":\"u\",\"role\":\"individual\"},\"account\":\"acc\"}\n",
    )
    .unwrap();
    let (code, _, stderr) = ungxu(&[
        "events",
        log.to_str().unwrap(),
        "--as-of",
        "2025-03-02T00:00:00+07:00",
    ]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("line 2"), "{stderr}");
    assert!(stderr.contains("time"), "{stderr}");
}
