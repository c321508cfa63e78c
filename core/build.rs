//! Converts the embedded default data (spec/packs, spec/lexicons, spec/detectors: TOML) to
//! JSON in OUT_DIR, so the engine parses only JSON at start-up (faster, and a build without
//! the `toml` feature links no TOML parser). The conversion is the one TOML packs go through at
//! run time (`src/pack/toml_json.rs`), so deserialising the JSON gives exactly what reading the
//! TOML gives (checked by `embedded_json_holds_the_toml_packs` and the lexicon and detector
//! twins tests).

use std::path::Path;

// The converter TOML packs are read through at run time, so the embedded JSON is what reading
// the TOML gives.
#[allow(dead_code)]
#[path = "src/pack/toml_json.rs"]
mod toml_json;

/// What `toml_json` names key-path segments with (`crate::pack::locate::Seg` in the library);
/// here only built and dropped with an error.
#[allow(dead_code)]
mod locate {
    pub(crate) enum Seg {
        Key(String),
        Index(usize),
    }
}

const FILES: &[&str] = &[
    "packs/national",
    "packs/ninh-binh",
    "lexicons/offensive",
    "lexicons/insults",
    "lexicons/hate",
    "lexicons/violence",
    "lexicons/ads",
    "lexicons/teencode",
    "lexicons/safe",
    "detectors/personal",
    "detectors/children",
    "detectors/sources",
    "detectors/impersonation",
];

fn main() {
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let spec = Path::new(&manifest).join("../spec");
    for file in FILES {
        let src = spec.join(format!("{file}.toml"));
        println!("cargo::rerun-if-changed={}", src.display());
        let text = std::fs::read_to_string(&src)
            .unwrap_or_else(|e| panic!("{}: cannot read: {e}", src.display()));
        let json = match toml_json::convert(&text) {
            Ok(converted) => converted.json,
            Err(toml_json::ConvertError::Syntax(message, _))
            | Err(toml_json::ConvertError::Value(message, _, _)) => {
                panic!("{}: cannot be written as JSON: {message}", src.display())
            }
        };
        let dest = Path::new(&out).join(format!("{file}.json"));
        std::fs::create_dir_all(dest.parent().expect("has a parent")).expect("create OUT_DIR/...");
        std::fs::write(&dest, json).unwrap_or_else(|e| panic!("{}: {e}", dest.display()));
    }
}
