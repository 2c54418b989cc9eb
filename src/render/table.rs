//! `--format table`: for a person at a terminal, readable at 80 columns.
//!
//! Per policy: a header with the overall rating, a table of the six categories, then
//! each finding as a short block (severity and rule, `file:line:column` and
//! measure, the message wrapped to the width).

use super::Report;
use crate::Lang;
use crate::diag::safe;
use crate::finding::{Finding, PolicyResult};
use crate::rules::{Category, Severity};
use comfy_table::{Cell, CellAlignment, Color, ContentArrangement, Table, presets};
use std::fmt::Write as _;

#[derive(Clone, Copy, Debug)]
pub struct Style {
    pub color: bool,
    pub width: usize,
    /// Each finding also shows its recommendation and the references that apply.
    pub verbose: bool,
}

fn paint(text: &str, code: &str, style: Style) -> String {
    if style.color { format!("\x1b[{code}m{text}\x1b[0m") } else { text.to_string() }
}

// Only the eight normal colours, which terminal themes tune to their background,
// and neither yellow nor white: bright colours and yellow vanish on a light
// background, white on a light one, and so do grey shades.
const WARN: &str = "35";
const GOOD: &str = "32";

fn severity_code(s: Option<Severity>) -> &'static str {
    match s {
        Some(Severity::Critical) => "1;31",
        Some(Severity::High) => "31",
        Some(Severity::Medium) => "35",
        Some(Severity::Low) => "34",
        Some(Severity::Info) | None => "2",
    }
}

fn severity_color(s: Option<Severity>) -> Option<Color> {
    match s {
        Some(Severity::Critical) | Some(Severity::High) => Some(Color::DarkRed),
        Some(Severity::Medium) => Some(Color::DarkMagenta),
        Some(Severity::Low) => Some(Color::DarkBlue),
        Some(Severity::Info) | None => None,
    }
}

fn rating_word(r: Option<Severity>, lang: Lang) -> &'static str {
    match (r, lang) {
        (Some(s), _) => s.label(lang),
        (None, Lang::En) => "none",
        (None, Lang::Zh) => "无",
    }
}

/// Text from an input, as the table shows it: line breaks and tabs as spaces (the
/// table wraps text itself), other control and bidi characters as `\u{..}`.
fn shown(s: &str) -> std::borrow::Cow<'_, str> {
    safe::escape_folded(s)
}

pub fn render(report: &Report, style: Style) -> String {
    let mut out = String::new();
    for (i, r) in report.results.iter().enumerate() {
        out.push_str(&result_block(r, report, style, i == 0));
    }
    out.push_str(&finish(report, style));
    out
}

/// One policy's block; `first` for the first one.
pub fn result_block(r: &PolicyResult, report: &Report, style: Style, first: bool) -> String {
    let mut out = String::new();
    if !first {
        out.push('\n');
    }
    policy(&mut out, r, report, style);
    // Wrapping may start a line with input text: none may read as a CI command.
    safe::lines_owned(out)
}

/// The closing summary line.
pub fn finish(report: &Report, style: Style) -> String {
    let mut out = String::from("\n");
    for line in super::wrap(&summary(report), style.width) {
        let _ = writeln!(out, "{line}");
    }
    out
}

fn policy(out: &mut String, r: &PolicyResult, report: &Report, style: Style) {
    let lang = report.lang;
    let rating = rating_word(r.rating, lang).to_uppercase();
    let _ = writeln!(out, "{}", paint(&shown(&r.file), "1", style));
    for line in super::wrap(&shown(&r.name), style.width.saturating_sub(2).max(30)) {
        let _ = writeln!(out, "  {line}");
    }
    let (overall, score_word, packs_word) = match lang {
        Lang::En => ("Overall rating", "score", "packs"),
        Lang::Zh => ("总体评级", "分数", "规则包"),
    };
    let _ = writeln!(
        out,
        "  {overall}: {} · {score_word} {} · {packs_word}: {}",
        paint(&rating, severity_code(r.rating), style),
        r.score,
        shown(&r.packs.join(", "))
    );
    out.push('\n');
    let mut table = Table::new();
    table.load_style(presets::UTF8_FULL_CONDENSED).set_content_arrangement(ContentArrangement::Dynamic);
    table.set_width(style.width.saturating_sub(2).max(40) as u16);
    if style.color {
        table.enforce_styling();
    } else {
        table.force_no_tty();
    }
    let header = match lang {
        Lang::En => ["Category", "Rating", "Score", "Findings"],
        Lang::Zh => ["类别", "评级", "分数", "问题数"],
    };
    table.set_header(header.iter().map(Cell::new));
    for c in Category::ALL {
        let s = r.category(c);
        let mut rating = Cell::new(rating_word(s.rating, lang));
        if let Some(color) = severity_color(s.rating).filter(|_| style.color) {
            rating = rating.fg(color);
            if s.rating == Some(Severity::Critical) {
                rating = rating.add_attribute(comfy_table::Attribute::Bold);
            }
        }
        table.add_row(vec![
            Cell::new(c.label(lang)),
            rating,
            Cell::new(s.score).set_alignment(CellAlignment::Right),
            Cell::new(s.findings).set_alignment(CellAlignment::Right),
        ]);
    }
    for line in table.to_string().lines() {
        let _ = writeln!(out, "  {line}");
    }
    let absorbed = r.baselined.len();
    let file = shown(report.baseline.as_deref().unwrap_or_default());
    let none = match (lang, r.findings.is_empty(), absorbed) {
        (_, false, 0) => None,
        (Lang::En, true, 0) => Some("No findings.".to_string()),
        (Lang::Zh, true, 0) => Some("未发现问题。".to_string()),
        (Lang::En, true, n) => Some(format!("No new findings; {n} in the baseline {file} are not counted.")),
        (Lang::Zh, true, n) => Some(format!("没有新问题；基线 {file} 中的 {n} 个问题不计入。")),
        (Lang::En, false, n) => Some(format!("{n} more in the baseline {file}, not counted.")),
        (Lang::Zh, false, n) => Some(format!("另有 {n} 个问题在基线 {file} 中，不计入。")),
    };
    if let Some(none) = none {
        out.push('\n');
        for line in super::wrap(&none, style.width.saturating_sub(2).max(30)) {
            let _ = writeln!(out, "  {line}");
        }
    }
    for f in &r.findings {
        out.push('\n');
        finding(out, f, r, lang, style);
        if style.verbose {
            advice(out, f, r, lang, style);
        }
    }
    if !r.warnings.is_empty() {
        out.push('\n');
    }
    for w in &r.warnings {
        let opts = textwrap::Options::new(style.width.saturating_sub(2).max(30)).subsequent_indent("    ");
        for line in super::wrap(&shown(&w.headline()), opts) {
            let _ = writeln!(out, "  {}", paint(&line, WARN, style));
        }
    }
}

fn finding(out: &mut String, f: &Finding, r: &PolicyResult, lang: Lang, style: Style) {
    // Pad by display width: a Chinese label is two columns a character.
    let label = f.severity.label(lang).to_uppercase();
    let label =
        format!("{label}{}", " ".repeat(8usize.saturating_sub(unicode_width::UnicodeWidthStr::width(label.as_str()))));
    let sev =
        if f.active() { paint(&label, severity_code(Some(f.severity)), style) } else { paint(&label, "2", style) };
    let indent = 12;
    let pad = " ".repeat(indent);
    // The title continues under itself when it does not fit beside the rule id.
    let rule = shown(f.rule);
    let title_col = 2 + 8 + 2 + rule.chars().count() + 2;
    let title_width = style.width.saturating_sub(title_col).max(20);
    let title = shown(f.title);
    let mut titles = super::wrap(&title, title_width).into_iter();
    let first = titles.next().unwrap_or_default();
    let _ = writeln!(out, "  {sev}  {}  {first}", paint(&rule, "1", style));
    for more in titles {
        let _ = writeln!(out, "{}{more}", " ".repeat(title_col));
    }
    let width = style.width.saturating_sub(indent).max(30);
    let mut location = format!("{}:{}:{}", shown(&r.file), f.line, f.column);
    if let Some(m) = &f.measure {
        let m = shown(m);
        let measure = format!(" · {m}");
        if location.chars().count() + measure.chars().count() > width {
            let _ = writeln!(out, "{pad}{}", paint(&location, "2", style));
            location = m.into_owned();
        } else {
            location.push_str(&measure);
        }
    }
    let _ = writeln!(out, "{pad}{}", paint(&location, "2", style));
    for line in super::wrap(&shown(&f.message), width) {
        let _ = writeln!(out, "{pad}{line}");
    }
    if let Some(lowered) = f.lowered(lang) {
        let (word, colon) = match lang {
            Lang::En => ("safeguards", ": "),
            Lang::Zh => ("保障措施", "："),
        };
        for line in super::wrap(&shown(&format!("{word}{colon}{lowered}")), width) {
            let _ = writeln!(out, "{pad}{}", paint(&line, GOOD, style));
        }
    }
    if let Some(note) = f.invalid_waiver_note(lang) {
        for line in super::wrap(&note, width) {
            let _ = writeln!(out, "{pad}{}", paint(&line, WARN, style));
        }
    }
    let (waived, until, by, expired) = match lang {
        Lang::En => ("waived", "until", "by", "waiver expired on"),
        Lang::Zh => ("已豁免", "有效期至", "批准人", "豁免已于以下日期过期："),
    };
    if let Some(w) = &f.waived {
        let note = format!("{waived} {until} {} {by} {}: {}", w.expires, w.approved_by, w.reason);
        let note = shown(&note);
        for line in super::wrap(&note, width) {
            let _ = writeln!(out, "{pad}{}", paint(&line, "2", style));
        }
    }
    if let Some(w) = &f.waiver_expired {
        let _ = writeln!(out, "{pad}{}", paint(&format!("{expired} {}", w.expires), WARN, style));
    }
}

/// `--verbose`: what to do about a finding and what it rests on, under its block.
fn advice(out: &mut String, f: &Finding, r: &PolicyResult, lang: Lang, style: Style) {
    let indent = 12;
    let pad = " ".repeat(indent);
    let width = style.width.saturating_sub(indent).max(30);
    let (what, see, colon) = match lang {
        Lang::En => ("Recommendation", "See", ": "),
        Lang::Zh => ("建议", "依据", "："),
    };
    let text = format!("{}{colon}{}", paint(what, "1", style), shown(&f.recommendation));
    for line in super::wrap(&text, width) {
        let _ = writeln!(out, "{pad}{line}");
    }
    let refs: Vec<_> = f.references.iter().filter(|x| super::references::shown(x, &r.jurisdictions)).collect();
    if refs.is_empty() {
        return;
    }
    let _ = writeln!(out, "{pad}{}", paint(&format!("{see}{}", colon.trim_end()), "1", style));
    for x in refs {
        let opts = textwrap::Options::new(width).initial_indent("- ").subsequent_indent("  ");
        for line in super::wrap(&shown(&x.title), opts) {
            let _ = writeln!(out, "{pad}{line}");
        }
        // An address on a line of its own and never broken, so that a terminal can open it.
        if let Some(u) = &x.url {
            let _ = writeln!(out, "{pad}  {}", paint(&shown(u), "2", style));
        }
    }
}

fn summary(report: &Report) -> String {
    let policies = report.totals.policies;
    let failing = report.totals.failing;
    let threshold = report.fail_on.map_or("never".to_string(), |s| s.as_str().to_string());
    let baselined = match (report.lang, &report.baseline) {
        (_, None) => String::new(),
        (Lang::En, Some(_)) => format!(", {} in the baseline", report.baselined),
        (Lang::Zh, Some(_)) => format!("，基线中 {} 个", report.baselined),
    };
    match report.lang {
        Lang::En => format!(
            "{policies} {} checked, {failing} at or above {threshold}; {} active {}, {} waived{baselined}; {} {}",
            if policies == 1 { "policy" } else { "policies" },
            report.active_findings(),
            if report.active_findings() == 1 { "finding" } else { "findings" },
            report.waived_findings(),
            report.failed_files(),
            if report.failed_files() == 1 { "file could not be checked" } else { "files could not be checked" },
        ),
        Lang::Zh => format!(
            "已检查 {policies} 份政策，其中 {failing} 份达到或超过“{threshold}”；有效问题 {} 个，已豁免 {} 个{baselined}；{} 个文件无法检查",
            report.active_findings(),
            report.waived_findings(),
            report.failed_files(),
        ),
    }
}
