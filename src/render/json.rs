//! `--format json`: the document described in cli.md.

use super::Report;
use crate::diag::Diagnostic;
use crate::finding::{CategorySummary, Finding, PolicyResult, rating};
use crate::rules::{Category, Severity};
use serde::Serialize;
use serde::ser::SerializeMap;

#[cfg(test)]
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

/// Pretty JSON of `value`, every line after the first indented by `indent` spaces,
/// so that pieces written one at a time read exactly as one document.
fn pretty_at<T: Serialize>(value: &T, indent: usize) -> String {
    let mut out = Vec::with_capacity(4096);
    let mut ser = serde_json::Serializer::with_formatter(&mut out, Pretty { level: indent / 2, has_value: false });
    value.serialize(&mut ser).expect("JSON serializes");
    String::from_utf8(out).expect("serde_json writes UTF-8")
}

/// serde_json's pretty printer (two spaces a level), starting at a given level, so
/// that a piece reads as part of the whole document without re-indenting it.
struct Pretty {
    level: usize,
    has_value: bool,
}

impl Pretty {
    fn indent<W: ?Sized + std::io::Write>(&self, w: &mut W) -> std::io::Result<()> {
        for _ in 0..self.level {
            w.write_all(b"  ")?;
        }
        Ok(())
    }
}

impl serde_json::ser::Formatter for Pretty {
    fn begin_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.level += 1;
        self.has_value = false;
        w.write_all(b"[")
    }

    fn end_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.level -= 1;
        if self.has_value {
            w.write_all(b"\n")?;
            self.indent(w)?;
        }
        w.write_all(b"]")
    }

    fn begin_array_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W, first: bool) -> std::io::Result<()> {
        w.write_all(if first { b"\n" } else { b",\n" })?;
        self.indent(w)
    }

    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, _w: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.level += 1;
        self.has_value = false;
        w.write_all(b"{")
    }

    fn end_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.level -= 1;
        if self.has_value {
            w.write_all(b"\n")?;
            self.indent(w)?;
        }
        w.write_all(b"}")
    }

    fn begin_object_key<W: ?Sized + std::io::Write>(&mut self, w: &mut W, first: bool) -> std::io::Result<()> {
        w.write_all(if first { b"\n" } else { b",\n" })?;
        self.indent(w)
    }

    fn begin_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        w.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, _w: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// The document up to the opening of `results`.
pub fn begin() -> String {
    format!("{{\n  \"version\": 1,\n  \"tool\": {},\n  \"results\": [", pretty_at(&TOOL, 2))
}

/// One entry of `results`; `first` for the first one.
pub fn result_entry(r: &PolicyResult, first: bool) -> String {
    format!("{}\n    {}", if first { "" } else { "," }, pretty_at(&result(r), 4))
}

fn summary(report: &Report) -> Summary {
    Summary {
        policies: report.totals.policies,
        findings: report.active_findings(),
        waived: report.waived_findings(),
        baselined: report.baselined,
        errors: report.errors.len(),
        failed: report.failed(),
    }
}

/// The rest of the document after the last result; `any` when results were written.
pub fn finish(report: &Report, any: bool) -> String {
    let errors: Vec<Location> = report.errors.iter().map(Location::from).collect();
    let warnings: Vec<Location> = report.all_warnings().into_iter().map(Location::from).collect();
    let summary = summary(report);
    format!(
        "{}],\n  \"errors\": {},\n  \"warnings\": {},\n  \"summary\": {}\n}}\n",
        if any { "\n  " } else { "" },
        pretty_at(&errors, 2),
        pretty_at(&warnings, 2),
        pretty_at(&summary, 2)
    )
}

pub fn render(report: &Report) -> String {
    let mut out = begin();
    for (i, r) in report.results.iter().enumerate() {
        out.push_str(&result_entry(r, i == 0));
    }
    out.push_str(&finish(report, !report.results.is_empty()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The pieces, written one at a time, are the document serde_json would write.
    #[test]
    fn pieces_make_the_whole_document() {
        let mut report = Report::default();
        let whole = |report: &Report| {
            let doc = Doc {
                version: 1,
                tool: TOOL,
                results: report.results.iter().map(result).collect(),
                errors: report.errors.iter().map(Location::from).collect(),
                warnings: report.all_warnings().into_iter().map(Location::from).collect(),
                summary: summary(report),
            };
            serde_json::to_string_pretty(&doc).unwrap() + "\n"
        };
        assert_eq!(render(&report), whole(&report));
        let r = PolicyResult {
            file: "p.yaml".into(),
            name: "P \"quoted\"\nname".into(),
            organization: None,
            revision: None,
            jurisdictions: vec!["eu".into()],
            packs: vec!["core".into()],
            rules: vec![],
            rating: None,
            score: 0,
            categories: Default::default(),
            findings: vec![],
            warnings: vec![Diagnostic::warning("p.yaml", crate::diag::Span::TOP, "w")],
        };
        report.add(r.clone(), true);
        report.add(r, true);
        report.errors.push(Diagnostic::error("q.yaml", crate::diag::Span::TOP, "bad"));
        assert_eq!(render(&report), whole(&report));
    }
}
