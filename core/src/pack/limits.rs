//! Limits on packs and lexicons from a third party, so an overlay cannot exhaust memory or
//! time: every source's size is checked before it is parsed, the number of items after
//! parsing and before validation, the length of each lexicon term before the matcher is
//! built.

use serde::{Deserialize, Serialize};

/// How large packs and lexicons may be. [`Default`] is generous for real packs (the embedded
/// national pack is 111 KB with 56 rules; the embedded lexicons hold about 1,000 terms of at
/// most 50 bytes) and small enough that a hostile overlay is refused before it costs much.
///
/// Sizes count bytes of UTF-8 text; counts are totals over every pack (or every lexicon)
/// loaded, the embedded defaults included. A source over a limit is a
/// [`PackErrorKind::Limit`](super::PackErrorKind::Limit) (for lexicons an
/// [`LexiconError::Limit`](crate::detect::LexiconError::Limit)) naming the file and the
/// limit. In JSON (e.g. `api::EngineRequest`'s `pack_limits`) every field is optional.
///
/// ```
/// use ungxu::pack::{PackLimits, PackSource};
/// let overlay = format!(
///     "[pack]\nid = \"big\"\nversion = \"1\"\ntitle = \"t\"\nextends = \"vn-ninh-binh-2021\"\n{}",
///     "# padding\n".repeat(200_000), // 2 MB
/// );
/// let strict = PackLimits { max_source_bytes: 1 << 20, ..PackLimits::default() };
/// let err = ungxu::Engine::with_overlays_and_limits(&[PackSource::new("big.toml", &overlay)], &strict)
///     .unwrap_err();
/// assert!(err.to_string().starts_with("big.toml: "), "{err}");
/// assert!(err.to_string().contains("max_source_bytes"), "{err}");
/// // The default limits accept it (it is under 4 MiB).
/// assert!(ungxu::Engine::with_overlays(&[PackSource::new("big.toml", &overlay)]).is_ok());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PackLimits {
    /// Bytes of one pack or lexicon source. Default 4 MiB.
    pub max_source_bytes: usize,
    /// Bytes of all pack sources together, and of all lexicon sources together. Default 16 MiB.
    pub max_total_bytes: usize,
    /// Rules over all packs. Default 10,000.
    pub max_rules: usize,
    /// Obligations over all packs. Default 10,000.
    pub max_obligations: usize,
    /// Every other item over all packs: instruments, roles, categories, parameters,
    /// overrides and disables together. Default 10,000.
    pub max_items: usize,
    /// Entries over all lexicons: terms, safe phrases, abbreviations and spelling rules
    /// together. Default 100,000.
    pub max_terms: usize,
    /// Bytes of one lexicon term, safe phrase, abbreviation, context word or spelling.
    /// Default 1,024.
    pub max_term_bytes: usize,
}

impl PackLimits {
    /// The defaults, as a constant.
    pub const DEFAULT: PackLimits = PackLimits {
        max_source_bytes: 4 << 20,
        max_total_bytes: 16 << 20,
        max_rules: 10_000,
        max_obligations: 10_000,
        max_items: 10_000,
        max_terms: 100_000,
        max_term_bytes: 1024,
    };

    /// No limits at all (for trusted data only).
    pub const UNLIMITED: PackLimits = PackLimits {
        max_source_bytes: usize::MAX,
        max_total_bytes: usize::MAX,
        max_rules: usize::MAX,
        max_obligations: usize::MAX,
        max_items: usize::MAX,
        max_terms: usize::MAX,
        max_term_bytes: usize::MAX,
    };
}

impl Default for PackLimits {
    fn default() -> PackLimits {
        PackLimits::DEFAULT
    }
}

/// `{what} is over the limit of {limit} (PackLimits::{name})`.
pub(crate) fn over(what: String, limit: usize, name: &str) -> String {
    format!("{what}, over the limit of {limit} (PackLimits::{name}; the caller can raise it)")
}
