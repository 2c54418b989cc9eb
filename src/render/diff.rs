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
        "waived": list(ChangeKind::Waived),
        "unwaived": list(ChangeKind::Unwaived),
        "actions": d.actions,
        "sign_off": { "old": d.sign_off.old, "new": d.sign_off.new, "invalidated": d.sign_off.invalidated() },
        "summary": {
            "added": d.count(ChangeKind::Added),
            "removed": d.count(ChangeKind::Removed),
            "changed": d.count(ChangeKind::Changed),
            "waived": d.count(ChangeKind::Waived),
            "unwaived": d.count(ChangeKind::Unwaived),
            "waived_score": d.waived_weight(),
            "actions": d.actions.len(),
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
    let waived = match (d.waived_weight(), zh) {
        (0, _) => String::new(),
        (w, false) => format!(" ({w} of it waived, not fixed)"),
        (w, true) => format!("（其中 {w} 为豁免，并未解决）"),
    };
    let _ = writeln!(out, "  {overall}: {r} · {score} {s}{waived}\n");
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
            (ChangeKind::Waived, false) => ("! waived ", word(c.old_severity.or(c.new_severity)).to_string()),
            (ChangeKind::Unwaived, false) => ("+ unwaived", word(c.new_severity).to_string()),
            (ChangeKind::Waived, true) => ("! 豁免    ", word(c.old_severity.or(c.new_severity)).to_string()),
            (ChangeKind::Unwaived, true) => ("+ 豁免结束", word(c.new_severity).to_string()),
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
        let text = match (&f.waived, c.kind) {
            (Some(w), ChangeKind::Waived) => match zh {
                false => {
                    format!("Accepted, not fixed: {} (approved by {}, until {})", w.reason, w.approved_by, w.expires)
                }
                true => format!("接受风险而非解决：{}（{} 批准，有效期至 {}）", w.reason, w.approved_by, w.expires),
            },
            _ => f.message.to_string(),
        };
        for line in super::wrap(&safe::escape_folded(&text), width.saturating_sub(13).max(30)) {
            let _ = writeln!(out, "             {line}");
        }
    }
    for a in &d.actions {
        let line = action_line(a, zh);
        out.push('\n');
        let opts = textwrap::Options::new(width.saturating_sub(2).max(30)).subsequent_indent("             ");
        for l in super::wrap(&safe::escape_folded(&line), opts) {
            let _ = writeln!(out, "  {l}");
        }
    }
    if let Some(text) = sign_off_line(d, zh) {
        out.push('\n');
        for l in super::wrap(&text, width.saturating_sub(2).max(30)) {
            let _ = writeln!(out, "  {l}");
        }
    }
    let (a, r, c) = (d.count(ChangeKind::Added), d.count(ChangeKind::Removed), d.count(ChangeKind::Changed));
    let (w, u) = (d.count(ChangeKind::Waived), d.count(ChangeKind::Unwaived));
    let more = match (w, u, zh) {
        (0, 0, _) => String::new(),
        (w, u, false) => format!(", {w} waived (accepted, not fixed), {u} no longer waived"),
        (w, u, true) => format!("，豁免 {w} 个（接受风险，并未解决），豁免结束 {u} 个"),
    };
    let fails = match (d.fails(), d.fail_on, zh) {
        (true, Some(t), false) => format!("; the new version adds a finding at or above {t}"),
        (true, Some(t), true) => format!("；新版本新增了“{t}”及以上的问题"),
        _ => String::new(),
    };
    if zh {
        let _ = writeln!(out, "\n新增 {a} 个，消除 {r} 个，变化 {c} 个{more}{fails}");
    } else {
        let _ = writeln!(out, "\n{a} added, {r} removed, {c} changed{more}{fails}");
    }
    // Wrapping may start a line with input text: none may read as a CI command.
    safe::lines_owned(out)
}

/// One change of the action plan, in words.
fn action_line(a: &crate::diff::ActionChange, zh: bool) -> String {
    let show =
        |x: &crate::review::ActionState| format!("{} ({}, {}, due {}, {})", x.id, x.rule, x.owner, x.due, x.status);
    match (a.kind, a.old, a.new, zh) {
        ("added", _, Some(n), false) => format!("+ action   {}: {}", show(n), n.change),
        ("removed", Some(o), _, false) => format!("- action   {} removed from the plan", show(o)),
        (_, Some(o), Some(n), false) => format!(
            "~ action   {}: {} changed ({} -> {})",
            n.id,
            a.fields.join(", "),
            describe_fields(o, &a.fields),
            describe_fields(n, &a.fields)
        ),
        ("added", _, Some(n), true) => format!("+ 行动     {}：{}", show(n), n.change),
        ("removed", Some(o), _, true) => format!("- 行动     {} 已从计划中删除", show(o)),
        (_, Some(o), Some(n), true) => format!(
            "~ 行动     {}：{} 已变化（{} -> {}）",
            n.id,
            a.fields.join("、"),
            describe_fields(o, &a.fields),
            describe_fields(n, &a.fields)
        ),
        _ => a.id.to_string(),
    }
}

fn describe_fields(x: &crate::review::ActionState, fields: &[&str]) -> String {
    fields
        .iter()
        .map(|f| match *f {
            "rule" => x.rule.clone(),
            "measure" => x.measure.clone().unwrap_or_default(),
            "change" => x.change.clone(),
            "owner" => x.owner.clone(),
            "due" => x.due.clone(),
            "status" => x.status.clone(),
            _ => x.evidence.clone().unwrap_or_default(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// What became of the sign-off, when anything did.
fn sign_off_line(d: &Diff, zh: bool) -> Option<String> {
    use crate::review::SignOff;
    let word = |s: SignOff| match s {
        SignOff::None => "none",
        SignOff::Current => "current",
        SignOff::Stale => "stale",
        SignOff::Unverified => "unverified",
    };
    let (old, new) = (d.sign_off.old, d.sign_off.new);
    if d.sign_off.invalidated() {
        return Some(if zh {
            "! 签批失效：旧版本的签批与其一致，新版本已被修改，须重新审查和签批。".to_string()
        } else {
            "! sign-off invalidated: the old version was signed off as it stood; the new version changed it and needs a new review and sign-off.".to_string()
        });
    }
    (old != new).then(|| {
        if zh {
            format!("~ 签批：{} -> {}", word(old), word(new))
        } else {
            format!("~ sign-off: {} -> {}", word(old), word(new))
        }
    })
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
    if d.waived_weight() > 0 {
        let _ = writeln!(out, "\n**{} of the score's change is waived risk, accepted, not fixed.**", d.waived_weight());
    }
    for (kind, title) in [
        (ChangeKind::Added, "Added"),
        (ChangeKind::Unwaived, "No longer waived"),
        (ChangeKind::Changed, "Changed"),
        (ChangeKind::Waived, "Waived: accepted, not fixed"),
        (ChangeKind::Removed, "Removed"),
    ] {
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
            let text = match (&f.waived, kind) {
                (Some(w), ChangeKind::Waived) => {
                    format!("waiver by {} until {}: {}", w.approved_by, w.expires, w.reason)
                }
                _ => f.message.to_string(),
            };
            let _ = writeln!(out, "- **{}** {}{measure}, {sev}: {}", f.rule, escape(f.title), escape(&text));
        }
    }
    if !d.actions.is_empty() {
        let _ = writeln!(out, "\n### Action plan ({})\n", d.actions.len());
        for a in &d.actions {
            let _ = writeln!(out, "- {}", escape(&action_line(a, lang == Lang::Zh)));
        }
    }
    if let Some(text) = sign_off_line(d, lang == Lang::Zh) {
        let _ = writeln!(out, "\n**{}**", escape(&text));
    }
    safe::lines_owned(out)
}
