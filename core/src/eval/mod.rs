//! Evaluation: posts to findings and a verdict ([`post`]).

pub mod events;
pub mod ledger;
pub mod post;

pub use post::{Audience, Author, CheckOptions, Post};
