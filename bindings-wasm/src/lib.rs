//! The WebAssembly binding of `ungxu`: a thin [`wasm_bindgen`] skin over [`ungxu::api`].
//!
//! Every method takes and returns JSON text, exactly as the core's JSON API does, so the
//! answers are byte-identical to Rust's and Python's. The typed JavaScript API (`Engine`,
//! `UngxuError`, camelCase objects) lives in `js/`, which builds the requests and reads the
//! tagged answers (`{"ok": true, …}` or `{"ok": false, "error": …}`).
//!
//! No rule logic lives here. Strings from JavaScript arrive as UTF-8: wasm-bindgen's
//! `TextEncoder` replaces a lone surrogate with U+FFFD, which is one UTF-16 unit too, so
//! UTF-16 offsets in reports still index the caller's string.

use ungxu::api;
use wasm_bindgen::prelude::*;

/// A compiled engine (rule packs, lexicons, detectors), built once and reused for every check.
#[wasm_bindgen]
pub struct WasmEngine {
    engine: ungxu::Engine,
}

impl Default for WasmEngine {
    fn default() -> Self {
        WasmEngine::new()
    }
}

#[wasm_bindgen]
impl WasmEngine {
    /// The engine of the embedded default packs (national + Ninh Bình overlay + lexicons).
    #[wasm_bindgen(constructor)]
    pub fn new() -> WasmEngine {
        WasmEngine {
            engine: ungxu::Engine::default(),
        }
    }

    /// An engine from an [`api::EngineRequest`] in JSON (`{"packs": [...], "overlays": [...]}`).
    ///
    /// # Errors
    /// The error answer `{"ok": false, "error": {...}}` as a string, when the request or a
    /// pack is wrong.
    #[wasm_bindgen(js_name = fromRequest)]
    pub fn from_request(request: &str) -> Result<WasmEngine, String> {
        api::engine_from_json(request)
            .map(|engine| WasmEngine { engine })
            .map_err(api::error_json)
    }

    /// This engine also running the learned span scorer read from `model` (the bytes of
    /// `spec/models/spans-vi.bin`, which the npm package ships as `models/spans-vi.bin`; the
    /// module itself does not embed it, to stay small).
    ///
    /// # Errors
    /// The error answer as a string when the bytes are not a span model.
    #[wasm_bindgen(js_name = withSpanModel)]
    pub fn with_span_model(&self, model: &[u8]) -> Result<WasmEngine, String> {
        api::engine_with_span_model(&self.engine, model)
            .map(|engine| WasmEngine { engine })
            .map_err(api::error_json)
    }

    /// [`api::check_post_json`]: one post.
    #[wasm_bindgen(js_name = checkPost)]
    pub fn check_post(&self, request: &str) -> String {
        api::check_post_json(&self.engine, request)
    }

    /// [`api::check_many_json`]: many posts under the same options.
    #[wasm_bindgen(js_name = checkMany)]
    pub fn check_many(&self, request: &str) -> String {
        api::check_many_json(&self.engine, request)
    }

    /// [`api::check_post_json_with_keys`] in camelCase: the typed `engine.check` parses it as
    /// it is.
    #[wasm_bindgen(js_name = checkPostCamel)]
    pub fn check_post_camel(&self, request: &str) -> String {
        api::check_post_json_with_keys(&self.engine, request, api::KeyCase::Camel)
    }

    /// [`api::check_many_json_with_keys`] in camelCase, for the typed `engine.checkMany`.
    #[wasm_bindgen(js_name = checkManyCamel)]
    pub fn check_many_camel(&self, request: &str) -> String {
        api::check_many_json_with_keys(&self.engine, request, api::KeyCase::Camel)
    }

    /// [`api::check_events_json`]: an event log and its obligation ledger.
    #[wasm_bindgen(js_name = checkEvents)]
    pub fn check_events(&self, request: &str) -> String {
        api::check_events_json(&self.engine, request)
    }

    /// [`api::rules_json`]: the rules, optionally for a role and a date.
    pub fn rules(&self, request: &str) -> String {
        api::rules_json(&self.engine, request)
    }

    /// [`api::rule_json`]: one rule by id.
    pub fn rule(&self, id: &str) -> String {
        api::rule_json(&self.engine, id)
    }

    /// [`api::roles_json`]: the roles and what each inherits.
    pub fn roles(&self) -> String {
        api::roles_json(&self.engine)
    }

    /// [`api::rules_json_with_keys`] in camelCase, for the typed `engine.rules`.
    #[wasm_bindgen(js_name = rulesCamel)]
    pub fn rules_camel(&self, request: &str) -> String {
        api::rules_json_with_keys(&self.engine, request, api::KeyCase::Camel)
    }

    /// [`api::rule_json_with_keys`] in camelCase, for the typed `engine.rule`.
    #[wasm_bindgen(js_name = ruleCamel)]
    pub fn rule_camel(&self, id: &str) -> String {
        api::rule_json_with_keys(&self.engine, id, api::KeyCase::Camel)
    }

    /// [`api::roles_json_with_keys`] in camelCase, for the typed `engine.roles`.
    #[wasm_bindgen(js_name = rolesCamel)]
    pub fn roles_camel(&self) -> String {
        api::roles_json_with_keys(&self.engine, api::KeyCase::Camel)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_are_the_core_json_api() {
        let engine = WasmEngine::new();
        let request = r#"{"post": {"text": "đồ óc chó"}, "as_of": "2025-01-01"}"#;
        assert_eq!(
            engine.check_post(request),
            api::check_post_json(&ungxu::Engine::default(), request)
        );
        assert!(engine.rule("nope").contains(r#""code":"not_found""#));
        assert!(engine.roles().contains(r#""id":"press_agency""#));
    }

    #[test]
    fn a_bad_overlay_is_an_error_answer() {
        let request = r#"{"overlays": [{"name": "bad.toml", "text": "[pack]\nid = 1\n"}]}"#;
        let err = WasmEngine::from_request(request).err().expect("an error");
        assert!(
            err.starts_with(r#"{"ok":false,"error":{"code":"pack""#),
            "{err}"
        );
    }
}
