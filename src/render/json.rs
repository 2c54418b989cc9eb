//! `--format json`: the document described in cli.md.

use super::Report;
use crate::diag::Diagnostic;
use crate::finding::{CategorySummary, Finding, PolicyResult, rating};
use crate::rules::{Category, Severity};
use serde::Serialize;
use serde::ser::SerializeMap;

#[derive(Serialize)]
struct Doc<'a> {
    version: u32,
    tool: Tool,
    results: Vec<ResultJson<'a>>,
    errors: Vec<Location>,
    warnings: Vec<Location>,
    summary: Summary,
}

#[derive(Serialize)]
pub struct Tool {
    pub name: &'static str,
    pub version: &'static str,
}

pub const TOOL: Tool = Tool { name: "watchwise", version: env!("CARGO_PKG_VERSION") };

#[derive(Serialize)]
struct ResultJson<'a> {
    policy: &'a str,
    name: &'a str,
    jurisdictions: &'a [String],
    packs: &'a [String],
    #[serde(serialize_with = "rating")]
    rating: Option<Severity>,
    score: u32,
    categories: Categories<'a>,
    findings: &'a [Finding],
}

/// All six categories, always, in their fixed order.
struct Categories<'a>(&'a [CategorySummary; 6]);

impl Serialize for Categories<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(6))?;
        for c in Category::ALL {
            map.serialize_entry(c.as_str(), &self.0[c as usize])?;
        }
        map.end()
    }
}

#[derive(Serialize)]
pub struct Location {
    pub file: String,
    pub line: u32,
    pub column: u32,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
}

impl From<&Diagnostic> for Location {
    fn from(d: &Diagnostic) -> Location {
        Location {
            file: d.file.clone(),
            line: d.span.line,
            column: d.span.col,
            message: d.message.clone(),
            help: d.help.clone(),
        }
    }
}

#[derive(Serialize)]
struct Summary {
    policies: usize,
    findings: usize,
    waived: usize,
    baselined: usize,
    errors: usize,
    failed: bool,
}

fn result(r: &PolicyResult) -> ResultJson<'_> {
    ResultJson {
        policy: &r.file,
        name: &r.name,
        jurisdictions: &r.jurisdictions,
        packs: &r.packs,
        rating: r.rating,
        score: r.score,
        categories: Categories(&r.categories),
        findings: &r.findings,
    }
}

pub fn render(report: &Report) -> String {
    let doc = Doc {
        version: 1,
        tool: TOOL,
        results: report.results.iter().map(result).collect(),
        errors: report.errors.iter().map(Location::from).collect(),
        warnings: report.all_warnings().into_iter().map(Location::from).collect(),
        summary: Summary {
            policies: report.results.len(),
            findings: report.active_findings(),
            waived: report.waived_findings(),
            baselined: report.baselined,
            errors: report.errors.len(),
            failed: report.failed(),
        },
    };
    let mut out = serde_json::to_string_pretty(&doc).expect("report serializes");
    out.push('\n');
    out
}
