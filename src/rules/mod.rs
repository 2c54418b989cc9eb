//! Rule packs: model, loading, conditions, templates, activation and tests.

pub(crate) mod active;
pub(crate) mod condition;
pub(crate) mod doc;
pub mod lint;
pub mod load;
pub(crate) mod mitigations;
pub(crate) mod model;
pub(crate) mod regex;
pub(crate) mod template;

pub use active::{Active, ActiveRule, Adjust, PackOrder, RuleList, Schedule};
pub use load::{PackSource, RuleSet};
pub use model::{Category, Pack, Reference, Rule, Severity, Text};
