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
#[cfg(feature = "toml-packs")]
mod toml_json;

pub use compile::{AppliedOverride, Disabled, Entry, ResolvedRole, RulePack};
pub use error::{PackError, PackErrorKind, PackErrors};
pub use limits::PackLimits;
pub use load::{parse_pack, PackSource};
pub use locate::Format;
pub use rulebook::render_rulebook;

/// The national pack (Decision 874 and the binding instruments), as embedded in the library:
/// the JSON conversion of `spec/packs/national.toml`, made at build time (`core/build.rs`).
pub const NATIONAL_PACK: PackSource<'static> = PackSource {
    name: "spec/packs/national.json",
    text: include_str!(concat!(env!("OUT_DIR"), "/packs/national.json")),
};

/// The Ninh Bình 2021 overlay, as embedded in the library: the JSON conversion of
/// `spec/packs/ninh-binh.toml`, made at build time.
pub const NINH_BINH_PACK: PackSource<'static> = PackSource {
    name: "spec/packs/ninh-binh.json",
    text: include_str!(concat!(env!("OUT_DIR"), "/packs/ninh-binh.json")),
};

/// The packs of the embedded default, base first. Only their JSON conversions are embedded
/// (the same data, and what any build reads fastest); their byte sizes are what counts
/// towards [`PackLimits`].
pub const DEFAULT_PACKS: [PackSource<'static>; 2] = [NATIONAL_PACK, NINH_BINH_PACK];
