//! watchwise: checks a proposed workplace-monitoring policy for risk.
//!
//! The data flows one way: load (policy, rules) -> evaluate (engine) -> findings ->
//! render. `main.rs` only calls [`cli::run`].

#![warn(unreachable_pub)]

pub(crate) mod alloc;
pub(crate) mod baseline;
pub mod batch;
#[cfg(test)]
mod calibration;
pub mod cli;
pub(crate) mod config;
pub(crate) mod diag;
pub(crate) mod diff;
pub(crate) mod dpia;
pub(crate) mod engine;
pub(crate) mod finding;
pub(crate) mod i18n;
pub(crate) mod output;
pub(crate) mod plan;
pub mod policy;
pub mod render;
pub(crate) mod review;
pub(crate) mod rule_tests;
pub mod rules;
pub mod source;
#[cfg(any(test, feature = "testgen"))]
pub mod testgen;
pub(crate) mod yaml;

// What the binary, the benchmark, the fuzz targets and the tests use.
pub use alloc::tune as tune_allocator;
pub use diag::Diagnostic;
pub use engine::Options;
pub use finding::{Finding, PolicyResult};
pub use i18n::has_chinese;
pub use yaml::parse as parse_yaml;

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

/// Text in English, optionally Chinese.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Text {
    pub en: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zh: Option<String>,
}

impl Text {
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => self.zh.as_deref().unwrap_or(&self.en),
            Lang::En => &self.en,
        }
    }
}
