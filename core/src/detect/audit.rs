//! The collision audit: which lexicon terms, once their tones are removed, spell an
//! innocent word of a real Vietnamese word list, and how the data handles each (the term is
//! not matched tone-less, or a safe phrase covers the innocent word, or nothing yet).
//!
//! rustrict generates its English false-positive list from dictionaries; this is the same
//! idea for Vietnamese, where the collisions come from tones, not from substrings.

use super::Lexicon;
use crate::text::normalize_term;
use serde::Serialize;
use std::collections::BTreeMap;

/// How a collision is handled by the lexicon data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "by", content = "detail")]
pub enum Handling {
    /// The term has `folded = false`: its tone-less form is never matched.
    NotFolded,
    /// Safe phrases that contain the colliding words.
    SafePhrases(Vec<String>),
    /// Neither: only the matcher's rule that written tones must agree protects the word
    /// when it is typed with its tones; typed without tones it would match.
    Unhandled,
}

/// A term whose tone-less form equals that of innocent words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Collision {
    /// The lexicon term.
    pub term: String,
    /// Its lexicon.
    pub lexicon: String,
    /// The shared tone-less form.
    pub folded: String,
    /// The innocent words with that tone-less form.
    pub words: Vec<String>,
    /// How the data handles it.
    pub handling: Handling,
}

/// Finds the collisions of `lexicons` with a word list (one word or phrase an entry; `#`
/// comments and blank entries are skipped). Deterministic: sorted by term.
///
/// ```
/// use ungxu::detect::{audit::{audit, Handling}, Lexicon};
/// let lex: Lexicon = r#"
/// [lexicon]
/// id = "t"
/// language = "vi"
/// description = "test"
/// source = "test"
/// [[terms]]
/// term = "đĩ"
/// category = "insult"
/// severity = "medium"
/// folded = false
/// "#.parse().unwrap();
/// let found = audit(&[lex], ["đi", "đì", "mèo"]);
/// assert_eq!(found[0].words, ["đi", "đì"]);
/// assert_eq!(found[0].handling, Handling::NotFolded);
/// ```
pub fn audit<'w>(lexicons: &[Lexicon], words: impl IntoIterator<Item = &'w str>) -> Vec<Collision> {
    // Words by their tone-less form.
    let mut by_folded: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for w in words {
        let w = w.trim();
        if w.is_empty() || w.starts_with('#') {
            continue;
        }
        let n = normalize_term(w);
        by_folded.entry(n.folded).or_default().push(n.canonical);
    }
    for v in by_folded.values_mut() {
        v.sort();
        v.dedup();
    }
    let safe: Vec<String> = lexicons
        .iter()
        .flat_map(|l| &l.safe)
        .map(|s| normalize_term(&s.term).canonical)
        .collect();
    let mut out = Vec::new();
    for lex in lexicons {
        for t in &lex.terms {
            let n = normalize_term(&t.term);
            let Some(words) = by_folded.get(&n.folded) else {
                continue;
            };
            let innocent: Vec<String> = words
                .iter()
                .filter(|w| **w != n.canonical)
                .cloned()
                .collect();
            if innocent.is_empty() {
                continue;
            }
            let handling = if !t.folded {
                Handling::NotFolded
            } else {
                let covering: Vec<String> = safe
                    .iter()
                    .filter(|s| {
                        innocent
                            .iter()
                            .any(|w| s.split(' ').any(|syl| syl == w) || s.contains(w.as_str()))
                    })
                    .cloned()
                    .collect();
                if covering.is_empty() {
                    Handling::Unhandled
                } else {
                    Handling::SafePhrases(covering)
                }
            };
            out.push(Collision {
                term: t.term.clone(),
                lexicon: lex.id().to_string(),
                folded: n.folded,
                words: innocent,
                handling,
            });
        }
    }
    out.sort_by(|a, b| (&a.term, &a.lexicon).cmp(&(&b.term, &b.lexicon)));
    out
}
