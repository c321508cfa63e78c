//! What building the default engine and checking a ViHOS CSV cost, for instruction counts
//! under callgrind (deterministic, unlike timings on a shared machine):
//!
//! ```sh
//! cargo build --release -p ungxu --example startup_cost
//! valgrind --tool=callgrind --callgrind-out-file=/dev/null target/release/examples/startup_cost
//! valgrind --tool=callgrind --callgrind-out-file=/dev/null target/release/examples/startup_cost ../shared/data/vihos/train.csv
//! # normalise + lexicon match only, the comments joined 100 at a time (long texts):
//! valgrind --tool=callgrind --callgrind-out-file=/dev/null target/release/examples/startup_cost ../shared/data/vihos/train.csv pipeline 100
//! ```
//!
//! Without an argument it builds the engine only; with a CSV it also checks every comment
//! once (`check`, the default: `check_post`; `pipeline`: normalise + lexicon match), so the
//! difference of the two counts is the checking. A third argument joins that many comments
//! (with a line break) into one text.

use ungxu::eval::{CheckOptions, Post};
use ungxu::text::NormalizedText;

fn main() {
    let engine = ungxu::Engine::default();
    let mut args = std::env::args().skip(1);
    let Some(csv) = args.next() else {
        return;
    };
    let what = args.next().unwrap_or_else(|| "check".into());
    let join: usize = args
        .next()
        .map_or(1, |n| n.parse().expect("a number to join"));
    let text = std::fs::read_to_string(&csv).unwrap_or_else(|e| panic!("{csv}: {e}"));
    let rows =
        ungxu::detect::score::parse_vihos_csv(&text).unwrap_or_else(|e| panic!("{csv}: {e}"));
    let comments: Vec<String> = rows.into_iter().map(|r| r.content).collect();
    let texts: Vec<String> = comments.chunks(join.max(1)).map(|c| c.join("\n")).collect();
    let opts = CheckOptions::as_of("2025-06-01".parse().expect("a date"));
    let mut found = 0;
    for t in &texts {
        found += match what.as_str() {
            "pipeline" => engine.lexicon().find(&NormalizedText::new(t)).len(),
            "check" => engine
                .check_post(&Post::new(t.as_str()), &opts)
                .map_or(0, |r| r.findings.len()),
            other => panic!("{other}: expected check or pipeline"),
        };
    }
    println!("{} texts, {found} {what} matches", texts.len());
}
