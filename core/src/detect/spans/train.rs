//! Training a [`SpanModel`] (cargo feature `train`): logistic regression over the hashed
//! syllable features of [`features`](super), fitted by AdaGrad on the train split in an order
//! fixed by a seed; weights quantised to `i8` and pruned; calibration (Platt scaling) and the
//! thresholds and joining gap chosen on the dev split only.
//!
//! Deterministic: single-threaded, every sort has a total key, the shuffle is a seeded
//! xorshift generator, and the only transcendental function is the module's own `exp`. The
//! same comments, lexicon and configuration give the same model bytes.
//!
//! ```
//! use ungxu::detect::score::AnnotatedComment;
//! use ungxu::detect::spans::train::{train_spans, TrainConfig};
//! use ungxu::detect::LexiconMatcher;
//! let row = |content: &str, gold: Vec<usize>| AnnotatedComment { line: 0, content: content.into(), gold };
//! // "xấu" (chars 4..7) is marked every time it appears.
//! let comments: Vec<_> = (0..40)
//!     .map(|k| if k % 2 == 0 { row("bạn xấu quá", vec![4, 5, 6]) } else { row("bạn đẹp quá", vec![]) })
//!     .collect();
//! let lexicon = LexiconMatcher::new(&[]).unwrap();
//! let trained = train_spans(&comments, &comments, &lexicon, &TrainConfig::default()).unwrap();
//! assert_eq!(trained.report.dev.f1, 1.0);
//! ```

use super::features::{stage2, SlotSink, TextFeatures};
use super::{join_spans, sigmoid, ModelParams, SpanModel, FEATURE_SET_VERSION};
use crate::detect::score::{AnnotatedComment, SpanScorer, SpanScores};
use crate::detect::LexiconMatcher;
use crate::text::NormalizedText;
use serde::{Deserialize, Serialize};

/// The version of this trainer, recorded in the manifest.
pub const TRAINER_VERSION: &str = "1";

/// How to train.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrainConfig {
    /// log2 of the hashed feature table (8 to 24).
    pub bits: u8,
    /// Passes over the training syllables.
    pub epochs: u32,
    /// AdaGrad's learning rate.
    pub learning_rate: f64,
    /// L2 penalty on the weights a syllable touches.
    pub l2: f64,
    /// Use the mean of the weights over all updates (averaged SGD) rather than the last.
    pub average: bool,
    /// Each training syllable weighs n^−α, n the syllables of its comment (0: all alike; 1:
    /// every comment alike, like the per-comment mean F1).
    pub length_weighting: f64,
    /// First-stage models fitted (each in its own order) and averaged.
    pub runs: u32,
    /// Seeds the order of the syllables in each pass.
    pub seed: u64,
    /// At most this many weights are kept (the largest).
    pub max_weights: usize,
    /// A syllable is labelled offensive when at least this share of its characters is marked.
    pub label_fraction: f64,
    /// The thresholds must keep comment-level precision on dev at least this.
    pub min_comment_precision: f64,
    /// The start threshold's calibrated probability is at least this (the default pack
    /// ignores findings below 0.3).
    pub min_confidence: f64,
    /// The joining gaps tried on dev.
    pub max_gaps: Vec<u8>,
}

impl Default for TrainConfig {
    fn default() -> TrainConfig {
        TrainConfig {
            bits: 20,
            epochs: 5,
            learning_rate: 0.05,
            l2: 1e-6,
            average: true,
            runs: 1,
            length_weighting: 0.5,
            seed: 874,
            max_weights: 100_000,
            label_fraction: 0.5,
            min_comment_precision: 0.90,
            min_confidence: 0.3,
            max_gaps: vec![0, 1, 2],
        }
    }
}

/// Why training failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TrainError {
    /// A configuration value out of range (the field and why).
    Config(String, String),
    /// No syllables to learn from.
    NoData(&'static str),
}

impl std::fmt::Display for TrainError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TrainError::Config(field, why) => write!(f, "training configuration: `{field}`: {why}"),
            TrainError::NoData(split) => write!(f, "the {split} split has no syllables"),
        }
    }
}

impl std::error::Error for TrainError {}

/// A trained model and how it scores.
#[derive(Debug, Clone)]
pub struct Trained {
    /// The model.
    pub model: SpanModel,
    /// What training saw and measured.
    pub report: TrainReport,
}

/// What training saw and measured.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrainReport {
    /// Training comments and syllables, and the syllables labelled offensive.
    pub train_comments: usize,
    /// See `train_comments`.
    pub train_syllables: usize,
    /// See `train_comments`.
    pub train_positive_syllables: usize,
    /// Weights kept after pruning.
    pub weights: usize,
    /// The lexicon and the model together, on dev, at the chosen thresholds.
    pub dev: SpanScores,
    /// The lexicon alone, on dev.
    pub dev_lexicon_only: SpanScores,
    /// The lexicon and the model together, on train (optimistic: the model saw it).
    pub train: SpanScores,
    /// The calibrated probability at the start and extend thresholds.
    pub start_probability: f64,
    /// See `start_probability`.
    pub extend_probability: f64,
    /// Whether the chosen thresholds meet `min_comment_precision` on dev (if none does, the
    /// most precise setting is kept).
    pub meets_precision: bool,
}

/// A training syllable: its range of the slot array, its label and its weight.
type Example = (u32, u32, bool, f64);

/// The weight of each syllable of a comment of `n` syllables: n^−α (so with α = 1 every
/// comment counts the same, as in the per-comment mean F1).
fn comment_weight(n: usize, alpha: f64) -> f64 {
    if alpha == 0.0 || n == 0 {
        1.0
    } else {
        (1.0 / n as f64).powf(alpha)
    }
}

/// Weights relative to their mean, so the learning rate means the same for any α.
fn normalise_weights(examples: Vec<Example>) -> Vec<Example> {
    let mean = examples.iter().map(|e| e.3).sum::<f64>() / examples.len().max(1) as f64;
    if mean.is_nan() || mean <= 0.0 {
        return examples;
    }
    examples
        .into_iter()
        .map(|(a, b, y, w)| (a, b, y, w / mean))
        .collect()
}

/// One comment, featurised.
struct Prepared {
    /// Range into the flat slot arrays, per syllable.
    syllables: Vec<(u32, u32)>,
    /// Character range of each syllable in the original.
    chars: Vec<(u32, u32)>,
    labels: Vec<bool>,
    lexicon_chars: Vec<usize>,
    gold: Vec<usize>,
}

struct Split {
    comments: Vec<Prepared>,
    slots: Vec<u32>,
}

fn prepare(rows: &[AnnotatedComment], lexicon: &LexiconMatcher, config: &TrainConfig) -> Split {
    let mut tf = TextFeatures::default();
    let mut slots = Vec::new();
    let mut comments = Vec::with_capacity(rows.len());
    for row in rows {
        let text = NormalizedText::new(&row.content);
        let matches = lexicon.find(&text);
        tf.prepare(&text, &matches);
        // Character index of every byte boundary of the original.
        let mut char_at = vec![0u32; row.content.len() + 1];
        let mut n = 0u32;
        for (b, c) in row.content.char_indices() {
            for k in 0..c.len_utf8() {
                char_at[b + k] = n;
            }
            n += 1;
        }
        char_at[row.content.len()] = n;
        let mut gold = row.gold.clone();
        gold.sort_unstable();
        gold.dedup();
        let mut p = Prepared {
            syllables: Vec::with_capacity(tf.syllables.len()),
            chars: Vec::with_capacity(tf.syllables.len()),
            labels: Vec::with_capacity(tf.syllables.len()),
            lexicon_chars: crate::detect::score::char_positions(matches.iter().map(|m| &m.span)),
            gold,
        };
        for i in 0..tf.syllables.len() {
            let start = slots.len() as u32;
            tf.features(
                &text,
                &matches,
                i,
                &mut SlotSink {
                    bits: config.bits,
                    slots: &mut slots,
                },
            );
            p.syllables.push((start, slots.len() as u32));
            let (ob, oe) = tf.syllables[i].original;
            let (cs, ce) = (char_at[ob as usize], char_at[oe as usize]);
            p.chars.push((cs, ce));
            let marked = (cs..ce)
                .filter(|c| p.gold.binary_search(&(*c as usize)).is_ok())
                .count();
            let len = (ce - cs).max(1) as f64;
            p.labels
                .push(marked as f64 >= config.label_fraction * len && marked > 0);
        }
        comments.push(p);
    }
    Split { comments, slots }
}

/// A seeded xorshift64* generator.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
}

fn check(config: &TrainConfig) -> Result<(), TrainError> {
    let bad = |f: &str, why: &str| Err(TrainError::Config(f.into(), why.into()));
    if !(8..=24).contains(&config.bits) {
        return bad("bits", "must be 8 to 24");
    }
    if !(config.learning_rate.is_finite() && config.learning_rate > 0.0) {
        return bad("learning_rate", "must be a positive number");
    }
    if !(config.l2.is_finite() && config.l2 >= 0.0) {
        return bad("l2", "must be zero or positive");
    }
    if !(0.0..=1.0).contains(&config.label_fraction) {
        return bad("label_fraction", "must be 0 to 1");
    }
    if !(0.0..1.0).contains(&config.min_confidence) {
        return bad("min_confidence", "must be at least 0 and below 1");
    }
    if config.max_gaps.is_empty() {
        return bad("max_gaps", "must list at least one gap");
    }
    if config.max_weights == 0 {
        return bad("max_weights", "must be at least 1");
    }
    Ok(())
}

/// Trains a span model on `train`, choosing calibration and thresholds on `dev`, with the
/// lexicon matches of `lexicon` as features (the engine's matcher, so the model learns what
/// the lexicon misses).
pub fn train_spans(
    train: &[AnnotatedComment],
    dev: &[AnnotatedComment],
    lexicon: &LexiconMatcher,
    config: &TrainConfig,
) -> Result<Trained, TrainError> {
    check(config)?;
    let tr = prepare(train, lexicon, config);
    let dv = prepare(dev, lexicon, config);
    let examples: Vec<Example> = tr
        .comments
        .iter()
        .flat_map(|c| {
            let w = comment_weight(c.syllables.len(), config.length_weighting);
            c.syllables
                .iter()
                .zip(&c.labels)
                .map(move |(&(a, b), &y)| (a, b, y, w))
        })
        .collect();
    if examples.is_empty() {
        return Err(TrainError::NoData("train"));
    }
    if dv.comments.iter().all(|c| c.syllables.is_empty()) {
        return Err(TrainError::NoData("dev"));
    }
    let positives = examples.iter().filter(|e| e.2).count();
    let examples = normalise_weights(examples);

    // The first stage on all of train; and, for the second stage to learn from scores like
    // those it will see on new text, first stages trained without each fifth of the comments
    // score that fifth (cross-fitting).
    let first = fit_first_stage(&examples, &tr.slots, config);
    let mut held_out: Vec<Vec<f64>> = vec![Vec::new(); tr.comments.len()];
    for fold in 0..FOLDS {
        let in_fold = |k: usize| k % FOLDS == fold;
        let rest: Vec<Example> = tr
            .comments
            .iter()
            .enumerate()
            .filter(|(k, _)| !in_fold(*k))
            .flat_map(|(_, c)| {
                let w = comment_weight(c.syllables.len(), config.length_weighting);
                c.syllables
                    .iter()
                    .zip(&c.labels)
                    .map(move |(&(a, b), &y)| (a, b, y, w))
            })
            .collect();
        let model = fit_first_stage(&normalise_weights(rest), &tr.slots, config);
        for (k, c) in tr.comments.iter().enumerate().filter(|(k, _)| in_fold(*k)) {
            held_out[k] = model.logits(&tr.slots, c);
        }
    }
    let context = fit_second_stage(&tr.comments, &held_out, config);
    let model = SpanModel {
        params: ModelParams {
            feature_set: FEATURE_SET_VERSION,
            bits: config.bits,
            max_gap: 0,
            scale: first.scale,
            bias: first.bias,
            context_bias: context.1,
            start: 0,
            extend: 0,
            calibration_a: 1.0,
            calibration_b: 0.0,
        },
        table: first.table.clone().into(),
        context: context.0.into(),
    };
    let dev_scores: Vec<Vec<i32>> = dv
        .comments
        .iter()
        .map(|c| model.second_stage(&first.logits(&dv.slots, c)))
        .collect();
    let train_scores: Vec<Vec<i32>> = tr
        .comments
        .iter()
        .map(|c| model.second_stage(&first.logits(&tr.slots, c)))
        .collect();
    let unit = context.2;

    // Platt scaling on dev syllables: p = σ(a·s + b), by Newton's method.
    let (calibration_a, calibration_b) = platt(
        dv.comments
            .iter()
            .zip(&dev_scores)
            .flat_map(|(c, s)| s.iter().zip(&c.labels).map(|(&s, &y)| (f64::from(s), y))),
        unit,
    );
    let prob = |s: i32| sigmoid(calibration_a * f64::from(s) + calibration_b);
    let units_for = |p: f64| -> i32 {
        // The smallest score whose probability is at least p.
        let logit = (p / (1.0 - p)).ln();
        let s = ((logit - calibration_b) / calibration_a).ceil();
        let mut s = s.clamp(-1e6, 1e6) as i32;
        while prob(s) < p && s < 1_000_000 {
            s += 1;
        }
        while s > -1_000_000 && prob(s - 1) >= p {
            s -= 1;
        }
        s
    };

    // Thresholds and gap on dev: the best mean character F1 whose comment-level precision
    // meets the floor.
    let mut starts: Vec<i32> = (0..=30)
        .map(|k| config.min_confidence.max(0.3) + f64::from(k) * 0.02)
        .filter(|p| *p >= config.min_confidence && *p < 0.99)
        .map(units_for)
        .collect();
    starts.dedup();
    // ((meets the floor, the figure compared, F1), (start, extend, gap), scores)
    type Choice = ((bool, f64, f64), (i32, i32, u8), SpanScores);
    let mut best: Option<Choice> = None;
    for &start in &starts {
        let p_start = prob(start);
        let mut extends: Vec<i32> = (0..10)
            .map(|k| p_start - f64::from(k) * 0.05)
            .filter(|p| *p > 0.05)
            .map(units_for)
            .map(|e| e.min(start))
            .collect();
        extends.dedup();
        for &extend in &extends {
            for &gap in &config.max_gaps {
                let s = evaluate(&dv.comments, &dev_scores, start, extend, gap);
                let meets = s.comment_precision >= config.min_comment_precision;
                let key = (meets, if meets { s.f1 } else { s.comment_precision }, s.f1);
                let better = match &best {
                    None => true,
                    Some((k, _, _)) => (key.0, key.1, key.2) > (k.0, k.1, k.2),
                };
                if better {
                    best = Some((key, (start, extend, gap), s));
                }
            }
        }
    }
    let Some(((meets, _, _), (start, extend, max_gap), dev_scores_best)) = best else {
        return Err(TrainError::NoData("dev"));
    };
    let lexicon_only = {
        let mut sc = SpanScorer::default();
        for c in &dv.comments {
            sc.add(&c.gold, &c.lexicon_chars);
        }
        sc.finish()
    };
    let train_eval = evaluate(&tr.comments, &train_scores, start, extend, max_gap);
    let model = SpanModel {
        params: ModelParams {
            max_gap,
            start,
            extend,
            calibration_a,
            calibration_b,
            ..model.params
        },
        ..model
    };
    Ok(Trained {
        report: TrainReport {
            train_comments: train.len(),
            train_syllables: examples.len(),
            train_positive_syllables: positives,
            weights: first.kept,
            dev: dev_scores_best,
            dev_lexicon_only: lexicon_only,
            train: train_eval,
            start_probability: prob(start),
            extend_probability: prob(extend),
            meets_precision: meets,
        },
        model,
    })
}

/// Comments go to cross-fitting folds by their index modulo this.
const FOLDS: usize = 5;

/// A quantised first stage.
struct FirstStage {
    table: Vec<i8>,
    scale: f32,
    bias: i32,
    kept: usize,
}

impl FirstStage {
    /// The logit of every syllable of a comment, as the runtime computes it.
    fn logits(&self, slots: &[u32], c: &Prepared) -> Vec<f64> {
        c.syllables
            .iter()
            .map(|&(a, b)| {
                let units = self.bias
                    + slots[a as usize..b as usize]
                        .iter()
                        .map(|&s| i32::from(self.table[s as usize]))
                        .sum::<i32>();
                f64::from(units) * f64::from(self.scale)
            })
            .collect()
    }
}

/// AdaGrad logistic regression over sparse binary features: `examples` are (range of
/// `slots`, label); returns the weights and the bias.
/// How [`fit_logistic`] fits.
#[derive(Clone, Copy)]
struct Fit {
    epochs: u32,
    learning_rate: f64,
    l2: f64,
    seed: u64,
    average: bool,
}

fn fit_logistic(examples: &[Example], slots: &[u32], size: usize, fit: &Fit) -> (Vec<f64>, f64) {
    let Fit {
        epochs,
        learning_rate,
        l2,
        seed,
        average,
    } = *fit;
    let mut w = vec![0f64; size];
    let mut g2 = vec![0f64; size];
    // Averaging (Polyak): `u` sums t·Δw, so the mean iterate is w − u/t.
    let mut u = vec![0f64; if average { size } else { 0 }];
    let mut t = 1.0f64;
    let (mut bias, mut bias_g2, mut bias_u) = (0f64, 0f64, 0f64);
    let mut order: Vec<u32> = (0..examples.len() as u32).collect();
    let mut rng = Rng((seed ^ 0x9e37_79b9_7f4a_7c15) | 1);
    for _ in 0..epochs {
        for i in (1..order.len()).rev() {
            let j = (rng.next() % (i as u64 + 1)) as usize;
            order.swap(i, j);
        }
        for &e in &order {
            let (a, b, y, weight) = examples[e as usize];
            let feats = &slots[a as usize..b as usize];
            let mut z = bias;
            for &s in feats {
                z += w[s as usize];
            }
            let g = (sigmoid(z) - if y { 1.0 } else { 0.0 }) * weight;
            for &s in feats {
                let s = s as usize;
                let gs = g + l2 * w[s];
                g2[s] += gs * gs;
                let step = learning_rate * gs / (g2[s].sqrt() + 1e-8);
                w[s] -= step;
                if average {
                    u[s] -= t * step;
                }
            }
            bias_g2 += g * g;
            let step = learning_rate * g / (bias_g2.sqrt() + 1e-8);
            bias -= step;
            bias_u -= t * step;
            t += 1.0;
        }
    }
    if average {
        for (w, u) in w.iter_mut().zip(&u) {
            *w -= u / t;
        }
        bias -= bias_u / t;
    }
    (w, bias)
}

/// Quantises weights to i8: one unit = the 99.9th percentile of |w| / 127; keeps at most
/// `max_weights` (the largest). Returns (table, scale, bias in units, weights kept).
fn quantise(w: &[f64], bias: f64, max_weights: usize) -> (Vec<i8>, f32, i32, usize) {
    let mut magnitudes: Vec<f64> = w.iter().map(|x| x.abs()).filter(|&x| x > 0.0).collect();
    magnitudes.sort_by(f64::total_cmp);
    let top = magnitudes
        .get(
            magnitudes
                .len()
                .saturating_sub(1)
                .min(magnitudes.len() * 999 / 1000),
        )
        .copied()
        .unwrap_or(1.0)
        .max(1e-6);
    let scale = (top / 127.0) as f32;
    let unit = f64::from(scale);
    let mut kept: Vec<(usize, i8, f64)> = w
        .iter()
        .enumerate()
        .filter_map(|(s, &x)| {
            let q = (x / unit).round().clamp(-127.0, 127.0) as i8;
            (q != 0).then_some((s, q, x.abs()))
        })
        .collect();
    kept.sort_by(|a, b| b.2.total_cmp(&a.2).then(a.0.cmp(&b.0)));
    kept.truncate(max_weights);
    let mut table = vec![0i8; w.len()];
    for (s, q, _) in &kept {
        table[*s] = *q;
    }
    let bias_units = (bias / unit).round().clamp(-1e6, 1e6) as i32;
    (table, scale, bias_units, kept.len())
}

fn fit_first_stage(examples: &[Example], slots: &[u32], config: &TrainConfig) -> FirstStage {
    // The mean of `runs` models fitted in different orders (a linear model's mean is one
    // linear model): less dependent on any one order.
    let mut w = vec![0f64; 1usize << config.bits];
    let mut bias = 0.0;
    let runs = config.runs.max(1);
    for run in 0..runs {
        let (wr, br) = fit_logistic(
            examples,
            slots,
            1usize << config.bits,
            &Fit {
                epochs: config.epochs,
                learning_rate: config.learning_rate,
                l2: config.l2,
                seed: config.seed.wrapping_add(u64::from(run) * 0x1000),
                average: config.average,
            },
        );
        for (a, b) in w.iter_mut().zip(&wr) {
            *a += b / f64::from(runs);
        }
        bias += br / f64::from(runs);
    }
    let (table, scale, bias, kept) = quantise(&w, bias, config.max_weights);
    FirstStage {
        table,
        scale,
        bias,
        kept,
    }
}

/// The second stage, from held-out first-stage logits: (weights, bias in units, unit).
fn fit_second_stage(
    comments: &[Prepared],
    logits: &[Vec<f64>],
    config: &TrainConfig,
) -> (Vec<i8>, i32, f64) {
    let mut slots: Vec<u32> = Vec::new();
    let mut examples: Vec<Example> = Vec::new();
    for (c, l) in comments.iter().zip(logits) {
        let context = stage2::CommentContext::new(l);
        for (i, &y) in c.labels.iter().enumerate() {
            let a = slots.len() as u32;
            slots.extend(
                stage2::features(l, &context, i)
                    .iter()
                    .map(|&f| u32::from(f)),
            );
            examples.push((a, slots.len() as u32, y, 1.0));
        }
    }
    let (w, bias) = fit_logistic(
        &examples,
        &slots,
        stage2::SIZE,
        &Fit {
            epochs: 5,
            learning_rate: 0.1,
            l2: 0.0,
            seed: config.seed.wrapping_add(1),
            average: config.average,
        },
    );
    let (table, scale, bias, _) = quantise(&w, bias, stage2::SIZE);
    (table, bias, f64::from(scale))
}

/// The lexicon's and the model's character positions together, scored.
fn evaluate(
    comments: &[Prepared],
    scores: &[Vec<i32>],
    start: i32,
    extend: i32,
    gap: u8,
) -> SpanScores {
    let mut sc = SpanScorer::default();
    let mut predicted = Vec::new();
    for (c, s) in comments.iter().zip(scores) {
        predicted.clear();
        predicted.extend_from_slice(&c.lexicon_chars);
        for r in join_spans(s, start, extend, usize::from(gap)) {
            let (a, b) = (c.chars[r.start].0, c.chars[r.end - 1].1);
            predicted.extend((a..b).map(|x| x as usize));
        }
        sc.add(&c.gold, &predicted);
    }
    sc.finish()
}

/// Fits σ(a·s + b) to (score, label) pairs by Newton's method (Platt scaling, with Platt's
/// smoothed targets), starting from a = `unit`, b = 0.
fn platt(pairs: impl Iterator<Item = (f64, bool)>, unit: f64) -> (f64, f64) {
    let pairs: Vec<(f64, bool)> = pairs.collect();
    let n_pos = pairs.iter().filter(|p| p.1).count() as f64;
    let n_neg = pairs.len() as f64 - n_pos;
    let t_pos = (n_pos + 1.0) / (n_pos + 2.0);
    let t_neg = 1.0 / (n_neg + 2.0);
    let (mut a, mut b) = (unit, 0.0f64);
    for _ in 0..50 {
        let (mut ga, mut gb, mut haa, mut hab, mut hbb) = (0.0, 0.0, 1e-12, 0.0, 1e-12);
        for &(s, y) in &pairs {
            let p = sigmoid(a * s + b);
            let t = if y { t_pos } else { t_neg };
            let d = p - t;
            let w = p * (1.0 - p);
            ga += d * s;
            gb += d;
            haa += w * s * s;
            hab += w * s;
            hbb += w;
        }
        let det = haa * hbb - hab * hab;
        if det.abs() < 1e-300 {
            break;
        }
        let da = (hbb * ga - hab * gb) / det;
        let db = (haa * gb - hab * ga) / det;
        a -= da;
        b -= db;
        if da.abs() < 1e-12 && db.abs() < 1e-12 {
            break;
        }
    }
    if !(a.is_finite() && b.is_finite() && a > 0.0) {
        return (unit, 0.0);
    }
    (a, b)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(content: &str, gold: &[usize]) -> AnnotatedComment {
        AnnotatedComment {
            line: 0,
            content: content.to_string(),
            gold: gold.to_vec(),
        }
    }

    /// A small synthetic set: an insult word in varying company, and clean sentences.
    fn synthetic() -> Vec<AnnotatedComment> {
        let subjects = ["anh", "chị", "bạn", "nó", "ông", "cậu"];
        let bad = ["khốn", "đểu", "xạo"];
        let good = ["hiền", "giỏi", "vui"];
        let mut rows = Vec::new();
        for (k, s) in subjects.iter().enumerate() {
            for (j, (b, g)) in bad.iter().zip(&good).enumerate() {
                let text = format!("{s} {b} lắm");
                let start = s.chars().count() + 1;
                let gold: Vec<usize> = (start..start + b.chars().count()).collect();
                rows.push(row(&text, &gold));
                rows.push(row(&format!("{s} {g} lắm"), &[]));
                if (k + j) % 2 == 0 {
                    rows.push(row(&format!("hôm nay {s} {g} ghê"), &[]));
                }
            }
        }
        rows
    }

    #[test]
    fn fits_a_synthetic_set_and_runs_like_the_runtime() {
        let rows = synthetic();
        let lexicon = LexiconMatcher::new(&[]).unwrap();
        let config = TrainConfig::default();
        let t = train_spans(&rows, &rows, &lexicon, &config).unwrap();
        assert!(t.report.dev.f1 > 0.99, "{:?}", t.report);
        assert!(t.report.meets_precision);
        // The runtime scorer finds the same spans the trainer measured.
        let text = NormalizedText::new("nó xạo lắm");
        let spans = t.model.find(&text, &[]);
        assert_eq!(spans.len(), 1);
        assert_eq!(&"nó xạo lắm"[spans[0].original.clone()], "xạo");
        assert!(
            spans[0].features.iter().any(|f| f.feature.contains("xao")),
            "{:?}",
            spans[0].features
        );
        assert!(t
            .model
            .find(&NormalizedText::new("nó hiền lắm"), &[])
            .is_empty());
        // The file round-trips.
        let bytes = t.model.to_bytes();
        assert_eq!(SpanModel::from_bytes(&bytes).unwrap(), t.model);
    }

    #[test]
    fn training_twice_gives_the_same_bytes_and_the_seed_matters() {
        let rows = synthetic();
        let lexicon = LexiconMatcher::new(&[]).unwrap();
        let config = TrainConfig::default();
        let a = train_spans(&rows, &rows, &lexicon, &config)
            .unwrap()
            .model
            .to_bytes();
        let b = train_spans(&rows, &rows, &lexicon, &config)
            .unwrap()
            .model
            .to_bytes();
        assert_eq!(a, b);
        let other = TrainConfig { seed: 1, ..config };
        let c = train_spans(&rows, &rows, &lexicon, &other)
            .unwrap()
            .model
            .to_bytes();
        assert_ne!(a, c);
    }

    #[test]
    fn bad_configuration_and_empty_data() {
        let lexicon = LexiconMatcher::new(&[]).unwrap();
        let rows = synthetic();
        let bad = TrainConfig {
            bits: 30,
            ..TrainConfig::default()
        };
        assert!(
            matches!(train_spans(&rows, &rows, &lexicon, &bad), Err(TrainError::Config(f, _)) if f == "bits")
        );
        let empty = [row("!!!", &[])];
        assert_eq!(
            train_spans(&empty, &rows, &lexicon, &TrainConfig::default()).unwrap_err(),
            TrainError::NoData("train")
        );
    }
}
