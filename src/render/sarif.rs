//! `--format sarif`: SARIF 2.1.0 for code-scanning tools.
//!
//! One `rule` per rule evaluated; one result per finding, located at the field that
//! fired; waived findings carry a `suppressions` entry with their justification;
//! files that could not be checked are tool execution notifications. With
//! `--baseline`, every result has a `baselineState`: `new`, or `unchanged` for the
//! findings the baseline absorbed, which are kept with an `external` suppression so
//! that code scanning does not raise them again.

use super::spill::Spill;
use super::{Report, RuleInfo};
use crate::diag::{Diagnostic, safe};
use crate::finding::{Finding, PolicyResult};
use crate::rules::Severity;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::io::{BufRead, Write};

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
        "message": { "text": format!(
            "{} Recommendation: {}{}",
            f.message,
            f.recommendation,
            f.lowered(crate::Lang::En).map(|l| format!(" Safeguards: {l}.")).unwrap_or_default()
        ) },
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
            "inherent": f.inherent.as_str(),
            "residual": f.severity.as_str(),
            "mitigations": f.mitigations,
            "pack": f.pack,
            "measure": f.measure,
            "path": f.path,
            "policy": r.name,
        },
    });
    if let Some(i) = rule_index {
        v["ruleIndex"] = json!(i);
    }
    if let Some(w) = &f.waiver_invalid {
        v["properties"]["waiverInvalid"] = json!(w);
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
    if d.span.line == 0 {
        // No place in a file: the name (an option, a folder) goes in the message.
        return json!({ "level": level, "message": { "text": format!("{}: {}", d.file, d.message) } });
    }
    json!({
        "level": level,
        "message": { "text": d.message },
        "locations": [{
            "physicalLocation": {
                "artifactLocation": { "uri": uri(&d.file) },
                "region": { "startLine": d.span.line, "startColumn": d.span.col.max(1) },
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

/// SARIF written as results arrive. The rule list, which comes first, is known only
/// at the end of the run, and so is each result's `ruleIndex` into it: results,
/// artifacts and warnings are serialized as they come and set aside, each result
/// with a mark where its `ruleIndex` goes, and the document is put together at the
/// end.
pub(crate) struct Writer<'r> {
    warnings: Spill,
    artifacts: Spill,
    results: Spill,
    /// The file of the last artifact written: a file given twice in a row is one.
    last_file: Option<String>,
    /// The rules of the results so far, in the order first met; marks name them by
    /// their place here.
    rules: Vec<&'r str>,
    rule_seq: HashMap<&'r str, usize>,
    /// SARIF `fixes` for the findings of a rule (on a measure), from `watchwise plan`.
    pub(crate) fixes: HashMap<(String, Option<String>), Vec<Value>>,
}

/// Indentation of the elements of `results` and `artifacts` (the run's arrays), and of
/// the invocation's notifications.
const RUN_ITEM: &str = "        ";
const NOTE_ITEM: &str = "            ";

/// A result's `ruleIndex` member as [`element`] writes it with index 0.
const PLACEHOLDER: &str = ",\n          \"ruleIndex\": 0";

/// Marks stand between two NULs: serialized JSON never holds a raw NUL, which it
/// always writes as `\u0000`.
const MARK: u8 = 0;

impl<'r> Writer<'r> {
    pub(crate) fn new(spill: Spill) -> std::io::Result<Writer<'r>> {
        Ok(Writer {
            warnings: spill.like()?,
            artifacts: spill.like()?,
            results: spill,
            last_file: None,
            rules: Vec::new(),
            rule_seq: HashMap::new(),
            fixes: HashMap::new(),
        })
    }

    pub(crate) fn result(&mut self, r: &PolicyResult<'r>, baseline: Option<&str>) -> std::io::Result<()> {
        let absorbed = r.baselined.iter().map(|f| (f, true));
        for (f, in_baseline) in r.findings.iter().map(|f| (f, false)).chain(absorbed) {
            let seq = *self.rule_seq.entry(f.rule).or_insert_with(|| {
                self.rules.push(f.rule);
                self.rules.len() - 1
            });
            let mut v = result(f, r, Some(0));
            if let Some(fixes) = self.fixes.get(&(f.rule.to_string(), f.measure.clone()))
                && f.active()
                && !in_baseline
            {
                v["fixes"] = json!(fixes);
            }
            if let Some(file) = baseline {
                v["baselineState"] = json!(if in_baseline { "unchanged" } else { "new" });
                if in_baseline {
                    let suppression = json!({
                        "kind": "external",
                        "status": "accepted",
                        "justification": format!("in the baseline {file}"),
                    });
                    match v["suppressions"].as_array_mut() {
                        Some(list) => list.push(suppression),
                        None => v["suppressions"] = json!([suppression]),
                    }
                }
            }
            let text = element(v, RUN_ITEM);
            // The one member at this depth named so (JSON strings hold no raw line break).
            let (before, after) = text.split_once(PLACEHOLDER).expect("a result has a ruleIndex");
            self.results.write(before)?;
            self.results.write(format!("\0{seq}\0"))?;
            self.results.write(after)?;
        }
        for d in &r.warnings {
            self.warnings.write(element(notification(d, "warning"), NOTE_ITEM))?;
        }
        if self.last_file.as_deref() != Some(r.file.as_str()) {
            self.artifacts.write(element(json!({ "location": { "uri": uri(&r.file) } }), RUN_ITEM))?;
            self.last_file = Some(r.file.clone());
        }
        Ok(())
    }

    pub(crate) fn finish(self, report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
        let mut tool = json!({
            "driver": {
                "name": "watchwise",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "informationUri": INFO_URI,
                "rules": report.catalog.iter().map(rule).collect::<Vec<_>>(),
            }
        });
        clean(&mut tool);
        let tool = serde_json::to_string_pretty(&tool).expect("SARIF serializes").replace('\n', "\n      ");
        write!(
            out,
            "{{\n  \"$schema\": {},\n  \"version\": \"2.1.0\",\n  \"runs\": [\n    {{\n      \"tool\": {tool},\n      \"invocations\": [\n        {{\n          \"executionSuccessful\": {},\n",
            json!(SCHEMA),
            report.errors.is_empty()
        )?;
        if let Some(file) = &report.baseline {
            let mut p = json!({ "baseline": file, "baselined": report.baselined });
            clean(&mut p);
            writeln!(out, "          \"properties\": {},", serde_json::to_string(&p).expect("SARIF serializes"))?;
        }
        out.write_all(b"          \"toolExecutionNotifications\": ")?;
        let errors: Vec<String> = report.errors.iter().map(|d| element(notification(d, "error"), NOTE_ITEM)).collect();
        array(out, &errors, self.warnings, &[], "          ")?;
        out.write_all(b"\n        }\n      ],\n      \"artifacts\": ")?;
        array(out, &[], self.artifacts, &[], "      ")?;
        out.write_all(b",\n      \"results\": ")?;
        let mut catalog: HashMap<&str, usize> = HashMap::new();
        for (i, r) in report.catalog.iter().enumerate() {
            catalog.entry(r.id.as_str()).or_insert(i);
        }
        let index: Vec<Option<usize>> = self.rules.iter().map(|id| catalog.get(id).copied()).collect();
        array(out, &[], self.results, &index, "      ")?;
        out.write_all(b"\n    }\n  ]\n}\n")
    }
}

/// One element of an array, cleaned, serialized at `indent` with what separates it
/// from the element before it.
fn element(mut v: Value, indent: &str) -> String {
    clean(&mut v);
    let text = serde_json::to_string_pretty(&v).expect("SARIF serializes");
    format!(",\n{indent}{}", text.replace('\n', &format!("\n{indent}")))
}

/// An array of the elements `first` and then those set aside in `rest`, its close
/// bracket at `indent`. Every element starts with a comma, dropped from the first one;
/// in `rest`, the marks become the `ruleIndex` their rule has in `index`.
fn array(
    out: &mut dyn Write,
    first: &[String],
    rest: Spill,
    index: &[Option<usize>],
    indent: &str,
) -> std::io::Result<()> {
    if first.is_empty() && rest.is_empty() {
        return out.write_all(b"[]");
    }
    out.write_all(b"[")?;
    let mut skip = 1;
    for e in first {
        out.write_all(&e.as_bytes()[skip..])?;
        skip = 0;
    }
    let mut reader = rest.reader()?;
    let mut piece = Vec::new();
    loop {
        piece.clear();
        if reader.read_until(MARK, &mut piece)? == 0 {
            break;
        }
        let marked = piece.last() == Some(&MARK);
        if marked {
            piece.pop();
        }
        let from = skip.min(piece.len());
        out.write_all(&piece[from..])?;
        skip -= from;
        if marked {
            piece.clear();
            reader.read_until(MARK, &mut piece)?;
            let seq: usize = std::str::from_utf8(&piece[..piece.len().saturating_sub(1)])
                .ok()
                .and_then(|s| s.parse().ok())
                .expect("marks are written whole");
            if let Some(i) = index[seq] {
                write!(out, ",\n{RUN_ITEM}  \"ruleIndex\": {i}")?;
            }
        }
    }
    write!(out, "\n{indent}]")
}

pub(crate) fn render(report: &Report) -> String {
    render_with_fixes(report, HashMap::new())
}

/// The document of `report`, its results carrying `fixes`.
pub(crate) fn render_with_fixes(report: &Report, fixes: HashMap<(String, Option<String>), Vec<Value>>) -> String {
    let mut w = Writer::new(Spill::memory()).expect("memory takes any text");
    w.fixes = fixes;
    for r in &report.results {
        w.result(r, report.baseline.as_deref()).expect("memory takes any text");
    }
    let mut out = Vec::new();
    w.finish(report, &mut out).expect("memory takes any text");
    String::from_utf8(out).expect("SARIF is UTF-8")
}

#[cfg(test)]
mod tests {
    use super::{Spill, array};

    fn joined(first: &[&str], rest: &[&[u8]], index: &[Option<usize>]) -> String {
        let first: Vec<String> = first.iter().map(|s| s.to_string()).collect();
        let mut spill = Spill::memory();
        for piece in rest {
            spill.write(piece).unwrap();
        }
        let mut out = Vec::new();
        array(&mut out, &first, spill, index, "  ").unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn arrays_join_elements_from_memory_and_from_the_spill() {
        assert_eq!(joined(&[], &[], &[]), "[]");
        assert_eq!(joined(&[",\n    1"], &[], &[]), "[\n    1\n  ]");
        assert_eq!(joined(&[], &[b",\n    2", b",\n    3"], &[]), "[\n    2,\n    3\n  ]");
        assert_eq!(joined(&[",\n    1"], &[b",\n    2"], &[]), "[\n    1,\n    2\n  ]");
    }

    #[test]
    fn marks_become_rule_indices_or_nothing() {
        let rest: &[&[u8]] = &[b",\n    {a\x000\x00\n    }", b",\n    {b\x001\x00\n    }", b",\n    {c\x000\x00}"];
        assert_eq!(
            joined(&[], rest, &[Some(7), None]),
            "[\n    {a,\n          \"ruleIndex\": 7\n    },\n    {b\n    },\n    {c,\n          \"ruleIndex\": 7}\n  ]"
        );
    }
}
