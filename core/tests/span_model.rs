#![cfg(feature = "span-model")]
//! The learned span scorer on hostile and random text: never panics, spans lie on character
//! boundaries inside the text in order, confidences are probabilities, the same text gives
//! the same answer; and lexicon-only checks are the full checks without the model's findings.

use proptest::prelude::*;
use ungxu::detect::spans::SpanModel;
use ungxu::eval::{CheckOptions, Post};
use ungxu::text::NormalizedText;
use ungxu::Engine;

fn check_spans(text: &str) {
    let engine = Engine::default().with_embedded_span_model().unwrap();
    let normalized = NormalizedText::new(text);
    let lexicon = engine.lexicon().find(&normalized);
    let model = engine.span_model().unwrap();
    let spans = model.find(&normalized, &lexicon);
    let mut previous_end = 0;
    for s in &spans {
        assert!(s.original.start < s.original.end, "{s:?}");
        assert!(
            s.original.start >= previous_end,
            "overlap or disorder: {spans:?}"
        );
        assert!(text.is_char_boundary(s.original.start) && text.is_char_boundary(s.original.end));
        assert!(s.original.end <= text.len());
        assert!(s.confidence > 0.0 && s.confidence < 1.0, "{s:?}");
        assert!(s.features.len() <= ungxu::detect::spans::TOP_FEATURES);
        previous_end = s.original.end;
    }
    assert_eq!(spans, model.find(&normalized, &lexicon));
    assert_eq!(
        model.score_syllables(&normalized, &lexicon).len(),
        normalized.syllables().count()
    );
}

#[test]
fn hostile_texts() {
    let long_word = "đ".repeat(100_000);
    let many_matches = "đm ".repeat(20_000);
    let marks = format!("a{}", "\u{301}".repeat(5000));
    let punctuation = "!?.,:;\"'()[]-/_…😡".repeat(5000);
    for text in [
        "",
        " ",
        "\u{0}",
        "\u{202e}đm\u{202c}",
        long_word.as_str(),
        many_matches.as_str(),
        marks.as_str(),
        punctuation.as_str(),
        "Mày NGU vãi!!! 😡😡",
    ] {
        check_spans(text);
    }
}

#[test]
fn the_embedded_model_finds_insults_and_explains_them() {
    let engine = Engine::default().with_embedded_span_model().unwrap();
    let text = NormalizedText::new("mấy thằng óc chó này");
    let spans = engine
        .span_model()
        .unwrap()
        .find(&text, &engine.lexicon().find(&text));
    assert!(!spans.is_empty());
    let joined: Vec<String> = spans[0].features.iter().map(|f| f.to_string()).collect();
    assert!(
        spans[0].features.iter().all(|f| f.weight > 0.0),
        "{joined:?}"
    );
    // Clean text stays clean.
    let clean = NormalizedText::new("Hôm nay trời đẹp quá, cả nhà đi chơi vui vẻ");
    assert!(engine
        .span_model()
        .unwrap()
        .find(&clean, &engine.lexicon().find(&clean))
        .is_empty());
    assert!(SpanModel::embedded_checked().is_ok());
}

#[test]
fn lexicon_only_drops_exactly_the_model_findings() {
    let engine = Engine::default().with_embedded_span_model().unwrap();
    let opts = CheckOptions::as_of("2025-06-01".parse().unwrap());
    let lexicon_only = CheckOptions {
        lexicon_only: true,
        ..opts.clone()
    };
    for text in [
        "Thằng chủ tịch xã ngu như bò, ngồi đó ăn hại.",
        "mấy thằng óc chó này",
        "Hôm nay trời đẹp quá",
    ] {
        let post = Post::new(text);
        let full = engine.check_post(&post, &opts).unwrap();
        let lex = engine.check_post(&post, &lexicon_only).unwrap();
        let without_model: Vec<_> = full
            .findings
            .iter()
            .filter(|f| f.detector != "model.spans")
            .cloned()
            .collect();
        assert_eq!(without_model, lex.findings, "{text}");
        for f in full.findings.iter().filter(|f| f.detector == "model.spans") {
            assert!(
                [
                    "insult",
                    "hate_discrimination",
                    "incitement_violence",
                    "offensive_language"
                ]
                .contains(&f.category.as_str()),
                "{f:?}"
            );
            assert!(!f.features.is_empty());
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn never_panics_on_any_text(text in "\\PC{0,200}") {
        check_spans(&text);
    }

    #[test]
    fn never_panics_on_vietnamese_like_text(text in "[a-zđăâêôơưàáảãạèéẻẽẹìíỉĩịòóỏõọùúủũụỳýỷỹỵ .!?😡\u{301}\u{200b}]{0,120}") {
        check_spans(&text);
    }
}
