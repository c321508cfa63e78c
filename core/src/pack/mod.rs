//! Rule packs: loading (TOML or JSON), layering overlays, validation with located errors,
//! and the embedded default (the national pack plus the Ninh Bình 2021 overlay).
//!
//! A pack that fails validation never half-loads: [`RulePack::load`] returns every error or
//! a complete pack.

mod compile;
mod error;
pub(crate) mod limits;
mod load;
mod locate;
mod rulebook;

pub use compile::{AppliedOverride, Disabled, Entry, ResolvedRole, RulePack};
pub use error::{PackError, PackErrorKind, PackErrors};
pub use limits::PackLimits;
pub use load::{parse_pack, PackSource};
pub use locate::Format;
pub use rulebook::render_rulebook;

/// The national pack (Decision 874 and the binding instruments), as embedded in the library
/// (`spec/packs/national.toml`; without the `toml` feature, its JSON conversion, named
/// `spec/packs/national.json`).
#[cfg(feature = "toml")]
pub const NATIONAL_PACK: PackSource<'static> = PackSource {
    name: "spec/packs/national.toml",
    text: include_str!("../../../spec/packs/national.toml"),
};
/// The national pack (Decision 874 and the binding instruments), as embedded in the library
/// (the JSON conversion of `spec/packs/national.toml`, made at build time).
#[cfg(not(feature = "toml"))]
pub const NATIONAL_PACK: PackSource<'static> = PackSource {
    name: "spec/packs/national.json",
    text: NATIONAL_JSON,
};

/// The Ninh Bình 2021 overlay, as embedded in the library (`spec/packs/ninh-binh.toml`;
/// without the `toml` feature, its JSON conversion, named `spec/packs/ninh-binh.json`).
#[cfg(feature = "toml")]
pub const NINH_BINH_PACK: PackSource<'static> = PackSource {
    name: "spec/packs/ninh-binh.toml",
    text: include_str!("../../../spec/packs/ninh-binh.toml"),
};
/// The Ninh Bình 2021 overlay, as embedded in the library (the JSON conversion of
/// `spec/packs/ninh-binh.toml`, made at build time).
#[cfg(not(feature = "toml"))]
pub const NINH_BINH_PACK: PackSource<'static> = PackSource {
    name: "spec/packs/ninh-binh.json",
    text: NINH_BINH_JSON,
};

/// The packs of the embedded default, base first.
pub const DEFAULT_PACKS: [PackSource<'static>; 2] = [NATIONAL_PACK, NINH_BINH_PACK];

// The JSON conversions of the embedded packs (core/build.rs), which is what gets parsed.
const NATIONAL_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/packs/national.json"));
const NINH_BINH_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/packs/ninh-binh.json"));

/// The JSON conversion of an embedded TOML pack, when `text` is one: parsing it gives the same
/// [`crate::model::PackFile`], faster, while errors are still located in the TOML.
#[cfg(feature = "toml")]
pub(crate) fn embedded_json(text: &str) -> Option<&'static str> {
    [
        (NATIONAL_PACK.text, NATIONAL_JSON),
        (NINH_BINH_PACK.text, NINH_BINH_JSON),
    ]
    .into_iter()
    .find(|(toml, _)| toml.len() == text.len() && *toml == text)
    .map(|(_, json)| json)
}
