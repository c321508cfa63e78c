//! The native figures `bench/check_many.py` compares the Python binding with: the core's
//! `check_post` over every comment of a ViHOS CSV on one thread, as the core's own `check`
//! benchmark measures it (each report dropped at once), and the same loop keeping every
//! report, as a batch call that returns them must. Prints one JSON line: posts, bytes and the
//! best and median seconds of each.
//!
//! ```sh
//! cargo run --release -p ungxu-python --example native_check_many -- ../shared/data/vihos/dev.csv 10
//! ```

use std::time::Instant;
use ungxu::detect::score::parse_vihos_csv;
use ungxu::eval::{CheckOptions, Post};

/// Best and median seconds of `runs` runs of `run`, after one warm-up run.
fn timed(runs: usize, mut run: impl FnMut()) -> (f64, f64) {
    run();
    let mut times: Vec<f64> = (0..runs.max(1))
        .map(|_| {
            let start = Instant::now();
            run();
            start.elapsed().as_secs_f64()
        })
        .collect();
    times.sort_by(f64::total_cmp);
    (times[0], times[times.len() / 2])
}

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: native_check_many PATH_TO_CSV [RUNS]");
        std::process::exit(2);
    };
    let runs: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(10);
    let rows = std::fs::read_to_string(&path)
        .map_err(|e| e.to_string())
        .and_then(|text| parse_vihos_csv(&text))
        .unwrap_or_else(|e| {
            eprintln!("{path}: {e}");
            std::process::exit(2)
        });
    let posts: Vec<Post> = rows.into_iter().map(|r| Post::new(r.content)).collect();
    let bytes: usize = posts.iter().map(|p| p.text.len()).sum();
    let engine = ungxu::Engine::default();
    let opts = CheckOptions::as_of("2025-06-01".parse().expect("a valid date"));

    let (best, median) = timed(runs, || {
        let checked = posts
            .iter()
            .filter(|p| engine.check_post(std::hint::black_box(p), &opts).is_ok())
            .count();
        assert_eq!(checked, posts.len(), "every comment is a valid post");
    });
    let (keep_best, keep_median) = timed(runs, || {
        let reports: Vec<_> = posts
            .iter()
            .map(|p| engine.check_post(std::hint::black_box(p), &opts))
            .collect();
        assert_eq!(reports.len(), posts.len());
    });
    println!(
        r#"{{"posts": {}, "bytes": {bytes}, "best_seconds": {best:.6}, "median_seconds": {median:.6}, "keep_best_seconds": {keep_best:.6}, "keep_median_seconds": {keep_median:.6}}}"#,
        posts.len()
    );
}
