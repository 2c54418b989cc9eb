//! Conditions: parsed and type-checked against the policy schema when a rule loads,
//! evaluated against a policy when it is checked.

use super::model::{Cond, FieldPath, LazyRegex, Lit, Op};
use crate::diag::{self, Code, Diagnostic, Help, Hint, Message, Span};
use crate::policy::load::{expected, parse_date};
use crate::policy::schema::{self, Ty};
use crate::policy::vocab;
use crate::policy::{PNode, Policy, Value};
use crate::source::Source;
use crate::yaml::{Node, Yaml};
use serde_json::Value as Json;

const GROUPS: &[&str] = &["all", "any", "not", "any_measure", "all_measures"];
const OPERATORS: &[&str] = &[
    "exists",
    "equals",
    "not_equals",
    "in",
    "not_in",
    "contains",
    "contains_any",
    "contains_all",
    "matches",
    "not_matches",
    "gt",
    "gte",
    "lt",
    "lte",
    "empty",
];

/// Where a condition sits: whether `measure.` paths have a measure to read.
#[derive(Clone, Copy)]
pub(crate) struct Scope {
    pub measure: bool,
}

pub(crate) struct Parser<'a> {
    pub source: &'a Source,
    pub errors: &'a mut Vec<Diagnostic>,
    /// Compile regexes now (packs on disk, lint) rather than on first use; either
    /// way their syntax is checked now.
    pub eager: bool,
}

impl Parser<'_> {
    fn err(&mut self, span: Span, message: impl Into<Message>) {
        self.errors.push(self.source.error(span, message));
    }

    fn err_help(&mut self, span: Span, message: impl Into<Message>, help: impl Into<Help>) {
        self.errors.push(self.source.error(span, message).hint(help));
    }

    pub(crate) fn parse(&mut self, node: &Node, scope: Scope) -> Option<Cond> {
        let Yaml::Map(entries) = &node.value else {
            self.err_help(node.span, Message::new(Code::NotACondition).arg("found", node.kind()), Hint::ConditionShape);
            return None;
        };
        let keys: Vec<&str> = entries.iter().map(|(k, _)| k.raw.as_str()).collect();
        for (key, _) in entries {
            let k = key.raw.as_str();
            if k != "field" && !GROUPS.contains(&k) && !OPERATORS.contains(&k) {
                let all: Vec<&str> = ["field"].iter().chain(GROUPS).chain(OPERATORS).copied().collect();
                let help = match diag::did_you_mean(k, all.iter().copied()) {
                    Some(s) => Help::new(Hint::DidYouMean).arg("suggestion", s),
                    None => Help::new(Hint::ConditionKeys)
                        .arg("operators", OPERATORS.join(", "))
                        .arg("groups", GROUPS.join(", ")),
                };
                self.err_help(key.span, Message::new(Code::UnknownKey).arg("key", k).arg("place", "a condition"), help);
                return None;
            }
        }
        let groups: Vec<&(Node, Node)> = entries.iter().filter(|(k, _)| GROUPS.contains(&k.raw.as_str())).collect();
        if let Some((gkey, gval)) = groups.first() {
            if entries.len() > 1 {
                let others = keys.iter().filter(|k| **k != gkey.raw).map(|k| format!("`{k}`")).collect::<Vec<_>>();
                let message =
                    Message::new(Code::GroupNotAlone).arg("group", &gkey.raw).arg("others", others.join(", "));
                self.err_help(node.span, message, Hint::WrapInAllOrAny);
                return None;
            }
            return self.group(gkey, gval, scope);
        }
        let Some((_, field)) = entries.iter().find(|(k, _)| k.raw == "field") else {
            self.err(node.span, Code::ConditionEmpty);
            return None;
        };
        let ops: Vec<&(Node, Node)> = entries.iter().filter(|(k, _)| OPERATORS.contains(&k.raw.as_str())).collect();
        if ops.len() != 1 {
            let message = if ops.is_empty() {
                Message::new(Code::NoOperator)
            } else {
                let found = ops.iter().map(|(k, _)| format!("`{}`", k.raw)).collect::<Vec<_>>();
                Message::new(Code::TooManyOperators).arg("operators", found.join(", "))
            };
            self.err_help(node.span, message, Help::new(Hint::Operators).arg("operators", OPERATORS.join(", ")));
            return None;
        }
        let field = self.field(field, scope)?;
        let (okey, oval) = ops[0];
        let op = self.op(&okey.raw, oval, &field)?;
        Some(Cond::Leaf { field, op, span: node.span })
    }

    fn group(&mut self, key: &Node, value: &Node, scope: Scope) -> Option<Cond> {
        let k = key.raw.as_str();
        match k {
            "all" | "any" => {
                let Yaml::Seq(items) = &value.value else {
                    self.err(value.span, Message::new(Code::GroupNotList).arg("group", k).arg("found", value.kind()));
                    return None;
                };
                if items.is_empty() {
                    self.err(value.span, Message::new(Code::GroupEmpty).arg("group", k));
                    return None;
                }
                let mut out = Vec::new();
                let mut ok = true;
                for item in items {
                    match self.parse(item, scope) {
                        Some(c) => out.push(c),
                        None => ok = false,
                    }
                }
                ok.then(|| if k == "all" { Cond::All(out) } else { Cond::Any(out) })
            }
            "not" => self.parse(value, scope).map(|c| Cond::Not(Box::new(c))),
            _ => {
                let inner = self.parse(value, Scope { measure: true })?;
                Some(if k == "any_measure" {
                    Cond::AnyMeasure(Box::new(inner))
                } else {
                    Cond::AllMeasures(Box::new(inner))
                })
            }
        }
    }

    fn field(&mut self, node: &Node, scope: Scope) -> Option<FieldPath> {
        let mut errs = Vec::new();
        let text = self.source.text(node, "`field`", &mut errs)?;
        let segments: Vec<&str> = text.split('.').collect();
        let (in_measure, rest, base) = if segments[0] == "measure" {
            if !scope.measure {
                self.err_help(node.span, Message::new(Code::NoCurrentMeasure).arg("field", &text), Hint::AddForEach);
                return None;
            }
            (true, &segments[1..], schema::measure())
        } else {
            (false, &segments[..], schema::root())
        };
        if segments[0] == "measures" {
            self.err_help(node.span, Message::new(Code::IndexesMeasures).arg("field", &text), Hint::UseForEach);
            return None;
        }
        if rest.is_empty() {
            self.err(node.span, Message::new(Code::NamesNoField).arg("field", &text));
            return None;
        }
        match schema::lookup(base, rest) {
            Ok(keys) => Some(FieldPath {
                in_measure,
                ty: &keys.last().expect("a path names at least one field").field().ty,
                keys,
                dotted: rest.join("."),
            }),
            Err((i, candidates)) => {
                let prefix = if in_measure { "measure." } else { "" };
                let known = rest[..i].join(".");
                let help = match diag::did_you_mean(rest[i], candidates.iter().copied()) {
                    Some(s) if known.is_empty() => {
                        Help::new(Hint::DidYouMean).arg("suggestion", format!("{prefix}{s}"))
                    }
                    Some(s) => Help::new(Hint::DidYouMean).arg("suggestion", format!("{prefix}{known}.{s}")),
                    None if candidates.is_empty() => {
                        Help::new(Hint::NoFieldsBelow).arg("path", format!("{prefix}{known}"))
                    }
                    None => Help::new(Hint::FieldsHere).arg("fields", candidates.join(", ")),
                };
                self.err_help(node.span, Message::new(Code::UnknownField).arg("field", text), help);
                None
            }
        }
    }

    fn op(&mut self, name: &str, value: &Node, field: &FieldPath) -> Option<Op> {
        let ty = field.ty;
        let scalar = !matches!(ty, Ty::List { .. } | Ty::Map(_));
        let path = field.dotted.clone();
        let bad_fit = |p: &mut Self, code: Code| {
            let message = Message::new(code).arg("operator", name).arg("field", &path).arg("expected", expected(ty));
            p.err(value.span, message);
            None
        };
        if matches!(ty, Ty::Map(_)) && name != "exists" {
            return bad_fit(self, Code::OperatorOnMap);
        }
        match name {
            "exists" => self.boolean(value, name).map(Op::Exists),
            "empty" => {
                if !(matches!(ty, Ty::List { .. }) || ty.is_text()) {
                    return bad_fit(self, Code::OperatorDoesNotApply);
                }
                self.boolean(value, name).map(Op::Empty)
            }
            "equals" | "not_equals" => {
                if !scalar {
                    return bad_fit(self, Code::EqualsOnList);
                }
                let lit = self.lit(value, ty, &path)?;
                Some(if name == "equals" { Op::Equals(lit) } else { Op::NotEquals(lit) })
            }
            "in" | "not_in" => {
                if !scalar {
                    return bad_fit(self, Code::InOnList);
                }
                let lits = self.lits(value, ty, &path, name)?;
                Some(if name == "in" { Op::In(lits) } else { Op::NotIn(lits) })
            }
            "contains" => match ty {
                Ty::List { item, .. } => self.lit(value, item, &path).map(Op::Contains),
                t if t.is_text() && !matches!(t, Ty::Enum(_)) => self.lit(value, &Ty::Str, &path).map(Op::Contains),
                _ => bad_fit(self, Code::OperatorDoesNotApply),
            },
            "contains_any" | "contains_all" => {
                let Ty::List { item, .. } = ty else {
                    return bad_fit(self, Code::ContainsOnScalar);
                };
                let lits = self.lits(value, item, &path, name)?;
                Some(if name == "contains_any" { Op::ContainsAny(lits) } else { Op::ContainsAll(lits) })
            }
            "matches" | "not_matches" => {
                let texty = ty.is_text() || ty.item().is_some_and(Ty::is_text);
                if !texty {
                    return bad_fit(self, Code::OperatorDoesNotApply);
                }
                let mut errs = Vec::new();
                let pattern = self.source.text(value, &format!("`{name}`"), &mut errs);
                self.errors.extend(errs);
                let pattern = pattern?;
                let built = if self.eager {
                    LazyRegex::build(&pattern).map(|re| LazyRegex::with(pattern, re))
                } else {
                    regex_syntax::ast::parse::Parser::new()
                        .parse(&pattern)
                        .map(|_| LazyRegex::new(pattern))
                        .map_err(|e| e.to_string())
                };
                match built {
                    Ok(re) => Some(if name == "matches" { Op::Matches(re) } else { Op::NotMatches(re) }),
                    Err(text) => {
                        let last = text.lines().rfind(|l| !l.trim().is_empty()).unwrap_or(&text).trim();
                        let last = last.strip_prefix("error: ").unwrap_or(last).to_string();
                        self.err(value.span, Message::new(Code::BadRegex).arg("operator", name).arg("error", last));
                        None
                    }
                }
            }
            "gt" | "gte" | "lt" | "lte" => {
                if !matches!(ty, Ty::Int { .. } | Ty::Date) {
                    return bad_fit(self, Code::ComparisonOnNonNumber);
                }
                let lit = self.lit(value, ty, &path)?;
                Some(match name {
                    "gt" => Op::Gt(lit),
                    "gte" => Op::Gte(lit),
                    "lt" => Op::Lt(lit),
                    _ => Op::Lte(lit),
                })
            }
            _ => unreachable!("operator list is closed"),
        }
    }

    fn boolean(&mut self, value: &Node, name: &str) -> Option<bool> {
        match value.value {
            Yaml::Bool(b) => Some(b),
            _ => {
                self.err(
                    value.span,
                    Message::new(Code::OperatorNeedsBool).arg("operator", name).arg("raw", &value.raw),
                );
                None
            }
        }
    }

    fn lits(&mut self, value: &Node, ty: &Ty, path: &str, name: &str) -> Option<Vec<Lit>> {
        let Yaml::Seq(items) = &value.value else {
            let message = Message::new(Code::OperatorNeedsList).arg("operator", name).arg("found", value.kind());
            let help = Help::new(Hint::WriteOperatorList).arg("operator", name).arg("raw", &value.raw);
            self.err_help(value.span, message, help);
            return None;
        };
        if items.is_empty() {
            self.err(value.span, Message::new(Code::OperatorNeedsValues).arg("operator", name));
            return None;
        }
        let lits: Vec<Option<Lit>> = items.iter().map(|n| self.lit(n, ty, path)).collect();
        lits.into_iter().collect()
    }

    /// A literal that fits the field's type (and vocabulary).
    fn lit(&mut self, node: &Node, ty: &Ty, path: &str) -> Option<Lit> {
        let wrong = |p: &mut Self| {
            let message = Message::new(Code::ValueDoesNotFit)
                .arg("field", path)
                .arg("expected", expected(ty))
                .arg("raw", &node.raw);
            p.err(node.span, message);
            None
        };
        match ty {
            Ty::Int { .. } | Ty::Version => match node.value {
                Yaml::Int(n) => Some(Lit::Int(n)),
                _ => wrong(self),
            },
            Ty::Bool => match node.value {
                Yaml::Bool(b) => Some(Lit::Bool(b)),
                _ => wrong(self),
            },
            Ty::Date => match parse_date(&node.raw) {
                Ok(d) => Some(Lit::Date(d)),
                Err(_) => wrong(self),
            },
            Ty::Enum(vocabulary) => {
                if vocabulary.contains(&node.raw.as_str()) && node.as_scalar_text().is_some() {
                    return Some(Lit::Str(node.raw.clone()));
                }
                let hint = vocab::synonym(&node.raw, vocabulary)
                    .or_else(|| diag::did_you_mean(&node.raw, vocabulary.iter().copied()))
                    .map(|s| Help::new(Hint::DidYouMean).arg("suggestion", s));
                let message = Message::new(Code::NotAVocabularyValue).arg("value", &node.raw).arg("field", path);
                let list = Help::new(Hint::AcceptedValues).arg("values", vocabulary.join(", "));
                let d = self.source.error(node.span, message).hint_opt(hint).hint(list);
                self.errors.push(d);
                None
            }
            Ty::List { .. } | Ty::Map(_) => wrong(self),
            _ => match node.as_scalar_text() {
                Some(t) if node.value != Yaml::Null => Some(Lit::Str(t.to_string())),
                _ => wrong(self),
            },
        }
    }
}

/// Where a leaf looked, and whether it found a value there. The path is spelled
/// out only for the findings that need it.
#[derive(Clone, Debug)]
pub(crate) struct Loc<'r> {
    pub field: &'r FieldPath,
    /// The measure read, for `measure.` fields.
    pub measure: Option<usize>,
    pub span: Option<Span>,
}

impl Loc<'_> {
    /// `measures[2].scope.locations`, `purpose.statement`.
    pub(crate) fn path(&self) -> String {
        let rest = &self.field.dotted;
        match self.measure {
            Some(i) if self.field.in_measure => format!("measures[{i}].{rest}"),
            _ => rest.clone(),
        }
    }

    /// Whether it reads measure `i`.
    pub(crate) fn in_measure(&self, i: usize) -> bool {
        self.field.in_measure && self.measure == Some(i)
    }
}

/// Where a condition looked and what made it true, for the finding it builds.
#[derive(Clone, Debug, Default)]
pub(crate) struct Outcome<'r> {
    pub matched: Vec<Json>,
    pub locs: Vec<Loc<'r>>,
}

impl Outcome<'_> {
    pub(crate) fn clear(&mut self) {
        self.matched.clear();
        self.locs.clear();
    }
}

/// Whether `cond` holds for `policy`, with `measure` the current measure's index.
///
/// Given `out`, it also appends where it looked and what matched. Each group keeps
/// the places of the part that decided it: an `all` all it read, an `any` the item
/// that was true (or all if none), `any_measure` the first measure for which it is
/// true, `all_measures` the first measure read (or the one for which it is false).
/// A finding points at the last of them.
pub(crate) fn eval<'r>(
    cond: &'r Cond,
    policy: &Policy,
    measure: Option<usize>,
    mut out: Option<&mut Outcome<'r>>,
) -> bool {
    // A false outcome never adds to `matched`, so a group that turns out false
    // only has to cut `matched` back; `locs` follow each group's own rule.
    let (l0, m0) = out.as_ref().map_or((0, 0), |o| (o.locs.len(), o.matched.len()));
    match cond {
        Cond::Leaf { field, op, .. } => {
            let Some(base) = base(field, policy, measure) else { return false };
            let node = base.at(&field.keys);
            let t = match node {
                None => matches!(op, Op::Exists(false)),
                Some(node) => truth(op, node),
            };
            if let Some(out) = out {
                let span = node.map(|n| if n.defaulted { base.span } else { n.span });
                out.locs.push(Loc { field, measure: if field.in_measure { measure } else { None }, span });
                if let (true, Some(node)) = (t, node) {
                    out.matched.extend(matched(op, node));
                }
            }
            t
        }
        Cond::All(items) => {
            for c in items {
                if !eval(c, policy, measure, out.as_deref_mut()) {
                    if let Some(out) = out {
                        out.matched.truncate(m0);
                    }
                    return false;
                }
            }
            true
        }
        Cond::Any(items) => {
            for c in items {
                let l1 = out.as_ref().map_or(0, |o| o.locs.len());
                if eval(c, policy, measure, out.as_deref_mut()) {
                    // Only the item that is true says where to look.
                    if let Some(out) = out {
                        out.locs.drain(l0..l1);
                    }
                    return true;
                }
            }
            false
        }
        Cond::Not(inner) => {
            let t = eval(inner, policy, measure, out.as_deref_mut());
            if let Some(out) = out {
                out.matched.truncate(m0);
            }
            !t
        }
        Cond::AnyMeasure(inner) => {
            let mut any = false;
            for i in 0..policy.measures.len() {
                let Some(out) = out.as_deref_mut() else {
                    if eval(inner, policy, Some(i), None) {
                        return true;
                    }
                    continue;
                };
                let (l1, m1) = (out.locs.len(), out.matched.len());
                let t = eval(inner, policy, Some(i), Some(out));
                // The first measure for which it is true says where to look.
                if !t || any {
                    out.locs.truncate(l1);
                }
                if t {
                    any = true;
                    dedup_tail(&mut out.matched, m0, m1);
                }
            }
            any
        }
        Cond::AllMeasures(inner) => {
            for i in 0..policy.measures.len() {
                let Some(out) = out.as_deref_mut() else {
                    if !eval(inner, policy, Some(i), None) {
                        return false;
                    }
                    continue;
                };
                let (l1, m1) = (out.locs.len(), out.matched.len());
                if !eval(inner, policy, Some(i), Some(out)) {
                    // The measure for which it is false says where to look.
                    out.locs.drain(l0..l1);
                    out.matched.truncate(m0);
                    return false;
                }
                if l1 > l0 {
                    out.locs.truncate(l1);
                }
                dedup_tail(&mut out.matched, m0, m1);
            }
            !policy.measures.is_empty()
        }
    }
}

/// The node a field's path starts from: the current measure for `measure.`
/// fields (none without one), the document otherwise.
fn base<'p>(field: &FieldPath, policy: &'p Policy, measure: Option<usize>) -> Option<&'p PNode> {
    match (field.in_measure, measure) {
        (true, Some(i)) => Some(policy.measure_node(i)),
        (true, None) => None,
        (false, _) => Some(&policy.root),
    }
}

/// Keeps of `v[new..]` only the values not already in `v[from..]` before them.
fn dedup_tail(v: &mut Vec<Json>, from: usize, new: usize) {
    if v.len() == new {
        return;
    }
    let added: Vec<Json> = v.drain(new..).collect();
    for m in added {
        if !v[from..].contains(&m) {
            v.push(m);
        }
    }
}

fn lit_eq(value: &Value, lit: &Lit) -> bool {
    match (value, lit) {
        (Value::Str(a), Lit::Str(b)) => a == b,
        (Value::Int(a), Lit::Int(b)) => a == b,
        (Value::Bool(a), Lit::Bool(b)) => a == b,
        (Value::Date(a), Lit::Date(b)) => a == b,
        _ => false,
    }
}

fn compare(value: &Value, lit: &Lit) -> Option<std::cmp::Ordering> {
    match (value, lit) {
        (Value::Int(a), Lit::Int(b)) => Some(a.cmp(b)),
        (Value::Date(a), Lit::Date(b)) => Some(a.cmp(b)),
        _ => None,
    }
}

/// Whether `op` holds for the value at `node`.
fn truth(op: &Op, node: &PNode) -> bool {
    let items = node.as_list();
    let texts = || -> Vec<&str> {
        match &node.value {
            Value::Str(s) => vec![s.as_str()],
            Value::List(_) => items.iter().filter_map(PNode::as_str).collect(),
            _ => Vec::new(),
        }
    };
    match op {
        Op::Exists(b) => *b,
        Op::Equals(l) => lit_eq(&node.value, l),
        Op::NotEquals(l) => !lit_eq(&node.value, l),
        Op::In(ls) => ls.iter().any(|l| lit_eq(&node.value, l)),
        Op::NotIn(ls) => !ls.iter().any(|l| lit_eq(&node.value, l)),
        Op::Contains(l) => match (&node.value, l) {
            (Value::List(_), _) => items.iter().any(|i| lit_eq(&i.value, l)),
            (Value::Str(s), Lit::Str(sub)) => s.contains(sub.as_str()),
            _ => false,
        },
        Op::ContainsAny(ls) => items.iter().any(|i| ls.iter().any(|l| lit_eq(&i.value, l))),
        Op::ContainsAll(ls) => ls.iter().all(|l| items.iter().any(|i| lit_eq(&i.value, l))),
        Op::Matches(re) => texts().iter().any(|t| re.is_match(t)),
        Op::NotMatches(re) => {
            matches!(node.value, Value::Str(_) | Value::List(_))
                && re.get().is_some()
                && !texts().iter().any(|t| re.is_match(t))
        }
        Op::Gt(l) => compare(&node.value, l) == Some(std::cmp::Ordering::Greater),
        Op::Gte(l) => compare(&node.value, l).is_some_and(|o| o.is_ge()),
        Op::Lt(l) => compare(&node.value, l) == Some(std::cmp::Ordering::Less),
        Op::Lte(l) => compare(&node.value, l).is_some_and(|o| o.is_le()),
        Op::Empty(b) => match &node.value {
            Value::List(v) => v.is_empty() == *b,
            Value::Str(s) => s.is_empty() == *b,
            _ => false,
        },
    }
}

/// The values that made `op` true at `node` (asked only when it is true).
fn matched(op: &Op, node: &PNode) -> Vec<Json> {
    let items = node.as_list();
    match op {
        Op::Exists(_) => scalar_or_items(node),
        Op::Contains(l) => match (&node.value, l) {
            (Value::Str(_), Lit::Str(sub)) => vec![Json::String(sub.clone())],
            _ => vec![lit_json(l)],
        },
        Op::ContainsAny(ls) => {
            items.iter().filter(|i| ls.iter().any(|l| lit_eq(&i.value, l))).map(PNode::to_json).collect()
        }
        Op::ContainsAll(ls) => ls.iter().map(lit_json).collect(),
        Op::Matches(re) => {
            let texts: Vec<&str> = match &node.value {
                Value::Str(s) => vec![s.as_str()],
                Value::List(_) => items.iter().filter_map(PNode::as_str).collect(),
                _ => Vec::new(),
            };
            texts.iter().filter_map(|t| re.find(t)).map(|m| Json::String(m.to_string())).collect()
        }
        _ => vec![node.to_json()],
    }
}

/// The measure kinds for which `cond` can be true, as a bit per kind of
/// [`vocab::KINDS`]: narrowed where every way to true goes through a test of
/// `measure.kind` (`equals`, `in`), all bits otherwise. The engine skips a rule
/// for a measure of another kind without evaluating it.
pub(crate) fn kinds(cond: &Cond) -> u64 {
    fn bits(cond: &Cond) -> Option<u64> {
        match cond {
            Cond::Leaf { field, op, .. } if field.in_measure && field.dotted == "kind" => {
                let lits: &[Lit] = match op {
                    Op::Equals(l) => std::slice::from_ref(l),
                    Op::In(ls) => ls,
                    _ => return None,
                };
                lits.iter().try_fold(0, |acc, l| match l {
                    Lit::Str(k) => Some(acc | kind_bit(k)),
                    _ => None,
                })
            }
            // True only if every item is: any one item's kinds bound the whole.
            Cond::All(items) => items.iter().filter_map(bits).reduce(|a, b| a & b),
            // True if one item is: the kinds of all items together, if each has some.
            Cond::Any(items) => items.iter().map(bits).try_fold(0, |acc, b| Some(acc | b?)),
            _ => None,
        }
    }
    bits(cond).unwrap_or(u64::MAX)
}

/// The bit of a measure kind in [`kinds`]; a kind outside the vocabulary (never in
/// a validated policy) gets every bit, so that nothing is skipped for it.
pub(crate) fn kind_bit(kind: &str) -> u64 {
    slot_bit(kind_index(kind))
}

/// Measure kinds as small numbers: the place in [`vocab::KINDS`], and one more
/// for a kind outside it.
pub(crate) const KIND_SLOTS: usize = vocab::KINDS.len() + 1;

pub(crate) fn kind_index(kind: &str) -> usize {
    vocab::KINDS.iter().position(|k| *k == kind).unwrap_or(vocab::KINDS.len())
}

/// The bit of a kind slot; every bit for the slot outside the vocabulary.
pub(crate) fn slot_bit(slot: usize) -> u64 {
    const _: () = assert!(vocab::KINDS.len() <= 64, "a kind is a bit of a u64");
    if slot < vocab::KINDS.len() { 1 << slot } else { u64::MAX }
}

fn scalar_or_items(node: &PNode) -> Vec<Json> {
    match &node.value {
        Value::List(items) => items.iter().map(PNode::to_json).collect(),
        Value::Map(_) => Vec::new(),
        _ => vec![node.to_json()],
    }
}

fn lit_json(l: &Lit) -> Json {
    match l {
        Lit::Str(s) => Json::String(s.clone()),
        Lit::Int(n) => Json::from(*n),
        Lit::Bool(b) => Json::Bool(*b),
        Lit::Date(d) => Json::String(d.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::load::{self, LoadOptions};

    fn cond(text: &str) -> Cond {
        let src = Source::new("c.yaml", text);
        let node = src.yaml(crate::yaml::Limits::default(), "a condition").unwrap();
        let mut errors = Vec::new();
        let c = Parser { source: &src, errors: &mut errors, eager: true }.parse(&node, Scope { measure: true });
        assert!(errors.is_empty(), "{errors:?}");
        c.unwrap()
    }

    /// Asking where a condition looked never changes its answer, and a true
    /// condition always says where: every built-in rule and some nested groups,
    /// for every measure (and none) of many policies.
    #[test]
    fn recording_changes_no_answer() {
        let rules = load::load(load::embedded_sources(), LoadOptions::default()).unwrap();
        let ctx =
            crate::policy::Context { packs: rules.pack_ids(), rules: rules.rule_ids(), limits: Default::default() };
        let nested: Vec<Cond> = [
            "all_measures: { any: [{ field: measure.covert, equals: true }, { field: measure.kind, in: [video, audio] }] }",
            "not: { all_measures: { field: measure.retention_days, lt: 365 } }",
            "all: [{ any_measure: { field: measure.kind, exists: true } }, { all_measures: { not: { field: measure.covert, equals: true } } }]",
            "all_measures: { any_measure: { field: measure.kind, equals: other } }",
        ]
        .into_iter()
        .map(cond)
        .collect();
        let conds: Vec<&Cond> = rules.rules().map(|r| &r.when).chain(&nested).collect();
        let (mut compared, mut fired) = (0, 0);
        for seed in 0..30 {
            let src = Source::new(format!("gen/{seed}.yaml"), crate::testgen::policy(seed));
            let policy = crate::policy::load(&src, &ctx).unwrap();
            for c in &conds {
                for measure in (0..policy.measures.len()).map(Some).chain([None]) {
                    let mut out = Outcome::default();
                    let truth = eval(c, &policy, measure, None);
                    assert_eq!(truth, eval(c, &policy, measure, Some(&mut out)), "{c:?} on {}", src.name);
                    if truth && measure.is_some() {
                        assert!(!out.locs.is_empty(), "{c:?} on {}", src.name);
                    }
                    compared += 1;
                    fired += usize::from(truth);
                }
            }
        }
        assert!(compared > 20_000 && fired > 1_000, "{compared} {fired}");
    }

    /// An `any` stops at the item that made it true; `any_measure` points at the
    /// first measure for which it is true and gathers what matched from all.
    #[test]
    fn groups_point_at_what_decided_them() {
        let text = "version: 1\npolicy: { name: P, organization: O, jurisdictions: [uk] }\npurpose: { statement: S, goals: [safety] }\n\
                    measures:\n  - { id: a, kind: video, covert: false, scope: { locations: [open_office] } }\n  \
                    - { id: b, kind: video, covert: true, scope: { locations: [restroom, open_office] } }\n";
        let src = Source::new("p.yaml", text);
        let ctx = crate::policy::Context { packs: ["uk".to_string()].into(), ..Default::default() };
        let policy = crate::policy::load(&src, &ctx).unwrap();
        let c = cond(
            "any_measure: { any: [{ field: measure.covert, equals: true }, \
             { field: measure.scope.locations, contains_any: [restroom, open_office] }] }",
        );
        let mut out = Outcome::default();
        assert!(eval(&c, &policy, None, Some(&mut out)));
        let places: Vec<(String, Option<u32>)> = out.locs.iter().map(|l| (l.path(), l.span.map(|s| s.line))).collect();
        assert_eq!(places, [("measures[0].scope.locations".to_string(), Some(5))]);
        // Measure `b` is true by its first item, `covert`; its locations are not read.
        assert_eq!(out.matched, [Json::from("open_office"), Json::from(true)]);
    }
}
