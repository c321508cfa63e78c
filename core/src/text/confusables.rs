//! Character classes the normaliser needs: invisible characters, look-alike letters, leetspeak
//! and in-word separators.

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
    compat_ascii(c)
}

/// The characters whose compatibility decomposition (NFKD, the "K" of NFKC) is one to three
/// ASCII characters, other than spaces, and, for more than one, a letter or digit: the
/// mapping [`confusable`] uses, written out so the module carries 314 rows instead of the
/// whole NFKD table of `unicode-normalization` (the test
/// `compat_table_equals_the_nfkd_mapping` derives it again from that crate over all of
/// Unicode). Each row `(first, count, ascii)`: `count` consecutive characters from `first`; for
/// `count > 1`, `ascii` is one character and the run maps to consecutive ASCII characters.
#[rustfmt::skip]
const COMPAT_ASCII: &[(u32, u8, &str)] = &[
    (0x00AA, 1, "a"),
    (0x00B2, 2, "2"),
    (0x00B9, 1, "1"),
    (0x00BA, 1, "o"),
    (0x0132, 1, "IJ"),
    (0x0133, 1, "ij"),
    (0x017F, 1, "s"),
    (0x01C7, 1, "LJ"),
    (0x01C8, 1, "Lj"),
    (0x01C9, 1, "lj"),
    (0x01CA, 1, "NJ"),
    (0x01CB, 1, "Nj"),
    (0x01CC, 1, "nj"),
    (0x01F1, 1, "DZ"),
    (0x01F2, 1, "Dz"),
    (0x01F3, 1, "dz"),
    (0x02B0, 1, "h"),
    (0x02B2, 1, "j"),
    (0x02B3, 1, "r"),
    (0x02B7, 1, "w"),
    (0x02B8, 1, "y"),
    (0x02E1, 1, "l"),
    (0x02E2, 1, "s"),
    (0x02E3, 1, "x"),
    (0x037E, 1, ";"),
    (0x1D2C, 1, "A"),
    (0x1D2E, 1, "B"),
    (0x1D30, 2, "D"),
    (0x1D33, 8, "G"),
    (0x1D3C, 1, "O"),
    (0x1D3E, 1, "P"),
    (0x1D3F, 1, "R"),
    (0x1D40, 2, "T"),
    (0x1D42, 1, "W"),
    (0x1D43, 1, "a"),
    (0x1D47, 1, "b"),
    (0x1D48, 2, "d"),
    (0x1D4D, 1, "g"),
    (0x1D4F, 1, "k"),
    (0x1D50, 1, "m"),
    (0x1D52, 1, "o"),
    (0x1D56, 1, "p"),
    (0x1D57, 2, "t"),
    (0x1D5B, 1, "v"),
    (0x1D62, 1, "i"),
    (0x1D63, 1, "r"),
    (0x1D64, 2, "u"),
    (0x1D9C, 1, "c"),
    (0x1DA0, 1, "f"),
    (0x1DBB, 1, "z"),
    (0x1FEF, 1, "`"),
    (0x2024, 1, "."),
    (0x2070, 1, "0"),
    (0x2071, 1, "i"),
    (0x2074, 6, "4"),
    (0x207A, 1, "+"),
    (0x207C, 1, "="),
    (0x207D, 2, "("),
    (0x207F, 1, "n"),
    (0x2080, 10, "0"),
    (0x208A, 1, "+"),
    (0x208C, 1, "="),
    (0x208D, 2, "("),
    (0x2090, 1, "a"),
    (0x2091, 1, "e"),
    (0x2092, 1, "o"),
    (0x2093, 1, "x"),
    (0x2095, 1, "h"),
    (0x2096, 4, "k"),
    (0x209A, 1, "p"),
    (0x209B, 2, "s"),
    (0x209D, 1, "w"),
    (0x209E, 2, "y"),
    (0x2102, 1, "C"),
    (0x210A, 1, "g"),
    (0x210B, 1, "H"),
    (0x210C, 1, "H"),
    (0x210D, 1, "H"),
    (0x210E, 1, "h"),
    (0x2110, 1, "I"),
    (0x2111, 1, "I"),
    (0x2112, 1, "L"),
    (0x2113, 1, "l"),
    (0x2115, 1, "N"),
    (0x2119, 3, "P"),
    (0x211C, 1, "R"),
    (0x211D, 1, "R"),
    (0x2124, 1, "Z"),
    (0x2128, 1, "Z"),
    (0x212A, 1, "K"),
    (0x212C, 2, "B"),
    (0x212F, 1, "e"),
    (0x2130, 2, "E"),
    (0x2133, 1, "M"),
    (0x2134, 1, "o"),
    (0x2139, 1, "i"),
    (0x2145, 1, "D"),
    (0x2146, 2, "d"),
    (0x2148, 2, "i"),
    (0x2160, 1, "I"),
    (0x2161, 1, "II"),
    (0x2162, 1, "III"),
    (0x2163, 1, "IV"),
    (0x2164, 1, "V"),
    (0x2165, 1, "VI"),
    (0x2166, 1, "VII"),
    (0x2168, 1, "IX"),
    (0x2169, 1, "X"),
    (0x216A, 1, "XI"),
    (0x216B, 1, "XII"),
    (0x216C, 1, "L"),
    (0x216D, 2, "C"),
    (0x216F, 1, "M"),
    (0x2170, 1, "i"),
    (0x2171, 1, "ii"),
    (0x2172, 1, "iii"),
    (0x2173, 1, "iv"),
    (0x2174, 1, "v"),
    (0x2175, 1, "vi"),
    (0x2176, 1, "vii"),
    (0x2178, 1, "ix"),
    (0x2179, 1, "x"),
    (0x217A, 1, "xi"),
    (0x217B, 1, "xii"),
    (0x217C, 1, "l"),
    (0x217D, 2, "c"),
    (0x217F, 1, "m"),
    (0x2460, 9, "1"),
    (0x2469, 1, "10"),
    (0x246A, 1, "11"),
    (0x246B, 1, "12"),
    (0x246C, 1, "13"),
    (0x246D, 1, "14"),
    (0x246E, 1, "15"),
    (0x246F, 1, "16"),
    (0x2470, 1, "17"),
    (0x2471, 1, "18"),
    (0x2472, 1, "19"),
    (0x2473, 1, "20"),
    (0x2474, 1, "(1)"),
    (0x2475, 1, "(2)"),
    (0x2476, 1, "(3)"),
    (0x2477, 1, "(4)"),
    (0x2478, 1, "(5)"),
    (0x2479, 1, "(6)"),
    (0x247A, 1, "(7)"),
    (0x247B, 1, "(8)"),
    (0x247C, 1, "(9)"),
    (0x2488, 1, "1."),
    (0x2489, 1, "2."),
    (0x248A, 1, "3."),
    (0x248B, 1, "4."),
    (0x248C, 1, "5."),
    (0x248D, 1, "6."),
    (0x248E, 1, "7."),
    (0x248F, 1, "8."),
    (0x2490, 1, "9."),
    (0x2491, 1, "10."),
    (0x2492, 1, "11."),
    (0x2493, 1, "12."),
    (0x2494, 1, "13."),
    (0x2495, 1, "14."),
    (0x2496, 1, "15."),
    (0x2497, 1, "16."),
    (0x2498, 1, "17."),
    (0x2499, 1, "18."),
    (0x249A, 1, "19."),
    (0x249B, 1, "20."),
    (0x24B6, 26, "A"),
    (0x24D0, 26, "a"),
    (0x24EA, 1, "0"),
    (0x2C7C, 1, "j"),
    (0x2C7D, 1, "V"),
    (0x3251, 1, "21"),
    (0x3252, 1, "22"),
    (0x3253, 1, "23"),
    (0x3254, 1, "24"),
    (0x3255, 1, "25"),
    (0x3256, 1, "26"),
    (0x3257, 1, "27"),
    (0x3258, 1, "28"),
    (0x3259, 1, "29"),
    (0x325A, 1, "30"),
    (0x325B, 1, "31"),
    (0x325C, 1, "32"),
    (0x325D, 1, "33"),
    (0x325E, 1, "34"),
    (0x325F, 1, "35"),
    (0x32B1, 1, "36"),
    (0x32B2, 1, "37"),
    (0x32B3, 1, "38"),
    (0x32B4, 1, "39"),
    (0x32B5, 1, "40"),
    (0x32B6, 1, "41"),
    (0x32B7, 1, "42"),
    (0x32B8, 1, "43"),
    (0x32B9, 1, "44"),
    (0x32BA, 1, "45"),
    (0x32BB, 1, "46"),
    (0x32BC, 1, "47"),
    (0x32BD, 1, "48"),
    (0x32BE, 1, "49"),
    (0x32BF, 1, "50"),
    (0xA7F1, 1, "S"),
    (0xA7F2, 1, "C"),
    (0xA7F3, 1, "F"),
    (0xA7F4, 1, "Q"),
    (0xFB00, 1, "ff"),
    (0xFB01, 1, "fi"),
    (0xFB02, 1, "fl"),
    (0xFB03, 1, "ffi"),
    (0xFB04, 1, "ffl"),
    (0xFB05, 1, "st"),
    (0xFB06, 1, "st"),
    (0xFB29, 1, "+"),
    (0xFE10, 1, ","),
    (0xFE13, 2, ":"),
    (0xFE15, 1, "!"),
    (0xFE16, 1, "?"),
    (0xFE33, 1, "_"),
    (0xFE34, 1, "_"),
    (0xFE35, 2, "("),
    (0xFE37, 1, "{"),
    (0xFE38, 1, "}"),
    (0xFE47, 1, "["),
    (0xFE48, 1, "]"),
    (0xFE4D, 1, "_"),
    (0xFE4E, 1, "_"),
    (0xFE4F, 1, "_"),
    (0xFE50, 1, ","),
    (0xFE52, 1, "."),
    (0xFE54, 1, ";"),
    (0xFE55, 1, ":"),
    (0xFE56, 1, "?"),
    (0xFE57, 1, "!"),
    (0xFE59, 2, "("),
    (0xFE5B, 1, "{"),
    (0xFE5C, 1, "}"),
    (0xFE5F, 1, "#"),
    (0xFE60, 1, "&"),
    (0xFE61, 2, "*"),
    (0xFE63, 1, "-"),
    (0xFE64, 1, "<"),
    (0xFE65, 1, ">"),
    (0xFE66, 1, "="),
    (0xFE68, 1, "\\"),
    (0xFE69, 2, "$"),
    (0xFE6B, 1, "@"),
    (0xFF01, 94, "!"),
    (0x107A5, 1, "q"),
    (0x1CCD6, 26, "A"),
    (0x1CCF0, 10, "0"),
    (0x1D400, 26, "A"),
    (0x1D41A, 26, "a"),
    (0x1D434, 26, "A"),
    (0x1D44E, 7, "a"),
    (0x1D456, 18, "i"),
    (0x1D468, 26, "A"),
    (0x1D482, 26, "a"),
    (0x1D49C, 1, "A"),
    (0x1D49E, 2, "C"),
    (0x1D4A2, 1, "G"),
    (0x1D4A5, 2, "J"),
    (0x1D4A9, 4, "N"),
    (0x1D4AE, 8, "S"),
    (0x1D4B6, 4, "a"),
    (0x1D4BB, 1, "f"),
    (0x1D4BD, 7, "h"),
    (0x1D4C5, 11, "p"),
    (0x1D4D0, 26, "A"),
    (0x1D4EA, 26, "a"),
    (0x1D504, 2, "A"),
    (0x1D507, 4, "D"),
    (0x1D50D, 8, "J"),
    (0x1D516, 7, "S"),
    (0x1D51E, 26, "a"),
    (0x1D538, 2, "A"),
    (0x1D53B, 4, "D"),
    (0x1D540, 5, "I"),
    (0x1D546, 1, "O"),
    (0x1D54A, 7, "S"),
    (0x1D552, 26, "a"),
    (0x1D56C, 26, "A"),
    (0x1D586, 26, "a"),
    (0x1D5A0, 26, "A"),
    (0x1D5BA, 26, "a"),
    (0x1D5D4, 26, "A"),
    (0x1D5EE, 26, "a"),
    (0x1D608, 26, "A"),
    (0x1D622, 26, "a"),
    (0x1D63C, 26, "A"),
    (0x1D656, 26, "a"),
    (0x1D670, 26, "A"),
    (0x1D68A, 26, "a"),
    (0x1D7CE, 10, "0"),
    (0x1D7D8, 10, "0"),
    (0x1D7E2, 10, "0"),
    (0x1D7EC, 10, "0"),
    (0x1D7F6, 10, "0"),
    (0x1F100, 1, "0."),
    (0x1F101, 1, "0,"),
    (0x1F102, 1, "1,"),
    (0x1F103, 1, "2,"),
    (0x1F104, 1, "3,"),
    (0x1F105, 1, "4,"),
    (0x1F106, 1, "5,"),
    (0x1F107, 1, "6,"),
    (0x1F108, 1, "7,"),
    (0x1F109, 1, "8,"),
    (0x1F10A, 1, "9,"),
    (0x1F12B, 1, "C"),
    (0x1F12C, 1, "R"),
    (0x1F130, 26, "A"),
    (0x1FBF0, 10, "0"),
];

/// The ASCII characters the compatibility decomposition of `c` gives, under the conditions of
/// [`COMPAT_ASCII`].
fn compat_ascii(c: char) -> Option<Ascii> {
    let c = c as u32;
    let i = COMPAT_ASCII.partition_point(|e| e.0 <= c).checked_sub(1)?;
    let &(first, count, ascii) = COMPAT_ASCII.get(i)?;
    let offset = c - first;
    if offset >= u32::from(count) {
        return None;
    }
    let mut out = Ascii {
        buf: [0; 3],
        len: 0,
    };
    for (k, b) in ascii.bytes().take(3).enumerate() {
        // Runs map to consecutive ASCII characters (offset 0 for single characters).
        let b = if k == 0 {
            u32::from(b) + offset
        } else {
            u32::from(b)
        };
        out.buf[k] = u8::try_from(b).ok().filter(u8::is_ascii)?;
        out.len += 1;
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

    /// What `confusable` computed for characters outside its own tables before the table
    /// above: the compatibility decomposition from `unicode-normalization`, kept when it is
    /// one to three ASCII characters, not a space, and a letter or digit for more than one.
    fn nfkd_ascii(c: char) -> Option<String> {
        let mut out = String::new();
        let mut ok = true;
        let mut n = 0usize;
        unicode_normalization::char::decompose_compatible(c, |d| {
            n += 1;
            if !d.is_ascii() || out.len() >= 3 || d == c {
                ok = false;
                return;
            }
            out.push(d);
        });
        if !ok || out.is_empty() || n != out.len() {
            return None;
        }
        if out.len() > 1 && !c.is_alphanumeric() {
            return None;
        }
        if out.starts_with(' ') {
            return None;
        }
        Some(out)
    }

    #[test]
    fn compat_table_equals_the_nfkd_mapping() {
        assert!(COMPAT_ASCII
            .windows(2)
            .all(|w| w[0].0 + u32::from(w[0].1) <= w[1].0));
        let mut mapped = 0;
        for c in '\0'..=char::MAX {
            let ours = compat_ascii(c).map(|a| a.chars().collect::<String>());
            assert_eq!(ours, nfkd_ascii(c), "U+{:04X}", c as u32);
            mapped += usize::from(ours.is_some());
        }
        assert!(mapped > 1000, "{mapped}");
        // And so `confusable` is what it was, for every character.
        for c in '\0'..=char::MAX {
            let before = if c.is_ascii() {
                None
            } else if let Ok(i) = SCRIPT_CONFUSABLES.binary_search_by(|e| e.0.cmp(&c)) {
                Some(SCRIPT_CONFUSABLES[i].1.to_string())
            } else if let Some(l) = other_confusable(c) {
                Some(l.to_string())
            } else if c < '\u{2000}' && !matches!(c, '\u{2B0}'..='\u{36F}') {
                None
            } else {
                nfkd_ascii(c)
            };
            assert_eq!(conf(c), before, "U+{:04X}", c as u32);
        }
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
