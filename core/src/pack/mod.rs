//! Rule packs: loading (TOML or JSON), layering overlays, validation with located errors,
//! and the embedded default (the national pack plus the Ninh Bình 2021 overlay).
//!
//! A pack that fails validation never half-loads: [`RulePack::load`] returns every error or
//! a complete pack.

mod compile;
mod error;
mod load;
mod locate;
mod rulebook;

pub use compile::{AppliedOverride, Disabled, Entry, ResolvedRole, RulePack};
pub use error::{PackError, PackErrorKind, PackErrors};
pub use load::{parse_pack, PackSource};
pub use locate::Format;
pub use rulebook::render_rulebook;

/// The national pack (Decision 874 and the binding instruments), as embedded in the library.
pub const NATIONAL_PACK: PackSource<'static> = PackSource {
    name: "spec/packs/national.toml",
    text: include_str!("../../../spec/packs/national.toml"),
};

/// The Ninh Bình 2021 overlay, as embedded in the library.
pub const NINH_BINH_PACK: PackSource<'static> = PackSource {
    name: "spec/packs/ninh-binh.toml",
    text: include_str!("../../../spec/packs/ninh-binh.toml"),
};

/// The packs of the embedded default, base first.
pub const DEFAULT_PACKS: [PackSource<'static>; 2] = [NATIONAL_PACK, NINH_BINH_PACK];
