//! `watchwise diff OLD NEW`: what a change to a policy does to its findings.
//!
//! Findings are matched by rule and measure (not by line, which moves with every
//! edit). A finding that a waiver now sets aside is "waived", never "removed": the
//! risk is accepted, not fixed, and a pull request that waives a legal finding must
//! not read as one that fixes it. Changes to the action plan and to the sign-off are
//! compared too.

use crate::finding::{Finding, PolicyResult};
use crate::review::{ActionState, SignOff};
use crate::rules::Severity;

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum ChangeKind {
    Added,
    /// Waived in the old version, active in the new (the waiver ended or went).
    Unwaived,
    Changed,
    /// Active in the old version (or not there at all), waived in the new.
    Waived,
    Removed,
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
    pub actions: Vec<ActionChange<'a>>,
    pub sign_off: SignOffChange,
    pub fail_on: Option<Severity>,
}

fn key<'a>(f: &'a Finding) -> (&'a str, Option<&'a str>) {
    (f.rule, f.measure.as_deref())
}

pub(crate) fn compare<'a>(old: &'a PolicyResult<'a>, new: &'a PolicyResult<'a>, fail_on: Option<Severity>) -> Diff<'a> {
    let mut changes = Vec::new();
    let change = |kind, finding, old_severity, new_severity| Change { kind, finding, old_severity, new_severity };
    let find = |r: &'a PolicyResult<'a>, f: &Finding| r.findings.iter().find(|o| key(o) == key(f));
    for f in &new.findings {
        let before = find(old, f);
        match (before, f.active()) {
            (None, true) => changes.push(change(ChangeKind::Added, f, None, Some(f.severity))),
            (None, false) => changes.push(change(ChangeKind::Waived, f, None, Some(f.severity))),
            (Some(o), true) if !o.active() => {
                changes.push(change(ChangeKind::Unwaived, f, Some(o.severity), Some(f.severity)))
            }
            (Some(o), false) if o.active() => {
                changes.push(change(ChangeKind::Waived, f, Some(o.severity), Some(f.severity)))
            }
            (Some(o), true) if o.severity != f.severity => {
                changes.push(change(ChangeKind::Changed, f, Some(o.severity), Some(f.severity)))
            }
            _ => {}
        }
    }
    for o in old.active() {
        if find(new, o).is_none() {
            changes.push(change(ChangeKind::Removed, o, Some(o.severity), None));
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
    let actions = compare_actions(&old.actions, &new.actions);
    let sign_off = SignOffChange {
        old: old.review.as_ref().map_or(SignOff::None, |r| r.sign_off),
        new: new.review.as_ref().map_or(SignOff::None, |r| r.sign_off),
    };
    Diff { old, new, changes, actions, sign_off, fail_on }
}

/// What became of one action between the versions.
#[derive(Clone, Debug, serde::Serialize)]
pub(crate) struct ActionChange<'a> {
    pub id: &'a str,
    /// `added`, `removed` or `changed`.
    pub kind: &'static str,
    /// The fields that differ (`status`, `due`, ...), for `changed`.
    pub fields: Vec<&'static str>,
    pub old: Option<&'a ActionState>,
    pub new: Option<&'a ActionState>,
}

fn compare_actions<'a>(old: &'a [ActionState], new: &'a [ActionState]) -> Vec<ActionChange<'a>> {
    let mut out = Vec::new();
    for n in new {
        match old.iter().find(|o| o.id == n.id) {
            None => out.push(ActionChange { id: &n.id, kind: "added", fields: Vec::new(), old: None, new: Some(n) }),
            Some(o) => {
                let fields: Vec<&'static str> = [
                    ("rule", o.rule != n.rule),
                    ("measure", o.measure != n.measure),
                    ("change", o.change != n.change),
                    ("owner", o.owner != n.owner),
                    ("due", o.due != n.due),
                    ("status", o.status != n.status),
                    ("evidence", o.evidence != n.evidence),
                ]
                .into_iter()
                .filter(|(_, differs)| *differs)
                .map(|(f, _)| f)
                .collect();
                if !fields.is_empty() {
                    out.push(ActionChange { id: &n.id, kind: "changed", fields, old: Some(o), new: Some(n) });
                }
            }
        }
    }
    for o in old {
        if !new.iter().any(|n| n.id == o.id) {
            out.push(ActionChange { id: &o.id, kind: "removed", fields: Vec::new(), old: Some(o), new: None });
        }
    }
    out
}

/// The sign-off state of each version.
#[derive(Clone, Copy, Debug, serde::Serialize)]
pub(crate) struct SignOffChange {
    pub old: SignOff,
    pub new: SignOff,
}

impl SignOffChange {
    /// The old version's sign-off matched it and the new version's does not.
    pub(crate) fn invalidated(&self) -> bool {
        self.old == SignOff::Current && self.new != SignOff::Current
    }
}

impl Diff<'_> {
    /// Whether the new version has an active finding at or above the threshold that
    /// the old one did not have (new, or raised to that level).
    pub(crate) fn fails(&self) -> bool {
        let Some(t) = self.fail_on else { return false };
        self.changes.iter().any(|c| match c.kind {
            ChangeKind::Added | ChangeKind::Unwaived => c.new_severity >= Some(t),
            ChangeKind::Changed => c.new_severity >= Some(t) && c.old_severity < Some(t),
            ChangeKind::Waived | ChangeKind::Removed => false,
        })
    }

    /// The weight of the findings the new version waives that the old counted: how
    /// much of the score's fall is accepted risk, not a fix.
    pub(crate) fn waived_weight(&self) -> u32 {
        self.changes
            .iter()
            .filter(|c| c.kind == ChangeKind::Waived)
            .filter_map(|c| c.old_severity)
            .map(Severity::weight)
            .sum()
    }

    pub(crate) fn count(&self, kind: ChangeKind) -> usize {
        self.changes.iter().filter(|c| c.kind == kind).count()
    }
}
