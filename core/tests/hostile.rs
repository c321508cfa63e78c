//! The hostile-input catalogue (`tests/hostile/cases.json`, described in its README) through
//! `ungxu::api`: every case must give the typed error or the report it states, never a panic,
//! an abort or a hang. Cases run two at a time; each has a generous deadline that only a hang
//! misses (no timing is asserted otherwise).

use serde_json::Value;
use std::sync::mpsc;
use std::time::Duration;
use ungxu::api::{self, ApiError, EngineRequest, PackText};
use ungxu::pack::{PackSource, DEFAULT_PACKS};

/// Far above the few seconds the slowest case takes in a debug build.
const HANG: Duration = Duration::from_secs(120);

fn catalogue() -> Vec<Value> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/hostile/cases.json");
    let text = std::fs::read_to_string(path).expect("tests/hostile/cases.json");
    let doc: Value = serde_json::from_str(&text).expect("the catalogue is JSON");
    doc["cases"].as_array().expect("`cases`").clone()
}

/// Expands a `$text` part list into a string (lone surrogates and invalid UTF-8 become U+FFFD,
/// as `String::from_utf8_lossy` makes them).
fn text_of(parts: &Value) -> String {
    let mut out = String::new();
    for part in parts.as_array().expect("a list of parts") {
        push_part(part, &mut out);
    }
    out
}

fn push_part(part: &Value, out: &mut String) {
    match part {
        Value::String(s) => out.push_str(s),
        Value::Object(o) if o.contains_key("repeat") => {
            let times = o["times"].as_u64().expect("times") as usize;
            let mut one = String::new();
            push_part(&o["repeat"], &mut one);
            if one.contains("{i}") || one.contains("{a}") {
                for i in 0..times {
                    out.push_str(&numbered(&one, i));
                }
            } else {
                out.push_str(&one.repeat(times));
            }
        }
        Value::Object(o) if o.contains_key("char") => {
            let code = u32::from_str_radix(o["char"].as_str().unwrap(), 16).unwrap();
            out.push(char::from_u32(code).unwrap_or('\u{FFFD}'));
        }
        Value::Object(o) if o.contains_key("bytes") => {
            let hex = o["bytes"].as_str().unwrap();
            let bytes: Vec<u8> = (0..hex.len())
                .step_by(2)
                .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
                .collect();
            out.push_str(&String::from_utf8_lossy(&bytes));
        }
        other => panic!("unknown text part {other}"),
    }
}

/// `{i}` becomes `i`; `{a}` becomes its digits as letters, one syllable each (`12` is `b c`),
/// for lexicon terms, which may not hold digits that normalise alike.
fn numbered(template: &str, i: usize) -> String {
    let letters: Vec<String> = i
        .to_string()
        .bytes()
        .map(|d| char::from(b'a' + (d - b'0')).to_string())
        .collect();
    template
        .replace("{i}", &i.to_string())
        .replace("{a}", &letters.join(" "))
}

/// Writes a request template as JSON text, expanding the generators.
fn emit(v: &Value, out: &mut String) {
    match v {
        Value::Object(o) if o.contains_key("$text") => {
            out.push_str(&serde_json::to_string(&text_of(&o["$text"])).unwrap())
        }
        Value::Object(o) if o.contains_key("$raw") => out.push_str(&text_of(&o["$raw"])),
        Value::Object(o) if o.contains_key("$array") => {
            let mut one = String::new();
            emit(&o["$array"], &mut one);
            let times = o["times"].as_u64().unwrap() as usize;
            out.push('[');
            for i in 0..times {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&numbered(&one, i));
            }
            out.push(']');
        }
        Value::Object(o) if o.contains_key("$nest") => {
            let depth = o["$nest"].as_u64().unwrap() as usize;
            match o.get("key").and_then(Value::as_str) {
                Some(key) => {
                    out.push_str(&format!("{{\"{key}\":").repeat(depth));
                    out.push_str("{}");
                    out.push_str(&"}".repeat(depth));
                }
                None => {
                    out.push_str(&"[".repeat(depth));
                    out.push_str(&"]".repeat(depth));
                }
            }
        }
        Value::Object(o) => {
            out.push('{');
            for (i, (k, v)) in o.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&serde_json::to_string(k).unwrap());
                out.push(':');
                emit(v, out);
            }
            out.push('}');
        }
        Value::Array(a) => {
            out.push('[');
            for (i, v) in a.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                emit(v, out);
            }
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

fn json_of(v: &Value) -> String {
    let mut out = String::new();
    emit(v, &mut out);
    out
}

/// Runs one case; the answer as JSON (an `{"ok": …}` object, or `{"engine": true}`).
fn run(case: &Value) -> Value {
    let engine_request = case
        .get("engine")
        .map(json_of)
        .unwrap_or_else(|| "{}".into());
    let call = case["call"].as_str().unwrap();
    let request = json_of(&case["request"]);
    let answer = match call {
        "engine" => match api::engine_from_json(&request) {
            Ok(_) => r#"{"engine": true}"#.to_string(),
            Err(e) => api::error_json(e),
        },
        "lexicon" => {
            let lexicon: PackText = serde_json::from_str(&request).unwrap();
            let limits = api::parse_request::<EngineRequest>(&engine_request)
                .unwrap()
                .pack_limits
                .unwrap_or_default();
            let sources = [PackSource::new(&lexicon.name, &lexicon.text)];
            match ungxu::Engine::from_sources_with_limits(&DEFAULT_PACKS, &sources, &limits) {
                Ok(_) => r#"{"engine": true}"#.to_string(),
                Err(e) => api::error_json(ApiError::pack(&e)),
            }
        }
        _ => {
            let engine = api::engine_from_json(&engine_request).expect("the case's engine");
            match call {
                "check_post" => api::check_post_json(&engine, &request),
                "check_many" => api::check_many_json(&engine, &request),
                "check_events" => api::check_events_json(&engine, &request),
                other => panic!("unknown call {other}"),
            }
        }
    };
    serde_json::from_str(&answer).unwrap_or_else(|e| panic!("answer is not JSON ({e}): {answer}"))
}

/// Whether `answer` is what `expect` states; the reason when not.
fn check(expect: &Value, answer: &Value) -> Result<(), String> {
    let fail = |why: &str| Err(format!("{why}; answer: {}", brief(answer)));
    if let Some(e) = expect.get("error") {
        if answer["ok"] != false {
            return fail("expected an error");
        }
        let got = &answer["error"];
        if got["code"] != e["code"] {
            return fail(&format!("expected code {}", e["code"]));
        }
        let field = got["field"].as_str().unwrap_or("");
        if let Some(f) = e.get("field").and_then(Value::as_str) {
            if field != f {
                return fail(&format!("expected field `{f}`"));
            }
        }
        if let Some(f) = e.get("field_prefix").and_then(Value::as_str) {
            if !field.starts_with(f) {
                return fail(&format!("expected a field starting `{f}`"));
            }
        }
        let message = got["message"].as_str().unwrap_or("");
        for m in e
            .get("message")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if !message.contains(m.as_str().unwrap()) {
                return fail(&format!("expected the message to contain {m}"));
            }
        }
        return Ok(());
    }
    if let Some(r) = expect.get("report") {
        if answer["ok"] != true {
            return fail("expected a report");
        }
        let report = &answer["report"];
        if let Some(v) = r.get("verdict") {
            if &report["verdict"] != v {
                return fail(&format!("expected verdict {v}"));
            }
        }
        let n = report["findings"].as_array().map_or(0, Vec::len) as u64;
        let bound = |k: &str| r.get(k).and_then(Value::as_u64);
        if bound("findings").is_some_and(|x| n != x)
            || bound("min_findings").is_some_and(|x| n < x)
            || bound("max_findings").is_some_and(|x| n > x)
        {
            return fail(&format!("{n} findings"));
        }
        if let Some(Value::Object(summary)) = r.get("summary") {
            for (k, v) in summary {
                if &report["summary"][k] != v {
                    return fail(&format!("expected summary.{k} = {v}"));
                }
            }
        }
        return Ok(());
    }
    if let Some(Value::Array(results)) = expect.get("results") {
        let got = answer["results"].as_array().cloned().unwrap_or_default();
        if got.len() != results.len() {
            return fail(&format!("expected {} results", results.len()));
        }
        for (e, a) in results.iter().zip(&got) {
            check(e, a)?;
        }
        return Ok(());
    }
    if let Some(n) = expect.get("results_count").and_then(Value::as_u64) {
        let got = answer["results"].as_array().map_or(0, Vec::len) as u64;
        return if got == n && answer["ok"] == true {
            Ok(())
        } else {
            fail(&format!("expected {n} results"))
        };
    }
    if expect.get("engine").is_some() {
        return if answer["engine"] == true {
            Ok(())
        } else {
            fail("expected an engine")
        };
    }
    panic!("unknown expectation {expect}")
}

fn brief(v: &Value) -> String {
    let s = v.to_string();
    match s.char_indices().nth(400) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s,
    }
}

fn runs_in_rust(case: &Value) -> bool {
    case.get("only")
        .and_then(Value::as_array)
        .is_none_or(|langs| langs.iter().any(|l| l == "rust"))
}

#[test]
fn the_catalogue_has_thirty_cases_or_more_with_unique_ids() {
    let cases = catalogue();
    assert!(cases.len() >= 30, "{} cases", cases.len());
    let mut ids: Vec<&str> = cases.iter().map(|c| c["id"].as_str().unwrap()).collect();
    ids.sort_unstable();
    let n = ids.len();
    ids.dedup();
    assert_eq!(ids.len(), n, "duplicate ids");
}

#[test]
fn every_hostile_case_gives_its_typed_error_or_report() {
    let cases: Vec<Value> = catalogue().into_iter().filter(runs_in_rust).collect();
    let mut failures = Vec::new();
    // Two at a time (the machines have two cores); each on its own thread so that a hang is
    // reported as such instead of stalling the run.
    for pair in cases.chunks(2) {
        let (tx, rx) = mpsc::channel();
        for case in pair {
            let (tx, case) = (tx.clone(), case.clone());
            std::thread::Builder::new()
                .spawn(move || {
                    let start = std::time::Instant::now();
                    let answer = std::panic::catch_unwind(|| run(&case));
                    if std::env::var_os("UNGXU_HOSTILE_TIMES").is_some() {
                        eprintln!("{:>8.0?} {}", start.elapsed(), case["id"]);
                    }
                    let _ = tx.send((case, answer));
                })
                .unwrap();
        }
        drop(tx);
        for _ in pair {
            match rx.recv_timeout(HANG) {
                Ok((case, Ok(answer))) => {
                    if let Err(why) = check(&case["expect"], &answer) {
                        failures.push(format!("{}: {why}", case["id"]));
                    }
                }
                Ok((case, Err(_))) => failures.push(format!("{}: panicked", case["id"])),
                Err(_) => {
                    let ids: Vec<_> = pair.iter().map(|c| c["id"].to_string()).collect();
                    panic!(
                        "no answer within {HANG:?} (a hang?) from {}",
                        ids.join(" or ")
                    );
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}
