//! `check --format markdown`: a summary for a pull-request comment. Plain GitHub /
//! GitLab Markdown (tables and headings, no raw HTML); all policy text is escaped.

use super::Report;
use crate::Lang;
use crate::finding::PolicyResult;
use crate::rules::{Category, Severity};
use std::fmt::Write as _;

/// Escapes text so that Markdown shows it as written (and a table cell stays one cell).
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '{' | '}' | '!' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

fn rating(r: Option<Severity>, lang: Lang) -> String {
    match r {
        Some(s @ (Severity::Critical | Severity::High)) => format!("**{}**", s.label(lang)),
        Some(s) => s.label(lang).to_string(),
        None => if lang == Lang::Zh { "无" } else { "none" }.to_string(),
    }
}

struct Words {
    checked: &'static str,
    policy: &'static str,
    rating: &'static str,
    score: &'static str,
    severity: &'static str,
    rule: &'static str,
    measure: &'static str,
    location: &'static str,
    finding: &'static str,
    waived: &'static str,
    approved_by: &'static str,
    expires: &'static str,
    errors: &'static str,
    warnings: &'static str,
    none: &'static str,
}

const EN: Words = Words {
    checked: "watchwise policy check",
    policy: "Policy",
    rating: "Rating",
    score: "Score",
    severity: "Severity",
    rule: "Rule",
    measure: "Measure",
    location: "Location",
    finding: "Finding",
    waived: "Waived",
    approved_by: "approved by",
    expires: "expires",
    errors: "Files that could not be checked",
    warnings: "Warnings",
    none: "No findings.",
};

const ZH: Words = Words {
    checked: "watchwise 政策检查",
    policy: "政策",
    rating: "评级",
    score: "分数",
    severity: "严重程度",
    rule: "规则",
    measure: "措施",
    location: "位置",
    finding: "问题",
    waived: "已豁免",
    approved_by: "批准人",
    expires: "到期",
    errors: "无法检查的文件",
    warnings: "警告",
    none: "未发现问题。",
};

pub fn render(report: &Report) -> String {
    let lang = report.lang;
    let w = if lang == Lang::Zh { &ZH } else { &EN };
    let mut out = String::new();
    let failing = report.totals.failing;
    let threshold = report.fail_on.map_or("never", Severity::as_str);
    let _ = writeln!(out, "## {}\n", w.checked);
    if lang == Lang::Zh {
        let _ = writeln!(
            out,
            "共检查 {} 份政策，{failing} 份存在“{threshold}”及以上的有效问题；有效问题 {} 个，已豁免 {} 个。\n",
            report.totals.policies,
            report.active_findings(),
            report.waived_findings()
        );
    } else {
        let _ = writeln!(
            out,
            "{} {} checked, {failing} with an active finding at or above **{threshold}**; {} active findings, {} waived.\n",
            report.totals.policies,
            if report.totals.policies == 1 { "policy" } else { "policies" },
            report.active_findings(),
            report.waived_findings()
        );
    }
    let cats: Vec<&str> = Category::ALL.iter().map(|c| c.label(lang)).collect();
    let _ = writeln!(out, "| {} | {} | {} | {} |", w.policy, w.rating, w.score, cats.join(" | "));
    let _ = writeln!(out, "| --- | --- | ---: |{}", " --- |".repeat(6));
    for r in &report.results {
        let per: Vec<String> = Category::ALL.iter().map(|c| rating(r.category(*c).rating, lang)).collect();
        let _ = writeln!(
            out,
            "| {} (`{}`) | {} | {} | {} |",
            escape(&r.name),
            r.file.replace('`', "'"),
            rating(r.rating, lang),
            r.score,
            per.join(" | ")
        );
    }
    for r in &report.results {
        policy(&mut out, r, w, lang);
    }
    diagnostics(&mut out, w.warnings, &report.all_warnings());
    diagnostics(&mut out, w.errors, &report.errors.iter().collect::<Vec<_>>());
    out
}

/// A headed list of diagnostics, if there are any.
fn diagnostics(out: &mut String, heading: &str, list: &[&crate::diag::Diagnostic]) {
    if list.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n### {heading}\n");
    for d in list {
        let file = d.file.replace('`', "'");
        let _ = writeln!(out, "- `{file}:{}:{}`: {}", d.span.line, d.span.col, escape(&d.message));
    }
}

fn policy(out: &mut String, r: &PolicyResult, w: &Words, lang: Lang) {
    let _ = writeln!(out, "\n### {} (`{}`)\n", escape(&r.name), r.file.replace('`', "'"));
    if r.findings.is_empty() {
        let _ = writeln!(out, "{}", w.none);
        return;
    }
    let _ = writeln!(out, "| {} | {} | {} | {} | {} |", w.severity, w.rule, w.measure, w.location, w.finding);
    let _ = writeln!(out, "| --- | --- | --- | --- | --- |");
    for f in r.findings.iter().filter(|f| f.active()) {
        let _ = writeln!(
            out,
            "| {} | {} {} | {} | `{}:{}` | {} |",
            rating(Some(f.severity), lang),
            f.rule,
            escape(f.title),
            f.measure.as_deref().map(escape).unwrap_or_default(),
            f.line,
            f.column,
            escape(&f.message)
        );
    }
    let waived: Vec<_> = r.findings.iter().filter(|f| !f.active()).collect();
    if !waived.is_empty() {
        let _ = writeln!(out, "\n{}:\n", w.waived);
        for f in waived {
            let wv = f.waived.as_ref().expect("inactive findings are waived");
            let measure = f.measure.as_deref().map(|m| format!(" ({})", escape(m))).unwrap_or_default();
            let _ = writeln!(
                out,
                "- {} {}{measure}: {} ({} {}, {} {})",
                f.rule,
                escape(f.title),
                escape(&wv.reason),
                w.approved_by,
                escape(&wv.approved_by),
                w.expires,
                wv.expires
            );
        }
    }
}
