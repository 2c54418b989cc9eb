//! The HR review report (`watchwise report`) and the HTML summary of `check`:
//! Handlebars templates from `templates/` (embedded; `--template` replaces the main
//! one), fed with the JSON result of cli.md plus prepared blocks (executive summary,
//! chart, matrix, measures, waivers). Policy text only ever arrives as data: HTML
//! output escapes it, Markdown output escapes it for Markdown.

use super::Report;
use super::bounds::{self, Budget};
use super::markdown::escape as md_escape;
use super::spill::Spill;
use crate::Lang;
use crate::diag::{Code, Diagnostic, Message, Span, safe};
use crate::finding::{Finding, PolicyResult};
use crate::policy::{PNode, Policy, vocab};
use crate::rules::load::TEMPLATE_FILES;
use crate::rules::{Category, Severity};
use handlebars::Handlebars;
use handlebars::template::Template;
use serde_json::{Value, json};
use std::sync::Arc;

#[derive(Copy, Clone, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    Html,
    Markdown,
}

impl ReportFormat {
    fn main_template(self) -> &'static str {
        match self {
            ReportFormat::Html => "report.html.hbs",
            ReportFormat::Markdown => "report.md.hbs",
        }
    }
}

/// HTML escaping, with control and bidi characters shown as `\u{..}`: a browser would
/// let a bidi override turn the text around, and the escapes keep it as written.
fn html_escape(s: &str) -> String {
    handlebars::html_escape(&safe::escape_where(s, safe::is_unsafe_in_document))
}

/// `{{link_url x}}`: `x` escaped for the place between the parentheses of a Markdown
/// link, where a code span (which `{{x}}` makes of a web address) would break the link.
/// In HTML it escapes as `{{x}}` does. With a `budget`, the text it writes is counted.
fn link_url_helper(
    format: ReportFormat,
    budget: Option<Arc<Budget>>,
) -> impl handlebars::HelperDef + Send + Sync + 'static {
    move |h: &handlebars::Helper,
          _: &Handlebars,
          _: &handlebars::Context,
          _: &mut handlebars::RenderContext,
          out: &mut dyn handlebars::Output|
          -> handlebars::HelperResult {
        let value = h.param(0).map(|p| p.value().clone()).unwrap_or(Value::Null);
        let text = match value {
            Value::String(s) => s,
            Value::Null => String::new(),
            other => other.to_string(),
        };
        let escaped = match format {
            ReportFormat::Html => html_escape(&text),
            ReportFormat::Markdown => super::markdown::escape_link(&text),
        };
        if budget.as_ref().is_some_and(|b| !b.produce(escaped.len())) {
            return Err(handlebars::RenderErrorReason::Other("the output limit is passed".into()).into());
        }
        out.write(&escaped)?;
        Ok(())
    }
}

/// The Content-Security-Policy of the HTML documents: nothing may load or run but the
/// embedded stylesheet, named by its hash.
fn csp() -> &'static str {
    static CSP: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    CSP.get_or_init(|| {
        use base64::Engine as _;
        use sha2::Digest as _;
        let style = TEMPLATE_FILES
            .iter()
            .find(|(name, _)| *name == "partials/html_style.hbs")
            .map(|(_, text)| *text)
            .expect("the stylesheet is embedded");
        let css = style
            .split_once("<style>")
            .and_then(|(_, rest)| rest.rsplit_once("</style>"))
            .map(|(css, _)| css)
            .expect("the stylesheet is one <style> element");
        let hash = base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(css.as_bytes()));
        format!("default-src 'none'; style-src 'sha256-{hash}'; base-uri 'none'; form-action 'none'")
    })
}

/// A registry with the embedded templates and partials, escaping for `format`.
fn registry(format: ReportFormat) -> Handlebars<'static> {
    registry_with(format, None)
}

/// [`registry`], counting what the escaping and `link_url` produce against `budget`.
fn registry_with(format: ReportFormat, budget: Option<&Arc<Budget>>) -> Handlebars<'static> {
    let mut r = Handlebars::new();
    r.set_strict_mode(false);
    let escape: fn(&str) -> String = match format {
        ReportFormat::Html => html_escape,
        ReportFormat::Markdown => md_escape,
    };
    match budget {
        Some(b) => {
            let b = Arc::clone(b);
            // Past the limit the text is dropped; the next step reports the limit.
            r.register_escape_fn(move |s| {
                let out = escape(s);
                if b.produce(out.len()) { out } else { String::new() }
            });
        }
        None => r.register_escape_fn(escape),
    }
    r.register_helper("link_url", Box::new(link_url_helper(format, budget.cloned())));
    for (name, t) in embedded() {
        r.register_template(name, t.clone());
    }
    r
}

/// The embedded templates and partials, compiled once per process, by the names
/// they are registered under.
fn embedded() -> &'static [(String, Template)] {
    static COMPILED: std::sync::OnceLock<Vec<(String, Template)>> = std::sync::OnceLock::new();
    COMPILED.get_or_init(|| {
        TEMPLATE_FILES
            .iter()
            .map(|(file, text)| {
                let name = file.strip_prefix("partials/").map_or(*file, |p| p.trim_end_matches(".hbs"));
                let t = Template::compile_with_name(text, name.to_string())
                    .unwrap_or_else(|e| panic!("embedded template {file} is broken: {e}"));
                (name.to_string(), t)
            })
            .collect()
    })
}

/// The helpers of every registry: Handlebars' own and `link_url`.
const HELPERS: &[&str] = &[
    "if", "unless", "each", "with", "lookup", "raw", "log", "eq", "ne", "gt", "gte", "lt", "lte", "and", "or", "not",
    "len", "link_url",
];

/// Renders `data` with the embedded main template for `format`, or with `custom`
/// (the text of a user's template, named for error messages).
pub fn render(format: ReportFormat, data: &Value, custom: Option<(&str, &str)>) -> Result<String, Diagnostic> {
    let text = match custom {
        Some((file, text)) => render_custom(format, data, file, text)?,
        None => {
            let name = format.main_template();
            registry(format).render(name, data).map_err(|e| {
                let message = Message::new(Code::TemplateCannotRender).arg("reason", e.reason().to_string());
                Diagnostic::new(name, Span::new(e.line_no.unwrap_or(1), e.column_no.unwrap_or(1), 1), message)
            })?
        }
    };
    // Policy text keeps its line breaks here; none may start a CI command.
    Ok(safe::lines_owned(text))
}

/// The HTML summary of several policies (`check --format html`), written as results
/// arrive: each policy's row of the summary table and its section are rendered then
/// and set aside, the document around them (which counts the whole run) at the end.
pub(crate) struct SummaryWriter {
    registry: Handlebars<'static>,
    lang: Lang,
    labels: Value,
    rows: Spill,
    sections: Spill,
}

/// What stands in the document for the rows and for the sections: NUL cannot come
/// out of the escaped data, which shows it as `\u{0}`.
const ROWS: &str = "\0rows\0\n";
const SECTIONS: &str = "\0sections\0\n";

impl SummaryWriter {
    pub(crate) fn new(spill: Spill, lang: Lang) -> std::io::Result<SummaryWriter> {
        let rows = spill.like()?;
        Ok(SummaryWriter { registry: registry(ReportFormat::Html), lang, labels: labels(lang), rows, sections: spill })
    }

    pub(crate) fn result(&mut self, r: &PolicyResult, index: usize) -> std::io::Result<()> {
        let mut data = result_block(r, self.lang);
        data["index"] = json!(index);
        data["t"] = self.labels.clone();
        for (template, spill) in [("summary_row", &mut self.rows), ("summary_section", &mut self.sections)] {
            let text = self.registry.render(template, &data).expect("embedded summary template renders");
            // Whole lines, so escaping them alone is escaping them in the document.
            spill.write(safe::lines(&text).as_bytes())?;
        }
        Ok(())
    }

    pub(crate) fn finish(self, report: &Report, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        let lang = self.lang;
        let categories: Vec<Value> = if report.totals.policies == 0 {
            Vec::new()
        } else {
            Category::ALL.iter().map(|c| json!({ "label": c.label(lang) })).collect()
        };
        let data = json!({
            "lang": lang_code(lang),
            "html_lang": html_lang(lang),
            "t": self.labels,
            "tool": super::json::TOOL,
            "generated": report.today,
            "categories": categories,
            "rows": ROWS.trim_end_matches('\n'),
            "sections": SECTIONS.trim_end_matches('\n'),
            "errors": report.errors.iter().map(|d| json!({"file": d.file, "line": d.span.line, "column": d.span.col, "place": d.place(), "message": d.message})).collect::<Vec<_>>(),
            "fail_on": report.fail_on.map_or("never", Severity::as_str),
            "summary": { "policies": report.totals.policies, "findings": report.active_findings(), "waived": report.waived_findings(), "baseline": report.baseline, "baselined": report.baselined },
            "csp": csp(),
        });
        let text = self.registry.render("summary.html.hbs", &data).expect("embedded summary template renders");
        let text = safe::lines(&text);
        let (head, rest) = text.split_once(ROWS).expect("the summary template places the rows");
        let (middle, tail) = rest.split_once(SECTIONS).expect("the summary template places the sections");
        out.write_all(head.as_bytes())?;
        self.rows.copy_to(out)?;
        out.write_all(middle.as_bytes())?;
        self.sections.copy_to(out)?;
        out.write_all(tail.as_bytes())
    }
}

/// Renders the HTML summary of `report`'s results.
pub(crate) fn summary_html(report: &Report) -> String {
    let mut w = SummaryWriter::new(Spill::memory(), report.lang).expect("memory takes any text");
    for (i, r) in report.results.iter().enumerate() {
        w.result(r, i).expect("memory takes any text");
    }
    let mut out = Vec::new();
    w.finish(report, &mut out).expect("memory takes any text");
    String::from_utf8(out).expect("HTML is UTF-8")
}

/// Checks a user's template (`file` holding `text`) as [`render`] does before it
/// renders: its syntax, nesting and partial calls.
pub fn check_template(file: &str, text: &str) -> Result<(), Diagnostic> {
    compile_checked(&registry(ReportFormat::Html), file, text).map(|_| ())
}

/// The name of a user's template in the registry.
const NAME: &str = "custom";

/// A user's template compiled and checked with the templates of `r` it may call,
/// and those templates, sorted by name.
fn compile_checked(
    r: &Handlebars<'static>,
    file: &str,
    text: &str,
) -> Result<(Template, Vec<(String, Template)>), Diagnostic> {
    let refused = |line: usize, col: usize, message: Message| {
        Diagnostic::new(file, Span::new(line, col, 1), message).with_source(text)
    };
    bounds::prescan(text).map_err(|r| refused(r.line, r.col, r.message))?;
    let compiled = Template::compile_with_name(text, NAME.to_string()).map_err(|e| {
        let (line, col) = e.pos().unwrap_or((1, 1));
        refused(line, col, Message::new(Code::TemplateInvalid).arg("reason", e.reason().to_string()))
    })?;
    let mut embedded: Vec<(String, Template)> =
        r.get_templates().iter().map(|(name, t)| (name.clone(), t.clone())).collect();
    embedded.sort_by(|a, b| a.0.cmp(&b.0));
    let others: Vec<(&str, &Template)> = embedded.iter().map(|(n, t)| (n.as_str(), t)).collect();
    bounds::check(NAME, &compiled, &others).map_err(|r| refused(r.line, r.col, r.message))?;
    Ok((compiled, embedded))
}

/// Renders `data` with a user's template, checked and held to the limits of
/// [`bounds`] (the embedded templates it may call as partials alike).
fn render_custom(format: ReportFormat, data: &Value, file: &str, text: &str) -> Result<String, Diagnostic> {
    render_bounded(format, data, file, text, Budget::new())
}

/// [`render_custom`] within `budget`.
fn render_bounded(
    format: ReportFormat,
    data: &Value,
    file: &str,
    text: &str,
    budget: Arc<Budget>,
) -> Result<String, Diagnostic> {
    let refused = |line: usize, col: usize, message: Message| {
        Diagnostic::new(file, Span::new(line, col, 1), message).with_source(text)
    };
    let mut r = registry_with(format, Some(&budget));
    let (compiled, embedded) = compile_checked(&r, file, text)?;
    let probes = bounds::Probes::new();
    let is_helper = |name: &str| HELPERS.contains(&name);
    for (name, mut t) in embedded.into_iter().chain([(NAME.to_string(), compiled)]) {
        bounds::instrument(&mut t, &probes, &is_helper);
        r.register_template(&name, t);
    }
    bounds::register_helpers(&mut r, &budget);
    let mut out = bounds::Capped::new(&budget);
    let rendered = r.render_to_write(NAME, data, &mut out);
    if let Some(message) = budget.refusal() {
        // The place is shown only where it is in the user's template.
        let (line, col) = match &rendered {
            Err(e) if e.template_name.as_deref().is_none_or(|n| n == NAME) => {
                (e.line_no.unwrap_or(1), e.column_no.unwrap_or(1))
            }
            _ => (1, 1),
        };
        return Err(refused(line, col, message));
    }
    rendered.map_err(|e| {
        let message = Message::new(Code::TemplateCannotRender).arg("reason", e.reason().to_string());
        Diagnostic::new(file, Span::new(e.line_no.unwrap_or(1), e.column_no.unwrap_or(1), 1), message)
    })?;
    Ok(String::from_utf8(out.text).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()))
}

#[cfg(test)]
#[path = "report_tests.rs"]
mod tests;

fn lang_code(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "en",
        Lang::Zh => "zh",
    }
}

fn html_lang(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "en",
        Lang::Zh => "zh-CN",
    }
}

fn rating_label(r: Option<Severity>, lang: Lang) -> &'static str {
    match (r, lang) {
        (Some(s), _) => s.label(lang),
        (None, Lang::En) => "none",
        (None, Lang::Zh) => "无",
    }
}

fn rating_id(r: Option<Severity>) -> &'static str {
    r.map_or("none", Severity::as_str)
}

/// A category's summary for display; `findings` is the active count.
fn category_block(r: &PolicyResult, c: Category, lang: Lang) -> Value {
    let s = r.category(c);
    json!({
        "id": c.as_str(),
        "label": c.label(lang),
        "rating": rating_id(s.rating),
        "rating_label": rating_label(s.rating, lang),
        "score": s.score,
        "findings": s.findings,
    })
}

/// One policy's result: the cli.md JSON object plus display fields.
fn result_block(r: &PolicyResult, lang: Lang) -> Value {
    let categories: Vec<Value> = Category::ALL.iter().map(|c| category_block(r, *c, lang)).collect();
    json!({
        "policy": r.file,
        "name": r.name,
        "organization": r.organization,
        "revision": r.revision,
        "jurisdictions": r.jurisdictions,
        "packs": r.packs,
        "rating": rating_id(r.rating),
        "rating_label": rating_label(r.rating, lang),
        "score": r.score,
        "categories": categories,
        "findings": r.findings.iter().map(|f| finding(f, lang)).collect::<Vec<_>>(),
        "active": r.active().count(),
        "waived": r.findings.len() - r.active().count(),
        "baselined": r.baselined.len(),
        "fingerprint": r.fingerprint,
        "warnings": r.warnings.iter().map(|d| json!({ "line": d.span.line, "column": d.span.col, "message": d.message, "help": d.help })).collect::<Vec<_>>(),
    })
}

fn finding(f: &Finding, lang: Lang) -> Value {
    let mut v = serde_json::to_value(f).expect("finding serializes");
    v["severity_label"] = json!(f.severity.label(lang));
    v["category_label"] = json!(f.category.label(lang));
    v["active"] = json!(f.active());
    v["inherent_label"] = json!(f.inherent.label(lang));
    v["lowered"] = json!(f.lowered(lang));
    v["waiver_note"] = json!(f.invalid_waiver_note(lang));
    v
}

/// Everything the report templates receive for one policy. `changes` are the
/// changes that buy most, as `watchwise plan` computes them (`render::plan::top`).
pub fn data(policy: &Policy, r: &PolicyResult, rule_count: usize, lang: Lang, today: &str, changes: &[Value]) -> Value {
    let block = result_block(r, lang);
    let t = labels(lang);
    let active: Vec<&Finding> = r.active().collect();
    // The three most important changes: the gravest first; among equals, spread over
    // categories (three fixes to one notice are less useful than one per risk), then
    // prefer the rule with most findings.
    let mut candidates: Vec<&Finding> = Vec::new();
    for f in &active {
        if !candidates.iter().any(|c| c.rule == f.rule) {
            candidates.push(f);
        }
    }
    let mut top_findings: Vec<&Finding> = Vec::new();
    while top_findings.len() < 3 && !candidates.is_empty() {
        let pick = candidates
            .iter()
            .enumerate()
            .max_by_key(|(i, c)| {
                let fresh = !top_findings.iter().any(|t| t.category == c.category);
                let count = active.iter().filter(|f| f.rule == c.rule).count();
                (c.severity, fresh, count, std::cmp::Reverse(*i))
            })
            .map(|(i, _)| i)
            .expect("candidates is not empty");
        top_findings.push(candidates.remove(pick));
    }
    let top: Vec<Value> = top_findings.iter().map(|f| finding(f, lang)).collect();
    let drivers: Vec<Value> = Category::ALL
        .iter()
        .filter(|c| r.category(**c).rating.is_some() && r.category(**c).rating == r.rating)
        .map(|c| json!({ "label": c.label(lang), "findings": r.active().filter(|f| f.category == *c && Some(f.severity) == r.rating).count() }))
        .collect();
    // Here `findings` lists every finding of the category, waived ones included.
    let by_category: Vec<Value> = Category::ALL
        .iter()
        .map(|c| {
            let mut v = category_block(r, *c, lang);
            v["findings"] = r.findings.iter().filter(|f| f.category == *c).map(|f| finding(f, lang)).collect();
            v
        })
        .collect();
    let matrix: Vec<Value> = Category::ALL
        .iter()
        .map(|c| {
            let counts: Vec<Value> = Severity::ALL
                .iter()
                .rev()
                .map(|s| {
                    let n = r.active().filter(|f| f.category == *c && f.severity == *s).count();
                    json!({ "severity": s.as_str(), "count": n })
                })
                .collect();
            let mut v = category_block(r, *c, lang);
            v["counts"] = json!(counts);
            v
        })
        .collect();
    let mut refs = Refs { jurisdictions: r.jurisdictions.clone(), list: Vec::new() };
    let action_list = actions(r, lang);
    let waivers: Vec<Value> = policy
        .waivers
        .iter()
        .map(|w| {
            let expired = r.findings.iter().any(|f| f.rule == w.rule && f.waiver_expired.is_some())
                || w.expires.to_string().as_str() < today;
            json!({
                "rule": w.rule,
                "measure": w.measure,
                "reason": w.reason,
                "approved_by": w.approved_by,
                "expires": w.expires.to_string(),
                "expired": expired,
                "waives": r.findings.iter().filter(|f| f.rule == w.rule && (w.measure.is_none() || w.measure == f.measure)).count(),
            })
        })
        .collect();
    json!({
        "lang": lang_code(lang),
        "html_lang": html_lang(lang),
        "t": t,
        "tool": super::json::TOOL,
        "generated": today,
        "result": block,
        "policy": {
            "file": policy.file,
            "name": policy.name,
            "organization": text_at(&policy.root, &["policy", "organization"]),
            "owner": text_at(&policy.root, &["policy", "owner"]),
            "revision": text_at(&policy.root, &["policy", "revision"]),
            "effective_date": text_at(&policy.root, &["policy", "effective_date"]),
            "purpose": text_at(&policy.root, &["purpose", "statement"]),
            "jurisdictions": policy.jurisdictions,
        },
        "summary": {
            "rating": rating_id(r.rating),
            "rating_label": rating_label(r.rating, lang),
            "inherent": rating_id(r.inherent),
            "inherent_label": rating_label(r.inherent, lang),
            "lowered": r.inherent != r.rating,
            "verdict": verdict(r, lang),
            "drivers": drivers,
            "top_changes": top,
            "active": active.len(),
            "waived": r.findings.len() - active.len(),
        },
        "chart_svg": chart(r, lang),
        "risk_map_svg": super::risk_map::svg(r, lang),
        "plan": changes,
        "signers": [t["for_employer"].clone(), t["for_reps"].clone()],
        "decision": decision(r, lang),
        "open_actions": action_list.iter().filter(|a| a["open"] == true).cloned().collect::<Vec<_>>(),
        "actions": action_list,
        "dpia": dpia(r, lang),
        "review": review(r, lang),
        "warnings": block["warnings"].clone(),
        "by_measure": by_measure(policy, r, lang, &mut refs),
        "appendix": appendix(r, lang, &mut refs),
        "references": refs.list,
        "csp": csp(),
        "matrix": matrix,
        "severities": Severity::ALL.iter().rev().map(|s| json!({ "id": s.as_str(), "label": s.label(lang) })).collect::<Vec<_>>(),
        "categories": by_category,
        "measures": measures(policy, r, lang),
        "waivers": waivers,
        "checked": {
            "packs": r.packs,
            "jurisdictions": r.jurisdictions,
            "rules": rule_count,
            "version": env!("CARGO_PKG_VERSION"),
        },
    })
}

/// The references of the report, numbered in the order findings cite them, only
/// those that apply to the policy's jurisdictions (and universal ones).
struct Refs {
    jurisdictions: Vec<String>,
    list: Vec<Value>,
}

impl Refs {
    /// The numbers of `f`'s references, adding those not yet listed. References to
    /// one address (articles of one law) share an entry, their titles joined.
    fn cite(&mut self, f: &Finding) -> Vec<usize> {
        let mut out = Vec::new();
        for x in f.references.iter().filter(|x| super::references::shown(x, &self.jurisdictions)) {
            let at = self.list.iter().position(|v| match &x.url {
                Some(u) => v["url"] == u.as_str(),
                None => v["url"].is_null() && v["title"] == x.title.as_str(),
            });
            let n = match at {
                Some(i) => {
                    let entry = &mut self.list[i];
                    let title = entry["title"].as_str().unwrap_or_default().to_string();
                    if !title.split("; ").any(|t| t == x.title) {
                        entry["title"] = json!(format!("{title}; {}", x.title));
                    }
                    i + 1
                }
                None => {
                    self.list.push(json!({ "n": self.list.len() + 1, "title": x.title, "url": x.url }));
                    self.list.len()
                }
            };
            if !out.contains(&n) {
                out.push(n);
            }
        }
        out
    }
}

/// Findings at or above this level are told in full in the body of the report
/// (message, safeguards, recommendation); those at [`IN_BRIEF`] by their title and
/// recommendation; those below it go to the appendix, one line each.
const IN_FULL: Severity = Severity::High;
const IN_BRIEF: Severity = Severity::Medium;

fn cited(f: &Finding, lang: Lang, refs: &mut Refs) -> Value {
    let mut v = finding(f, lang);
    v["ref_numbers"] = json!(refs.cite(f));
    v["cited"] = json!(true);
    v["lowered_only"] = json!(f.inherent != f.severity);
    v
}

/// Findings by measure (the whole policy first), gravest first. A cause (a rule)
/// that fires on several measures is told once, where it first appears; the other
/// measures name it under `also`.
fn by_measure(policy: &Policy, r: &PolicyResult, lang: Lang, refs: &mut Refs) -> Vec<Value> {
    let whole = match lang {
        Lang::En => "The policy as a whole",
        Lang::Zh => "整体政策",
    };
    let groups: Vec<(Option<&str>, String)> = std::iter::once((None, whole.to_string()))
        .chain(policy.measures.iter().map(|m| (Some(m.id.as_str()), vocab::human(&m.kind, lang).into_owned())))
        .collect();
    let mut told: Vec<&str> = Vec::new();
    let mut out = Vec::new();
    for (id, label) in groups {
        let all: Vec<&Finding> = r.findings.iter().filter(|f| f.measure.as_deref() == id).collect();
        if all.is_empty() {
            continue;
        }
        let (mut full, mut brief, mut also) = (Vec::new(), Vec::new(), Vec::new());
        for f in all.iter().filter(|f| !f.active() || f.severity >= IN_BRIEF) {
            if told.contains(&f.rule) {
                also.push(json!({ "rule": f.rule, "title": f.title, "severity": f.severity.as_str(), "severity_label": f.severity.label(lang) }));
                continue;
            }
            told.push(f.rule);
            let v = cited(f, lang, refs);
            if !f.active() || f.severity >= IN_FULL { full.push(v) } else { brief.push(v) }
        }
        let low = all.iter().filter(|f| f.active() && f.severity < IN_BRIEF).count();
        let worst = all.iter().filter(|f| f.active()).map(|f| f.severity).max();
        out.push(json!({
            "measure": id,
            "label": label,
            "rating": rating_id(worst),
            "rating_label": rating_label(worst, lang),
            "findings": full,
            "brief": brief,
            "also": also,
            "low": low,
        }));
    }
    out
}

/// Active findings below [`IN_BRIEF`], for the appendix.
fn appendix(r: &PolicyResult, lang: Lang, refs: &mut Refs) -> Vec<Value> {
    r.active().filter(|f| f.severity < IN_BRIEF).map(|f| cited(f, lang, refs)).collect()
}

fn decision(r: &PolicyResult, lang: Lang) -> Value {
    json!({
        "rating": rating_id(r.rating),
        "rating_label": rating_label(r.rating, lang),
        "inherent": rating_id(r.inherent),
        "inherent_label": rating_label(r.inherent, lang),
    })
}

fn status_label(status: &str, lang: Lang) -> &'static str {
    match (status, lang) {
        ("done", Lang::En) => "done",
        ("in_progress", Lang::En) => "in progress",
        (_, Lang::En) => "planned",
        ("done", Lang::Zh) => "已完成",
        ("in_progress", Lang::Zh) => "进行中",
        (_, Lang::Zh) => "计划中",
    }
}

fn actions(r: &PolicyResult, lang: Lang) -> Vec<Value> {
    r.actions
        .iter()
        .map(|a| {
            let mut v = serde_json::to_value(a).expect("an action serializes");
            v["status_label"] = json!(status_label(&a.status, lang));
            v["open"] = json!(a.status != "done" || a.done_but_fires);
            v
        })
        .collect()
}

fn dpia(r: &PolicyResult, lang: Lang) -> Value {
    let mut v = serde_json::to_value(&r.dpia).expect("the screening serializes");
    if let Some(criteria) = v["criteria"].as_array_mut() {
        for c in criteria {
            let id = c["id"].as_str().unwrap_or_default().to_string();
            if let Some((_, en, zh)) = crate::dpia::CRITERIA.iter().find(|(i, _, _)| *i == id) {
                c["title"] = json!(if lang == Lang::Zh { zh } else { en });
            }
        }
    }
    let recorded = r.dpia.recorded.as_str();
    let reference = match (r.dpia.gdpr, lang) {
        (true, _) => "",
        (false, Lang::En) => "For reference only: the GDPR does not apply to this policy's jurisdictions. ",
        (false, Lang::Zh) => "仅供参考：本政策所涉法域不适用 GDPR。",
    };
    v["verdict"] = json!(
        reference.to_string()
            + match (r.dpia.required, recorded, lang) {
                (true, "completed", Lang::En) => "Required, and the policy records a completed assessment.",
                (true, "in_progress", Lang::En) =>
                    "Required; the assessment is in progress and must be finished before monitoring starts.",
                (true, _, Lang::En) => "Required: two or more criteria are met, and the policy records no assessment.",
                (false, _, Lang::En) =>
                    "Not required by this screening; record why, and check the supervisory authority's list.",
                (true, "completed", Lang::Zh) => "需要进行，且政策记录了已完成的评估。",
                (true, "in_progress", Lang::Zh) => "需要进行；评估正在进行中，须在监控开始前完成。",
                (true, _, Lang::Zh) => "需要进行：满足两项或以上标准，而政策未记录任何评估。",
                (false, _, Lang::Zh) => "依本筛查无需进行；请记录理由，并核对监管机构的清单。",
            }
    );
    v
}

fn review(r: &PolicyResult, lang: Lang) -> Value {
    use crate::review::SignOff;
    let Some(rv) = &r.review else {
        return json!({
            "present": false,
            "state": "none",
            "state_text": match lang {
                Lang::En => "Not signed off: the policy records no review.",
                Lang::Zh => "未签批：政策未记录审查。",
            },
        });
    };
    let mut v = serde_json::to_value(rv).expect("a review serializes");
    v["present"] = json!(true);
    let decided = rv.decision.as_ref().map(|d| format!("{} · {} · {}", outcome_label(&d.outcome, lang), d.by, d.date));
    let text = match (rv.sign_off, lang) {
        (SignOff::Current, Lang::En) => {
            format!("Signed off ({}); the fingerprint matches this version.", decided.unwrap_or_default())
        }
        (SignOff::Current, Lang::Zh) => format!("已签批（{}）；指纹与此版本一致。", decided.unwrap_or_default()),
        (SignOff::Stale, Lang::En) => {
            "The sign-off no longer matches: the policy changed after it was signed off.".to_string()
        }
        (SignOff::Stale, Lang::Zh) => "签批已失效：政策在签批后被修改。".to_string(),
        (SignOff::Unverified, Lang::En) => {
            format!("Decided ({}), but no fingerprint records which version.", decided.unwrap_or_default())
        }
        (SignOff::Unverified, Lang::Zh) => {
            format!("已作出决定（{}），但未记录指纹，无法确认所决定的版本。", decided.unwrap_or_default())
        }
        (SignOff::None, Lang::En) => "In review: no decision is recorded yet.".to_string(),
        (SignOff::None, Lang::Zh) => "审查中：尚未记录决定。".to_string(),
    };
    v["state"] = json!(serde_json::to_value(rv.sign_off).expect("a state serializes"));
    v["state_text"] = json!(text);
    if let Some(d) = &rv.decision {
        v["decision"]["outcome_label"] = json!(outcome_label(&d.outcome, lang));
    }
    v
}

fn outcome_label(outcome: &str, lang: Lang) -> &'static str {
    match (outcome, lang) {
        ("approved", Lang::En) => "approved",
        ("approved_with_changes", Lang::En) => "approved with changes",
        (_, Lang::En) => "rejected",
        ("approved", Lang::Zh) => "批准",
        ("approved_with_changes", Lang::Zh) => "修改后批准",
        (_, Lang::Zh) => "驳回",
    }
}

fn text_at(root: &PNode, path: &[&str]) -> Value {
    root.path(path).map_or(Value::Null, |n| match n.to_json() {
        Value::String(s) => Value::String(s),
        other => Value::String(other.to_string()),
    })
}

/// The verdict for the residual rating. A policy with an open finding that the
/// employer cannot set aside alone (a rule with `waiver: never` or `requires`) never
/// reads as ready to proceed: it needs a change, or the named body's agreement.
fn verdict(r: &PolicyResult, lang: Lang) -> String {
    let ids: Vec<&str> = r
        .active()
        .filter(|f| !matches!(f.waiver_rule, crate::rules::model::WaiverRule::Employer))
        .map(|f| f.rule)
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let base = rating_verdict(r.rating, lang);
    if ids.is_empty() || r.rating.is_some_and(|s| s >= Severity::High) {
        return base.to_string();
    }
    let (en, zh) = match r.rating {
        Some(Severity::Medium) => ("Medium risk. ", "中等风险。"),
        Some(Severity::Low) => ("Low risk. ", "低风险。"),
        _ => ("", ""),
    };
    match lang {
        Lang::En => format!(
            "{en}The policy cannot proceed yet: {} must be resolved by changing the policy or with the agreement the law requires; the employer cannot waive {} alone.",
            ids.join(", "),
            if ids.len() == 1 { "it" } else { "them" }
        ),
        Lang::Zh => format!(
            "{zh}政策暂不能推进：{} 必须通过修改政策或取得法律要求的同意来解决，雇主不能单方面豁免。",
            ids.join("、")
        ),
    }
}

fn rating_verdict(r: Option<Severity>, lang: Lang) -> &'static str {
    match (r, lang) {
        (Some(Severity::Critical), Lang::En) => {
            "Critical risk. The policy should not be deployed as proposed: it includes practices that are prohibited or gravely harmful."
        }
        (Some(Severity::High), Lang::En) => {
            "High risk. Significant changes are needed before any worker is monitored under this policy."
        }
        (Some(Severity::Medium), Lang::En) => {
            "Medium risk. The policy can proceed once the recommended improvements are made."
        }
        (Some(Severity::Low), Lang::En) => "Low risk. Minor improvements are suggested.",
        (Some(Severity::Info) | None, Lang::En) => "No significant risk was found by the rules applied.",
        (Some(Severity::Critical), Lang::Zh) => "严重风险。该政策包含被禁止或危害严重的做法，不应按现方案实施。",
        (Some(Severity::High), Lang::Zh) => "高风险。在依据本政策监控任何员工之前，必须作出重大修改。",
        (Some(Severity::Medium), Lang::Zh) => "中等风险。完成建议的改进后，政策可以推进。",
        (Some(Severity::Low), Lang::Zh) => "低风险。建议作少量改进。",
        (Some(Severity::Info) | None, Lang::Zh) => "按所适用的规则，未发现明显风险。",
    }
}

fn words(node: Option<&PNode>, lang: Lang) -> String {
    let Some(node) = node else { return String::new() };
    let value = node.to_json();
    crate::rules::template::human(&value, lang)
}

fn measures(policy: &Policy, r: &PolicyResult, lang: Lang) -> Vec<Value> {
    let (not_stated, days, not_stored, breaks, off_hours) = match lang {
        Lang::En => ("not stated", "days", "not stored", "incl. breaks", "outside working hours"),
        Lang::Zh => ("未说明", "天", "不存储", "含休息时间", "含工作时间以外"),
    };
    policy
        .measures
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let node = policy.measure_node(i);
            let or = |s: String| if s.is_empty() { not_stated.to_string() } else { s };
            let mut when = words(node.path(&["timing", "mode"]), lang);
            let flag = |k: &str| node.path(&["timing", k]).is_some_and(|n| n.value == crate::policy::Value::Bool(true));
            if flag("includes_breaks") {
                when = format!("{when}, {breaks}");
            }
            if flag("outside_working_hours") {
                when = format!("{when}, {off_hours}");
            }
            let retention = match node.get("retention_days").map(|n| &n.value) {
                Some(crate::policy::Value::Int(0)) => not_stored.to_string(),
                Some(crate::policy::Value::Int(n)) => format!("{n} {days}"),
                _ => not_stated.to_string(),
            };
            let worst = r.active().find(|f| f.measure.as_deref() == Some(m.id.as_str())).map(|f| finding(f, lang));
            json!({
                "id": m.id,
                "kind": m.kind,
                "kind_label": vocab::human(&m.kind, lang).into_owned(),
                "description": node.get("description").and_then(PNode::as_str),
                "where": or(words(node.path(&["scope", "locations"]), lang)),
                "when": or(when.trim_start_matches(", ").to_string()),
                "retention": retention,
                "access": or(words(node.path(&["access", "roles"]), lang)),
                "covert": node.get("covert").is_some_and(|n| n.value == crate::policy::Value::Bool(true)),
                "worst": worst,
            })
        })
        .collect()
}

fn colour(r: Option<Severity>) -> &'static str {
    match r {
        Some(Severity::Critical) => "#7f1d1d",
        Some(Severity::High) => "#b91c1c",
        Some(Severity::Medium) => "#c2410c",
        Some(Severity::Low) => "#1d4ed8",
        Some(Severity::Info) => "#4b5563",
        None => "#15803d",
    }
}

/// A horizontal bar chart of the six category scores. Every bar carries its rating
/// and score as text, so it reads in black and white. Only watchwise's own labels go
/// in here, never policy text.
fn chart(r: &PolicyResult, lang: Lang) -> String {
    let (w, row, left, top) = (640.0, 34.0, 150.0, 8.0);
    let bar_max = w - left - 170.0;
    let h = top * 2.0 + row * 6.0;
    let title = match lang {
        Lang::En => "Risk score by category (residual, after safeguards)",
        Lang::Zh => "各类别风险分数（采取保障措施后的剩余风险）",
    };
    // Scores have no cap: the longest bar is the highest score, or 100.
    let scale = Category::ALL.iter().map(|c| r.category(*c).score).max().unwrap_or(0).max(100);
    let mut svg = format!(
        "<svg class=\"chart\" role=\"img\" aria-label=\"{title}\" viewBox=\"0 0 {w} {h}\" xmlns=\"http://www.w3.org/2000/svg\" font-family=\"inherit\" font-size=\"13\"><title>{title}</title>"
    );
    for (i, c) in Category::ALL.iter().enumerate() {
        let s = r.category(*c);
        let y = top + row * i as f64;
        let len = (f64::from(s.score) / f64::from(scale) * bar_max).max(if s.score > 0 { 3.0 } else { 0.0 });
        let label = format!("{} · {}", rating_label(s.rating, lang), s.score);
        svg.push_str(&format!(
            "<text x=\"{tx}\" y=\"{ty}\" text-anchor=\"end\" fill=\"#111827\">{name}</text>\
             <rect x=\"{left}\" y=\"{ry}\" width=\"{bar_max}\" height=\"18\" fill=\"#f3f4f6\" stroke=\"#d1d5db\" stroke-width=\"0.5\"/>\
             <rect x=\"{left}\" y=\"{ry}\" width=\"{len:.1}\" height=\"18\" fill=\"{fill}\"/>\
             <text x=\"{lx:.1}\" y=\"{ty}\" fill=\"#111827\" font-weight=\"600\">{label}</text>",
            tx = left - 10.0,
            ty = y + 14.0,
            name = c.label(lang),
            ry = y + 1.0,
            fill = colour(s.rating),
            lx = left + bar_max + 10.0,
        ));
    }
    svg.push_str("</svg>");
    svg
}

/// The words of the report: (key, English, Chinese).
const LABELS: &[(&str, &str, &str)] = &[
    ("report_title", "Workplace monitoring risk review", "职场监控风险评估报告"),
    ("organization", "Organization", "单位"),
    ("owner", "Owner", "负责人"),
    ("revision", "Revision", "版本"),
    ("effective_date", "Planned start", "计划实施日期"),
    ("generated", "Report date", "报告日期"),
    ("jurisdictions", "Jurisdictions", "适用法域"),
    ("file", "Policy file", "政策文件"),
    ("purpose", "Stated purpose", "声明的目的"),
    ("executive_summary", "Executive summary", "评估摘要"),
    ("overall_rating", "Overall rating", "总体评级"),
    ("score", "Score", "分数"),
    ("inherent", "before safeguards", "采取保障措施前"),
    ("safeguards", "Safeguards", "保障措施"),
    ("drivers", "What drives the rating", "评级的主要原因"),
    ("findings_at", "finding(s) rated", "个问题，级别为"),
    ("top_changes", "The three most important changes", "最需要优先作出的三项修改"),
    ("no_changes", "No change is required by the rules applied.", "按所适用的规则，无需修改。"),
    ("chart", "Risk by category", "各类别风险"),
    ("matrix", "Findings by category and severity", "按类别和严重程度统计的问题"),
    ("category", "Category", "类别"),
    ("total", "Total", "合计"),
    ("measures", "Measures", "监控措施"),
    ("measure", "Measure", "措施"),
    ("kind", "Kind", "类型"),
    ("where", "Where", "地点"),
    ("when", "When", "时间"),
    ("retention", "Retention", "保存期限"),
    ("access", "Who sees it", "可查看人员"),
    ("worst", "Worst finding", "最严重的问题"),
    ("covert", "covert", "秘密"),
    ("none", "none", "无"),
    ("findings", "Findings by category", "按类别列出的问题"),
    ("no_findings", "No findings in this category.", "此类别未发现问题。"),
    ("recommendation", "Recommendation", "建议"),
    ("references", "References", "依据"),
    ("location", "Location", "位置"),
    ("rule", "Rule", "规则"),
    ("severity", "Severity", "严重程度"),
    ("waived", "Waived", "已豁免"),
    ("waived_count", "waived", "已豁免"),
    ("baselined_count", "in the baseline (not counted)", "个在基线中（不计入）"),
    ("waived_until", "waived until", "豁免有效期至"),
    ("waiver_expired", "waiver expired", "豁免已过期"),
    ("waivers", "Waivers (accepted risks)", "豁免（已接受的风险）"),
    ("no_waivers", "The policy records no waivers.", "该政策未记录任何豁免。"),
    ("reason", "Reason", "理由"),
    ("approved_by", "Approved by", "批准人"),
    ("expires", "Expires", "到期日"),
    ("expired", "EXPIRED", "已过期"),
    ("checked", "What was checked", "检查范围"),
    ("packs", "Rule packs", "规则包"),
    ("rules", "Rules evaluated", "已评估的规则数"),
    ("tool", "Tool", "工具"),
    ("signoff", "Review and sign-off", "审核与签署"),
    ("reviewer", "Reviewer", "审核人"),
    ("role", "Role", "职务"),
    ("date", "Date", "日期"),
    ("decision", "Decision", "结论"),
    ("approve", "Approve", "批准"),
    ("approve_changes", "Approve with the changes above", "按上述修改后批准"),
    ("reject", "Reject", "不予批准"),
    ("signature", "Signature", "签名"),
    (
        "disclaimer",
        "This report is produced by automated rules that encode published laws, regulatory guidance and good practice. It is not legal advice. Have the policy reviewed by a qualified lawyer for each jurisdiction before it is deployed.",
        "本报告由自动化规则生成，规则依据已公布的法律、监管指引和良好实践编写，不构成法律意见。政策实施前，请由熟悉各相关法域的合格律师进行审阅。",
    ),
    ("policies", "Policies", "政策"),
    ("policy", "Policy", "政策"),
    ("rating", "Rating", "评级"),
    ("summary_title", "Workplace monitoring policies: risk summary", "职场监控政策风险汇总"),
    ("not_checked", "Files that could not be checked", "无法检查的文件"),
    ("active_findings", "active findings", "个有效问题"),
    ("decision_title", "Decision", "决定"),
    ("residual", "Residual risk", "剩余风险"),
    ("inherent_risk", "Inherent risk", "固有风险"),
    (
        "risk_map_note",
        "Each finding placed by its level before safeguards (across) and after them (up); the framed diagonal is what no safeguard lowered.",
        "每个问题按其采取保障措施前（横轴）和之后（纵轴）的等级放置；加框的对角线表示未被任何保障措施降低的问题。",
    ),
    ("plan_title", "Changes that lower the risk most", "最能降低风险的变更"),
    (
        "plan_note",
        "Each change was applied to the policy and the rules run again: the figures are computed, not estimated. `watchwise plan` lists them all.",
        "每项变更都已应用到政策上并重新运行规则：数字为计算所得，而非估计。`watchwise plan` 列出全部变更。",
    ),
    ("change", "Change", "变更"),
    ("effect", "Effect", "效果"),
    ("after", "Afterwards", "变更后"),
    (
        "no_plan",
        "No change of a field lowers the score: what is left needs a decision (give up a measure, rewrite the purpose, or record an agreement).",
        "修改字段无法降低分数：剩余问题需要做出决定（取消措施、改写目的或记录协议）。",
    ),
    ("open_actions", "Open actions", "未完成的行动"),
    ("no_open_actions", "No open action.", "没有未完成的行动。"),
    ("action_plan", "Action plan", "行动计划"),
    ("no_actions", "The policy records no action plan.", "政策未记录行动计划。"),
    ("action", "Action", "行动"),
    ("due", "Due", "期限"),
    ("status", "Status", "状态"),
    ("evidence", "Evidence", "证据"),
    ("overdue", "overdue", "已逾期"),
    ("done_but_fires", "done, but the finding still fires", "已完成，但问题仍然存在"),
    ("dpia_title", "Impact assessment (WP248 screening)", "影响评估（WP248 筛查）"),
    ("criteria_met", "criteria of nine met", "项标准（共九项）已满足"),
    ("met", "met", "满足"),
    ("not_met", "not met", "不满足"),
    ("unknown", "not recorded", "未记录"),
    ("sign_off_state", "Sign-off", "签批"),
    ("attention", "Needs attention", "需要注意"),
    ("findings_by_measure", "Findings by measure", "按措施列出的问题"),
    ("low_in_appendix", "Findings of low level, listed in the appendix:", "低等级问题（列于附录）："),
    ("appendix", "Appendix: findings of low level", "附录：低等级问题"),
    ("sources", "Sources", "依据"),
    ("review_record", "Review record", "审查记录"),
    ("author", "Author", "编写人"),
    ("dpo_opinion", "Data protection officer", "数据保护官"),
    ("reps_opinion", "Workers' representatives", "职工代表"),
    ("not_sought", "Not sought", "未征求意见"),
    ("fingerprint", "Fingerprint", "指纹"),
    ("for_employer", "For the employer", "雇主方"),
    ("for_reps", "For the workers' representatives", "职工代表方"),
    ("name", "Name", "姓名"),
    ("also_here", "Also here (told above)", "此处同样存在（见上文）"),
];

/// The words of the report, in English or Chinese, as the `t` object of the data.
pub(crate) fn labels(lang: Lang) -> Value {
    let map: serde_json::Map<String, Value> =
        LABELS.iter().map(|(k, en, zh)| (k.to_string(), json!(if lang == Lang::Zh { zh } else { en }))).collect();
    Value::Object(map)
}
