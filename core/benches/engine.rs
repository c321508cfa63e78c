//! Cost of building the engine from the embedded default packs (what the first
//! `Engine::default()` in a process pays; later calls clone a shared pointer).

use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;
use ungxu::pack::DEFAULT_PACKS;
use ungxu::Engine;

fn build_default(c: &mut Criterion) {
    c.bench_function("engine/build_default_packs", |b| {
        b.iter(|| Engine::from_packs(black_box(&DEFAULT_PACKS)).expect("default packs load"))
    });
    c.bench_function("engine/default_clone", |b| {
        b.iter(|| black_box(Engine::default()))
    });
}

criterion_group!(benches, build_default);
criterion_main!(benches);
