//! Typed errors for loading and validating rule packs.

use std::fmt;

/// One problem found in a pack file, with where it is.
///
/// Displays as `file:line:column: key.path: message`, the form editors and CI logs link to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackError {
    /// The name the caller gave the source (usually its file path).
    pub file: String,
    /// Key path inside the file, e.g. `rules[3].citation.excerpt_vi`; empty for the whole file.
    pub path: String,
    /// 1-based line, when the position is known.
    pub line: Option<usize>,
    /// 1-based column in characters, when the position is known.
    pub column: Option<usize>,
    /// What is wrong.
    pub kind: PackErrorKind,
}

/// What is wrong with a pack.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PackErrorKind {
    /// The text is not valid TOML or JSON.
    #[error("syntax error: {0}")]
    Syntax(String),
    /// The data does not have the pack's shape (unknown field, missing field, wrong type, bad date).
    #[error("{0}")]
    Shape(String),
    /// The file name says neither `.toml` nor `.json` and the content is not recognisable.
    #[error("cannot tell the format: name the file .toml or .json")]
    UnknownFormat,
    /// A TOML pack given to a build without the `toml-packs` feature (such builds read JSON
    /// only).
    #[error("this build reads packs as JSON only (the `toml-packs` feature is off): convert the TOML to JSON (same keys and values; dates as \"YYYY-MM-DD\" strings)")]
    TomlUnsupported,
    /// Two items of the same namespace share an id.
    #[error("duplicate {what} id `{id}` (first defined at {first})")]
    DuplicateId {
        /// Namespace (`rule`, `role`, …).
        what: &'static str,
        /// The id.
        id: String,
        /// Where it was first defined.
        first: String,
    },
    /// An overlay adds an item whose id a pack beneath it already defines.
    #[error("`{id}` is already defined by pack `{pack}`; to change it use [[overrides]], to switch it off use [[disable]]")]
    IdReuse {
        /// The id.
        id: String,
        /// The pack that defines it.
        pack: String,
    },
    /// A reference to an item that does not exist.
    #[error("unknown {what} `{id}`")]
    MissingReference {
        /// What kind of item was expected.
        what: &'static str,
        /// The id that was not found.
        id: String,
    },
    /// Roles whose parents form a loop.
    #[error("role cycle: {}", cycle.join(" -> "))]
    RoleCycle {
        /// The loop, ending where it starts.
        cycle: Vec<String>,
    },
    /// `valid_to` lies before `valid_from`.
    #[error("valid_to {to} is before valid_from {from}")]
    DateOrder {
        /// Start.
        from: String,
        /// End.
        to: String,
    },
    /// An item applies on dates when its instrument is not in force.
    #[error("applies from {item_from} but instrument `{instrument}` is in force only {window}")]
    OutsideInstrument {
        /// The item's first day.
        item_from: String,
        /// The cited instrument.
        instrument: String,
        /// The instrument's window.
        window: String,
    },
    /// A required text is empty or only whitespace.
    #[error("`{field}` must not be empty")]
    Empty {
        /// The field.
        field: &'static str,
    },
    /// A value is outside what the field allows.
    #[error("{0}")]
    Invalid(String),
    /// The source is larger, or holds more items, than the caller's
    /// [`PackLimits`](super::PackLimits) allow; the message names the limit.
    #[error("{0}")]
    Limit(String),
    /// An overlay names a pack that is not loaded beneath it.
    #[error(
        "pack `{pack}` extends `{extends}`, which is not loaded beneath it (loaded: {loaded})"
    )]
    MissingBase {
        /// This pack.
        pack: String,
        /// What it extends.
        extends: String,
        /// What is loaded.
        loaded: String,
    },
}

impl fmt::Display for PackError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(col) = self.column {
                write!(f, ":{col}")?;
            }
        }
        if !self.path.is_empty() {
            write!(f, ": {}", self.path)?;
        }
        write!(f, ": {}", self.kind)
    }
}

impl std::error::Error for PackError {}

/// Every problem found while loading a set of packs. Loading fails as a whole: a pack that
/// has any error is never half-loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackErrors(pub Vec<PackError>);

impl PackErrors {
    /// The individual errors, in file order.
    pub fn errors(&self) -> &[PackError] {
        &self.0
    }
}

impl fmt::Display for PackErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for PackErrors {}
