//! The library's error types. Every error names what is wrong and where: the pack file and
//! key path, the lexicon entry, or the input field.

use crate::detect::LexiconError;
use crate::pack::PackErrors;

/// Building an engine failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EngineError {
    /// One or more pack files are invalid.
    #[error("{0}")]
    Pack(#[from] PackErrors),
    /// A lexicon is invalid.
    #[error("{name}: {error}")]
    Lexicon {
        /// The lexicon source's name (usually its path).
        name: String,
        /// What is wrong.
        error: LexiconError,
    },
    /// A detector's data file is invalid.
    #[error("{name}: {message}")]
    DetectorData {
        /// The data source's name.
        name: String,
        /// What is wrong.
        message: String,
    },
    /// Lexicons and packs disagree (e.g. a term's category is not a category of the pack).
    #[error("{name}: {message}")]
    Mismatch {
        /// The lexicon or detector data source.
        name: String,
        /// What is wrong.
        message: String,
    },
}

/// A post or event that cannot be checked as given.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct InputError {
    /// The field, e.g. `author.role` or `text` (for JSON lines input: `line 3: author.role`).
    pub field: String,
    /// What is wrong.
    pub message: String,
}

impl InputError {
    /// An error about `field`.
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> InputError {
        InputError {
            field: field.into(),
            message: message.into(),
        }
    }
}
