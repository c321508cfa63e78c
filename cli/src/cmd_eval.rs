//! `ungxu eval vihos PATH`: scores span detection on a ViHOS CSV (row number, `content`,
//! `index_spans`) with the standard "toxic spans" measure and reports throughput.
//!
//! Self-contained: the caller passes the matcher (or any detector) and prints the returned
//! report. The data set is never required to build or test the project.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Instant;
use ungxu::detect::score::{char_positions, parse_vihos_csv, SpanScorer};
use ungxu::eval::{CheckOptions, Post};
use ungxu::model::Date;
use ungxu::text::Span;
use ungxu::Engine;

/// Scores the engine's span detection on the ViHOS CSV at `path`: every span of every
/// finding of [`Engine::check_post`] (an `individual`'s post, as of 2025-06-01): the lexicon
/// and pattern detectors, and the learned span scorer when the engine has one. Returns the
/// report to print, with the findings by detector.
///
/// Errors (unreadable file, malformed CSV) come back as a message naming the path and line.
pub fn run_vihos(path: &Path, engine: &Engine) -> Result<String, String> {
    let mut detectors: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let opts = CheckOptions::as_of(Date::new(2025, 6, 1).map_err(|e| e.to_string())?);
    let mut report = run_vihos_with(path, |text, gold| {
        let Ok(report) = engine.check_post(&Post::new(text), &opts) else {
            return Vec::new();
        };
        let mut spans = Vec::new();
        for f in report.findings {
            let hit = f
                .spans
                .iter()
                .any(|s| s.chars().any(|c| gold.binary_search(&c).is_ok()));
            let e = detectors.entry(f.detector).or_default();
            e.0 += 1;
            e.1 += usize::from(hit);
            spans.extend(f.spans);
        }
        spans
    })?;
    report.insert_str(
        0,
        if engine.span_model().is_none() {
            "detectors: lexicon and patterns (add --span-model for the learned span scorer)\n"
        } else {
            "detectors: lexicon, patterns and the learned span scorer (--span-model)\n"
        },
    );
    report.push_str("findings by detector (found, overlapping a gold span):\n");
    for (detector, (n, hit)) in &detectors {
        report.push_str(&format!("  {detector:<22} {n:>6} {hit:>6}\n"));
    }
    Ok(report)
}

/// Scores any detector on the ViHOS CSV at `path`. `detect` gets each comment and its gold
/// positions (sorted; for per-detector statistics only) and returns the spans it finds.
pub fn run_vihos_with(
    path: &Path,
    mut detect: impl FnMut(&str, &[usize]) -> Vec<Span>,
) -> Result<String, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let rows = parse_vihos_csv(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut scorer = SpanScorer::default();
    let bytes: usize = rows.iter().map(|r| r.content.len()).sum();
    let started = Instant::now();
    let mut predictions = Vec::with_capacity(rows.len());
    for row in &rows {
        let mut gold = row.gold.clone();
        gold.sort_unstable();
        gold.dedup();
        let spans = detect(&row.content, &gold);
        predictions.push(char_positions(spans.iter()));
    }
    let elapsed = started.elapsed().as_secs_f64();
    for (row, predicted) in rows.iter().zip(&predictions) {
        scorer.add(&row.gold, predicted);
    }
    let s = scorer.finish();
    let per_second = |x: f64| if elapsed > 0.0 { x / elapsed } else { 0.0 };
    Ok(format!(
        "ViHOS span evaluation: {path}\n\
         comments: {comments} (with gold spans: {gold}, flagged: {flagged})\n\
         character F1 (mean per comment): {f1:.4}\n\
         character precision: {p:.4}   recall: {r:.4}\n\
         comment-level precision: {cp:.4}   recall: {cr:.4}\n\
         throughput: {cps:.0} comments/s, {mbs:.1} MB/s ({bytes} bytes in {ms:.1} ms, one thread{build})\n",
        path = path.display(),
        comments = s.comments,
        gold = s.gold_positive,
        flagged = s.flagged,
        f1 = s.f1,
        p = s.precision,
        r = s.recall,
        cp = s.comment_precision,
        cr = s.comment_recall,
        cps = per_second(rows.len() as f64),
        mbs = per_second(bytes as f64) / 1e6,
        ms = elapsed * 1e3,
        // A debug build's speed says nothing about the library's.
        build = if cfg!(debug_assertions) { "; debug build, not a benchmark" } else { "" },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_a_small_csv() {
        let dir = std::env::temp_dir().join(format!("ungxu-eval-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("mini.csv");
        // "đm" is offensive at chars 0..2; the second comment is clean.
        std::fs::write(
            &path,
            ",content,index_spans\n0,\"đm, thế à\",\"[0, 1]\"\n1,Hôm nay trời đẹp,[]\n",
        )
        .unwrap();
        let engine = Engine::default();
        let report = run_vihos(&path, &engine).unwrap();
        assert!(
            report.starts_with("detectors: lexicon and patterns (add --span-model"),
            "{report}"
        );
        assert!(
            report.contains("character F1 (mean per comment): 1.0000"),
            "{report}"
        );
        assert!(
            report.contains("comment-level precision: 1.0000"),
            "{report}"
        );
        assert!(report.contains("lexicon.abbreviation"), "{report}");
        let engine = engine.with_embedded_span_model().unwrap();
        let report = run_vihos(&path, &engine).unwrap();
        assert!(report.contains("learned span scorer"), "{report}");
        assert!(
            report.contains("comment-level precision: 1.0000"),
            "{report}"
        );
        assert!(run_vihos(&dir.join("missing.csv"), &engine).is_err());
        std::fs::remove_dir_all(&dir).ok();
    }
}
