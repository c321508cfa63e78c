//! The fuzz smoke run: every committed seed in `fuzz/corpus/<target>/` and a few thousand
//! pseudo-random mutations of them (fixed seed, so a failure reproduces) through the bodies of
//! the fuzz targets (`fuzz/src/lib.rs`, included here so no libFuzzer or nightly is needed).
//! The long libFuzzer runs are in `fuzz/README.md`.
//!
//! Ignored in `cargo test --workspace`: `scripts/test` runs it as its own step (`cargo test -p
//! ungxu --test fuzz_replay -- --ignored`) and counts it there. `UNGXU_FUZZ_MUTATIONS=N` changes
//! the number of mutations per target.

#[path = "../../fuzz/src/lib.rs"]
mod bodies;

use std::path::PathBuf;

/// Mutations per target by default; `pack_load` builds an engine per input and gets a tenth.
const MUTATIONS: usize = 4_000;

/// Fragments that tend to matter: JSON and TOML syntax, combining marks, zero-width and bidi
/// controls, invalid UTF-8, a lone surrogate escape, huge numbers and far dates.
const DICTIONARY: &[&[u8]] = &[
    b"{",
    b"}",
    b"[",
    b"]",
    b"\"",
    b",",
    b":",
    b"\n",
    b"=",
    b"[[rules]]\n",
    b"[[overrides]]\n",
    b"\\ud800",
    b"\\u0000",
    b"\xff",
    b"\xc3",
    b"\xe2\x80",
    "\u{0300}\u{0301}\u{0323}".as_bytes(),
    "\u{200b}\u{202e}\u{feff}".as_bytes(),
    "đm ngu óc chó".as_bytes(),
    b"9999-12-31T23:59:59+14:00",
    b"0000-01-01T00:00:00-12:00",
    b"18446744073709551616",
    b"-1",
    b"1e308",
    b"null",
    b"true",
];

/// xorshift64*: a fixed sequence, std only.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

fn mutate(rng: &mut Rng, seeds: &[Vec<u8>], input: &mut Vec<u8>) {
    for _ in 0..1 + rng.below(4) {
        let len = input.len();
        match rng.below(7) {
            0 if len > 0 => {
                let i = rng.below(len);
                input[i] ^= 1 << rng.below(8);
            }
            1 => {
                let i = rng.below(len + 1);
                input.insert(i, rng.next() as u8);
            }
            2 if len > 0 => {
                let start = rng.below(len);
                let end = (start + 1 + rng.below(16)).min(len);
                input.drain(start..end);
            }
            3 => {
                let i = rng.below(len + 1);
                let word = DICTIONARY[rng.below(DICTIONARY.len())];
                input.splice(i..i, word.iter().copied());
            }
            4 if len > 0 => {
                let start = rng.below(len);
                let end = (start + 1 + rng.below(64)).min(len);
                let copy = input[start..end].to_vec();
                let at = rng.below(len + 1);
                input.splice(at..at, copy);
            }
            5 => {
                let other = &seeds[rng.below(seeds.len())];
                let from = rng.below(other.len() + 1);
                let at = rng.below(len + 1);
                input.truncate(at);
                input.extend_from_slice(&other[from..]);
            }
            _ if len > 0 => {
                let i = rng.below(len);
                input[i] = DICTIONARY[rng.below(DICTIONARY.len())][0];
            }
            _ => input.push(rng.next() as u8),
        }
    }
}

fn seeds(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../fuzz/corpus")
        .join(target);
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| {
            let path = entry.expect("a directory entry").path();
            let bytes = std::fs::read(&path).expect("a seed");
            (path.display().to_string(), bytes)
        })
        .collect();
    out.sort();
    assert!(!out.is_empty(), "no seeds in {}", dir.display());
    out
}

fn run(target: &str, body: fn(&[u8]), mutations: usize) {
    let seeds = seeds(target);
    for (path, bytes) in &seeds {
        if let Err(e) = std::panic::catch_unwind(|| body(bytes)) {
            std::panic::resume_unwind(Box::new(format!("{path}: {e:?}")));
        }
    }
    let mutations = std::env::var("UNGXU_FUZZ_MUTATIONS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(mutations);
    let bytes: Vec<Vec<u8>> = seeds.into_iter().map(|(_, b)| b).collect();
    let mut rng = Rng(0x005e_ed0f_0a5e_0008 ^ target.len() as u64);
    for n in 0..mutations {
        let mut input = bytes[rng.below(bytes.len())].clone();
        mutate(&mut rng, &bytes, &mut input);
        if std::panic::catch_unwind(|| body(&input)).is_err() {
            let hex: String = input.iter().map(|b| format!("{b:02x}")).collect();
            panic!("{target}: mutation {n} panicked on the input (hex) {hex}");
        }
    }
}

#[test]
#[ignore = "run by scripts/test's fuzz step"]
fn check_post() {
    run("check_post", bodies::check_post, MUTATIONS);
}

#[test]
#[ignore = "run by scripts/test's fuzz step"]
fn pack_load() {
    run("pack_load", bodies::pack_load, MUTATIONS / 10);
}

#[test]
#[ignore = "run by scripts/test's fuzz step"]
fn events() {
    run("events", bodies::events, MUTATIONS);
}

#[test]
#[ignore = "run by scripts/test's fuzz step"]
fn report_roundtrip() {
    run("report_roundtrip", bodies::report_roundtrip, MUTATIONS);
}

#[test]
fn every_target_has_seeds() {
    for (target, _) in bodies::TARGETS {
        assert!(!seeds(target).is_empty());
    }
}
