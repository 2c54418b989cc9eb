//! `watchwise plan`: the changes to a policy that lower its residual risk most.
//!
//! A change is an edit of the policy's values, derived from the conditions of the
//! rules that fire (make the condition false) and of the mitigations they accept
//! (make the condition true). Every change is applied to a copy of the policy and
//! the policy is checked again, so each figure the plan prints is what `check`
//! gives for the changed file, never an estimate.
//!
//! Only values the employer chooses are edited: what a measure collects, for how
//! long, who sees it, what workers are told, what was assessed and agreed. Facts
//! about the employer and the workforce, a measure's id and kind, and the
//! waivers, actions and review are never changed.

use crate::finding::PolicyResult;
use crate::policy::schema::{Key, Ty};
use crate::policy::{PNode, Policy, Value};
use crate::rules::condition;
use crate::rules::model::{Cond, FieldPath, Lit, Op};
use crate::rules::{ActiveRule, Severity};
use serde::Serialize;
use std::collections::BTreeSet;

/// Alternatives kept per condition while deriving edits: a group of groups would
/// otherwise multiply them.
const MAX_ALTERNATIVES: usize = 8;
/// Changes derived per step at most; [`Budget`] bounds the checks they cost.
pub(crate) const MAX_CANDIDATES: usize = 2000;
/// Steps of `--target` at most.
pub(crate) const MAX_STEPS: usize = 50;

/// Fields a plan never edits: facts about the employer, the workforce and the
/// data, not choices of the policy.
const FIXED: &[&str] = &[
    "policy",
    "version",
    "purpose.statement",
    "measure.id",
    "measure.kind",
    "measure.description",
    "measure.special_categories",
    "waivers",
    "actions",
    "review",
];

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum EditOp {
    /// Set the field to this value.
    Set(Scalar),
    /// Add this word to the list.
    Add(String),
    /// Remove this word from the list.
    Remove(String),
    /// Remove the field.
    Delete,
}

/// A literal value, ordered so that edits sort.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Scalar {
    Bool(bool),
    Int(i64),
    Str(String),
}

impl Scalar {
    pub(crate) fn json(&self) -> serde_json::Value {
        match self {
            Scalar::Bool(b) => (*b).into(),
            Scalar::Int(n) => (*n).into(),
            Scalar::Str(s) => s.clone().into(),
        }
    }

    fn value(&self) -> Value {
        match self {
            Scalar::Bool(b) => Value::Bool(*b),
            Scalar::Int(n) => Value::Int(*n),
            Scalar::Str(s) => Value::Str(s.clone()),
        }
    }
}

/// One edit of one field.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Edit {
    pub measure: Option<usize>,
    /// Field names from the measure or the root, e.g. `["scope", "locations"]`.
    pub path: Vec<&'static str>,
    pub op: EditOp,
    keys: KeyList,
}

/// Schema keys of a path: compared by name only, so that edits sort and compare
/// by what they say.
#[derive(Clone, Debug)]
struct KeyList(Vec<Key>);

impl PartialEq for KeyList {
    fn eq(&self, _: &KeyList) -> bool {
        true
    }
}
impl Eq for KeyList {}
impl PartialOrd for KeyList {
    fn partial_cmp(&self, other: &KeyList) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for KeyList {
    fn cmp(&self, _: &KeyList) -> std::cmp::Ordering {
        std::cmp::Ordering::Equal
    }
}

impl Edit {
    /// `measures[2].scope.locations` or `governance.dpo_consulted`: where in the file.
    pub(crate) fn path_text(&self) -> String {
        if self.path.is_empty()
            && let Some(i) = self.measure
        {
            return format!("measures[{i}]");
        }
        match self.measure {
            Some(i) => format!("measures[{i}].{}", self.path.join(".")),
            None => self.path.join("."),
        }
    }

    /// The edit as JSON: `{path, measure?, op, value?, from?}`.
    fn json(&self, policy: &Policy) -> serde_json::Value {
        let mut v = serde_json::json!({ "path": self.path_text() });
        if let Some(i) = self.measure {
            v["measure"] = policy.measures[i].id.clone().into();
        }
        let (op, value) = match &self.op {
            EditOp::Set(l) => ("set", Some(l.json())),
            EditOp::Add(s) => ("add", Some(s.clone().into())),
            EditOp::Remove(s) => ("remove", Some(s.clone().into())),
            EditOp::Delete => ("delete", None),
        };
        v["op"] = op.into();
        if let Some(value) = value {
            v["value"] = value;
        }
        if let Some(node) = self.node(policy).filter(|_| !self.path.is_empty()) {
            v["from"] = node.to_json();
        }
        v
    }

    /// The node the edit changes, if the policy has it.
    pub(crate) fn node<'p>(&self, policy: &'p Policy) -> Option<&'p PNode> {
        let base = match self.measure {
            Some(i) => policy.measure_node(i),
            None => &policy.root,
        };
        base.at(&self.keys.0).filter(|n| !n.defaulted)
    }

    /// The edit in words, for people: "set `retention_days` of `cams` to 30 (now 90)".
    pub(crate) fn describe(&self, policy: &Policy, lang: crate::Lang) -> String {
        if let (Some(i), true) = (self.measure, self.path.is_empty()) {
            let id = &policy.measures[i].id;
            return match lang {
                crate::Lang::En => format!("give up the measure `{id}`"),
                crate::Lang::Zh => format!("取消措施 `{id}`"),
            };
        }
        let field = self.path.join(".");
        let now = self
            .node(policy)
            .map(|n| short(&n.to_json()))
            .filter(|s| s.chars().all(|c| c == ' ' || c == ',' || c == '[' || c == ']' || plain(&c.to_string())));
        let of = self.measure.map(|i| policy.measures[i].id.as_str());
        use crate::Lang::{En, Zh};
        let target = match (lang, of) {
            (En, Some(m)) => format!("`{field}` of `{m}`"),
            (En, None) => format!("`{field}`"),
            (Zh, Some(m)) => format!("措施 `{m}` 的 `{field}`"),
            (Zh, None) => format!("`{field}`"),
        };
        match (&self.op, lang) {
            (EditOp::Set(l), En) => match now {
                Some(now) => format!("set {target} to {} (now {now})", short(&l.json())),
                None => format!("set {target} to {}", short(&l.json())),
            },
            (EditOp::Set(l), Zh) => match now {
                Some(now) => format!("将{target}设为 {}（现为 {now}）", short(&l.json())),
                None => format!("将{target}设为 {}", short(&l.json())),
            },
            (EditOp::Add(s), En) => format!("add `{s}` to {target}"),
            (EditOp::Add(s), Zh) => format!("在{target}中加入 `{s}`"),
            (EditOp::Remove(s), En) => format!("remove `{s}` from {target}"),
            (EditOp::Remove(s), Zh) => format!("从{target}中删除 `{s}`"),
            (EditOp::Delete, En) => format!("remove {target}"),
            (EditOp::Delete, Zh) => format!("删除{target}"),
        }
    }
}

/// A word any output shows as it is: letters, digits, `_`, `-`, `.`.
fn plain(s: &str) -> bool {
    !s.is_empty() && s.len() <= 64 && s.chars().all(|c| c.is_ascii_alphanumeric() || "_-.".contains(c))
}

fn short(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Array(a) => {
            format!("[{}]", a.iter().map(short).collect::<Vec<_>>().join(", "))
        }
        other => other.to_string(),
    }
}

/// Edits in words, those that add or remove words of one list said once:
/// "remove `pay`, `promotion` from `used_for` of `cams`".
pub(crate) fn describe_all(edits: &[Edit], policy: &Policy, lang: crate::Lang) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while i < edits.len() {
        let e = &edits[i];
        let same = |o: &Edit| {
            o.measure == e.measure
                && o.path == e.path
                && std::mem::discriminant(&o.op) == std::mem::discriminant(&e.op)
                && matches!(o.op, EditOp::Add(_) | EditOp::Remove(_))
        };
        let run = edits[i..].iter().take_while(|o| same(o)).count().max(1);
        if run == 1 {
            parts.push(e.describe(policy, lang));
        } else {
            let words: Vec<String> = edits[i..i + run]
                .iter()
                .filter_map(|o| match &o.op {
                    EditOp::Add(s) | EditOp::Remove(s) => Some(format!("`{s}`")),
                    _ => None,
                })
                .collect();
            let one = Edit {
                op: match &e.op {
                    EditOp::Add(_) => EditOp::Add(String::new()),
                    _ => EditOp::Remove(String::new()),
                },
                ..e.clone()
            };
            let sep = if lang == crate::Lang::Zh { "、" } else { ", " };
            parts.push(one.describe(policy, lang).replacen("``", &words.join(sep), 1));
        }
        i += run;
    }
    parts.join(if lang == crate::Lang::Zh { "；" } else { "; " })
}

fn fixed(field: &FieldPath) -> bool {
    let name = if field.in_measure { format!("measure.{}", field.dotted) } else { field.dotted.clone() };
    FIXED.iter().any(|f| name == *f || name.starts_with(&format!("{f}.")))
}

fn edit(field: &FieldPath, measure: Option<usize>, op: EditOp) -> Option<Vec<Vec<Edit>>> {
    if fixed(field) || (field.in_measure && measure.is_none()) {
        return None;
    }
    if let EditOp::Add(s) | EditOp::Remove(s) = &op
        && !plain(s)
    {
        return None;
    }
    let path = field.keys.iter().map(|k| k.name()).collect();
    Some(vec![vec![Edit {
        measure: if field.in_measure { measure } else { None },
        path,
        op,
        keys: KeyList(field.keys.clone()),
    }]])
}

fn lit(l: &Lit) -> Option<Scalar> {
    match l {
        Lit::Bool(b) => Some(Scalar::Bool(*b)),
        Lit::Int(n) => Some(Scalar::Int(*n)),
        // Words of the vocabulary, never free text: a change sets a field to a value
        // the format names, and every output can show it as it is.
        Lit::Str(s) if plain(s) => Some(Scalar::Str(s.clone())),
        Lit::Str(_) | Lit::Date(_) => None,
    }
}

fn is_list(ty: &Ty) -> bool {
    matches!(ty, Ty::List { .. })
}

/// Alternatives, each a set of edits, that make `cond` true (`want`) or false.
/// An empty result: no edit the plan may make does it.
fn derive(cond: &Cond, policy: &Policy, measure: Option<usize>, want: bool) -> Vec<Vec<Edit>> {
    if condition::eval(cond, policy, measure, None) == want {
        return vec![Vec::new()];
    }
    match cond {
        Cond::Leaf { field, op, .. } => leaf(field, op, measure, want).unwrap_or_default(),
        Cond::Not(inner) => derive(inner, policy, measure, !want),
        // All true: each part; any false: one part.
        Cond::All(items) if want => every(items.iter().map(|c| derive(c, policy, measure, true))),
        Cond::Any(items) if !want => every(items.iter().map(|c| derive(c, policy, measure, false))),
        Cond::All(items) => one_of(items.iter().map(|c| derive(c, policy, measure, false))),
        Cond::Any(items) => one_of(items.iter().map(|c| derive(c, policy, measure, true))),
        Cond::AnyMeasure(inner) if want => {
            one_of((0..policy.measures.len()).map(|i| derive(inner, policy, Some(i), true)))
        }
        Cond::AllMeasures(inner) if !want => {
            one_of((0..policy.measures.len()).map(|i| derive(inner, policy, Some(i), false)))
        }
        Cond::AnyMeasure(inner) => every((0..policy.measures.len()).map(|i| derive(inner, policy, Some(i), false))),
        Cond::AllMeasures(inner) => every((0..policy.measures.len()).map(|i| derive(inner, policy, Some(i), true))),
    }
}

/// Any one of the alternatives.
fn one_of(parts: impl Iterator<Item = Vec<Vec<Edit>>>) -> Vec<Vec<Edit>> {
    let mut out: Vec<Vec<Edit>> = Vec::new();
    for alternative in parts.flatten() {
        if !out.contains(&alternative) {
            out.push(alternative);
        }
    }
    out.sort_by_key(Vec::len);
    out.truncate(MAX_ALTERNATIVES);
    out
}

/// One alternative of each part, together; a part with none makes the whole impossible.
fn every(parts: impl Iterator<Item = Vec<Vec<Edit>>>) -> Vec<Vec<Edit>> {
    let mut out: Vec<Vec<Edit>> = vec![Vec::new()];
    for part in parts {
        if part.is_empty() {
            return Vec::new();
        }
        let mut next = Vec::new();
        for a in &out {
            for b in &part {
                if let Some(joined) = join(a, b)
                    && !next.contains(&joined)
                {
                    next.push(joined);
                }
            }
        }
        next.truncate(MAX_ALTERNATIVES);
        out = next;
        if out.is_empty() {
            return out;
        }
    }
    out
}

/// Two edit sets as one, unless they set one field two ways.
fn join(a: &[Edit], b: &[Edit]) -> Option<Vec<Edit>> {
    let mut out = a.to_vec();
    for e in b {
        if out.contains(e) {
            continue;
        }
        let clash = out.iter().any(|o| {
            o.measure == e.measure
                && o.path == e.path
                && match (&o.op, &e.op) {
                    (EditOp::Add(x), EditOp::Remove(y)) | (EditOp::Remove(x), EditOp::Add(y)) => x == y,
                    (EditOp::Add(_) | EditOp::Remove(_), EditOp::Add(_) | EditOp::Remove(_)) => false,
                    _ => true,
                }
        });
        if clash {
            return None;
        }
        out.push(e.clone());
    }
    out.sort();
    Some(out)
}

fn leaf(field: &FieldPath, op: &Op, measure: Option<usize>, want: bool) -> Option<Vec<Vec<Edit>>> {
    let set = |l: &Lit| edit(field, measure, EditOp::Set(lit(l)?));
    let list = is_list(field.ty);
    let int = |l: &Lit, by: i64| match l {
        Lit::Int(n) => edit(field, measure, EditOp::Set(Scalar::Int(n.checked_add(by)?.max(0)))),
        _ => None,
    };
    let each = |ls: &[Lit], make: &dyn Fn(String) -> EditOp| -> Option<Vec<Vec<Edit>>> {
        let mut out = Vec::new();
        for l in ls {
            if let Lit::Str(s) = l {
                out.extend(edit(field, measure, make(s.clone()))?);
            }
        }
        Some(out)
    };
    let all = |ls: &[Lit], make: &dyn Fn(String) -> EditOp| -> Option<Vec<Vec<Edit>>> {
        let mut edits = Vec::new();
        for l in ls {
            if let Lit::Str(s) = l {
                edits.extend(edit(field, measure, make(s.clone()))?.into_iter().flatten());
            }
        }
        edits.sort();
        Some(vec![edits])
    };
    match (op, want) {
        (Op::Exists(false), true) | (Op::Exists(true), false) => edit(field, measure, EditOp::Delete),
        (Op::Equals(l), true) | (Op::NotEquals(l), false) if !list => set(l),
        (Op::Equals(Lit::Bool(b)), false) | (Op::NotEquals(Lit::Bool(b)), true) => set(&Lit::Bool(!b)),
        (Op::In(ls), true) | (Op::NotIn(ls), false) if !list => Some(ls.iter().filter_map(set).flatten().collect()),
        (Op::Contains(Lit::Str(s)), true) if list => edit(field, measure, EditOp::Add(s.clone())),
        (Op::Contains(Lit::Str(s)), false) if list => edit(field, measure, EditOp::Remove(s.clone())),
        (Op::ContainsAny(ls), true) => each(ls, &EditOp::Add),
        (Op::ContainsAny(ls), false) => all(ls, &EditOp::Remove),
        (Op::ContainsAll(ls), true) => all(ls, &EditOp::Add),
        (Op::ContainsAll(ls), false) => each(ls, &EditOp::Remove),
        (Op::Gt(l), false) | (Op::Lte(l), true) => int(l, 0),
        (Op::Gte(l), false) | (Op::Lt(l), true) => int(l, -1),
        (Op::Lt(l), false) | (Op::Gte(l), true) => int(l, 0),
        (Op::Lte(l), false) | (Op::Gt(l), true) => int(l, 1),
        (Op::Empty(true), true) | (Op::Empty(false), false) if list => edit(field, measure, EditOp::Delete),
        _ => None,
    }
}

/// The edits that may lower the findings of `result`: for each active finding, what
/// makes its rule's condition false and what makes each of its mitigations hold.
/// Gravest first: by the weight of the findings that suggest each, so that a plan
/// cut short by its budget has tried the changes that matter most.
pub(crate) fn candidates(policy: &Policy, rules: &[ActiveRule], result: &PolicyResult) -> Vec<Vec<Edit>> {
    let mut out: std::collections::BTreeMap<Vec<Edit>, u32> = Default::default();
    let mut add = |edits: Vec<Edit>, weight: u32| {
        if !edits.is_empty() {
            *out.entry(edits).or_default() += weight;
        }
    };
    for f in result.active() {
        let Ok(at) = rules.binary_search_by(|r| r.rule.id.as_str().cmp(f.rule)) else { continue };
        let rule = rules[at].rule;
        let weight = f.severity.weight();
        for edits in derive(&rule.when, policy, f.measure_index, false) {
            add(edits, weight);
        }
        if rule.mitigable {
            for m in &rule.mitigations {
                for edits in derive(&m.when, policy, f.measure_index, true) {
                    add(edits, weight);
                }
            }
        }
    }
    // Giving a measure up altogether, where nothing else in the file names it (a
    // waiver or an action would then name a measure that is not there) and another
    // measure remains (a policy has at least one).
    if policy.measures.len() > 1 {
        for (i, m) in policy.measures.iter().enumerate() {
            let weight: u32 = result.active().filter(|f| f.measure_index == Some(i)).map(|f| f.severity.weight()).sum();
            let named = policy.waivers.iter().any(|w| w.measure.as_ref() == Some(&m.id))
                || policy.actions.iter().any(|a| a.measure.as_ref() == Some(&m.id));
            if weight > 0 && !named {
                let edit = Edit { measure: Some(i), path: Vec::new(), op: EditOp::Delete, keys: KeyList(Vec::new()) };
                add(vec![edit], weight);
            }
        }
    }
    let mut ranked: Vec<(Vec<Edit>, u32)> = out.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    ranked.into_iter().map(|(edits, _)| edits).take(MAX_CANDIDATES).collect()
}

/// The checks a plan may spend, counted in measures checked (a check of a policy
/// costs about as much per measure, 90 µs in a release build): a policy of a few
/// measures never reaches it; one of a thousand measures stops after a few seconds,
/// and says how many changes it did not try.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Budget {
    left: u64,
    /// Changes checked, and changes left untried when the budget ran out.
    pub tried: usize,
    pub untried: usize,
}

impl Budget {
    pub(crate) const RANK: u64 = 20_000;
    pub(crate) const TARGET: u64 = 40_000;

    pub(crate) fn new(measures: u64) -> Budget {
        Budget { left: measures, tried: 0, untried: 0 }
    }

    /// Takes the cost of one check of `policy`, if the budget still has it.
    fn take(&mut self, policy: &Policy) -> bool {
        let cost = policy.measures.len() as u64 + 1;
        if self.left < cost {
            self.untried += 1;
            return false;
        }
        self.left -= cost;
        self.tried += 1;
        true
    }
}

/// `policy` with `edits` made.
pub(crate) fn apply(policy: &Policy, edits: &[Edit]) -> Policy {
    let mut out = policy.clone();
    for e in edits {
        let measures_at = out.measures_at;
        if let (Some(i), true) = (e.measure, e.path.is_empty()) {
            if let Value::Map(entries) = &mut out.root.value
                && let Value::List(items) = &mut entries[measures_at].1.value
            {
                items.remove(i);
                out.measures.remove(i);
            }
            continue;
        }
        let base = match (&mut out.root.value, e.measure) {
            (Value::Map(entries), Some(i)) => match &mut entries[measures_at].1.value {
                Value::List(items) => &mut items[i],
                _ => continue,
            },
            (_, _) => &mut out.root,
        };
        change(base, &e.keys.0, &e.op);
    }
    out
}

fn change(node: &mut PNode, keys: &[Key], op: &EditOp) {
    let span = node.span;
    let Value::Map(entries) = &mut node.value else { return };
    let Some((&key, rest)) = keys.split_first() else { return };
    let at = entries.iter().position(|(k, _)| *k == key);
    if rest.is_empty() {
        match (op, at) {
            (EditOp::Delete, Some(i)) => {
                entries.remove(i);
            }
            (EditOp::Delete, None) => {}
            (EditOp::Set(l), Some(i)) => {
                entries[i].1 = PNode { value: l.value(), span: entries[i].1.span, defaulted: false }
            }
            (EditOp::Set(l), None) => entries.push((key, PNode { value: l.value(), span, defaulted: false })),
            (EditOp::Add(s), Some(i)) => {
                let n = &mut entries[i].1;
                if let Value::List(items) = &mut n.value
                    && !items.iter().any(|x| x.as_str() == Some(s))
                {
                    items.push(PNode { value: Value::Str(s.clone()), span: n.span, defaulted: false });
                }
            }
            (EditOp::Add(s), None) => {
                let item = PNode { value: Value::Str(s.clone()), span, defaulted: false };
                entries.push((key, PNode { value: Value::List(vec![item]), span, defaulted: false }));
            }
            (EditOp::Remove(s), Some(i)) => {
                if let Value::List(items) = &mut entries[i].1.value {
                    items.retain(|x| x.as_str() != Some(s));
                }
            }
            (EditOp::Remove(_), None) => {}
        }
        return;
    }
    let i = match at {
        Some(i) => i,
        None if matches!(op, EditOp::Delete | EditOp::Remove(_)) => return,
        None => {
            entries.push((key, PNode { value: Value::Map(Vec::new()), span, defaulted: false }));
            entries.len() - 1
        }
    };
    change(&mut entries[i].1, rest, op);
}

/// What a change does to the findings: by rule and measure.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Effect {
    pub rule: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub measure: Option<String>,
    #[serde(serialize_with = "crate::finding::rating")]
    pub from: Option<Severity>,
    #[serde(serialize_with = "crate::finding::rating")]
    pub to: Option<Severity>,
}

/// A change, evaluated.
#[derive(Clone, Debug)]
pub(crate) struct Change {
    pub edits: Vec<Edit>,
    pub rating: Option<Severity>,
    pub score: u32,
    /// Findings it clears, lowers, raises or adds.
    pub effects: Vec<Effect>,
}

impl Change {
    pub(crate) fn removed(&self, before: u32) -> i64 {
        i64::from(before) - i64::from(self.score)
    }

    pub(crate) fn json(&self, policy: &Policy, before: u32, lang: crate::Lang) -> serde_json::Value {
        serde_json::json!({
            "change": describe_all(&self.edits, policy, lang),
            "edits": self.edits.iter().map(|e| e.json(policy)).collect::<Vec<_>>(),
            "removes": self.removed(before),
            "rating": self.rating.map_or("none", Severity::as_str),
            "score": self.score,
            "effects": self.effects,
        })
    }
}

type Key2 = (String, Option<String>);

fn levels(r: &PolicyResult) -> std::collections::BTreeMap<Key2, Severity> {
    let mut out = std::collections::BTreeMap::new();
    for f in r.active() {
        let e = out.entry((f.rule.to_string(), f.measure.clone())).or_insert(f.severity);
        *e = (*e).max(f.severity);
    }
    out
}

/// The effect of going from `before` to `after`, finding by finding.
pub(crate) fn effects(before: &PolicyResult, after: &PolicyResult) -> Vec<Effect> {
    let (a, b) = (levels(before), levels(after));
    let keys: BTreeSet<&Key2> = a.keys().chain(b.keys()).collect();
    let mut out: Vec<Effect> = keys
        .into_iter()
        .filter(|k| a.get(*k) != b.get(*k))
        .map(|k| Effect { rule: k.0.clone(), measure: k.1.clone(), from: a.get(k).copied(), to: b.get(k).copied() })
        .collect();
    // Cleared and lowered first, gravest first.
    out.sort_by_key(|e| {
        (e.to.is_some() && e.to >= e.from, std::cmp::Reverse(e.from), e.rule.clone(), e.measure.clone())
    });
    out
}

/// A change, the policy it makes and that policy's check.
struct Tried<'r> {
    change: Change,
    policy: Policy,
    result: PolicyResult<'r>,
}

/// Checks `policy` with each change made, within `budget`, and keeps those that
/// lower its score, most removed first (then the lower rating, then fewer edits). A
/// change that does all another does and more, for no more effect, is left out.
fn evaluate<'r>(
    checker: &crate::batch::Checker<'r>,
    policy: &Policy,
    base: &PolicyResult<'r>,
    budget: &mut Budget,
) -> Vec<Tried<'r>> {
    let active = checker.active_for(policy);
    let mut tried: Vec<Tried<'r>> = Vec::new();
    for edits in candidates(policy, &active.rules, base) {
        if !budget.take(policy) {
            continue;
        }
        let changed = apply(policy, &edits);
        let Ok(after) = checker.check_policy(&changed) else { continue };
        if after.score < base.score {
            let change = Change { effects: effects(base, &after), rating: after.rating, score: after.score, edits };
            tried.push(Tried { change, policy: changed, result: after });
        }
    }
    tried.sort_by(|a, b| {
        let key = |c: &Change| (c.score, c.rating, c.edits.len(), c.edits.clone());
        key(&a.change).cmp(&key(&b.change))
    });
    let mut kept: Vec<Tried<'r>> = Vec::with_capacity(tried.len());
    for t in tried {
        let c = &t.change;
        let redundant =
            kept.iter().any(|k| k.change.score <= c.score && k.change.edits.iter().all(|e| c.edits.contains(e)));
        if !redundant {
            kept.push(t);
        }
    }
    kept
}

/// The changes that lower the score of `policy`, best first (see [`evaluate`]).
pub(crate) fn rank<'r>(
    checker: &crate::batch::Checker<'r>,
    policy: &Policy,
    base: &PolicyResult<'r>,
    budget: &mut Budget,
) -> Vec<Change> {
    evaluate(checker, policy, base, budget).into_iter().map(|t| t.change).collect()
}

/// One step of a plan to a target: the change made and where it leaves the policy.
pub(crate) struct Step<'r> {
    pub change: Change,
    /// The policy after this step (and every step before it), and its check.
    pub policy: Policy,
    pub result: PolicyResult<'r>,
}

/// The shortest sequence of changes this search finds that brings the rating to
/// `target` or below: greedy, each step the change that leaves the least weight of
/// findings above the target, then the lowest score; it stops when no change
/// lowers that weight. Not always the shortest there
/// is (a pair of changes can be worth more than the best single one); each step is
/// checked like the rest.
pub(crate) fn to_target<'r>(
    checker: &crate::batch::Checker<'r>,
    policy: &Policy,
    base: &PolicyResult<'r>,
    target: Option<Severity>,
    budget: &mut Budget,
) -> (Vec<Step<'r>>, bool) {
    let reached = |r: Option<Severity>| r <= target;
    let mut steps: Vec<Step> = Vec::new();
    let mut current = policy.clone();
    let mut result = base.clone();
    let excess = |r: &PolicyResult| -> u32 {
        r.active().filter(|f| Some(f.severity) > target).map(|f| f.severity.weight()).sum()
    };
    while !reached(result.rating) && steps.len() < MAX_STEPS {
        let now = excess(&result);
        // The change that leaves the least weight above the target, then the
        // lowest score, then the fewest edits; only one that lowers that weight.
        let best = evaluate(checker, &current, &result, budget)
            .into_iter()
            .map(|t| (excess(&t.result), t))
            .filter(|(e, _)| *e < now)
            .min_by(|(ea, a), (eb, b)| {
                (*ea, a.change.score, a.change.edits.len()).cmp(&(*eb, b.change.score, b.change.edits.len()))
            });
        let Some((_, best)) = best else { break };
        let change = Change { effects: effects(&result, &best.result), ..best.change };
        current = best.policy;
        result = best.result;
        steps.push(Step { change, policy: current.clone(), result: result.clone() });
    }
    (steps, reached(result.rating))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::load::{self, LoadOptions};
    use crate::source::Source;

    /// A plan stops when its budget is spent, having tried the changes of the
    /// gravest findings first, and says how many it did not try.
    #[test]
    fn a_plan_stops_at_its_budget_and_counts_what_it_left() {
        let rules = load::load(load::embedded_sources(), LoadOptions::default()).unwrap();
        let opts = crate::Options { lang: crate::Lang::En, today: jiff::civil::date(2026, 11, 29) };
        let checker = crate::batch::Checker::new(&rules, opts, Default::default());
        let text = std::fs::read_to_string("policies/remote-work-activity-tracking.yaml").unwrap();
        let policy = crate::policy::load(&Source::new("p.yaml".to_string(), text), &checker.ctx).unwrap();
        let base = checker.check_policy(&policy).unwrap();
        let mut full = Budget::new(Budget::RANK);
        let all = rank(&checker, &policy, &base, &mut full);
        assert!(full.untried == 0 && full.tried > 50, "{full:?}");
        // Room for ten checks of a policy of five measures.
        let mut small = Budget::new(60);
        let some = rank(&checker, &policy, &base, &mut small);
        assert_eq!((small.tried, small.untried), (10, full.tried - 10));
        assert!(!some.is_empty() && some.len() < all.len());
        // The best change overall is among the first tried: its findings are the gravest.
        assert!(some.iter().any(|c| c.edits == all[0].edits), "{:?}", all[0].edits);
    }
}
