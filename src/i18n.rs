//! The language a diagnostic is shown in (`--lang zh`).
//!
//! Diagnostics carry their code and arguments; the tables in `diag/en.rs` and
//! `diag/zh.rs` say them. A code with no Chinese is shown in English.

use crate::Lang;
use crate::diag::Diagnostic;

/// The diagnostic in `lang`; one without a code stays as written.
pub fn localize(d: &Diagnostic, lang: Lang) -> Diagnostic {
    d.localized(lang)
}

/// Whether a text has Chinese in it (for the coverage tests).
pub fn has_chinese(text: &str) -> bool {
    text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}
