//! Which packs and rules apply to one policy, at which severity.

use super::condition;
use super::load::RuleSet;
use super::model::{Pack, Rule, Severity};
use std::collections::BTreeSet;
use std::sync::Arc;

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
    /// Enabled rules, sorted by id: the same for every order of the same packs,
    /// so shared by the activations that differ only in order.
    pub rules: Arc<[ActiveRule<'a>]>,
    /// Their ids, shared by the results of every policy checked with these rules.
    pub ids: Arc<[String]>,
    /// Which of them the engine evaluates where.
    pub schedule: Arc<Schedule>,
}

/// The enabled rules of a set of packs, their ids and schedule: the costly half
/// of an activation, the same whatever order the packs were asked for in.
#[derive(Clone, Debug, Default)]
pub struct RuleList<'a> {
    pub rules: Arc<[ActiveRule<'a>]>,
    pub ids: Arc<[String]>,
    pub schedule: Arc<Schedule>,
}

/// Places in the rule list, by where the engine evaluates them: for each measure a
/// check walks only the rules that can fire for its kind (with every built-in
/// pack active, 68 to 80 of the 116 per-measure rules, by kind).
#[derive(Clone, Debug, Default)]
pub struct Schedule {
    /// For each measure kind ([`condition::kind_index`]), the rules evaluated per
    /// measure that can fire for a measure of that kind.
    pub by_kind: Vec<Vec<u32>>,
    /// The rules evaluated once per policy.
    pub policy_wide: Vec<u32>,
}

impl Schedule {
    pub fn new(rules: &[ActiveRule]) -> Schedule {
        let places = |keep: &dyn Fn(&ActiveRule) -> bool| -> Vec<u32> {
            (0..rules.len()).filter(|&i| keep(&rules[i])).map(|i| i as u32).collect()
        };
        let by_kind = (0..condition::KIND_SLOTS)
            .map(|slot| {
                let bit = condition::slot_bit(slot);
                places(&|r| r.rule.for_each_measure && r.kinds & bit != 0)
            })
            .collect();
        Schedule { by_kind, policy_wide: places(&|r| !r.rule.for_each_measure) }
    }
}

impl<'a> Active<'a> {
    /// The two halves of an activation ([`RuleSet::pack_order`], [`RuleSet::active_rules`]) together.
    pub fn new(order: PackOrder<'a>, list: RuleList<'a>) -> Active<'a> {
        Active { packs: order.packs, missing: order.missing, rules: list.rules, ids: list.ids, schedule: list.schedule }
    }
}

/// The packs a request activates, in order, and the requested ids with no pack.
pub struct PackOrder<'a> {
    pub packs: Vec<&'a str>,
    pub missing: Vec<String>,
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
        self.rules().map(|r| r.id.clone()).collect()
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
        let order = self.pack_order(requested);
        let list = self.active_rules(&order.packs, adjust);
        Active::new(order, list)
    }

    /// The first half of [`RuleSet::activate`]: which packs, in which order.
    pub fn pack_order(&self, requested: &[String]) -> PackOrder<'_> {
        let mut order = PackOrder { packs: Vec::new(), missing: Vec::new() };
        if let Some(core) = self.pack("core") {
            order.packs.push(&core.id);
        }
        for id in requested {
            match self.pack(id) {
                Some(p) => self.visit(p, &mut order.packs),
                None => {
                    if !order.missing.contains(id) {
                        order.missing.push(id.clone());
                    }
                }
            }
        }
        order
    }

    /// The second half: the enabled rules of `packs` at their severities, and their
    /// ids. The order of `packs` does not matter.
    pub fn active_rules(&self, packs: &[&str], adjust: &Adjust) -> RuleList<'_> {
        let packs: Vec<&Pack> = packs.iter().filter_map(|id| self.pack(id)).collect();
        let disabled: BTreeSet<&str> = packs
            .iter()
            .flat_map(|p| p.disable.iter().map(|(d, _)| d.as_str()))
            .chain(adjust.disable.iter().map(String::as_str))
            .collect();
        let mut rules = Vec::new();
        for pack in &packs {
            for rule in pack.rules() {
                if disabled.contains(rule.id.as_str()) {
                    continue;
                }
                if !rule.applies_in.is_empty() && !rule.applies_in.iter().any(|(p, _)| packs.iter().any(|a| a.id == *p))
                {
                    continue;
                }
                let severity = self.severity(rule, &packs, adjust);
                let kinds = condition::kinds(&rule.when);
                rules.push(ActiveRule { rule, severity, kinds });
            }
        }
        rules.sort_by(|a, b| a.rule.id.cmp(&b.rule.id));
        let ids = rules.iter().map(|r| r.rule.id.clone()).collect();
        let schedule = Arc::new(Schedule::new(&rules));
        RuleList { rules: rules.into(), ids, schedule }
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
