//! Native reference for `bench/vihos.mjs`: checks every comment of a ViHOS CSV with the Rust
//! engine (typed `check_post`, and the JSON entry point the binding calls), prints the best
//! time of several passes, and writes the comments as a JSON array so the Node side checks
//! exactly the same texts.
//!
//! ```sh
//! cargo run --release -p ungxu-wasm --example vihos_native -- CSV OUT.json [PASSES]
//! ```

use std::time::Instant;
use ungxu::eval::{CheckOptions, Post};

fn best_ms(passes: usize, mut run: impl FnMut()) -> f64 {
    (0..passes)
        .map(|_| {
            let started = Instant::now();
            run();
            started.elapsed().as_secs_f64() * 1e3
        })
        .fold(f64::INFINITY, f64::min)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(csv), Some(out)) = (args.first(), args.get(1)) else {
        eprintln!("usage: vihos_native CSV OUT.json [PASSES]");
        std::process::exit(2);
    };
    let passes: usize = args.get(2).and_then(|p| p.parse().ok()).unwrap_or(5);
    let text = std::fs::read_to_string(csv).unwrap_or_else(|e| panic!("{csv}: {e}"));
    let comments: Vec<String> = ungxu::detect::score::parse_vihos_csv(&text)
        .unwrap_or_else(|e| panic!("{csv}: {e}"))
        .into_iter()
        .map(|c| c.content)
        .collect();
    std::fs::write(
        out,
        serde_json::to_string(&comments).expect("strings serialise"),
    )
    .unwrap_or_else(|e| panic!("{out}: {e}"));

    let engine = ungxu::Engine::default();
    let opts = CheckOptions::as_of("2025-06-01".parse().expect("a date"));
    let typed = best_ms(passes, || {
        for c in &comments {
            let report = engine.check_post(&Post::new(c.as_str()), &opts);
            std::hint::black_box(report.map(|r| r.findings.len()).unwrap_or(0));
        }
    });
    let requests: Vec<String> = comments
        .iter()
        .map(|c| serde_json::json!({"post": {"text": c}, "as_of": "2025-06-01"}).to_string())
        .collect();
    let json = best_ms(passes, || {
        for r in &requests {
            std::hint::black_box(ungxu::api::check_post_json(&engine, r).len());
        }
    });
    println!(
        "{{\"comments\": {}, \"native_check_post_ms\": {typed:.2}, \"native_check_post_json_ms\": {json:.2}}}",
        comments.len()
    );
}
