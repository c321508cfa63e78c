//! The lexicon term matcher: every variant of every term compiled into two Aho–Corasick
//! automata (one per normalised view), run once over a text.

use super::lexicon::{Lexicon, LexiconError, Problem, SpellingPosition, SpellingRule};
use super::syllables::SyllableTrie;
use super::{MatchTier, TermMatch};
use crate::model::Severity;
use crate::text::{
    has_diacritic, normalize_term, parts, NormalizedTerm, NormalizedText, OffsetCursor, View,
};
use aho_corasick::{AhoCorasick, MatchKind};
use std::collections::{BTreeSet, HashMap};
use std::ops::Range;
use std::sync::{Arc, OnceLock};

/// Most variants generated for one syllable by the spelling rules.
const MAX_SYLLABLE_VARIANTS: usize = 16;
/// Most spelling variants generated for one term.
const MAX_TERM_VARIANTS: usize = 64;

/// Finds lexicon terms in normalised text.
///
/// Compiled once (per engine) from one or more [`Lexicon`]s; immutable, `Send + Sync`, cheap
/// to share. For each term it matches
///
/// * the canonical form (tones kept, either placement) in the canonical view —
///   [`MatchTier::Exact`];
/// * when the term has `folded = true`: its tone-less form in the folded view —
///   [`MatchTier::Folded`] — and the variants the `[[spellings]]` rules make of that form —
///   [`MatchTier::Spelling`];
/// * each `[[abbreviations]]` short form, as a whole word of the folded view —
///   [`MatchTier::Abbreviation`], reported as its long term.
///
/// A match counts only on whole syllables, and only when the term's `requires_any`,
/// `excludes_next` and `excludes_prev` allow it. A non-exact match is dropped when it lies
/// inside an exact occurrence of a `[[safe]]` phrase, and a folded match is dropped when the
/// text carries diacritics that contradict the term (`đồ ngủ` is not a tone-less `đồ ngu`:
/// a syllable written with any tone or vowel mark must carry the term's tone, and may carry
/// only the term's marks), or when it is one syllable written without diacritics in a post
/// whose other syllables mostly carry them (`Cho tôi một ly` does not contain `chó`).
///
/// Overlapping matches are resolved leftmost-longest (then exact before abbreviation before
/// folded before spelling, then higher severity, then the term), so the result is
/// deterministic and non-overlapping.
///
/// Cost: building is linear in the total size of the variants; [`find`](Self::find) is linear
/// in the text plus the number of raw automaton hits (bounded per position by the lexicon).
///
/// ```
/// use ungxu::detect::{Lexicon, LexiconMatcher, MatchTier};
/// use ungxu::text::NormalizedText;
/// let lexicon = Lexicon::from_toml_str(r#"
/// [lexicon]
/// id = "demo"
/// language = "vi"
/// description = "Demo"
/// source = "Written for this example"
///
/// [[terms]]
/// term = "đồ ngu"
/// category = "insult"
/// severity = "medium"
///
/// [[safe]]
/// term = "đồ ngủ"
/// reason = "sleepwear; folds to 'do ngu'"
/// "#).unwrap();
/// let matcher = LexiconMatcher::new(&[lexicon]).unwrap();
///
/// let text = NormalizedText::new("Mày là ĐỒ NGU");
/// let found = matcher.find(&text);
/// assert_eq!(found.len(), 1);
/// assert_eq!(found[0].tier, MatchTier::Exact);
/// assert_eq!(found[0].span.slice(text.original()), Some("ĐỒ NGU"));
///
/// assert_eq!(matcher.find(&NormalizedText::new("do ngu"))[0].tier, MatchTier::Folded);
/// assert!(matcher.find(&NormalizedText::new("Mua bộ đồ ngủ mới")).is_empty());
/// ```
#[derive(Debug, Clone, Default)]
pub struct LexiconMatcher {
    terms: Vec<CompiledTerm>,
    /// One automaton over the folded view: every pattern is a folded form; targets that need
    /// the tones (exact terms, safe phrases, exact context) check the canonical view after.
    automaton: Automaton,
    /// Canonical forms that safe phrases and context words must match, by id.
    canonical_forms: Vec<String>,
    context_words: usize,
    categories: BTreeSet<String>,
    lexicons: Vec<String>,
}

#[derive(Debug, Clone)]
struct CompiledTerm {
    term: Arc<str>,
    lexicon: Arc<str>,
    category: Arc<str>,
    subcategory: Option<Arc<str>>,
    severity: Severity,
    /// The canonical form, which an exact match must equal.
    canonical: Arc<str>,
    /// The canonical characters that have a folded counterpart, in order (spaces included):
    /// aligned one to one with the folded form.
    canonical_chars: Vec<char>,
    requires_any: Vec<u32>,
    excludes_next: Vec<NormalizedTerm>,
    excludes_prev: Vec<NormalizedTerm>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    /// A term; for [`MatchTier::Exact`] the canonical view must equal the term's canonical form.
    Term { term: u32, tier: MatchTier },
    /// A safe phrase with this canonical form (an exact occurrence is needed).
    Safe { canonical: u32 },
    /// An opinion word with this canonical form (an exact occurrence is needed).
    Opinion { canonical: u32 },
    /// A `requires_any` word with this canonical form.
    Context { word: u32, canonical: u32 },
}

#[derive(Debug, Clone, Default)]
struct Automaton {
    scanner: Option<Scanner>,
    patterns: Vec<Arc<str>>,
    targets: Vec<Vec<Target>>,
}

/// The compiled patterns.
///
/// Every pattern is whole syllables joined by single spaces (normalised lexicon entries
/// always are), and a match counts only on syllable boundaries. So the usual scan splits the
/// folded view into syllables, looks each one up once in the patterns' syllable vocabulary,
/// and walks a trie of syllable ids from each known syllable: one hash probe per syllable
/// instead of a byte-by-byte automaton walk, and a vocabulary small enough to stay in cache.
/// Texts with soft syllable boundaries (removed separators or invisible characters), and
/// patterns of any other shape, use the crate's overlapping Aho–Corasick search. When the
/// syllable trie serves ordinary texts, that automaton is built on the first text that needs
/// it rather than with the engine (most engines never check such a text, and building it was
/// a fifth of the start-up in the browser).
///
/// In a text with soft boundaries the overlapping search runs only around the words that hold
/// one (a long post may have a single `đ.m`); the syllable scan serves the rest.
#[derive(Debug, Clone)]
struct Scanner {
    syllables: Option<SyllableTrie>,
    overlapping: Overlapping,
    /// The longest pattern, in bytes.
    longest: usize,
}

/// Pattern sets this large build their overlapping automaton eagerly, so that the build's
/// only failure (more states than the automaton's 31-bit state ids) is reported when the
/// engine is built. Below it the build cannot fail: an automaton has at most one state per
/// pattern byte, plus two.
const LAZY_BUILD_MAX_BYTES: usize = 1 << 24;

/// The overlapping Aho–Corasick automaton of a pattern set, built now or on first use.
#[derive(Debug, Clone)]
struct Overlapping {
    patterns: Vec<Arc<str>>,
    automaton: OnceLock<Option<AhoCorasick>>,
}

impl Overlapping {
    fn build(patterns: &[Arc<str>]) -> Result<AhoCorasick, aho_corasick::BuildError> {
        AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(patterns.iter().map(|p| p.as_bytes()))
    }

    fn new(patterns: &[Arc<str>], lazy: bool) -> Result<Overlapping, LexiconError> {
        let automaton = OnceLock::new();
        let bytes: usize = patterns.iter().map(|p| p.len()).sum();
        if !lazy || bytes > LAZY_BUILD_MAX_BYTES {
            let built = Self::build(patterns).map_err(|e| LexiconError::Build(e.to_string()))?;
            let _ = automaton.set(Some(built));
        }
        Ok(Overlapping {
            patterns: patterns.to_vec(),
            automaton,
        })
    }

    /// The automaton (`None` only if a lazy build failed, which the size bound rules out).
    fn get(&self) -> Option<&AhoCorasick> {
        self.automaton
            .get_or_init(|| Self::build(&self.patterns).ok())
            .as_ref()
    }

    #[cfg(test)]
    fn is_built(&self) -> bool {
        self.automaton.get().is_some()
    }
}

impl Scanner {
    fn new(patterns: &[Arc<str>]) -> Result<Scanner, LexiconError> {
        let syllables = SyllableTrie::new(patterns);
        let overlapping = Overlapping::new(patterns, syllables.is_some())?;
        Ok(Scanner {
            syllables,
            overlapping,
            longest: patterns.iter().map(|p| p.len()).max().unwrap_or(0),
        })
    }

    /// Calls `hit(start, end, pattern)` for every occurrence of every pattern in the folded
    /// view that starts and ends on a syllable boundary (and for the overlapping search,
    /// some that do not: the caller checks both ends).
    fn for_each_match(&self, text: &NormalizedText<'_>, mut hit: impl FnMut(usize, usize, usize)) {
        let folded = text.folded();
        let Some(trie) = &self.syllables else {
            if let Some(ac) = self.overlapping.get() {
                for m in ac.find_overlapping_iter(folded) {
                    hit(m.start(), m.end(), m.pattern().as_usize());
                }
            }
            return;
        };
        if !text.has_soft() {
            trie.for_each_match(folded, hit);
            return;
        }
        // Away from the words holding a soft boundary the syllable scan finds what the
        // overlapping search would; an occurrence touching one of them lies within the
        // longest pattern's length of it.
        let soft = text.soft_words();
        let touches_soft = |range: Range<usize>| {
            let next = soft.partition_point(|w| w.end <= range.start);
            soft.get(next).is_some_and(|w| w.start < range.end)
        };
        trie.for_each_match(folded, |start, end, pattern| {
            if !touches_soft(start..end) {
                hit(start, end, pattern);
            }
        });
        let Some(ac) = self.overlapping.get() else {
            return;
        };
        let mut windows: Vec<Range<usize>> = Vec::with_capacity(soft.len());
        for w in &soft {
            let mut start = w.start.saturating_sub(self.longest);
            while !folded.is_char_boundary(start) {
                start -= 1;
            }
            let mut end = w.end.saturating_add(self.longest).min(folded.len());
            while !folded.is_char_boundary(end) {
                end += 1;
            }
            match windows.last_mut() {
                Some(last) if last.end >= start => last.end = last.end.max(end),
                _ => windows.push(start..end),
            }
        }
        for window in windows {
            let input = aho_corasick::Input::new(folded).range(window);
            for m in ac.find_overlapping_iter(input) {
                if touches_soft(m.start()..m.end()) {
                    hit(m.start(), m.end(), m.pattern().as_usize());
                }
            }
        }
    }
}

#[derive(Default)]
struct PatternSet {
    index: HashMap<String, usize>,
    patterns: Vec<String>,
    targets: Vec<Vec<Target>>,
}

impl PatternSet {
    fn add(&mut self, pattern: &str, target: Target) {
        if pattern.is_empty() {
            return;
        }
        let id = match self.index.get(pattern) {
            Some(&id) => id,
            None => {
                let id = self.patterns.len();
                self.index.insert(pattern.to_owned(), id);
                self.patterns.push(pattern.to_owned());
                self.targets.push(Vec::new());
                id
            }
        };
        if !self.targets[id].contains(&target) {
            self.targets[id].push(target);
        }
    }

    fn build(self) -> Result<Automaton, LexiconError> {
        let patterns: Vec<Arc<str>> = self.patterns.into_iter().map(Arc::from).collect();
        let scanner = if patterns.is_empty() {
            None
        } else {
            Some(Scanner::new(&patterns)?)
        };
        Ok(Automaton {
            scanner,
            patterns,
            targets: self.targets,
        })
    }
}

/// A raw hit before filtering.
struct Candidate {
    term: u32,
    tier: MatchTier,
    /// The view the match is judged in: canonical for exact matches, folded otherwise.
    view: View,
    /// The byte range in that view.
    bytes: Range<usize>,
    /// The byte range in the original text.
    orig: Range<usize>,
    units: Range<usize>,
    pattern: u32,
}

/// Interns canonical forms.
#[derive(Default)]
struct Forms {
    index: HashMap<String, u32>,
    forms: Vec<String>,
}

impl Forms {
    fn id(&mut self, form: &str) -> u32 {
        if let Some(&id) = self.index.get(form) {
            return id;
        }
        let id = self.forms.len() as u32;
        self.index.insert(form.to_owned(), id);
        self.forms.push(form.to_owned());
        id
    }
}

impl LexiconMatcher {
    /// Compiles the lexicons. Fails on two lexicons with one id, or an abbreviation whose
    /// `long` is not a term of any of them. Spelling rules of every lexicon apply to the
    /// terms of every lexicon.
    pub fn new(lexicons: &[Lexicon]) -> Result<LexiconMatcher, LexiconError> {
        let mut ids = BTreeSet::new();
        for l in lexicons {
            if !ids.insert(l.id()) {
                return Err(LexiconError::DuplicateId(l.id().to_owned()));
            }
        }
        let rules: Vec<&SpellingRule> = lexicons.iter().flat_map(|l| &l.spellings).collect();
        let mut patterns = PatternSet::default();
        let mut forms = Forms::default();
        let mut terms = Vec::new();
        let mut by_canonical: HashMap<String, u32> = HashMap::new();
        let mut context: HashMap<String, u32> = HashMap::new();
        let mut categories = BTreeSet::new();

        for l in lexicons {
            let lexicon_id: Arc<str> = Arc::from(l.id());
            for t in &l.terms {
                let idx = terms.len() as u32;
                let norm = normalize_term(&t.term);
                by_canonical.entry(norm.canonical.clone()).or_insert(idx);
                let term = |tier| Target::Term { term: idx, tier };
                patterns.add(&norm.folded, term(MatchTier::Exact));
                if t.folded {
                    patterns.add(&norm.folded, term(MatchTier::Folded));
                    for v in spelling_variants(&norm.folded, &rules) {
                        patterns.add(&v, term(MatchTier::Spelling));
                    }
                }
                let mut requires_any = Vec::new();
                for w in &t.requires_any {
                    let nw = normalize_term(w);
                    let next = context.len() as u32;
                    let word = *context.entry(nw.canonical.clone()).or_insert(next);
                    if word == next {
                        let canonical = forms.id(&nw.canonical);
                        patterns.add(&nw.folded, Target::Context { word, canonical });
                    }
                    requires_any.push(word);
                }
                let canonical_chars = canonical_chars(&norm.canonical);
                categories.insert(t.category.clone());
                terms.push(CompiledTerm {
                    term: Arc::from(t.term.as_str()),
                    lexicon: lexicon_id.clone(),
                    category: Arc::from(t.category.as_str()),
                    subcategory: t.subcategory.as_deref().map(Arc::from),
                    severity: t.severity,
                    canonical: Arc::from(norm.canonical.as_str()),
                    canonical_chars,
                    requires_any,
                    excludes_next: t.excludes_next.iter().map(|w| normalize_term(w)).collect(),
                    excludes_prev: t.excludes_prev.iter().map(|w| normalize_term(w)).collect(),
                });
            }
            for s in &l.safe {
                let n = normalize_term(&s.term);
                let canonical = forms.id(&n.canonical);
                patterns.add(&n.folded, Target::Safe { canonical });
            }
            for w in &l.opinion {
                let n = normalize_term(&w.term);
                let canonical = forms.id(&n.canonical);
                patterns.add(&n.folded, Target::Opinion { canonical });
            }
        }
        for l in lexicons {
            for (i, a) in l.abbreviations.iter().enumerate() {
                let long = normalize_term(&a.long).canonical;
                let Some(&term) = by_canonical.get(&long) else {
                    return Err(LexiconError::Invalid {
                        lexicon: l.id().to_owned(),
                        entry: format!("abbreviations[{i}] \"{}\"", a.short),
                        field: "long",
                        problem: Problem::MissingTerm(a.long.clone()),
                    });
                };
                patterns.add(
                    &normalize_term(&a.short).folded,
                    Target::Term {
                        term,
                        tier: MatchTier::Abbreviation,
                    },
                );
            }
        }
        Ok(LexiconMatcher {
            terms,
            automaton: patterns.build()?,
            canonical_forms: forms.forms,
            context_words: context.len(),
            categories,
            lexicons: lexicons.iter().map(|l| l.id().to_owned()).collect(),
        })
    }

    /// The category ids the terms use, for the rule pack to check.
    pub fn category_ids(&self) -> impl Iterator<Item = &str> {
        self.categories.iter().map(String::as_str)
    }

    /// The ids of the compiled lexicons, in the order given.
    pub fn lexicon_ids(&self) -> impl Iterator<Item = &str> {
        self.lexicons.iter().map(String::as_str)
    }

    /// Number of terms.
    pub fn term_count(&self) -> usize {
        self.terms.len()
    }

    /// Number of distinct patterns in the automaton (the folded forms of all variants, safe
    /// phrases and context words).
    pub fn pattern_count(&self) -> usize {
        self.automaton.patterns.len()
    }

    /// Normalises `text` and finds the terms in it.
    pub fn find_str(&self, text: &str) -> Vec<TermMatch> {
        self.find(&NormalizedText::new(text))
    }

    /// Finds the terms in a normalised text: non-overlapping, ordered by span start, then
    /// term.
    pub fn find(&self, text: &NormalizedText<'_>) -> Vec<TermMatch> {
        self.scan(text, &mut ScanNotes::default())
    }

    /// [`LexiconMatcher::find`], also noting in `notes` what the lexicon's data says about the
    /// rest of the text (see [`ScanNotes`]). Other detectors (the learned span scorer) defer to
    /// these decisions.
    ///
    /// ```
    /// use ungxu::detect::ScanNotes;
    /// let engine = ungxu::Engine::default();
    /// let text = ungxu::text::NormalizedText::new("Mua hạt óc chó ở đâu ngon");
    /// let mut notes = ScanNotes::default();
    /// assert!(engine.lexicon().scan(&text, &mut notes).is_empty());
    /// assert_eq!(&text.original()[notes.innocent[0].clone()], "óc chó");
    /// let text = ungxu::text::NormalizedText::new("Chủ tịch xã làm việc kém quá");
    /// let mut notes = ScanNotes::default();
    /// assert!(engine.lexicon().scan(&text, &mut notes).is_empty());
    /// assert_eq!(&text.original()[notes.opinion[0].clone()], "kém");
    /// ```
    pub fn scan(&self, text: &NormalizedText<'_>, notes: &mut ScanNotes) -> Vec<TermMatch> {
        let Some(scanner) = &self.automaton.scanner else {
            return Vec::new();
        };
        // Raw hits that start and end on syllable boundaries (usually none or a few), turned
        // into candidates, safe ranges and context words as the scan finds them.
        let mut candidates: Vec<Candidate> = Vec::new();
        let mut safe: Vec<Range<usize>> = Vec::new();
        // Context words found: exact (canonical) ones at `word`, folded ones at
        // `context_words + word`; allocated on the first context hit (empty: none found).
        let mut context: Vec<bool> = Vec::new();
        // Context words are frequent and rarely needed, so whether one was written exactly
        // is decided only once a candidate needs it: (word, canonical form, folded range).
        let mut context_hits: Vec<(u32, u32, Range<usize>)> = Vec::new();
        let canonical_view = text.canonical();
        scanner.for_each_match(text, |start, end, pattern| {
            if !text.is_whole_folded(start..end) {
                return;
            }
            let bytes = start..end;
            // Units and canonical range of the hit, worked out on first need.
            let mut located: Option<(Range<usize>, Range<usize>)> = None;
            for &target in &self.automaton.targets[pattern] {
                if let Target::Context { word, canonical } = target {
                    if context.is_empty() {
                        context = vec![false; 2 * self.context_words];
                    }
                    context[self.context_words + word as usize] = true;
                    if context_hits.capacity() == 0 {
                        context_hits.reserve(8);
                    }
                    context_hits.push((word, canonical, bytes.clone()));
                    continue;
                }
                if located.is_none() {
                    let Some(units) = text.unit_range(View::Folded, bytes.clone()) else {
                        return;
                    };
                    let canonical = text.canonical_range(units.clone());
                    located = Some((units, canonical));
                }
                let Some((units, canonical)) = &located else {
                    return;
                };
                let canonical_is = |form: &str| canonical_view.get(canonical.clone()) == Some(form);
                match target {
                    Target::Term { term, tier } => {
                        let (view, bytes) = if tier == MatchTier::Exact {
                            if !canonical_is(&self.terms[term as usize].canonical[..]) {
                                continue;
                            }
                            (View::Canonical, canonical.clone())
                        } else {
                            (View::Folded, bytes.clone())
                        };
                        if candidates.capacity() == 0 {
                            candidates.reserve(8);
                        }
                        candidates.push(Candidate {
                            term,
                            tier,
                            view,
                            bytes,
                            orig: text.original_range(units.clone()),
                            units: units.clone(),
                            pattern: pattern as u32,
                        });
                    }
                    Target::Safe { canonical } => {
                        if canonical_is(&self.canonical_forms[canonical as usize]) {
                            safe.push(text.original_range(units.clone()));
                        }
                    }
                    Target::Opinion { canonical } => {
                        if canonical_is(&self.canonical_forms[canonical as usize]) {
                            notes.opinion.push(text.original_range(units.clone()));
                        }
                    }
                    Target::Context { .. } => {}
                }
            }
        });
        if candidates.is_empty() {
            return Vec::new();
        }
        for (word, canonical, bytes) in context_hits {
            let exact = text
                .unit_range(View::Folded, bytes)
                .map(|units| text.canonical_range(units))
                .is_some_and(|range| {
                    canonical_view.get(range) == Some(&self.canonical_forms[canonical as usize][..])
                });
            if exact {
                context[word as usize] = true;
            }
        }
        let mut diacritised = None;
        let innocent_out = &mut notes.innocent;
        let first_innocent = innocent_out.len();
        candidates.retain(|c| {
            let term = &self.terms[c.term as usize];
            let orig = &c.orig;
            let innocent = match self.context_says(text, c, term, &context) {
                ContextSays::Allowed => {
                    c.tier != MatchTier::Exact
                        && safe
                            .iter()
                            .any(|s| s.start <= orig.start && orig.end <= s.end)
                }
                ContextSays::Missing => return false,
                ContextSays::Excluded => true,
            };
            if innocent {
                innocent_out.push(orig.clone());
                return false;
            }
            c.tier != MatchTier::Folded || compatible(text, c, term, &mut diacritised)
        });
        // What is innocent as a whole is innocent in part: the `óc` of a walnut's `óc chó`.
        let innocent = &innocent_out[first_innocent..];
        if !innocent.is_empty() {
            candidates.retain(|c| {
                !innocent
                    .iter()
                    .any(|r| r.start <= c.orig.start && c.orig.end <= r.end)
            });
        }
        let mut kept = candidates;
        crate::sort::sort_by(&mut kept, |a, b| {
            let (ta, tb) = (&self.terms[a.term as usize], &self.terms[b.term as usize]);
            a.orig
                .start
                .cmp(&b.orig.start)
                .then(b.orig.end.cmp(&a.orig.end))
                .then(a.tier.cmp(&b.tier))
                .then(tb.severity.cmp(&ta.severity))
                .then(ta.term.cmp(&tb.term))
                .then(ta.lexicon.cmp(&tb.lexicon))
        });
        let mut out = Vec::with_capacity(kept.len());
        let mut last_end = 0usize;
        let mut cursor = OffsetCursor::new(text.original());
        for c in kept {
            let orig = c.orig.clone();
            if orig.start < last_end {
                continue;
            }
            let Some(span) = cursor.span(orig.clone()) else {
                continue;
            };
            last_end = orig.end;
            let term = &self.terms[c.term as usize];
            let mut steps = text.unit_steps(c.view, c.units.clone());
            if matches!(c.tier, MatchTier::Folded | MatchTier::Spelling) {
                steps.insert(crate::text::Step::Folded);
            }
            let form = match c.tier {
                MatchTier::Exact => String::from(&*term.canonical),
                _ => String::from(&*self.automaton.patterns[c.pattern as usize]),
            };
            out.push(TermMatch {
                term: String::from(&*term.term),
                lexicon: String::from(&*term.lexicon),
                category: String::from(&*term.category),
                subcategory: term.subcategory.as_deref().map(str::to_owned),
                severity: term.severity,
                tier: c.tier,
                confidence: c.tier.confidence(),
                span,
                steps,
                form,
            });
        }
        out
    }

    fn context_says<'a>(
        &self,
        text: &NormalizedText<'_>,
        c: &Candidate,
        term: &'a CompiledTerm,
        context: &[bool],
    ) -> ContextSays {
        // Exact matches need exact context; the others accept the folded one.
        let base = if c.tier == MatchTier::Exact {
            0
        } else {
            self.context_words
        };
        if !term.requires_any.is_empty()
            && !term
                .requires_any
                .iter()
                .any(|&w| context.get(base + w as usize) == Some(&true))
        {
            return ContextSays::Missing;
        }
        let hay = text.view(c.view);
        let form = |n: &'a NormalizedTerm| -> &'a str {
            match c.view {
                View::Canonical => &n.canonical,
                View::Folded => &n.folded,
            }
        };
        for next in &term.excludes_next {
            let p = form(next);
            let at = c.bytes.end + 1;
            if hay.as_bytes().get(c.bytes.end) == Some(&b' ')
                && hay.get(at..).is_some_and(|rest| rest.starts_with(p))
                && text.is_syllable_boundary(c.view, at + p.len())
            {
                return ContextSays::Excluded;
            }
        }
        for prev in &term.excludes_prev {
            let p = form(prev);
            if c.bytes.start > p.len()
                && hay.as_bytes().get(c.bytes.start - 1) == Some(&b' ')
                && hay
                    .get(..c.bytes.start - 1)
                    .is_some_and(|before| before.ends_with(p))
                && text.is_syllable_boundary(c.view, c.bytes.start - 1 - p.len())
            {
                return ContextSays::Excluded;
            }
        }
        ContextSays::Allowed
    }
}

/// What a lexicon scan notes besides its matches (original byte ranges, in scan order).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScanNotes {
    /// Occurrences the lexicon's data declares innocent: a term excluded by a neighbouring
    /// syllable (`excludes_prev`/`excludes_next`, e.g. `hạt óc chó`, the walnut) or a
    /// tone-less match inside a safe phrase.
    pub innocent: Vec<Range<usize>>,
    /// Exact occurrences of `[[opinion]]` words: criticism, which the Code leaves to people.
    pub opinion: Vec<Range<usize>>,
}

/// What a term's context rules say about a candidate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ContextSays {
    Allowed,
    /// A context word the term needs is absent.
    Missing,
    /// A neighbouring syllable marks another, innocent word (`hạt óc chó`, the walnut).
    Excluded,
}

/// Whether the diacritics the text does carry agree with the term: in each syllable written
/// with any tone, vowel mark or `đ`, every letter must carry the term's tone and either no mark
/// or the term's mark. A match written without any diacritic agrees with anything, unless it
/// is a single syllable and the rest of the post is written with diacritics (then the author
/// types them, and `cho` is `cho`, not a tone-less `chó`).
fn compatible(
    text: &NormalizedText<'_>,
    c: &Candidate,
    term: &CompiledTerm,
    diacritised: &mut Option<bool>,
) -> bool {
    let units = &text.units()[c.units.clone()];
    if !units.iter().any(|u| has_diacritic(u.ch)) {
        // Written without any diacritic. In a post written with diacritics, a lone syllable
        // is taken at face value (`cho`, `lon` are words); a phrase (`vai lon`, `con cac`)
        // is a deliberate tone-less spelling.
        return term.canonical.contains(' ')
            || !*diacritised.get_or_insert_with(|| is_diacritised(text));
    }
    let mut visible = units.iter().filter(|u| u.fch.is_some()).map(|u| u.ch);
    if visible.clone().count() != term.canonical_chars.len() {
        return true;
    }
    // Syllable by syllable (split at spaces and other non-alphanumeric characters): one
    // written with any diacritic must agree with the term letter by letter.
    let mut k = 0usize;
    while k < term.canonical_chars.len() {
        let start = k;
        let mut any = false;
        let mut agree = true;
        for t in visible.by_ref() {
            let kc = term.canonical_chars[k];
            k += 1;
            if !t.is_alphanumeric() {
                break;
            }
            any |= has_diacritic(t);
            let (pt, pk) = (parts(t), parts(kc));
            agree &=
                pt.tone == pk.tone && (pt.mark == crate::text::Mark::None || pt.mark == pk.mark);
            if k >= term.canonical_chars.len() {
                break;
            }
        }
        if any && !agree {
            return false;
        }
        if k == start {
            break;
        }
    }
    true
}

/// Whether the author of a text types diacritics: at least two syllables, and at least half of
/// the syllables with letters, carry a tone, a vowel mark or `đ`.
fn is_diacritised(text: &NormalizedText<'_>) -> bool {
    let (syllables, marked) = text.diacritic_syllables();
    marked >= 2 && marked * 2 >= syllables
}

/// The variants the spelling rules make of a tone-less term (not including the term itself),
/// deterministic and bounded.
fn spelling_variants(folded: &str, rules: &[&SpellingRule]) -> Vec<String> {
    if rules.is_empty() {
        return Vec::new();
    }
    let per_syllable: Vec<Vec<String>> = folded
        .split(' ')
        .map(|syl| {
            let mut vs = vec![syl.to_owned()];
            for r in rules {
                let existing = vs.len();
                for i in 0..existing {
                    if vs.len() >= MAX_SYLLABLE_VARIANTS {
                        break;
                    }
                    if let Some(v) = apply(&vs[i], r) {
                        if !vs.contains(&v) {
                            vs.push(v);
                        }
                    }
                }
            }
            vs
        })
        .collect();
    // Cartesian product, in order, bounded.
    let mut out: Vec<String> = vec![String::new()];
    for (k, vs) in per_syllable.iter().enumerate() {
        let mut next = Vec::new();
        'outer: for prefix in &out {
            for v in vs {
                if next.len() > MAX_TERM_VARIANTS {
                    break 'outer;
                }
                let mut s = prefix.clone();
                if k > 0 {
                    s.push(' ');
                }
                s.push_str(v);
                next.push(s);
            }
        }
        out = next;
    }
    let mut seen = BTreeSet::new();
    out.into_iter()
        .map(|v| normalize_term(&v).folded)
        .filter(|v| v != folded && !v.is_empty() && seen.insert(v.clone()))
        .collect()
}

/// The characters of a term's canonical form that have a folded form (all but leftover
/// combining marks), as units of the normalised form. A canonical form of letters, digits,
/// spaces and ASCII symbols is its own normal form, one unit per character, so it needs no
/// second normalisation (a test compares the two over the embedded lexicons).
fn canonical_chars(canonical: &str) -> Vec<char> {
    let simple = canonical.chars().all(|c| {
        (c.is_ascii() && !c.is_ascii_control()) || crate::text::vietnamese_letter(c).is_some()
    });
    if simple {
        return canonical.chars().collect();
    }
    canonical_chars_by_units(canonical)
}

/// [`canonical_chars`] the long way: normalise the canonical form again and read its units.
fn canonical_chars_by_units(canonical: &str) -> Vec<char> {
    NormalizedText::new(canonical)
        .units()
        .iter()
        .filter(|u| u.fch.is_some())
        .map(|u| u.ch)
        .collect()
}

fn apply(syllable: &str, rule: &SpellingRule) -> Option<String> {
    let from = rule.from.as_str();
    match rule.position {
        SpellingPosition::Onset => syllable
            .strip_prefix(from)
            .map(|rest| format!("{}{rest}", rule.to)),
        SpellingPosition::Coda => syllable
            .strip_suffix(from)
            .map(|head| format!("{head}{}", rule.to)),
        SpellingPosition::Anywhere => syllable
            .contains(from)
            .then(|| syllable.replace(from, &rule.to)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `canonical_chars` of every term of the default engine (and a few that take the long
    /// way) equals the characters of the term's canonical form normalised again.
    #[test]
    fn canonical_chars_are_the_units_of_the_canonical_form() {
        let engine = crate::Engine::default();
        let terms = &engine.lexicon().terms;
        assert!(terms.len() > 1000);
        for t in terms {
            assert_eq!(
                t.canonical_chars,
                canonical_chars_by_units(&t.canonical),
                "{}",
                t.canonical
            );
        }
        for odd in ["n\u{303}gu", "ngu\u{302}\u{302}", "đ.m", "ﬁ", "日本"] {
            let canonical = normalize_term(odd).canonical;
            assert_eq!(
                canonical_chars(&canonical),
                canonical_chars_by_units(&canonical),
                "{odd}"
            );
        }
    }

    fn rule(from: &str, to: &str, position: SpellingPosition) -> SpellingRule {
        SpellingRule {
            from: from.into(),
            to: to.into(),
            position,
        }
    }

    #[test]
    fn spelling_variants_are_bounded_and_exclude_the_term() {
        let r1 = rule("ph", "f", SpellingPosition::Onset);
        let r2 = rule("nh", "nk", SpellingPosition::Coda);
        let r3 = rule("i", "j", SpellingPosition::Anywhere);
        let v = spelling_variants("phanh phi", &[&r1, &r2, &r3]);
        assert!(v.contains(&"fank fj".to_owned()), "{v:?}");
        assert!(v.contains(&"phanh fi".to_owned()), "{v:?}");
        assert!(!v.contains(&"phanh phi".to_owned()));
        let many: Vec<SpellingRule> = (0..40)
            .map(|i| {
                rule(
                    "a",
                    &format!("{}", char::from(b'b' + (i % 20) as u8)),
                    SpellingPosition::Anywhere,
                )
            })
            .collect();
        let refs: Vec<&SpellingRule> = many.iter().collect();
        assert!(spelling_variants("a a a a a a", &refs).len() <= MAX_TERM_VARIANTS);
    }

    #[test]
    fn syllable_and_overlapping_scans_agree() {
        let patterns: Vec<String> = [
            "dm",
            "d",
            "dmm",
            "ngu",
            "u",
            "do ngu",
            "o n",
            "ad",
            "do",
            "do ngu qua",
            "ñdm",
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
        let patterns: Vec<Arc<str>> = patterns.iter().map(|p| Arc::from(p.as_str())).collect();
        let scanner = Scanner::new(&patterns).unwrap();
        assert!(scanner.syllables.is_some());
        // Built lazily: not yet.
        assert!(!scanner.overlapping.is_built());
        let overlapping = Scanner {
            syllables: None,
            overlapping: Overlapping::new(&patterns, false).unwrap(),
            longest: scanner.longest,
        };
        assert!(overlapping.overlapping.is_built());
        for hay in [
            "dmm do ngu, admin nguu dm",
            "",
            "u",
            "😡dm ngu😡",
            "ñdm d",
            "do ngu qua do  ngu do ngu",
            "do ngu quá đồ ngu qua",
            "d u d",
        ] {
            let text = NormalizedText::new(hay);
            let collect = |s: &Scanner| {
                let mut v = Vec::new();
                s.for_each_match(&text, |a, b, p| {
                    if text.is_whole_folded(a..b) {
                        v.push((a, b, p))
                    }
                });
                v.sort_unstable();
                v
            };
            assert_eq!(collect(&scanner), collect(&overlapping), "{hay}");
        }
        // A removed separator inside a word: the lazy automaton is built and agrees.
        let text = NormalizedText::new("d.m do\u{200b}ngu");
        assert!(text.has_soft());
        let mut lazy = Vec::new();
        scanner.for_each_match(&text, |a, b, p| lazy.push((a, b, p)));
        assert!(scanner.overlapping.is_built());
        let mut eager = Vec::new();
        overlapping.for_each_match(&text, |a, b, p| eager.push((a, b, p)));
        assert_eq!(lazy, eager);
        assert!(!lazy.is_empty());
    }

    /// (start, end, pattern) of a hit, as `Scanner::for_each_match` gives them.
    type Hit = (usize, usize, usize);

    /// Whole-syllable hits of the engine's lexicon scanner in `hay`: as it scans, and by the
    /// overlapping search over the whole folded view.
    fn windowed_and_whole_hits(hay: &str) -> (Vec<Hit>, Vec<Hit>) {
        let engine = crate::Engine::default();
        let scanner = engine.lexicon().automaton.scanner.as_ref().unwrap();
        let text = NormalizedText::new(hay);
        let mut windowed = Vec::new();
        scanner.for_each_match(&text, |a, b, p| {
            if text.is_whole_folded(a..b) {
                windowed.push((a, b, p));
            }
        });
        let mut whole: Vec<_> = scanner
            .overlapping
            .get()
            .unwrap()
            .find_overlapping_iter(text.folded())
            .map(|m| (m.start(), m.end(), m.pattern().as_usize()))
            .filter(|&(a, b, _)| text.is_whole_folded(a..b))
            .collect();
        windowed.sort_unstable();
        whole.sort_unstable();
        (windowed, whole)
    }

    #[test]
    fn soft_texts_search_only_around_soft_words_and_find_the_same() {
        for hay in [
            "đ.m mày ngu vãi, đồ óc chó. thằng\u{200B}ngu",
            "ừ.đm con chó",
            // A term of two syllables ending, or starting, in a word with soft boundaries.
            "mày là đồ n.g.u",
            "đồ n.g.u như chó",
            "d-m-m cc v.c.l",
            &format!(
                "{}v.c.l",
                "bài viết dài về hội nghị chuyển đổi số của tỉnh, đồ ngu ".repeat(20)
            ),
            &format!(
                "{}đ.m{}",
                "xin chào các bạn ".repeat(30),
                " đồ ngu".repeat(30)
            ),
        ] {
            let (windowed, whole) = windowed_and_whole_hits(hay);
            assert!(NormalizedText::new(hay).has_soft(), "{hay}");
            assert!(!whole.is_empty(), "{hay}");
            assert_eq!(windowed, whole, "{hay}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig {
            cases: 64,
            failure_persistence: None,
            ..proptest::prelude::ProptestConfig::default()
        })]

        #[test]
        fn soft_texts_find_what_the_whole_search_finds(
            v in proptest::collection::vec(proptest::sample::select(vec![
                "đ", "m", "ngu", "dm", "đồ", "do", "cc", "vl", "vc", "l", "óc", "chó", "con",
                "thằng", "mày", "chết", "admin", "x", "ừ", "a", "đéo", "địt", "mẹ", "cặc",
                "n", "g", "u", "c", "h", "ó", ".", "-", "_", " ", " ", " ", "\u{200B}", ",", "😀",
                "0", "1",
            ]), 0..60)
        ) {
            let hay: String = v.concat();
            let (windowed, whole) = windowed_and_whole_hits(&hay);
            proptest::prop_assert_eq!(windowed, whole);
        }
    }

    #[test]
    fn patterns_other_than_spaced_syllables_use_the_overlapping_search() {
        let long = vec!["a"; super::super::syllables::MAX_PATTERN_SYLLABLES + 1].join(" ");
        for odd in ["18+", "a  b", " a", "a-b", long.as_str()] {
            let patterns: Vec<Arc<str>> = vec!["ngu".into(), odd.into()];
            let scanner = Scanner::new(&patterns).unwrap();
            assert!(scanner.syllables.is_none(), "{odd}");
            // The overlapping search serves every text: built with the scanner.
            assert!(scanner.overlapping.is_built(), "{odd}");
        }
    }

    #[test]
    fn matcher_is_send_and_sync() {
        fn check<T: Send + Sync>() {}
        check::<LexiconMatcher>();
    }
}
