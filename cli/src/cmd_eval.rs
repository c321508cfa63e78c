//! `ungxu eval vihos PATH`: scores span detection on a ViHOS CSV (row number, `content`,
//! `index_spans`) with the standard "toxic spans" measure and reports throughput.
//!
//! Self-contained: the caller passes the matcher (or any detector) and prints the returned
//! report. The data set is never required to build or test the project.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Instant;
use ungxu::detect::score::{char_positions, parse_vihos_csv, SpanScorer};
use ungxu::detect::LexiconMatcher;
use ungxu::text::{NormalizedText, Span};

/// Scores the lexicon matcher on the ViHOS CSV at `path` and returns the report to print.
///
/// Errors (unreadable file, malformed CSV) come back as a message naming the path and line.
pub fn run_vihos(path: &Path, matcher: &LexiconMatcher) -> Result<String, String> {
    let mut tiers: BTreeMap<&'static str, (usize, usize)> = BTreeMap::new();
    let mut report = run_vihos_with(path, |text, gold| {
        let found = matcher.find(&NormalizedText::new(text));
        for m in &found {
            let hit = m.span.chars().any(|c| gold.binary_search(&c).is_ok());
            let e = tiers.entry(m.tier.name()).or_default();
            e.0 += 1;
            e.1 += usize::from(hit);
        }
        found.into_iter().map(|m| m.span).collect()
    })?;
    report.push_str("matches by tier (found, overlapping a gold span):\n");
    for (tier, (n, hit)) in &tiers {
        report.push_str(&format!("  {tier:<13} {n:>6} {hit:>6}\n"));
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
    use ungxu::detect::Lexicon;

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
        let lexicon = Lexicon::from_toml_str(
            "[lexicon]\nid = \"t\"\nlanguage = \"vi\"\ndescription = \"d\"\nsource = \"s\"\n\
             [[terms]]\nterm = \"địt mẹ\"\ncategory = \"offensive_language\"\nseverity = \"high\"\n\
             [[abbreviations]]\nshort = \"đm\"\nlong = \"địt mẹ\"\n",
        )
        .unwrap();
        let matcher = LexiconMatcher::new(&[lexicon]).unwrap();
        let report = run_vihos(&path, &matcher).unwrap();
        assert!(
            report.contains("character F1 (mean per comment): 1.0000"),
            "{report}"
        );
        assert!(
            report.contains("comment-level precision: 1.0000"),
            "{report}"
        );
        assert!(report.contains("abbreviation"), "{report}");
        assert!(run_vihos(&dir.join("missing.csv"), &matcher).is_err());
        std::fs::remove_dir_all(&dir).ok();
    }
}
