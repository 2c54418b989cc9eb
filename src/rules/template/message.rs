//! The message language of rule texts: a small subset of Handlebars that means what
//! Handlebars means. Literal text, `{{path}}`, `{{human path}}`, `{{join path "sep"}}`,
//! `{{#if path}}…{{else}}…{{/if}}` and `{{#unless path}}…{{else}}…{{/unless}}`, with paths
//! into `policy`, `measure`, `rule` and `matched`. A template is read into a [`Plan`]
//! when its pack loads, every path checked against the policy format, and anything
//! else is a load error; a plan renders by reading the policy tree in place.

use super::{Data, fold_space, human, human_word, plain, write_listing};
use crate::Lang;
use crate::diag;
use crate::policy::schema::{self, Key, Ty};
use crate::policy::{PNode, Value};
use serde_json::Value as Json;
use std::borrow::Cow;

/// How deep `{{#if}}` and `{{#unless}}` blocks may nest.
const MAX_DEPTH: usize = 32;

/// Bytes one rendered message may hold, before white space is folded: four times
/// the largest text value of a policy (65,536 characters), so that any one value
/// fits, while a template that repeats values cannot make a finding huge.
pub(crate) const MAX_RENDERED: usize = 262_144;

/// A rendered message would pass [`MAX_RENDERED`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooLong;

const ACCEPTED: &str = "a message can use `{{path}}`, `{{human path}}`, `{{join path \"sep\"}}`, \
     `{{#if path}}…{{else}}…{{/if}}` and `{{#unless path}}…{{else}}…{{/unless}}`";

const ROOTS: &str = "the data a message receives (policy, measure, rule, matched)";

/// A template as steps, made once when the rule loads.
#[derive(Clone, Debug)]
pub(super) struct Plan(Vec<Part>);

#[derive(Clone, Debug)]
enum Part {
    Text(String),
    Value(Path),
    Human(Path),
    Join(Path, String),
    If { path: Path, negate: bool, then: Plan, otherwise: Plan },
}

/// A value in the data a message receives. Names below `policy` and `measure` are
/// schema keys, found as rules find fields.
#[derive(Clone, Debug)]
enum Path {
    Policy(Vec<Key>),
    Measure(Vec<Key>),
    Rule(RuleField),
    Matched,
}

#[derive(Clone, Copy, Debug)]
enum RuleField {
    Id,
    Title,
    Category,
    Severity,
    Pack,
}

/// A value found in the data, borrowed where it lives.
enum Found<'a> {
    Node(&'a PNode),
    Json(&'a Json),
    Str(&'a str),
    Missing,
}

/// Why a template is not in the language, and where in its text.
#[derive(Debug)]
pub(super) struct Error {
    pub line: usize,
    pub column: usize,
    pub reason: String,
}

impl Error {
    fn at(text: &str, offset: usize, reason: impl Into<String>) -> Error {
        let before = &text[..offset];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        Error {
            line: before.matches('\n').count() + 1,
            column: before[line_start..].chars().count() + 1,
            reason: reason.into(),
        }
    }
}

impl Plan {
    /// Reads a template. `measure` paths exist only in rules evaluated per measure.
    pub(super) fn parse(text: &str, for_each_measure: bool) -> Result<Plan, Error> {
        // An open block: its tag, where it starts, its path, the `then` parts once
        // `{{else}}` was seen, and the parts before it.
        struct Open<'t> {
            name: &'t str,
            at: usize,
            path: Path,
            then: Option<Vec<Part>>,
            outer: Vec<Part>,
        }
        let err = |at: usize, reason: String| Error::at(text, at, reason);
        let mut parts: Vec<Part> = Vec::new();
        let mut open: Vec<Open> = Vec::new();
        let mut pos = 0;
        // Whether only spaces and tabs precede `pos` on its line.
        let mut blank = true;
        while pos < text.len() {
            let Some(found) = text[pos..].find("{{") else { break };
            let start = pos + found;
            let before = &text[pos..start];
            if let Some(i) = before.find("}}") {
                return Err(err(pos + i, "`}}` without an opening `{{`".into()));
            }
            if before.ends_with('\\') {
                return Err(err(start - 1, format!("`\\{{{{` (an escaped tag) is not accepted; {ACCEPTED}")));
            }
            let Some(len) = text[start + 2..].find("}}") else {
                return Err(err(start, "`{{` is not closed by `}}`".into()));
            };
            let end = start + 2 + len + 2;
            let tag = &text[start..end];
            let inner = &tag[2..tag.len() - 2];
            if let Some(what) = unsupported(inner) {
                return Err(err(start, format!("{what} is not accepted; {ACCEPTED}")));
            }
            push_text(&mut parts, before);
            let words =
                words(inner).ok_or_else(|| err(start, format!("`{tag}` has a string without its closing `\"`")))?;
            let block = matches!(words.first(), Some(w) if w.starts_with(['#', '/']) || *w == "else");
            let blank_before = still_blank(blank, before);
            // A tag is not blank, so neither is the rest of its line.
            blank = false;
            if block && alone_on_line(blank_before, text, end) {
                return Err(err(
                    start,
                    format!("`{tag}` stands alone on its line; put it on a line with the text around it"),
                ));
            }
            let path = |p: &str| resolve(p, tag, for_each_measure).map_err(|reason| err(start, reason));
            match words.as_slice() {
                [name @ ("#if" | "#unless"), arg] => {
                    if open.len() == MAX_DEPTH {
                        return Err(err(start, format!("blocks nest deeper than {MAX_DEPTH} levels")));
                    }
                    let path = path(arg)?;
                    open.push(Open {
                        name: &name[1..],
                        at: start,
                        path,
                        then: None,
                        outer: std::mem::take(&mut parts),
                    });
                }
                [name @ ("#if" | "#unless"), ..] => {
                    return Err(err(
                        start,
                        format!("`{{{{{name}}}}}` takes one path, as in `{{{{{name} measure.covert}}}}`"),
                    ));
                }
                ["else"] => match open.last_mut() {
                    Some(top) if top.then.is_none() => top.then = Some(std::mem::take(&mut parts)),
                    Some(top) => {
                        return Err(err(start, format!("a second `{{{{else}}}}` in one `{{{{#{}}}}}`", top.name)));
                    }
                    None => return Err(err(start, "`{{else}}` outside `{{#if}}` or `{{#unless}}`".into())),
                },
                [close] if close.starts_with('/') => {
                    let Some(top) = open.pop() else {
                        return Err(err(start, format!("`{tag}` closes no block")));
                    };
                    if close[1..] != *top.name {
                        return Err(err(start, format!("`{tag}` closes `{{{{#{}}}}}`", top.name)));
                    }
                    let (then, otherwise) = match top.then {
                        Some(then) => (then, std::mem::take(&mut parts)),
                        None => (std::mem::take(&mut parts), Vec::new()),
                    };
                    parts = top.outer;
                    parts.push(Part::If {
                        path: top.path,
                        negate: top.name == "unless",
                        then: Plan(then),
                        otherwise: Plan(otherwise),
                    });
                }
                ["human", p] => parts.push(Part::Human(path(p)?)),
                ["join", p] => parts.push(Part::Join(path(p)?, ", ".into())),
                ["join", p, sep] => {
                    let Some(sep) =
                        sep.strip_prefix('"').and_then(|s| s.strip_suffix('"')).filter(|s| !s.contains('\\'))
                    else {
                        return Err(err(start, format!("`{tag}`: the separator is a string in `\"`, without `\\`")));
                    };
                    parts.push(Part::Join(path(p)?, sep.to_string()));
                }
                [name @ ("human" | "join"), ..] => {
                    return Err(err(
                        start,
                        format!(
                            "`{tag}`: `{name}` takes one path{}",
                            if *name == "join" { " and a separator" } else { "" }
                        ),
                    ));
                }
                [p] if !p.starts_with(['#', '/', '"']) && *p != "else" => {
                    let at = path(p)?;
                    if let Some(kind) = at.composite() {
                        return Err(err(start, format!("`{tag}` is {kind}; {}", composite_help(kind, p))));
                    }
                    parts.push(Part::Value(at));
                }
                _ => return Err(err(start, format!("`{tag}` is not part of the message language; {ACCEPTED}"))),
            }
            pos = end;
        }
        let rest = &text[pos..];
        if let Some(i) = rest.find("}}") {
            return Err(err(pos + i, "`}}` without an opening `{{`".into()));
        }
        if let Some(top) = open.last() {
            return Err(err(top.at, format!("`{{{{#{}}}}}` is not closed by `{{{{/{}}}}}`", top.name, top.name)));
        }
        push_text(&mut parts, rest);
        // Text without an expression is folded once, here, and shared by every finding.
        if let [Part::Text(s)] = parts.as_mut_slice() {
            *s = fold_space(std::mem::take(s));
        }
        Ok(Plan(parts))
    }

    /// The text for one finding, white space folded; rendering stops as soon as the
    /// text passes [`MAX_RENDERED`].
    pub(super) fn render(&self, data: &Data, lang: Lang) -> Result<Cow<'_, str>, TooLong> {
        match self.0.as_slice() {
            [Part::Text(fixed)] if fixed.len() <= MAX_RENDERED => Ok(Cow::Borrowed(fixed)),
            _ => {
                let mut out = String::with_capacity(256);
                self.write(data, lang, &mut out)?;
                Ok(Cow::Owned(fold_space(out)))
            }
        }
    }

    /// The text without a finding: every branch's text, each expression as `…`,
    /// white space folded.
    pub(super) fn sketch(&self) -> String {
        fn walk(plan: &Plan, out: &mut String) {
            for part in &plan.0 {
                match part {
                    Part::Text(s) => out.push_str(s),
                    Part::Value(_) | Part::Human(_) | Part::Join(..) => out.push('…'),
                    Part::If { then, otherwise, .. } => {
                        walk(then, out);
                        walk(otherwise, out);
                    }
                }
            }
        }
        let mut out = String::new();
        walk(self, &mut out);
        out.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    fn write(&self, data: &Data, lang: Lang, out: &mut String) -> Result<(), TooLong> {
        for part in &self.0 {
            match part {
                Part::Text(s) => out.push_str(s),
                Part::Value(p) => match p.find(data) {
                    Found::Node(n) => out.push_str(&node_plain(n)),
                    Found::Json(j) => out.push_str(&plain(j)),
                    Found::Str(s) => out.push_str(s),
                    Found::Missing => {}
                },
                Part::Human(p) => match p.find(data) {
                    Found::Node(n) => match &n.value {
                        Value::List(items) => {
                            write_listing(out, items.iter().map(|i| node_word(i, lang)), items.len(), lang)
                        }
                        _ => out.push_str(&node_word(n, lang)),
                    },
                    other => out.push_str(&human(&other.to_json(), lang)),
                },
                // Item by item: a long separator between many items could otherwise
                // build a huge text before the length is looked at.
                Part::Join(p, sep) => match p.find(data) {
                    Found::Node(n) => match &n.value {
                        Value::List(items) => join_into(out, items.iter().map(node_plain), sep)?,
                        _ => out.push_str(&node_plain(n)),
                    },
                    other => match other.to_json() {
                        Json::Array(items) => join_into(out, items.iter().map(plain), sep)?,
                        other => out.push_str(&plain(&other)),
                    },
                },
                Part::If { path, negate, then, otherwise } => {
                    let branch = if path.find(data).truthy() != *negate { then } else { otherwise };
                    branch.write(data, lang, out)?;
                }
            }
            if out.len() > MAX_RENDERED {
                return Err(TooLong);
            }
        }
        Ok(())
    }
}

/// Writes `items` separated by `sep`, stopping once `out` passes [`MAX_RENDERED`].
fn join_into(out: &mut String, items: impl Iterator<Item = String>, sep: &str) -> Result<(), TooLong> {
    for (k, item) in items.enumerate() {
        if k > 0 {
            out.push_str(sep);
        }
        out.push_str(&item);
        if out.len() > MAX_RENDERED {
            return Err(TooLong);
        }
    }
    Ok(())
}

/// What a tag's opening says it is, when that is Handlebars beyond the language.
fn unsupported(inner: &str) -> Option<&'static str> {
    Some(match inner.chars().next()? {
        '{' => "`{{{…}}}` (output without escaping: messages are plain text already)",
        '!' => "a comment (`{{!…}}`)",
        '~' => "white space control (`{{~`; white space in a message is folded to single spaces)",
        '>' => "a partial (`{{>…}}`)",
        '^' => "an inverted block (`{{^…}}`)",
        '&' => "`{{&…}}` (output without escaping: messages are plain text already)",
        '*' => "a decorator (`{{*…}}`)",
        _ if inner.ends_with('~') => "white space control (`~}}`; white space in a message is folded to single spaces)",
        _ if inner.contains(['{', '}']) => "a `{` or `}` inside a tag",
        _ => return None,
    })
}

/// The words of a tag: names and paths split at white space, a string literal
/// (`"..."`) whole; `None` for a string left open.
fn words(inner: &str) -> Option<Vec<&str>> {
    let mut out = Vec::new();
    let mut rest = inner.trim_start();
    while !rest.is_empty() {
        let end = if let Some(body) = rest.strip_prefix('"') {
            body.find('"')? + 2
        } else {
            rest.find(char::is_whitespace).unwrap_or(rest.len())
        };
        out.push(&rest[..end]);
        rest = rest[end..].trim_start();
    }
    Some(out)
}

/// Adds text, joined to text just before it.
fn push_text(parts: &mut Vec<Part>, text: &str) {
    if text.is_empty() {
        return;
    }
    match parts.last_mut() {
        Some(Part::Text(t)) => t.push_str(text),
        _ => parts.push(Part::Text(text.to_string())),
    }
}

/// Whether the tag ending at `end` stands alone on its line, given whether only
/// spaces and tabs stand between the line's start (or the text's) and the tag: then
/// only spaces and tabs may follow it up to the line break or the end. There
/// Handlebars drops the line's white space, which this language does not follow.
/// Looks only at the white space after the tag, so reading a template stays linear.
fn alone_on_line(blank_before: bool, text: &str, end: usize) -> bool {
    blank_before && text[end..].bytes().find(|b| !matches!(b, b' ' | b'\t' | b'\r')).is_none_or(|b| b == b'\n')
}

/// Whether the line holds only spaces and tabs after `text`, given whether it did
/// before it.
fn still_blank(blank: bool, text: &str) -> bool {
    let blank_run = |s: &str| s.bytes().all(|b| b == b' ' || b == b'\t');
    match text.rfind('\n') {
        Some(i) => blank_run(&text[i + 1..]),
        None => blank && blank_run(text),
    }
}

/// The path written `text` in the tag `tag`, or why it names nothing.
fn resolve(text: &str, tag: &str, for_each_measure: bool) -> Result<Path, String> {
    let nothing = |extra: String| {
        let what =
            if tag[2..tag.len() - 2].trim() == text { format!("`{tag}`") } else { format!("`{text}` in `{tag}`") };
        format!("{what} names nothing in {ROOTS}{extra}")
    };
    let plain_name = |s: &&str| {
        s.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    };
    let names: Vec<&str> = text.split('.').collect();
    if !names.iter().all(plain_name) {
        return Err(nothing(": a path is names joined by dots, such as `measure.retention_days`".into()));
    }
    let fields = |ty: &'static Ty, below: &[&str]| {
        schema::lookup(ty, below).map_err(|(i, known)| {
            let hint =
                diag::did_you_mean(below[i], known).map(|s| format!("; did you mean `{s}`?")).unwrap_or_default();
            nothing(hint)
        })
    };
    match names.as_slice() {
        ["policy", below @ ..] => Ok(Path::Policy(fields(schema::root(), below)?)),
        ["measure", below @ ..] if for_each_measure => Ok(Path::Measure(fields(schema::measure(), below)?)),
        ["measure", ..] => Err(nothing(": `measure` is there only in rules with `for_each: measure`".into())),
        ["rule", field] => Ok(Path::Rule(match *field {
            "id" => RuleField::Id,
            "title" => RuleField::Title,
            "category" => RuleField::Category,
            "severity" => RuleField::Severity,
            "pack" => RuleField::Pack,
            _ => return Err(nothing(": a rule has `id`, `title`, `category`, `severity` and `pack`".into())),
        })),
        ["rule"] => Err(nothing(": name a field, such as `rule.id`".into())),
        ["matched"] => Ok(Path::Matched),
        _ => Err(nothing(String::new())),
    }
}

fn composite_help(kind: &str, path: &str) -> String {
    if kind == "a list" {
        format!("write `{{{{join {path}}}}}` or `{{{{human {path}}}}}`")
    } else {
        "name one of its fields".into()
    }
}

impl Path {
    /// "a list" or "a group of fields" for a path that is not one value.
    fn composite(&self) -> Option<&'static str> {
        let ty = match self {
            Path::Policy(keys) => keys.last().map_or(schema::root(), |k| &k.field().ty),
            Path::Measure(keys) => keys.last().map_or(schema::measure(), |k| &k.field().ty),
            Path::Rule(_) => return None,
            Path::Matched => return Some("a list"),
        };
        match ty {
            Ty::List { .. } => Some("a list"),
            Ty::Map(_) => Some("a group of fields"),
            _ => None,
        }
    }

    fn find<'a>(&self, data: &'a Data) -> Found<'a> {
        match self {
            Path::Policy(keys) => walk(&data.policy.root, keys),
            Path::Measure(keys) => match data.measure {
                Some(i) => walk(data.policy.measure_node(i), keys),
                None => Found::Missing,
            },
            Path::Rule(field) => {
                let r = &data.rule;
                Found::Str(match field {
                    RuleField::Id => r.id,
                    RuleField::Title => r.title,
                    RuleField::Category => r.category,
                    RuleField::Severity => r.severity,
                    RuleField::Pack => r.pack,
                })
            }
            Path::Matched => Found::Json(data.matched),
        }
    }
}

/// Follows `keys` down from `node` (the policy or a measure).
fn walk<'a>(mut node: &'a PNode, keys: &[Key]) -> Found<'a> {
    for key in keys {
        let Value::Map(entries) = &node.value else { return Found::Missing };
        match entries.iter().find(|(k, _)| k == key) {
            Some((_, next)) => node = next,
            None => return Found::Missing,
        }
    }
    Found::Node(node)
}

/// [`human`] of one value, read from the tree rather than its JSON copy.
fn node_word(n: &PNode, lang: Lang) -> Cow<'_, str> {
    match &n.value {
        Value::Str(s) => human_word(s, lang),
        Value::Date(d) => human_word(&d.to_string(), lang).into_owned().into(),
        _ => node_plain(n).into(),
    }
}

/// [`plain`] of one value, read from the tree.
fn node_plain(n: &PNode) -> String {
    match &n.value {
        Value::Str(s) => s.clone(),
        Value::Int(i) => i.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Date(d) => d.to_string(),
        Value::List(_) | Value::Map(_) => plain(&n.to_json()),
    }
}

impl Found<'_> {
    fn to_json(&self) -> Json {
        match self {
            Found::Node(n) => n.to_json(),
            Found::Json(j) => (*j).clone(),
            Found::Str(s) => Json::String(s.to_string()),
            Found::Missing => Json::Null,
        }
    }

    /// Handlebars' `if`: false for a missing value, `false`, `0`, an empty text,
    /// list or map.
    fn truthy(&self) -> bool {
        match self {
            Found::Node(n) => match &n.value {
                Value::Str(s) => !s.is_empty(),
                Value::Int(i) => *i != 0,
                Value::Bool(b) => *b,
                Value::Date(_) => true,
                Value::List(v) => !v.is_empty(),
                Value::Map(m) => !m.is_empty(),
            },
            Found::Json(j) => match j {
                Json::Null => false,
                Json::Bool(b) => *b,
                Json::Number(n) => n.as_f64().is_some_and(f64::is_normal),
                Json::String(s) => !s.is_empty(),
                Json::Array(a) => !a.is_empty(),
                Json::Object(o) => !o.is_empty(),
            },
            Found::Str(s) => !s.is_empty(),
            Found::Missing => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Data, RuleFacts, Tpl};
    use crate::Lang;
    use crate::Text;
    use crate::policy::{self, Policy};
    use crate::rules::load::{self, LoadOptions};
    use crate::source::Source;
    use serde_json::json;

    const POLICY: &str = "version: 1
policy:
  name: Night shift
  jurisdictions: [eu]
  effective_date: 2026-03-01
  workforce: { headcount: 40 }
purpose:
  statement: Safety of the loading bay
measures:
  - id: cam-1
    kind: video
    retention_days: 0
    scope: { locations: [canteen, loading_bay] }
  - id: cam-2
    kind: video
    retention_days: 30
    scope: { locations: [loading_bay] }
";

    fn policy() -> &'static Policy {
        static LOADED: std::sync::LazyLock<Policy> = std::sync::LazyLock::new(|| {
            let rules = load::load(load::embedded_sources(), LoadOptions::default()).unwrap();
            let ctx = policy::Context { packs: rules.pack_ids(), rules: rules.rule_ids(), limits: Default::default() };
            policy::load(&Source::new("p.yaml", POLICY), &ctx).unwrap()
        });
        &LOADED
    }

    fn facts() -> RuleFacts<'static> {
        RuleFacts { id: "X-001", title: "A title", category: "trust", severity: "high", pack: "core" }
    }

    fn tpl(text: &str) -> Tpl {
        Tpl::new(Text { en: text.into(), zh: None }, true).unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    /// What each construct prints, for a measure and for the policy as a whole.
    #[test]
    fn renders_what_the_language_says() {
        let policy = policy();
        let matched = json!(["canteen", "x_y", 3, true]);
        let cases: &[(&str, Option<usize>, Lang, &str)] = &[
            ("plain  text\n over lines ", Some(0), Lang::En, "plain text over lines"),
            ("{{measure.id}} keeps {{measure.retention_days}} days", Some(0), Lang::En, "cam-1 keeps 0 days"),
            ("{{ measure.id }}/{{measure.covert}}/{{measure.processor}}.", Some(0), Lang::En, "cam-1/false/."),
            ("{{policy.policy.name}}, {{policy.policy.effective_date}}", None, Lang::En, "Night shift, 2026-03-01"),
            ("{{policy.policy.workforce.headcount}} workers", None, Lang::En, "40 workers"),
            ("{{measure.id}}", None, Lang::En, ""),
            ("{{human measure.scope.locations}}", Some(0), Lang::En, "canteen and loading bay"),
            ("{{human measure.scope.locations}}", Some(1), Lang::En, "loading bay"),
            ("{{human measure.kind}} {{human measure.processor}}|", Some(0), Lang::En, "video |"),
            ("{{human policy.policy.jurisdictions}}", None, Lang::En, "EU"),
            ("{{human matched}}", None, Lang::En, "canteen, x y, 3 and true"),
            ("{{human matched}}", None, Lang::Zh, "食堂、x y、3和true"),
            ("{{join matched}}", None, Lang::En, "canteen, x_y, 3, true"),
            ("{{join matched \" / \"}}", None, Lang::En, "canteen / x_y / 3 / true"),
            ("{{join measure.scope.locations \"、\"}}", Some(0), Lang::Zh, "canteen、loading_bay"),
            ("{{join measure.retention_days}}", Some(1), Lang::En, "30"),
            (
                "{{rule.id}} {{rule.title}} {{rule.category}} {{rule.severity}} {{rule.pack}}",
                None,
                Lang::En,
                "X-001 A title trust high core",
            ),
            (
                "{{#if measure.retention_days}}{{measure.retention_days}} days{{else}}no limit{{/if}}",
                Some(0),
                Lang::En,
                "no limit",
            ),
            (
                "{{#if measure.retention_days}}{{measure.retention_days}} days{{else}}no limit{{/if}}",
                Some(1),
                Lang::En,
                "30 days",
            ),
            ("{{#unless measure.covert}}open{{else}}covert{{/unless}}", Some(0), Lang::En, "open"),
            ("{{#if measure.processor}}by {{measure.processor}}{{/if}}.", Some(0), Lang::En, "."),
            ("{{#if measure.scope.locations}}l{{/if}}{{#if matched}}m{{/if}}", Some(0), Lang::En, "lm"),
            ("{{#if measure.scope}}s{{/if}}{{#if measure}}m{{/if}}{{#if rule.id}}r{{/if}}", Some(1), Lang::En, "smr"),
            (
                "a {{#if measure.covert}}x{{else}}{{#unless measure.processor}}b {{/unless}}{{/if}} c",
                Some(0),
                Lang::En,
                "a b c",
            ),
        ];
        for &(text, measure, lang, want) in cases {
            let data = Data { policy, measure, rule: facts(), matched: &matched };
            assert_eq!(tpl(text).render(lang, &data).unwrap(), want, "{text}");
        }
        let empty = json!([]);
        let data = Data { policy, measure: None, rule: facts(), matched: &empty };
        assert_eq!(
            tpl("[{{human matched}}{{join matched}}]{{#if matched}}m{{/if}}").render(Lang::En, &data).unwrap(),
            "[]"
        );
    }

    /// Each language has its own plan; Chinese falls back to English.
    #[test]
    fn languages_and_sketches() {
        let policy = policy();
        let matched = json!([]);
        let data = Data { policy, measure: Some(0), rule: facts(), matched: &matched };
        let both =
            Tpl::new(Text { en: "EN {{measure.id}}".into(), zh: Some("中文 {{measure.id}}".into()) }, true).unwrap();
        assert_eq!(both.render(Lang::En, &data).unwrap(), "EN cam-1");
        assert_eq!(both.render(Lang::Zh, &data).unwrap(), "中文 cam-1");
        let en = tpl("Only {{measure.id}}");
        assert_eq!(en.render(Lang::Zh, &data).unwrap(), "Only cam-1");
        let t = tpl(
            "Measure '{{measure.id}}'  keeps {{#if measure.covert}}covert {{human measure.kind}}{{else}}open{{/if}}\nvideo.",
        );
        assert_eq!(t.sketch(Lang::En), "Measure '…' keeps covert …open video.");
        assert_eq!(tpl(" fixed\ttext ").sketch(Lang::En), "fixed text");
    }

    /// Templates outside the language fail with a reason and a place.
    #[test]
    fn rejects_what_is_outside_the_language() {
        let cases: &[(&str, &str)] = &[
            ("{{#if measure.id}}x", "line 1, column 1 of the template: `{{#if}}` is not closed by `{{/if}}`"),
            (
                "a\nb {{#if measure.covert}}x{{/unless}}",
                "line 2, column 26 of the template: `{{/unless}}` closes `{{#if}}`",
            ),
            ("x{{/if}}", "closes no block"),
            ("x{{else}}", "outside"),
            ("{{#if measure.covert}}a{{else}}b{{else}}c{{/if}}", "a second `{{else}}`"),
            (
                "{{measure.retension_days}}",
                "`{{measure.retension_days}}` names nothing in the data a message receives (policy, measure, rule, matched); did you mean `retention_days`?",
            ),
            ("{{human measure.nothing}}", "`measure.nothing` in `{{human measure.nothing}}` names nothing"),
            ("{{nothing}}", "`{{nothing}}` names nothing"),
            ("{{rule}}", "name a field"),
            ("{{rule.nothing}}", "a rule has `id`"),
            ("{{matched.0}}", "names nothing"),
            ("{{policy.measures.0.id}}", "names nothing"),
            ("{{this}}", "names nothing"),
            ("{{../measure.id}}", "names nothing"),
            ("{{measure..id}}", "names nothing"),
            ("{{matched}}", "`{{matched}}` is a list; write `{{join matched}}` or `{{human matched}}`"),
            ("{{measure.scope.locations}}", "is a list"),
            ("{{measure.scope}}", "is a group of fields"),
            ("{{policy}}", "is a group of fields"),
            (
                "{{#each measure.scope.locations}}x{{/each}}",
                "`{{#each measure.scope.locations}}` is not part of the message language",
            ),
            ("{{lookup measure \"id\"}}", "is not part of the message language"),
            ("{{#if measure.covert includeZero=true}}x{{/if}}", "takes one path"),
            ("{{#if}}x{{/if}}", "takes one path"),
            ("{{#if measure.covert}}x{{else if measure.id}}y{{/if}}", "is not part of the message language"),
            ("{{human}}", "takes one path"),
            ("{{join matched 3}}", "the separator is a string"),
            ("{{join matched \"a\\\"b\"}}", "takes one path and a separator"),
            ("{{join matched \"a\\b\"}}", "the separator is a string"),
            ("{{join matched \"open}}", "without its closing `\"`"),
            ("{{{measure.id}}}", "`{{{…}}}`"),
            ("{{! a comment }}", "a comment"),
            ("a {{~ measure.id}}", "white space control"),
            ("a {{measure.id ~}}", "white space control"),
            ("{{> partial}}", "a partial"),
            ("{{^measure.covert}}x{{/measure.covert}}", "an inverted block"),
            ("{{&measure.id}}", "without escaping"),
            ("\\{{measure.id}}", "an escaped tag"),
            ("{{measure.id", "`{{` is not closed by `}}`"),
            ("a }} b", "`}}` without an opening `{{`"),
            ("a }} {{measure.id}}", "`}}` without an opening `{{`"),
            (
                "a\n{{#if measure.covert}}\nb{{/if}}",
                "line 2, column 1 of the template: `{{#if measure.covert}}` stands alone on its line",
            ),
            ("x{{#if measure.covert}}\n  {{else}}\nb{{/if}}", "`{{else}}` stands alone on its line"),
            ("{{measure.id}}", "`measure` is there only in rules with `for_each: measure`"),
        ];
        for (i, &(text, want)) in cases.iter().enumerate() {
            let for_each = i + 1 < cases.len();
            let err = Tpl::new(Text { en: text.into(), zh: None }, for_each).map(|_| ()).unwrap_err();
            assert!(err.contains(want), "{text}: {err}");
            assert!(err.starts_with("the en text is not a valid template at line "), "{err}");
        }
        let zh = Tpl::new(Text { en: "ok".into(), zh: Some("{{#if x}}".into()) }, true).map(|_| ()).unwrap_err();
        assert!(zh.starts_with("the zh text"), "{zh}");
        let deep = |n: usize| "{{#if measure.covert}}".repeat(n) + &"{{/if}}".repeat(n);
        assert!(Tpl::new(Text { en: deep(32), zh: None }, true).is_ok());
        let err = Tpl::new(Text { en: deep(33), zh: None }, true).map(|_| ()).unwrap_err();
        assert!(err.contains("column 705 of the template: blocks nest deeper than 32 levels"), "{err}");
    }

    proptest::proptest! {
        /// Any text made of template pieces reads as a plan or an error, and a plan
        /// renders, without a panic.
        #[test]
        fn any_text_reads_and_renders(pieces in proptest::collection::vec(proptest::sample::select(vec![
            "{{", "}}", "{{#if ", "{{#unless ", "{{else}}", "{{/if}}", "{{/unless}}", "measure.id", "measure.covert",
            "matched", "human ", "join ", "\"", "\", \"", "\\", "~", "!", " ", "\n", "\t", "x", ".", "中文", "{", "}",
        ]), 0..24)) {
            let text: String = pieces.concat();
            if let Ok(t) = Tpl::new(Text { en: text, zh: None }, true) {
                let policy = policy();
                let matched = json!(["a"]);
                let data = Data { policy, measure: Some(0), rule: facts(), matched: &matched };
                let _ = (t.render(Lang::En, &data), t.sketch(Lang::Zh));
            }
        }
    }
}
