//! Character classes the normaliser needs: invisible characters, look-alike letters, leetspeak
//! and in-word separators.

use unicode_normalization::char::decompose_compatible;

/// Whether `c` is dropped from the views: C0/C1 controls other than whitespace, zero-width
/// and bidirectional controls, variation selectors, tag characters and the other
/// `Default_Ignorable_Code_Point`s that evaders use (soft hyphen, Hangul fillers, …).
#[inline]
pub(crate) fn is_invisible(c: char) -> bool {
    match c {
        '\t' | '\n' | '\r' | '\u{0B}' | '\u{0C}' => false,
        '\0'..='\u{1F}' | '\u{7F}'..='\u{9F}' => true,
        c if c < '\u{AD}' => false,
        '\u{AD}'
        | '\u{34F}'
        | '\u{61C}'
        | '\u{115F}'
        | '\u{1160}'
        | '\u{17B4}'
        | '\u{17B5}'
        | '\u{180B}'..='\u{180F}'
        | '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}'
        | '\u{3164}'
        | '\u{FE00}'..='\u{FE0F}'
        | '\u{FEFF}'
        | '\u{FFA0}'
        | '\u{FFF0}'..='\u{FFF8}'
        | '\u{1BCA0}'..='\u{1BCA3}'
        | '\u{1D173}'..='\u{1D17A}'
        | '\u{E0000}'..='\u{E0FFF}' => true,
        _ => false,
    }
}

/// Cyrillic, Greek and IPA letters that imitate Latin ones (after Unicode TR39's confusables,
/// restricted to letters people use to dodge filters), sorted by code point.
const SCRIPT_CONFUSABLES: [(char, char); 72] = [
    ('\u{0131}', 'i'), // ı dotless i
    ('\u{0237}', 'j'), // ȷ dotless j
    ('\u{0251}', 'a'), // ɑ
    ('\u{0261}', 'g'), // ɡ
    ('\u{026A}', 'i'), // ɪ
    ('\u{0274}', 'n'), // ɴ
    ('\u{0280}', 'r'), // ʀ
    ('\u{028F}', 'y'), // ʏ
    ('\u{0299}', 'b'), // ʙ
    ('\u{029C}', 'h'), // ʜ
    ('\u{029F}', 'l'), // ʟ
    ('\u{0391}', 'A'),
    ('\u{0392}', 'B'),
    ('\u{0395}', 'E'),
    ('\u{0396}', 'Z'),
    ('\u{0397}', 'H'),
    ('\u{0399}', 'I'),
    ('\u{039A}', 'K'),
    ('\u{039C}', 'M'),
    ('\u{039D}', 'N'),
    ('\u{039F}', 'O'),
    ('\u{03A1}', 'P'),
    ('\u{03A4}', 'T'),
    ('\u{03A5}', 'Y'),
    ('\u{03A7}', 'X'),
    ('\u{03B1}', 'a'), // α
    ('\u{03B3}', 'y'), // γ
    ('\u{03B5}', 'e'), // ε
    ('\u{03B9}', 'i'), // ι
    ('\u{03BA}', 'k'), // κ
    ('\u{03BD}', 'v'), // ν
    ('\u{03BF}', 'o'), // ο
    ('\u{03C1}', 'p'), // ρ
    ('\u{03C4}', 't'), // τ
    ('\u{03C5}', 'u'), // υ
    ('\u{03C7}', 'x'), // χ
    ('\u{03C9}', 'w'), // ω
    ('\u{03F2}', 'c'), // ϲ
    ('\u{03F3}', 'j'), // ϳ
    ('\u{0405}', 'S'),
    ('\u{0406}', 'I'),
    ('\u{0408}', 'J'),
    ('\u{0410}', 'A'),
    ('\u{0412}', 'B'),
    ('\u{0415}', 'E'),
    ('\u{041A}', 'K'),
    ('\u{041C}', 'M'),
    ('\u{041D}', 'H'),
    ('\u{041E}', 'O'),
    ('\u{0420}', 'P'),
    ('\u{0421}', 'C'),
    ('\u{0422}', 'T'),
    ('\u{0423}', 'Y'),
    ('\u{0425}', 'X'),
    ('\u{0430}', 'a'), // а
    ('\u{0435}', 'e'), // е
    ('\u{043A}', 'k'), // к
    ('\u{043C}', 'm'), // м
    ('\u{043D}', 'h'), // н
    ('\u{043E}', 'o'), // о
    ('\u{043F}', 'n'), // п
    ('\u{0440}', 'p'), // р
    ('\u{0441}', 'c'), // с
    ('\u{0442}', 't'), // т
    ('\u{0443}', 'y'), // у
    ('\u{0445}', 'x'), // х
    ('\u{0455}', 's'), // ѕ
    ('\u{0456}', 'i'), // і
    ('\u{0458}', 'j'), // ј
    ('\u{04AE}', 'Y'),
    ('\u{04AF}', 'y'), // ү
    ('\u{04CF}', 'l'), // ӏ
];

/// More look-alikes outside the blocks above (Cyrillic supplement, small capitals).
fn other_confusable(c: char) -> Option<char> {
    Some(match c {
        '\u{0501}' => 'd', // ԁ
        '\u{051B}' => 'q', // ԛ
        '\u{051D}' => 'w', // ԝ
        '\u{04BB}' => 'h', // һ
        '\u{1D00}' => 'a', // ᴀ
        '\u{1D04}' => 'c', // ᴄ
        '\u{1D05}' => 'd', // ᴅ
        '\u{1D07}' => 'e', // ᴇ
        '\u{1D0A}' => 'j', // ᴊ
        '\u{1D0B}' => 'k', // ᴋ
        '\u{1D0D}' => 'm', // ᴍ
        '\u{1D0F}' => 'o', // ᴏ
        '\u{1D18}' => 'p', // ᴘ
        '\u{1D1B}' => 't', // ᴛ
        '\u{1D1C}' => 'u', // ᴜ
        '\u{1D20}' => 'v', // ᴠ
        '\u{1D21}' => 'w', // ᴡ
        '\u{1D22}' => 'z', // ᴢ
        '\u{A731}' => 's', // ꜱ
        _ => return None,
    })
}

/// Up to three ASCII characters a look-alike stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Ascii {
    buf: [u8; 3],
    len: u8,
}

impl Ascii {
    fn one(c: char) -> Ascii {
        // Callers pass ASCII only.
        Ascii {
            buf: [c as u8, 0, 0],
            len: 1,
        }
    }

    /// The characters.
    pub(crate) fn chars(&self) -> impl Iterator<Item = char> + '_ {
        self.buf[..usize::from(self.len)]
            .iter()
            .map(|&b| char::from(b))
    }
}

/// The Latin letter(s) a look-alike character stands for, or `None` if `c` is not one.
///
/// Covers the Cyrillic/Greek/IPA table above and, through Unicode compatibility
/// decomposition (the "K" of NFKC), full-width forms, mathematical alphanumerics, circled and
/// parenthesised letters, letter-like symbols, superscripts and ligatures — but only when the
/// result is plain ASCII (so `ñ` or `²` inside a price are left alone) and, for results longer
/// than one character, only for letters (`ﬁ` → `fi`, but `™` stays).
pub(crate) fn confusable(c: char) -> Option<Ascii> {
    if c.is_ascii() {
        return None;
    }
    if let Ok(i) = SCRIPT_CONFUSABLES.binary_search_by(|e| e.0.cmp(&c)) {
        return Some(Ascii::one(SCRIPT_CONFUSABLES[i].1));
    }
    if let Some(l) = other_confusable(c) {
        return Some(Ascii::one(l));
    }
    // Latin-1 and the Vietnamese letters have no compatibility mapping to plain ASCII we want
    // (their decompositions carry accents); skip the lookup for them.
    if c < '\u{2000}' && !matches!(c, '\u{2B0}'..='\u{36F}') {
        return None;
    }
    let mut out = Ascii {
        buf: [0; 3],
        len: 0,
    };
    let mut ok = true;
    let mut n = 0usize;
    decompose_compatible(c, |d| {
        n += 1;
        if !d.is_ascii() || usize::from(out.len) >= out.buf.len() || d == c {
            ok = false;
            return;
        }
        out.buf[usize::from(out.len)] = d as u8;
        out.len += 1;
    });
    if !ok || out.len == 0 || n != usize::from(out.len) {
        return None;
    }
    if out.len > 1 && !c.is_alphanumeric() {
        return None;
    }
    // Spaces from compatibility forms are whitespace, handled elsewhere.
    if out.buf[0] == b' ' {
        return None;
    }
    Some(out)
}

/// The letter a leetspeak digit or symbol stands for inside a word.
#[inline]
pub(crate) fn leet(c: char) -> Option<char> {
    Some(match c {
        '0' => 'o',
        '1' => 'i',
        '3' => 'e',
        '4' => 'a',
        '5' => 's',
        '7' => 't',
        '@' => 'a',
        '$' => 's',
        '!' => 'i',
        _ => return None,
    })
}

/// Whether `c` is a leetspeak symbol (not a digit): these only count strictly inside a word.
#[inline]
pub(crate) fn is_leet_symbol(c: char) -> bool {
    matches!(c, '@' | '$' | '!')
}

/// Whether `c` may separate the letters of one word (`đ.m`, `d-m`, `đ_m`, `v*c*l`).
#[inline]
pub(crate) fn is_separator(c: char) -> bool {
    matches!(
        c,
        '.' | '-'
            | '_'
            | '*'
            | '~'
            | '+'
            | '|'
            | '/'
            | '\\'
            | '\''
            | '`'
            | '^'
            | '\u{B7}'   // ·
            | '\u{2022}' // •
            | '\u{2010}'
            ..='\u{2015}' // hyphens and dashes
            | '\u{2027}' // ‧
            | '\u{2219}' // ∙
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn conf(c: char) -> Option<String> {
        confusable(c).map(|a| a.chars().collect())
    }

    #[test]
    fn script_table_is_sorted() {
        assert!(SCRIPT_CONFUSABLES.windows(2).all(|w| w[0].0 < w[1].0));
    }

    #[test]
    fn look_alikes_fold() {
        assert_eq!(conf('а').as_deref(), Some("a")); // Cyrillic
        assert_eq!(conf('ο').as_deref(), Some("o")); // Greek
        assert_eq!(conf('Ｄ').as_deref(), Some("D")); // full-width
        assert_eq!(conf('𝐝').as_deref(), Some("d")); // mathematical bold
        assert_eq!(conf('𝓶').as_deref(), Some("m")); // mathematical script bold
        assert_eq!(conf('ⓓ').as_deref(), Some("d")); // circled
        assert_eq!(conf('ℎ').as_deref(), Some("h")); // letter-like
        assert_eq!(conf('ﬁ').as_deref(), Some("fi")); // ligature
        assert_eq!(conf('１').as_deref(), Some("1"));
    }

    #[test]
    fn real_letters_and_symbols_stay() {
        for c in ['a', 'ñ', 'ệ', 'đ', '™', '½', '😀', '中', 'ж'] {
            assert_eq!(conf(c), None, "{c}");
        }
    }

    #[test]
    fn invisibles() {
        for c in [
            '\u{200B}', '\u{200D}', '\u{202E}', '\u{2066}', '\u{FEFF}', '\0', '\u{FE0F}',
        ] {
            assert!(is_invisible(c), "{c:?}");
        }
        for c in ['a', ' ', '\n', 'đ', '😀', '\u{1F3FB}'] {
            assert!(!is_invisible(c), "{c:?}");
        }
    }
}
