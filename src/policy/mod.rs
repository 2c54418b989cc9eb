//! The policy file: its schema, vocabulary, loader and loaded model.

pub(crate) mod fingerprint;
pub(crate) mod json_schema;
pub mod load;
pub(crate) mod model;
pub mod reference;
pub(crate) mod schema;
pub mod vocab;

pub use fingerprint::fingerprint;
pub use load::{Context, load};
pub use model::{Action, Agreement, Measure, PNode, Policy, Value, Waiver};

/// The commented starter policy of `watchwise init`.
pub const STARTER: &str = include_str!("starter.yaml");
