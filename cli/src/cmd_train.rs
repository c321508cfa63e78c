//! `ungxu train spans --train TRAIN.csv --dev DEV.csv --out spec/models/spans-vi.bin`: trains
//! the span model on a ViHOS-style CSV with the engine's lexicons as features, and writes the
//! model and its manifest (`spans-vi.manifest.json` beside it). Retraining from the same files
//! and seed writes the same bytes.

use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use ungxu::detect::score::parse_vihos_csv;
use ungxu::detect::spans::train::{train_spans, TrainConfig, TRAINER_VERSION};
use ungxu::detect::spans::{FEATURE_SET_VERSION, FORMAT_VERSION};
use ungxu::engine::DEFAULT_LEXICONS;
use ungxu::Engine;

/// What to train.
#[derive(clap::Subcommand)]
pub enum TrainCommand {
    /// Train the syllable span scorer (logistic regression over hashed features) on a ViHOS
    /// train CSV, choosing calibration and thresholds on a dev CSV.
    Spans(SpansArgs),
}

/// `ungxu train spans`.
#[derive(clap::Args)]
pub struct SpansArgs {
    /// The training CSV (e.g. ../shared/data/vihos/train.csv).
    #[arg(long)]
    train: PathBuf,
    /// The dev CSV, for calibration, thresholds and the reported scores only.
    #[arg(long)]
    dev: PathBuf,
    /// Where to write the model (the manifest goes beside it as NAME.manifest.json).
    #[arg(long)]
    out: PathBuf,
    /// Seeds the order of the training syllables.
    #[arg(long, default_value_t = TrainConfig::default().seed)]
    seed: u64,
    /// Training settings as JSON, over the defaults (e.g. `{"epochs": 10}`); for
    /// experiments: the committed model uses the defaults.
    #[arg(long, value_name = "JSON")]
    config: Option<String>,
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn sha256(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The manifest's path: `spans-vi.bin` → `spans-vi.manifest.json`.
pub fn manifest_path(out: &Path) -> PathBuf {
    let stem = out
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "model".into());
    out.with_file_name(format!("{stem}.manifest.json"))
}

/// Runs `ungxu train spans`; returns the summary to print.
pub fn run(engine: &Engine, command: &TrainCommand) -> Result<String, String> {
    let TrainCommand::Spans(args) = command;
    let read = |p: &Path| std::fs::read(p).map_err(|e| format!("cannot read {}: {e}", p.display()));
    let (train_bytes, dev_bytes) = (read(&args.train)?, read(&args.dev)?);
    let text = |p: &Path, b: &[u8]| {
        String::from_utf8(b.to_vec()).map_err(|e| format!("{}: not UTF-8: {e}", p.display()))
    };
    let train = parse_vihos_csv(&text(&args.train, &train_bytes)?)
        .map_err(|e| format!("{}: {e}", args.train.display()))?;
    let dev = parse_vihos_csv(&text(&args.dev, &dev_bytes)?)
        .map_err(|e| format!("{}: {e}", args.dev.display()))?;
    let mut config = TrainConfig {
        seed: args.seed,
        ..TrainConfig::default()
    };
    if let Some(json) = &args.config {
        let mut value = serde_json::to_value(&config).map_err(|e| e.to_string())?;
        let over: serde_json::Value =
            serde_json::from_str(json).map_err(|e| format!("--config: {e}"))?;
        if let (Some(base), Some(over)) = (value.as_object_mut(), over.as_object()) {
            for (k, v) in over {
                base.insert(k.clone(), v.clone());
            }
        }
        config = serde_json::from_value(value).map_err(|e| format!("--config: {e}"))?;
    }
    let trained =
        train_spans(&train, &dev, engine.lexicon(), &config).map_err(|e| e.to_string())?;
    let bytes = trained.model.to_bytes();
    let r = &trained.report;
    let lexicons: Vec<serde_json::Value> = DEFAULT_LEXICONS
        .iter()
        .map(|l| serde_json::json!({ "name": l.name, "sha256": sha256(l.text.as_bytes()) }))
        .collect();
    let manifest = serde_json::json!({
        "model": file_name(&args.out),
        "model_sha256": sha256(&bytes),
        "model_bytes": bytes.len(),
        "format_version": FORMAT_VERSION,
        "feature_set_version": FEATURE_SET_VERSION,
        "trainer": { "name": "ungxu train spans", "version": TRAINER_VERSION, "ungxu": env!("CARGO_PKG_VERSION") },
        "training_data": {
            "name": "ViHOS (Vietnamese Hate and Offensive Spans), train split",
            "file": file_name(&args.train),
            "sha256": sha256(&train_bytes),
            "comments": train.len(),
            "licence": "MIT",
            "citation": "Phu Gia Hoang, Canh Duc Luu, Khanh Quoc Tran, Kiet Van Nguyen, Ngan Luu-Thuy Nguyen. ViHOS: Hate Speech Spans Detection for Vietnamese. EACL 2023.",
        },
        "dev_data": {
            "name": "ViHOS dev split (calibration, thresholds and reported scores only)",
            "file": file_name(&args.dev),
            "sha256": sha256(&dev_bytes),
            "comments": dev.len(),
        },
        "lexicons": lexicons,
        "config": config,
        "features": "per syllable of the normalised text: canonical and folded syllable; folded neighbours at -2,-1,+1,+2 and canonical at -1,+1; folded and canonical bigrams and a folded trigram around it, folded bigrams beside it; byte 3- and 4-grams of ^folded$ and character 2- and 3-grams of ^canonical$ (toned); the lexicon match over it (category, term, tier, place in the match), the categories over its neighbours at +-1,+-2, and its folded form with the category at -1 and at +1; shape (casing, digits, no vowel, diacritics, normalised, length); punctuation, emoji, line breaks before and after; place in the comment and its size. Hashed: FNV-1a 64 + SplitMix64, top `bits` bits. Second stage: the first stage's logits of the syllable, its neighbours at -2..+2 and the comment (maximum, positives, size), bucketed, with crosses; cross-fitted over 5 folds of train.",
        "params": trained.model.params(),
        "thresholds": {
            "start_probability": r.start_probability,
            "extend_probability": r.extend_probability,
            "meets_min_comment_precision": r.meets_precision,
        },
        "train_syllables": r.train_syllables,
        "train_positive_syllables": r.train_positive_syllables,
        "weights": r.weights,
        "scores": {
            "dev_lexicon_and_model": r.dev,
            "dev_lexicon_only": r.dev_lexicon_only,
            "train_lexicon_and_model": r.train,
        },
    });
    let mut manifest_text =
        serde_json::to_string_pretty(&manifest).map_err(|e| format!("manifest: {e}"))?;
    manifest_text.push('\n');
    std::fs::write(&args.out, &bytes)
        .map_err(|e| format!("cannot write {}: {e}", args.out.display()))?;
    let mpath = manifest_path(&args.out);
    std::fs::write(&mpath, manifest_text)
        .map_err(|e| format!("cannot write {}: {e}", mpath.display()))?;
    Ok(format!(
        "wrote {} ({} bytes, {} weights) and {}\n\
         dev, lexicon + model: character F1 {:.4} (precision {:.4}, recall {:.4}); comment precision {:.4}, recall {:.4}\n\
         dev, lexicon only:    character F1 {:.4}; comment precision {:.4}\n\
         train, lexicon + model: character F1 {:.4}; comment precision {:.4}\n\
         thresholds: start p={:.3}, extend p={:.3}, max gap {}\n",
        args.out.display(),
        bytes.len(),
        r.weights,
        mpath.display(),
        r.dev.f1,
        r.dev.precision,
        r.dev.recall,
        r.dev.comment_precision,
        r.dev.comment_recall,
        r.dev_lexicon_only.f1,
        r.dev_lexicon_only.comment_precision,
        r.train.f1,
        r.train.comment_precision,
        r.start_probability,
        r.extend_probability,
        trained.model.params().max_gap,
    ))
}
