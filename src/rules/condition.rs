//! Conditions: parsed and type-checked against the policy schema when a rule loads,
//! evaluated against a policy when it is checked.

use super::model::{Cond, FieldPath, LazyRegex, Lit, MemoSlot, Op};
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
pub struct Scope {
    pub measure: bool,
}

pub struct Parser<'a> {
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

    pub fn parse(&mut self, node: &Node, scope: Scope) -> Option<Cond> {
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
        Some(Cond::Leaf { field, op, span: node.span, memo: Default::default() })
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
pub struct Loc<'r> {
    pub field: &'r FieldPath,
    /// The measure read, for `measure.` fields.
    pub measure: Option<usize>,
    pub span: Option<Span>,
}

impl Loc<'_> {
    /// `measures[2].scope.locations`, `purpose.statement`.
    pub fn path(&self) -> String {
        let rest = &self.field.dotted;
        match self.measure {
            Some(i) if self.field.in_measure => {
                let mut path = String::with_capacity(rest.len() + 16);
                path.push_str("measures[");
                path.push_str(itoa::Buffer::new().format(i));
                path.push_str("].");
                path.push_str(rest);
                path
            }
            _ => rest.clone(),
        }
    }

    /// Whether it reads measure `i`.
    pub fn in_measure(&self, i: usize) -> bool {
        self.field.in_measure && self.measure == Some(i)
    }
}

/// The outcome of a condition: true or false, what made it true, where it looked.
#[derive(Clone, Debug, Default)]
pub struct Outcome<'r> {
    pub truth: bool,
    pub matched: Vec<Json>,
    pub locs: Vec<Loc<'r>>,
    /// For [`eval_into`]: leave `matched` empty, when no message reads it.
    pub skip_matched: bool,
}

/// Evaluates `cond` for `policy`, with `measure` the current measure's index.
pub fn eval<'r>(cond: &'r Cond, policy: &Policy, measure: Option<usize>) -> Outcome<'r> {
    let mut out = Outcome::default();
    out.truth = eval_into(cond, policy, measure, &mut out);
    out
}

/// Evaluates `cond` without a vector per node: what matched and where it looked
/// are appended to `out`, and the truth is returned, so that the engine reuses one
/// `out` for every rule of a policy. Each group keeps the locations of the part
/// that decided it: an `all` all it read, an `any` the item that was true (or all
/// if none), `any_measure` the first measure for which it is true, `all_measures`
/// the first measure read (or the one for which it is false). Tests hold it equal
/// to a plain recursive evaluation that builds an outcome per node.
pub fn eval_into<'r>(cond: &'r Cond, policy: &Policy, measure: Option<usize>, out: &mut Outcome<'r>) -> bool {
    // A false outcome never adds to `matched`, so a group that turns out false
    // only has to cut `matched` back; `locs` follow each group's own rule.
    let (l0, m0) = (out.locs.len(), out.matched.len());
    match cond {
        Cond::Leaf { field, op, .. } => {
            let Some(node) = look(field, policy, measure, out) else { return false };
            match node {
                None => matches!(op, Op::Exists(false)),
                Some(node) => {
                    let t = truth(op, node);
                    if t && !out.skip_matched {
                        out.matched.extend(matched(op, node));
                    }
                    t
                }
            }
        }
        Cond::All(items) => {
            for c in items {
                if !eval_into(c, policy, measure, out) {
                    out.matched.truncate(m0);
                    return false;
                }
            }
            true
        }
        Cond::Any(items) => {
            for c in items {
                let l1 = out.locs.len();
                if eval_into(c, policy, measure, out) {
                    // Only the item that is true says where to look.
                    out.locs.drain(l0..l1);
                    return true;
                }
            }
            false
        }
        Cond::Not(inner) => {
            let t = eval_into(inner, policy, measure, out);
            out.matched.truncate(m0);
            !t
        }
        Cond::AnyMeasure(inner) => {
            let mut any = false;
            for i in 0..policy.measures.len() {
                let (l1, m1) = (out.locs.len(), out.matched.len());
                let t = eval_into(inner, policy, Some(i), out);
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
                let (l1, m1) = (out.locs.len(), out.matched.len());
                if !eval_into(inner, policy, Some(i), out) {
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

/// What [`eval_into`] appends for `cond` when it is known to be true (the engine
/// has found that it holds). A test, or an `all` of tests, the shape of most
/// rules, is then true in every part: each part's place and what it matched are
/// taken without asking again whether it holds (a regex, a list search). Other
/// shapes are evaluated again. Tests hold it equal to `eval_into`.
pub fn eval_true<'r>(cond: &'r Cond, policy: &Policy, measure: Option<usize>, out: &mut Outcome<'r>) {
    let leaves: &[Cond] = match cond {
        Cond::Leaf { .. } => std::slice::from_ref(cond),
        Cond::All(items) if items.iter().all(|c| matches!(c, Cond::Leaf { .. })) => items,
        _ => {
            let held = eval_into(cond, policy, measure, out);
            debug_assert!(held, "eval_true on a condition that does not hold");
            return;
        }
    };
    for leaf in leaves {
        let Cond::Leaf { field, op, .. } = leaf else { continue };
        // A true test of a measure field has a measure to read.
        if let Some(Some(node)) = look(field, policy, measure, out)
            && !out.skip_matched
        {
            out.matched.extend(matched(op, node));
        }
    }
}

/// Where a test looks: notes the place in `out` and gives the node found there
/// (`Some(None)` when the field is absent); `None` for a measure field with no
/// measure to read, which notes nothing.
fn look<'r, 'p>(
    field: &'r FieldPath,
    policy: &'p Policy,
    measure: Option<usize>,
    out: &mut Outcome<'r>,
) -> Option<Option<&'p PNode>> {
    let base = base(field, policy, measure)?;
    let node = base.at(&field.keys);
    let span = node.map(|n| if n.defaulted { base.span } else { n.span });
    out.locs.push(Loc { field, measure: if field.in_measure { measure } else { None }, span });
    Some(node)
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
        // Vocabulary values of one length are common (`video`, `audio`); the first
        // byte tells most of them apart without a call to compare.
        (Value::Str(a), Lit::Str(b)) => a.len() == b.len() && a.as_bytes().first() == b.as_bytes().first() && a == b,
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

/// Whether the test `leaf` (number `id` for the memo) is true, without collecting
/// what matched or where it looked. Most rules do not fire; this answers for them
/// without allocating (through [`crate::rules::flat::Flat`]), and [`eval`] runs
/// only for the ones that do. Both rest on the same [`truth`]. A test already
/// answered for this policy (and measure) is taken from `memo`.
pub fn leaf_holds(
    leaf: &Cond,
    id: u32,
    in_measure: bool,
    policy: &Policy,
    measure: Option<usize>,
    memo: &mut Memo,
) -> bool {
    if let Some(t) = memo.get(id as usize, in_measure, measure) {
        return t;
    }
    let Cond::Leaf { field, op, .. } = leaf else { unreachable!("a leaf step holds a leaf") };
    let Some(base) = base(field, policy, measure) else { return false };
    let t = match base.at(&field.keys) {
        None => matches!(op, Op::Exists(false)),
        Some(node) => truth(op, node),
    };
    memo.set(id as usize, in_measure, measure, t);
    t
}

/// The answers of tests already evaluated for one policy, by the tests' numbers
/// ([`crate::rules::model::MemoSlot`]): those that read the policy for the whole
/// check, those that read a measure while the engine is at that measure. Many
/// rules share tests (the same kind, `covert`, purpose pattern), so a check
/// evaluates each once where it would evaluate it for every rule.
pub struct Memo {
    /// The measure whose answers `measure` holds.
    at: Option<usize>,
    policy: Vec<u8>,
    measure: Vec<u8>,
}

const UNKNOWN: u8 = 0;
const FALSE: u8 = 1;
const TRUE: u8 = 2;

impl Memo {
    /// A memo for tests numbered below `slots`.
    pub fn new(slots: usize) -> Memo {
        Memo { at: None, policy: vec![UNKNOWN; slots], measure: vec![UNKNOWN; slots] }
    }

    /// The engine moves on to measure `i`: the answers for another measure go.
    pub fn start_measure(&mut self, i: Option<usize>) {
        if self.at != i {
            self.measure.fill(UNKNOWN);
            self.at = i;
        }
    }

    fn table(&mut self, in_measure: bool, measure: Option<usize>) -> Option<&mut Vec<u8>> {
        match in_measure {
            false => Some(&mut self.policy),
            // Inside `any_measure` and `all_measures` other measures are read.
            true if measure.is_some() && measure == self.at => Some(&mut self.measure),
            true => None,
        }
    }

    fn get(&mut self, id: usize, in_measure: bool, measure: Option<usize>) -> Option<bool> {
        match *self.table(in_measure, measure)?.get(id)? {
            TRUE => Some(true),
            FALSE => Some(false),
            _ => None,
        }
    }

    fn set(&mut self, id: usize, in_measure: bool, measure: Option<usize>, t: bool) {
        // Number 0 is "none given": such a test is never kept.
        if id == 0 {
            return;
        }
        if let Some(slot) = self.table(in_measure, measure).and_then(|t| t.get_mut(id)) {
            *slot = if t { TRUE } else { FALSE };
        }
    }
}

/// Numbers the leaves of `cond` that have none yet, the same number for the same
/// test, so that [`Memo`] can share answers. `ids` maps a test's text
/// ([`leaf_text`]) to its number; `text` is a buffer to write it in.
pub fn number_leaves(cond: &Cond, ids: &mut LeafIds, text: &mut String) {
    match cond {
        Cond::Leaf { field, op, memo, .. } => {
            if memo.get() == MemoSlot::NONE {
                leaf_text(field, op, text);
                let id = match ids.get(text.as_str()) {
                    Some(id) => *id,
                    None => {
                        let id = ids.len() as u32 + 1;
                        ids.insert(text.clone(), id);
                        id
                    }
                };
                memo.set(id);
            }
        }
        Cond::All(items) | Cond::Any(items) => items.iter().for_each(|c| number_leaves(c, ids, text)),
        Cond::Not(inner) | Cond::AnyMeasure(inner) | Cond::AllMeasures(inner) => number_leaves(inner, ids, text),
    }
}

/// Leaf numbers by the text of their test. Hashed with foldhash: the texts come
/// from the loaded packs, and numbering them is part of a cold start.
pub type LeafIds = std::collections::HashMap<String, u32, foldhash::fast::FixedState>;

/// A test written out so that two tests have the same text exactly when they
/// are the same test: the field, the operator, each value with its type and
/// (for text) its length, so that no value can run into the next.
fn leaf_text(field: &FieldPath, op: &Op, out: &mut String) {
    use std::fmt::Write;
    use std::slice::from_ref;
    out.clear();
    out.push_str(if field.in_measure { "measure." } else { "." });
    out.push_str(&field.dotted);
    let (name, lits): (&str, &[Lit]) = match op {
        Op::Exists(b) => (if *b { "exists" } else { "absent" }, &[]),
        Op::Empty(b) => (if *b { "empty" } else { "not_empty" }, &[]),
        Op::Equals(l) => ("equals", from_ref(l)),
        Op::NotEquals(l) => ("not_equals", from_ref(l)),
        Op::In(ls) => ("in", ls),
        Op::NotIn(ls) => ("not_in", ls),
        Op::Contains(l) => ("contains", from_ref(l)),
        Op::ContainsAny(ls) => ("contains_any", ls),
        Op::ContainsAll(ls) => ("contains_all", ls),
        Op::Gt(l) => ("gt", from_ref(l)),
        Op::Gte(l) => ("gte", from_ref(l)),
        Op::Lt(l) => ("lt", from_ref(l)),
        Op::Lte(l) => ("lte", from_ref(l)),
        Op::Matches(re) | Op::NotMatches(re) => {
            out.push_str(if matches!(op, Op::Matches(_)) { " matches " } else { " not_matches " });
            out.push_str(&re.pattern);
            return;
        }
    };
    out.push(' ');
    out.push_str(name);
    for l in lits {
        match l {
            Lit::Str(s) => {
                out.push_str(" s");
                out.push_str(itoa::Buffer::new().format(s.len()));
                out.push(':');
                out.push_str(s);
            }
            Lit::Int(n) => {
                out.push_str(" i");
                out.push_str(itoa::Buffer::new().format(*n));
            }
            Lit::Bool(b) => out.push_str(if *b { " btrue" } else { " bfalse" }),
            Lit::Date(d) => {
                let _ = write!(out, " d{d}");
            }
        }
    }
}

/// The measure kinds for which `cond` can be true, as a bit per kind of
/// [`vocab::KINDS`]: narrowed where every way to true goes through a test of
/// `measure.kind` (`equals`, `in`), all bits otherwise. The engine skips a rule
/// for a measure of another kind without evaluating it.
pub fn kinds(cond: &Cond) -> u64 {
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
pub fn kind_bit(kind: &str) -> u64 {
    slot_bit(kind_index(kind))
}

/// Measure kinds as small numbers: the place in [`vocab::KINDS`], and one more
/// for a kind outside it.
pub const KIND_SLOTS: usize = vocab::KINDS.len() + 1;

pub fn kind_index(kind: &str) -> usize {
    vocab::KINDS.iter().position(|k| *k == kind).unwrap_or(vocab::KINDS.len())
}

/// The bit of a kind slot; every bit for the slot outside the vocabulary.
pub fn slot_bit(slot: usize) -> u64 {
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
mod eval_tests {
    use super::*;

    /// Tests that differ in any part get different texts (and so numbers), even
    /// where values could run into each other; the same test gets the same text.
    #[test]
    fn leaf_texts_tell_tests_apart() {
        let field = |in_measure: bool, path: &str| {
            let base = if in_measure { schema::measure() } else { schema::root() };
            let segs: Vec<&str> = path.split('.').collect();
            let keys = schema::lookup(base, &segs).unwrap();
            FieldPath { in_measure, ty: &keys.last().unwrap().field().ty, keys, dotted: path.into() }
        };
        let s = |t: &str| Lit::Str(t.into());
        let re = |p: &str| LazyRegex::new(p.into());
        let tests = [
            (field(true, "description"), Op::In(vec![s("a sb")])),
            (field(true, "description"), Op::In(vec![s("a"), s("b")])),
            (field(true, "description"), Op::In(vec![s("a")])),
            (field(true, "description"), Op::NotIn(vec![s("a")])),
            (field(true, "description"), Op::Equals(s("1"))),
            (field(true, "retention_days"), Op::Equals(Lit::Int(1))),
            (field(true, "retention_days"), Op::Gt(Lit::Int(1))),
            (field(true, "description"), Op::Matches(re("x"))),
            (field(true, "description"), Op::NotMatches(re("x"))),
            (field(true, "description"), Op::Exists(true)),
            (field(true, "description"), Op::Exists(false)),
            (field(true, "description"), Op::Empty(true)),
            (field(false, "purpose.statement"), Op::Exists(true)),
            (field(true, "covert"), Op::Equals(Lit::Bool(true))),
            (field(true, "covert"), Op::Equals(Lit::Bool(false))),
        ];
        let texts: Vec<String> = tests
            .iter()
            .map(|(f, op)| {
                let mut t = String::new();
                leaf_text(f, op, &mut t);
                t
            })
            .collect();
        for (i, a) in texts.iter().enumerate() {
            for b in &texts[i + 1..] {
                assert_ne!(a, b);
            }
        }
        let mut again = String::new();
        leaf_text(&tests[0].0, &tests[0].1.clone(), &mut again);
        assert_eq!(again, texts[0]);
    }

    /// The plain recursive evaluation, an outcome per node: what `eval_into` must equal.
    fn eval<'r>(cond: &'r Cond, policy: &Policy, measure: Option<usize>) -> Outcome<'r> {
        match cond {
            Cond::Leaf { field, op, .. } => leaf(field, op, policy, measure),
            Cond::All(items) => {
                let mut out = Outcome { truth: true, ..Outcome::default() };
                for c in items {
                    let o = eval(c, policy, measure);
                    out.locs.extend(o.locs);
                    if !o.truth {
                        return Outcome { truth: false, matched: Vec::new(), locs: out.locs, skip_matched: false };
                    }
                    out.matched.extend(o.matched);
                }
                out
            }
            Cond::Any(items) => {
                let mut locs = Vec::new();
                for c in items {
                    let o = eval(c, policy, measure);
                    if o.truth {
                        return o;
                    }
                    locs.extend(o.locs);
                }
                Outcome { truth: false, matched: Vec::new(), locs, skip_matched: false }
            }
            Cond::Not(inner) => {
                let o = eval(inner, policy, measure);
                Outcome { truth: !o.truth, matched: Vec::new(), locs: o.locs, skip_matched: false }
            }
            Cond::AnyMeasure(inner) => {
                let mut out = Outcome::default();
                for i in 0..policy.measures.len() {
                    let o = eval(inner, policy, Some(i));
                    if o.truth {
                        if !out.truth {
                            out.locs = o.locs;
                        }
                        out.truth = true;
                        for m in o.matched {
                            if !out.matched.contains(&m) {
                                out.matched.push(m);
                            }
                        }
                    }
                }
                out
            }
            Cond::AllMeasures(inner) => {
                let mut out = Outcome { truth: !policy.measures.is_empty(), ..Outcome::default() };
                for i in 0..policy.measures.len() {
                    let o = eval(inner, policy, Some(i));
                    if out.locs.is_empty() {
                        out.locs = o.locs.clone();
                    }
                    if !o.truth {
                        return Outcome { truth: false, matched: Vec::new(), locs: o.locs, skip_matched: false };
                    }
                    for m in o.matched {
                        if !out.matched.contains(&m) {
                            out.matched.push(m);
                        }
                    }
                }
                out
            }
        }
    }

    fn leaf<'r>(field: &'r FieldPath, op: &Op, policy: &Policy, measure: Option<usize>) -> Outcome<'r> {
        let Some(base) = base(field, policy, measure) else { return Outcome::default() };
        let node = base.at(&field.keys);
        let span = node.map(|n| if n.defaulted { base.span } else { n.span });
        let loc = Loc { field, measure: if field.in_measure { measure } else { None }, span };
        let (truth, matched) = match node {
            None => (matches!(op, Op::Exists(false)), Vec::new()),
            Some(node) => test(op, node),
        };
        Outcome { truth, matched, locs: vec![loc], skip_matched: false }
    }

    fn test(op: &Op, node: &PNode) -> (bool, Vec<Json>) {
        if truth(op, node) { (true, matched(op, node)) } else { (false, Vec::new()) }
    }

    use crate::rules::load::{self, LoadOptions};

    fn key<'r>(locs: &[Loc<'r>]) -> Vec<(*const FieldPath, Option<usize>, Option<Span>)> {
        locs.iter().map(|l| (l.field as *const FieldPath, l.measure, l.span)).collect()
    }

    /// `eval_into` leaves what `eval` returns, appended after whatever `out`
    /// already held: every built-in rule, every measure and none, many policies.
    #[test]
    fn eval_into_is_eval() {
        let rules = load::load(load::embedded_sources(), LoadOptions::default()).unwrap();
        let ctx =
            crate::policy::Context { packs: rules.pack_ids(), rules: rules.rule_ids(), limits: Default::default() };
        let mut compared = 0;
        let mut fired = 0;
        for seed in 0..40 {
            let src = Source { name: format!("gen/{seed}.yaml"), text: crate::testgen::policy(seed) };
            let policy = crate::policy::load(&src, &ctx).unwrap();
            let any_field = match &rules.packs[0].rules()[0].when {
                Cond::Leaf { field, .. } => field.clone(),
                _ => FieldPath {
                    in_measure: false,
                    keys: schema::lookup(schema::root(), &["version"]).unwrap(),
                    dotted: "version".into(),
                    ty: &Ty::Version,
                },
            };
            for rule in rules.rules() {
                let scopes = (0..policy.measures.len()).map(Some).chain([None]);
                for measure in scopes {
                    let old = eval(&rule.when, &policy, measure);
                    // Start from a buffer that already holds something.
                    let mut out = Outcome::default();
                    out.locs.push(Loc { field: &any_field, measure: None, span: None });
                    out.matched.push(Json::from("before"));
                    let truth = eval_into(&rule.when, &policy, measure, &mut out);
                    let what = format!("{} on {} at {measure:?}", rule.id, src.name);
                    assert_eq!(truth, old.truth, "{what}");
                    assert_eq!(out.matched[0], Json::from("before"), "{what}");
                    assert_eq!(&out.matched[1..], &old.matched[..], "{what}");
                    assert_eq!(key(&out.locs[1..]), key(&old.locs), "{what}");
                    if truth {
                        // What is known true needs no second asking, and gives the same.
                        let mut known = Outcome::default();
                        eval_true(&rule.when, &policy, measure, &mut known);
                        assert_eq!(known.matched, old.matched, "{what}");
                        assert_eq!(key(&known.locs), key(&old.locs), "{what}");
                    }
                    compared += 1;
                    fired += usize::from(truth);
                }
            }
        }
        assert!(compared > 20_000 && fired > 1_000, "{compared} {fired}");
    }

    fn cond(text: &str) -> Cond {
        let src = Source { name: "c.yaml".into(), text: text.into() };
        let node = src.yaml(crate::yaml::Limits::default(), "a condition").unwrap();
        let mut errors = Vec::new();
        let c = Parser { source: &src, errors: &mut errors, eager: true }.parse(&node, Scope { measure: true });
        assert!(errors.is_empty(), "{errors:?}");
        c.unwrap()
    }

    /// Groups the built-in rules use little: measures in every combination, nested.
    #[test]
    fn eval_into_is_eval_for_nested_groups() {
        let conds = [
            "all_measures: { field: measure.kind, exists: true }",
            "all_measures: { all: [{ field: measure.kind, exists: true }, { field: measure.retention_days, gt: 30 }] }",
            "all_measures: { any: [{ field: measure.covert, equals: true }, { field: measure.kind, in: [video, audio] }] }",
            "any_measure: { any: [{ field: measure.covert, equals: true }, { field: measure.scope.locations, contains_any: [restroom, break_room, open_office] }] }",
            "any_measure: { all: [{ field: measure.kind, exists: true }, { field: measure.scope.locations, exists: true }] }",
            "not: { all_measures: { field: measure.retention_days, lt: 365 } }",
            "any: [{ all_measures: { field: measure.covert, equals: true } }, { any_measure: { field: measure.kind, exists: true } }]",
            "all: [{ any_measure: { field: measure.kind, exists: true } }, { all_measures: { not: { field: measure.covert, equals: true } } }]",
            "all_measures: { any_measure: { field: measure.kind, exists: true } }",
            "all_measures: { any_measure: { field: measure.kind, equals: other } }",
            "any: [{ field: purpose.statement, matches: 'x' }, { not: { any_measure: { field: measure.kind, exists: true } } }, { field: measure.kind, exists: true }]",
        ];
        let rules = load::load(load::embedded_sources(), LoadOptions::default()).unwrap();
        let ctx =
            crate::policy::Context { packs: rules.pack_ids(), rules: rules.rule_ids(), limits: Default::default() };
        for text in conds {
            let c = cond(text);
            for seed in 0..30 {
                let src = Source { name: format!("gen/{seed}.yaml"), text: crate::testgen::policy(seed) };
                let policy = crate::policy::load(&src, &ctx).unwrap();
                for measure in (0..policy.measures.len()).map(Some).chain([None]) {
                    let old = eval(&c, &policy, measure);
                    let mut out = Outcome::default();
                    let truth = eval_into(&c, &policy, measure, &mut out);
                    assert_eq!(truth, old.truth, "{text} on {} at {measure:?}", src.name);
                    assert_eq!(out.matched, old.matched, "{text} on {} at {measure:?}", src.name);
                    assert_eq!(key(&out.locs), key(&old.locs), "{text} on {} at {measure:?}", src.name);
                }
            }
        }
    }
}
