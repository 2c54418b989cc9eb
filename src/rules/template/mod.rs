//! Rule messages as Handlebars templates, compiled once per run.
//!
//! Only rule text is ever compiled; policy text reaches a template as data, so a
//! purpose of `{{...}}` prints as written. Output is plain text (no HTML escaping
//! here): each renderer escapes for its own format.

mod direct;

use super::model::{Category, Severity, Text};
use crate::Lang;
use crate::policy::Policy;
use crate::policy::schema::{self, Ty};
use crate::policy::vocab;
use direct::Plan;
use handlebars::Context;
use handlebars::{
    Handlebars, Helper, HelperResult, Output, RenderContext, RenderErrorReason, Renderable, StringOutput, Template,
};
use serde_json::{Value as Json, json};
use std::borrow::Cow;
use std::sync::OnceLock;

/// Helpers shared by every template; the templates themselves live with their rules
/// ([`Tpl`]) and are compiled on first use.
pub struct Templates {
    en: Handlebars<'static>,
    zh: Handlebars<'static>,
    /// Renders against a sample policy where every field exists, so that a typo in a
    /// template (`{{measure.retension_days}}`) fails at load time instead of
    /// rendering as nothing.
    strict: Handlebars<'static>,
}

impl Default for Templates {
    fn default() -> Self {
        Templates::new()
    }
}

/// A rule's message or recommendation: its text, and the compiled template of each
/// language, made on first use. A check compiles only the templates of the rules
/// that fire, in the language asked for.
#[derive(Clone, Debug)]
pub struct Tpl {
    pub text: Text,
    /// Per language: whether the text has an expression at all.
    dynamic: [bool; 2],
    compiled: [OnceLock<Template>; 2],
    plans: [OnceLock<Option<Plan>>; 2],
    reads_matched: [OnceLock<bool>; 2],
    /// Text without an expression, white space folded once.
    fixed: [OnceLock<String>; 2],
}

impl Tpl {
    /// The text every finding shares, for a template without expressions, once
    /// a finding has been rendered with it.
    pub fn fixed_text(&self, lang: Lang) -> Option<&str> {
        if self.dynamic[lang as usize] { None } else { self.fixed[lang as usize].get().map(String::as_str) }
    }

    pub fn new(text: Text) -> Tpl {
        let dynamic = [Lang::En, Lang::Zh].map(|l| text.get(l).contains("{{"));
        Tpl {
            text,
            dynamic,
            compiled: Default::default(),
            plans: Default::default(),
            reads_matched: Default::default(),
            fixed: Default::default(),
        }
    }

    pub fn get(&self, lang: Lang) -> &str {
        self.text.get(lang)
    }

    /// Whether the template can read `matched`: only then need a finding collect it.
    /// A template outside the direct subset might read anything.
    pub fn reads_matched(&self, lang: Lang) -> bool {
        *self.reads_matched[lang as usize]
            .get_or_init(|| self.dynamic[lang as usize] && self.plan(lang).is_none_or(Plan::reads_matched))
    }

    /// The direct plan of the template, if it uses only what [`direct`] renders.
    fn plan(&self, lang: Lang) -> Option<&Plan> {
        self.plans[lang as usize]
            .get_or_init(|| Plan::parse(self.get(lang)).or_else(|| Plan::of(self.compiled(lang))))
            .as_ref()
    }

    fn compiled(&self, lang: Lang) -> &Template {
        self.compiled[lang as usize].get_or_init(|| {
            // Packs on disk were checked when they loaded; the built-in packs by the
            // test suite. Should a template still not compile, show its text.
            Template::compile(self.text.get(lang))
                .unwrap_or_else(|_| Template::compile(&self.text.get(lang).replace("{{", "{ {")).unwrap_or_default())
        })
    }
}

fn registry(lang: Lang, strict: bool) -> Handlebars<'static> {
    let mut r = Handlebars::new();
    r.register_escape_fn(handlebars::no_escape);
    r.set_strict_mode(strict);
    r.register_helper("join", Box::new(join));
    r.register_helper(
        "human",
        Box::new(
            move |h: &Helper,
                  _: &Handlebars,
                  _: &Context,
                  _: &mut RenderContext,
                  out: &mut dyn Output|
                  -> HelperResult {
                let value = h.param(0).ok_or(RenderErrorReason::ParamNotFoundForIndex("human", 0))?.value();
                out.write(&human(value, lang))?;
                Ok(())
            },
        ),
    );
    r
}

fn join(h: &Helper, _: &Handlebars, _: &Context, _: &mut RenderContext, out: &mut dyn Output) -> HelperResult {
    let list = h.param(0).ok_or(RenderErrorReason::ParamNotFoundForIndex("join", 0))?.value();
    let sep = h.param(1).and_then(|p| p.value().as_str()).unwrap_or(", ");
    let text = match list {
        Json::Array(items) => items.iter().map(plain).collect::<Vec<_>>().join(sep),
        other => plain(other),
    };
    out.write(&text)?;
    Ok(())
}

fn plain(v: &Json) -> String {
    match v {
        Json::String(s) => s.clone(),
        Json::Null => String::new(),
        other => other.to_string(),
    }
}

/// Readable words for vocabulary values: a list becomes "a, b and c" (zh: "a、b和c").
pub fn human(value: &Json, lang: Lang) -> String {
    let word = |v: &Json| match v {
        Json::String(s) => human_word(s, lang).into_owned(),
        other => plain(other),
    };
    match value {
        Json::Array(items) => listing(items.iter().map(word).collect(), lang),
        other => word(other),
    }
}

/// A vocabulary value in words; other text as written.
fn human_word(s: &str, lang: Lang) -> Cow<'_, str> {
    if s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-') {
        vocab::human(s, lang)
    } else {
        Cow::Borrowed(s)
    }
}

/// "a, b and c" (zh: "a、b和c").
fn listing(words: Vec<String>, lang: Lang) -> String {
    let mut out = String::new();
    let n = words.len();
    write_listing(&mut out, words.into_iter(), n, lang);
    out
}

/// [`listing`] of `n` words, written at the end of `out`.
fn write_listing<S: AsRef<str>>(out: &mut String, words: impl Iterator<Item = S>, n: usize, lang: Lang) {
    let (sep, and) = match lang {
        Lang::En => (", ", " and "),
        Lang::Zh => ("、", "和"),
    };
    for (k, word) in words.enumerate() {
        if k > 0 {
            out.push_str(if k + 1 == n { and } else { sep });
        }
        out.push_str(word.as_ref());
    }
}

/// Templates written as folded YAML may leave doubled or trailing spaces, and
/// policy text put into a message may hold line breaks: white space is folded to
/// single spaces. Works on bytes: ASCII white space never occurs inside a UTF-8
/// multi-byte character.
pub fn fold_space(s: String) -> String {
    if !needs_fold(s.as_bytes()) {
        return s;
    }
    let mut out = Vec::with_capacity(s.len());
    let mut space = false;
    for &b in s.as_bytes() {
        if matches!(b, b' ' | b'\n' | b'\r' | b'\t') {
            space = !out.is_empty();
        } else {
            if space {
                out.push(b' ');
                space = false;
            }
            out.push(b);
        }
    }
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Whether [`fold_space`] would change `b`: usually not, so this is one pass
/// without branches per byte, which the compiler vectorizes.
fn needs_fold(b: &[u8]) -> bool {
    let (Some(&first), Some(&last)) = (b.first(), b.last()) else { return false };
    let other_space = |c: u8| (c == b'\n') | (c == b'\r') | (c == b'\t');
    first == b' '
        || last == b' '
        || other_space(last)
        || b.iter().zip(&b[1..]).fold(false, |any, (&x, &y)| any | other_space(x) | ((x == b' ') & (y == b' ')))
}

impl Templates {
    pub fn new() -> Templates {
        Templates { en: registry(Lang::En, false), zh: registry(Lang::Zh, false), strict: registry(Lang::En, true) }
    }

    /// Checks both languages of a template: it compiles, and renders in strict mode
    /// against the sample data. The error says which language and what is wrong.
    pub fn check(&self, tpl: &Tpl, sample: &Json) -> Result<(), String> {
        let text = &tpl.text;
        for (lang, body) in [("en", Some(&text.en)), ("zh", text.zh.as_ref())] {
            let Some(body) = body else { continue };
            let template = match Template::compile(body) {
                Ok(t) => t,
                Err(e) => {
                    let at =
                        e.pos().map(|(l, c)| format!(" at line {l}, column {c} of the template")).unwrap_or_default();
                    return Err(format!("the {lang} text is not a valid template{at}: {}", e.reason()));
                }
            };
            if let Err(e) = render_with(&self.strict, &template, &Context::from(sample.clone())) {
                let reason = match e.reason() {
                    RenderErrorReason::MissingVariable(Some(path)) => format!(
                        "`{{{{{path}}}}}` names nothing in the data a message receives (policy, measure, rule, matched)"
                    ),
                    other => other.to_string(),
                };
                return Err(format!("the {lang} text cannot render: {reason}"));
            }
        }
        Ok(())
    }

    /// Renders a rule's template with the data of one finding, white space folded:
    /// directly where the template allows ([`direct`]), with Handlebars otherwise.
    pub fn render<'t>(&self, lang: Lang, tpl: &'t Tpl, data: &Data) -> Cow<'t, str> {
        // Text without an expression renders as itself, shared by every finding.
        if !tpl.dynamic[lang as usize] {
            return Cow::Borrowed(tpl.fixed[lang as usize].get_or_init(|| fold_space(tpl.get(lang).to_string())));
        }
        if let Some(text) = tpl.plan(lang).and_then(|plan| plan.render(data, lang)) {
            return Cow::Owned(fold_space(text));
        }
        Cow::Owned(fold_space(self.render_handlebars(lang, tpl, data)))
    }

    /// Renders with Handlebars against the data as JSON: for templates beyond the
    /// direct subset, and for tests that hold both renderings equal.
    #[doc(hidden)]
    pub fn render_handlebars(&self, lang: Lang, tpl: &Tpl, data: &Data) -> String {
        let reg = match lang {
            Lang::En => &self.en,
            Lang::Zh => &self.zh,
        };
        // Templates were checked at load; a failure here is a field that is absent
        // in this policy inside a block helper. Say so rather than lose the finding.
        render_with(reg, tpl.compiled(lang), &Context::from(data.to_json()))
            .unwrap_or_else(|e| format!("(message could not be rendered: {e})"))
    }
}

/// The data a message receives: the policy, the current measure, the rule, and
/// what made the rule fire.
pub struct Data<'a> {
    pub policy: &'a Policy,
    pub measure: Option<usize>,
    pub rule: RuleFacts<'a>,
    /// A JSON array.
    pub matched: &'a Json,
}

pub struct RuleFacts<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub category: Category,
    pub severity: Severity,
    pub pack: &'a str,
}

impl Data<'_> {
    /// The same data as JSON, as Handlebars reads it.
    pub fn to_json(&self) -> Json {
        let r = &self.rule;
        json!({
            "policy": self.policy.root.to_json(),
            "measure": self.measure.map_or(Json::Null, |i| self.policy.measure_node(i).to_json()),
            "rule": { "id": r.id, "title": r.title, "category": r.category, "severity": r.severity, "pack": r.pack },
            "matched": self.matched,
        })
    }
}

fn render_with(
    reg: &Handlebars<'static>,
    template: &Template,
    ctx: &Context,
) -> Result<String, handlebars::RenderError> {
    let mut out = StringOutput::new();
    let mut rc = RenderContext::new(None);
    template.render(reg, ctx, &mut rc, &mut out)?;
    Ok(out.into_string().unwrap_or_default())
}

/// Data with every field of the policy format present, for template checks.
pub fn sample(for_each_measure: bool) -> Json {
    let root = sample_of(schema::root());
    let mut data = json!({
        "policy": root,
        "rule": { "id": "RULE-001", "title": "Title", "category": "privacy", "severity": "high", "pack": "core" },
        "matched": ["example"],
    });
    if for_each_measure {
        data["measure"] = sample_of(schema::measure());
    }
    data
}

fn sample_of(ty: &Ty) -> Json {
    match ty {
        Ty::Map(fields) => Json::Object(fields.iter().map(|f| (f.name.to_string(), sample_of(&f.ty))).collect()),
        Ty::List { item, .. } => Json::Array(vec![sample_of(item)]),
        Ty::Int { min } => json!(min.max(&1)),
        Ty::Version => json!(1),
        Ty::Bool => json!(true),
        Ty::Date => json!("2026-01-01"),
        Ty::Enum(v) => json!(v[0]),
        Ty::Jurisdiction => json!("eu"),
        _ => json!("example"),
    }
}

#[cfg(test)]
mod tests {
    use super::fold_space;

    #[test]
    fn folds_white_space_once() {
        assert_eq!(fold_space("plain text".into()), "plain text");
        assert_eq!(fold_space(" a  b\nc\t".into()), "a b c");
        assert_eq!(fold_space("中文\n内容".into()), "中文 内容");
        assert_eq!(fold_space("x\n".into()), "x");
        assert_eq!(fold_space("a\tb".into()), "a b");
        assert_eq!(fold_space("a \r\n b".into()), "a b");
        assert_eq!(fold_space("  ".into()), "");
        assert_eq!(fold_space(" ".into()), "");
        assert_eq!(fold_space(String::new()), "");
        // Long text, the fault near the end: the whole text is looked at.
        let long = "word ".repeat(100) + "end  stop";
        assert_eq!(fold_space(long.clone()), long.replace("  ", " "));
    }
}
