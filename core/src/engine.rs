//! The [`Engine`]: compiled rule packs, lexicons and detectors — immutable, `Send + Sync`,
//! cheap to clone — that answers every query.

use crate::detect::patterns::SignalDetectors;
use crate::detect::spans::SpanModel;
use crate::detect::{Lexicon, LexiconError, LexiconMatcher};
use crate::error::EngineError;
use crate::model::Detection;
use crate::pack::{PackLimits, PackSource, RulePack, DEFAULT_PACKS};
use once_cell::sync::Lazy;
use serde::{Deserialize, Serialize};
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
pub(crate) const EMBEDDED_LEXICONS: [PackSource<'static>; 7] = [
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
pub(crate) const EMBEDDED_LEXICONS: [PackSource<'static>; 7] = [
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
    /// The learned span scorer, when the caller asked for it (off by default; see
    /// [`Engine::with_embedded_span_model`]).
    spans: Option<SpanModel>,
    limits: InputLimits,
}

/// How large an input the engine checks; anything larger is an input error naming the limit,
/// answered before any work is done. [`Default`] suits social-media posts and event logs with
/// room to spare; a caller that checks larger inputs raises them with
/// [`Engine::with_input_limits`] (or `input_limits` in `api::EngineRequest`, where every field
/// is optional). Nesting in JSON requests is refused by the JSON reader beyond 128 levels
/// (fixed: requests are at most a few levels deep).
///
/// ```
/// use ungxu::engine::InputLimits;
/// use ungxu::eval::{CheckOptions, Post};
/// let opts = CheckOptions::as_of("2025-01-01".parse().unwrap());
/// let long = Post::new("chào bạn ".repeat(200_000)); // 2 MB
/// let err = ungxu::Engine::default().check_post(&long, &opts).unwrap_err();
/// assert_eq!(err.field, "text");
/// assert!(err.message.contains("max_text_bytes"), "{}", err.message);
/// let roomy = ungxu::Engine::default()
///     .with_input_limits(InputLimits { max_text_bytes: 4 << 20, ..InputLimits::default() });
/// assert!(roomy.check_post(&long, &opts).is_ok());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct InputLimits {
    /// Bytes of a post's text (UTF-8). Default 1 MiB (about 350,000 Vietnamese letters;
    /// a Facebook post holds at most 63,206 characters). Never above
    /// [`crate::text::MAX_TEXT_BYTES`].
    pub max_text_bytes: usize,
    /// Links of one post. Default 1,000.
    pub max_links: usize,
    /// Events of one event-log request of the JSON API (`api::check_events`, which every
    /// binding uses); [`crate::eval::ledger::Ledger`] streams without a limit. Default
    /// 1,000,000.
    pub max_events: usize,
}

impl InputLimits {
    /// The defaults, as a constant.
    pub const DEFAULT: InputLimits = InputLimits {
        max_text_bytes: 1 << 20,
        max_links: 1_000,
        max_events: 1_000_000,
    };
}

impl Default for InputLimits {
    fn default() -> InputLimits {
        InputLimits::DEFAULT
    }
}

/// `{what}, over the limit of {limit} (InputLimits::{name})`.
pub(crate) fn over_input_limit(what: String, limit: usize, name: &str) -> String {
    format!("{what}, over the limit of {limit} (InputLimits::{name}; the caller can raise it)")
}

#[derive(Debug)]
struct Inner {
    pack: RulePack,
    // Shared between engines built on the same (embedded) data.
    lexicon: Arc<LexiconMatcher>,
    signals: Arc<SignalDetectors>,
}

/// The embedded lexicons, parsed and compiled once per process (immutable once built): every
/// engine built on them — the default, and any with the caller's packs or overlays — shares
/// them, so such an engine costs the packs alone.
static EMBEDDED_LEXICON: Lazy<Option<(Vec<Lexicon>, Arc<LexiconMatcher>)>> = Lazy::new(|| {
    let parsed = EMBEDDED_LEXICONS
        .iter()
        .map(parse_lexicon)
        .collect::<Result<Vec<_>, _>>()
        .ok()?;
    let matcher = LexiconMatcher::new(&parsed).ok()?;
    Some((parsed, Arc::new(matcher)))
});

/// The embedded detector data, compiled once per process.
static EMBEDDED_SIGNALS: Lazy<Result<Arc<SignalDetectors>, EngineError>> = Lazy::new(|| {
    SignalDetectors::embedded()
        .map(Arc::new)
        .map_err(|e| EngineError::DetectorData {
            name: format!("spec/detectors/{}", e.file),
            message: e.to_string(),
        })
});

/// The compiled embedded lexicons when `lexicons` are the embedded ones (either form:
/// `DEFAULT_LEXICONS` parse to the same lexicons, which a test checks).
fn embedded_lexicon(
    lexicons: &[PackSource<'_>],
) -> Option<&'static (Vec<Lexicon>, Arc<LexiconMatcher>)> {
    let same = |set: &[PackSource<'_>]| {
        set.len() == lexicons.len()
            && set
                .iter()
                .zip(lexicons)
                .all(|(a, b)| a.name == b.name && a.text == b.text)
    };
    if same(&EMBEDDED_LEXICONS) || same(&DEFAULT_LEXICONS) {
        EMBEDDED_LEXICON.as_ref()
    } else {
        None
    }
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

/// Every lexicon source within the byte limits, before anything is parsed.
fn check_lexicon_sizes(
    lexicons: &[PackSource<'_>],
    limits: &PackLimits,
) -> Result<(), EngineError> {
    let mut total = 0usize;
    for src in lexicons {
        total = total.saturating_add(src.text.len());
        let message = if src.text.len() > limits.max_source_bytes {
            let what = format!("{} bytes", src.text.len());
            crate::pack::limits::over(what, limits.max_source_bytes, "max_source_bytes")
        } else if total > limits.max_total_bytes {
            let what = format!("{total} bytes of lexicons up to this one");
            crate::pack::limits::over(what, limits.max_total_bytes, "max_total_bytes")
        } else {
            continue;
        };
        return Err(EngineError::Lexicon {
            name: src.name.to_string(),
            error: LexiconError::Limit(message),
        });
    }
    Ok(())
}

impl Engine {
    /// Builds an engine from pack sources (base first) and lexicon sources, within the
    /// default [`PackLimits`].
    pub fn from_sources(
        packs: &[PackSource<'_>],
        lexicons: &[PackSource<'_>],
    ) -> Result<Engine, EngineError> {
        Engine::from_sources_with_limits(packs, lexicons, &PackLimits::default())
    }

    /// [`Engine::from_sources`] within `limits`, for packs and lexicons from a third party:
    /// sizes are checked before parsing, counts before validation, term lengths before the
    /// matcher is built.
    ///
    /// ```
    /// use ungxu::pack::{PackLimits, PackSource, DEFAULT_PACKS};
    /// let lexicon = format!(
    ///     "[lexicon]\nid = \"mine\"\nlanguage = \"vi\"\ndescription = \"d\"\nsource = \"s\"\n\n\
    ///      [[terms]]\nterm = \"{}\"\ncategory = \"insult\"\nseverity = \"low\"\n",
    ///     "a".repeat(5000),
    /// );
    /// let err = ungxu::Engine::from_sources_with_limits(
    ///     &DEFAULT_PACKS,
    ///     &[PackSource::new("mine.toml", &lexicon)],
    ///     &PackLimits::default(),
    /// )
    /// .unwrap_err()
    /// .to_string();
    /// assert!(err.starts_with("mine.toml: lexicon `mine`: terms[0] `aaaa"), "{err}");
    /// assert!(err.contains("5000 bytes, over the limit of 1024 (PackLimits::max_term_bytes"), "{err}");
    /// ```
    pub fn from_sources_with_limits(
        packs: &[PackSource<'_>],
        lexicons: &[PackSource<'_>],
        limits: &PackLimits,
    ) -> Result<Engine, EngineError> {
        let pack = RulePack::load_with_limits(packs, limits)?;
        check_lexicon_sizes(lexicons, limits)?;
        let embedded = embedded_lexicon(lexicons);
        let parsed_here;
        let parsed: &[Lexicon] = match embedded {
            Some((parsed, _)) => parsed,
            None => {
                parsed_here = lexicons
                    .iter()
                    .map(parse_lexicon)
                    .collect::<Result<Vec<_>, _>>()?;
                &parsed_here
            }
        };
        let mut entries = 0usize;
        for (src, lex) in lexicons.iter().zip(parsed) {
            entries = entries.saturating_add(lex.entry_count());
            let checked = if entries > limits.max_terms {
                let what = format!("{entries} lexicon entries up to this one");
                Err(LexiconError::Limit(crate::pack::limits::over(
                    what,
                    limits.max_terms,
                    "max_terms",
                )))
            } else {
                lex.check_term_lengths(limits.max_term_bytes)
            };
            checked.map_err(|error| EngineError::Lexicon {
                name: src.name.to_string(),
                error,
            })?;
        }
        // A term may only name a category that detectors are allowed to report.
        for (src, lex) in lexicons.iter().zip(parsed) {
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
        let lexicon = match embedded {
            Some((_, matcher)) => Arc::clone(matcher),
            None => Arc::new(LexiconMatcher::new(parsed).map_err(|error| {
                EngineError::Lexicon {
                    name: lexicons
                        .iter()
                        .map(|s| s.name)
                        .collect::<Vec<_>>()
                        .join(", "),
                    error,
                }
            })?),
        };
        let signals = Arc::clone(EMBEDDED_SIGNALS.as_ref().map_err(Clone::clone)?);
        Ok(Engine {
            inner: Arc::new(Inner {
                pack,
                lexicon,
                signals,
            }),
            spans: None,
            limits: InputLimits::default(),
        })
    }

    /// Builds an engine from pack sources (base first) with the default lexicons.
    pub fn from_packs(packs: &[PackSource<'_>]) -> Result<Engine, EngineError> {
        Engine::from_sources(packs, &EMBEDDED_LEXICONS)
    }

    /// [`Engine::from_packs`] within `limits` (see [`Engine::from_sources_with_limits`]).
    pub fn from_packs_with_limits(
        packs: &[PackSource<'_>],
        limits: &PackLimits,
    ) -> Result<Engine, EngineError> {
        Engine::from_sources_with_limits(packs, &EMBEDDED_LEXICONS, limits)
    }

    /// [`Engine::with_overlays`] within `limits` (the embedded packs count towards them).
    pub fn with_overlays_and_limits(
        overlays: &[PackSource<'_>],
        limits: &PackLimits,
    ) -> Result<Engine, EngineError> {
        let mut all: Vec<PackSource<'_>> = DEFAULT_PACKS.to_vec();
        all.extend_from_slice(overlays);
        Engine::from_packs_with_limits(&all, limits)
    }

    /// The same engine (sharing its compiled data) checking inputs within `limits`.
    pub fn with_input_limits(mut self, limits: InputLimits) -> Engine {
        self.limits = limits;
        self
    }

    /// The limits on what this engine checks.
    pub fn input_limits(&self) -> &InputLimits {
        &self.limits
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

    /// The learned span scorer this engine runs after the lexicon, if any.
    pub fn span_model(&self) -> Option<&SpanModel> {
        self.spans.as_ref()
    }

    /// The same engine (sharing its compiled data) also running the embedded learned span
    /// scorer (`spec/models/spans-vi.bin`, trained on ViHOS) after the lexicon, unless a check
    /// sets [`crate::eval::CheckOptions::lexicon_only`].
    ///
    /// Off by default, for three reasons the README states with figures: the model's findings
    /// name features rather than a lexicon term, it flags some criticism of officials (which
    /// the Code leaves to human reviewers), and it makes a check several times slower. Its
    /// findings are capped at `review`.
    ///
    /// ```
    /// use ungxu::eval::{CheckOptions, Post};
    /// let engine = ungxu::Engine::default().with_embedded_span_model().unwrap();
    /// let opts = CheckOptions::as_of("2025-03-01".parse().unwrap());
    /// let report = engine.check_post(&Post::new("mấy thằng óc chó này"), &opts).unwrap();
    /// let learned = report.findings.iter().find(|f| f.detector == "model.spans").unwrap();
    /// assert!(!learned.features.is_empty());
    /// // The default engine runs the lexicon and pattern detectors only.
    /// assert!(ungxu::Engine::default().span_model().is_none());
    /// ```
    pub fn with_embedded_span_model(self) -> Result<Engine, EngineError> {
        #[cfg(feature = "span-model")]
        let model = SpanModel::embedded_checked().map_err(|e| e.to_string());
        #[cfg(not(feature = "span-model"))]
        let model: Result<SpanModel, String> = Err(
            "this build does not embed the span model (core feature `span-model`); read the \
             file with SpanModel::from_bytes and use Engine::with_span_model"
                .to_string(),
        );
        let model = model.map_err(|message| EngineError::DetectorData {
            name: "spec/models/spans-vi.bin".to_string(),
            message,
        })?;
        Ok(self.with_span_model(model))
    }

    /// The same engine running `model` after the lexicon (a model trained by
    /// `ungxu train spans`, read with [`SpanModel::from_bytes`]).
    pub fn with_span_model(mut self, model: SpanModel) -> Engine {
        self.spans = Some(model);
        self
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

    #[test]
    fn engines_on_the_embedded_data_share_its_compiled_form() {
        let default = Engine::default();
        let overlay = PackSource::new(
            "mine.toml",
            "[pack]\nid = \"mine\"\nversion = \"1\"\ntitle = \"t\"\nextends = \"vn-ninh-binh-2021\"\n",
        );
        let with_overlay = Engine::with_overlays(&[overlay]).unwrap();
        let from_toml = Engine::from_sources(&DEFAULT_PACKS, &DEFAULT_LEXICONS).unwrap();
        for other in [&with_overlay, &from_toml] {
            assert!(Arc::ptr_eq(&default.inner.lexicon, &other.inner.lexicon));
            assert!(Arc::ptr_eq(&default.inner.signals, &other.inner.signals));
        }
        assert_eq!(with_overlay.pack().packs().len(), 3);
        // Other lexicons are compiled for the engine that asks.
        let mine = PackSource::new(
            "mine.toml",
            "[lexicon]\nid = \"mine\"\nlanguage = \"vi\"\ndescription = \"d\"\nsource = \"s\"\n\n\
             [[terms]]\nterm = \"đồ tồi\"\ncategory = \"insult\"\nseverity = \"low\"\n",
        );
        let own = Engine::from_sources(&DEFAULT_PACKS, &[mine]).unwrap();
        assert!(!Arc::ptr_eq(&default.inner.lexicon, &own.inner.lexicon));
        assert_eq!(own.lexicon().term_count(), 1);
        // The shared matcher still answers to the caller's limits.
        let tight = PackLimits {
            max_terms: 10,
            ..PackLimits::default()
        };
        let err = Engine::from_sources_with_limits(&DEFAULT_PACKS, &EMBEDDED_LEXICONS, &tight)
            .unwrap_err()
            .to_string();
        assert!(err.contains("PackLimits::max_terms"), "{err}");
    }
}
