//! DSA statements of reasons: legal ground from binding law, the Code's clauses as
//! "incompatible content", and no statement for findings that neither restrict nor remove.

use ungxu::eval::{CheckOptions, Post};
use ungxu::pack::PackSource;
use ungxu::report::statements_of_reasons;
use ungxu::Engine;

fn opts() -> CheckOptions {
    CheckOptions::as_of("2025-06-01".parse().unwrap())
}

#[test]
fn binding_law_is_the_legal_ground() {
    let engine = Engine::default();
    let report = engine
        .check_post(&Post::new("Bọn bắc kỳ đi đâu cũng lừa đảo"), &opts())
        .unwrap();
    let sor = statements_of_reasons(&engine, &report);
    assert_eq!(sor.len(), 1);
    assert_eq!(sor[0].decision_ground, "DECISION_GROUND_ILLEGAL_CONTENT");
    assert!(sor[0]
        .illegal_content_legal_ground
        .as_deref()
        .unwrap()
        .contains("24/2018/QH14"));
    assert_eq!(
        sor[0].category_specification,
        ["KEYWORD_HATE_SPEECH", "KEYWORD_DISCRIMINATION"]
    );
    assert_eq!(sor[0].automated_decision, "AUTOMATED_DECISION_PARTIALLY");
}

#[test]
fn review_and_notice_findings_have_no_statement() {
    let engine = Engine::default();
    let report = engine
        .check_post(&Post::new("vcl cái app này"), &opts())
        .unwrap();
    assert_eq!(report.findings.len(), 1);
    assert!(statements_of_reasons(&engine, &report).is_empty());
}

#[test]
fn the_code_alone_is_incompatible_content() {
    // Offensive language has no binding rule in the packs: removing it rests on the Code
    // (and the platform's terms), not on the law.
    let overlay = r#"
[pack]
id = "strict-platform"
version = "1"
title = "Removes vulgarity"
extends = "vn-ninh-binh-2021"

[[overrides]]
target = "qd874.4.6.offensive"
action = "remove"
reason = "our terms remove vulgar language"

[[overrides]]
target = "nb.1.org_individual.4.offensive"
action = "remove"
reason = "our terms remove vulgar language"
"#;
    let engine = Engine::with_overlays(&[PackSource::new("strict.toml", overlay)]).unwrap();
    let report = engine
        .check_post(&Post::new("Địt mẹ mày"), &opts())
        .unwrap();
    let sor = statements_of_reasons(&engine, &report);
    assert!(!sor.is_empty(), "{report:?}");
    assert_eq!(
        sor[0].decision_ground,
        "DECISION_GROUND_INCOMPATIBLE_CONTENT"
    );
    assert!(sor[0].illegal_content_legal_ground.is_none());
    assert!(sor[0]
        .incompatible_content_ground
        .as_deref()
        .unwrap()
        .contains("874/QĐ-BTTTT Art. 4.6"));
}
