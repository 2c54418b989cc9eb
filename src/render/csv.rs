//! `--format csv`: one row per finding (waived ones included and marked), per finding
//! the baseline absorbed and per warning of a policy (`kind` says which: `finding`,
//! `baselined`, `warning`), RFC 4180
//! quoting with CRLF line ends, UTF-8. A cell that a spreadsheet would read as a
//! formula (`=`, `+`, `-`, `@` first) gets a leading `'`, because policy text ends
//! up in messages.

use super::Report;
use crate::diag::safe;
use crate::finding::PolicyResult;

const HEADER: &[&str] = &[
    "policy",
    "name",
    "rule",
    "title",
    "category",
    "severity",
    "pack",
    "measure",
    "path",
    "line",
    "column",
    "message",
    "recommendation",
    "references",
    "waived",
    "waiver_reason",
    "waiver_approved_by",
    "waiver_expires",
    "inherent",
    "mitigations",
    "kind",
];

/// A cell: control characters other than tabs and line breaks, bidi controls, line
/// separators and noncharacters show as `\u{..}` (a spreadsheet shows them as they act
/// or not at all), then formula guard and quoting.
fn cell(s: &str) -> String {
    let s = safe::escape_where(s, safe::is_unsafe_in_document);
    let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{s}") } else { s.to_string() };
    if s.contains([',', '"', '\n', '\r']) { format!("\"{}\"", s.replace('"', "\"\"")) } else { s }
}

fn row(out: &mut String, cells: &[String]) {
    out.push_str(&cells.iter().map(|c| cell(c)).collect::<Vec<_>>().join(","));
    out.push_str("\r\n");
}

pub(crate) fn render(report: &Report) -> String {
    let mut out = header();
    for r in &report.results {
        out.push_str(&rows(r));
    }
    out
}

pub(crate) fn header() -> String {
    let mut out = String::new();
    row(&mut out, &HEADER.iter().map(|h| h.to_string()).collect::<Vec<_>>());
    out
}

/// The rows of one policy's findings. A quoted cell keeps its line breaks; none of
/// its lines may read as a CI command when the CSV is printed.
pub(crate) fn rows(r: &PolicyResult) -> String {
    safe::lines_owned(plain_rows(r))
}

fn plain_rows(r: &PolicyResult) -> String {
    let mut out = String::new();
    let absorbed = r.baselined.iter().map(|f| (f, "baselined"));
    for (f, kind) in r.findings.iter().map(|f| (f, "finding")).chain(absorbed) {
        let references: Vec<String> = f
            .references
            .iter()
            .map(|x| x.url.as_ref().map_or(x.title.clone(), |u| format!("{} <{u}>", x.title)))
            .collect();
        let w = f.waived.as_ref();
        row(
            &mut out,
            &[
                r.file.clone(),
                r.name.clone(),
                f.rule.to_string(),
                f.title.to_string(),
                f.category.as_str().to_string(),
                f.severity.as_str().to_string(),
                f.pack.to_string(),
                f.measure.clone().unwrap_or_default(),
                f.path.clone(),
                f.line.to_string(),
                f.column.to_string(),
                f.message.to_string(),
                f.recommendation.to_string(),
                references.join("; "),
                if w.is_some() { "yes" } else { "no" }.to_string(),
                w.map(|w| w.reason.clone()).unwrap_or_default(),
                w.map(|w| w.approved_by.clone()).unwrap_or_default(),
                w.map(|w| w.expires.clone()).unwrap_or_default(),
                f.inherent.as_str().to_string(),
                f.mitigations.iter().map(|m| m.label).collect::<Vec<_>>().join("; "),
                kind.to_string(),
            ],
        );
    }
    // The policy's warnings (an overdue action, a stale sign-off, a waiver that
    // waives nothing), one row each, with the diagnostic's code as the `rule`.
    for d in &r.warnings {
        let mut cells = vec![String::new(); HEADER.len()];
        cells[0] = r.file.clone();
        cells[1] = r.name.clone();
        cells[2] = d.code.map(|c| c.id().to_string()).unwrap_or_default();
        cells[5] = "warning".to_string();
        cells[9] = d.span.line.to_string();
        cells[10] = d.span.col.to_string();
        cells[11] = d.message.clone();
        cells[12] = d.help.clone().unwrap_or_default();
        cells[HEADER.len() - 1] = "warning".to_string();
        row(&mut out, &cells);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::cell;

    #[test]
    fn quotes_as_rfc_4180() {
        assert_eq!(cell("plain"), "plain");
        assert_eq!(cell("a, b"), "\"a, b\"");
        assert_eq!(cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(cell("two\nlines"), "\"two\nlines\"");
        assert_eq!(cell("=HYPERLINK(1)"), "'=HYPERLINK(1)");
        assert_eq!(cell("a\u{202e}b\u{1b}"), "a\\u{202e}b\\u{1b}");
    }
}
