//! Baselines: record today's findings so that only new ones count from now on.
//!
//! A finding is keyed by file, rule, measure and path, never by rule alone, so a new
//! finding of the same rule in another file or on another measure is not absorbed.

use crate::diag::{Diagnostic, Span};
use crate::render::Report;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub file: String,
    pub rule: String,
    pub measure: Option<String>,
    pub path: String,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    version: u32,
    tool: String,
    findings: Vec<Entry>,
}

/// The baseline of a report: every finding, waived or not, sorted.
pub fn write(report: &Report) -> String {
    let findings: BTreeSet<Entry> = report
        .results
        .iter()
        .flat_map(|r| {
            r.findings.iter().map(|f| Entry {
                file: r.file.clone(),
                rule: f.rule.clone(),
                measure: f.measure.clone(),
                path: f.path.clone(),
            })
        })
        .collect();
    let doc = File { version: 1, tool: "watchwise".into(), findings: findings.into_iter().collect() };
    serde_json::to_string_pretty(&doc).expect("baseline serializes") + "\n"
}

pub fn read(path: &std::path::Path, max_size: u64) -> Result<Vec<Entry>, Diagnostic> {
    let src = crate::source::read(path, max_size)?;
    let file: File = serde_json::from_str(&src.text).map_err(|e| {
        src.error(Span::new(e.line().max(1), e.column().max(1), 1), format!("not a watchwise baseline: {e}"))
            .with_help("write one with `watchwise check --write-baseline FILE`")
    })?;
    if file.version != 1 {
        return Err(src.error(Span::TOP, format!("unsupported baseline version {}", file.version)));
    }
    Ok(file.findings)
}

/// Removes the findings in `baseline` from `report` (ratings are recomputed) and
/// returns how many were removed, with a warning for each entry that matched nothing.
pub fn apply(report: &mut Report, baseline: &[Entry], name: &str) -> (usize, Vec<Diagnostic>) {
    let mut used = vec![false; baseline.len()];
    let mut removed = 0;
    for r in &mut report.results {
        let before = r.findings.len();
        r.findings.retain(|f| {
            let hit = baseline
                .iter()
                .position(|e| e.file == r.file && e.rule == f.rule && e.measure == f.measure && e.path == f.path);
            if let Some(i) = hit {
                used[i] = true;
            }
            hit.is_none()
        });
        if r.findings.len() != before {
            removed += before - r.findings.len();
            r.finish();
        }
    }
    let checked: BTreeSet<&str> = report.results.iter().map(|r| r.file.as_str()).collect();
    let stale = baseline
        .iter()
        .zip(used)
        // Entries for files not checked in this run are not stale, just elsewhere.
        .filter(|(e, used)| !used && checked.contains(e.file.as_str()))
        .map(|(e, _)| {
            Diagnostic::warning(
                name,
                Span::TOP,
                format!(
                    "baseline entry {} {} in {} matches no finding any more; rewrite the baseline to drop it",
                    e.rule,
                    e.measure.as_deref().unwrap_or("(policy)"),
                    e.file
                ),
            )
        })
        .collect();
    (removed, stale)
}
