//! # ungxu — Vietnam's Code of Conduct on Social Networks as data
//!
//! ungxu ("ứng xử", conduct) models Decision 874/QĐ-BTTTT (2021), the binding laws that give it
//! numbers, and provincial letters implementing it (Ninh Bình 2021) as **data**: rules, roles,
//! obligations and dated parameters, each citing its source and stating its confidence.
//!
//! The crate is pure: it reads no files, opens no sockets, never reads the clock and keeps
//! no global mutable state. Callers pass pack text and the date "as of" which to evaluate.
//!
//! Cargo features: `toml` (default) reads packs, lexicons and detector data written in TOML;
//! `toml-packs` (part of `toml`) reads TOML packs only, through the TOML parser and the JSON
//! reader, with no TOML deserializer (what the WebAssembly binding uses); without either the
//! crate reads JSON only (a TOML pack is the error [`pack::PackErrorKind::TomlUnsupported`])
//! and links no TOML parser. The embedded defaults are converted to JSON at build time either
//! way (`core/build.rs`).
//!
//! ```
//! let engine = ungxu::Engine::default();
//! let rule = engine.pack().rule("qd874.4.5").expect("Art. 4.5 is in the default pack");
//! assert_eq!(rule.item.citation.instrument, "qd-874-2021");
//! ```

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod api;
pub mod detect;
pub mod engine;
mod error;
pub mod eval;
pub mod model;
pub mod pack;
pub mod report;
mod sort;
pub mod text;

pub use engine::Engine;
pub use error::{EngineError, InputError};
