//! The engine: evaluates the active rules against one policy and builds findings.

use crate::Lang;
use crate::diag::{Code, Diagnostic, Message, Span};
use crate::finding::{Finding, Origin, PolicyResult, WaiverInfo};
use crate::policy::Policy;
use crate::rules::condition::{self, Loc, Memo, Outcome};
use crate::rules::template::{Data, RuleFacts};
use crate::rules::{Active, ActiveRule, RuleSet, Severity};
use jiff::civil::Date;
use serde_json::Value as Json;

#[derive(Clone, Copy, Debug)]
pub struct Options {
    pub lang: Lang,
    /// Waivers that expire before this day no longer apply.
    pub today: Date,
}

/// Checks `policy` with the `active` rules of `rules`.
pub fn check<'r>(policy: &Policy, rules: &'r RuleSet, active: &Active<'r>, opts: &Options) -> PolicyResult<'r> {
    // First which rules fire where, as small keys in the order findings are
    // reported (severity, rule id, measure): the rules are sorted by id, so a
    // rule's place stands for its id. Then the findings, built in that order.
    let mut fired = Vec::with_capacity(64);
    let mut memo = Memo::new(active.schedule.memo_slots);
    for i in 0..policy.measures.len() {
        memo.start_measure(Some(i));
        for &at in &active.schedule.by_kind[condition::kind_index(&policy.measures[i].kind)] {
            if active.schedule.conditions.holds(at as usize, policy, Some(i), &mut memo) {
                fired.push(Fired::key(active.rules[at as usize].severity, at, Some(i)));
            }
        }
    }
    memo.start_measure(None);
    for &at in &active.schedule.policy_wide {
        if active.schedule.conditions.holds(at as usize, policy, None, &mut memo) {
            fired.push(Fired::key(active.rules[at as usize].severity, at, None));
        }
    }
    // A rule fires at most once per measure, so no two keys are equal and the
    // order is the one `PolicyResult::finish` gives (a test holds them equal).
    fired.sort_unstable();
    let mut findings = Vec::with_capacity(fired.len());
    // One outcome buffer for every rule that fires.
    let mut outcome = Outcome::default();
    for key in fired {
        let (at, measure) = Fired::place(key);
        let ar = &active.rules[at];
        outcome.locs.clear();
        outcome.matched.clear();
        let rule = ar.rule;
        outcome.skip_matched = !rule.message.reads_matched(opts.lang) && !rule.recommendation.reads_matched(opts.lang);
        // It holds (the first pass said so); now where it looked and what matched.
        condition::eval_true(&ar.rule.when, policy, measure, &mut outcome);
        findings.push(finding(policy, rules, ar, measure, &mut outcome, opts));
    }
    let mut warnings = Vec::new();
    for j in &active.missing {
        let span = policy.root.path(&["policy", "jurisdictions"]).map_or(Span::TOP, |n| n.span);
        let message = Message::new(Code::JurisdictionNotLoaded).arg("jurisdiction", j);
        warnings.push(Diagnostic::new(&policy.file, span, message));
    }
    for w in &policy.waivers {
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
    let mut result = PolicyResult {
        file: policy.file.clone(),
        name: policy.name.clone(),
        organization: policy.organization().map(str::to_string),
        revision: policy.revision().map(str::to_string),
        jurisdictions: policy.jurisdictions.clone(),
        packs: active.packs.iter().map(|p| p.to_string()).collect(),
        rules: active.ids.clone(),
        rating: None,
        score: 0,
        categories: Default::default(),
        findings,
        warnings,
    };
    result.tally();
    result
}

/// A rule that fired, as one number that sorts as findings are reported: severity
/// (highest first), then the rule's place in the id-sorted list, then the measure
/// (policy-wide first). Numbers sort without a branch per field.
struct Fired;

impl Fired {
    const BITS: u32 = 29;
    const MASK: u64 = (1 << Self::BITS) - 1;

    fn key(severity: Severity, at: u32, measure: Option<usize>) -> u64 {
        // Rules and measures are far below 2^29: measures by the policy limit,
        // rules by any pack that loads.
        const _: () = assert!(crate::policy::load::MAX_MEASURES < (1 << Fired::BITS) - 1);
        debug_assert!(u64::from(at) <= Self::MASK);
        let measure = measure.map_or(0, |i| i as u64 + 1);
        ((Severity::Critical as u64 - severity as u64) << (2 * Self::BITS)) | (u64::from(at) << Self::BITS) | measure
    }

    fn place(key: u64) -> (usize, Option<usize>) {
        let measure = (key & Self::MASK) as usize;
        (((key >> Self::BITS) & Self::MASK) as usize, measure.checked_sub(1))
    }
}

fn finding<'r>(
    policy: &Policy,
    rules: &'r RuleSet,
    ar: &ActiveRule<'r>,
    measure: Option<usize>,
    outcome: &mut Outcome<'r>,
    opts: &Options,
) -> Finding<'r> {
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
        rule: RuleFacts { id: &rule.id, title, category: rule.category, severity: ar.severity, pack: &rule.pack },
        matched: &matched,
    };
    let message = rules.templates.render(opts.lang, &rule.message, &data);
    let recommendation = rules.templates.render(opts.lang, &rule.recommendation, &data);
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
    });
    let live = waiver.is_some_and(|w| w.expires >= opts.today);
    Finding {
        rule: &rule.id,
        title,
        category: rule.category,
        severity: ar.severity,
        pack: &rule.pack,
        measure: measure_id,
        measure_index: measure,
        path,
        line: span.line,
        column: span.col,
        message,
        recommendation,
        references: &rule.references,
        waived: if live { info.clone() } else { None },
        waiver_expired: if live { None } else { info },
        origin: Origin(Some(rule)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::{self, Context};
    use crate::rules::Adjust;
    use crate::rules::load::{self, LoadOptions};
    use crate::source::Source;

    /// The engine (schedule by kind, shared answers, two passes) fires exactly the
    /// rules that the plain evaluator finds true, for every rule and measure of
    /// many policies, checked twice in turn with two activations sharing numbers.
    #[test]
    fn engine_fires_what_the_plain_evaluator_finds() {
        let rules = load::load(load::embedded_sources(), LoadOptions::default()).unwrap();
        let ctx = Context { packs: rules.pack_ids(), rules: rules.rule_ids(), limits: Default::default() };
        let all: Vec<String> = rules.packs.iter().map(|p| p.id.clone()).collect();
        let opts = Options { lang: Lang::En, today: jiff::civil::date(2026, 11, 29) };
        let activations = [rules.activate(&all, &Adjust::default()), rules.activate(&[], &Adjust::default())];
        let mut fired = 0;
        for seed in 0..60 {
            let src = Source { name: format!("gen/{seed}.yaml"), text: crate::testgen::policy(seed) };
            let policy = policy::load(&src, &ctx).unwrap();
            for active in &activations {
                let mut expected = Vec::new();
                for ar in active.rules.iter() {
                    let scopes: Vec<Option<usize>> = if ar.rule.for_each_measure {
                        (0..policy.measures.len()).map(Some).collect()
                    } else {
                        vec![None]
                    };
                    for m in scopes {
                        if condition::eval(&ar.rule.when, &policy, m).truth {
                            expected.push((ar.rule.id.as_str(), m));
                        }
                    }
                }
                let result = check(&policy, &rules, active, &opts);
                let mut got: Vec<(&str, Option<usize>)> =
                    result.findings.iter().map(|f| (f.rule, f.measure_index)).collect();
                expected.sort();
                got.sort();
                assert_eq!(got, expected, "{}", src.name);
                fired += got.len();
            }
        }
        assert!(fired > 2000, "{fired}");
    }

    /// A fired rule's number gives back its place, and numbers sort as findings do.
    #[test]
    fn fired_keys_round_trip_and_sort() {
        let max = crate::policy::load::MAX_MEASURES;
        let mut keys = Vec::new();
        for sev in Severity::ALL {
            for at in [0, 1, 7, 5000] {
                for m in [None, Some(0), Some(1), Some(max - 1)] {
                    let k = Fired::key(sev, at, m);
                    assert_eq!(Fired::place(k), (at as usize, m));
                    keys.push((k, (std::cmp::Reverse(sev), at, m)));
                }
            }
        }
        let mut by_number = keys.clone();
        by_number.sort_by_key(|k| k.0);
        keys.sort_by_key(|k| k.1);
        assert_eq!(by_number, keys);
    }

    /// Skipping rules by measure kind changes nothing: the same findings as
    /// evaluating every rule for every measure, for many policies and every pack.
    /// And the engine's order is `finish`'s.
    #[test]
    fn kind_skipping_changes_no_finding() {
        let rules = load::load(load::embedded_sources(), LoadOptions::default()).unwrap();
        let ctx = Context { packs: rules.pack_ids(), rules: rules.rule_ids(), limits: Default::default() };
        let all: Vec<String> = rules.packs.iter().map(|p| p.id.clone()).collect();
        let active = rules.activate(&all, &Adjust::default());
        assert!(active.rules.iter().filter(|r| r.kinds != u64::MAX).count() > 20, "kinds narrow many rules");
        let mut unskipped = active.clone();
        let every_kind: Vec<ActiveRule> = active.rules.iter().map(|r| ActiveRule { kinds: u64::MAX, ..*r }).collect();
        unskipped.schedule = std::sync::Arc::new(crate::rules::Schedule::new(&every_kind, &rules));
        unskipped.rules = every_kind.into();
        let opts = Options { lang: Lang::En, today: jiff::civil::date(2026, 11, 29) };
        let mut findings = 0;
        for seed in 0..60 {
            let src = Source { name: format!("gen/{seed}.yaml"), text: crate::testgen::policy(seed) };
            let policy = policy::load(&src, &ctx).unwrap();
            let a = check(&policy, &rules, &active, &opts);
            let b = check(&policy, &rules, &unskipped, &opts);
            assert_eq!(a.findings, b.findings, "{}", src.name);
            // The engine's own order is the order `finish` sorts into.
            let mut sorted = a.clone();
            sorted.finish();
            assert_eq!(sorted.findings, a.findings, "{}", src.name);
            assert_eq!((sorted.score, sorted.rating, sorted.categories), (a.score, a.rating, a.categories));
            findings += a.findings.len();
        }
        assert!(findings > 1000, "{findings}");
    }
}
