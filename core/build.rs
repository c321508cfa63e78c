//! Converts the embedded default data (spec/packs, spec/lexicons, spec/detectors: TOML) to
//! JSON in OUT_DIR, so the engine parses only JSON at start-up (faster, and a build without
//! the `toml` feature links no TOML parser). Keys are written in the order the TOML
//! deserializer hands them out (toml's map order), dates as their text, so deserialising the
//! JSON gives exactly what deserialising the TOML gives (checked by `embedded_json_holds_the_toml_packs` and the lexicon and detector twins tests).

use std::fmt::Write as _;
use std::path::Path;

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
        let table: toml::Table = toml::from_str(&text)
            .unwrap_or_else(|e| panic!("{}: not valid TOML: {e}", src.display()));
        let mut json = String::with_capacity(text.len() + text.len() / 4);
        write_table(&mut json, &table);
        let dest = Path::new(&out).join(format!("{file}.json"));
        std::fs::create_dir_all(dest.parent().expect("has a parent")).expect("create OUT_DIR/...");
        std::fs::write(&dest, json).unwrap_or_else(|e| panic!("{}: {e}", dest.display()));
    }
}

fn write_table(out: &mut String, table: &toml::Table) {
    out.push('{');
    for (i, (k, v)) in table.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_string(out, k);
        out.push(':');
        write_value(out, v);
    }
    out.push('}');
}

fn write_value(out: &mut String, v: &toml::Value) {
    match v {
        toml::Value::String(s) => write_string(out, s),
        toml::Value::Integer(i) => {
            let _ = write!(out, "{i}");
        }
        toml::Value::Float(f) => {
            assert!(f.is_finite(), "non-finite float in embedded data");
            out.push_str(&serde_json::to_string(f).expect("a finite float"));
        }
        toml::Value::Boolean(b) => out.push_str(if *b { "true" } else { "false" }),
        toml::Value::Datetime(d) => write_string(out, &d.to_string()),
        toml::Value::Array(a) => {
            out.push('[');
            for (i, v) in a.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_value(out, v);
            }
            out.push(']');
        }
        toml::Value::Table(t) => write_table(out, t),
    }
}

fn write_string(out: &mut String, s: &str) {
    out.push_str(&serde_json::to_string(s).expect("a string serialises"));
}
