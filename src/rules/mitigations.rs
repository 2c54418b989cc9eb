//! Mitigations and the keys of a rule that say how far its findings can be lowered
//! and who can waive them: read with the rule files, resolved once every pack is
//! loaded.

use super::condition::{Parser, Scope};
use super::load::parse_text;
use super::model::{Mitigation, Pack, Rule, Severity, WaiverRule};
use crate::diag::{self, Code, Diagnostic, Help, Hint, Message, Span};
use crate::policy::vocab::AGREEMENT_BODIES;
use crate::source::Source;
use crate::yaml::{Node, Yaml};
use std::collections::BTreeMap;
use std::sync::Arc;

const KEYS: &[&str] = &["id", "label", "for_each", "when", "lowers"];
const REQUIRED: &[&str] = &["id", "label", "when"];

/// Mitigation ids: lowercase words joined by `-` (`human-review`), so that they
/// never look like a rule id.
pub(crate) fn is_mitigation_id(s: &str) -> bool {
    s.split('-').all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()))
        && s.starts_with(|c: char| c.is_ascii_lowercase())
}

/// The `mitigations:` list of a rule file.
pub(crate) fn parse_list(
    src: &Source,
    list: &Node,
    pack: &str,
    eager: bool,
    errors: &mut Vec<Diagnostic>,
) -> Vec<Mitigation> {
    let Yaml::Seq(items) = &list.value else {
        errors.push(
            src.error(
                list.span,
                Message::new(Code::MustBeList).arg("place", "`mitigations`").arg("found", list.kind()),
            ),
        );
        return Vec::new();
    };
    items.iter().filter_map(|item| parse_one(src, item, pack, eager, errors)).collect()
}

fn parse_one(src: &Source, node: &Node, pack: &str, eager: bool, errors: &mut Vec<Diagnostic>) -> Option<Mitigation> {
    let before = errors.len();
    let entries = src.check_map(node, KEYS, REQUIRED, "a mitigation", errors)?;
    let get = |k: &str| entries.iter().find(|(key, _)| key.raw == k).map(|(_, v)| v);
    let id = get("id").and_then(|v| src.text(v, "`id`", errors));
    if let (Some(id), Some(v)) = (&id, get("id"))
        && !is_mitigation_id(id)
    {
        errors.push(src.error(v.span, Message::new(Code::BadMitigationId).arg("id", id)).hint(Hint::MitigationIdForm));
    }
    let label = get("label").and_then(|v| parse_text(src, v, "`label`", errors));
    let for_each = match get("for_each") {
        None => false,
        Some(v) if v.raw == "measure" && v.as_scalar_text().is_some() => true,
        Some(v) => {
            errors.push(src.error(v.span, Message::new(Code::BadForEach).arg("raw", &v.raw)));
            false
        }
    };
    let lowers = match get("lowers") {
        None => 1,
        Some(v) if !v.quoted && (v.raw == "1" || v.raw == "2") => v.raw.parse().unwrap_or(1),
        Some(v) => {
            errors.push(src.error(v.span, Message::new(Code::BadLowers).arg("raw", &v.raw)));
            1
        }
    };
    let when = get("when").and_then(|v| Parser { source: src, errors, eager }.parse(v, Scope { measure: for_each }));
    if errors.len() != before {
        return None;
    }
    Some(Mitigation {
        id: id?,
        label: label?,
        for_each_measure: for_each,
        when: when?,
        lowers,
        pack: pack.to_string(),
        file: src.name.clone(),
        span: get("id").map_or(node.span, |n| n.span),
    })
}

/// What a rule says about mitigation and waivers: `mitigations`, `floor`,
/// `mitigable` and `waiver`.
#[derive(Default)]
pub(crate) struct RuleKeys {
    pub ids: Vec<(String, Span)>,
    pub floor: Option<Severity>,
    pub mitigable: bool,
    pub waiver: WaiverRule,
}

pub(crate) fn parse_rule_keys(
    src: &Source,
    entries: &[(Node, Node)],
    rule: &str,
    parse_severity: &dyn Fn(&Node, &mut Vec<Diagnostic>) -> Option<Severity>,
    errors: &mut Vec<Diagnostic>,
) -> RuleKeys {
    let get = |k: &str| entries.iter().find(|(key, _)| key.raw == k).map(|(_, v)| v);
    let ids = get("mitigations").map(|v| src.text_list(v, "`mitigations`", errors)).unwrap_or_default();
    let floor = get("floor").and_then(|v| parse_severity(v, errors));
    let mitigable = match get("mitigable") {
        None => true,
        Some(v) if !v.quoted && v.raw == "false" => false,
        Some(v) if !v.quoted && v.raw == "true" => true,
        Some(v) => {
            let message = Message::new(Code::OperatorNeedsBool).arg("operator", "mitigable").arg("raw", &v.raw);
            errors.push(src.error(v.span, message));
            true
        }
    };
    if !mitigable {
        for key in ["mitigations", "floor"] {
            if let Some(v) = get(key) {
                errors.push(src.error(v.span, Message::new(Code::NotMitigable).arg("rule", rule).arg("key", key)));
            }
        }
    }
    let waiver = get("waiver").map(|v| parse_waiver(src, v, errors)).unwrap_or_default();
    RuleKeys { ids, floor, mitigable, waiver }
}

fn parse_waiver(src: &Source, v: &Node, errors: &mut Vec<Diagnostic>) -> WaiverRule {
    if v.as_scalar_text().is_some() && !v.quoted && v.raw == "never" {
        return WaiverRule::Never;
    }
    let Yaml::Map(_) = v.value else {
        errors.push(src.error(v.span, Message::new(Code::BadWaiverRule).arg("found", v.kind())));
        return WaiverRule::Employer;
    };
    let Some(entries) = src.check_map(v, &["requires"], &["requires"], "`waiver`", errors) else {
        return WaiverRule::Employer;
    };
    let Some((_, list)) = entries.iter().find(|(k, _)| k.raw == "requires") else { return WaiverRule::Employer };
    let bodies = src.text_list(list, "`requires`", errors);
    if bodies.is_empty() && matches!(list.value, Yaml::Seq(_)) {
        errors.push(src.error(list.span, Message::new(Code::OperatorNeedsValues).arg("operator", "requires")));
    }
    for (body, span) in &bodies {
        if !AGREEMENT_BODIES.contains(&body.as_str()) {
            let help = match diag::did_you_mean(body, AGREEMENT_BODIES.iter().copied()) {
                Some(s) => Help::new(Hint::DidYouMean).arg("suggestion", s),
                None => Help::new(Hint::UseOneOf).arg("names", diag::one_of(AGREEMENT_BODIES)),
            };
            errors.push(src.error(*span, Message::new(Code::UnknownBody).arg("body", body)).hint(help));
        }
    }
    WaiverRule::Requires(bodies.into_iter().map(|(b, _)| b).collect())
}

/// Checks that mitigation ids are unique and that every rule's mitigations exist,
/// read a measure only where the rule has one, and come from a pack that is active
/// wherever the rule's pack is; then attaches them to the rules.
pub(crate) fn resolve(
    packs: &mut [(Pack, Source)],
    extends: &dyn Fn(&str, &str) -> bool,
    errors: &mut Vec<Diagnostic>,
) {
    let mut by_id: BTreeMap<String, Arc<Mitigation>> = BTreeMap::new();
    for (pack, _) in packs.iter() {
        for m in &pack.mitigations {
            if let Some(first) = by_id.get(&m.id) {
                let help = Help::new(Hint::FirstDefinedAt)
                    .arg("file", &first.file)
                    .arg("line", first.span.line)
                    .arg("column", first.span.col);
                errors.push(
                    Diagnostic::new(&m.file, m.span, Message::new(Code::DuplicateMitigationId).arg("id", &m.id))
                        .hint(help),
                );
            } else {
                by_id.insert(m.id.clone(), m.clone());
            }
        }
    }
    for (pack, _) in packs.iter_mut() {
        for rule in &mut pack.rules {
            rule.mitigations = rule_mitigations(rule, &by_id, extends, errors);
        }
    }
}

fn rule_mitigations(
    rule: &Rule,
    by_id: &BTreeMap<String, Arc<Mitigation>>,
    extends: &dyn Fn(&str, &str) -> bool,
    errors: &mut Vec<Diagnostic>,
) -> Vec<Arc<Mitigation>> {
    let mut out = Vec::new();
    for (id, span) in &rule.mitigation_ids {
        let error = |message: Message| Diagnostic::new(&rule.file, *span, message);
        let Some(m) = by_id.get(id) else {
            let help = match diag::did_you_mean(id, by_id.keys().map(String::as_str)) {
                Some(s) => Help::new(Hint::DidYouMean).arg("suggestion", s),
                None => Hint::MitigationsListShowsAll.into(),
            };
            errors.push(error(Message::new(Code::UnknownMitigation).arg("rule", &rule.id).arg("id", id)).hint(help));
            continue;
        };
        if m.pack != rule.pack && m.pack != "core" && !extends(&rule.pack, &m.pack) {
            let message = Message::new(Code::MitigationOutOfReach)
                .arg("rule", &rule.id)
                .arg("pack", &rule.pack)
                .arg("id", id)
                .arg("other", &m.pack);
            errors.push(error(message));
            continue;
        }
        if m.for_each_measure && !rule.for_each_measure {
            errors.push(error(Message::new(Code::MeasureMitigationOnPolicyRule).arg("rule", &rule.id).arg("id", id)));
            continue;
        }
        if out.iter().any(|o: &Arc<Mitigation>| o.id == m.id) {
            continue;
        }
        out.push(m.clone());
    }
    out
}
