//! The [`Engine`]: a compiled rule pack, immutable and cheap to clone, that answers every query.

use crate::pack::{PackErrors, PackSource, RulePack, DEFAULT_PACKS};
use once_cell::sync::Lazy;
use std::sync::Arc;

/// A compiled rule pack and everything built from it. `Send + Sync`; clones share one copy.
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
}

// Compiled once per process: the default pack is fixed at build time and checked by the tests.
static DEFAULT: Lazy<Engine> = Lazy::new(|| {
    Engine::from_packs(&DEFAULT_PACKS).unwrap_or_else(|e| {
        // Unreachable for a released build: `tests/` validate the embedded packs.
        panic!("embedded default pack is invalid:\n{e}")
    })
});

impl Default for Engine {
    /// The embedded default: the national pack plus the Ninh Bình 2021 overlay.
    fn default() -> Engine {
        DEFAULT.clone()
    }
}

impl Engine {
    /// Builds an engine from pack sources, base first.
    pub fn from_packs(sources: &[PackSource<'_>]) -> Result<Engine, PackErrors> {
        let pack = RulePack::load(sources)?;
        Ok(Engine {
            inner: Arc::new(Inner { pack }),
        })
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
    pub fn with_overlays(overlays: &[PackSource<'_>]) -> Result<Engine, PackErrors> {
        let mut all: Vec<PackSource<'_>> = DEFAULT_PACKS.to_vec();
        all.extend_from_slice(overlays);
        Engine::from_packs(&all)
    }

    /// The compiled pack.
    pub fn pack(&self) -> &RulePack {
        &self.inner.pack
    }
}
