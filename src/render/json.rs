//! `--format json`: the document described in cli.md, written by serde_json's pretty
//! printer. It is streamed: [`begin`], one [`result_entry`] per policy as results
//! arrive, then [`finish`]; the pieces add up to the document serde_json writes whole.

use super::Report;
use crate::diag::Diagnostic;
use crate::finding::{CategorySummary, Finding, PolicyResult, rating};
use crate::rules::{Category, Severity};
use serde::Serialize;
use serde::ser::SerializeMap;

#[derive(Serialize)]
pub struct Tool {
    pub name: &'static str,
    pub version: &'static str,
}

pub const TOOL: Tool = Tool { name: "watchwise", version: env!("CARGO_PKG_VERSION") };

/// The document, with its results left out: they are written one by one between
/// what comes before them ([`begin`]) and after them ([`finish`]).
#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    tool: Tool,
    results: [Entry<'a>; 0],
    errors: Vec<Location<'a>>,
    warnings: Vec<Location<'a>>,
    summary: Summary,
}

/// Where the results go in the document: serde_json writes line breaks only
/// between values (never inside a string), so this occurs once.
const RESULTS: &str = "\n  \"results\": []";

impl<'a> Document<'a> {
    fn new(report: &'a Report) -> Document<'a> {
        Document {
            version: 1,
            tool: TOOL,
            results: [],
            errors: report.errors.iter().map(Location::from).collect(),
            warnings: report.all_warnings().into_iter().map(Location::from).collect(),
            summary: Summary {
                policies: report.totals.policies,
                findings: report.active_findings(),
                waived: report.waived_findings(),
                baselined: report.baselined,
                errors: report.errors.len(),
                failed: report.failed(),
            },
        }
    }

    /// The text before the results and after them.
    fn around_results(&self) -> (String, String) {
        let text = pretty(self);
        let at = text.find(RESULTS).expect("the document has results");
        let (before, after) = text.split_at(at + RESULTS.len() - 1);
        (before.to_string(), after.to_string())
    }
}

/// A diagnostic as `{ file, line, column, message, help? }`.
#[derive(Serialize)]
struct Location<'a> {
    file: &'a str,
    line: u32,
    column: u32,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<&'a str>,
}

impl<'a> From<&'a Diagnostic> for Location<'a> {
    fn from(d: &'a Diagnostic) -> Location<'a> {
        Location { file: &d.file, line: d.span.line, column: d.span.col, message: &d.message, help: d.help.as_deref() }
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

/// One entry of `results`.
#[derive(Serialize)]
struct Entry<'a> {
    policy: &'a str,
    name: &'a str,
    jurisdictions: &'a [String],
    packs: &'a [String],
    #[serde(serialize_with = "rating")]
    rating: Option<Severity>,
    score: u32,
    categories: Categories<'a>,
    findings: &'a [Finding<'a>],
}

impl<'a> From<&'a PolicyResult<'a>> for Entry<'a> {
    fn from(r: &'a PolicyResult<'a>) -> Entry<'a> {
        Entry {
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

/// The document up to the opening of `results`.
pub fn begin() -> String {
    Document::new(&Report::default()).around_results().0
}

/// One entry of `results`; `first` for the first one.
pub fn result_entry(r: &PolicyResult, first: bool) -> String {
    // Written inside a list inside a map, as the document holds it, so that
    // serde_json indents it at its depth; the entry is then cut out.
    #[derive(Serialize)]
    struct AtDepth<'a> {
        results: [Entry<'a>; 1],
    }
    const BEFORE: &str = "{\n  \"results\": [\n    ";
    const AFTER: &str = "\n  ]\n}";
    let text = pretty(&AtDepth { results: [Entry::from(r)] });
    let entry = &text[BEFORE.len()..text.len() - AFTER.len()];
    let mut out = String::with_capacity(entry.len() + 6);
    out.push_str(if first { "\n    " } else { ",\n    " });
    out.push_str(entry);
    out
}

/// The rest of the document after the last result; `any` when results were written.
pub fn finish(report: &Report, any: bool) -> String {
    let after = Document::new(report).around_results().1;
    if any { format!("\n  {after}\n") } else { after + "\n" }
}

pub fn render(report: &Report) -> String {
    let mut out = begin();
    for (i, r) in report.results.iter().enumerate() {
        out.push_str(&result_entry(r, i == 0));
    }
    out.push_str(&finish(report, !report.results.is_empty()));
    out
}

/// `value` as serde_json's pretty printer writes it.
fn pretty<T: Serialize>(value: &T) -> String {
    serde_json::to_string_pretty(value).expect("JSON is written to memory")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::WaiverInfo;
    use crate::rules::Reference;

    /// The whole document as serde_json writes it in one go: what the pieces must
    /// add up to.
    fn whole(report: &Report) -> String {
        #[derive(Serialize)]
        struct Whole<'a> {
            version: u32,
            tool: Tool,
            results: Vec<Entry<'a>>,
            errors: Vec<Location<'a>>,
            warnings: Vec<Location<'a>>,
            summary: Summary,
        }
        let d = Document::new(report);
        let doc = Whole {
            version: d.version,
            tool: d.tool,
            results: report.results.iter().map(Entry::from).collect(),
            errors: d.errors,
            warnings: d.warnings,
            summary: d.summary,
        };
        serde_json::to_string_pretty(&doc).unwrap() + "\n"
    }

    /// The pieces, written one at a time, are the document serde_json would write.
    #[test]
    fn pieces_make_the_whole_document() {
        let mut report = Report::default();
        assert_eq!(render(&report), whole(&report));
        let r = PolicyResult {
            file: "p.yaml".into(),
            name: "P \"quoted\"\nname".into(),
            organization: None,
            revision: None,
            jurisdictions: vec!["eu".into()],
            packs: vec!["core".into()],
            rules: Default::default(),
            rating: None,
            score: 0,
            categories: Default::default(),
            findings: vec![],
            warnings: vec![Diagnostic::warning("p.yaml", crate::diag::Span::TOP, "w")],
        };
        report.add(r.clone(), true);
        report.add(r.clone(), true);
        report.errors.push(Diagnostic::error("q.yaml", crate::diag::Span::TOP, "bad"));
        report
            .errors
            .push(Diagnostic::error("r.yaml", crate::diag::Span::TOP, "worse \"quoted\"").with_help("try `x`"));
        assert_eq!(render(&report), whole(&report));

        // Findings with every optional part, and text that needs escaping.
        let waiver = |reason: &str| WaiverInfo {
            reason: reason.into(),
            approved_by: "DPO \\ works council".into(),
            expires: "2027-01-31".into(),
        };
        let reference = |url: Option<&str>| Reference { title: "GDPR Art. 5".into(), url: url.map(str::to_string) };
        let two = [reference(Some("https://eur-lex.europa.eu/?a=1&b=\"2\"")), reference(None)];
        let finding = |measure: Option<&str>, references| Finding {
            rule: "PRV-001",
            title: "Monitoring in \"private\" spaces",
            category: Category::Privacy,
            severity: Severity::Critical,
            pack: "core",
            measure: measure.map(str::to_string),
            measure_index: measure.map(|_| 0),
            path: "measures[0].scope.locations".into(),
            line: 14,
            column: 7,
            message: "Tab\there, a bell \u{7}, a line\nbreak, 中文, \u{1f600} and \u{7f}".into(),
            recommendation: String::new().into(),
            references,
            waived: None,
            waiver_expired: None,
        };
        let mut r = r;
        r.rating = Some(Severity::Critical);
        r.score = 100;
        r.categories[0] = CategorySummary { rating: Some(Severity::High), score: 21, findings: 3 };
        r.findings = vec![
            finding(Some("cams"), &two[..]),
            Finding { waived: Some(waiver("approved\nbelow")), ..finding(None, &[]) },
            Finding { waiver_expired: Some(waiver("old")), ..finding(Some("x"), &two[1..]) },
        ];
        r.jurisdictions.clear();
        report.add(r, true);
        assert_eq!(render(&report), whole(&report));
    }

    /// The hand-written document is serde_json's for real results: generated
    /// policies checked with every built-in pack, in both languages.
    #[test]
    fn entries_match_serde_for_checked_policies() {
        use crate::rules::load::{self, LoadOptions};
        let rules = load::load(load::embedded_sources(), LoadOptions::default()).unwrap();
        for lang in [crate::Lang::En, crate::Lang::Zh] {
            let opts = crate::engine::Options { lang, today: jiff::civil::date(2026, 11, 29) };
            let mut checker = crate::batch::Checker::new(&rules, opts, Default::default());
            checker.jurisdictions = rules.packs.iter().map(|p| p.id.clone()).collect();
            let mut report = Report { lang, ..Report::default() };
            for seed in 0..25 {
                let src =
                    crate::source::Source { name: format!("gen/{seed}.yaml"), text: crate::testgen::policy(seed) };
                let r = checker.check_source(&src).unwrap();
                assert!(!r.findings.is_empty());
                report.add(r, true);
            }
            assert_eq!(render(&report), whole(&report));
        }
    }
}
