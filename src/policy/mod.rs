//! The policy file: its schema, vocabulary, loader and loaded model.

pub mod json_schema;
pub mod load;
pub mod model;
pub mod reference;
pub mod schema;
pub mod vocab;

pub use load::{Context, load};
pub use model::{Measure, PNode, Policy, Value, Waiver};

/// The commented starter policy of `watchwise init`.
pub const STARTER: &str = include_str!("starter.yaml");
