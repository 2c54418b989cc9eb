//! Rule packs: model, loading, conditions, templates, activation and tests.

pub mod active;
pub mod condition;
pub mod doc;
pub mod lint;
pub mod load;
pub mod model;
pub mod regex;
pub mod template;

pub use active::{Active, ActiveRule, Adjust, PackOrder, RuleList, Schedule};
pub use load::{PackSource, RuleSet};
pub use model::{Category, Pack, Reference, Rule, Severity, Text};
