//! One test (at least) per normalisation step, plus spans and syllable boundaries.

use ungxu::text::{normalize_term, NormalizedText, Span, Step, View};

fn canon(s: &str) -> String {
    NormalizedText::new(s).canonical().to_owned()
}

fn folded(s: &str) -> String {
    NormalizedText::new(s).folded().to_owned()
}

/// The original text behind the first occurrence of `needle` in the canonical view, and the
/// steps recorded for it.
fn behind<'a>(text: &'a NormalizedText<'a>, needle: &str) -> (&'a str, Vec<&'static str>) {
    let at = text
        .canonical()
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in {:?}", text.canonical()));
    let range = at..at + needle.len();
    let span = text.span(View::Canonical, range.clone()).expect("a span");
    (
        span.slice(text.original()).expect("on char boundaries"),
        text.steps(View::Canonical, range).names().collect(),
    )
}

#[test]
fn nfd_input_composes() {
    let nfd = "Đu\u{323} ma\u{301} ngu\u{31B}\u{300}o\u{31B}i"; // Đụ má người, decomposed
    assert_eq!(canon(nfd), "đụ má người");
    let text = NormalizedText::new(nfd);
    let (orig, steps) = behind(&text, "má");
    assert_eq!(orig, "ma\u{301}");
    assert!(steps.contains(&"nfc"), "{steps:?}");
    // Marks in non-canonical order (dot below before horn) compose the same way.
    assert_eq!(canon("u\u{323}\u{31B}"), "ự");
    assert_eq!(canon("u\u{31B}\u{323}"), "ự");
}

#[test]
fn tone_placement_old_and_new_meet() {
    for (a, b) in [
        ("hòa", "hoà"),
        ("thủy", "thuỷ"),
        ("khỏe", "khoẻ"),
        ("Hòa Bình", "Hoà Bình"),
        ("tùy", "tuỳ"),
    ] {
        assert_eq!(canon(a), canon(b), "{a} / {b}");
    }
    assert_eq!(canon("hòa"), "hoà");
    assert_eq!(canon("thủy"), "thuỷ");
    let text = NormalizedText::new("thủy");
    assert_eq!(behind(&text, "thuỷ").1, ["tone_placement"]);
    // Words that are not Vietnamese syllables keep their accents where they are.
    assert_eq!(canon("café"), "café");
    assert_eq!(
        normalize_term("hòa").canonical,
        normalize_term("hoà").canonical
    );
}

#[test]
fn unicode_lowercase_including_d_with_stroke() {
    assert_eq!(canon("ĐỤ MÁ"), "đụ má");
    assert_eq!(canon("ĐÉO"), "đéo");
    assert_eq!(canon("NGƯỜI"), "người");
    assert_eq!(canon("Σ"), "σ");
    let text = NormalizedText::new("ĐM");
    assert_eq!(behind(&text, "đm").1, ["lowercase"]);
}

#[test]
fn zero_width_and_bidi_controls_are_removed() {
    for s in [
        "đ\u{200B}m",
        "đ\u{200C}m",
        "đ\u{200D}m",
        "đ\u{2060}m",
        "đ\u{FEFF}m",
        "đ\u{AD}m",
        "đ\u{202E}m\u{202C}",
        "\u{2066}đm\u{2069}",
        "đ\u{0}m",
        "đ\u{E0041}m",
    ] {
        assert_eq!(canon(s), "đm", "{s:?}");
    }
    let text = NormalizedText::new("đ\u{200B}m");
    let (orig, steps) = behind(&text, "đm");
    assert_eq!(orig, "đ\u{200B}m");
    assert_eq!(steps, ["invisible_removed"]);
}

#[test]
fn confusable_letters_fold() {
    assert_eq!(canon("сhó"), "chó"); // Cyrillic с
    assert_eq!(canon("ngυ"), "ngu"); // Greek υ
    assert_eq!(canon("ΝGU"), "ngu"); // Greek capital Ν
    assert_eq!(canon("ｎｇｕ"), "ngu"); // full-width
    assert_eq!(canon("𝐧𝐠𝐮"), "ngu"); // mathematical bold
    assert_eq!(canon("𝓷𝓰𝓾"), "ngu"); // mathematical script
    assert_eq!(canon("𝕟𝕘𝕦"), "ngu"); // double-struck
    assert_eq!(canon("ⓝⓖⓤ"), "ngu"); // circled
    assert_eq!(canon("ĐỒ NGU"), canon("ĐỒ ΝGU"));
    // A look-alike with a combining tone still composes: Cyrillic о + grave.
    assert_eq!(canon("đ\u{43E}\u{300}"), "đò");
    // Eth typed for Đ.
    assert_eq!(canon("Ðéo"), "đéo");
    let text = NormalizedText::new("сhó");
    assert_eq!(behind(&text, "chó").1, ["confusable"]);
}

#[test]
fn leetspeak_inside_words_only() {
    assert_eq!(canon("ng0"), "ngo");
    assert_eq!(canon("d1t m3"), "dit m3"); // "m3": one letter, left alone
    assert_eq!(canon("ch@o"), "chao");
    assert_eq!(canon("đ!t"), "đit");
    let text = NormalizedText::new("ng0");
    assert_eq!(behind(&text, "ngo").1, ["leet"]);
    // Numbers, prices, dates, times, phone numbers stay.
    for s in [
        "100k",
        "10h30",
        "0912345678",
        "3h",
        "20/11/2024",
        "4g",
        "1.000.000đ",
        "2tr5",
    ] {
        assert_eq!(canon(s), s.to_lowercase(), "{s}");
    }
    // Symbols at word edges are punctuation.
    assert_eq!(canon("ngu!"), "ngu!");
    assert_eq!(canon("@admin"), "@admin");
}

#[test]
fn separators_inside_a_word() {
    assert_eq!(canon("đ.m"), "đm");
    assert_eq!(canon("d-m"), "dm");
    assert_eq!(canon("đ_m"), "đm");
    assert_eq!(canon("v.c.l"), "vcl");
    assert_eq!(canon("Đ.Ị.T"), "địt");
    assert_eq!(canon("c..h..ó"), "chó");
    let text = NormalizedText::new("ừ đ.m");
    let (orig, steps) = behind(&text, "đm");
    assert_eq!(orig, "đ.m");
    assert_eq!(steps, ["separator"]);
    // Ordinary words are not glued.
    assert_eq!(canon("Hà-Nội"), "hà-nội");
    assert_eq!(canon("fb.com/abc"), "fb.com/abc");
    assert_eq!(canon("1.000.000"), "1.000.000");
    assert_eq!(canon("20/11"), "20/11");
    assert_eq!(canon("a...."), "a....");
    assert_eq!(canon("tp.hcm"), "tp.hcm");
}

#[test]
fn stretched_letters_collapse() {
    assert_eq!(canon("nguuuu"), "ngu");
    assert_eq!(canon("nguu"), "ngu");
    assert_eq!(canon("NGUUUUUUUU"), "ngu");
    assert_eq!(canon("đi iiiii"), "đi i");
    assert_eq!(canon("ngùuuu"), "ngù");
    assert_eq!(canon("đmmmm"), "đm");
    let text = NormalizedText::new("nguuuu");
    let (orig, steps) = behind(&text, "ngu");
    assert_eq!(orig, "nguuuu");
    assert_eq!(steps, ["stretch"]);
    // Vietnamese doubles and teencode doubles stay.
    for s in ["xoong", "cứu", "hưu", "cc", "dmm", "1000", "kk"] {
        assert_eq!(canon(s), s, "{s}");
    }
}

#[test]
fn folded_view_drops_tones_marks_and_the_stroke() {
    assert_eq!(folded("Đụ má mày"), "du ma may");
    assert_eq!(folded("đ"), "d");
    assert_eq!(folded("Đồ ngu người ươ"), "do ngu nguoi uo");
    assert_eq!(folded("ñandú"), "nandu");
    let text = NormalizedText::new("đụ");
    assert_eq!(
        text.steps(View::Folded, 0..2).names().collect::<Vec<_>>(),
        ["folded"]
    );
    assert!(text
        .steps(View::Canonical, 0..text.canonical().len())
        .is_empty());
}

#[test]
fn whitespace_runs_become_one_space() {
    assert_eq!(canon("đồ \t\n  ngu"), "đồ ngu");
    assert_eq!(canon("đồ\u{A0}ngu"), "đồ ngu");
    assert_eq!(canon("đồ\u{3000}ngu"), "đồ ngu");
}

#[test]
fn many_marks_on_one_letter_are_trimmed() {
    let s = format!("a{}", "\u{301}".repeat(100));
    let text = NormalizedText::new(&s);
    assert!(text.canonical().starts_with('á'));
    assert!(text.canonical().chars().count() <= ungxu::text::MAX_MARKS_PER_LETTER + 1);
    assert!(text
        .steps(View::Canonical, 0..text.canonical().len())
        .contains(Step::MarksTrimmed));
    let span = text
        .span(View::Canonical, 0..text.canonical().len())
        .unwrap();
    assert_eq!(span.byte_end, s.len());
}

#[test]
fn spans_through_emoji_nfd_and_invisibles() {
    let original = "😡😡 Đ\u{200B}u\u{323}uuu  ma\u{301} 👍🏽";
    let text = NormalizedText::new(original);
    assert_eq!(text.canonical(), "😡😡 đụ má 👍🏽");
    let at = text.canonical().find("đụ má").unwrap();
    let span = text.span(View::Canonical, at..at + "đụ má".len()).unwrap();
    assert_eq!(
        span.slice(original),
        Some("Đ\u{200B}u\u{323}uuu  ma\u{301}")
    );
    assert_eq!(span.char_start, 3);
    assert_eq!(span.utf16_start, 5);
    assert_eq!(span, Span::from_byte_range(original, span.bytes()).unwrap());
    // The same through the folded view.
    let at = text.folded().find("du ma").unwrap();
    assert_eq!(text.span(View::Folded, at..at + 5), Some(span));
}

#[test]
fn syllable_boundaries() {
    let text = NormalizedText::new("admin dm, đ.m");
    let c = text.canonical();
    assert_eq!(c, "admin dm, đm");
    let inside = c.find("dm").unwrap(); // inside "admin"
    assert!(!text.is_whole_syllables(View::Canonical, inside..inside + 2));
    let alone = c.find(" dm").unwrap() + 1;
    assert!(text.is_whole_syllables(View::Canonical, alone..alone + 2));
    let joined = c.find("đm").unwrap();
    assert!(text.is_whole_syllables(View::Canonical, joined..joined + 3));
    // The soft boundary left by a removed separator lets "đm" stand after "ừ".
    let text = NormalizedText::new("ừ.đm");
    let at = text.canonical().find("đm").unwrap();
    assert!(text.is_whole_syllables(View::Canonical, at..at + 3));
    let syllables: Vec<_> = NormalizedText::new("Đồ  ngu, 100k!")
        .syllables()
        .map(|s| s.canonical)
        .collect();
    assert_eq!(syllables.len(), 3);
}

#[test]
fn cjk_runs_get_word_boundaries() {
    let text = NormalizedText::new("中文dm");
    let c = text.canonical();
    let at = c.find("dm").unwrap();
    assert!(text.is_syllable_boundary(View::Canonical, at));
}

#[test]
fn terms_normalise_like_texts() {
    let t = normalize_term("  Đồ   NGU ");
    assert_eq!(t.canonical, "đồ ngu");
    assert_eq!(t.folded, "do ngu");
    assert_eq!(normalize_term("thủy").canonical, "thuỷ");
    assert_eq!(normalize_term("").canonical, "");
}

#[test]
fn hostile_inputs_do_not_panic() {
    let long = "a".repeat(1 << 20);
    let text = NormalizedText::new(&long);
    assert_eq!(text.canonical(), "a");
    assert_eq!(
        text.span(View::Canonical, 0..1).map(|s| s.byte_end),
        Some(long.len())
    );
    for s in [
        String::new(),
        "\0\0\0".into(),
        "\u{202E}\u{202D}\u{2066}".into(),
        "\u{1F3FB}\u{1F3FF}".into(),
        "\u{301}\u{301}x".into(),
        format!("x{}", "\u{301}".repeat(100_000)),
        "\u{FE0F}".repeat(10),
        "đ.".repeat(1000),
        ".-".repeat(1000),
    ] {
        let text = NormalizedText::new(&s);
        let _ = text.syllables().count();
        let len = text.canonical().len();
        if len > 0 {
            let _ = text.span(View::Canonical, 0..len);
        }
    }
}
