//! Baselines: record today's findings so that only new ones count from now on.
//!
//! A finding is keyed by file, rule, measure and path, never by rule alone, so a new
//! finding of the same rule in another file or on another measure is not absorbed.

use crate::diag::{Code, Diagnostic, Hint, Message, Span};
use crate::finding::PolicyResult;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Entry {
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

/// Collects the entries of a new baseline as results go by.
#[derive(Debug, Default)]
pub(crate) struct Recorder {
    entries: BTreeSet<Entry>,
}

impl Recorder {
    /// Every finding of `r`, waived or not.
    pub(crate) fn add(&mut self, r: &PolicyResult) {
        self.entries.extend(r.findings.iter().map(|f| Entry {
            file: r.file.clone(),
            rule: f.rule.to_string(),
            measure: f.measure.clone(),
            path: f.path.clone(),
        }));
    }

    pub(crate) fn write(self) -> String {
        let doc = File { version: 1, tool: "watchwise".into(), findings: self.entries.into_iter().collect() };
        serde_json::to_string_pretty(&doc).expect("baseline serializes") + "\n"
    }
}

/// A baseline read from a file, remembering which entries matched.
#[derive(Debug)]
pub(crate) struct Baseline {
    name: String,
    entries: Vec<Entry>,
    used: Vec<bool>,
}

impl Baseline {
    pub(crate) fn read(path: &std::path::Path, max_size: u64) -> Result<Baseline, Diagnostic> {
        let src = crate::source::read(path, max_size)?;
        let file: File = serde_json::from_str(&src.text).map_err(|e| {
            let message = Message::new(Code::BaselineInvalid).arg("error", e.to_string());
            src.error(Span::new(e.line().max(1), e.column().max(1), 1), message).hint(Hint::WriteBaseline)
        })?;
        if file.version != 1 {
            return Err(src.error(Span::TOP, Message::new(Code::BaselineVersion).arg("version", file.version)));
        }
        let used = vec![false; file.findings.len()];
        Ok(Baseline { name: src.name, entries: file.findings, used })
    }

    /// Moves the findings of `r` that are in the baseline to `r.baselined` (ratings
    /// are recomputed) and returns how many.
    pub(crate) fn filter(&mut self, r: &mut PolicyResult) -> usize {
        let (entries, used) = (&self.entries, &mut self.used);
        let (kept, absorbed): (Vec<_>, Vec<_>) = std::mem::take(&mut r.findings).into_iter().partition(|f| {
            let hit = entries
                .iter()
                .position(|e| e.file == r.file && e.rule == f.rule && e.measure == f.measure && e.path == f.path);
            if let Some(i) = hit {
                used[i] = true;
            }
            hit.is_none()
        });
        r.findings = kept;
        r.baselined = absorbed;
        if !r.baselined.is_empty() {
            r.tally();
        }
        r.baselined.len()
    }

    /// A warning for each entry of a checked file that matched nothing; entries for
    /// files not checked in this run are not stale, just elsewhere.
    pub(crate) fn stale(&self, checked: &BTreeSet<String>) -> Vec<Diagnostic> {
        self.entries
            .iter()
            .zip(&self.used)
            .filter(|(e, used)| !**used && checked.contains(&e.file))
            .map(|(e, _)| {
                let message = Message::new(Code::BaselineStale)
                    .arg("rule", &e.rule)
                    .arg("measure", e.measure.as_deref().unwrap_or("(policy)"))
                    .arg("file", &e.file);
                Diagnostic::new(&self.name, Span::TOP, message)
            })
            .collect()
    }
}
