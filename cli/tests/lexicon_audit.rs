//! `ungxu lexicon audit` over the word-list slice: the known collisions are found and every
//! one is handled by the data (a tone-less form not matched, or a safe phrase).

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn audit(args: &[&str]) -> (Option<i32>, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_ungxu"))
        .args([
            "lexicon",
            "audit",
            "--words",
            "spec/lexicons/wordlist-slice.vi.txt",
        ])
        .args(args)
        .current_dir(repo_root())
        .output()
        .expect("run ungxu");
    (out.status.code(), String::from_utf8(out.stdout).unwrap())
}

#[test]
fn known_collisions_are_found_and_handled() {
    let (code, stdout) = audit(&["--format", "json", "--strict"]);
    assert_eq!(code, Some(0), "an unhandled collision: {stdout}");
    let found: Vec<Value> = serde_json::from_str(&stdout).unwrap();
    assert!(found.len() >= 20, "{} collisions", found.len());
    let of = |term: &str| found.iter().find(|c| c["term"] == term).cloned();
    // "lồn" folds to "lon", as "lớn" (big) and "lợn" (pig) do.
    let lon = of("lồn").expect("lồn collides");
    let words: Vec<&str> = lon["words"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_str().unwrap())
        .collect();
    assert!(
        words.contains(&"lớn") && words.contains(&"lợn"),
        "{words:?}"
    );
    assert_eq!(lon["handling"]["by"], "not_folded");
    // "địt" folds like "đít" (bottom), protected by safe phrases such as "đít nồi".
    assert_eq!(
        of("địt").expect("địt collides")["handling"]["by"],
        "safe_phrases"
    );
}

#[test]
fn strict_mode_fails_on_an_unhandled_collision() {
    let dir = std::env::temp_dir().join(format!("ungxu-audit-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let lexicon = dir.join("mini.toml");
    std::fs::write(
        &lexicon,
        "[lexicon]\nid = \"mini\"\nlanguage = \"vi\"\ndescription = \"t\"\nsource = \"t\"\n\n[[terms]]\nterm = \"đĩ\"\ncategory = \"insult\"\nseverity = \"medium\"\nfolded = true\n",
    )
    .unwrap();
    let (code, stdout) = audit(&["--lexicon", lexicon.to_str().unwrap(), "--strict"]);
    assert_eq!(code, Some(1));
    assert!(stdout.contains("đĩ") && stdout.contains("đi"), "{stdout}");
}
