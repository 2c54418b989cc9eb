//! The engine: evaluates the active rules against one policy and builds findings.

use crate::Lang;
use crate::diag::{Code, Diagnostic, Message, Span};
use crate::finding::{AgreementInfo, Applied, Finding, InvalidWaiver, PolicyResult, WaiverInfo};
use crate::policy::{Policy, Waiver};
use crate::rules::condition::{self, Loc, Outcome};
use crate::rules::model::{Rule, Severity, WaiverRule};
use crate::rules::template::{Data, MAX_RENDERED, RuleFacts};
use crate::rules::{Active, ActiveRule};
use jiff::civil::Date;
use serde_json::Value as Json;

#[derive(Clone, Copy, Debug)]
pub struct Options {
    pub lang: Lang,
    /// Waivers that expire before this day no longer apply.
    pub today: Date,
}

/// Checks `policy` with the `active` rules. The error is the first finding whose
/// message or recommendation renders past its limit.
pub(crate) fn check<'r>(policy: &Policy, active: &Active<'r>, opts: &Options) -> Result<PolicyResult<'r>, Diagnostic> {
    let mut findings = Vec::new();
    let mut too_long = None;
    // One buffer for where every firing rule looked and what it matched.
    let mut outcome = Outcome::default();
    let mut fire = |ar: &ActiveRule<'r>, measure: Option<usize>| {
        outcome.clear();
        if too_long.is_none() && condition::eval(&ar.rule.when, policy, measure, Some(&mut outcome)) {
            match finding(policy, ar, measure, &mut outcome, opts) {
                Ok(f) => findings.push(f),
                Err(d) => too_long = Some(d),
            }
        }
    };
    for (i, m) in policy.measures.iter().enumerate() {
        for &at in &active.schedule.by_kind[condition::kind_index(&m.kind)] {
            fire(&active.rules[at as usize], Some(i));
        }
    }
    for &at in &active.schedule.policy_wide {
        fire(&active.rules[at as usize], None);
    }
    if let Some(d) = too_long {
        return Err(d);
    }
    let mut warnings = Vec::new();
    for j in &active.missing {
        let span = policy.root.path(&["policy", "jurisdictions"]).map_or(Span::TOP, |n| n.span);
        let message = Message::new(Code::JurisdictionNotLoaded).arg("jurisdiction", j);
        warnings.push(Diagnostic::new(&policy.file, span, message));
    }
    for w in &policy.waivers {
        let rule =
            active.rules.binary_search_by(|r| r.rule.id.as_str().cmp(&w.rule)).ok().map(|i| active.rules[i].rule);
        if let Some(message) = rule.and_then(|r| waiver_problem(r, w)) {
            warnings.push(Diagnostic::new(&policy.file, w.span, message.arg("rule", &w.rule)));
        }
        let used = findings
            .iter()
            .any(|f| f.rule == w.rule && w.measure.as_ref().is_none_or(|m| f.measure.as_ref() == Some(m)));
        if !used {
            let message = match &w.measure {
                Some(m) => Message::new(Code::WaiverUnusedForMeasure).arg("measure", m),
                None => Message::new(Code::WaiverUnused),
            };
            warnings.push(Diagnostic::new(&policy.file, w.span, message.arg("rule", &w.rule)));
        }
    }
    let fingerprint = crate::policy::fingerprint(&policy.root);
    let (actions, review, mut planned) = crate::review::assess(policy, &fingerprint, &findings, opts.today);
    warnings.append(&mut planned);
    let mut result = PolicyResult {
        file: policy.file.clone(),
        name: policy.name.clone(),
        organization: policy.organization().map(str::to_string),
        revision: policy.revision().map(str::to_string),
        jurisdictions: policy.jurisdictions.clone(),
        packs: active.packs.iter().map(|p| p.to_string()).collect(),
        rules: active.ids.clone(),
        rating: None,
        inherent: None,
        score: 0,
        categories: Default::default(),
        findings,
        baselined: Vec::new(),
        warnings,
        fingerprint,
        actions,
        review,
        dpia: crate::dpia::screen(policy),
    };
    result.finish();
    Ok(result)
}

fn finding<'r>(
    policy: &Policy,
    ar: &ActiveRule<'r>,
    measure: Option<usize>,
    outcome: &mut Outcome<'r>,
    opts: &Options,
) -> Result<Finding<'r>, Diagnostic> {
    let rule = ar.rule;
    // Point at the field that made the rule fire: the last leaf evaluated (in an
    // `all`, guards such as the measure's kind come first and the trigger last),
    // preferring the current measure's own fields. When that field is absent, point
    // at the measure, or for a policy-wide finding at the top of the file.
    let in_measure = |l: &Loc| measure.is_some_and(|i| l.in_measure(i));
    let trigger = outcome.locs.iter().rev().find(|l| in_measure(l)).or(outcome.locs.last());
    let span = match (trigger.and_then(|l| l.span), measure) {
        (Some(span), _) => span,
        (None, Some(i)) => policy.measure_node(i).span,
        (None, None) => Span::TOP,
    };
    let path = match (trigger, measure) {
        (Some(l), _) => l.path(),
        (None, Some(i)) => format!("measures[{i}]"),
        (None, None) => String::new(),
    };
    let title = rule.title.get(opts.lang);
    let matched = Json::Array(std::mem::take(&mut outcome.matched));
    let data = Data {
        policy,
        measure,
        rule: RuleFacts {
            id: &rule.id,
            title,
            category: rule.category.as_str(),
            severity: ar.severity.as_str(),
            pack: &rule.pack,
        },
        matched: &matched,
    };
    let too_long = |key: &str| {
        let message = Message::new(Code::MessageTooLong)
            .arg("rule", &rule.id)
            .arg("at", format!("{}:{}:{}", rule.file, rule.span.line, rule.span.col))
            .arg("key", key)
            .arg("limit", MAX_RENDERED.to_string());
        Diagnostic::new(&policy.file, span, message)
    };
    let message = rule.message.render(opts.lang, &data).map_err(|_| too_long("message"))?;
    let recommendation = rule.recommendation.render(opts.lang, &data).map_err(|_| too_long("recommendation"))?;
    let measure_id = measure.map(|i| policy.measures[i].id.clone());
    let waiver = policy
        .waivers
        .iter()
        .filter(|w| w.rule == rule.id)
        .filter(|w| w.measure.is_none() || w.measure == measure_id)
        // A measure-specific waiver is more precise than a policy-wide one.
        .max_by_key(|w| (w.measure.is_some(), w.expires));
    let info = waiver.map(|w| WaiverInfo {
        reason: w.reason.clone(),
        approved_by: w.approved_by.clone(),
        expires: w.expires.to_string(),
        agreement: w.agreement.as_ref().map(|a| AgreementInfo {
            body: a.body.clone(),
            reference: a.reference.clone(),
            date: a.date.map(|d| d.to_string()),
        }),
    });
    let invalid = waiver.is_some_and(|w| waiver_problem(rule, w).is_some());
    let live = waiver.is_some_and(|w| w.expires >= opts.today) && !invalid;
    let (waived, waiver_expired, waiver_invalid) = match info {
        Some(info) if invalid => {
            let requires = match &rule.waiver {
                WaiverRule::Requires(bodies) => bodies.clone(),
                _ => Vec::new(),
            };
            (None, None, Some(InvalidWaiver { waiver: info, requires }))
        }
        Some(info) if live => (Some(info), None, None),
        info => (None, info, None),
    };
    let mitigations: Vec<Applied<'r>> = rule
        .mitigations
        .iter()
        .filter(|m| condition::eval(&m.when, policy, measure, None))
        .map(|m| Applied::new(m, opts.lang))
        .collect();
    Ok(Finding {
        rule: &rule.id,
        title,
        category: rule.category,
        severity: residual(rule, ar.severity, &mitigations),
        inherent: ar.severity,
        mitigations,
        pack: &rule.pack,
        measure: measure_id,
        measure_index: measure,
        path,
        line: span.line,
        column: span.col,
        message,
        recommendation,
        references: &rule.references,
        waived,
        waiver_expired,
        waiver_invalid,
        waiver_rule: &rule.waiver,
    })
}

/// The level after the safeguards that apply: each lowers it by its `lowers`,
/// never below the rule's floor, and never above where it started.
fn residual(rule: &Rule, inherent: Severity, applied: &[Applied]) -> Severity {
    if !rule.mitigable {
        return inherent;
    }
    let lowered: usize = applied.iter().map(|m| m.lowers as usize).sum();
    let level = Severity::ALL[(inherent as usize).saturating_sub(lowered)];
    level.max(rule.floor()).min(inherent)
}

/// Why waiver `w` cannot set aside the findings of `rule`, if it cannot.
fn waiver_problem(rule: &Rule, w: &Waiver) -> Option<Message> {
    let bodies = match &rule.waiver {
        WaiverRule::Employer => return None,
        WaiverRule::Never => return Some(Message::new(Code::WaiverNotAllowed)),
        WaiverRule::Requires(bodies) => bodies,
    };
    let words = |ws: &[&str]| ws.iter().map(|w| w.replace('_', " ")).collect::<Vec<_>>().join(" or ");
    let list: Vec<&str> = bodies.iter().map(String::as_str).collect();
    match &w.agreement {
        None => Some(Message::new(Code::WaiverNeedsAgreement).arg("bodies", words(&list))),
        Some(a) if !bodies.contains(&a.body) => {
            Some(Message::new(Code::WaiverWrongBody).arg("bodies", words(&list)).arg("found", words(&[&a.body])))
        }
        Some(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::{self, Context};
    use crate::rules::Adjust;
    use crate::rules::load::{self, LoadOptions};
    use crate::source::Source;

    /// Skipping rules by measure kind changes nothing: the same findings as
    /// evaluating every rule for every measure, for many policies and every pack.
    #[test]
    fn kind_skipping_changes_no_finding() {
        let rules = load::load(load::embedded_sources(), LoadOptions::default()).unwrap();
        let ctx = Context { packs: rules.pack_ids(), rules: rules.rule_ids(), limits: Default::default() };
        let all: Vec<String> = rules.packs.iter().map(|p| p.id.clone()).collect();
        let active = rules.activate(&all, &Adjust::default());
        assert!(active.rules.iter().filter(|r| r.kinds != u64::MAX).count() > 20, "kinds narrow many rules");
        let mut unskipped = active.clone();
        let every_kind: Vec<ActiveRule> = active.rules.iter().map(|r| ActiveRule { kinds: u64::MAX, ..*r }).collect();
        unskipped.schedule = std::sync::Arc::new(crate::rules::Schedule::new(&every_kind));
        unskipped.rules = every_kind.into();
        let opts = Options { lang: Lang::En, today: jiff::civil::date(2026, 11, 29) };
        let mut findings = 0;
        for seed in 0..60 {
            let src = Source::new(format!("gen/{seed}.yaml"), crate::testgen::policy(seed));
            let policy = policy::load(&src, &ctx).unwrap();
            let a = check(&policy, &active, &opts).unwrap();
            let b = check(&policy, &unskipped, &opts).unwrap();
            assert_eq!(a.findings, b.findings, "{}", src.name);
            findings += a.findings.len();
        }
        assert!(findings > 1000, "{findings}");
    }
}
