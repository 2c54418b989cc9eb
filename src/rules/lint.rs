//! `watchwise rules lint`: warnings beyond the load-time errors. A rule that loads
//! can still be useless: a condition the policy format makes always false, or a
//! default rule with no Chinese text or no reference.

use super::load::RuleSet;
use super::model::{Cond, FieldPath, Lit, Op, Rule};
use crate::diag::{Code, Diagnostic, Hint, Message, Span};
use crate::policy::schema::Ty;

/// Warnings for every loaded rule; `default_only` rules (the embedded packs) must
/// also carry Chinese text.
pub fn lint(rules: &RuleSet) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for pack in &rules.packs {
        for m in &pack.mitigations {
            if let Some((span, why)) = impossible(&m.when) {
                let message = Message::new(Code::MitigationNeverApplies).arg("id", &m.id).arg("why", why);
                out.push(Diagnostic::new(&m.file, span, message));
            }
            if !rules.rules().any(|r| r.mitigations.iter().any(|x| x.id == m.id)) {
                out.push(Diagnostic::new(&m.file, m.span, Message::new(Code::MitigationUnused).arg("id", &m.id)));
            }
        }
        for rule in pack.rules() {
            for (m, (_, span)) in rule.mitigations.iter().zip(&rule.mitigation_ids) {
                if let Some(field) = excludes(&rule.when, &m.when) {
                    let message = Message::new(Code::MitigationContradictsRule)
                        .arg("id", &m.id)
                        .arg("rule", &rule.id)
                        .arg("field", field);
                    out.push(Diagnostic::new(&rule.file, *span, message));
                }
            }
            if let Some(floor) = rule.floor
                && !rule.mitigations.is_empty()
                && floor >= rule.severity
            {
                let message = Message::new(Code::FloorNotBelow)
                    .arg("rule", &rule.id)
                    .arg("floor", floor.as_str())
                    .arg("severity", rule.severity.as_str());
                out.push(Diagnostic::new(&rule.file, rule.span, message));
            }
            if let Some((span, why)) = impossible(&rule.when) {
                let message = Message::new(Code::NeverFires).arg("rule", &rule.id).arg("why", why);
                out.push(Diagnostic::new(&rule.file, span, message));
            }
            if rule.references.is_empty() {
                let message = Message::new(Code::NoReferences).arg("rule", &rule.id);
                out.push(Diagnostic::new(&rule.file, rule.span, message).hint(Hint::CiteSources));
            }
            if pack.embedded {
                let missing = missing_zh(rule);
                if !missing.is_empty() {
                    let message = Message::new(Code::NoChinese).arg("rule", &rule.id).arg("fields", missing.join(", "));
                    out.push(Diagnostic::new(&rule.file, rule.span, message));
                }
            }
        }
    }
    out
}

pub fn missing_zh(rule: &Rule) -> Vec<&'static str> {
    [("title", &rule.title), ("message", &rule.message.text), ("recommendation", &rule.recommendation.text)]
        .into_iter()
        .filter(|(_, t)| t.zh.is_none())
        .map(|(k, _)| k)
        .collect()
}

/// Whether the field is present in every valid policy (required all the way down,
/// or filled in by a default).
fn always_present(field: &FieldPath) -> bool {
    (field.in_measure && field.dotted == "covert") || field.keys.iter().all(|k| k.field().required)
}

fn name(field: &FieldPath) -> String {
    let prefix = if field.in_measure { "measure." } else { "" };
    format!("{prefix}{}", field.dotted)
}

fn leaf_impossible(field: &FieldPath, op: &Op) -> Option<Message> {
    let why = |code| Some(Message::new(code).arg("field", name(field)));
    match (op, field.ty) {
        (Op::Exists(false), _) if always_present(field) => why(Code::AlwaysPresent),
        (Op::Empty(true), Ty::List { min, .. }) if *min > 0 && always_present(field) => {
            why(Code::NeverEmptyList).map(|m| m.arg("min", *min))
        }
        (Op::Empty(true), Ty::NonEmptyStr) if always_present(field) => why(Code::NeverEmptyText),
        (Op::Lt(Lit::Int(n)), Ty::Int { min }) if n <= min => {
            why(Code::LtBelowMinimum).map(|m| m.arg("min", *min).arg("n", *n))
        }
        (Op::Lte(Lit::Int(n)), Ty::Int { min }) if n < min => {
            why(Code::LteBelowMinimum).map(|m| m.arg("min", *min).arg("n", *n))
        }
        (Op::NotIn(values), Ty::Enum(vocab)) if vocab.iter().all(|v| values.contains(&Lit::Str(v.to_string()))) => {
            why(Code::NotInEveryValue)
        }
        _ => None,
    }
}

fn same_field(a: &FieldPath, b: &FieldPath) -> bool {
    a.in_measure == b.in_measure && a.keys == b.keys
}

/// Two leaves on the same field inside one `all` that cannot both be true.
fn contradict(a: &Op, b: &Op) -> bool {
    use Op::*;
    match (a, b) {
        (Equals(x), Equals(y)) => x != y,
        (Equals(x), NotEquals(y)) | (NotEquals(y), Equals(x)) => x == y,
        (Equals(x), In(ys)) | (In(ys), Equals(x)) => !ys.contains(x),
        (Equals(x), NotIn(ys)) | (NotIn(ys), Equals(x)) => ys.contains(x),
        (In(xs), In(ys)) => !xs.iter().any(|x| ys.contains(x)),
        (Exists(false), Exists(true)) | (Exists(true), Exists(false)) => true,
        // Every operator but `exists` is false on a missing field.
        (Exists(false), other) | (other, Exists(false)) => !matches!(other, Exists(_)),
        _ => false,
    }
}

/// The leaves that must all hold for `cond` to be true: itself, or the items of a
/// top-level `all`.
fn required_leaves(cond: &Cond) -> Vec<(&FieldPath, &Op)> {
    match cond {
        Cond::Leaf { field, op, .. } => vec![(field, op)],
        Cond::All(items) => items.iter().flat_map(required_leaves).collect(),
        _ => Vec::new(),
    }
}

/// A field on which the rule's condition and a mitigation's condition cannot both
/// hold, so the mitigation never applies where the rule fires.
fn excludes(rule: &Cond, mitigation: &Cond) -> Option<String> {
    let a = required_leaves(rule);
    let b = required_leaves(mitigation);
    a.iter().find_map(|(fa, oa)| b.iter().find(|(fb, ob)| same_field(fa, fb) && contradict(oa, ob)).map(|_| name(fa)))
}

/// Why `cond` can never be true, if that is decidable from the format alone.
pub fn impossible(cond: &Cond) -> Option<(Span, Message)> {
    match cond {
        Cond::Leaf { field, op, span, .. } => leaf_impossible(field, op).map(|why| (*span, why)),
        Cond::All(items) => items.iter().find_map(impossible).or_else(|| {
            let leaves: Vec<(&FieldPath, &Op, Span)> = items
                .iter()
                .filter_map(|c| match c {
                    Cond::Leaf { field, op, span, .. } => Some((field, op, *span)),
                    _ => None,
                })
                .collect();
            for (i, (fa, oa, _)) in leaves.iter().enumerate() {
                for (fb, ob, sb) in &leaves[i + 1..] {
                    if same_field(fa, fb) && contradict(oa, ob) {
                        return Some((*sb, Message::new(Code::Contradiction).arg("field", name(fa))));
                    }
                }
            }
            None
        }),
        Cond::Any(items) => {
            let reasons: Vec<(Span, Message)> = items.iter().filter_map(impossible).collect();
            (reasons.len() == items.len()).then(|| reasons.into_iter().next()).flatten()
        }
        Cond::Not(inner) => match &**inner {
            Cond::Leaf { field, op: Op::Exists(true), span, .. } if always_present(field) => {
                Some((*span, Message::new(Code::NotExistsAlwaysPresent).arg("field", name(field))))
            }
            _ => None,
        },
        Cond::AnyMeasure(inner) | Cond::AllMeasures(inner) => impossible(inner),
    }
}
