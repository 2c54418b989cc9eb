//! Renderers: each output format is a view of the same [`Report`], one file each.

pub mod csv;
pub mod diff;
pub mod github;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod report;
pub mod sarif;
pub mod table;

use crate::Lang;
use crate::diag::Diagnostic;
use crate::finding::PolicyResult;
use crate::rules::Severity;

/// The output formats of `check`.
#[derive(Copy, Clone, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Json,
    Markdown,
    Sarif,
    Junit,
    Github,
    Csv,
    Html,
}

/// Renders `report` in `format`; `style` only matters for the table.
pub fn render(format: Format, report: &Report, style: table::Style) -> String {
    match format {
        Format::Table => table::render(report, style),
        Format::Json => json::render(report),
        Format::Markdown => markdown::render(report),
        Format::Sarif => sarif::render(report),
        Format::Junit => junit::render(report),
        Format::Github => github::render(report),
        Format::Csv => csv::render(report),
        Format::Html => report::summary_html(report, &report.today),
    }
}

/// What a renderer may say about a rule beyond its findings (SARIF rule metadata,
/// JUnit test names): the rule as loaded, in the report's language.
#[derive(Clone, Debug)]
pub struct RuleInfo {
    pub id: String,
    pub title: String,
    pub category: crate::rules::Category,
    pub severity: Severity,
    pub pack: String,
    pub tags: Vec<String>,
    pub references: Vec<crate::rules::Reference>,
    /// Message and recommendation as written, with template expressions shown as `…`.
    pub message: String,
    pub recommendation: String,
}

impl RuleInfo {
    pub fn new(rule: &crate::rules::Rule, lang: Lang) -> RuleInfo {
        RuleInfo {
            id: rule.id.clone(),
            title: rule.title.get(lang).to_string(),
            category: rule.category,
            severity: rule.severity,
            pack: rule.pack.clone(),
            tags: rule.tags.clone(),
            references: rule.references.clone(),
            message: untemplate(rule.message.get(lang)),
            recommendation: untemplate(rule.recommendation.get(lang)),
        }
    }
}

/// Template text without its `{{...}}` expressions, for contexts with no finding.
fn untemplate(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        match rest[start..].find("}}") {
            Some(end) => {
                let inner = &rest[start + 2..start + end];
                // Block helpers (`{{#if}}`, `{{/if}}`, `{{else}}`) leave nothing.
                if !(inner.starts_with('#') || inner.starts_with('/') || inner.trim() == "else") {
                    out.push('…');
                }
                rest = &rest[start + end + 2..];
            }
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Everything one `check` run produced.
#[derive(Clone, Debug, Default)]
pub struct Report {
    /// The rules evaluated for any policy, by id.
    pub catalog: Vec<RuleInfo>,
    pub results: Vec<PolicyResult>,
    /// Files that could not be checked.
    pub errors: Vec<Diagnostic>,
    /// The `--fail-on` threshold (None = never).
    pub fail_on: Option<Severity>,
    pub lang: Lang,
    /// The day of the run (`YYYY-MM-DD`), printed in documents.
    pub today: String,
    /// Findings left out because they are in the baseline.
    pub baselined: usize,
    /// Warnings about the run itself (stale baseline entries).
    pub warnings: Vec<Diagnostic>,
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
    /// Every warning: per policy (waivers that waive nothing, missing packs) and run-wide.
    pub fn all_warnings(&self) -> Vec<&Diagnostic> {
        self.results.iter().flat_map(|r| &r.warnings).chain(&self.warnings).collect()
    }

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
