//! `--format github`: GitHub Actions workflow commands. GitHub shows 10 error, 10
//! warning and 10 notice annotations per step and drops the rest unseen, so every
//! finding and diagnostic is first written as a plain line of the step's log (the
//! full list), then the gravest of each kind as annotations
//! (`::error file=...,line=...,col=...,title=...::message`: errors for high and
//! critical findings and for files that could not be checked, warnings for medium
//! findings and diagnostics, notices below), and, when some did not fit, one notice
//! that counts them and says that the log has them all.

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

/// Annotations of one kind GitHub shows per step.
pub(crate) const PER_KIND: usize = 10;

/// An annotation waiting for the end of the run: kept if it is among the gravest of
/// its kind.
struct Kept {
    /// Higher is graver: load errors, then critical, high, ...
    rank: u8,
    seq: usize,
    line: String,
}

/// The GitHub output of a run: the log lines as they come, the annotations at the end.
pub(crate) struct Writer {
    log: super::spill::Spill,
    /// Errors, warnings, notices: the gravest [`PER_KIND`] of each.
    kept: [Vec<Kept>; 3],
    /// How many of each kind there were.
    total: [usize; 3],
    seq: usize,
}

impl Writer {
    pub(crate) fn new(log: super::spill::Spill) -> Writer {
        Writer { log, kept: Default::default(), total: [0; 3], seq: 0 }
    }

    fn keep(&mut self, kind: usize, rank: u8, line: String) {
        self.total[kind] += 1;
        self.seq += 1;
        let kept = &mut self.kept[kind];
        kept.push(Kept { rank, seq: self.seq, line });
        // Trimmed now and then rather than on every push: a long run keeps at most
        // twice the kind's share.
        if kept.len() >= 2 * PER_KIND {
            trim(kept);
        }
    }

    pub(crate) fn result(&mut self, r: &crate::finding::PolicyResult) -> std::io::Result<()> {
        let mut log = String::new();
        for f in r.findings.iter().filter(|f| f.active()) {
            let title = format!("{} {} ({})", f.rule, f.title, f.severity);
            let _ = writeln!(log, "{}:{}:{}: {}", shown(&r.file), f.line, f.column, shown(&title));
            let line = format!(
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
            let kind = match command(f.severity) {
                "error" => 0,
                "warning" => 1,
                _ => 2,
            };
            self.keep(kind, f.severity as u8 + 1, line);
        }
        for f in &r.baselined {
            let title = format!("{} {} ({})", f.rule, f.title, f.severity);
            let _ = writeln!(log, "{}:{}:{}: {} [in the baseline]", shown(&r.file), f.line, f.column, shown(&title));
        }
        for w in &r.warnings {
            let _ = writeln!(log, "{}: warning: {}", shown(&w.place()), shown(&w.message));
            let mut line = String::new();
            diagnostic(&mut line, w);
            self.keep(1, 0, line.trim_end().to_string());
        }
        self.log.write(safe::lines_owned(log).as_bytes())
    }

    pub(crate) fn finish(mut self, report: &Report, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        let mut tail = String::new();
        for d in &report.errors {
            let mut line = String::new();
            diagnostic(&mut line, d);
            let _ = writeln!(tail, "{}: error: {}", shown(&d.place()), shown(&d.message));
            let kind = if d.level == Level::Error { 0 } else { 1 };
            self.keep(kind, u8::MAX, line.trim_end().to_string());
        }
        self.log.write(safe::lines_owned(tail).as_bytes())?;
        let left: usize = (0..3).map(|k| self.total[k].saturating_sub(PER_KIND)).sum();
        let baselined = report.baseline.as_deref().filter(|_| report.baselined > 0);
        // The notice that counts the rest (and what the baseline absorbed) takes the
        // place of the last notice.
        let closing = left > 0 || baselined.is_some();
        let shares = [PER_KIND, PER_KIND, if closing { PER_KIND - 1 } else { PER_KIND }];
        self.log.copy_to(out)?;
        let mut shown_count = 0;
        for (kind, share) in shares.iter().enumerate() {
            trim(&mut self.kept[kind]);
            for k in self.kept[kind].iter().take(*share) {
                writeln!(out, "{}", k.line)?;
                shown_count += 1;
            }
        }
        let total: usize = self.total.iter().sum();
        let mut message = Vec::new();
        if total > shown_count {
            message.push(format!(
                "{} of {total} findings and diagnostics are not annotations: GitHub shows 10 of each kind per step ({} errors, {} warnings, {} notices in all). This step's log lists every one, one line each.",
                total - shown_count,
                self.total[0],
                self.total[1],
                self.total[2]
            ));
        }
        if let Some(file) = baselined {
            message.push(format!(
                "{} {} in the baseline {} {} not counted and not annotated; the log lists {}.",
                report.baselined,
                if report.baselined == 1 { "finding" } else { "findings" },
                shown(file),
                if report.baselined == 1 { "is" } else { "are" },
                if report.baselined == 1 { "it" } else { "them" },
            ));
        }
        if !message.is_empty() {
            writeln!(out, "::notice title={}::{}", property("watchwise"), data(&message.join(" ")))?;
        }
        Ok(())
    }
}

/// Keeps the gravest [`PER_KIND`], gravest first, in the order they came.
fn trim(kept: &mut Vec<Kept>) {
    kept.sort_by(|a, b| b.rank.cmp(&a.rank).then(a.seq.cmp(&b.seq)));
    kept.truncate(PER_KIND);
}

pub(crate) fn render(report: &Report) -> String {
    let mut w = Writer::new(super::spill::Spill::memory());
    for r in &report.results {
        w.result(r).expect("memory takes any text");
    }
    let mut out = Vec::new();
    w.finish(report, &mut out).expect("memory takes any text");
    String::from_utf8(out).expect("workflow commands are UTF-8")
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
