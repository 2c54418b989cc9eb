//! Which packs and rules apply to one policy, at which severity.

use super::load::RuleSet;
use super::model::{Pack, Rule, Severity};
use std::collections::BTreeSet;

/// Adjustments from the project configuration: they beat every pack.
#[derive(Clone, Debug, Default)]
pub struct Adjust {
    pub overrides: Vec<(String, Severity)>,
    pub disable: Vec<String>,
}

#[derive(Clone, Copy, Debug)]
pub struct ActiveRule<'a> {
    pub rule: &'a Rule,
    pub severity: Severity,
    /// The measure kinds the rule can fire for ([`super::condition::kinds`]).
    pub kinds: u64,
}

#[derive(Clone, Debug, Default)]
pub struct Active<'a> {
    /// Active pack ids: `core` first, then each requested pack after what it extends.
    pub packs: Vec<&'a str>,
    /// Requested jurisdictions with no loaded pack.
    pub missing: Vec<String>,
    /// Enabled rules, sorted by id.
    pub rules: Vec<ActiveRule<'a>>,
    /// Their ids, shared by the results of every policy checked with this activation.
    pub ids: std::sync::Arc<[String]>,
}

impl RuleSet {
    pub fn pack(&self, id: &str) -> Option<&Pack> {
        self.packs.iter().find(|p| p.id == id)
    }

    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.packs.iter().flat_map(|p| p.rules()).find(|r| r.id == id)
    }

    pub fn rules(&self) -> impl Iterator<Item = &Rule> {
        self.packs.iter().flat_map(|p| p.rules())
    }

    pub fn rule_ids(&self) -> BTreeSet<String> {
        self.packs.iter().flat_map(|p| p.rule_ids()).map(str::to_string).collect()
    }

    pub fn pack_ids(&self) -> BTreeSet<String> {
        self.packs.iter().map(|p| p.id.clone()).collect()
    }

    /// Whether pack `a` extends pack `b`, directly or through others.
    pub fn extends(&self, a: &str, b: &str) -> bool {
        let mut stack = vec![a];
        let mut seen = BTreeSet::new();
        while let Some(id) = stack.pop() {
            if !seen.insert(id) {
                continue;
            }
            for (e, _) in self.pack(id).map(|p| p.extends.as_slice()).unwrap_or_default() {
                if e == b {
                    return true;
                }
                stack.push(e);
            }
        }
        false
    }

    /// Activates `core`, the requested packs and what they extend, then applies
    /// overrides and `disable` as rule-format.md orders them.
    pub fn activate(&self, requested: &[String], adjust: &Adjust) -> Active<'_> {
        let mut active = Active::default();
        if let Some(core) = self.pack("core") {
            active.packs.push(&core.id);
        }
        for id in requested {
            match self.pack(id) {
                Some(p) => self.visit(p, &mut active.packs),
                None => {
                    if !active.missing.contains(id) {
                        active.missing.push(id.clone());
                    }
                }
            }
        }
        let packs: Vec<&Pack> = active.packs.iter().filter_map(|id| self.pack(id)).collect();
        let disabled: BTreeSet<&str> = packs
            .iter()
            .flat_map(|p| p.disable.iter().map(|(d, _)| d.as_str()))
            .chain(adjust.disable.iter().map(String::as_str))
            .collect();
        for pack in &packs {
            for rule in pack.rules() {
                if disabled.contains(rule.id.as_str()) {
                    continue;
                }
                let severity = self.severity(rule, &packs, adjust);
                let kinds = super::condition::kinds(&rule.when);
                active.rules.push(ActiveRule { rule, severity, kinds });
            }
        }
        active.rules.sort_by(|a, b| a.rule.id.cmp(&b.rule.id));
        active.ids = active.rules.iter().map(|r| r.rule.id.clone()).collect();
        active
    }

    fn visit<'a>(&'a self, pack: &'a Pack, order: &mut Vec<&'a str>) {
        if order.contains(&pack.id.as_str()) {
            return;
        }
        // Mark before recursing so that a cycle (refused at load) could never loop.
        order.push(&pack.id);
        let at = order.len() - 1;
        for (e, _) in &pack.extends {
            if let Some(p) = self.pack(e) {
                self.visit(p, order);
            }
        }
        // Dependencies read before the pack that extends them.
        let me = order.remove(at);
        order.push(me);
    }

    fn severity(&self, rule: &Rule, packs: &[&Pack], adjust: &Adjust) -> Severity {
        if let Some((_, s)) = adjust.overrides.iter().rev().find(|(id, _)| *id == rule.id) {
            return *s;
        }
        let candidates: Vec<(&str, Severity)> = packs
            .iter()
            .flat_map(|p| p.overrides.iter().filter(|o| o.rule == rule.id).map(|o| (p.id.as_str(), o.severity)))
            .collect();
        // A pack's override beats those of the packs it extends; among the rest,
        // the stricter severity wins.
        candidates
            .iter()
            .filter(|(p, _)| !candidates.iter().any(|(q, _)| q != p && self.extends(q, p)))
            .map(|(_, s)| *s)
            .max()
            .unwrap_or(rule.severity)
    }
}
