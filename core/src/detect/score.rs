//! Scoring span detection against annotated comments, the "toxic spans" way (as used for
//! ViHOS): per comment, the set of predicted character positions P against the gold set G.
//!
//! * F1 = 2|P∩G| / (|P| + |G|); precision = |P∩G| / |P|; recall = |P∩G| / |G|; each is 1 when
//!   both sets are empty and 0 when exactly one is empty; the reported figure is the mean over
//!   all comments.
//! * Comment level: a comment is flagged when P is non-empty; precision = flagged comments with
//!   a non-empty G / flagged comments, recall = the same / comments with a non-empty G (0 when
//!   the denominator is 0).
//!
//! ```
//! use ungxu::detect::score::SpanScorer;
//! let mut scorer = SpanScorer::default();
//! scorer.add(&[0, 1, 2], &[1, 2, 3]); // F1 = 2·2/6
//! scorer.add(&[], &[]);               // both empty: 1
//! scorer.add(&[5], &[]);              // missed: 0
//! let s = scorer.finish();
//! assert!((s.f1 - (2.0 / 3.0 + 1.0 + 0.0) / 3.0).abs() < 1e-12);
//! assert_eq!((s.comment_precision, s.comment_recall), (1.0, 0.5));
//! ```

use crate::text::Span;
use serde::{Deserialize, Serialize};

/// The three per-comment figures.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CommentScore {
    /// 2|P∩G| / (|P| + |G|).
    pub f1: f64,
    /// |P∩G| / |P|.
    pub precision: f64,
    /// |P∩G| / |G|.
    pub recall: f64,
}

/// Scores one comment. Positions may be unsorted and repeated; they are taken as sets.
///
/// ```
/// use ungxu::detect::score::score_comment;
/// let s = score_comment(&[3, 4], &[4, 4, 9]);
/// assert_eq!((s.precision, s.recall, s.f1), (0.5, 0.5, 0.5));
/// assert_eq!(score_comment(&[], &[]).f1, 1.0);
/// assert_eq!(score_comment(&[1], &[]).f1, 0.0);
/// ```
pub fn score_comment(gold: &[usize], predicted: &[usize]) -> CommentScore {
    let g = sorted_set(gold);
    let p = sorted_set(predicted);
    match (g.is_empty(), p.is_empty()) {
        (true, true) => CommentScore {
            f1: 1.0,
            precision: 1.0,
            recall: 1.0,
        },
        (true, false) | (false, true) => CommentScore {
            f1: 0.0,
            precision: 0.0,
            recall: 0.0,
        },
        (false, false) => {
            let common = intersection_size(&g, &p) as f64;
            let (ng, np) = (g.len() as f64, p.len() as f64);
            CommentScore {
                f1: 2.0 * common / (ng + np),
                precision: common / np,
                recall: common / ng,
            }
        }
    }
}

fn sorted_set(v: &[usize]) -> Vec<usize> {
    let mut s = v.to_vec();
    s.sort_unstable();
    s.dedup();
    s
}

fn intersection_size(a: &[usize], b: &[usize]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// The Unicode-scalar positions covered by spans (what ViHOS annotates), sorted, no repeats.
///
/// ```
/// use ungxu::detect::score::char_positions;
/// use ungxu::text::Span;
/// let text = "ừ đm";
/// let span = Span::from_byte_range(text, 4..text.len()).unwrap();
/// assert_eq!(char_positions([&span]), [2, 3]);
/// ```
pub fn char_positions<'a>(spans: impl IntoIterator<Item = &'a Span>) -> Vec<usize> {
    let mut out: Vec<usize> = spans.into_iter().flat_map(|s| s.chars()).collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Accumulates per-comment scores.
#[derive(Debug, Clone, Default)]
pub struct SpanScorer {
    comments: usize,
    f1: f64,
    precision: f64,
    recall: f64,
    flagged: usize,
    gold_positive: usize,
    flagged_positive: usize,
}

impl SpanScorer {
    /// Adds one comment and returns its scores.
    pub fn add(&mut self, gold: &[usize], predicted: &[usize]) -> CommentScore {
        let s = score_comment(gold, predicted);
        self.comments += 1;
        self.f1 += s.f1;
        self.precision += s.precision;
        self.recall += s.recall;
        let (g, p) = (!gold.is_empty(), !predicted.is_empty());
        self.flagged += usize::from(p);
        self.gold_positive += usize::from(g);
        self.flagged_positive += usize::from(g && p);
        s
    }

    /// The means and the comment-level figures so far.
    pub fn finish(&self) -> SpanScores {
        let mean = |x: f64| {
            if self.comments == 0 {
                0.0
            } else {
                x / self.comments as f64
            }
        };
        let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        SpanScores {
            comments: self.comments,
            f1: mean(self.f1),
            precision: mean(self.precision),
            recall: mean(self.recall),
            flagged: self.flagged,
            gold_positive: self.gold_positive,
            comment_precision: ratio(self.flagged_positive, self.flagged),
            comment_recall: ratio(self.flagged_positive, self.gold_positive),
        }
    }
}

/// The result of a [`SpanScorer`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SpanScores {
    /// Comments scored.
    pub comments: usize,
    /// Mean per-comment character F1.
    pub f1: f64,
    /// Mean per-comment character precision.
    pub precision: f64,
    /// Mean per-comment character recall.
    pub recall: f64,
    /// Comments with a non-empty prediction.
    pub flagged: usize,
    /// Comments with a non-empty gold set.
    pub gold_positive: usize,
    /// Flagged comments that have gold spans / flagged comments.
    pub comment_precision: f64,
    /// Flagged comments that have gold spans / comments that have gold spans.
    pub comment_recall: f64,
}

/// One annotated comment of a ViHOS-style CSV.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnnotatedComment {
    /// The 1-based line of the CSV the record starts on.
    pub line: usize,
    /// The comment.
    pub content: String,
    /// The gold character (Unicode scalar) positions.
    pub gold: Vec<usize>,
}

/// Parses a ViHOS CSV (columns: row number, `content`, `index_spans` such as `"[1, 2, 3]"`;
/// a header row first). Quoted fields may hold commas, newlines and doubled quotes. Pure: the
/// caller reads the file.
///
/// ```
/// use ungxu::detect::score::parse_vihos_csv;
/// let csv = ",content,index_spans\n0,Dừa lắm :)),[]\n1,\"Bấp bênh vl, \"\"thế\"\"\",\"[9, 10]\"\n";
/// let rows = parse_vihos_csv(csv).unwrap();
/// assert_eq!(rows[1].content, "Bấp bênh vl, \"thế\"");
/// assert_eq!(rows[1].gold, [9, 10]);
/// assert_eq!(rows[1].line, 3);
/// ```
pub fn parse_vihos_csv(text: &str) -> Result<Vec<AnnotatedComment>, String> {
    let records = parse_csv(text)?;
    let mut out = Vec::with_capacity(records.len());
    let mut iter = records.into_iter();
    let Some((_, header)) = iter.next() else {
        return Ok(out);
    };
    let col = |name: &str| header.iter().position(|h| h.trim() == name);
    let (Some(content), Some(spans)) = (col("content"), col("index_spans")) else {
        return Err(format!(
            "line 1: expected columns `content` and `index_spans`, found {header:?}"
        ));
    };
    for (line, record) in iter {
        if record.len() == 1 && record[0].is_empty() {
            continue; // blank line
        }
        let (Some(c), Some(s)) = (record.get(content), record.get(spans)) else {
            return Err(format!(
                "line {line}: expected at least {} fields, found {}",
                content.max(spans) + 1,
                record.len()
            ));
        };
        let list = s.trim();
        let inner = list
            .strip_prefix('[')
            .and_then(|l| l.strip_suffix(']'))
            .ok_or_else(|| format!("line {line}: index_spans `{list}` is not a list"))?;
        let mut gold = Vec::new();
        for item in inner.split(',').map(str::trim).filter(|i| !i.is_empty()) {
            gold.push(
                item.parse::<usize>()
                    .map_err(|_| format!("line {line}: `{item}` is not a position"))?,
            );
        }
        out.push(AnnotatedComment {
            line,
            content: c.clone(),
            gold,
        });
    }
    Ok(out)
}

/// RFC 4180 records, each with the 1-based line it starts on.
fn parse_csv(text: &str) -> Result<Vec<(usize, Vec<String>)>, String> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut line = 1usize;
    let mut start_line = 1usize;
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    let mut at_field_start = true;
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                c => {
                    if c == '\n' {
                        line += 1;
                    }
                    field.push(c);
                }
            }
            continue;
        }
        match c {
            '"' if at_field_start => {
                quoted = true;
                at_field_start = false;
            }
            ',' => {
                record.push(std::mem::take(&mut field));
                at_field_start = true;
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' => {
                record.push(std::mem::take(&mut field));
                records.push((start_line, std::mem::take(&mut record)));
                line += 1;
                start_line = line;
                at_field_start = true;
            }
            c => {
                field.push(c);
                at_field_start = false;
            }
        }
    }
    if quoted {
        return Err(format!("line {start_line}: unterminated quoted field"));
    }
    if !field.is_empty() || !record.is_empty() {
        record.push(field);
        records.push((start_line, record));
    }
    Ok(records)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_edge_cases() {
        let csv = ",content,index_spans\r\n0,\"a,\nb\",\"[0, 2]\"\r\n\n1,c,[]";
        let rows = parse_vihos_csv(csv).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].content, "a,\nb");
        assert_eq!(rows[0].gold, [0, 2]);
        assert_eq!((rows[1].line, rows[1].content.as_str()), (5, "c"));
        assert!(parse_vihos_csv(",content,index_spans\n0,\"a,[]").is_err());
        assert!(parse_vihos_csv(",content,index_spans\n0,a,[x]").is_err());
        assert!(parse_vihos_csv("a,b\n").is_err());
        assert!(parse_vihos_csv("").unwrap().is_empty());
    }

    #[test]
    fn per_comment_cases() {
        let s = score_comment(&[1, 2, 3, 4], &[3, 4, 5, 6, 7, 8]);
        assert!((s.f1 - 0.4).abs() < 1e-12);
        assert!((s.precision - 2.0 / 6.0).abs() < 1e-12);
        assert!((s.recall - 0.5).abs() < 1e-12);
        assert_eq!(score_comment(&[], &[1]).precision, 0.0);
        assert_eq!(score_comment(&[1, 1, 1], &[1]).f1, 1.0);
    }

    #[test]
    fn empty_scorer_is_zero() {
        let s = SpanScorer::default().finish();
        assert_eq!((s.comments, s.f1, s.comment_precision), (0, 0.0, 0.0));
    }

    #[test]
    fn comment_level() {
        let mut sc = SpanScorer::default();
        sc.add(&[1], &[1]); // true positive
        sc.add(&[], &[2]); // false positive
        sc.add(&[3], &[]); // false negative
        sc.add(&[], &[]); // true negative
        let s = sc.finish();
        assert_eq!((s.flagged, s.gold_positive), (2, 2));
        assert_eq!((s.comment_precision, s.comment_recall), (0.5, 0.5));
        assert!((s.f1 - 0.5).abs() < 1e-12);
    }
}
