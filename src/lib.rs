//! watchwise: checks a proposed workplace-monitoring policy for risk.
//!
//! The data flows one way: load (policy, rules) -> evaluate (engine) -> findings ->
//! render. `main.rs` only calls [`cli::run`].

pub mod alloc;
pub mod baseline;
pub mod batch;
pub mod cli;
pub mod config;
pub mod diag;
pub mod diff;
pub mod engine;
pub mod finding;
pub mod i18n;
pub mod output;
pub mod policy;
pub mod render;
pub mod rules;
pub mod source;
#[cfg(any(test, feature = "testgen"))]
pub mod testgen;
pub mod yaml;

/// Language of rule text and of everything watchwise writes for people.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, clap::ValueEnum, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    En,
    Zh,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Zh];
}
