//! `--format sarif`: SARIF 2.1.0 for code-scanning tools.
//!
//! One `rule` per rule evaluated; one result per finding, located at the field that
//! fired; waived findings carry a `suppressions` entry with their justification;
//! files that could not be checked are tool execution notifications.

use super::{Report, RuleInfo};
use crate::diag::{Diagnostic, safe};
use crate::finding::{Finding, PolicyResult};
use crate::rules::Severity;
use serde_json::{Value, json};

pub(crate) const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
const INFO_URI: &str = "https://crates.io/crates/watchwise";

/// SARIF level from severity: findings that fail a default build are errors.
pub(crate) fn level(s: Severity) -> &'static str {
    match s {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info => "note",
    }
}

/// GitHub code scanning reads `security-severity` (0.0-10.0) to rank alerts.
fn security_severity(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "9.5",
        Severity::High => "8.0",
        Severity::Medium => "5.5",
        Severity::Low => "3.0",
        Severity::Info => "0.0",
    }
}

/// A relative URI reference for a file name as given on the command line.
pub(crate) fn uri(file: &str) -> String {
    if file == "<stdin>" {
        return "stdin".to_string();
    }
    let mut out = String::new();
    for b in file.replace('\\', "/").bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' | b':' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

fn rule(r: &RuleInfo) -> Value {
    let help_uri = r.references.iter().find_map(|x| x.url.clone());
    let references: Vec<String> = r
        .references
        .iter()
        .map(|x| x.url.as_ref().map_or(x.title.clone(), |u| format!("[{}]({u})", x.title)))
        .collect();
    let help_markdown = format!(
        "{}\n\n**Recommendation:** {}\n\n{}",
        r.message,
        r.recommendation,
        references.iter().map(|x| format!("- {x}")).collect::<Vec<_>>().join("\n")
    );
    let mut tags = vec![r.category.as_str().to_string(), "workplace-monitoring".to_string()];
    tags.extend(r.tags.iter().cloned());
    let mut v = json!({
        "id": r.id,
        "name": pascal(&r.title),
        "shortDescription": { "text": r.title },
        "fullDescription": { "text": r.message },
        "help": { "text": format!("{} Recommendation: {}", r.message, r.recommendation), "markdown": help_markdown },
        "defaultConfiguration": { "level": level(r.severity) },
        "properties": {
            "category": r.category.as_str(),
            "severity": r.severity.as_str(),
            "pack": r.pack,
            "security-severity": security_severity(r.severity),
            "tags": tags,
        },
    });
    if let Some(u) = help_uri {
        v["helpUri"] = json!(u);
    }
    v
}

/// `Monitoring in private spaces` -> `MonitoringInPrivateSpaces` (SARIF rule names are
/// identifiers; non-ASCII titles keep their letters).
fn pascal(title: &str) -> String {
    title
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut cs = w.chars();
            cs.next().map(|f| f.to_uppercase().collect::<String>() + cs.as_str()).unwrap_or_default()
        })
        .collect()
}

fn result(f: &Finding, r: &PolicyResult, rule_index: Option<usize>) -> Value {
    let mut v = json!({
        "ruleId": f.rule,
        "level": level(f.severity),
        "message": { "text": format!("{} Recommendation: {}", f.message, f.recommendation) },
        "locations": [{
            "physicalLocation": {
                "artifactLocation": { "uri": uri(&r.file) },
                "region": { "startLine": f.line, "startColumn": f.column },
            },
            "logicalLocations": [{ "name": f.measure.clone().unwrap_or_else(|| "policy".into()), "kind": "object" }],
        }],
        "partialFingerprints": { "watchwise/v1": format!("{}|{}|{}", f.rule, f.measure.as_deref().unwrap_or(""), f.path) },
        "properties": {
            "category": f.category.as_str(),
            "severity": f.severity.as_str(),
            "pack": f.pack,
            "measure": f.measure,
            "path": f.path,
            "policy": r.name,
        },
    });
    if let Some(i) = rule_index {
        v["ruleIndex"] = json!(i);
    }
    if let Some(w) = &f.waived {
        v["suppressions"] = json!([{
            "kind": "inSource",
            "status": "accepted",
            "justification": format!("{} (approved by {}, expires {})", w.reason, w.approved_by, w.expires),
        }]);
    }
    v
}

fn notification(d: &Diagnostic, level: &str) -> Value {
    json!({
        "level": level,
        "message": { "text": d.message },
        "locations": [{
            "physicalLocation": {
                "artifactLocation": { "uri": uri(&d.file) },
                "region": { "startLine": d.span.line.max(1), "startColumn": d.span.col.max(1) },
            }
        }],
    })
}

/// Makes every text in `v` safe to show: JSON escapes control characters but a viewer
/// shows them as they act, bidi controls reorder what it shows, and noncharacters
/// (U+FFFE, U+FFFF, ...) are valid JSON that tools reading SARIF through XML or other
/// encodings refuse. All of them, save tabs and line breaks, become `\u{..}` text; and
/// a `##[`, which GitHub Actions runs from anywhere in a printed line, has its `[`
/// escaped.
fn clean(v: &mut Value) {
    match v {
        Value::String(s) => {
            let shown = match safe::escape_where(s, safe::is_unsafe_in_document) {
                std::borrow::Cow::Owned(o) => Some(o),
                std::borrow::Cow::Borrowed(_) => None,
            };
            if let Some(o) = shown {
                *s = o;
            }
            let defused = match safe::lines(s) {
                std::borrow::Cow::Owned(o) => Some(o),
                std::borrow::Cow::Borrowed(_) => None,
            };
            if let Some(o) = defused {
                *s = o;
            }
        }
        Value::Array(a) => a.iter_mut().for_each(clean),
        Value::Object(o) => o.values_mut().for_each(clean),
        _ => {}
    }
}

pub(crate) fn render(report: &Report) -> String {
    let rules: Vec<Value> = report.catalog.iter().map(rule).collect();
    let index = |id: &str| report.catalog.iter().position(|r| r.id == id);
    let results: Vec<Value> = report
        .results
        .iter()
        .flat_map(|r| r.findings.iter().map(move |f| (f, r)))
        .map(|(f, r)| result(f, r, index(f.rule)))
        .collect();
    let mut notes: Vec<Value> = report.errors.iter().map(|d| notification(d, "error")).collect();
    notes.extend(report.results.iter().flat_map(|r| &r.warnings).map(|d| notification(d, "warning")));
    let mut artifacts: Vec<&str> = report.results.iter().map(|r| r.file.as_str()).collect();
    artifacts.dedup();
    let mut doc = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "watchwise",
                    "version": env!("CARGO_PKG_VERSION"),
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "informationUri": INFO_URI,
                    "rules": rules,
                }
            },
            "invocations": [{
                "executionSuccessful": report.errors.is_empty(),
                "toolExecutionNotifications": notes,
            }],
            "artifacts": artifacts.iter().map(|a| json!({ "location": { "uri": uri(a) } })).collect::<Vec<_>>(),
            "results": results,
        }],
    });
    clean(&mut doc);
    serde_json::to_string_pretty(&doc).expect("SARIF serializes") + "\n"
}
