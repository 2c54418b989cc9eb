//! `watchwise diff OLD NEW`: what a change to a policy does to its findings.
//!
//! Findings are matched by rule and measure (not by line, which moves with every
//! edit); only active findings count, so waiving a finding shows as its removal.

use crate::finding::{Finding, PolicyResult};
use crate::rules::Severity;

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum ChangeKind {
    Added,
    Removed,
    Changed,
}

#[derive(Clone, Debug)]
pub(crate) struct Change<'a> {
    pub kind: ChangeKind,
    /// The finding in the new version (added, changed) or the old one (removed).
    pub finding: &'a Finding<'a>,
    pub old_severity: Option<Severity>,
    pub new_severity: Option<Severity>,
}

pub(crate) struct Diff<'a> {
    pub old: &'a PolicyResult<'a>,
    pub new: &'a PolicyResult<'a>,
    pub changes: Vec<Change<'a>>,
    pub fail_on: Option<Severity>,
}

fn key<'a>(f: &'a Finding) -> (&'a str, Option<&'a str>) {
    (f.rule, f.measure.as_deref())
}

pub(crate) fn compare<'a>(old: &'a PolicyResult<'a>, new: &'a PolicyResult<'a>, fail_on: Option<Severity>) -> Diff<'a> {
    let mut changes = Vec::new();
    for f in new.active() {
        match old.active().find(|o| key(o) == key(f)) {
            None => changes.push(Change {
                kind: ChangeKind::Added,
                finding: f,
                old_severity: None,
                new_severity: Some(f.severity),
            }),
            Some(o) if o.severity != f.severity => changes.push(Change {
                kind: ChangeKind::Changed,
                finding: f,
                old_severity: Some(o.severity),
                new_severity: Some(f.severity),
            }),
            Some(_) => {}
        }
    }
    for o in old.active() {
        if !new.active().any(|f| key(o) == key(f)) {
            changes.push(Change {
                kind: ChangeKind::Removed,
                finding: o,
                old_severity: Some(o.severity),
                new_severity: None,
            });
        }
    }
    changes.sort_by(|a, b| {
        let sev = |c: &Change| c.new_severity.or(c.old_severity);
        (a.kind as u8, std::cmp::Reverse(sev(a)), &a.finding.rule, a.finding.measure_index).cmp(&(
            b.kind as u8,
            std::cmp::Reverse(sev(b)),
            &b.finding.rule,
            b.finding.measure_index,
        ))
    });
    Diff { old, new, changes, fail_on }
}

impl Diff<'_> {
    /// Whether the new version has an active finding at or above the threshold that
    /// the old one did not have (new, or raised to that level).
    pub(crate) fn fails(&self) -> bool {
        let Some(t) = self.fail_on else { return false };
        self.changes.iter().any(|c| match c.kind {
            ChangeKind::Added => c.new_severity >= Some(t),
            ChangeKind::Changed => c.new_severity >= Some(t) && c.old_severity < Some(t),
            ChangeKind::Removed => false,
        })
    }

    pub(crate) fn count(&self, kind: ChangeKind) -> usize {
        self.changes.iter().filter(|c| c.kind == kind).count()
    }
}
