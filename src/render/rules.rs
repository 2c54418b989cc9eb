//! The loaded rules for people and scripts: `rules list` as a table or JSON, and
//! `rules show`, one rule in full. Their text comes from rule packs, which may be
//! anyone's: it is shown escaped as in the check table (ids are checked at load, so
//! they need nothing).

use crate::Lang;
use crate::diag::safe;
use crate::rules::Rule;
use std::borrow::Cow;

/// `rules list --format json`.
pub(crate) fn list_json(rules: &[&Rule], lang: Lang) -> String {
    let items: Vec<serde_json::Value> = rules
        .iter()
        .map(|r| {
            serde_json::json!({
                "id": r.id,
                "title": r.title.get(lang),
                "category": r.category,
                "severity": r.severity,
                "pack": r.pack,
                "for_each": if r.for_each_measure { Some("measure") } else { None },
                "references": r.references,
                "tags": r.tags,
                "mitigations": r.mitigations.iter().map(|m| &m.id).collect::<Vec<_>>(),
                "floor": r.mitigable.then(|| r.floor()),
                "mitigable": r.mitigable,
                "waiver": match &r.waiver {
                    crate::rules::model::WaiverRule::Employer => serde_json::json!("employer"),
                    crate::rules::model::WaiverRule::Never => serde_json::json!("never"),
                    crate::rules::model::WaiverRule::Requires(b) => serde_json::json!({ "requires": b }),
                },
                "applies_in": r.applies_in.iter().map(|(p, _)| p).collect::<Vec<_>>(),
            })
        })
        .collect();
    let doc = serde_json::json!({ "version": 1, "tool": super::json::TOOL, "rules": items });
    super::json::pretty(&doc) + "\n"
}

/// `rules list`: a table at most `width` columns wide, then the count.
pub(crate) fn list_table(rules: &[&Rule], lang: Lang, width: usize) -> String {
    let mut table = comfy_table::Table::new();
    table
        .load_style(comfy_table::presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(comfy_table::ContentArrangement::Dynamic)
        .set_width(width as u16);
    table.force_no_tty();
    let zh = lang == Lang::Zh;
    let header = if zh {
        ["规则", "类别", "严重程度", "规则包", "标题"]
    } else {
        ["Rule", "Category", "Severity", "Pack", "Title"]
    };
    table.set_header(header);
    for r in rules {
        table.add_row([
            Cow::Borrowed(r.id.as_str()),
            Cow::Borrowed(r.category.label(lang)),
            Cow::Borrowed(r.severity.label(lang)),
            Cow::Borrowed(r.pack.as_str()),
            safe::escape_folded(r.title.get(lang)),
        ]);
    }
    // Wrapping may start a line with pack text: none may read as a CI command.
    let text = if zh {
        format!("{table}\n共 {} 条规则\n", rules.len())
    } else {
        format!("{table}\n{} rules\n", rules.len())
    };
    safe::lines_owned(text)
}

/// Pack text for `rules show`, which keeps its line breaks: everything else that
/// [`safe::escape`] escapes is shown escaped.
fn shown(s: &str) -> Cow<'_, str> {
    safe::escape_where(s, |c| c != '\n' && safe::is_unsafe(c))
}

/// `rules show`: text, condition, references and pack of one rule.
pub(crate) fn show(rule: &Rule, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    let l = |en: &'static str, cn: &'static str| if zh { cn } else { en };
    let mut text = format!(
        "{} {}\n{}: {}\n{}: {}\n{}: {} ({}:{})\n{}\n\n{}:\n  {}\n\n{}:\n  {}\n",
        rule.id,
        shown(rule.title.get(lang)),
        l("category", "类别"),
        if zh { rule.category.label(lang).to_string() } else { rule.category.to_string() },
        l("severity", "严重程度"),
        rule.severity.label(lang),
        l("pack", "规则包"),
        rule.pack,
        shown(&rule.file),
        rule.span.line,
        if rule.for_each_measure {
            l("for_each: measure", "逐项措施评估 (for_each: measure)")
        } else {
            l("once per policy", "整份政策评估一次")
        },
        l("message", "问题描述"),
        shown(rule.message.get(lang).trim()),
        l("recommendation", "建议"),
        shown(rule.recommendation.get(lang).trim()),
    );
    if !rule.mitigable {
        text.push_str(l("not mitigable: no safeguard lowers it\n", "不可缓解：任何保障措施都不降低其级别\n"));
    }
    for m in &rule.mitigations {
        let lowers = if m.lowers == 1 { String::new() } else { format!(" (-{})", m.lowers) };
        text.push_str(&format!("{}: {} ({}){lowers}\n", l("mitigation", "保障措施"), shown(m.label.get(lang)), m.id));
    }
    if rule.mitigable && !rule.mitigations.is_empty() {
        let floor = rule.floor();
        text.push_str(&format!("{}: {}\n", l("floor", "最低级别"), floor.label(lang)));
    }
    match &rule.waiver {
        crate::rules::model::WaiverRule::Employer => {}
        crate::rules::model::WaiverRule::Never => text.push_str(l("cannot be waived\n", "不可豁免\n")),
        crate::rules::model::WaiverRule::Requires(b) => text.push_str(&format!(
            "{}: {}\n",
            l("waived only with the agreement of", "仅在以下机构同意后可豁免"),
            b.join(", ")
        )),
    }
    if !rule.applies_in.is_empty() {
        let packs: Vec<&str> = rule.applies_in.iter().map(|(p, _)| p.as_str()).collect();
        text.push_str(&format!("{}: {}\n", l("applies only with", "仅在以下规则包启用时适用"), packs.join(", ")));
    }
    text.push_str(if zh { "\n条件 (condition):\n" } else { "\ncondition:\n" });
    for line in rule.when_source().lines() {
        text.push_str("  ");
        text.push_str(&shown(line));
        text.push('\n');
    }
    if !rule.references.is_empty() {
        text.push_str(if zh { "\n依据 (references):\n" } else { "\nreferences:\n" });
        for r in &rule.references {
            match &r.url {
                Some(u) => text.push_str(&format!("  - {} <{}>\n", shown(&r.title), shown(u))),
                None => text.push_str(&format!("  - {}\n", shown(&r.title))),
            }
        }
    }
    safe::lines_owned(text)
}
