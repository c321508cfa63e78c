//! The lexicon format and the term matcher, on a small lexicon written here (not the spec
//! data): tiers, whole-syllable matching, collisions with innocent words, context rules,
//! spans and steps, and typed lexicon errors.

use ungxu::detect::{
    Lexicon, LexiconError, LexiconMatcher, MatchTier, Problem, SpellingPosition, TermMatch,
};
use ungxu::model::Severity;
use ungxu::text::NormalizedText;

const LEXICON: &str = r#"
[lexicon]
id = "test-vi"
language = "vi"
description = "A small lexicon for the tests"
source = "Written for the tests"

[[terms]]
term = "đụ má"
category = "offensive_language"
severity = "high"
folded = true

[[terms]]
term = "địt mẹ"
category = "offensive_language"
severity = "high"

[[terms]]
term = "vãi cả lồn"
category = "offensive_language"
severity = "medium"

[[terms]]
term = "lồn"
category = "offensive_language"
severity = "high"

[[terms]]
term = "đồ ngu"
category = "insult"
severity = "medium"
subcategory = "stupidity"

[[terms]]
term = "ngu"
category = "insult"
severity = "low"

[[terms]]
term = "đồ quỷ"
category = "insult"
severity = "low"

[[terms]]
term = "chó"
category = "insult"
severity = "medium"
excludes_prev = ["thịt"]
excludes_next = ["sói", "con"]

[[terms]]
term = "đĩ"
category = "insult"
severity = "high"

[[terms]]
term = "khỉ"
category = "insult"
severity = "low"
requires_any = ["thằng", "mày"]

[[terms]]
term = "phò"
category = "insult"
severity = "high"

[[terms]]
term = "bò"
category = "insult"
severity = "low"
folded = false

[[safe]]
term = "lon bia"
reason = "a can of beer; 'lon' is the tone-less 'lồn'"

[[safe]]
term = "đồ ngủ"
reason = "sleepwear; folds to 'do ngu'"

[[abbreviations]]
short = "dm"
long = "địt mẹ"

[[abbreviations]]
short = "vcl"
long = "vãi cả lồn"

[[spellings]]
from = "ph"
to = "f"
position = "onset"
"#;

fn matcher() -> LexiconMatcher {
    LexiconMatcher::new(&[Lexicon::from_toml_str(LEXICON).expect("test lexicon is valid")])
        .expect("matcher builds")
}

fn find(text: &str) -> Vec<TermMatch> {
    matcher().find(&NormalizedText::new(text))
}

/// (term, tier, original text) of each match.
fn summary(text: &str) -> Vec<(String, MatchTier, String)> {
    find(text)
        .into_iter()
        .map(|m| {
            let s = m
                .span
                .slice(text)
                .expect("span on char boundaries")
                .to_owned();
            (m.term, m.tier, s)
        })
        .collect()
}

fn one(text: &str) -> TermMatch {
    let mut found = find(text);
    assert_eq!(found.len(), 1, "{text:?}: {found:#?}");
    found.remove(0)
}

#[test]
fn exact_match_with_tones() {
    let m = one("Đụ má mày");
    assert_eq!(m.term, "đụ má");
    assert_eq!(m.tier, MatchTier::Exact);
    assert_eq!(m.severity, Severity::High);
    assert_eq!(m.category, "offensive_language");
    assert_eq!(m.lexicon, "test-vi");
    assert!(m.confidence > 0.9);
    assert_eq!(m.span.slice("Đụ má mày"), Some("Đụ má"));
    assert_eq!(m.steps.names().collect::<Vec<_>>(), ["lowercase"]);
    assert_eq!(m.form, "đụ má");
}

#[test]
fn folded_match_has_lower_confidence() {
    let m = one("du ma may");
    assert_eq!(m.tier, MatchTier::Folded);
    assert!(m.confidence < MatchTier::Exact.confidence());
    assert!(m.steps.contains(ungxu::text::Step::Folded));
    assert_eq!(m.form, "du ma");
    // Partial diacritics that agree with the term: still a folded match.
    assert_eq!(one("dụ má").tier, MatchTier::Folded);
    // A tone-less phrase inside a post written with diacritics: a deliberate spelling.
    let m = one("Tóc đẹp thế mà du ma nó chê");
    assert_eq!((m.term.as_str(), m.tier), ("đụ má", MatchTier::Folded));
}

#[test]
fn both_tone_placements_match_exactly() {
    let m = one("Đồ qủy!");
    assert_eq!((m.term.as_str(), m.tier), ("đồ quỷ", MatchTier::Exact));
    assert!(m.steps.contains(ungxu::text::Step::TonePlacement));
    assert_eq!(one("đồ quỷ").tier, MatchTier::Exact);
}

#[test]
fn abbreviations_match_whole_words_only() {
    for text in [
        "dm",
        "ĐM thằng này",
        "ừ đ.m",
        "D-M",
        "đ_m",
        "dmmmm",
        "vcl",
        "v.c.l",
    ] {
        let m = one(text);
        assert_eq!(m.tier, MatchTier::Abbreviation, "{text}");
        assert!(
            ["địt mẹ", "vãi cả lồn"].contains(&m.term.as_str()),
            "{text}"
        );
    }
    for text in ["admin", "dmx", "adm", "dm2024", "vclub"] {
        assert!(find(text).is_empty(), "{text}: {:?}", summary(text));
    }
}

#[test]
fn terms_match_whole_syllables_only() {
    for text in ["nguyên", "Nguyễn", "ngung", "bongu", "đồng nghiệp", "khỉnh"] {
        assert!(find(text).is_empty(), "{text}: {:?}", summary(text));
    }
    assert_eq!(one("ngu vãi").term, "ngu");
}

#[test]
fn evasions_are_caught() {
    for (text, term, expected) in [
        ("đ.ụ m.á", "đụ má", "đ.ụ m.á"),
        ("ĐỤ\u{200B} MÁ", "đụ má", "ĐỤ\u{200B} MÁ"),
        ("nguuuuu", "ngu", "nguuuuu"),
        ("NGUUU", "ngu", "NGUUU"),
        ("đồ ng0", "đồ ngu", "đồ ng0"), // leet 0 -> o: "ngo" is not "ngu"
        ("đồ сhó", "chó", "сhó"),       // Cyrillic с
        ("ｄｕ ｍａ", "đụ má", "ｄｕ ｍａ"),
        ("𝐝𝐮 𝐦𝐚", "đụ má", "𝐝𝐮 𝐦𝐚"),
        ("Đu\u{323} ma\u{301}", "đụ má", "Đu\u{323} ma\u{301}"),
    ] {
        let found = summary(text);
        if term == "đồ ngu" {
            // "ng0" reads "ngo", which is not "ngu": no match, and no false one either.
            assert!(found.is_empty(), "{text}: {found:?}");
            continue;
        }
        assert_eq!(found.len(), 1, "{text}: {found:?}");
        assert_eq!(found[0].0, term, "{text}");
        assert_eq!(found[0].2, expected, "{text}");
    }
}

#[test]
fn innocent_words_that_equal_a_stripped_term_are_not_flagged() {
    for text in [
        "Tôi đi học lúc bảy giờ",         // đi / đĩ
        "Cho tôi một ly cà phê sữa",      // cho / chó
        "Uống một lon bia cho mát",       // lon / lồn
        "Mua bộ đồ ngủ mới cho con",      // đồ ngủ / đồ ngu
        "uong mot lon bia",               // no diacritics anywhere: the safe phrase
        "Bát phở gà ngon quá",            // phở / phò
        "Đi ngủ sớm đi",                  // ngủ / ngu
        "Dù mà anh ấy không đến thì sao", // dù mà / đụ má
        "Nhà có nuôi con chó con",        // excludes_next "con"
        "Món thịt chó",                   // excludes_prev "thịt"
        "Vườn thú có con khỉ",            // requires_any
    ] {
        assert!(find(text).is_empty(), "{text}: {:?}", summary(text));
    }
}

#[test]
fn context_rules() {
    assert_eq!(one("thằng khỉ kia").term, "khỉ");
    assert_eq!(one("mày là con khỉ").term, "khỉ");
    assert_eq!(one("đồ chó").term, "chó");
    assert!(find("chó sói").is_empty());
    // Context words are normalised too.
    assert_eq!(one("THẰNG khỉ").term, "khỉ");
}

#[test]
fn folded_false_terms_match_only_with_tones() {
    assert_eq!(one("đồ bò").term, "bò");
    assert!(find("do bo").is_empty());
}

#[test]
fn spelling_rules_make_variants() {
    let m = one("con fo");
    assert_eq!((m.term.as_str(), m.tier), ("phò", MatchTier::Spelling));
    assert_eq!(m.form, "fo");
}

#[test]
fn overlapping_matches_resolve_leftmost_longest() {
    let m = one("Mày là đồ ngu");
    assert_eq!(m.term, "đồ ngu");
    assert_eq!(m.subcategory.as_deref(), Some("stupidity"));
    let s = summary("ngu, đồ ngu và dm");
    assert_eq!(
        s.iter().map(|x| x.0.as_str()).collect::<Vec<_>>(),
        ["ngu", "đồ ngu", "địt mẹ"]
    );
    let spans: Vec<_> = find("ngu, đồ ngu và dm").iter().map(|m| m.span).collect();
    assert!(spans.windows(2).all(|w| w[0].byte_end <= w[1].byte_start));
}

#[test]
fn spans_are_given_three_ways() {
    let text = "😡 Đồ  NGUUU";
    let m = one(text);
    assert_eq!(m.span.slice(text), Some("Đồ  NGUUU"));
    assert_eq!((m.span.char_start, m.span.char_end), (2, 11));
    assert_eq!((m.span.utf16_start, m.span.utf16_end), (3, 12));
    let json = serde_json::to_value(&m).unwrap();
    assert_eq!(json["span"]["utf16_start"], 3);
    assert_eq!(json["tier"], "exact");
    assert_eq!(json["steps"], serde_json::json!(["lowercase", "stretch"]));
}

#[test]
fn matcher_exposes_categories_and_counts() {
    let m = matcher();
    assert_eq!(
        m.category_ids().collect::<Vec<_>>(),
        ["insult", "offensive_language"]
    );
    assert_eq!(m.term_count(), 12);
    assert!(m.pattern_count() > 12);
    assert_eq!(m.lexicon_ids().collect::<Vec<_>>(), ["test-vi"]);
    assert!(LexiconMatcher::default().find_str("đụ má").is_empty());
}

// ----- lexicon errors -------------------------------------------------------------------

fn with_term(body: &str) -> String {
    format!(
        "[lexicon]\nid = \"bad\"\nlanguage = \"vi\"\ndescription = \"d\"\nsource = \"s\"\n\n{body}"
    )
}

fn invalid(text: &str) -> (String, &'static str, Problem) {
    match Lexicon::from_toml_str(text) {
        Err(LexiconError::Invalid {
            lexicon,
            entry,
            field,
            problem,
        }) => {
            assert_eq!(lexicon, "bad");
            (entry, field, problem)
        }
        other => panic!("expected an invalid-entry error, got {other:?}"),
    }
}

#[test]
fn unknown_severity_is_named() {
    let (entry, field, problem) = invalid(&with_term(
        "[[terms]]\nterm = \"ngu\"\ncategory = \"insult\"\nseverity = \"hgih\"\n",
    ));
    assert_eq!(entry, "terms[0] \"ngu\"");
    assert_eq!(field, "severity");
    assert_eq!(problem, Problem::UnknownSeverity("hgih".into()));
    let e = Lexicon::from_toml_str(&with_term(
        "[[terms]]\nterm = \"ngu\"\ncategory = \"insult\"\nseverity = \"hgih\"\n",
    ))
    .unwrap_err();
    let msg = e.to_string();
    assert!(
        msg.contains("bad") && msg.contains("ngu") && msg.contains("hgih"),
        "{msg}"
    );
}

#[test]
fn empty_and_badly_written_terms() {
    let (_, field, problem) = invalid(&with_term(
        "[[terms]]\nterm = \"  \"\ncategory = \"insult\"\nseverity = \"low\"\n",
    ));
    assert_eq!((field, problem), ("term", Problem::Empty));
    let (_, field, problem) = invalid(&with_term(
        "[[terms]]\nterm = \"Đồ  Ngu\"\ncategory = \"insult\"\nseverity = \"low\"\n",
    ));
    assert_eq!(field, "term");
    assert_eq!(
        problem,
        Problem::NotNormalized {
            expected: "đồ ngu".into()
        }
    );
    let (_, field, problem) = invalid(&with_term(
        "[[terms]]\nterm = \"...\"\ncategory = \"insult\"\nseverity = \"low\"\n",
    ));
    assert_eq!((field, problem), ("term", Problem::NormalizesToNothing));
    let (_, field, _) = invalid(&with_term(
        "[[terms]]\nterm = \"ngu\"\ncategory = \"\"\nseverity = \"low\"\n",
    ));
    assert_eq!(field, "category");
    let (_, field, problem) = invalid(&with_term(
        "[[terms]]\nterm = \"ngu\"\ncategory = \"insult\"\nseverity = \"low\"\n\
         [[terms]]\nterm = \"ngu\"\ncategory = \"insult\"\nseverity = \"low\"\n",
    ));
    assert_eq!((field, problem), ("term", Problem::Duplicate("ngu".into())));
    // Safe phrases and opinion words: each once, written as the format asks.
    let (entry, field, problem) = invalid(&with_term(
        "[[opinion]]\nterm = \"kém\"\n\n[[opinion]]\nterm = \"kém\"\nnote = \"again\"\n",
    ));
    assert_eq!(entry, "opinion[1] \"kém\"");
    assert_eq!((field, problem), ("term", Problem::Duplicate("kém".into())));
    let (entry, _, problem) = invalid(&with_term("[[safe]]\nterm = \"Dù  Mà\"\n"));
    assert_eq!(entry, "safe[0] \"Dù  Mà\"");
    assert!(
        matches!(problem, Problem::NotNormalized { .. }),
        "{problem:?}"
    );
    let (_, field, problem) = invalid(&with_term(
        "[[terms]]\nterm = \"ngu\"\ncategory = \"insult\"\nseverity = \"low\"\nrequires_any = [\"\"]\n",
    ));
    assert_eq!((field, problem), ("requires_any", Problem::Empty));
    let (_, field, problem) = invalid(&with_term(
        "[[spellings]]\nfrom = \"ph\"\nto = \"f\"\nposition = \"start\"\n",
    ));
    assert_eq!(
        (field, problem),
        ("position", Problem::UnknownPosition("start".into()))
    );
}

#[test]
fn abbreviation_to_a_missing_term_is_named() {
    let lexicon = Lexicon::from_toml_str(&with_term(
        "[[abbreviations]]\nshort = \"dm\"\nlong = \"địt mẹ\"\n",
    ))
    .expect("valid on its own");
    match LexiconMatcher::new(&[lexicon]) {
        Err(LexiconError::Invalid {
            lexicon,
            entry,
            field,
            problem,
        }) => {
            assert_eq!(lexicon, "bad");
            assert_eq!(entry, "abbreviations[0] \"dm\"");
            assert_eq!(field, "long");
            assert_eq!(problem, Problem::MissingTerm("địt mẹ".into()));
        }
        other => panic!("{other:?}"),
    }
    // The target may live in another lexicon.
    let a = Lexicon::from_toml_str(LEXICON).unwrap();
    let mut b = Lexicon::from_toml_str(&with_term(
        "[[abbreviations]]\nshort = \"đm\"\nlong = \"địt mẹ\"\n",
    ))
    .unwrap();
    b.lexicon.id = "other".into();
    assert!(LexiconMatcher::new(&[a, b]).is_ok());
}

#[test]
fn unknown_fields_and_duplicate_ids() {
    let e = Lexicon::from_toml_str(&with_term(
        "[[terms]]\nterm = \"ngu\"\ncategory = \"insult\"\nseverity = \"low\"\nweight = 3\n",
    ))
    .unwrap_err();
    match &e {
        LexiconError::Syntax {
            lexicon, message, ..
        } => {
            assert_eq!(lexicon.as_deref(), Some("bad"));
            assert!(message.contains("weight"), "{message}");
        }
        other => panic!("{other:?}"),
    }
    let a = Lexicon::from_toml_str(LEXICON).unwrap();
    assert_eq!(
        LexiconMatcher::new(&[a.clone(), a]).unwrap_err(),
        LexiconError::DuplicateId("test-vi".into())
    );
}

#[test]
fn json_lexicons_have_the_same_shape() {
    let toml_lexicon = Lexicon::from_toml_str(LEXICON).unwrap();
    let json = serde_json::to_string(&toml_lexicon).unwrap();
    let json_lexicon = Lexicon::from_json_str(&json).unwrap();
    assert_eq!(json_lexicon, toml_lexicon);
    assert_eq!(json.parse::<Lexicon>().unwrap(), toml_lexicon);
    assert_eq!(json_lexicon.spellings[0].position, SpellingPosition::Onset);
    assert!(Lexicon::from_json_str("{\"lexicon\": 3}").is_err());
}
