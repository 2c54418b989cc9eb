//! Views of a [`Diff`]: table, JSON and Markdown. Policy and rule text is shown
//! escaped, as in the views of a check.

use super::markdown::escape;
use crate::Lang;
use crate::diag::safe;
use crate::diff::{ChangeKind, Diff};
use crate::finding::{CategorySummary, PolicyResult};
use crate::rules::{Category, Severity};
use serde_json::json;
use std::fmt::Write as _;

fn word(r: Option<Severity>) -> &'static str {
    r.map_or("none", Severity::as_str)
}

fn side(r: &PolicyResult) -> serde_json::Value {
    let cats: serde_json::Map<String, serde_json::Value> = Category::ALL
        .iter()
        .map(|c| (c.as_str().to_string(), serde_json::to_value(r.category(*c)).expect("serializes")))
        .collect();
    json!({
        "policy": r.file,
        "name": r.name,
        "rating": word(r.rating),
        "score": r.score,
        "categories": cats,
    })
}

pub(crate) fn json(d: &Diff) -> String {
    let list = |kind: ChangeKind| -> Vec<serde_json::Value> {
        d.changes
            .iter()
            .filter(|c| c.kind == kind)
            .map(|c| {
                let mut v = serde_json::to_value(c.finding).expect("serializes");
                v["old_severity"] = json!(c.old_severity);
                v["new_severity"] = json!(c.new_severity);
                v
            })
            .collect()
    };
    let doc = json!({
        "version": 1,
        "tool": super::json::TOOL,
        "old": side(d.old),
        "new": side(d.new),
        "added": list(ChangeKind::Added),
        "removed": list(ChangeKind::Removed),
        "changed": list(ChangeKind::Changed),
        "summary": {
            "added": d.count(ChangeKind::Added),
            "removed": d.count(ChangeKind::Removed),
            "changed": d.count(ChangeKind::Changed),
            "failed": d.fails(),
        },
    });
    super::json::pretty(&doc) + "\n"
}

fn arrow(a: &CategorySummary, b: &CategorySummary) -> (String, String) {
    let r = if a.rating == b.rating {
        word(b.rating).to_string()
    } else {
        format!("{} -> {}", word(a.rating), word(b.rating))
    };
    let s = if a.score == b.score { b.score.to_string() } else { format!("{} -> {}", a.score, b.score) };
    (r, s)
}

pub(crate) fn table(d: &Diff, width: usize, lang: Lang) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} -> {}", safe::escape(&d.old.file), safe::escape(&d.new.file));
    let overall = (
        CategorySummary { rating: d.old.rating, score: d.old.score, findings: 0 },
        CategorySummary { rating: d.new.rating, score: d.new.score, findings: 0 },
    );
    let (r, s) = arrow(&overall.0, &overall.1);
    let zh = lang == Lang::Zh;
    let (overall, score) = if zh { ("总体评级", "分数") } else { ("Overall rating", "score") };
    let _ = writeln!(out, "  {overall}: {r} · {score} {s}\n");
    let mut t = comfy_table::Table::new();
    t.load_style(comfy_table::presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(comfy_table::ContentArrangement::Dynamic)
        .set_width(width.saturating_sub(2) as u16)
        .force_no_tty();
    t.set_header(if zh { ["类别", "评级", "分数"] } else { ["Category", "Rating", "Score"] });
    for c in Category::ALL {
        let (r, s) = arrow(d.old.category(c), d.new.category(c));
        t.add_row([c.label(lang).to_string(), r, s]);
    }
    for line in t.to_string().lines() {
        let _ = writeln!(out, "  {line}");
    }
    for c in &d.changes {
        let f = c.finding;
        let (mark, sev) = match (c.kind, zh) {
            (ChangeKind::Added, false) => ("+ added  ", word(c.new_severity).to_string()),
            (ChangeKind::Removed, false) => ("- removed", word(c.old_severity).to_string()),
            (ChangeKind::Changed, false) => {
                ("~ changed", format!("{} -> {}", word(c.old_severity), word(c.new_severity)))
            }
            (ChangeKind::Added, true) => ("+ 新增    ", word(c.new_severity).to_string()),
            (ChangeKind::Removed, true) => ("- 消除    ", word(c.old_severity).to_string()),
            (ChangeKind::Changed, true) => {
                ("~ 变化    ", format!("{} -> {}", word(c.old_severity), word(c.new_severity)))
            }
        };
        let measure = f.measure.as_deref().map(|m| format!(" · {}", safe::escape_folded(m))).unwrap_or_default();
        let head = format!("{mark}  {} {} ({sev}){measure}", f.rule, safe::escape_folded(f.title));
        let opts = textwrap::Options::new(width.saturating_sub(2).max(30)).subsequent_indent("             ");
        out.push('\n');
        for line in super::wrap(&head, opts) {
            let _ = writeln!(out, "  {line}");
        }
        let file = if c.kind == ChangeKind::Removed { &d.old.file } else { &d.new.file };
        let _ = writeln!(out, "             {}:{}:{}", safe::escape(file), f.line, f.column);
        for line in super::wrap(&safe::escape_folded(&f.message), width.saturating_sub(13).max(30)) {
            let _ = writeln!(out, "             {line}");
        }
    }
    let (a, r, c) = (d.count(ChangeKind::Added), d.count(ChangeKind::Removed), d.count(ChangeKind::Changed));
    let fails = match (d.fails(), d.fail_on, zh) {
        (true, Some(t), false) => format!("; the new version adds a finding at or above {t}"),
        (true, Some(t), true) => format!("；新版本新增了“{t}”及以上的问题"),
        _ => String::new(),
    };
    if zh {
        let _ = writeln!(out, "\n新增 {a} 个，消除 {r} 个，变化 {c} 个{fails}");
    } else {
        let _ = writeln!(out, "\n{a} added, {r} removed, {c} changed{fails}");
    }
    // Wrapping may start a line with input text: none may read as a CI command.
    safe::lines_owned(out)
}

/// A file name in a code span: shown escaped, a backtick as `'`.
fn code(s: &str) -> String {
    format!("`{}`", safe::escape(s).replace('`', "'"))
}

pub(crate) fn markdown(d: &Diff, lang: Lang) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "## watchwise: {}\n", escape(&d.new.name));
    let _ = writeln!(out, "{} -> {}\n", code(&d.old.file), code(&d.new.file));
    let _ = writeln!(out, "| Category | Rating | Score |\n| --- | --- | ---: |");
    let overall = arrow(
        &CategorySummary { rating: d.old.rating, score: d.old.score, findings: 0 },
        &CategorySummary { rating: d.new.rating, score: d.new.score, findings: 0 },
    );
    let _ = writeln!(out, "| **Overall** | {} | {} |", overall.0, overall.1);
    for c in Category::ALL {
        let (r, s) = arrow(d.old.category(c), d.new.category(c));
        let _ = writeln!(out, "| {} | {r} | {s} |", c.label(lang));
    }
    for (kind, title) in
        [(ChangeKind::Added, "Added"), (ChangeKind::Changed, "Changed"), (ChangeKind::Removed, "Removed")]
    {
        let items: Vec<_> = d.changes.iter().filter(|c| c.kind == kind).collect();
        if items.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n### {title} ({})\n", items.len());
        for c in items {
            let f = c.finding;
            let sev = match kind {
                ChangeKind::Changed => format!("{} -> {}", word(c.old_severity), word(c.new_severity)),
                _ => word(c.new_severity.or(c.old_severity)).to_string(),
            };
            let measure = f.measure.as_deref().map(|m| format!(" ({})", escape(m))).unwrap_or_default();
            let _ = writeln!(out, "- **{}** {}{measure}, {sev}: {}", f.rule, escape(f.title), escape(&f.message));
        }
    }
    safe::lines_owned(out)
}
