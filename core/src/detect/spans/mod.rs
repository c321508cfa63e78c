//! The learned span scorer: a linear model over hashed syllable features, shipped as data
//! (`spec/models/spans-vi.bin`, trained by `ungxu train spans` on the ViHOS train split).
//!
//! [`SpanModel::find`] scores every syllable of a [`NormalizedText`] (features in
//! [`features`](self) — the syllable, its neighbours, bigrams, character n-grams, the lexicon
//! matches over it, its shape and the punctuation around it), then joins the positive
//! syllables into spans: a run of syllables scoring at least the *extend* threshold that holds
//! at least one scoring the *start* threshold is a span, and spans at most `max_gap` syllables
//! apart are joined, covering the text between them. Each span carries a calibrated
//! probability (the highest of its syllables) and the features that contributed most, so a
//! moderator sees why.
//!
//! Scores are integer sums of quantised weights, so a model decides identically on every
//! platform; probabilities use only IEEE basic arithmetic (no platform `exp`).
//!
//! Cost: per syllable, about fifty-five table look-ups and no allocation; per text, one buffer of
//! syllables. Never panics on any text; a bad model file is a typed [`ModelError`] naming the
//! field and byte offset.
//!
//! ```
//! use ungxu::detect::spans::SpanModel;
//! use ungxu::text::NormalizedText;
//! let model = SpanModel::embedded();
//! let engine = ungxu::Engine::default();
//! let text = NormalizedText::new("mấy thằng óc chó này");
//! let lexicon = engine.lexicon().find(&text);
//! let spans = model.find(&text, &lexicon);
//! assert!(!spans.is_empty());
//! assert!(spans[0].confidence > 0.3 && spans[0].confidence <= 1.0);
//! assert!(!spans[0].features.is_empty());
//! ```

mod features;
mod format;
#[cfg(feature = "train")]
pub mod train;

pub use features::FEATURE_SET_VERSION;
pub use format::{ModelError, ModelProblem, FORMAT_VERSION, MAGIC};

use crate::detect::TermMatch;
use crate::text::NormalizedText;
use features::{stage2, NamedSink, SlotSink, TextFeatures};
#[cfg(feature = "span-model")]
use once_cell::sync::Lazy;
use serde::{Deserialize, Serialize};
use std::ops::Range;
use std::sync::Arc;

/// The embedded default model, `spec/models/spans-vi.bin` (feature `span-model`).
#[cfg(feature = "span-model")]
pub const EMBEDDED_MODEL: &[u8] = include_bytes!("../../../../spec/models/spans-vi.bin");

/// How many contributing features a span reports.
pub const TOP_FEATURES: usize = 5;

/// A span model: quantised weights in a table of `2^bits` slots, a bias, two thresholds, the
/// joining gap and the calibration. Immutable; cheap to clone (the table is shared).
#[derive(Clone, PartialEq)]
pub struct SpanModel {
    pub(crate) params: ModelParams,
    /// `2^bits` weights, in units of `params.scale`.
    pub(crate) table: Arc<[i8]>,
    /// The second stage's [`stage2::SIZE`] weights (over the first stage's bucketed logits of
    /// the syllable, its neighbours and its comment).
    pub(crate) context: Arc<[i8]>,
}

impl std::fmt::Debug for SpanModel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SpanModel")
            .field("params", &self.params)
            .field("weights", &self.weight_count())
            .finish()
    }
}

/// Everything of a model but its weights.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ModelParams {
    /// The feature-set version the model was trained with ([`FEATURE_SET_VERSION`]).
    pub feature_set: u16,
    /// log2 of the table size (8 to 24).
    pub bits: u8,
    /// Spans at most this many syllables apart are joined.
    pub max_gap: u8,
    /// What one weight unit is worth in logits.
    pub scale: f32,
    /// The bias, in weight units.
    pub bias: i32,
    /// The second stage's bias, in its weight units (the units of `start`, `extend` and the
    /// calibration).
    pub context_bias: i32,
    /// A span needs a syllable scoring at least this (second-stage units, bias included).
    pub start: i32,
    /// A span extends over neighbours scoring at least this (never above `start`).
    pub extend: i32,
    /// Calibration: probability = σ(`calibration_a` · score + `calibration_b`), score in units.
    pub calibration_a: f64,
    /// See `calibration_a`.
    pub calibration_b: f64,
}

/// A span the model found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelSpan {
    /// Byte range in the original text, from the first syllable's start to the last one's end.
    pub original: Range<usize>,
    /// Byte range in the canonical view.
    pub canonical: Range<usize>,
    /// The syllables (indices into [`NormalizedText::syllables`]).
    pub syllables: Range<usize>,
    /// The calibrated probability that the span is offensive: the highest of its syllables.
    pub confidence: f64,
    /// The category of the longest lexicon match overlapping the span, if any.
    pub lexicon_category: Option<String>,
    /// The features that contributed most, summed over the span's syllables, best first.
    pub features: Vec<FeatureContribution>,
}

/// A feature and what it added to a span's score, in logits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeatureContribution {
    /// What the feature is, e.g. `syllable=chó`, `bigram=oc cho`, `lexicon=insult`.
    pub feature: String,
    /// Its weight summed over the span's syllables.
    pub weight: f64,
}

impl std::fmt::Display for FeatureContribution {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {:+.2}", self.feature, self.weight)
    }
}

#[cfg(feature = "span-model")]
static EMBEDDED: Lazy<Result<SpanModel, ModelError>> =
    Lazy::new(|| SpanModel::from_bytes(EMBEDDED_MODEL));

#[cfg(feature = "span-model")]
impl SpanModel {
    /// The embedded default model (parsed once per process, shared after).
    ///
    /// The embedded file is checked by the tests; should it ever fail to parse, this returns
    /// an empty model that finds nothing rather than panicking (see [`SpanModel::embedded_checked`]).
    pub fn embedded() -> SpanModel {
        match &*EMBEDDED {
            Ok(m) => m.clone(),
            Err(_) => SpanModel::empty(),
        }
    }

    /// The embedded default model, or why it does not parse.
    pub fn embedded_checked() -> Result<SpanModel, ModelError> {
        EMBEDDED.clone()
    }
}

impl SpanModel {
    /// A model with no weights that never finds anything.
    pub fn empty() -> SpanModel {
        SpanModel {
            params: ModelParams {
                feature_set: FEATURE_SET_VERSION,
                bits: 8,
                max_gap: 0,
                scale: 1.0,
                bias: 0,
                context_bias: 0,
                start: 1,
                extend: 1,
                calibration_a: 1.0,
                calibration_b: 0.0,
            },
            table: vec![0i8; 256].into(),
            context: vec![0i8; stage2::SIZE].into(),
        }
    }

    /// The parameters (everything but the weights).
    pub fn params(&self) -> &ModelParams {
        &self.params
    }

    /// How many weights are not zero.
    pub fn weight_count(&self) -> usize {
        self.table.iter().filter(|&&w| w != 0).count()
    }

    /// The calibrated probability of a syllable score (weight units, bias included).
    ///
    /// ```
    /// let model = ungxu::detect::spans::SpanModel::embedded();
    /// let p = model.probability(model.params().start);
    /// assert!(p > 0.0 && p < 1.0);
    /// assert!(model.probability(model.params().start + 100) > p);
    /// ```
    pub fn probability(&self, score: i32) -> f64 {
        sigmoid(self.params.calibration_a * f64::from(score) + self.params.calibration_b)
    }

    /// The decision score of every syllable of `text` (second-stage units, bias included;
    /// compare with [`ModelParams::start`]), given the lexicon matches in it (from
    /// [`crate::detect::LexiconMatcher::find`] on the same text).
    pub fn score_syllables(&self, text: &NormalizedText<'_>, lexicon: &[TermMatch]) -> Vec<i32> {
        let mut tf = TextFeatures::default();
        tf.prepare(text, lexicon);
        self.scores(&tf, text, lexicon)
    }

    fn scores(
        &self,
        tf: &TextFeatures,
        text: &NormalizedText<'_>,
        lexicon: &[TermMatch],
    ) -> Vec<i32> {
        self.scores_and_slots(tf, text, lexicon, &mut SyllableSlots::default())
    }

    /// The scores, keeping every syllable's feature slots in `kept` (an explanation weighs
    /// them again without recomputing the features).
    fn scores_and_slots(
        &self,
        tf: &TextFeatures,
        text: &NormalizedText<'_>,
        lexicon: &[TermMatch],
        kept: &mut SyllableSlots,
    ) -> Vec<i32> {
        let n = tf.syllables.len();
        kept.slots.clear();
        kept.ends.clear();
        kept.ends.reserve(n);
        // About fifty-five features a syllable: one allocation for the text.
        kept.slots.reserve(n * 56);
        let scale = f64::from(self.params.scale);
        let logits: Vec<f64> = (0..n)
            .map(|i| {
                let sum = self.first_stage(tf, text, lexicon, i, &mut kept.slots);
                kept.ends.push(kept.slots.len());
                f64::from(sum) * scale
            })
            .collect();
        self.second_stage(&logits)
    }

    /// Second-stage scores from first-stage logits.
    pub(crate) fn second_stage(&self, logits: &[f64]) -> Vec<i32> {
        let context = stage2::CommentContext::new(logits);
        (0..logits.len())
            .map(|i| {
                let mut sum = self.params.context_bias;
                for f in stage2::features(logits, &context, i) {
                    sum += i32::from(self.context.get(usize::from(f)).copied().unwrap_or(0));
                }
                sum
            })
            .collect()
    }

    /// The first stage's score of syllable `i`, its feature slots appended to `slots`.
    #[inline]
    fn first_stage(
        &self,
        tf: &TextFeatures,
        text: &NormalizedText<'_>,
        lexicon: &[TermMatch],
        i: usize,
        slots: &mut Vec<u32>,
    ) -> i32 {
        let from = slots.len();
        tf.features(
            text,
            lexicon,
            i,
            &mut SlotSink {
                bits: self.params.bits,
                slots,
            },
        );
        let mut sum = self.params.bias;
        for &s in &slots[from..] {
            // Slots are below 2^bits = table.len() by construction; `get` keeps it panic-free.
            sum += i32::from(self.table.get(s as usize).copied().unwrap_or(0));
        }
        sum
    }

    /// The offensive spans of `text`, given the lexicon matches in it, in text order.
    pub fn find(&self, text: &NormalizedText<'_>, lexicon: &[TermMatch]) -> Vec<ModelSpan> {
        let mut tf = TextFeatures::default();
        tf.prepare(text, lexicon);
        if tf.syllables.is_empty() {
            return Vec::new();
        }
        let mut kept = SyllableSlots::default();
        let scores = self.scores_and_slots(&tf, text, lexicon, &mut kept);
        let p = &self.params;
        join_spans(&scores, p.start, p.extend, usize::from(p.max_gap))
            .into_iter()
            // A text that is one lone letter ("đ", what is left of "đđđđ" or "n.n.n.") says
            // nothing (a letter among words may: "t cho m thúi").
            .filter(|r| {
                if tf.syllables.len() > 1 {
                    return true;
                }
                let (a, b) = (
                    tf.syllables[r.start].canonical.0,
                    tf.syllables[r.end - 1].canonical.1,
                );
                text.canonical()
                    .get(a as usize..b as usize)
                    .is_some_and(|s| s.chars().nth(1).is_some())
            })
            .map(|r| self.describe(&tf, text, lexicon, &scores, &kept, r))
            .collect()
    }

    fn describe(
        &self,
        tf: &TextFeatures,
        text: &NormalizedText<'_>,
        lexicon: &[TermMatch],
        scores: &[i32],
        kept: &SyllableSlots,
        syllables: Range<usize>,
    ) -> ModelSpan {
        let first = &tf.syllables[syllables.start];
        let last = &tf.syllables[syllables.end - 1];
        let original = first.original.0 as usize..last.original.1 as usize;
        let canonical = first.canonical.0 as usize..last.canonical.1 as usize;
        let best = scores[syllables.clone()].iter().copied().max().unwrap_or(0);
        // The longest lexicon match overlapping the span (the earliest of equals).
        let lexicon_category = lexicon
            .iter()
            .filter(|m| m.span.byte_start < original.end && original.start < m.span.byte_end)
            .min_by_key(|m| {
                (
                    std::cmp::Reverse(m.span.byte_end - m.span.byte_start),
                    m.span.byte_start,
                )
            })
            .map(|m| m.category.clone());
        // Contributions summed over the span by slot (positive weights only); then names
        // for the best few slots only.
        let mut hits: Vec<(u32, i32)> = Vec::new();
        for i in syllables.clone() {
            for &s in kept.of(i) {
                let w = self.table.get(s as usize).copied().unwrap_or(0);
                if w > 0 {
                    hits.push((s, i32::from(w)));
                }
            }
        }
        hits.sort_unstable();
        let mut sums: Vec<(u32, i32)> = Vec::with_capacity(hits.len());
        for (slot, w) in hits {
            match sums.last_mut() {
                Some((s, total)) if *s == slot => *total += w,
                _ => sums.push((slot, w)),
            }
        }
        sums.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        // Ties at the cut are broken by name below: keep every slot tied with the last one.
        let cut = sums.get(TOP_FEATURES.saturating_sub(1)).map_or(0, |s| s.1);
        sums.retain(|s| s.1 >= cut);
        let mut wanted: Vec<u32> = sums.iter().map(|s| s.0).collect();
        wanted.sort_unstable();
        let mut named = NamedSink {
            bits: self.params.bits,
            wanted: &wanted,
            named: Vec::new(),
        };
        for i in syllables.clone() {
            tf.features(text, lexicon, i, &mut named);
        }
        let mut merged: Vec<(String, i32)> = sums
            .iter()
            .filter_map(|(slot, w)| {
                let name = named.named.iter().find(|(s, _)| s == slot)?;
                Some((name.1.clone(), *w))
            })
            .collect();
        merged.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        merged.truncate(TOP_FEATURES);
        let scale = f64::from(self.params.scale);
        ModelSpan {
            original,
            canonical,
            syllables,
            confidence: self.probability(best),
            lexicon_category,
            features: merged
                .into_iter()
                .map(|(feature, w)| FeatureContribution {
                    feature,
                    weight: (f64::from(w) * scale * 100.0).round() / 100.0,
                })
                .collect(),
        }
    }
}

/// Every syllable's feature slots, in one buffer.
#[derive(Default)]
struct SyllableSlots {
    slots: Vec<u32>,
    /// Where each syllable's slots end in `slots`.
    ends: Vec<usize>,
}

impl SyllableSlots {
    fn of(&self, i: usize) -> &[u32] {
        let from = match i.checked_sub(1) {
            Some(before) => self.ends.get(before).copied().unwrap_or(0),
            None => 0,
        };
        let to = self.ends.get(i).copied().unwrap_or(from);
        self.slots.get(from..to).unwrap_or(&[])
    }
}

/// Joins scored syllables into spans (ranges of syllable indices): a maximal run of scores at
/// least `extend` that holds one at least `start` is a span; spans separated by at most
/// `max_gap` syllables are joined into one. Linear time.
///
/// ```
/// use ungxu::detect::spans::join_spans;
/// //            0   1  2  3   4  5  6
/// let scores = [-5, 9, 3, -5, 9, -5, 3];
/// assert_eq!(join_spans(&scores, 8, 2, 0), [1..3, 4..5]);
/// assert_eq!(join_spans(&scores, 8, 2, 1), vec![1..5]);
/// assert_eq!(join_spans(&scores, 8, 8, 0), [1..2, 4..5]);
/// ```
pub fn join_spans(scores: &[i32], start: i32, extend: i32, max_gap: usize) -> Vec<Range<usize>> {
    let extend = extend.min(start);
    let mut runs: Vec<Range<usize>> = Vec::new();
    let mut i = 0;
    while i < scores.len() {
        if scores[i] < extend {
            i += 1;
            continue;
        }
        let begin = i;
        let mut strong = false;
        while i < scores.len() && scores[i] >= extend {
            strong |= scores[i] >= start;
            i += 1;
        }
        if !strong {
            continue;
        }
        match runs.last_mut() {
            Some(last) if begin - last.end <= max_gap => last.end = i,
            _ => runs.push(begin..i),
        }
    }
    runs
}

/// σ(x) = 1 / (1 + e^−x), with e^x computed from IEEE basic operations only (so the same bits
/// on every platform).
pub(crate) fn sigmoid(x: f64) -> f64 {
    if x.is_nan() {
        return 0.5;
    }
    if x >= 0.0 {
        1.0 / (1.0 + exp(-x))
    } else {
        let e = exp(x);
        e / (1.0 + e)
    }
}

/// e^x for x ≤ 0 (clamped at −700): x = k·ln2 + r with |r| ≤ ln2/2, e^r by its Taylor series
/// (degree 13, error below 1e−16), times 2^k built from the exponent bits.
pub(crate) fn exp(x: f64) -> f64 {
    let x = x.clamp(-700.0, 700.0);
    const LN2: f64 = std::f64::consts::LN_2;
    let k = (x / LN2).round();
    let r = x - k * LN2;
    let mut term = 1.0f64;
    let mut sum = 1.0f64;
    for n in 1..=13 {
        term = term * r / f64::from(n);
        sum += term;
    }
    // 2^k for k in [-1010, 1010]: split in two halves so each stays a normal number.
    let k = k as i32;
    let (k1, k2) = (k / 2, k - k / 2);
    let pow2 = |e: i32| f64::from_bits(((1023 + e) as u64) << 52);
    sum * pow2(k1) * pow2(k2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exp_matches_std() {
        for k in -400..=400 {
            let x = f64::from(k) * 0.05;
            let (a, b) = (exp(x), x.exp());
            assert!(((a - b) / b).abs() < 1e-13, "exp({x}) = {a}, std {b}");
        }
        assert!(exp(-1e9) >= 0.0);
        assert!(exp(1e9).is_finite());
        assert_eq!(sigmoid(0.0), 0.5);
        assert_eq!(sigmoid(f64::NAN), 0.5);
        assert!(sigmoid(50.0) > 0.999_999 && sigmoid(-50.0) < 1e-6);
    }

    #[test]
    fn joining() {
        assert!(join_spans(&[], 1, 1, 3).is_empty());
        assert!(join_spans(&[0, 0, 0], 1, 0, 3).is_empty()); // weak only: no span
        assert_eq!(join_spans(&[5], 1, 1, 0), vec![0..1]);
        assert_eq!(join_spans(&[5, 5, 0, 0, 5], 1, 1, 1), [0..2, 4..5]);
        assert_eq!(join_spans(&[5, 5, 0, 0, 5], 1, 1, 2), vec![0..5]);
        // A weak run far from any strong syllable stays out.
        assert_eq!(join_spans(&[5, -9, -9, 1, 1, -9], 5, 1, 1), vec![0..1]);
        // `extend` above `start` acts as `start`.
        assert_eq!(join_spans(&[3, 5], 5, 9, 0), vec![1..2]);
    }

    #[test]
    fn embedded_model_parses_and_round_trips() {
        let m = SpanModel::embedded_checked().expect("spec/models/spans-vi.bin");
        assert_eq!(m.params.feature_set, FEATURE_SET_VERSION);
        assert!(m.weight_count() > 1000);
        assert_eq!(m.to_bytes(), EMBEDDED_MODEL);
    }

    #[test]
    fn a_text_of_one_lone_letter_has_no_span() {
        // Every syllable scores above the thresholds.
        let mut model = SpanModel::empty();
        model.params.context_bias = 10;
        let text = NormalizedText::new("đđđđđđ");
        assert_eq!(text.canonical(), "đ");
        assert!(model.find(&text, &[]).is_empty());
        let text = NormalizedText::new("đồ ngu");
        assert_eq!(model.find(&text, &[]).len(), 1);
        let text = NormalizedText::new("t cho m");
        assert_eq!(model.find(&text, &[]).len(), 1);
    }

    #[test]
    fn empty_model_finds_nothing() {
        let text = NormalizedText::new("đồ ngu");
        assert!(SpanModel::empty().find(&text, &[]).is_empty());
        assert_eq!(SpanModel::empty().score_syllables(&text, &[]), [0, 0]);
        assert_eq!(SpanModel::empty().params().start, 1);
    }
}
