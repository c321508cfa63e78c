//! What building the default engine and checking a ViHOS CSV cost, for instruction counts
//! under callgrind (deterministic, unlike timings on a shared machine):
//!
//! ```sh
//! cargo build --release -p ungxu --example startup_cost
//! valgrind --tool=callgrind --callgrind-out-file=/dev/null target/release/examples/startup_cost
//! valgrind --tool=callgrind --callgrind-out-file=/dev/null target/release/examples/startup_cost ../shared/data/vihos/train.csv
//! ```
//!
//! Without an argument it builds the engine only; with a CSV it also checks every comment
//! once, so the difference of the two counts is the checking.

use ungxu::eval::{CheckOptions, Post};

fn main() {
    let engine = ungxu::Engine::default();
    let Some(csv) = std::env::args().nth(1) else {
        return;
    };
    let text = std::fs::read_to_string(&csv).unwrap_or_else(|e| panic!("{csv}: {e}"));
    let comments =
        ungxu::detect::score::parse_vihos_csv(&text).unwrap_or_else(|e| panic!("{csv}: {e}"));
    let opts = CheckOptions::as_of("2025-06-01".parse().expect("a date"));
    let mut findings = 0;
    for c in &comments {
        if let Ok(report) = engine.check_post(&Post::new(c.content.as_str()), &opts) {
            findings += report.findings.len();
        }
    }
    println!("{} comments, {findings} findings", comments.len());
}
