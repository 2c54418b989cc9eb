//! `--format junit`: one test suite per policy, one test case per rule evaluated.
//! A rule fails when it has an active finding at or above `--fail-on`; findings
//! below the threshold are reported in the case's output; a rule whose findings are
//! all waived is skipped with the waiver as its message. Findings the baseline
//! absorbed are listed in their rule's output and counted in the suite's
//! `baselined` property; they never fail a case.

use super::Report;
use super::spill::Spill;
use crate::diag::safe;
use crate::finding::{Finding, PolicyResult};
use crate::rules::Severity;
use quick_junit::{NonSuccessKind, TestCase, TestCaseStatus, TestSuite};
use std::collections::HashMap;

/// Input text for XML: what XML 1.0 forbids (control characters other than tab and line
/// breaks, U+FFFE, U+FFFF) would make the file ill-formed, and DEL, C1 and bidi controls,
/// line separators and the other noncharacters would act in a CI log or viewer; all show
/// as `\u{..}`. (Unescaped, the XML writer drops escape sequences without a trace.)
fn x(s: &str) -> String {
    safe::escape_where(s, safe::is_unsafe_in_document).into_owned()
}

fn describe(f: &Finding, r: &PolicyResult) -> String {
    let measure = f.measure.as_ref().map(|m| format!(" [{m}]")).unwrap_or_default();
    let safeguards = f.lowered(crate::Lang::En).map(|l| format!("\nSafeguards: {l}")).unwrap_or_default();
    x(&format!(
        "{}:{}:{}: {} {}{measure}: {}\nRecommendation: {}{safeguards}",
        r.file, f.line, f.column, f.severity, f.rule, f.message, f.recommendation
    ))
}

fn suite(
    r: &PolicyResult,
    titles: &HashMap<&str, &str>,
    fail_on: Option<Severity>,
    baseline: Option<&str>,
) -> TestSuite {
    let mut suite = TestSuite::new(x(&format!("{} ({})", r.name, r.file)));
    for id in r.rules.iter() {
        let findings: Vec<&Finding> = r.findings.iter().filter(|f| f.rule == id).collect();
        let title = titles.get(id.as_str()).copied().unwrap_or_default();
        let failing: Vec<&&Finding> =
            findings.iter().filter(|f| f.active() && fail_on.is_some_and(|t| f.severity >= t)).collect();
        let active: Vec<&&Finding> = findings.iter().filter(|f| f.active()).collect();
        let status = if let Some(first) = failing.first() {
            let mut s = TestCaseStatus::non_success(NonSuccessKind::Failure);
            s.set_type(first.severity.as_str());
            s.set_message(x(&first.message));
            s.set_description(failing.iter().map(|f| describe(f, r)).collect::<Vec<_>>().join("\n\n"));
            s
        } else if active.is_empty() && !findings.is_empty() {
            let mut s = TestCaseStatus::skipped();
            let w = findings[0].waived.as_ref().expect("inactive findings are waived");
            s.set_message(x(&format!("waived until {} by {}: {}", w.expires, w.approved_by, w.reason)));
            s
        } else {
            TestCaseStatus::success()
        };
        let mut case = TestCase::new(x(&format!("{id} {title}")), status);
        case.set_classname(x(&format!("watchwise.{}", r.file)));
        let mut out: Vec<String> = Vec::new();
        if failing.is_empty() {
            // Below the threshold: passes, but the finding is still on record.
            out.extend(active.iter().map(|f| describe(f, r)));
        }
        out.extend(r.baselined.iter().filter(|f| f.rule == id).map(|f| {
            let measure = f.measure.as_ref().map(|m| format!(" [{m}]")).unwrap_or_default();
            x(&format!(
                "{}:{}:{}: {} {}{measure}: in the baseline, not counted",
                r.file, f.line, f.column, f.severity, f.rule
            ))
        }));
        if !out.is_empty() {
            case.set_system_out(out.join("\n\n"));
        }
        suite.add_test_case(case);
    }
    if let Some(file) = baseline {
        suite.add_property(("baseline", x(file).as_str()));
        suite.add_property(("baselined", r.baselined.len().to_string().as_str()));
    }
    if !r.warnings.is_empty() {
        suite.set_system_err(r.warnings.iter().map(|w| x(&w.headline())).collect::<Vec<_>>().join("\n"));
    }
    suite
}

/// JUnit written as results arrive. The document opens with the run's totals, so each
/// policy's suite is serialized then and set aside; the opening, the suites of files
/// that could not be checked and the close are written at the end.
pub(crate) struct Writer<'r> {
    titles: HashMap<&'r str, &'r str>,
    suites: Spill,
    /// The counts of the suites set aside.
    counted: quick_junit::Report,
}

impl<'r> Writer<'r> {
    /// `titles`: each rule's title by id, for the test case names.
    pub(crate) fn new(spill: Spill, titles: HashMap<&'r str, &'r str>) -> Writer<'r> {
        Writer { titles, suites: spill, counted: quick_junit::Report::new("watchwise") }
    }

    pub(crate) fn result(&mut self, r: &PolicyResult, report: &Report) -> std::io::Result<()> {
        let mut one = quick_junit::Report::new("watchwise");
        one.add_test_suite(suite(r, &self.titles, report.fail_on, report.baseline.as_deref()));
        let text = one.to_string().expect("JUnit serializes");
        let (_, suites, _) = split(&text);
        for (total, n) in [
            (&mut self.counted.tests, one.tests),
            (&mut self.counted.failures, one.failures),
            (&mut self.counted.errors, one.errors),
            (&mut self.counted.skipped, one.skipped),
        ] {
            *total += n;
        }
        if let Some(n) = one.disabled {
            *self.counted.disabled.get_or_insert(0) += n;
        }
        // Whole lines (each suite starts with a line break), so escaping them alone is
        // escaping them in the document.
        self.suites.write(safe::lines(suites).as_bytes())
    }

    pub(crate) fn finish(self, report: &Report, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        let mut doc = self.counted;
        // A file that could not be checked is a suite with one errored case, so the CI
        // view shows it next to the others.
        let mut files: Vec<&str> = report.errors.iter().map(|d| d.file.as_str()).collect();
        files.dedup();
        for file in files {
            let mut s = TestCaseStatus::non_success(NonSuccessKind::Error);
            let diags: Vec<String> =
                report.errors.iter().filter(|d| d.file == file).map(|d| x(&d.headline())).collect();
            s.set_message(diags[0].clone());
            s.set_description(diags.join("\n"));
            let mut suite = TestSuite::new(x(file));
            suite.add_test_case(TestCase::new("load policy", s));
            doc.add_test_suite(suite);
        }
        let text = doc.to_string().expect("JUnit serializes");
        // Line breaks in input stay; none may start a CI command when the XML is printed.
        let text = safe::lines(&text);
        let (open, after, close) = split(&text);
        out.write_all(open.as_bytes())?;
        self.suites.copy_to(out)?;
        out.write_all(after.as_bytes())?;
        out.write_all(close.as_bytes())
    }
}

/// A serialized report as its opening (through the `<testsuites ...>` tag), its
/// suites, and its close (from the line break before `</testsuites>`).
fn split(text: &str) -> (&str, &str, &str) {
    // The tag's attributes are the tool's name and counts: its first `>` ends it.
    let open = text.find("<testsuites").and_then(|i| text[i..].find('>').map(|j| i + j + 1));
    let close = text.rfind("\n</testsuites>");
    match (open, close) {
        (Some(o), Some(c)) if o <= c => (&text[..o], &text[o..c], &text[c..]),
        _ => panic!("a JUnit report has one <testsuites> element:\n{text}"),
    }
}

/// The title of every rule, by id, in `lang`.
pub(crate) fn titles(rules: &crate::rules::RuleSet, lang: crate::Lang) -> HashMap<&str, &str> {
    let mut titles = HashMap::new();
    // The first rule of an id is the one the run reports, as in `RuleSet::rule`.
    for r in rules.rules() {
        titles.entry(r.id.as_str()).or_insert(r.title.get(lang));
    }
    titles
}

pub(crate) fn render(report: &Report) -> String {
    let titles = report.catalog.iter().map(|c| (c.id.as_str(), c.title.as_str())).collect();
    let mut w = Writer::new(Spill::memory(), titles);
    for r in &report.results {
        w.result(r, report).expect("memory takes any text");
    }
    let mut out = Vec::new();
    w.finish(report, &mut out).expect("memory takes any text");
    String::from_utf8(out).expect("JUnit is UTF-8")
}
