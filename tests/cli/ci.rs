//! CI integration: SARIF, JUnit, GitHub annotations, CSV, Markdown, several outputs
//! at once, diff, baseline, schema, init, completions and man page.

use super::*;
use serde_json::Value;

fn run(args: &[&str]) -> (i32, String, String) {
    stdout_of(watchwise().args(args))
}

#[test]
fn sarif_results_point_at_the_field_that_fired() {
    let (code, stdout, _) = run(&["check", "--format", "sarif", "policies/open-office-cameras.yaml"]);
    assert_eq!(code, 1);
    let sarif: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    let run = &sarif["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert!(!rules.is_empty());
    for r in rules {
        for key in ["id", "name", "shortDescription", "fullDescription", "help", "properties"] {
            assert!(r.get(key).is_some(), "rule lacks {key}: {r}");
        }
        assert!(r["properties"]["category"].is_string());
        assert!(r["properties"]["security-severity"].is_string());
    }
    let (_, json, _) = run_json("policies/open-office-cameras.yaml");
    let findings = json["results"][0]["findings"].as_array().unwrap();
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), findings.len());
    for (res, f) in results.iter().zip(findings) {
        assert_eq!(res["ruleId"], f["rule"]);
        let region = &res["locations"][0]["physicalLocation"]["region"];
        assert_eq!(region["startLine"], f["line"]);
        assert_eq!(region["startColumn"], f["column"]);
        let idx = res["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[idx]["id"], res["ruleId"]);
    }
}

fn run_json(path: &str) -> (i32, Value, String) {
    let (code, stdout, stderr) = run(&["check", "--format", "json", path]);
    (code, serde_json::from_str(&stdout).unwrap(), stderr)
}

#[test]
fn sarif_marks_waived_findings_as_suppressed() {
    let (_, json, _) = run_json("policies/");
    let waived: usize = json["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["findings"].as_array().unwrap().iter().filter(|f| !f["waived"].is_null()).count())
        .sum();
    assert!(waived > 0, "the examples include waivers");
    let (_, stdout, _) = run(&["check", "--format", "sarif", "policies/"]);
    let sarif: Value = serde_json::from_str(&stdout).unwrap();
    let suppressed: Vec<&Value> =
        sarif["runs"][0]["results"].as_array().unwrap().iter().filter(|r| r.get("suppressions").is_some()).collect();
    assert_eq!(suppressed.len(), waived);
    assert!(suppressed[0]["suppressions"][0]["justification"].as_str().unwrap().contains("approved by"));
}

#[test]
fn junit_has_a_suite_per_policy_and_a_case_per_rule() {
    let (code, stdout, _) = run(&[
        "check",
        "--format",
        "junit",
        "policies/open-office-cameras.yaml",
        "policies/loading-bay-safety-cameras.yaml",
    ]);
    assert_eq!(code, 1);
    let doc = roxmltree::Document::parse(&stdout).expect("well-formed XML");
    let suites: Vec<_> = doc.descendants().filter(|n| n.has_tag_name("testsuite")).collect();
    assert_eq!(suites.len(), 2);
    let (_, json, _) = run_json("policies/open-office-cameras.yaml");
    let failing_rules: std::collections::BTreeSet<&str> = json["results"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| ["high", "critical"].contains(&f["severity"].as_str().unwrap()) && f["waived"].is_null())
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    let failures = suites[0].descendants().filter(|n| n.has_tag_name("failure")).count();
    assert_eq!(failures, failing_rules.len());
    assert_eq!(suites[0].attribute("failures").unwrap(), failures.to_string());
    let cases = suites[0].children().filter(|n| n.has_tag_name("testcase")).count();
    assert!(cases >= 48, "{cases}");
    assert_eq!(suites[1].descendants().filter(|n| n.has_tag_name("failure")).count(), 0);
}

#[test]
fn github_annotations_follow_workflow_command_syntax() {
    let (_, stdout, _) = run(&["check", "--format", "github", "policies/open-office-cameras.yaml"]);
    let re = regex::Regex::new(r"^::(error|warning|notice) file=[^,:]+,line=\d+,col=\d+,title=[^:]+::[^\n]+$").unwrap();
    let log = regex::Regex::new(
        r"^policies/open-office-cameras\.yaml:\d+:\d+: [A-Z]+-\d+ .+ \((critical|high|medium|low|info)\)$",
    )
    .unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(!lines.is_empty());
    for l in &lines {
        let count = l.starts_with("::notice title=watchwise::") && l.contains("This step's log lists every one");
        assert!(re.is_match(l) || log.is_match(l) || count, "{l}");
    }
    assert!(lines.iter().any(|l| l.starts_with("::error file=policies/open-office-cameras.yaml,line=")));
}

#[test]
fn csv_is_rfc_4180() {
    let (_, stdout, _) = run(&["check", "--format", "csv", "policies/"]);
    let (_, json, _) = run_json("policies/");
    let total: usize =
        json["results"].as_array().unwrap().iter().map(|r| r["findings"].as_array().unwrap().len()).sum();
    let mut reader = csv_reader(&stdout);
    assert_eq!(reader.len(), total + 1, "header plus one row per finding");
    assert_eq!(reader[0][0], "policy");
    assert!(reader.iter().all(|r| r.len() == reader[0].len()));
    assert!(stdout.contains("\r\n"));
    reader.remove(0);
}

/// A small RFC 4180 reader (quoted fields, doubled quotes, CRLF).
fn csv_reader(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    rows
}

#[test]
fn markdown_summary_escapes_policy_text() {
    let policy = VALID.replace("Warehouse cameras", "Cams | <b>bold</b> *x*");
    let (_d, path) = temp_file("p.yaml", policy.as_bytes());
    let (_, stdout, _) = stdout_of(watchwise().args(["check", "--format", "markdown"]).arg(&path));
    assert!(stdout.contains("Cams \\| \\<b\\>bold\\</b\\> \\*x\\*"), "{stdout}");
    assert!(stdout.contains("| Policy | Rating | Score | Privacy |"));
}

#[test]
fn several_outputs_in_one_run() {
    let dir = tempfile::tempdir().unwrap();
    let sarif = dir.path().join("out.sarif");
    let json = dir.path().join("out.json");
    let out = watchwise()
        .args(["check", "--format", "table"])
        .arg(format!("--format=sarif={}", sarif.display()))
        .arg(format!("--format=json={}", json.display()))
        .arg("policies/open-office-cameras.yaml")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("Overall rating"));
    let s: Value = serde_json::from_str(&std::fs::read_to_string(&sarif).unwrap()).unwrap();
    assert_eq!(s["version"], "2.1.0");
    let j: Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(j["version"], 1);
    let (code, _, stderr) = run(&["check", "--format", "json", "--format", "csv", "policies/"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("more than one format would go to standard output"), "{stderr}");
    let (code, _, stderr) = run(&["check", "--format", "yaml", "policies/"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("unknown format `yaml`"), "{stderr}");
}

#[test]
fn diff_reports_a_new_covert_measure_and_fails() {
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("old.yaml");
    let new = dir.path().join("new.yaml");
    std::fs::write(&old, VALID).unwrap();
    std::fs::write(&new, VALID.replace("    retention_days: 14", "    retention_days: 14\n    covert: true")).unwrap();
    let out = watchwise().args(["diff", "--format", "json"]).arg(&old).arg(&new).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    let d: Value = serde_json::from_slice(&out.stdout).unwrap();
    let added = d["added"].as_array().unwrap();
    assert!(added.iter().any(|f| f["rule"] == "TRU-001" && f["severity"] == "critical"), "{added:#?}");
    assert!(d["summary"]["failed"].as_bool().unwrap());
    assert!(d["new"]["score"].as_u64() > d["old"]["score"].as_u64());
    for c in ["privacy", "trust", "stress", "legal", "misjudgement", "morale"] {
        assert!(d["old"]["categories"][c]["rating"].is_string());
    }
    // The other way round, the covert finding is removed; the exit status follows
    // whether anything at or above the threshold was added.
    let out = watchwise().args(["diff", "--format", "json"]).arg(&new).arg(&old).output().unwrap();
    let d: Value = serde_json::from_slice(&out.stdout).unwrap();
    let fails =
        d["added"].as_array().unwrap().iter().any(|f| ["high", "critical"].contains(&f["severity"].as_str().unwrap()));
    assert_eq!(out.status.code(), Some(fails as i32));
    assert_eq!(d["summary"]["failed"], fails);
    assert!(d["removed"].as_array().unwrap().iter().any(|f| f["rule"] == "TRU-001"));
    // Old version from standard input, as with `git show main:policy.yaml | watchwise diff - new.yaml`.
    let out = watchwise().args(["diff", "-"]).arg(&new).write_stdin(VALID).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("+ added") && text.contains("TRU-001"), "{text}");
    let out = watchwise().args(["diff", "--format", "markdown"]).arg(&old).arg(&new).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("### Added"));
}

#[test]
fn baseline_suppresses_exactly_the_old_findings() {
    let dir = tempfile::tempdir().unwrap();
    let policy = dir.path().join("p.yaml");
    let other = dir.path().join("q.yaml");
    let baseline = dir.path().join("baseline.json");
    std::fs::write(&policy, VALID).unwrap();
    std::fs::write(&other, VALID).unwrap();
    let out = watchwise()
        .args(["check", "--fail-on", "never", "--format", "json"])
        .arg("--write-baseline")
        .arg(&baseline)
        .arg(&policy)
        .output()
        .unwrap();
    let before: Value = serde_json::from_slice(&out.stdout).unwrap();
    let n = before["results"][0]["findings"].as_array().unwrap().len();
    assert!(n > 0);
    // Same file: every finding is in the baseline.
    let out =
        watchwise().args(["check", "--format", "json"]).arg("--baseline").arg(&baseline).arg(&policy).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let after: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(after["results"][0]["findings"].as_array().unwrap().len(), 0);
    assert_eq!(after["summary"]["baselined"], n);
    // The same findings in another file are new.
    let out =
        watchwise().args(["check", "--format", "json"]).arg("--baseline").arg(&baseline).arg(&other).output().unwrap();
    let q: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(q["results"][0]["findings"].as_array().unwrap().len(), n);
    // A new measure adds findings that the baseline does not absorb.
    std::fs::write(&policy, format!("{VALID}  - id: keys\n    kind: keystrokes\n")).unwrap();
    let out =
        watchwise().args(["check", "--format", "json"]).arg("--baseline").arg(&baseline).arg(&policy).output().unwrap();
    let grown: Value = serde_json::from_slice(&out.stdout).unwrap();
    let fs = grown["results"][0]["findings"].as_array().unwrap();
    assert!(!fs.is_empty());
    assert!(fs.iter().all(|f| f["measure"] == "keys" || f["measure"].is_null()), "{fs:#?}");
    // A broken baseline is an input error.
    std::fs::write(&baseline, "{ \"version\": 1, \"tool\": \"watchwise\", \"findings\": [ {\"fil\": 1} ] }").unwrap();
    let (code, _, stderr) = stdout_of(watchwise().arg("check").arg("--baseline").arg(&baseline).arg(&policy));
    assert_eq!(code, 2);
    assert!(stderr.contains("baseline.json:1:"), "{stderr}");
}

#[test]
fn schema_validates_examples_and_rejects_a_misspelled_key() {
    let (code, stdout, _) = run(&["schema"]);
    assert_eq!(code, 0);
    let schema: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
    let validator = jsonschema::draft202012::new(&schema).expect("a valid 2020-12 schema");
    let mut files: Vec<_> = std::fs::read_dir(root().join("policies")).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    let (_, starter, _) = run(&["init"]);
    let mut docs: Vec<(String, String)> =
        files.iter().map(|p| (p.display().to_string(), std::fs::read_to_string(p).unwrap())).collect();
    docs.push(("init".into(), starter));
    for (name, text) in &docs {
        let json = watchwise::parse_yaml(text, Default::default()).unwrap().unwrap().to_json();
        let errors: Vec<String> = validator.iter_errors(&json).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{name}: {errors:?}");
    }
    let bad = watchwise::parse_yaml(&VALID.replace("retention_days", "retension_days"), Default::default())
        .unwrap()
        .unwrap()
        .to_json();
    assert!(!validator.is_valid(&bad), "a misspelled key must fail");
    let other = watchwise::parse_yaml(&VALID.replace("kind: video", "kind: other"), Default::default())
        .unwrap()
        .unwrap()
        .to_json();
    assert!(!validator.is_valid(&other), "kind: other needs a description");
}

#[test]
fn init_writes_a_starter_that_passes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("policy.yaml");
    let (code, _, stderr) = stdout_of(watchwise().args(["init", "-o"]).arg(&path));
    assert_eq!(code, 0, "{stderr}");
    let (code, _, stderr) = stdout_of(watchwise().arg("check").arg(&path));
    assert_eq!(code, 0, "{stderr}");
    let (code, _, stderr) = stdout_of(watchwise().args(["init", "-o"]).arg(&path));
    assert_eq!(code, 2, "never overwrites");
    assert!(stderr.contains("never overwrites"));
}

#[test]
fn completions_and_man_page() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let (code, stdout, _) = run(&["completions", shell]);
        assert_eq!(code, 0);
        assert!(stdout.contains("watchwise"), "{shell}");
    }
    let (code, stdout, _) = run(&["man"]);
    assert_eq!(code, 0);
    assert!(stdout.starts_with(".ie") || stdout.contains(".TH watchwise"), "{}", &stdout[..200.min(stdout.len())]);
}

/// Completions offer the values of `--format`, `--fail-on`, `--jurisdiction`, not file names.
#[test]
fn completions_complete_option_values() {
    let (_, bash, _) = run(&["completions", "bash"]);
    for (option, values) in [
        ("--format", "table json sarif junit github csv markdown html"),
        ("--fail-on", "info low medium high critical never"),
        ("--jurisdiction", "eu uk de fr it es us-ny us-ct us-de us-il us-ca cn"),
        ("--target", "none info low medium high critical"),
    ] {
        let case = format!("{option})\n                    COMPREPLY=($(compgen -W \"{values}\"");
        assert!(bash.contains(&case), "{option}");
    }
    let (_, fish, _) = run(&["completions", "fish"]);
    let fail_on = fish.lines().find(|l| l.contains("using_subcommand check\" -l fail-on")).unwrap();
    assert!(fail_on.contains("never") && fail_on.contains(" -f "), "values, no files: {fail_on}");
}

/// A page per command, every page it refers to written by `man --dir`, and the
/// sections a man page has: EXIT STATUS and ENVIRONMENT from docs/cli.md.
#[test]
fn a_man_page_for_each_command_it_refers_to() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, stderr) = stdout_of(watchwise().args(["man", "--dir"]).arg(dir.path()));
    assert_eq!(code, 0, "{stderr}");
    let mut pages: Vec<String> =
        std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    pages.sort();
    assert_eq!(pages.len(), 16, "{pages:?}");
    let refers = regex::Regex::new(r"(watchwise(?:\\-[a-z]+)*)\(1\)").unwrap();
    for page in &pages {
        let text = std::fs::read_to_string(dir.path().join(page)).unwrap();
        assert!(text.contains(".SH \"EXIT STATUS\""), "{page}");
        assert!(text.contains(".SH \"ENVIRONMENT\"") && text.contains("WATCHWISE_TODAY"), "{page}");
        for c in refers.captures_iter(&text) {
            let name = format!("{}.1", c[1].replace("\\-", "-"));
            assert!(pages.contains(&name), "{page} refers to {name}, which is not written");
        }
    }
    let (code, check, _) = run(&["man", "check"]);
    assert_eq!(code, 0);
    assert!(check.contains(".TH watchwise-check 1") && check.contains("\\-\\-baseline"), "{check}");
    let (code, _, stderr) = run(&["man", "chek"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("a similar value exists: 'check'"), "{stderr}");
    let (code, _, stderr) = stdout_of(watchwise().args(["man", "--dir"]).arg(dir.path().join("nowhere")));
    assert_eq!(code, 2);
    assert!(stderr.contains("nowhere: error:") && stderr.contains("no such file or folder"), "{stderr}");
}

#[test]
fn waivers_that_waive_nothing_are_reported_in_every_format() {
    let policy =
        format!("{VALID}waivers:\n  - rule: EU-014\n    reason: r\n    approved_by: a\n    expires: 2030-01-01\n");
    let (_d, path) = temp_file("w.yaml", policy.as_bytes());
    let needle = "waiver for EU-014 waives nothing";
    for format in ["table", "json", "markdown", "sarif", "junit", "github", "csv"] {
        let (_, stdout, stderr) = stdout_of(watchwise().args(["check", "--format", format]).arg(&path));
        let in_document = stdout.contains(needle);
        let on_stderr = stderr.contains(needle);
        assert!(in_document || on_stderr, "{format}: {stdout}\n{stderr}");
        if format != "csv" {
            assert!(in_document, "{format} should carry the warning itself");
        }
    }
}
