//! Hand-written matchers for the e-mail addresses and links in a post: linear scans that find
//! exactly what three regular expressions found before (leftmost-first, non-overlapping, as
//! `Regex::find_iter` does), without a regex engine in the library.
//!
//! * [`emails`], `(?i)[a-z0-9][a-z0-9._%+\-]*@[a-z0-9](?:[a-z0-9\-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9\-]*[a-z0-9])?)*\.[a-z]{2,24}`
//! * [`scheme_urls`], `(?i)(?:[a-z][a-z0-9+.\-]*://|www\.)\S+`
//! * [`LinkPattern::find`]: with the bare TLDs `t1|t2|…` (longest first),
//!   ``(?i)(?:\b[a-z][a-z0-9+\-]{1,15}://[^\s<>"'`]+|\bwww\.[^\s<>"'`]+|\b(?:[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?\.)+(?:t1|t2|…)\b(?:[/?#][^\s<>"'`]*)?)``
//!   where `\b` is the ASCII word boundary `(?-u:\b)`.
//!
//! What `(?i)` means here: simple case folding, under which ASCII letters have two non-ASCII
//! equivalents, `K` KELVIN SIGN (U+212A) for `k` and `ſ` LONG S (U+017F) for `s`; `\s` is
//! Unicode `White_Space` ([`char::is_whitespace`]). The tests in this module compare every
//! matcher with the regular expression on arbitrary and adversarial text, and the character
//! classes over all of Unicode.
//!
//! Why the results are unique. In every pattern a run of class characters must be followed by
//! a character outside the class (`@`, `:`, `.`), so each run is taken whole and a
//! backtracking matcher has no other choice to make there. What remains is the choice of how
//! many labels precede the TLD; the leftmost-first preference (as many as possible) is found
//! by one pass over the chain of labels (e-mail) or one right-to-left pass over the dots of
//! the text (bare domains). Each character is looked at a bounded number of times: linear
//! time, no recursion, no panic (all slicing is checked).

use std::ops::Range;

/// `(?i)[a-z]`: ASCII letters and the two characters simple case folding maps to them.
fn is_letter(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '\u{212A}' || c == '\u{017F}'
}

/// `(?i)[a-z0-9]`.
fn is_alnum(c: char) -> bool {
    is_letter(c) || c.is_ascii_digit()
}

/// `(?i)[a-z0-9\-]`: a character of a domain label.
fn is_label(c: char) -> bool {
    is_alnum(c) || c == '-'
}

/// ``[^\s<>"'`]``: a character of a link's tail.
fn is_tail(c: char) -> bool {
    !c.is_whitespace() && !matches!(c, '<' | '>' | '"' | '\'' | '`')
}

/// An ASCII word byte, for `(?-u:\b)`.
fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// `(?-u:\b)` at byte `i`: one side is an ASCII word byte, the other is not (or is the edge).
fn word_boundary(text: &str, i: usize) -> bool {
    let b = text.as_bytes();
    let before = i
        .checked_sub(1)
        .and_then(|j| b.get(j))
        .is_some_and(|&x| is_word_byte(x));
    let after = b.get(i).is_some_and(|&x| is_word_byte(x));
    before != after
}

/// The character at byte `i` (none at the end or inside a character).
fn char_at(text: &str, i: usize) -> Option<char> {
    text.get(i..)?.chars().next()
}

/// The end of the run of characters satisfying `class` that starts at `i`.
fn run_end(text: &str, i: usize, class: impl Fn(char) -> bool) -> usize {
    match text.get(i..) {
        Some(rest) => {
            i + rest
                .char_indices()
                .find(|&(_, c)| !class(c))
                .map_or(rest.len(), |(k, _)| k)
        }
        None => i,
    }
}

/// `(?i)www\.` at byte `i` (no character folds to `w` but `W`).
fn www_at(text: &str, i: usize) -> bool {
    text.as_bytes()
        .get(i..i + 4)
        .is_some_and(|w| w[..3].eq_ignore_ascii_case(b"www") && w[3] == b'.')
}

/// `X+` at byte `i`: the end of the run of `class` characters there, if it is not empty.
fn nonempty_run(text: &str, i: usize, class: impl Fn(char) -> bool) -> Option<usize> {
    let end = run_end(text, i, class);
    (end > i).then_some(end)
}

// ---------------------------------------------------------------------------------------------
// E-mail addresses
// ---------------------------------------------------------------------------------------------

/// A domain label run at `i` (`[a-z0-9\-]*`): its end, and whether it is a label
/// `[a-z0-9](?:[a-z0-9\-]*[a-z0-9])?` (not empty, alphanumeric at both ends).
fn label_run(text: &str, i: usize) -> (usize, bool) {
    let end = run_end(text, i, is_label);
    let run = text.get(i..end).unwrap_or("");
    let valid =
        run.chars().next().is_some_and(is_alnum) && run.chars().next_back().is_some_and(is_alnum);
    (end, valid)
}

/// `\.[a-z]{2,24}` at the dot at byte `dot`: the end of the greedy match.
fn tld_letters(text: &str, dot: usize) -> Option<usize> {
    let start = dot + 1;
    let rest = text.get(start..)?;
    let mut end = start;
    let mut n = 0;
    for c in rest.chars().take(24) {
        if !is_letter(c) {
            break;
        }
        n += 1;
        end += c.len_utf8();
    }
    (n >= 2).then_some(end)
}

/// The domain of an e-mail address starting at byte `i` (just after the `@`): the end of the
/// match of `L(?:\.L)*\.[a-z]{2,24}` with `L` a label. Every label is a whole run followed by
/// a dot; the preferred match puts the final `.tld` after as many labels as possible.
fn email_domain(text: &str, i: usize) -> Option<usize> {
    let (end, valid) = label_run(text, i);
    if !valid || text.as_bytes().get(end) != Some(&b'.') {
        return None;
    }
    let mut best = tld_letters(text, end);
    let mut dot = end;
    loop {
        let (end, valid) = label_run(text, dot + 1);
        if !valid || text.as_bytes().get(end) != Some(&b'.') {
            return best;
        }
        dot = end;
        if let Some(e) = tld_letters(text, dot) {
            best = Some(e);
        }
    }
}

/// `(?i)[a-z0-9._%+\-]`: a character of an e-mail's local part.
fn is_local(c: char) -> bool {
    is_alnum(c) || matches!(c, '.' | '_' | '%' | '+' | '-')
}

/// The byte ranges of the e-mail addresses in `text` (see the module documentation).
pub(crate) fn emails(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut pos = 0;
    while let Some(c) = char_at(text, pos) {
        if !is_alnum(c) {
            pos += c.len_utf8();
            continue;
        }
        // The local part is the whole run from here; every later start in the run has the
        // same run end and the same domain, so if this start fails, they all do.
        let local_end = run_end(text, pos, is_local);
        if text.as_bytes().get(local_end) == Some(&b'@') {
            if let Some(end) = email_domain(text, local_end + 1) {
                out.push(pos..end);
                pos = end;
                continue;
            }
        }
        pos = local_end;
    }
    out
}

// ---------------------------------------------------------------------------------------------
// URLs with a scheme or www. (personal data: a number inside a URL is not a phone number)
// ---------------------------------------------------------------------------------------------

/// `(?i)[a-z0-9+.\-]`: a character of a scheme.
fn is_scheme(c: char) -> bool {
    is_alnum(c) || matches!(c, '+' | '.' | '-')
}

/// The byte ranges of the URLs in `text` that have a scheme or start with `www.`, each up to
/// the next whitespace (see the module documentation).
pub(crate) fn scheme_urls(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut pos = 0;
    // The end of the scheme-character run holding `pos` (one computation per run).
    let mut scheme_end = 0;
    while let Some(c) = char_at(text, pos) {
        if is_letter(c) {
            if scheme_end <= pos {
                scheme_end = run_end(text, pos, is_scheme);
            }
            let tail = if text.get(scheme_end..).is_some_and(|r| r.starts_with("://")) {
                nonempty_run(text, scheme_end + 3, |c| !c.is_whitespace())
            } else {
                None
            };
            let tail = tail.or_else(|| {
                www_at(text, pos)
                    .then(|| nonempty_run(text, pos + 4, |c| !c.is_whitespace()))
                    .flatten()
            });
            if let Some(end) = tail {
                out.push(pos..end);
                pos = end;
                continue;
            }
        }
        pos += c.len_utf8();
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Links: URLs with a scheme, www. and bare domains with a known TLD
// ---------------------------------------------------------------------------------------------

/// Which of the three alternatives a text can hold at all.
#[derive(Debug, Clone, Copy)]
struct Alternatives {
    scheme: bool,
    www: bool,
    bare: bool,
}

/// The link matcher of the sources detector, for a list of bare TLDs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LinkPattern {
    /// Lower-case TLDs (ASCII letters, digits, hyphens), longest first, in the order the
    /// alternation tries them.
    tlds: Vec<String>,
    /// The bytes a TLD can start with in the text (both cases; the first byte of K and ſ).
    first_bytes: [bool; 256],
}

/// `(?i)[a-z0-9+\-]`: a character of a scheme after its first letter.
fn is_scheme_rest(c: char) -> bool {
    is_alnum(c) || matches!(c, '+' | '-')
}

/// Whether the text at byte `i` spells `tld` under `(?i)`; the end if so.
fn tld_at(text: &str, i: usize, tld: &str) -> Option<usize> {
    let mut chars = text.get(i..)?.chars();
    let mut end = i;
    for t in tld.chars() {
        let c = chars.next()?;
        let same = c.eq_ignore_ascii_case(&t)
            || (t == 'k' && c == '\u{212A}')
            || (t == 's' && c == '\u{017F}');
        if !same {
            return None;
        }
        end += c.len_utf8();
    }
    Some(end)
}

/// A label of at most 63 characters starting at `i`, followed by a dot: the dot's position.
fn short_label_then_dot(text: &str, i: usize) -> Option<usize> {
    let rest = text.get(i..)?;
    let mut last = None;
    for (n, (k, c)) in rest.char_indices().enumerate() {
        if c == '.' {
            return (n > 0 && last.is_some_and(is_alnum)).then_some(i + k);
        }
        if n >= 63 || !is_label(c) || (n == 0 && c == '-') {
            return None;
        }
        last = Some(c);
    }
    None
}

impl LinkPattern {
    /// The matcher for these TLDs (lower case, validated by the caller).
    pub(crate) fn new(tlds: &[String]) -> LinkPattern {
        let mut tlds = tlds.to_vec();
        // Longest first, as the regular expression's alternation had them.
        crate::sort::sort_by_key(&mut tlds, |t| std::cmp::Reverse(t.len()));
        tlds.dedup();
        let mut first_bytes = [false; 256];
        for t in &tlds {
            if let Some(&b) = t.as_bytes().first() {
                for x in [b.to_ascii_lowercase(), b.to_ascii_uppercase()] {
                    first_bytes[usize::from(x)] = true;
                }
                match b.to_ascii_lowercase() {
                    b'k' => first_bytes[0xE2] = true,
                    b's' => first_bytes[0xC5] = true,
                    _ => {}
                }
            }
        }
        LinkPattern { tlds, first_bytes }
    }

    /// The first TLD (in order) at byte `i` followed by a word boundary: its end.
    fn tld_end(&self, text: &str, i: usize) -> Option<usize> {
        let b = *text.as_bytes().get(i)?;
        if !self.first_bytes[usize::from(b)] {
            return None;
        }
        self.tlds
            .iter()
            .filter_map(|t| tld_at(text, i, t))
            .find(|&e| word_boundary(text, e))
    }

    /// For each dot of `text` (positions in `dots`), the end of the TLD the greedy label chain
    /// starting just after it ends with: the last position of the chain where a TLD matches.
    fn chain_ends(&self, text: &str, dots: &[usize]) -> Vec<Option<usize>> {
        let mut ends = vec![None; dots.len()];
        for i in (0..dots.len()).rev() {
            let q = dots[i] + 1;
            let further = match (dots.get(i + 1), ends.get(i + 1)) {
                (Some(&next), Some(&Some(e))) if short_label_then_dot(text, q) == Some(next) => {
                    Some(e)
                }
                _ => None,
            };
            ends[i] = further.or_else(|| self.tld_end(text, q));
        }
        ends
    }

    /// The byte ranges of the links in `text` (see the module documentation).
    pub(crate) fn find(&self, text: &str) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        let bytes = text.as_bytes();
        // Which alternatives can match at all: a scheme needs "://", www. its four bytes, a
        // bare domain a dot followed by the first character of a TLD.
        let can = Alternatives {
            scheme: text.contains("://"),
            www: bytes
                .windows(4)
                .any(|w| w[3] == b'.' && w[..3].eq_ignore_ascii_case(b"www")),
            bare: bytes
                .windows(2)
                .any(|w| w[0] == b'.' && self.first_bytes[usize::from(w[1])]),
        };
        if !(can.scheme || can.www || can.bare) {
            return out;
        }
        // Computed when a bare domain is first possible.
        let mut chains: Option<(Vec<usize>, Vec<Option<usize>>)> = None;
        let mut cursor = 0;
        let mut pos = 0;
        while let Some(&b) = bytes.get(pos) {
            // Every match starts with an ASCII letter or digit, K (E2 84 AA) or ſ (C5 BF):
            // other bytes (continuation bytes included) are skipped without decoding.
            if (b.is_ascii_alphanumeric() || b == 0xE2 || b == 0xC5) && word_boundary(text, pos) {
                if let Some(c) = char_at(text, pos).filter(|&c| is_alnum(c)) {
                    if let Some(end) = self.at(text, pos, c, can, &mut chains, &mut cursor) {
                        out.push(pos..end);
                        pos = end;
                        continue;
                    }
                }
            }
            // No word boundary inside a run of ASCII word bytes: skip to its end.
            pos += 1;
            if is_word_byte(b) {
                while bytes.get(pos).is_some_and(|&x| is_word_byte(x)) {
                    pos += 1;
                }
            }
        }
        out
    }

    /// The preferred match starting at `pos` (a word boundary before the character `c`).
    fn at(
        &self,
        text: &str,
        pos: usize,
        c: char,
        can: Alternatives,
        chains: &mut Option<(Vec<usize>, Vec<Option<usize>>)>,
        cursor: &mut usize,
    ) -> Option<usize> {
        let next = pos + c.len_utf8();
        // 1. scheme://tail: the scheme run is whole (':' is not in it), 1 to 15 characters
        // after the first letter.
        if can.scheme && is_letter(c) {
            let rest = text.get(next..).unwrap_or("");
            let n = rest
                .chars()
                .take(16)
                .take_while(|&c| is_scheme_rest(c))
                .count();
            if (1..=15).contains(&n) {
                let scheme_end = next + rest.chars().take(n).map(char::len_utf8).sum::<usize>();
                if text.get(scheme_end..).is_some_and(|r| r.starts_with("://")) {
                    if let Some(end) = nonempty_run(text, scheme_end + 3, is_tail) {
                        return Some(end);
                    }
                }
            }
        }
        // 2. www.tail
        if can.www && www_at(text, pos) {
            if let Some(end) = nonempty_run(text, pos + 4, is_tail) {
                return Some(end);
            }
        }
        // 3. label.label….tld[/?#tail]
        if !can.bare {
            return None;
        }
        let dot = short_label_then_dot(text, pos)?;
        let (dots, ends) = chains.get_or_insert_with(|| {
            let dots: Vec<usize> = text
                .bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'.')
                .map(|(i, _)| i)
                .collect();
            let ends = self.chain_ends(text, &dots);
            (dots, ends)
        });
        // Starts only move right, so the dot's index does too.
        while dots.get(*cursor).is_some_and(|&d| d < dot) {
            *cursor += 1;
        }
        let tld_end = (*ends.get(*cursor)?)?;
        match text.as_bytes().get(tld_end) {
            Some(b'/' | b'?' | b'#') => Some(run_end(text, tld_end + 1, is_tail)),
            _ => Some(tld_end),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use regex::Regex;
    use std::sync::OnceLock;

    // The regular expressions the matchers replace, exactly as the detectors built them.
    const EMAIL: &str = r"(?i)[a-z0-9][a-z0-9._%+\-]*@[a-z0-9](?:[a-z0-9\-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9\-]*[a-z0-9])?)*\.[a-z]{2,24}";
    const SCHEME_URL: &str = r"(?i)(?:[a-z][a-z0-9+.\-]*://|www\.)\S+";

    fn link_regex(tlds: &[String]) -> Regex {
        let mut tlds = tlds.to_vec();
        tlds.sort_by_key(|t| std::cmp::Reverse(t.len()));
        tlds.dedup();
        let tld_alt = tlds
            .iter()
            .map(|t| regex::escape(t))
            .collect::<Vec<_>>()
            .join("|");
        let pattern = format!(
            r#"(?i)(?:(?-u:\b)[a-z][a-z0-9+\-]{{1,15}}://[^\s<>"'`]+|(?-u:\b)www\.[^\s<>"'`]+|(?-u:\b)(?:[a-z0-9](?:[a-z0-9\-]{{0,61}}[a-z0-9])?\.)+(?:{tld_alt})(?-u:\b)(?:[/?#][^\s<>"'`]*)?)"#
        );
        Regex::new(&pattern).unwrap()
    }

    /// The default TLDs (spec/detectors/sources.toml) and an adversarial list: one-letter
    /// TLDs with case-folding partners, hyphens at the end, digits, prefixes of each other,
    /// the same length in an order that matters, a duplicate.
    fn tld_lists() -> [Vec<String>; 2] {
        let default = [
            "vn", "com", "net", "org", "info", "biz", "gov", "edu", "io", "co", "me", "ly", "gl",
            "gd", "at", "xyz", "top", "site", "online", "club", "vip", "link", "live", "tk", "cc",
            "tv", "asia", "app", "dev", "news", "shop", "store", "cn", "ru", "us", "uk",
        ];
        let adversarial = [
            "k", "s", "sk", "ks", "x-", "-", "a1", "1", "co", "com", "c-o", "vn", "w", "ww", "com",
            "ab", "ba",
        ];
        [
            default.iter().map(|s| s.to_string()).collect(),
            adversarial.iter().map(|s| s.to_string()).collect(),
        ]
    }

    struct Compiled {
        email: Regex,
        scheme_url: Regex,
        links: Vec<(LinkPattern, Regex)>,
    }

    fn compiled() -> &'static Compiled {
        static C: OnceLock<Compiled> = OnceLock::new();
        C.get_or_init(|| Compiled {
            email: Regex::new(EMAIL).unwrap(),
            scheme_url: Regex::new(SCHEME_URL).unwrap(),
            links: tld_lists()
                .iter()
                .map(|t| (LinkPattern::new(t), link_regex(t)))
                .collect(),
        })
    }

    fn regex_ranges(re: &Regex, text: &str) -> Vec<Range<usize>> {
        re.find_iter(text).map(|m| m.range()).collect()
    }

    /// Every matcher against its regular expression on `text`.
    fn same_as_regex(text: &str) -> Result<(), TestCaseError> {
        let c = compiled();
        prop_assert_eq!(
            emails(text),
            regex_ranges(&c.email, text),
            "emails in {:?}",
            text
        );
        prop_assert_eq!(
            scheme_urls(text),
            regex_ranges(&c.scheme_url, text),
            "scheme URLs in {:?}",
            text
        );
        for (pattern, re) in &c.links {
            prop_assert_eq!(
                pattern.find(text),
                regex_ranges(re, text),
                "links in {:?} with {:?}",
                text,
                pattern.tlds
            );
        }
        Ok(())
    }

    /// Characters that matter to the patterns: class members and their case-folding partners,
    /// the separators, ASCII and non-ASCII whitespace, Vietnamese letters, an emoji.
    const CHARS: &[char] = &[
        'a', 'b', 'c', 'k', 'K', 's', 'S', 'w', 'W', 'o', 'O', 'm', 'v', 'n', 'x', 'z', 'Z', '1',
        '0', '9', '.', '.', '.', ':', '/', '@', '-', '+', '%', '_', '?', '#', '<', '>', '"', '\'',
        '`', ' ', '\t', '\n', '\u{b}', '\u{c}', '\r', '\u{85}', '\u{a0}', '\u{1680}', '\u{2003}',
        '\u{2028}', '\u{202f}', '\u{3000}', '\u{200b}', '\u{feff}', '\u{212A}', '\u{17F}',
        '\u{212B}', '\u{130}', '\u{131}', 'đ', 'Đ', 'ạ', 'ễ', 'ữ', 'ơ', '😀', '。', '．', 'ａ',
    ];

    /// Pieces of links, e-mails and Vietnamese text.
    const PIECES: &[&str] = &[
        "http",
        "https",
        "HTTP",
        "://",
        ":/",
        "www.",
        "WWW.",
        "wWw",
        ".com",
        ".vn",
        ".co",
        ".uk",
        ".sk",
        ".\u{17F}\u{212A}",
        ".x-",
        ".-",
        ".a1",
        ".1",
        "@",
        "gmail",
        "nguyenvana",
        "a.b",
        "a-b",
        "-",
        "--",
        "..",
        "k",
        "\u{212A}",
        "\u{17F}",
        "tin nóng ",
        "liên hệ ",
        "xem tại ",
        "bit.ly/3xYz",
        "vnexpress.net/a?b#c",
        "mic.gov.vn",
        " ",
        "\u{a0}",
        "/",
        "?q=1",
        "#x",
        "mailto:",
        "a+b",
        "%",
        "_",
        "<",
        ">",
        "\"",
        "'",
        "`",
        "đụ má ",
    ];

    fn piece() -> impl Strategy<Value = String> {
        prop_oneof![
            4 => proptest::sample::select(CHARS).prop_map(String::from),
            4 => proptest::sample::select(PIECES).prop_map(String::from),
            // Runs near the limits: 15 scheme characters, 63 label characters.
            1 => (1usize..20, proptest::sample::select(&['a', '1', '-', '\u{212A}'][..]))
                .prop_map(|(n, c)| c.to_string().repeat(n)),
            1 => (58usize..68, proptest::sample::select(&['a', '-', '\u{17F}'][..]))
                .prop_map(|(n, c)| format!("b{}", c.to_string().repeat(n))),
        ]
    }

    fn adversarial() -> impl Strategy<Value = String> {
        proptest::collection::vec(piece(), 0..40).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]

        #[test]
        fn matchers_equal_the_regexes_on_adversarial_text(text in adversarial()) {
            same_as_regex(&text)?;
        }

        #[test]
        fn matchers_equal_the_regexes_on_arbitrary_text(text in any::<String>()) {
            same_as_regex(&text)?;
        }

        #[test]
        fn matchers_equal_the_regexes_on_arbitrary_ascii(text in "[ -~\t\n]{0,80}") {
            same_as_regex(&text)?;
        }
    }

    type Class = (&'static str, fn(char) -> bool);

    #[test]
    fn character_classes_equal_the_regex_classes_over_all_of_unicode() {
        let classes: [Class; 8] = [
            (r"(?i)^[a-z]$", is_letter),
            (r"(?i)^[a-z0-9]$", is_alnum),
            (r"(?i)^[a-z0-9\-]$", is_label),
            (r"(?i)^[a-z0-9._%+\-]$", is_local),
            (r"(?i)^[a-z0-9+.\-]$", is_scheme),
            (r"(?i)^[a-z0-9+\-]$", is_scheme_rest),
            (r#"(?i)^[^\s<>"'`]$"#, is_tail),
            (r"(?i)^\S$", |c: char| !c.is_whitespace()),
        ];
        let w = Regex::new(r"(?i)^w$").unwrap();
        for (pattern, class) in classes {
            let re = Regex::new(pattern).unwrap();
            for c in '\0'..=char::MAX {
                let s = c.to_string();
                assert_eq!(class(c), re.is_match(&s), "{pattern} on U+{:04X}", c as u32);
            }
        }
        // `www_at` compares ASCII only: nothing else folds to 'w'.
        for c in '\0'..=char::MAX {
            assert_eq!(w.is_match(&c.to_string()), c == 'w' || c == 'W');
        }
        // `tld_at`: the ASCII letters' only non-ASCII partners are K and ſ.
        for t in ('a'..='z').chain('0'..='9').chain(['-']) {
            let re = Regex::new(&format!("(?i)^{}$", regex::escape(&t.to_string()))).unwrap();
            for c in '\0'..=char::MAX {
                let ours = tld_at(&c.to_string(), 0, &t.to_string()).is_some();
                assert_eq!(
                    ours,
                    re.is_match(&c.to_string()),
                    "{t:?} vs U+{:04X}",
                    c as u32
                );
            }
        }
    }

    #[test]
    fn examples() {
        let text = "Liên hệ nguyenvana@gmail.com.vn hoặc xem https://vnexpress.net/a, www.abc.vn";
        let got: Vec<&str> = emails(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(got, ["nguyenvana@gmail.com.vn"]);
        let got: Vec<&str> = scheme_urls(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(got, ["https://vnexpress.net/a,", "www.abc.vn"]);
        let links = LinkPattern::new(&["vn".into(), "com".into(), "net".into()]);
        let got: Vec<&str> = links.find(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(
            got,
            ["gmail.com.vn", "https://vnexpress.net/a,", "www.abc.vn"]
        );
        // The last label with letters wins: "a.bc" then "1." is not a TLD.
        assert_eq!(emails("x@a.bc.1.d"), [Range { start: 0, end: 6 }]);
        // KELVIN SIGN is a 'k' under (?i); it is not an ASCII word character.
        let text = "xem abc.u\u{212A}a";
        let links = LinkPattern::new(&["uk".into()]);
        let end = text.len() - 1;
        assert_eq!(links.find(text), [Range { start: 4, end }]);
    }

    #[test]
    fn long_adversarial_inputs_take_linear_time_and_agree() {
        let many_labels = "a.".repeat(100_000);
        let many_emails = "a@b.".repeat(50_000);
        let long_scheme = "a".repeat(200_000) + "://";
        let long_local = "a.".repeat(100_000) + "@";
        let hyphens = "-a".repeat(100_000) + ".com";
        for text in [many_labels, many_emails, long_scheme, long_local, hyphens] {
            let started = std::time::Instant::now();
            let c = compiled();
            assert_eq!(emails(&text), regex_ranges(&c.email, &text));
            assert_eq!(scheme_urls(&text), regex_ranges(&c.scheme_url, &text));
            for (pattern, re) in &c.links {
                assert_eq!(pattern.find(&text), regex_ranges(re, &text));
            }
            // Quadratic work on 200 KB would take minutes.
            assert!(started.elapsed().as_secs() < 30);
        }
    }
}
