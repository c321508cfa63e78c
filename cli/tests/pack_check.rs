//! `ungxu pack check` on every broken pack in `tests/packs/broken/`: each must fail with
//! exit code 1 and print exactly the error lines in its `.expected` file (message, key path,
//! line and column).

use std::path::{Path, PathBuf};
use std::process::Command;

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn ungxu(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_ungxu"))
        .args(args)
        .current_dir(repo_root())
        .output()
        .expect("run ungxu")
}

#[test]
fn every_broken_pack_fails_with_its_expected_located_error() {
    let dir = repo_root().join("tests/packs/broken");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("toml" | "json")
            )
        })
        .collect();
    cases.sort();
    assert!(cases.len() >= 10, "only {} broken packs", cases.len());
    for case in cases {
        let rel = case
            .strip_prefix(repo_root())
            .unwrap()
            .to_str()
            .unwrap()
            .to_string();
        let expected_path = PathBuf::from(format!("{}.expected", case.display()));
        let expected = std::fs::read_to_string(&expected_path)
            .unwrap_or_else(|_| panic!("{rel}: missing {}", expected_path.display()));
        let out = ungxu(&["pack", "check", &rel]);
        assert_eq!(out.status.code(), Some(1), "{rel}: exit code");
        let stderr = String::from_utf8(out.stderr).unwrap();
        let errors: Vec<&str> = stderr
            .lines()
            .filter(|l| !l.ends_with("have errors"))
            .collect();
        let wanted: Vec<&str> = expected.lines().collect();
        assert_eq!(errors, wanted, "{rel}");
        // Every error names the file, a line and a column.
        for e in errors {
            let rest = e
                .strip_prefix(&rel)
                .unwrap_or_else(|| panic!("{e}: no file"));
            let mut parts = rest.trim_start_matches(':').splitn(3, ':');
            let line: usize = parts
                .next()
                .unwrap()
                .parse()
                .unwrap_or_else(|_| panic!("{e}: no line"));
            let col: usize = parts
                .next()
                .unwrap()
                .parse()
                .unwrap_or_else(|_| panic!("{e}: no column"));
            assert!(line > 0 && col > 0, "{e}");
        }
    }
}

#[test]
fn valid_packs_pass_in_both_formats() {
    for f in ["tests/packs/mini-base.toml", "tests/packs/mini-base.json"] {
        let out = ungxu(&["pack", "check", f]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{f}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let stdout = String::from_utf8(out.stdout).unwrap();
        assert!(stdout.contains("ok (1 rules"), "{stdout}");
    }
}

#[test]
fn stacking_a_second_base_pack_is_an_error() {
    let out = ungxu(&[
        "pack",
        "check",
        "--stack",
        "tests/packs/mini-base.toml",
        "tests/packs/mini-base.json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("tests/packs/mini-base.json:"), "{stderr}");
    assert!(stderr.contains("pack `mini` is loaded twice"), "{stderr}");
}

#[test]
fn unreadable_file_is_a_usage_error() {
    let out = ungxu(&["pack", "check", "tests/packs/does-not-exist.toml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("does-not-exist.toml: cannot read"));
}
