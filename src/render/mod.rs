//! Renderers: each output format is a view of the same [`Report`], one file each.

mod bounds;
pub(crate) mod csv;
pub(crate) mod diff;
pub(crate) mod github;
pub mod json;
pub(crate) mod junit;
pub(crate) mod markdown;
pub(crate) mod plan;
mod references;
pub mod report;
mod risk_map;
pub(crate) mod rules;
pub(crate) mod sarif;
mod spill;
pub(crate) mod stream;
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
        Format::Html => report::summary_html(report),
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
            message: rule.message.sketch(lang),
            recommendation: rule.recommendation.sketch(lang),
        }
    }
}

/// Running counts over the policies of a run, kept as results stream past.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    pub policies: usize,
    pub active: usize,
    pub waived: usize,
    /// Policies with an active finding at or above the threshold.
    pub failing: usize,
}

/// Everything one `check` run produced. Results are kept only where an output
/// needs them all at the end; streamed outputs see each one as it comes.
#[derive(Clone, Debug, Default)]
pub struct Report<'r> {
    /// The rules evaluated for any policy, by id.
    pub catalog: Vec<RuleInfo>,
    pub results: Vec<PolicyResult<'r>>,
    pub totals: Totals,
    /// Files that could not be checked.
    pub errors: Vec<Diagnostic>,
    /// The `--fail-on` threshold (None = never).
    pub fail_on: Option<Severity>,
    pub lang: Lang,
    /// The day of the run (`YYYY-MM-DD`), printed in documents.
    pub today: String,
    /// The `--baseline` file as given, when there is one.
    pub baseline: Option<String>,
    /// Findings left out because they are in the baseline.
    pub baselined: usize,
    /// Warnings: each policy's (waivers that waive nothing, missing packs), then the
    /// run's own (stale baseline entries).
    pub warnings: Vec<Diagnostic>,
}

impl<'r> Report<'r> {
    /// Counts a result in, and keeps it when `keep` (for outputs rendered at the end).
    pub fn add(&mut self, r: PolicyResult<'r>, keep: bool) {
        self.count(&r);
        if keep {
            self.results.push(r);
        }
    }

    /// Counts a result in without keeping it.
    pub fn count(&mut self, r: &PolicyResult) {
        self.totals.policies += 1;
        let active = r.active().count();
        self.totals.active += active;
        self.totals.waived += r.findings.len() - active;
        if r.fails(self.fail_on) {
            self.totals.failing += 1;
        }
        self.warnings.extend(r.warnings.iter().cloned());
    }

    pub fn failed(&self) -> bool {
        self.totals.failing > 0
    }

    pub fn active_findings(&self) -> usize {
        self.totals.active
    }

    /// Files that could not be checked (one file may have many errors).
    pub fn failed_files(&self) -> usize {
        let mut files: Vec<&str> = self.errors.iter().map(|d| d.file.as_str()).collect();
        files.sort_unstable();
        files.dedup();
        files.len()
    }

    pub fn waived_findings(&self) -> usize {
        self.totals.waived
    }

    pub fn all_warnings(&self) -> Vec<&Diagnostic> {
        self.warnings.iter().collect()
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

/// Wraps text for a terminal, greedily: each line takes as many words as fit.
/// A profile of one cold check found most of the table's time in textwrap's
/// defaults: optimal fit (which balances line lengths) and, for every text, the
/// Unicode line-breaking rules. Text in ASCII breaks at spaces, which is what those
/// rules give for it save after hyphens and slashes; other text, Chinese for one,
/// still breaks by them.
pub fn wrap<'a>(text: &'a str, options: impl Into<textwrap::Options<'a>>) -> Vec<std::borrow::Cow<'a, str>> {
    let mut options = options.into().wrap_algorithm(textwrap::WrapAlgorithm::FirstFit);
    if text.is_ascii() {
        options = options.word_separator(textwrap::WordSeparator::AsciiSpace);
    }
    textwrap::wrap(text, options)
}
