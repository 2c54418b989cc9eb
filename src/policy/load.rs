//! Policy loading: YAML tree -> validated [`Policy`], collecting every error.
//!
//! Validation walks the tree and the schema together. It never stops at the first
//! problem: a file with five mistakes gets five diagnostics.

use super::model::{Action, Agreement, Measure, PNode, Policy, Value, Waiver};
use super::schema::{self, Field, Ty};
use super::vocab;
use crate::diag::{self, Arg, Capped, Code, Diagnostic, Help, Hint, Message, Span, Term};
use crate::source::Source;
use crate::yaml::{Limits, Node, Yaml};
use jiff::civil::Date;
use std::collections::{BTreeSet, HashMap, HashSet};

/// What a policy may refer to, and how much it may cost.
#[derive(Clone, Debug, Default)]
pub struct Context {
    /// Ids of loaded rule packs (valid jurisdictions besides the built-in list).
    pub packs: BTreeSet<String>,
    /// Ids of loaded rules (what a waiver may name).
    pub rules: BTreeSet<String>,
    pub limits: Limits,
}

/// The most measures one policy may list.
pub const MAX_MEASURES: usize = 1000;
/// The longest text value, in characters.
pub const MAX_STRING_CHARS: usize = 65_536;

pub fn load(source: &Source, ctx: &Context) -> Result<Policy, Vec<Diagnostic>> {
    let node = source.yaml(ctx.limits, Term::PolicyDocument).map_err(|d| vec![d])?;
    from_node(source, &node, ctx)
}

/// Validates an already parsed tree (rule test cases build theirs by merging).
pub fn from_node(source: &Source, node: &Node, ctx: &Context) -> Result<Policy, Vec<Diagnostic>> {
    let mut v = Validator { source, ctx, errors: Capped::new() };
    if !matches!(node.value, Yaml::Map(_)) {
        return Err(vec![
            source.error(node.span, Message::new(Code::NotAPolicy).arg("found", node.kind())).hint(Hint::PolicyStart),
        ]);
    }
    // A file for another version would produce noise about every key; say that first.
    if let Some(version) = node.get("version")
        && version.value != Yaml::Int(1)
    {
        return Err(vec![source.error(version.span, unsupported_version(version))]);
    }
    let root = v.value(node, schema::root(), &Place::Named("the policy"));
    let Some(root) = root else {
        return Err(v.finish());
    };
    let policy = v.cross_check(root);
    match policy {
        Some(policy) if v.errors.is_empty() => Ok(policy),
        _ => Err(v.finish()),
    }
}

struct Validator<'a> {
    source: &'a Source,
    ctx: &'a Context,
    /// Errors are capped per file; before building an error that costs more than its
    /// message (a suggestion), ask `errors.wants`.
    errors: Capped,
}

impl<'a> Validator<'a> {
    fn locate(&self, span: Span, message: Message) -> Diagnostic {
        self.source.error(span, message)
    }

    fn err(&mut self, span: Span, message: Message, help: Option<Help>) {
        if self.errors.wants(span) {
            let d = self.locate(span, message).hint_opt(help);
            self.errors.push(d);
        }
    }

    fn err_helps(&mut self, span: Span, message: Message, helps: Vec<Help>) {
        if self.errors.wants(span) {
            let d = helps.into_iter().fold(self.locate(span, message), Diagnostic::hint);
            self.errors.push(d);
        }
    }

    /// The errors in order of position, capped.
    fn finish(self) -> Vec<Diagnostic> {
        let Validator { source, errors, .. } = self;
        errors.finish(|span, message| source.error(span, message))
    }

    /// Validates `node` against `ty`. `what` names the place for messages. A bad entry
    /// is reported and left out, and the rest is still read, so that the cross-checks
    /// see everything valid and a file shows all its errors in one run; `None` only
    /// when nothing of the node is usable.
    fn value(&mut self, node: &Node, ty: &'static Ty, what: &Place) -> Option<PNode> {
        let span = node.span;
        let make = |value| Some(PNode { value, span, defaulted: false });
        if node.value == Yaml::Null {
            self.err(
                span,
                Message::new(Code::NoValue).arg("place", what),
                Some(Help::new(Hint::GiveValue).arg("expected", expected(ty))),
            );
            return None;
        }
        match ty {
            Ty::Map(fields) => {
                self.map(node, fields, what).map(|entries| PNode { value: Value::Map(entries), span, defaulted: false })
            }
            Ty::List { item, min } => {
                let Yaml::Seq(items) = &node.value else {
                    let hint = match node.as_scalar_text() {
                        Some(text) => Help::new(Hint::WriteAsList).arg("text", text),
                        None => Help::new(Hint::Takes).arg("place", what).arg("expected", expected(ty)),
                    };
                    let message = Message::new(Code::MustBeList).arg("place", what).arg("found", node.kind());
                    self.err(span, message, Some(hint));
                    return None;
                };
                if items.len() < *min {
                    self.err(span, Message::new(Code::TooFewEntries).arg("place", what).arg("min", *min), None);
                }
                let mut out = Vec::new();
                let mut seen: HashSet<&str> = HashSet::new();
                for (i, item_node) in items.iter().enumerate() {
                    if let Some(v) = self.value(item_node, item, &Place::Item(what, i)) {
                        if let (Ty::Enum(_) | Ty::Jurisdiction, Value::Str(s)) = (&**item, &v.value)
                            && !seen.insert(item_node.raw.as_str())
                        {
                            self.err(
                                item_node.span,
                                Message::new(Code::ListedTwice).arg("value", s).arg("place", what),
                                Some(Hint::RemoveRepeated.into()),
                            );
                        }
                        out.push(v);
                    }
                }
                make(Value::List(out))
            }
            Ty::Str | Ty::NonEmptyStr => {
                let text = self.text(node, what)?;
                if matches!(ty, Ty::NonEmptyStr) && text.trim().is_empty() {
                    self.err(span, Message::new(Code::MustNotBeEmpty).arg("place", what), None);
                    return None;
                }
                make(Value::Str(text))
            }
            Ty::MeasureId => {
                let text = self.text(node, what)?;
                let ok = text.chars().next().is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
                    && text.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
                if !ok {
                    let fixed: String = text
                        .to_lowercase()
                        .chars()
                        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
                        .collect::<String>()
                        .trim_matches('-')
                        .to_string();
                    let help = if fixed.is_empty() {
                        Help::new(Hint::IdChars)
                    } else {
                        Help::new(Hint::IdCharsExample).arg("example", fixed)
                    };
                    self.err(span, Message::new(Code::BadMeasureId).arg("text", text), Some(help));
                    return None;
                }
                make(Value::Str(text))
            }
            Ty::MeasureRef | Ty::RuleRef => make(Value::Str(self.text(node, what)?)),
            Ty::Jurisdiction => {
                let text = self.text(node, what)?;
                let known = vocab::JURISDICTIONS.contains(&text.as_str()) || self.ctx.packs.contains(&text);
                if !known && text != "core" {
                    if !self.errors.wants(span) {
                        return None;
                    }
                    let mut sorted: Vec<&str> =
                        vocab::JURISDICTIONS.iter().copied().chain(self.ctx.packs.iter().map(String::as_str)).collect();
                    sorted.sort();
                    sorted.dedup();
                    let known = diag::one_of(&sorted);
                    let help = match vocab::suggest_jurisdiction(&text, &sorted) {
                        Some(s) => Help::new(Hint::DidYouMeanJurisdiction).arg("suggestion", s).arg("known", known),
                        None => Help::new(Hint::KnownJurisdictions).arg("known", known),
                    };
                    self.err(span, Message::new(Code::UnknownJurisdiction).arg("text", text), Some(help));
                    return None;
                }
                make(Value::Str(text))
            }
            Ty::Enum(vocabulary) => {
                let text = self.text(node, what)?;
                if vocabulary.contains(&text.as_str()) {
                    return make(Value::Str(text));
                }
                if !self.errors.wants(span) {
                    return None;
                }
                let hint = if let Some(s) = vocab::synonym(&text, vocabulary) {
                    Some(Help::new(Hint::Synonym).arg("suggestion", s).arg("text", &text))
                } else {
                    diag::did_you_mean(&text, vocabulary.iter().copied())
                        .map(|s| Help::new(Hint::DidYouMean).arg("suggestion", s))
                };
                let list = Help::new(Hint::AcceptedValues).arg("values", vocabulary.join(", "));
                let message = Message::new(Code::NotAcceptedValue).arg("text", text).arg("place", what);
                self.err_helps(span, message, hint.into_iter().chain([list]).collect());
                None
            }
            Ty::Int { min } => {
                let n = match &node.value {
                    Yaml::Int(n) => *n,
                    Yaml::Float(_) => {
                        self.err(
                            span,
                            Message::new(Code::NotWholeNumber).arg("place", what).arg("raw", &node.raw),
                            None,
                        );
                        return None;
                    }
                    Yaml::Str(s) if node.quoted && s.trim().parse::<i64>().is_ok() => {
                        self.err(
                            span,
                            Message::new(Code::NumberAsText).arg("place", what).arg("text", s),
                            Some(Help::new(Hint::RemoveQuotes).arg("text", s.trim())),
                        );
                        return None;
                    }
                    _ => {
                        let message = Message::new(Code::IntExpected)
                            .arg("place", what)
                            .arg("min", *min)
                            .arg("found", found(node));
                        self.err(span, message, None);
                        return None;
                    }
                };
                if n < *min {
                    self.err(span, Message::new(Code::TooSmall).arg("place", what).arg("min", *min).arg("n", n), None);
                    return None;
                }
                make(Value::Int(n))
            }
            Ty::Version => match node.value {
                Yaml::Int(1) => make(Value::Int(1)),
                _ => {
                    self.err(span, unsupported_version(node), None);
                    None
                }
            },
            Ty::Bool => match &node.value {
                Yaml::Bool(b) => make(Value::Bool(*b)),
                _ => {
                    let raw = node.raw.to_lowercase();
                    let help = match raw.as_str() {
                        "yes" | "y" | "on" => Some(Hint::WriteTrue.into()),
                        "no" | "n" | "off" => Some(Hint::WriteFalse.into()),
                        _ => None,
                    };
                    self.err(span, Message::new(Code::BoolExpected).arg("place", what).arg("found", found(node)), help);
                    None
                }
            },
            Ty::Date => {
                let text = self.text(node, what)?;
                match check_date(&text) {
                    Ok(d) => make(Value::Date(d)),
                    Err(why) => {
                        let message = match why {
                            DateError::Form => Message::new(Code::DateForm),
                            DateError::NoMonth(m) => Message::new(Code::DateNoMonth).arg("month", m),
                            DateError::NoDay { year, month, days } => {
                                Message::new(Code::DateNoDay).arg("year", year).arg("month", month).arg("days", days)
                            }
                        };
                        self.err(span, message.arg("place", what).arg("text", text), Some(Hint::RealDate.into()));
                        None
                    }
                }
            }
        }
    }

    /// A scalar as text; a list or map where text belongs is an error.
    fn text(&mut self, node: &Node, what: &Place) -> Option<String> {
        match node.as_scalar_text() {
            Some(t) if t.chars().count() > MAX_STRING_CHARS => {
                let message = Message::new(Code::TooLong).arg("place", what).arg("max", MAX_STRING_CHARS);
                self.err(node.span, message, None);
                None
            }
            Some(t) => Some(t.to_string()),
            None => {
                let message = Message::new(Code::NotSingleValue).arg("place", what).arg("found", node.kind());
                self.err(node.span, message, node.colon_hint());
                None
            }
        }
    }

    fn map(&mut self, node: &Node, fields: &'static [Field], what: &Place) -> Option<Vec<(schema::Key, PNode)>> {
        let Yaml::Map(entries) = &node.value else {
            self.err(node.span, Message::new(Code::MustBeMap).arg("place", what).arg("found", node.kind()), None);
            return None;
        };
        let mut out = Vec::new();
        for (key, value) in entries {
            let Some(field) = fields.iter().find(|f| f.name == key.raw) else {
                if self.errors.wants(key.span) {
                    self.unknown_key(key, fields, what);
                }
                continue;
            };
            if field.name == "measures"
                && let Yaml::Seq(items) = &value.value
                && items.len() > MAX_MEASURES
            {
                let message = Message::new(Code::TooManyMeasures).arg("count", items.len()).arg("max", MAX_MEASURES);
                self.err(value.span, message, None);
                continue;
            }
            if let Some(v) = self.value(value, &field.ty, &Place::Key(field.name)) {
                out.push((field.key(), v));
            }
        }
        let given: HashSet<&str> = entries.iter().map(|(k, _)| k.raw.as_str()).collect();
        for field in fields.iter().filter(|f| f.required) {
            if !given.contains(field.name) {
                let help = Help::new(Hint::AddKey)
                    .arg("key", field.name)
                    .arg("expected", expected(&field.ty))
                    .arg("doc", field.doc);
                self.err(
                    node.span,
                    Message::new(Code::MissingKey).arg("place", what).arg("key", field.name),
                    Some(help),
                );
            }
        }
        Some(out)
    }

    fn unknown_key(&mut self, key: &Node, fields: &[Field], what: &Place) {
        let names: Vec<&str> = fields.iter().map(|f| f.name).collect();
        // A key that exists one level down (`locations` directly in a measure) is
        // misplaced rather than misspelled.
        let nested = fields
            .iter()
            .find_map(|f| f.ty.fields().and_then(|sub| sub.iter().find(|s| s.name == key.raw)).map(|_| f.name));
        let help = if let Some(parent) = nested {
            Help::new(Hint::BelongsUnder).arg("key", &key.raw).arg("parent", parent)
        } else if let Some(s) = diag::did_you_mean(&key.raw, names.iter().copied()) {
            Help::new(Hint::DidYouMean).arg("suggestion", s)
        } else {
            Help::new(Hint::AcceptedKeysIn).arg("place", what).arg("keys", names.join(", "))
        };
        self.err(key.span, Message::new(Code::UnknownKey).arg("key", &key.raw).arg("place", what), Some(help));
    }

    /// Checks the `rule` and `measure` a waiver or an action names.
    fn check_refs(&mut self, entry: &PNode, measures: &[String], unknown_rule: Code, unknown_measure: Code) {
        // A missing or malformed `rule` has been reported already.
        let span = entry.get("rule").map_or(entry.span, |n| n.span);
        if let Some(rule) = entry.get("rule").and_then(PNode::as_str)
            && !self.ctx.rules.contains(rule)
            && self.errors.wants(span)
        {
            let help = match diag::did_you_mean(rule, self.ctx.rules.iter().map(String::as_str)) {
                Some(s) => Help::new(Hint::DidYouMeanRule).arg("suggestion", s),
                None => Hint::RulesListShowsAll.into(),
            };
            self.err(span, Message::new(unknown_rule).arg("rule", rule), Some(help));
        }
        let span = entry.get("measure").map_or(entry.span, |n| n.span);
        if let Some(m) = entry.get("measure").and_then(PNode::as_str)
            && !measures.iter().any(|id| id == m)
            && self.errors.wants(span)
        {
            let help = match diag::did_you_mean(m, measures.iter().map(String::as_str)) {
                Some(s) => Help::new(Hint::DidYouMean).arg("suggestion", s),
                None if measures.is_empty() => Hint::NoMeasuresHere.into(),
                None => Help::new(Hint::MeasuresHere).arg("ids", measures.join(", ")),
            };
            self.err(span, Message::new(unknown_measure).arg("measure", m), Some(help));
        }
    }

    /// Checks that span fields (unique measure ids, waiver references, `kind: other`),
    /// applies the `covert: false` default and extracts the engine's facts.
    fn cross_check(&mut self, mut root: PNode) -> Option<Policy> {
        let mut measures = Vec::new();
        // Id -> line of its first measure.
        let mut ids: HashMap<String, u32> = HashMap::new();
        if let Some((_, list)) = root_entry(&mut root, "measures")
            && let Value::List(items) = &mut list.value
        {
            for item in items.iter_mut() {
                let id = item.get("id").and_then(PNode::as_str).unwrap_or_default().to_string();
                let kind = item.get("kind").and_then(PNode::as_str).unwrap_or_default().to_string();
                let id_span = item.get("id").map_or(item.span, |n| n.span);
                if let Some(&line) = ids.get(&id)
                    && !id.is_empty()
                {
                    self.err(
                        id_span,
                        Message::new(Code::DuplicateMeasureId).arg("id", &id).arg("line", line),
                        Some(Hint::OwnId.into()),
                    );
                }
                if kind == "other" && item.get("description").is_none() {
                    self.err(
                        item.get("kind").map_or(item.span, |n| n.span),
                        Code::OtherNeedsDescription.into(),
                        Some(Hint::SayWhatIsCollected.into()),
                    );
                }
                if item.get("covert").is_none()
                    && let Value::Map(entries) = &mut item.value
                {
                    let covert = schema::measure().fields().and_then(|fs| fs.iter().find(|f| f.name == "covert"));
                    let covert = covert.expect("measures have `covert`").key();
                    entries.push((covert, PNode { value: Value::Bool(false), span: item.span, defaulted: true }));
                }
                ids.entry(id.clone()).or_insert(id_span.line);
                measures.push(Measure { id, kind, span: id_span });
            }
        }
        let ids_in_order: Vec<String> = measures.iter().map(|m: &Measure| m.id.clone()).collect();
        let mut waivers = Vec::new();
        for w in root.get("waivers").map(PNode::as_list).unwrap_or_default() {
            let text = |k: &str| w.get(k).and_then(PNode::as_str).map(str::to_string);
            let rule = text("rule").unwrap_or_default();
            let measure = text("measure");
            self.check_refs(w, &ids_in_order, Code::WaiverUnknownRule, Code::WaiverUnknownMeasure);
            let expires = match w.get("expires").map(|n| &n.value) {
                Some(Value::Date(d)) => *d,
                _ => continue,
            };
            waivers.push(Waiver {
                rule,
                measure,
                reason: text("reason").unwrap_or_default(),
                approved_by: text("approved_by").unwrap_or_default(),
                expires,
                agreement: w.get("agreement").map(|a| Agreement {
                    body: a.get("body").and_then(PNode::as_str).unwrap_or_default().to_string(),
                    reference: a.get("reference").and_then(PNode::as_str).map(str::to_string),
                    date: match a.get("date").map(|n| &n.value) {
                        Some(Value::Date(d)) => Some(*d),
                        _ => None,
                    },
                }),
                span: w.span,
            });
        }
        let mut actions = Vec::new();
        // Id -> line of its first action.
        let mut action_ids: HashMap<String, u32> = HashMap::new();
        for a in root.get("actions").map(PNode::as_list).unwrap_or_default() {
            let text = |k: &str| a.get(k).and_then(PNode::as_str).map(str::to_string);
            self.check_refs(a, &ids_in_order, Code::ActionUnknownRule, Code::ActionUnknownMeasure);
            let id = text("id").unwrap_or_default();
            let id_span = a.get("id").map_or(a.span, |n| n.span);
            if let Some(&line) = action_ids.get(&id)
                && !id.is_empty()
            {
                self.err(
                    id_span,
                    Message::new(Code::DuplicateActionId).arg("id", &id).arg("line", line),
                    Some(Hint::OwnActionId.into()),
                );
            }
            action_ids.entry(id.clone()).or_insert(id_span.line);
            let Some(PNode { value: Value::Date(due), span: due_span, .. }) = a.get("due") else { continue };
            actions.push(Action {
                id,
                rule: text("rule").unwrap_or_default(),
                measure: text("measure"),
                change: text("change").unwrap_or_default(),
                owner: text("owner").unwrap_or_default(),
                due: *due,
                status: text("status").unwrap_or_default(),
                evidence: text("evidence"),
                span: a.span,
                due_span: *due_span,
                status_span: a.get("status").map_or(a.span, |n| n.span),
            });
        }
        if let Some(reps) = root.path(&["review", "representatives"]) {
            match (reps.get("opinion"), reps.get("not_sought")) {
                (None, None) => {
                    self.err(reps.span, Code::RepresentativesSayNothing.into(), Some(Hint::OpinionOrNotSought.into()))
                }
                (Some(_), Some(n)) => {
                    self.err(n.span, Code::RepresentativesBoth.into(), Some(Hint::OpinionOrNotSought.into()))
                }
                _ => {}
            }
        }
        let name = root.path(&["policy", "name"]).and_then(PNode::as_str)?.to_string();
        let jurisdictions = root
            .path(&["policy", "jurisdictions"])
            .map(PNode::as_list)
            .unwrap_or_default()
            .iter()
            .filter_map(|n| n.as_str().map(str::to_string))
            .collect();
        let measures_at = match &root.value {
            Value::Map(entries) => entries.iter().position(|(k, _)| k.name() == "measures")?,
            _ => return None,
        };
        Some(Policy {
            file: self.source.name.clone(),
            root,
            name,
            jurisdictions,
            measures,
            waivers,
            actions,
            measures_at,
        })
    }
}

fn root_entry<'a>(root: &'a mut PNode, key: &str) -> Option<&'a mut (schema::Key, PNode)> {
    match &mut root.value {
        Value::Map(entries) => entries.iter_mut().find(|(k, _)| k.name() == key),
        _ => None,
    }
}

/// A place in a policy, as messages name it: "the policy", "`retention_days`",
/// "`measures`[2]". Written out only when a message needs it: validation passes
/// every key and item of every file, and almost all of them are fine.
#[derive(Clone, Copy)]
enum Place<'a> {
    Named(&'static str),
    Key(&'static str),
    Item(&'a Place<'a>, usize),
}

impl std::fmt::Display for Place<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Place::Named(name) => f.write_str(name),
            Place::Key(key) => write!(f, "`{key}`"),
            Place::Item(list, i) => write!(f, "{list}[{i}]"),
        }
    }
}

impl From<&Place<'_>> for Arg {
    fn from(place: &Place<'_>) -> Arg {
        match place {
            Place::Named(_) => Arg::Term(Term::ThePolicy),
            other => Arg::Str(other.to_string()),
        }
    }
}

fn unsupported_version(node: &Node) -> Message {
    Message::new(Code::UnsupportedVersion).arg("version", &node.raw)
}

/// What was found, for "must be ..., found ...": the scalar as written, else its kind.
fn found(node: &Node) -> Arg {
    match node.as_scalar_text() {
        Some(t) => Arg::Str(format!("`{t}`")),
        None => Arg::Term(node.kind()),
    }
}

/// What a value of `ty` is, as messages name it.
pub fn expected(ty: &Ty) -> Term {
    match ty {
        Ty::Str | Ty::NonEmptyStr => Term::Text,
        Ty::MeasureId | Ty::MeasureRef => Term::MeasureId,
        Ty::RuleRef => Term::RuleId,
        Ty::Jurisdiction => Term::JurisdictionId,
        Ty::Int { min } => Term::IntAtLeast(*min),
        Ty::Version => Term::Version,
        Ty::Bool => Term::TrueOrFalse,
        Ty::Date => Term::Date,
        Ty::Enum(_) => Term::Vocabulary,
        Ty::List { item, .. } => Term::ListOf(Box::new(match &**item {
            Ty::Enum(_) => Term::VocabularyValues,
            Ty::Map(_) => Term::Maps,
            other => expected(other),
        })),
        Ty::Map(_) => Term::Map,
    }
}

/// What is wrong with a date that is not a strict `YYYY-MM-DD`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateError {
    Form,
    NoMonth(i8),
    NoDay { year: i16, month: i8, days: i8 },
}

impl std::fmt::Display for DateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DateError::Form => f.write_str("expected the form YYYY-MM-DD"),
            DateError::NoMonth(m) => write!(f, "there is no month {m}"),
            DateError::NoDay { year, month, days } => write!(f, "month {month} of {year} has {days} days"),
        }
    }
}

/// Parses a strict `YYYY-MM-DD` date, explaining what is wrong with a bad one.
pub fn parse_date(text: &str) -> Result<Date, String> {
    check_date(text).map_err(|e| e.to_string())
}

/// Parses a strict `YYYY-MM-DD` date.
pub fn check_date(text: &str) -> Result<Date, DateError> {
    let parts: Vec<&str> = text.split('-').collect();
    let well_formed = parts.len() == 3
        && [4, 2, 2].iter().zip(&parts).all(|(n, p)| p.len() == *n && p.chars().all(|c| c.is_ascii_digit()));
    if !well_formed {
        return Err(DateError::Form);
    }
    let (y, m, d): (i16, i8, i8) = (parts[0].parse().unwrap(), parts[1].parse().unwrap(), parts[2].parse().unwrap());
    if !(1..=12).contains(&m) {
        return Err(DateError::NoMonth(m));
    }
    Date::new(y, m, d).map_err(|_| {
        let days = Date::new(y, m, 1).map(|first| first.days_in_month()).unwrap_or(31);
        DateError::NoDay { year: y, month: m, days }
    })
}
