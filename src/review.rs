//! The action plan and the review record of a policy, held against what the engine
//! found: open actions past their due date, actions marked done whose finding still
//! fires, and a sign-off whose fingerprint no longer matches the policy.

use crate::diag::{Code, Diagnostic, Help, Hint, Message};
use crate::finding::Finding;
use crate::policy::{Action, PNode, Policy};
use jiff::civil::Date;
use serde::Serialize;

/// One action, as the policy records it and as the findings show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ActionState {
    pub id: String,
    pub rule: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub measure: Option<String>,
    pub change: String,
    pub owner: String,
    pub due: String,
    pub status: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
    pub line: u32,
    /// Not done and past its due date.
    pub overdue: bool,
    /// Active findings of its rule (on its measure) that the policy still draws.
    pub fires: usize,
    /// Marked done while its finding still fires.
    pub done_but_fires: bool,
}

/// The review record and whether its sign-off still matches the policy.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ReviewState {
    pub author: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dpo: Option<Opinion>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub representatives: Option<Opinion>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decision: Option<Decision>,
    /// The fingerprint the review records.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fingerprint: Option<String>,
    /// `none` (no decision), `current` (the recorded fingerprint is the policy's),
    /// `stale` (the policy changed after the decision) or `unverified` (a decision
    /// without a fingerprint).
    pub sign_off: SignOff,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SignOff {
    None,
    Current,
    Stale,
    Unverified,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Opinion {
    /// The DPO's name, or the representatives' body and name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub opinion: Option<String>,
    /// Why no opinion was sought (representatives only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub not_sought: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Decision {
    pub outcome: String,
    pub by: String,
    pub date: String,
}

/// What the action plan and the review say, given the findings, and the warnings
/// they raise.
pub(crate) fn assess(
    policy: &Policy,
    fingerprint: &str,
    findings: &[Finding],
    today: Date,
) -> (Vec<ActionState>, Option<ReviewState>, Vec<Diagnostic>) {
    let mut warnings = Vec::new();
    let actions = policy.actions.iter().map(|a| action(policy, a, findings, today, &mut warnings)).collect();
    let review = policy.review().map(|r| review(policy, fingerprint, r, &mut warnings));
    (actions, review, warnings)
}

fn action(
    policy: &Policy,
    a: &Action,
    findings: &[Finding],
    today: Date,
    warnings: &mut Vec<Diagnostic>,
) -> ActionState {
    let fires = findings
        .iter()
        .filter(|f| f.active() && f.rule == a.rule && a.measure.as_ref().is_none_or(|m| f.measure.as_ref() == Some(m)))
        .count();
    let overdue = !a.done() && a.due < today;
    let done_but_fires = a.done() && fires > 0;
    let message = |code: Code| Message::new(code).arg("id", &a.id).arg("rule", &a.rule).arg("status", &a.status);
    if overdue {
        let m = message(Code::ActionOverdue).arg("due", a.due.to_string());
        warnings.push(Diagnostic::new(&policy.file, a.due_span, m).hint(Hint::UpdateDueOrStatus));
    }
    if done_but_fires {
        warnings.push(
            Diagnostic::new(&policy.file, a.status_span, message(Code::ActionDoneStillFires)).hint(Hint::ShowTheChange),
        );
    }
    if !a.done() && fires == 0 {
        warnings
            .push(Diagnostic::new(&policy.file, a.status_span, message(Code::ActionNothingToDo)).hint(Hint::MarkDone));
    }
    ActionState {
        id: a.id.clone(),
        rule: a.rule.clone(),
        measure: a.measure.clone(),
        change: a.change.clone(),
        owner: a.owner.clone(),
        due: a.due.to_string(),
        status: a.status.clone(),
        evidence: a.evidence.clone(),
        line: a.span.line,
        overdue,
        fires,
        done_but_fires,
    }
}

fn review(policy: &Policy, current: &str, r: &PNode, warnings: &mut Vec<Diagnostic>) -> ReviewState {
    let text = |n: &PNode, k: &str| n.get(k).map(|v| v.to_json()).and_then(|v| v.as_str().map(str::to_string));
    let opinion = |n: &PNode, by: &str| Opinion {
        by: text(n, by),
        body: text(n, "body"),
        date: text(n, "date"),
        opinion: text(n, "opinion"),
        not_sought: text(n, "not_sought"),
    };
    let decision = r.get("decision").map(|d| Decision {
        outcome: text(d, "outcome").unwrap_or_default(),
        by: text(d, "by").unwrap_or_default(),
        date: text(d, "date").unwrap_or_default(),
    });
    let recorded = r.get("fingerprint");
    let file = shell_word(&policy.file);
    let sign_off = match (recorded.and_then(PNode::as_str), &decision) {
        (Some(fp), _) if fp.trim() != current => {
            let m = Message::new(Code::SignOffStale).arg("recorded", fp.trim()).arg("current", current);
            let help = Help::new(Hint::SignOffAgain).arg("file", &file);
            warnings.push(Diagnostic::new(&policy.file, recorded.map_or(r.span, |n| n.span), m).hint(help));
            SignOff::Stale
        }
        (Some(_), Some(_)) => SignOff::Current,
        (None, Some(_)) => {
            let help = Help::new(Hint::RecordFingerprint).arg("file", &file);
            let span = r.get("decision").map_or(r.span, |n| n.span);
            warnings.push(Diagnostic::new(&policy.file, span, Code::SignOffNoFingerprint).hint(help));
            SignOff::Unverified
        }
        (_, None) => SignOff::None,
    };
    if decision.is_some() && r.get("representatives").is_none() {
        let span = r.get("decision").map_or(r.span, |n| n.span);
        warnings
            .push(Diagnostic::new(&policy.file, span, Code::ReviewNoRepresentatives).hint(Hint::RecordRepresentatives));
    }
    ReviewState {
        author: text(r, "author").unwrap_or_default(),
        dpo: r.get("dpo").map(|n| opinion(n, "name")),
        representatives: r.get("representatives").map(|n| opinion(n, "name")),
        decision,
        fingerprint: recorded.and_then(PNode::as_str).map(|s| s.trim().to_string()),
        sign_off,
    }
}

/// `file` as one word of a shell command, for the hint that says what to run.
fn shell_word(file: &str) -> String {
    if !file.is_empty() && file.chars().all(|c| c.is_ascii_alphanumeric() || "_./-".contains(c)) {
        file.to_string()
    } else {
        format!("'{}'", file.replace('\'', "'\\''"))
    }
}
