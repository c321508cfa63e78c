//! ungxu against peer profanity filters on the same real comments, and the table that puts the
//! Rust, Python and Node figures side by side. Run through `./scripts/bench-peers CSV`.
//!
//! ```text
//! ungxu-bench-peers corpus CSV OUT.json        the comments as a JSON array of strings, so
//!                                              Python and Node time exactly the same texts
//! ungxu-bench-peers rust CSV [RUNS]            the Rust rows, one JSON object a line
//! ungxu-bench-peers check-post CSV [RUNS]      only ungxu's check_post row (Python's reference)
//! ungxu-bench-peers table ROWS.jsonl...        the table and the issue's targets
//! ```
//!
//! Every row is the best of RUNS timed passes over all comments, after one warm-up pass; the
//! contenders run in turn inside each round, so a burst of load on the shared machine hits
//! them alike.

use aho_corasick::AhoCorasick;
use rustrict::{Censor, Type};
use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::hint::black_box;
use std::process::ExitCode;
use std::time::Instant;
use ungxu::detect::score::parse_vihos_csv;
use ungxu::detect::Lexicon;
use ungxu::engine::DEFAULT_LEXICONS;
use ungxu::eval::{CheckOptions, Post};
use ungxu::text::{normalize_term, NormalizedText};
use ungxu::Engine;

const DEFAULT_RUNS: usize = 10;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let runs = |i: usize| -> usize {
        args.get(i)
            .map(|r| r.parse().expect("RUNS: a number"))
            .unwrap_or(DEFAULT_RUNS)
    };
    match args.first().map(String::as_str) {
        Some("corpus") if args.len() == 3 => {
            let comments = read_comments(&args[1]);
            let out = serde_json::to_string(&comments).expect("JSON");
            std::fs::write(&args[2], out).unwrap_or_else(|e| panic!("{}: {e}", args[2]));
        }
        Some("rust") if args.len() >= 2 => {
            for row in rust_rows(&read_comments(&args[1]), runs(2), false) {
                println!("{row}");
            }
        }
        Some("check-post") if args.len() >= 2 => {
            for row in rust_rows(&read_comments(&args[1]), runs(2), true) {
                println!("{row}");
            }
        }
        Some("table") if args.len() >= 2 => return table(&args[1..]),
        _ => {
            eprintln!("usage: ungxu-bench-peers corpus CSV OUT.json | rust CSV [RUNS] | check-post CSV [RUNS] | table ROWS.jsonl...");
            return ExitCode::from(2);
        }
    }
    ExitCode::SUCCESS
}

/// The `content` column of a ViHOS CSV, parsed by ungxu's own reader (as `ungxu eval vihos`).
fn read_comments(path: &str) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let rows = parse_vihos_csv(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
    rows.into_iter().map(|r| r.content).collect()
}

/// A contender: a name for the table and one pass over every comment, returning how many
/// comments it flagged (kept, so the optimiser cannot drop the work, and shown as a sanity
/// check that each tool does find something).
struct Contender<'a> {
    id: &'static str,
    what: String,
    pass: Box<dyn Fn(&[String]) -> usize + 'a>,
}

fn rust_rows(comments: &[String], runs: usize, check_post_only: bool) -> Vec<Value> {
    let engine = Engine::default();
    let opts = CheckOptions::as_of("2025-06-01".parse().expect("date"));
    // Posts are made once, outside the timing, as a caller holding its posts would.
    let posts: Vec<Post> = comments.iter().map(|t| Post::new(t.clone())).collect();
    let mut contenders = vec![Contender {
        id: "rust.check_post",
        what: "ungxu Engine::check_post (default engine, 1 thread)".into(),
        pass: Box::new(|_| {
            posts
                .iter()
                .filter(|p| {
                    engine
                        .check_post(black_box(p), &opts)
                        .is_ok_and(|r| !r.findings.is_empty())
                })
                .count()
        }),
    }];
    if !check_post_only {
        contenders.push(Contender {
            id: "rust.pipeline",
            what: "ungxu text pipeline (NormalizedText::new + lexicon().find)".into(),
            pass: Box::new(|texts| {
                texts
                    .iter()
                    .filter(|t| {
                        !engine
                            .lexicon()
                            .find(&NormalizedText::new(black_box(t)))
                            .is_empty()
                    })
                    .count()
            }),
        });
        let patterns = raw_patterns();
        let n = patterns.len();
        let scan = AhoCorasick::new(&patterns).expect("automaton");
        contenders.push(Contender {
            id: "rust.raw_scan",
            what: format!("raw scan: to_lowercase + aho-corasick, {n} ungxu lexicon forms"),
            pass: Box::new(move |texts| {
                texts
                    .iter()
                    .filter(|t| scan.find_iter(&black_box(t).to_lowercase()).count() > 0)
                    .count()
            }),
        });
        contenders.push(Contender {
            id: "rust.rustrict",
            what: "rustrict 0.7.39 Censor::analyze (default lists)".into(),
            pass: Box::new(|texts| {
                texts
                    .iter()
                    .filter(|t| {
                        Censor::from_str(black_box(t))
                            .analyze()
                            .is(Type::INAPPROPRIATE)
                    })
                    .count()
            }),
        });
    }

    let bytes: usize = comments.iter().map(String::len).sum();
    let mut best = vec![f64::INFINITY; contenders.len()];
    let mut flagged = vec![0; contenders.len()];
    for c in &contenders {
        (c.pass)(comments); // warm-up: caches, lazy tables (rustrict builds its trie on first use)
    }
    for _ in 0..runs.max(1) {
        for (i, c) in contenders.iter().enumerate() {
            let started = Instant::now();
            flagged[i] = (c.pass)(comments);
            best[i] = best[i].min(started.elapsed().as_secs_f64());
        }
    }
    contenders
        .iter()
        .enumerate()
        .map(|(i, c)| {
            json!({"id": c.id, "lang": "Rust", "what": c.what, "posts": comments.len(),
                   "bytes": bytes, "seconds": best[i], "flagged": flagged[i]})
        })
        .collect()
}

/// The floor's patterns: every term of ungxu's default lexicons in its canonical form (tones
/// kept) and, where the lexicon lets the tone-less form match (`folded = true`), that form too.
/// Read through the public API: the embedded lexicon sources and `normalize_term`.
fn raw_patterns() -> Vec<String> {
    let mut forms = BTreeSet::new();
    for source in DEFAULT_LEXICONS {
        let lexicon =
            Lexicon::from_toml_str(source.text).unwrap_or_else(|e| panic!("{}: {e}", source.name));
        for term in &lexicon.terms {
            let t = normalize_term(&term.term);
            if term.folded {
                forms.insert(t.folded);
            }
            forms.insert(t.canonical);
        }
    }
    forms.into_iter().collect()
}

/// One row of any language's output.
struct Row {
    id: String,
    lang: String,
    what: String,
    posts: f64,
    bytes: f64,
    seconds: f64,
    flagged: Option<u64>,
}

impl Row {
    fn mb_per_s(&self) -> f64 {
        self.bytes / self.seconds / 1e6
    }
}

fn table(files: &[String]) -> ExitCode {
    let mut rows = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{file}: {e}"));
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let v: Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("{file}: {e}"));
            let num = |k: &str| {
                v[k].as_f64()
                    .unwrap_or_else(|| panic!("{file}: no {k} in {v}"))
            };
            rows.push(Row {
                id: v["id"].as_str().unwrap_or("?").into(),
                lang: v["lang"].as_str().unwrap_or("?").into(),
                what: v["what"].as_str().unwrap_or("?").into(),
                posts: num("posts"),
                bytes: num("bytes"),
                seconds: num("seconds"),
                flagged: v["flagged"].as_u64(),
            });
        }
    }
    println!(
        "| language | what | posts | MB | best s | MB/s | posts/s | flagged |\n|---|---|---:|---:|---:|---:|---:|---:|"
    );
    for r in &rows {
        let flagged = r.flagged.map_or("–".into(), |f| f.to_string());
        println!(
            "| {} | {} | {} | {:.3} | {} | {} | {} | {} |",
            r.lang,
            r.what,
            r.posts,
            r.bytes / 1e6,
            significant(r.seconds),
            significant(r.mb_per_s()),
            significant(r.posts / r.seconds),
            flagged
        );
    }

    // The issue's targets, each a ratio of two rows measured in the same process and run.
    println!("\n| target (issue #8) | ratio | met |\n|---|---:|---|");
    target(
        &rows,
        "ungxu native ≥ 10× rustrict's MB/s",
        "rust.check_post",
        "rust.rustrict",
        |a, b| a.mb_per_s() / b.mb_per_s(),
        Some(|x| x >= 10.0),
    );
    target(
        &rows,
        "ungxu native time ≤ 2× the raw scan's",
        "rust.check_post",
        "rust.raw_scan",
        |a, b| a.seconds / b.seconds,
        Some(|x| x <= 2.0),
    );
    target(
        &rows,
        "Python check_many time ≤ 1.25× native (all cores)",
        "python.check_many",
        "python.native",
        |a, b| a.seconds / b.seconds,
        Some(|x| x <= 1.25),
    );
    target(
        &rows,
        "Python check_many(threads=1) time ≤ 1.25× native",
        "python.check_many_1",
        "python.native",
        |a, b| a.seconds / b.seconds,
        Some(|x| x <= 1.25),
    );
    target(
        &rows,
        "ungxu in Node (checkMany) MB/s ≥ @2toad/profanity's",
        "node.check_many",
        "node.2toad",
        |a, b| a.mb_per_s() / b.mb_per_s(),
        Some(|x| x >= 1.0),
    );
    target(
        &rows,
        "ungxu Python MB/s ÷ better_profanity's (same subset)",
        "python.check_many_subset",
        "python.better_profanity",
        |a, b| a.mb_per_s() / b.mb_per_s(),
        None,
    );
    ExitCode::SUCCESS
}

/// One line of the targets table: `ratio(a, b)` of the rows with ids `a` and `b`, and whether
/// `ok` (the target, if any) holds for it.
fn target(
    rows: &[Row],
    name: &str,
    a: &str,
    b: &str,
    ratio: fn(&Row, &Row) -> f64,
    ok: Option<fn(f64) -> bool>,
) {
    let get = |id: &str| rows.iter().find(|r| r.id == id);
    match (get(a), get(b)) {
        (Some(a), Some(b)) => {
            let x = ratio(a, b);
            let met = match ok {
                Some(ok) if ok(x) => "yes",
                Some(_) => "**no**",
                None => "(no target)",
            };
            println!("| {name} | {x:.2} | {met} |");
        }
        _ => println!("| {name} | – | not measured |"),
    }
}

/// Three significant digits, so 0.00245 MB/s and 659088 posts/s both read well.
fn significant(x: f64) -> String {
    if x >= 100.0 {
        format!("{x:.0}")
    } else {
        let decimals = (2 - x.abs().log10().floor() as i32).max(0) as usize;
        format!("{x:.decimals$}")
    }
}
