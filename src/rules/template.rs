//! Rule messages as Handlebars templates, compiled once per run.
//!
//! Only rule text is ever compiled; policy text reaches a template as data, so a
//! purpose of `{{...}}` prints as written. Output is plain text (no HTML escaping
//! here): each renderer escapes for its own format.

use super::model::Text;
use crate::Lang;
use crate::policy::schema::{self, Ty};
use crate::policy::vocab;
use handlebars::{Context, Handlebars, Helper, HelperResult, Output, RenderContext, RenderErrorReason};
use serde_json::{Value as Json, json};

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
        Json::String(s) if s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-') => {
            vocab::human(s, lang)
        }
        other => plain(other),
    };
    match value {
        Json::Array(items) => {
            let words: Vec<String> = items.iter().map(word).collect();
            let (sep, and) = match lang {
                Lang::En => (", ", " and "),
                Lang::Zh => ("、", "和"),
            };
            match words.len() {
                0 => String::new(),
                1 => words[0].clone(),
                n => format!("{}{and}{}", words[..n - 1].join(sep), words[n - 1]),
            }
        }
        other => word(other),
    }
}

impl Templates {
    pub fn new() -> Templates {
        Templates { en: registry(Lang::En, false), zh: registry(Lang::Zh, false), strict: registry(Lang::En, true) }
    }

    /// Compiles `text` under `name` for both languages, checking each version against
    /// the sample data. The error says which language and what is wrong.
    pub fn add(&mut self, name: &str, text: &Text, sample: &Json) -> Result<(), String> {
        for (lang, body) in [("en", Some(&text.en)), ("zh", text.zh.as_ref())] {
            let Some(body) = body else { continue };
            if let Err(e) = self.strict.register_template_string(name, body) {
                let at = e.pos().map(|(l, c)| format!(" at line {l}, column {c} of the template")).unwrap_or_default();
                return Err(format!("the {lang} text is not a valid template{at}: {}", e.reason()));
            }
            if let Err(e) = self.strict.render(name, sample) {
                let reason = match e.reason() {
                    RenderErrorReason::MissingVariable(Some(path)) => format!(
                        "`{{{{{path}}}}}` names nothing in the data a message receives (policy, measure, rule, matched)"
                    ),
                    other => other.to_string(),
                };
                return Err(format!("the {lang} text cannot render: {reason}"));
            }
        }
        self.en.register_template_string(name, &text.en).map_err(|e| e.to_string())?;
        let zh = text.zh.as_ref().unwrap_or(&text.en);
        self.zh.register_template_string(name, zh).map_err(|e| e.to_string())?;
        Ok(())
    }

    pub fn render(&self, lang: Lang, name: &str, data: &Json) -> String {
        let reg = match lang {
            Lang::En => &self.en,
            Lang::Zh => &self.zh,
        };
        // Templates were checked at load; a failure here is a field that is absent
        // in this policy inside a block helper. Fall back to the raw text rather than
        // losing the finding.
        reg.render(name, data).unwrap_or_else(|e| format!("(message could not be rendered: {e})"))
    }
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
