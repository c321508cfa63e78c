//! Cost of building engines.
//!
//! * `engine/build_uncached`: an engine whose lexicons are compiled anew — the bulk of what
//!   the first engine of a process pays (the embedded lexicon sources are passed under other
//!   names, so the compiled ones are not reused; the detectors, compiled once per process, and
//!   the parsed default packs still are);
//! * `engine/with_overlay`: an engine with one overlay on the default packs, which reuses the
//!   process's compiled lexicons, detectors and parsed default packs;
//! * `engine/default_clone`: `Engine::default()` after the first (a shared pointer).
//!
//! ```text
//! cargo bench -p ungxu --bench engine
//! ```

use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;
use ungxu::engine::DEFAULT_LEXICONS;
use ungxu::pack::{PackSource, DEFAULT_PACKS};
use ungxu::Engine;

const OVERLAY: &str = r#"
[pack]
id = "bench-platform"
version = "1"
title = "Stricter on insults"
extends = "vn-ninh-binh-2021"

[[overrides]]
target = "qd874.4.6.insult"
action = "remove"
reason = "our terms of service remove insults"
"#;

fn build(c: &mut Criterion) {
    let names: Vec<String> = DEFAULT_LEXICONS
        .iter()
        .map(|s| format!("bench/{}", s.name))
        .collect();
    let renamed: Vec<PackSource<'_>> = DEFAULT_LEXICONS
        .iter()
        .zip(&names)
        .map(|(s, name)| PackSource::new(name, s.text))
        .collect();
    c.bench_function("engine/build_uncached", |b| {
        b.iter(|| {
            Engine::from_sources(black_box(&DEFAULT_PACKS), black_box(&renamed))
                .expect("default data loads")
        })
    });
    let overlay = [PackSource::new("platform.toml", OVERLAY)];
    c.bench_function("engine/with_overlay", |b| {
        b.iter(|| Engine::with_overlays(black_box(&overlay)).expect("overlay loads"))
    });
    c.bench_function("engine/default_clone", |b| {
        b.iter(|| black_box(Engine::default()))
    });
}

criterion_group!(benches, build);
criterion_main!(benches);
