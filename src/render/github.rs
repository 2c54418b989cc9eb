//! `--format github`: GitHub Actions workflow commands, one annotation per active
//! finding (`::error file=...,line=...,col=...,title=...::message`), warnings for
//! medium findings and notices below; load errors and warnings are annotations too.

use super::Report;
use crate::diag::{Diagnostic, Level, safe};
use crate::rules::Severity;
use std::fmt::Write as _;

fn command(s: Severity) -> &'static str {
    match s {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info => "notice",
    }
}

/// Escaping for the message part of a workflow command. Its own line breaks are
/// watchwise's (the recommendation's line); input text goes through [`shown`] first.
fn data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escaping for a property value (`file=`, `title=`): also `:` and `,`.
fn property(s: &str) -> String {
    data(&shown(s)).replace(':', "%3A").replace(',', "%2C")
}

/// Text from an input: GitHub's log viewer obeys colour codes and the annotation shows
/// bidi controls as they act, so every control character (line breaks too) and bidi
/// control shows as `\u{..}`. The runner reads only the line's own command, but a
/// `##[` or a leading `::` is escaped here too, so that no text of an annotation reads as
/// a command wherever it is shown.
fn shown(s: &str) -> String {
    safe::lines_owned(safe::escape(s).into_owned())
}

fn diagnostic(out: &mut String, d: &Diagnostic) {
    let cmd = if d.level == Level::Error { "error" } else { "warning" };
    // A problem with no place in a file (a command-line option, a folder) names
    // what it is about in the message, not as a file GitHub would look for.
    if d.span.line == 0 {
        let message = format!("{}: {}", d.file, d.message);
        let _ = writeln!(out, "::{cmd} title={}::{}", property("watchwise"), data(&shown(&message)));
        return;
    }
    let _ = writeln!(
        out,
        "::{cmd} file={},line={},col={},title={}::{}",
        property(&d.file),
        d.span.line,
        d.span.col,
        property("watchwise"),
        data(&shown(&d.message))
    );
}

pub(crate) fn render(report: &Report) -> String {
    let mut out = String::new();
    for r in &report.results {
        out.push_str(&result_lines(r));
    }
    out.push_str(&finish(report));
    out
}

/// Load errors, after the results.
pub(crate) fn finish(report: &Report) -> String {
    let mut out = String::new();
    for d in &report.errors {
        diagnostic(&mut out, d);
    }
    out
}

/// The annotations of one policy: its active findings and its warnings.
pub(crate) fn result_lines(r: &crate::finding::PolicyResult) -> String {
    let mut out = String::new();
    for f in r.findings.iter().filter(|f| f.active()) {
        let title = format!("{} {} ({})", f.rule, f.title, f.severity);
        let _ = writeln!(
            out,
            "::{} file={},line={},col={},title={}::{}",
            command(f.severity),
            property(&r.file),
            f.line,
            f.column,
            property(&title),
            data(&format!(
                "{}\nRecommendation: {}{}",
                shown(&f.message),
                shown(&f.recommendation),
                f.lowered(crate::Lang::En).map(|l| format!("\nSafeguards: {}", shown(&l))).unwrap_or_default()
            ))
        );
    }
    for w in &r.warnings {
        diagnostic(&mut out, w);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_per_workflow_command_syntax() {
        assert_eq!(data("50% done\nnext"), "50%25 done%0Anext");
        assert_eq!(property("a:b,c"), "a%3Ab%2Cc");
        assert_eq!(property("x\n::error::y\u{1b}"), "x\\u{a}%3A%3Aerror%3A%3Ay\\u{1b}");
    }
}
