//! `watchwise rules lint`: warnings beyond the load-time errors. A rule that loads
//! can still be useless: a condition the policy format makes always false, or a
//! default rule with no Chinese text or no reference.

use super::load::RuleSet;
use super::model::{Cond, FieldPath, Lit, Op, Rule};
use crate::diag::{Diagnostic, Span};
use crate::policy::schema::Ty;

/// Warnings for every loaded rule; `default_only` rules (the embedded packs) must
/// also carry Chinese text.
pub fn lint(rules: &RuleSet) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for pack in &rules.packs {
        for rule in pack.rules() {
            if let Some((span, why)) = impossible(&rule.when) {
                out.push(Diagnostic::warning(&rule.file, span, format!("rule {} can never fire: {why}", rule.id)));
            }
            if rule.references.is_empty() {
                out.push(
                    Diagnostic::warning(&rule.file, rule.span, format!("rule {} has no references", rule.id))
                        .with_help("cite the law, guidance or decision the rule rests on under `references:`"),
                );
            }
            if pack.embedded {
                let missing = missing_zh(rule);
                if !missing.is_empty() {
                    out.push(Diagnostic::warning(
                        &rule.file,
                        rule.span,
                        format!("rule {} has no Chinese (`zh`) text for {}", rule.id, missing.join(", ")),
                    ));
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

fn leaf_impossible(field: &FieldPath, op: &Op) -> Option<String> {
    let f = name(field);
    match (op, field.ty) {
        (Op::Exists(false), _) if always_present(field) => {
            Some(format!("`{f}` is always present, so `exists: false` is never true"))
        }
        (Op::Empty(true), Ty::List { min, .. }) if *min > 0 && always_present(field) => {
            Some(format!("`{f}` always has at least {min} entry, so `empty: true` is never true"))
        }
        (Op::Empty(true), Ty::NonEmptyStr) if always_present(field) => {
            Some(format!("`{f}` is never empty, so `empty: true` is never true"))
        }
        (Op::Lt(Lit::Int(n)), Ty::Int { min }) if n <= min => {
            Some(format!("`{f}` is at least {min}, so `lt: {n}` is never true"))
        }
        (Op::Lte(Lit::Int(n)), Ty::Int { min }) if n < min => {
            Some(format!("`{f}` is at least {min}, so `lte: {n}` is never true"))
        }
        (Op::NotIn(values), Ty::Enum(vocab)) if vocab.iter().all(|v| values.contains(&Lit::Str(v.to_string()))) => {
            Some(format!("`not_in` lists every value of `{f}`"))
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

/// Why `cond` can never be true, if that is decidable from the format alone.
pub fn impossible(cond: &Cond) -> Option<(Span, String)> {
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
                        return Some((
                            *sb,
                            format!("two conditions on `{}` in one `all` contradict each other", name(fa)),
                        ));
                    }
                }
            }
            None
        }),
        Cond::Any(items) => {
            let reasons: Vec<(Span, String)> = items.iter().filter_map(impossible).collect();
            (reasons.len() == items.len()).then(|| reasons.into_iter().next()).flatten()
        }
        Cond::Not(inner) => match &**inner {
            Cond::Leaf { field, op: Op::Exists(true), span, .. } if always_present(field) => {
                Some((*span, format!("`{}` is always present, so `not: {{exists: true}}` is never true", name(field))))
            }
            _ => None,
        },
        Cond::AnyMeasure(inner) | Cond::AllMeasures(inner) => impossible(inner),
    }
}
