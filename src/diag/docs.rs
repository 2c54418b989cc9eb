//! `docs/diagnostics.md`, written from `en.ftl` and `zh.ftl` so that it cannot fall behind.

use super::codes::Code;
use super::{Level, ftl};
use crate::Lang;
use std::fmt::Write as _;

const AREAS: &[(&str, &str)] = &[
    ("WW01", "YAML"),
    ("WW02", "Policy"),
    ("WW03", "Rule packs"),
    ("WW04", "Configuration"),
    ("WW05", "Files and output"),
    ("WW06", "Command line"),
];

/// The reference page of every diagnostic code.
pub(super) fn markdown() -> String {
    let mut out = String::from(
        "# Diagnostics\n\n\
         <!-- Generated from src/diag/ by `UPDATE_DOCS=1 cargo test --lib diag`; do not edit. -->\n\n\
         Every problem watchwise reports in an input has a stable code. The code keeps its\n\
         number when the wording changes. `{name}` stands for a value taken from the input.\n\
         With `--lang zh`, a code whose Chinese column says \"not yet\" is shown in English.\n",
    );
    for (prefix, area) in AREAS {
        let _ = write!(
            out,
            "\n## {area} ({prefix}xx)\n\n| Code | Level | Chinese | Message | Meaning |\n|---|---|---|---|---|\n"
        );
        for code in Code::ALL.iter().filter(|c| c.id().starts_with(prefix)) {
            let level = match code.level() {
                Level::Error => "error",
                Level::Warning => "warning",
            };
            let chinese = if ftl::has(Lang::Zh, code.id()) { "yes" } else { "not yet" };
            let template = ftl::template(code.id()).unwrap_or_default();
            let cell = |s: &str| s.replace('|', "\\|");
            let _ = writeln!(
                out,
                "| {} | {level} | {chinese} | {} | {} |",
                code.id(),
                cell(&template),
                cell(code.meaning())
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    /// `UPDATE_DOCS=1 cargo test` rewrites the file; otherwise a stale one fails.
    #[test]
    fn diagnostics_reference_is_up_to_date() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/diagnostics.md");
        let generated = super::markdown();
        if std::env::var_os("UPDATE_DOCS").is_some() {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &generated).unwrap();
            return;
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == generated,
            "docs/diagnostics.md is stale: regenerate it with `UPDATE_DOCS=1 cargo test --lib diag` and review the diff"
        );
    }
}
