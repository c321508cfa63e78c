//! The [`Engine`]: compiled rule packs, lexicons and detectors — immutable, `Send + Sync`,
//! cheap to clone — that answers every query.

use crate::detect::patterns::SignalDetectors;
use crate::detect::{Lexicon, LexiconMatcher};
use crate::error::EngineError;
use crate::model::Detection;
use crate::pack::{PackSource, RulePack, DEFAULT_PACKS};
use once_cell::sync::Lazy;
use std::sync::Arc;

/// The lexicons of the embedded default (`spec/lexicons/`; without the `toml` feature, their
/// JSON conversions, named `spec/lexicons/*.json`).
#[cfg(feature = "toml")]
pub const DEFAULT_LEXICONS: [PackSource<'static>; 7] = [
    PackSource {
        name: "spec/lexicons/offensive.toml",
        text: include_str!("../../spec/lexicons/offensive.toml"),
    },
    PackSource {
        name: "spec/lexicons/insults.toml",
        text: include_str!("../../spec/lexicons/insults.toml"),
    },
    PackSource {
        name: "spec/lexicons/hate.toml",
        text: include_str!("../../spec/lexicons/hate.toml"),
    },
    PackSource {
        name: "spec/lexicons/violence.toml",
        text: include_str!("../../spec/lexicons/violence.toml"),
    },
    PackSource {
        name: "spec/lexicons/ads.toml",
        text: include_str!("../../spec/lexicons/ads.toml"),
    },
    PackSource {
        name: "spec/lexicons/teencode.toml",
        text: include_str!("../../spec/lexicons/teencode.toml"),
    },
    PackSource {
        name: "spec/lexicons/safe.toml",
        text: include_str!("../../spec/lexicons/safe.toml"),
    },
];
/// The lexicons of the embedded default: the JSON conversions of `spec/lexicons/*.toml`,
/// made at build time.
#[cfg(not(feature = "toml"))]
pub const DEFAULT_LEXICONS: [PackSource<'static>; 7] = EMBEDDED_LEXICONS;

// What the engine parses: the JSON conversions (core/build.rs), under the TOML files' names
// (which errors quote) when the `toml` feature is on.
#[cfg(feature = "toml")]
const EMBEDDED_LEXICONS: [PackSource<'static>; 7] = [
    PackSource {
        name: "spec/lexicons/offensive.toml",
        text: include_str!(concat!(env!("OUT_DIR"), "/lexicons/offensive.json")),
    },
    PackSource {
        name: "spec/lexicons/insults.toml",
        text: include_str!(concat!(env!("OUT_DIR"), "/lexicons/insults.json")),
    },
    PackSource {
        name: "spec/lexicons/hate.toml",
        text: include_str!(concat!(env!("OUT_DIR"), "/lexicons/hate.json")),
    },
    PackSource {
        name: "spec/lexicons/violence.toml",
        text: include_str!(concat!(env!("OUT_DIR"), "/lexicons/violence.json")),
    },
    PackSource {
        name: "spec/lexicons/ads.toml",
        text: include_str!(concat!(env!("OUT_DIR"), "/lexicons/ads.json")),
    },
    PackSource {
        name: "spec/lexicons/teencode.toml",
        text: include_str!(concat!(env!("OUT_DIR"), "/lexicons/teencode.json")),
    },
    PackSource {
        name: "spec/lexicons/safe.toml",
        text: include_str!(concat!(env!("OUT_DIR"), "/lexicons/safe.json")),
    },
];
#[cfg(not(feature = "toml"))]
const EMBEDDED_LEXICONS: [PackSource<'static>; 7] = [
    PackSource {
        name: "spec/lexicons/offensive.json",
        text: include_str!(concat!(env!("OUT_DIR"), "/lexicons/offensive.json")),
    },
    PackSource {
        name: "spec/lexicons/insults.json",
        text: include_str!(concat!(env!("OUT_DIR"), "/lexicons/insults.json")),
    },
    PackSource {
        name: "spec/lexicons/hate.json",
        text: include_str!(concat!(env!("OUT_DIR"), "/lexicons/hate.json")),
    },
    PackSource {
        name: "spec/lexicons/violence.json",
        text: include_str!(concat!(env!("OUT_DIR"), "/lexicons/violence.json")),
    },
    PackSource {
        name: "spec/lexicons/ads.json",
        text: include_str!(concat!(env!("OUT_DIR"), "/lexicons/ads.json")),
    },
    PackSource {
        name: "spec/lexicons/teencode.json",
        text: include_str!(concat!(env!("OUT_DIR"), "/lexicons/teencode.json")),
    },
    PackSource {
        name: "spec/lexicons/safe.json",
        text: include_str!(concat!(env!("OUT_DIR"), "/lexicons/safe.json")),
    },
];

/// Compiled packs, lexicons and detectors. `Send + Sync`; clones share one copy.
///
/// ```
/// let engine = ungxu::Engine::default();
/// let as_of = "2025-01-01".parse().unwrap();
/// let n = engine.pack().rules_for(Some("civil_servant"), Some(as_of)).count();
/// assert!(n > 0);
/// ```
#[derive(Debug, Clone)]
pub struct Engine {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    pack: RulePack,
    lexicon: LexiconMatcher,
    signals: SignalDetectors,
}

// Compiled once per process: the default data is fixed at build time and checked by tests.
static DEFAULT: Lazy<Engine> = Lazy::new(|| {
    Engine::from_sources(&DEFAULT_PACKS, &EMBEDDED_LEXICONS).unwrap_or_else(|e| {
        // Unreachable for a released build: the tests load the embedded data.
        panic!("embedded default data is invalid:\n{e}")
    })
});

impl Default for Engine {
    /// The embedded default: the national pack, the Ninh Bình 2021 overlay and the default
    /// lexicons. Built once per process; later calls share it.
    fn default() -> Engine {
        DEFAULT.clone()
    }
}

fn parse_lexicon(src: &PackSource<'_>) -> Result<Lexicon, EngineError> {
    let lower = src.name.to_ascii_lowercase();
    let parsed = if lower.ends_with(".json") || src.text.trim_start().starts_with('{') {
        Lexicon::from_json_str(src.text)
    } else {
        Lexicon::from_toml_str(src.text)
    };
    parsed.map_err(|error| EngineError::Lexicon {
        name: src.name.to_string(),
        error,
    })
}

impl Engine {
    /// Builds an engine from pack sources (base first) and lexicon sources.
    pub fn from_sources(
        packs: &[PackSource<'_>],
        lexicons: &[PackSource<'_>],
    ) -> Result<Engine, EngineError> {
        let pack = RulePack::load(packs)?;
        let parsed = lexicons
            .iter()
            .map(parse_lexicon)
            .collect::<Result<Vec<_>, _>>()?;
        // A term may only name a category that detectors are allowed to report.
        for (src, lex) in lexicons.iter().zip(&parsed) {
            for cat in lex.category_ids() {
                let ok = pack
                    .category(cat)
                    .is_some_and(|c| c.item.detection == Detection::Automatic);
                if !ok {
                    return Err(EngineError::Mismatch {
                        name: src.name.to_string(),
                        message: format!(
                            "lexicon `{}` uses category `{cat}`, which the packs do not define as automatically detectable",
                            lex.id()
                        ),
                    });
                }
            }
        }
        let lexicon = LexiconMatcher::new(&parsed).map_err(|error| EngineError::Lexicon {
            name: lexicons
                .iter()
                .map(|s| s.name)
                .collect::<Vec<_>>()
                .join(", "),
            error,
        })?;
        let signals = SignalDetectors::embedded().map_err(|e| EngineError::DetectorData {
            name: format!("spec/detectors/{}", e.file),
            message: e.to_string(),
        })?;
        Ok(Engine {
            inner: Arc::new(Inner {
                pack,
                lexicon,
                signals,
            }),
        })
    }

    /// Builds an engine from pack sources (base first) with the default lexicons.
    pub fn from_packs(packs: &[PackSource<'_>]) -> Result<Engine, EngineError> {
        Engine::from_sources(packs, &EMBEDDED_LEXICONS)
    }

    /// The embedded default packs with the caller's overlays on top.
    ///
    /// ```
    /// use ungxu::pack::PackSource;
    /// let overlay = r#"
    /// [pack]
    /// id = "my-platform"
    /// version = "1"
    /// title = "Stricter on insults"
    /// extends = "vn-ninh-binh-2021"
    ///
    /// [[overrides]]
    /// target = "qd874.4.6.insult"
    /// action = "remove"
    /// reason = "our terms of service remove insults"
    /// "#;
    /// let engine = ungxu::Engine::with_overlays(&[PackSource::new("mine.toml", overlay)]).unwrap();
    /// let rule = engine.pack().rule("qd874.4.6.insult").unwrap();
    /// assert_eq!(rule.item.action, ungxu::model::Action::Remove);
    /// ```
    pub fn with_overlays(overlays: &[PackSource<'_>]) -> Result<Engine, EngineError> {
        let mut all: Vec<PackSource<'_>> = DEFAULT_PACKS.to_vec();
        all.extend_from_slice(overlays);
        Engine::from_packs(&all)
    }

    /// The compiled packs.
    pub fn pack(&self) -> &RulePack {
        &self.inner.pack
    }

    /// The compiled lexicon matcher.
    pub fn lexicon(&self) -> &LexiconMatcher {
        &self.inner.lexicon
    }

    /// The compiled pattern detectors (personal data, children, sources, impersonation).
    pub fn signals(&self) -> &SignalDetectors {
        &self.inner.signals
    }
}

#[cfg(all(test, feature = "toml"))]
mod tests {
    use super::*;

    #[test]
    fn embedded_json_lexicons_are_the_toml_lexicons() {
        for (t, j) in DEFAULT_LEXICONS.iter().zip(&EMBEDDED_LEXICONS) {
            assert_eq!(t.name, j.name);
            let a = format!("{:?}", Lexicon::from_toml_str(t.text).unwrap());
            let b = format!("{:?}", Lexicon::from_json_str(j.text).unwrap());
            assert!(a == b, "{} differs", t.name);
        }
    }
}
