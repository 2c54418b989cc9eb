//! `--format junit`: one test suite per policy, one test case per rule evaluated.
//! A rule fails when it has an active finding at or above `--fail-on`; findings
//! below the threshold are reported in the case's output; a rule whose findings are
//! all waived is skipped with the waiver as its message.

use super::Report;
use crate::diag::safe;
use crate::finding::{Finding, PolicyResult};
use quick_junit::{NonSuccessKind, TestCase, TestCaseStatus, TestSuite};

/// Input text for XML: what XML 1.0 forbids (control characters other than tab and line
/// breaks, U+FFFE, U+FFFF) would make the file ill-formed, and DEL, C1 and bidi controls,
/// line separators and the other noncharacters would act in a CI log or viewer; all show
/// as `\u{..}`. (Unescaped, the XML writer drops escape sequences without a trace.)
fn x(s: &str) -> String {
    safe::escape_where(s, safe::is_unsafe_in_document).into_owned()
}

fn describe(f: &Finding, r: &PolicyResult) -> String {
    let measure = f.measure.as_ref().map(|m| format!(" [{m}]")).unwrap_or_default();
    x(&format!(
        "{}:{}:{}: {} {}{measure}: {}\nRecommendation: {}",
        r.file, f.line, f.column, f.severity, f.rule, f.message, f.recommendation
    ))
}

fn suite(r: &PolicyResult, report: &Report) -> TestSuite {
    let mut suite = TestSuite::new(x(&format!("{} ({})", r.name, r.file)));
    for id in r.rules.iter() {
        let findings: Vec<&Finding> = r.findings.iter().filter(|f| f.rule == id).collect();
        let title = report.catalog.iter().find(|c| &c.id == id).map_or(String::new(), |c| c.title.clone());
        let failing: Vec<&&Finding> =
            findings.iter().filter(|f| f.active() && report.fail_on.is_some_and(|t| f.severity >= t)).collect();
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
        if failing.is_empty() && !active.is_empty() {
            // Below the threshold: passes, but the finding is still on record.
            case.set_system_out(active.iter().map(|f| describe(f, r)).collect::<Vec<_>>().join("\n\n"));
        }
        suite.add_test_case(case);
    }
    if !r.warnings.is_empty() {
        suite.set_system_err(r.warnings.iter().map(|w| x(&w.headline())).collect::<Vec<_>>().join("\n"));
    }
    suite
}

pub(crate) fn render(report: &Report) -> String {
    let mut out = quick_junit::Report::new("watchwise");
    for r in &report.results {
        out.add_test_suite(suite(r, report));
    }
    // A file that could not be checked is a suite with one errored case, so the CI
    // view shows it next to the others.
    let mut files: Vec<&str> = report.errors.iter().map(|d| d.file.as_str()).collect();
    files.dedup();
    for file in files {
        let mut s = TestCaseStatus::non_success(NonSuccessKind::Error);
        let diags: Vec<String> = report.errors.iter().filter(|d| d.file == file).map(|d| x(&d.headline())).collect();
        s.set_message(diags[0].clone());
        s.set_description(diags.join("\n"));
        let mut suite = TestSuite::new(x(file));
        suite.add_test_case(TestCase::new("load policy", s));
        out.add_test_suite(suite);
    }
    // Line breaks in input stay; none may start a CI command when the XML is printed.
    safe::lines_owned(out.to_string().expect("JUnit serializes"))
}
