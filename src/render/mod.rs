//! Renderers: each output format is a view of the same [`Report`], one file each.

pub mod json;
pub mod table;

use crate::Lang;
use crate::diag::Diagnostic;
use crate::finding::PolicyResult;
use crate::rules::Severity;

/// Everything one `check` run produced.
#[derive(Clone, Debug, Default)]
pub struct Report {
    pub results: Vec<PolicyResult>,
    /// Files that could not be checked.
    pub errors: Vec<Diagnostic>,
    /// The `--fail-on` threshold (None = never).
    pub fail_on: Option<Severity>,
    pub lang: Lang,
}

impl Report {
    pub fn failed(&self) -> bool {
        self.results.iter().any(|r| r.fails(self.fail_on))
    }

    pub fn active_findings(&self) -> usize {
        self.results.iter().map(|r| r.active().count()).sum()
    }

    /// Files that could not be checked (one file may have many errors).
    pub fn failed_files(&self) -> usize {
        let mut files: Vec<&str> = self.errors.iter().map(|d| d.file.as_str()).collect();
        files.sort_unstable();
        files.dedup();
        files.len()
    }

    pub fn waived_findings(&self) -> usize {
        self.results.iter().map(|r| r.findings.len() - r.active().count()).sum()
    }

    /// The exit status of cli.md: 2 when a file could not be checked, else 1 when
    /// a finding reaches the threshold, else 0.
    pub fn exit_code(&self) -> i32 {
        if !self.errors.is_empty() {
            2
        } else if self.failed() {
            1
        } else {
            0
        }
    }
}
