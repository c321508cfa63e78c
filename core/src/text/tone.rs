//! Vietnamese letters: their parts (base, vowel mark, tone), folding, and the canonical tone
//! placement.
//!
//! Vietnamese writes one tone per syllable, on one vowel. Two placement styles are in use for
//! a few vowel pairs without a final consonant: the "old" style (`hòa`, `khỏe`, `thủy`) and the
//! "new" one (`hoà`, `khoẻ`, `thuỷ`). The canonical view uses the new style (tone on the main
//! vowel), so text in either style and lexicon terms in either style meet.

/// The twelve vowel letters, each with its six tones: level, grave (huyền), acute (sắc), hook
/// above (hỏi), tilde (ngã), dot below (nặng).
pub(crate) const VOWELS: [[char; 6]; 12] = [
    ['a', 'à', 'á', 'ả', 'ã', 'ạ'],
    ['ă', 'ằ', 'ắ', 'ẳ', 'ẵ', 'ặ'],
    ['â', 'ầ', 'ấ', 'ẩ', 'ẫ', 'ậ'],
    ['e', 'è', 'é', 'ẻ', 'ẽ', 'ẹ'],
    ['ê', 'ề', 'ế', 'ể', 'ễ', 'ệ'],
    ['i', 'ì', 'í', 'ỉ', 'ĩ', 'ị'],
    ['o', 'ò', 'ó', 'ỏ', 'õ', 'ọ'],
    ['ô', 'ồ', 'ố', 'ổ', 'ỗ', 'ộ'],
    ['ơ', 'ờ', 'ớ', 'ở', 'ỡ', 'ợ'],
    ['u', 'ù', 'ú', 'ủ', 'ũ', 'ụ'],
    ['ư', 'ừ', 'ứ', 'ử', 'ữ', 'ự'],
    ['y', 'ỳ', 'ý', 'ỷ', 'ỹ', 'ỵ'],
];

/// The ASCII letter each vowel folds to.
const FOLD: [u8; 12] = *b"aaaeeiooouuy";

/// The vowel mark of each vowel letter.
const MARK: [Mark; 12] = [
    Mark::None,
    Mark::Breve,
    Mark::Circumflex,
    Mark::None,
    Mark::Circumflex,
    Mark::None,
    Mark::None,
    Mark::Circumflex,
    Mark::Horn,
    Mark::None,
    Mark::Horn,
    Mark::None,
];

/// Non-ASCII lower-case vowel letters, sorted: (char, vowel index, tone).
const NON_ASCII_VOWELS: [(char, u8, u8); 66] = [
    ('\u{00E0}', 0, 1),
    ('\u{00E1}', 0, 2),
    ('\u{00E2}', 2, 0),
    ('\u{00E3}', 0, 4),
    ('\u{00E8}', 3, 1),
    ('\u{00E9}', 3, 2),
    ('\u{00EA}', 4, 0),
    ('\u{00EC}', 5, 1),
    ('\u{00ED}', 5, 2),
    ('\u{00F2}', 6, 1),
    ('\u{00F3}', 6, 2),
    ('\u{00F4}', 7, 0),
    ('\u{00F5}', 6, 4),
    ('\u{00F9}', 9, 1),
    ('\u{00FA}', 9, 2),
    ('\u{00FD}', 11, 2),
    ('\u{0103}', 1, 0),
    ('\u{0129}', 5, 4),
    ('\u{0169}', 9, 4),
    ('\u{01A1}', 8, 0),
    ('\u{01B0}', 10, 0),
    ('\u{1EA1}', 0, 5),
    ('\u{1EA3}', 0, 3),
    ('\u{1EA5}', 2, 2),
    ('\u{1EA7}', 2, 1),
    ('\u{1EA9}', 2, 3),
    ('\u{1EAB}', 2, 4),
    ('\u{1EAD}', 2, 5),
    ('\u{1EAF}', 1, 2),
    ('\u{1EB1}', 1, 1),
    ('\u{1EB3}', 1, 3),
    ('\u{1EB5}', 1, 4),
    ('\u{1EB7}', 1, 5),
    ('\u{1EB9}', 3, 5),
    ('\u{1EBB}', 3, 3),
    ('\u{1EBD}', 3, 4),
    ('\u{1EBF}', 4, 2),
    ('\u{1EC1}', 4, 1),
    ('\u{1EC3}', 4, 3),
    ('\u{1EC5}', 4, 4),
    ('\u{1EC7}', 4, 5),
    ('\u{1EC9}', 5, 3),
    ('\u{1ECB}', 5, 5),
    ('\u{1ECD}', 6, 5),
    ('\u{1ECF}', 6, 3),
    ('\u{1ED1}', 7, 2),
    ('\u{1ED3}', 7, 1),
    ('\u{1ED5}', 7, 3),
    ('\u{1ED7}', 7, 4),
    ('\u{1ED9}', 7, 5),
    ('\u{1EDB}', 8, 2),
    ('\u{1EDD}', 8, 1),
    ('\u{1EDF}', 8, 3),
    ('\u{1EE1}', 8, 4),
    ('\u{1EE3}', 8, 5),
    ('\u{1EE5}', 9, 5),
    ('\u{1EE7}', 9, 3),
    ('\u{1EE9}', 10, 2),
    ('\u{1EEB}', 10, 1),
    ('\u{1EED}', 10, 3),
    ('\u{1EEF}', 10, 4),
    ('\u{1EF1}', 10, 5),
    ('\u{1EF3}', 11, 1),
    ('\u{1EF5}', 11, 5),
    ('\u{1EF7}', 11, 3),
    ('\u{1EF9}', 11, 4),
];

/// A vowel mark or the stroke of `đ`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mark {
    None,
    /// `ă`
    Breve,
    /// `â ê ô`
    Circumflex,
    /// `ơ ư`
    Horn,
    /// `đ`
    Stroke,
}

/// A lower-case letter split into parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Parts {
    /// The folded letter (ASCII for Vietnamese letters; the char itself otherwise).
    pub base: char,
    pub mark: Mark,
    /// 0 = level, 1 grave, 2 acute, 3 hook above, 4 tilde, 5 dot below.
    pub tone: u8,
}

/// Code of `đ` in the lookup tables (vowels are `v * 6 + tone + 1`, 1..=72).
const D_STROKE: u8 = 73;
/// Flag of upper-case letters in the lookup tables.
const UPPER: u8 = 0x80;

const LATIN_START: u32 = 0xC0;
const LATIN_END: u32 = 0x1B1;
const EXT_START: u32 = 0x1EA0;
const EXT_END: u32 = 0x1EFA;

/// Lookup tables for U+00C0..U+01B0 and U+1EA0..U+1EF9: the code of each Vietnamese letter
/// (upper- and lower-case), 0 for other characters. Built at compile time.
const TABLES: (
    [u8; (LATIN_END - LATIN_START) as usize],
    [u8; (EXT_END - EXT_START) as usize],
) = {
    let mut latin = [0u8; (LATIN_END - LATIN_START) as usize];
    let mut ext = [0u8; (EXT_END - EXT_START) as usize];
    let mut i = 0;
    while i < NON_ASCII_VOWELS.len() {
        let (c, v, t) = NON_ASCII_VOWELS[i];
        let code = v * 6 + t + 1;
        let c = c as u32;
        // Upper case: Latin-1 is 0x20 below; the other blocks pair upper (even) and lower.
        let upper = if c < 0x100 { c - 0x20 } else { c - 1 };
        if c >= EXT_START {
            ext[(c - EXT_START) as usize] = code;
            ext[(upper - EXT_START) as usize] = code | UPPER;
        } else {
            latin[(c - LATIN_START) as usize] = code;
            latin[(upper - LATIN_START) as usize] = code | UPPER;
        }
        i += 1;
    }
    latin[(0x111 - LATIN_START) as usize] = D_STROKE;
    latin[(0x110 - LATIN_START) as usize] = D_STROKE | UPPER;
    (latin, ext)
};

/// The table code of a non-ASCII char (0 when it is not a Vietnamese letter).
#[inline]
fn code(c: char) -> u8 {
    let u = c as u32;
    if (LATIN_START..LATIN_END).contains(&u) {
        TABLES.0[(u - LATIN_START) as usize]
    } else if (EXT_START..EXT_END).contains(&u) {
        TABLES.1[(u - EXT_START) as usize]
    } else {
        0
    }
}

/// A non-ASCII Vietnamese letter, from one table lookup.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct VietLetter {
    /// Its lower-case form.
    pub lower: char,
    /// Its folded form (`ự` → `u`, `đ` → `d`).
    pub folded: char,
    /// Whether it was upper case.
    pub upper: bool,
    /// Whether it carries a tone.
    pub toned: bool,
    /// Whether it carries a vowel mark (`ă â ê ô ơ ư`).
    pub marked: bool,
}

/// The non-ASCII Vietnamese letter `c` (either case), or `None`.
#[inline]
pub(crate) fn vietnamese_letter(c: char) -> Option<VietLetter> {
    let code = code(c);
    if code == 0 {
        return None;
    }
    let lower = code & !UPPER;
    let upper = code & UPPER != 0;
    if lower == D_STROKE {
        return Some(VietLetter {
            lower: 'đ',
            folded: 'd',
            upper,
            toned: false,
            marked: false,
        });
    }
    let k = usize::from(lower - 1);
    let (v, t) = (k / 6, k % 6);
    Some(VietLetter {
        lower: VOWELS[v][t],
        folded: char::from(FOLD[v]),
        upper,
        toned: t != 0,
        marked: MARK[v] != Mark::None,
    })
}

/// (vowel index, tone) of a lower-case Vietnamese vowel letter.
#[inline]
pub(crate) fn vowel(c: char) -> Option<(u8, u8)> {
    match c {
        'a' => Some((0, 0)),
        'e' => Some((3, 0)),
        'i' => Some((5, 0)),
        'o' => Some((6, 0)),
        'u' => Some((9, 0)),
        'y' => Some((11, 0)),
        c if c.is_ascii() => None,
        c => {
            let code = code(c);
            if code == 0 || code & UPPER != 0 || code == D_STROKE {
                None
            } else {
                Some(((code - 1) / 6, (code - 1) % 6))
            }
        }
    }
}

/// Whether `c` is a lower-case Vietnamese vowel letter with a tone or a vowel mark, or `đ`.
#[inline]
pub(crate) fn has_diacritic(c: char) -> bool {
    !c.is_ascii() && (c == 'đ' || vowel(c).is_some())
}

/// The parts of a lower-case letter.
pub(crate) fn parts(c: char) -> Parts {
    if c == 'đ' {
        return Parts {
            base: 'd',
            mark: Mark::Stroke,
            tone: 0,
        };
    }
    match vowel(c) {
        Some((v, t)) => Parts {
            base: char::from(FOLD[v as usize]),
            mark: MARK[v as usize],
            tone: t,
        },
        None => Parts {
            base: c,
            mark: Mark::None,
            tone: 0,
        },
    }
}

/// The folded form of a lower-case Vietnamese letter (`ự` → `u`, `đ` → `d`), or `None` if `c`
/// is not one.
#[inline]
pub(crate) fn fold_vietnamese(c: char) -> Option<char> {
    if c.is_ascii() {
        return Some(c);
    }
    if c == 'đ' {
        return Some('d');
    }
    vowel(c).map(|(v, _)| char::from(FOLD[v as usize]))
}

/// The longest syllable we try to re-place a tone in (`nghiêng` has 7 letters).
const MAX_SYLLABLE: usize = 8;

/// Moves the tone of one syllable (lower case, NFC) to the canonical vowel. Returns the
/// positions (from, to) of the tone when it moved; `None` when nothing changed or the word
/// is not a well-formed Vietnamese syllable (then it is left alone).
pub(crate) fn place_tone(chars: &mut [char]) -> Option<(usize, usize)> {
    let n = chars.len();
    if n == 0 || n > MAX_SYLLABLE {
        return None;
    }
    // Vowel index per char (None for consonants); reject anything that is not a letter of
    // the Vietnamese alphabet (plus f j w z, used in loanwords and teencode).
    let mut vowels = [None::<(u8, u8)>; MAX_SYLLABLE];
    let mut toned = None;
    for (i, &c) in chars.iter().enumerate() {
        match vowel(c) {
            Some((v, t)) => {
                vowels[i] = Some((v, t));
                if t != 0 {
                    if toned.is_some() {
                        return None;
                    }
                    toned = Some(i);
                }
            }
            None if c.is_ascii_lowercase() || c == 'đ' => {}
            None => return None,
        }
    }
    let from = toned?;
    let mut v0 = vowels[..n].iter().position(Option::is_some)?;
    let mut v1 = v0;
    while v1 < n && vowels[v1].is_some() {
        v1 += 1;
    }
    if vowels[v1..n].iter().any(Option::is_some) {
        return None;
    }
    let coda: &[char] = &chars[v1..n];
    let coda_ok = matches!(
        coda,
        [] | ['c'] | ['c', 'h'] | ['m'] | ['n'] | ['n', 'g'] | ['n', 'h'] | ['p'] | ['t']
    );
    if !coda_ok {
        return None;
    }
    let index = |i: usize| vowels[i].map_or(u8::MAX, |(v, _)| v);
    // "qu" and "gi" (before another vowel) belong to the onset.
    if v1 - v0 >= 2 {
        let onset = &chars[..v0];
        if (onset == ['q'] && index(v0) == 9) || (onset == ['g'] && index(v0) == 5) {
            v0 += 1;
        }
    }
    let k = v1 - v0;
    if k == 0 || k > 3 {
        return None;
    }
    let marked = (v0..v1)
        .rev()
        .find(|&i| MARK[usize::from(index(i))] != Mark::None);
    let to = match marked {
        Some(i) => i,
        None if v1 < n => v1 - 1,
        None => match k {
            1 => v0,
            2 => match (index(v0), index(v0 + 1)) {
                // oa, oe, uy: tone on the second vowel (new style)
                (6, 0) | (6, 3) | (9, 11) => v0 + 1,
                _ => v0,
            },
            _ => v0 + 1,
        },
    };
    if to == from {
        return None;
    }
    let (fv, tone) = vowels[from]?;
    let (tv, _) = vowels[to]?;
    chars[from] = VOWELS[usize::from(fv)][0];
    chars[to] = VOWELS[usize::from(tv)][usize::from(tone)];
    Some((from, to))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn placed(s: &str) -> String {
        let mut v: Vec<char> = s.chars().collect();
        place_tone(&mut v);
        v.into_iter().collect()
    }

    #[test]
    fn table_is_sorted_and_complete() {
        assert!(NON_ASCII_VOWELS.windows(2).all(|w| w[0].0 < w[1].0));
        for (vi, row) in VOWELS.iter().enumerate() {
            for (t, &c) in row.iter().enumerate() {
                assert_eq!(vowel(c), Some((vi as u8, t as u8)), "{c}");
                let upper = c.to_uppercase().next().unwrap();
                if !c.is_ascii() {
                    let f = fold_vietnamese(c).unwrap();
                    let l = vietnamese_letter(c).unwrap();
                    assert_eq!((l.lower, l.folded, l.upper), (c, f, false), "{c}");
                    assert_eq!((l.toned, l.marked), (t != 0, MARK[vi] != Mark::None), "{c}");
                    let u = vietnamese_letter(upper).unwrap();
                    assert_eq!((u.lower, u.folded, u.upper), (c, f, true), "{upper}");
                    assert_eq!(vowel(upper), None);
                }
            }
        }
        assert_eq!(
            vietnamese_letter('Đ').map(|l| (l.lower, l.upper)),
            Some(('đ', true))
        );
        assert_eq!(
            vietnamese_letter('đ').map(|l| (l.folded, l.upper)),
            Some(('d', false))
        );
        assert_eq!(vowel('đ'), None);
        // Every other char of the two blocks is not a Vietnamese letter.
        let mut count = 0;
        for u in (0xC0..0x1B1).chain(0x1EA0..0x1EFA) {
            let c = char::from_u32(u).unwrap();
            if vietnamese_letter(c).is_some() {
                count += 1;
            }
        }
        assert_eq!(count, 2 * (66 + 1));
    }

    #[test]
    fn both_styles_meet() {
        for (old, new) in [
            ("hòa", "hoà"),
            ("thủy", "thuỷ"),
            ("khỏe", "khoẻ"),
            ("tùy", "tuỳ"),
            ("qúa", "quá"),
            ("gìa", "già"),
            ("tóan", "toán"),
            ("ngòai", "ngoài"),
            ("hoà", "hoà"),
            ("thuỷ", "thuỷ"),
        ] {
            assert_eq!(placed(old), new, "{old}");
            assert_eq!(placed(new), new, "{new}");
        }
    }

    #[test]
    fn common_syllables_stay() {
        for w in [
            "người",
            "trường",
            "của",
            "mía",
            "quý",
            "gì",
            "giữ",
            "cửa",
            "rượu",
            "thuở",
            "tiếng",
            "khuyết",
            "xoắn",
            "tuần",
            "hoặc",
            "ngủ",
            "đụ",
            "má",
            "đéo",
            "chó",
            "lồn",
            "địt",
        ] {
            assert_eq!(placed(w), w, "{w}");
        }
    }

    #[test]
    fn non_syllables_are_left_alone() {
        for w in ["cáfe", "àb", "ẻmmmmmmmmm", "ànk", "àáa"] {
            assert_eq!(placed(w), w, "{w}");
        }
    }

    #[test]
    fn parts_and_folding() {
        assert_eq!(
            parts('ự'),
            Parts {
                base: 'u',
                mark: Mark::Horn,
                tone: 5
            }
        );
        assert_eq!(parts('đ').mark, Mark::Stroke);
        assert_eq!(fold_vietnamese('ẫ'), Some('a'));
        assert_eq!(fold_vietnamese('đ'), Some('d'));
        assert_eq!(fold_vietnamese('ñ'), None);
        assert!(has_diacritic('ô') && has_diacritic('đ') && !has_diacritic('o'));
    }
}
