//! Canonical composition (NFC) built from `unicode-normalization`'s per-character functions.
//!
//! The crate's `nfc()` iterator decomposes through an iterator that can also do compatibility
//! decomposition, so using it links the whole NFKD table into the WebAssembly module although
//! nothing here asks for NFKD. This is the same algorithm (canonical decomposition, stable
//! canonical ordering of each run of non-starters, composition of unblocked pairs) written
//! with the character functions only; the tests compare it with the crate's `nfc()`.

use unicode_normalization::char::{canonical_combining_class, compose, decompose_canonical};

/// The sort key of a decomposed character: its combining class. One function, so both sorts
/// below share one copy of the standard library's sort.
fn class_of(e: &(u8, char)) -> u8 {
    e.0
}

/// The NFC form of `chars`.
pub(crate) fn nfc(chars: impl IntoIterator<Item = char>) -> Vec<char> {
    // Canonical decomposition; each run of non-starters in canonical order (a stable sort by
    // combining class, done when the next starter arrives and at the end).
    let mut decomposed: Vec<(u8, char)> = Vec::new();
    let mut run_start = 0;
    for ch in chars {
        decompose_canonical(ch, |d| {
            let class = canonical_combining_class(d);
            if class == 0 {
                if let Some(run) = decomposed.get_mut(run_start..) {
                    run.sort_by_key(class_of);
                }
                decomposed.push((0, d));
                run_start = decomposed.len();
            } else {
                decomposed.push((class, d));
            }
        });
    }
    if let Some(run) = decomposed.get_mut(run_start..) {
        run.sort_by_key(class_of);
    }

    // Composition: each character joins the last starter unless a character between them
    // (left in `pending`) blocks it, i.e. has a combining class at least its own.
    let mut out = Vec::with_capacity(decomposed.len());
    let mut starter: Option<char> = None;
    let mut pending: Vec<char> = Vec::new();
    // The combining class of the last character in `pending`.
    let mut last_class: Option<u8> = None;
    for (class, ch) in decomposed {
        let Some(k) = starter else {
            if class == 0 {
                starter = Some(ch);
            } else {
                out.push(ch);
            }
            continue;
        };
        let blocked = last_class.is_some_and(|l| l >= class);
        if !blocked {
            if let Some(r) = compose(k, ch) {
                starter = Some(r);
                continue;
            }
        }
        if class == 0 {
            // A new starter: the previous one and what followed it are final.
            out.push(k);
            out.append(&mut pending);
            starter = Some(ch);
            last_class = None;
        } else {
            pending.push(ch);
            last_class = Some(class);
        }
    }
    out.extend(starter);
    out.append(&mut pending);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use unicode_normalization::UnicodeNormalization;

    fn same(s: &str) -> Result<(), TestCaseError> {
        let ours: String = nfc(s.chars()).into_iter().collect();
        let theirs: String = s.nfc().collect();
        prop_assert_eq!(ours, theirs, "{:?}", s);
        Ok(())
    }

    #[test]
    fn every_character_alone_and_after_a_letter() {
        for c in '\0'..=char::MAX {
            same(&c.to_string()).unwrap();
            same(&format!("a{c}")).unwrap();
            same(&format!("{c}\u{301}")).unwrap();
        }
    }

    #[test]
    fn examples() {
        let s: String = nfc("Tie\u{302}\u{301}ng Vie\u{323}\u{302}t".chars())
            .into_iter()
            .collect();
        assert_eq!(s, "Tiếng Việt");
        // Hangul jamo compose; the hat joins past a second dot below (class 220 < 230), which
        // the first one's composition leaves apart.
        assert_eq!(nfc("\u{1100}\u{1161}\u{11A8}".chars()), ['\u{AC01}']);
        assert_eq!(nfc("a\u{323}\u{323}\u{302}".chars()), ['ậ', '\u{323}']);
        // A mark after another of the same class is blocked.
        assert_eq!(nfc("a\u{301}\u{300}".chars()), ['á', '\u{300}']);
    }

    /// Starters, combining marks of several classes (Vietnamese tones and hats, dots below,
    /// Hebrew and Arabic points), precomposed letters, Hangul jamo and syllables.
    const CHARS: &[char] = &[
        'a',
        'e',
        'o',
        'u',
        'A',
        'E',
        'O',
        'd',
        'đ',
        'ơ',
        'ư',
        'ê',
        'ế',
        'ệ',
        'ạ',
        'ữ',
        'Ạ',
        '\u{300}',
        '\u{301}',
        '\u{303}',
        '\u{309}',
        '\u{323}',
        '\u{302}',
        '\u{306}',
        '\u{31B}',
        '\u{308}',
        '\u{30A}',
        '\u{327}',
        '\u{345}',
        '\u{5B0}',
        '\u{5B8}',
        '\u{5BC}',
        '\u{64B}',
        '\u{651}',
        '\u{1100}',
        '\u{1161}',
        '\u{11A8}',
        '\u{AC00}',
        '\u{AC01}',
        '\u{212B}',
        '\u{2126}',
        '\u{F900}',
        '\u{1E0A}',
        '\u{0F73}',
        '\u{0F75}',
        '\u{0F81}',
        '\u{0344}',
        '\u{1D15E}',
        '\u{1D165}',
        '\u{1D16E}',
        'α',
        '\u{3B9}',
        '\u{313}',
        '\u{342}',
        ' ',
        '😀',
    ];

    proptest! {
        #![proptest_config(ProptestConfig { cases: 5000, ..ProptestConfig::default() })]

        #[test]
        fn equals_the_crates_nfc_on_mark_heavy_text(
            v in proptest::collection::vec(proptest::sample::select(CHARS), 0..24)
        ) {
            same(&v.into_iter().collect::<String>())?;
        }

        #[test]
        fn equals_the_crates_nfc_on_arbitrary_text(s in any::<String>()) {
            same(&s)?;
        }
    }
}
