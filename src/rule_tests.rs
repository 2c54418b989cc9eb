//! `watchwise rules test`: each pack's test cases, and a coverage check that every
//! rule has a case where it fires and one where it does not.
//!
//! A test file (`<pack>/tests/*.yaml`):
//!
//! ```yaml
//! base:            # optional: a complete policy each case starts from
//!   version: 1
//!   ...
//! cases:
//!   - name: camera in a restroom
//!     policy:      # deep-merged onto base: maps merge by key, lists and scalars replace
//!       measures: [{ id: cam, kind: video, scope: { locations: [restroom] } }]
//!     fires: [PRV-001]
//!     silent: [PRV-002]
//! ```

use crate::diag::{Code, Diagnostic, Help, Hint, Message, Span};
use crate::engine::{self, Options};
use crate::policy::{self, Context};
use crate::rules::Adjust;
use crate::rules::RuleSet;
use crate::rules::Severity;
use crate::source::Source;
use crate::yaml::{Limits, Node, Yaml};
use std::collections::BTreeMap;

#[derive(Debug, Default)]
pub(crate) struct Report {
    pub passed: usize,
    pub failed: usize,
    /// One diagnostic per failed expectation, bad case or untested rule.
    pub problems: Vec<Diagnostic>,
}

/// Runs the test cases of the packs named in `packs`.
pub(crate) fn run(rules: &RuleSet, packs: &[String], opts: &Options) -> Report {
    let mut report = Report::default();
    let ctx = Context { packs: rules.pack_ids(), rules: rules.rule_ids(), limits: Limits::default() };
    // rule id -> (fires in some case, silent in some case)
    let mut coverage: BTreeMap<String, (bool, bool)> = BTreeMap::new();
    for pack_id in packs {
        for source in rules.tests.get(pack_id).map(Vec::as_slice).unwrap_or_default() {
            run_file(rules, pack_id, source, &ctx, opts, &mut coverage, &mut report);
        }
    }
    for pack_id in packs {
        let Some(pack) = rules.pack(pack_id) else { continue };
        for rule in pack.rules() {
            let (fires, silent) = coverage.get(&rule.id).copied().unwrap_or_default();
            for (ok, code) in [(fires, Code::NoFiringCase), (silent, Code::NoSilentCase)] {
                if !ok {
                    report.failed += 1;
                    let help = Help::new(Hint::AddCase)
                        .arg("folder", &pack.origin)
                        .arg("list", if fires { "silent" } else { "fires" });
                    let message = Message::new(code).arg("rule", &rule.id);
                    report.problems.push(Diagnostic::new(&rule.file, rule.span, message).hint(help));
                }
            }
        }
    }
    report
}

fn run_file(
    rules: &RuleSet,
    pack_id: &str,
    source: &Source,
    ctx: &Context,
    opts: &Options,
    coverage: &mut BTreeMap<String, (bool, bool)>,
    report: &mut Report,
) {
    let mut errors = Vec::new();
    let node = match source.yaml(ctx.limits, "test cases under `cases:`") {
        Ok(n) => n,
        Err(e) => {
            report.failed += 1;
            report.problems.push(e);
            return;
        }
    };
    let Some(entries) = source.check_map(&node, &["base", "cases"], &["cases"], "a test file", &mut errors) else {
        report.failed += 1;
        report.problems.extend(errors);
        return;
    };
    let base = entries.iter().find(|(k, _)| k.raw == "base").map(|(_, v)| v);
    let cases = match entries.iter().find(|(k, _)| k.raw == "cases").map(|(_, v)| v) {
        Some(Node { value: Yaml::Seq(items), .. }) => items.as_slice(),
        Some(other) => {
            errors.push(source.error(other.span, Code::CasesNotList));
            &[]
        }
        None => &[],
    };
    if !errors.is_empty() {
        report.failed += errors.len();
        report.problems.extend(errors);
        return;
    }
    for case in cases {
        let mut errors = Vec::new();
        let Some(fields) = source.check_map(
            case,
            &["name", "policy", "fires", "silent", "residual"],
            &["name", "policy"],
            "a test case",
            &mut errors,
        ) else {
            report.failed += 1;
            report.problems.extend(errors);
            continue;
        };
        let get = |k: &str| fields.iter().find(|(key, _)| key.raw == k).map(|(_, v)| v);
        let name = get("name").and_then(|n| source.text(n, "`name`", &mut errors)).unwrap_or_default();
        let fires = get("fires").map(|n| source.text_list(n, "`fires`", &mut errors)).unwrap_or_default();
        let silent = get("silent").map(|n| source.text_list(n, "`silent`", &mut errors)).unwrap_or_default();
        let residual = get("residual").map(|n| residual_map(source, n, &mut errors)).unwrap_or_default();
        let named = residual.iter().map(|(id, span, _)| (id.clone(), *span));
        for (id, span) in fires.iter().cloned().chain(silent.iter().cloned()).chain(named) {
            if !ctx.rules.contains(&id) {
                errors
                    .push(source.error(span, Message::new(Code::CaseUnknownRule).arg("case", &name).arg("rule", &id)));
            }
        }
        if fires.is_empty() && silent.is_empty() && residual.is_empty() {
            errors.push(source.error(case.span, Message::new(Code::CaseExpectsNothing).arg("case", &name)));
        }
        let Some(over) = get("policy") else { continue };
        let merged = match base {
            Some(b) => merge(b, over),
            None => over.clone(),
        };
        if !errors.is_empty() {
            report.failed += 1;
            report.problems.extend(errors);
            continue;
        }
        let policy = match policy::load::from_node(source, &merged, ctx) {
            Ok(p) => p,
            Err(diags) => {
                report.failed += 1;
                let first = diags.into_iter().next().expect("errors are reported");
                report.problems.push(first.within_case(&name));
                continue;
            }
        };
        let mut requested = policy.jurisdictions.clone();
        requested.push(pack_id.to_string());
        let active = rules.activate(&requested, &Adjust::default());
        let result = match engine::check(&policy, &active, opts) {
            Ok(r) => r,
            Err(d) => {
                report.failed += 1;
                report.problems.push(d.within_case(&name));
                continue;
            }
        };
        let fired: Vec<&str> = result.findings.iter().map(|f| f.rule).collect();
        let mut ok = true;
        for (id, span) in &fires {
            coverage.entry(id.clone()).or_default().0 = true;
            if !fired.contains(&id.as_str()) {
                ok = false;
                let message = Message::new(Code::CaseDidNotFire).arg("case", &name).arg("rule", id);
                report.problems.push(source.error(*span, message).hint(fired_list(&fired)));
            }
        }
        for (id, span) in &silent {
            coverage.entry(id.clone()).or_default().1 = true;
            if let Some(f) = result.findings.iter().find(|f| f.rule == id) {
                ok = false;
                let message = Message::new(Code::CaseFired).arg("case", &name).arg("rule", id);
                let help = Help::new(Hint::FiredWith).arg("path", &f.path).arg("message", f.message.to_string());
                report.problems.push(source.error(*span, message).hint(help));
            }
        }
        for (id, span, expected) in &residual {
            coverage.entry(id.clone()).or_default().0 = true;
            let levels: Vec<&str> =
                result.findings.iter().filter(|f| f.rule == id).map(|f| f.severity.as_str()).collect();
            if levels.is_empty() {
                ok = false;
                let message = Message::new(Code::CaseDidNotFire).arg("case", &name).arg("rule", id);
                report.problems.push(source.error(*span, message).hint(fired_list(&fired)));
            } else if levels.iter().any(|l| l != &expected.as_str()) {
                ok = false;
                let message = Message::new(Code::CaseResidual)
                    .arg("case", &name)
                    .arg("rule", id)
                    .arg("expected", expected.as_str())
                    .arg("found", levels.join(", "));
                report.problems.push(source.error(*span, message));
            }
        }
        if ok {
            report.passed += 1;
        } else {
            report.failed += 1;
        }
    }
}

/// `residual: { RULE: level }`: the level every finding of the rule must have
/// after mitigations.
fn residual_map(source: &Source, node: &Node, errors: &mut Vec<Diagnostic>) -> Vec<(String, Span, Severity)> {
    let Yaml::Map(entries) = &node.value else {
        let message = Message::new(Code::MustBeMap).arg("place", "`residual`").arg("found", node.kind());
        errors.push(source.error(node.span, message));
        return Vec::new();
    };
    let mut out = Vec::new();
    for (k, v) in entries {
        let Some(text) = source.text(v, "a level", errors) else { continue };
        match Severity::parse(&text) {
            Some(level) => out.push((k.raw.clone(), k.span, level)),
            None => {
                let help = Help::new(Hint::UseOneOf).arg("names", crate::diag::one_of(&Severity::NAMES));
                errors.push(source.error(v.span, Message::new(Code::NotASeverity).arg("text", &text)).hint(help));
            }
        }
    }
    out
}

fn fired_list(fired: &[&str]) -> Help {
    if fired.is_empty() { Hint::NoRuleFired.into() } else { Help::new(Hint::Fired).arg("rules", fired.join(", ")) }
}

/// `over` merged onto `base`: maps merge key by key, anything else replaces.
pub(crate) fn merge(base: &Node, over: &Node) -> Node {
    match (&base.value, &over.value) {
        (Yaml::Map(b), Yaml::Map(o)) => {
            let mut entries = b.clone();
            for (k, v) in o {
                match entries.iter_mut().find(|(bk, _)| bk.raw == k.raw) {
                    Some(slot) => slot.1 = merge(&slot.1, v),
                    None => entries.push((k.clone(), v.clone())),
                }
            }
            Node { value: Yaml::Map(entries), span: over.span, raw: String::new(), quoted: false }
        }
        _ => over.clone(),
    }
}
