//! `check --format markdown`: a summary for a pull-request comment. Plain GitHub /
//! GitLab Markdown (tables and headings, no raw HTML); all policy text is escaped.

use super::Report;
use super::spill::Spill;
use crate::Lang;
use crate::diag::safe;
use crate::finding::PolicyResult;
use crate::rules::{Category, Severity};
use std::fmt::Write as _;
use std::io::BufRead as _;

/// Escapes text so that Markdown shows it as written (and a table cell stays one cell).
///
/// Control and bidi characters show as `\u{..}`. A word that GitHub or GitLab would
/// turn into a live link or a notification (a web address, `www.`, an `@mention` or
/// e-mail address, an issue reference `#12`) goes in a code span: both link such words
/// in the rendered text, where a backslash no longer counts, but never inside code.
pub(crate) fn escape(s: &str) -> String {
    let s = shown(s);
    let breaks = |c: char| c.is_whitespace() || matches!(c, '`' | '|' | '<' | '>');
    let mut out = String::with_capacity(s.len());
    let mut rest = s.as_ref();
    while let Some(c) = rest.chars().next() {
        if breaks(c) {
            escape_char(&mut out, c);
            rest = &rest[c.len_utf8()..];
            continue;
        }
        let end = rest.find(breaks).unwrap_or(rest.len());
        let (word, tail) = rest.split_at(end);
        if links(word) {
            out.push('`');
            out.push_str(word);
            out.push('`');
        } else {
            for (i, c) in word.char_indices() {
                if c == '&' && entity_follows(&word[i + 1..]) {
                    out.push_str("\\&");
                } else {
                    escape_char(&mut out, c);
                }
            }
        }
        rest = tail;
    }
    out
}

/// Escapes a web address for a link destination (`[title](...)`): as [`escape`] but
/// with no code spans, which a destination cannot hold.
pub(crate) fn escape_link(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in shown(s).chars() {
        escape_char(&mut out, c);
    }
    out
}

fn escape_char(out: &mut String, c: char) {
    match c {
        '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '{' | '}' | '!' | '~' => {
            out.push('\\');
            out.push(c);
        }
        '\n' | '\r' => out.push(' '),
        _ => out.push(c),
    }
}

/// Whether `rest` (what follows an `&`) makes a character reference, which Markdown
/// would turn into the character it names (`&rlm;` is a bidi mark).
fn entity_follows(rest: &str) -> bool {
    let name = rest.bytes().take_while(u8::is_ascii_alphanumeric).count();
    name > 0 && rest.as_bytes().get(name) == Some(&b';')
}

/// Whether GitHub or GitLab would make `word` (no white space in it) a link or a
/// mention.
fn links(word: &str) -> bool {
    let lower = word.to_ascii_lowercase();
    lower.contains("://")
        || lower.contains("www.")
        || word.contains('@')
        || word.as_bytes().windows(2).any(|w| w[0] == b'#' && w[1].is_ascii_digit())
}

/// Input text with control characters other than line breaks and tabs, bidi controls,
/// line separators and noncharacters shown as `\u{..}` (tabs and line breaks are white
/// space to Markdown).
fn shown(s: &str) -> std::borrow::Cow<'_, str> {
    safe::escape_where(s, safe::is_unsafe_in_document)
}

/// A file name in a code span: shown escaped, a backtick as `'`, and in a table row a
/// `|` escaped (GitHub splits cells at every unescaped `|`, inside code too).
fn code(s: &str, in_table: bool) -> String {
    let s = safe::escape(s).replace('`', "'");
    let s = if in_table { s.replace('|', "\\|") } else { s };
    format!("`{s}`")
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

/// GitHub refuses a pull-request comment over 65,536 characters.
pub(crate) const COMMENT_LIMIT: usize = 65_536;

/// Markdown written as results arrive. The heading counts the whole run, so each
/// policy's row of the summary table and its section are set aside and joined at the
/// end, within [`COMMENT_LIMIT`]: when the whole would pass it, the gravest policies
/// come first and what is left out is said.
pub(crate) struct Writer {
    rows: Spill,
    sections: Spill,
    /// One result's text, kept to reuse its memory.
    text: String,
    /// What each policy set aside, to choose what fits without reading it all back.
    parts: Vec<Part>,
}

/// The size of one policy's pieces, in characters, and what orders it.
struct Part {
    rating: Option<Severity>,
    score: u32,
    row: usize,
    /// Characters of each line of its section (a policy's section of a hundred
    /// findings keeps 400 bytes here), and which of them are findings.
    lines: Box<[u32]>,
    findings: std::ops::Range<usize>,
}

impl Writer {
    pub(crate) fn new(spill: Spill) -> std::io::Result<Writer> {
        Ok(Writer { rows: spill.like()?, sections: spill, text: String::new(), parts: Vec::new() })
    }

    pub(crate) fn result(&mut self, r: &PolicyResult, lang: Lang) -> std::io::Result<()> {
        // Each piece is whole lines, so escaping it alone is escaping it in the document.
        self.text.clear();
        row(&mut self.text, r, lang);
        let row_text = safe::lines(&self.text).into_owned();
        self.rows.write(row_text.as_bytes())?;
        self.text.clear();
        policy(&mut self.text, r, words(lang), lang);
        let section = safe::lines(&self.text).into_owned();
        let lines: Box<[u32]> =
            section.split_inclusive('\n').map(|l| u32::try_from(l.chars().count()).unwrap_or(u32::MAX)).collect();
        // The finding rows follow the table's two head lines, one per active finding.
        let start = section.split_inclusive('\n').position(|l| l.starts_with("| --- ")).map_or(0, |i| i + 1);
        let active = if r.findings.is_empty() { 0 } else { r.active().count() };
        self.parts.push(Part {
            rating: r.rating,
            score: r.score,
            row: row_text.chars().count(),
            lines,
            findings: start..start + active,
        });
        self.sections.write(section.as_bytes())
    }

    pub(crate) fn finish(self, report: &Report, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        let head = safe::lines(&head(report)).into_owned();
        let w = words(report.lang);
        let mut tail = String::new();
        diagnostics(&mut tail, w.warnings, &report.all_warnings());
        diagnostics(&mut tail, w.errors, &report.errors.iter().collect::<Vec<_>>());
        // A comment's text lands in CI logs too, when the Markdown is printed there.
        let tail = safe::lines(&tail).into_owned();
        let body: usize = self.parts.iter().map(|p| p.row + p.lines.iter().map(|&n| n as usize).sum::<usize>()).sum();
        let fixed = head.chars().count() + tail.chars().count();
        if fixed + body <= COMMENT_LIMIT {
            out.write_all(head.as_bytes())?;
            self.rows.copy_to(out)?;
            self.sections.copy_to(out)?;
            return out.write_all(tail.as_bytes());
        }
        self.finish_within(head, tail, report.lang, out)
    }

    /// The document cut to [`COMMENT_LIMIT`]: policies gravest first, the table's rows
    /// and then their sections while they fit (the last one cut between findings,
    /// which are gravest first too), the diagnostics shortened last, and a line that
    /// says what was left out.
    fn finish_within(
        self,
        head: String,
        tail: String,
        lang: Lang,
        out: &mut dyn std::io::Write,
    ) -> std::io::Result<()> {
        // Room for the line that says what was left out.
        const NOTE: usize = 600;
        let mut order: Vec<usize> = (0..self.parts.len()).collect();
        order.sort_by(|&a, &b| {
            let (pa, pb) = (&self.parts[a], &self.parts[b]);
            (std::cmp::Reverse(pa.rating), std::cmp::Reverse(pa.score), a).cmp(&(
                std::cmp::Reverse(pb.rating),
                std::cmp::Reverse(pb.score),
                b,
            ))
        });
        let tail: String = cut(&tail, COMMENT_LIMIT / 8);
        let mut left = COMMENT_LIMIT.saturating_sub(head.chars().count() + tail.chars().count() + NOTE);
        let mut rows = vec![false; self.parts.len()];
        for &i in &order {
            if self.parts[i].row > left {
                break;
            }
            left -= self.parts[i].row;
            rows[i] = true;
        }
        // Lines of each section kept: all, some (head and the first findings), none.
        let mut keep: Vec<usize> = vec![0; self.parts.len()];
        for &i in order.iter().filter(|&&i| rows[i]) {
            let p = &self.parts[i];
            let whole: usize = p.lines.iter().map(|&n| n as usize).sum();
            if whole <= left {
                keep[i] = p.lines.len();
                left -= whole;
                continue;
            }
            let head: usize = p.lines[..p.findings.start].iter().map(|&n| n as usize).sum();
            if head < left {
                let mut n = p.findings.start;
                let mut used = head;
                while n < p.findings.end && used + p.lines[n] as usize <= left {
                    used += p.lines[n] as usize;
                    n += 1;
                }
                keep[i] = n;
            }
            break;
        }
        let mut kept_rows: Vec<String> = vec![String::new(); self.parts.len()];
        for (i, line) in self.rows.reader()?.lines().enumerate() {
            if rows.get(i) == Some(&true) {
                kept_rows[i] = line? + "\n";
            }
        }
        let mut kept_sections: Vec<String> = vec![String::new(); self.parts.len()];
        let mut reader = self.sections.reader()?;
        for (i, p) in self.parts.iter().enumerate() {
            for n in 0..p.lines.len() {
                let mut line = String::new();
                reader.read_line(&mut line)?;
                if n < keep[i] {
                    kept_sections[i].push_str(&line);
                }
            }
        }
        let policies_cut = order.iter().filter(|&&i| keep[i] < self.parts[i].lines.len()).count();
        let findings_cut: usize = self
            .parts
            .iter()
            .zip(&keep)
            .map(|(p, &k)| p.findings.end.saturating_sub(k.max(p.findings.start)).min(p.findings.len()))
            .sum();
        out.write_all(head.as_bytes())?;
        for &i in &order {
            out.write_all(kept_rows[i].as_bytes())?;
        }
        let note = match lang {
            Lang::En => format!(
                "\n> **Shortened to fit a pull-request comment ({COMMENT_LIMIT} characters):** policies are listed gravest first; {} of {} policies and {findings_cut} findings are left out or cut short. The JSON, SARIF or table output of the same run has them all.\n",
                policies_cut,
                self.parts.len()
            ),
            Lang::Zh => format!(
                "\n> **为适应拉取请求评论的长度上限（{COMMENT_LIMIT} 个字符）已缩短：** 政策按严重程度排列；{} 份（共 {} 份）政策和 {findings_cut} 个问题未列出或被截断。同一次运行的 JSON、SARIF 或表格输出包含全部内容。\n",
                policies_cut,
                self.parts.len()
            ),
        };
        out.write_all(note.as_bytes())?;
        for &i in &order {
            out.write_all(kept_sections[i].as_bytes())?;
        }
        out.write_all(tail.as_bytes())
    }
}

/// `text` cut at a line break to at most `max` characters.
fn cut(text: &str, max: usize) -> String {
    let mut out = String::new();
    let mut n = 0;
    for line in text.split_inclusive('\n') {
        let c = line.chars().count();
        if n + c > max {
            out.push_str("- …\n");
            break;
        }
        out.push_str(line);
        n += c;
    }
    out
}

fn words(lang: Lang) -> &'static Words {
    if lang == Lang::Zh { &ZH } else { &EN }
}

/// The heading, the run's counts and the head of the summary table.
fn head(report: &Report) -> String {
    let lang = report.lang;
    let w = words(lang);
    let mut out = String::new();
    let failing = report.totals.failing;
    let threshold = report.fail_on.map_or("never", Severity::as_str);
    let _ = writeln!(out, "## {}\n", w.checked);
    if lang == Lang::Zh {
        let _ = writeln!(
            out,
            "共检查 {} 份政策，{failing} 份存在“{threshold}”及以上的有效问题；有效问题 {} 个，已豁免 {} 个{}。\n",
            report.totals.policies,
            report.active_findings(),
            report.waived_findings(),
            report.baseline.as_ref().map(|_| format!("，基线中 {} 个（不计入）", report.baselined)).unwrap_or_default()
        );
    } else {
        let _ = writeln!(
            out,
            "{} {} checked, {failing} with an active finding at or above **{threshold}**; {} active findings, {} waived{}.\n",
            report.totals.policies,
            if report.totals.policies == 1 { "policy" } else { "policies" },
            report.active_findings(),
            report.waived_findings(),
            report
                .baseline
                .as_ref()
                .map(|_| format!(", {} in the baseline (not counted)", report.baselined))
                .unwrap_or_default()
        );
    }
    let cats: Vec<&str> = Category::ALL.iter().map(|c| c.label(lang)).collect();
    let _ = writeln!(out, "| {} | {} | {} | {} |", w.policy, w.rating, w.score, cats.join(" | "));
    let _ = writeln!(out, "| --- | --- | ---: |{}", " --- |".repeat(6));
    out
}

/// One policy's row of the summary table.
fn row(out: &mut String, r: &PolicyResult, lang: Lang) {
    let per: Vec<String> = Category::ALL.iter().map(|c| rating(r.category(*c).rating, lang)).collect();
    let _ = writeln!(
        out,
        "| {} ({}) | {} | {} | {} |",
        escape(&r.name),
        code(&r.file, true),
        rating(r.rating, lang),
        r.score,
        per.join(" | ")
    );
}

pub(crate) fn render(report: &Report) -> String {
    let mut w = Writer::new(Spill::memory()).expect("memory takes any text");
    let mut out = Vec::new();
    for r in &report.results {
        w.result(r, report.lang).expect("memory takes any text");
    }
    w.finish(report, &mut out).expect("memory takes any text");
    String::from_utf8(out).expect("Markdown is UTF-8")
}

/// A headed list of diagnostics, if there are any.
fn diagnostics(out: &mut String, heading: &str, list: &[&crate::diag::Diagnostic]) {
    if list.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n### {heading}\n");
    for d in list {
        let at = code(&d.place(), false);
        let _ = writeln!(out, "- {at}: {}", escape(&d.message));
    }
}

fn policy(out: &mut String, r: &PolicyResult, w: &Words, lang: Lang) {
    let _ = writeln!(out, "\n### {} ({})\n", escape(&r.name), code(&r.file, false));
    match (r.baselined.len(), lang) {
        (0, _) => {}
        (1, Lang::En) => out.push_str("1 finding in the baseline is not counted.\n\n"),
        (n, Lang::En) => out.push_str(&format!("{n} findings in the baseline are not counted.\n\n")),
        (n, Lang::Zh) => out.push_str(&format!("基线中的 {n} 个问题不计入。\n\n")),
    }
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
            escape(f.rule),
            escape(f.title),
            f.measure.as_deref().map(escape).unwrap_or_default(),
            f.line,
            f.column,
            match f.lowered(lang) {
                Some(l) => format!("{} *({})*", escape(&f.message), escape(&l)),
                None => escape(&f.message),
            }
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
                escape(f.rule),
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

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn shows_text_as_written_with_nothing_live() {
        assert_eq!(escape("Sales & *Marketing* | x"), "Sales & \\*Marketing\\* \\| x");
        assert_eq!(
            escape("see http://a.example/x_y and www.b.example."),
            "see `http://a.example/x_y` and `www.b.example.`"
        );
        assert_eq!(escape("ask @octocat or hr@example.com"), "ask `@octocat` or `hr@example.com`");
        assert_eq!(escape("ticket #12, not #x"), "ticket `#12,` not \\#x");
        assert_eq!(escape("a&rlm;b &amp c"), "a\\&rlm;b &amp c");
        assert_eq!(escape("A\u{202e}x\u{1b}\nB"), "A\\\\u\\{202e\\}x\\\\u\\{1b\\} B");
        assert_eq!(escape("`@x` <http://y>"), "\\``@x`\\` \\<`http://y`\\>");
    }
}
