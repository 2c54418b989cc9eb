//! Direct rendering of the templates rule texts use, without Handlebars.
//!
//! Rule messages use a small part of Handlebars: text, `{{path}}`, `{{human path}}`,
//! `{{join path "sep"}}` and `{{#if path}}...{{else}}...{{/if}}`. For a template of only
//! these, a [`Plan`] is made once: read from the text by [`Plan::parse`] for the
//! plainest templates, from Handlebars' own parse otherwise (so whitespace control,
//! escapes and comments mean what Handlebars says). A plan is rendered by reading the
//! policy tree in place: no JSON copy of the policy per check, no context per
//! finding. Anything else, or any value this module is not sure how Handlebars would
//! show, answers `None` and the caller renders with Handlebars. Tests hold the plans
//! and the renderings equal to Handlebars' for every built-in template.

use super::{Data, human, human_word, plain, write_listing};
use crate::Lang;
use crate::policy::schema::{self, Key};
use crate::policy::{PNode, Value};
use handlebars::template::{HelperTemplate, Parameter, Template, TemplateElement};
use handlebars::{JsonRender, JsonTruthy, Path as HbPath, PathSeg};
use serde_json::Value as Json;

/// A template as steps; built only when every element is one this module renders.
#[derive(Clone, Debug)]
pub struct Plan(Vec<Part>);

#[derive(Clone, Debug)]
enum Part {
    Text(String),
    Value(Path),
    Human(Path),
    Join(Path, String),
    If { path: Path, negate: bool, then: Plan, otherwise: Plan },
}

/// Where a path starts in the data a message receives, and the names below it.
#[derive(Clone, Debug)]
struct Path {
    root: Root,
    segs: Vec<String>,
    /// The names as schema keys, for a path into the policy or a measure that
    /// the schema knows: found by key as rules find fields.
    keys: Option<Vec<Key>>,
}

#[derive(Clone, Copy, Debug)]
enum Root {
    Policy,
    Measure,
    Rule,
    Matched,
}

/// A value found in the data, borrowed where it lives.
enum Found<'a> {
    Node(&'a PNode),
    Json(&'a Json),
    Str(&'a str),
    Missing,
}

impl Plan {
    /// Whether any step reads `matched`.
    pub fn reads_matched(&self) -> bool {
        self.0.iter().any(|part| match part {
            Part::Text(_) => false,
            Part::Value(p) | Part::Human(p) | Part::Join(p, _) => matches!(p.root, Root::Matched),
            Part::If { path, then, otherwise, .. } => {
                matches!(path.root, Root::Matched) || then.reads_matched() || otherwise.reads_matched()
            }
        })
    }

    /// The plan of a template read straight from its text, for the plainest
    /// templates: text, `{{path}}`, `{{human path}}`, `{{join path "sep"}}` and
    /// `{{#if}}`/`{{#unless}}` blocks with `{{else}}`, no block alone on its line.
    /// Handlebars' parser costs more than a whole cold check can spare for the
    /// dozens of messages one policy draws; anything else here is `None`, and the
    /// plan comes from Handlebars' parse ([`Plan::of`]). Tests hold the two equal.
    pub fn parse(text: &str) -> Option<Plan> {
        // Blocks open: the parts so far, and for each open block its name, path,
        // the `then` parts once `{{else}}` was seen.
        struct Open {
            name: &'static str,
            path: Path,
            negate: bool,
            then: Option<Vec<Part>>,
            outer: Vec<Part>,
        }
        let mut parts: Vec<Part> = Vec::new();
        let mut open: Vec<Open> = Vec::new();
        let mut rest = text;
        while let Some(at) = rest.find("{{") {
            let (before, after) = rest.split_at(at);
            // A backslash escapes a tag; handlebars decides what that means.
            if before.ends_with('\\') {
                return None;
            }
            let end = after.find("}}")?;
            let inner = &after[2..end];
            let following = &after[end + 2..];
            if inner.starts_with(['{', '!', '~', '>', '^', '*', '&'])
                || inner.ends_with('~')
                || inner.contains(['{', '}'])
            {
                return None;
            }
            push_text(&mut parts, before);
            let words = words(inner)?;
            let block_tag = matches!(words.first(), Some(w) if w.starts_with(['#', '/']) || *w == "else");
            // A block tag alone on its line makes Handlebars drop that line's white space.
            if block_tag && alone_on_line(before, following, parts.is_empty() && open.is_empty()) {
                return None;
            }
            match words.as_slice() {
                [block, arg] if *block == "#if" || *block == "#unless" => {
                    let path = Path::parse(arg)?;
                    let name = if *block == "#if" { "if" } else { "unless" };
                    open.push(Open {
                        name,
                        path,
                        negate: name == "unless",
                        then: None,
                        outer: std::mem::take(&mut parts),
                    });
                }
                ["else"] => {
                    let top = open.last_mut()?;
                    if top.then.is_some() {
                        return None;
                    }
                    top.then = Some(std::mem::take(&mut parts));
                }
                [close] if close.starts_with('/') => {
                    let top = open.pop()?;
                    if close[1..] != *top.name {
                        return None;
                    }
                    let (then, otherwise) = match top.then {
                        Some(then) => (then, std::mem::take(&mut parts)),
                        None => (std::mem::take(&mut parts), Vec::new()),
                    };
                    parts = top.outer;
                    parts.push(Part::If {
                        path: top.path,
                        negate: top.negate,
                        then: Plan(then),
                        otherwise: Plan(otherwise),
                    });
                }
                [path] => parts.push(Part::Value(Path::parse(path)?)),
                ["human", path] => parts.push(Part::Human(Path::parse(path)?)),
                ["join", path] => parts.push(Part::Join(Path::parse(path)?, ", ".into())),
                ["join", path, sep] => {
                    let sep = sep.strip_prefix('"')?.strip_suffix('"')?;
                    if sep.contains(['"', '\\']) {
                        return None;
                    }
                    parts.push(Part::Join(Path::parse(path)?, sep.to_string()));
                }
                _ => return None,
            }
            rest = following;
        }
        if !open.is_empty() || rest.contains("}}") {
            return None;
        }
        push_text(&mut parts, rest);
        Some(Plan(parts))
    }

    /// The plan of a compiled template, or `None` when it uses more than the subset.
    pub fn of(template: &Template) -> Option<Plan> {
        let mut parts = Vec::new();
        for element in &template.elements {
            match element {
                TemplateElement::RawString(s) => push_text(&mut parts, s),
                TemplateElement::Comment(_) => {}
                TemplateElement::Expression(h) | TemplateElement::HtmlExpression(h) => parts.push(expression(h)?),
                TemplateElement::HelperBlock(h) => parts.push(block(h)?),
                _ => return None,
            }
        }
        Some(Plan(parts))
    }

    /// The text, or `None` where Handlebars should decide.
    pub fn render(&self, data: &Data, lang: Lang) -> Option<String> {
        let mut out = String::with_capacity(256);
        self.write(data, lang, &mut out)?;
        Some(out)
    }

    fn write(&self, data: &Data, lang: Lang, out: &mut String) -> Option<()> {
        for part in &self.0 {
            match part {
                Part::Text(s) => out.push_str(s),
                Part::Value(p) => match p.find(data)? {
                    Found::Node(n) => scalar(n, out),
                    Found::Json(j) => out.push_str(&j.render()),
                    Found::Str(s) => out.push_str(s),
                    Found::Missing => {}
                },
                Part::Human(p) => match p.find(data)? {
                    Found::Node(n) => match &n.value {
                        Value::List(items) => {
                            write_listing(out, items.iter().map(|i| node_word(i, lang)), items.len(), lang)
                        }
                        _ => out.push_str(&node_word(n, lang)),
                    },
                    other => out.push_str(&human(&other.to_json(), lang)),
                },
                Part::Join(p, sep) => out.push_str(&match p.find(data)? {
                    Found::Node(n) => match &n.value {
                        Value::List(items) => items.iter().map(node_plain).collect::<Vec<_>>().join(sep),
                        _ => node_plain(n),
                    },
                    other => match other.to_json() {
                        Json::Array(items) => items.iter().map(plain).collect::<Vec<_>>().join(sep),
                        other => plain(&other),
                    },
                }),
                Part::If { path, negate, then, otherwise } => {
                    let branch = if path.find(data)?.truthy() != *negate { then } else { otherwise };
                    branch.write(data, lang, out)?;
                }
            }
        }
        Some(())
    }
}

/// The words of a tag: names and paths split at white space, a string literal
/// (`"..."`) whole.
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

/// Adds text, joined to text just before it (so that plans compare equal
/// however the text was cut).
fn push_text(parts: &mut Vec<Part>, text: &str) {
    if text.is_empty() {
        return;
    }
    match parts.last_mut() {
        Some(Part::Text(t)) => t.push_str(text),
        _ => parts.push(Part::Text(text.to_string())),
    }
}

/// Whether a tag between `before` and `after` stands alone on its line: only
/// white space between it and the line breaks (or the ends of the text) on
/// either side. `at_start` says whether `before` reaches the start of the text.
fn alone_on_line(before: &str, after: &str, at_start: bool) -> bool {
    let blank = |s: &str| s.chars().all(|c| c == ' ' || c == '\t');
    let left = match before.rfind('\n') {
        Some(i) => blank(&before[i + 1..]),
        None => at_start && blank(before),
    };
    let right = match after.find('\n') {
        Some(i) => blank(after[..i].trim_end_matches('\r')),
        None => blank(after) && !after.contains("{{"),
    };
    left && right
}

fn expression(h: &HelperTemplate) -> Option<Part> {
    if !h.hash.is_empty() || h.block_param.is_some() || h.template.is_some() || h.inverse.is_some() || h.block {
        return None;
    }
    match (&h.name, h.params.as_slice()) {
        (name, []) => Some(Part::Value(Path::of(name)?)),
        (Parameter::Name(n), [p]) if n == "human" => Some(Part::Human(Path::of(p)?)),
        (Parameter::Name(n), [p]) if n == "join" => Some(Part::Join(Path::of(p)?, ", ".into())),
        (Parameter::Name(n), [p, Parameter::Literal(Json::String(sep))]) if n == "join" => {
            Some(Part::Join(Path::of(p)?, sep.clone()))
        }
        _ => None,
    }
}

fn block(h: &HelperTemplate) -> Option<Part> {
    let Parameter::Name(name) = &h.name else { return None };
    let negate = match name.as_str() {
        "if" => false,
        "unless" => true,
        _ => return None,
    };
    if !h.hash.is_empty() || h.block_param.is_some() || h.params.len() != 1 {
        return None;
    }
    let plan = |t: &Option<Template>| t.as_ref().map_or(Some(Plan(Vec::new())), Plan::of);
    Some(Part::If { path: Path::of(&h.params[0])?, negate, then: plan(&h.template)?, otherwise: plan(&h.inverse)? })
}

impl Path {
    /// A path written in a template: plain names joined by dots.
    fn parse(text: &str) -> Option<Path> {
        if text.is_empty() || text.contains("..") || text.starts_with('.') || text.ends_with('.') {
            return None;
        }
        let segs = text.split('.').map(|s| PathSeg::Named(s.to_string())).collect();
        Path::of(&Parameter::Path(HbPath::Relative((segs, text.to_string()))))
    }

    /// A path of plain names from one of the four roots; anything else (`this`,
    /// `../`, `@index`, numbers, literals) is left to Handlebars.
    fn of(p: &Parameter) -> Option<Path> {
        let names: Vec<&str> = match p {
            Parameter::Name(n) => vec![n.as_str()],
            Parameter::Path(HbPath::Relative((segs, _))) => segs
                .iter()
                .map(|s| match s {
                    PathSeg::Named(n) => Some(n.as_str()),
                    _ => None,
                })
                .collect::<Option<_>>()?,
            _ => return None,
        };
        let plain_name = |s: &&str| {
            s.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
                && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        };
        if !names.iter().all(plain_name) {
            return None;
        }
        let root = match *names.first()? {
            "policy" => Root::Policy,
            "measure" => Root::Measure,
            "rule" => Root::Rule,
            "matched" => Root::Matched,
            _ => return None,
        };
        let segs = &names[1..];
        let keys = match root {
            Root::Policy => schema::lookup(schema::root(), segs).ok(),
            Root::Measure => schema::lookup(schema::measure(), segs).ok(),
            Root::Rule | Root::Matched => None,
        };
        Some(Path { root, segs: segs.iter().map(|s| s.to_string()).collect(), keys })
    }

    /// The value at this path below `node` (the policy or a measure).
    fn walk<'a>(&self, node: &'a PNode) -> Option<Found<'a>> {
        match &self.keys {
            Some(keys) => walk(node, keys, |k, key| k == key),
            None => walk(node, &self.segs, |k, seg| k.name() == seg),
        }
    }

    /// The value at this path, `None` where Handlebars' answer is not certain.
    fn find<'a>(&self, data: &'a Data) -> Option<Found<'a>> {
        match self.root {
            Root::Policy => self.walk(&data.policy.root),
            Root::Measure => match data.measure {
                Some(i) => self.walk(data.policy.measure_node(i)),
                None => Some(Found::Missing),
            },
            Root::Rule => {
                let r = &data.rule;
                match self.segs.as_slice() {
                    [] => None,
                    [field] => Some(match field.as_str() {
                        "id" => Found::Str(r.id),
                        "title" => Found::Str(r.title),
                        "category" => Found::Str(r.category.as_str()),
                        "severity" => Found::Str(r.severity.as_str()),
                        "pack" => Found::Str(r.pack),
                        _ => Found::Missing,
                    }),
                    _ => None,
                }
            }
            Root::Matched => self.segs.is_empty().then_some(Found::Json(data.matched)),
        }
    }
}

/// Follows `segs` down from `node`, a step to the entry whose key `is` the step.
fn walk<'a, S>(mut node: &'a PNode, segs: &[S], is: impl Fn(&Key, &S) -> bool) -> Option<Found<'a>> {
    for seg in segs {
        match &node.value {
            Value::Map(entries) => match entries.iter().find(|(k, _)| is(k, seg)) {
                Some((_, next)) => node = next,
                None => return Some(Found::Missing),
            },
            // Indexing a list or a scalar by name: Handlebars decides (an error or nothing).
            _ => return None,
        }
    }
    Some(Found::Node(node))
}

/// A value as Handlebars shows it: scalars as written, lists and maps as
/// [`JsonRender`] would.
fn scalar(node: &PNode, out: &mut String) {
    use std::fmt::Write;
    match &node.value {
        Value::Str(s) => out.push_str(s),
        Value::Int(n) => {
            let _ = write!(out, "{n}");
        }
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Date(d) => {
            let _ = write!(out, "{d}");
        }
        Value::List(_) | Value::Map(_) => out.push_str(&node.to_json().render()),
    }
}

/// [`human`] of one value, read from the tree rather than its JSON copy.
fn node_word(n: &PNode, lang: Lang) -> std::borrow::Cow<'_, str> {
    match &n.value {
        Value::Str(s) => human_word(s, lang),
        // As JSON a date is the string `YYYY-MM-DD`.
        Value::Date(d) => human_word(&d.to_string(), lang).into_owned().into(),
        _ => node_plain(n).into(),
    }
}

/// `plain` of one value, read from the tree.
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

    /// Handlebars' `if` (without `includeZero`).
    fn truthy(&self) -> bool {
        match self {
            Found::Node(n) => match &n.value {
                Value::Str(s) => !s.is_empty(),
                Value::Int(i) => (*i as f64).is_normal(),
                Value::Bool(b) => *b,
                Value::Date(_) => true,
                Value::List(v) => !v.is_empty(),
                Value::Map(m) => !m.is_empty(),
            },
            Found::Json(j) => j.is_truthy(false),
            Found::Str(s) => !s.is_empty(),
            Found::Missing => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Data, RuleFacts, Templates, Tpl, fold_space};
    use crate::Lang;
    use crate::policy::{self, Policy};
    use crate::rules::condition;
    use crate::rules::load::{self, LoadOptions};
    use crate::rules::{Category, Severity, Text};
    use crate::source::Source;
    use serde_json::{Value as Json, json};

    proptest::proptest! {
        /// Text made of template pieces: the quick reading never fails, and where it
        /// gives a plan, Handlebars' parse gives the same one.
        #[test]
        fn quick_plans_hold_for_any_text(pieces in proptest::collection::vec(proptest::sample::select(vec![
            "{{", "}}", "{{#if ", "{{#unless ", "{{else}}", "{{/if}}", "{{/unless}}", "measure.id", "measure.covert",
            "matched", "human ", "join ", "\"", "\", \"", "\\", "~", "!", " ", "\n", "\t", "x", ".", "中文", "{", "}",
        ]), 0..24)) {
            let text: String = pieces.concat();
            if let Some(q) = super::Plan::parse(&text) {
                let full = handlebars::template::Template::compile(&text).ok().and_then(|t| super::Plan::of(&t));
                proptest::prop_assert_eq!(Some(format!("{q:?}")), full.map(|f| format!("{f:?}")), "{}", text);
            }
        }
    }

    /// Templates at the edges of the subset, and whether they render directly.
    const EDGES: &[(&str, bool)] = &[
        ("a {{~ measure.id ~}} b", true),
        ("{{! a comment }}x{{!-- another --}}y", true),
        ("\\{{measure.id}} and {{measure.id}}", true),
        ("{{#if measure.retention_days}}{{measure.retention_days}} days{{else}}no limit{{/if}}", true),
        ("{{#unless measure.covert}}open{{else}}covert{{/unless}}", true),
        ("{{#if measure.processor}}{{measure.processor}}{{/if}}.", true),
        ("{{policy.version.x}}", false),
        ("{{#if policy.nothing}}x{{else if measure.covert}}y{{else}}z{{/if}}", true),
        ("{{measure.scope}} / {{measure.scope.locations}} / {{measure}} / {{policy}}", true),
        ("{{measure.retention_days}} {{measure.covert}} {{measure.no_such_field}}", true),
        ("{{policy.policy.effective_from}} {{policy.policy.name}}", true),
        ("{{rule.id}} {{rule.title}} {{rule.category}} {{rule.severity}} {{rule.pack}} [{{rule.nothing}}]", true),
        ("{{matched}} | {{join matched}} | {{join matched \" / \"}} | {{human matched}}", true),
        ("{{human measure.kind}} {{human measure.scope.locations}} {{human measure.nothing}}", true),
        ("{{join measure.scope.locations \"; \"}} {{join measure.kind}}", true),
        ("{{#if matched}}m{{/if}}{{#if measure.scope.locations}}l{{/if}}", true),
        ("{{{measure.id}}} {{{human measure.kind}}}", true),
        ("{{rule}}", false),
        ("{{measure.scope.locations.0}}", false),
        ("{{policy.measures.0.id}}", false),
        ("{{matched.0}}", false),
        ("{{#each measure.scope.locations}}{{this}};{{/each}}", false),
        ("{{join matched 3}}", false),
        ("{{#if measure.covert includeZero=true}}x{{/if}}", false),
        ("{{lookup measure \"id\"}}", false),
        ("{{human}}", false),
        ("{{nothing}}", false),
    ];

    fn policies(n: u64, rules: &crate::rules::RuleSet) -> Vec<Policy> {
        let ctx = policy::Context { packs: rules.pack_ids(), rules: rules.rule_ids(), limits: Default::default() };
        let mut out: Vec<Policy> = (0..n)
            .map(|i| Source { name: format!("gen/{i}.yaml"), text: crate::testgen::policy(i) })
            .map(|s| policy::load(&s, &ctx).expect("generated policies are valid"))
            .collect();
        for entry in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/policies")).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            out.push(policy::load(&Source { name: path.display().to_string(), text }, &ctx).unwrap());
        }
        out
    }

    /// The direct rendering, where there is one, is Handlebars' text exactly; what a
    /// finding receives is that text with white space folded.
    fn same(templates: &Templates, lang: Lang, tpl: &Tpl, data: &Data, what: &str) {
        let handlebars = templates.render_handlebars(lang, tpl, data);
        if let Some(direct) = tpl.plan(lang).and_then(|p| p.render(data, lang)) {
            assert_eq!(direct, handlebars, "{what}");
        }
        assert_eq!(templates.render(lang, tpl, data), fold_space(handlebars), "{what}");
    }

    fn facts<'a>(title: &'a str) -> RuleFacts<'a> {
        RuleFacts { id: "X-001", title, category: Category::Trust, severity: Severity::High, pack: "core" }
    }

    /// Every built-in template, in both languages, for every measure of many
    /// policies: the direct rendering is Handlebars' rendering, byte for byte.
    #[test]
    fn built_in_templates_render_as_handlebars_does() {
        let rules = load::load(load::embedded_sources(), LoadOptions::default()).unwrap();
        let templates = Templates::new();
        let mut direct = 0;
        let mut compared = 0;
        for policy in policies(12, &rules) {
            for pack in &rules.packs {
                for rule in pack.rules() {
                    let scopes: Vec<Option<usize>> =
                        if rule.for_each_measure { (0..policy.measures.len()).map(Some).collect() } else { vec![None] };
                    for measure in scopes {
                        let mut outcome = condition::Outcome::default();
                        let truth = condition::eval(&rule.when, &policy, measure, Some(&mut outcome));
                        let matched = if truth { outcome.matched } else { vec![json!("camera"), json!(3)] };
                        let matched = Json::Array(matched);
                        for lang in [Lang::En, Lang::Zh] {
                            let title = rule.title.get(lang);
                            let data = Data { policy: &policy, measure, rule: facts(title), matched: &matched };
                            for tpl in [&rule.message, &rule.recommendation] {
                                if tpl.plan(lang).is_some() {
                                    direct += 1;
                                }
                                same(
                                    &templates,
                                    lang,
                                    tpl,
                                    &data,
                                    &format!("{} ({lang:?}) on {}", rule.id, policy.file),
                                );
                                compared += 1;
                            }
                        }
                    }
                }
            }
        }
        assert!(compared > 10_000, "{compared}");
        assert_eq!(direct, compared, "every built-in template renders directly");
    }

    /// A template said not to read `matched` renders the same whatever it holds:
    /// findings of such rules skip collecting it.
    #[test]
    fn templates_that_skip_matched_do_not_read_it() {
        let rules = load::load(load::embedded_sources(), LoadOptions::default()).unwrap();
        let templates = Templates::new();
        let (none, some) = (json!([]), json!(["cafeteria", "x_y", 3]));
        let mut skipped = 0;
        let extra = [
            Tpl::new(Text { en: "{{#each this}}{{this}}{{/each}}".into(), zh: None }),
            Tpl::new(Text { en: "{{#if matched}}m{{/if}}".into(), zh: None }),
        ];
        assert!(extra.iter().all(|t| t.reads_matched(Lang::En)));
        for policy in policies(6, &rules) {
            for rule in rules.rules() {
                let measure = rule.for_each_measure.then_some(0);
                for lang in [Lang::En, Lang::Zh] {
                    for tpl in [&rule.message, &rule.recommendation] {
                        if tpl.reads_matched(lang) {
                            continue;
                        }
                        skipped += 1;
                        let data = |matched| Data { policy: &policy, measure, rule: facts("T"), matched };
                        assert_eq!(
                            templates.render(lang, tpl, &data(&none)),
                            templates.render(lang, tpl, &data(&some)),
                            "{}",
                            rule.id
                        );
                    }
                }
            }
        }
        assert!(skipped > 1000, "{skipped}");
    }

    /// Where the quick reading of a template gives a plan, it is the plan of
    /// Handlebars' parse; every built-in template gets one that way.
    #[test]
    fn quick_plans_are_handlebars_plans() {
        use handlebars::template::Template;
        let rules = load::load(load::embedded_sources(), LoadOptions::default()).unwrap();
        let mut texts: Vec<String> = Vec::new();
        for rule in rules.rules() {
            for tpl in [&rule.message, &rule.recommendation] {
                texts.push(tpl.text.en.clone());
                texts.extend(tpl.text.zh.clone());
            }
        }
        let built_in = texts.len();
        texts.extend(EDGES.iter().map(|(t, _)| t.to_string()));
        texts.extend(
            [
                "{{#if measure.covert}}\nyes\n{{/if}}",
                "a\n  {{#if measure.covert}}  \nyes{{else}}no\n{{/if}}\n",
                "{{#if measure.covert}} x {{/if}}\n{{measure.id}}",
                "x {{measure.id}} {{#if measure.covert}}\ny{{/if}}",
                "{{ measure.id }} {{join  measure.kind   \"; \" }}",
                "{{#if measure.covert}}{{#unless measure.kind}}a{{else}}b{{/unless}}{{/if}}",
                "{{#if measure.covert}}a{{/unless}}",
                "{{#if measure.covert}}a",
                "a }} b",
                "{{measure..id}} {{.measure}}",
                "{{join measure.kind \"a\\\"b\"}}",
            ]
            .map(str::to_string),
        );
        for (i, text) in texts.iter().enumerate() {
            let quick = super::Plan::parse(text);
            let full = Template::compile(text).ok().and_then(|t| super::Plan::of(&t));
            if let Some(q) = &quick {
                assert_eq!(Some(format!("{q:?}")), full.map(|f| format!("{f:?}")), "{text}");
            }
            if i < built_in {
                assert!(quick.is_some(), "a built-in template needs Handlebars' parser: {text}");
            }
        }
    }

    /// Templates at the edges of the subset, and beyond it (left to Handlebars).
    #[test]
    fn edge_templates_render_as_handlebars_does() {
        let rules = load::load(load::embedded_sources(), LoadOptions::default()).unwrap();
        let templates = Templates::new();
        for policy in policies(8, &rules) {
            for measure in (0..policy.measures.len()).map(Some).chain([None]) {
                for matched in [json!([]), json!(["cafeteria", "restroom"]), json!([0, true, "x"])] {
                    for lang in [Lang::En, Lang::Zh] {
                        let data = Data { policy: &policy, measure, rule: facts("A \"title\""), matched: &matched };
                        for &(text, planned) in EDGES {
                            let tpl = Tpl::new(Text { en: text.into(), zh: None });
                            let direct = tpl.plan(lang).and_then(|p| p.render(&data, lang)).is_some();
                            assert_eq!(direct, planned, "{text}");
                            same(
                                &templates,
                                lang,
                                &tpl,
                                &data,
                                &format!("{text} on {} measure {measure:?}", policy.file),
                            );
                        }
                    }
                }
            }
        }
    }
}
