//! `watchwise plan`: the ranked changes, and the steps to a target, as a table,
//! JSON, Markdown or SARIF with `fixes`.

use super::Report;
use crate::Lang;
use crate::diag::safe;
use crate::finding::PolicyResult;
use crate::plan::{Change, Edit, EditOp, Effect, Step};
use crate::policy::Policy;
use crate::rules::Severity;
use serde_json::{Value, json};
use std::collections::HashMap;

/// A plan, as every renderer reads it.
pub(crate) struct Plan<'a> {
    pub policy: &'a Policy,
    pub base: &'a PolicyResult<'a>,
    pub changes: &'a [Change],
    /// `--target`: the level, the steps, and whether they reach it.
    pub target: Option<(Option<Severity>, &'a [Step<'a>], bool)>,
    pub lang: Lang,
    /// Changes the budget left untried (a very large policy).
    pub untried: usize,
}

impl Plan<'_> {
    /// The policy each step starts from.
    fn before(&self, step: usize) -> &Policy {
        match step {
            0 => self.policy,
            i => &self.target.expect("steps have a target").1[i - 1].policy,
        }
    }
}

fn rating(r: Option<Severity>) -> &'static str {
    r.map_or("none", Severity::as_str)
}

fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::En => &EN,
        Lang::Zh => &ZH,
    }
}

struct Words {
    now: &'static str,
    heading: &'static str,
    none: &'static str,
    more: &'static str,
    clears: &'static str,
    lowers: &'static str,
    raises: &'static str,
    adds: &'static str,
    target: &'static str,
    untried: &'static str,
    step: &'static str,
    reached: &'static str,
    not_reached: &'static str,
}

const EN: Words = Words {
    now: "Now",
    heading: "Changes that lower the residual risk most, each checked by running the rules on the changed policy:",
    none: "No change the plan can make lowers the score: the findings left need a decision, not an edit (remove the measure, or record an agreement).",
    more: "more changes; `--limit 0` shows all.",
    clears: "clears",
    lowers: "lowers",
    raises: "raises",
    adds: "adds",
    target: "To reach {level} (greedy: each step takes the change that leaves the least risk above the target, then the lowest score):",
    untried: "possible changes were not tried: the policy is large, and the plan stops after a bounded number of checks, trying first the changes its gravest findings suggest.",
    step: "step",
    reached: "Reached",
    not_reached: "Not reached: no change the plan can compute brings these findings down; each needs a change of free text or a decision:",
};

const ZH: Words = Words {
    now: "当前",
    heading: "最能降低剩余风险的变更（每项均在修改后的政策上重新运行规则得出）：",
    none: "没有可降低分数的修改：剩余的发现需要做出决定，而非修改字段（撤销该措施或记录协议）。",
    more: "项变更未显示；`--limit 0` 显示全部。",
    clears: "消除",
    lowers: "降低",
    raises: "提高",
    adds: "新增",
    target: "达到 {level} 的步骤（贪心：每一步选择使高于目标的风险最少、其次分数最低的变更）：",
    untried: "项可能的变更未尝试：该政策规模较大，计划在有限次数的检查后停止，并优先尝试最严重问题所对应的变更。",
    step: "第",
    reached: "已达到",
    not_reached: "未达到：以下发现无法通过可计算的变更降低，需要修改文字或做出决定：",
};

fn effect_text(e: &Effect, lang: Lang) -> String {
    let w = words(lang);
    let who = match &e.measure {
        Some(m) => format!("{} ({m})", e.rule),
        None => e.rule.clone(),
    };
    match (e.from, e.to) {
        (Some(_), None) => format!("{} {who}", w.clears),
        (None, Some(to)) => format!("{} {who} ({})", w.adds, to.as_str()),
        (Some(from), Some(to)) if to < from => format!("{} {who} ({} -> {})", w.lowers, from.as_str(), to.as_str()),
        (Some(from), Some(to)) => format!("{} {who} ({} -> {})", w.raises, from.as_str(), to.as_str()),
        (None, None) => who,
    }
}

/// Effects summed up: "clears PRV-006 (cams), STR-001 (cams); lowers TRU-001 (high -> medium)".
fn effects_line(effects: &[Effect], lang: Lang) -> String {
    effects.iter().map(|e| effect_text(e, lang)).collect::<Vec<_>>().join("; ")
}

/// Effects counted by kind, rule ids only: "clears 3 (CN-011, MIS-001, TRU-010);
/// lowers 2 (PRV-006, PRV-009)", for the report's first page.
fn effects_short(effects: &[Effect], lang: Lang) -> String {
    let w = words(lang);
    let mut groups: Vec<(&str, Vec<&str>)> =
        vec![(w.clears, vec![]), (w.lowers, vec![]), (w.raises, vec![]), (w.adds, vec![])];
    for e in effects {
        let g = match (e.from, e.to) {
            (Some(_), None) => 0,
            (Some(f), Some(t)) if t < f => 1,
            (Some(_), Some(_)) => 2,
            _ => 3,
        };
        if !groups[g].1.contains(&e.rule.as_str()) {
            groups[g].1.push(&e.rule);
        }
    }
    groups
        .iter()
        .filter(|(_, ids)| !ids.is_empty())
        .map(|(verb, ids)| format!("{verb} {} ({})", ids.len(), ids.join(", ")))
        .collect::<Vec<_>>()
        .join("; ")
}

fn describe(edits: &[Edit], policy: &Policy, lang: Lang) -> String {
    crate::plan::describe_all(edits, policy, lang)
}

fn shown(changes: usize, limit: usize) -> usize {
    if limit == 0 { changes } else { changes.min(limit) }
}

pub(crate) fn table(plan: &Plan, width: usize, limit: usize) -> String {
    let w = words(plan.lang);
    let lang = plan.lang;
    let width = width.max(40);
    let mut out = String::new();
    let wrap = |out: &mut String, text: &str, indent: usize| {
        let pad = " ".repeat(indent);
        let opts = textwrap::Options::new(width.saturating_sub(1)).initial_indent(&pad).subsequent_indent(&pad);
        for line in super::wrap(&safe::escape_folded(text), opts) {
            out.push_str(&line);
            out.push('\n');
        }
    };
    out.push_str(&format!("{}\n", safe::escape(&plan.base.file)));
    wrap(&mut out, &plan.base.name, 2);
    wrap(
        &mut out,
        &format!(
            "{}: {} · score {} (inherent {})",
            w.now,
            rating(plan.base.rating).to_uppercase(),
            plan.base.score,
            rating(plan.base.inherent)
        ),
        2,
    );
    out.push('\n');
    if plan.untried > 0 {
        wrap(&mut out, &format!("{} {}", plan.untried, w.untried), 2);
        out.push('\n');
    }
    if plan.changes.is_empty() {
        wrap(&mut out, w.none, 2);
    } else {
        wrap(&mut out, w.heading, 2);
        out.push('\n');
        let n = shown(plan.changes.len(), limit);
        for (i, c) in plan.changes[..n].iter().enumerate() {
            let head = format!(
                "{:>3}. -{} -> {} {}",
                i + 1,
                c.removed(plan.base.score),
                rating(c.rating).to_uppercase(),
                c.score
            );
            out.push_str(&format!("  {head}\n"));
            wrap(&mut out, &describe(&c.edits, plan.policy, lang), 7);
            wrap(&mut out, &effects_line(&c.effects, lang), 9);
        }
        if n < plan.changes.len() {
            out.push('\n');
            wrap(&mut out, &format!("{} {}", plan.changes.len() - n, w.more), 2);
        }
    }
    if let Some((level, steps, reached)) = plan.target {
        out.push('\n');
        wrap(&mut out, &w.target.replace("{level}", &rating(level).to_uppercase()), 2);
        for (i, s) in steps.iter().enumerate() {
            out.push_str(&format!(
                "  {} {:>2}  -> {} {}\n",
                w.step,
                i + 1,
                rating(s.change.rating).to_uppercase(),
                s.change.score
            ));
            wrap(&mut out, &describe(&s.change.edits, plan.before(i), lang), 7);
            wrap(&mut out, &effects_line(&s.change.effects, lang), 9);
        }
        let (last_rating, last_score) =
            steps.last().map_or((plan.base.rating, plan.base.score), |s| (s.change.rating, s.change.score));
        if reached {
            wrap(&mut out, &format!("{}: {} · score {}", w.reached, rating(last_rating).to_uppercase(), last_score), 2);
        } else {
            wrap(&mut out, w.not_reached, 2);
            for f in above(plan, level) {
                let who = f.measure.as_ref().map_or(String::new(), |m| format!(" ({m})"));
                wrap(
                    &mut out,
                    &format!(
                        "{} {}{who} {}: {}",
                        f.severity.as_str().to_uppercase(),
                        f.rule,
                        f.title,
                        f.recommendation
                    ),
                    4,
                );
            }
        }
    }
    safe::lines_owned(out)
}

/// The findings still above `level` after the last step: what no edit the plan
/// can make brings down (free text such as the purpose, or a measure that must go).
fn above<'a>(plan: &'a Plan, level: Option<Severity>) -> Vec<&'a crate::finding::Finding<'a>> {
    let Some((_, steps, _)) = plan.target else { return Vec::new() };
    let last = steps.last().map_or(plan.base, |s| &s.result);
    last.active().filter(|f| Some(f.severity) > level).collect()
}

fn left_json(plan: &Plan, level: Option<Severity>) -> Vec<Value> {
    above(plan, level)
        .iter()
        .map(|f| {
            json!({
                "rule": f.rule,
                "measure": f.measure,
                "severity": f.severity.as_str(),
                "title": f.title,
                "recommendation": f.recommendation,
            })
        })
        .collect()
}

pub(crate) fn json(plan: &Plan) -> String {
    let before = plan.base.score;
    let mut doc = json!({
        "version": 1,
        "tool": super::json::TOOL,
        "policy": plan.base.file,
        "name": plan.base.name,
        "rating": rating(plan.base.rating),
        "inherent": rating(plan.base.inherent),
        "score": plan.base.score,
        "changes": plan.changes.iter().map(|c| c.json(plan.policy, before, plan.lang)).collect::<Vec<_>>(),
        "untried": plan.untried,
    });
    if let Some((level, steps, reached)) = plan.target {
        let mut score = before;
        let steps: Vec<Value> = steps
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let v = s.change.json(plan.before(i), score, plan.lang);
                score = s.change.score;
                v
            })
            .collect();
        doc["target"] = json!({
            "level": rating(level),
            "reached": reached,
            "steps": steps,
            "left": left_json(plan, level),
        });
    }
    super::json::pretty(&doc)
}

pub(crate) fn markdown(plan: &Plan, limit: usize) -> String {
    use super::markdown::escape as md;
    let w = words(plan.lang);
    let lang = plan.lang;
    let mut out = format!(
        "## watchwise plan: {}\n\n{}: **{}** · score {} (inherent {}) · `{}`\n\n",
        md(&plan.base.name),
        w.now,
        rating(plan.base.rating),
        plan.base.score,
        rating(plan.base.inherent),
        md(&plan.base.file).replace('`', "'")
    );
    if plan.untried > 0 {
        out.push_str(&format!("*{} {}*\n\n", plan.untried, w.untried));
    }
    if plan.changes.is_empty() {
        out.push_str(&format!("{}\n", w.none));
    } else {
        out.push_str(&format!(
            "{}\n\n| # | Change | Removes | Rating | Score | Effect |\n| ---: | --- | ---: | --- | ---: | --- |\n",
            w.heading
        ));
        let n = shown(plan.changes.len(), limit);
        for (i, c) in plan.changes[..n].iter().enumerate() {
            out.push_str(&format!(
                "| {} | {} | {} | {} | {} | {} |\n",
                i + 1,
                describe(&c.edits, plan.policy, lang).replace('|', "\\|"),
                c.removed(plan.base.score),
                rating(c.rating),
                c.score,
                effects_line(&c.effects, lang).replace('|', "\\|"),
            ));
        }
        if n < plan.changes.len() {
            out.push_str(&format!("\n{} {}\n", plan.changes.len() - n, w.more));
        }
    }
    if let Some((level, steps, reached)) = plan.target {
        out.push_str(&format!("\n### {}\n\n", w.target.replace("{level}", &format!("**{}**", rating(level)))));
        for (i, s) in steps.iter().enumerate() {
            out.push_str(&format!(
                "{}. {} → **{}** {}\n",
                i + 1,
                describe(&s.change.edits, plan.before(i), lang),
                rating(s.change.rating),
                s.change.score
            ));
        }
        let last = steps.last().map_or((plan.base.rating, plan.base.score), |s| (s.change.rating, s.change.score));
        if reached {
            out.push_str(&format!("\n{}: **{}** · score {}\n", w.reached, rating(last.0), last.1));
        } else {
            out.push_str(&format!("\n{}\n\n", w.not_reached));
            for f in above(plan, level) {
                let who = f.measure.as_ref().map_or(String::new(), |m| format!(" (`{m}`)"));
                out.push_str(&format!(
                    "- **{}** {}{who} {}: {}\n",
                    f.severity.as_str(),
                    f.rule,
                    md(f.title),
                    md(&f.recommendation)
                ));
            }
        }
    }
    safe::lines_owned(out)
}

/// A value as YAML writes it in place of the old one: words as they are, anything
/// else quoted.
fn yaml_scalar(l: &Value) -> String {
    match l {
        Value::String(s) if s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') && !s.is_empty() => s.clone(),
        other => other.to_string(),
    }
}

/// SARIF `fixes` for the findings each change clears or lowers: only changes that
/// replace values written in the file (a plain value edit), at most three per
/// finding, the best first.
fn fixes(plan: &Plan) -> HashMap<(String, Option<String>), Vec<Value>> {
    let mut out: HashMap<(String, Option<String>), Vec<Value>> = HashMap::new();
    let uri = super::sarif::uri(&plan.base.file);
    for c in plan.changes {
        let mut replacements = Vec::new();
        for e in &c.edits {
            let (EditOp::Set(l), Some(node)) = (&e.op, e.node(plan.policy)) else { break };
            if node.span.len == 0 || matches!(node.value, crate::policy::Value::List(_) | crate::policy::Value::Map(_))
            {
                break;
            }
            let text = yaml_scalar(&l.json());
            replacements.push(json!({
                "deletedRegion": {
                    "startLine": node.span.line,
                    "startColumn": node.span.col,
                    "endLine": node.span.line,
                    "endColumn": node.span.col + node.span.len,
                },
                "insertedContent": { "text": text },
            }));
        }
        if replacements.len() != c.edits.len() {
            continue;
        }
        let fix = json!({
            "description": { "text": format!(
                "{} (residual score {} -> {})",
                describe(&c.edits, plan.policy, Lang::En),
                plan.base.score,
                c.score
            ) },
            "artifactChanges": [{ "artifactLocation": { "uri": uri }, "replacements": replacements }],
        });
        for e in c.effects.iter().filter(|e| e.from.is_some() && (e.to.is_none() || e.to < e.from)) {
            let list = out.entry((e.rule.clone(), e.measure.clone())).or_default();
            if list.len() < 3 {
                list.push(fix.clone());
            }
        }
    }
    out
}

pub(crate) fn sarif(plan: &Plan, report: &Report) -> String {
    super::sarif::render_with_fixes(report, fixes(plan))
}

/// The `n` changes that buy most, for the report: what to change, what it removes,
/// where it leaves the rating and score, and its effect on the findings.
pub(crate) fn top(policy: &Policy, base: &PolicyResult, changes: &[Change], n: usize, lang: Lang) -> Vec<Value> {
    changes
        .iter()
        .take(n)
        .enumerate()
        .map(|(i, c)| {
            json!({
                "n": i + 1,
                "change": describe(&c.edits, policy, lang).replace('`', ""),
                "removes": c.removed(base.score),
                "rating": rating(c.rating),
                "rating_label": c.rating.map_or(if lang == Lang::Zh { "无" } else { "none" }, |s| s.label(lang)),
                "score": c.score,
                "effects": effects_short(&c.effects, lang),
            })
        })
        .collect()
}
